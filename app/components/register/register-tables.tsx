/** The register's tables: the clinics with their status today, a clinic's history and list caps, change requests. */
import { Form, Link } from 'react-router'
import { DataTable } from '../ui/data-table.tsx'
import { formatDateTime, formatInteger } from '../ui/format.ts'
import { useLocale, useT } from '../../i18n/i18n.tsx'
import { statusWording, type StatusHistoryRow, type StatusToday } from '../../modules/authorisation/register-format.ts'

/** The words of a status today: "Auktoriserad till 2027-03-20". */
export function useStatusText(): (status: StatusToday) => string {
  const r = useT().register
  return (status) => statusWording(status, r.status)
}

export interface RegisterRow {
  hsaId: string
  name: string
  municipality: string
  ownership: string
  today: StatusToday
  authorisedFrom: string
  authorisedTo: string | null
}

/** The clinics of the register, one row each; the name links where `href` gives an address. */
export function RegisterTable({ rows, caption, captionId, href }: { rows: RegisterRow[]; caption: string; captionId: string; href: (row: RegisterRow) => string | null }) {
  const r = useT().register
  const statusText = useStatusText()
  const c = r.columns
  return (
    <DataTable caption={caption} captionId={captionId} columns={[c.name, c.hsaId, c.municipality, c.ownership, c.statusToday, c.from, c.to]}>
      <tbody>
        {rows.map((row) => {
          const to = href(row)
          return (
            <tr key={row.hsaId} data-hsa-id={row.hsaId}>
              <th scope="row">{to ? <Link to={to}>{row.name}</Link> : row.name}</th>
              <td className="code">{row.hsaId}</td>
              <td>{row.municipality}</td>
              <td>{r.ownership[row.ownership] ?? row.ownership}</td>
              <td data-field="status">{statusText(row.today)}</td>
              <td className="nowrap">{row.authorisedFrom}</td>
              <td className="nowrap">{row.authorisedTo ?? r.dash}</td>
            </tr>
          )
        })}
      </tbody>
    </DataTable>
  )
}

/** A clinic's status history with reasons and who decided (the region's page). */
export function HistoryTable({ history }: { history: StatusHistoryRow[] }) {
  const r = useT().register
  const c = r.clinic
  return (
    <DataTable caption={c.historyCaption} captionId="historik-tabell" columns={[c.from, c.status, c.reason, c.decidedBy, c.decidedAt]}>
      <tbody>
        {history.map((h, i) => (
          <tr key={i}>
            <th scope="row" className="nowrap">
              {h.from}
            </th>
            <td data-field="status">{r.statusName[h.status] ?? h.status}</td>
            <td className="register__pre">{h.reason ?? r.dash}</td>
            <td>{h.decidedBy ?? c.system}</td>
            <td className="nowrap">{formatDateTime(h.decidedAt)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  )
}

export interface CapRow {
  id: number
  cap: number
  from: string
  until: string
}

export function ListCapsTable({ caps, captionId = 'tak-tabell', caption }: { caps: CapRow[]; captionId?: string; caption?: string }) {
  const c = useT().register.clinic
  const locale = useLocale()
  if (caps.length === 0) return <p>{c.noCaps}</p>
  return (
    <DataTable caption={caption ?? c.capsCaption} captionId={captionId} columns={[c.capFrom, c.capUntil, { label: c.cap, num: true }]} scroll={false}>
      <tbody>
        {caps.map((cap) => (
          <tr key={cap.id}>
            <th scope="row" className="nowrap">
              {cap.from}
            </th>
            <td className="nowrap">{cap.until}</td>
            <td className="num">{formatInteger(cap.cap, locale)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  )
}

export interface RequestRow {
  id: number
  hsaId: string
  clinicName: string
  kind: string
  status: string
  summary: RequestSummary
  requestedAt: string
  requestedBy: string | null
  decisionNote: string | null
  /** Whether the viewer may withdraw it (the requester, while open). */
  withdrawable?: boolean
}

/** What a request asks, in data the page words: a cap and its period, or the fields it changes. */
export type RequestSummary = { kind: 'list_cap'; cap: number; from: string; until: string } | { kind: 'details'; fields: string[] } | { kind: 'unknown' }

export function useRequestSummary(): (s: RequestSummary) => string {
  const r = useT().register
  const locale = useLocale()
  return (s) => {
    if (s.kind === 'list_cap') return r.capSummary(formatInteger(s.cap, locale), s.from, s.until)
    if (s.kind === 'details') return r.detailsSummary(s.fields.map((f) => r.fields[f] ?? f).join(', '))
    return r.dash
  }
}

/** The region's open requests, each with a link to decide it. */
export function OpenRequestsTable({ rows }: { rows: RequestRow[] }) {
  const r = useT().register
  const g = r.region
  const summary = useRequestSummary()
  return (
    <DataTable caption={g.requestsCaption} captionId="ansokningar-tabell" columns={[g.clinic, g.kind, g.summary, g.requestedAt, g.review]}>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-request-id={row.id}>
            <th scope="row">
              <Link to={`/region/register/${encodeURIComponent(row.hsaId)}`}>{row.clinicName}</Link>
            </th>
            <td>{r.kinds[row.kind] ?? row.kind}</td>
            <td>{summary(row.summary)}</td>
            <td className="nowrap">{row.requestedAt}</td>
            <td>
              <Link to={`/region/andringar/${row.id}`} aria-label={g.reviewLabel(row.clinicName)}>
                {g.review}
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  )
}

/**
 * A clinic's requests with their status: on the region's clinic page each links to its decision
 * page; on the clinic's own page an open one of the viewer's may be withdrawn.
 */
export function ClinicRequestsTable({ rows, caption, captionId, linkToDecision }: { rows: RequestRow[]; caption: string; captionId: string; linkToDecision: boolean }) {
  const r = useT().register
  const q = r.request
  const summary = useRequestSummary()
  const withdrawing = rows.some((row) => row.withdrawable)
  return (
    <DataTable
      caption={caption}
      captionId={captionId}
      columns={[r.region.requestedAt, q.kind, r.region.summary, q.status, q.note, withdrawing ? r.changes.withdraw : false]}
    >
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-request-id={row.id}>
            <th scope="row" className="nowrap">
              {linkToDecision ? <Link to={`/region/andringar/${row.id}`}>{row.requestedAt}</Link> : row.requestedAt}
            </th>
            <td>{r.kinds[row.kind] ?? row.kind}</td>
            <td>{summary(row.summary)}</td>
            <td data-field="status">{r.requestStatus[row.status] ?? row.status}</td>
            <td className="register__pre">{row.decisionNote ?? r.dash}</td>
            {withdrawing ? (
              <td>
                {row.withdrawable ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="withdraw" />
                    <input type="hidden" name="requestId" value={row.id} />
                    <button type="submit" className="button button--secondary" aria-label={r.changes.withdrawLabel((r.kinds[row.kind] ?? row.kind).toLocaleLowerCase())}>
                      {r.changes.withdraw}
                    </button>
                  </Form>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </DataTable>
  )
}

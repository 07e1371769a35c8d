import { Link, data } from 'react-router'
import type { Route } from './+types/my-history'
import { DataTable } from '../components/ui/data-table.tsx'
import { useT } from '../i18n/i18n.tsx'
import { listingHistory, regionSettings } from '../modules/listing/listing.server.ts'
import { requireListingSubject } from '../utils/citizen-routes.server.ts'
import { addDays, effectiveDate, switchesInWindow } from '../modules/listing/rules.ts'
import { prisma } from '../utils/db.server.ts'
import { swedishDate } from '../utils/sweden.ts'

/** The listing history (listningshistorik) of the citizen or a child in their care; reading it is audited. */
export async function loader({ request }: Route.LoaderArgs) {
  const { user, subject } = await requireListingSubject(request)
  const [history, settings] = await Promise.all([listingHistory(prisma, subject.citizenId, { kind: 'user', userId: user.id }), regionSettings(prisma)])
  // What counts is what a choice made today would be measured against.
  const periods = history.map((h) => ({ clinicId: h.clinic.id, validFrom: h.validFrom, validTo: h.validTo, reason: h.reason }))
  const counted = new Set(switchesInWindow(periods, effectiveDate(swedishDate(), settings.effectiveOffsetDays)))
  return {
    child: subject.child && { id: String(subject.child.citizenId), birthDate: subject.child.birthDate },
    limit: settings.switchLimit,
    rows: history.map((h) => ({
      id: String(h.id),
      clinic: h.clinic,
      from: h.validFrom,
      // [from, to) in the database; people read the last day.
      lastDay: h.validTo && addDays(h.validTo, -1),
      reason: h.reason,
      counts: h.reason === 'choice' && counted.has(h.validFrom),
    })),
  }
}

export default function MyHistory({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const h = t.citizen.history
  const { child, rows, limit } = loaderData
  const title = child ? h.titleChild(child.birthDate) : h.title
  const used = rows.filter((r) => r.counts).length
  return (
    <div className="page my-history">
      <title>{`${title} – ${t.meta.siteName}`}</title>
      <h1>{title}</h1>
      <p className="lead">{h.lead}</p>
      <p data-field="summary">{h.summary(used, limit)}</p>
      {rows.length === 0 ? (
        <p>{h.empty}</p>
      ) : (
        <DataTable caption={h.caption} captionId="historik-tabell" columns={[h.clinic, h.from, h.to, h.how, h.counts]}>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/vardcentraler/${encodeURIComponent(r.clinic.hsaId)}`}>{r.clinic.name}</Link>
                </th>
                <td>{r.from}</td>
                <td>{r.lastDay ?? h.ongoing}</td>
                <td data-field="reason">{h.reason[r.reason]}</td>
                <td data-field="counts">{r.counts ? t.citizen.yes : t.citizen.no}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <p>
        <Link to="/mina-sidor">{t.citizen.backToMyPages}</Link>
      </p>
    </div>
  )
}

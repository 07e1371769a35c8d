import { Link } from 'react-router'
import type { Route } from './+types/clinic-payments'
import { specificationHref } from '../components/payments/params.ts'
import { ApprovalStatus, useFormat } from '../components/payments/ui.tsx'
import { DataTable, MoneyCell, NumberCell, numeric } from '../components/ui/data-table.tsx'
import { useT } from '../i18n/i18n.tsx'
import { staffClinicIds } from '../modules/access/rules.ts'
import { listClinicsByIds } from '../modules/access/users.server.ts'
import { clinicRowsInRuns, monthTotals } from '../modules/payments/payments.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireClinicStaff } from '../utils/permissions.server.ts'
import paymentsCss from '../styles/payments.css?url'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: paymentsCss }]

/** Clinic staff's payments: per clinic they work for, each month's newest revision. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireClinicStaff(request)
  const [clinics, months] = await Promise.all([listClinicsByIds(staffClinicIds(user)), monthTotals(prisma)])
  const newestFirst = [...months].reverse()
  const rows = await clinicRowsInRuns(prisma, newestFirst.map((run) => run.id), clinics.map((clinic) => clinic.id))
  const rowOf = (runId: number, clinicId: number) => rows.find((r) => r.runId === runId && r.clinicId === clinicId) ?? null
  return {
    clinics: clinics.map((clinic) => ({
      ...clinic,
      months: newestFirst.map((run) => {
        const row = rowOf(run.id, clinic.id)
        return {
          month: run.month,
          revision: run.revision,
          approved: run.approvedAt !== null,
          row: row && { hsaId: row.hsaId, listedCitizens: row.listedCitizens, total: row.total },
        }
      }),
    })),
  }
}

export default function ClinicPayments({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const p = t.payments
  const l = p.clinicList
  const c = p.common
  const f = useFormat()
  return (
    <div className="page payments">
      <title>{`${l.title} – ${t.meta.siteName}`}</title>
      <h1>{l.title}</h1>
      <p className="lead">{l.lead}</p>
      {loaderData.clinics.map((clinic) => (
        <section key={clinic.id} aria-labelledby={`vardcentral-${clinic.id}`}>
          <h2 id={`vardcentral-${clinic.id}`}>{clinic.name}</h2>
          {clinic.months.length === 0 ? (
            <p>{l.noRuns}</p>
          ) : (
            <DataTable
              captionId={`vardcentral-${clinic.id}-tabell`}
              caption={l.caption(clinic.name)}
              columns={[c.month, numeric(c.revision), c.status, numeric(c.listedCitizens), numeric(p.components.total)]}
            >
              <tbody>
                {clinic.months.map((m) => (
                  <tr key={m.month} data-month={m.month}>
                    <th scope="row" className="nowrap">
                      {m.row ? <Link to={specificationHref('clinic', m.month, m.revision, m.row.hsaId)}>{f.month(m.month)}</Link> : f.month(m.month)}
                    </th>
                    <td className="num">{m.revision}</td>
                    <td>
                      <ApprovalStatus approved={m.approved} />
                    </td>
                    {m.row ? <NumberCell value={m.row.listedCitizens} /> : <td className="num">{c.none}</td>}
                    {m.row ? <MoneyCell amount={m.row.total} /> : <td className="num">{l.notInRun}</td>}
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </section>
      ))}
    </div>
  )
}

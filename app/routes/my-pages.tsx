import { Link } from 'react-router'
import type { Route } from './+types/my-pages'
import { DataTable } from '../components/ui/data-table.tsx'
import { useT } from '../i18n/i18n.tsx'
import { citizenOverview } from '../modules/listing/listing.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireCitizen } from '../utils/permissions.server.ts'

/** Mina sidor: my vårdcentral, a pending choice, my switches and the children in my care. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireCitizen(request)
  const o = await citizenOverview(prisma, user.citizenId, { kind: 'user', userId: user.id })
  return {
    current: o.current,
    pending: o.pending,
    switches: o.switches,
    limit: o.limit,
    children: o.children.map((c) => ({ id: String(c.citizenId), birthDate: c.birthDate, current: c.current, pending: c.pending })),
  }
}

export default function MyPages({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const m = t.citizen.overview
  const { current, pending, switches, limit, children } = loaderData
  return (
    <div className="page my-pages">
      <title>{`${m.title} – ${t.meta.siteName}`}</title>
      <h1>{m.title}</h1>
      <p className="lead">{m.lead}</p>

      <section aria-labelledby="min-vardcentral">
        <h2 id="min-vardcentral">{m.myClinicHeading}</h2>
        {current ? (
          <p data-field="current-clinic">
            {m.listedAt} <Link to={`/vardcentraler/${current.clinic.hsaId}`}>{current.clinic.name}</Link> {m.since(current.validFrom)}.
          </p>
        ) : (
          <p data-field="current-clinic">{m.notListed}</p>
        )}
        {pending ? (
          <p className="notice" data-field="pending-choice">
            {m.pending(pending.clinic.name, pending.validFrom)}
          </p>
        ) : null}
        <ul className="link-list">
          <li>
            <Link to="/vardcentraler">{m.findClinic}</Link>
          </li>
          <li>
            <Link to="/mina-sidor/valj">{m.chooseHere}</Link>
          </li>
        </ul>
      </section>

      <section aria-labelledby="byten">
        <h2 id="byten">{m.switchesHeading}</h2>
        <p data-field="switches">{m.switchesUsed(switches, limit)}</p>
        <p data-field="switches-left">
          <strong>{m.switchesLeft(Math.max(0, limit - switches))}</strong>
        </p>
        <p className="muted">{m.switchesNote}</p>
      </section>

      {children.length > 0 ? (
        <section aria-labelledby="barn">
          <h2 id="barn">{m.childrenHeading}</h2>
          <DataTable caption={m.childrenCaption} captionId="barn-tabell" columns={[m.childColumn, m.clinicColumn, m.pendingColumn, m.actionsColumn]}>
            <tbody>
              {children.map((c) => (
                <tr key={c.id} data-child={c.birthDate}>
                  <th scope="row">{t.citizen.child(c.birthDate)}</th>
                  <td data-field="child-clinic">{c.current ? c.current.clinic.name : t.citizen.none}</td>
                  <td>{c.pending ? m.pendingCell(c.pending.clinic.name, c.pending.validFrom) : t.citizen.none}</td>
                  <td>
                    <ul className="link-list">
                      <li>
                        <Link to={`/mina-sidor/valj?barn=${c.id}`}>{m.chooseForChild(c.birthDate)}</Link>
                      </li>
                      <li>
                        <Link to={`/mina-sidor/historik?barn=${c.id}`}>{m.historyForChild(c.birthDate)}</Link>
                      </li>
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </section>
      ) : null}

      <section aria-labelledby="mer">
        <h2 id="mer">{m.linksHeading}</h2>
        <ul className="link-list">
          <li>
            <Link to="/mina-sidor/historik">{m.history}</Link>
          </li>
          <li>
            <Link to="/mina-sidor/meddelanden">{m.messages}</Link>
          </li>
        </ul>
      </section>
    </div>
  )
}

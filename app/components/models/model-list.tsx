import { Link } from 'react-router'
import { useT } from '../../i18n/i18n.tsx'
import { StatusBadge } from './status-badge.tsx'

export interface ModelSummary {
  id: number
  version: string
  validFrom: string
  status: 'draft' | 'adopted'
  created: string
  adopted: string | null
  inForceNow: boolean
}

/** Every version of the payment model, as a table: version, in force from, status, created, adopted. */
export function ModelList({ models }: { models: ModelSummary[] }) {
  const t = useT()
  const l = t.models.list
  if (models.length === 0) return <p>{l.empty}</p>
  return (
    <div className="table-scroll" role="region" aria-labelledby="versioner-tabell" tabIndex={0}>
      <table className="data-table">
        <caption id="versioner-tabell">{l.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{l.version}</th>
            <th scope="col">{l.validFrom}</th>
            <th scope="col">{l.status}</th>
            <th scope="col">{l.created}</th>
            <th scope="col">{l.adopted}</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <Link to={`/region/modeller/${m.id}`}>{m.version}</Link>
              </th>
              <td>{m.validFrom}</td>
              <td>
                <StatusBadge status={m.status} />
                {m.inForceNow ? <span className="in-force"> ({l.inForceNow})</span> : null}
              </td>
              <td>{m.created}</td>
              <td>{m.adopted ?? <span className="muted">{l.notAdopted}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

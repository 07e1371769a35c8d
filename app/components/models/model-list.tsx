import { Link } from 'react-router'
import { useT } from '../../i18n/i18n.tsx'
import { DataTable } from '../ui/data-table.tsx'
import { ModelStatus } from './model-status.tsx'

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
    <DataTable captionId="versioner-tabell" caption={l.caption} columns={[l.version, l.validFrom, l.status, l.created, l.adopted]}>
      <tbody>
        {models.map((m) => (
          <tr key={m.id}>
            <th scope="row">
              <Link to={`/region/modeller/${m.id}`}>{m.version}</Link>
            </th>
            <td>{m.validFrom}</td>
            <td>
              <ModelStatus status={m.status} />
              {m.inForceNow ? <span className="in-force"> ({l.inForceNow})</span> : null}
            </td>
            <td>{m.created}</td>
            <td>{m.adopted ?? <span className="muted">{l.notAdopted}</span>}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  )
}

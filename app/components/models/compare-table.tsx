import { useT } from '../../i18n/i18n.tsx'
import type { ModelChange } from '../../modules/payments/model.ts'
import { DataTable } from '../ui/data-table.tsx'

/** Every parameter that differs between two versions: path, before, after. */
export function CompareTable({ from, to, changes }: { from: string; to: string; changes: ModelChange[] }) {
  const t = useT()
  const c = t.models.compare
  if (changes.length === 0) {
    return (
      <p className="notice" role="status">
        {c.noDifferences(from, to)}
      </p>
    )
  }
  const value = (text: string | null) => (text === null ? <span className="muted">{c.absent}</span> : <code>{text}</code>)
  return (
    <>
      <p role="status">{c.count(changes.length)}</p>
      <DataTable captionId="skillnader-tabell" caption={c.caption(from, to)} columns={[c.parameter, c.before(from), c.after(to)]}>
        <tbody>
          {changes.map((change) => (
            <tr key={change.path}>
              <th scope="row">
                <code>{change.path}</code>
              </th>
              <td>{value(change.before)}</td>
              <td>{value(change.after)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  )
}

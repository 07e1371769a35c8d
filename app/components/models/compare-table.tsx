import { useT } from '../../i18n/i18n.tsx'
import type { ModelChange } from '../../modules/payments/model.ts'

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
      <div className="table-scroll" role="region" aria-labelledby="skillnader-tabell" tabIndex={0}>
        <table className="data-table">
          <caption id="skillnader-tabell">{c.caption(from, to)}</caption>
          <thead>
            <tr>
              <th scope="col">{c.parameter}</th>
              <th scope="col">{c.before(from)}</th>
              <th scope="col">{c.after(to)}</th>
            </tr>
          </thead>
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
        </table>
      </div>
    </>
  )
}

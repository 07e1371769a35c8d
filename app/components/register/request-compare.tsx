/** A change request's current and proposed values side by side (the commissioner's decision page). */
import { DataTable } from '../ui/data-table.tsx'
import { formatInteger } from '../ui/format.ts'
import { useHoursText } from '../clinics/opening-hours.tsx'
import { useLocale, useT } from '../../i18n/i18n.tsx'
import { hoursByWeekday, type OpeningHours } from '../../modules/clinics/finder.ts'

export interface CompareRow {
  field: string
  current: string | number | null | OpeningHours
  proposed: string | number | null | OpeningHours
}

function Hours({ hours }: { hours: OpeningHours }) {
  const f = useT().finder
  const text = useHoursText()
  return (
    <ul className="register__choices">
      {hoursByWeekday(hours).map(({ day, periods }) => (
        <li key={day}>
          {f.weekdays[day - 1]}: {text(periods)}
        </li>
      ))}
    </ul>
  )
}

export function CompareTable({ rows }: { rows: CompareRow[] }) {
  const r = useT().register
  const q = r.request
  const locale = useLocale()
  const show = (field: string, v: CompareRow['current']) => {
    if (v === null || v === undefined || v === '') return field === 'listCap' ? q.noCap : r.dash
    if (Array.isArray(v)) return <Hours hours={v} />
    if (field === 'ownership') return r.ownership[String(v)] ?? String(v)
    if (field === 'listCap' && typeof v === 'number') return formatInteger(v, locale)
    return String(v)
  }
  return (
    <DataTable caption={q.compareCaption} captionId="jamfor-tabell" columns={[q.what, q.current, q.proposed]}>
      <tbody>
        {rows.map((row) => (
          <tr key={row.field} data-field={row.field}>
            <th scope="row">{r.fieldLabels[row.field] ?? row.field}</th>
            <td data-field="current">{show(row.field, row.current)}</td>
            <td data-field="proposed">{show(row.field, row.proposed)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  )
}

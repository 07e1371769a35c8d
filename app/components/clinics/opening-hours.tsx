import { useT } from '../../i18n/i18n.tsx'
import { hoursByWeekday, type OpeningHours } from '../../modules/clinics/finder.ts'
import { DataTable } from '../ui/data-table.tsx'

/** "08:00–17:00", "08:00–12:00, 13:00–17:00" or "Stängt". */
export function useHoursText(): (periods: { opens: string; closes: string }[]) => string {
  const f = useT().finder
  return (periods) => (periods.length === 0 ? f.closed : periods.map((p) => f.period(p.opens, p.closes)).join(', '))
}

/** The week, Monday first, a row per day; a closed day says so in words. */
export function OpeningHoursTable({ hours }: { hours: OpeningHours }) {
  const f = useT().finder
  const text = useHoursText()
  return (
    <DataTable caption={f.openingHoursCaption} captionId="oppettider-tabell" columns={[f.day, f.hours]} scroll={false} className="hours-table">
      <tbody>
        {hoursByWeekday(hours).map(({ day, periods }) => (
          <tr key={day} data-day={day}>
            <th scope="row">{f.weekdays[day - 1]}</th>
            <td>{text(periods)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  )
}

import { useT } from '../../i18n/i18n.tsx'
import { DataTable } from '../ui/data-table.tsx'

export interface TimelineRow {
  id: string
  at: string
  kind: string
  actorName: string | null
}

/** The application's steps, oldest first, each in words (the same for the applicant as for the region). */
export function ApplicationTimeline({ rows }: { rows: TimelineRow[] }) {
  const m = useT().application
  return (
    <section aria-labelledby="handelser-rubrik">
      <h2 id="handelser-rubrik">{m.overview.timelineHeading}</h2>
      <DataTable caption={m.overview.timelineCaption} captionId="handelser-tabell" columns={[m.overview.when, m.overview.what, m.overview.who]}>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-kind={r.kind}>
              <td>{r.at}</td>
              <th scope="row">{m.timeline[r.kind] ?? r.kind}</th>
              <td>{r.actorName ?? m.overview.system}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </section>
  )
}

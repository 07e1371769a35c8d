/** The review queue (/region/ansokningar): one row per application, oldest first. */
import { Link } from 'react-router'
import { DataTable, NumberCell } from '../ui/data-table.tsx'
import { useT } from '../../i18n/i18n.tsx'

export interface QueueRow {
  id: number
  clinicName: string | null
  orgName: string | null
  status: string
  ageInDays: number
  daysSinceResubmission: number | null
  reviewerName: string | null
  assessed: number
  requirements: number
  openRequestDueOn: string | null
}

export function QueueTable({ rows, caption }: { rows: QueueRow[]; caption: string }) {
  const r = useT().review
  const q = r.queue
  return (
    <DataTable caption={caption} captionId="ansokningar-tabell" columns={[q.clinic, q.provider, q.status, { label: q.age, num: true }, q.reviewer, q.assessed, q.due]}>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid="queue-row" data-application-id={row.id}>
            <th scope="row">
              <Link to={`/region/ansokningar/${row.id}`}>{row.clinicName ?? q.unnamed}</Link>
            </th>
            <td data-field="provider">{row.orgName ?? q.unnamed}</td>
            <td data-field="status">
              {r.statuses[row.status] ?? row.status}
              {row.daysSinceResubmission !== null ? (
                <div className="muted">{row.daysSinceResubmission === 0 ? q.resubmittedToday : q.resubmitted(row.daysSinceResubmission)}</div>
              ) : null}
            </td>
            <NumberCell value={row.ageInDays} field="age" />
            <td data-field="reviewer">{row.reviewerName ?? q.noReviewer}</td>
            <td data-field="assessed">{q.assessedOf(row.assessed, row.requirements)}</td>
            <td data-field="due">{row.openRequestDueOn ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  )
}

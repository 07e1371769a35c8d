import { Link } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/review'
import { QueueTable } from '../components/review/queue-table.tsx'
import { FilterForm, SelectField } from '../components/ui/filter-form.tsx'
import { useT } from '../i18n/i18n.tsx'
import { queueStatuses, reviewQueue } from '../modules/authorisation/review.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireAuthorisationManager } from '../utils/permissions.server.ts'
import { swedishDate } from '../utils/sweden.ts'

const Status = z.enum(queueStatuses).optional().catch(undefined)

/** The review queue: applications that have been submitted, oldest first, filtered by status. */
export async function loader({ request }: Route.LoaderArgs) {
  await requireAuthorisationManager(request)
  const status = Status.parse(new URL(request.url).searchParams.get('status') || undefined)
  const rows = await reviewQueue(prisma, { status, today: swedishDate() })
  return { status: status ?? null, statuses: [...queueStatuses], rows }
}

export default function ReviewQueue({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const r = t.review
  const { status, statuses, rows } = loaderData
  return (
    <div className="page review-queue">
      <title>{`${r.title} – ${t.meta.siteName}`}</title>
      <h1>{r.title}</h1>
      <p className="lead">{r.queue.lead}</p>
      <FilterForm headingId="filter-rubrik" heading={r.queue.filterHeading} submit={r.queue.show}>
        <SelectField
          id="status"
          label={r.queue.statusLabel}
          value={status ?? ''}
          options={[{ value: '', label: r.queue.allStatuses }, ...statuses.map((s) => ({ value: s, label: r.statuses[s] ?? s }))]}
        />
      </FilterForm>
      {rows.length === 0 ? (
        <p role="status">{r.queue.empty}</p>
      ) : (
        <QueueTable rows={rows} caption={r.queue.caption(rows.length, status ? (r.statuses[status] ?? status) : null)} />
      )}
      <p>
        <Link to="/region/kravbok">{r.queue.kravbokLink}</Link>
      </p>
    </div>
  )
}

import { Link } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/review'
import { QueueTable } from '../components/review/queue-table.tsx'
import { FilterForm, SelectField } from '../components/ui/filter-form.tsx'
import { useT } from '../i18n/i18n.tsx'
import { queueStatuses, reviewQueuePage } from '../modules/authorisation/review.server.ts'
import { Pagination } from '../components/pagination.tsx'
import { prisma } from '../utils/db.server.ts'
import { requireAuthorisationManager } from '../utils/permissions.server.ts'
import { swedishDate } from '../utils/sweden.ts'

const Status = z.enum(queueStatuses).optional().catch(undefined)
const Page = z.coerce.number().int().min(1).max(100_000).catch(1)

/** The review queue: applications that have been submitted, oldest first, filtered by status. */
export async function loader({ request }: Route.LoaderArgs) {
  await requireAuthorisationManager(request)
  const params = new URL(request.url).searchParams
  const status = Status.parse(params.get('status') || undefined)
  const { rows, total, page, pageCount } = await reviewQueuePage(prisma, { status, today: swedishDate(), page: Page.parse(params.get('sida') ?? 1) })
  return { status: status ?? null, statuses: [...queueStatuses], rows, total, page, pageCount }
}

export default function ReviewQueue({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const r = t.review
  const { status, statuses, rows, total, page, pageCount } = loaderData
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
        <>
          <QueueTable rows={rows} caption={r.queue.caption(total, status ? (r.statuses[status] ?? status) : null)} />
          <Pagination page={page} pageCount={pageCount} params={status ? { status } : {}} />
        </>
      )}
      <p>
        <Link to="/region/kravbok">{r.queue.kravbokLink}</Link>
      </p>
    </div>
  )
}

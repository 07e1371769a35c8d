import { data } from 'react-router'
import type { Route } from './+types/payments.run'
import { JobIdSchema } from '../components/payments/params.ts'
import { RunProgress } from '../components/payments/run-progress.tsx'
import { readRunJob } from '../utils/payment-jobs.server.ts'
import { useFormat } from '../components/payments/ui.tsx'
import { useT } from '../i18n/i18n.tsx'
import { requireCommissioner } from '../utils/permissions.server.ts'
import paymentsCss from '../styles/payments.css?url'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: paymentsCss }]

/** A payment run's progress page: the job's state when loaded, then live (polled) with JavaScript. */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireCommissioner(request)
  const jobId = JobIdSchema.safeParse(params.jobId)
  if (!jobId.success) throw data(null, { status: 404 })
  const status = await readRunJob(jobId.data)
  if (!status) throw data(null, { status: 404 })
  return { status }
}

export default function PaymentRun({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const r = t.payments.run
  const f = useFormat()
  const { status } = loaderData
  const title = status.month ? r.title(f.month(status.month)) : r.titleUnknownMonth
  const href = `/region/ersattning/korning/${status.id}`
  return (
    <div className="page payments">
      <title>{`${title} – ${t.meta.siteName}`}</title>
      <h1>{title}</h1>
      <RunProgress initial={status} jsonUrl={`${href}.json`} refreshHref={href} />
    </div>
  )
}

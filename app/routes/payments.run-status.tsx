import type { Route } from './+types/payments.run-status'
import { JobIdSchema } from '../components/payments/params.ts'
import { readRunJob } from '../utils/payment-jobs.server.ts'
import { requireCommissioner } from '../utils/permissions.server.ts'

/** A run's status as JSON, polled by the progress page every second. */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireCommissioner(request)
  const jobId = JobIdSchema.safeParse(params.jobId)
  const status = jobId.success ? await readRunJob(jobId.data) : null
  if (!status) return Response.json({ error: 'not found' }, { status: 404, headers: { 'Cache-Control': 'no-store' } })
  return Response.json(status, { headers: { 'Cache-Control': 'private, no-store' } })
}

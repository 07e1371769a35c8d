import type { Route } from './+types/payments.lines-csv'
import { actorOf, csvResponse, findRunClinic } from '../utils/payment-routes.server.ts'
import { exportPaymentLines } from '../modules/payments/payments.server.ts'
import { requireCommissioner } from '../utils/permissions.server.ts'

/** The `payment-lines` file of one clinic, month and revision; the service audits every person in it. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireCommissioner(request)
  const { run, clinicId } = await findRunClinic(params)
  return csvResponse(`payment-lines-${params.hsaId}-${run.month}-r${run.revision}.csv`, (out) => exportPaymentLines(run, clinicId, out, actorOf(user)))
}

import type { Route } from './+types/clinic-payments.lines-csv'
import { actorOf, csvResponse, findRunClinic } from '../utils/payment-routes.server.ts'
import { exportPaymentLines } from '../modules/payments/payments.server.ts'
import { requireClinicAccess, requireClinicStaff } from '../utils/permissions.server.ts'

/** The clinic's own `payment-lines` file; another clinic's is a 403. Every person in it is audited. */
export async function loader({ request, params }: Route.LoaderArgs) {
  // Staff of some clinic first: nobody else may even learn which clinics were paid when.
  await requireClinicStaff(request)
  const { run, clinicId } = await findRunClinic(params)
  const user = await requireClinicAccess(request, clinicId)
  return csvResponse(`payment-lines-${params.hsaId}-${run.month}-r${run.revision}.csv`, (out) => exportPaymentLines(run, clinicId, out, actorOf(user)))
}

import { data } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/payments.csv'
import { actorOf, csvResponse } from '../utils/payment-routes.server.ts'
import { MonthSchema, RevisionSchema } from '../components/payments/params.ts'
import { exportPayments, findRun } from '../modules/payments/payments.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireCommissioner } from '../utils/permissions.server.ts'

const Params = z.object({ month: MonthSchema, revision: RevisionSchema })

/** The `payments` file (data-formats.md) of an approved revision: what finance pays from. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireCommissioner(request)
  const parsed = Params.safeParse(params)
  if (!parsed.success) throw data(null, { status: 404 })
  const { month, revision } = parsed.data
  const run = await findRun(prisma, month, revision)
  if (!run || run.revision !== revision) throw data(null, { status: 404 })
  // Only approved revisions go to finance; the page offers the file only then.
  if (!run.approvedAt) throw data(null, { status: 409 })
  return csvResponse(`payments-${month}-r${revision}.csv`, (out) => exportPayments(run, out, actorOf(user)))
}

import { UnrecoverableError } from 'bullmq'
import { PaymentRunRefused, runPaymentMonth, type RunOutcome } from '../../app/modules/payments/run.server.ts'
import { previousMonth } from '../../app/modules/payments/rules.ts'
import { swedishMonth } from '../../app/utils/sweden.ts'
import type { JobPayload } from '../queues.ts'
import type { Processor } from '../registry.ts'

/** Runs one month; an attempt cut off anywhere leaves nothing, so a retry simply runs it again. */
export const paymentRun: Processor<JobPayload<'payments.run'>, RunOutcome> = async ({ databaseUrl }, payload, ctx) => {
  // The scheduler fires at 03:00 Swedish time on the 1st: the month before the one it fired in.
  const month = payload.month === 'previous' ? previousMonth(swedishMonth(ctx.dueAt)) : payload.month
  ctx.logger.info({ month }, 'payment run started')
  try {
    const outcome = await runPaymentMonth(month, {
      databaseUrl,
      jobId: ctx.jobId,
      requestedByUserId: payload.requestedByUserId,
      onProgress: (p) => ctx.updateProgress({ ...p, month }),
    })
    ctx.logger.info({ month, outcome: outcome.kind, revision: outcome.revision, seconds: outcome.seconds }, 'payment run finished')
    return outcome
  } catch (error) {
    // No model in force or a bad month: retrying cannot help.
    if (error instanceof PaymentRunRefused) throw new UnrecoverableError(error.message)
    throw error
  }
}

import type { Logger } from 'pino'
import { jobDefinitions, parsePayload, type JobDefinition, type JobName, type JobPayload, type JobQueues } from './queues.ts'

/** A repeatable job: a cron pattern read in a time zone, so 03:00 stays 03:00 across DST. */
export interface Schedule<N extends JobName = JobName> {
  /** Stable id; upserting the same id updates the schedule instead of adding a second one. */
  id: string
  job: N
  /** Cron, e.g. '0 3 1 * *' for 03:00 on the 1st of every month. */
  pattern: string
  tz: string
  /**
   * Fixed for every run. A job about "the previous month" derives the month from its own
   * due time (`ctx.dueAt`: a scheduler adds the next run's job when the current run starts), not from the payload.
   */
  payload: JobPayload<N>
}

/** The region's nightly and monthly jobs. */
export const schedules: Schedule[] = [
  // The previous month's payments, on the 1st at 03:00 Swedish time (CET or CEST).
  { id: 'payments.monthly-run', job: 'payments.run', pattern: '0 3 1 * *', tz: 'Europe/Stockholm', payload: { month: 'previous' } },
  // Closure notices and assignment of unlisted citizens, nightly at 02:30 Swedish time.
  { id: 'listing.nightly-assign', job: 'listing.assign', pattern: '30 2 * * *', tz: 'Europe/Stockholm', payload: {} },
  // Delivers any message whose delivery request was lost (Redis down at the time, or a race).
  { id: 'notifications.sweep', job: 'notifications.deliver', pattern: '* * * * *', tz: 'Europe/Stockholm', payload: {} },
]

/**
 * Makes the queues' job schedulers match `list`: upserts each (idempotent, by id) and removes
 * schedulers no longer listed, so a renamed or dropped schedule stops running.
 */
export async function upsertSchedulers(queues: JobQueues, logger: Logger, list: readonly Schedule[] = schedules): Promise<void> {
  const wanted = new Set(list.map((s) => s.id))
  for (const schedule of list) {
    const definition: JobDefinition = jobDefinitions[schedule.job]
    const { queue, options } = definition
    const data = parsePayload(schedule.job, schedule.payload)
    await queues.queue(queue).upsertJobScheduler(
      schedule.id,
      { pattern: schedule.pattern, tz: schedule.tz },
      { name: schedule.job, data, opts: { ...queues.jobOptions, ...options } },
    )
    logger.info({ scheduler: schedule.id, job: schedule.job, pattern: schedule.pattern, tz: schedule.tz }, 'job scheduler upserted')
  }
  const scheduledQueues = new Set(Object.values(jobDefinitions).map((d) => d.queue))
  for (const queueName of scheduledQueues) {
    for (const existing of await queues.queue(queueName).getJobSchedulers()) {
      if (!wanted.has(existing.key)) {
        await queues.queue(queueName).removeJobScheduler(existing.key)
        logger.info({ scheduler: existing.key }, 'job scheduler removed (no longer listed)')
      }
    }
  }
}

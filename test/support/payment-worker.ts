/**
 * A worker process for tests that kill it mid-job: the real worker (jobs/worker.ts) on the
 * environment's DATABASE_URL and QUEUE_PREFIX, with short lock and stall settings so that a job
 * left behind by a SIGKILL is seen as stalled, and retried, within a few seconds. No schedules.
 *
 *   node --import tsx test/support/payment-worker.ts
 */
import { runWorkerProcess } from '../../jobs/worker.ts'

await runWorkerProcess({
  schedules: [],
  workerOptions: {
    lockDuration: Number(process.env.TEST_LOCK_DURATION_MS ?? 2000),
    stalledInterval: Number(process.env.TEST_STALLED_INTERVAL_MS ?? 1000),
  },
})

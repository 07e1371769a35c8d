/**
 * A payment run's job as the progress page shows it: queued, running (with the processor's
 * `{percent, stage, month}`), retrying, done (the run's outcome) or failed (the reason).
 */
import { Job } from 'bullmq'
import { jobQueues } from '../../jobs/queues.ts'
import { redactPersonalIds } from '../modules/identity/personal-id.ts'
import type { RunOutcome, RunProgress } from '../modules/payments/run.server.ts'

export type RunJobState = 'queued' | 'running' | 'retrying' | 'done' | 'failed'
export type RunStage = RunProgress['stage']

/** Plain JSON: the same object feeds the page and the polled `.json` resource route. */
export interface RunJobStatus {
  id: string
  month: string | null
  state: RunJobState
  /** 0–100; null while queued (an indeterminate bar). */
  percent: number | null
  stage: RunStage | null
  result: { kind: 'created' | 'unchanged'; revision: number; seconds: number } | null
  failedReason: string | null
  attemptsMade: number
  maxAttempts: number
  enqueuedAt: number
}

const stages: readonly RunStage[] = ['model', 'lines', 'fingerprint', 'amounts', 'clinics', 'commit', 'done']

function progressOf(progress: unknown): { percent: number | null; stage: RunStage | null; month: string | null } {
  if (typeof progress !== 'object' || progress === null) return { percent: null, stage: null, month: null }
  const p = progress as Record<string, unknown>
  const percent = typeof p.percent === 'number' && p.percent >= 0 && p.percent <= 100 ? p.percent : null
  const stage = stages.includes(p.stage as RunStage) ? (p.stage as RunStage) : null
  return { percent, stage, month: typeof p.month === 'string' ? p.month : null }
}

/** The payment run job with this id, or null if there is none (or it is another kind of job). */
export async function readRunJob(jobId: string): Promise<RunJobStatus | null> {
  const job = await Job.fromId<{ month?: string }, RunOutcome | undefined>(jobQueues().queue('payments'), jobId)
  if (!job || job.name !== 'payments.run') return null
  const jobState = await job.getState()
  if (jobState === 'unknown') return null
  const progress = progressOf(job.progress)
  const outcome = jobState === 'completed' ? (job.returnvalue ?? null) : null
  const requested = job.data.month && job.data.month !== 'previous' ? job.data.month : null
  const state: RunJobState =
    jobState === 'completed'
      ? 'done'
      : jobState === 'failed'
        ? 'failed'
        : jobState === 'active'
          ? 'running'
          : job.attemptsMade > 0
            ? 'retrying'
            : 'queued'
  return {
    id: job.id ?? jobId,
    month: outcome?.month ?? progress.month ?? requested,
    state,
    percent: state === 'done' ? 100 : state === 'queued' ? null : (progress.percent ?? 0),
    stage: state === 'done' ? 'done' : progress.stage,
    result: outcome ? { kind: outcome.kind, revision: outcome.revision, seconds: outcome.seconds } : null,
    // A reason is an error message; masked in case one ever quotes a person.
    failedReason: job.failedReason ? redactPersonalIds(job.failedReason) : null,
    attemptsMade: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    enqueuedAt: job.timestamp,
  }
}

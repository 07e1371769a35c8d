import { hostname } from 'node:os'
import { UnrecoverableError, Worker, type Job, type WorkerOptions } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { z } from 'zod'
import type { PrismaClient } from '../app/generated/prisma/client.ts'
import { listingAssign } from './processors/listing-assign.ts'
import { notificationsDeliver } from './processors/notifications-deliver.ts'
import { paymentRun } from './processors/payment-run.ts'
import { ping } from './processors/ping.ts'
import {
  describeIssues,
  jobDefinitions,
  queueConfig,
  queueNames,
  type JobName,
  type JobPayload,
  type QueueName,
} from './queues.ts'

/** What every processor may use; passed in so tests can hand over their own database and logger. */
export interface ProcessorDeps {
  prisma: PrismaClient
  /** The same database as `prisma`, for jobs that drive PostgreSQL directly (set-based runs). */
  databaseUrl: string
  logger: Logger
}

export interface JobContext {
  jobId: string
  /** 1 on the first try, 2 on the first retry … */
  attempt: number
  maxAttempts: number
  /** When the job was added (ms since epoch). */
  enqueuedAt: number
  /**
   * When the job was due (ms since epoch): when it was added plus its delay. A job scheduler adds
   * the next run's job when the current one starts, so only this is the scheduled run's own time;
   * a scheduled job derives its day or month from it.
   */
  dueAt: number
  /** The deps logger, already naming the job, its id and attempt. */
  logger: Logger
  updateProgress(progress: number | Record<string, unknown>): Promise<void>
}

/**
 * When a job was due: a scheduled run's own time (`prevMillis`, what the job scheduler computed from
 * its pattern), else when it was added plus the delay it was added with. `job.delay` itself is
 * zeroed once a delayed job is promoted, so the options are read.
 */
export function jobDueAt(job: { timestamp: number; opts: { delay?: number; prevMillis?: number } }): number {
  return job.opts.prevMillis ?? job.timestamp + (job.opts.delay ?? 0)
}

/** A job's work: a plain async function of (deps, payload, ctx), testable without BullMQ. */
export type Processor<P, R = unknown> = (deps: ProcessorDeps, payload: P, ctx: JobContext) => Promise<R>

/** The processor of every job in `jobDefinitions`; the type makes a missing one a compile error. */
export const processors: { [N in JobName]: Processor<JobPayload<N>> } = {
  'system.ping': ping,
  'payments.run': paymentRun,
  'notifications.deliver': notificationsDeliver,
  'listing.assign': listingAssign,
}

/**
 * A job outside `jobDefinitions`, for tools and tests that exercise the worker machinery itself
 * (a deliberately slow or flaky job). Production jobs go in queues.ts and `processors` above.
 */
export interface ExtraJob {
  queue: QueueName
  payload: z.ZodType
  // `any`: the payload's type is whatever `payload` parses to.
  process: Processor<any>
}

export interface RegisterOptions {
  /** Shared by all workers; BullMQ duplicates it for each worker's blocking connection. */
  connection: Redis
  prefix: string
  deps: ProcessorDeps
  extraJobs?: Record<string, ExtraJob>
  /** Shown in `queue.getWorkers()`; host and pid by default. */
  workerName?: string
  /** BullMQ settings such as lockDuration and stalledInterval (tests shorten them). */
  workerOptions?: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'>
}

interface Handler {
  queue: QueueName
  payload: z.ZodType
  process: Processor<unknown>
}

function handlerTable(extraJobs: Record<string, ExtraJob> = {}): Map<string, Handler> {
  const table = new Map<string, Handler>()
  for (const name of Object.keys(jobDefinitions) as JobName[]) {
    const { queue, payload } = jobDefinitions[name]
    table.set(name, { queue, payload, process: processors[name] as Processor<unknown> })
  }
  for (const [name, job] of Object.entries(extraJobs)) {
    if (table.has(name)) throw new Error(`Job ${name} is already registered`)
    table.set(name, job)
  }
  return table
}

/**
 * The one place processors are registered: one BullMQ worker per queue that has jobs. Before a
 * processor runs its payload is parsed with the job's zod schema; an unknown job or a bad payload
 * fails at once (UnrecoverableError: retrying cannot fix it). Each failed attempt is logged once,
 * by job name, id, attempt and error message, never the payload (it may hold personal data).
 */
export function registerProcessors(options: RegisterOptions): Worker[] {
  const { connection, prefix, deps } = options
  const table = handlerTable(options.extraJobs)
  const workerName = options.workerName ?? `${hostname()}:${process.pid}`
  const log = deps.logger

  const used = new Set([...table.values()].map((h) => h.queue))
  return queueNames
    .filter((queue) => used.has(queue))
    .map((queue) => {
      const worker = new Worker(
        queue,
        async (job: Job) => {
          const handler = table.get(job.name)
          if (!handler || handler.queue !== queue) {
            throw new UnrecoverableError(`No processor for job ${job.name} on queue ${queue}`)
          }
          const parsed = handler.payload.safeParse(job.data)
          if (!parsed.success) {
            throw new UnrecoverableError(`Invalid payload for job ${job.name}: ${describeIssues(parsed.error).join('; ')}`)
          }
          const attempt = job.attemptsMade + 1
          const ctx: JobContext = {
            jobId: job.id!,
            attempt,
            maxAttempts: job.opts.attempts ?? 1,
            enqueuedAt: job.timestamp,
            dueAt: jobDueAt(job),
            logger: log.child({ queue, job: job.name, jobId: job.id, attempt }),
            updateProgress: (progress) => job.updateProgress(progress),
          }
          return handler.process(deps, parsed.data, ctx)
        },
        { ...options.workerOptions, connection, prefix, name: workerName, concurrency: queueConfig[queue].concurrency },
      )

      worker.on('failed', (job, error) => {
        if (!job) {
          log.error({ queue, error: error.message }, 'job failed (removed before it could be logged)')
          return
        }
        const maxAttempts = job.opts.attempts ?? 1
        const willRetry = !(error instanceof UnrecoverableError) && job.attemptsMade < maxAttempts
        const fields = { queue, job: job.name, jobId: job.id, attempt: job.attemptsMade, maxAttempts, willRetry, error: error.message }
        if (willRetry) log.warn(fields, 'job attempt failed; will retry')
        else log.error(fields, 'job failed')
      })
      worker.on('completed', (job) => {
        log.debug({ queue, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 }, 'job completed')
      })
      worker.on('error', (error) => log.error({ queue, error: error.message }, 'worker error'))
      return worker
    })
}

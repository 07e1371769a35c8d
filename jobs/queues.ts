import { Queue, type JobsOptions } from 'bullmq'
import type { Redis } from 'ioredis'
import { z } from 'zod'
import { MONTH_PATTERN } from '../app/modules/payments/rules.ts'
import { env } from '../app/utils/env.server.ts'
import { createRedis } from '../app/utils/redis.server.ts'

/**
 * Every queue and every job the worker knows, in one place. A job's name is its BullMQ job name;
 * its payload schema is checked by `enqueue` before adding and by the registry before processing.
 */

/** Queues, each with how many of its jobs one worker process runs at once. */
export const queueConfig = {
  /** Health checks and other light, fast housekeeping. */
  system: { concurrency: 5 },
  /** Payment runs: one at a time per worker; each is a large transaction in PostgreSQL. */
  payments: { concurrency: 1 },
  /** The e-mail outbox: rows are claimed with SKIP LOCKED, so deliveries may run side by side. */
  notifications: { concurrency: 2 },
  /** The nightly assignment of unlisted citizens: one at a time (it also takes an advisory lock). */
  listing: { concurrency: 1 },
} as const satisfies Record<string, { concurrency: number }>

export type QueueName = keyof typeof queueConfig
export const queueNames = Object.keys(queueConfig) as QueueName[]

export interface JobDefinition {
  queue: QueueName
  payload: z.ZodType
  /** Overrides of `defaultJobOptions` that belong to this job whoever enqueues it. */
  options?: JobsOptions
}

export const jobDefinitions = {
  /** A CLI or the demo asks a worker to answer, to prove one is running. */
  'system.ping': {
    queue: 'system',
    payload: z.object({ requestedAt: z.iso.datetime({ offset: true }) }),
    // An unanswered ping is stale after a minute; retrying it later says nothing useful.
    options: { attempts: 1, removeOnComplete: { age: 3600, count: 100 } },
  },
  /**
   * The monthly payment run (shared/spec/payment-model.md). `previous` is the month before the one
   * the job was enqueued in (Europe/Stockholm): what the monthly scheduler asks for.
   */
  'payments.run': {
    queue: 'payments',
    payload: z.object({
      month: z.union([z.string().regex(MONTH_PATTERN, 'must be a month YYYY-MM'), z.literal('previous')]),
      requestedByUserId: z.number().int().positive().optional(),
    }),
  },
  /** Renders and delivers every waiting notification to the outbox; requested after a change and swept each minute. */
  'notifications.deliver': {
    queue: 'notifications',
    payload: z.object({}),
    // Cheap and repeated every minute: a failed one is not worth a retry, and finished ones need not be kept long.
    options: { attempts: 1, removeOnComplete: { age: 3600, count: 100 }, removeOnFail: { age: 24 * 3600, count: 500 } },
  },
  /**
   * Closure notices and the assignment of unlisted citizens (app/modules/listing/assignment.server.ts)
   * for `date`, or for the region's effective date of the day the job was enqueued (the nightly run).
   */
  'listing.assign': {
    queue: 'listing',
    payload: z.object({
      date: z.iso.date().optional(),
      requestedByUserId: z.number().int().positive().optional(),
    }),
  },
} as const satisfies Record<string, JobDefinition>

export type JobName = keyof typeof jobDefinitions
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]['payload']>

/**
 * The shared retry policy: three attempts with exponential backoff (10 s, 20 s), finished jobs kept
 * for a week (at most 1000), failed ones for 30 days (at most 5000) so they can be inspected.
 */
export const defaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 5000 },
} as const satisfies JobsOptions

/** Thrown by `enqueue` when a payload does not match its job's schema; names every bad field. */
export class InvalidJobPayloadError extends Error {
  override name = 'InvalidJobPayloadError'
  constructor(
    readonly job: string,
    readonly issues: string[],
  ) {
    super(`Invalid payload for job ${job}: ${issues.join('; ')}`)
  }
}

/** "field.path: message" per issue; zod messages name the problem, never the value received. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(payload)'}: ${i.message}`)
}

export function parsePayload<N extends JobName>(name: N, payload: unknown): JobPayload<N> {
  const result = jobDefinitions[name].payload.safeParse(payload)
  if (!result.success) throw new InvalidJobPayloadError(name, describeIssues(result.error))
  return result.data as JobPayload<N>
}

export interface JobQueuesOptions {
  /** Redis key prefix; `QUEUE_PREFIX` by default, so parallel test runs never share jobs. */
  prefix?: string
  /** A connection to share; created (and quit on close) when not given. */
  connection?: Redis
  /** Merged over `defaultJobOptions` for every job added through these queues. */
  jobOptions?: JobsOptions
}

export interface JobQueues {
  readonly prefix: string
  readonly connection: Redis
  /** `defaultJobOptions` with this instance's overrides: what every added job starts from. */
  readonly jobOptions: JobsOptions
  queue(name: QueueName): Queue
  /** Validates the payload, then adds the job to its queue. */
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts?: JobsOptions): Promise<{ id: string; queue: QueueName }>
  /** True as soon as a worker is connected to the queue; false once `timeoutMs` has passed without one. */
  waitForWorker(queueName: QueueName, timeoutMs: number): Promise<boolean>
  close(): Promise<void>
}

/** The queues over one connection. Close them when done; a connection created here is quit then. */
export function createJobQueues(options: JobQueuesOptions = {}): JobQueues {
  const prefix = options.prefix ?? env().QUEUE_PREFIX
  const ownsConnection = !options.connection
  const connection = options.connection ?? createRedis()
  const baseOptions: JobsOptions = { ...defaultJobOptions, ...options.jobOptions }
  const open = new Map<QueueName, Queue>()

  function queue(name: QueueName): Queue {
    let q = open.get(name)
    if (!q) {
      q = new Queue(name, { connection, prefix, defaultJobOptions: baseOptions })
      open.set(name, q)
    }
    return q
  }

  return {
    prefix,
    connection,
    jobOptions: baseOptions,
    queue,
    async enqueue(name, payload, opts) {
      const definition: JobDefinition = jobDefinitions[name]
      const data = parsePayload(name, payload)
      const job = await queue(definition.queue).add(name, data, { ...baseOptions, ...definition.options, ...opts })
      return { id: job.id!, queue: definition.queue }
    },
    async waitForWorker(queueName, timeoutMs) {
      const q = queue(queueName)
      const deadline = Date.now() + timeoutMs
      for (;;) {
        if ((await q.getWorkersCount()) > 0) return true
        const left = deadline - Date.now()
        if (left <= 0) return false
        await new Promise((resolve) => setTimeout(resolve, Math.min(100, left)))
      }
    },
    async close() {
      await Promise.all([...open.values()].map((q) => q.close()))
      open.clear()
      if (ownsConnection) await connection.quit()
    },
  }
}

let shared: JobQueues | undefined

/** The process's queues (QUEUE_PREFIX, REDIS_URL), opened on first use; see `closeQueues`. */
export function jobQueues(): JobQueues {
  shared ??= createJobQueues()
  return shared
}

/** Validates the payload with its zod schema, then adds the job with the shared options. */
export function enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts?: JobsOptions) {
  return jobQueues().enqueue(name, payload, opts)
}

/**
 * Whether any worker is connected to the queue, waiting at most `timeoutMs`, so that a CLI can say
 * "no worker is running; start one with `npm run worker`" instead of hanging.
 */
export function waitForWorker(queueName: QueueName, timeoutMs: number): Promise<boolean> {
  return jobQueues().waitForWorker(queueName, timeoutMs)
}

/** Closes the process's queues and their connection; call before a CLI exits. */
export async function closeQueues(): Promise<void> {
  const q = shared
  shared = undefined
  await q?.close()
}

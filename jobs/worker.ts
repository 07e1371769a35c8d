import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { JobsOptions, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { PrismaClient } from '../app/generated/prisma/client.ts'
import { env } from '../app/utils/env.server.ts'
import { createLogger } from '../app/utils/logger.server.ts'
import { createRedis } from '../app/utils/redis.server.ts'
import { createJobQueues, type JobQueues } from './queues.ts'
import { registerProcessors, type ExtraJob, type RegisterOptions } from './registry.ts'
import { upsertSchedulers, type Schedule } from './schedulers.ts'

export interface StartWorkerOptions {
  /** Redis key prefix; QUEUE_PREFIX by default. */
  prefix?: string
  /** Created (and quit at close) when not given; a connection passed in stays the caller's. */
  connection?: Redis
  /** The app's client when not given (then disconnected at close); one passed in stays the caller's. */
  prisma?: PrismaClient
  /** The database `prisma` talks to; DATABASE_URL by default. */
  databaseUrl?: string
  /** BullMQ lock and stall settings (tests shorten them to see a killed worker's job retried soon). */
  workerOptions?: RegisterOptions['workerOptions']
  logger?: Logger
  /** Schedules to upsert; `schedules` from schedulers.ts by default. */
  schedules?: readonly Schedule[]
  /** Overrides of the shared job options for scheduled jobs. */
  jobOptions?: JobsOptions
  /** Jobs outside queues.ts, for tests that exercise the worker machinery (see registry.ts). */
  extraJobs?: Record<string, ExtraJob>
  /** How long shutdown waits for active jobs before closing anyway; they then stall and are retried. */
  shutdownTimeoutMs?: number
}

export interface RunningWorker {
  readonly workers: readonly Worker[]
  readonly queues: JobQueues
  /**
   * Ordered shutdown: stop taking new jobs, let active jobs finish (up to the timeout), close
   * workers and queues, quit Redis, disconnect Prisma. Safe to call more than once.
   */
  close(): Promise<void>
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000

/** Starts a worker for every queue in the registry and upserts the schedules; resolves once ready. */
export async function startWorker(options: StartWorkerOptions = {}): Promise<RunningWorker> {
  const logger = options.logger ?? createLogger('worker')
  const prefix = options.prefix ?? env().QUEUE_PREFIX
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS
  const ownsConnection = !options.connection
  const connection = options.connection ?? createRedis()
  if (ownsConnection) connection.on('error', (error) => logger.error({ error: error.message }, 'redis connection error'))
  const ownsPrisma = !options.prisma
  const prisma = options.prisma ?? (await import('../app/utils/db.server.ts')).prisma

  const queues = createJobQueues({ prefix, connection, jobOptions: options.jobOptions })
  const databaseUrl = options.databaseUrl ?? env().DATABASE_URL
  const workers = registerProcessors({
    connection,
    prefix,
    deps: { prisma, databaseUrl, logger },
    extraJobs: options.extraJobs,
    workerOptions: options.workerOptions,
  })

  let closing: Promise<void> | undefined
  async function shutdown(): Promise<void> {
    logger.info({ activeTimeoutMs: shutdownTimeoutMs }, 'worker stopping: no new jobs; waiting for active ones')
    await Promise.all(workers.map((w) => w.pause(true)))
    let timer: NodeJS.Timeout | undefined
    const finished = await Promise.race([
      Promise.all(workers.map((w) => w.close())).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), shutdownTimeoutMs))),
    ])
    clearTimeout(timer)
    if (!finished) {
      logger.warn({ activeTimeoutMs: shutdownTimeoutMs }, 'active jobs did not finish in time; closing anyway (they will be retried as stalled)')
      await Promise.all(workers.map((w) => w.close(true)))
    }
    await queues.close()
    if (ownsConnection) await connection.quit()
    if (ownsPrisma) await prisma.$disconnect()
    logger.info('worker stopped')
  }

  try {
    await Promise.all(workers.map((w) => w.waitUntilReady()))
    await upsertSchedulers(queues, logger, options.schedules)
  } catch (error) {
    await Promise.all(workers.map((w) => w.close(true)))
    await queues.close()
    if (ownsConnection) connection.disconnect()
    if (ownsPrisma) await prisma.$disconnect()
    throw error
  }
  logger.info({ prefix, queues: workers.map((w) => w.name) }, 'worker ready')

  return {
    workers,
    queues,
    close: () => (closing ??= shutdown()),
  }
}

/**
 * The worker process: starts, then on SIGTERM/SIGINT shuts down in order and exits 0 (1 if
 * shutdown failed). A second signal exits at once with 1.
 */
export async function runWorkerProcess(options: StartWorkerOptions = {}): Promise<void> {
  const logger = options.logger ?? createLogger('worker')
  const running = await startWorker({ ...options, logger })
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown; exiting now')
      process.exit(1)
    }
    stopping = true
    logger.info({ signal }, 'shutdown requested')
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ error: error instanceof Error ? error.message : String(error) }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
}

const isEntry = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isEntry) {
  runWorkerProcess().catch((error: unknown) => {
    createLogger('worker').fatal({ error: error instanceof Error ? error.message : String(error) }, 'worker failed to start')
    process.exit(1)
  })
}

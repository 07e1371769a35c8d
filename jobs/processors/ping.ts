import { hostname } from 'node:os'
import type { JobPayload } from '../queues.ts'
import type { Processor } from '../registry.ts'

export interface PingResult {
  requestedAt: string
  answeredAt: string
  worker: { host: string; pid: number }
  /** Whether this worker can reach its database; a worker that cannot will fail every real job. */
  database: 'ok' | 'unreachable'
}

const DATABASE_CHECK_TIMEOUT_MS = 5000

/** Answers a ping: which worker is alive, and whether it reaches the database. */
export const ping: Processor<JobPayload<'system.ping'>, PingResult> = async ({ prisma, logger }, payload) => {
  let timer: NodeJS.Timeout | undefined
  const database = await Promise.race([
    prisma.$queryRaw`SELECT 1`.then(() => 'ok' as const),
    new Promise<'unreachable'>((resolve) => (timer = setTimeout(() => resolve('unreachable'), DATABASE_CHECK_TIMEOUT_MS))),
  ])
    .catch((error: unknown) => {
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'ping: database unreachable')
      return 'unreachable' as const
    })
    .finally(() => clearTimeout(timer))
  return {
    requestedAt: payload.requestedAt,
    answeredAt: new Date().toISOString(),
    worker: { host: hostname(), pid: process.pid },
    database,
  }
}

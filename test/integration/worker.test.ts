import { resolve } from 'node:path'
import { Queue, Worker } from 'bullmq'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createRedis } from '../../app/utils/redis.server.ts'
import { InvalidJobPayloadError } from '../../jobs/queues.ts'
import { jobDueAt, type ExtraJob } from '../../jobs/registry.ts'
import { upsertSchedulers } from '../../jobs/schedulers.ts'
import { startWorker, type RunningWorker } from '../../jobs/worker.ts'
import { ROOT, capturedLogger, queueTestKit, settled, untilState, within, type SpawnedWorker } from '../support/queues.ts'

// Real Redis and PostgreSQL; each test has its own queue prefix and removes it afterwards.
// Start-up (tsx compiling the import graph) is not what these tests measure; shutdown is.
const STARTUP_MS = 15_000
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const prisma = createPrisma(DATABASE_URL)
const redis = createRedis()
const kit = queueTestKit(redis, 'test-worker')
const { uniquePrefix, queuesFor } = kit

async function started(options: Parameters<typeof startWorker>[0]): Promise<RunningWorker> {
  return kit.closeLater(await startWorker({ prisma, ...options }))
}

function spawnWorker(command: string, args: string[], prefix: string): SpawnedWorker {
  return kit.spawnWorker(command, args, { QUEUE_PREFIX: prefix, DATABASE_URL })
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10))
}

beforeAll(async () => {
  await redis.ping()
})

afterEach(() => kit.cleanup())

afterAll(async () => {
  await redis.quit()
  await prisma.$disconnect()
})

describe('worker', () => {
  it('answers a ping: the job completes with the worker and database status', async () => {
    const prefix = uniquePrefix('ping')
    const { logger } = capturedLogger()
    await started({ prefix, logger })
    const queues = queuesFor(prefix)

    const requestedAt = new Date().toISOString()
    const { id, queue } = await queues.enqueue('system.ping', { requestedAt })
    expect(queue).toBe('system')
    const job = await settled(queues.queue('system'), id)

    expect(await job.getState()).toBe('completed')
    expect(job.returnvalue).toMatchObject({ requestedAt, database: 'ok', worker: { pid: process.pid } })
    expect(Date.parse(job.returnvalue.answeredAt)).toBeGreaterThanOrEqual(Date.parse(requestedAt))
  })

  it('retries a failing job with exponential backoff and logs each failed attempt once', async () => {
    const prefix = uniquePrefix('retry')
    const { logger, lines } = capturedLogger()
    const calls: { attempt: number; at: number }[] = []
    const flaky: ExtraJob = {
      queue: 'system',
      payload: z.object({ failTimes: z.number().int(), personalId: z.string() }),
      process: async (_deps, payload: { failTimes: number }, ctx) => {
        calls.push({ attempt: ctx.attempt, at: Date.now() })
        if (ctx.attempt <= payload.failTimes) throw new Error(`flaky failure on attempt ${ctx.attempt}`)
        return { succeededOn: ctx.attempt }
      },
    }
    await started({ prefix, logger, extraJobs: { 'test.flaky': flaky } })
    // The shared policy (3 attempts, exponential) with a short base delay to keep the test fast.
    const queues = queuesFor(prefix, { backoff: { type: 'exponential', delay: 200 } })

    const added = await queues.queue('system').add('test.flaky', { failTimes: 2, personalId: '191212121212' })
    const job = await settled(queues.queue('system'), added.id!)

    expect(await job.getState()).toBe('completed')
    expect(job.returnvalue).toEqual({ succeededOn: 3 })
    expect(job.opts.attempts).toBe(3)
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3])
    // Exponential: 200 ms before the 2nd attempt, 400 ms before the 3rd.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(200)
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(400)

    const failures = lines.filter((l) => l.jobId === added.id && l.level === 40)
    expect(failures).toHaveLength(2)
    expect(failures.map((f) => [f.job, f.attempt, f.maxAttempts, f.willRetry, f.error])).toEqual([
      ['test.flaky', 1, 3, true, 'flaky failure on attempt 1'],
      ['test.flaky', 2, 3, true, 'flaky failure on attempt 2'],
    ])
    expect(lines.filter((l) => l.jobId === added.id && l.level === 50)).toHaveLength(0)
    expect(JSON.stringify(lines)).not.toContain('191212121212')
  })

  it('rejects an invalid payload at enqueue, and fails a raw bad job without retrying', async () => {
    const prefix = uniquePrefix('invalid')
    const { logger, lines } = capturedLogger()
    await started({ prefix, logger })
    const queues = queuesFor(prefix)

    const rejected = queues.enqueue('system.ping', { requestedAt: 'yesterday' })
    await expect(rejected).rejects.toBeInstanceOf(InvalidJobPayloadError)
    await expect(rejected).rejects.toThrow(/requestedAt: Invalid ISO datetime/)
    expect(await queues.queue('system').count()).toBe(0)

    // Added past `enqueue`, as an old producer or a hand-edited job might.
    const raw = await queues.queue('system').add('system.ping', { requestedAt: 191212121212 }, { attempts: 3 })
    const job = await settled(queues.queue('system'), raw.id!)

    expect(await job.getState()).toBe('failed')
    expect(job.attemptsMade).toBe(1)
    expect(job.failedReason).toMatch(/^Invalid payload for job system\.ping: requestedAt: /)
    const logged = lines.filter((l) => l.jobId === raw.id && (l.level as number) >= 40)
    expect(logged.map((l) => [l.level, l.attempt, l.willRetry])).toEqual([[50, 1, false]])
    expect(JSON.stringify(lines)).not.toContain('191212121212')
  })

  it('waitForWorker answers false quickly with no worker, true with one', async () => {
    const prefix = uniquePrefix('wait')
    const queues = queuesFor(prefix)

    let t0 = Date.now()
    expect(await queues.waitForWorker('system', 300)).toBe(false)
    expect(Date.now() - t0).toBeLessThan(1000)

    await started({ prefix, logger: capturedLogger().logger })
    t0 = Date.now()
    expect(await queues.waitForWorker('system', 2000)).toBe(true)
    expect(Date.now() - t0).toBeLessThan(500)
  })

  it('a scheduled run is due when it fires, not when the scheduler added it (at the start of the run before)', async () => {
    const prefix = uniquePrefix('due')
    const queue = kit.closeLater(new Queue('due', { connection: redis.duplicate(), prefix }))
    const seen: { timestamp: number; dueAt: number; ranAt: number }[] = []
    const worker = kit.closeLater(
      new Worker(
        'due',
        async (job) => {
          seen.push({ timestamp: job.timestamp, dueAt: jobDueAt(job), ranAt: Date.now() })
        },
        { connection: redis.duplicate(), prefix },
      ),
    )
    // Every two seconds: the second run's job is added when the first one starts.
    await queue.upsertJobScheduler('every-two-seconds', { pattern: '*/2 * * * * *' }, { name: 'tick', data: {} })
    await within(until(() => seen.length >= 2), 10_000, 'two scheduled runs')
    await worker.close()
    await queue.removeJobScheduler('every-two-seconds')
    await queue.obliterate({ force: true })
    const second = seen[1]!
    expect(second.ranAt - second.timestamp).toBeGreaterThan(1_000)
    expect(Math.abs(second.ranAt - second.dueAt)).toBeLessThan(1_000)
  })

  it('upserts schedules with a cron pattern in Stockholm time and removes unlisted ones', async () => {
    const prefix = uniquePrefix('sched')
    const { logger } = capturedLogger()
    const queues = queuesFor(prefix)
    const monthly = { id: 'example.monthly', job: 'system.ping' as const, pattern: '0 3 1 * *', tz: 'Europe/Stockholm', payload: { requestedAt: '2025-01-01T00:00:00Z' } }

    await upsertSchedulers(queues, logger, [monthly])
    await upsertSchedulers(queues, logger, [monthly])
    const [scheduler, ...others] = await queues.queue('system').getJobSchedulers()
    expect(others).toHaveLength(0)
    expect(scheduler).toMatchObject({ key: 'example.monthly', pattern: '0 3 1 * *', tz: 'Europe/Stockholm' })
    const next = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', day: 'numeric', hour: '2-digit', minute: '2-digit' })
    expect(next.format(new Date(scheduler!.next!))).toBe('1, 03:00')

    await upsertSchedulers(queues, logger, [])
    expect(await queues.queue('system').getJobSchedulers()).toEqual([])
  })

  it('`tsx jobs/worker.ts` starts, answers a ping and exits 0 on SIGTERM', async () => {
    const prefix = uniquePrefix('entry')
    const worker = spawnWorker(resolve(ROOT, 'node_modules/.bin/tsx'), ['jobs/worker.ts'], prefix)
    await within(worker.ready, STARTUP_MS, 'worker ready', worker.output)
    const queues = queuesFor(prefix)
    expect(await queues.waitForWorker('system', 1000)).toBe(true)

    const { id } = await queues.enqueue('system.ping', { requestedAt: new Date().toISOString() })
    const job = await settled(queues.queue('system'), id)
    expect(job.returnvalue).toMatchObject({ database: 'ok', worker: { pid: expect.any(Number) } })
    expect(job.returnvalue.worker.pid).not.toBe(process.pid)

    worker.child.kill('SIGTERM')
    expect(await within(worker.exited, 5000, 'exit after SIGTERM', worker.output)).toEqual({ code: 0, signal: null })
    expect(worker.output()).toContain('"msg":"worker stopped"')
    expect(await queues.waitForWorker('system', 0)).toBe(false)
  })

  it('on SIGTERM lets the active job finish, then exits 0', async () => {
    const prefix = uniquePrefix('shutdown')
    // The worker process's own runner, with one slow test job added in-process.
    const script = `
      import { z } from 'zod'
      import { runWorkerProcess } from './jobs/worker.ts'
      await runWorkerProcess({ extraJobs: { 'test.slow': { queue: 'system', payload: z.object({ ms: z.number() }),
        process: async (_deps, p) => { await new Promise((r) => setTimeout(r, p.ms)); return { sleptMs: p.ms } } } } })`
    const worker = spawnWorker(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], prefix)
    await within(worker.ready, STARTUP_MS, 'worker ready', worker.output)
    const queues = queuesFor(prefix)

    const slow = await queues.queue('system').add('test.slow', { ms: 1500 })
    await untilState(queues.queue('system'), slow.id!, 'active')
    const signalledAt = Date.now()
    worker.child.kill('SIGTERM')
    await within(until(() => worker.output().includes('worker stopping')), 2000, 'worker stopping')
    // Added once the worker is stopping: it must not take it.
    const late = await queues.queue('system').add('test.slow', { ms: 10 })

    expect(await within(worker.exited, 6000, 'exit after SIGTERM', worker.output)).toEqual({ code: 0, signal: null })
    const waited = Date.now() - signalledAt
    expect(waited).toBeGreaterThanOrEqual(800)
    expect(waited).toBeLessThan(5000)
    const job = await settled(queues.queue('system'), slow.id!, 0)
    expect(await job.getState()).toBe('completed')
    expect(job.returnvalue).toEqual({ sleptMs: 1500 })
    expect(await queues.queue('system').getJobState(late.id!)).toBe('waiting')
    const order = ['shutdown requested', 'worker stopping', 'worker stopped'].map((m) => worker.output().indexOf(m))
    expect(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1]!))).toBe(true)
  })
})

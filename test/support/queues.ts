/**
 * What the tests of BullMQ jobs share: a queue prefix of their own per test (removed afterwards,
 * and checked to leave no key behind), worker processes started and killed, polling a job until
 * it has settled, and a logger whose lines a test can read. Real Redis, no mocks.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { Queue, type Job, type JobsOptions } from 'bullmq'
import type { Redis } from 'ioredis'
import { pino, type Logger } from 'pino'
import { expect } from 'vitest'
import { createJobQueues, queueNames, type JobQueues } from '../../jobs/queues.ts'

export const ROOT = resolve(import.meta.dirname, '../..')

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A pino logger whose lines the test can read. */
export function capturedLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = []
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) })
  return { logger, lines }
}

/** Polls until the job has completed or failed for good, then reads it (state first: the move is atomic). */
export async function settled(queue: Queue, id: string, timeoutMs = 5000): Promise<Job> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const state = await queue.getJobState(id)
    if (state === 'completed' || state === 'failed') return (await queue.getJob(id))!
    if (Date.now() > deadline) throw new Error(`job ${id} still ${state} after ${timeoutMs} ms`)
    await sleep(20)
  }
}

export async function untilState(queue: Queue, id: string, wanted: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while ((await queue.getJobState(id)) !== wanted) {
    if (Date.now() > deadline) throw new Error(`job ${id} never became ${wanted}`)
    await sleep(20)
  }
}

/** `probe`'s first answer other than undefined; `detail` says more when none came in time. */
export async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, detail?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${detail ? `\n${detail()}` : ''}`)
    await sleep(50)
  }
}

/** The promise, or a failure naming `what` (and the process's output so far) after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string, output?: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms${output ? `; output:\n${output()}` : ''}`)), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

export interface SpawnedWorker {
  child: ChildProcess
  output: () => string
  /** Resolves when the worker logs "worker ready"; rejects if it exits before. */
  ready: Promise<void>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/**
 * One test file's queues and workers: `cleanup` (after each test) closes what the test opened,
 * kills the worker processes it started, and removes every queue under its prefixes.
 */
export function queueTestKit(redis: Redis, prefixBase: string) {
  const prefixes: string[] = []
  const toClose: { close(): Promise<void> }[] = []
  const children: ChildProcess[] = []

  /** Closed by `stopAll`, last opened first. */
  function closeLater<T extends { close(): Promise<void> }>(closable: T): T {
    toClose.push(closable)
    return closable
  }

  /** Killed, with its process group, by `stopAll`. */
  function own(child: ChildProcess): ChildProcess {
    children.push(child)
    return child
  }

  function uniquePrefix(tag: string): string {
    const prefix = `${prefixBase}-${tag}-${randomBytes(4).toString('hex')}`
    prefixes.push(prefix)
    return prefix
  }

  function queuesFor(prefix: string, jobOptions?: JobsOptions): JobQueues {
    return closeLater(createJobQueues({ prefix, jobOptions }))
  }

  /** A worker process (and process group, so cleanup kills tsx's node child too) on the prefix's queues. */
  function spawnWorker(command: string, args: string[], env: NodeJS.ProcessEnv): SpawnedWorker {
    const child = own(
      spawn(command, args, {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'info', NODE_ENV: 'test', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      }),
    )
    let output = ''
    const ready = new Promise<void>((resolveReady, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('"msg":"worker ready"')) resolveReady()
      }
      child.stdout!.on('data', onData)
      child.stderr!.on('data', onData)
      child.once('exit', () => reject(new Error(`worker exited before ready:\n${output}`)))
    })
    // A test that never waits for `ready` must not see an unhandled rejection when it kills the worker.
    ready.catch(() => {})
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })))
    return { child, output: () => output, ready, exited }
  }

  async function stopAll(): Promise<void> {
    for (const c of toClose.splice(0).reverse()) await c.close()
    for (const child of children.splice(0)) {
      try {
        if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  }

  async function removeQueues(): Promise<void> {
    for (const prefix of prefixes.splice(0)) {
      for (const name of queueNames) {
        const queue = new Queue(name, { connection: redis, prefix })
        await queue.obliterate({ force: true })
        await queue.close()
      }
      const [, left] = await redis.scan(0, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
      expect(left, `keys left under ${prefix}`).toEqual([])
    }
  }

  async function cleanup(): Promise<void> {
    await stopAll()
    await removeQueues()
  }

  return { uniquePrefix, queuesFor, closeLater, own, spawnWorker, stopAll, removeQueues, cleanup }
}

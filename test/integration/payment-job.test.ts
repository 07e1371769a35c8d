/**
 * The payment run as a job: a worker killed (SIGKILL) or a database connection cut in the middle
 * of a run leaves nothing behind, and the job's retry writes exactly one revision with the same
 * figures as an undisturbed run; a repeated job never pays twice; the command line drives it all;
 * the monthly schedule runs the previous Swedish month. Real PostgreSQL and Redis, no mocks.
 *
 * A run is stopped mid-transaction deterministically: another connection holds
 * `LOCK TABLE payment_clinic IN SHARE MODE`, so the run's INSERT INTO payment_clinic waits, after
 * its payment_line and payment_run rows were inserted (uncommitted), until that lock is released.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Job, JobsOptions, Queue } from 'bullmq'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { EXAMPLE_MODEL_2027 } from '../../app/modules/payments/model.ts'
import { storeModel } from '../../app/modules/payments/models.server.ts'
import { runPaymentMonth, type RunOutcome } from '../../app/modules/payments/run.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createRedis } from '../../app/utils/redis.server.ts'
import { swedishMonth } from '../../app/utils/sweden.ts'
import { paymentRun } from '../../jobs/processors/payment-run.ts'
import type { JobContext } from '../../jobs/registry.ts'
import { startWorker, type RunningWorker } from '../../jobs/worker.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'
import { buildFixture, writeFixture } from '../support/payments-fixture.ts'
import { ROOT, capturedLogger, poll, queueTestKit, settled as settledWithin, within, type SpawnedWorker } from '../support/queues.ts'

const MONTH = '2027-03'
/** Start-up of a child (tsx compiling the import graph) is not what these tests measure. */
const STARTUP_MS = 20_000
/** Short BullMQ lock and stall settings, so a killed worker's job is retried within seconds. */
const FAST_STALL = { lockDuration: 2000, stalledInterval: 1000 }
/** Retries that do not make the test wait for the shared 10 s exponential backoff. */
const FAST_RETRY: JobsOptions = { attempts: 3, backoff: { type: 'fixed', delay: 200 } }
/** The `payments` header of shared/spec/data-formats.md, "Files out", spelled out here on purpose. */
const SPEC_PAYMENTS_HEADER = [
  'hsa_id', 'month', 'revision', 'listed_citizens', 'listing_points', 'age_sex', 'care_weight', 'interpreter',
  'geography', 'socioeconomic', 'capitation', 'goal_potential', 'goal_score', 'goal_earned', 'vat_compensation', 'total',
].join(',')

const redis = createRedis()
const kit = queueTestKit(redis, 'test-payjob')
const { uniquePrefix, queuesFor } = kit
const fixture = buildFixture()
const databases: TestDatabase[] = []
const prismas: PrismaClient[] = []
const pgClients: pg.Client[] = []
const tmp = mkdtempSync(join(tmpdir(), 'vardval-payment-job-'))

interface Region {
  db: TestDatabase
  prisma: PrismaClient
}

/** A fresh database with the payment fixture and the spec's example model adopted. */
async function region(label: string): Promise<Region> {
  const db = await createTestDatabase(label)
  databases.push(db)
  await writeFixture(db.url, fixture)
  const prisma = createPrisma(db.url)
  prismas.push(prisma)
  await storeModel(prisma, EXAMPLE_MODEL_2027, 'adopted', { kind: 'system' })
  return { db, prisma }
}

/** Row counts of the payment tables, read from a connection of their own. */
async function counts(url: string) {
  const [row] = await sql<{ runs: number; lines: number; clinics: number; indicators: number }>(
    url,
    `SELECT (SELECT count(*) FROM payment_run)::int AS runs, (SELECT count(*) FROM payment_line)::int AS lines,
            (SELECT count(*) FROM payment_clinic)::int AS clinics, (SELECT count(*) FROM payment_goal_indicator)::int AS indicators`,
  )
  return row!
}

/** Everything a month's runs wrote, by value (ids and timestamps left out: they differ between databases). */
async function monthFigures(url: string, month = MONTH) {
  const runs = await sql<Record<string, unknown> & { id: number }>(
    url,
    `SELECT id, revision, job_id, input_fingerprint, line_count, clinic_count, region_days::text, region_weight_days::text,
            listed_citizens, age_sex::text, care_weight::text, interpreter::text, geography::text, socioeconomic::text,
            capitation::text, goal_earned::text, vat_compensation::text, total::text
     FROM payment_run WHERE month = $1::date ORDER BY revision`,
    [`${month}-01`],
  )
  const perRun = await Promise.all(
    runs.map(async (run) => {
      const clinics = await sql(
        url,
        `SELECT c.hsa_id, pc.listed_citizens, pc.listing_points::text, pc.days::text, pc.age_sex::text, pc.care_weight::text,
                pc.interpreter::text, pc.geography::text, pc.socioeconomic::text, pc.capitation::text, pc.goal_potential::text,
                pc.goal_score_exact, pc.goal_earned::text, pc.vat_compensation::text, pc.total::text
         FROM payment_clinic pc JOIN clinic c ON c.id = pc.clinic_id WHERE pc.run_id = $1 ORDER BY c.hsa_id`,
        [run.id],
      )
      const [lines] = await sql<{ n: number; distinct: number; capitation: string; days: string }>(
        url,
        `SELECT count(*)::int AS n, count(DISTINCT (clinic_id, citizen_id))::int AS distinct,
                sum(capitation)::text AS capitation, sum(days)::text AS days
         FROM payment_line WHERE run_id = $1`,
        [run.id],
      )
      const [indicators] = await sql<{ n: number }>(url, 'SELECT count(*)::int AS n FROM payment_goal_indicator WHERE run_id = $1', [run.id])
      return { clinics, lines: lines!, indicators: indicators!.n }
    }),
  )
  return { runs, perRun }
}

type Figures = Awaited<ReturnType<typeof monthFigures>>
/** The month's figures of an undisturbed run, computed directly with runPaymentMonth in a database of its own. */
let reference: Figures

/**
 * Asserts that the month has exactly one revision, that it is complete and consistent with itself
 * (its line and clinic counts are the rows stored for it, no line twice, nothing stored outside it),
 * and that its figures equal the undisturbed reference run's.
 */
async function expectOneCorrectRevision(url: string): Promise<Figures['runs'][number]> {
  const got = await monthFigures(url)
  expect(got.runs).toHaveLength(1)
  const [run] = got.runs
  const [{ clinics, lines, indicators }] = got.perRun as [Figures['perRun'][number]]
  expect(run).toMatchObject({ revision: 1 })
  expect(lines.n).toBe(run!.line_count)
  expect(lines.distinct).toBe(lines.n)
  expect(clinics).toHaveLength(run!.clinic_count as number)
  expect(indicators).toBe((run!.clinic_count as number) * EXAMPLE_MODEL_2027.goal.indicators.length)
  // Nothing of an interrupted attempt is stored anywhere, under any run id.
  expect(await counts(url)).toEqual({ runs: 1, lines: lines.n, clinics: clinics.length, indicators })

  const { id: _id, job_id: _job, ...figures } = run!
  const { id: _rid, job_id: _rjob, ...expected } = reference.runs[0]!
  expect(figures).toEqual(expected)
  expect(clinics).toEqual(reference.perRun[0]!.clinics)
  expect(lines).toEqual(reference.perRun[0]!.lines)
  return run!
}

async function inProcessWorker(r: Region, prefix: string, options: Partial<Parameters<typeof startWorker>[0]> = {}): Promise<RunningWorker> {
  const running = await startWorker({
    prefix,
    prisma: r.prisma,
    databaseUrl: r.db.url,
    logger: capturedLogger().logger,
    workerOptions: FAST_STALL,
    schedules: [],
    shutdownTimeoutMs: 2000,
    ...options,
  })
  return kit.closeLater(running)
}

/** A payment run takes seconds, and a retried one longer: settled within 30 s. */
function settled(queue: Queue, id: string): Promise<Job> {
  return settledWithin(queue, id, 30_000)
}

/**
 * From its own connection: BEGIN and take a SHARE lock on payment_clinic, which any INSERT into it
 * (ROW EXCLUSIVE) waits for. `release` rolls back, letting the waiting run go on.
 */
async function blockPaymentClinic(url: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url, application_name: 'payment-job-test-blocker' })
  pgClients.push(client)
  await client.connect()
  await client.query('BEGIN')
  await client.query('LOCK TABLE payment_clinic IN SHARE MODE')
  let released = false
  return {
    async release() {
      if (released) return
      released = true
      await client.query('ROLLBACK')
      await client.end()
    },
  }
}

interface BlockedRun {
  pid: number
  /** Relations the run's transaction holds ROW EXCLUSIVE on: the tables it has written to, uncommitted. */
  written: string[]
}

/**
 * Waits until the database's payment-run backend waits on a relation lock in its INSERT INTO
 * payment_clinic (not on the month's advisory lock, which is a Lock wait too).
 */
async function blockedRun(db: TestDatabase, detail?: () => string): Promise<BlockedRun> {
  const pid = await poll(
    'the payment run waiting on the payment_clinic lock',
    STARTUP_MS + 20_000,
    async () => {
      const [row] = await sql<{ pid: number }>(
        db.url,
        `SELECT pid FROM pg_stat_activity
         WHERE datname = $1 AND application_name = 'vardval-payment-run' AND state = 'active'
           AND wait_event_type = 'Lock' AND wait_event = 'relation' AND query LIKE 'INSERT INTO payment_clinic%'`,
        [db.name],
      )
      return row?.pid
    },
    detail,
  )
  const written = await sql<{ relname: string }>(
    db.url,
    `SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
     WHERE l.pid = $1 AND l.granted AND c.relkind IN ('r', 'p')
       -- Rows inserted, or (payment_line, partitioned) the run's own partition attached to it.
       AND l.mode IN ('RowExclusiveLock', 'ShareUpdateExclusiveLock') ORDER BY c.relname`,
    [pid],
  )
  return { pid, written: written.map((r) => r.relname) }
}

async function backendGone(db: TestDatabase, pid: number): Promise<void> {
  await poll(`backend ${pid} gone`, 15_000, async () => {
    const rows = await sql(db.url, 'SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])
    return rows.length === 0 ? true : undefined
  })
}

/** test/support/payment-worker.ts in a process (and process group) of its own. */
function spawnPaymentWorker(db: TestDatabase, prefix: string): SpawnedWorker {
  return kit.spawnWorker(process.execPath, ['--import', 'tsx', 'test/support/payment-worker.ts'], {
    DATABASE_URL: db.url,
    QUEUE_PREFIX: prefix,
    TEST_LOCK_DURATION_MS: String(FAST_STALL.lockDuration),
    TEST_STALLED_INTERVAL_MS: String(FAST_STALL.stalledInterval),
  })
}

interface CliResult {
  status: number | null
  stdout: string
  stderr: string
  ms: number
}

/** `npm run cli -- ARGS` as an operator types it, asynchronously (an in-process worker must keep running). */
function cli(env: { DATABASE_URL: string; QUEUE_PREFIX: string }, ...args: string[]): Promise<CliResult> {
  const started = Date.now()
  const child = spawn('npm', ['run', '--silent', 'cli', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  kit.own(child)
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
  return new Promise((resolveResult, reject) => {
    child.once('error', reject)
    // npm's own configuration warnings (machine-specific) are not the command's output.
    const own = (text: string) => text.split(/(?<=\n)/).filter((line) => !/^npm (warn|notice)\b/i.test(line)).join('')
    child.once('close', (status) => resolveResult({ status, stdout, stderr: own(stderr), ms: Date.now() - started }))
  })
}

beforeAll(async () => {
  await redis.ping()
  const r = await region('payjob_ref')
  const outcome = await runPaymentMonth(MONTH, { databaseUrl: r.db.url })
  expect(outcome).toMatchObject({ kind: 'created', revision: 1 })
  reference = await monthFigures(r.db.url)
  expect(reference.runs).toHaveLength(1)
  expect(reference.perRun[0]!.lines.n).toBeGreaterThan(100)
})

afterEach(async () => {
  await kit.stopAll()
  for (const client of pgClients.splice(0)) await client.end().catch(() => {})
  await kit.removeQueues()
})

afterAll(async () => {
  for (const p of prismas) await p.$disconnect()
  for (const db of databases) await db.drop()
  await redis.quit()
  rmSync(tmp, { recursive: true, force: true })
})

describe('a payment run job cut off mid-transaction', () => {
  it('kill -9 of the worker leaves nothing; the stalled job is retried and writes one revision with the right figures', async () => {
    const r = await region('payjob_kill')
    const prefix = uniquePrefix('kill')
    const worker = spawnPaymentWorker(r.db, prefix)
    await within(worker.ready, STARTUP_MS, 'child worker ready', worker.output)
    const queues = queuesFor(prefix)
    const queue = queues.queue('payments')

    const lock = await blockPaymentClinic(r.db.url)
    const { id } = await queues.enqueue('payments.run', { month: MONTH }, FAST_RETRY)
    const blocked = await blockedRun(r.db, worker.output)
    // Mid-run: the lines and the run row are written (uncommitted), the clinics are not.
    expect(blocked.written).toEqual(expect.arrayContaining(['payment_line', 'payment_run']))
    expect(blocked.written).not.toContain('payment_clinic')
    expect(await queue.getJobState(id)).toBe('active')
    expect((await queue.getJob(id))!.progress).toEqual({ percent: 85, stage: 'amounts', month: MONTH })

    process.kill(-worker.child.pid!, 'SIGKILL')
    expect(await within(worker.exited, 5000, 'child exit after SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' })
    expect(worker.output()).toContain('"msg":"payment run started"')
    expect(await counts(r.db.url)).toEqual({ runs: 0, lines: 0, clinics: 0, indicators: 0 })

    // Let the orphaned backend go on: it must find its client gone and roll back, never commit.
    await lock.release()
    await backendGone(r.db, blocked.pid)
    expect(await counts(r.db.url)).toEqual({ runs: 0, lines: 0, clinics: 0, indicators: 0 })
    expect(await queue.getJobState(id)).toBe('active')

    // A second worker finds the job stalled (its lock expired) and runs it again.
    const { logger, lines: log } = capturedLogger()
    await inProcessWorker(r, prefix, { logger })
    const job = await settled(queue, id)
    expect(await job.getState()).toBe('completed')
    expect(log.filter((l) => l.jobId === id && l.msg === 'payment run started')).toHaveLength(1)

    const run = await expectOneCorrectRevision(r.db.url)
    expect(job.returnvalue).toMatchObject({ kind: 'created', month: MONTH, revision: 1, runId: run.id, lines: run.line_count, total: reference.runs[0]!.total })
    expect(run.job_id).toBe(id)
  })

  it('a terminated database connection fails the attempt; the retry (attempt 2) writes one revision with the right figures', async () => {
    const r = await region('payjob_conn')
    const prefix = uniquePrefix('conn')
    const { logger, lines: log } = capturedLogger()
    await inProcessWorker(r, prefix, { logger })
    const queues = queuesFor(prefix)
    const queue = queues.queue('payments')

    const lock = await blockPaymentClinic(r.db.url)
    const { id } = await queues.enqueue('payments.run', { month: MONTH }, FAST_RETRY)
    const blocked = await blockedRun(r.db)
    expect(blocked.written).toEqual(expect.arrayContaining(['payment_line', 'payment_run']))

    const [terminated] = await sql<{ ok: boolean }>(r.db.url, 'SELECT pg_terminate_backend($1) AS ok', [blocked.pid])
    expect(terminated!.ok).toBe(true)
    await backendGone(r.db, blocked.pid)
    expect(await counts(r.db.url)).toEqual({ runs: 0, lines: 0, clinics: 0, indicators: 0 })
    await lock.release()

    const job = await settled(queue, id)
    expect(await job.getState()).toBe('completed')
    expect(job.attemptsMade).toBe(2)
    const mine = log.filter((l) => l.jobId === id)
    expect(mine.filter((l) => l.msg === 'payment run started').map((l) => l.attempt)).toEqual([1, 2])
    expect(mine.filter((l) => l.msg === 'payment run finished').map((l) => [l.attempt, l.outcome, l.revision])).toEqual([[2, 'created', 1]])
    const failures = mine.filter((l) => (l.level as number) >= 40)
    expect(failures.map((l) => [l.attempt, l.willRetry])).toEqual([[1, true]])
    expect(String(failures[0]!.error)).toMatch(/terminat/i)

    const run = await expectOneCorrectRevision(r.db.url)
    expect(job.returnvalue).toMatchObject({ kind: 'created', month: MONTH, revision: 1, runId: run.id })
    expect(run.job_id).toBe(id)
  })
})

describe('a repeated payment run job', () => {
  it('never pays twice: two jobs at once and one after give one revision; the others are unchanged', async () => {
    const r = await region('payjob_twice')
    const prefix = uniquePrefix('twice')
    // Two workers, so the two jobs really can run at the same time (each worker runs one payment job at once).
    await inProcessWorker(r, prefix)
    await inProcessWorker(r, prefix)
    const queues = queuesFor(prefix)
    const queue = queues.queue('payments')

    const [a, b] = await Promise.all([queues.enqueue('payments.run', { month: MONTH }), queues.enqueue('payments.run', { month: MONTH })])
    const outcomes = [(await settled(queue, a.id)).returnvalue as RunOutcome, (await settled(queue, b.id)).returnvalue as RunOutcome]
    const created = outcomes.find((o) => o.kind === 'created')!
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['created', 'unchanged'])
    expect(outcomes.map((o) => [o.month, o.revision, o.runId])).toEqual([
      [MONTH, 1, created.runId],
      [MONTH, 1, created.runId],
    ])
    const run = await expectOneCorrectRevision(r.db.url)
    expect(run.id).toBe(created.runId)
    const before = await counts(r.db.url)

    const again = await queues.enqueue('payments.run', { month: MONTH })
    const job = await settled(queue, again.id)
    expect(job.returnvalue).toMatchObject({ kind: 'unchanged', month: MONTH, revision: 1, runId: created.runId })
    expect(await counts(r.db.url)).toEqual(before)
    expect(before.runs).toBe(1)
  })
})

describe('npm run cli -- payments …', () => {
  it('runs with progress, is idempotent, says how to start a missing worker, exports only approved revisions, rejects a bad model', async () => {
    const r = await region('payjob_cli')
    const prefix = uniquePrefix('cli')
    await inProcessWorker(r, prefix)
    const env = { DATABASE_URL: r.db.url, QUEUE_PREFIX: prefix }

    const first = await cli(env, 'payments', 'run', '--month', MONTH)
    expect(first.stderr).toBe('')
    expect(first.status).toBe(0)
    const out = first.stdout.trimEnd().split('\n')
    expect(out[0]).toMatch(/^Payment run for 2027-03 queued \(job \d+\)\.$/)
    expect(out.filter((l) => l.includes('%')).length).toBeGreaterThan(0)
    expect(out.at(-1)).toMatch(/^2027-03: revision 1 written: \d+ lines, \d+ clinics, total \d+\.\d{2} kr/)
    const run = await expectOneCorrectRevision(r.db.url)
    expect(out.at(-1)).toContain(`${run.line_count} lines, ${run.clinic_count} clinics, total ${run.total} kr`)

    const second = await cli(env, 'payments', 'run', '--month', MONTH)
    expect(second.status).toBe(0)
    expect(second.stdout.trimEnd().split('\n').at(-1)).toBe('2027-03: the inputs are unchanged since revision 1; nothing new was written.')
    expect((await counts(r.db.url)).runs).toBe(1)

    // No worker on this prefix: a clear message and exit 3 after the short wait, no job left queued.
    const lonely = uniquePrefix('cli-noworker')
    const missing = await cli({ ...env, QUEUE_PREFIX: lonely }, 'payments', 'run', '--month', MONTH)
    expect(missing.status).toBe(3)
    expect(missing.ms).toBeLessThan(10_000)
    expect(missing.stderr).toContain('`npm run worker`')
    expect(missing.stdout).toBe('')
    const lonelyQueues = queuesFor(lonely)
    expect(await lonelyQueues.queue('payments').count()).toBe(0)

    const file = join(tmp, 'payments-2027-03.csv')
    const early = await cli(env, 'payments', 'export', '--month', MONTH, '--out', file)
    expect(early.status).not.toBe(0)
    expect(early.stderr).toContain('No revision of 2027-03 is approved yet.')
    expect(existsSync(file)).toBe(false)
    expect(existsSync(`${file}.partial`)).toBe(false)

    const approve = await cli(env, 'payments', 'approve', '--month', MONTH, '--revision', '1')
    expect(approve.stderr).toBe('')
    expect(approve.status).toBe(0)
    expect(approve.stdout).toBe(`Approved revision 1 of 2027-03: total ${run.total} kr.\n`)
    expect(await sql(r.db.url, 'SELECT run_id FROM payment_approval')).toEqual([{ run_id: run.id }])

    const exported = await cli(env, 'payments', 'export', '--month', MONTH, '--out', file)
    expect(exported.stderr).toBe('')
    expect(exported.status).toBe(0)
    expect(exported.stdout).toBe(`Wrote the payments of 2027-03 revision 1 to ${file}.\n`)
    const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n')
    expect(header).toBe(SPEC_PAYMENTS_HEADER)
    const clinics = reference.perRun[0]!.clinics as Record<string, unknown>[]
    expect(rows.map((row) => row.split(','))).toEqual(
      clinics.map((c) => [c.hsa_id, MONTH, '1', String(c.listed_citizens), c.listing_points, c.age_sex, c.care_weight, c.interpreter,
        c.geography, c.socioeconomic, c.capitation, c.goal_potential, expect.stringMatching(/^\d\.\d{6}$/), c.goal_earned, c.vat_compensation, c.total]),
    )
    expect(existsSync(`${file}.partial`)).toBe(false)

    // A model with three problems: exit 1, each problem on a line of its own, nothing stored.
    const modelsBefore = await sql(r.db.url, 'SELECT id FROM payment_model ORDER BY id')
    const bad = { ...structuredClone(EXAMPLE_MODEL_2027), version: '2027.9', validFrom: '2027-13', allocation: 'weekly', ageSex: { ...EXAMPLE_MODEL_2027.ageSex, krPerPointPerYear: 'lots' } }
    const modelFile = join(tmp, 'bad-model.json')
    writeFileSync(modelFile, JSON.stringify(bad, null, 2))
    const load = await cli(env, 'model', 'load', modelFile)
    expect(load.status).toBe(1)
    expect(load.stdout).toBe('')
    const problems = load.stderr.trimEnd().split('\n')
    expect(problems[0]).toBe('The payment model was not stored:')
    expect(problems.slice(1)).toEqual([
      expect.stringMatching(/^validFrom: /),
      expect.stringMatching(/^allocation: /),
      expect.stringMatching(/^ageSex\.krPerPointPerYear: /),
    ])
    expect(await sql(r.db.url, 'SELECT id FROM payment_model ORDER BY id')).toEqual(modelsBefore)
  })
})

describe('the monthly schedule', () => {
  it('is upserted by the worker: payments.monthly-run at 03:00 on the 1st, Stockholm time, for the previous month', async () => {
    const r = await region('payjob_sched')
    const prefix = uniquePrefix('sched')
    // `schedules: undefined`: startWorker's default, the region's schedules of jobs/schedulers.ts.
    await inProcessWorker(r, prefix, { schedules: undefined })
    const queues = queuesFor(prefix)

    const schedulers = await queues.queue('payments').getJobSchedulers()
    expect(schedulers.map((s) => s.key)).toEqual(['payments.monthly-run'])
    const [monthly] = schedulers
    expect(monthly).toMatchObject({ key: 'payments.monthly-run', name: 'payments.run', pattern: '0 3 1 * *', tz: 'Europe/Stockholm' })
    expect(monthly!.template?.data).toEqual({ month: 'previous' })
    const next = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', day: 'numeric', hour: '2-digit', minute: '2-digit' })
    expect(next.format(new Date(monthly!.next!))).toBe('1, 03:00')
    // The next occurrence waits as a delayed job with the schedule's payload.
    const delayed = await queues.queue('payments').getDelayed()
    expect(delayed.map((j) => [j.name, j.data])).toEqual([['payments.run', { month: 'previous' }]])
  })

  it('swedishMonth reads the month in Stockholm, not UTC', () => {
    // 23:30 UTC on 28 February 2027 is 00:30 on 1 March in Stockholm (CET, UTC+1).
    expect(swedishMonth(Date.UTC(2027, 1, 28, 23, 30))).toBe('2027-03')
    expect(swedishMonth(Date.UTC(2027, 1, 28, 22, 30))).toBe('2027-02')
    // Summer time (CEST, UTC+2): 22:30 UTC on 31 May is 00:30 on 1 June.
    expect(swedishMonth(Date.UTC(2027, 4, 31, 22, 30))).toBe('2027-06')
    expect(swedishMonth(Date.UTC(2026, 11, 31, 23, 0))).toBe('2027-01')
  })

  it('a { month: "previous" } job due at 03:00 on 1 April 2027 (Stockholm) runs March 2027, though the scheduler added it a month before', async () => {
    const r = await region('payjob_prev')
    const progress: Record<string, unknown>[] = []
    const { logger } = capturedLogger()
    // A job scheduler adds the next run when the current one starts (03:00 CET on 1 March) with the
    // delay until it is due: 03:00 CEST (UTC+2) on 2027-04-01.
    const ctx: JobContext = {
      jobId: 'scheduled-test-1',
      attempt: 1,
      maxAttempts: 3,
      enqueuedAt: Date.UTC(2027, 2, 1, 2, 0),
      dueAt: Date.UTC(2027, 3, 1, 1, 0),
      logger,
      updateProgress: async (p) => void progress.push(p as Record<string, unknown>),
    }
    const outcome = await paymentRun({ prisma: r.prisma, databaseUrl: r.db.url, logger }, { month: 'previous' }, ctx)
    expect(outcome).toMatchObject({ kind: 'created', month: '2027-03', revision: 1 })
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.every((p) => p.month === '2027-03')).toBe(true)
    expect(progress.at(-1)).toEqual({ percent: 100, stage: 'done', month: '2027-03' })
    expect(await sql(r.db.url, `SELECT to_char(month, 'YYYY-MM') AS month, revision, job_id FROM payment_run`)).toEqual([
      { month: '2027-03', revision: 1, job_id: 'scheduled-test-1' },
    ])
    await expectOneCorrectRevision(r.db.url)
  })
})

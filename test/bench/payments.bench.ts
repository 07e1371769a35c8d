/**
 * `npm run bench:payments -- --citizens 2500000 [--month 2026-10] [--sample 2000]`
 *
 * On one demo region (built once into the database vardval_bench_<N>, reused while it matches the
 * demo format and the migrations), times three ways of computing the month's payments:
 *   1. the engine, end to end: a real worker process runs the `payments.run` job, from enqueue to
 *      the committed revision; its peak resident memory is read from /proc (VmHWM);
 *   2. one hand-written SQL statement computing the same clinic totals: the practical limit; its
 *      per-clinic capitation must equal the engine's, or the benchmark fails;
 *   3. a naive row-by-row implementation over a sample of citizens, extrapolated to every line.
 * Targets (docs/performance.md): 2.5 M citizens with daily allocation and normalisation in under
 * 60 s end to end, within 2× of the single statement, worker peak RSS under 300 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { QueueEvents } from 'bullmq'
import pg from 'pg'
import { z } from 'zod'
import { DEMO_PAYMENT_MODEL } from '../../app/modules/payments/model.ts'
import { ModelRejected, storeModel } from '../../app/modules/payments/models.server.ts'
import { Fraction, firstDay, nextMonth } from '../../app/modules/payments/rules.ts'
import { modelInForce, type RunOutcome } from '../../app/modules/payments/run.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createRedis } from '../../app/utils/redis.server.ts'
import { createJobQueues, queueNames } from '../../jobs/queues.ts'
import { ADMIN_URL, databaseUrl, sql } from '../support/database.ts'
import { benchDatabaseName, fmt, prepareBenchDatabase } from './bench-database.ts'
import { runNaive, type NaiveResult } from './payments-naive.ts'
import { singleStatement } from './payments-sql.ts'

const { values } = parseArgs({
  options: { citizens: { type: 'string' }, month: { type: 'string' }, sample: { type: 'string' } },
  strict: true,
})
const args = z
  .object({
    citizens: z.coerce.number().int().min(1000).default(250_000),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM').default('2026-10'),
    sample: z.coerce.number().int().min(10).default(2000),
  })
  .parse(values)

const SEED = 2027
const AS_OF = '2026-11-01'
const url = databaseUrl(benchDatabaseName({ bench: 'payments', citizens: args.citizens }))
const MONTH_START = firstDay(args.month)
const MONTH_END = firstDay(nextMonth(args.month))

const log = (line = '') => console.log(line)

// ── The engine, end to end ───────────────────────────────────────────────────────────────────

/** Makes the month's inputs differ from its newest revision, so the engine really computes. */
async function changeOneInput(): Promise<string | null> {
  const [newest] = await sql<{ revision: number }>(url, 'SELECT max(revision) AS revision FROM payment_run WHERE month = $1::date', [MONTH_START])
  if (!newest?.revision) return null
  // The latest weight in force of the first citizen paid for in the month, toggled between two values
  // (its last decimal made even or odd), committed on its own.
  const [changed] = await sql<{ citizen_id: string; valid_from: string; before: string; after: string }>(
    url,
    `WITH target AS (
       SELECT cw.citizen_id, cw.valid_from, cw.weight FROM care_weight cw
       WHERE cw.valid_from <= $1::date AND cw.citizen_id IN (
         SELECT l.citizen_id FROM listing l JOIN citizen c ON c.id = l.citizen_id
         WHERE l.valid_from < $2::date AND (l.valid_to IS NULL OR l.valid_to > $1::date) AND (c.end_date IS NULL OR c.end_date >= $2::date)
         ORDER BY l.citizen_id LIMIT 100)
       ORDER BY cw.citizen_id, cw.valid_from DESC LIMIT 1
     )
     UPDATE care_weight cw
     SET weight = CASE WHEN (t.weight * 10000)::bigint % 2 = 0 THEN t.weight + 0.0001 ELSE t.weight - 0.0001 END
     FROM target t WHERE cw.citizen_id = t.citizen_id AND cw.valid_from = t.valid_from
     RETURNING cw.citizen_id, to_char(cw.valid_from, 'YYYY-MM-DD') AS valid_from, t.weight::text AS before, cw.weight::text AS after`,
    [MONTH_START, MONTH_END],
  )
  if (!changed) throw new Error(`no care weight to change in ${args.month}`)
  return `${args.month} already has revision ${newest.revision}: changed citizen ${changed.citizen_id}'s care weight from ${changed.valid_from} (${changed.before} → ${changed.after}) so the inputs differ and the engine computes a new revision.`
}

function procStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!m) throw new Error(`no ${field} for process ${pid}`)
  return Number(m[1])
}

interface EngineResult {
  outcome: Extract<RunOutcome, { kind: 'created' }>
  /** job.finishedOn − job.timestamp: enqueue to committed, by the job's own clock. */
  seconds: number
  wallSeconds: number
  queuedSeconds: number
  peakRssKb: number
  startRssKb: number
  phases: { label: string; seconds: number }[]
  engineSeconds: number | null
}

/** What happened between one progress stage and the next (run.server.ts reports each stage when reached). */
const PHASES: [from: string, to: string, label: string][] = [
  ['active', 'model', 'connect, month lock, snapshot'],
  ['model', 'lines', 'stage the lines (temp table + ANALYZE)'],
  ['lines', 'fingerprint', 'digest, clinics, quality, fingerprint'],
  ['fingerprint', 'amounts', 'amounts: write lines, build key, attach'],
  ['amounts', 'commit', 'clinic figures (Node) + run/clinic rows'],
  ['commit', 'done', 'COMMIT'],
  ['done', 'finished', 'job completion'],
]

async function runEngine(): Promise<EngineResult> {
  const prefix = `bench-payments-${randomBytes(4).toString('hex')}`
  const worker: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'jobs/worker.ts'], {
    env: { ...process.env, DATABASE_URL: url, QUEUE_PREFIX: prefix, LOG_LEVEL: 'info', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  worker.stdout!.on('data', (c: Buffer) => (output += c.toString()))
  worker.stderr!.on('data', (c: Buffer) => (output += c.toString()))
  const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)))
  const queues = createJobQueues({ prefix })
  const eventsConnection = createRedis()
  const events = new QueueEvents('payments', { connection: eventsConnection, prefix })
  try {
    const started = performance.now()
    if (!(await queues.waitForWorker('payments', 60_000))) throw new Error(`the worker did not start within 60 s:\n${output}`)
    log(`  worker pid ${worker.pid} ready after ${((performance.now() - started) / 1000).toFixed(1)} s (prefix ${prefix})`)
    const startRssKb = procStatusKb(worker.pid!, 'VmRSS')
    await events.waitUntilReady()

    // Each stage's first report, by the Redis stream's own clock (the event id is its time in ms).
    const stageAt = new Map<string, number>()
    let jobId = ''
    events.on('progress', ({ jobId: id, data }, eventId) => {
      const stage = (data as { stage?: string }).stage
      if (id === jobId && stage && !stageAt.has(stage)) stageAt.set(stage, Number(eventId.split('-')[0]))
    })

    const queue = queues.queue('payments')
    const wallStart = performance.now()
    jobId = (await queues.enqueue('payments.run', { month: args.month }, { attempts: 1 })).id
    let state = ''
    for (;;) {
      state = await queue.getJobState(jobId)
      if (state === 'completed' || state === 'failed') break
      if (worker.exitCode !== null) throw new Error(`the worker exited during the run:\n${output}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    const wallSeconds = (performance.now() - wallStart) / 1000
    const peakRssKb = procStatusKb(worker.pid!, 'VmHWM')
    const job = (await queue.getJob(jobId))!
    if (state === 'failed') throw new Error(`the payment run failed: ${job.failedReason}\n${output}`)
    const outcome = job.returnvalue as RunOutcome
    if (outcome.kind !== 'created') throw new Error(`expected a new revision, got ${JSON.stringify(outcome)}`)

    await new Promise((r) => setTimeout(r, 200)) // let the last progress events arrive
    stageAt.set('active', job.processedOn!)
    stageAt.set('finished', job.finishedOn!)
    const phases = PHASES.filter(([from, to]) => stageAt.has(from) && stageAt.has(to)).map(([from, to, label]) => ({
      label,
      seconds: (stageAt.get(to)! - stageAt.get(from)!) / 1000,
    }))
    const finished = output.split('\n').find((l) => l.includes('"payment run finished"'))
    const engineSeconds = finished ? (JSON.parse(finished) as { seconds?: number }).seconds ?? null : null
    return {
      outcome,
      seconds: (job.finishedOn! - job.timestamp) / 1000,
      wallSeconds,
      queuedSeconds: (job.processedOn! - job.timestamp) / 1000,
      peakRssKb,
      startRssKb,
      phases,
      engineSeconds,
    }
  } finally {
    if (worker.exitCode === null) {
      worker.kill('SIGTERM')
      const timer = setTimeout(() => worker.kill('SIGKILL'), 30_000)
      await exited
      clearTimeout(timer)
    }
    await events.close()
    await eventsConnection.quit()
    for (const name of queueNames) await queues.queue(name).obliterate({ force: true })
    await queues.close()
  }
}

// ── The single statement ─────────────────────────────────────────────────────────────────────

interface StatementRow {
  clinic_id: number
  lines: number
  cni_ok: boolean
  region_days: string
  region_weight_days: string
  capitation: string
}

async function runStatement(text: string): Promise<{ seconds: number; rows: StatementRow[] }> {
  const client = new pg.Client({ connectionString: url, application_name: 'vardval-bench-statement' })
  await client.connect()
  try {
    await client.query(`SET work_mem = '128MB'`)
    const started = performance.now()
    const { rows } = await client.query<StatementRow>(text)
    return { seconds: (performance.now() - started) / 1000, rows }
  } finally {
    await client.end()
  }
}

// ── Main ─────────────────────────────────────────────────────────────────────────────────────

const [{ version }] = (await sql<{ version: string }>(ADMIN_URL, `SELECT current_setting('server_version') AS version`)) as [{ version: string }]
const [{ workers: pgWorkers }] = (await sql<{ workers: string }>(ADMIN_URL, `SELECT current_setting('max_parallel_workers_per_gather') AS workers`)) as [{ workers: string }]
log(`Payment run benchmark: ${fmt(args.citizens)} citizens, month ${args.month}, naive sample ${fmt(args.sample)} citizens`)
log(`Machine: ${availableParallelism()} cores, Node ${process.version}, PostgreSQL ${version} (max_parallel_workers_per_gather ${pgWorkers}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
await prepareBenchDatabase({ bench: 'payments', citizens: args.citizens, seed: SEED, asOf: AS_OF, log })

const prisma = createPrisma(url)
try {
  const { created } = await storeModel(prisma, DEMO_PAYMENT_MODEL, 'adopted', { kind: 'system' })
  if (created) log(`Payment model ${DEMO_PAYMENT_MODEL.version} adopted.`)
} catch (error) {
  if (!(error instanceof ModelRejected)) throw error
  log(`Payment model ${DEMO_PAYMENT_MODEL.version} not stored: ${error.problems.join('; ')}`)
} finally {
  await prisma.$disconnect()
}
const modelClient = new pg.Client({ connectionString: url })
await modelClient.connect()
const model = await modelInForce(modelClient, args.month)
await modelClient.end()
if (!model) throw new Error(`no adopted model is in force for ${args.month}`)
const params = model.params
if (params.allocation !== 'daily' || params.careWeight.normalise !== 'regionMean') {
  throw new Error(`model ${model.version} in force for ${args.month} is ${params.allocation}/${params.careWeight.normalise}, not the spec example's daily/regionMean`)
}
log(`Model in force: ${model.version} (daily allocation, care weight normalised to the region mean, interpreter, geography, socioeconomic).`)

log('\n1. The engine, end to end (a worker process runs the payments.run job; enqueue → committed)')
const change = await changeOneInput()
if (change) log(`  ${change}`)
const engine = await runEngine()
const lines = engine.outcome.lines
log(`  revision ${engine.outcome.revision} (run ${engine.outcome.runId}): ${fmt(lines)} lines, ${engine.outcome.clinics} clinics, total ${engine.outcome.total} kr`)
log(`  ${engine.seconds.toFixed(1)} s enqueue → committed (${engine.queuedSeconds.toFixed(2)} s queued; wall clock ${engine.wallSeconds.toFixed(1)} s; the engine's own figure ${engine.engineSeconds?.toFixed(1) ?? '?'} s)`)
for (const p of engine.phases) log(`    ${p.label.padEnd(42)} ${p.seconds.toFixed(1).padStart(6)} s`)
log(`  worker peak RSS ${fmt(engine.peakRssKb / 1024)} MB (${fmt(engine.startRssKb / 1024)} MB when ready)`)

log('\n2. One hand-written SQL statement (the same clinic totals straight from the registers)')
const statementText = singleStatement(params, args.month)
const statement = await runStatement(statementText)
const statementLines = statement.rows.reduce((n, r) => n + r.lines, 0)
log(`  ${statement.seconds.toFixed(1)} s, ${fmt(statementLines)} lines, ${statement.rows.length} clinics with lines`)
const [run] = await sql<{ region_days: string; region_weight_days: string }>(
  url,
  'SELECT region_days::text, region_weight_days::text FROM payment_run WHERE id = $1',
  [engine.outcome.runId],
)
const engineClinics = await sql<{ clinic_id: number; capitation: string; listed_citizens: number }>(
  url,
  'SELECT clinic_id, capitation::text, listed_citizens FROM payment_clinic WHERE run_id = $1',
  [engine.outcome.runId],
)
const mismatches: string[] = []
const byClinic = new Map(statement.rows.map((r) => [r.clinic_id, r]))
for (const c of engineClinics) {
  const s = byClinic.get(c.clinic_id)
  byClinic.delete(c.clinic_id)
  const capitation = s?.capitation ?? '0'
  if (Fraction.parse(capitation).compare(c.capitation) !== 0 || (s?.lines ?? 0) !== c.listed_citizens) {
    mismatches.push(`clinic ${c.clinic_id}: engine ${c.capitation} kr (${c.listed_citizens} lines), statement ${capitation} kr (${s?.lines ?? 0} lines)`)
  }
}
for (const s of byClinic.values()) mismatches.push(`clinic ${s.clinic_id}: statement ${s.capitation} kr, not in the engine's run`)
const first = statement.rows[0]
if (first && (Fraction.parse(first.region_days).compare(run!.region_days) !== 0 || Fraction.parse(first.region_weight_days).compare(run!.region_weight_days) !== 0)) {
  mismatches.push(`region sums: engine ${run!.region_days} days / ${run!.region_weight_days}, statement ${first.region_days} / ${first.region_weight_days}`)
}
log(`  totals agree: ${mismatches.length === 0 ? 'yes' : 'no'} (per-clinic capitation of ${engineClinics.length} clinics against the engine's revision ${engine.outcome.revision})`)
for (const m of mismatches.slice(0, 10)) log(`    ${m}`)

log(`\n3. Naive row by row over a sample (5 queries per citizen, one INSERT per line, rolled back)`)
const every = Math.max(1, Math.floor(lines / args.sample))
const sample = (
  await sql<{ citizen_id: string }>(
    url,
    'SELECT DISTINCT citizen_id FROM payment_line WHERE run_id = $1 AND citizen_id % $2 = 0 ORDER BY citizen_id LIMIT $3',
    [engine.outcome.runId, every, args.sample],
  )
).map((r) => r.citizen_id)
const naiveClient = new pg.Client({ connectionString: url, application_name: 'vardval-bench-naive' })
await naiveClient.connect()
let naive: NaiveResult
try {
  naive = await runNaive(naiveClient, {
    params,
    month: args.month,
    citizenIds: sample,
    regionDays: run!.region_days,
    regionWeightDays: run!.region_weight_days,
    cniQualifies: new Set(statement.rows.filter((r) => r.cni_ok).map((r) => r.clinic_id)),
  })
} finally {
  await naiveClient.end()
}
const naiveRate = naive.lines.length / naive.seconds
const naiveExtrapolated = lines / naiveRate
log(`  ${naive.seconds.toFixed(1)} s for ${fmt(naive.citizens)} citizens, ${fmt(naive.lines.length)} lines, ${fmt(naive.queries)} queries: ${fmt(naiveRate)} lines/s`)
log(`  extrapolated from a sample of ${fmt(naive.citizens)} citizens to ${fmt(lines)} lines: ${fmt(naiveExtrapolated)} s (${(naiveExtrapolated / 60).toFixed(0)} min)`)
const engineLines = await sql<{ citizen_id: string; clinic_id: number; capitation: string }>(
  url,
  'SELECT citizen_id::text, clinic_id, capitation::text FROM payment_line WHERE run_id = $1 AND citizen_id = ANY($2::bigint[])',
  [engine.outcome.runId, sample],
)
const engineLine = new Map(engineLines.map((l) => [`${l.citizen_id}/${l.clinic_id}`, l.capitation]))
const naiveAgree = naive.lines.filter((l) => engineLine.get(`${l.citizenId}/${l.clinicId}`) === l.capitation).length
const naiveOk = naiveAgree === naive.lines.length && naive.lines.length === engineLines.length
log(`  its lines agree with the engine's: ${naiveOk ? 'yes' : 'no'} (${fmt(naiveAgree)} of ${fmt(naive.lines.length)} capitations equal; the engine has ${fmt(engineLines.length)} lines for these citizens)`)

// ── Summary ──────────────────────────────────────────────────────────────────────────────────

const rows: [string, number, number][] = [
  ['engine, end to end', engine.seconds, lines],
  ['single SQL statement', statement.seconds, statementLines],
  [`naive (extrapolated, sample ${fmt(naive.citizens)})`, naiveExtrapolated, lines],
]
log(`\nSummary: ${fmt(args.citizens)} citizens, ${args.month}, ${new Date().toISOString().slice(0, 10)}, load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
log(`${'how'.padEnd(36)} ${'seconds'.padStart(9)} ${'lines'.padStart(11)} ${'lines/s'.padStart(9)}  × statement`)
for (const [how, seconds, n] of rows) {
  log(`${how.padEnd(36)} ${seconds.toFixed(1).padStart(9)} ${fmt(n).padStart(11)} ${fmt(n / seconds).padStart(9)}  ${(seconds / statement.seconds).toFixed(2)}`)
}
const ratio = engine.seconds / statement.seconds
const peakMb = engine.peakRssKb / 1024
const met = (ok: boolean) => (ok ? 'met' : 'NOT met')
log(`worker peak RSS: ${fmt(peakMb)} MB`)
log(`targets: end to end < 60 s: ${met(engine.seconds < 60)} (${engine.seconds.toFixed(1)} s); ≤ 2× the statement: ${met(ratio <= 2)} (${ratio.toFixed(2)}×); worker peak RSS < 300 MB: ${met(peakMb < 300)} (${fmt(peakMb)} MB)`)
if (args.citizens !== 2_500_000) log('(the targets are set for 2 500 000 citizens)')
log(`totals agree: ${mismatches.length === 0 ? 'yes' : 'no'}`)
if (mismatches.length || !naiveOk) process.exit(1)

/**
 * The monthly payment run (shared/spec/payment-model.md §3–§6): one transaction on one snapshot.
 * Lines are computed and written by set-based SQL; Node only sees per-clinic sums (a few thousand
 * rows), on which it computes the goal-based share exactly (rules.ts). A crash, kill or lost
 * connection before COMMIT leaves nothing; unchanged inputs leave nothing new (payment_run's
 * trigger refuses a revision whose input fingerprint equals the one before it).
 */
import { createHash } from 'node:crypto'
import pg from 'pg'
import { env } from '../../utils/env.server.ts'
import {
  Fraction,
  MONTH_PATTERN,
  bandPoints,
  censusDate,
  clinicMeanCniQualifies,
  clinicAmounts,
  clinicGoalScore,
  daysInMonth,
  fallbackScore,
  firstDay,
  indicatorOutcome,
  nextMonth,
  roundOre,
  type IndicatorResult,
  type LineAmounts,
  type Ownership,
  type PaymentModelParams,
} from './rules.ts'
import { CREATE_RUN_LINE, FILL_RUN_LINE_CENSUS, FILL_RUN_LINE_DAILY, RUN_CLINICS, RUN_LINE_DIGEST, RUN_QUALITY, linePartition, lineSums } from './sql.ts'


export interface RunProgress {
  percent: number
  stage: 'model' | 'lines' | 'fingerprint' | 'amounts' | 'clinics' | 'commit' | 'done'
}

export interface RunOptions {
  databaseUrl?: string
  jobId?: string
  requestedByUserId?: number
  onProgress?: (progress: RunProgress) => void | Promise<void>
  /** Called with the run's database backend pid once connected (tests cut the connection with it). */
  onBackend?: (pid: number) => void
}

export type RunOutcome =
  | { kind: 'created'; month: string; runId: number; revision: number; lines: number; clinics: number; total: string; seconds: number }
  | { kind: 'unchanged'; month: string; runId: number; revision: number; seconds: number }

/** The month cannot be run as asked (no model in force, bad month): retrying will not help. */
export class PaymentRunRefused extends Error {
  override name = 'PaymentRunRefused'
}

export interface ModelInForce {
  id: number
  version: string
  fingerprint: string
  params: PaymentModelParams
}

/** One clinic's figures in a run or a what-if, before they are stored (components summed over its lines). */
export interface ClinicFigures extends LineAmounts {
  clinicId: number
  hsaId: string
  ownership: Ownership
  listedCitizens: number
  listingPoints: string
  days: string
  weightDays: string
  geographyPoints: number
  cniDays: string
  cniQualifies: boolean
  goalPotential: string
  goalScore: Fraction
  goalAssessed: boolean
  goalEarned: string
  vatCompensation: string
  total: string
  indicators: IndicatorFigures[]
}

export interface IndicatorFigures {
  indicator: string
  weight: string
  result: { period: string; numerator: number; denominator: number; published: string } | null
  assessable: boolean
  value: Fraction | null
  fulfilment: Fraction | null
}

interface ClinicRow {
  id: number
  hsa_id: string
  ownership: Ownership
  geography_points: number
}

interface QualityRow {
  clinic_id: number
  indicator: string
  period: string
  numerator: number
  denominator: number
  published: string
}

interface SumsRow {
  clinic_id: number
  listed_citizens: number
  point_days: string
  days: string
  weight_days: string
  cni_days: string
  age_sex: string
  care_weight: string
  interpreter: string
  geography: string
  socioeconomic: string
  capitation: string
}

const ZERO = '0.00'

/** Ages 0‥150 → points, per sex: the bands flattened so SQL looks a line's points up by subscript. */
export function pointsByAge(params: PaymentModelParams): { F: string[]; M: string[] } {
  const F: string[] = []
  const M: string[] = []
  try {
    for (let age = 0; age <= 150; age++) {
      F.push(bandPoints(params, age, 'F'))
      M.push(bandPoints(params, age, 'M'))
    }
  } catch (error) {
    throw new PaymentRunRefused((error as Error).message)
  }
  return { F, M }
}

async function connect(options: RunOptions): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: options.databaseUrl ?? env().DATABASE_URL, application_name: 'vardval-payment-run' })
  // A lost connection rejects the pending query; without a listener it would also crash the process.
  client.on('error', () => {})
  await client.connect()
  // The run's staging lives in temporary tables; give them room before first use.
  await client.query(`SET temp_buffers = '256MB'`)
  await client.query(`SET work_mem = '128MB'`)
  return client
}

/** The adopted model version in force for the month: the latest valid_from ≤ the month. */
export async function modelInForce(client: pg.ClientBase, month: string): Promise<ModelInForce | null> {
  const { rows } = await client.query<{ id: number; version: string; fingerprint: string; params: PaymentModelParams }>(
    `SELECT id, version, fingerprint, params FROM payment_model
     WHERE status = 'adopted' AND valid_from <= $1::date ORDER BY valid_from DESC LIMIT 1`,
    [firstDay(month)],
  )
  return rows[0] ?? null
}

/**
 * Stages the month's lines in `run_line` and returns the model's SQL parameters. Needs an open
 * transaction; the staging disappears at its end.
 */
async function stageLines(client: pg.ClientBase, month: string, params: PaymentModelParams): Promise<void> {
  const start = firstDay(month)
  const points = pointsByAge(params)
  await client.query(CREATE_RUN_LINE)
  if (params.allocation === 'daily') {
    await client.query(FILL_RUN_LINE_DAILY, [start, firstDay(nextMonth(month)), start, points.F, points.M, params.careWeight.defaultWeight])
  } else {
    const census = censusDate(month, params.censusDay ?? 'lastDayOfPreviousMonth')
    await client.query(FILL_RUN_LINE_CENSUS, [start, daysInMonth(month), census, points.F, points.M, params.careWeight.defaultWeight])
  }
  await client.query('ANALYZE run_line')
}

interface Staged {
  digest: { lines: string; days: string; weight_days: string; h0: string; h1: string }
  clinics: ClinicRow[]
  quality: QualityRow[]
}

/** The staged lines' digest and sums, the clinics paid for, and the quality results that count. */
async function readStaged(client: pg.ClientBase, month: string, params: PaymentModelParams, previousRunId: number | null): Promise<Staged> {
  const start = firstDay(month)
  const [digest, clinics, quality] = [
    (await client.query<Staged['digest']>(RUN_LINE_DIGEST)).rows[0]!,
    (await client.query<ClinicRow>(RUN_CLINICS, [start, firstDay(nextMonth(month)), previousRunId ?? 0])).rows,
    (await client.query<QualityRow>(RUN_QUALITY, [start, params.goal.indicators.map((i) => i.code)])).rows,
  ]
  return { digest, clinics, quality }
}

/** sha256 over the model, the allocation inputs of every line, the clinics and the quality results. */
export function inputFingerprint(month: string, model: ModelInForce, staged: Staged): string {
  return createHash('sha256')
    .update(JSON.stringify({ month, model: model.fingerprint, lines: staged.digest, clinics: staged.clinics, quality: staged.quality }))
    .digest('hex')
}

/**
 * Computes the lines and, given a run id, writes them as that run's partition of payment_line;
 * returns per-clinic sums. Without a run id (a what-if) nothing is written.
 */
async function computeLines(
  client: pg.ClientBase,
  month: string,
  params: PaymentModelParams,
  staged: Staged,
  runId: number | null,
): Promise<Map<number, SumsRow>> {
  const normalise = params.careWeight.normalise === 'regionMean' && staged.digest.lines !== '0'
  const partition = runId === null ? null : linePartition(runId)
  if (partition) await client.query(partition.create)
  const { rows } = await client.query<SumsRow>(lineSums(partition?.table ?? null), [
    runId ?? 0,
    12 * daysInMonth(month),
    params.ageSex.krPerPointPerYear,
    params.careWeight.krPerPointPerYear,
    normalise ? staged.digest.days : '1',
    normalise ? staged.digest.weight_days : '1',
    params.interpreter?.krPerYear ?? '0',
    params.geography?.krPerGeoPointPerListingPointPerYear ?? '0',
    params.geography ? params.geography.minPoints : null,
    params.socioeconomic?.krPerCniPointPerYear ?? '0',
    params.socioeconomic?.minClinicMeanCni ?? null,
  ])
  if (partition) for (const statement of partition.finish) await client.query(statement)
  return new Map(rows.map((r) => [r.clinic_id, r]))
}

/** The clinic amounts of spec §5, exactly: the goal score, goal part and VAT compensation. */
export function clinicFigures(month: string, params: PaymentModelParams, staged: Staged, sums: Map<number, SumsRow>): ClinicFigures[] {
  const D = daysInMonth(month)
  const resultsByClinic = new Map<number, Map<string, QualityRow>>()
  for (const q of staged.quality) {
    let m = resultsByClinic.get(q.clinic_id)
    if (!m) resultsByClinic.set(q.clinic_id, (m = new Map()))
    m.set(q.indicator, q)
  }
  const scored = staged.clinics.map((clinic) => {
    const results = resultsByClinic.get(clinic.id) ?? new Map<string, QualityRow>()
    const byCode: Record<string, IndicatorResult | null> = {}
    for (const [code, r] of results) byCode[code] = r
    return { clinic, results, score: clinicGoalScore(params, byCode) }
  })
  const fallback = fallbackScore(scored.map((s) => s.score))

  return scored.map(({ clinic, results, score }) => {
    const s = sums.get(clinic.id)
    const capitation = s ? Fraction.parse(s.capitation).toFixed(2) : ZERO
    // A clinic without lines has a row of zeros (data-formats.md), its score included.
    const goalScore = s ? (score ?? fallback) : Fraction.ZERO
    const cniDays = s ? Fraction.parse(s.cni_days) : Fraction.ZERO
    const amounts = clinicAmounts(params, { capitation, score: goalScore, ownership: clinic.ownership })
    return {
      clinicId: clinic.id,
      hsaId: clinic.hsa_id,
      ownership: clinic.ownership,
      listedCitizens: s?.listed_citizens ?? 0,
      listingPoints: s ? Fraction.parse(s.point_days).div(D).toFixed(4) : '0.0000',
      days: s?.days ?? '0',
      weightDays: s ? Fraction.parse(s.weight_days).toFixed(4) : '0.0000',
      geographyPoints: clinic.geography_points,
      cniDays: cniDays.toFixed(4),
      cniQualifies: clinicMeanCniQualifies(params, cniDays, s?.days ?? '0'),
      ageSex: s ? Fraction.parse(s.age_sex).toFixed(2) : ZERO,
      careWeight: s ? Fraction.parse(s.care_weight).toFixed(2) : ZERO,
      interpreter: s ? Fraction.parse(s.interpreter).toFixed(2) : ZERO,
      geography: s ? Fraction.parse(s.geography).toFixed(2) : ZERO,
      socioeconomic: s ? Fraction.parse(s.socioeconomic).toFixed(2) : ZERO,
      capitation,
      goalScore,
      goalAssessed: score !== null,
      ...amounts,
      indicators: params.goal.indicators.map((indicator) => {
        const r = results.get(indicator.code) ?? null
        const outcome = indicatorOutcome(indicator, r)
        return {
          indicator: indicator.code,
          weight: indicator.weight,
          result: r && { period: r.period, numerator: r.numerator, denominator: r.denominator, published: r.published },
          ...outcome,
        }
      }),
    }
  })
}

function sumOf(figures: ClinicFigures[], pick: (f: ClinicFigures) => string): string {
  let total = Fraction.ZERO
  for (const f of figures) total = total.add(pick(f))
  return roundOre(total)
}

async function insertClinics(client: pg.ClientBase, runId: number, figures: ClinicFigures[]): Promise<void> {
  const col = <T>(pick: (f: ClinicFigures) => T) => figures.map(pick)
  await client.query(
    `INSERT INTO payment_clinic (run_id, clinic_id, listed_citizens, listing_points, days, weight_days, age_sex, care_weight,
       interpreter, geography, socioeconomic, capitation, goal_potential, goal_score, goal_score_exact, goal_assessed,
       goal_earned, vat_compensation, total, geography_points, ownership, cni_days, cni_qualifies)
     SELECT $1, * FROM unnest($2::int[], $3::int[], $4::numeric[], $5::bigint[], $6::numeric[], $7::numeric[], $8::numeric[],
       $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[], $14::numeric[], $15::text[], $16::bool[],
       $17::numeric[], $18::numeric[], $19::numeric[], $20::smallint[], $21::"Ownership"[], $22::numeric[], $23::bool[])`,
    [
      runId,
      col((f) => f.clinicId),
      col((f) => f.listedCitizens),
      col((f) => f.listingPoints),
      col((f) => f.days),
      col((f) => f.weightDays),
      col((f) => f.ageSex),
      col((f) => f.careWeight),
      col((f) => f.interpreter),
      col((f) => f.geography),
      col((f) => f.socioeconomic),
      col((f) => f.capitation),
      col((f) => f.goalPotential),
      col((f) => f.goalScore.toFixed(6)),
      col((f) => f.goalScore.toString()),
      col((f) => f.goalAssessed),
      col((f) => f.goalEarned),
      col((f) => f.vatCompensation),
      col((f) => f.total),
      col((f) => f.geographyPoints),
      col((f) => f.ownership),
      col((f) => f.cniDays),
      col((f) => f.cniQualifies),
    ],
  )
  const indicators = figures.flatMap((f) => f.indicators.map((i) => ({ clinicId: f.clinicId, ...i })))
  if (!indicators.length) return
  const icol = <T>(pick: (i: (typeof indicators)[number]) => T) => indicators.map(pick)
  await client.query(
    `INSERT INTO payment_goal_indicator (run_id, clinic_id, indicator, weight, period, numerator, denominator, published,
       assessable, value, fulfilment)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::numeric[], $5::text[], $6::int[], $7::int[], $8::date[],
       $9::bool[], $10::numeric[], $11::numeric[])`,
    [
      runId,
      icol((i) => i.clinicId),
      icol((i) => i.indicator),
      icol((i) => i.weight),
      icol((i) => i.result?.period ?? null),
      icol((i) => i.result?.numerator ?? null),
      icol((i) => i.result?.denominator ?? null),
      icol((i) => i.result?.published ?? null),
      icol((i) => i.assessable),
      icol((i) => i.value?.toFixed(6) ?? null),
      icol((i) => i.fulfilment?.toFixed(6) ?? null),
    ],
  )
}

/**
 * The advisory lock key of a month: a run holds it (session-level, taken before its snapshot so a
 * waiting run sees the last one's commit); an approval takes it too.
 */
export function monthLockKey(month: string): [number, number] {
  return [0x7061_7972, Number(month.replace('-', ''))]
}

/**
 * Runs month M (YYYY-MM) for the whole region. Safe to repeat and to retry: unchanged inputs give
 * `unchanged` with the newest revision; changed inputs give the next revision.
 */
export async function runPaymentMonth(month: string, options: RunOptions = {}): Promise<RunOutcome> {
  if (!MONTH_PATTERN.test(month)) throw new PaymentRunRefused(`month must be YYYY-MM, not ${JSON.stringify(month)}`)
  const started = performance.now()
  const startedAt = new Date()
  const progress = async (percent: number, stage: RunProgress['stage']) => options.onProgress?.({ percent, stage })
  const client = await connect(options)
  try {
    options.onBackend?.((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid)
    await client.query('SELECT pg_advisory_lock($1, $2)', monthLockKey(month))
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
    const dataAsOf = (await client.query<{ now: Date }>('SELECT now()')).rows[0]!.now
    await progress(5, 'model')
    const model = await modelInForce(client, month)
    if (!model) throw new PaymentRunRefused(`no adopted payment model is in force for ${month}: load one with \`npm run cli -- model load FILE.json\``)
    const params = model.params

    const newest = (
      await client.query<{ id: number; revision: number; input_fingerprint: string }>(
        'SELECT id, revision, input_fingerprint FROM payment_run WHERE month = $1::date ORDER BY revision DESC LIMIT 1',
        [firstDay(month)],
      )
    ).rows[0]
    await stageLines(client, month, params)
    await progress(35, 'lines')
    const staged = await readStaged(client, month, params, newest?.id ?? null)
    const fingerprint = inputFingerprint(month, model, staged)
    await progress(45, 'fingerprint')
    if (newest?.input_fingerprint === fingerprint) {
      await client.query('ROLLBACK')
      return { kind: 'unchanged', month, runId: newest.id, revision: newest.revision, seconds: (performance.now() - started) / 1000 }
    }

    const runId = (await client.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('payment_run', 'id'))::int AS id`)).rows[0]!.id
    const sums = await computeLines(client, month, params, staged, runId)
    await progress(85, 'amounts')
    const figures = clinicFigures(month, params, staged, sums)
    const revision = (newest?.revision ?? 0) + 1
    const total = sumOf(figures, (f) => f.total)
    await client.query(
      `INSERT INTO payment_run (id, month, revision, model_id, input_fingerprint, data_as_of, started_at, finished_at, job_id,
         requested_by_user_id, line_count, clinic_count, region_days, region_weight_days, listed_citizens, age_sex, care_weight,
         interpreter, geography, socioeconomic, capitation, goal_earned, vat_compensation, total)
       VALUES ($1, $2::date, $3, $4, $5, $6, $7, clock_timestamp(), $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
      [
        runId,
        firstDay(month),
        revision,
        model.id,
        fingerprint,
        dataAsOf,
        startedAt,
        options.jobId ?? null,
        options.requestedByUserId ?? null,
        Number(staged.digest.lines),
        figures.length,
        staged.digest.days,
        Fraction.parse(staged.digest.weight_days).toFixed(4),
        figures.reduce((n, f) => n + f.listedCitizens, 0),
        sumOf(figures, (f) => f.ageSex),
        sumOf(figures, (f) => f.careWeight),
        sumOf(figures, (f) => f.interpreter),
        sumOf(figures, (f) => f.geography),
        sumOf(figures, (f) => f.socioeconomic),
        sumOf(figures, (f) => f.capitation),
        sumOf(figures, (f) => f.goalEarned),
        sumOf(figures, (f) => f.vatCompensation),
        total,
      ],
    )
    await insertClinics(client, runId, figures)
    await progress(95, 'commit')
    await client.query('COMMIT')
    // Committed: a failing progress report (Redis gone) must not turn the attempt into a failure.
    await Promise.resolve(progress(100, 'done')).catch(() => {})
    return {
      kind: 'created',
      month,
      runId,
      revision,
      lines: Number(staged.digest.lines),
      clinics: figures.length,
      total,
      seconds: (performance.now() - started) / 1000,
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * A what-if: month M's clinic figures under `params` (a draft model, or the model in force when
 * not given), computed on a snapshot and rolled back: nothing is written.
 */
export function simulateMonth(
  month: string,
  params: PaymentModelParams | null,
  options: Pick<RunOptions, 'databaseUrl'> = {},
): Promise<{ model: string; figures: ClinicFigures[] }> {
  if (!MONTH_PATTERN.test(month)) return Promise.reject(new PaymentRunRefused(`month must be YYYY-MM, not ${JSON.stringify(month)}`))
  return oneSimulationAtATime(() => simulate(month, params, options))
}

let simulations: Promise<unknown> = Promise.resolve()

/**
 * A what-if is a region-wide computation in the request: a process runs one at a time, so that
 * repeated or concurrent page loads queue instead of piling onto the database.
 */
function oneSimulationAtATime<T>(work: () => Promise<T>): Promise<T> {
  const next = simulations.then(work, work)
  simulations = next.catch(() => {})
  return next
}

async function simulate(
  month: string,
  params: PaymentModelParams | null,
  options: Pick<RunOptions, 'databaseUrl'>,
): Promise<{ model: string; figures: ClinicFigures[] }> {
  const client = await connect(options)
  try {
    // Not READ ONLY: the staging is a temporary table. Everything is rolled back below.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
    let label = 'draft'
    if (!params) {
      const model = await modelInForce(client, month)
      if (!model) throw new PaymentRunRefused(`no adopted payment model is in force for ${month}`)
      params = model.params
      label = model.version
    }
    await stageLines(client, month, params)
    const staged = await readStaged(client, month, params, null)
    const sums = await computeLines(client, month, params, staged, null)
    return { model: label, figures: clinicFigures(month, params, staged, sums) }
  } finally {
    await client.query('ROLLBACK').catch(() => {})
    await client.end().catch(() => {})
  }
}

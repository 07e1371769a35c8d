/**
 * Reading and approving payment runs: revisions and their differences, a clinic's specification
 * and lines (each view of lines audited per person), the CSV files of data-formats.md, and the
 * commissioner's overview with the care-weight drift alert.
 */
import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { to as copyTo } from 'pg-copy-streams'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { env } from '../../utils/env.server.ts'
import { normalisePersonalId } from '../identity/personal-id.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'
import { daysInMonth, type LineAmounts } from './rules.ts'
import { monthLockKey } from './run.server.ts'

export class PaymentNotFound extends Error {
  override name = 'PaymentNotFound'
}

/** The action is not allowed in the run's state (e.g. exporting an unapproved revision). */
export class PaymentRefused extends Error {
  override name = 'PaymentRefused'
}

const monthDate = (month: string) => new Date(`${month}-01T00:00:00Z`)
const monthOf = (d: Date) => d.toISOString().slice(0, 7)

/** A revision of a month: its inputs' provenance and its totals (the components as on a line). */
export interface RunSummary extends LineAmounts {
  id: number
  month: string
  revision: number
  modelVersion: string
  dataAsOf: Date
  startedAt: Date
  finishedAt: Date
  seconds: number
  lineCount: number
  clinicCount: number
  listedCitizens: number
  regionMeanWeight: string
  goalEarned: string
  vatCompensation: string
  total: string
  approvedAt: Date | null
  approvedByUserId: number | null
}

const runInclude = { model: { select: { version: true } }, approval: true } as const
type RunRow = Awaited<ReturnType<PrismaClient['paymentRun']['findFirstOrThrow']>> & {
  model: { version: string }
  approval: { approvedAt: Date; approvedByUserId: number | null } | null
}

function toSummary(r: RunRow): RunSummary {
  const days = Number(r.regionDays)
  return {
    id: r.id,
    month: monthOf(r.month),
    revision: r.revision,
    modelVersion: r.model.version,
    dataAsOf: r.dataAsOf,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    seconds: (r.finishedAt.getTime() - r.startedAt.getTime()) / 1000,
    lineCount: r.lineCount,
    clinicCount: r.clinicCount,
    listedCitizens: r.listedCitizens,
    regionMeanWeight: days ? r.regionWeightDays.div(days).toFixed(4) : '0.0000',
    ageSex: r.ageSex.toFixed(2),
    careWeight: r.careWeight.toFixed(2),
    interpreter: r.interpreter.toFixed(2),
    geography: r.geography.toFixed(2),
    socioeconomic: r.socioeconomic.toFixed(2),
    capitation: r.capitation.toFixed(2),
    goalEarned: r.goalEarned.toFixed(2),
    vatCompensation: r.vatCompensation.toFixed(2),
    total: r.total.toFixed(2),
    approvedAt: r.approval?.approvedAt ?? null,
    approvedByUserId: r.approval?.approvedByUserId ?? null,
  }
}

/** Every revision of a month, newest first; all months when `month` is not given. */
export async function listRuns(prisma: PrismaClient, month?: string): Promise<RunSummary[]> {
  const rows = await prisma.paymentRun.findMany({
    where: month ? { month: monthDate(month) } : {},
    include: runInclude,
    orderBy: [{ month: 'desc' }, { revision: 'desc' }],
  })
  return rows.map(toSummary)
}

/** The clinic a run paid under this HSA-id, if the run has a row for it. */
export async function findRunClinicId(prisma: PrismaClient, runId: number, hsaId: string): Promise<number | null> {
  const row = await prisma.paymentClinic.findFirst({ where: { runId, clinic: { hsaId } }, select: { clinicId: true } })
  return row?.clinicId ?? null
}

/** A month's revision, or its newest (approved: the newest approved) when `revision` is not given. */
export async function findRun(
  prisma: PrismaClient,
  month: string,
  revision?: number,
  opts: { approvedOnly?: boolean } = {},
): Promise<RunSummary | null> {
  const row = await prisma.paymentRun.findFirst({
    where: { month: monthDate(month), ...(revision ? { revision } : {}), ...(opts.approvedOnly ? { approval: { isNot: null } } : {}) },
    include: runInclude,
    orderBy: { revision: 'desc' },
  })
  return row && toSummary(row)
}

/** Approves a revision (attest). Only the newest revision of its month; an approval is final. */
export async function approveRun(prisma: PrismaClient, runId: number, actor: Actor): Promise<RunSummary> {
  return prisma.$transaction(async (tx) => {
    const found = await tx.paymentRun.findUnique({ where: { id: runId }, select: { month: true } })
    if (!found) throw new PaymentNotFound(`no payment run ${runId}`)
    // The month's run lock: an approval waits for a run in progress, then sees its revision.
    const [key1, key2] = monthLockKey(monthOf(found.month))
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${key1}::int, ${key2}::int)::text AS locked`
    const run = await tx.paymentRun.findUniqueOrThrow({ where: { id: runId }, include: runInclude })
    if (run.approval) throw new PaymentRefused(`revision ${run.revision} of ${monthOf(run.month)} is already approved`)
    const newer = await tx.paymentRun.count({ where: { month: run.month, revision: { gt: run.revision } } })
    if (newer) throw new PaymentRefused(`revision ${run.revision} of ${monthOf(run.month)} is not the newest and cannot be approved`)
    await tx.paymentApproval.create({ data: { runId, approvedByUserId: actor.userId ?? null, approvedByKind: actor.kind } })
    await recordAudit(tx, actor, { action: 'payments.approve', entity: 'payment_run', entityId: String(runId), details: { month: monthOf(run.month), revision: run.revision, total: run.total.toFixed(2) } })
    return toSummary((await tx.paymentRun.findUniqueOrThrow({ where: { id: runId }, include: runInclude })) as RunRow)
  })
}

export interface ClinicPaymentRow extends LineAmounts {
  clinicId: number
  hsaId: string
  name: string
  ownership: string
  listedCitizens: number
  listingPoints: string
  meanCareWeight: string
  goalPotential: string
  goalScore: string
  goalScoreExact: string
  goalAssessed: boolean
  goalEarned: string
  vatCompensation: string
  total: string
  /** Total − the previous revision's total for this clinic (null on revision 1). */
  adjustment: string | null
}

interface ClinicSqlRow {
  clinic_id: number
  hsa_id: string
  name: string
  ownership: string
  listed_citizens: number
  listing_points: string
  mean_care_weight: string
  age_sex: string
  care_weight: string
  interpreter: string
  geography: string
  socioeconomic: string
  capitation: string
  goal_potential: string
  goal_score: string
  goal_score_exact: string
  goal_assessed: boolean
  goal_earned: string
  vat_compensation: string
  total: string
  adjustment: string | null
}

const CLINIC_ROWS = `
SELECT c.clinic_id, k.hsa_id, k.name, k.ownership::text AS ownership, c.listed_citizens, c.listing_points::text,
       CASE WHEN c.days > 0 THEN round(c.weight_days / c.days, 4) ELSE 0 END::text AS mean_care_weight,
       c.age_sex::text, c.care_weight::text, c.interpreter::text, c.geography::text, c.socioeconomic::text,
       c.capitation::text, c.goal_potential::text, c.goal_score::text, c.goal_score_exact, c.goal_assessed,
       c.goal_earned::text, c.vat_compensation::text, c.total::text,
       CASE WHEN r.revision > 1 THEN (c.total - coalesce(p.total, 0))::text END AS adjustment
FROM payment_clinic c
JOIN payment_run r ON r.id = c.run_id
JOIN clinic k ON k.id = c.clinic_id
LEFT JOIN payment_run pr ON pr.month = r.month AND pr.revision = r.revision - 1
LEFT JOIN payment_clinic p ON p.run_id = pr.id AND p.clinic_id = c.clinic_id
WHERE c.run_id = $1`

function toClinicRow(r: ClinicSqlRow): ClinicPaymentRow {
  return {
    clinicId: r.clinic_id,
    hsaId: r.hsa_id,
    name: r.name,
    ownership: r.ownership,
    listedCitizens: r.listed_citizens,
    listingPoints: r.listing_points,
    meanCareWeight: r.mean_care_weight,
    ageSex: r.age_sex,
    careWeight: r.care_weight,
    interpreter: r.interpreter,
    geography: r.geography,
    socioeconomic: r.socioeconomic,
    capitation: r.capitation,
    goalPotential: r.goal_potential,
    goalScore: r.goal_score,
    goalScoreExact: r.goal_score_exact,
    goalAssessed: r.goal_assessed,
    goalEarned: r.goal_earned,
    vatCompensation: r.vat_compensation,
    total: r.total,
    adjustment: r.adjustment,
  }
}

export type ClinicOrder = 'hsa' | 'total' | 'perCitizen' | 'adjustment'

const ORDER: Record<ClinicOrder, string> = {
  hsa: 'k.hsa_id',
  total: 'c.total DESC, k.hsa_id',
  perCitizen: 'CASE WHEN c.listed_citizens > 0 THEN c.total / c.listed_citizens END DESC NULLS LAST, k.hsa_id',
  adjustment: 'abs(c.total - coalesce(p.total, 0)) DESC, k.hsa_id',
}

/** Every clinic's payment in a run, with its adjustment against the previous revision. */
export async function runClinics(prisma: PrismaClient, runId: number, order: ClinicOrder = 'hsa'): Promise<ClinicPaymentRow[]> {
  const rows = await prisma.$queryRawUnsafe<ClinicSqlRow[]>(`${CLINIC_ROWS} ORDER BY ${ORDER[order]}`, runId)
  return rows.map(toClinicRow)
}

/** The given clinics' rows in the given runs, in one query (a clinic's list of months). */
export async function clinicRowsInRuns(
  prisma: PrismaClient,
  runIds: number[],
  clinicIds: number[],
): Promise<{ runId: number; clinicId: number; hsaId: string; listedCitizens: number; total: string }[]> {
  if (!runIds.length || !clinicIds.length) return []
  const rows = await prisma.paymentClinic.findMany({
    where: { runId: { in: runIds }, clinicId: { in: clinicIds } },
    select: { runId: true, clinicId: true, listedCitizens: true, total: true, clinic: { select: { hsaId: true } } },
  })
  return rows.map((r) => ({ runId: r.runId, clinicId: r.clinicId, hsaId: r.clinic.hsaId, listedCitizens: r.listedCitizens, total: r.total.toFixed(2) }))
}

export interface IndicatorRow {
  indicator: string
  weight: string
  period: string | null
  numerator: number | null
  denominator: number | null
  published: string | null
  assessable: boolean
  value: string | null
  fulfilment: string | null
}

export interface ClinicSpecification {
  run: RunSummary
  clinic: ClinicPaymentRow
  indicators: IndicatorRow[]
}

/** A clinic's specification for a run: components, points, goal indicators. No personal data. */
export async function clinicSpecification(prisma: PrismaClient, runId: number, clinicId: number): Promise<ClinicSpecification | null> {
  const run = await prisma.paymentRun.findUnique({ where: { id: runId }, include: runInclude })
  if (!run) return null
  const [row] = await prisma.$queryRawUnsafe<ClinicSqlRow[]>(`${CLINIC_ROWS} AND c.clinic_id = $2`, runId, clinicId)
  if (!row) return null
  const indicators = await prisma.paymentGoalIndicator.findMany({ where: { runId, clinicId }, orderBy: { indicator: 'asc' } })
  return {
    run: toSummary(run),
    clinic: toClinicRow(row),
    indicators: indicators.map((i) => ({
      indicator: i.indicator,
      weight: i.weight.toString(),
      period: i.period,
      numerator: i.numerator,
      denominator: i.denominator,
      published: i.published?.toISOString().slice(0, 10) ?? null,
      assessable: i.assessable,
      value: i.value?.toFixed(6) ?? null,
      fulfilment: i.fulfilment?.toFixed(6) ?? null,
    })),
  }
}

export interface LineRow {
  personalId: string
  days: number
  age: number
  sex: string
  points: string
  careWeight: string
  ageSex: string
  careWeightAmount: string
  interpreter: string
  geography: string
  socioeconomic: string
  capitation: string
}

export interface LinePage {
  lines: LineRow[]
  total: number
  page: number
  pageSize: number
}

/**
 * One page of a clinic's lines, optionally only the line of one identity number. Every person
 * shown gets an audit entry (read of personal data), in the same transaction as the read.
 */
export async function clinicLines(
  prisma: PrismaClient,
  runId: number,
  clinicId: number,
  options: { page: number; pageSize: number; personalId?: string },
  actor: Actor,
): Promise<LinePage> {
  const personalId = options.personalId ? normalisePersonalId(options.personalId) : null
  const where = { runId, clinicId, ...(personalId ? { personalId } : {}) }
  return prisma.$transaction(async (tx) => {
    const total = await tx.paymentLine.count({ where })
    const rows = await tx.paymentLine.findMany({
      where,
      orderBy: { personalId: 'asc' },
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
    })
    if (rows.length) {
      await tx.auditLog.createMany({
        data: rows.map((r) => ({
          actorKind: actor.kind,
          actorUserId: actor.userId ?? null,
          action: 'payment-lines.view',
          citizenId: r.citizenId,
          entity: 'payment_run',
          entityId: String(runId),
          details: { clinicId, search: personalId !== null },
        })),
      })
    }
    return {
      total,
      page: options.page,
      pageSize: options.pageSize,
      lines: rows.map((r) => ({
        personalId: r.personalId,
        days: r.days,
        age: r.age,
        sex: r.sex,
        points: r.points.toFixed(4),
        careWeight: r.careWeight.toFixed(4),
        ageSex: r.ageSex.toFixed(2),
        careWeightAmount: r.careWeightAmount.toFixed(2),
        interpreter: r.interpreter.toFixed(2),
        geography: r.geography.toFixed(2),
        socioeconomic: r.socioeconomic.toFixed(2),
        capitation: r.capitation.toFixed(2),
      })),
    }
  })
}

// ---- CSV files (shared/spec/data-formats.md "Files out") ----------------------------------

export const PAYMENTS_HEADER =
  'hsa_id,month,revision,listed_citizens,listing_points,age_sex,care_weight,interpreter,geography,socioeconomic,capitation,goal_potential,goal_score,goal_earned,vat_compensation,total'
export const PAYMENT_LINES_HEADER =
  'personal_id,days,fraction,age,sex,points,care_weight,age_sex,care_weight_amount,interpreter,geography,socioeconomic,capitation'

/**
 * Streams `COPY (…) TO STDOUT` into `out`. `audit` runs and commits first, on its own: a file that
 * leaves the system has its audit entries recorded before its first byte.
 */
async function copyOut(sql: string, out: Writable, databaseUrl: string, audit: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await audit(client)
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
    await pipeline(client.query(copyTo(sql)), out)
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * The `payments` file of an approved revision, one row per clinic sorted by hsa_id, streamed.
 * Only approved revisions go to finance.
 */
export async function exportPayments(run: RunSummary, out: Writable, actor: Actor, databaseUrl = env().DATABASE_URL): Promise<void> {
  if (!run.approvedAt) throw new PaymentRefused(`revision ${run.revision} of ${run.month} is not approved: only approved revisions are exported`)
  const id = Number(run.id)
  await copyOut(
    `COPY (SELECT k.hsa_id, to_char(r.month, 'YYYY-MM') AS month, r.revision, c.listed_citizens, c.listing_points, c.age_sex,
             c.care_weight, c.interpreter, c.geography, c.socioeconomic, c.capitation, c.goal_potential, c.goal_score,
             c.goal_earned, c.vat_compensation, c.total
           FROM payment_clinic c JOIN payment_run r ON r.id = c.run_id JOIN clinic k ON k.id = c.clinic_id
           WHERE c.run_id = ${id} ORDER BY k.hsa_id COLLATE "C") TO STDOUT WITH (FORMAT csv, HEADER)`,
    out,
    databaseUrl,
    (client) =>
      client.query(`INSERT INTO audit_log (actor_kind, actor_user_id, action, entity, entity_id, details) VALUES ($1, $2, 'payments.export', 'payment_run', $3, $4)`, [
        actor.kind,
        actor.userId ?? null,
        String(id),
        JSON.stringify({ month: run.month, revision: run.revision }),
      ]).then(() => {}),
  )
}

/**
 * The `payment-lines` file of one clinic in a run, sorted by identity number, streamed. It holds
 * personal data: every person in it gets an audit entry before a byte is sent.
 */
export async function exportPaymentLines(run: RunSummary, clinicId: number, out: Writable, actor: Actor, databaseUrl = env().DATABASE_URL): Promise<void> {
  const id = Number(run.id)
  const clinic = Number(clinicId)
  const D = daysInMonth(run.month)
  await copyOut(
    `COPY (SELECT personal_id, days, round(days::numeric / ${D}, 6) AS fraction, age, sex, points, care_weight, age_sex,
             care_weight_amount, interpreter, geography, socioeconomic, capitation
           FROM payment_line WHERE run_id = ${id} AND clinic_id = ${clinic} ORDER BY personal_id) TO STDOUT WITH (FORMAT csv, HEADER)`,
    out,
    databaseUrl,
    (client) =>
      client.query(
        `INSERT INTO audit_log (actor_kind, actor_user_id, action, citizen_id, entity, entity_id, details)
         SELECT $1, $2, 'payment-lines.export', citizen_id, 'payment_run', $3, $4 FROM payment_line WHERE run_id = $5 AND clinic_id = $6`,
        [actor.kind, actor.userId ?? null, String(id), JSON.stringify({ clinicId: clinic, month: run.month, revision: run.revision }), id, clinic],
      ).then(() => {}),
  )
}

// ---- the commissioner's overview -------------------------------------------------------

export interface MonthTotal extends RunSummary {
  /** Revisions of the month; this row is the newest. */
  revisions: number
}

/** Per month, the newest revision's totals, oldest month first (for the chart). */
export async function monthTotals(prisma: PrismaClient, months = 24): Promise<MonthTotal[]> {
  const newest = await prisma.paymentRun.findMany({
    include: runInclude,
    distinct: ['month'],
    orderBy: [{ month: 'desc' }, { revision: 'desc' }],
    take: months,
  })
  // The newest revision's number is the month's count of revisions: they run 1, 2, 3 … (trigger).
  return newest.map((row) => ({ ...toSummary(row), revisions: row.revision })).reverse()
}

export interface DriftRow {
  clinicId: number
  hsaId: string
  name: string
  listedCitizens: number
  meanBefore: string
  meanNow: string
  /** Relative rise of the clinic's mean raw ACG weight, in percent with one decimal. */
  risePercent: string
  regionRisePercent: string
}

/** A rise counts as "clearly more than the region's" from this many percentage points above it. */
export const DRIFT_THRESHOLD_POINTS = 5
/** Small lists swing by chance; clinics with fewer listed citizens are not judged. */
export const DRIFT_MIN_LISTED = 500

/**
 * Care-weight drift (the upcoding pattern): clinics whose mean raw ACG weight in `month` rose by
 * more than DRIFT_THRESHOLD_POINTS percentage points above the region's rise since 12 months
 * before. Compares the newest revisions of the two months; empty when either month has no run.
 */
export async function careWeightDrift(
  prisma: PrismaClient,
  month: string,
  limits: { minListed?: number; thresholdPoints?: number } = {},
): Promise<{ from: string; to: string; rows: DriftRow[] } | null> {
  const to = month
  const y = Number(month.slice(0, 4)) - 1
  const from = `${y}-${month.slice(5, 7)}`
  const rows = await prisma.$queryRawUnsafe<
    { clinic_id: number; hsa_id: string; name: string; listed: number; before: string; now: string; rise: string; region_rise: string }[]
  >(
    `WITH newest AS (
       SELECT DISTINCT ON (month) id, month, region_weight_days / nullif(region_days, 0) AS region_mean
       FROM payment_run WHERE month IN ($1::date, $2::date) ORDER BY month, revision DESC
     ), a AS (SELECT * FROM newest WHERE month = $1::date), b AS (SELECT * FROM newest WHERE month = $2::date),
     pairs AS (
       SELECT cb.clinic_id, cb.listed_citizens AS listed,
              ca.weight_days / ca.days AS before, cb.weight_days / cb.days AS now,
              a.region_mean AS region_before, b.region_mean AS region_now
       FROM a, b
       JOIN payment_clinic cb ON cb.run_id = b.id
       JOIN payment_clinic ca ON ca.run_id = (SELECT id FROM a) AND ca.clinic_id = cb.clinic_id
       WHERE ca.days > 0 AND cb.days > 0 AND cb.listed_citizens >= $3
     )
     SELECT p.clinic_id, k.hsa_id, k.name, p.listed, round(p.before, 4)::text AS before, round(p.now, 4)::text AS now,
            round(100 * (p.now / p.before - 1), 1)::text AS rise,
            round(100 * (p.region_now / p.region_before - 1), 1)::text AS region_rise
     FROM pairs p JOIN clinic k ON k.id = p.clinic_id
     WHERE 100 * (p.now / p.before - 1) - 100 * (p.region_now / p.region_before - 1) >= $4
     ORDER BY p.now / p.before DESC`,
    monthDate(from),
    monthDate(to),
    limits.minListed ?? DRIFT_MIN_LISTED,
    limits.thresholdPoints ?? DRIFT_THRESHOLD_POINTS,
  )
  const runs = await prisma.paymentRun.count({ where: { month: { in: [monthDate(from), monthDate(to)] } } })
  if (!runs) return null
  return {
    from,
    to,
    rows: rows.map((r) => ({
      clinicId: r.clinic_id,
      hsaId: r.hsa_id,
      name: r.name,
      listedCitizens: r.listed,
      meanBefore: r.before,
      meanNow: r.now,
      risePercent: r.rise,
      regionRisePercent: r.region_rise,
    })),
  }
}

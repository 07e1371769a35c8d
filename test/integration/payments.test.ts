/**
 * The payment engine on the real database: the set-based SQL run against the naive reference
 * implementation (rules.ts) line by line and clinic by clinic, the spec's worked example, every
 * named edge, revisions, idempotency, approval, immutability and the CSV files.
 */
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { DEMO_PAYMENT_MODEL, EXAMPLE_MODEL_2027, type PaymentModel } from '../../app/modules/payments/model.ts'
import { storeModel } from '../../app/modules/payments/models.server.ts'
import {
  PAYMENTS_HEADER,
  PAYMENT_LINES_HEADER,
  PaymentRefused,
  approveRun,
  careWeightDrift,
  clinicLines,
  exportPaymentLines,
  exportPayments,
  findRun,
  monthTotals,
  runClinics,
} from '../../app/modules/payments/payments.server.ts'
import { Fraction, computeMonthNaive, type MonthData } from '../../app/modules/payments/rules.ts'
import { runPaymentMonth, simulateMonth } from '../../app/modules/payments/run.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'
import { CLINIC, buildFixture, fixtureModel, writeFixture, type Fixture } from '../support/payments-fixture.ts'

interface Env {
  db: TestDatabase
  prisma: PrismaClient
  fixture: Fixture
}

const opened: Env[] = []

async function region(models: PaymentModel[], fixture = buildFixture()): Promise<Env> {
  const db = await createTestDatabase('payments')
  await writeFixture(db.url, fixture)
  const prisma = createPrisma(db.url)
  for (const m of models) await storeModel(prisma, m, 'adopted', { kind: 'system' })
  const env = { db, prisma, fixture }
  opened.push(env)
  return env
}

afterAll(async () => {
  for (const e of opened) {
    await e.prisma.$disconnect()
    await e.db.drop()
  }
})

const d4 = (x: string) => Fraction.parse(x).toFixed(4)

/** The run's stored lines and clinic rows, in the oracle's shape and order. */
async function stored(url: string, runId: number) {
  const lines = await sql<Record<string, string | number>>(
    url,
    `SELECT clinic_id, citizen_id::int, personal_id, days, age, sex::text, points::text, care_weight::text AS weight,
            age_sex::text, care_weight_amount::text, interpreter::text, geography::text, socioeconomic::text, capitation::text
     FROM payment_line WHERE run_id = $1 ORDER BY clinic_id, citizen_id`,
    [runId],
  )
  const clinics = await sql<Record<string, string | number | boolean>>(
    url,
    `SELECT clinic_id, listed_citizens, listing_points::text, age_sex::text, care_weight::text, interpreter::text,
            geography::text, socioeconomic::text, capitation::text, goal_potential::text, goal_score::text, goal_score_exact,
            goal_earned::text, vat_compensation::text, total::text
     FROM payment_clinic WHERE run_id = $1 ORDER BY clinic_id`,
    [runId],
  )
  return { lines, clinics }
}

/** Asserts that the engine's stored run equals the naive reference implementation, line by line. */
async function expectRunMatchesOracle(env: Env, runId: number, params: PaymentModel, month: string): Promise<void> {
  const oracle = computeMonthNaive(params, month, env.fixture as MonthData)
  const got = await stored(env.db.url, runId)
  expect(got.lines.length).toBe(oracle.lines.length)
  expect(got.lines).toEqual(
    oracle.lines.map((l) => ({
      clinic_id: Number(l.clinicId),
      citizen_id: Number(l.citizenId),
      personal_id: l.personalId,
      days: l.days,
      age: l.age,
      sex: l.sex,
      points: d4(l.points),
      weight: d4(l.weight),
      age_sex: l.ageSex,
      care_weight_amount: l.careWeight,
      interpreter: l.interpreter,
      geography: l.geography,
      socioeconomic: l.socioeconomic,
      capitation: l.capitation,
    })),
  )
  expect(got.clinics).toEqual(
    oracle.clinics.map((c) => ({
      clinic_id: Number(c.clinicId),
      listed_citizens: c.listedCitizens,
      listing_points: c.listingPoints,
      age_sex: c.ageSex,
      care_weight: c.careWeight,
      interpreter: c.interpreter,
      geography: c.geography,
      socioeconomic: c.socioeconomic,
      capitation: c.capitation,
      goal_potential: c.goalPotential,
      goal_score: c.goalScore.toFixed(6),
      goal_score_exact: c.goalScore.toString(),
      goal_earned: c.goalEarned,
      vat_compensation: c.vatCompensation,
      total: c.total,
    })),
  )
}

async function lineOf(env: Env, runId: number, name: string) {
  return sql<{ clinic_id: number; days: number; age: number; points: string; care_weight: string; personal_id: string }>(
    env.db.url,
    `SELECT clinic_id, days, age, points::text, care_weight::text, personal_id FROM payment_line WHERE run_id = $1 AND citizen_id = $2 ORDER BY clinic_id`,
    [runId, env.fixture.named[name]],
  )
}

function created(outcome: Awaited<ReturnType<typeof runPaymentMonth>>) {
  if (outcome.kind !== 'created') throw new Error(`expected a new revision, got ${outcome.kind}`)
  return outcome
}

describe('the worked example of the spec (§7)', () => {
  it('pays Anna 217.92 at clinic A and 457.63 at clinic B for March 2027', async () => {
    const full = buildFixture(0)
    const anna = full.named.anna!
    const fixture: Fixture = {
      ...full,
      citizens: full.citizens.filter((c) => c.id === anna),
      listings: full.listings.filter((l) => l.citizenId === anna),
      careWeights: full.careWeights.filter((w) => w.citizenId === anna),
      quality: [],
    }
    const model = fixtureModel(EXAMPLE_MODEL_2027, { version: 'worked', careWeight: { ...EXAMPLE_MODEL_2027.careWeight, normalise: 'none' } })
    delete (model as Partial<PaymentModel>).geography
    delete (model as Partial<PaymentModel>).socioeconomic
    delete (model as Partial<PaymentModel>).vatCompensation
    const env = await region([model], fixture)
    const run = created(await runPaymentMonth('2027-03', { databaseUrl: env.db.url }))
    const lines = await sql(env.db.url, `SELECT clinic_id, days, age_sex::text, care_weight_amount::text, interpreter::text, capitation::text FROM payment_line WHERE run_id = $1 ORDER BY clinic_id`, [run.runId])
    expect(lines).toEqual([
      { clinic_id: CLINIC.A, days: 10, age_sex: '71.85', care_weight_amount: '113.81', interpreter: '32.26', capitation: '217.92' },
      { clinic_id: CLINIC.B, days: 21, age_sex: '150.90', care_weight_amount: '238.99', interpreter: '67.74', capitation: '457.63' },
    ])
    const [sum] = await sql<{ total: string }>(env.db.url, 'SELECT sum(capitation)::text AS total FROM payment_line WHERE run_id = $1', [run.runId])
    expect(sum!.total).toBe('675.55')
  })
})

describe('daily allocation with region-mean normalisation (the spec example model)', () => {
  let env: Env
  beforeAll(async () => {
    env = await region([EXAMPLE_MODEL_2027])
  })

  it('equals the reference implementation line by line in a 28-day and a 31-day month', async () => {
    for (const month of ['2027-02', '2027-03']) {
      const run = created(await runPaymentMonth(month, { databaseUrl: env.db.url }))
      await expectRunMatchesOracle(env, run.runId, EXAMPLE_MODEL_2027, month)
    }
  })

  it('applies every named rule in March', async () => {
    const run = (await findRun(env.prisma, '2027-03'))!
    const days = async (name: string) => (await lineOf(env, run.id, name)).map((l) => [l.clinic_id, l.days])
    expect(await days('anna')).toEqual([[CLINIC.A, 10], [CLINIC.B, 21]])
    expect(await days('switchBack')).toEqual([[CLINIC.A, 16], [CLINIC.B, 15]])
    expect(await days('switchOnFirst')).toEqual([[CLINIC.C, 31]])
    expect(await days('switchOnLast')).toEqual([[CLINIC.A, 30], [CLINIC.C, 1]])
    expect(await days('diesMidMonth')).toEqual([[CLINIC.A, 14]])
    expect(await days('atNewClinic')).toEqual([[CLINIC.B, 14], [CLINIC.E, 17]])
    expect(await days('leftClosedClinic')).toEqual([[CLINIC.A, 31]])
    expect(await days('notListed')).toEqual([])
    expect(await days('listedLater')).toEqual([])
    expect(await lineOf(env, run.id, 'bornInMonth')).toMatchObject([{ days: 22, age: 0, points: '1.3000' }])
    expect(await lineOf(env, run.id, 'leapling')).toMatchObject([{ age: 27 }])
    expect(await lineOf(env, run.id, 'turns20OnFirst')).toMatchObject([{ age: 20, points: '0.7500' }])
    expect(await lineOf(env, run.id, 'turns20Tomorrow')).toMatchObject([{ age: 19, points: '0.5500' }])
    expect(await lineOf(env, run.id, 'weightFromFuture')).toMatchObject([{ care_weight: '1.0000' }])
    // No care weight at all: the model's default weight.
    expect(await lineOf(env, run.id, 'switchBack')).toMatchObject([{ care_weight: '1.0000' }, { care_weight: '1.0000' }])
    expect(await lineOf(env, run.id, 'weightReplaced')).toMatchObject([{ care_weight: '2.0000' }])
    const [samordning] = await lineOf(env, run.id, 'samordning')
    expect(Number(samordning!.personal_id.slice(6, 8))).toBe(23 + 60)
    const feb = (await findRun(env.prisma, '2027-02'))!
    expect(await lineOf(env, feb.id, 'leapling')).toMatchObject([{ age: 26 }])
  })

  it('scores goals, falls back to the mean, pays VAT to private clinics only, and lists every authorised clinic', async () => {
    const run = (await findRun(env.prisma, '2027-03'))!
    const clinics = new Map((await runClinics(env.prisma, run.id)).map((c) => [c.clinicId, c]))
    expect([...clinics.keys()].sort()).toEqual([CLINIC.A, CLINIC.B, CLINIC.C, CLINIC.D, CLINIC.E])
    // A: TEL 0.85 → 0.75, DM 0.55 → 0.75, lower-is-better 0.09 → 0.5: (3·0.75 + 2·0.75 + 2·0.5) / 7 = 19/28.
    expect(clinics.get(CLINIC.A)).toMatchObject({ goalScoreExact: '19/28', goalScore: '0.678571', goalAssessed: true, vatCompensation: '0.00' })
    // B: TEL suppressed (29 < 30), DM clamped to 1. C: below zeroAt.
    expect(clinics.get(CLINIC.B)).toMatchObject({ goalScoreExact: '1', goalAssessed: true })
    expect(clinics.get(CLINIC.C)).toMatchObject({ goalScoreExact: '0', goalEarned: '0.00', goalAssessed: true })
    // E (no result at all) gets the mean of A, B and C: (19/28 + 1 + 0) / 3 = 47/84.
    // D has no lines: its row is all zeros, the score included (data-formats.md).
    expect(clinics.get(CLINIC.D)).toMatchObject({ goalScoreExact: '0', goalScore: '0.000000', goalAssessed: false, listedCitizens: 0, capitation: '0.00', total: '0.00' })
    expect(clinics.get(CLINIC.E)).toMatchObject({ goalScoreExact: '47/84', goalAssessed: false })
    expect(Number(clinics.get(CLINIC.B)!.vatCompensation)).toBeGreaterThan(0)
    expect(Number(clinics.get(CLINIC.C)!.vatCompensation)).toBeGreaterThan(0)
    // Geography: A has 14 points (≥ 10), C exactly 10, B 3.
    expect(Number(clinics.get(CLINIC.A)!.geography)).toBeGreaterThan(0)
    expect(Number(clinics.get(CLINIC.C)!.geography)).toBeGreaterThan(0)
    expect(clinics.get(CLINIC.B)!.geography).toBe('0.00')
    const indicators = await env.prisma.paymentGoalIndicator.findMany({ where: { runId: run.id, clinicId: CLINIC.A }, orderBy: { indicator: 'asc' } })
    // The result published on the month's first day (2027-Q1) is not used; 2026-H2 is.
    expect(indicators.find((i) => i.indicator === 'TEL_SAME_DAY')).toMatchObject({ period: '2026-H2', numerator: 85, assessable: true })
  })

  it('computes a what-if without writing anything, equal to the reference for another model', async () => {
    const none = fixtureModel(EXAMPLE_MODEL_2027, { careWeight: { ...EXAMPLE_MODEL_2027.careWeight, normalise: 'none' } })
    const before = await sql<{ n: number }>(env.db.url, 'SELECT count(*)::int AS n FROM payment_line')
    const { figures } = await simulateMonth('2027-03', none, { databaseUrl: env.db.url })
    const oracle = computeMonthNaive(none, '2027-03', env.fixture)
    expect(figures.map((f) => [f.clinicId, f.capitation, f.goalEarned, f.total])).toEqual(
      oracle.clinics.map((c) => [Number(c.clinicId), c.capitation, c.goalEarned, c.total]),
    )
    expect(await sql(env.db.url, 'SELECT count(*)::int AS n FROM payment_line')).toEqual(before)
  })
})

describe.each(['lastDayOfPreviousMonth', 'firstDayOfMonth'] as const)('census allocation on %s', (censusDay) => {
  const model = fixtureModel(EXAMPLE_MODEL_2027, { allocation: 'census', censusDay, careWeight: { ...EXAMPLE_MODEL_2027.careWeight, normalise: 'none' } })
  let env: Env
  beforeAll(async () => {
    env = await region([model])
  })

  it('equals the reference implementation and pays whole months to the census-day clinic', async () => {
    const run = created(await runPaymentMonth('2027-03', { databaseUrl: env.db.url }))
    await expectRunMatchesOracle(env, run.runId, model, '2027-03')
    const where = async (name: string) => (await lineOf(env, run.runId, name)).map((l) => [l.clinic_id, l.days])
    if (censusDay === 'lastDayOfPreviousMonth') {
      // Census day 2027-02-28: ended before or on it → not paid; ended the day after → paid.
      expect(await where('movedBeforeCensus')).toEqual([])
      expect(await where('endsOnCensusDay')).toEqual([])
      expect(await where('endsDayAfterCensus')).toEqual([[CLINIC.B, 31]])
      expect(await where('switchOnFirst')).toEqual([[CLINIC.A, 31]])
      expect(await where('bornInMonth')).toEqual([])
      // Age on the census day: born 1962-02-28 turns 65 on 2027-02-28.
      expect(await lineOf(env, run.runId, 'turns65OnCensus')).toMatchObject([{ age: 65 }])
    } else {
      expect(await where('endsDayAfterCensus')).toEqual([])
      expect(await where('switchOnFirst')).toEqual([[CLINIC.C, 31]])
      expect(await where('diesMidMonth')).toEqual([[CLINIC.A, 31]])
    }
  })
})

describe('revisions, idempotency and approval', () => {
  let env: Env
  beforeAll(async () => {
    env = await region([EXAMPLE_MODEL_2027])
  })

  it('adds nothing when run again with unchanged inputs', async () => {
    const first = created(await runPaymentMonth('2027-03', { databaseUrl: env.db.url }))
    const counts = await sql(env.db.url, 'SELECT (SELECT count(*) FROM payment_run) AS runs, (SELECT count(*) FROM payment_line) AS lines')
    const again = await runPaymentMonth('2027-03', { databaseUrl: env.db.url })
    expect(again).toMatchObject({ kind: 'unchanged', revision: 1, runId: first.runId })
    expect(await sql(env.db.url, 'SELECT (SELECT count(*) FROM payment_run) AS runs, (SELECT count(*) FROM payment_line) AS lines')).toEqual(counts)
  })

  it('refuses in the database a revision whose inputs equal the one before it', async () => {
    await expect(
      sql(env.db.url, `INSERT INTO payment_run SELECT id + 1000, month, revision + 1, model_id, input_fingerprint, data_as_of, started_at, finished_at, job_id,
        requested_by_user_id, line_count, clinic_count, region_days, region_weight_days, listed_citizens, age_sex, care_weight, interpreter, geography,
        socioeconomic, capitation, goal_earned, vat_compensation, total FROM payment_run WHERE month = '2027-03-01'`),
    ).rejects.toThrow(/unchanged since revision 1/)
  })

  it('writes revision 2 beside 1 after a correction, with each clinic’s adjustment', async () => {
    const first = (await findRun(env.prisma, '2027-03', 1))!
    const before = new Map((await runClinics(env.prisma, first.id)).map((c) => [c.clinicId, c.total]))
    // A corrected care weight for a citizen of clinic C.
    await sql(env.db.url, `UPDATE care_weight SET weight = 3.0 WHERE citizen_id = $1 AND valid_from = '2027-01-01'`, [env.fixture.named.weightReplaced])
    const second = created(await runPaymentMonth('2027-03', { databaseUrl: env.db.url }))
    expect(second.revision).toBe(2)
    const after = await runClinics(env.prisma, second.runId)
    for (const c of after) {
      expect(c.adjustment).toBe(Fraction.parse(c.total).sub(before.get(c.clinicId)!).toFixed(2))
    }
    expect(Number(after.find((c) => c.clinicId === CLINIC.C)!.adjustment)).toBeGreaterThan(0)
    // Revision 1 is still there, unchanged.
    expect((await runClinics(env.prisma, first.id)).map((c) => c.total)).toEqual([...before.values()])
  })

  it('after A → B → A gives revision 3 (the newest state is A again)', async () => {
    await sql(env.db.url, `UPDATE care_weight SET weight = 2.0 WHERE citizen_id = $1 AND valid_from = '2027-01-01'`, [env.fixture.named.weightReplaced])
    const third = created(await runPaymentMonth('2027-03', { databaseUrl: env.db.url }))
    expect(third.revision).toBe(3)
    const [r1, r3] = await sql<{ input_fingerprint: string; total: string }>(env.db.url, `SELECT input_fingerprint, total::text FROM payment_run WHERE month = '2027-03-01' AND revision IN (1, 3) ORDER BY revision`)
    expect(r3).toEqual(r1)
  })

  it('approves only the newest revision, once, and never changes an approved one', async () => {
    const r2 = (await findRun(env.prisma, '2027-03', 2))!
    await expect(approveRun(env.prisma, r2.id, { kind: 'cli' })).rejects.toThrow(PaymentRefused)
    const r3 = (await findRun(env.prisma, '2027-03', 3))!
    const approved = await approveRun(env.prisma, r3.id, { kind: 'cli' })
    expect(approved.approvedAt).toBeInstanceOf(Date)
    await expect(approveRun(env.prisma, r3.id, { kind: 'cli' })).rejects.toThrow(/already approved/)
    await expect(sql(env.db.url, `UPDATE payment_line SET capitation = capitation + 1 WHERE run_id = $1`, [r3.id])).rejects.toThrow(/append-only/)
    // The run's own partition is guarded too, not only the parent table.
    await expect(sql(env.db.url, `DELETE FROM payment_line_r${r3.id}`)).rejects.toThrow(/append-only/)
    await expect(sql(env.db.url, `TRUNCATE payment_line_r${r3.id}`)).rejects.toThrow(/append-only/)
    await expect(sql(env.db.url, `UPDATE payment_clinic SET total = 0 WHERE run_id = $1`, [r3.id])).rejects.toThrow(/append-only/)
    await expect(sql(env.db.url, `DELETE FROM payment_approval`)).rejects.toThrow(/append-only/)
    await expect(sql(env.db.url, `DELETE FROM payment_run WHERE id = $1`, [r3.id])).rejects.toThrow(/append-only/)
  })

  it('exports only approved revisions, in the exact format of data-formats.md', async () => {
    const r2 = (await findRun(env.prisma, '2027-03', 2))!
    await expect(exportPayments(r2, new PassThrough(), { kind: 'cli' }, env.db.url)).rejects.toThrow(PaymentRefused)
    const r3 = (await findRun(env.prisma, '2027-03', undefined, { approvedOnly: true }))!
    expect(r3.revision).toBe(3)
    const csv = await collect((out) => exportPayments(r3, out, { kind: 'cli' }, env.db.url))
    const [header, ...rows] = csv.trimEnd().split('\n')
    expect(header).toBe(PAYMENTS_HEADER)
    const clinics = await runClinics(env.prisma, r3.id)
    expect(rows).toEqual(
      clinics.map((c) =>
        [c.hsaId, '2027-03', 3, c.listedCitizens, c.listingPoints, c.ageSex, c.careWeight, c.interpreter, c.geography, c.socioeconomic, c.capitation, c.goalPotential, c.goalScore, c.goalEarned, c.vatCompensation, c.total].join(','),
      ),
    )
    expect(rows.map((r) => r.split(',')[0])).toEqual(rows.map((r) => r.split(',')[0]).sort())
    for (const r of rows) expect(r).toMatch(/^[^,]+,2027-03,3,\d+,\d+\.\d{4},(\d+\.\d{2},){6}\d+\.\d{2},\d\.\d{6},\d+\.\d{2},\d+\.\d{2},\d+\.\d{2}$/)
  })

  it('exports a clinic’s lines with an audit entry per person', async () => {
    const r3 = (await findRun(env.prisma, '2027-03', 3))!
    const auditBefore = await env.prisma.auditLog.count({ where: { action: 'payment-lines.export' } })
    const csv = await collect((out) => exportPaymentLines(r3, CLINIC.B, out, { kind: 'user', userId: 7 }, env.db.url))
    const [header, ...rows] = csv.trimEnd().split('\n')
    expect(header).toBe(PAYMENT_LINES_HEADER)
    const anna = env.fixture.citizens.find((c) => c.id === env.fixture.named.anna)!
    expect(rows).toContain(`${anna.personalId},21,0.677419,36,F,0.7500,1.2000,150.90,${rows.find((r) => r.startsWith(anna.personalId))!.split(',')[8]},67.74,0.00,0.00,${rows.find((r) => r.startsWith(anna.personalId))!.split(',')[12]}`)
    expect(await env.prisma.auditLog.count({ where: { action: 'payment-lines.export' } })).toBe(auditBefore + rows.length)
    const entry = await env.prisma.auditLog.findFirst({ where: { action: 'payment-lines.export', citizenId: BigInt(anna.id) } })
    expect(entry).toMatchObject({ actorKind: 'user', actorUserId: 7, entity: 'payment_run', entityId: String(r3.id) })
  })

  it('audits each person shown on a page of lines, and finds one line by identity number', async () => {
    const r3 = (await findRun(env.prisma, '2027-03', 3))!
    const before = await env.prisma.auditLog.count({ where: { action: 'payment-lines.view' } })
    const page = await clinicLines(env.prisma, r3.id, CLINIC.A, { page: 1, pageSize: 10 }, { kind: 'user', userId: 3 })
    expect(page.lines).toHaveLength(10)
    expect(page.total).toBeGreaterThan(10)
    expect(await env.prisma.auditLog.count({ where: { action: 'payment-lines.view' } })).toBe(before + 10)
    const anna = env.fixture.citizens.find((c) => c.id === env.fixture.named.anna)!
    const hyphenated = `${anna.personalId.slice(0, 8)}-${anna.personalId.slice(8)}`
    const found = await clinicLines(env.prisma, r3.id, CLINIC.A, { page: 1, pageSize: 10, personalId: hyphenated }, { kind: 'user', userId: 3 })
    expect(found.lines.map((l) => [l.personalId, l.days])).toEqual([[anna.personalId, 10]])
  })
})

describe('the commissioner’s overview', () => {
  let env: Env
  beforeAll(async () => {
    env = await region([DEMO_PAYMENT_MODEL])
    // Every weight 1.0, except that clinic A's citizens are regrouped to 1.5 from 2027 on: the upcoding pattern.
    await sql(env.db.url, `UPDATE care_weight SET weight = 1.0`)
    await sql(
      env.db.url,
      `INSERT INTO care_weight (citizen_id, valid_from, weight)
       SELECT DISTINCT citizen_id, date '2027-01-01', 1.5 FROM listing WHERE clinic_id = $1 AND valid_from <= '2027-03-01' AND (valid_to IS NULL OR valid_to > '2027-03-01')
       ON CONFLICT (citizen_id, valid_from) DO UPDATE SET weight = 1.5`,
      [CLINIC.A],
    )
    for (const month of ['2026-03', '2026-04', '2027-03']) created(await runPaymentMonth(month, { databaseUrl: env.db.url }))
  })

  it('flags the clinic whose mean care weight rose clearly more than the region’s over 12 months', async () => {
    const drift = await careWeightDrift(env.prisma, '2027-03', { minListed: 10 })
    expect(drift).toMatchObject({ from: '2026-03', to: '2027-03' })
    expect(drift!.rows.map((r) => r.clinicId)).toEqual([CLINIC.A])
    const [a] = drift!.rows
    expect(Number(a!.risePercent) - Number(a!.regionRisePercent)).toBeGreaterThanOrEqual(5)
    // Clinics below the minimum list size are not judged.
    expect((await careWeightDrift(env.prisma, '2027-03', { minListed: 100_000 }))!.rows).toEqual([])
    // No run twelve months before: nothing to compare.
    expect(await careWeightDrift(env.prisma, '2026-04')).toMatchObject({ rows: [] })
  })

  it('totals each month by its newest revision, oldest first', async () => {
    const months = await monthTotals(env.prisma)
    expect(months.map((m) => [m.month, m.revisions])).toEqual([['2026-03', 1], ['2026-04', 1], ['2027-03', 1]])
    const [run] = await sql<{ total: string }>(env.db.url, `SELECT sum(c.total)::text AS total FROM payment_clinic c JOIN payment_run r ON r.id = c.run_id WHERE r.month = '2027-03-01'`)
    expect(months.at(-1)!.total).toBe(run!.total)
  })
})

function collect(write: (out: PassThrough) => Promise<void>): Promise<string> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  return write(out).then(() => Buffer.concat(chunks).toString('utf8'))
}

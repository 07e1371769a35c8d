/**
 * A small region for payment tests: named citizens for every rule and edge of
 * shared/spec/payment-model.md, plus a deterministic random crowd, written to a test database and
 * returned as the in-memory `MonthData` the naive reference implementation (rules.ts) reads.
 */
import pg from 'pg'
import { makePersonalId } from '../../app/modules/identity/personal-id.ts'
import type { PaymentModel } from '../../app/modules/payments/model.ts'
import type { MonthCareWeight, MonthCitizen, MonthClinic, MonthData, MonthListing, MonthQualityResult } from '../../app/modules/payments/rules.ts'

export const CLINIC = {
  A: 1, // public, remote (geography 14), high-CNI area
  B: 2, // private, town, low CNI
  C: 3, // private, geography exactly at minPoints (10)
  D: 4, // public, authorised, nobody listed: a row of zeros
  E: 5, // public, authorised from 2027-03-15: counts for March
  F: 6, // public, authorisation ended 2027-02-01: no row in March
  G: 7, // private, approved from 2027-03-20 but revoked before its first day (an empty authorisation): no row
} as const

const AREAS = [
  { code: 'AREA-HI', cni: '2.4000' },
  { code: 'AREA-LO', cni: '0.8000' },
  { code: 'AREA-NO', cni: null },
]

const CLINICS: MonthClinic[] = [
  { id: CLINIC.A, hsaId: 'SE2321000032-E000000000001', ownership: 'public', geographyPoints: 14, authorisedFrom: '2020-01-01', authorisedTo: null },
  { id: CLINIC.B, hsaId: 'SE2321000032-E000000000002', ownership: 'private', geographyPoints: 3, authorisedFrom: '2020-01-01', authorisedTo: null },
  { id: CLINIC.C, hsaId: 'SE2321000032-E000000000003', ownership: 'private', geographyPoints: 10, authorisedFrom: '2020-01-01', authorisedTo: null },
  { id: CLINIC.D, hsaId: 'SE2321000032-E000000000004', ownership: 'public', geographyPoints: 0, authorisedFrom: '2020-01-01', authorisedTo: null },
  { id: CLINIC.E, hsaId: 'SE2321000032-E000000000005', ownership: 'public', geographyPoints: 22, authorisedFrom: '2027-03-15', authorisedTo: null },
  { id: CLINIC.F, hsaId: 'SE2321000032-E000000000006', ownership: 'public', geographyPoints: 0, authorisedFrom: '2020-01-01', authorisedTo: '2027-02-01' },
  { id: CLINIC.G, hsaId: 'SE2321000032-E000000000007', ownership: 'private', geographyPoints: 0, authorisedFrom: '2027-03-20', authorisedTo: '2027-03-20' },
]
const CLINIC_AREA: Record<number, string> = { 1: 'AREA-HI', 2: 'AREA-LO', 3: 'AREA-LO', 4: 'AREA-NO', 5: 'AREA-HI', 6: 'AREA-LO', 7: 'AREA-LO' }

/** A tiny deterministic PRNG (mulberry32), so the crowd is the same on every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const iso = (d: Date) => d.toISOString().slice(0, 10)
const addDays = (date: string, n: number) => iso(new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000))

export interface Fixture extends MonthData {
  /** Named citizens' ids, for assertions. */
  named: Record<string, number>
}

/** Builds the fixture's data (nothing written). */
export function buildFixture(crowd = 400, seed = 7): Fixture {
  const citizens: MonthCitizen[] = []
  const listings: MonthListing[] = []
  const careWeights: MonthCareWeight[] = []
  const named: Record<string, number> = {}
  let serial = 100
  const add = (
    name: string | null,
    c: { sex: 'F' | 'M'; birthDate: string; area?: string; interpreter?: boolean; endDate?: string | null; coordination?: boolean },
    periods: [number, string, string | null][],
    weights: [string, string][] = [],
  ): number => {
    const id = citizens.length + 1
    // The serial's last digit (the sex digit) must match the sex: odd M, even F.
    serial += 2
    const s = c.sex === 'M' ? serial + 1 : serial
    citizens.push({
      id,
      personalId: makePersonalId(c.birthDate, s % 1000, c.coordination ?? false),
      sex: c.sex,
      birthDate: c.birthDate,
      areaCode: c.area ?? 'AREA-HI',
      interpreterNeed: c.interpreter ?? false,
      endDate: c.endDate ?? null,
    })
    for (const [clinicId, validFrom, validTo] of periods) listings.push({ citizenId: id, clinicId, validFrom, validTo })
    for (const [validFrom, weight] of weights) careWeights.push({ citizenId: id, validFrom, weight })
    if (name) named[name] = id
    return id
  }

  // The spec's worked example (§7).
  add('anna', { sex: 'F', birthDate: '1990-05-10', interpreter: true }, [[CLINIC.A, '2020-01-01', '2027-03-11'], [CLINIC.B, '2027-03-11', null]], [['2026-01-01', '1.2000']])
  add('switchBack', { sex: 'M', birthDate: '1975-06-01' }, [[CLINIC.A, '2019-01-01', '2027-03-05'], [CLINIC.B, '2027-03-05', '2027-03-20'], [CLINIC.A, '2027-03-20', null]])
  add('switchOnFirst', { sex: 'F', birthDate: '1980-01-01', area: 'AREA-LO' }, [[CLINIC.A, '2019-01-01', '2027-03-01'], [CLINIC.C, '2027-03-01', null]])
  add('switchOnLast', { sex: 'M', birthDate: '1960-12-31', area: 'AREA-NO' }, [[CLINIC.A, '2019-01-01', '2027-03-31'], [CLINIC.C, '2027-03-31', null]])
  add('diesMidMonth', { sex: 'F', birthDate: '1930-02-01', endDate: '2027-03-15' }, [[CLINIC.A, '2010-01-01', null]], [['2026-07-01', '3.5000']])
  add('movedBeforeCensus', { sex: 'M', birthDate: '1950-08-08', endDate: '2027-02-20' }, [[CLINIC.B, '2010-01-01', null]])
  add('endsOnCensusDay', { sex: 'F', birthDate: '1955-04-04', endDate: '2027-02-28' }, [[CLINIC.B, '2010-01-01', null]])
  add('endsDayAfterCensus', { sex: 'M', birthDate: '1956-04-04', endDate: '2027-03-01' }, [[CLINIC.B, '2010-01-01', null]])
  add('bornInMonth', { sex: 'F', birthDate: '2027-03-10' }, [[CLINIC.C, '2027-03-10', null]])
  add('leapling', { sex: 'M', birthDate: '2000-02-29' }, [[CLINIC.A, '2018-01-01', null]])
  add('leaplingF', { sex: 'F', birthDate: '1960-02-29' }, [[CLINIC.B, '2018-01-01', null]])
  add('turns20OnFirst', { sex: 'F', birthDate: '2007-03-01' }, [[CLINIC.C, '2018-01-01', null]])
  add('turns20Tomorrow', { sex: 'F', birthDate: '2007-03-02' }, [[CLINIC.C, '2018-01-01', null]])
  add('turns65OnCensus', { sex: 'M', birthDate: '1962-02-28' }, [[CLINIC.A, '2018-01-01', null]])
  add('samordning', { sex: 'M', birthDate: '1988-11-23', coordination: true, interpreter: true }, [[CLINIC.B, '2026-06-01', null]])
  add('weightFromFuture', { sex: 'F', birthDate: '1970-07-07' }, [[CLINIC.A, '2018-01-01', null]], [['2027-04-01', '2.5000']])
  add('weightReplaced', { sex: 'M', birthDate: '1945-09-09' }, [[CLINIC.C, '2018-01-01', null]], [['2026-01-01', '1.5000'], ['2027-01-01', '2.0000'], ['2027-06-01', '4.0000']])
  add('atNewClinic', { sex: 'F', birthDate: '1999-09-09' }, [[CLINIC.B, '2018-01-01', '2027-03-15'], [CLINIC.E, '2027-03-15', null]])
  add('leftClosedClinic', { sex: 'M', birthDate: '1985-05-05' }, [[CLINIC.F, '2015-01-01', '2027-02-01'], [CLINIC.A, '2027-02-01', null]])
  add('notListed', { sex: 'F', birthDate: '1991-01-01' }, [])
  add('listedLater', { sex: 'M', birthDate: '1992-02-02' }, [[CLINIC.A, '2027-04-01', null]])

  // The crowd: random ages, sexes, areas, interpreter needs, switches, ends and weights.
  const rnd = prng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const open = [CLINIC.A, CLINIC.B, CLINIC.C] as const
  for (let i = 0; i < crowd; i++) {
    const birth = addDays('1925-01-01', Math.floor(rnd() * 37_000))
    const start = addDays('2026-01-01', Math.floor(rnd() * 520))
    const periods: [number, string, string | null][] = []
    let from = birth > '2026-01-01' ? birth : '2026-01-01'
    let clinic = pick(open)
    for (;;) {
      const switchAt = rnd() < 0.5 ? addDays(from, 1 + Math.floor(rnd() * 300)) : null
      periods.push([clinic, from, switchAt])
      if (!switchAt) break
      from = switchAt
      clinic = pick(open.filter((c) => c !== clinic))
    }
    const end = rnd() < 0.1 ? addDays(start, Math.floor(rnd() * 90)) : null
    const validEnd = end && end > birth ? end : null
    const weights: [string, string][] = []
    if (rnd() < 0.85) weights.push(['2026-01-01', (0.2 + rnd() * 3).toFixed(4)])
    if (rnd() < 0.5) weights.push(['2027-01-01', (0.2 + rnd() * 3).toFixed(4)])
    if (rnd() < 0.2) weights.push(['2027-07-01', (0.2 + rnd() * 3).toFixed(4)])
    add(
      null,
      { sex: rnd() < 0.5 ? 'F' : 'M', birthDate: birth, area: pick(AREAS).code, interpreter: rnd() < 0.08, endDate: validEnd, coordination: rnd() < 0.03 },
      periods.filter(([, f, t]) => t === null || f < t),
      weights,
    )
  }

  const quality: MonthQualityResult[] = [
    // A: all three assessable; an older result and one published on the month's first day (ignored for March).
    { clinicId: CLINIC.A, indicator: 'TEL_SAME_DAY', period: '2026-H1', numerator: 70, denominator: 100, published: '2026-09-15' },
    { clinicId: CLINIC.A, indicator: 'TEL_SAME_DAY', period: '2026-H2', numerator: 85, denominator: 100, published: '2027-02-10' },
    { clinicId: CLINIC.A, indicator: 'TEL_SAME_DAY', period: '2027-Q1', numerator: 99, denominator: 100, published: '2027-03-01' },
    { clinicId: CLINIC.A, indicator: 'DM_HBA1C_LT52', period: '2026', numerator: 33, denominator: 60, published: '2027-01-20' },
    // Lower is better: 0.09 lies half-way between zeroAt 0.12 and fullAt 0.06.
    { clinicId: CLINIC.A, indicator: 'ELDERLY_AVOID_DRUGS', period: '2026', numerator: 9, denominator: 100, published: '2027-01-20' },
    // B: one suppressed (denominator below 30), one beyond full (clamped to 1).
    { clinicId: CLINIC.B, indicator: 'TEL_SAME_DAY', period: '2026-H2', numerator: 29, denominator: 29, published: '2027-02-10' },
    { clinicId: CLINIC.B, indicator: 'DM_HBA1C_LT52', period: '2026', numerator: 50, denominator: 50, published: '2027-01-20' },
    // C: below zeroAt (fulfilment 0).
    { clinicId: CLINIC.C, indicator: 'TEL_SAME_DAY', period: '2026-H2', numerator: 60, denominator: 100, published: '2027-02-10' },
    // D: only a suppressed result: not assessable, gets the mean of the others. E: none at all.
    { clinicId: CLINIC.D, indicator: 'DM_HBA1C_LT52', period: '2026', numerator: 5, denominator: 10, published: '2027-01-20' },
  ]

  return { citizens, areas: AREAS, clinics: CLINICS, listings, careWeights, quality, named }
}

const MUNICIPALITY = '0480'

/** Writes the fixture's registers to a (migrated, empty) database. */
export async function writeFixture(databaseUrl: string, f: Fixture): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('BEGIN')
    await client.query(`INSERT INTO region (code, name) VALUES ('04', 'Testregion')`)
    await client.query(`INSERT INTO municipality (code, name, region_code) VALUES ($1, 'Testkommun', '04')`, [MUNICIPALITY])
    for (const a of f.areas) await client.query(`INSERT INTO area (area_code, municipality_code, name, cni) VALUES ($1, $2, $3, $4)`, [a.code, MUNICIPALITY, a.code, a.cni])
    for (const c of f.clinics) {
      await client.query(
        `INSERT INTO clinic (id, hsa_id, name, area_code, ownership, geography_points, authorised_from, authorised_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [c.id, c.hsaId, `Vårdcentral ${c.id}`, CLINIC_AREA[Number(c.id)], c.ownership, c.geographyPoints, c.authorisedFrom, c.authorisedTo],
      )
    }
    await client.query(`SELECT setval(pg_get_serial_sequence('clinic', 'id'), 100)`)
    const col = <T, R>(xs: readonly T[], pick: (x: T) => R) => xs.map(pick)
    await client.query(
      `INSERT INTO citizen (id, personal_id, sex, birth_date, area_code, interpreter_need, end_date)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::"Sex"[], $4::date[], $5::text[], $6::bool[], $7::date[])`,
      [
        col(f.citizens, (c) => c.id),
        col(f.citizens, (c) => c.personalId),
        col(f.citizens, (c) => c.sex),
        col(f.citizens, (c) => c.birthDate),
        col(f.citizens, (c) => c.areaCode),
        col(f.citizens, (c) => c.interpreterNeed),
        col(f.citizens, (c) => c.endDate),
      ],
    )
    await client.query(`SELECT setval(pg_get_serial_sequence('citizen', 'id'), 100000)`)
    await client.query(
      `INSERT INTO listing (citizen_id, clinic_id, valid_from, valid_to, kind)
       SELECT *, 'chosen' FROM unnest($1::bigint[], $2::int[], $3::date[], $4::date[])`,
      [col(f.listings, (l) => l.citizenId), col(f.listings, (l) => l.clinicId), col(f.listings, (l) => l.validFrom), col(f.listings, (l) => l.validTo)],
    )
    await client.query(`INSERT INTO care_weight (citizen_id, valid_from, weight) SELECT * FROM unnest($1::bigint[], $2::date[], $3::numeric[])`, [
      col(f.careWeights, (w) => w.citizenId),
      col(f.careWeights, (w) => w.validFrom),
      col(f.careWeights, (w) => w.weight),
    ])
    await client.query(
      `INSERT INTO quality_result (clinic_id, indicator, period, numerator, denominator, published)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::date[])`,
      [
        col(f.quality, (q) => q.clinicId),
        col(f.quality, (q) => q.indicator),
        col(f.quality, (q) => q.period),
        col(f.quality, (q) => Number(q.numerator)),
        col(f.quality, (q) => Number(q.denominator)),
        col(f.quality, (q) => q.published),
      ],
    )
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    await client.end()
  }
}

/** The spec's example model (§2) with another version, month or parameters. */
export function fixtureModel(base: PaymentModel, patch: Partial<PaymentModel> & { careWeight?: Partial<PaymentModel['careWeight']> } = {}): PaymentModel {
  return { ...structuredClone(base), ...patch, careWeight: { ...base.careWeight, ...patch.careWeight } } as PaymentModel
}

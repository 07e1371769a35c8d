import { describe, expect, it } from 'vitest'
import { EXAMPLE_MODEL_2027 } from '../../app/modules/payments/model.ts'
import {
  Fraction,
  ageAt,
  bandPoints,
  censusDate,
  clinicAmounts,
  clinicGoalScore,
  clinicMeanCniQualifies,
  computeMonthNaive,
  daysInMonth,
  fallbackScore,
  firstDay,
  indicatorOutcome,
  latestResult,
  lineAmounts,
  listedDays,
  nextMonth,
  previousMonth,
  roundOre,
  sumOre,
  type GoalIndicator,
  type LineInput,
  type MonthCitizen,
  type MonthClinic,
  type MonthData,
  type PaymentModelParams,
} from '../../app/modules/payments/rules.ts'

/** The model of spec §2 (payment-model.test.ts proves the export is the spec's JSON, verbatim). */
const MODEL: PaymentModelParams = EXAMPLE_MODEL_2027

/** The worked example's model (spec §7): no normalisation, no optional component but interpreter. */
const EXAMPLE: PaymentModelParams = {
  version: MODEL.version,
  validFrom: MODEL.validFrom,
  allocation: 'daily',
  censusDay: 'lastDayOfPreviousMonth',
  ageSex: MODEL.ageSex,
  careWeight: { ...MODEL.careWeight, normalise: 'none' },
  interpreter: MODEL.interpreter,
  goal: MODEL.goal,
}

const [TEL, , ELDERLY] = MODEL.goal.indicators as [GoalIndicator, GoalIndicator, GoalIndicator]

/** A line of a full month of March at a clinic without geography or CNI. */
const LINE: LineInput = {
  days: 31,
  daysInMonth: 31,
  points: '0.75',
  weight: '1.00',
  interpreterNeed: false,
  clinicGeographyPoints: 0,
  cni: null,
  clinicMeanCniQualifies: false,
}

const frac = (n: number, d = 1) => Fraction.of(n, d)

describe('Fraction', () => {
  it('parses decimal strings and keeps lowest terms with a positive denominator', () => {
    expect(Fraction.parse('3564.00')).toEqual(Fraction.of(3564))
    expect(Fraction.parse('-0.50')).toEqual(Fraction.of(-1, 2))
    expect(Fraction.of(6, -4)).toMatchObject({ num: -3n, den: 2n })
    expect(Fraction.parse('12').toString()).toBe('12')
  })
  it('refuses what is not an exact decimal or integer', () => {
    for (const bad of ['1e3', '1.', '.5', '', '1,5', ' 1']) expect(() => Fraction.parse(bad)).toThrow(RangeError)
    expect(() => Fraction.of(0.5)).toThrow(RangeError)
    expect(() => Fraction.of(1, 0)).toThrow(RangeError)
    expect(() => frac(1).div(0)).toThrow(RangeError)
  })
  it('adds, subtracts, multiplies, divides and compares exactly', () => {
    expect(frac(1, 3).add(frac(1, 6)).toString()).toBe('1/2')
    expect(Fraction.parse('0.1').add('0.2').compare('0.3')).toBe(0) // a float gives 0.30000000000000004
    expect(frac(1, 3).sub('0.5').toString()).toBe('-1/6')
    expect(frac(2, 3).mul(frac(9, 4)).toString()).toBe('3/2')
    expect(frac(2, 3).div('0.5').toString()).toBe('4/3')
    expect(frac(1, 3).compare(frac(1, 2))).toBe(-1)
    expect(frac(1, 2).compare('0.4999')).toBe(1)
    expect(frac(0, 7).isZero()).toBe(true)
  })
  it('clamps to [0, 1]', () => {
    expect(frac(-1, 2).clamp01().toString()).toBe('0')
    expect(frac(3, 2).clamp01().toString()).toBe('1')
    expect(frac(2, 3).clamp01().toString()).toBe('2/3')
  })
  it('rounds half up, half away from zero for negatives', () => {
    expect(frac(5, 1000).toFixed(2)).toBe('0.01')
    expect(frac(4999, 1000000).toFixed(2)).toBe('0.00')
    expect(frac(-5, 1000).toFixed(2)).toBe('-0.01')
    expect(frac(-4, 1000).toFixed(2)).toBe('0.00') // no "-0.00"
    expect(frac(1, 3).toFixed(4)).toBe('0.3333')
    expect(frac(5, 2).toFixed(0)).toBe('3')
    expect(frac(123456, 1).toFixed(2)).toBe('123456.00')
  })
  it('rounds to öre and sums öre strings exactly', () => {
    expect(roundOre(frac(26730, 372))).toBe('71.85') // 3564 × 0.75 × 10 / (12 × 31) = 71.8548…
    expect(sumOre(['0.10', '0.20'])).toBe('0.30')
    expect(sumOre(['217.92', '457.63', '-0.01'])).toBe('675.54')
    expect(sumOre([])).toBe('0.00')
  })
})

describe('calendar', () => {
  it('knows month lengths, leap years included', () => {
    expect(['2027-02', '2028-02', '2100-02', '2000-02', '2027-03', '2027-04'].map(daysInMonth)).toEqual([28, 29, 28, 29, 31, 30])
    expect(() => daysInMonth('2027-13')).toThrow(RangeError)
  })
  it('steps months across year ends', () => {
    expect(firstDay('2027-03')).toBe('2027-03-01')
    expect(nextMonth('2027-12')).toBe('2028-01')
    expect(nextMonth('2027-03')).toBe('2027-04')
    expect(previousMonth('2027-01')).toBe('2026-12')
    expect(previousMonth('2027-10')).toBe('2027-09')
  })
  it('places the census day on the last day of the previous month or the first of the month', () => {
    expect(censusDate('2027-03', 'lastDayOfPreviousMonth')).toBe('2027-02-28')
    expect(censusDate('2028-03', 'lastDayOfPreviousMonth')).toBe('2028-02-29')
    expect(censusDate('2027-01', 'lastDayOfPreviousMonth')).toBe('2026-12-31')
    expect(censusDate('2027-03', 'firstDayOfMonth')).toBe('2027-03-01')
  })
  it('counts completed years; the birthday itself counts', () => {
    expect(ageAt('1990-05-10', '2027-03-01')).toBe(36)
    expect(ageAt('1990-03-01', '2027-03-01')).toBe(37)
    expect(ageAt('1990-03-02', '2027-03-01')).toBe(36)
  })
  it('makes someone born 29 February a year older on 1 March in non-leap years', () => {
    expect(ageAt('2000-02-29', '2027-02-28')).toBe(26)
    expect(ageAt('2000-02-29', '2027-03-01')).toBe(27)
    expect(ageAt('2000-02-29', '2028-02-28')).toBe(27)
    expect(ageAt('2000-02-29', '2028-02-29')).toBe(28)
  })
  it('gives age 0 to someone born on or after the reference date', () => {
    expect(ageAt('2027-03-01', '2027-03-01')).toBe(0)
    expect(ageAt('2027-03-10', '2027-03-01')).toBe(0)
    expect(() => ageAt('2027-02-29', '2027-03-01')).toThrow(RangeError)
  })
})

describe('age/sex bands', () => {
  it('takes the band holding the age, edges included', () => {
    expect(bandPoints(MODEL, 0, 'F')).toBe('1.30')
    expect(bandPoints(MODEL, 0, 'M')).toBe('1.40')
    expect(bandPoints(MODEL, 6, 'M')).toBe('0.85')
    expect(bandPoints(MODEL, 7, 'M')).toBe('0.50')
    expect(bandPoints(MODEL, 84, 'F')).toBe('2.00')
    expect(bandPoints(MODEL, 85, 'F')).toBe('2.60')
    expect(bandPoints(MODEL, 110, 'M')).toBe('2.50')
  })
  it('refuses an age no band holds', () => {
    const gap = { ...MODEL, ageSex: { ...MODEL.ageSex, bands: MODEL.ageSex.bands.filter((b) => b.fromAge !== 7) } }
    expect(() => bandPoints(gap, 10, 'F')).toThrow(RangeError)
  })
})

describe('listed days (daily allocation)', () => {
  const month = '2027-03'
  it('counts [validFrom, validTo) inside the month', () => {
    expect(listedDays({ month, periods: [{ validFrom: '2020-01-01', validTo: null }], endDate: null })).toBe(31)
    expect(listedDays({ month, periods: [{ validFrom: '2020-01-01', validTo: '2027-03-11' }], endDate: null })).toBe(10)
    expect(listedDays({ month, periods: [{ validFrom: '2027-03-11', validTo: null }], endDate: null })).toBe(21)
  })
  it('sums the periods of a citizen who left and came back within the month', () => {
    const periods = [
      { validFrom: '2026-06-01', validTo: '2027-03-08' },
      { validFrom: '2027-03-20', validTo: null },
    ]
    expect(listedDays({ month, periods, endDate: null })).toBe(7 + 12)
  })
  it('gives nothing to a listing ending on the 1st and one day to a listing starting on the last day', () => {
    expect(listedDays({ month, periods: [{ validFrom: '2026-01-01', validTo: '2027-03-01' }], endDate: null })).toBe(0)
    expect(listedDays({ month, periods: [{ validFrom: '2027-03-31', validTo: null }], endDate: null })).toBe(1)
    expect(listedDays({ month, periods: [{ validFrom: '2027-04-01', validTo: null }], endDate: null })).toBe(0)
  })
  it('cuts at death or move-out, exclusive', () => {
    const periods = [{ validFrom: '2020-01-01', validTo: null }]
    expect(listedDays({ month, periods, endDate: '2027-03-16' })).toBe(15)
    expect(listedDays({ month, periods, endDate: '2027-03-01' })).toBe(0)
    expect(listedDays({ month, periods, endDate: '2027-04-01' })).toBe(31)
  })
  it('counts 29 days in a leap February', () => {
    expect(listedDays({ month: '2028-02', periods: [{ validFrom: '2020-01-01', validTo: null }], endDate: null })).toBe(29)
  })
})

describe('line amounts', () => {
  it('reproduces the worked example of spec §7', () => {
    const anna = { ...LINE, weight: '1.20', interpreterNeed: true }
    // 3564 × 0.75 × 10 / (12 × 31) = 71.8548…; 3528 × 1.20 × 10 / 372 = 113.806…; 1200 × 10 / 372 = 32.258…
    expect(lineAmounts(EXAMPLE, { ...anna, days: 10 })).toEqual({
      ageSex: '71.85',
      careWeight: '113.81',
      interpreter: '32.26',
      geography: '0.00',
      socioeconomic: '0.00',
      capitation: '217.92',
    })
    // 150.8951… 238.9935… 67.7419…
    expect(lineAmounts(EXAMPLE, { ...anna, days: 21 })).toEqual({
      ageSex: '150.90',
      careWeight: '238.99',
      interpreter: '67.74',
      geography: '0.00',
      socioeconomic: '0.00',
      capitation: '457.63',
    })
    // A whole month at one clinic: 3564 × 0.75 / 12, 3528 × 1.20 / 12, 1200 / 12.
    expect(lineAmounts(EXAMPLE, anna)).toMatchObject({ ageSex: '222.75', careWeight: '352.80', interpreter: '100.00', capitation: '675.55' })
  })
  it('pays 0 for an absent component even when the citizen would qualify', () => {
    const bare = { ...EXAMPLE, interpreter: undefined }
    expect(lineAmounts(bare, { ...LINE, interpreterNeed: true, clinicGeographyPoints: 22, cni: '3.00', clinicMeanCniQualifies: true })).toEqual({
      ageSex: '222.75',
      careWeight: '294.00',
      interpreter: '0.00',
      geography: '0.00',
      socioeconomic: '0.00',
      capitation: '516.75',
    })
  })
  it('pays geography only from minPoints on', () => {
    const params = { ...EXAMPLE, geography: MODEL.geography }
    expect(lineAmounts(params, { ...LINE, clinicGeographyPoints: 9 }).geography).toBe('0.00')
    expect(lineAmounts(params, { ...LINE, clinicGeographyPoints: 10 }).geography).toBe('18.75') // 30 × 10 × 0.75 / 12
    expect(lineAmounts(params, { ...LINE, clinicGeographyPoints: 10, days: 10 }).geography).toBe('6.05') // 2250 × 10 / 372 = 6.0483…
  })
  it('pays socioeconomic only at a qualifying clinic, and 0 for an area without CNI', () => {
    const params = { ...EXAMPLE, socioeconomic: MODEL.socioeconomic }
    expect(lineAmounts(params, { ...LINE, cni: '2.00', clinicMeanCniQualifies: true }).socioeconomic).toBe('134.00') // 804 × 2 / 12
    expect(lineAmounts(params, { ...LINE, cni: '2.00', clinicMeanCniQualifies: false }).socioeconomic).toBe('0.00')
    expect(lineAmounts(params, { ...LINE, cni: null, clinicMeanCniQualifies: true }).socioeconomic).toBe('0.00')
  })
  it('decides the clinic mean CNI threshold exactly', () => {
    // 31 full days at mean 1.50: Σ(cni × days) = 46.50.
    expect(clinicMeanCniQualifies(MODEL, '46.50', 31)).toBe(true)
    expect(clinicMeanCniQualifies(MODEL, '46.49', 31)).toBe(false)
    expect(clinicMeanCniQualifies(MODEL, '0', 0)).toBe(false)
    expect(clinicMeanCniQualifies(EXAMPLE, '99', 31)).toBe(false)
  })
  it('normalises the care weight by the region mean, divided once', () => {
    const params = { ...EXAMPLE, careWeight: MODEL.careWeight }
    // Region: weight 1.20 for 10 days, 0.60 for 31: Σ(w × days) = 12 + 18.6 = 30.6, Σdays = 41 (mean 0.7463…).
    const regionWeight = { weightDays: '30.6', days: 41 }
    // 3528 × 1.20 × 10 × 41 / (12 × 31 × 30.6) = 1735776 / 11383.2 = 152.488…
    expect(lineAmounts(params, { ...LINE, days: 10, weight: '1.20', regionWeight }).careWeight).toBe('152.49')
    // 3528 × 0.60 × 31 × 41 / (12 × 31 × 30.6) = 236.352…
    expect(lineAmounts(params, { ...LINE, weight: '0.60', regionWeight }).careWeight).toBe('236.35')
    // Full months at 1.20 and 0.60: mean 0.90, so 294 × 1.20 / 0.90 = 392 and 294 × 0.60 / 0.90 = 196.
    const fullMonths = { weightDays: Fraction.parse('1.80').mul(31), days: frac(62) }
    expect(lineAmounts(params, { ...LINE, weight: '1.20', regionWeight: fullMonths }).careWeight).toBe('392.00')
    expect(lineAmounts(params, { ...LINE, weight: '0.60', regionWeight: fullMonths }).careWeight).toBe('196.00')
    expect(() => lineAmounts(params, LINE)).toThrow(RangeError)
  })
})

describe('goal score', () => {
  const result = (numerator: number, denominator: number) => ({ numerator, denominator })

  it('grades higher-is-better indicators between zeroAt and fullAt, clamped', () => {
    expect(indicatorOutcome(TEL, result(85, 100)).fulfilment?.toString()).toBe('3/4') // (0.85 − 0.70) / 0.20
    expect(indicatorOutcome(TEL, result(95, 100)).fulfilment?.toString()).toBe('1')
    expect(indicatorOutcome(TEL, result(60, 100)).fulfilment?.toString()).toBe('0')
    expect(indicatorOutcome(TEL, result(85, 100)).value?.toString()).toBe('17/20')
  })
  it('grades lower-is-better indicators (fullAt < zeroAt)', () => {
    expect(indicatorOutcome(ELDERLY, result(9, 100)).fulfilment?.toString()).toBe('1/2') // (0.09 − 0.12) / (0.06 − 0.12)
    expect(indicatorOutcome(ELDERLY, result(6, 100)).fulfilment?.toString()).toBe('1')
    expect(indicatorOutcome(ELDERLY, result(5, 100)).fulfilment?.toString()).toBe('1')
    expect(indicatorOutcome(ELDERLY, result(12, 100)).fulfilment?.toString()).toBe('0')
    expect(indicatorOutcome(ELDERLY, result(13, 100)).fulfilment?.toString()).toBe('0')
  })
  it('suppresses results with too small a denominator, and missing results', () => {
    expect(indicatorOutcome(TEL, result(29, 29))).toEqual({ assessable: false, value: frac(1), fulfilment: null })
    expect(indicatorOutcome(TEL, result(30, 30))).toEqual({ assessable: true, value: frac(1), fulfilment: frac(1) })
    expect(indicatorOutcome(TEL, null)).toEqual({ assessable: false, value: null, fulfilment: null })
    expect(indicatorOutcome({ ...TEL, minDenominator: 0 }, result(0, 0)).assessable).toBe(false)
  })
  it('weights fulfilment over the assessable indicators only', () => {
    const all = { TEL_SAME_DAY: result(85, 100), DM_HBA1C_LT52: result(50, 100), ELDERLY_AVOID_DRUGS: result(9, 100) }
    // (3 × 0.75 + 2 × 0.5 + 2 × 0.5) / 7 = 4.25 / 7
    expect(clinicGoalScore(MODEL, all)?.toString()).toBe('17/28')
    // DM suppressed: (3 × 0.75 + 2 × 0.5) / 5 = 0.65
    expect(clinicGoalScore(MODEL, { ...all, DM_HBA1C_LT52: result(15, 29) })?.toString()).toBe('13/20')
    expect(clinicGoalScore(MODEL, { OTHER_INDICATOR: result(100, 100) })).toBeNull()
    expect(clinicGoalScore(MODEL, { TEL_SAME_DAY: result(1, 10), DM_HBA1C_LT52: null })).toBeNull()
  })
  it('gives clinics without an assessable indicator the plain mean of the others, 0 if none', () => {
    expect(fallbackScore([frac(1, 2), null, frac(1, 4)]).toString()).toBe('3/8')
    expect(fallbackScore([null]).toString()).toBe('0')
    expect(fallbackScore([]).toString()).toBe('0')
  })
  it('takes the result published latest before the month, ignoring publication on or after its first day', () => {
    const q1 = { period: '2026-Q3', published: '2026-11-15', numerator: 1, denominator: 1 }
    const q2 = { period: '2026-Q4', published: '2027-02-28', numerator: 2, denominator: 2 }
    const q3 = { period: '2027-Q1', published: '2027-03-01', numerator: 3, denominator: 3 }
    expect(latestResult([q3, q2, q1], '2027-03-01')).toBe(q2)
    expect(latestResult([q3, q2, q1], '2027-02-01')).toBe(q1)
    expect(latestResult([q3], '2027-03-01')).toBeNull()
    const restated = { ...q1, period: '2026-Q4' }
    const republished = { ...q1, published: restated.published }
    expect(latestResult([restated, republished], '2027-01-01')).toBe(restated)
    expect(latestResult([republished, restated], '2027-01-01')).toBe(restated)
  })
})

describe('clinic amounts', () => {
  it('sizes the goal potential so that the goal part is share of capitation + goal part', () => {
    // 900000 × 0.10 / 0.90 = 100000, and 100000 / (900000 + 100000) = 0.10.
    const full = clinicAmounts(MODEL, { capitation: '900000.00', score: frac(1), ownership: 'public' })
    expect(full).toEqual({ goalPotential: '100000.00', goalEarned: '100000.00', vatCompensation: '0.00', total: '1000000.00' })
    expect(Fraction.parse(full.goalEarned).div(full.total).toString()).toBe('1/10')
    // 217.92 / 9 = 24.2133… → 24.21
    expect(clinicAmounts(MODEL, { capitation: '217.92', score: frac(0), ownership: 'public' }).goalPotential).toBe('24.21')
  })
  it('earns the potential times the score, and pays VAT compensation only for the ownership it applies to', () => {
    // 100000 × 17/28 = 60714.2857… → 60714.29; (900000 + 60714.29) × 0.03 = 28821.4287 → 28821.43
    expect(clinicAmounts(MODEL, { capitation: '900000.00', score: frac(17, 28), ownership: 'private' })).toEqual({
      goalPotential: '100000.00',
      goalEarned: '60714.29',
      vatCompensation: '28821.43',
      total: '989535.72',
    })
    expect(clinicAmounts(MODEL, { capitation: '900000.00', score: frac(17, 28), ownership: 'public' })).toMatchObject({
      vatCompensation: '0.00',
      total: '960714.29',
    })
    const publicVat = { ...MODEL, vatCompensation: { rate: '0.03', appliesTo: 'public' as const } }
    expect(clinicAmounts(publicVat, { capitation: '900000.00', score: frac(17, 28), ownership: 'public' }).vatCompensation).toBe('28821.43')
    expect(clinicAmounts(EXAMPLE, { capitation: '900000.00', score: frac(1), ownership: 'private' }).vatCompensation).toBe('0.00')
  })
  it('pays nothing on a zero capitation', () => {
    expect(clinicAmounts(MODEL, { capitation: '0.00', score: frac(1), ownership: 'private' })).toEqual({
      goalPotential: '0.00',
      goalEarned: '0.00',
      vatCompensation: '0.00',
      total: '0.00',
    })
  })
})

// ---- a whole month --------------------------------------------------------------------------

const clinic = (id: number, more: Partial<MonthClinic> = {}): MonthClinic => ({
  id,
  hsaId: `SE2321000032-VC${id}`,
  ownership: 'private',
  geographyPoints: 0,
  authorisedFrom: '2010-01-01',
  authorisedTo: null,
  ...more,
})

const citizen = (id: number, more: Partial<MonthCitizen> = {}): MonthCitizen => ({
  id,
  personalId: `19900510${String(id).padStart(4, '0')}`,
  sex: 'F',
  birthDate: '1990-05-10',
  areaCode: 'A1',
  interpreterNeed: false,
  endDate: null,
  ...more,
})

const region = (more: Partial<MonthData>): MonthData => ({
  citizens: [],
  areas: [{ code: 'A1', cni: null }],
  clinics: [clinic(1), clinic(2)],
  listings: [],
  careWeights: [],
  quality: [],
  ...more,
})

const march = (params: PaymentModelParams, data: MonthData) => computeMonthNaive(params, '2027-03', data)

/** The lines as "clinic:citizen:days:capitation". */
const summary = (data: ReturnType<typeof march>) => data.lines.map((l) => `${l.clinicId}:${l.citizenId}:${l.days}:${l.capitation}`)

describe('a whole month, naively', () => {
  it('reproduces the worked example with clinic totals, goal score fallback and VAT compensation', () => {
    const params = { ...EXAMPLE, vatCompensation: MODEL.vatCompensation }
    const q = (clinicId: number, indicator: string, numerator: number, denominator: number, published = '2027-01-15', period = '2026-Q4') => ({
      clinicId,
      indicator,
      period,
      numerator,
      denominator,
      published,
    })
    const data = region({
      clinics: [clinic(1), clinic(2, { ownership: 'public' }), clinic(3)],
      citizens: [citizen(10, { interpreterNeed: true })],
      careWeights: [{ citizenId: 10, validFrom: '2027-01-01', weight: '1.20' }],
      listings: [
        { citizenId: 10, clinicId: 1, validFrom: '2019-06-01', validTo: '2027-03-11' },
        { citizenId: 10, clinicId: 2, validFrom: '2027-03-11', validTo: null },
      ],
      quality: [
        q(1, 'TEL_SAME_DAY', 85, 100),
        q(1, 'TEL_SAME_DAY', 95, 100, '2027-03-01', '2027-Q1'), // published on the 1st: not yet known
        q(1, 'DM_HBA1C_LT52', 50, 100),
        q(1, 'ELDERLY_AVOID_DRUGS', 9, 100),
        q(2, 'TEL_SAME_DAY', 29, 29), // suppressed: clinic 2 has nothing assessable
        q(3, 'TEL_SAME_DAY', 90, 100),
      ],
    })
    const month = march(params, data)
    expect(month.lines).toEqual([
      {
        clinicId: 1,
        citizenId: 10,
        personalId: '199005100010',
        days: 10,
        age: 36,
        sex: 'F',
        points: '0.75',
        weight: '1.20',
        ageSex: '71.85',
        careWeight: '113.81',
        interpreter: '32.26',
        geography: '0.00',
        socioeconomic: '0.00',
        capitation: '217.92',
      },
      {
        clinicId: 2,
        citizenId: 10,
        personalId: '199005100010',
        days: 21,
        age: 36,
        sex: 'F',
        points: '0.75',
        weight: '1.20',
        ageSex: '150.90',
        careWeight: '238.99',
        interpreter: '67.74',
        geography: '0.00',
        socioeconomic: '0.00',
        capitation: '457.63',
      },
    ])
    // Scores: clinic 1 17/28 (see goal score), clinic 3 1 (TEL 0.90 only), clinic 2 the mean (17/28 + 1) / 2 = 45/56.
    // Clinic 3 has no lines, so its row is all zeros, the score included; its own score still counts in the mean.
    expect(month.clinics.map((c) => [c.clinicId, c.goalScore.toString()])).toEqual([
      [1, '17/28'],
      [2, '45/56'],
      [3, '0'],
    ])
    expect(month.clinics.map(({ goalScore: _, ...rest }) => rest)).toEqual([
      {
        clinicId: 1,
        listedCitizens: 1,
        listingPoints: '0.2419', // 0.75 × 10 / 31 = 0.24193…
        ageSex: '71.85',
        careWeight: '113.81',
        interpreter: '32.26',
        geography: '0.00',
        socioeconomic: '0.00',
        capitation: '217.92',
        goalPotential: '24.21', // 217.92 / 9 = 24.2133…
        goalEarned: '14.70', // 24.21 × 17/28 = 14.6989…
        vatCompensation: '6.98', // (217.92 + 14.70) × 0.03 = 6.9786
        total: '239.60',
      },
      {
        clinicId: 2,
        listedCitizens: 1,
        listingPoints: '0.5081', // 0.75 × 21 / 31 = 0.50806…
        ageSex: '150.90',
        careWeight: '238.99',
        interpreter: '67.74',
        geography: '0.00',
        socioeconomic: '0.00',
        capitation: '457.63',
        goalPotential: '50.85', // 457.63 / 9 = 50.8477…
        goalEarned: '40.86', // 50.85 × 45/56 = 40.8616…
        vatCompensation: '0.00', // public
        total: '498.49',
      },
      {
        clinicId: 3,
        listedCitizens: 0,
        listingPoints: '0.0000',
        ageSex: '0.00',
        careWeight: '0.00',
        interpreter: '0.00',
        geography: '0.00',
        socioeconomic: '0.00',
        capitation: '0.00',
        goalPotential: '0.00',
        goalEarned: '0.00',
        vatCompensation: '0.00',
        total: '0.00',
      },
    ])
  })

  it('sums the days of a switch away and back within the month', () => {
    const data = region({
      citizens: [citizen(10, { interpreterNeed: true })],
      careWeights: [{ citizenId: 10, validFrom: '2027-01-01', weight: '1.20' }],
      listings: [
        { citizenId: 10, clinicId: 1, validFrom: '2026-06-01', validTo: '2027-03-08' },
        { citizenId: 10, clinicId: 2, validFrom: '2027-03-08', validTo: '2027-03-20' },
        { citizenId: 10, clinicId: 1, validFrom: '2027-03-20', validTo: null },
      ],
    })
    // 19 days: 136.5241… + 216.2322… + 61.2903… → 136.52 + 216.23 + 61.29; 12 days: 86.23 + 136.57 + 38.71
    expect(summary(march(EXAMPLE, data))).toEqual(['1:10:19:414.04', '2:10:12:261.51'])
  })

  it('handles a switch on the 1st and on the last day of the month', () => {
    const onFirst = region({
      citizens: [citizen(10, { interpreterNeed: true })],
      careWeights: [{ citizenId: 10, validFrom: '2027-01-01', weight: '1.20' }],
      listings: [
        { citizenId: 10, clinicId: 1, validFrom: '2026-06-01', validTo: '2027-03-01' },
        { citizenId: 10, clinicId: 2, validFrom: '2027-03-01', validTo: null },
      ],
    })
    expect(summary(march(EXAMPLE, onFirst))).toEqual(['2:10:31:675.55'])
    const onLast = {
      ...onFirst,
      listings: [
        { citizenId: 10, clinicId: 1, validFrom: '2026-06-01', validTo: '2027-03-31' },
        { citizenId: 10, clinicId: 2, validFrom: '2027-03-31', validTo: null },
      ],
    }
    // 30 days: 215.56 + 341.42 + 96.77; 1 day: 7.19 + 11.38 + 3.23
    expect(summary(march(EXAMPLE, onLast))).toEqual(['1:10:30:653.75', '2:10:1:21.80'])
  })

  it('cuts at death or move-out in daily allocation', () => {
    const listings = [{ citizenId: 10, clinicId: 1, validFrom: '2020-01-01', validTo: null }]
    const careWeights = [{ citizenId: 10, validFrom: '2027-01-01', weight: '1.20' }]
    const mid = region({ citizens: [citizen(10, { interpreterNeed: true, endDate: '2027-03-16' })], listings, careWeights })
    // 15 days: 107.78 + 170.71 + 48.39
    expect(summary(march(EXAMPLE, mid))).toEqual(['1:10:15:326.88'])
    const before = region({ citizens: [citizen(10, { endDate: '2027-03-01' })], listings, careWeights })
    expect(summary(march(EXAMPLE, before))).toEqual([])
  })

  it('pays for a child born in the month from its listing, at age 0', () => {
    const data = region({
      citizens: [citizen(10, { birthDate: '2027-03-10' })],
      listings: [{ citizenId: 10, clinicId: 1, validFrom: '2027-03-10', validTo: null }],
    })
    const [line] = march(EXAMPLE, data).lines
    // 22 days, F age 0 = 1.30 points: 3564 × 1.30 × 22 / 372 = 274.0064…; 3528 × 1.00 × 22 / 372 = 208.6451…
    expect(line).toMatchObject({ days: 22, age: 0, points: '1.30', weight: '1.00', ageSex: '274.01', careWeight: '208.65', capitation: '482.66' })
  })

  it('places age-band edges on the reference date', () => {
    const data = region({
      citizens: [citizen(10, { sex: 'M', birthDate: '2020-03-01' }), citizen(11, { sex: 'M', birthDate: '2020-03-02' })],
      listings: [10, 11].map((citizenId) => ({ citizenId, clinicId: 1, validFrom: '2020-03-10', validTo: null })),
    })
    // Reference 2027-03-01: 10 has turned 7 (0.50 → 3564 × 0.50 / 12 = 148.50), 11 is still 6 (0.85 → 252.45).
    expect(march(EXAMPLE, data).lines.map((l) => [l.age, l.points, l.ageSex])).toEqual([
      [7, '0.50', '148.50'],
      [6, '0.85', '252.45'],
    ])
  })

  it('pays on the census day: the clinic listed then, a full month, age on that day', () => {
    const data = region({
      citizens: [citizen(10, { sex: 'M', birthDate: '2020-03-01' })],
      listings: [
        { citizenId: 10, clinicId: 1, validFrom: '2026-01-01', validTo: '2027-03-01' },
        { citizenId: 10, clinicId: 2, validFrom: '2027-03-01', validTo: null },
      ],
    })
    const lastDay = march({ ...EXAMPLE, allocation: 'census', censusDay: 'lastDayOfPreviousMonth' }, data)
    // Census 2027-02-28: clinic 1, age 6 (0.85): 252.45 + 294.00
    expect(lastDay.lines.map((l) => [l.clinicId, l.days, l.age, l.points, l.capitation])).toEqual([[1, 31, 6, '0.85', '546.45']])
    const firstOfMonth = march({ ...EXAMPLE, allocation: 'census', censusDay: 'firstDayOfMonth' }, data)
    // Census 2027-03-01: clinic 2, age 7 (0.50): 148.50 + 294.00
    expect(firstOfMonth.lines.map((l) => [l.clinicId, l.days, l.age, l.points, l.capitation])).toEqual([[2, 31, 7, '0.50', '442.50']])
  })

  it('does not pay for a citizen dead or moved out on or before the census day', () => {
    const lastDay = { ...EXAMPLE, allocation: 'census' as const, censusDay: 'lastDayOfPreviousMonth' as const }
    const firstOfMonth = { ...lastDay, censusDay: 'firstDayOfMonth' as const }
    const withEnd = (endDate: string) =>
      region({ citizens: [citizen(10, { endDate })], listings: [{ citizenId: 10, clinicId: 1, validFrom: '2020-01-01', validTo: null }] })
    expect(summary(march(lastDay, withEnd('2027-02-28')))).toEqual([])
    expect(summary(march(lastDay, withEnd('2027-03-01')))).toEqual(['1:10:31:516.75'])
    expect(summary(march(firstOfMonth, withEnd('2027-03-01')))).toEqual([])
    // Dying mid-month changes nothing in census allocation: the month is paid in full.
    expect(summary(march(lastDay, withEnd('2027-03-16')))).toEqual(['1:10:31:516.75'])
    expect(summary(march(firstOfMonth, withEnd('2027-03-16')))).toEqual(['1:10:31:516.75'])
  })

  it('uses the care weight in force on the month, else the default', () => {
    const data = region({
      citizens: [citizen(10), citizen(11), citizen(12)],
      listings: [10, 11, 12].map((citizenId) => ({ citizenId, clinicId: 1, validFrom: '2020-01-01', validTo: null })),
      careWeights: [
        { citizenId: 11, validFrom: '2027-04-01', weight: '2.00' }, // from the future
        { citizenId: 12, validFrom: '2027-03-01', weight: '0.80' }, // replaces 1.20 from this month on
        { citizenId: 12, validFrom: '2026-01-01', weight: '1.20' },
        { citizenId: 12, validFrom: '2027-04-01', weight: '2.00' },
      ],
    })
    // 3528 × 1.00 / 12 = 294.00; 3528 × 0.80 / 12 = 235.20
    expect(march(EXAMPLE, data).lines.map((l) => [l.citizenId, l.weight, l.careWeight])).toEqual([
      [10, '1.00', '294.00'],
      [11, '1.00', '294.00'],
      [12, '0.80', '235.20'],
    ])
  })

  it('normalises care weights by the region mean over all lines of the month', () => {
    const data = region({
      citizens: [citizen(10), citizen(11)],
      listings: [
        { citizenId: 10, clinicId: 1, validFrom: '2027-03-22', validTo: null },
        { citizenId: 11, clinicId: 2, validFrom: '2020-01-01', validTo: null },
      ],
      careWeights: [
        { citizenId: 10, validFrom: '2027-01-01', weight: '1.20' },
        { citizenId: 11, validFrom: '2027-01-01', weight: '0.60' },
      ],
    })
    const params = { ...EXAMPLE, careWeight: MODEL.careWeight }
    // Σ(w × days) = 1.20 × 10 + 0.60 × 31 = 30.6, Σdays = 41: 152.49 and 236.35 as in the line amounts test.
    expect(march(params, data).lines.map((l) => [l.days, l.weight, l.careWeight])).toEqual([
      [10, '1.20', '152.49'],
      [31, '0.60', '236.35'],
    ])
  })

  it('pays socioeconomic at clinics whose mean CNI reaches the threshold, an area without CNI counting 0', () => {
    const data = region({
      areas: [
        { code: 'HI', cni: '2.00' },
        { code: 'LO', cni: '1.00' },
        { code: 'AL', cni: '1.99' },
        { code: 'TOP', cni: '3.00' },
        { code: 'NONE', cni: null },
      ],
      clinics: [clinic(1), clinic(2), clinic(3), clinic(4)],
      citizens: [
        citizen(10, { areaCode: 'HI' }),
        citizen(11, { areaCode: 'LO' }),
        citizen(12, { areaCode: 'AL' }),
        citizen(13, { areaCode: 'LO' }),
        citizen(14, { areaCode: 'TOP' }),
        citizen(15, { areaCode: 'NONE' }),
        citizen(16, { areaCode: 'NONE' }),
        citizen(17, { areaCode: 'TOP' }),
        citizen(18, { areaCode: 'NONE' }),
      ],
      listings: [
        [10, 1],
        [11, 1],
        [12, 2],
        [13, 2],
        [14, 3],
        [15, 3],
        [16, 3],
        [17, 4],
        [18, 4],
      ].map(([citizenId, clinicId]) => ({ citizenId: citizenId!, clinicId: clinicId!, validFrom: '2020-01-01', validTo: null })),
    })
    const params = { ...EXAMPLE, socioeconomic: MODEL.socioeconomic }
    // Clinic 1 mean (2 + 1) / 2 = 1.50: 804 × 2 / 12 = 134, 804 × 1 / 12 = 67. Clinic 2 mean 1.495: nothing.
    // Clinic 3 mean (3 + 0 + 0) / 3 = 1.00: nothing. Clinic 4 mean (3 + 0) / 2 = 1.50: 804 × 3 / 12 = 201, and 0 without CNI.
    const month = march(params, data)
    expect(month.lines.map((l) => [l.clinicId, l.citizenId, l.socioeconomic])).toEqual([
      [1, 10, '134.00'],
      [1, 11, '67.00'],
      [2, 12, '0.00'],
      [2, 13, '0.00'],
      [3, 14, '0.00'],
      [3, 15, '0.00'],
      [3, 16, '0.00'],
      [4, 17, '201.00'],
      [4, 18, '0.00'],
    ])
    expect(month.clinics.map((c) => c.socioeconomic)).toEqual(['201.00', '0.00', '0.00', '201.00'])
  })

  it('pays geography by the clinic points from minPoints on, weighted by listing points', () => {
    const data = region({
      clinics: [clinic(1, { geographyPoints: 9 }), clinic(2, { geographyPoints: 10 })],
      citizens: [citizen(10), citizen(11, { sex: 'M', birthDate: '1950-01-01' })],
      listings: [
        { citizenId: 10, clinicId: 1, validFrom: '2020-01-01', validTo: null },
        { citizenId: 11, clinicId: 2, validFrom: '2020-01-01', validTo: null },
      ],
    })
    const month = march({ ...EXAMPLE, geography: MODEL.geography }, data)
    // Citizen 11: M aged 77, 1.95 points: 30 × 10 × 1.95 / 12 = 48.75
    expect(month.lines.map((l) => [l.clinicId, l.points, l.geography])).toEqual([
      [1, '0.75', '0.00'],
      [2, '1.95', '48.75'],
    ])
    expect(month.clinics.map((c) => [c.listingPoints, c.geography])).toEqual([
      ['0.7500', '0.00'],
      ['1.9500', '48.75'],
    ])
  })

  it('gives a row to every clinic authorised at some time in the month, and to none other without lines', () => {
    const data = region({
      clinics: [
        clinic(1, { authorisedTo: '2027-03-01' }), // ended with February
        clinic(2, { authorisedFrom: '2027-04-01' }), // starts next month
        clinic(3, { authorisedFrom: '2027-03-31' }),
        clinic(4, { authorisedTo: '2027-03-02' }),
        clinic(5, { authorisedTo: '2027-02-01' }), // ended, but still has a listing
      ],
      citizens: [citizen(10)],
      listings: [{ citizenId: 10, clinicId: 5, validFrom: '2020-01-01', validTo: null }],
    })
    const month = march(EXAMPLE, data)
    expect(month.clinics.map((c) => [c.clinicId, c.listedCitizens, c.capitation])).toEqual([
      [3, 0, '0.00'],
      [4, 0, '0.00'],
      [5, 1, '516.75'],
    ])
  })

  it('gives every clinic a zero score when no clinic has an assessable indicator', () => {
    const month = march(MODEL, region({}))
    expect(month.clinics.map((c) => [c.clinicId, c.goalScore.toString(), c.total])).toEqual([
      [1, '0', '0.00'],
      [2, '0', '0.00'],
    ])
  })
})

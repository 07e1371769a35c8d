/**
 * The payment model of shared/spec/payment-model.md as pure functions: exact rational arithmetic,
 * the calendar rules, line amounts (primärvårdspeng), the goal score (målrelaterad ersättning),
 * clinic amounts, and a naive whole-month computation that is both the oracle for the SQL engine
 * and the row-by-row benchmark baseline. No I/O; money is never a binary float.
 */
import type { Sex } from '../identity/personal-id.ts'

// ---- exact arithmetic --------------------------------------------------------------------

/** Anything that converts exactly to a fraction: a decimal string, an integer, or a fraction. */
export type Rational = Fraction | string | number | bigint

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    const r = a % b
    a = b
    b = r
  }
  return a < 0n ? -a : a
}

function toBigInt(n: bigint | number): bigint {
  if (typeof n === 'bigint') return n
  if (!Number.isSafeInteger(n)) throw new RangeError(`${n} is not a safe integer`)
  return BigInt(n)
}

/** An exact rational number, always in lowest terms with a positive denominator. */
export class Fraction {
  readonly num: bigint
  readonly den: bigint

  private constructor(num: bigint, den: bigint) {
    if (den === 0n) throw new RangeError('division by zero')
    if (den < 0n) {
      num = -num
      den = -den
    }
    const g = gcd(num, den)
    this.num = num / g
    this.den = den / g
  }

  static readonly ZERO = new Fraction(0n, 1n)
  static readonly ONE = new Fraction(1n, 1n)

  /** `num / den` from integers (a non-integer number is refused: it would smuggle in a float). */
  static of(num: bigint | number, den: bigint | number = 1n): Fraction {
    return new Fraction(toBigInt(num), toBigInt(den))
  }

  /** A plain decimal string such as "3564.00", "-0.5" or "12". */
  static parse(text: string): Fraction {
    const m = DECIMAL.exec(text)
    if (!m) throw new RangeError(`'${text}' is not a decimal number`)
    const decimals = m[3] ?? ''
    const digits = BigInt(`${m[2] ?? ''}${decimals}`)
    return new Fraction(m[1] === '-' ? -digits : digits, 10n ** BigInt(decimals.length))
  }

  static from(x: Rational): Fraction {
    if (x instanceof Fraction) return x
    return typeof x === 'string' ? Fraction.parse(x) : Fraction.of(x)
  }

  add(other: Rational): Fraction {
    const o = Fraction.from(other)
    return new Fraction(this.num * o.den + o.num * this.den, this.den * o.den)
  }

  sub(other: Rational): Fraction {
    const o = Fraction.from(other)
    return new Fraction(this.num * o.den - o.num * this.den, this.den * o.den)
  }

  mul(other: Rational): Fraction {
    const o = Fraction.from(other)
    return new Fraction(this.num * o.num, this.den * o.den)
  }

  div(other: Rational): Fraction {
    const o = Fraction.from(other)
    return new Fraction(this.num * o.den, this.den * o.num)
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`. */
  compare(other: Rational): -1 | 0 | 1 {
    const o = Fraction.from(other)
    const d = this.num * o.den - o.num * this.den
    return d < 0n ? -1 : d > 0n ? 1 : 0
  }

  isZero(): boolean {
    return this.num === 0n
  }

  clamp01(): Fraction {
    if (this.num < 0n) return Fraction.ZERO
    return this.num > this.den ? Fraction.ONE : this
  }

  /** Rounded half up (half away from zero for negatives) to `scale` decimals. */
  toFixed(scale: number): string {
    const negative = this.num < 0n
    const scaled = (negative ? -this.num : this.num) * 10n ** BigInt(scale)
    let whole = scaled / this.den
    if ((scaled % this.den) * 2n >= this.den) whole += 1n
    const digits = whole.toString().padStart(scale + 1, '0')
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
    return negative && whole !== 0n ? `-${text}` : text
  }

  toString(): string {
    return this.den === 1n ? `${this.num}` : `${this.num}/${this.den}`
  }
}

/** Rounds to whole öre, half up: "71.85". */
export function roundOre(f: Fraction): string {
  return f.toFixed(2)
}

/** The exact sum of öre amounts given as decimal strings. */
export function sumOre(amounts: Iterable<string>): string {
  let sum = Fraction.ZERO
  for (const a of amounts) sum = sum.add(a)
  return roundOre(sum)
}

// ---- calendar (dates "YYYY-MM-DD", months "YYYY-MM") ------------------------------------

/** A month YYYY-MM (01‥12): the one pattern every input of a month is checked against. */
export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/
const MONTH = MONTH_PATTERN
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000

function parseMonth(month: string): { year: number; month: number } {
  const m = MONTH.exec(month)
  if (!m) throw new RangeError(`'${month}' is not a month YYYY-MM`)
  return { year: Number(m[1]), month: Number(m[2]) }
}

function parseDate(date: string): { year: number; month: number; day: number } {
  const m = DATE.exec(date)
  const year = Number(m?.[1])
  const month = Number(m?.[2])
  const day = Number(m?.[3])
  if (!m || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) {
    throw new RangeError(`'${date}' is not a date YYYY-MM-DD`)
  }
  return { year, month, day }
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function monthLength(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

function formatMonth(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
}

function dayNumber(date: string): number {
  const { year, month, day } = parseDate(date)
  return Date.UTC(year, month - 1, day) / MS_PER_DAY
}

export function daysInMonth(month: string): number {
  const m = parseMonth(month)
  return monthLength(m.year, m.month)
}

export function firstDay(month: string): string {
  parseMonth(month)
  return `${month}-01`
}

export function nextMonth(month: string): string {
  const m = parseMonth(month)
  return m.month === 12 ? formatMonth(m.year + 1, 1) : formatMonth(m.year, m.month + 1)
}

export function previousMonth(month: string): string {
  const m = parseMonth(month)
  return m.month === 1 ? formatMonth(m.year - 1, 12) : formatMonth(m.year, m.month - 1)
}

export type CensusDay = 'lastDayOfPreviousMonth' | 'firstDayOfMonth'

export function censusDate(month: string, censusDay: CensusDay): string {
  if (censusDay === 'firstDayOfMonth') return firstDay(month)
  const previous = previousMonth(month)
  return `${previous}-${String(daysInMonth(previous)).padStart(2, '0')}`
}

/** Completed years at `referenceDate`; a 29 February birthday counts as 1 March in non-leap years. */
export function ageAt(birthDate: string, referenceDate: string): number {
  const born = parseDate(birthDate)
  const ref = parseDate(referenceDate)
  let age = ref.year - born.year
  // Comparing (month, day) pairs makes 29 Feb > 28 Feb, so the birthday falls on 1 March.
  if (ref.month < born.month || (ref.month === born.month && ref.day < born.day)) age--
  return Math.max(age, 0)
}

// ---- the model ---------------------------------------------------------------------------

export type Ownership = 'public' | 'private'

export interface AgeSexBand {
  readonly fromAge: number
  readonly toAge: number | null
  readonly F: string
  readonly M: string
}

export interface GoalIndicator {
  readonly code: string
  readonly weight: string
  readonly zeroAt: string
  readonly fullAt: string
  readonly minDenominator: number
}

/** The model version JSON of spec §2, structurally (decimal strings, optional components absent). */
export interface PaymentModelParams {
  readonly version: string
  readonly validFrom: string
  readonly allocation: 'daily' | 'census'
  readonly censusDay: CensusDay
  readonly ageSex: { readonly krPerPointPerYear: string; readonly bands: readonly AgeSexBand[] }
  readonly careWeight: {
    readonly krPerPointPerYear: string
    readonly defaultWeight: string
    readonly normalise: 'regionMean' | 'none'
  }
  readonly interpreter?: { readonly krPerYear: string }
  readonly geography?: { readonly minPoints: number; readonly krPerGeoPointPerListingPointPerYear: string }
  readonly socioeconomic?: { readonly krPerCniPointPerYear: string; readonly minClinicMeanCni: string }
  readonly goal: { readonly share: string; readonly indicators: readonly GoalIndicator[] }
  readonly vatCompensation?: { readonly rate: string; readonly appliesTo: Ownership }
}

/** The age/sex points of the band holding `age` (a validated model has exactly one). */
export function bandPoints(params: PaymentModelParams, age: number, sex: Sex): string {
  const band = params.ageSex.bands.find((b) => b.fromAge <= age && (b.toAge === null || age <= b.toAge))
  if (!band) throw new RangeError(`no age band of model ${params.version} holds age ${age}`)
  return band[sex]
}

// ---- who is paid for whom ----------------------------------------------------------------

export interface ListingPeriod {
  readonly validFrom: string
  /** Exclusive; null = still listed. */
  readonly validTo: string | null
}

/** Days of `month` inside the periods ([validFrom, validTo)), cut at `endDate` (exclusive). */
export function listedDays(input: { month: string; periods: readonly ListingPeriod[]; endDate: string | null }): number {
  const monthStart = firstDay(input.month)
  let monthEnd = firstDay(nextMonth(input.month))
  if (input.endDate !== null && input.endDate < monthEnd) monthEnd = input.endDate
  let days = 0
  for (const p of input.periods) {
    // ISO dates order as strings, so max/min pick the overlap's bounds.
    const from = p.validFrom > monthStart ? p.validFrom : monthStart
    const to = p.validTo !== null && p.validTo < monthEnd ? p.validTo : monthEnd
    if (from < to) days += dayNumber(to) - dayNumber(from)
  }
  return days
}

// ---- line amounts (spec §4) --------------------------------------------------------------

export interface LineInput {
  readonly days: number
  readonly daysInMonth: number
  readonly points: string
  /** The citizen's raw ACG weight in force, or the model's default weight. */
  readonly weight: string
  /** Σ(w × days) and Σdays over the region's lines; required when `normalise` is "regionMean". */
  readonly regionWeight?: { readonly weightDays: Rational; readonly days: Rational }
  readonly interpreterNeed: boolean
  readonly clinicGeographyPoints: number
  readonly cni: string | null
  readonly clinicMeanCniQualifies: boolean
}

export interface LineAmounts {
  ageSex: string
  careWeight: string
  interpreter: string
  geography: string
  socioeconomic: string
  capitation: string
}

const NO_AMOUNT = '0.00'

/** The care weight as paid: raw, or relative to the region's mean weight of the month. */
function effectiveWeight(params: PaymentModelParams, input: LineInput): Fraction {
  const weight = Fraction.parse(input.weight)
  if (params.careWeight.normalise === 'none') return weight
  if (!input.regionWeight) throw new RangeError('normalise "regionMean" needs the region weight sums')
  return weight.mul(input.regionWeight.days).div(input.regionWeight.weightDays)
}

/** The five components of one line, each an exact product rounded once to öre, and their sum. */
export function lineAmounts(params: PaymentModelParams, input: LineInput): LineAmounts {
  const perMonth = Fraction.of(input.days, 12 * input.daysInMonth) // f / 12
  const points = Fraction.parse(input.points)
  const ageSex = roundOre(Fraction.parse(params.ageSex.krPerPointPerYear).mul(points).mul(perMonth))
  const careWeight = roundOre(Fraction.parse(params.careWeight.krPerPointPerYear).mul(effectiveWeight(params, input)).mul(perMonth))
  const interpreter =
    params.interpreter && input.interpreterNeed ? roundOre(Fraction.parse(params.interpreter.krPerYear).mul(perMonth)) : NO_AMOUNT
  const geo = params.geography
  const geography =
    geo && input.clinicGeographyPoints >= geo.minPoints
      ? roundOre(Fraction.parse(geo.krPerGeoPointPerListingPointPerYear).mul(input.clinicGeographyPoints).mul(points).mul(perMonth))
      : NO_AMOUNT
  const socio = params.socioeconomic
  const socioeconomic =
    socio && input.clinicMeanCniQualifies && input.cni !== null
      ? roundOre(Fraction.parse(socio.krPerCniPointPerYear).mul(input.cni).mul(perMonth))
      : NO_AMOUNT
  return {
    ageSex,
    careWeight,
    interpreter,
    geography,
    socioeconomic,
    capitation: sumOre([ageSex, careWeight, interpreter, geography, socioeconomic]),
  }
}

/** Whether a clinic's mean CNI over its lines, Σ(cni × days) / Σdays, reaches the model's threshold. */
export function clinicMeanCniQualifies(params: PaymentModelParams, cniDaysSum: Rational, daysSum: Rational): boolean {
  const socio = params.socioeconomic
  const days = Fraction.from(daysSum)
  if (!socio || days.isZero()) return false
  return Fraction.from(cniDaysSum).div(days).compare(socio.minClinicMeanCni) >= 0
}

// ---- goal score (spec §5) ----------------------------------------------------------------

export interface IndicatorResult {
  readonly numerator: number | bigint
  readonly denominator: number | bigint
}

export interface IndicatorOutcome {
  assessable: boolean
  /** numerator / denominator whenever a result with a denominator exists, even a suppressed one. */
  value: Fraction | null
  fulfilment: Fraction | null
}

export function indicatorOutcome(indicator: GoalIndicator, result: IndicatorResult | null): IndicatorOutcome {
  if (result === null || BigInt(result.denominator) === 0n) return { assessable: false, value: null, fulfilment: null }
  const value = Fraction.of(result.numerator, result.denominator)
  if (BigInt(result.denominator) < BigInt(indicator.minDenominator)) return { assessable: false, value, fulfilment: null }
  const zeroAt = Fraction.parse(indicator.zeroAt)
  // Dividing by (fullAt − zeroAt) turns lower-is-better indicators (fullAt < zeroAt) the right way round.
  const fulfilment = value.sub(zeroAt).div(Fraction.parse(indicator.fullAt).sub(zeroAt)).clamp01()
  return { assessable: true, value, fulfilment }
}

/**
 * Σ weight × fulfilment / Σ weight over the assessable indicators, given each indicator's chosen
 * result by code (see `latestResult`); null when no indicator with a positive weight is assessable.
 */
export function clinicGoalScore(
  params: PaymentModelParams,
  results: Readonly<Record<string, IndicatorResult | null | undefined>>,
): Fraction | null {
  let weighted = Fraction.ZERO
  let weights = Fraction.ZERO
  for (const indicator of params.goal.indicators) {
    const outcome = indicatorOutcome(indicator, results[indicator.code] ?? null)
    if (!outcome.fulfilment) continue
    weighted = weighted.add(outcome.fulfilment.mul(indicator.weight))
    weights = weights.add(indicator.weight)
  }
  return weights.isZero() ? null : weighted.div(weights)
}

/** The plain mean of the clinics' own scores, for clinics with no assessable indicator; 0 if none. */
export function fallbackScore(scores: readonly (Fraction | null)[]): Fraction {
  let sum = Fraction.ZERO
  let n = 0
  for (const s of scores) {
    if (s === null) continue
    sum = sum.add(s)
    n++
  }
  return n === 0 ? Fraction.ZERO : sum.div(n)
}

/** The result published latest strictly before the month's first day; a tie goes to the later period. */
export function latestResult<T extends { readonly published: string; readonly period: string }>(
  results: readonly T[],
  monthFirstDay: string,
): T | null {
  let best: T | null = null
  for (const r of results) {
    if (r.published >= monthFirstDay) continue
    if (!best || r.published > best.published || (r.published === best.published && r.period > best.period)) best = r
  }
  return best
}

// ---- clinic amounts (spec §5) ------------------------------------------------------------

export interface ClinicAmounts {
  goalPotential: string
  goalEarned: string
  vatCompensation: string
  total: string
}

export function clinicAmounts(
  params: PaymentModelParams,
  input: { capitation: string; score: Fraction; ownership: Ownership },
): ClinicAmounts {
  const share = Fraction.parse(params.goal.share)
  // At full achievement the goal part is `share` of capitation + goal part.
  const goalPotential = roundOre(Fraction.parse(input.capitation).mul(share).div(Fraction.ONE.sub(share)))
  const goalEarned = roundOre(Fraction.parse(goalPotential).mul(input.score))
  const vat = params.vatCompensation
  const vatCompensation =
    vat && vat.appliesTo === input.ownership ? roundOre(Fraction.parse(input.capitation).add(goalEarned).mul(vat.rate)) : NO_AMOUNT
  return { goalPotential, goalEarned, vatCompensation, total: sumOre([input.capitation, goalEarned, vatCompensation]) }
}

// ---- a whole month, naively --------------------------------------------------------------

export type Id = string | number | bigint

export interface MonthCitizen {
  readonly id: Id
  readonly personalId: string
  readonly sex: Sex
  readonly birthDate: string
  readonly areaCode: string
  readonly interpreterNeed: boolean
  /** Death or move-out of the region, exclusive. */
  readonly endDate: string | null
}

export interface MonthArea {
  readonly code: string
  readonly cni: string | null
}

export interface MonthClinic {
  readonly id: Id
  readonly hsaId: string
  readonly ownership: Ownership
  readonly geographyPoints: number
  readonly authorisedFrom: string
  /** Exclusive; null = still authorised. */
  readonly authorisedTo: string | null
}

export interface MonthListing extends ListingPeriod {
  readonly citizenId: Id
  readonly clinicId: Id
}

export interface MonthCareWeight {
  readonly citizenId: Id
  /** The first day of the month it applies from. */
  readonly validFrom: string
  readonly weight: string
}

export interface MonthQualityResult extends IndicatorResult {
  readonly clinicId: Id
  readonly indicator: string
  readonly period: string
  readonly published: string
}

export interface MonthData {
  readonly citizens: readonly MonthCitizen[]
  readonly areas: readonly MonthArea[]
  readonly clinics: readonly MonthClinic[]
  readonly listings: readonly MonthListing[]
  readonly careWeights: readonly MonthCareWeight[]
  readonly quality: readonly MonthQualityResult[]
}

export interface PaymentLine extends LineAmounts {
  clinicId: Id
  citizenId: Id
  personalId: string
  days: number
  age: number
  sex: Sex
  points: string
  /** The raw weight in force (before normalisation), or the default weight. */
  weight: string
}

export interface ClinicPayment extends LineAmounts, ClinicAmounts {
  clinicId: Id
  listedCitizens: number
  /** Σ P × f, exact, rounded half up to 4 decimals. */
  listingPoints: string
  /**
   * The score paid on: the clinic's own, or the run's fallback when it has no assessable indicator;
   * 0 for a clinic without lines (its row is all zeros).
   */
  goalScore: Fraction
}

export interface MonthPayments {
  lines: PaymentLine[]
  clinics: ClinicPayment[]
}

function compareIds(a: Id, b: Id): number {
  if (typeof a === 'string' || typeof b === 'string') return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
  return a < b ? -1 : a > b ? 1 : 0
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let v = map.get(key)
  if (v === undefined) {
    v = create()
    map.set(key, v)
  }
  return v
}

/**
 * Month M for the whole region, row by row over in-memory arrays, with `params` the model version
 * in force for M. Lines are ordered by clinic then citizen, clinics by id.
 */
export function computeMonthNaive(params: PaymentModelParams, month: string, data: MonthData): MonthPayments {
  const monthStart = firstDay(month)
  const monthEnd = firstDay(nextMonth(month))
  const dim = daysInMonth(month)
  const census = params.allocation === 'census' ? censusDate(month, params.censusDay) : null
  const referenceDate = census ?? monthStart

  const citizens = new Map(data.citizens.map((c) => [c.id, c]))
  const clinics = new Map(data.clinics.map((c) => [c.id, c]))
  const cniByArea = new Map(data.areas.map((a) => [a.code, a.cni]))
  const citizenOf = (id: Id): MonthCitizen => {
    const c = citizens.get(id)
    if (!c) throw new RangeError(`listing refers to unknown citizen ${id}`)
    return c
  }
  const clinicOf = (id: Id): MonthClinic => {
    const c = clinics.get(id)
    if (!c) throw new RangeError(`listing refers to unknown clinic ${id}`)
    return c
  }

  const weightInForce = new Map<Id, MonthCareWeight>()
  for (const cw of data.careWeights) {
    if (cw.validFrom > monthStart) continue
    const current = weightInForce.get(cw.citizenId)
    if (!current || cw.validFrom > current.validFrom) weightInForce.set(cw.citizenId, cw)
  }

  // Who is paid for at which clinic, and for how many days of M.
  const placements: { citizen: MonthCitizen; clinic: MonthClinic; days: number }[] = []
  if (census === null) {
    const periods = new Map<Id, Map<Id, MonthListing[]>>()
    for (const l of data.listings) {
      getOrCreate(getOrCreate(periods, l.citizenId, () => new Map()), l.clinicId, () => []).push(l)
    }
    for (const [citizenId, byClinic] of periods) {
      const citizen = citizenOf(citizenId)
      for (const [clinicId, list] of byClinic) {
        const days = listedDays({ month, periods: list, endDate: citizen.endDate })
        if (days > 0) placements.push({ citizen, clinic: clinicOf(clinicId), days })
      }
    }
  } else {
    for (const l of data.listings) {
      if (l.validFrom > census || (l.validTo !== null && l.validTo <= census)) continue
      const citizen = citizenOf(l.citizenId)
      if (citizen.endDate !== null && citizen.endDate <= census) continue
      placements.push({ citizen, clinic: clinicOf(l.clinicId), days: dim })
    }
  }

  const drafts = placements.map(({ citizen, clinic, days }) => {
    const age = ageAt(citizen.birthDate, referenceDate)
    return {
      citizen,
      clinic,
      days,
      age,
      points: bandPoints(params, age, citizen.sex),
      weight: weightInForce.get(citizen.id)?.weight ?? params.careWeight.defaultWeight,
      cni: cniByArea.get(citizen.areaCode) ?? null,
    }
  })

  // The sums the line amounts depend on: the region's mean weight and each clinic's mean CNI.
  let weightDays = Fraction.ZERO
  let regionDays = 0
  const clinicCni = new Map<Id, { cniDays: Fraction; days: number }>()
  for (const d of drafts) {
    weightDays = weightDays.add(Fraction.parse(d.weight).mul(d.days))
    regionDays += d.days
    const sums = getOrCreate(clinicCni, d.clinic.id, () => ({ cniDays: Fraction.ZERO, days: 0 }))
    sums.cniDays = sums.cniDays.add(Fraction.parse(d.cni ?? '0').mul(d.days))
    sums.days += d.days
  }
  const qualifies = new Map<Id, boolean>()
  for (const [clinicId, sums] of clinicCni) qualifies.set(clinicId, clinicMeanCniQualifies(params, sums.cniDays, sums.days))

  const lines: PaymentLine[] = drafts.map((d) => ({
    clinicId: d.clinic.id,
    citizenId: d.citizen.id,
    personalId: d.citizen.personalId,
    days: d.days,
    age: d.age,
    sex: d.citizen.sex,
    points: d.points,
    weight: d.weight,
    ...lineAmounts(params, {
      days: d.days,
      daysInMonth: dim,
      points: d.points,
      weight: d.weight,
      regionWeight: { weightDays, days: regionDays },
      interpreterNeed: d.citizen.interpreterNeed,
      clinicGeographyPoints: d.clinic.geographyPoints,
      cni: d.cni,
      clinicMeanCniQualifies: qualifies.get(d.clinic.id) ?? false,
    }),
  }))
  lines.sort((a, b) => compareIds(a.clinicId, b.clinicId) || compareIds(a.citizenId, b.citizenId))

  // Every clinic authorised at some time in M gets a row, as does every clinic with lines.
  const linesByClinic = new Map<Id, PaymentLine[]>()
  for (const c of data.clinics) {
    // Authorised at some time in the month; an empty authorisation (revoked before its first day) never was.
    const authorised = c.authorisedTo === null || c.authorisedTo > c.authorisedFrom
    if (authorised && c.authorisedFrom < monthEnd && (c.authorisedTo === null || c.authorisedTo > monthStart)) linesByClinic.set(c.id, [])
  }
  for (const l of lines) getOrCreate(linesByClinic, l.clinicId, () => []).push(l)

  const resultsByClinic = new Map<Id, Map<string, MonthQualityResult[]>>()
  for (const q of data.quality) {
    getOrCreate(getOrCreate(resultsByClinic, q.clinicId, () => new Map()), q.indicator, () => []).push(q)
  }
  const ownScores = new Map<Id, Fraction | null>()
  for (const clinicId of linesByClinic.keys()) {
    const byIndicator = resultsByClinic.get(clinicId)
    const chosen: Record<string, MonthQualityResult | null> = {}
    for (const indicator of params.goal.indicators) {
      chosen[indicator.code] = latestResult(byIndicator?.get(indicator.code) ?? [], monthStart)
    }
    ownScores.set(clinicId, clinicGoalScore(params, chosen))
  }
  const fallback = fallbackScore([...ownScores.values()])

  const clinicRows: ClinicPayment[] = []
  for (const [clinicId, clinicLines] of linesByClinic) {
    let listingPoints = Fraction.ZERO
    for (const l of clinicLines) listingPoints = listingPoints.add(Fraction.parse(l.points).mul(Fraction.of(l.days, dim)))
    const total = (component: keyof LineAmounts) => sumOre(clinicLines.map((l) => l[component]))
    const capitation = total('capitation')
    // A clinic without lines has a row of zeros (data-formats.md), its score included.
    const goalScore = clinicLines.length === 0 ? Fraction.ZERO : (ownScores.get(clinicId) ?? fallback)
    clinicRows.push({
      clinicId,
      listedCitizens: clinicLines.length, // one line per (citizen, clinic)
      listingPoints: listingPoints.toFixed(4),
      ageSex: total('ageSex'),
      careWeight: total('careWeight'),
      interpreter: total('interpreter'),
      geography: total('geography'),
      socioeconomic: total('socioeconomic'),
      capitation,
      goalScore,
      ...clinicAmounts(params, { capitation, score: goalScore, ownership: clinicOf(clinicId).ownership }),
    })
  }
  clinicRows.sort((a, b) => compareIds(a.clinicId, b.clinicId))
  return { lines, clinics: clinicRows }
}

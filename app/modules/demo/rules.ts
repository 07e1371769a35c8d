/**
 * Pure rules for the synthetic demo region: calendar arithmetic on day numbers, the Swedish age
 * pyramid, mortality, care weights (ACG), interpreter need and geography points. No I/O.
 */
import type { Sex } from '../identity/personal-id.ts'

const MS_PER_DAY = 86_400_000

// ---------------------------------------------------------------- dates as day numbers

/** Days since 1970-01-01 (UTC) of a calendar date; an impossible day rolls over like Date.UTC. */
export function dayFromYmd(year: number, month: number, day: number): number {
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  return Math.round(d.getTime() / MS_PER_DAY)
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Parses `YYYY-MM-DD` strictly (a real calendar date) into a day number. */
export function dayFromIso(iso: string): number {
  const m = ISO_DATE.exec(iso)
  if (!m) throw new RangeError(`'${iso}' is not a date YYYY-MM-DD`)
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const n = dayFromYmd(year, month, day)
  const back = ymdFromDay(n)
  if (back.year !== year || back.month !== month || back.day !== day) {
    throw new RangeError(`'${iso}' is not a calendar date`)
  }
  return n
}

export function ymdFromDay(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

export function isoFromDay(day: number): string {
  const { year, month, day: dd } = ymdFromDay(day)
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`
}

/** `YYYY-MM-DD` strings for a range of day numbers, computed once: formatting is the hot path. */
export class DateTable {
  private readonly strings: string[]

  constructor(readonly firstDay: number, readonly lastDay: number) {
    this.strings = new Array<string>(lastDay - firstDay + 1)
    for (let d = firstDay; d <= lastDay; d++) this.strings[d - firstDay] = isoFromDay(d)
  }

  iso(day: number): string {
    const s = this.strings[day - this.firstDay]
    if (s === undefined) throw new RangeError(`day ${day} outside the date table`)
    return s
  }
}

/**
 * The range of birth days that gives exactly `age` completed years on `asOf`: from the day after
 * the (age + 1)th birthday-before to the age-th anniversary (29 February rolls to 1 March).
 */
export function birthDayRange(asOf: number, age: number): { first: number; last: number } {
  const { year, month, day } = ymdFromDay(asOf)
  const first = dayFromYmd(year - age - 1, month, day) + 1
  // Someone born on asOf itself is age 0 but has no life in the data yet: start the day before.
  const last = Math.min(dayFromYmd(year - age, month, day), asOf - 1)
  return { first, last }
}

/** Completed years on `onDay` for someone born on `birthDay` (born 29 Feb: a year older on 1 March). */
export function ageOn(birthDay: number, onDay: number): number {
  const b = ymdFromDay(birthDay)
  const o = ymdFromDay(onDay)
  let age = o.year - b.year
  if (o.month < b.month || (o.month === b.month && o.day < b.day)) age--
  return Math.max(0, age)
}

// ---------------------------------------------------------------- payment months

/** The demo pays the 13 months before its date: a year back and one more, for the year-on-year views. */
export const DEMO_PAYMENT_MONTHS = 13

/** `YYYY-MM` of the months paid in the demo, oldest first: the 13 months before the month of `asOf`. */
export function demoPaymentMonths(asOf: number): string[] {
  const { year, month } = ymdFromDay(asOf)
  const months: string[] = []
  for (let back = DEMO_PAYMENT_MONTHS; back >= 1; back--) {
    const index = year * 12 + (month - 1) - back
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`)
  }
  return months
}

// ---------------------------------------------------------------- population

/** Sweden's population by five-year age group (thousands, SCB, about 2023): 0-4, 5-9, … 100+. */
export const SWEDEN_POPULATION_BY_5_YEARS: readonly number[] = [
  560, 615, 640, 610, 600, 690, 740, 700, 650, 660, 690, 650, 590, 560, 540, 500, 320, 170, 75, 20, 2,
]

export const MAX_AGE = 105

/** Relative weight of each single year of age 0..MAX_AGE, smoothed between the five-year groups. */
export function agePyramidWeights(): number[] {
  const perYear = (group: number): number => (SWEDEN_POPULATION_BY_5_YEARS[group] ?? 0) / 5
  const weights: number[] = []
  for (let age = 0; age <= MAX_AGE; age++) {
    if (age >= 100) {
      weights.push(perYear(20) * Math.pow(0.6, age - 100))
      continue
    }
    // Linear between group mid-points (x.5 + 2) keeps the taper after 75 smooth.
    const pos = (age - 2) / 5
    const g = Math.max(0, Math.min(19, Math.floor(pos)))
    const t = Math.max(0, Math.min(1, pos - g))
    weights.push(perYear(g) * (1 - t) + perYear(g + 1) * t)
  }
  return weights
}

/** Share of men at an age: 51.3 % boys at birth, women the majority from about 70. */
export function maleShare(age: number): number {
  if (age < 60) return 0.513 - age * 0.0002
  if (age < 100) return 0.501 - Math.pow((age - 60) / 40, 2) * 0.31
  return 0.18
}

/** Annual probability of death at an age (Gompertz, fitted to Swedish life tables, ~1.5 % at 70). */
export function annualMortality(age: number): number {
  if (age < 1) return 0.0022
  return Math.min(0.6, 6.8e-6 * Math.exp(0.11 * age) + 0.0002)
}

/** Probability that a citizen has an end date (death or move-out) in the last two years: ~1 %. */
export function endProbability(age: number): number {
  return 0.003 + 0.35 * Math.min(0.9, 2 * annualMortality(age))
}

/** Probability of a samordningsnummer: mostly working-age newcomers; ~0.5 % overall. */
export function coordinationProbability(age: number, cni: number): number {
  const base = age >= 18 && age <= 45 ? 0.011 : 0.0015
  return cni >= 2 ? base * 1.6 : base
}

/** Probability of interpreter need (tolkbehov): ~6 % overall, several times higher in deprived areas. */
export function interpreterProbability(cni: number, age: number, coordinationNumber: boolean): number {
  if (coordinationNumber) return 0.35
  const byArea = 0.037 * Math.pow(Math.max(0.3, cni), 1.4)
  const byAge = age < 18 ? 0.5 : age >= 65 ? 1.25 : 1.15
  return Math.min(0.6, byArea * byAge)
}

// ---------------------------------------------------------------- care weights (ACG)

/** Relative expected ACG weight by age and sex, before normalising to a region mean of 1. */
export function careWeightAgeFactor(age: number, sex: Sex): number {
  if (age < 1) return 1.1
  if (age < 5) return 0.6
  if (age < 15) return 0.42
  if (age < 20) return sex === 'F' ? 0.58 : 0.46
  if (age < 30) return sex === 'F' ? 0.78 : 0.55
  if (age < 40) return sex === 'F' ? 0.84 : 0.62
  if (age < 50) return sex === 'F' ? 0.86 : 0.75
  if (age < 60) return 1.0
  if (age < 70) return 1.3
  if (age < 80) return 1.75
  if (age < 90) return 2.2
  return 2.4
}

export const CARE_WEIGHT_SIGMA = 0.8

/** Squeezes the lognormal tail so weights stay below ~8, as ACG weights do. */
export function softCapWeight(w: number): number {
  if (w <= 4) return w
  return 4 + 4 * (1 - Math.exp(-(w - 4) / 4))
}

/** The normalising factor that makes the mean weight over the pyramid about 1.0. */
export function careWeightNormaliser(pyramid: readonly number[]): number {
  let sum = 0
  let mean = 0
  for (let age = 0; age < pyramid.length; age++) {
    const w = pyramid[age] ?? 0
    const m = maleShare(age)
    sum += w
    mean += w * (m * careWeightAgeFactor(age, 'M') + (1 - m) * careWeightAgeFactor(age, 'F'))
  }
  return sum / mean
}

/**
 * An ACG weight from a standard normal `z`: lognormal around the age factor, > 0, 4 decimals, at
 * most 8. `scale` raises the weight after the soft cap (the region's drift, a clinic's upcoding).
 */
export function careWeightFromNormal(ageFactor: number, normaliser: number, z: number, scale = 1): number {
  const raw = ageFactor * normaliser * Math.exp(CARE_WEIGHT_SIGMA * z - (CARE_WEIGHT_SIGMA * CARE_WEIGHT_SIGMA) / 2)
  return Math.max(0.05, Math.min(8, Math.round(softCapWeight(raw) * scale * 10_000) / 10_000))
}

// ---------------------------------------------------------------- geography

/** Great-circle-ish distance in km (equirectangular; fine within a county). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180
  const x = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad)
  const y = (lat2 - lat1) * rad
  return 6371 * Math.sqrt(x * x + y * y)
}

/**
 * Geography points (0-22) the commissioner sets for a clinic: grows with the distance to the
 * nearest hospital, plus a rural supplement; `jitter` is 0-2 for the local judgement.
 */
export function geographyPoints(kmToHospital: number, rural: boolean, jitter: number): number {
  const points = Math.round(Math.max(0, kmToHospital - 5) / 4) + (rural ? 3 : 0) + jitter
  return Math.max(0, Math.min(22, points))
}

// ---------------------------------------------------------------- names

/** A URL slug from a Swedish name: `Åkers styckebruk` → `akers-styckebruk`. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/é/g, 'e')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/** An RFC 4180 field: quoted only when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/**
 * The demo's quality results (the `quality` import file): the payment model's three indicators per
 * clinic and half-year, published some weeks after each half-year ends. Pure and deterministic from
 * the seed; denominators follow the clinic's list size. A few clinics have an indicator below the
 * model's minimum denominator (30), so it is not assessable, and one or two small clinics have no
 * results at all.
 */
import { Rng } from './prng.ts'
import type { DemoRegion } from './region.ts'
import { dayFromYmd, isoFromDay, ymdFromDay } from './rules.ts'

export interface QualityIndicatorProfile {
  code: string
  /** Typical result and its spread between clinics. */
  mean: number
  spread: number
  /** Results stay within [min, max]. */
  min: number
  max: number
  /** Denominator per listed citizen and half-year (calls, patients with diabetes, elderly on drugs). */
  perListed: number
  /** For ELDERLY_AVOID_DRUGS a good clinic has a low result. */
  lowerIsBetter: boolean
}

export const QUALITY_INDICATORS: readonly QualityIndicatorProfile[] = [
  { code: 'TEL_SAME_DAY', mean: 0.79, spread: 0.07, min: 0.6, max: 0.95, perListed: 0.45, lowerIsBetter: false },
  { code: 'DM_HBA1C_LT52', mean: 0.5, spread: 0.06, min: 0.35, max: 0.65, perListed: 0.065, lowerIsBetter: false },
  { code: 'ELDERLY_AVOID_DRUGS', mean: 0.092, spread: 0.022, min: 0.04, max: 0.15, perListed: 0.085, lowerIsBetter: true },
]

/** Half-years of results in the file: the latest ones published before the demo's date. */
export const QUALITY_PERIODS = 3

export interface QualityPeriod {
  /** `YYYY-H1` or `YYYY-H2`. */
  period: string
  /** `YYYY-MM-DD`. */
  published: string
}

const FRIDAY = 5

/** The first Friday on or after a day (1970-01-01, day 0, was a Thursday). */
function fridayFrom(day: number): number {
  const weekday = (((day + 4) % 7) + 7) % 7
  return day + ((FRIDAY - weekday + 7) % 7)
}

/**
 * The publication date of a half-year's results: the first Friday from the 13th of the second
 * month after it ends (H1 in mid-August, H2 in mid-February), six to seven weeks after its end.
 */
export function qualityPublished(year: number, half: 1 | 2): number {
  return half === 1 ? fridayFrom(dayFromYmd(year, 8, 13)) : fridayFrom(dayFromYmd(year + 1, 2, 13))
}

/** The latest QUALITY_PERIODS half-years published before `asOf`, oldest first. */
export function qualityPeriods(asOf: number): QualityPeriod[] {
  const periods: QualityPeriod[] = []
  let h = ymdFromDay(asOf).year * 2 + 1 // H2 of asOf's year: never published before asOf
  while (periods.length < QUALITY_PERIODS) {
    const year = Math.floor(h / 2)
    const half = h % 2 === 0 ? 1 : 2
    const published = qualityPublished(year, half)
    if (published < asOf) periods.unshift({ period: `${year}-H${half}`, published: isoFromDay(published) })
    h--
  }
  return periods
}

export const QUALITY_HEADER = 'hsa_id,indicator,period,numerator,denominator,published'

/**
 * The quality file's rows (without header), by clinic, indicator and period. `listSizes` holds each
 * clinic's listed citizens, which the denominators follow.
 */
export function qualityRows(region: DemoRegion, seed: number, asOf: number, listSizes: ArrayLike<number>): string[] {
  const rng = new Rng(seed, 4)
  const periods = qualityPeriods(asOf)
  const clinics = region.clinics
  const without = new Set(region.clinicsWithoutQuality)

  // A few clinics report one indicator on too few patients to be assessed (denominator < 30).
  const candidates = clinics.map((_, i) => i).filter((i) => !without.has(i) && !region.upcodingClinics.includes(i))
  const suppressed = new Map<number, number>()
  for (const i of rng.shuffled(candidates).slice(0, 2 + rng.int(2))) suppressed.set(i, 1 + rng.int(QUALITY_INDICATORS.length - 1))

  const rows: string[] = []
  clinics.forEach((clinic, ci) => {
    // Drawn for every clinic, so that a clinic's results do not depend on the others being written.
    const good = rng.normal()
    const size = listSizes[ci] ?? 0
    QUALITY_INDICATORS.forEach((ind, ii) => {
      const own = rng.normal()
      const level = 0.6 * good + 0.8 * own
      const volume = 0.85 + 0.3 * rng.next()
      periods.forEach((p, pi) => {
        // Slowly better over time, with noise from period to period.
        const shift = level + 0.15 * pi + 0.35 * rng.normal()
        const raw = ind.lowerIsBetter ? ind.mean - ind.spread * shift : ind.mean + ind.spread * shift
        const value = Math.min(ind.max, Math.max(ind.min, raw))
        let denominator = Math.round(size * ind.perListed * volume * (0.95 + 0.1 * rng.next()))
        const small = 8 + rng.int(22)
        if (suppressed.get(ci) === ii) denominator = Math.min(denominator, small)
        if (without.has(ci)) return
        const numerator = Math.min(denominator, Math.max(0, Math.round(value * denominator)))
        rows.push(`${clinic.hsaId},${ind.code},${p.period},${numerator},${denominator},${p.published}\n`)
      })
    })
  })
  return rows
}

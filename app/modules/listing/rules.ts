/**
 * The rules of choosing and switching vårdcentral (listning) as pure functions: the day a choice
 * takes effect, the switch limit over a rolling 12 months with the commissioner's exceptions,
 * list caps (listningstak) and the nearest open clinics. No I/O; dates are ISO `YYYY-MM-DD`.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string

export type ListingReason = 'choice' | 'moved' | 'assigned' | 'import'

/** One period of a citizen's listing history, [validFrom, validTo). */
export interface ListingPeriod {
  clinicId: number
  validFrom: IsoDate
  validTo: IsoDate | null
  reason: ListingReason
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/

function parts(date: IsoDate): [number, number, number] {
  const m = ISO.exec(date)
  if (!m) throw new RangeError(`'${date}' is not a date (YYYY-MM-DD)`)
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}

/** A PostgreSQL `date` as the driver gives it (midnight UTC) as YYYY-MM-DD; and back. */
export const isoOf = (d: Date): IsoDate => d.toISOString().slice(0, 10)
export const dateOf = (date: IsoDate): Date => new Date(`${date}T00:00:00Z`)
const iso = isoOf

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(date)
  return iso(new Date(Date.UTC(y, m - 1, d + days)))
}

/** The same day `months` later (or earlier); a day the month lacks becomes its last day (29 Feb → 28 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date)
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate()
  return iso(new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))))
}

/** The day a choice made on `choiceDate` takes effect: the region's offset in days (1 = the day after). */
export function effectiveDate(choiceDate: IsoDate, offsetDays: number): IsoDate {
  if (!Number.isInteger(offsetDays) || offsetDays < 0) throw new RangeError(`offset ${offsetDays} is not a whole number of days ≥ 0`)
  return addDays(choiceDate, offsetDays)
}

/**
 * The rolling 12 months before `onDate` are (onDate − 12 months, onDate]: a switch exactly
 * 12 months earlier no longer counts, so the anniversary frees it again.
 */
export function windowStart(onDate: IsoDate): IsoDate {
  return addMonths(onDate, -12)
}

/**
 * The citizen-initiated switches (reason `choice`, to another clinic than the listing before)
 * that took effect in the rolling 12 months up to and including `onDate`, by their dates.
 * A first listing, moving home, assignments and imported history never count.
 */
export function switchesInWindow(history: readonly ListingPeriod[], onDate: IsoDate): IsoDate[] {
  const from = windowStart(onDate)
  const sorted = [...history].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0))
  const dates: IsoDate[] = []
  sorted.forEach((l, i) => {
    const before = sorted[i - 1]
    if (l.reason === 'choice' && before && before.clinicId !== l.clinicId && l.validFrom > from && l.validFrom <= onDate) {
      dates.push(l.validFrom)
    }
  })
  return dates
}

/** The first day a switch dated `switchDate` is outside the rolling window (its anniversary, or 1 March for 29 February). */
export function switchFreedOn(switchDate: IsoDate): IsoDate {
  const anniversary = addMonths(switchDate, 12)
  return windowStart(anniversary) < switchDate ? addDays(anniversary, 1) : anniversary
}

export type SwitchDecision =
  | { allowed: true; usesException: boolean; switches: number; limit: number }
  | { allowed: false; switches: number; limit: number; allowedAgainOn: IsoDate }

/**
 * Whether a new listing taking effect on `onDate` may be made. Only a citizen's own choice of
 * another clinic is limited; beyond the limit an unused exception allows one more.
 */
export function maySwitch(input: {
  history: readonly ListingPeriod[]
  onDate: IsoDate
  reason: ListingReason
  /** False for a first listing: nothing is switched from. */
  changesClinic: boolean
  limit: number
  exceptionAvailable: boolean
}): SwitchDecision {
  const dates = switchesInWindow(input.history, input.onDate)
  const switches = dates.length
  const { limit } = input
  if (input.reason !== 'choice' || !input.changesClinic || switches < limit) return { allowed: true, usesException: false, switches, limit }
  if (input.exceptionAvailable) return { allowed: true, usesException: true, switches, limit }
  // Enough of the oldest switches must leave the window for one more to fit.
  return { allowed: false, switches, limit, allowedAgainOn: switchFreedOn(dates[switches - limit]!) }
}

/** Whether a clinic's list takes one more citizen: only a cap decided by the commissioner closes it. */
export function listIsOpen(listCap: number | null, listedCount: number): boolean {
  return listCap === null || listedCount < listCap
}

export interface Position {
  lat: number
  lon: number
}

const EARTH_RADIUS_KM = 6371

/** Straight-line (great-circle, haversine) distance in km. */
export function distanceKm(a: Position, b: Position): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

export interface ClinicPlace {
  name: string
  lat: number | null
  lon: number | null
  open: boolean
}

const swedish = new Intl.Collator('sv')

/**
 * The `n` open clinics nearest to `centre` (a citizen's area centre), nearest first, equal
 * distances by name in Swedish order. Clinics without a position cannot be placed and are left out.
 */
export function nearestOpenClinics<C extends ClinicPlace>(centre: Position, clinics: readonly C[], n: number): (C & { distanceKm: number })[] {
  return clinics
    .filter((c): c is C & { lat: number; lon: number } => c.open && c.lat !== null && c.lon !== null)
    .map((c) => ({ ...c, distanceKm: distanceKm(centre, { lat: c.lat, lon: c.lon }) }))
    .sort((a, b) => a.distanceKm - b.distanceKm || swedish.compare(a.name, b.name))
    .slice(0, n)
}

/**
 * How long after a move a new choice still counts as `moved` (and so not towards the switch
 * limit): three months, the region's practice, long enough to find a clinic in the new area.
 */
export const MOVED_WINDOW_MONTHS = 3

/**
 * Whether a choice made on `choiceDate` is the one after moving home: the register moved the
 * citizen (`movedOn`, the day the current area took effect) within the last MOVED_WINDOW_MONTHS,
 * and no choice of the citizen's own has taken effect since. The register says so, not the citizen.
 */
export function choiceFollowsMove(input: { movedOn: IsoDate | null; choiceDate: IsoDate; history: readonly ListingPeriod[] }): boolean {
  const { movedOn, choiceDate } = input
  if (movedOn === null || movedOn > choiceDate || movedOn < addMonths(choiceDate, -MOVED_WINDOW_MONTHS)) return false
  return !input.history.some((l) => (l.reason === 'choice' || l.reason === 'moved') && l.validFrom > movedOn)
}

/** A guardian acts for a child until the day before the 18th birthday (myndig on the birthday). */
export function isMinorOn(birthDate: IsoDate, onDate: IsoDate): boolean {
  return onDate < addMonths(birthDate, 18 * 12)
}

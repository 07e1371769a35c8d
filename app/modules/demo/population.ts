/**
 * The demo population as a stream: one citizen at a time with their listing history (listningar),
 * care weights (ACG) and guardians (vårdnadshavare). Memory stays bounded whatever the number of
 * citizens: per-birth-date serial counters, a small ring of recent adults per area for guardians.
 */
import { makePersonalId, type Sex } from '../identity/personal-id.ts'
import { Rng, WeightedSampler, mix32 } from './prng.ts'
import { HISTORY_YEARS } from './region-data.ts'
import type { DemoArea, DemoRegion } from './region.ts'
import {
  DateTable,
  MAX_AGE,
  agePyramidWeights,
  birthDayRange,
  careWeightAgeFactor,
  careWeightFromNormal,
  careWeightNormaliser,
  coordinationProbability,
  dayFromYmd,
  demoPaymentMonths,
  endProbability,
  interpreterProbability,
  maleShare,
  ymdFromDay,
} from './rules.ts'

export type ListingKind = 'chosen' | 'assigned'

export interface ListingPeriod {
  clinic: number
  from: number
  /** Exclusive end as a day number; -1 while open. */
  to: number
  kind: ListingKind
}

export interface CareWeightRow {
  /** `YYYY-MM`. */
  month: string
  weight: number
}

export interface CitizenRecord {
  personalId: string
  sex: Sex
  birthDay: number
  age: number
  areaIndex: number
  interpreterNeed: boolean
  coordinationNumber: boolean
  /** Day of death or move-out (exclusive), or -1. */
  endDay: number
  listings: ListingPeriod[]
  careWeights: CareWeightRow[]
  /** [child, guardian] pairs settled with this citizen: their own, or waiting children's. */
  guardianPairs: [string, string][]
}

/**
 * Upcoding (the care-weight drift alert's pattern): the weights of the two latest regroupings of
 * citizens listed at an upcoding clinic on the regrouping's first day are raised by these factors,
 * so the clinic's mean raw weight rises ~15 % in a year where the region's rises ~1-2 %.
 */
export const UPCODING_FACTORS: readonly [number, number] = [1.07, 1.16]
/** The region-wide rise of ACG weights per regrouping (more complete diagnosis coding). */
export const REGION_WEIGHT_DRIFT = 0.004

/** Yearly probability of switching clinic (5-8 % in Swedish regions). */
const SWITCH_RATE = 0.065
const MAX_PERIODS = 4
/** Identity-number serials per birth date and sex: 001-999 give 499 odd and 499 even. */
const SERIALS_PER_SEX = 499
const RING = 64
const MAX_PENDING = 256
const YEAR = 365.25
const GUARDIAN_MIN_GAP = Math.round(18 * YEAR)
const GUARDIAN_MAX_GAP = Math.round(46 * YEAR)

/** Recent adults (20-55) of one area: the pool children's guardians are drawn from. */
class AdultRing {
  readonly ids: string[] = []
  readonly birth = new Int32Array(RING)
  readonly male = new Uint8Array(RING)
  readonly clinic = new Int16Array(RING)
  private pos = 0

  get size(): number {
    return this.ids.length
  }

  push(id: string, birthDay: number, male: boolean, clinic: number): void {
    const slot = this.ids.length < RING ? this.ids.length : this.pos
    this.ids[slot] = id
    this.birth[slot] = birthDay
    this.male[slot] = male ? 1 : 0
    this.clinic[slot] = clinic
    this.pos = (slot + 1) % RING
  }
}

export class PopulationGenerator {
  readonly dates: DateTable
  private readonly rng: Rng
  private readonly seedMix: number
  private readonly areas: DemoArea[]
  private readonly areaSampler: WeightedSampler
  private readonly ageSampler: WeightedSampler
  private readonly birthFirst = new Int32Array(MAX_AGE + 1)
  private readonly birthLast = new Int32Array(MAX_AGE + 1)
  private readonly minBirthDay: number
  private readonly serialCounters: Uint16Array
  private readonly weightNormaliser: number
  private readonly historyStart: number
  private readonly halves: { month: string; from: number; to: number; scale: number; upcoding: number }[]
  private readonly upcoding: Uint8Array
  private readonly openCount: Int32Array
  private readonly listCap: Int32Array
  private readonly rings: AdultRing[]
  private readonly pending: { id: string; birthDay: number }[][]

  constructor(
    private readonly region: DemoRegion,
    seed: number,
    private readonly asOf: number,
  ) {
    this.rng = new Rng(seed, 2)
    this.seedMix = mix32(seed ^ 0x5bd1e995)
    this.areas = region.areas
    this.areaSampler = new WeightedSampler(region.areas.map((a) => a.populationShare))
    const pyramid = agePyramidWeights()
    this.ageSampler = new WeightedSampler(pyramid)
    this.weightNormaliser = careWeightNormaliser(pyramid)
    for (let age = 0; age <= MAX_AGE; age++) {
      const { first, last } = birthDayRange(asOf, age)
      this.birthFirst[age] = first
      this.birthLast[age] = last
    }
    this.minBirthDay = this.birthFirst[MAX_AGE] ?? 0
    this.serialCounters = new Uint16Array((asOf - this.minBirthDay + 1) * 4)
    this.dates = new DateTable(this.minBirthDay, asOf + 1)

    const { year, month } = ymdFromDay(asOf)
    this.historyStart = dayFromYmd(year - HISTORY_YEARS, 1, 1)
    // Care weights are regrouped twice a year (January and July): every regrouping in force in the
    // demo's payment months (the 13 months before asOf), up to the latest one.
    const latest = year * 2 + (month >= 7 ? 1 : 0)
    const firstPaid = demoPaymentMonths(asOf)[0] as string
    const first = Math.min(latest - 1, Number(firstPaid.slice(0, 4)) * 2 + (Number(firstPaid.slice(5, 7)) >= 7 ? 1 : 0))
    this.halves = []
    for (let h = first; h <= latest; h++) {
      const y = Math.floor(h / 2)
      const m = h % 2 === 1 ? 7 : 1
      const upcoding = h === latest ? UPCODING_FACTORS[1] : h === latest - 1 ? UPCODING_FACTORS[0] : 1
      this.halves.push({
        month: `${y}-${String(m).padStart(2, '0')}`,
        from: dayFromYmd(y, m, 1),
        to: dayFromYmd(y, m + 6, 1),
        scale: 1 + REGION_WEIGHT_DRIFT * (h - first),
        upcoding,
      })
    }
    this.upcoding = new Uint8Array(region.clinics.length)
    for (const c of region.upcodingClinics) this.upcoding[c] = 1

    this.openCount = new Int32Array(region.clinics.length)
    this.listCap = Int32Array.from(region.clinics.map((c) => c.listCap ?? -1))
    this.rings = region.areas.map(() => new AdultRing())
    this.pending = region.areas.map(() => [])
  }

  next(): CitizenRecord {
    const r = this.rng
    const areaIndex = this.areaSampler.sample(r.next())
    const area = this.areas[areaIndex] as DemoArea
    const age = this.ageSampler.sample(r.next())
    const male = r.next() < maleShare(age)
    const sex: Sex = male ? 'M' : 'F'
    const first = this.birthFirst[age] as number
    const last = this.birthLast[age] as number
    const coordinationNumber = r.next() < coordinationProbability(age, area.cni)
    const { id: personalId, birthDay } = this.personalId(first + r.int(last - first + 1), first, last, male, coordinationNumber)
    const interpreterNeed = r.next() < interpreterProbability(area.cni, age, coordinationNumber)

    let endDay = -1
    if (r.next() < endProbability(age)) {
      const from = Math.max(birthDay + 1, this.asOf - 729)
      endDay = from + r.int(this.asOf - from + 1)
    }

    const guardianPairs: [string, string][] = []
    let guardianClinic = -1
    if (age < 18) guardianClinic = this.findGuardians(areaIndex, personalId, birthDay, guardianPairs)

    const listings = this.listingHistory(areaIndex, birthDay, endDay, coordinationNumber, guardianClinic)
    const careWeights = this.careWeights(age, sex, birthDay, endDay, listings)

    if (age >= 20 && age <= 55 && endDay < 0) {
      const current = listings.length > 0 && (listings[listings.length - 1] as ListingPeriod).to < 0
      const clinic = current ? (listings[listings.length - 1] as ListingPeriod).clinic : -1
      ;(this.rings[areaIndex] as AdultRing).push(personalId, birthDay, male, clinic)
      this.settlePending(areaIndex, personalId, birthDay, guardianPairs)
    }

    return {
      personalId,
      sex,
      birthDay,
      age,
      areaIndex,
      interpreterNeed,
      coordinationNumber,
      endDay,
      listings,
      careWeights,
      guardianPairs,
    }
  }

  /** Per clinic, the citizens generated so far who are still listed there (open listings). */
  listSizes(): Int32Array {
    return this.openCount.slice()
  }

  /** Children still without a guardian because no fitting adult has appeared in their area yet. */
  pendingChildren(): number {
    return this.pending.reduce((s, p) => s + p.length, 0)
  }

  /** A unique identity number: a per-(birth date, sex, kind) counter, permuted so serials look random. */
  private personalId(day: number, first: number, last: number, male: boolean, coordination: boolean): { id: string; birthDay: number } {
    const span = last - first + 1
    const kind = (male ? 2 : 0) + (coordination ? 1 : 0)
    for (let tries = 0; tries <= span; tries++) {
      const slot = (day - this.minBirthDay) * 4 + kind
      const used = this.serialCounters[slot] as number
      if (used < SERIALS_PER_SEX) {
        this.serialCounters[slot] = used + 1
        const index = 1 + ((used * 337 + mix32(day ^ this.seedMix)) % SERIALS_PER_SEX)
        const serial = index * 2 + (male ? 1 : 0)
        return { id: makePersonalId(this.dates.iso(day), serial, coordination), birthDay: day }
      }
      day = first + ((day - first + 1) % span) // this date is full: the next one of the same age
    }
    throw new RangeError('too many citizens for the identity numbers of one age')
  }

  /** Draws one or two guardians from the area's recent adults; returns the first one's clinic. */
  private findGuardians(areaIndex: number, childId: string, childBirth: number, pairs: [string, string][]): number {
    const ring = this.rings[areaIndex] as AdultRing
    const g1 = this.pickGuardian(ring, childBirth, -1, -1)
    if (g1 < 0) {
      const pending = this.pending[areaIndex] as { id: string; birthDay: number }[]
      if (pending.length < MAX_PENDING) pending.push({ id: childId, birthDay: childBirth })
      return -1
    }
    pairs.push([childId, ring.ids[g1] as string])
    if (this.rng.chance(0.78)) {
      const g2 = this.pickGuardian(ring, childBirth, g1, ring.birth[g1] as number)
      if (g2 >= 0) pairs.push([childId, ring.ids[g2] as string])
    }
    return ring.clinic[g1] as number
  }

  /** A slot 18-46 years older than the child; for a second guardian, of the other sex and of an age. */
  private pickGuardian(ring: AdultRing, childBirth: number, other: number, otherBirth: number): number {
    if (ring.size === 0) return -1
    for (let tries = 0; tries < 12; tries++) {
      const slot = this.rng.int(ring.size)
      if (slot === other) continue
      const gap = childBirth - (ring.birth[slot] as number)
      if (gap < GUARDIAN_MIN_GAP || gap > GUARDIAN_MAX_GAP) continue
      if (other >= 0) {
        if (Math.abs((ring.birth[slot] as number) - otherBirth) > 10 * YEAR) continue
        if (tries < 8 && ring.male[slot] === ring.male[other]) continue
      }
      return slot
    }
    return -1
  }

  private settlePending(areaIndex: number, adultId: string, adultBirth: number, pairs: [string, string][]): void {
    const pending = this.pending[areaIndex] as { id: string; birthDay: number }[]
    if (pending.length === 0) return
    const keep: { id: string; birthDay: number }[] = []
    for (const child of pending) {
      const gap = child.birthDay - adultBirth
      if (pairs.length < 8 && gap >= GUARDIAN_MIN_GAP && gap <= GUARDIAN_MAX_GAP) pairs.push([child.id, adultId])
      else keep.push(child)
    }
    this.pending[areaIndex] = keep
  }

  /** Listing periods: from ~2018 or birth, switching at ~6.5 % a year, never overlapping. */
  private listingHistory(areaIndex: number, birthDay: number, endDay: number, coordination: boolean, guardianClinic: number): ListingPeriod[] {
    const r = this.rng
    const asOf = this.asOf
    const lastDay = endDay >= 0 ? endDay : asOf
    const bornInHistory = birthDay >= this.historyStart
    const newcomer = coordination || r.chance(bornInHistory ? 0.08 : 0.1)
    if (r.chance(coordination ? 0.3 : newcomer ? 0.06 : 0.015)) return []

    let start: number
    let kind: ListingKind
    if (newcomer) {
      const from = Math.max(birthDay + 1, this.historyStart)
      start = from + r.int(Math.max(1, asOf - from))
      kind = r.chance(0.45) ? 'assigned' : 'chosen'
    } else if (bornInHistory) {
      start = birthDay + 5 + r.int(60)
      kind = r.chance(0.7) ? 'assigned' : 'chosen'
    } else {
      start = this.historyStart + r.int(365)
      kind = r.chance(0.06) ? 'assigned' : 'chosen'
    }
    if (start >= lastDay) {
      if (endDay < 0) return [] // a newborn or a newcomer not listed yet
      start = Math.max(birthDay, endDay - 1 - r.int(30))
    }

    const periods: ListingPeriod[] = []
    let from = start
    let previous = -1
    for (;;) {
      let to = -1
      if (periods.length < MAX_PERIODS - 1) {
        const t = from + Math.max(30, Math.round(r.exponential(SWITCH_RATE) * YEAR))
        if (t < lastDay) to = t
      }
      if (to < 0) {
        const open = endDay < 0
        const clinic =
          open && guardianClinic >= 0 && guardianClinic !== previous && this.hasRoom(guardianClinic) && r.chance(0.75)
            ? guardianClinic
            : this.pickClinic(areaIndex, previous, open)
        if (open) this.openCount[clinic] = (this.openCount[clinic] as number) + 1
        periods.push({ clinic, from, to: open ? -1 : endDay, kind })
        return periods
      }
      const clinic = this.pickClinic(areaIndex, previous, false)
      periods.push({ clinic, from, to, kind })
      previous = clinic
      from = to
      if (r.chance(0.05)) {
        // Away for a while (moved out and back, or listed nowhere): a gap between periods.
        const back = to + 30 + r.int(365)
        if (back < lastDay) from = back
      }
      kind = r.chance(0.96) ? 'chosen' : 'assigned'
    }
  }

  private hasRoom(clinic: number): boolean {
    const cap = this.listCap[clinic] as number
    return cap < 0 || (this.openCount[clinic] as number) < cap
  }

  /** A clinic for a resident of the area: by preference, not the one left, with room if open-ended. */
  private pickClinic(areaIndex: number, exclude: number, open: boolean): number {
    const sampler = this.region.clinicChoice[areaIndex] as WeightedSampler
    for (let tries = 0; tries < 8; tries++) {
      const c = sampler.sample(this.rng.next())
      if (c !== exclude && (!open || this.hasRoom(c))) return c
    }
    const byDistance = this.region.clinicsByDistance[areaIndex] as number[]
    for (const c of byDistance) if (c !== exclude && (!open || this.hasRoom(c))) return c
    return byDistance[0] === exclude ? (byDistance[1] as number) : (byDistance[0] as number)
  }

  /**
   * One row per regrouping the citizen lived through (January, July), or the last one before the
   * end; raised at the latest two when listed at an upcoding clinic on the regrouping's first day.
   */
  private careWeights(age: number, sex: Sex, birthDay: number, endDay: number, listings: readonly ListingPeriod[]): CareWeightRow[] {
    const r = this.rng
    const factor = careWeightAgeFactor(age, sex)
    const z = r.normal()
    const rows: CareWeightRow[] = []
    for (const half of this.halves) {
      if (birthDay >= half.to || (endDay >= 0 && endDay <= half.from)) continue
      // The later weight follows the earlier one: a person's casemix changes slowly.
      const zi = rows.length === 0 ? z : z * 0.95 + r.normal() * 0.31
      let scale = half.scale
      if (half.upcoding !== 1) {
        const clinic = clinicOn(listings, half.from)
        if (clinic >= 0 && this.upcoding[clinic] === 1) scale *= half.upcoding
      }
      rows.push({ month: half.month, weight: careWeightFromNormal(factor, this.weightNormaliser, zi, scale) })
    }
    if (rows.length === 0) {
      const { year, month } = ymdFromDay(endDay - 1)
      const m = month >= 7 ? 7 : 1
      rows.push({ month: `${year}-${String(m).padStart(2, '0')}`, weight: careWeightFromNormal(factor, this.weightNormaliser, z) })
    }
    return rows
  }
}

/** The clinic a citizen is listed at on `day`, or -1. */
function clinicOn(listings: readonly ListingPeriod[], day: number): number {
  for (const p of listings) if (p.from <= day && (p.to < 0 || day < p.to)) return p.clinic
  return -1
}

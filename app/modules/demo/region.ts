/**
 * The demo region's fixed part, built from the real geography and the seed: areas with their CNI,
 * clinics (vårdcentraler) with owners, geography points and profiles, and for each area how its
 * residents choose among clinics. Pure: same seed, same region.
 */
import { Rng, WeightedSampler } from './prng.ts'
import {
  CLINIC_LANGUAGES,
  HOSPITALS,
  MUNICIPALITIES,
  PRIVATE_BRANDS,
  PUBLIC_SITE,
  REGION,
  STREETS,
  type AreaSeed,
} from './region-data.ts'
import { distanceKm, geographyPoints, slugify } from './rules.ts'

export type ClinicService = 'general_practice' | 'child_health' | 'maternal_health' | 'youth_clinic' | 'gynaecology'

export interface OpeningHours {
  day: number
  opens: string
  closes: string
}

export interface ClinicProfile {
  hsaId: string
  streetAddress: string
  postalCode: string
  city: string
  phone: string
  website: string
  services: ClinicService[]
  languages: string[]
  openingHours: OpeningHours[]
  accessibility: string[]
  listCap: number | null
}

export interface DemoArea {
  code: string
  municipalityCode: string
  name: string
  cni: number
  lat: number
  lon: number
  /** Share of the region's population living here (sums to 1). */
  populationShare: number
  rural: boolean
}

export interface DemoClinic {
  hsaId: string
  name: string
  areaIndex: number
  areaCode: string
  ownership: 'public' | 'private'
  geographyPoints: number
  lat: number
  lon: number
  listCap: number | null
}

export interface DemoRegion {
  region: { code: string; name: string }
  municipalities: { code: string; name: string }[]
  areas: DemoArea[]
  clinics: DemoClinic[]
  profiles: ClinicProfile[]
  /** Per area: which clinic its residents list at, by preference. */
  clinicChoice: WeightedSampler[]
  /** Per area: clinic indexes nearest first, for when a capped clinic is full. */
  clinicsByDistance: number[][]
  /** Per clinic: the expected share of the region's citizens listed there (sums to about 1). */
  expectedShare: number[]
  /**
   * Two mid-to-large clinics with the upcoding pattern (their citizens' ACG weights rise clearly
   * faster than the region's): see UPCODING_FACTORS. For the default seed 2027 these are
   * DEFAULT_UPCODING_HSA_IDS.
   */
  upcodingClinics: number[]
  /** One or two of the smallest clinics, which have no quality results at all. */
  clinicsWithoutQuality: number[]
}

/**
 * The upcoding clinics of the default seed (2027), whatever the number of citizens:
 * SE2321000032-E000000000206 and SE2321000032-E000000000239. The test checks it stays so.
 */
export const DEFAULT_UPCODING_HSA_IDS: readonly string[] = ['SE2321000032-E000000000206', 'SE2321000032-E000000000239']

/** Clinics per municipality: by population, at least one, about 50 in all. */
function clinicCounts(rng: Rng): number[] {
  const total = MUNICIPALITIES.reduce((s, m) => s + m.population, 0)
  const target = 46 + rng.int(9)
  return MUNICIPALITIES.map((m) => Math.max(2, Math.round((target * m.population) / total)))
}

interface PlannedClinic {
  areaIndex: number
  seed: AreaSeed
  ownership: 'public' | 'private'
  brand: number
}

function placeName(seed: AreaSeed): string {
  return seed.name.replace(/ centrum$/, '')
}

const HSA_PREFIX = 'SE2321000032-E'

export function buildRegion(seed: number, citizens: number): DemoRegion {
  const rng = new Rng(seed, 1)
  const counts = clinicCounts(rng)
  const totalPopulation = MUNICIPALITIES.reduce((s, m) => s + m.population, 0)

  const areas: DemoArea[] = []
  const areaSeeds: AreaSeed[] = []
  for (const m of MUNICIPALITIES) {
    const weightSum = m.areas.reduce((s, a) => s + a.weight, 0)
    m.areas.forEach((a, i) => {
      const cni = Math.round(a.cni * (1 + 0.04 * rng.normal()) * 1000) / 1000
      areas.push({
        code: `${m.code}A${String(i + 1).padStart(3, '0')}`,
        municipalityCode: m.code,
        name: a.name,
        cni: Math.max(0.3, cni),
        lat: a.lat,
        lon: a.lon,
        populationShare: (m.population / totalPopulation) * (a.weight / weightSum),
        rural: a.rural,
      })
      areaSeeds.push(a)
    })
  }

  // Place clinics: the first in each municipality's centre and public, the rest by population.
  const planned: PlannedClinic[] = []
  let areaOffset = 0
  MUNICIPALITIES.forEach((m, mi) => {
    const n = counts[mi] ?? 1
    const perArea = new Map<number, PlannedClinic[]>()
    const add = (localIndex: number, ownership: 'public' | 'private'): void => {
      const list = perArea.get(localIndex) ?? []
      const used = new Set(list.filter((c) => c.ownership === 'private').map((c) => c.brand))
      const free = PRIVATE_BRANDS.map((_, i) => i).filter((i) => !used.has(i))
      const clinic: PlannedClinic = {
        areaIndex: areaOffset + localIndex,
        seed: m.areas[localIndex] as AreaSeed,
        ownership,
        brand: ownership === 'private' ? rng.pick(free) : -1,
      }
      list.push(clinic)
      perArea.set(localIndex, list)
      planned.push(clinic)
    }
    add(0, 'public')
    const sampler = new WeightedSampler(m.areas.map((a) => a.weight))
    for (let k = 1; k < n; k++) {
      const room = (local: number): number => (local === 0 ? 4 : m.areas[local]?.rural ? 1 : 2)
      const full = (local: number): boolean => (perArea.get(local)?.length ?? 0) >= room(local)
      let local = sampler.sample(rng.next())
      for (let tries = 0; tries < 20 && full(local); tries++) local = sampler.sample(rng.next())
      if (full(local)) local = Math.max(0, m.areas.findIndex((_, i) => !full(i)))
      const hasPublic = (perArea.get(local) ?? []).some((c) => c.ownership === 'public')
      add(local, !hasPublic && rng.chance(0.6) ? 'public' : 'private')
    }
    areaOffset += m.areas.length
  })

  let hsaNumber = 100 + rng.int(50)
  const clinics: DemoClinic[] = planned.map((p) => {
    hsaNumber += 1 + rng.int(40)
    const place = placeName(p.seed)
    const name = p.ownership === 'public' ? `Vårdcentralen ${place}` : (PRIVATE_BRANDS[p.brand]?.name(place) ?? place)
    const lat = p.seed.lat + (rng.next() - 0.5) * 0.008
    const lon = p.seed.lon + (rng.next() - 0.5) * 0.014
    const km = Math.min(...HOSPITALS.map((h) => distanceKm(lat, lon, h.lat, h.lon)))
    const area = areas[p.areaIndex] as DemoArea
    return {
      hsaId: HSA_PREFIX + String(hsaNumber).padStart(12, '0'),
      name,
      areaIndex: p.areaIndex,
      areaCode: area.code,
      ownership: p.ownership,
      geographyPoints: geographyPoints(km, p.seed.rural, rng.int(3)),
      lat: Math.round(lat * 1e6) / 1e6,
      lon: Math.round(lon * 1e6) / 1e6,
      listCap: null,
    }
  })

  // How residents of each area choose: near clinics in their own municipality, some more popular.
  const attractiveness = clinics.map(() => 0.5 + rng.next() * 1.2)
  const clinicChoice: WeightedSampler[] = []
  const clinicsByDistance: number[][] = []
  for (let a = 0; a < areas.length; a++) {
    const ar = areas[a] as DemoArea
    const dist = clinics.map((c) => distanceKm(ar.lat, ar.lon, c.lat, c.lon))
    clinicChoice.push(
      new WeightedSampler(
        clinics.map((c, i) => {
          const sameMunicipality = areas[c.areaIndex]?.municipalityCode === ar.municipalityCode
          const sameArea = c.areaIndex === a ? 1.5 : 1
          return (attractiveness[i] ?? 1) * Math.exp(-(dist[i] ?? 0) / 5) * sameArea * (sameMunicipality ? 1 : 0.04)
        }),
      ),
    )
    clinicsByDistance.push(clinics.map((_, i) => i).sort((x, y) => (dist[x] ?? 0) - (dist[y] ?? 0) || x - y))
  }

  const expectedShare = clinics.map((_, i) => {
    let share = 0
    areas.forEach((a, ai) => (share += a.populationShare * (clinicChoice[ai]?.probability(i) ?? 0)))
    return share
  })

  // A list cap (listningstak) on one or two private clinics, set just below their expected list.
  const capCount = 1 + rng.int(2)
  const privateIndexes = clinics.map((c, i) => (c.ownership === 'private' ? i : -1)).filter((i) => i >= 0)
  for (const i of rng.shuffled(privateIndexes).slice(0, capCount)) {
    const expected = (expectedShare[i] ?? 0) * citizens * 0.97
    const cap = expected >= 100 ? Math.round((expected * 0.9) / 10) * 10 : Math.max(1, Math.round(expected * 0.9))
    ;(clinics[i] as DemoClinic).listCap = cap
  }

  const profiles = clinics.map((c, i) =>
    clinicProfile(rng, c, areaSeeds[c.areaIndex] as AreaSeed, areas[c.areaIndex] as DemoArea, i, planned[i]?.brand ?? -1),
  )

  // The demo's stories come from their own stream, so adding one never moves the region above.
  const story = new Rng(seed, 3)
  const bySize = clinics.map((_, i) => i).sort((x, y) => (expectedShare[x] ?? 0) - (expectedShare[y] ?? 0) || x - y)
  // Upcoding: two uncapped clinics from the larger half, so their lists are big enough to judge.
  const larger = bySize.slice(Math.floor(bySize.length / 2)).filter((i) => clinics[i]?.listCap === null)
  const upcodingClinics = story.shuffled(larger).slice(0, 2)
  const clinicsWithoutQuality = bySize.filter((i) => !upcodingClinics.includes(i)).slice(0, 1 + story.int(2))

  return {
    region: { code: REGION.code, name: REGION.name },
    municipalities: MUNICIPALITIES.map((m) => ({ code: m.code, name: m.name })),
    areas,
    clinics,
    profiles,
    clinicChoice,
    clinicsByDistance,
    expectedShare,
    upcodingClinics,
    clinicsWithoutQuality,
  }
}

const WEEKDAYS = [1, 2, 3, 4, 5]

function openingHours(rng: Rng): OpeningHours[] {
  const opens = rng.chance(0.3) ? '07:30' : '08:00'
  const closes = rng.chance(0.2) ? '16:30' : '17:00'
  const evenings = rng.chance(0.25) ? new Set(rng.shuffled(WEEKDAYS).slice(0, 1 + rng.int(2))) : new Set<number>()
  const fridayEarly = rng.chance(0.3)
  const hours: OpeningHours[] = WEEKDAYS.map((day) => ({
    day,
    opens,
    closes: evenings.has(day) ? rng.pick(['19:00', '20:00']) : day === 5 && fridayEarly ? '15:00' : closes,
  }))
  if (rng.chance(0.12)) hours.push({ day: 6, opens: '10:00', closes: '14:00' })
  return hours
}

function clinicProfile(rng: Rng, clinic: DemoClinic, seed: AreaSeed, area: DemoArea, index: number, brand: number): ClinicProfile {
  const municipality = MUNICIPALITIES.find((m) => m.code === area.municipalityCode)
  const services: ClinicService[] = ['general_practice']
  if (rng.chance(0.85)) services.push('child_health')
  if (rng.chance(0.75)) services.push('maternal_health')
  if (rng.chance(0.25)) services.push('youth_clinic')
  if (rng.chance(0.12)) services.push('gynaecology')

  const deprived = area.cni >= 1.8
  const languages = ['sv', 'en']
  for (const l of CLINIC_LANGUAGES) {
    if (languages.length < 7 && rng.chance(l.weight * (deprived ? 1.6 : 0.6))) languages.push(l.code)
  }

  const accessibility: string[] = []
  if (rng.chance(0.92)) accessibility.push('step_free_entrance')
  if (rng.chance(0.6)) accessibility.push('automatic_door')
  if (rng.chance(0.88)) accessibility.push('accessible_toilet')
  if (rng.chance(0.5)) accessibility.push('hearing_loop')
  if (rng.chance(0.7)) accessibility.push('parking_disabled')

  const slug = slugify(clinic.name)
  const website = `${PRIVATE_BRANDS[brand]?.site ?? PUBLIC_SITE}/${slug}`
  const two = (): string => String(rng.between(10, 99))
  const phone = `${municipality?.phoneAreaCode ?? '016'}-${two()} ${two()} ${two()}`

  return {
    hsaId: clinic.hsaId,
    streetAddress: `${STREETS[(index * 7 + rng.int(STREETS.length)) % STREETS.length] ?? 'Storgatan'} ${rng.between(1, 60)}`,
    postalCode: `${seed.postal} ${rng.between(20, 95)}`,
    city: seed.city,
    phone,
    website,
    services,
    languages,
    openingHours: openingHours(rng),
    accessibility,
    listCap: clinic.listCap,
  }
}

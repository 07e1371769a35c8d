/**
 * The clinic finder (hitta vårdcentral) as pure functions: the query string's filters, the
 * evening/weekend rule, matching, sorting and distances. No I/O: finder.server.ts reads the
 * clinics, the routes parse the address, and the unit tests need no database.
 */
import { z } from 'zod'
import { distanceKm, listIsOpen, type Position } from '../listing/rules.ts'

export const clinicServices = ['general_practice', 'child_health', 'maternal_health', 'youth_clinic', 'gynaecology'] as const
export type ClinicService = (typeof clinicServices)[number]
export type Ownership = 'public' | 'private'

/** The accessibility features the finder filters by, in the order the form shows them. */
export const accessibilityFeatures = [
  'step_free_entrance',
  'automatic_door',
  'accessible_toilet',
  'hearing_loop',
  'parking_disabled',
] as const

/** The most clinics compared side by side. */
export const COMPARE_MAX = 4
export const COMPARE_MIN = 2

/** A weekday is an "evening" when the clinic is open after this time (exclusive). */
export const EVENING_FROM = '18:00'

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

export const OpeningHoursSchema = z.array(
  z.object({ day: z.number().int().min(1).max(7), opens: z.string().regex(TIME), closes: z.string().regex(TIME) }),
)
/** Weekly hours: day 1 = Monday … 7 = Sunday; a day may have several periods, a missing day is closed. */
export type OpeningHours = z.infer<typeof OpeningHoursSchema>

/** Stored hours that do not parse are shown as none, rather than breaking the page. */
export function parseOpeningHours(value: unknown): OpeningHours {
  const parsed = OpeningHoursSchema.safeParse(value)
  if (!parsed.success) return []
  return [...parsed.data].sort((a, b) => a.day - b.day || (a.opens < b.opens ? -1 : a.opens > b.opens ? 1 : 0))
}

/** Open after 18:00 on at least one weekday (Monday–Friday). */
export function hasEveningHours(hours: OpeningHours): boolean {
  return hours.some((h) => h.day <= 5 && h.closes > EVENING_FROM)
}

/** Open on a Saturday or a Sunday. */
export function hasWeekendHours(hours: OpeningHours): boolean {
  return hours.some((h) => h.day >= 6)
}

/** The periods of each weekday, Monday first: `[]` is a closed day. */
export function hoursByWeekday(hours: OpeningHours): { day: number; periods: { opens: string; closes: string }[] }[] {
  return [1, 2, 3, 4, 5, 6, 7].map((day) => ({
    day,
    periods: hours.filter((h) => h.day === day).map(({ opens, closes }) => ({ opens, closes })),
  }))
}

/** Case- and diacritic-insensitive text for searching: "Åkerns" and "akerns" meet. */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('sv')
    .replace(/\s+/g, ' ')
    .trim()
}

/** A clinic as the finder, the clinic page and the comparison see it. */
export interface FinderClinic {
  id: number
  hsaId: string
  name: string
  municipalityCode: string
  municipalityName: string
  streetAddress: string | null
  postalCode: string | null
  city: string | null
  phone: string | null
  website: string | null
  ownership: Ownership
  services: ClinicService[]
  /** ISO 639-1 codes. */
  languages: string[]
  openingHours: OpeningHours
  accessibility: string[]
  listCap: number | null
  lat: number | null
  lon: number | null
  /** Citizens whose listing covers today. */
  listedCount: number
}

/** What the finder adds to a clinic: derived once per catalogue, not per request. */
export interface IndexedClinic extends FinderClinic {
  listOpen: boolean
  eveningHours: boolean
  weekendHours: boolean
  nameKey: string
  /** The clinic's place in Swedish name order among the catalogue's clinics. */
  nameOrder: number
}

const swedish = new Intl.Collator('sv')

/** Derives what the finder filters and sorts by, once; the result is in Swedish name order. */
export function indexClinics(clinics: readonly FinderClinic[]): IndexedClinic[] {
  return [...clinics]
    .sort((a, b) => swedish.compare(a.name, b.name) || a.id - b.id)
    .map((clinic, nameOrder) => ({
      ...clinic,
      listOpen: listIsOpen(clinic.listCap, clinic.listedCount),
      eveningHours: hasEveningHours(clinic.openingHours),
      weekendHours: hasWeekendHours(clinic.openingHours),
      nameKey: searchKey(clinic.name),
      nameOrder,
    }))
}

export type SortOrder = 'name' | 'distance'

export interface FinderFilters {
  /** Free text matched against the name (every word must occur). */
  text: string
  municipalityCode: string | null
  /** Every one of these services. */
  services: ClinicService[]
  /** At least one of these languages (a person needs one they speak). */
  languages: string[]
  evening: boolean
  weekend: boolean
  /** Every one of these features. */
  accessibility: string[]
  openListOnly: boolean
}

export const noFilters: FinderFilters = {
  text: '',
  municipalityCode: null,
  services: [],
  languages: [],
  evening: false,
  weekend: false,
  accessibility: [],
  openListOnly: false,
}

/** Whether a clinic passes every filter; `words` are the search text's words (searchWords), found once per search. */
export function matchesFilters(clinic: IndexedClinic, f: FinderFilters, words: readonly string[] = searchWords(f.text)): boolean {
  if (f.municipalityCode && clinic.municipalityCode !== f.municipalityCode) return false
  if (f.openListOnly && !clinic.listOpen) return false
  if (f.evening && !clinic.eveningHours) return false
  if (f.weekend && !clinic.weekendHours) return false
  if (!f.services.every((s) => clinic.services.includes(s))) return false
  if (!f.accessibility.every((a) => clinic.accessibility.includes(a))) return false
  if (f.languages.length > 0 && !f.languages.some((l) => clinic.languages.includes(l))) return false
  return words.every((w) => clinic.nameKey.includes(w))
}

export function searchWords(text: string): string[] {
  return searchKey(text).split(' ').filter(Boolean)
}

export interface FoundClinic extends IndexedClinic {
  /** Straight-line km from the citizen's area centre; null when either has no position. */
  distanceKm: number | null
}

/**
 * The clinics that match, sorted by name (Swedish order) or by distance from `centre`, nearest
 * first; clinics without a position come last, equal distances by name.
 */
export function findClinics(
  clinics: readonly IndexedClinic[],
  filters: FinderFilters,
  sort: SortOrder,
  centre: Position | null,
): FoundClinic[] {
  const words = searchWords(filters.text)
  const found: FoundClinic[] = []
  for (const c of clinics) if (matchesFilters(c, filters, words)) found.push({ ...c, distanceKm: clinicDistance(c, centre) })
  if (sort === 'distance' && centre) {
    return found.sort((a, b) => {
      if (a.distanceKm === null || b.distanceKm === null) {
        if (a.distanceKm === b.distanceKm) return a.nameOrder - b.nameOrder
        return a.distanceKm === null ? 1 : -1
      }
      return a.distanceKm - b.distanceKm || a.nameOrder - b.nameOrder
    })
  }
  return found.sort((a, b) => a.nameOrder - b.nameOrder)
}

export function clinicDistance(clinic: { lat: number | null; lon: number | null }, centre: Position | null): number | null {
  if (!centre || clinic.lat === null || clinic.lon === null) return null
  return distanceKm(centre, { lat: clinic.lat, lon: clinic.lon })
}

/** Distance to one decimal as a decimal string ("3.4"), for the page's number format. */
export function roundedKm(km: number): string {
  return (Math.round(km * 10) / 10).toFixed(1)
}

/** The languages the clinics speak, for the filter: Swedish first, then by name in the page's language. */
export function languageOptions(clinics: readonly FinderClinic[], name: (code: string) => string): { code: string; name: string }[] {
  const codes = [...new Set(clinics.flatMap((c) => c.languages))]
  return codes
    .map((code) => ({ code, name: name(code) }))
    .sort((a, b) => (a.code === 'sv' ? -1 : b.code === 'sv' ? 1 : swedish.compare(a.name, b.name)))
}

/** A language's name in the page's language ("ar" → "arabiska"); the code itself if unknown. */
export function languageName(code: string, locale: 'sv' | 'en'): string {
  try {
    return displayNames[locale].of(code) ?? code
  } catch {
    return code
  }
}

const displayNames = {
  sv: new Intl.DisplayNames(['sv-SE'], { type: 'language', fallback: 'code' }),
  en: new Intl.DisplayNames(['en-GB'], { type: 'language', fallback: 'code' }),
}

// --- The address: every filter is a query string parameter, so a search can be linked and needs no JavaScript.

const many = (params: URLSearchParams, name: string) => params.getAll(name).filter((v) => v !== '')

const FinderQuerySchema = z.object({
  sok: z.string().max(100).default(''),
  kommun: z
    .string()
    .regex(/^(\d{4})?$/)
    .default('')
    .transform((v) => v || null),
  tjanst: z.array(z.enum(clinicServices)).max(clinicServices.length),
  sprak: z.array(z.string().regex(/^[a-z]{2}$/)).max(50),
  tillganglighet: z.array(z.enum(accessibilityFeatures)).max(accessibilityFeatures.length),
  kvall: z.enum(['1']).optional(),
  helg: z.enum(['1']).optional(),
  oppen: z.enum(['1']).optional(),
  sortering: z.enum(['namn', 'avstand']).optional(),
  sida: z.coerce.number().int().min(1).max(10_000).default(1),
  hsa: z.array(z.string().regex(/^[A-Za-z0-9-]{1,64}$/)).max(50),
})

export interface FinderQuery {
  filters: FinderFilters
  /** Null: the default (distance for a logged-in citizen, name otherwise). */
  sort: SortOrder | null
  /** Clinics ticked for comparison (back from the comparison page). */
  compare: string[]
  /** The page of results, from 1. */
  page: number
}

/** The finder's filters from its address; null when a value is malformed (a 400). */
export function parseFinderQuery(params: URLSearchParams): FinderQuery | null {
  const parsed = FinderQuerySchema.safeParse({
    sok: params.get('sok') ?? undefined,
    kommun: params.get('kommun') ?? undefined,
    tjanst: many(params, 'tjanst'),
    sprak: many(params, 'sprak'),
    tillganglighet: many(params, 'tillganglighet'),
    kvall: params.get('kvall') || undefined,
    helg: params.get('helg') || undefined,
    oppen: params.get('oppen') || undefined,
    sortering: params.get('sortering') || undefined,
    sida: params.get('sida') || undefined,
    hsa: many(params, 'hsa'),
  })
  if (!parsed.success) return null
  const q = parsed.data
  return {
    filters: {
      text: q.sok.trim(),
      municipalityCode: q.kommun,
      services: [...new Set(q.tjanst)],
      languages: [...new Set(q.sprak)],
      accessibility: [...new Set(q.tillganglighet)],
      evening: q.kvall === '1',
      weekend: q.helg === '1',
      openListOnly: q.oppen === '1',
    },
    sort: q.sortering === 'avstand' ? 'distance' : q.sortering === 'namn' ? 'name' : null,
    compare: [...new Set(q.hsa)],
    page: q.sida,
  }
}

/** The query string of these filters (for links: "only open lists", back from the comparison). */
export function finderSearch(
  filters: Partial<FinderFilters>,
  extra: { sort?: SortOrder | null; compare?: string[]; page?: number } = {},
): string {
  const p = new URLSearchParams()
  if (filters.text) p.set('sok', filters.text)
  if (filters.municipalityCode) p.set('kommun', filters.municipalityCode)
  for (const s of filters.services ?? []) p.append('tjanst', s)
  for (const l of filters.languages ?? []) p.append('sprak', l)
  for (const a of filters.accessibility ?? []) p.append('tillganglighet', a)
  if (filters.evening) p.set('kvall', '1')
  if (filters.weekend) p.set('helg', '1')
  if (filters.openListOnly) p.set('oppen', '1')
  if (extra.sort) p.set('sortering', extra.sort === 'distance' ? 'avstand' : 'namn')
  for (const h of extra.compare ?? []) p.append('hsa', h)
  if (extra.page && extra.page > 1) p.set('sida', String(extra.page))
  const s = p.toString()
  return s ? `?${s}` : ''
}

/** Results per page: a page of cards renders (and is sent) quickly, whatever the region's size. */
export const FINDER_PAGE_SIZE = 10

/** One page of the results; a page past the last is null (a 404). */
export function resultPage<T>(items: readonly T[], page: number, size = FINDER_PAGE_SIZE): { items: T[]; page: number; pageCount: number; first: number; last: number } | null {
  const pageCount = Math.max(1, Math.ceil(items.length / size))
  if (page > pageCount) return null
  const start = (page - 1) * size
  const slice = items.slice(start, start + size)
  return { items: slice, page, pageCount, first: slice.length > 0 ? start + 1 : 0, last: start + slice.length }
}

export type CompareProblem = { kind: 'too-few'; count: number } | { kind: 'too-many'; count: number } | { kind: 'unknown'; hsaIds: string[] }

/**
 * The clinics to compare, in the order asked, or what is wrong: fewer than two, more than four,
 * or an HSA-id that is no authorised clinic. Repeats count once.
 */
export function compareSelection<C extends { hsaId: string }>(
  asked: readonly string[],
  clinics: readonly C[],
): { ok: true; clinics: C[] } | { ok: false; problem: CompareProblem } {
  const ids = [...new Set(asked)]
  if (ids.length > COMPARE_MAX) return { ok: false, problem: { kind: 'too-many', count: ids.length } }
  if (ids.length < COMPARE_MIN) return { ok: false, problem: { kind: 'too-few', count: ids.length } }
  const byId = new Map(clinics.map((c) => [c.hsaId, c]))
  const unknown = ids.filter((id) => !byId.has(id))
  if (unknown.length > 0) return { ok: false, problem: { kind: 'unknown', hsaIds: unknown } }
  return { ok: true, clinics: ids.map((id) => byId.get(id)!) }
}

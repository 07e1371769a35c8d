/**
 * The clinics the finder, the clinic pages and the comparison show: one query for the clinics
 * authorised today and one grouped count of today's listings, kept in process for a short while.
 * Counting a region's listings takes tens of milliseconds, far too long for every page view, and a
 * listed count a few seconds old is fine for a citizen comparing clinics (the choice itself checks
 * the list cap in its own transaction: app/modules/listing/listing.server.ts).
 */
import { prisma } from '../../utils/db.server.ts'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { logger } from '../../utils/logger.server.ts'
import { swedishDate } from '../../utils/sweden.ts'
import type { Position } from '../listing/rules.ts'
import { indexClinics, languageName, languageOptions, parseOpeningHours, type ClinicService, type IndexedClinic, type Ownership } from './finder.ts'
import { listMunicipalities, type MunicipalityOption } from './clinics.server.ts'

export interface Catalogue {
  /** The Swedish date the catalogue was read for. */
  today: string
  /** Authorised today, in Swedish name order. */
  clinics: IndexedClinic[]
  byHsaId: Map<string, IndexedClinic>
  municipalities: MunicipalityOption[]
  /** The languages the clinics speak, named in each of the site's languages, for the filter. */
  languages: Record<'sv' | 'en', { code: string; name: string }[]>
}

/** Reads the catalogue now: clinics authorised on `today` with their listed counts, and the municipalities. */
export async function loadCatalogue(db: PrismaClient, today: string): Promise<Catalogue> {
  const [rows, counts, municipalities] = await Promise.all([
    db.$queryRaw<ClinicRow[]>`
      SELECT c.id, c.hsa_id, c.name, c.street_address, c.postal_code, c.city, c.phone, c.website,
             c.ownership::text AS ownership, c.services::text[] AS services, c.languages,
             c.opening_hours, c.accessibility, clinic_cap_on(c.id, ${today}::date) AS list_cap,
             c.lat::float8 AS lat, c.lon::float8 AS lon,
             m.code AS municipality_code, m.name AS municipality_name
        FROM clinic c
        JOIN area a ON a.area_code = c.area_code
        JOIN municipality m ON m.code = a.municipality_code
       WHERE c.authorised_from <= ${today}::date
         AND (c.authorised_to IS NULL OR c.authorised_to > ${today}::date)`,
    // Listings covering today: [valid_from, valid_to) with an open end.
    db.$queryRaw<{ clinic_id: number; listed: number }[]>`
      SELECT clinic_id, count(*)::int AS listed
        FROM listing
       WHERE valid_from <= ${today}::date
         AND (valid_to IS NULL OR valid_to > ${today}::date)
       GROUP BY clinic_id`,
    listMunicipalities(db),
  ])
  const listed = new Map(counts.map((c) => [c.clinic_id, c.listed]))
  const clinics = indexClinics(
    rows.map((r) => ({
      id: r.id,
      hsaId: r.hsa_id,
      name: r.name,
      municipalityCode: r.municipality_code,
      municipalityName: r.municipality_name,
      streetAddress: r.street_address,
      postalCode: r.postal_code,
      city: r.city,
      phone: r.phone,
      website: r.website,
      ownership: r.ownership,
      services: r.services,
      languages: r.languages,
      openingHours: parseOpeningHours(r.opening_hours),
      accessibility: r.accessibility,
      listCap: r.list_cap,
      lat: r.lat,
      lon: r.lon,
      listedCount: listed.get(r.id) ?? 0,
    })),
  )
  return {
    today,
    clinics,
    byHsaId: new Map(clinics.map((c) => [c.hsaId, c])),
    municipalities,
    languages: {
      sv: languageOptions(clinics, (code) => languageName(code, 'sv')),
      en: languageOptions(clinics, (code) => languageName(code, 'en')),
    },
  }
}

/**
 * The catalogue, read at most once per `ttlMs`: a request after that gets the one it has at once
 * while a fresh one is read behind it (stale while revalidating); a new Swedish day waits for its
 * own. Simultaneous first requests share one read.
 */
export class ClinicCatalogue {
  private current: Catalogue | null = null
  private loadedAt = 0
  private loading: Promise<Catalogue> | null = null
  /** Bumped by invalidate(), so a read begun before it is never kept. */
  private generation = 0

  constructor(
    private readonly db: PrismaClient,
    private readonly ttlMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(): Promise<Catalogue> {
    const today = swedishDate(this.clock())
    const current = this.current
    if (current && current.today === today) {
      if (this.clock().getTime() - this.loadedAt >= this.ttlMs) void this.refresh(today).catch((error: unknown) => logger.warn({ err: error }, 'clinic catalogue: refresh failed, serving the previous one'))
      return current
    }
    return this.refresh(today)
  }

  /** Forgets the catalogue: the next request reads it again (after a choice changed a count, in this process). */
  invalidate(): void {
    this.current = null
    this.loading = null
    this.generation++
  }

  private refresh(today: string): Promise<Catalogue> {
    if (this.loading) return this.loading
    const startedAt = this.clock().getTime()
    const generation = this.generation
    const loading = loadCatalogue(this.db, today)
      .then((catalogue) => {
        if (generation === this.generation) {
          this.current = catalogue
          this.loadedAt = startedAt
        }
        return catalogue
      })
      .finally(() => {
        if (this.loading === loading) this.loading = null
      })
    this.loading = loading
    return loading
  }
}

/** How old the listed counts the finder shows may be. */
export const CATALOGUE_TTL_MS = 30_000

const shared = new ClinicCatalogue(prisma, CATALOGUE_TTL_MS)

/** The app's catalogue (one per process). */
export function clinicCatalogue(): Promise<Catalogue> {
  return shared.get()
}

/** After a listing change in this process: the finder's counts are read again on the next request. */
export function invalidateClinicCatalogue(): void {
  shared.invalidate()
}

/**
 * The centre of the logged-in citizen's registered area (folkbokföringsområde), for sorting by
 * distance; null for a user who is no citizen or whose area has no centre. Only the centre is
 * read, never the person's identity or address, and it is shown only as distances to clinics, so
 * this read is not written to the audit log (no personal data is shown).
 */
export async function citizenAreaCentre(userId: number, db: PrismaClient = prisma): Promise<Position | null> {
  const rows = await db.$queryRaw<{ lat: number | null; lon: number | null }[]>`
    SELECT a.centre_lat::float8 AS lat, a.centre_lon::float8 AS lon
      FROM app_user u
      JOIN citizen c ON c.id = u.citizen_id
      JOIN area a ON a.area_code = c.area_code
     WHERE u.id = ${userId}`
  const row = rows[0]
  return row && row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null
}

interface ClinicRow {
  id: number
  hsa_id: string
  name: string
  street_address: string | null
  postal_code: string | null
  city: string | null
  phone: string | null
  website: string | null
  ownership: Ownership
  services: ClinicService[]
  languages: string[]
  opening_hours: unknown
  accessibility: string[]
  list_cap: number | null
  lat: number | null
  lon: number | null
  municipality_code: string
  municipality_name: string
}

import { Prisma, prisma } from '../../utils/db.server.ts'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { swedishDate } from '../../utils/sweden.ts'

export type Ownership = 'public' | 'private'
export type ClinicService = 'general_practice' | 'child_health' | 'maternal_health' | 'youth_clinic' | 'gynaecology'

export interface ClinicSummary {
  id: number
  hsaId: string
  name: string
  municipalityCode: string
  municipalityName: string
  streetAddress: string | null
  postalCode: string | null
  city: string | null
  ownership: Ownership
  services: ClinicService[]
  /** Citizens whose listing covers today. */
  listedCount: number
}

export interface ClinicPage {
  clinics: ClinicSummary[]
  total: number
  page: number
  pageCount: number
  pageSize: number
}

export interface MunicipalityOption {
  code: string
  name: string
}

export const CLINIC_PAGE_SIZE = 100

// Names are sorted the Swedish way (å, ä, ö last), whatever the database's default collation.
const SWEDISH = Prisma.raw('COLLATE "sv-SE-x-icu"')

/**
 * The clinics authorised on `today`, by name, with how many citizens are listed at each today.
 * The count is a subquery over the listing periods, so it is done in PostgreSQL.
 */
export async function listClinics(
  options: { municipalityCode?: string | null; page?: number; pageSize?: number; today?: string } = {},
  db: PrismaClient = prisma,
): Promise<ClinicPage> {
  const pageSize = options.pageSize ?? CLINIC_PAGE_SIZE
  const page = Math.max(1, options.page ?? 1)
  const today = options.today ?? swedishDate()
  const municipality = options.municipalityCode ?? null

  const where = Prisma.sql`
    c.authorised_from <= ${today}::date
    AND (c.authorised_to IS NULL OR c.authorised_to > ${today}::date)
    AND (${municipality}::text IS NULL OR a.municipality_code = ${municipality}::text)`

  const [rows, counted] = await Promise.all([
    db.$queryRaw<ClinicRow[]>`
      SELECT c.id, c.hsa_id, c.name, c.street_address, c.postal_code, c.city,
             c.ownership::text AS ownership, c.services::text[] AS services,
             m.code AS municipality_code, m.name AS municipality_name,
             (SELECT count(*)::int FROM listing l
               WHERE l.clinic_id = c.id
                 AND l.valid_from <= ${today}::date
                 AND (l.valid_to IS NULL OR l.valid_to > ${today}::date)) AS listed_count
        FROM clinic c
        JOIN area a ON a.area_code = c.area_code
        JOIN municipality m ON m.code = a.municipality_code
       WHERE ${where}
       ORDER BY c.name ${SWEDISH}, c.id
       LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    db.$queryRaw<{ total: number }[]>`
      SELECT count(*)::int AS total
        FROM clinic c
        JOIN area a ON a.area_code = c.area_code
       WHERE ${where}`,
  ])

  const total = counted[0]?.total ?? 0
  return {
    clinics: rows.map(toSummary),
    total,
    page,
    pageSize,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  }
}

/** The region's municipalities, for the filter, in Swedish order. */
export async function listMunicipalities(db: PrismaClient = prisma): Promise<MunicipalityOption[]> {
  return db.$queryRaw<MunicipalityOption[]>`
    SELECT code, name FROM municipality ORDER BY name ${SWEDISH}, code`
}

interface ClinicRow {
  id: number
  hsa_id: string
  name: string
  street_address: string | null
  postal_code: string | null
  city: string | null
  ownership: Ownership
  services: ClinicService[]
  municipality_code: string
  municipality_name: string
  listed_count: number
}

function toSummary(row: ClinicRow): ClinicSummary {
  return {
    id: row.id,
    hsaId: row.hsa_id,
    name: row.name,
    streetAddress: row.street_address,
    postalCode: row.postal_code,
    city: row.city,
    ownership: row.ownership,
    services: row.services,
    municipalityCode: row.municipality_code,
    municipalityName: row.municipality_name,
    listedCount: row.listed_count,
  }
}

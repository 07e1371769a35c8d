import { Prisma, prisma } from '../../utils/db.server.ts'
import type { PrismaClient } from '../../generated/prisma/client.ts'

export type Ownership = 'public' | 'private'
export type ClinicService = 'general_practice' | 'child_health' | 'maternal_health' | 'youth_clinic' | 'gynaecology'

export interface MunicipalityOption {
  code: string
  name: string
}

// Names are sorted the Swedish way (å, ä, ö last), whatever the database's default collation.
const SWEDISH = Prisma.raw('COLLATE "sv-SE-x-icu"')

/** The region's municipalities, for the filter, in Swedish order. */
export async function listMunicipalities(db: PrismaClient = prisma): Promise<MunicipalityOption[]> {
  return db.$queryRaw<MunicipalityOption[]>`
    SELECT code, name FROM municipality ORDER BY name ${SWEDISH}, code`
}

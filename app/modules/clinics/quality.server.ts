/**
 * The quality results a clinic page shows: only published ones, each beside the region's average.
 * quality_result is filled by imports, but nothing is published yet: publishing (who decides,
 * when, which indicators) comes with the quality issue (issue 6). Until then a clinic page says
 * none are published and never shows unpublished figures.
 */
import { prisma } from '../../utils/db.server.ts'
import type { PrismaClient } from '../../generated/prisma/client.ts'

export interface PublishedQuality {
  /** The indicator's code, e.g. `diabetes_hba1c`. */
  indicator: string
  /** e.g. `2026` or `2026-H2`. */
  period: string
  /** The clinic's result as a share from 0 to 1, a decimal string. */
  share: string
  /** The region's average for the same indicator and period, a decimal string. */
  regionShare: string
  /** The date the result was published, YYYY-MM-DD. */
  publishedOn: string
}

/**
 * The clinic's latest published results with the region's average. Empty until issue 6 supplies
 * publication: replace this body with its query, the clinic page already renders what it returns.
 */
export async function publishedQualityFor(clinicId: number, db: PrismaClient = prisma): Promise<PublishedQuality[]> {
  void clinicId
  void db
  return []
}

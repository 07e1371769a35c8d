/**
 * A clinic's public profile beyond the register's columns: address, services, languages,
 * opening hours, accessibility and list cap. Read from JSON (the demo's clinic-profiles.json).
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import type { PrismaClient } from '../../generated/prisma/client.ts'

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

export const ClinicProfileSchema = z.object({
  hsaId: z.string().min(1),
  streetAddress: z.string().min(1),
  postalCode: z.string().regex(/^\d{3} ?\d{2}$/, 'must be a Swedish postal code'),
  city: z.string().min(1),
  phone: z.string().min(1),
  website: z.string().url().nullable().optional(),
  services: z.array(z.enum(['general_practice', 'child_health', 'maternal_health', 'youth_clinic', 'gynaecology'])).min(1),
  languages: z.array(z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code')),
  openingHours: z.array(
    z.object({ day: z.number().int().min(1).max(7), opens: z.string().regex(TIME), closes: z.string().regex(TIME) })
      .refine((h) => h.opens < h.closes, 'opens must be before closes'),
  ),
  accessibility: z.array(z.string().regex(/^[a-z_]+$/)),
  listCap: z.number().int().positive().nullable(),
})
export type ClinicProfile = z.infer<typeof ClinicProfileSchema>

export async function readClinicProfiles(path: string): Promise<ClinicProfile[]> {
  const parsed = z.array(ClinicProfileSchema).safeParse(JSON.parse(await readFile(path, 'utf8')))
  if (!parsed.success) {
    throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}`)
  }
  return parsed.data
}

/** Applies profiles in one transaction; an unknown HSA-id rejects the whole set. */
export async function applyClinicProfiles(prisma: PrismaClient, profiles: ClinicProfile[]): Promise<void> {
  await prisma.$transaction(
    profiles.map(({ hsaId, website, ...profile }) =>
      prisma.clinic.update({ where: { hsaId }, data: { ...profile, website: website ?? null } }),
    ),
  )
}

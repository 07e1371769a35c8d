/**
 * What the identity provider says about the user, checked before it is believed: pure, no I/O.
 * Swedish e-ID brokers name the personal identity number `personal_identity_number` (12 digits).
 */
import { z } from 'zod'
import { personalIdProblem } from '../identity/personal-id.ts'

export const IdentityClaims = z.object({
  sub: z.string().min(1).max(255),
  name: z.string().trim().min(1).max(200).optional(),
  given_name: z.string().max(100).optional(),
  family_name: z.string().max(100).optional(),
  personal_identity_number: z
    .string()
    .regex(/^\d{12}$/, 'must be 12 digits')
    .refine((value) => personalIdProblem(value) === null, 'is not a valid personal identity number')
    .optional(),
})
export type IdentityClaims = z.infer<typeof IdentityClaims>

/** Why an identity was not let in; the login page explains each in words. */
export type LoginRefusal = 'unknown' | 'not-resident' | 'ended' | 'conflict'

/** A display name from the claims: `name`, else given and family name, else null. */
export function displayName(claims: IdentityClaims): string | null {
  if (claims.name) return claims.name
  const joined = [claims.given_name, claims.family_name].filter(Boolean).join(' ').trim()
  return joined || null
}

/** A citizen counts as ended (dead, or moved out of the region) from their end date on. */
export function citizenHasEnded(endDate: string | null, today: string): boolean {
  return endDate !== null && endDate <= today
}

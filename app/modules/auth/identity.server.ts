/**
 * From an identity at the e-ID broker to a user of ours. Staff are known by their subject at the
 * broker (app_user.subject); citizens by their personal identity number, which only ever comes
 * from the broker's signed ID token, never from a form. A citizen's first login makes their user.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { isStaff } from '../access/rules.ts'
import { recordAudit } from '../audit/audit.server.ts'
import { isoOf } from '../listing/rules.ts'
import { citizenHasEnded, displayName, type IdentityClaims, type LoginRefusal } from './rules.ts'

export type IdentityResult = { ok: true; userId: number; citizenId: bigint | null; created: boolean } | { ok: false; refusal: LoginRefusal }

type Db = Pick<PrismaClient, 'user' | 'userRole' | 'citizen' | 'auditLog' | '$transaction'>


async function citizenUser(db: Db, claims: IdentityClaims & { personal_identity_number: string }, today: string): Promise<IdentityResult> {
  const citizen = await db.citizen.findUnique({
    where: { personalId: claims.personal_identity_number },
    select: { id: true, endDate: true, user: { select: { id: true } } },
  })
  if (!citizen) return { ok: false, refusal: 'not-resident' }
  if (citizenHasEnded(citizen.endDate && isoOf(citizen.endDate), today)) return { ok: false, refusal: 'ended' }
  if (citizen.user) {
    await db.userRole.createMany({ data: [{ userId: citizen.user.id, role: 'citizen' }], skipDuplicates: true })
    return { ok: true, userId: citizen.user.id, citizenId: citizen.id, created: false }
  }
  try {
    const user = await db.user.create({
      data: {
        subject: claims.sub,
        name: displayName(claims) ?? 'Invånare',
        citizenId: citizen.id,
        roles: { create: { role: 'citizen' } },
      },
      select: { id: true },
    })
    return { ok: true, userId: user.id, citizenId: citizen.id, created: true }
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error
    // Two logins at once made the user: take the one that won. A subject already used by someone else is refused.
    const existing = await db.user.findUnique({ where: { citizenId: citizen.id }, select: { id: true } })
    return existing ? { ok: true, userId: existing.id, citizenId: citizen.id, created: false } : { ok: false, refusal: 'conflict' }
  }
}

async function staffUser(db: Db, sub: string): Promise<IdentityResult> {
  const user = await db.user.findUnique({
    where: { subject: sub },
    select: { id: true, name: true, roles: { select: { role: true, clinicId: true } } },
  })
  return user && isStaff(user) ? { ok: true, userId: user.id, citizenId: null, created: false } : { ok: false, refusal: 'unknown' }
}

/**
 * The user the identity logs in as, or why not. With a personal identity number the person is a
 * citizen of the region (who must be in the register and not have ended); without one, staff
 * known by their subject. `today` is the Swedish date, 'YYYY-MM-DD'.
 */
export async function resolveIdentity(db: Db, claims: IdentityClaims, today: string): Promise<IdentityResult> {
  return claims.personal_identity_number
    ? citizenUser(db, { ...claims, personal_identity_number: claims.personal_identity_number }, today)
    : staffUser(db, claims.sub)
}

/**
 * resolveIdentity, and the audit entry of the login (auth.login or auth.login-refused), by
 * citizen id only: the identity number is never written to the log.
 */
export async function loginWithIdentity(db: Db, claims: IdentityClaims, today: string): Promise<IdentityResult> {
  const result = await resolveIdentity(db, claims, today)
  if (result.ok) {
    await recordAudit(db, { kind: 'user', userId: result.userId }, {
      action: 'auth.login',
      entity: 'user',
      entityId: String(result.userId),
      citizenId: result.citizenId ?? undefined,
      details: { method: 'oidc', userCreated: result.created },
    })
  } else {
    await recordAudit(db, { kind: 'system' }, { action: 'auth.login-refused', details: { method: 'oidc', refusal: result.refusal } })
  }
  return result
}

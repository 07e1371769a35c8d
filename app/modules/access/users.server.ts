import { prisma } from '../../utils/db.server.ts'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { SessionUser } from './rules.ts'

export interface SessionUserRow {
  user: SessionUser
  /** The citizen the user is (a citizen's login), by internal id; null for staff. */
  citizenId: bigint | null
}

/**
 * The user with their roles, as the session sees them, and the citizen they are; null if there is
 * no such user. One statement: every page and action of a logged-in user asks this.
 */
export async function findSessionUserRow(userId: number, db: PrismaClient = prisma): Promise<SessionUserRow | null> {
  // Only these fields: never the identity number, the identity provider's subject or the e-mail.
  const [row] = await db.$queryRaw<{ id: number; name: string; citizen_id: bigint | null; roles: { role: SessionUser['roles'][number]['role']; clinicId: number | null }[] }[]>`
    SELECT u.id, u.name, u.citizen_id,
           coalesce(json_agg(json_build_object('role', r.role, 'clinicId', r.clinic_id) ORDER BY r.id) FILTER (WHERE r.id IS NOT NULL), '[]') AS roles
    FROM app_user u LEFT JOIN user_role r ON r.user_id = u.id
    WHERE u.id = ${userId}
    GROUP BY u.id`
  return row ? { user: { id: row.id, name: row.name, roles: row.roles }, citizenId: row.citizen_id } : null
}

/** The user with their roles, as the session sees them; null if there is no such user. */
export async function findSessionUser(userId: number, db: PrismaClient = prisma): Promise<SessionUser | null> {
  return (await findSessionUserRow(userId, db))?.user ?? null
}

/** The clinics with these ids, by name. */
export async function listClinicsByIds(ids: number[], db: PrismaClient = prisma): Promise<{ id: number; name: string }[]> {
  if (ids.length === 0) return []
  const clinics = await db.clinic.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
  const collator = new Intl.Collator('sv')
  return clinics.sort((a, b) => collator.compare(a.name, b.name))
}

/** Users' names by id, in one query (e.g. who approved which revision). */
export async function userNames(ids: number[], db: Pick<PrismaClient, 'user'> = prisma): Promise<Record<number, string>> {
  if (!ids.length) return {}
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
  return Object.fromEntries(users.map((u) => [u.id, u.name]))
}

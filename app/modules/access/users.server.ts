import { prisma } from '../../utils/db.server.ts'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { isStaff, type Role, type SessionUser } from './rules.ts'

/** The user with their roles, as the session sees them; null if there is no such user. */
export async function findSessionUser(userId: number, db: PrismaClient = prisma): Promise<SessionUser | null> {
  // Only these fields: never the identity number, the identity provider's subject or the e-mail.
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, roles: { select: { role: true, clinicId: true }, orderBy: { id: 'asc' } } },
  })
}

export interface StaffLogin {
  id: number
  name: string
  roles: { role: Role; clinicId: number | null; clinicName: string | null }[]
}

const roleOrder: Record<Role, number> = { commissioner: 0, admin: 1, clinic_staff: 2, citizen: 3 }

/**
 * The users the demo login offers: everyone holding a staff role (clinic staff, commissioner,
 * administrator), region staff first, then by name. Citizens' roles are left out.
 */
export async function listStaffLogins(db: PrismaClient = prisma, limit = 100): Promise<StaffLogin[]> {
  const users = await db.user.findMany({
    where: { roles: { some: { role: { in: ['clinic_staff', 'commissioner', 'admin'] } } } },
    select: {
      id: true,
      name: true,
      roles: {
        where: { role: { in: ['clinic_staff', 'commissioner', 'admin'] } },
        select: { role: true, clinicId: true, clinic: { select: { name: true } } },
      },
    },
    orderBy: { id: 'asc' },
    take: limit,
  })
  const collator = new Intl.Collator('sv')
  const rank = (user: { roles: { role: Role }[] }) => Math.min(...user.roles.map((r) => roleOrder[r.role]))
  return users
    .map((user) => ({
      id: user.id,
      name: user.name,
      roles: user.roles
        .map((r) => ({ role: r.role, clinicId: r.clinicId, clinicName: r.clinic?.name ?? null }))
        .sort((a, b) => roleOrder[a.role] - roleOrder[b.role] || collator.compare(a.clinicName ?? '', b.clinicName ?? '')),
    }))
    .sort((a, b) => rank(a) - rank(b) || collator.compare(a.name, b.name))
}

/** The user, if they exist and hold a staff role: the only users the demo login admits. */
export async function findStaffUser(userId: number, db: PrismaClient = prisma): Promise<SessionUser | null> {
  const user = await findSessionUser(userId, db)
  return user && isStaff(user) ? user : null
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

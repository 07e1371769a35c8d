/**
 * The audit log (append-only in PostgreSQL): who did what, and every read of a person's data.
 * Entries name people by citizen id, never by identity number.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { Prisma } from '../../generated/prisma/client.ts'

/** Who acts: a logged-in user, the command line, a job or the system itself. */
export interface Actor {
  kind: 'user' | 'cli' | 'job' | 'system'
  userId?: number
}

export interface AuditEntry {
  action: string
  entity?: string
  entityId?: string
  citizenId?: bigint
  details?: Prisma.InputJsonValue
}

type Db = Pick<PrismaClient, 'auditLog'>

export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorKind: actor.kind,
      actorUserId: actor.userId ?? null,
      action: entry.action,
      entity: entry.entity ?? null,
      entityId: entry.entityId ?? null,
      citizenId: entry.citizenId ?? null,
      details: entry.details ?? {},
    },
  })
}

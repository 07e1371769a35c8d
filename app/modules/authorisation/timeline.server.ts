/**
 * The application's timeline: every step (created, submitted, assessed, supplementation asked,
 * resubmitted, decided …) is one append-only `application_event` row, shown to the applicant and
 * the region alike, and one audit log entry (`authorisation.<kind>`), in the step's transaction.
 */
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'

export type ApplicationEventKind =
  | 'created'
  | 'submitted'
  | 'withdrawn'
  | 'attachment_added'
  | 'attachment_removed'
  | 'reviewer_assigned'
  | 'assessed'
  | 'supplementation_requested'
  | 'resubmitted'
  | 'approved'
  | 'rejected'

type Db = Prisma.TransactionClient | PrismaClient

/** Records a step on the timeline and in the audit log. `details` holds facts, never an identity number. */
export async function recordApplicationEvent(
  tx: Db,
  input: { applicationId: number; actor: Actor; kind: ApplicationEventKind; details?: Record<string, Prisma.InputJsonValue | null> },
): Promise<void> {
  const details = (input.details ?? {}) as Prisma.InputJsonValue
  await tx.applicationEvent.create({
    data: { applicationId: input.applicationId, actorUserId: input.actor.userId ?? null, kind: input.kind, details },
  })
  await recordAudit(tx, input.actor, {
    action: `authorisation.${input.kind}`,
    entity: 'authorisation_application',
    entityId: String(input.applicationId),
    details,
  })
}

export interface TimelineEntry {
  id: string
  at: Date
  kind: ApplicationEventKind
  actorName: string | null
  details: Record<string, unknown>
}

/** The timeline, oldest first, with the names of those who acted. */
export async function applicationTimeline(db: Db, applicationId: number): Promise<TimelineEntry[]> {
  const rows = await db.$queryRaw<{ id: bigint; at: Date; kind: ApplicationEventKind; actor_name: string | null; details: Record<string, unknown> }[]>`
    SELECT e.id, e.at, e.kind, u.name AS actor_name, e.details
      FROM application_event e LEFT JOIN app_user u ON u.id = e.actor_user_id
     WHERE e.application_id = ${applicationId}
     ORDER BY e.at, e.id`
  return rows.map((r) => ({ id: String(r.id), at: r.at, kind: r.kind, actorName: r.actor_name, details: r.details ?? {} }))
}

/**
 * Messages to providers' users (an applicant, a clinic's staff) about authorisation: queued as a
 * `provider_notification` row in the transaction of the step they tell of, delivered by the same
 * `notifications.deliver` job as the citizens' messages (deliver.server.ts). A repeated step with
 * the same dedupe key queues nothing more. Call requestDelivery() after the commit.
 */
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'

export type ProviderNotificationKind =
  | 'application_received'
  | 'supplementation_requested'
  | 'application_decided'
  | 'authorisation_status_changed'
  | 'change_request_decided'

export interface QueuedProviderNotification {
  kind: ProviderNotificationKind
  recipientUserId: number
  applicationId?: number | null
  clinicId?: number | null
  /** Unique per message, e.g. `application-received:<applicationId>:<submission no>`. */
  dedupeKey: string
  /** Facts for the text (status, dates, the request's message); never an identity number. */
  payload?: Record<string, unknown>
}

type Db = Prisma.TransactionClient | PrismaClient

export async function queueProviderNotification(tx: Db, n: QueuedProviderNotification): Promise<void> {
  const payload = JSON.stringify(n.payload ?? {})
  await tx.$executeRaw`
    INSERT INTO provider_notification (kind, recipient_user_id, application_id, clinic_id, dedupe_key, payload)
    VALUES (${n.kind}::"ProviderNotificationKind", ${n.recipientUserId}, ${n.applicationId ?? null}::int, ${n.clinicId ?? null}::int,
            ${n.dedupeKey}, ${payload}::jsonb)
    ON CONFLICT (dedupe_key) DO NOTHING`
}

/** The users a clinic's messages go to: its staff. */
export async function clinicStaffUserIds(tx: Db, clinicId: number): Promise<number[]> {
  const rows = await tx.userRole.findMany({ where: { role: 'clinic_staff', clinicId }, select: { userId: true }, distinct: ['userId'] })
  return rows.map((r) => r.userId)
}

/**
 * The notification outbox (utkorg): a message is queued as a row in the same transaction as the
 * change it is about, so it exists exactly when the change does; the `notifications.deliver` job
 * renders and "sends" it later (render.ts, deliver.server.ts). A repeated change with the same
 * dedupe key queues nothing more.
 */
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { enqueue } from '../../../jobs/queues.ts'
import { createLogger } from '../../utils/logger.server.ts'

export type NotificationKind = 'listing_receipt' | 'guardian_notice' | 'assignment_notice' | 'closure_notice'

export interface QueuedNotification {
  kind: NotificationKind
  /** Who receives it: the citizen, or a guardian for a child's listing. */
  recipientCitizenId: bigint
  /** Whose listing it is about (the recipient, or their child). */
  aboutCitizenId: bigint
  clinicId: number
  listingId?: bigint | null
  /** Unique per message, e.g. `receipt:<listingId>:<recipientId>`; a repeat is ignored. */
  dedupeKey: string
  /** Facts for the text (e.g. `effectiveDate`, `fromClinicId`); never an identity number. */
  payload?: Record<string, unknown>
}

type Db = Prisma.TransactionClient | PrismaClient

/** Queues one message in the caller's transaction; a second call with the same dedupe key does nothing. */
export async function queueNotification(tx: Db, n: QueuedNotification): Promise<void> {
  const payload = JSON.stringify(n.payload ?? {})
  await tx.$executeRaw`
    INSERT INTO notification (kind, recipient_citizen_id, about_citizen_id, clinic_id, listing_id, dedupe_key, payload)
    VALUES (${n.kind}::"NotificationKind", ${n.recipientCitizenId}, ${n.aboutCitizenId}, ${n.clinicId}, ${n.listingId ?? null}::bigint,
            ${n.dedupeKey}, ${payload}::jsonb)
    ON CONFLICT (dedupe_key) DO NOTHING`
}

const log = createLogger('notifications')

/**
 * Asks a worker to deliver waiting messages now. Best effort: call it after the transaction has
 * committed; if Redis is down the minute sweep delivers them anyway, so a failure is only logged.
 * Requests of one process coalesce: while one is on its way to Redis, the next callers share one
 * more request after it (which still comes after their commits), so a burst of choices costs
 * Redis two calls, not one each.
 */
export function requestDelivery(): Promise<void> {
  if (inFlight) {
    requestedAgain = true
    return inFlight
  }
  inFlight = (async () => {
    do {
      requestedAgain = false
      await enqueueDelivery()
    } while (requestedAgain)
  })().finally(() => {
    inFlight = null
  })
  return inFlight
}

let inFlight: Promise<void> | null = null
let requestedAgain = false

async function enqueueDelivery(): Promise<void> {
  try {
    // A burst of requests collapses into one waiting job (and one more if a delivery is running).
    await enqueue('notifications.deliver', {}, { deduplication: { id: 'notifications.deliver', keepLastIfActive: true } })
  } catch (error) {
    log.warn({ error: error instanceof Error ? error.message : String(error) }, 'could not enqueue notification delivery; the sweep will deliver')
  }
}

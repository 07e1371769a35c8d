/**
 * Delivery of the outbox: waiting notifications are claimed in id order, a batch at a time, with
 * FOR UPDATE SKIP LOCKED, so any number of workers can deliver side by side and each message is
 * delivered exactly once. "Delivering" here fills in the e-mail that would be sent (to_address,
 * subject, body, sent_at): the demo has no mail server and shows the outbox on /region/utkorg.
 * Citizens' messages (notification) first, then providers' (provider_notification), in one call.
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts'
import { env } from '../../utils/env.server.ts'
import type { NotificationKind } from './outbox.server.ts'
import type { ProviderNotificationKind } from './provider-outbox.server.ts'
import { renderProviderNotification } from './provider-render.ts'
import { renderNotification } from './render.ts'

export interface DeliveryResult {
  delivered: number
  batches: number
}

interface WaitingRow {
  id: bigint
  kind: NotificationKind
  recipient_citizen_id: bigint
  about_citizen_id: bigint
  payload: Record<string, unknown> | null
  to_address: string | null
  about_birth_date: string
  listing_from: string | null
  /** The clinic a receipt's switch is from (payload.fromClinicId, as chooseClinic queues it). */
  from_clinic_name: string | null
  name: string
  street_address: string | null
  postal_code: string | null
  city: string | null
  phone: string | null
  website: string | null
}

interface WaitingProviderRow {
  id: bigint
  kind: ProviderNotificationKind
  application_id: number | null
  payload: Record<string, unknown> | null
  to_address: string | null
  clinic_name: string | null
}

const TX_OPTIONS = { maxWait: 10_000, timeout: 60_000 } as const

interface DeliveryOptions {
  batchSize?: number
  publicUrl?: string
  now?: () => Date
}

/**
 * Delivers everything waiting, citizens' messages and then providers', in batches of `batchSize`,
 * until nothing is left that another worker has not claimed. The result counts both.
 */
export async function deliverWaiting(prisma: PrismaClient, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const citizens = await deliverCitizenMessages(prisma, options)
  const providers = await deliverProviderMessages(prisma, options)
  return { delivered: citizens.delivered + providers.delivered, batches: citizens.batches + providers.batches }
}

/**
 * One outbox table delivered a batch a transaction until nothing is left: `claim` takes up to
 * `batchSize` waiting rows in id order (FOR UPDATE SKIP LOCKED), `render` writes each row's e-mail,
 * and the rows are filled in and marked sent.
 */
async function deliverInBatches<Row extends { id: bigint; to_address: string | null }>(
  prisma: PrismaClient,
  options: DeliveryOptions,
  table: 'notification' | 'provider_notification',
  claim: (tx: Prisma.TransactionClient, batchSize: number) => Promise<Row[]>,
  render: (row: Row, publicUrl: string) => { subject: string; body: string },
): Promise<DeliveryResult> {
  const batchSize = options.batchSize ?? 500
  const publicUrl = options.publicUrl ?? env().PUBLIC_URL
  const now = options.now ?? (() => new Date())
  let delivered = 0
  let batches = 0
  for (;;) {
    const n = await prisma.$transaction(async (tx) => {
      const rows = await claim(tx, batchSize)
      if (rows.length === 0) return 0
      const messages = rows.map((r) => render(r, publicUrl))
      const sentAt = now()
      await tx.$executeRaw`
        UPDATE ${Prisma.raw(table)} n
        SET sent_at = ${sentAt}, to_address = m.to_address, subject = m.subject, body = m.body
        FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.to_address)}::text[],
                    ${messages.map((m) => m.subject)}::text[], ${messages.map((m) => m.body)}::text[])
             AS m(id, to_address, subject, body)
        WHERE n.id = m.id AND n.sent_at IS NULL`
      return rows.length
    }, TX_OPTIONS)
    if (n === 0) break
    delivered += n
    batches += 1
    if (n < batchSize) break
  }
  return { delivered, batches }
}

/** Citizens' messages: to the citizen's e-mail address, rendered with the clinic's details and the listing's first day. */
function deliverCitizenMessages(prisma: PrismaClient, options: DeliveryOptions): Promise<DeliveryResult> {
  return deliverInBatches(
    prisma,
    options,
    'notification',
    (tx, batchSize) => tx.$queryRaw<WaitingRow[]>`
        WITH batch AS (
          SELECT id FROM notification WHERE sent_at IS NULL ORDER BY id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
        )
        SELECT n.id, n.kind::text AS kind, n.recipient_citizen_id, n.about_citizen_id, n.payload,
               (SELECT u.email FROM app_user u WHERE u.citizen_id = n.recipient_citizen_id) AS to_address,
               to_char(a.birth_date, 'YYYY-MM-DD') AS about_birth_date,
               to_char(l.valid_from, 'YYYY-MM-DD') AS listing_from,
               (SELECT f.name FROM clinic f
                WHERE n.payload->>'fromClinicId' ~ '^[0-9]+$' AND f.id = (n.payload->>'fromClinicId')::int AND f.id <> n.clinic_id) AS from_clinic_name,
               k.name, k.street_address, k.postal_code, k.city, k.phone, k.website
        FROM batch b
        JOIN notification n ON n.id = b.id
        JOIN citizen a ON a.id = n.about_citizen_id
        JOIN clinic k ON k.id = n.clinic_id
        LEFT JOIN listing l ON l.id = n.listing_id
        ORDER BY n.id`,
    (r, publicUrl) => {
      const payload = {
        ...(r.listing_from ? { effectiveDate: r.listing_from } : {}),
        ...(r.from_clinic_name ? { fromClinicName: r.from_clinic_name } : {}),
        ...(r.payload ?? {}),
      }
      return renderNotification({
        kind: r.kind,
        clinic: { name: r.name, streetAddress: r.street_address, postalCode: r.postal_code, city: r.city, phone: r.phone, website: r.website },
        aboutChild: r.about_citizen_id !== r.recipient_citizen_id,
        aboutBirthDate: r.about_birth_date,
        payload,
        publicUrl,
      })
    },
  )
}

/**
 * Providers' messages: to the user's e-mail address (app_user.email), the text rendered from the
 * row's payload with the clinic's or the application's clinic name.
 */
function deliverProviderMessages(prisma: PrismaClient, options: DeliveryOptions): Promise<DeliveryResult> {
  return deliverInBatches(
    prisma,
    options,
    'provider_notification',
    (tx, batchSize) => tx.$queryRaw<WaitingProviderRow[]>`
        WITH batch AS (
          SELECT id FROM provider_notification WHERE sent_at IS NULL ORDER BY id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
        )
        SELECT n.id, n.kind::text AS kind, n.application_id, n.payload, u.email AS to_address,
               coalesce(k.name, a.clinic_name) AS clinic_name
        FROM batch b
        JOIN provider_notification n ON n.id = b.id
        JOIN app_user u ON u.id = n.recipient_user_id
        LEFT JOIN clinic k ON k.id = n.clinic_id
        LEFT JOIN authorisation_application a ON a.id = n.application_id
        ORDER BY n.id`,
    (r, publicUrl) => renderProviderNotification({ kind: r.kind, applicationId: r.application_id, clinicName: r.clinic_name, payload: r.payload ?? {}, publicUrl }),
  )
}

/**
 * Reading delivered notifications: the region's demo outbox (utkorg) and a citizen's own messages
 * (Mina meddelanden). Both are reads of personal data, written to the audit log: one entry per
 * page of the outbox naming the citizens shown, one per citizen for their own messages. Providers'
 * messages (about authorisation) have their own section of the outbox and their own page
 * (/ansokan/meddelanden).
 */
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'
import type { NotificationKind } from './outbox.server.ts'
import type { ProviderNotificationKind } from './provider-outbox.server.ts'

export interface DeliveredMessage {
  id: string
  kind: NotificationKind
  sentAt: Date
  recipientCitizenId: string
  aboutCitizenId: string
  toAddress: string | null
  subject: string
  body: string
}

export const OUTBOX_PAGE_SIZE = 50

const delivered = (r: {
  id: bigint
  kind: NotificationKind
  sentAt: Date | null
  recipientCitizenId: bigint
  aboutCitizenId: bigint
  toAddress: string | null
  subject: string | null
  body: string | null
}): DeliveredMessage => ({
  id: String(r.id),
  kind: r.kind,
  sentAt: r.sentAt!,
  recipientCitizenId: String(r.recipientCitizenId),
  aboutCitizenId: String(r.aboutCitizenId),
  toAddress: r.toAddress,
  subject: r.subject!,
  body: r.body!,
})

/** One page of the delivered messages, newest first, with the number of pages and of messages still waiting. */
export async function outboxPage(
  prisma: PrismaClient,
  input: { page: number; actor: Actor; pageSize?: number },
): Promise<{ messages: DeliveredMessage[]; page: number; pageCount: number; total: number; waiting: number }> {
  const pageSize = input.pageSize ?? OUTBOX_PAGE_SIZE
  return prisma.$transaction(async (tx) => {
    const [total, waiting] = await Promise.all([tx.notification.count({ where: { sentAt: { not: null } } }), tx.notification.count({ where: { sentAt: null } })])
    const pageCount = Math.max(1, Math.ceil(total / pageSize))
    const page = Math.min(Math.max(1, input.page), pageCount)
    const rows = await tx.notification.findMany({
      where: { sentAt: { not: null } },
      orderBy: [{ sentAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    })
    const messages = rows.map(delivered)
    const citizenIds = [...new Set(messages.flatMap((m) => [m.recipientCitizenId, m.aboutCitizenId]))]
    await recordAudit(tx, input.actor, { action: 'notification.outbox.read', entity: 'notification', details: { page, citizenIds } })
    return { messages, page, pageCount, total, waiting }
  })
}

/** A citizen's own messages (they are the recipient), newest first, and how many are still on their way. */
export async function citizenMessages(prisma: PrismaClient, citizenId: bigint, actor: Actor): Promise<{ messages: DeliveredMessage[]; waiting: number }> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.notification.findMany({
      where: { recipientCitizenId: citizenId, sentAt: { not: null } },
      orderBy: [{ sentAt: 'desc' }, { id: 'desc' }],
      take: 200,
    })
    const waiting = await tx.notification.count({ where: { recipientCitizenId: citizenId, sentAt: null } })
    await recordAudit(tx, actor, { action: 'notification.messages.read', entity: 'citizen', entityId: String(citizenId), citizenId, details: { messages: rows.length } })
    return { messages: rows.map(delivered), waiting }
  })
}

/** A delivered message to a provider's user (an applicant, a clinic's staff). */
export interface DeliveredProviderMessage {
  id: string
  kind: ProviderNotificationKind
  sentAt: Date
  recipientUserId: number
  recipientName: string
  applicationId: number | null
  toAddress: string | null
  subject: string
  body: string
}

type ProviderRow = {
  id: bigint
  kind: ProviderNotificationKind
  sentAt: Date | null
  recipientUserId: number
  applicationId: number | null
  toAddress: string | null
  subject: string | null
  body: string | null
  recipient: { name: string }
}

const deliveredToProvider = (r: ProviderRow): DeliveredProviderMessage => ({
  id: String(r.id),
  kind: r.kind,
  sentAt: r.sentAt!,
  recipientUserId: r.recipientUserId,
  recipientName: r.recipient.name,
  applicationId: r.applicationId,
  toAddress: r.toAddress,
  subject: r.subject!,
  body: r.body!,
})

const providerSelect = {
  id: true,
  kind: true,
  sentAt: true,
  recipientUserId: true,
  applicationId: true,
  toAddress: true,
  subject: true,
  body: true,
  recipient: { select: { name: true } },
} as const

/** A provider user's own delivered messages (they are the recipient), newest first, and how many are still on their way. */
export async function providerMessagesFor(prisma: PrismaClient, userId: number): Promise<{ messages: DeliveredProviderMessage[]; waiting: number }> {
  const [rows, waiting] = await Promise.all([
    prisma.providerNotification.findMany({
      where: { recipientUserId: userId, sentAt: { not: null } },
      orderBy: [{ sentAt: 'desc' }, { id: 'desc' }],
      take: 200,
      select: providerSelect,
    }),
    prisma.providerNotification.count({ where: { recipientUserId: userId, sentAt: null } }),
  ])
  return { messages: rows.map(deliveredToProvider), waiting }
}

/** One page of the providers' delivered messages for the demo outbox, newest first; the view is audited with the users shown. */
export async function providerOutboxPage(
  prisma: PrismaClient,
  input: { page: number; actor: Actor; pageSize?: number },
): Promise<{ messages: DeliveredProviderMessage[]; page: number; pageCount: number; total: number; waiting: number }> {
  const pageSize = input.pageSize ?? OUTBOX_PAGE_SIZE
  return prisma.$transaction(async (tx) => {
    const [total, waiting] = await Promise.all([
      tx.providerNotification.count({ where: { sentAt: { not: null } } }),
      tx.providerNotification.count({ where: { sentAt: null } }),
    ])
    const pageCount = Math.max(1, Math.ceil(total / pageSize))
    const page = Math.min(Math.max(1, input.page), pageCount)
    const rows = await tx.providerNotification.findMany({
      where: { sentAt: { not: null } },
      orderBy: [{ sentAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: providerSelect,
    })
    const messages = rows.map(deliveredToProvider)
    const userIds = [...new Set(messages.map((m) => m.recipientUserId))]
    await recordAudit(tx, input.actor, { action: 'notification.provider_outbox.read', entity: 'provider_notification', details: { page, userIds } })
    return { messages, page, pageCount, total, waiting }
  })
}

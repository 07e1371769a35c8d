/**
 * Reading delivered notifications: the region's demo outbox (utkorg) and a citizen's own messages
 * (Mina meddelanden). Both are reads of personal data, written to the audit log: one entry per
 * page of the outbox naming the citizens shown, one per citizen for their own messages.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'
import type { NotificationKind } from './outbox.server.ts'

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

import { deliverWaiting, type DeliveryResult } from '../../app/modules/notifications/deliver.server.ts'
import type { JobPayload } from '../queues.ts'
import type { Processor } from '../registry.ts'

/** Delivers every waiting notification; rows are claimed with SKIP LOCKED, so a repeat or a parallel run delivers nothing twice. */
export const notificationsDeliver: Processor<JobPayload<'notifications.deliver'>, DeliveryResult> = async ({ prisma }, _payload, ctx) => {
  const result = await deliverWaiting(prisma)
  if (result.delivered > 0) ctx.logger.info(result, 'notifications delivered')
  return result
}

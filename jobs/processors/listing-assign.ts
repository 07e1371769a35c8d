import { applyListCaps } from '../../app/modules/authorisation/change-requests.server.ts'
import { applyReinstatements } from '../../app/modules/authorisation/register.server.ts'
import { runAssignment, type AssignmentResult } from '../../app/modules/listing/assignment.server.ts'
import { swedishDate } from '../../app/utils/sweden.ts'
import type { JobPayload } from '../queues.ts'
import type { Processor } from '../registry.ts'

/**
 * Closure notices and assignment of unlisted citizens. One transaction: a retried attempt starts
 * from what the last committed run left, and a repeated run changes nothing. First the register's
 * dates of the day: reinstatements that begin today, and the list caps in force today (a
 * time-bound cap starts and ends on its own), so the assignment sees today's open clinics.
 */
export const listingAssign: Processor<JobPayload<'listing.assign'>, AssignmentResult> = async ({ prisma }, payload, ctx) => {
  // The nightly run fires at 02:30 Swedish time: its day is the day it was due in Sweden.
  const today = swedishDate(ctx.dueAt)
  const actor = payload.requestedByUserId ? { kind: 'user' as const, userId: payload.requestedByUserId } : { kind: 'job' as const }
  const reinstated = await applyReinstatements(prisma, today)
  const caps = await applyListCaps(prisma, today)
  const result = await runAssignment(prisma, { date: payload.date, today, actor })
  ctx.logger.info({ ...result, reinstated, listCapsChanged: caps }, 'listing assignment finished')
  return result
}

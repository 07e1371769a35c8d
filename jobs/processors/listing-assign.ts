import { applyReinstatements } from '../../app/modules/authorisation/register.server.ts'
import { runAssignment, type AssignmentResult } from '../../app/modules/listing/assignment.server.ts'
import { swedishDate } from '../../app/utils/sweden.ts'
import type { JobPayload } from '../queues.ts'
import type { Processor } from '../registry.ts'

/**
 * Closure notices and assignment of unlisted citizens. First, before the assignment and in its own
 * transaction (one idempotent UPDATE), the register's reinstatements that begin today clear their
 * clinics' ends, so the assignment sees today's open clinics; then the assignment in one
 * transaction: a retried attempt starts from what the last committed run left, and a repeated run
 * changes nothing. List caps need no step of their own: each is read for its day (clinic_cap_on).
 */
export const listingAssign: Processor<JobPayload<'listing.assign'>, AssignmentResult> = async ({ prisma }, payload, ctx) => {
  // The nightly run fires at 02:30 Swedish time: its day is the day it was due in Sweden.
  const today = swedishDate(ctx.dueAt)
  const actor = payload.requestedByUserId ? { kind: 'user' as const, userId: payload.requestedByUserId } : { kind: 'job' as const }
  const reinstated = await applyReinstatements(prisma, today)
  const result = await runAssignment(prisma, { date: payload.date, today, actor })
  ctx.logger.info({ ...result, reinstated }, 'listing assignment finished')
  return result
}

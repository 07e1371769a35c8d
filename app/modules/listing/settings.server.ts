/**
 * The region's decisions about listing, as commissioners make them: the listing settings
 * (/region/listning), the citizen a typed identity number names (for a switch exception), and
 * the end of a clinic's authorisation (`npm run cli -- clinic end`), whose citizens the
 * assignment run (assignment.server.ts) gives notice.
 */
import { z } from 'zod'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'
import { parsePersonalId } from '../identity/personal-id.ts'
import { swedishDate } from '../../utils/sweden.ts'
import { isoOf, type IsoDate } from './rules.ts'
import { RegisterRefused, changeAuthorisationStatus, type StatusChangeKind } from '../authorisation/register.server.ts'

/** The command line's reasons: `closed` is an alias of `ended`. */
export type AuthorisationEndReason = 'suspended' | 'revoked' | 'ended' | 'closed'

export class AuthorisationEndRefused extends Error {
  override name = 'AuthorisationEndRefused'
}

const statusOfReason: Record<AuthorisationEndReason, StatusChangeKind> = { suspended: 'suspended', revoked: 'revoked', ended: 'ended', closed: 'ended' }

/**
 * Ends a clinic's authorisation from `endsOn` (exclusive: its last day is the day before) as the
 * register's status change (app/modules/authorisation/register.server.ts), so the command line and
 * the region's pages share one path: the status row, the clinic's end and the staff's messages.
 * The reason word goes to the audit log, `note` (or a default) to the register; the caller queues
 * the assignment. An end already set is not moved: notices and ended listings have been based on it.
 */
export async function endClinicAuthorisation(
  prisma: PrismaClient,
  input: { hsaId: string; endsOn: IsoDate; reason: AuthorisationEndReason; actor: Actor; today?: IsoDate; note?: string },
): Promise<{ clinicId: number; name: string; endsOn: IsoDate; changed: boolean }> {
  const today = input.today ?? swedishDate()
  const clinic = await prisma.clinic.findUnique({
    where: { hsaId: input.hsaId },
    select: { id: true, name: true, authorisedTo: true, statusHistory: { orderBy: [{ validFrom: 'desc' }, { id: 'desc' }], take: 1, select: { status: true } } },
  })
  if (!clinic) throw new AuthorisationEndRefused(`no clinic has HSA id ${input.hsaId}`)
  // Already so, unless only a suspension set that end: a suspended clinic may still be revoked or ended.
  const latest = clinic.statusHistory[0]?.status
  if (clinic.authorisedTo && isoOf(clinic.authorisedTo) === input.endsOn && (latest !== 'suspended' || statusOfReason[input.reason] === 'suspended')) {
    return { clinicId: clinic.id, name: clinic.name, endsOn: input.endsOn, changed: false }
  }
  const note = input.note?.trim() || `Registrerat från kommandoraden (${input.reason})`
  try {
    const r = await changeAuthorisationStatus(
      prisma,
      { hsaId: input.hsaId, status: statusOfReason[input.reason], from: input.endsOn, reason: note, actor: input.actor, today },
      {
        queueAssignment: false,
        audit: ({ clinicId }) => ({
          action: 'clinic.authorisation.end',
          entity: 'clinic',
          entityId: String(clinicId),
          details: { hsaId: input.hsaId, endsOn: input.endsOn, reason: input.reason },
        }),
      },
    )
    return { clinicId: r.clinicId, name: r.name, endsOn: r.from, changed: true }
  } catch (error) {
    if (error instanceof RegisterRefused) throw new AuthorisationEndRefused(error.message)
    throw error
  }
}

/** The form's and the database's limits (region_setting's CHECK constraints). Messages are codes the page translates. */
export const RegionSettingsSchema = z.object({
  switchLimit: z.coerce.number({ error: 'notNumber' }).int('notWhole').min(1, 'switchLimitRange').max(12, 'switchLimitRange'),
  effectiveOffsetDays: z.coerce.number({ error: 'notNumber' }).int('notWhole').min(0, 'offsetRange').max(90, 'offsetRange'),
  assignmentNoticeDays: z.coerce.number({ error: 'notNumber' }).int('notWhole').min(0, 'noticeRange').max(365, 'noticeRange'),
})
export type RegionSettingsInput = z.infer<typeof RegionSettingsSchema>

/** Saves the settings (audited as `region.settings` with the values before and after). */
export async function updateRegionSettings(prisma: PrismaClient, input: RegionSettingsInput, actor: Actor): Promise<{ changed: boolean }> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.regionSetting.findUniqueOrThrow({ where: { id: true } })
    const after = await tx.regionSetting.update({ where: { id: true }, data: input })
    const pick = (s: typeof before) => ({ switchLimit: s.switchLimit, effectiveOffsetDays: s.effectiveOffsetDays, assignmentNoticeDays: s.assignmentNoticeDays })
    const changed = JSON.stringify(pick(before)) !== JSON.stringify(pick(after))
    await recordAudit(tx, actor, { action: 'region.settings', entity: 'region_setting', details: { before: pick(before), after: pick(after) } })
    return { changed }
  })
}

/**
 * The citizen an identity number typed by a commissioner names, or why not: 'invalid' (not a
 * personnummer) or 'unknown' (no such citizen in the register). A lookup in the register is a read
 * of personal data, so each valid one is audited (by citizen id; the number itself goes no further).
 */
export async function citizenByPersonalId(
  prisma: PrismaClient,
  input: string,
  actor: Actor,
): Promise<{ ok: true; citizenId: bigint } | { ok: false; problem: 'invalid' | 'unknown' }> {
  const parsed = parsePersonalId(input)
  if (!parsed.ok) return { ok: false, problem: 'invalid' }
  const row = await prisma.citizen.findUnique({ where: { personalId: parsed.value.id }, select: { id: true } })
  await recordAudit(prisma, actor, { action: 'citizen.lookup', entity: 'citizen', citizenId: row?.id, details: { purpose: 'switch-exception', found: row !== null } })
  return row ? { ok: true, citizenId: row.id } : { ok: false, problem: 'unknown' }
}

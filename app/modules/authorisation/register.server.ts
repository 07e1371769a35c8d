/**
 * The register of authorised clinics: the commissioner's status changes (suspend, revoke, end,
 * reinstate) and the register as its pages and open data read it. A change is one transaction:
 * the status row (append-only, clinic_authorisation_status), the clinic's authorised days (which
 * finder, listing, assignment and payments read), the messages to the clinic's staff and the audit
 * entry change together. After the commit the finder forgets its catalogue and the assignment is
 * queued, so the clinic's citizens get their closure notices at once (docs/decisions/0012).
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts'
import { enqueue } from '../../../jobs/queues.ts'
import { recordAudit, type Actor, type AuditEntry } from '../audit/audit.server.ts'
import { invalidateClinicCatalogue } from '../clinics/finder.server.ts'
import { requestDelivery } from '../notifications/outbox.server.ts'
import { clinicStaffUserIds, queueProviderNotification } from '../notifications/provider-outbox.server.ts'
import { createLogger } from '../../utils/logger.server.ts'
import type { IsoDate } from '../listing/rules.ts'
import { latestStatus, statusOn, type AuthorisationStatus, type RegisterEntry, type StatusHistoryRow } from './register-format.ts'
import { Refused } from './refused.ts'

type Db = Prisma.TransactionClient | PrismaClient

const log = createLogger('register')

/** The statuses a commissioner can set; `authorised` again is a reinstatement. */
export type StatusChangeKind = Exclude<AuthorisationStatus, 'authorised'>
export const statusChangeKinds: readonly StatusChangeKind[] = ['suspended', 'revoked', 'ended']

/** Why a change was refused: a code the pages translate, with the facts for the message. */
export type RegisterProblem =
  | 'unknownClinic'
  | 'reasonMissing'
  | 'notAuthorised'
  | 'alreadyEnding'
  | 'fromInPast'
  | 'fromNotAfterLatest'
  | 'fromBeforeSuspension'
  | 'notSuspended'

export class RegisterRefused extends Refused<RegisterProblem> {
  override name = 'RegisterRefused'
}

interface LockedClinic {
  id: number
  name: string
  authorised_from: string
  authorised_to: string | null
}

/** The clinic, locked against another change until commit, and its history; refused when unknown. */
async function lockClinic(tx: Prisma.TransactionClient, hsaId: string): Promise<{ clinic: LockedClinic; history: { id: number; status: AuthorisationStatus; from: string }[] }> {
  const [clinic] = await tx.$queryRaw<LockedClinic[]>`
    SELECT id, name, authorised_from::text, authorised_to::text FROM clinic WHERE hsa_id = ${hsaId} FOR NO KEY UPDATE`
  if (!clinic) throw new RegisterRefused('unknownClinic', `no clinic has HSA id ${hsaId}`, { hsaId })
  const history = await tx.$queryRaw<{ id: number; status: AuthorisationStatus; from: string }[]>`
    SELECT id, status::text AS status, valid_from::text AS "from" FROM clinic_authorisation_status WHERE clinic_id = ${clinic.id} ORDER BY valid_from, id`
  return { clinic, history }
}

/** Tells the clinic's staff; one message per status row and person, however often it is retried. */
async function notifyStaff(tx: Prisma.TransactionClient, clinic: LockedClinic, statusId: number, payload: { status: AuthorisationStatus; validFrom: IsoDate; reason: string }) {
  const staff = await clinicStaffUserIds(tx, clinic.id)
  for (const userId of staff) {
    await queueProviderNotification(tx, {
      kind: 'authorisation_status_changed',
      recipientUserId: userId,
      clinicId: clinic.id,
      dedupeKey: `authorisation-status:${statusId}:${userId}`,
      payload: { ...payload, clinicName: clinic.name },
    })
  }
  return staff.length
}

async function insertStatus(tx: Prisma.TransactionClient, clinicId: number, status: AuthorisationStatus, from: IsoDate, reason: string, actor: Actor): Promise<number> {
  const [row] = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO clinic_authorisation_status (clinic_id, status, valid_from, reason, decided_by_user_id)
    VALUES (${clinicId}, ${status}::"AuthorisationStatus", ${from}::date, ${reason}, ${actor.userId ?? null}::int)
    RETURNING id`
  return row!.id
}

export interface StatusChangeInput {
  hsaId: string
  status: StatusChangeKind
  /** The first day the clinic is not authorised (its last authorised day is the day before). */
  from: IsoDate
  reason: string
  actor: Actor
  today: IsoDate
}

export interface StatusChangeResult {
  clinicId: number
  name: string
  statusId: number
  from: IsoDate
  notified: number
  /** The id of the queued assignment job, or null if none was queued or the queue did not answer (the nightly run covers it). */
  assignmentJob: string | null
}

/**
 * Suspends (tillfälligt avstänger), revokes (återkallar) or ends (avslutar) a clinic's
 * authorisation from `from` (today at the earliest). Refused when it cannot follow the clinic's
 * latest status (naming it and the day). An authorised clinic: no end decided yet (a decided end
 * is not brought forward) and `from` after its latest change; one that has not begun may be
 * revoked or ended from any day up to its first day, which then also ends it (an empty
 * authorisation, never in the finder). A suspended clinic may be revoked or ended without lifting
 * the suspension, from its first suspended day on; it stays out from the suspension. The result's
 * `from` is the day recorded. `options.audit` replaces the audit entry and
 * `options.queueAssignment: false` leaves the assignment to the caller (the command line records
 * its own reason word and queues it itself).
 */
export async function changeAuthorisationStatus(
  db: PrismaClient,
  input: StatusChangeInput,
  options: { audit?: (r: { clinicId: number; statusId: number }) => AuditEntry; queueAssignment?: boolean } = {},
): Promise<StatusChangeResult> {
  const reason = input.reason.trim()
  if (reason === '') throw new RegisterRefused('reasonMissing', 'a reason is required for a status change')
  const result = await db.$transaction(async (tx) => {
    const { clinic, history } = await lockClinic(tx, input.hsaId)
    const from = statusChangeDay(clinic, latestStatus(history), input)
    // A suspended clinic is out already: its end stays at the suspension's first day.
    await tx.$executeRaw`
      UPDATE clinic SET authorised_to = least(coalesce(authorised_to, ${from}::date), ${from}::date), updated_at = now() WHERE id = ${clinic.id}`
    const statusId = await insertStatus(tx, clinic.id, input.status, from, reason, input.actor)
    const notified = await notifyStaff(tx, clinic, statusId, { status: input.status, validFrom: from, reason })
    await recordAudit(
      tx,
      input.actor,
      options.audit?.({ clinicId: clinic.id, statusId }) ?? {
        action: 'clinic.authorisation.status',
        entity: 'clinic',
        entityId: String(clinic.id),
        details: { hsaId: input.hsaId, status: input.status, from, ...(from !== input.from ? { asked: input.from } : {}), reason, statusId },
      },
    )
    return { clinicId: clinic.id, name: clinic.name, statusId, from, notified }
  })
  invalidateClinicCatalogue()
  if (result.notified > 0) await requestDelivery()
  return { ...result, assignmentJob: options.queueAssignment === false ? null : await queueAssignment(input.actor) }
}

/** The day a status change is recorded from, or why it cannot be made (see changeAuthorisationStatus). */
function statusChangeDay(clinic: LockedClinic, latest: { status: AuthorisationStatus; from: string } | null, input: StatusChangeInput): IsoDate {
  // Listings and payments up to today rest on the authorisation: a change is today at the earliest.
  if (input.from < input.today) {
    throw new RegisterRefused('fromInPast', `an authorisation cannot end in the past (${input.from}); the earliest end is today, ${input.today}`, { date: input.from, today: input.today })
  }
  if (latest?.status === 'suspended' && input.status !== 'suspended') {
    if (input.from < latest.from) {
      throw new RegisterRefused('fromBeforeSuspension', `${clinic.name} is suspended from ${latest.from}; a revocation or end cannot come before it`, { name: clinic.name, date: latest.from })
    }
    return input.from
  }
  if (latest && latest.status !== 'authorised' && latest.from <= input.today) {
    throw new RegisterRefused('notAuthorised', `${clinic.name} is not authorised: it is ${latest.status} from ${latest.from}`, { name: clinic.name, status: latest.status, from: latest.from })
  }
  const decidedEnd = latest && latest.status !== 'authorised' ? latest.from : clinic.authorised_to
  if (decidedEnd !== null) {
    throw new RegisterRefused('alreadyEnding', `${clinic.name}'s authorisation already ends on ${decidedEnd}; a decided end is not brought forward`, {
      name: clinic.name,
      date: decidedEnd,
    })
  }
  // Not begun yet, or beginning today: revoked or ended from its first day or before, it never begins.
  if (clinic.authorised_from >= input.today && input.status !== 'suspended' && input.from <= clinic.authorised_from) return clinic.authorised_from
  const after = latest && latest.from > clinic.authorised_from ? latest.from : clinic.authorised_from
  if (input.from <= after) {
    throw new RegisterRefused('fromNotAfterLatest', `${clinic.name} is authorised from ${after}; an end must come after it`, { name: clinic.name, date: after })
  }
  return input.from
}

/** Asks a worker to run the assignment now, so closure notices go out today; the nightly run covers a failure. */
async function queueAssignment(actor: Actor): Promise<string | null> {
  try {
    const { id } = await enqueue('listing.assign', actor.kind === 'user' && actor.userId ? { requestedByUserId: actor.userId } : {})
    return id
  } catch (error) {
    log.warn({ error: error instanceof Error ? error.message : String(error) }, 'could not queue the assignment after a status change; the nightly run will do it')
    return null
  }
}

export interface ReinstateInput {
  hsaId: string
  /** The first day the clinic is authorised again. */
  from: IsoDate
  reason: string
  actor: Actor
  today: IsoDate
}

/**
 * Lifts a suspension from `from`: a new `authorised` row, and the clinic's end cleared (at once
 * when `from` is today, otherwise by applyReinstatements on that day's nightly run, so the clinic
 * stays out of the finder until then). Citizens already re-listed stay where they are.
 */
export async function reinstate(db: PrismaClient, input: ReinstateInput): Promise<{ clinicId: number; name: string; statusId: number; from: IsoDate }> {
  const reason = input.reason.trim()
  if (reason === '') throw new RegisterRefused('reasonMissing', 'a reason is required for a reinstatement')
  const result = await db.$transaction(async (tx) => {
    const { clinic, history } = await lockClinic(tx, input.hsaId)
    const latest = latestStatus(history)
    if (!latest || latest.status !== 'suspended') {
      const status = latest?.status ?? 'authorised'
      throw new RegisterRefused('notSuspended', `${clinic.name} is not suspended (it is ${status}); only a suspension can be lifted`, { name: clinic.name, status })
    }
    if (input.from < input.today) {
      throw new RegisterRefused('fromInPast', `a reinstatement cannot begin in the past (${input.from}); the earliest is today, ${input.today}`, { date: input.from, today: input.today })
    }
    if (input.from <= latest.from) {
      throw new RegisterRefused('fromNotAfterLatest', `${clinic.name} is suspended from ${latest.from}; a reinstatement must come after it`, { name: clinic.name, date: latest.from })
    }
    if (input.from <= input.today) await tx.$executeRaw`UPDATE clinic SET authorised_to = NULL, updated_at = now() WHERE id = ${clinic.id}`
    const statusId = await insertStatus(tx, clinic.id, 'authorised', input.from, reason, input.actor)
    const notified = await notifyStaff(tx, clinic, statusId, { status: 'authorised', validFrom: input.from, reason })
    await recordAudit(tx, input.actor, {
      action: 'clinic.authorisation.reinstate',
      entity: 'clinic',
      entityId: String(clinic.id),
      details: { hsaId: input.hsaId, from: input.from, reason, statusId },
    })
    return { clinicId: clinic.id, name: clinic.name, statusId, from: input.from, notified }
  })
  invalidateClinicCatalogue()
  if (result.notified > 0) await requestDelivery()
  return { clinicId: result.clinicId, name: result.name, statusId: result.statusId, from: result.from }
}

/**
 * Clears the end of every clinic whose reinstatement has begun by `today` (one set-based UPDATE;
 * the nightly listing.assign job runs it first). The end becomes the next decided end, if any.
 */
export async function applyReinstatements(db: Db, today: IsoDate): Promise<number> {
  return db.$executeRaw`
    UPDATE clinic c
       SET authorised_to = (SELECT min(n.valid_from) FROM clinic_authorisation_status n
                             WHERE n.clinic_id = c.id AND n.valid_from > ${today}::date AND n.status <> 'authorised'),
           updated_at = now()
     WHERE c.authorised_to IS NOT NULL AND c.authorised_to <= ${today}::date
       AND (SELECT s.status FROM clinic_authorisation_status s
             WHERE s.clinic_id = c.id AND s.valid_from <= ${today}::date ORDER BY s.valid_from DESC, s.id DESC LIMIT 1) = 'authorised'
       AND EXISTS (SELECT 1 FROM clinic_authorisation_status r
                    WHERE r.clinic_id = c.id AND r.status = 'authorised' AND r.valid_from > c.authorised_to AND r.valid_from <= ${today}::date)`
}

interface EntryRow {
  id: number
  hsa_id: string
  name: string
  ownership: 'public' | 'private'
  street_address: string | null
  postal_code: string | null
  city: string | null
  authorised_from: string
  authorised_to: string | null
  municipality_code: string
  municipality: string
  org_number: string | null
  agreement_number: string | null
}

interface HistoryRow {
  clinic_id: number
  status: AuthorisationStatus
  from: string
  reason: string | null
  decided_by: string | null
  decided_at: Date
}

const swedish = new Intl.Collator('sv')

/**
 * Every clinic in the register (or the one `hsaId` names) with its status on `today`, in Swedish
 * name order. Reasons and who decided are read only with `withReasons` (the region's pages).
 */
export async function registerEntries(db: Db, input: { today: IsoDate; withReasons?: boolean; hsaId?: string }): Promise<RegisterEntry[]> {
  const only = input.hsaId === undefined ? Prisma.empty : Prisma.sql`WHERE c.hsa_id = ${input.hsaId}`
  const onlyHistory = input.hsaId === undefined ? Prisma.empty : Prisma.sql`WHERE s.clinic_id = (SELECT id FROM clinic WHERE hsa_id = ${input.hsaId})`
  const [rows, history] = await Promise.all([
    db.$queryRaw<EntryRow[]>`
      SELECT c.id, c.hsa_id, c.name, c.ownership::text AS ownership, c.street_address, c.postal_code, c.city,
             c.authorised_from::text, c.authorised_to::text, m.code AS municipality_code, m.name AS municipality,
             a.org_number, d.agreement_number
        FROM clinic c
        JOIN area ar ON ar.area_code = c.area_code
        JOIN municipality m ON m.code = ar.municipality_code
        LEFT JOIN authorisation_application a ON a.clinic_id = c.id AND a.status = 'approved'
        LEFT JOIN authorisation_decision d ON d.application_id = a.id AND d.outcome = 'approved'
        ${only}`,
    db.$queryRaw<HistoryRow[]>`
      SELECT s.clinic_id, s.status::text AS status, s.valid_from::text AS "from", s.reason, u.name AS decided_by, s.decided_at
        FROM clinic_authorisation_status s LEFT JOIN app_user u ON u.id = s.decided_by_user_id
        ${onlyHistory}
       ORDER BY s.clinic_id, s.valid_from, s.id`,
  ])
  const byClinic = new Map<number, StatusHistoryRow[]>()
  for (const h of history) {
    const list = byClinic.get(h.clinic_id) ?? []
    list.push({
      status: h.status,
      from: h.from,
      reason: input.withReasons ? h.reason : null,
      decidedBy: input.withReasons ? h.decided_by : null,
      decidedAt: h.decided_at.toISOString(),
    })
    byClinic.set(h.clinic_id, list)
  }
  return rows
    .map((r): RegisterEntry => {
      const clinicHistory = byClinic.get(r.id) ?? []
      const dates = { authorisedFrom: r.authorised_from, authorisedTo: r.authorised_to }
      return {
        clinicId: r.id,
        hsaId: r.hsa_id,
        name: r.name,
        organisationNumber: r.org_number,
        agreementNumber: r.agreement_number,
        municipalityCode: r.municipality_code,
        municipality: r.municipality,
        ownership: r.ownership,
        streetAddress: r.street_address,
        postalCode: r.postal_code,
        city: r.city,
        ...dates,
        today: statusOn(clinicHistory, dates, input.today),
        history: clinicHistory,
      }
    })
    .sort((a, b) => swedish.compare(a.name, b.name) || a.clinicId - b.clinicId)
}

/** The public register on `today`: statuses and dates, no reasons. */
export function registerToday(db: Db, today: IsoDate): Promise<RegisterEntry[]> {
  return registerEntries(db, { today })
}

/** One clinic of the register with its full history, reasons and deciders (the region's page); null if unknown. */
export async function registerClinic(db: Db, hsaId: string, today: IsoDate): Promise<RegisterEntry | null> {
  const [entry] = await registerEntries(db, { today, withReasons: true, hsaId })
  return entry ?? null
}

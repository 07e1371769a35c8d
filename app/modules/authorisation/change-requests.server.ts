/**
 * A clinic's requests to the region (ändringsansökan): a time-bound list cap (listningstak) or
 * changed details (ownership, address, position, opening hours). The clinic's own staff ask, at
 * most one open request of each kind per clinic; a commissioner approves or rejects (a rejection
 * says why); the requester may withdraw while it is open. One transaction per use case, audited,
 * the clinic's staff told of the decision. An approved cap is a clinic_list_cap row; whoever reads a
 * cap asks clinic_cap_on(clinic, day) for the day that matters (a listing's first day, today for
 * the finder), which falls back on the standing cap, clinic.list_cap (docs/decisions/0012).
 */
import { z } from 'zod'
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts'
import { canManageAuthorisation, canRequestClinicChanges, type SessionUser } from '../access/rules.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'
import { invalidateClinicCatalogue } from '../clinics/finder.server.ts'
import { OpeningHoursSchema, parseOpeningHours, type OpeningHours } from '../clinics/finder.ts'
import { addMonths, type IsoDate } from '../listing/rules.ts'
import { requestDelivery } from '../notifications/outbox.server.ts'
import { clinicStaffUserIds, queueProviderNotification } from '../notifications/provider-outbox.server.ts'
import { swedishDate } from '../../utils/sweden.ts'
import { Refused } from './refused.ts'

type Db = Prisma.TransactionClient | PrismaClient

export type ChangeRequestKind = 'list_cap' | 'details'
export type ChangeRequestStatus = 'submitted' | 'approved' | 'rejected' | 'withdrawn'

/** The longest a list cap may last: two years from its first day. */
export const LIST_CAP_MAX_MONTHS = 24

const actorOf = (user: SessionUser): Actor => ({ kind: 'user', userId: user.id })

// ---- What a request holds (messages are codes the pages translate) -------------------------

const blankAsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v)
const missingOr = (missing: string, invalid: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? missing : invalid) })

/** A list cap's fields each on its own: a whole number > 0, two dates, a motivation. */
const ListCapFields = z.object({
  cap: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v.trim())) : v),
    z.number(missingOr('capMissing', 'capInvalid')).int('capWhole').min(1, 'capRange').max(1_000_000, 'capRange'),
  ),
  from: z.preprocess(blankAsAbsent, z.iso.date(missingOr('dateMissing', 'dateInvalid'))),
  until: z.preprocess(blankAsAbsent, z.iso.date(missingOr('dateMissing', 'dateInvalid'))),
  motivation: z.string({ error: 'motivationMissing' }).trim().min(1, 'motivationMissing').max(2000, 'motivationTooLong'),
})
export type ListCapInput = z.output<typeof ListCapFields>

/**
 * A list cap asked for on `today`, every problem at once as field → code: from today or later,
 * `until` (the first day without the cap) after `from` and at most two years on.
 */
export function parseListCap(input: Record<string, unknown>, today: IsoDate): { ok: true; data: ListCapInput } | { ok: false; errors: Record<string, string> } {
  const parsed = ListCapFields.safeParse(input)
  const errors = parsed.success ? {} : fieldCodes(parsed.error)
  const from = z.iso.date().safeParse(blankAsAbsent(input.from))
  const until = z.iso.date().safeParse(blankAsAbsent(input.until))
  if (from.success && from.data < today) errors.from ??= 'fromPast'
  if (from.success && until.success) {
    if (until.data <= from.data) errors.until ??= 'untilNotAfterFrom'
    else if (until.data > addMonths(from.data, LIST_CAP_MAX_MONTHS)) errors.until ??= 'untilTooLate'
  }
  return parsed.success && Object.keys(errors).length === 0 ? { ok: true, data: parsed.data } : { ok: false, errors }
}

const TIME_ORDERED = (h: OpeningHours[number]) => h.opens < h.closes

/** The details a clinic may ask to change, each in the clinic's own shape; only those given change. */
export const DetailsChangesSchema = z
  .object({
    ownership: z.enum(['public', 'private'], { error: 'ownershipInvalid' }),
    streetAddress: z.string().trim().min(1, 'streetAddressMissing').max(200, 'tooLong'),
    postalCode: z
      .string()
      .transform((s) => s.replace(/\s+/g, ''))
      .pipe(z.string().regex(/^\d{5}$/, 'postalCodeInvalid')),
    city: z.string().trim().min(1, 'cityMissing').max(100, 'tooLong'),
    lat: z.coerce.number({ error: 'latInvalid' }).min(55, 'latInvalid').max(70, 'latInvalid').transform((n) => Math.round(n * 1e6) / 1e6),
    lon: z.coerce.number({ error: 'lonInvalid' }).min(10, 'lonInvalid').max(25, 'lonInvalid').transform((n) => Math.round(n * 1e6) / 1e6),
    openingHours: OpeningHoursSchema.refine((hours) => hours.every(TIME_ORDERED), 'hoursInvalid'),
  })
  .partial()
  .strict()
export type DetailsChanges = z.output<typeof DetailsChangesSchema>
export type DetailsField = keyof DetailsChanges
export const detailsFields: readonly DetailsField[] = ['ownership', 'streetAddress', 'postalCode', 'city', 'lat', 'lon', 'openingHours']

/** A stored list cap request's payload. */
const ListCapPayload = z.object({ cap: z.number().int().positive(), from: z.iso.date(), until: z.iso.date() })
export type ListCapPayload = z.output<typeof ListCapPayload>

// ---- Refusals --------------------------------------------------------------------------------

export type ChangeRequestProblem =
  | 'forbidden'
  | 'unknownClinic'
  | 'unknownRequest'
  | 'openRequestExists'
  | 'noChanges'
  | 'alreadyDecided'
  | 'noteMissing'
  | 'capOverlap'
  | 'periodPassed'
  | 'notRequester'

export class ChangeRequestRefused extends Refused<ChangeRequestProblem> {
  override name = 'ChangeRequestRefused'
}

/** Input that does not hold: field → problem code. */
export class ChangeRequestInvalid extends Error {
  override name = 'ChangeRequestInvalid'
  constructor(readonly errors: Record<string, string>) {
    super(`invalid change request: ${Object.entries(errors).map(([f, c]) => `${f}: ${c}`).join('; ')}`)
  }
}

/** The first problem of each field, as codes. */
export function fieldCodes(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : 'form'
    out[field] ??= issue.message
  }
  return out
}

// ---- The clinic's current details --------------------------------------------------------------

export interface ClinicDetails {
  id: number
  hsaId: string
  name: string
  ownership: 'public' | 'private'
  streetAddress: string | null
  postalCode: string | null
  city: string | null
  lat: number | null
  lon: number | null
  openingHours: OpeningHours
  /** The list cap in force on the day asked for (today by default): a time-bound one, else the standing one. */
  listCap: number | null
  areaCode: string
}

/** The details a request may change, as they are now, with the list cap in force on `today`. */
export async function clinicDetails(db: Db, clinicId: number, today: IsoDate = swedishDate()): Promise<ClinicDetails | null> {
  const [row] = await db.$queryRaw<
    {
      id: number
      hsa_id: string
      name: string
      ownership: 'public' | 'private'
      street_address: string | null
      postal_code: string | null
      city: string | null
      lat: number | null
      lon: number | null
      opening_hours: unknown
      list_cap: number | null
      area_code: string
    }[]
  >`SELECT id, hsa_id, name, ownership::text AS ownership, street_address, postal_code, city, lat::float8 AS lat, lon::float8 AS lon, opening_hours,
           clinic_cap_on(id, ${today}::date) AS list_cap, area_code
      FROM clinic WHERE id = ${clinicId}`
  if (!row) return null
  return {
    id: row.id,
    hsaId: row.hsa_id,
    name: row.name,
    ownership: row.ownership,
    streetAddress: row.street_address,
    postalCode: row.postal_code,
    city: row.city,
    lat: row.lat,
    lon: row.lon,
    openingHours: parseOpeningHours(row.opening_hours),
    listCap: row.list_cap,
    areaCode: row.area_code,
  }
}

const sameHours = (a: OpeningHours, b: OpeningHours) => JSON.stringify(parseOpeningHours(a)) === JSON.stringify(parseOpeningHours(b))

/** The changes that differ from the clinic's current details (the form sends every field, prefilled). */
export function actualChanges(current: ClinicDetails, changes: DetailsChanges): DetailsChanges {
  const out: DetailsChanges = {}
  if (changes.ownership !== undefined && changes.ownership !== current.ownership) out.ownership = changes.ownership
  if (changes.streetAddress !== undefined && changes.streetAddress !== current.streetAddress) out.streetAddress = changes.streetAddress
  if (changes.postalCode !== undefined && changes.postalCode !== current.postalCode) out.postalCode = changes.postalCode
  if (changes.city !== undefined && changes.city !== current.city) out.city = changes.city
  if (changes.lat !== undefined && changes.lat !== current.lat) out.lat = changes.lat
  if (changes.lon !== undefined && changes.lon !== current.lon) out.lon = changes.lon
  if (changes.openingHours !== undefined && !sameHours(changes.openingHours, current.openingHours)) out.openingHours = parseOpeningHours(changes.openingHours)
  return out
}

// ---- Requests ------------------------------------------------------------------------------------

/** Locks the clinic (so two requests cannot both be the open one) and refuses a second open request of the kind. */
async function lockForRequest(tx: Prisma.TransactionClient, clinicId: number, kind: ChangeRequestKind): Promise<void> {
  const [clinic] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM clinic WHERE id = ${clinicId} FOR NO KEY UPDATE`
  if (!clinic) throw new ChangeRequestRefused('unknownClinic', `no clinic has id ${clinicId}`)
  const open = await tx.clinicChangeRequest.findFirst({ where: { clinicId, kind, status: 'submitted' }, select: { id: true, requestedAt: true } })
  if (open) {
    throw new ChangeRequestRefused('openRequestExists', `the clinic already has an open ${kind} request (#${open.id}); withdraw it or wait for the decision`, {
      id: String(open.id),
      requestedAt: open.requestedAt.toISOString(),
    })
  }
}

function requireStaffOf(user: SessionUser, clinicId: number): void {
  if (!canRequestClinicChanges(user, clinicId)) throw new ChangeRequestRefused('forbidden', `user ${user.id} is not staff of clinic ${clinicId}`)
}

/** A clinic's staff ask for a list cap from `from` until (not including) `until`. Returns the request's id. */
export async function requestListCap(
  db: PrismaClient,
  input: { clinicId: number; cap: unknown; from: unknown; until: unknown; motivation: unknown; user: SessionUser; today: IsoDate },
): Promise<number> {
  requireStaffOf(input.user, input.clinicId)
  const parsed = parseListCap({ cap: input.cap, from: input.from, until: input.until, motivation: input.motivation }, input.today)
  if (!parsed.ok) throw new ChangeRequestInvalid(parsed.errors)
  const { cap, from, until, motivation } = parsed.data
  return db.$transaction(async (tx) => {
    await lockForRequest(tx, input.clinicId, 'list_cap')
    const request = await tx.clinicChangeRequest.create({
      data: { clinicId: input.clinicId, kind: 'list_cap', payload: { cap, from, until }, motivation, requestedByUserId: input.user.id },
    })
    await recordAudit(tx, actorOf(input.user), {
      action: 'clinic.change_request.submit',
      entity: 'clinic_change_request',
      entityId: String(request.id),
      details: { clinicId: input.clinicId, kind: 'list_cap', payload: { cap, from, until } },
    })
    return request.id
  })
}

/** A clinic's staff ask to change some of its details; only what differs from today's is kept. Returns the request's id. */
export async function requestDetailsChange(
  db: PrismaClient,
  input: { clinicId: number; changes: Record<string, unknown>; motivation: unknown; user: SessionUser },
): Promise<number> {
  requireStaffOf(input.user, input.clinicId)
  const parsed = DetailsChangesSchema.safeParse(input.changes)
  const motivation = z.string().trim().min(1, 'motivationMissing').max(2000, 'motivationTooLong').safeParse(typeof input.motivation === 'string' ? input.motivation : '')
  const errors = { ...(parsed.success ? {} : fieldCodes(parsed.error)), ...(motivation.success ? {} : { motivation: motivation.error.issues[0]!.message }) }
  if (!parsed.success || !motivation.success) throw new ChangeRequestInvalid(errors)
  return db.$transaction(async (tx) => {
    await lockForRequest(tx, input.clinicId, 'details')
    const current = (await clinicDetails(tx, input.clinicId))!
    const changes = actualChanges(current, parsed.data)
    if (Object.keys(changes).length === 0) throw new ChangeRequestRefused('noChanges', 'the request changes nothing: every value is the clinic’s current one')
    const request = await tx.clinicChangeRequest.create({
      data: { clinicId: input.clinicId, kind: 'details', payload: changes as Prisma.InputJsonObject, motivation: motivation.data, requestedByUserId: input.user.id },
    })
    await recordAudit(tx, actorOf(input.user), {
      action: 'clinic.change_request.submit',
      entity: 'clinic_change_request',
      entityId: String(request.id),
      details: { clinicId: input.clinicId, kind: 'details', payload: changes as Prisma.InputJsonObject },
    })
    return request.id
  })
}

/** The requester withdraws their open request. */
export async function withdrawChangeRequest(db: PrismaClient, input: { requestId: number; user: SessionUser }): Promise<void> {
  await db.$transaction(async (tx) => {
    const [request] = await tx.$queryRaw<{ id: number; status: ChangeRequestStatus; requested_by_user_id: number; clinic_id: number }[]>`
      SELECT id, status::text AS status, requested_by_user_id, clinic_id FROM clinic_change_request WHERE id = ${input.requestId} FOR UPDATE`
    if (!request) throw new ChangeRequestRefused('unknownRequest', `no change request has id ${input.requestId}`)
    if (request.requested_by_user_id !== input.user.id) throw new ChangeRequestRefused('notRequester', 'only the one who made a request can withdraw it')
    if (request.status !== 'submitted') throw new ChangeRequestRefused('alreadyDecided', `the request is ${request.status} already`, { status: request.status })
    await tx.clinicChangeRequest.update({ where: { id: request.id }, data: { status: 'withdrawn' } })
    await recordAudit(tx, actorOf(input.user), {
      action: 'clinic.change_request.withdraw',
      entity: 'clinic_change_request',
      entityId: String(request.id),
      details: { clinicId: request.clinic_id },
    })
  })
}

// ---- Decisions -------------------------------------------------------------------------------------

const isOverlap = (error: unknown) => {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? {})} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error)
  return text.includes('clinic_list_cap_no_overlap') || text.includes('23P01')
}

/**
 * The area (folkbokföringsområde) of the clinic's region whose centre is nearest the clinic's
 * position: the nearest-area ordering of decision.server.ts's nearestArea, over the region's areas
 * with a centre. Null when the clinic has no position or the region no centres (the area stays).
 */
async function nearestAreaOfClinic(tx: Prisma.TransactionClient, clinicId: number): Promise<string | null> {
  const [row] = await tx.$queryRaw<{ area_code: string }[]>`
    SELECT ar.area_code
      FROM clinic c
      JOIN area own ON own.area_code = c.area_code
      JOIN municipality om ON om.code = own.municipality_code
      JOIN municipality m ON m.region_code = om.region_code
      JOIN area ar ON ar.municipality_code = m.code
     WHERE c.id = ${clinicId} AND c.lat IS NOT NULL AND c.lon IS NOT NULL AND ar.centre_lat IS NOT NULL AND ar.centre_lon IS NOT NULL
     ORDER BY power(ar.centre_lat - c.lat, 2) + power((ar.centre_lon - c.lon) * cos(radians(c.lat)), 2), ar.area_code
     LIMIT 1`
  return row?.area_code ?? null
}

/**
 * A commissioner approves or rejects an open request (a rejection needs a note). An approved list
 * cap becomes a clinic_list_cap row (no overlap with another of the clinic's caps), in force on
 * the days it covers (clinic_cap_on); approved details change the clinic (audited before and
 * after), and a new position moves it to the nearest area. The clinic's staff are told either way.
 */
export async function decideChangeRequest(
  db: PrismaClient,
  input: { requestId: number; outcome: 'approved' | 'rejected'; note?: string | null; user: SessionUser; today: IsoDate },
): Promise<{ clinicId: number; kind: ChangeRequestKind; outcome: 'approved' | 'rejected' }> {
  if (!canManageAuthorisation(input.user)) throw new ChangeRequestRefused('forbidden', `user ${input.user.id} may not decide change requests`)
  const note = input.note?.trim() || null
  if (input.outcome === 'rejected' && !note) throw new ChangeRequestRefused('noteMissing', 'a rejection needs a note saying why')
  const actor = actorOf(input.user)
  const result = await db.$transaction(async (tx) => {
    const [request] = await tx.$queryRaw<{ id: number; clinic_id: number; kind: ChangeRequestKind; status: ChangeRequestStatus; payload: unknown }[]>`
      SELECT id, clinic_id, kind::text AS kind, status::text AS status, payload FROM clinic_change_request WHERE id = ${input.requestId} FOR UPDATE`
    if (!request) throw new ChangeRequestRefused('unknownRequest', `no change request has id ${input.requestId}`)
    if (request.status !== 'submitted') throw new ChangeRequestRefused('alreadyDecided', `the request is ${request.status} already`, { status: request.status })
    // The clinic first, as a request and a status change do: no lock cycle, and caps are decided one at a time.
    await tx.$queryRaw`SELECT id FROM clinic WHERE id = ${request.clinic_id} FOR NO KEY UPDATE`
    const clinic = (await clinicDetails(tx, request.clinic_id, input.today))!
    let extra: Record<string, unknown> = {}
    if (input.outcome === 'approved' && request.kind === 'list_cap') {
      const cap = ListCapPayload.parse(request.payload)
      if (cap.until <= input.today) throw new ChangeRequestRefused('periodPassed', `the period asked for ended on ${cap.until}`, { until: cap.until })
      const [overlap] = await tx.$queryRaw<{ cap: number; from: string; until: string }[]>`
        SELECT cap, valid_from::text AS "from", valid_until::text AS until FROM clinic_list_cap
         WHERE clinic_id = ${request.clinic_id} AND daterange(valid_from, valid_until) && daterange(${cap.from}::date, ${cap.until}::date)
         ORDER BY valid_from LIMIT 1`
      if (overlap) {
        throw new ChangeRequestRefused('capOverlap', `the clinic already has a list cap of ${overlap.cap} from ${overlap.from} until ${overlap.until}, which overlaps ${cap.from}–${cap.until}`, {
          cap: String(overlap.cap),
          from: overlap.from,
          until: overlap.until,
        })
      }
      try {
        await tx.$executeRaw`
          INSERT INTO clinic_list_cap (clinic_id, cap, valid_from, valid_until, change_request_id)
          VALUES (${request.clinic_id}, ${cap.cap}, ${cap.from}::date, ${cap.until}::date, ${request.id})`
      } catch (error) {
        // The database's exclusion constraint is the last guard (a cap written beside this service).
        if (isOverlap(error)) throw new ChangeRequestRefused('capOverlap', `the clinic already has a list cap overlapping ${cap.from}–${cap.until}`, { from: cap.from, until: cap.until })
        throw error
      }
      extra = { cap: cap.cap, from: cap.from, until: cap.until }
    }
    if (input.outcome === 'approved' && request.kind === 'details') {
      const changes = DetailsChangesSchema.parse(request.payload)
      const before: Record<string, unknown> = Object.fromEntries(Object.keys(changes).map((k) => [k, clinic[k as DetailsField] ?? null]))
      const after: Record<string, unknown> = { ...changes }
      await tx.clinic.update({ where: { id: clinic.id }, data: { ...(changes as Prisma.ClinicUpdateInput), updatedAt: new Date() } })
      // A clinic belongs to the area nearest it (the finder's municipality, the register's): a move may change it.
      if (changes.lat !== undefined || changes.lon !== undefined) {
        const areaCode = await nearestAreaOfClinic(tx, clinic.id)
        if (areaCode !== null && areaCode !== clinic.areaCode) {
          await tx.clinic.update({ where: { id: clinic.id }, data: { areaCode } })
          before.areaCode = clinic.areaCode
          after.areaCode = areaCode
        }
      }
      await recordAudit(tx, actor, {
        action: 'clinic.details.change',
        entity: 'clinic',
        entityId: String(clinic.id),
        details: { requestId: request.id, before, after } as Prisma.InputJsonObject,
      })
    }
    await tx.clinicChangeRequest.update({
      where: { id: request.id },
      data: { status: input.outcome, decidedByUserId: input.user.id, decidedAt: new Date(), decisionNote: note },
    })
    await recordAudit(tx, actor, {
      action: 'clinic.change_request.decide',
      entity: 'clinic_change_request',
      entityId: String(request.id),
      details: { clinicId: clinic.id, kind: request.kind, outcome: input.outcome, note } as Prisma.InputJsonObject,
    })
    const staff = await clinicStaffUserIds(tx, clinic.id)
    for (const userId of staff) {
      await queueProviderNotification(tx, {
        kind: 'change_request_decided',
        recipientUserId: userId,
        clinicId: clinic.id,
        dedupeKey: `change-request-decided:${request.id}:${userId}`,
        payload: { kind: request.kind, outcome: input.outcome, note, clinicName: clinic.name, ...extra },
      })
    }
    return { clinicId: clinic.id, kind: request.kind, outcome: input.outcome, notified: staff.length }
  })
  if (result.outcome === 'approved') invalidateClinicCatalogue()
  if (result.notified > 0) await requestDelivery()
  return { clinicId: result.clinicId, kind: result.kind, outcome: result.outcome }
}

// ---- Reading ---------------------------------------------------------------------------------------

export interface ChangeRequestRow {
  id: number
  clinicId: number
  hsaId: string
  clinicName: string
  kind: ChangeRequestKind
  status: ChangeRequestStatus
  payload: Record<string, unknown>
  motivation: string
  requestedAt: Date
  requestedBy: string | null
  requestedByUserId: number
  decidedAt: Date | null
  decidedBy: string | null
  decisionNote: string | null
}

interface RequestSqlRow {
  id: number
  clinic_id: number
  hsa_id: string
  clinic_name: string
  kind: ChangeRequestKind
  status: ChangeRequestStatus
  payload: Record<string, unknown>
  motivation: string
  requested_at: Date
  requested_by: string | null
  requested_by_user_id: number
  decided_at: Date | null
  decided_by: string | null
  decision_note: string | null
}

async function requests(db: Db, where: Prisma.Sql): Promise<ChangeRequestRow[]> {
  const rows = await db.$queryRaw<RequestSqlRow[]>`
    SELECT r.id, r.clinic_id, c.hsa_id, c.name AS clinic_name, r.kind::text AS kind, r.status::text AS status, r.payload, r.motivation,
           r.requested_at, q.name AS requested_by, r.requested_by_user_id, r.decided_at, d.name AS decided_by, r.decision_note
      FROM clinic_change_request r
      JOIN clinic c ON c.id = r.clinic_id
      LEFT JOIN app_user q ON q.id = r.requested_by_user_id
      LEFT JOIN app_user d ON d.id = r.decided_by_user_id
     WHERE ${where}
     ORDER BY r.requested_at DESC, r.id DESC`
  return rows.map((r) => ({
    id: r.id,
    clinicId: r.clinic_id,
    hsaId: r.hsa_id,
    clinicName: r.clinic_name,
    kind: r.kind,
    status: r.status,
    payload: r.payload,
    motivation: r.motivation,
    requestedAt: r.requested_at,
    requestedBy: r.requested_by,
    requestedByUserId: r.requested_by_user_id,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    decisionNote: r.decision_note,
  }))
}

/** Every open request of the region, newest first (the register page). */
export function openChangeRequests(db: Db): Promise<ChangeRequestRow[]> {
  return requests(db, Prisma.sql`r.status = 'submitted'`)
}

/** A clinic's requests, newest first. */
export function clinicChangeRequests(db: Db, clinicId: number): Promise<ChangeRequestRow[]> {
  return requests(db, Prisma.sql`r.clinic_id = ${clinicId}`)
}

/** One request with its clinic's current details (for current vs proposed, the cap in force on `today`); null if unknown. */
export async function changeRequestDetail(db: Db, requestId: number, today: IsoDate = swedishDate()): Promise<{ request: ChangeRequestRow; clinic: ClinicDetails } | null> {
  const [request] = await requests(db, Prisma.sql`r.id = ${requestId}`)
  if (!request) return null
  const clinic = await clinicDetails(db, request.clinicId, today)
  return clinic && { request, clinic }
}

export interface ListCapRow {
  id: number
  cap: number
  from: IsoDate
  until: IsoDate
  changeRequestId: number | null
}

/** A clinic's time-bound list caps, earliest first. */
export async function clinicListCaps(db: Db, clinicId: number): Promise<ListCapRow[]> {
  const rows = await db.$queryRaw<{ id: number; cap: number; from: string; until: string; change_request_id: number | null }[]>`
    SELECT id, cap, valid_from::text AS "from", valid_until::text AS until, change_request_id
      FROM clinic_list_cap WHERE clinic_id = ${clinicId} ORDER BY valid_from`
  return rows.map((r) => ({ id: r.id, cap: r.cap, from: r.from, until: r.until, changeRequestId: r.change_request_id }))
}

/** The list cap payload of a request, or null when it is not one (a stored payload of another shape). */
export function listCapPayload(payload: unknown): ListCapPayload | null {
  const parsed = ListCapPayload.safeParse(payload)
  return parsed.success ? parsed.data : null
}

/** The details payload of a request (only the fields it changes), or null when it does not parse. */
export function detailsPayload(payload: unknown): DetailsChanges | null {
  const parsed = DetailsChangesSchema.safeParse(payload)
  return parsed.success ? parsed.data : null
}

/**
 * Choosing and switching vårdcentral: one transaction per choice, serialised per citizen by a row
 * lock so two tabs switching at once end with one consistent listing, and the database's
 * no-overlap constraint holds whatever the concurrency. The rules are in rules.ts.
 */
import { createHash } from 'node:crypto'
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'
import { queueNotification } from '../notifications/outbox.server.ts'
import {
  choiceFollowsMove,
  dateOf,
  effectiveDate,
  isMinorOn,
  isoOf,
  listIsOpen,
  maySwitch,
  nearestOpenClinics,
  switchesInWindow,
  type IsoDate,
  type ListingPeriod,
  type ListingReason,
} from './rules.ts'
import { swedishDate } from '../../utils/sweden.ts'

export type RefusalCode = 'same-clinic' | 'list-closed' | 'switch-limit' | 'clinic-not-authorised' | 'citizen-ended' | 'changed' | 'minor'

export interface ClinicRef {
  id: number
  hsaId: string
  name: string
}

export interface OpenClinic extends ClinicRef {
  distanceKm: number
}

/** A choice the rules refuse; `code` picks the page's message, the rest fills it in. */
export class ListingRefused extends Error {
  override name = 'ListingRefused'
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly details: {
      effectiveDate: IsoDate
      clinic?: ClinicRef
      /** list-closed: the nearest clinics whose lists are open, nearest first. */
      nearestOpen?: OpenClinic[]
      /** switch-limit: the switches counted, the limit and the first day a switch is allowed again. */
      switches?: number
      limit?: number
      allowedAgainOn?: IsoDate
      /** changed: what is in force on the effective date now (null: not listed), and since when. */
      current?: ClinicRef | null
      currentFrom?: IsoDate | null
    },
  ) {
    super(message)
  }
}

export class ListingNotFound extends Error {
  override name = 'ListingNotFound'
}

/** The acting citizen may not choose for this one: not their child, or no longer under 18. */
export class ListingForbidden extends Error {
  override name = 'ListingForbidden'
}

export interface ChoiceReceipt {
  citizenId: bigint
  /** The clinic the citizen would have been listed at on the effective date; null for a first listing. */
  fromClinic: ClinicRef | null
  toClinic: ClinicRef
  effectiveDate: IsoDate
  /** The new listing; null when the choice only withdrew a pending one (back to the current clinic). */
  listingId: bigint | null
  /** A choice not yet in effect that this one replaced (e.g. made a moment ago in another tab). */
  withdrawn: ClinicRef | null
  usedExceptionId: bigint | null
  /** The listing at toClinic from the effective date: the new one, or the current one a withdrawal kept. */
  inForceListingId: bigint
  /** `moved` when the register shows a recent move (not counted towards the limit), else `choice`. */
  reason: Extract<ListingReason, 'choice' | 'moved'>
}

export interface RegionSettings {
  switchLimit: number
  effectiveOffsetDays: number
  assignmentNoticeDays: number
}

const NEAREST_OPEN = 3
// Waiting for the citizen's lock is part of the transaction: allow a queue of tabs.
const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const

type Tx = Prisma.TransactionClient

const clinicRef = (c: { id: number; hsaId: string; name: string }): ClinicRef => ({ id: c.id, hsaId: c.hsaId, name: c.name })

export async function regionSettings(db: Pick<PrismaClient, 'regionSetting'>): Promise<RegionSettings> {
  const s = await db.regionSetting.findUniqueOrThrow({ where: { id: true } })
  return { switchLimit: s.switchLimit, effectiveOffsetDays: s.effectiveOffsetDays, assignmentNoticeDays: s.assignmentNoticeDays }
}

export interface ChooseClinic {
  citizenId: bigint
  clinicId: number
  actor: Actor
  /** The day the choice is made; today in Sweden by default. */
  choiceDate?: IsoDate
  /**
   * The citizen who chooses: the citizen themselves (the default) or a guardian choosing for a
   * child under 18. A guardian's choice sends the receipt to the guardian, a notice to the others.
   */
  byCitizenId?: bigint
  /**
   * The listing state the page showed (listingStateToken); if another tab or a guardian changed it
   * since, the choice is refused with `changed` and nothing is written.
   */
  expectedState?: string
}

type ListingRow = Prisma.ListingGetPayload<{ include: { clinic: true } }>

/** A fingerprint of a citizen's listings: any choice, withdrawal or assignment changes it. */
function stateToken(listings: readonly { id: bigint; clinicId: number; validFrom: Date; validTo: Date | null }[]): string {
  const text = [...listings]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((l) => `${l.id}:${l.clinicId}:${isoOf(l.validFrom)}:${l.validTo ? isoOf(l.validTo) : ''}`)
    .join('|')
  return createHash('sha256').update(text).digest('base64url').slice(0, 22)
}

/** The token a confirmation page carries in a hidden field, read without a lock. */
export async function listingStateToken(db: Pick<PrismaClient, 'listing'>, citizenId: bigint): Promise<string> {
  return stateToken(await db.listing.findMany({ where: { citizenId }, select: { id: true, clinicId: true, validFrom: true, validTo: true } }))
}

/**
 * Lists a citizen at a clinic from the region's effective date, in one transaction: a pending
 * choice not yet in effect is withdrawn, the listing in force is closed at the effective date and
 * the new one begins there; the receipt and guardians' notices are queued in the same transaction.
 * Throws ListingRefused when a rule says no, ListingForbidden when the chooser may not act for the citizen.
 */
export async function chooseClinic(prisma: PrismaClient, input: ChooseClinic): Promise<ChoiceReceipt> {
  return prisma.$transaction(async (tx) => {
    const plan = await decide(tx, input, { lock: true })
    return apply(tx, input, plan)
  }, TX_OPTIONS)
}

/** What a choice would do, as the confirmation page shows it before the citizen confirms. */
export interface ChoicePreview {
  clinic: ClinicRef
  current: ClinicRef | null
  effectiveDate: IsoDate
  reason: Extract<ListingReason, 'choice' | 'moved'>
  /** Citizen-initiated switches counted up to the effective date, without any pending choice. */
  switches: number
  limit: number
  /** This choice counts towards the limit (a switch of the citizen's own). */
  counts: boolean
  usesException: boolean
  /** The listing state the page shows, for the confirmation's hidden field. */
  state: string
  refusal: ListingRefused | null
}

/** The confirmation step: the same rules as chooseClinic, read without a lock and without writing but the audit entry. */
export async function previewChoice(prisma: PrismaClient, input: Omit<ChooseClinic, 'expectedState'>): Promise<ChoicePreview> {
  return prisma.$transaction(async (tx) => {
    const preview = await previewIn(tx, input)
    await recordAudit(tx, input.actor, {
      action: 'listing.choice.preview',
      entity: 'citizen',
      entityId: String(input.citizenId),
      citizenId: input.citizenId,
      details: { clinicId: input.clinicId, refusal: preview.refusal?.code ?? null },
    })
    return preview
  })
}

async function previewIn(tx: Tx, input: Omit<ChooseClinic, 'expectedState'>): Promise<ChoicePreview> {
  try {
    const plan = await decide(tx, input, { lock: false })
    return {
      clinic: clinicRef(plan.clinic),
      current: plan.atEffective && clinicRef(plan.atEffective.clinic),
      effectiveDate: plan.effective,
      reason: plan.reason,
      switches: plan.decision.switches,
      limit: plan.decision.limit,
      counts: plan.counts,
      usesException: plan.decision.allowed && plan.decision.usesException,
      state: plan.state,
      refusal: null,
    }
  } catch (error) {
    if (!(error instanceof ListingRefused)) throw error
    const clinic = await tx.clinic.findUniqueOrThrow({ where: { id: input.clinicId } })
    const listings = await tx.listing.findMany({ where: { citizenId: input.citizenId }, include: { clinic: true } })
    const settings = await regionSettings(tx)
    const current = listings.find((l) => covers(l, error.details.effectiveDate)) ?? null
    return {
      clinic: clinicRef(clinic),
      current: current && clinicRef(current.clinic),
      effectiveDate: error.details.effectiveDate,
      reason: 'choice',
      switches: error.details.switches ?? 0,
      limit: error.details.limit ?? settings.switchLimit,
      counts: false,
      usesException: false,
      state: stateToken(listings),
      refusal: error,
    }
  }
}

const covers = (l: { validFrom: Date; validTo: Date | null }, day: IsoDate) => isoOf(l.validFrom) <= day && (l.validTo === null || isoOf(l.validTo) > day)

interface Plan {
  choiceDate: IsoDate
  effective: IsoDate
  endDate: IsoDate | null
  clinic: Prisma.ClinicGetPayload<object>
  atEffective: ListingRow | null
  pending: ListingRow[]
  last: ListingRow | null
  lastEnd: IsoDate | null
  lastOpen: boolean
  backToCurrent: boolean
  reason: Extract<ListingReason, 'choice' | 'moved'>
  counts: boolean
  decision: ReturnType<typeof maySwitch>
  exception: { id: bigint } | null
  state: string
  /** The citizen's guardians while a child (under 18 on the choice date). */
  guardians: bigint[]
}

interface CitizenRow {
  end_date: Date | null
  moved_on: Date | null
  birth_date: Date
  centre_lat: number | null
  centre_lon: number | null
  guardian_ids: (bigint | string)[]
  switch_limit: number
  effective_offset_days: number
  assignment_notice_days: number
  exception_id: bigint | string | null
}

/** Reads and checks; writes nothing. With `lock`, the citizen's row is locked first (and a capped clinic's). */
async function decide(tx: Tx, input: Omit<ChooseClinic, 'actor'>, { lock }: { lock: boolean }): Promise<Plan> {
  const { citizenId, clinicId, choiceDate = swedishDate() } = input
  // Concurrent choices of one citizen queue here; each then reads what the one before committed.
  // NO KEY UPDATE: the same queue, without blocking other transactions' foreign-key checks.
  // One statement for the citizen and what the rules need beside the listings: the guardians, the
  // region's settings and an unused switch exception (a choice is a hot path: see docs/performance.md).
  const [citizen] = await tx.$queryRaw<CitizenRow[]>`
    SELECT c.end_date, c.moved_on, c.birth_date, a.centre_lat::float8 AS centre_lat, a.centre_lon::float8 AS centre_lon,
           ARRAY(SELECT g.guardian_id FROM guardianship g WHERE g.child_id = c.id ORDER BY g.guardian_id) AS guardian_ids,
           s.switch_limit, s.effective_offset_days, s.assignment_notice_days,
           (SELECT e.id FROM switch_exception e
             WHERE e.citizen_id = c.id AND e.used_listing_id IS NULL AND e.valid_until >= ${choiceDate}::date
             ORDER BY e.valid_until, e.id LIMIT 1) AS exception_id
    FROM citizen c JOIN area a ON a.area_code = c.area_code CROSS JOIN region_setting s
    WHERE c.id = ${citizenId}
    ${lock ? Prisma.sql`FOR NO KEY UPDATE OF c` : Prisma.empty}`
  if (!citizen) throw new ListingNotFound(`no citizen ${citizenId}`)
  const guardianRows = citizen.guardian_ids.map((guardianId) => ({ guardianId: BigInt(guardianId) }))
  const guardians = isMinorOn(isoOf(citizen.birth_date), choiceDate) ? guardianRows.map((g) => g.guardianId) : []
  if (input.byCitizenId !== undefined && input.byCitizenId !== citizenId && !guardians.includes(input.byCitizenId)) {
    throw new ListingForbidden(`citizen ${input.byCitizenId} is not a guardian of citizen ${citizenId} under 18 on ${choiceDate}`)
  }
  const clinic = await tx.clinic.findUnique({ where: { id: clinicId } })
  if (!clinic) throw new ListingNotFound(`no clinic ${clinicId}`)
  const settings: RegionSettings = {
    switchLimit: citizen.switch_limit,
    effectiveOffsetDays: citizen.effective_offset_days,
    assignmentNoticeDays: citizen.assignment_notice_days,
  }
  const effective = effectiveDate(choiceDate, settings.effectiveOffsetDays)
  const refuse = (code: RefusalCode, message: string, more: Omit<ListingRefused['details'], 'effectiveDate' | 'clinic'> = {}) =>
    new ListingRefused(code, message, { effectiveDate: effective, clinic: clinicRef(clinic), ...more })

  const listings = await tx.listing.findMany({ where: { citizenId }, orderBy: { validFrom: 'asc' }, include: { clinic: true } })
  const state = stateToken(listings)
  const atEffective = listings.find((l) => covers(l, effective)) ?? null
  // Checked after the lock: a tab showing an older state learns what happened instead of overwriting it.
  if (input.expectedState !== undefined && input.expectedState !== state) {
    throw refuse('changed', `the citizen's listings changed since the page was shown`, {
      current: atEffective && clinicRef(atEffective.clinic),
      currentFrom: atEffective && isoOf(atEffective.validFrom),
    })
  }

  // A child's clinic is chosen by a guardian until the 18th birthday (ADR 0009), not by the child.
  if (input.byCitizenId === citizenId && isMinorOn(isoOf(citizen.birth_date), choiceDate)) {
    throw refuse('minor', `the citizen is under 18 on ${choiceDate}: a guardian chooses for them`)
  }
  const endDate = citizen.end_date && isoOf(citizen.end_date)
  if (endDate && endDate <= effective) {
    throw refuse('citizen-ended', `the citizen is no longer registered in the region from ${endDate}, before the choice would take effect on ${effective}`)
  }
  if (atEffective?.clinicId === clinicId) {
    throw refuse('same-clinic', `the citizen is already listed at ${clinic.name} on ${effective}`)
  }
  const authorised = isoOf(clinic.authorisedFrom) <= effective && (clinic.authorisedTo === null || isoOf(clinic.authorisedTo) > effective)
  if (!authorised) throw refuse('clinic-not-authorised', `${clinic.name} is not authorised on ${effective}`)

  // Not yet in effect on the choice date (or starting on the effective date itself): withdrawn by a new choice.
  const pending = listings.filter((l) => isoOf(l.validFrom) > choiceDate || isoOf(l.validFrom) >= effective)
  const kept = listings.filter((l) => !pending.includes(l))
  const last = kept.at(-1) ?? null
  const firstPending = pending[0] ? isoOf(pending[0].validFrom) : null
  // The listing in force runs on unless something other than the withdrawn choice ended it.
  const lastEnd = last?.validTo ? isoOf(last.validTo) : null
  const lastOpen = last !== null && (lastEnd === null || lastEnd === firstPending || lastEnd > effective)
  const backToCurrent = lastOpen && last.clinicId === clinicId

  const history: ListingPeriod[] = kept.map((l) => ({ clinicId: l.clinicId, validFrom: isoOf(l.validFrom), validTo: l.validTo && isoOf(l.validTo), reason: l.reason }))
  const reason = choiceFollowsMove({ movedOn: citizen.moved_on && isoOf(citizen.moved_on), choiceDate, history }) ? 'moved' : 'choice'
  const exception = citizen.exception_id === null ? null : { id: BigInt(citizen.exception_id) }
  const changesClinic = last !== null && !backToCurrent
  const decision = maySwitch({ history, onDate: effective, reason, changesClinic, limit: settings.switchLimit, exceptionAvailable: exception !== null })
  if (!decision.allowed) {
    throw refuse('switch-limit', `${decision.switches} switches in the 12 months up to ${effective} reach the region's limit of ${decision.limit}; a switch is possible again from ${decision.allowedAgainOn}`, {
      switches: decision.switches,
      limit: decision.limit,
      allowedAgainOn: decision.allowedAgainOn,
    })
  }

  // The cap in force on the day the listing would begin: a time-bound one, else the standing one.
  const cap = backToCurrent ? null : await capOn(tx, clinicId, effective)
  if (cap !== null) {
    // Choices of a capped clinic queue too, so the cap holds under concurrency (always citizen first, then clinic).
    if (lock) await tx.$queryRaw`SELECT id FROM clinic WHERE id = ${clinicId} FOR NO KEY UPDATE`
    const listed = await tx.listing.count({
      where: { clinicId, validFrom: { lte: dateOf(effective) }, OR: [{ validTo: null }, { validTo: { gt: dateOf(effective) } }] },
    })
    if (!listIsOpen(cap, listed)) {
      const nearestOpen = await openClinicsNear(tx, citizen, clinic, effective, [clinicId, atEffective?.clinicId ?? clinicId])
      throw refuse('list-closed', `${clinic.name}'s list is closed by the commissioner's cap of ${cap}`, { nearestOpen })
    }
  }
  const counts = reason === 'choice' && changesClinic
  return { choiceDate, effective, endDate, clinic, atEffective, pending, last, lastEnd, lastOpen, backToCurrent, reason, counts, decision, exception, state, guardians }
}

async function apply(tx: Tx, input: ChooseClinic, plan: Plan): Promise<ChoiceReceipt> {
  const { citizenId, clinicId, actor } = input
  const { pending, last, lastEnd, lastOpen, backToCurrent, endDate, effective, clinic, reason, decision, exception } = plan
  if (pending.length) await tx.listing.deleteMany({ where: { id: { in: pending.map((l) => l.id) } } })
  if (last && lastOpen) {
    // Back to the current clinic: it runs on as if never left; otherwise it ends where the new one begins.
    const closeAt = backToCurrent ? endDate : effective
    if (lastEnd !== closeAt) await tx.listing.update({ where: { id: last.id }, data: { validTo: closeAt === null ? null : dateOf(closeAt) } })
  }
  let listingId: bigint | null = null
  if (!backToCurrent) {
    const created = await tx.listing.create({
      data: {
        citizenId,
        clinicId,
        validFrom: dateOf(effective),
        validTo: endDate ? dateOf(endDate) : null,
        kind: 'chosen',
        reason,
        chosenByUserId: actor.kind === 'user' ? (actor.userId ?? null) : null,
      },
    })
    listingId = created.id
  }
  const usedException = decision.allowed && decision.usesException && exception && listingId !== null ? exception : null
  if (usedException) await tx.switchException.update({ where: { id: usedException.id }, data: { usedListingId: listingId } })

  const withdrawn = pending.find((l) => covers(l, effective)) ?? pending.at(-1) ?? null
  const receipt: ChoiceReceipt = {
    citizenId,
    fromClinic: plan.atEffective && clinicRef(plan.atEffective.clinic),
    toClinic: clinicRef(clinic),
    effectiveDate: effective,
    listingId,
    withdrawn: withdrawn && clinicRef(withdrawn.clinic),
    usedExceptionId: usedException?.id ?? null,
    inForceListingId: listingId ?? last!.id,
    reason,
  }
  await notify(tx, input, plan, receipt, withdrawn?.id ?? null)
  const byGuardian = input.byCitizenId !== undefined && input.byCitizenId !== citizenId
  await recordAudit(tx, actor, {
    action: 'listing.choose',
    entity: 'listing',
    entityId: listingId === null ? undefined : String(listingId),
    citizenId,
    details: {
      reason,
      choiceDate: plan.choiceDate,
      effectiveDate: effective,
      fromClinicId: receipt.fromClinic?.id ?? null,
      toClinicId: clinicId,
      withdrawnClinicId: receipt.withdrawn?.id ?? null,
      usedExceptionId: usedException ? String(usedException.id) : null,
      ...(byGuardian ? { guardianCitizenId: String(input.byCitizenId) } : {}),
    },
  })
  return receipt
}

/** The facts of a receipt or a guardian's notice; the receipt page reads them back. */
export interface ReceiptPayload {
  effectiveDate: IsoDate
  fromClinicId: number | null
  toClinicId: number
  withdrawnClinicId: number | null
  reason: 'choice' | 'moved'
  byGuardian: boolean
}

/** A receipt to the chooser (the citizen, or the guardian for a child), a notice to every other guardian. */
async function notify(tx: Tx, input: ChooseClinic, plan: Plan, receipt: ChoiceReceipt, withdrawnId: bigint | null): Promise<void> {
  const chooser = input.byCitizenId ?? input.citizenId
  const payload: ReceiptPayload = {
    effectiveDate: receipt.effectiveDate,
    fromClinicId: receipt.fromClinic?.id ?? null,
    toClinicId: receipt.toClinic.id,
    withdrawnClinicId: receipt.withdrawn?.id ?? null,
    reason: receipt.reason,
    byGuardian: chooser !== input.citizenId,
  }
  // A new listing is keyed by its id; a withdrawal (back to the current clinic) by the withdrawn one's.
  const event = receipt.listingId !== null ? `${receipt.listingId}` : `withdrawn-${withdrawnId}`
  const base = { aboutCitizenId: input.citizenId, clinicId: receipt.toClinic.id, listingId: receipt.inForceListingId, payload: { ...payload } }
  await queueNotification(tx, { ...base, kind: 'listing_receipt', recipientCitizenId: chooser, dedupeKey: `receipt:${event}:${chooser}` })
  for (const guardian of plan.guardians) {
    if (guardian === chooser) continue
    await queueNotification(tx, { ...base, kind: 'guardian_notice', recipientCitizenId: guardian, dedupeKey: `guardian:${event}:${guardian}` })
  }
}

/** The clinic's list cap in force on `day` (clinic_cap_on: a decided time-bound cap covering it, else the standing cap). */
async function capOn(tx: Tx, clinicId: number, day: IsoDate): Promise<number | null> {
  const [row] = await tx.$queryRaw<{ cap: number | null }[]>`SELECT clinic_cap_on(${clinicId}::int, ${day}::date) AS cap`
  return row?.cap ?? null
}

/** The open, authorised clinics nearest the citizen's area centre (or the chosen clinic when the area has none). */
async function openClinicsNear(
  tx: Tx,
  citizen: { centre_lat: number | null; centre_lon: number | null },
  chosen: { lat: Prisma.Decimal | null; lon: Prisma.Decimal | null },
  effective: IsoDate,
  exclude: number[],
): Promise<OpenClinic[]> {
  const centre =
    citizen.centre_lat !== null && citizen.centre_lon !== null
      ? { lat: citizen.centre_lat, lon: citizen.centre_lon }
      : chosen.lat !== null && chosen.lon !== null
        ? { lat: chosen.lat.toNumber(), lon: chosen.lon.toNumber() }
        : null
  if (!centre) return []
  const rows = await tx.$queryRaw<{ id: number; hsa_id: string; name: string; lat: number | null; lon: number | null; list_cap: number | null; listed: number }[]>`
    SELECT k.id, k.hsa_id, k.name, k.lat::float8 AS lat, k.lon::float8 AS lon, c.cap AS list_cap,
           CASE WHEN c.cap IS NULL THEN 0 ELSE (
             SELECT count(*) FROM listing l
             WHERE l.clinic_id = k.id AND l.valid_from <= ${effective}::date AND (l.valid_to IS NULL OR l.valid_to > ${effective}::date)
           ) END::int AS listed
    FROM clinic k CROSS JOIN LATERAL (SELECT clinic_cap_on(k.id, ${effective}::date) AS cap) c
    WHERE k.authorised_from <= ${effective}::date AND (k.authorised_to IS NULL OR k.authorised_to > ${effective}::date)
      AND k.id <> ALL(${exclude}::int[])`
  const places = rows.map((r) => ({ id: r.id, hsaId: r.hsa_id, name: r.name, lat: r.lat, lon: r.lon, open: listIsOpen(r.list_cap, r.listed) }))
  return nearestOpenClinics(centre, places, NEAREST_OPEN).map((c) => ({ id: c.id, hsaId: c.hsaId, name: c.name, distanceKm: c.distanceKm }))
}

export interface HistoryEntry {
  id: bigint
  clinic: ClinicRef
  validFrom: IsoDate
  validTo: IsoDate | null
  kind: 'chosen' | 'assigned'
  reason: ListingReason
  chosenByUserId: number | null
}

/** A citizen's listings, newest first. Reading them is written to the audit log. */
export async function listingHistory(prisma: PrismaClient, citizenId: bigint, actor: Actor): Promise<HistoryEntry[]> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.listing.findMany({ where: { citizenId }, orderBy: { validFrom: 'desc' }, include: { clinic: true } })
    await recordAudit(tx, actor, { action: 'listing.history.read', entity: 'citizen', entityId: String(citizenId), citizenId, details: { listings: rows.length } })
    return rows.map((l) => ({
      id: l.id,
      clinic: clinicRef(l.clinic),
      validFrom: isoOf(l.validFrom),
      validTo: l.validTo && isoOf(l.validTo),
      kind: l.kind,
      reason: l.reason,
      chosenByUserId: l.chosenByUserId,
    }))
  })
}

/** A commissioner's exception to the switch limit: one extra switch, usable up to and including `validUntil`. */
export async function grantSwitchException(
  prisma: PrismaClient,
  input: { citizenId: bigint; reason: string; validUntil: IsoDate; actor: Actor },
): Promise<bigint> {
  const { actor } = input
  if (actor.kind !== 'user' || actor.userId === undefined) throw new Error('a switch exception is granted by a user')
  if (!input.reason.trim()) throw new Error('a switch exception needs a reason')
  return prisma.$transaction(async (tx) => {
    const row = await tx.switchException.create({
      data: { citizenId: input.citizenId, grantedByUserId: actor.userId!, reason: input.reason.trim(), validUntil: dateOf(input.validUntil) },
    })
    // The reason stays in its table: it may describe the person's circumstances.
    await recordAudit(tx, actor, { action: 'listing.exception.grant', entity: 'switch_exception', entityId: String(row.id), citizenId: input.citizenId, details: { validUntil: input.validUntil } })
    return row.id
  })
}

// ---------------------------------------------------------------------------------------------
// What the citizen's own pages (Mina sidor) read. Every read of a person's listings is audited.

export interface ListingNow {
  /** The listing covering today; null when not listed. */
  current: { clinic: ClinicRef; validFrom: IsoDate } | null
  /** A choice not yet in effect (the newest one), and the day it takes effect. */
  pending: { clinic: ClinicRef; validFrom: IsoDate } | null
}

export interface ChildInCare extends ListingNow {
  citizenId: bigint
  birthDate: IsoDate
}

export interface CitizenOverview extends ListingNow {
  switches: number
  limit: number
  /** The effective date of a choice made today. */
  effectiveDate: IsoDate
  children: ChildInCare[]
}

function listingNow(listings: readonly ListingRow[], today: IsoDate): ListingNow {
  const current = listings.find((l) => covers(l, today)) ?? null
  const pending = listings.filter((l) => isoOf(l.validFrom) > today).at(-1) ?? null
  const at = (l: ListingRow | null) => l && { clinic: clinicRef(l.clinic), validFrom: isoOf(l.validFrom) }
  return { current: at(current), pending: at(pending) }
}

/**
 * The children a guardian may act for on `today`: guardianship from the population register, under
 * 18 and still registered in the region. The 18th birthday hides the child.
 */
export async function childrenInCare(
  db: Pick<PrismaClient, 'guardianship'>,
  guardianCitizenId: bigint,
  today: IsoDate = swedishDate(),
): Promise<{ citizenId: bigint; birthDate: IsoDate }[]> {
  const rows = await db.guardianship.findMany({
    where: { guardianId: guardianCitizenId, child: { OR: [{ endDate: null }, { endDate: { gt: dateOf(today) } }] } },
    select: { child: { select: { id: true, birthDate: true } } },
    orderBy: { child: { birthDate: 'asc' } },
  })
  return rows.map((r) => ({ citizenId: r.child.id, birthDate: isoOf(r.child.birthDate) })).filter((c) => isMinorOn(c.birthDate, today))
}

/** Mina sidor: my clinic today, a pending choice, my switches and my children's clinics. Audited. */
export async function citizenOverview(prisma: PrismaClient, citizenId: bigint, actor: Actor, today: IsoDate = swedishDate()): Promise<CitizenOverview> {
  return prisma.$transaction(async (tx) => {
    const settings = await regionSettings(tx)
    const effective = effectiveDate(today, settings.effectiveOffsetDays)
    const children = await childrenInCare(tx, citizenId, today)
    const ids = [citizenId, ...children.map((c) => c.citizenId)]
    const listings = await tx.listing.findMany({ where: { citizenId: { in: ids } }, orderBy: { validFrom: 'asc' }, include: { clinic: true } })
    const of = (id: bigint) => listings.filter((l) => l.citizenId === id)
    const mine = of(citizenId)
    const history: ListingPeriod[] = mine.map((l) => ({ clinicId: l.clinicId, validFrom: isoOf(l.validFrom), validTo: l.validTo && isoOf(l.validTo), reason: l.reason }))
    const switches = switchesInWindow(history, effective).length
    await recordAudit(tx, actor, {
      action: 'listing.overview.read',
      entity: 'citizen',
      entityId: String(citizenId),
      citizenId,
      details: { children: children.map((c) => String(c.citizenId)) },
    })
    return {
      ...listingNow(mine, today),
      switches,
      limit: settings.switchLimit,
      effectiveDate: effective,
      children: children.map((c) => ({ ...c, ...listingNow(of(c.citizenId), today) })),
    }
  })
}

export interface ListingReceiptView {
  listingId: bigint
  citizenId: bigint
  clinic: ClinicRef
  validFrom: IsoDate
  validTo: IsoDate | null
  reason: ListingReason
  /** What the chooser's receipt recorded; null for a listing nobody chose here (import, assignment). */
  receipt: {
    effectiveDate: IsoDate
    reason: 'choice' | 'moved'
    byGuardian: boolean
    fromClinic: ClinicRef | null
    withdrawn: ClinicRef | null
    /** Other guardians sent a notice of the same choice. */
    guardiansNotified: number
  } | null
}

/**
 * A listing's receipt as the chooser sees it: the listing, and the newest receipt queued to
 * `recipientCitizenId` about it. Null when the listing is not one of `citizenIds`'. Audited.
 */
export async function listingReceipt(
  prisma: PrismaClient,
  input: { listingId: bigint; citizenIds: bigint[]; recipientCitizenId: bigint; actor: Actor },
): Promise<ListingReceiptView | null> {
  return prisma.$transaction(async (tx) => {
    const listing = await tx.listing.findUnique({ where: { id: input.listingId }, include: { clinic: true } })
    if (!listing || !input.citizenIds.includes(listing.citizenId)) return null
    const note = await tx.notification.findFirst({
      where: { listingId: listing.id, recipientCitizenId: input.recipientCitizenId, kind: 'listing_receipt' },
      orderBy: { id: 'desc' },
    })
    let receipt: ListingReceiptView['receipt'] = null
    if (note) {
      const p = note.payload as unknown as ReceiptPayload
      const ids = [p.fromClinicId, p.withdrawnClinicId].filter((id): id is number => id !== null)
      const clinics = await tx.clinic.findMany({ where: { id: { in: ids } } })
      const find = (id: number | null) => {
        const c = clinics.find((k) => k.id === id)
        return c ? clinicRef(c) : null
      }
      const guardiansNotified = await tx.notification.count({ where: { dedupeKey: { startsWith: `guardian:${note.dedupeKey.split(':')[1]}:` } } })
      receipt = { effectiveDate: p.effectiveDate, reason: p.reason, byGuardian: p.byGuardian, fromClinic: find(p.fromClinicId), withdrawn: find(p.withdrawnClinicId), guardiansNotified }
    }
    await recordAudit(tx, input.actor, { action: 'listing.receipt.read', entity: 'listing', entityId: String(listing.id), citizenId: listing.citizenId })
    return {
      listingId: listing.id,
      citizenId: listing.citizenId,
      clinic: clinicRef(listing.clinic),
      validFrom: isoOf(listing.validFrom),
      validTo: listing.validTo && isoOf(listing.validTo),
      reason: listing.reason,
      receipt,
    }
  })
}

/** A clinic by its HSA-id (the address of the confirmation page). */
export async function clinicByHsaId(db: Pick<PrismaClient, 'clinic'>, hsaId: string): Promise<ClinicRef | null> {
  return db.clinic.findUnique({ where: { hsaId }, select: { id: true, hsaId: true, name: true } })
}

/** The clinics a choice made today could go to (authorised on its effective date), by name in Swedish order. */
export async function choosableClinics(prisma: PrismaClient, today: IsoDate = swedishDate()): Promise<ClinicRef[]> {
  const settings = await regionSettings(prisma)
  const day = dateOf(effectiveDate(today, settings.effectiveOffsetDays))
  const rows = await prisma.clinic.findMany({
    where: { authorisedFrom: { lte: day }, OR: [{ authorisedTo: null }, { authorisedTo: { gt: day } }] },
    select: { id: true, hsaId: true, name: true },
  })
  const swedish = new Intl.Collator('sv')
  return rows.sort((a, b) => swedish.compare(a.name, b.name))
}

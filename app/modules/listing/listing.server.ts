/**
 * Choosing and switching vårdcentral: one transaction per choice, serialised per citizen by a row
 * lock so two tabs switching at once end with one consistent listing, and the database's
 * no-overlap constraint holds whatever the concurrency. The rules are in rules.ts.
 */
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'
import {
  effectiveDate,
  listIsOpen,
  maySwitch,
  nearestOpenClinics,
  type IsoDate,
  type ListingPeriod,
  type ListingReason,
} from './rules.ts'
import { swedishDate } from '../../utils/sweden.ts'

export type RefusalCode = 'same-clinic' | 'list-closed' | 'switch-limit' | 'clinic-not-authorised' | 'citizen-ended'

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
    },
  ) {
    super(message)
  }
}

export class ListingNotFound extends Error {
  override name = 'ListingNotFound'
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

const isoOf = (d: Date): IsoDate => d.toISOString().slice(0, 10)
const dateOf = (iso: IsoDate): Date => new Date(`${iso}T00:00:00Z`)
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
  /** `moved`: a choice after moving home, which the switch limit does not count. */
  reason: Extract<ListingReason, 'choice' | 'moved'>
}

/**
 * Lists a citizen at a clinic from the region's effective date, in one transaction: a pending
 * choice not yet in effect is withdrawn, the listing in force is closed at the effective date and
 * the new one begins there. Throws ListingRefused when a rule says no.
 */
export async function chooseClinic(prisma: PrismaClient, input: ChooseClinic): Promise<ChoiceReceipt> {
  return prisma.$transaction((tx) => choose(tx, input), TX_OPTIONS)
}

async function choose(tx: Tx, { citizenId, clinicId, actor, reason, choiceDate = swedishDate() }: ChooseClinic): Promise<ChoiceReceipt> {
  // Concurrent choices of one citizen queue here; each then reads what the one before committed.
  // NO KEY UPDATE: the same queue, without blocking other transactions' foreign-key checks.
  const [citizen] = await tx.$queryRaw<{ end_date: Date | null; centre_lat: number | null; centre_lon: number | null }[]>`
    SELECT c.end_date, a.centre_lat::float8 AS centre_lat, a.centre_lon::float8 AS centre_lon
    FROM citizen c JOIN area a ON a.area_code = c.area_code
    WHERE c.id = ${citizenId} FOR NO KEY UPDATE OF c`
  if (!citizen) throw new ListingNotFound(`no citizen ${citizenId}`)
  const clinic = await tx.clinic.findUnique({ where: { id: clinicId } })
  if (!clinic) throw new ListingNotFound(`no clinic ${clinicId}`)
  const settings = await regionSettings(tx)
  const effective = effectiveDate(choiceDate, settings.effectiveOffsetDays)
  const refuse = (code: RefusalCode, message: string, more: Omit<ListingRefused['details'], 'effectiveDate' | 'clinic'> = {}) =>
    new ListingRefused(code, message, { effectiveDate: effective, clinic: clinicRef(clinic), ...more })

  const endDate = citizen.end_date && isoOf(citizen.end_date)
  if (endDate && endDate <= effective) {
    throw refuse('citizen-ended', `the citizen is no longer registered in the region from ${endDate}, before the choice would take effect on ${effective}`)
  }

  const listings = await tx.listing.findMany({ where: { citizenId }, orderBy: { validFrom: 'asc' }, include: { clinic: true } })
  const covers = (l: (typeof listings)[number], day: IsoDate) => isoOf(l.validFrom) <= day && (l.validTo === null || isoOf(l.validTo) > day)
  const atEffective = listings.find((l) => covers(l, effective)) ?? null
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
  const exception = await tx.switchException.findFirst({
    where: { citizenId, usedListingId: null, validUntil: { gte: dateOf(choiceDate) } },
    orderBy: [{ validUntil: 'asc' }, { id: 'asc' }],
  })
  const decision = maySwitch({
    history,
    onDate: effective,
    reason,
    changesClinic: last !== null && !backToCurrent,
    limit: settings.switchLimit,
    exceptionAvailable: exception !== null,
  })
  if (!decision.allowed) {
    throw refuse('switch-limit', `${decision.switches} switches in the 12 months up to ${effective} reach the region's limit of ${decision.limit}; a switch is possible again from ${decision.allowedAgainOn}`, {
      switches: decision.switches,
      limit: decision.limit,
      allowedAgainOn: decision.allowedAgainOn,
    })
  }

  if (!backToCurrent && clinic.listCap !== null) {
    // Choices of a capped clinic queue too, so the cap holds under concurrency (always citizen first, then clinic).
    await tx.$queryRaw`SELECT id FROM clinic WHERE id = ${clinicId} FOR NO KEY UPDATE`
    const listed = await tx.listing.count({
      where: { clinicId, validFrom: { lte: dateOf(effective) }, OR: [{ validTo: null }, { validTo: { gt: dateOf(effective) } }] },
    })
    if (!listIsOpen(clinic.listCap, listed)) {
      const nearestOpen = await openClinicsNear(tx, citizen, clinic, effective, [clinicId, atEffective?.clinicId ?? clinicId])
      throw refuse('list-closed', `${clinic.name}'s list is closed by the commissioner's cap of ${clinic.listCap}`, { nearestOpen })
    }
  }

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
  const usedException = decision.usesException && exception && listingId !== null ? exception : null
  if (usedException) await tx.switchException.update({ where: { id: usedException.id }, data: { usedListingId: listingId } })

  const withdrawn = pending.find((l) => covers(l, effective)) ?? pending.at(-1) ?? null
  const receipt: ChoiceReceipt = {
    citizenId,
    fromClinic: atEffective && clinicRef(atEffective.clinic),
    toClinic: clinicRef(clinic),
    effectiveDate: effective,
    listingId,
    withdrawn: withdrawn && clinicRef(withdrawn.clinic),
    usedExceptionId: usedException?.id ?? null,
  }
  await recordAudit(tx, actor, {
    action: 'listing.choose',
    entity: 'listing',
    entityId: listingId === null ? undefined : String(listingId),
    citizenId,
    details: {
      reason,
      choiceDate,
      effectiveDate: effective,
      fromClinicId: receipt.fromClinic?.id ?? null,
      toClinicId: clinicId,
      withdrawnClinicId: receipt.withdrawn?.id ?? null,
      usedExceptionId: usedException ? String(usedException.id) : null,
    },
  })
  return receipt
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
    SELECT k.id, k.hsa_id, k.name, k.lat::float8 AS lat, k.lon::float8 AS lon, k.list_cap,
           CASE WHEN k.list_cap IS NULL THEN 0 ELSE (
             SELECT count(*) FROM listing l
             WHERE l.clinic_id = k.id AND l.valid_from <= ${effective}::date AND (l.valid_to IS NULL OR l.valid_to > ${effective}::date)
           ) END::int AS listed
    FROM clinic k
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

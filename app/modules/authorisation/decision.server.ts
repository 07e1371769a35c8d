/**
 * The decision (beslut) on an application for authorisation. An approval creates the clinic from
 * the application's details, registers it authorised from the start date (the database's
 * clinic_registered trigger), makes the applicant the clinic's staff and tells them; the finder
 * shows the clinic from that day. A rejection names its reasons: failed requirements, or an
 * exclusion ground (uteslutningsgrund). Commissioners only; one transaction each; a decision is
 * final (the database refuses any change to it).
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts'
import type { Actor } from '../audit/audit.server.ts'
import { invalidateClinicCatalogue } from '../clinics/finder.server.ts'
import { IMPORT_SPECS } from '../imports/rules.ts'
import { dateOf, isoOf } from '../listing/rules.ts'
import { requestDelivery } from '../notifications/outbox.server.ts'
import { queueProviderNotification } from '../notifications/provider-outbox.server.ts'
import { assertManager, assertSubmitted, decisionOf, lockApplication, ReviewRefused, type DecisionRow, type ReviewProblem } from './review.server.ts'
import { exclusionGrounds, type ApplicationStatus, type ExclusionGround } from './rules.ts'
import { recordApplicationEvent } from './timeline.server.ts'

type Db = Prisma.TransactionClient | PrismaClient

export type ExclusionGroundAnswers = Record<ExclusionGround, boolean>

const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const

export const AGREEMENT_MAX = 40
export const NOTE_MAX = 4000
export const REASON_MAX = 2000
/** Geography points (geografipoäng) as the clinics import takes them. */
export const GEOGRAPHY_POINTS_MAX = 22

/**
 * Whether an HSA-id is one the clinics import takes (imports/rules.ts), so a clinic created by an
 * approval is identified the same way as every other: `SE` + 10 digits + `-` + letters and digits.
 */
export function hsaIdValid(hsaId: string): boolean {
  const result = IMPORT_SPECS.clinics.row.safeParse({ hsa_id: hsaId, name: 'x', area_code: 'x', ownership: 'public', geography_points: '0', lat: '', lon: '' })
  return result.success || !result.error.issues.some((issue) => issue.path[0] === 'hsa_id')
}

/** The HSA-id suggested for the clinic of an application: the region's prefix and the application's number. */
export function suggestedHsaId(applicationId: number): string {
  return `SE2321000131-A${String(applicationId).padStart(6, '0')}`
}

const anyGroundApplies = (grounds: ExclusionGroundAnswers) => exclusionGrounds.some((g) => grounds[g])
const isoDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isoOf(dateOf(s)) === s

// ── Approval ─────────────────────────────────────────────────────────────────────────────

export interface ApprovalInput {
  applicationId: number
  agreementNumber: string
  /** YYYY-MM-DD: the first day of the authorisation; today or later. */
  startDate: string
  hsaId: string
  geographyPoints: number
  exclusionGrounds: ExclusionGroundAnswers
  note?: string | null
  actor: Actor
  /** Today in Sweden (YYYY-MM-DD). */
  today: string
}

/** The mandatory requirements that are not assessed pass, by code in the kravbok's order. */
async function mandatoryNotPassed(db: Db, applicationId: number, specId: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ code: string }[]>`
    SELECT q.code
      FROM requirement q
      JOIN requirement_chapter c ON c.id = q.chapter_id
      LEFT JOIN application_assessment s ON s.requirement_id = q.id AND s.application_id = ${applicationId}
     WHERE q.spec_id = ${specId} AND q.mandatory AND (s.verdict IS NULL OR s.verdict <> 'pass')
     ORDER BY c.position, q.position, q.id`
  return rows.map((r) => r.code)
}

/** The area of the application's municipality whose centre is nearest its coordinates (areas without a centre last). */
async function nearestArea(db: Db, applicationId: number): Promise<string | null> {
  const [row] = await db.$queryRaw<{ area_code: string }[]>`
    SELECT ar.area_code
      FROM authorisation_application a
      JOIN area ar ON ar.municipality_code = a.municipality_code
     WHERE a.id = ${applicationId}
     ORDER BY (ar.centre_lat IS NULL OR ar.centre_lon IS NULL OR a.lat IS NULL OR a.lon IS NULL),
              power(ar.centre_lat - a.lat, 2) + power((ar.centre_lon - a.lon) * cos(radians(a.lat)), 2),
              ar.area_code
     LIMIT 1`
  return row?.area_code ?? null
}

/** Every reason an approval would be refused now (empty: it can be made). Reads only. */
async function approvalProblems(
  tx: Db,
  app: { id: number; spec_id: number },
  input: Omit<ApprovalInput, 'actor' | 'applicationId'>,
): Promise<ReviewProblem[]> {
  const problems: ReviewProblem[] = []
  for (const g of exclusionGrounds) if (input.exclusionGrounds[g]) problems.push({ code: 'exclusionGroundApplies', field: `ground-${g}`, params: { ground: g } })
  const notPassed = await mandatoryNotPassed(tx, app.id, app.spec_id)
  if (notPassed.length) problems.push({ code: 'notAllPassed', params: { codes: notPassed } })
  if (!isoDate(input.startDate)) problems.push({ code: 'startDateInvalid', field: 'startDate' })
  else if (input.startDate < input.today) problems.push({ code: 'startDatePast', field: 'startDate', params: { today: input.today } })
  const hsaId = input.hsaId.trim()
  if (!hsaIdValid(hsaId)) problems.push({ code: 'hsaIdFormat', field: 'hsaId' })
  else if (await tx.clinic.findUnique({ where: { hsaId }, select: { id: true } })) problems.push({ code: 'hsaIdTaken', field: 'hsaId', params: { hsaId } })
  const agreement = input.agreementNumber.trim()
  if (agreement === '') problems.push({ code: 'agreementMissing', field: 'agreementNumber' })
  else if (agreement.length > AGREEMENT_MAX) problems.push({ code: 'agreementTooLong', field: 'agreementNumber', params: { max: AGREEMENT_MAX } })
  else if (await tx.authorisationDecision.findUnique({ where: { agreementNumber: agreement }, select: { applicationId: true } })) {
    problems.push({ code: 'agreementTaken', field: 'agreementNumber', params: { agreementNumber: agreement } })
  }
  if (!Number.isInteger(input.geographyPoints) || input.geographyPoints < 0 || input.geographyPoints > GEOGRAPHY_POINTS_MAX) {
    problems.push({ code: 'geographyPointsRange', field: 'geographyPoints', params: { max: GEOGRAPHY_POINTS_MAX } })
  }
  if ((input.note ?? '').trim().length > NOTE_MAX) problems.push({ code: 'noteTooLong', field: 'note', params: { max: NOTE_MAX } })
  const details = await tx.authorisationApplication.findUniqueOrThrow({
    where: { id: app.id },
    select: { clinicName: true, municipalityCode: true, lat: true, lon: true, ownership: true },
  })
  if (!details.clinicName || !details.municipalityCode || details.lat === null || details.lon === null || !details.ownership) {
    problems.push({ code: 'clinicDetailsMissing' })
  } else if ((await nearestArea(tx, app.id)) === null) {
    problems.push({ code: 'noAreaInMunicipality', params: { municipalityCode: details.municipalityCode } })
  }
  return problems
}

/** Whether the approval could be made as given (the confirmation step): the problems, or none. Writes nothing. */
export async function checkApproval(db: PrismaClient, input: ApprovalInput): Promise<ReviewProblem[]> {
  try {
    return await db.$transaction(async (tx) => {
      await assertManager(tx, input.actor)
      const app = await lockApplication(tx, input.applicationId)
      if (app.status === 'draft') throw new ReviewRefused([{ code: 'notFound' }])
      assertSubmitted(app)
      return approvalProblems(tx, app, input)
    }, TX_OPTIONS)
  } catch (error) {
    if (error instanceof ReviewRefused) return error.problems
    throw error
  }
}

/**
 * Approves the application: the clinic, its registration, the decision, the applicant as the
 * clinic's staff, the timeline and the message, all at once. Refused (nothing written) unless the
 * application is submitted, every mandatory requirement is assessed pass, no exclusion ground
 * applies, the start date is today or later and the HSA-id and agreement number are new.
 */
export async function approveApplication(db: PrismaClient, input: ApprovalInput, options: { deliver?: boolean } = {}): Promise<{ clinicId: number; hsaId: string }> {
  let result: { clinicId: number; hsaId: string }
  try {
    result = await db.$transaction(async (tx) => {
      const userId = await assertManager(tx, input.actor)
      const app = await lockApplication(tx, input.applicationId)
      if (app.status === 'draft') throw new ReviewRefused([{ code: 'notFound' }])
      assertSubmitted(app)
      const problems = await approvalProblems(tx, app, input)
      if (problems.length) throw new ReviewRefused(problems)

      const a = await tx.authorisationApplication.findUniqueOrThrow({ where: { id: app.id } })
      const areaCode = (await nearestArea(tx, app.id))!
      const hsaId = input.hsaId.trim()
      const agreementNumber = input.agreementNumber.trim()
      const startDate = dateOf(input.startDate)
      const clinic = await tx.clinic.create({
        data: {
          hsaId,
          name: a.clinicName!,
          areaCode,
          ownership: a.ownership!,
          geographyPoints: input.geographyPoints,
          lat: a.lat,
          lon: a.lon,
          streetAddress: a.streetAddress,
          postalCode: a.postalCode,
          city: a.city,
          phone: a.phone,
          website: a.website,
          services: a.services,
          languages: a.languages,
          openingHours: a.openingHours ?? [],
          authorisedFrom: startDate,
        },
        select: { id: true },
      })
      const now = new Date()
      await tx.authorisationDecision.create({
        data: {
          applicationId: app.id,
          outcome: 'approved',
          decidedByUserId: userId,
          decidedAt: now,
          startDate,
          agreementNumber,
          reasons: [],
          exclusionGrounds: groundsJson(input.exclusionGrounds),
          note: input.note?.trim() || null,
        },
      })
      await tx.authorisationApplication.update({ where: { id: app.id }, data: { status: 'approved', decidedAt: now, clinicId: clinic.id, updatedAt: now } })
      await tx.userRole.createMany({ data: [{ userId: app.applicant_user_id, role: 'clinic_staff', clinicId: clinic.id }], skipDuplicates: true })
      await recordApplicationEvent(tx, {
        applicationId: app.id,
        actor: input.actor,
        kind: 'approved',
        details: { clinicId: clinic.id, hsaId, agreementNumber, startDate: input.startDate, areaCode },
      })
      await queueProviderNotification(tx, {
        kind: 'application_decided',
        recipientUserId: app.applicant_user_id,
        applicationId: app.id,
        clinicId: clinic.id,
        dedupeKey: `decision:${app.id}`,
        payload: { outcome: 'approved', startDate: input.startDate, agreementNumber, hsaId, clinicName: a.clinicName },
      })
      return { clinicId: clinic.id, hsaId }
    }, TX_OPTIONS)
  } catch (error) {
    throw await explainUniqueViolation(db, error, input)
  }
  invalidateClinicCatalogue()
  if (options.deliver !== false) await requestDelivery()
  return result
}

/** A unique key another decision took between our check and our insert: said as the field it concerns. */
async function explainUniqueViolation(db: PrismaClient, error: unknown, input: { applicationId: number; hsaId?: string; agreementNumber?: string }): Promise<unknown> {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) return error
  const problems: ReviewProblem[] = []
  if (input.hsaId && (await db.clinic.findUnique({ where: { hsaId: input.hsaId.trim() }, select: { id: true } }))) {
    problems.push({ code: 'hsaIdTaken', field: 'hsaId', params: { hsaId: input.hsaId.trim() } })
  }
  if (input.agreementNumber && (await db.authorisationDecision.findUnique({ where: { agreementNumber: input.agreementNumber.trim() }, select: { applicationId: true } }))) {
    problems.push({ code: 'agreementTaken', field: 'agreementNumber', params: { agreementNumber: input.agreementNumber.trim() } })
  }
  if (await db.authorisationDecision.findUnique({ where: { applicationId: input.applicationId }, select: { applicationId: true } })) problems.push({ code: 'alreadyDecided' })
  return problems.length ? new ReviewRefused(problems) : error
}

function groundsJson(grounds: ExclusionGroundAnswers): Record<ExclusionGround, boolean> {
  return Object.fromEntries(exclusionGrounds.map((g) => [g, grounds[g] === true])) as Record<ExclusionGround, boolean>
}

// ── Rejection ────────────────────────────────────────────────────────────────────────────

/** One reason of a rejection: a failed requirement (requirementId), or an exclusion ground that applies (ground, requirementId null). */
export interface RejectionReasonInput {
  requirementId: number | null
  ground?: ExclusionGround | null
  reason: string
}

export interface RejectionInput {
  applicationId: number
  reasons: RejectionReasonInput[]
  exclusionGrounds: ExclusionGroundAnswers
  note?: string | null
  actor: Actor
}

/** A rejection's reason as the decision stores it. */
export interface StoredReason {
  requirementId: number | null
  code: string | null
  ground?: ExclusionGround
  reason: string
}

async function rejectionProblems(tx: Db, app: { id: number; spec_id: number }, input: Omit<RejectionInput, 'actor' | 'applicationId'>): Promise<{ problems: ReviewProblem[]; stored: StoredReason[] }> {
  const problems: ReviewProblem[] = []
  const stored: StoredReason[] = []
  // Every requirement assessed fail, in the kravbok's order: each is a reason the decision must give.
  const failed = await tx.$queryRaw<{ id: number; code: string }[]>`
    SELECT q.id, q.code FROM requirement q
      JOIN requirement_chapter c ON c.id = q.chapter_id
      JOIN application_assessment s ON s.requirement_id = q.id AND s.application_id = ${app.id} AND s.verdict = 'fail'
     WHERE q.spec_id = ${app.spec_id}
     ORDER BY c.position, q.position, q.id`
  const codeOf = new Map(failed.map((f) => [f.id, f.code]))
  // Nothing failed and no ground given: nothing to reject on (a failed requirement says its own problem below).
  if (input.reasons.length === 0 && failed.length === 0) problems.push({ code: 'noReasons' })
  const seenGrounds = new Set<ExclusionGround>()
  for (const r of input.reasons) {
    const reason = r.reason.trim()
    const field = r.requirementId !== null ? `reason-${r.requirementId}` : `groundReason-${r.ground ?? ''}`
    if (reason === '') problems.push({ code: 'reasonMissing', field, ...(r.requirementId !== null ? { params: { requirementId: r.requirementId } } : {}) })
    else if (reason.length > REASON_MAX) problems.push({ code: 'reasonTooLong', field, params: { max: REASON_MAX } })
    if (r.requirementId !== null) {
      const code = codeOf.get(r.requirementId)
      if (code === undefined) problems.push({ code: 'reasonNotFailed', field, params: { requirementId: r.requirementId } })
      else stored.push({ requirementId: r.requirementId, code, reason })
    } else if (!r.ground || !(exclusionGrounds as readonly string[]).includes(r.ground) || !input.exclusionGrounds[r.ground]) {
      problems.push({ code: 'groundNotApplying', field, params: { ground: r.ground ?? '' } })
    } else {
      seenGrounds.add(r.ground)
      stored.push({ requirementId: null, code: null, ground: r.ground, reason })
    }
  }
  const given = new Set(input.reasons.flatMap((r) => (r.requirementId !== null ? [r.requirementId] : [])))
  for (const f of failed) {
    if (!given.has(f.id)) problems.push({ code: 'failedReasonMissing', field: `reason-${f.id}`, params: { requirementId: f.id } })
  }
  for (const g of exclusionGrounds) {
    if (input.exclusionGrounds[g] && !seenGrounds.has(g) && !problems.some((p) => p.field === `groundReason-${g}`)) {
      problems.push({ code: 'groundReasonMissing', field: `groundReason-${g}`, params: { ground: g } })
    }
  }
  if ((input.note ?? '').trim().length > NOTE_MAX) problems.push({ code: 'noteTooLong', field: 'note', params: { max: NOTE_MAX } })
  return { problems, stored }
}

/** Whether the rejection could be made as given (the confirmation step). Writes nothing. */
export async function checkRejection(db: PrismaClient, input: RejectionInput): Promise<ReviewProblem[]> {
  try {
    return await db.$transaction(async (tx) => {
      await assertManager(tx, input.actor)
      const app = await lockApplication(tx, input.applicationId)
      if (app.status === 'draft') throw new ReviewRefused([{ code: 'notFound' }])
      assertSubmitted(app)
      return (await rejectionProblems(tx, app, input)).problems
    }, TX_OPTIONS)
  } catch (error) {
    if (error instanceof ReviewRefused) return error.problems
    throw error
  }
}

/**
 * Rejects the application with its reasons — one for every requirement assessed fail, one for
 * every exclusion ground that applies — and tells the applicant.
 */
export async function rejectApplication(db: PrismaClient, input: RejectionInput, options: { deliver?: boolean } = {}): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const userId = await assertManager(tx, input.actor)
      const app = await lockApplication(tx, input.applicationId)
      if (app.status === 'draft') throw new ReviewRefused([{ code: 'notFound' }])
      assertSubmitted(app)
      const { problems, stored } = await rejectionProblems(tx, app, input)
      if (problems.length) throw new ReviewRefused(problems)
      const now = new Date()
      await tx.authorisationDecision.create({
        data: {
          applicationId: app.id,
          outcome: 'rejected',
          decidedByUserId: userId,
          decidedAt: now,
          reasons: stored as unknown as Prisma.InputJsonValue,
          exclusionGrounds: groundsJson(input.exclusionGrounds),
          note: input.note?.trim() || null,
        },
      })
      await tx.authorisationApplication.update({ where: { id: app.id }, data: { status: 'rejected', decidedAt: now, updatedAt: now } })
      await recordApplicationEvent(tx, {
        applicationId: app.id,
        actor: input.actor,
        kind: 'rejected',
        details: {
          reasons: stored.map((r) => (r.code !== null ? r.code : `ground:${r.ground}`)),
          exclusionGrounds: groundsJson(input.exclusionGrounds),
        },
      })
      await queueProviderNotification(tx, {
        kind: 'application_decided',
        recipientUserId: app.applicant_user_id,
        applicationId: app.id,
        dedupeKey: `decision:${app.id}`,
        payload: { outcome: 'rejected', reasons: stored.map((r) => ({ code: r.code, ground: r.ground ?? null, reason: r.reason })), clinicName: app.clinic_name },
      })
    }, TX_OPTIONS)
  } catch (error) {
    throw await explainUniqueViolation(db, error, input)
  }
  if (options.deliver !== false) await requestDelivery()
}

// ── The decision page ────────────────────────────────────────────────────────────────────

export interface DecisionContext {
  applicationId: number
  status: ApplicationStatus
  clinicName: string | null
  orgName: string | null
  /** Mandatory requirements not assessed pass (an approval is refused while there are any). */
  notPassed: string[]
  /** The requirements assessed fail, with the reviewer's comment: a rejection's reasons, prefilled. */
  failed: { requirementId: number; code: string; textSv: string; textEn: string; comment: string }[]
  suggestedHsaId: string
  decision: DecisionRow | null
}

/** What the decision page shows: the state of the assessment and, once decided, the decision. Null if there is no such application. */
export async function decisionContext(db: PrismaClient, input: { applicationId: number; actor: Actor }): Promise<DecisionContext | null> {
  await assertManager(db, input.actor)
  const app = await db.authorisationApplication.findUnique({
    where: { id: input.applicationId },
    select: { id: true, specId: true, status: true, clinicName: true, orgName: true },
  })
  if (!app || app.status === 'draft') return null
  const [notPassed, failed, decision] = await Promise.all([
    mandatoryNotPassed(db, app.id, app.specId),
    db.$queryRaw<{ requirement_id: number; code: string; text_sv: string; text_en: string; comment: string | null }[]>`
      SELECT q.id AS requirement_id, q.code, q.text_sv, q.text_en, s.comment
        FROM application_assessment s
        JOIN requirement q ON q.id = s.requirement_id
        JOIN requirement_chapter c ON c.id = q.chapter_id
       WHERE s.application_id = ${app.id} AND s.verdict = 'fail'
       ORDER BY c.position, q.position, q.id`,
    decisionOf(db, app.id),
  ])
  return {
    applicationId: app.id,
    status: app.status,
    clinicName: app.clinicName,
    orgName: app.orgName,
    notPassed,
    failed: failed.map((f) => ({ requirementId: f.requirement_id, code: f.code, textSv: f.text_sv, textEn: f.text_en, comment: f.comment ?? '' })),
    suggestedHsaId: suggestedHsaId(app.id),
    decision,
  }
}

/**
 * The commissioner's review (granskning) of applications for authorisation: the queue, assigning
 * a reviewer, assessing each requirement (pass, or fail with a comment) and asking the applicant
 * for supplementation (komplettering). Commissioners and administrators only: every use case
 * checks the actor's roles in the database, whatever page or script calls it. One transaction per
 * use case; every step is on the application's timeline and in the audit log.
 */
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { canManageAuthorisation, type Role } from '../access/rules.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'
import { dateOf, isoOf } from '../listing/rules.ts'
import { requestDelivery } from '../notifications/outbox.server.ts'
import { queueProviderNotification } from '../notifications/provider-outbox.server.ts'
import { swedishDate } from '../../utils/sweden.ts'
import { applicationAnswers, findApplication, type RequirementAnswerRow } from './application.server.ts'
import { ageInDays, applicationSections, type ApplicationSection, type ApplicationStatus } from './rules.ts'
import { applicationTimeline, recordApplicationEvent, type TimelineEntry } from './timeline.server.ts'

type Db = Prisma.TransactionClient | PrismaClient

/** Why a step of the review or decision was refused: a code for the page's message, the field it concerns, figures. */
export type ReviewProblemCode =
  | 'forbidden'
  | 'notFound'
  | 'notUnderReview'
  | 'alreadyDecided'
  | 'reviewerNotManager'
  | 'nothingAssessed'
  | 'failNeedsComment'
  | 'commentTooLong'
  | 'unknownRequirement'
  | 'nothingRequested'
  | 'unknownSection'
  | 'messageMissing'
  | 'messageTooLong'
  | 'dueOnInvalid'
  | 'dueOnPast'
  | 'notAllPassed'
  | 'exclusionGroundApplies'
  | 'startDateInvalid'
  | 'startDatePast'
  | 'hsaIdFormat'
  | 'hsaIdTaken'
  | 'agreementMissing'
  | 'agreementTooLong'
  | 'agreementTaken'
  | 'geographyPointsRange'
  | 'clinicDetailsMissing'
  | 'noAreaInMunicipality'
  | 'noReasons'
  | 'reasonMissing'
  | 'failedReasonMissing'
  | 'reasonTooLong'
  | 'reasonNotFailed'
  | 'groundReasonMissing'
  | 'groundNotApplying'
  | 'noteTooLong'

export interface ReviewProblem {
  code: ReviewProblemCode
  /** The form field it concerns (e.g. `hsaId`, `comment-12`); none for the whole step. */
  field?: string
  /** Figures or names for the message (e.g. the requirement codes that are not assessed pass). */
  params?: Record<string, string | number | string[]>
}

/** A refused step: nothing was written. `problems` lists every reason at once where they can be known together. */
export class ReviewRefused extends Error {
  override name = 'ReviewRefused'
  constructor(readonly problems: ReviewProblem[]) {
    super(problems.map((p) => `${p.field ? `${p.field}: ` : ''}${p.code}${p.params ? ` ${JSON.stringify(p.params)}` : ''}`).join('; '))
  }

  get codes(): ReviewProblemCode[] {
    return this.problems.map((p) => p.code)
  }
}

const refuse = (code: ReviewProblemCode, field?: string, params?: ReviewProblem['params']): never => {
  throw new ReviewRefused([{ code, field, params }])
}

const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const

/** Whether the user holds a role of the region's side of authorisation (commissioner, administrator), read from the database. */
export async function isAuthorisationManager(db: Db, userId: number | undefined): Promise<boolean> {
  if (userId === undefined) return false
  const roles = await db.userRole.findMany({ where: { userId }, select: { role: true, clinicId: true } })
  return canManageAuthorisation({ id: userId, name: '', roles: roles.map((r) => ({ role: r.role as Role, clinicId: r.clinicId })) })
}

/** The actor must be a logged-in commissioner or administrator; a provider's user or a script is refused. */
export async function assertManager(db: Db, actor: Actor): Promise<number> {
  if (actor.kind !== 'user' || actor.userId === undefined || !(await isAuthorisationManager(db, actor.userId))) refuse('forbidden')
  return actor.userId!
}

interface LockedApplication {
  id: number
  status: ApplicationStatus
  spec_id: number
  applicant_user_id: number
  clinic_name: string | null
}

/** The application, locked for this transaction (one step at a time per application). */
export async function lockApplication(tx: Prisma.TransactionClient, applicationId: number): Promise<LockedApplication> {
  const [row] = await tx.$queryRaw<LockedApplication[]>`
    SELECT id, status::text AS status, spec_id, applicant_user_id, clinic_name
      FROM authorisation_application WHERE id = ${applicationId} FOR UPDATE`
  if (!row) refuse('notFound')
  return row!
}

/** Under review and not waiting for the applicant: the only state assessments, requests and decisions are made in. */
export function assertSubmitted(app: { status: ApplicationStatus }): void {
  if (app.status === 'approved' || app.status === 'rejected') refuse('alreadyDecided', undefined, { status: app.status })
  if (app.status !== 'submitted') refuse('notUnderReview', undefined, { status: app.status })
}

// ── The queue ────────────────────────────────────────────────────────────────────────────

export const queueStatuses = ['submitted', 'supplementation', 'approved', 'rejected', 'withdrawn'] as const
export type QueueStatus = (typeof queueStatuses)[number]

export interface QueueEntry {
  id: number
  clinicName: string | null
  orgName: string | null
  status: ApplicationStatus
  submittedOn: string
  /** Whole days since the first submission. */
  ageInDays: number
  /** Whole days since the latest resubmission (after supplementation); null if never resubmitted. */
  daysSinceResubmission: number | null
  reviewerName: string | null
  assessed: number
  requirements: number
  /** The open request for supplementation's due date (YYYY-MM-DD), if one is open. */
  openRequestDueOn: string | null
}

export const QUEUE_PAGE_SIZE = 50

/** Applications that have been submitted (not drafts), oldest first by their first submission. */
export async function reviewQueue(db: Db, input: { status?: QueueStatus; today: string }): Promise<QueueEntry[]> {
  return (await queueRows(db, { ...input, limit: null, offset: 0 })).rows
}

/** One page of the queue (50 at a time), with the number of applications and of pages. */
export async function reviewQueuePage(
  db: Db,
  input: { status?: QueueStatus; today: string; page: number; pageSize?: number },
): Promise<{ rows: QueueEntry[]; total: number; page: number; pageCount: number }> {
  const pageSize = input.pageSize ?? QUEUE_PAGE_SIZE
  const wanted = Math.max(1, input.page)
  let { rows, total } = await queueRows(db, { ...input, limit: pageSize, offset: (wanted - 1) * pageSize })
  const pageCount = Math.max(1, Math.ceil(total / pageSize))
  // A page past the end (the queue shrank): the last page instead.
  if (wanted > pageCount && total > 0) ({ rows, total } = await queueRows(db, { ...input, limit: pageSize, offset: (pageCount - 1) * pageSize }))
  return { rows, total, page: Math.min(wanted, pageCount), pageCount }
}

async function queueRows(
  db: Db,
  input: { status?: QueueStatus; today: string; limit: number | null; offset: number },
): Promise<{ rows: QueueEntry[]; total: number }> {
  const status = input.status ?? null
  // The open request by a join on its partial unique index, the requirement count once per version,
  // and the status compared as the enum, so its index can serve the filter.
  const rows = await db.$queryRaw<
    {
      id: number
      clinic_name: string | null
      org_name: string | null
      status: ApplicationStatus
      submitted_at: Date
      last_submitted_at: Date
      reviewer_name: string | null
      assessed: number
      requirements: number
      due_on: string | null
      open_request: boolean
      total: number
    }[]
  >`
    WITH spec_size AS (SELECT spec_id, count(*)::int AS requirements FROM requirement GROUP BY spec_id)
    SELECT a.id, a.clinic_name, a.org_name, a.status::text AS status, a.submitted_at, a.last_submitted_at,
           r.name AS reviewer_name,
           (SELECT count(*)::int FROM application_assessment s WHERE s.application_id = a.id) AS assessed,
           coalesce(z.requirements, 0) AS requirements,
           to_char(o.due_on, 'YYYY-MM-DD') AS due_on,
           o.id IS NOT NULL AS open_request,
           count(*) OVER ()::int AS total
      FROM authorisation_application a
      LEFT JOIN app_user r ON r.id = a.reviewer_user_id
      LEFT JOIN spec_size z ON z.spec_id = a.spec_id
      -- A withdrawn application's unanswered request is no longer waited for.
      LEFT JOIN supplementation_request o ON o.application_id = a.id AND o.answered_at IS NULL AND a.status = 'supplementation'
     WHERE a.status <> 'draft'
       AND (${status}::text IS NULL OR a.status = ${status}::text::"ApplicationStatus")
     ORDER BY a.submitted_at, a.id
     LIMIT ${input.limit}::int OFFSET ${input.offset}::int`
  const today = dateOf(input.today)
  const dayOf = (at: Date) => dateOf(swedishDate(at))
  let total = rows[0]?.total ?? 0
  if (rows.length === 0 && input.offset > 0) {
    const [count] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM authorisation_application a
       WHERE a.status <> 'draft' AND (${status}::text IS NULL OR a.status = ${status}::text::"ApplicationStatus")`
    total = count?.n ?? 0
  }
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      clinicName: r.clinic_name,
      orgName: r.org_name,
      status: r.status,
      submittedOn: swedishDate(r.submitted_at),
      ageInDays: ageInDays(dayOf(r.submitted_at), today),
      daysSinceResubmission: r.last_submitted_at.getTime() > r.submitted_at.getTime() ? ageInDays(dayOf(r.last_submitted_at), today) : null,
      reviewerName: r.reviewer_name,
      assessed: r.assessed,
      requirements: r.requirements,
      openRequestDueOn: r.open_request ? r.due_on : null,
    })),
  }
}

/** The users who may review: commissioners and administrators, by name. */
export async function listReviewers(db: Db): Promise<{ id: number; name: string }[]> {
  const users = await db.user.findMany({
    where: { roles: { some: { role: { in: ['commissioner', 'admin'] } } } },
    select: { id: true, name: true },
  })
  const collator = new Intl.Collator('sv')
  return users.sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id)
}

// ── One application under review ─────────────────────────────────────────────────────────

export interface AssessmentRow {
  requirementId: number
  verdict: 'pass' | 'fail'
  comment: string | null
  assessedBy: string
  assessedAt: Date
}

export interface SupplementationRow {
  id: number
  message: string
  requirementCodes: string[]
  requirementIds: number[]
  sections: string[]
  dueOn: string | null
  requestedBy: string
  requestedAt: Date
  answeredAt: Date | null
}

export interface DecisionRow {
  outcome: 'approved' | 'rejected'
  decidedBy: string
  decidedAt: Date
  startDate: string | null
  agreementNumber: string | null
  reasons: { requirementId: number | null; code: string | null; ground?: string | null; reason: string }[]
  exclusionGrounds: Record<string, boolean>
  note: string | null
  clinic: { id: number; hsaId: string; name: string } | null
}

export interface ReviewDetails {
  application: NonNullable<Awaited<ReturnType<typeof findApplication>>>
  applicantName: string
  reviewerName: string | null
  municipalityName: string | null
  requirements: RequirementAnswerRow[]
  assessments: Record<number, AssessmentRow>
  requests: SupplementationRow[]
  /** What the latest, answered request named: changed since, and to be assessed again. Null without one. */
  resubmission: Resubmission | null
  decision: DecisionRow | null
  timeline: TimelineEntry[]
}

export interface Resubmission {
  requestId: number
  answeredAt: Date
  /** The requirements the request named: their answers may have changed. */
  requirementIds: number[]
  /** The sections the request named. */
  sections: ApplicationSection[]
  /** Of those requirements, the ones not assessed since the answer came in: assess them again. */
  reassess: number[]
}

/** The latest request, when it is answered: what changed then, and what still awaits a new assessment. */
export function resubmissionOf(requests: SupplementationRow[], assessments: Record<number, { assessedAt: Date }>): Resubmission | null {
  const latest = requests[0]
  if (!latest?.answeredAt) return null
  const answeredAt = latest.answeredAt
  return {
    requestId: latest.id,
    answeredAt,
    requirementIds: latest.requirementIds,
    sections: applicationSections.filter((s) => latest.sections.includes(s)),
    reassess: latest.requirementIds.filter((id) => {
      const a = assessments[id]
      return !a || a.assessedAt.getTime() < answeredAt.getTime()
    }),
  }
}

/** Everything the reviewer sees of one application; null if there is none (or it is still a draft). The read is audited. */
export async function reviewDetails(db: PrismaClient, input: { applicationId: number; actor: Actor }): Promise<ReviewDetails | null> {
  await assertManager(db, input.actor)
  const application = await findApplication(db, input.applicationId)
  if (!application || application.status === 'draft') return null
  const [requirements, people, municipality, assessments, requests, decision, timeline] = await Promise.all([
    applicationAnswers(db, application.id),
    db.user.findMany({ where: { id: { in: [application.applicantUserId, ...(application.reviewerUserId ? [application.reviewerUserId] : [])] } }, select: { id: true, name: true } }),
    application.municipalityCode ? db.municipality.findUnique({ where: { code: application.municipalityCode }, select: { name: true } }) : null,
    db.$queryRaw<{ requirement_id: number; verdict: 'pass' | 'fail'; comment: string | null; assessed_by: string; assessed_at: Date }[]>`
      SELECT s.requirement_id, s.verdict::text AS verdict, s.comment, u.name AS assessed_by, s.assessed_at
        FROM application_assessment s JOIN app_user u ON u.id = s.assessed_by_user_id
       WHERE s.application_id = ${application.id}`,
    supplementationRequests(db, application.id),
    decisionOf(db, application.id),
    applicationTimeline(db, application.id),
  ])
  const nameOf = new Map(people.map((p) => [p.id, p.name]))
  await recordAudit(db, input.actor, { action: 'authorisation.application.read', entity: 'authorisation_application', entityId: String(application.id) })
  const byRequirement: Record<number, AssessmentRow> = Object.fromEntries(
    assessments.map((a) => [a.requirement_id, { requirementId: a.requirement_id, verdict: a.verdict, comment: a.comment, assessedBy: a.assessed_by, assessedAt: a.assessed_at }]),
  )
  return {
    application,
    applicantName: nameOf.get(application.applicantUserId) ?? '',
    reviewerName: application.reviewerUserId ? (nameOf.get(application.reviewerUserId) ?? null) : null,
    municipalityName: municipality?.name ?? null,
    requirements,
    assessments: byRequirement,
    requests,
    resubmission: resubmissionOf(requests, byRequirement),
    decision,
    timeline,
  }
}

/** The application's requests for supplementation, newest first, with the requirements' codes. */
export async function supplementationRequests(db: Db, applicationId: number): Promise<SupplementationRow[]> {
  const rows = await db.$queryRaw<
    { id: number; message: string; requirement_ids: number[]; codes: string[]; sections: string[]; due_on: string | null; requested_by: string; requested_at: Date; answered_at: Date | null }[]
  >`
    SELECT s.id, s.message, s.requirement_ids, s.sections, to_char(s.due_on, 'YYYY-MM-DD') AS due_on, u.name AS requested_by, s.requested_at, s.answered_at,
           coalesce((SELECT array_agg(q.code ORDER BY c.position, q.position) FROM requirement q JOIN requirement_chapter c ON c.id = q.chapter_id
                      WHERE q.id = ANY (s.requirement_ids)), ARRAY[]::varchar[])::text[] AS codes
      FROM supplementation_request s JOIN app_user u ON u.id = s.requested_by_user_id
     WHERE s.application_id = ${applicationId}
     ORDER BY s.requested_at DESC, s.id DESC`
  return rows.map((r) => ({
    id: r.id,
    message: r.message,
    requirementIds: r.requirement_ids,
    requirementCodes: r.codes,
    sections: r.sections,
    dueOn: r.due_on,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    answeredAt: r.answered_at,
  }))
}

/** The decision on an application, with the clinic an approval created; null before a decision. */
export async function decisionOf(db: Db, applicationId: number): Promise<DecisionRow | null> {
  const decision = await db.authorisationDecision.findUnique({ where: { applicationId } })
  if (!decision) return null
  const [decider, app] = await Promise.all([
    db.user.findUnique({ where: { id: decision.decidedByUserId }, select: { name: true } }),
    db.authorisationApplication.findUnique({ where: { id: applicationId }, select: { clinic: { select: { id: true, hsaId: true, name: true } } } }),
  ])
  return {
    outcome: decision.outcome,
    decidedBy: decider?.name ?? '',
    decidedAt: decision.decidedAt,
    startDate: decision.startDate ? isoOf(decision.startDate) : null,
    agreementNumber: decision.agreementNumber,
    reasons: Array.isArray(decision.reasons) ? (decision.reasons as DecisionRow['reasons']) : [],
    exclusionGrounds: (decision.exclusionGrounds ?? {}) as Record<string, boolean>,
    note: decision.note,
    clinic: app?.clinic ?? null,
  }
}

// ── The steps ────────────────────────────────────────────────────────────────────────────

/** Gives the application a reviewer (handläggare): a commissioner or administrator. */
export async function assignReviewer(db: PrismaClient, input: { applicationId: number; reviewerUserId: number; actor: Actor }): Promise<void> {
  await db.$transaction(async (tx) => {
    await assertManager(tx, input.actor)
    const app = await lockApplication(tx, input.applicationId)
    if (app.status === 'draft') refuse('notFound')
    if (app.status !== 'submitted' && app.status !== 'supplementation') refuse(app.status === 'withdrawn' ? 'notUnderReview' : 'alreadyDecided', undefined, { status: app.status })
    if (!(await isAuthorisationManager(tx, input.reviewerUserId))) refuse('reviewerNotManager', 'reviewer')
    const reviewer = await tx.user.findUniqueOrThrow({ where: { id: input.reviewerUserId }, select: { name: true } })
    await tx.authorisationApplication.update({ where: { id: app.id }, data: { reviewerUserId: input.reviewerUserId, updatedAt: new Date() } })
    await recordApplicationEvent(tx, {
      applicationId: app.id,
      actor: input.actor,
      kind: 'reviewer_assigned',
      details: { reviewerUserId: input.reviewerUserId, reviewerName: reviewer.name },
    })
  }, TX_OPTIONS)
}

export interface AssessmentInput {
  requirementId: number
  verdict: 'pass' | 'fail'
  comment?: string | null
}

export const COMMENT_MAX = 4000

/**
 * Saves the reviewer's assessments of any number of requirements at once (each replaces the
 * requirement's earlier one): while the application is submitted and not waiting for
 * supplementation. A fail says why (a comment). Assessments given exactly as they stand are left
 * as they are, so saving the whole page records only what changed; returns how many were saved.
 */
export async function assess(db: PrismaClient, input: { applicationId: number; assessments: AssessmentInput[]; actor: Actor }): Promise<{ saved: number }> {
  const problems: ReviewProblem[] = []
  if (input.assessments.length === 0) problems.push({ code: 'nothingAssessed' })
  for (const a of input.assessments) {
    const comment = a.comment?.trim() ?? ''
    if (a.verdict === 'fail' && comment === '') problems.push({ code: 'failNeedsComment', field: `comment-${a.requirementId}`, params: { requirementId: a.requirementId } })
    if (comment.length > COMMENT_MAX) problems.push({ code: 'commentTooLong', field: `comment-${a.requirementId}`, params: { requirementId: a.requirementId, max: COMMENT_MAX } })
  }
  return db.$transaction(async (tx) => {
    const userId = await assertManager(tx, input.actor)
    const app = await lockApplication(tx, input.applicationId)
    if (app.status === 'draft') refuse('notFound')
    assertSubmitted(app)
    const ids = [...new Set(input.assessments.map((a) => a.requirementId))]
    const requirements = await tx.requirement.findMany({ where: { id: { in: ids }, specId: app.spec_id }, select: { id: true, code: true } })
    const codeOf = new Map(requirements.map((r) => [r.id, r.code]))
    for (const id of ids) if (!codeOf.has(id)) problems.push({ code: 'unknownRequirement', field: `verdict-${id}`, params: { requirementId: id } })
    if (problems.length) throw new ReviewRefused(problems)
    const existing = await tx.applicationAssessment.findMany({ where: { applicationId: app.id, requirementId: { in: ids } }, select: { requirementId: true, verdict: true, comment: true } })
    const before = new Map(existing.map((e) => [e.requirementId, e]))
    const changed = input.assessments.filter((a) => {
      const was = before.get(a.requirementId)
      return !was || was.verdict !== a.verdict || (was.comment ?? null) !== (a.comment?.trim() || null)
    })
    if (changed.length === 0) return { saved: 0 }
    const now = new Date()
    for (const a of changed) {
      const comment = a.comment?.trim() || null
      await tx.applicationAssessment.upsert({
        where: { applicationId_requirementId: { applicationId: app.id, requirementId: a.requirementId } },
        create: { applicationId: app.id, requirementId: a.requirementId, verdict: a.verdict, comment, assessedByUserId: userId, assessedAt: now },
        update: { verdict: a.verdict, comment, assessedByUserId: userId, assessedAt: now },
      })
    }
    await recordApplicationEvent(tx, {
      applicationId: app.id,
      actor: input.actor,
      kind: 'assessed',
      details: { assessments: changed.map((a) => ({ code: codeOf.get(a.requirementId)!, verdict: a.verdict })) },
    })
    return { saved: changed.length }
  }, TX_OPTIONS)
}

export const MESSAGE_MAX = 4000

export interface SupplementationInput {
  applicationId: number
  requirementIds: number[]
  sections: string[]
  message: string
  /** YYYY-MM-DD: the day the applicant should have answered by; after today. */
  dueOn: string
  actor: Actor
  /** Today in Sweden (YYYY-MM-DD); defaults to now. */
  today?: string
}

/**
 * Asks the applicant to amend named requirements and sections: the application waits for them
 * (status supplementation), only what is named can change (the database's trigger), and the
 * applicant is told what, why and by when.
 */
export async function requestSupplementation(db: PrismaClient, input: SupplementationInput, options: { deliver?: boolean } = {}): Promise<{ requestId: number }> {
  const today = input.today ?? swedishDate()
  const message = input.message.trim()
  const problems: ReviewProblem[] = []
  const sections = [...new Set(input.sections)]
  const requirementIds = [...new Set(input.requirementIds)]
  if (requirementIds.length + sections.length === 0) problems.push({ code: 'nothingRequested', field: 'krav' })
  for (const s of sections) if (!(applicationSections as readonly string[]).includes(s)) problems.push({ code: 'unknownSection', field: 'avsnitt', params: { section: s } })
  if (message === '') problems.push({ code: 'messageMissing', field: 'meddelande' })
  if (message.length > MESSAGE_MAX) problems.push({ code: 'messageTooLong', field: 'meddelande', params: { max: MESSAGE_MAX } })
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn) || isoOf(dateOf(input.dueOn)) !== input.dueOn) problems.push({ code: 'dueOnInvalid', field: 'sistaDag' })
  else if (input.dueOn <= today) problems.push({ code: 'dueOnPast', field: 'sistaDag' })

  const result = await db.$transaction(async (tx) => {
    const userId = await assertManager(tx, input.actor)
    const app = await lockApplication(tx, input.applicationId)
    if (app.status === 'draft') refuse('notFound')
    assertSubmitted(app)
    const requirements = await tx.requirement.findMany({
      where: { id: { in: requirementIds }, specId: app.spec_id },
      select: { id: true, code: true },
      orderBy: [{ chapter: { position: 'asc' } }, { position: 'asc' }],
    })
    if (requirements.length !== requirementIds.length) problems.push({ code: 'unknownRequirement', field: 'krav' })
    if (problems.length) throw new ReviewRefused(problems)
    const request = await tx.supplementationRequest.create({
      data: {
        applicationId: app.id,
        message,
        requirementIds: requirements.map((r) => r.id),
        sections: applicationSections.filter((s) => sections.includes(s)),
        dueOn: dateOf(input.dueOn),
        requestedByUserId: userId,
      },
    })
    await tx.authorisationApplication.update({ where: { id: app.id }, data: { status: 'supplementation', updatedAt: new Date() } })
    const requirementCodes = requirements.map((r) => r.code)
    const orderedSections = applicationSections.filter((s) => sections.includes(s)) as ApplicationSection[]
    await recordApplicationEvent(tx, {
      applicationId: app.id,
      actor: input.actor,
      kind: 'supplementation_requested',
      details: { requestId: request.id, requirementCodes, sections: orderedSections, dueOn: input.dueOn },
    })
    await queueProviderNotification(tx, {
      kind: 'supplementation_requested',
      recipientUserId: app.applicant_user_id,
      applicationId: app.id,
      dedupeKey: `supplementation:${request.id}`,
      payload: { message, dueOn: input.dueOn, requirementCodes, sections: orderedSections, clinicName: app.clinic_name },
    })
    return { requestId: request.id }
  }, TX_OPTIONS)
  if (options.deliver !== false) await requestDelivery()
  return result
}

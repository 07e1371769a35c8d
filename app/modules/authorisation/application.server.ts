/**
 * The provider's application (ansökan om auktorisation), applicant side: start a draft against
 * the newest published kravbok, fill in its own sections and answer the requirements, submit,
 * amend under a request for supplementation, withdraw. One transaction per use case; the
 * database's triggers are the last guard (frozen answers, status transitions).
 */
import { z } from 'zod'
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'
import { requestDelivery } from '../notifications/outbox.server.ts'
import { queueProviderNotification } from '../notifications/provider-outbox.server.ts'
import { parseSection, sectionCompleteness, type SectionErrorCode, type SectionInput, type SectionState } from './application-fields.ts'
import { removeStoredFiles } from './attachments.server.ts'
import { currentPublishedSpec } from './spec.server.ts'
import {
  AnswerValueSchemas,
  applicationSections,
  blockingRequirements,
  canSeeApplication,
  checkAnswer,
  parseRequirement,
  type AnswerCheck,
  type ApplicationSection,
  type ApplicationStatus,
  type RequirementShape,
} from './rules.ts'
import { recordApplicationEvent } from './timeline.server.ts'

type Db = Prisma.TransactionClient | PrismaClient
type Tx = Prisma.TransactionClient

const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const

export interface RequirementAnswerRow {
  requirementId: number
  code: string
  chapterId: number
  chapterCode: string
  chapterTitleSv: string
  chapterTitleEn: string
  textSv: string
  textEn: string
  shape: RequirementShape
  /** The stored answer, undefined if none. */
  value: unknown | undefined
  attachments: { id: number; fileName: string; sizeBytes: number; uploadedAt: Date }[]
  check: AnswerCheck
}

/** Every requirement of the application's spec in chapter/position order with its answer and check. */
export async function applicationAnswers(db: Db, applicationId: number): Promise<RequirementAnswerRow[]> {
  const app = await db.authorisationApplication.findUnique({ where: { id: applicationId }, select: { specId: true } })
  if (!app) return []
  const [requirements, answers, attachments] = await Promise.all([
    db.requirement.findMany({
      where: { specId: app.specId },
      include: { chapter: true },
      orderBy: [{ chapter: { position: 'asc' } }, { position: 'asc' }, { id: 'asc' }],
    }),
    db.applicationAnswer.findMany({ where: { applicationId } }),
    db.applicationAttachment.findMany({
      where: { applicationId },
      select: { id: true, requirementId: true, fileName: true, sizeBytes: true, uploadedAt: true },
      orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }],
    }),
  ])
  const valueOf = new Map(answers.map((a) => [a.requirementId, a.value as unknown]))
  return requirements.map((r) => {
    const shape = parseRequirement(r.kind, r.mandatory, r.rule)
    const value = valueOf.get(r.id)
    const files = attachments.filter((a) => a.requirementId === r.id).map(({ requirementId: _, ...a }) => a)
    return {
      requirementId: r.id,
      code: r.code,
      chapterId: r.chapterId,
      chapterCode: r.chapter.code,
      chapterTitleSv: r.chapter.titleSv,
      chapterTitleEn: r.chapter.titleEn,
      textSv: r.textSv,
      textEn: r.textEn,
      shape,
      value,
      attachments: files,
      check: checkAnswer(shape, value, files.length),
    }
  })
}

/** The application row with its spec's version/title (null if none). */
export async function findApplication(db: Db, applicationId: number) {
  return db.authorisationApplication.findUnique({
    where: { id: applicationId },
    include: { spec: { select: { id: true, version: true, title: true } } },
  })
}

// ── Access ──────────────────────────────────────────────────────────────────────────────

/** Nothing to show: a missing id, or one the viewer may not see (the same to the viewer: a 404). */
export class ApplicationNotFound extends Error {
  override name = 'ApplicationNotFound'
  constructor() {
    super('no such application')
  }
}

export type ApplicationRefusalCode =
  | 'noPublishedSpec'
  | 'notEditable'
  | 'sectionNotRequested'
  | 'requirementNotRequested'
  | 'incomplete'
  | 'notConfirmed'
  | 'notWithdrawable'

/** A step the application's state does not allow; `code` picks the page's message. */
export class ApplicationRefused extends Error {
  override name = 'ApplicationRefused'
  constructor(
    readonly code: ApplicationRefusalCode,
    message: string,
    readonly details: {
      status?: ApplicationStatus
      sections?: SectionState[]
      blocking?: { requirementId: number; code: string; check: AnswerCheck }[]
      codes?: string[]
    } = {},
  ) {
    super(message)
  }
}

/** Who looks: an applicant sees their own applications, the region's side (manager) all of them. */
export interface Viewer {
  id: number
  manager: boolean
}

type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>

/** The application if the viewer may see it; otherwise ApplicationNotFound, as for a missing id. */
export async function applicationFor(db: Db, applicationId: number, viewer: Viewer): Promise<ApplicationRow> {
  const app = await findApplication(db, applicationId)
  if (!app || !canSeeApplication(viewer, app)) throw new ApplicationNotFound()
  return app
}

/** The open request for supplementation, if any. */
export async function openSupplementation(db: Db, applicationId: number) {
  return db.supplementationRequest.findFirst({ where: { applicationId, answeredAt: null }, orderBy: { id: 'desc' } })
}

/** What the applicant may change now: everything in a draft, what an open request names under supplementation, else nothing. */
export interface Editability {
  editable: boolean
  sections: ApplicationSection[]
  /** 'all' in a draft; the named requirements under supplementation. */
  requirementIds: number[] | 'all'
}

export function editabilityOf(status: ApplicationStatus, request: { sections: string[]; requirementIds: number[] } | null): Editability {
  if (status === 'draft') return { editable: true, sections: [...applicationSections], requirementIds: 'all' }
  if (status === 'supplementation' && request) {
    return { editable: true, sections: applicationSections.filter((s) => request.sections.includes(s)), requirementIds: [...request.requirementIds] }
  }
  return { editable: false, sections: [], requirementIds: [] }
}

export function mayEditRequirement(e: Editability, requirementId: number): boolean {
  return e.requirementIds === 'all' || e.requirementIds.includes(requirementId)
}

/**
 * In a use case's transaction: the applicant's own application, locked against a concurrent
 * submission or edit, with what may be changed. Someone else's application is "not found".
 */
export async function lockOwnApplication(tx: Tx, applicationId: number, actor: Actor) {
  await tx.$queryRaw`SELECT id FROM authorisation_application WHERE id = ${applicationId} FOR UPDATE`
  const app = await findApplication(tx, applicationId)
  if (!app || actor.userId === undefined || app.applicantUserId !== actor.userId) throw new ApplicationNotFound()
  const request = app.status === 'supplementation' ? await openSupplementation(tx, applicationId) : null
  return { app, request, editability: editabilityOf(app.status, request) }
}

/**
 * A trigger's refusal (the database as the last guard) as the service's own, so a page answers it
 * as a refusal (409 with a message), never as a 500. The messages are the migrations' own.
 */
export function databaseRefusal(error: unknown): ApplicationRefused | null {
  const message = error instanceof Error ? error.message : String(error)
  if (/is under supplementation: .* cannot be changed, only what the request names/.test(message)) {
    return new ApplicationRefused('sectionNotRequested', 'the open request for supplementation does not name the section', { status: 'supplementation' })
  }
  if (/is supplementation: requirement \d+ cannot be changed now/.test(message)) {
    return new ApplicationRefused('requirementNotRequested', 'the open request for supplementation does not name the requirement', { status: 'supplementation' })
  }
  if (/has an open request for supplementation: answer it before resubmitting/.test(message)) {
    return new ApplicationRefused('notEditable', 'the open request for supplementation must be answered first', { status: 'supplementation' })
  }
  if (/only a draft can be deleted/.test(message)) return new ApplicationRefused('notWithdrawable', 'only a draft can be discarded')
  return /frozen|cannot be changed now|cannot go from/.test(message) ? new ApplicationRefused('notEditable', 'the application cannot be changed now') : null
}

async function inTransaction<T>(db: PrismaClient, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.$transaction(fn, TX_OPTIONS)
  } catch (error) {
    throw databaseRefusal(error) ?? error
  }
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────

export interface MyApplication {
  id: number
  status: ApplicationStatus
  clinicName: string | null
  specVersion: string
  specTitle: string
  createdAt: Date
  lastChangeAt: Date
}

/** The user's own applications, newest first; the last change is the latest save or timeline step. */
export async function listMyApplications(db: Db, userId: number): Promise<MyApplication[]> {
  const rows = await db.authorisationApplication.findMany({
    where: { applicantUserId: userId },
    include: { spec: { select: { version: true, title: true } }, events: { select: { at: true }, orderBy: { at: 'desc' }, take: 1 } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  })
  return rows.map((r) => {
    const eventAt = r.events[0]?.at
    return {
      id: r.id,
      status: r.status,
      clinicName: r.clinicName,
      specVersion: r.spec.version,
      specTitle: r.spec.title,
      createdAt: r.createdAt,
      lastChangeAt: eventAt && eventAt > r.updatedAt ? eventAt : r.updatedAt,
    }
  })
}

export interface ApplicationOverview {
  application: ApplicationRow
  editability: Editability
  request: Awaited<ReturnType<typeof openSupplementation>>
  sections: Record<ApplicationSection, SectionState>
  answers: RequirementAnswerRow[]
  blocking: RequirementAnswerRow[]
  decision: Awaited<ReturnType<typeof applicationDecision>>
}

/** The decision, when there is one (the reasons per requirement as the decision recorded them). */
export async function applicationDecision(db: Db, applicationId: number) {
  const d = await db.authorisationDecision.findUnique({ where: { applicationId } })
  if (!d) return null
  const reasons = Array.isArray(d.reasons) ? (d.reasons as { requirementId?: number | null; code?: string | null; ground?: string | null; reason?: string }[]) : []
  return {
    outcome: d.outcome,
    decidedAt: d.decidedAt,
    startDate: d.startDate,
    agreementNumber: d.agreementNumber,
    note: d.note,
    // A reason names a failed requirement (code) or an exclusion ground that applies (ground).
    reasons: reasons.map((r) => ({
      requirementId: typeof r.requirementId === 'number' ? r.requirementId : null,
      code: typeof r.code === 'string' ? r.code : null,
      ground: typeof r.ground === 'string' ? r.ground : null,
      reason: String(r.reason ?? ''),
    })),
  }
}

/** Everything the overview shows, for a viewer allowed to see it. */
export async function applicationOverview(db: Db, applicationId: number, viewer: Viewer): Promise<ApplicationOverview> {
  const application = await applicationFor(db, applicationId, viewer)
  const [request, answers, decision] = await Promise.all([
    application.status === 'supplementation' ? openSupplementation(db, applicationId) : Promise.resolve(null),
    applicationAnswers(db, applicationId),
    applicationDecision(db, applicationId),
  ])
  return {
    application,
    editability: editabilityOf(application.status, request),
    request,
    sections: sectionCompleteness(application),
    answers,
    blocking: blockingOf(answers),
    decision,
  }
}

function blockingOf(answers: RequirementAnswerRow[]): RequirementAnswerRow[] {
  return blockingRequirements(answers.map((a) => ({ ...a, id: a.requirementId, mandatory: a.shape.mandatory })))
}

// ── Starting ────────────────────────────────────────────────────────────────────────────

/** A new draft against the newest published kravbok; refused if none is published. */
export async function startApplication(db: PrismaClient, input: { actor: Actor }): Promise<{ applicationId: number; specVersion: string }> {
  if (input.actor.userId === undefined) throw new ApplicationNotFound()
  const applicantUserId = input.actor.userId
  return inTransaction(db, async (tx) => {
    const spec = await currentPublishedSpec(tx)
    if (!spec) throw new ApplicationRefused('noPublishedSpec', 'no requirement specification is published: applications cannot be made yet')
    const app = await tx.authorisationApplication.create({ data: { specId: spec.id, applicantUserId } })
    await recordApplicationEvent(tx, { applicationId: app.id, actor: input.actor, kind: 'created', details: { specVersion: spec.version } })
    return { applicationId: app.id, specVersion: spec.version }
  })
}

// ── Saving ──────────────────────────────────────────────────────────────────────────────

export type SaveResult<E> = { ok: true } | { ok: false; errors: E }

/**
 * Saves one section of the application's own fields (the whole section: an empty field clears
 * it). A draft takes any section; under supplementation only the sections the open request
 * names; otherwise refused.
 */
export async function saveSection(
  db: PrismaClient,
  input: { applicationId: number; section: ApplicationSection; input: SectionInput; actor: Actor },
): Promise<SaveResult<Partial<Record<string, SectionErrorCode>>>> {
  const parsed = parseSection(input.section, input.input)
  return inTransaction(db, async (tx) => {
    const { app, editability } = await lockOwnApplication(tx, input.applicationId, input.actor)
    if (!editability.editable) throw new ApplicationRefused('notEditable', `application ${app.id} is ${app.status}: it cannot be changed`, { status: app.status })
    if (!editability.sections.includes(input.section)) {
      throw new ApplicationRefused('sectionNotRequested', `the open request for supplementation does not name the section ${input.section}`, { status: app.status })
    }
    if (!parsed.ok) return { ok: false, errors: parsed.errors }
    const data = parsed.data as Record<string, unknown>
    if (input.section === 'clinic' && typeof data.municipalityCode === 'string') {
      const known = await tx.municipality.findUnique({ where: { code: data.municipalityCode }, select: { code: true } })
      if (!known) return { ok: false, errors: { municipalityCode: 'unknownMunicipality' } }
    }
    await tx.authorisationApplication.update({
      where: { id: app.id },
      data: { ...(data as Prisma.AuthorisationApplicationUpdateInput), updatedAt: new Date() },
    })
    await recordAudit(tx, input.actor, { action: 'authorisation.section_saved', entity: 'authorisation_application', entityId: String(app.id), details: { section: input.section } })
    return { ok: true }
  })
}

export type AnswerErrorCode = 'yesOrNo' | 'notDecimal' | 'notAnOption' | 'tooLong'

export interface SavedAnswers {
  ok: true
  /** Each requirement of the chapter with its answer and check, as it now stands. */
  rows: RequirementAnswerRow[]
}

/** A typed answer as stored, or an input error (the rule's own check comes after: a low number is stored, and fails). */
export function parseAnswer(shape: RequirementShape, raw: string): { value: Prisma.InputJsonValue | null } | { error: AnswerErrorCode } {
  const text = raw.trim()
  if (text === '') return { value: null }
  switch (shape.kind) {
    case 'declaration':
      return text === 'yes' ? { value: true } : text === 'no' ? { value: false } : { error: 'yesOrNo' }
    case 'number': {
      const r = AnswerValueSchemas.number.safeParse(text)
      return r.success ? { value: r.data } : { error: 'notDecimal' }
    }
    case 'choice': {
      const r = AnswerValueSchemas.choice.safeParse(text)
      return r.success && shape.rule.options.some((o) => o.value === r.data) ? { value: r.data } : { error: 'notAnOption' }
    }
    case 'text': {
      const r = AnswerValueSchemas.text.safeParse(raw)
      return r.success ? { value: r.data } : { error: 'tooLong' }
    }
    case 'document':
      return { value: null }
  }
}

/**
 * Saves the answers given to one chapter's requirements (by requirement id; a requirement not
 * given is left as it is, an empty one is deleted). Nothing is saved if one answer is not valid
 * input. Under supplementation only the requirements the open request names may be given.
 * Returns the chapter's rows with each requirement's check, so the page shows pass/fail at once.
 */
export async function saveAnswers(
  db: PrismaClient,
  input: { applicationId: number; chapterCode: string; answers: Record<number, string | undefined>; actor: Actor },
): Promise<SavedAnswers | { ok: false; errors: Record<number, AnswerErrorCode> }> {
  const saved = await inTransaction(db, async (tx) => {
    const { app, editability } = await lockOwnApplication(tx, input.applicationId, input.actor)
    if (!editability.editable) throw new ApplicationRefused('notEditable', `application ${app.id} is ${app.status}: it cannot be changed`, { status: app.status })
    const chapter = await tx.requirementChapter.findUnique({ where: { specId_code: { specId: app.specId, code: input.chapterCode } } })
    if (!chapter) throw new ApplicationNotFound()
    const requirements = await tx.requirement.findMany({ where: { chapterId: chapter.id, kind: { not: 'document' } }, orderBy: { position: 'asc' } })
    const given = requirements.filter((r) => input.answers[r.id] !== undefined)
    const notRequested = given.filter((r) => !mayEditRequirement(editability, r.id))
    if (notRequested.length) {
      throw new ApplicationRefused('requirementNotRequested', `the open request for supplementation does not name ${notRequested.map((r) => r.code).join(', ')}`, {
        status: app.status,
        codes: notRequested.map((r) => r.code),
      })
    }
    const errors: Record<number, AnswerErrorCode> = {}
    const values = new Map<number, Prisma.InputJsonValue | null>()
    for (const r of given) {
      const parsed = parseAnswer(parseRequirement(r.kind, r.mandatory, r.rule), input.answers[r.id]!)
      if ('error' in parsed) errors[r.id] = parsed.error
      else values.set(r.id, parsed.value)
    }
    if (Object.keys(errors).length) return { ok: false as const, errors }
    for (const [requirementId, value] of values) {
      const key = { applicationId_requirementId: { applicationId: app.id, requirementId } }
      if (value === null) await tx.applicationAnswer.deleteMany({ where: { applicationId: app.id, requirementId } })
      else await tx.applicationAnswer.upsert({ where: key, create: { applicationId: app.id, requirementId, value }, update: { value, updatedAt: new Date() } })
    }
    await tx.authorisationApplication.update({ where: { id: app.id }, data: { updatedAt: new Date() } })
    await recordAudit(tx, input.actor, {
      action: 'authorisation.answers_saved',
      entity: 'authorisation_application',
      entityId: String(app.id),
      details: { chapter: chapter.code, requirements: given.map((r) => r.code) },
    })
    return { ok: true as const, chapterId: chapter.id }
  })
  if (!saved.ok) return saved
  const rows = (await applicationAnswers(db, input.applicationId)).filter((r) => r.chapterId === saved.chapterId)
  return { ok: true, rows }
}

// ── Submitting and withdrawing ─────────────────────────────────────────────────────────

/**
 * Submits a draft, or resubmits under supplementation (closing the open request and removing the
 * assessments of the requirements it named: the reviewer assesses them again). Refused unless
 * every section is complete, nothing blocks among the requirements, and the applicant confirms
 * the information is true. Queues the receipt to the applicant.
 */
export async function submitApplication(
  db: PrismaClient,
  input: { applicationId: number; actor: Actor; confirmTruthful: boolean },
): Promise<{ status: 'submitted'; resubmitted: boolean; lastSubmittedAt: Date }> {
  const result = await inTransaction(db, async (tx) => {
    const { app, request, editability } = await lockOwnApplication(tx, input.applicationId, input.actor)
    if (!editability.editable) throw new ApplicationRefused('notEditable', `application ${app.id} is ${app.status}: it cannot be submitted`, { status: app.status })
    const sections = Object.values(sectionCompleteness(app)).filter((s) => !s.complete)
    const blocking = blockingOf(await applicationAnswers(tx, app.id))
    if (sections.length || blocking.length) {
      throw new ApplicationRefused('incomplete', 'the application is not complete', {
        status: app.status,
        sections,
        blocking: blocking.map((b) => ({ requirementId: b.requirementId, code: b.code, check: b.check })),
      })
    }
    if (!input.confirmTruthful) throw new ApplicationRefused('notConfirmed', 'the applicant must confirm that the information is true', { status: app.status })
    const now = new Date()
    const resubmitted = app.status === 'supplementation'
    // The request is answered first: the database lets an application leave supplementation only then.
    if (request) await tx.supplementationRequest.update({ where: { id: request.id }, data: { answeredAt: now } })
    await tx.authorisationApplication.update({
      where: { id: app.id },
      data: { status: 'submitted', lastSubmittedAt: now, updatedAt: now, ...(resubmitted ? {} : { submittedAt: now }) },
    })
    // What the request named has changed: an approval must not rest on an assessment of the old answer.
    const reassess = request ? await clearAssessments(tx, app.id, request.requirementIds) : []
    await recordApplicationEvent(tx, {
      applicationId: app.id,
      actor: input.actor,
      kind: resubmitted ? 'resubmitted' : 'submitted',
      details: resubmitted
        ? { requestId: request?.id ?? null, requirementCodes: reassess, sections: applicationSections.filter((s) => request?.sections.includes(s)) }
        : { specVersion: app.spec.version },
    })
    await queueProviderNotification(tx, {
      kind: 'application_received',
      recipientUserId: app.applicantUserId,
      applicationId: app.id,
      dedupeKey: `application-received:${app.id}:${now.getTime()}`,
      payload: { applicationId: app.id, clinicName: app.clinicName, specVersion: app.spec.version, resubmitted, submittedAt: now.toISOString() },
    })
    return { status: 'submitted' as const, resubmitted, lastSubmittedAt: now }
  })
  await requestDelivery()
  return result
}

/**
 * Removes the reviewer's assessments of the named requirements (they are to be assessed again);
 * returns the requirements' codes in the kravbok's order, assessed or not.
 */
async function clearAssessments(tx: Tx, applicationId: number, requirementIds: number[]): Promise<string[]> {
  if (requirementIds.length === 0) return []
  await tx.applicationAssessment.deleteMany({ where: { applicationId, requirementId: { in: requirementIds } } })
  const requirements = await tx.requirement.findMany({
    where: { id: { in: requirementIds } },
    select: { code: true },
    orderBy: [{ chapter: { position: 'asc' } }, { position: 'asc' }, { id: 'asc' }],
  })
  return requirements.map((r) => r.code)
}

/**
 * Withdraws a submitted application (or one under supplementation) before a decision. A draft,
 * never submitted, is discarded instead, with its answers and files: the schema keeps `withdrawn`
 * for applications that were submitted (application_submitted_when).
 */
export async function withdrawApplication(db: PrismaClient, input: { applicationId: number; actor: Actor }): Promise<{ outcome: 'withdrawn' | 'discarded' }> {
  const { outcome, storageKeys } = await inTransaction(db, async (tx) => {
    const { app } = await lockOwnApplication(tx, input.applicationId, input.actor)
    if (app.status === 'draft') {
      const files = await tx.applicationAttachment.findMany({ where: { applicationId: app.id }, select: { storageKey: true } })
      await tx.authorisationApplication.delete({ where: { id: app.id } })
      await recordAudit(tx, input.actor, { action: 'authorisation.draft_discarded', entity: 'authorisation_application', entityId: String(app.id), details: { files: files.length } })
      return { outcome: 'discarded' as const, storageKeys: files.map((f) => f.storageKey) }
    }
    if (app.status !== 'submitted' && app.status !== 'supplementation') {
      throw new ApplicationRefused('notWithdrawable', `application ${app.id} is ${app.status}: it cannot be withdrawn`, { status: app.status })
    }
    await tx.authorisationApplication.update({ where: { id: app.id }, data: { status: 'withdrawn', updatedAt: new Date() } })
    await recordApplicationEvent(tx, { applicationId: app.id, actor: input.actor, kind: 'withdrawn', details: { from: app.status } })
    return { outcome: 'withdrawn' as const, storageKeys: [] as string[] }
  })
  await removeStoredFiles(storageKeys)
  return { outcome }
}

/** An id from the address (`/ansokan/:applicationId`), or null when it cannot be one. */
export function parseApplicationId(param: string | undefined): number | null {
  const parsed = z.coerce.number().int().positive().max(2_147_483_647).safeParse(param)
  return parsed.success && /^\d+$/.test(param ?? '') ? parsed.data : null
}

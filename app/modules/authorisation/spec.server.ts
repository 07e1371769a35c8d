/**
 * The requirement specification (kravbok / förfrågningsunderlag) and its versions: load a whole
 * version from a document, copy a version into a draft, edit the draft (chapters, requirements),
 * delete it, publish it. A published version is frozen: the services refuse first, with a
 * message, and PostgreSQL's triggers are the last guard. One transaction per use case, each
 * written to the audit log (`kravbok.*`). New applications are made against the newest
 * published version (currentPublishedSpec).
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'
import { RequirementRuleSchemas, parseRequirement, type RequirementShape } from './rules.ts'
import { parseSpecDocument, requirementCount, ruleFieldErrors, type RequirementFormErrors, type RequirementInput } from './spec-document.ts'

type Tx = Prisma.TransactionClient

/** Why a use case was refused (t.kravbok.refused); the message is for logs and the command line. */
export type KravbokRefusal = 'notFound' | 'published' | 'versionTaken' | 'emptySpec' | 'emptyChapter' | 'chapterCodeTaken' | 'chapterNotEmpty'

export class KravbokRefused extends Error {
  constructor(
    readonly reason: KravbokRefusal,
    message: string,
    /** The chapters that stand in the way (emptyChapter). */
    readonly chapters: string[] = [],
  ) {
    super(message)
    this.name = 'KravbokRefused'
  }
}

/** A document was not loaded; `problems` lists every one as `path: message`. */
export class KravbokRejected extends Error {
  constructor(readonly problems: string[]) {
    super(`The kravbok was not loaded:\n${problems.join('\n')}`)
    this.name = 'KravbokRejected'
  }
}

export type SpecStatus = 'draft' | 'published'

export interface SpecSummary {
  id: number
  version: string
  title: string
  status: SpecStatus
  createdAt: Date
  publishedAt: Date | null
  basedOn: { id: number; version: string } | null
  requirements: number
  applications: number
  /** The newest published version: what new applications are made against. */
  current: boolean
}

/** A requirement as the pages show it: the rule's shape plus its id, code and texts. */
export type SpecRequirement = RequirementShape & { id: number; code: string; position: number; chapterId: number; textSv: string; textEn: string }

export interface SpecChapter {
  id: number
  code: string
  position: number
  titleSv: string
  titleEn: string
  requirements: SpecRequirement[]
}

export interface SpecDetail extends SpecSummary {
  chapters: SpecChapter[]
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'

/** The newest published version (by publication), with its number of requirements; null when none is published yet. */
export async function currentPublishedSpec(
  db: PrismaClient | Tx,
): Promise<{ id: number; version: string; title: string; publishedAt: Date; requirements: number } | null> {
  const row = await db.requirementSpec.findFirst({
    where: { status: 'published' },
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    select: { id: true, version: true, title: true, publishedAt: true, _count: { select: { requirements: true } } },
  })
  return row && { id: row.id, version: row.version, title: row.title, publishedAt: row.publishedAt!, requirements: row._count.requirements }
}

/** Every version, newest first, with its counts of requirements and of applications made against it. */
export async function listSpecs(db: PrismaClient): Promise<SpecSummary[]> {
  const [rows, current] = await Promise.all([
    db.requirementSpec.findMany({ orderBy: { id: 'desc' }, include: { _count: { select: { requirements: true, applications: true } } } }),
    currentPublishedSpec(db),
  ])
  const versionOf = new Map(rows.map((r) => [r.id, r.version]))
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    title: r.title,
    status: r.status,
    createdAt: r.createdAt,
    publishedAt: r.publishedAt,
    basedOn: r.basedOnId !== null && versionOf.has(r.basedOnId) ? { id: r.basedOnId, version: versionOf.get(r.basedOnId)! } : null,
    requirements: r._count.requirements,
    applications: r._count.applications,
    current: r.id === current?.id,
  }))
}

/** One version with its chapters in order and their requirements in order, each rule parsed; null if there is none. */
export async function specWithRequirements(db: PrismaClient | Tx, specId: number): Promise<SpecDetail | null> {
  const spec = await db.requirementSpec.findUnique({
    where: { id: specId },
    include: {
      _count: { select: { applications: true } },
      chapters: { orderBy: [{ position: 'asc' }, { id: 'asc' }], include: { requirements: { orderBy: [{ position: 'asc' }, { id: 'asc' }] } } },
    },
  })
  if (!spec) return null
  const [basedOn, current] = await Promise.all([
    spec.basedOnId === null ? null : db.requirementSpec.findUnique({ where: { id: spec.basedOnId }, select: { id: true, version: true } }),
    currentPublishedSpec(db),
  ])
  const chapters: SpecChapter[] = spec.chapters.map((c) => ({
    id: c.id,
    code: c.code,
    position: c.position,
    titleSv: c.titleSv,
    titleEn: c.titleEn,
    requirements: c.requirements.map(
      (r) =>
        ({
          ...parseRequirement(r.kind, r.mandatory, r.rule),
          id: r.id,
          code: r.code,
          position: r.position,
          chapterId: r.chapterId,
          textSv: r.textSv,
          textEn: r.textEn,
        }) as SpecRequirement,
    ),
  }))
  return {
    id: spec.id,
    version: spec.version,
    title: spec.title,
    status: spec.status,
    createdAt: spec.createdAt,
    publishedAt: spec.publishedAt,
    basedOn,
    requirements: chapters.reduce((n, c) => n + c.requirements.length, 0),
    applications: spec._count.applications,
    current: spec.id === current?.id,
    chapters,
  }
}

/**
 * Locks a version for a change and refuses unless it is a draft: the service's check, before the
 * trigger that freezes published versions. The lock makes an edit wait for a publication under way.
 */
async function lockDraft(tx: Tx, specId: number): Promise<{ id: number; version: string }> {
  const [row] = await tx.$queryRaw<{ id: number; version: string; status: SpecStatus }[]>`
    SELECT id, version, status::text AS status FROM requirement_spec WHERE id = ${specId} FOR UPDATE`
  if (!row) throw new KravbokRefused('notFound', `there is no kravbok version ${specId}`)
  if (row.status !== 'draft') throw new KravbokRefused('published', `kravbok ${row.version} is published: a published version cannot be changed`)
  return row
}

/** The problems that keep a version from being published: no requirement at all, or an empty chapter. */
async function refuseUnpublishable(tx: Tx, specId: number, version: string): Promise<void> {
  const chapters = await tx.requirementChapter.findMany({ where: { specId }, orderBy: { position: 'asc' }, include: { _count: { select: { requirements: true } } } })
  const total = chapters.reduce((n, c) => n + c._count.requirements, 0)
  if (total === 0) throw new KravbokRefused('emptySpec', `kravbok ${version} has no requirements: there is nothing to publish`)
  const empty = chapters.filter((c) => c._count.requirements === 0).map((c) => c.code)
  if (empty.length) throw new KravbokRefused('emptyChapter', `kravbok ${version} has chapters without requirements: ${empty.join(', ')}`, empty)
}

export interface LoadResult {
  specId: number
  version: string
  chapters: number
  requirements: number
  published: boolean
}

/**
 * Inserts a whole version from a document (the JSON format of spec-document.ts), as a draft or
 * published. Every problem is reported at once (KravbokRejected) and nothing is written.
 */
export async function loadSpecDocument(db: PrismaClient, input: unknown, options: { actor: Actor; publish: boolean }): Promise<LoadResult> {
  const parsed = parseSpecDocument(input)
  if (!parsed.ok) throw new KravbokRejected(parsed.problems)
  const doc = parsed.doc
  if (options.publish) {
    const problems = doc.chapters.flatMap((c, i) => (c.requirements.length === 0 ? [`chapters[${i}].requirements: a published version has no empty chapter`] : []))
    if (problems.length) throw new KravbokRejected(problems)
  }
  try {
    return await db.$transaction(async (tx) => {
      if (await tx.requirementSpec.findUnique({ where: { version: doc.version }, select: { id: true } })) {
        throw new KravbokRejected([`version: ${doc.version} already exists; give the document a new version`])
      }
      const spec = await tx.requirementSpec.create({ data: { version: doc.version, title: doc.title, createdByUserId: options.actor.userId ?? null } })
      for (const [c, chapter] of doc.chapters.entries()) {
        const row = await tx.requirementChapter.create({ data: { specId: spec.id, code: chapter.code, position: c + 1, titleSv: chapter.titleSv, titleEn: chapter.titleEn } })
        await tx.requirement.createMany({
          data: chapter.requirements.map((r, i) => ({
            specId: spec.id,
            chapterId: row.id,
            code: r.code,
            position: i + 1,
            kind: r.kind,
            mandatory: r.mandatory,
            textSv: r.textSv,
            textEn: r.textEn,
            rule: r.rule as Prisma.InputJsonValue,
          })),
        })
      }
      if (options.publish) await publish(tx, spec.id, options.actor)
      const result = { specId: spec.id, version: doc.version, chapters: doc.chapters.length, requirements: requirementCount(doc), published: options.publish }
      await recordAudit(tx, options.actor, { action: 'kravbok.loaded', entity: 'requirement_spec', entityId: String(spec.id), details: { ...result } })
      return result
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new KravbokRejected([`version: ${doc.version} already exists; give the document a new version`])
    throw error
  }
}

/** Copies the chapters and requirements of any version into a new draft; returns the draft's id. */
export async function createDraftFrom(db: PrismaClient, input: { basedOnId: number; version: string; title: string; actor: Actor }): Promise<number> {
  try {
    return await db.$transaction(async (tx) => {
      const base = await tx.requirementSpec.findUnique({
        where: { id: input.basedOnId },
        include: { chapters: { orderBy: { position: 'asc' } }, requirements: { orderBy: { position: 'asc' } } },
      })
      if (!base) throw new KravbokRefused('notFound', `there is no kravbok version ${input.basedOnId} to copy`)
      if (await tx.requirementSpec.findUnique({ where: { version: input.version }, select: { id: true } })) {
        throw new KravbokRefused('versionTaken', `there is already a kravbok version ${input.version}`)
      }
      const spec = await tx.requirementSpec.create({ data: { version: input.version, title: input.title, basedOnId: base.id, createdByUserId: input.actor.userId ?? null } })
      const chapterIds = new Map<number, number>()
      for (const c of base.chapters) {
        const row = await tx.requirementChapter.create({ data: { specId: spec.id, code: c.code, position: c.position, titleSv: c.titleSv, titleEn: c.titleEn } })
        chapterIds.set(c.id, row.id)
      }
      await tx.requirement.createMany({
        data: base.requirements.map((r) => ({
          specId: spec.id,
          chapterId: chapterIds.get(r.chapterId)!,
          code: r.code,
          position: r.position,
          kind: r.kind,
          mandatory: r.mandatory,
          textSv: r.textSv,
          textEn: r.textEn,
          rule: r.rule as Prisma.InputJsonValue,
        })),
      })
      await recordAudit(tx, input.actor, {
        action: 'kravbok.draft_created',
        entity: 'requirement_spec',
        entityId: String(spec.id),
        details: { version: input.version, basedOn: base.version, chapters: base.chapters.length, requirements: base.requirements.length },
      })
      return spec.id
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new KravbokRefused('versionTaken', `there is already a kravbok version ${input.version}`)
    throw error
  }
}

/** Adds a chapter at the end of a draft; returns its id. */
export async function addChapter(db: PrismaClient, input: { specId: number; code: string; titleSv: string; titleEn: string; actor: Actor }): Promise<number> {
  const taken = () => new KravbokRefused('chapterCodeTaken', `the draft already has a chapter ${input.code}`)
  try {
    return await db.$transaction(async (tx) => {
      await lockDraft(tx, input.specId)
      if (await tx.requirementChapter.findUnique({ where: { specId_code: { specId: input.specId, code: input.code } }, select: { id: true } })) throw taken()
      const last = await tx.requirementChapter.aggregate({ where: { specId: input.specId }, _max: { position: true } })
      const row = await tx.requirementChapter.create({
        data: { specId: input.specId, code: input.code, position: (last._max.position ?? 0) + 1, titleSv: input.titleSv, titleEn: input.titleEn },
      })
      await recordAudit(tx, input.actor, { action: 'kravbok.chapter_added', entity: 'requirement_spec', entityId: String(input.specId), details: { chapter: input.code } })
      return row.id
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw taken()
    throw error
  }
}

/** Removes an empty chapter from a draft (an empty chapter keeps a draft from being published). */
export async function deleteChapter(db: PrismaClient, input: { specId: number; chapterId: number; actor: Actor }): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockDraft(tx, input.specId)
    const row = await tx.requirementChapter.findFirst({ where: { id: input.chapterId, specId: input.specId }, include: { _count: { select: { requirements: true } } } })
    if (!row) throw new KravbokRefused('notFound', `there is no chapter ${input.chapterId} in this version`)
    if (row._count.requirements > 0) throw new KravbokRefused('chapterNotEmpty', `chapter ${row.code} has requirements: delete them first`, [row.code])
    await tx.requirementChapter.delete({ where: { id: row.id } })
    await recordAudit(tx, input.actor, {
      action: 'kravbok.chapter_deleted',
      entity: 'requirement_spec',
      entityId: String(input.specId),
      details: { chapter: row.code },
    })
  })
}

export type SaveRequirementResult = { ok: true; id: number } | { ok: false; errors: RequirementFormErrors }

/**
 * Creates a requirement in a draft (at the end of its chapter), or updates one
 * (`requirementId`). The rule is validated for its kind; problems come back as field errors
 * (codes of t.kravbok.errors). A published version is refused (KravbokRefused 'published').
 */
export async function saveRequirement(
  db: PrismaClient,
  input: { specId: number; requirementId?: number; requirement: RequirementInput; actor: Actor },
): Promise<SaveRequirementResult> {
  const r = input.requirement
  try {
    return await db.$transaction(async (tx): Promise<SaveRequirementResult> => {
      await lockDraft(tx, input.specId)
      const existing = input.requirementId === undefined ? null : await tx.requirement.findFirst({ where: { id: input.requirementId, specId: input.specId } })
      if (input.requirementId !== undefined && !existing) throw new KravbokRefused('notFound', `there is no requirement ${input.requirementId} in this version`)
      const errors: RequirementFormErrors = {}
      const rule = RequirementRuleSchemas[r.kind].safeParse(r.rule)
      if (!rule.success) Object.assign(errors, ruleFieldErrors(rule.error))
      const chapter = await tx.requirementChapter.findFirst({ where: { id: r.chapterId, specId: input.specId }, select: { id: true } })
      if (!chapter) errors.chapterId = 'chapterMissing'
      const clash = await tx.requirement.findFirst({ where: { specId: input.specId, code: r.code, NOT: { id: input.requirementId ?? -1 } }, select: { id: true } })
      if (clash) errors.code = 'codeTaken'
      if (!rule.success || Object.keys(errors).length) return { ok: false, errors }
      const moved = !existing || existing.chapterId !== r.chapterId
      const position = moved
        ? ((await tx.requirement.aggregate({ where: { chapterId: r.chapterId }, _max: { position: true } }))._max.position ?? 0) + 1
        : existing.position
      const data = {
        chapterId: r.chapterId,
        code: r.code,
        position,
        kind: r.kind,
        mandatory: r.mandatory,
        textSv: r.textSv,
        textEn: r.textEn,
        rule: rule.data as Prisma.InputJsonValue,
      }
      const row = existing ? await tx.requirement.update({ where: { id: existing.id }, data }) : await tx.requirement.create({ data: { specId: input.specId, ...data } })
      await recordAudit(tx, input.actor, {
        action: existing ? 'kravbok.requirement_updated' : 'kravbok.requirement_added',
        entity: 'requirement',
        entityId: String(row.id),
        details: { specId: input.specId, code: r.code, kind: r.kind, mandatory: r.mandatory },
      })
      return { ok: true, id: row.id }
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { code: 'codeTaken' } }
    throw error
  }
}

/** Removes a requirement from a draft. */
export async function deleteRequirement(db: PrismaClient, input: { specId: number; requirementId: number; actor: Actor }): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockDraft(tx, input.specId)
    const row = await tx.requirement.findFirst({ where: { id: input.requirementId, specId: input.specId } })
    if (!row) throw new KravbokRefused('notFound', `there is no requirement ${input.requirementId} in this version`)
    await tx.requirement.delete({ where: { id: row.id } })
    await recordAudit(tx, input.actor, { action: 'kravbok.requirement_deleted', entity: 'requirement', entityId: String(row.id), details: { specId: input.specId, code: row.code } })
  })
}

/** Deletes a draft with its chapters and requirements. A published version cannot be deleted. */
export async function deleteDraft(db: PrismaClient, input: { specId: number; actor: Actor }): Promise<void> {
  await db.$transaction(async (tx) => {
    const spec = await lockDraft(tx, input.specId)
    await tx.requirementSpec.delete({ where: { id: spec.id } })
    await recordAudit(tx, input.actor, { action: 'kravbok.draft_deleted', entity: 'requirement_spec', entityId: String(spec.id), details: { version: spec.version } })
  })
}

async function publish(tx: Tx, specId: number, actor: Actor): Promise<void> {
  await tx.requirementSpec.update({ where: { id: specId }, data: { status: 'published', publishedAt: new Date(), publishedByUserId: actor.userId ?? null } })
}

/**
 * Publishes a draft: from now on it is frozen, and new applications are made against it. Only a
 * draft with at least one requirement and no empty chapter is published.
 */
export async function publishSpec(db: PrismaClient, input: { specId: number; actor: Actor }): Promise<{ version: string; requirements: number }> {
  return db.$transaction(async (tx) => {
    const spec = await lockDraft(tx, input.specId)
    await refuseUnpublishable(tx, spec.id, spec.version)
    await publish(tx, spec.id, input.actor)
    const requirements = await tx.requirement.count({ where: { specId: spec.id } })
    await recordAudit(tx, input.actor, { action: 'kravbok.published', entity: 'requirement_spec', entityId: String(spec.id), details: { version: spec.version, requirements } })
    return { version: spec.version, requirements }
  })
}

/** The id of a version by its name (the command line names versions), or null. */
export async function specIdByVersion(db: PrismaClient, version: string): Promise<number | null> {
  return (await db.requirementSpec.findUnique({ where: { version }, select: { id: true } }))?.id ?? null
}

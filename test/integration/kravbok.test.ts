/**
 * The kravbok on the real database: a version loaded from a document (or every problem listed and
 * nothing written), copied into a draft, edited, published; a published version refused by the
 * services and by PostgreSQL alike; applications only against a published version; the command line.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import type { Actor } from '../../app/modules/audit/audit.server.ts'
import { demoSpecDocument } from '../../app/modules/authorisation/demo-spec.ts'
import type { RequirementInput } from '../../app/modules/authorisation/spec-document.ts'
import {
  KravbokRefused,
  KravbokRejected,
  addChapter,
  createDraftFrom,
  currentPublishedSpec,
  deleteChapter,
  deleteDraft,
  deleteRequirement,
  listSpecs,
  loadSpecDocument,
  publishSpec,
  saveRequirement,
  specIdByVersion,
  specWithRequirements,
} from '../../app/modules/authorisation/spec.server.ts'
import { loadDemoKravbok } from '../../app/modules/demo/load.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { testUser } from '../support/authorisation-fixture.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
let prisma: PrismaClient
let actor: Actor
let applicantUserId: number
const dir = mkdtempSync(join(tmpdir(), 'vardval-kravbok-'))

beforeAll(async () => {
  db = await createTestDatabase('kravbok')
  prisma = createPrisma(db.url)
  actor = { kind: 'user', userId: await testUser(prisma, 'commissioner') }
  applicantUserId = await testUser(prisma, 'applicant')
})

afterAll(async () => {
  await prisma?.$disconnect()
  await db?.drop()
})

async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
  return Number((await sql<{ n: string }>(db.url, `SELECT count(*) AS n FROM ${table} WHERE ${where}`, params))[0]!.n)
}

/** Rejects with the error the promise fails with, for its fields to be asserted. */
async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('expected a failure')
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await failure(promise)
  expect(error).toBeInstanceOf(KravbokRefused)
  return (error as unknown as KravbokRefused).reason
}

const numberRequirement = (chapterId: number, code: string, rule: Record<string, unknown>): RequirementInput => ({
  code,
  chapterId,
  kind: 'number',
  mandatory: true,
  textSv: 'Antal läkare i tjänst på kvällar.',
  textEn: 'Doctors on duty in the evenings.',
  rule,
})

describe('loading a document', () => {
  it('stores a whole version as a draft: chapters and requirements in order, rules with their defaults, audited', async () => {
    const r = await loadSpecDocument(prisma, demoSpecDocument('LOAD:1'), { actor, publish: false })
    expect(r).toMatchObject({ version: 'LOAD:1', chapters: 11, requirements: 45, published: false })
    const spec = await specWithRequirements(prisma, r.specId)
    expect(spec).toMatchObject({ status: 'draft', publishedAt: null, requirements: 45, applications: 0, current: false })
    expect(spec!.chapters.map((c) => [c.position, c.code])).toEqual(
      ['admission', 'mission', 'conditions', 'management', 'staffing', 'premises', 'it', 'interpreters', 'insurance', 'subcontractors', 'follow_up'].map((c, i) => [i + 1, c]),
    )
    const conditions = spec!.chapters[2]!
    expect(conditions.requirements.map((q) => [q.position, q.code])).toEqual([
      [1, '3.1'],
      [2, '3.2'],
      [3, '3.3'],
      [4, '3.4'],
      [5, '3.5'],
    ])
    expect(conditions.requirements[0]).toMatchObject({ kind: 'number', mandatory: true, rule: { min: '40', max: '168', unitSv: 'timmar/vecka', integer: false } })
    const stored = await sql<{ rule: unknown }>(db.url, `SELECT rule FROM requirement WHERE spec_id = $1 AND code = '4.2'`, [r.specId])
    expect(stored[0]!.rule).toEqual({ minFiles: 1 })
    expect(await count('audit_log', `action = 'kravbok.loaded' AND entity_id = $1`, [String(r.specId)])).toBe(1)
  })

  it('lists every problem with its path and writes nothing', async () => {
    const doc = demoSpecDocument('LOAD:bad') as unknown as { chapters: { code: string; requirements: { rule: Record<string, unknown>; code: string }[] }[] }
    doc.chapters[2]!.requirements[0]!.rule.min = 'fyrtio'
    doc.chapters[4]!.requirements[1]!.code = '5.1'
    doc.chapters[6]!.requirements[0]!.rule.accepted = ['cosmic']
    const before = await count('requirement_spec')
    const error = await failure(loadSpecDocument(prisma, doc, { actor, publish: true }))
    expect(error).toBeInstanceOf(KravbokRejected)
    expect((error as unknown as KravbokRejected).problems).toEqual([
      'chapters[2].requirements[0].rule.min: not a decimal',
      'chapters[4].requirements[1].code: 5.1 is also the code of chapters[4].requirements[0]',
      'chapters[6].requirements[0].rule.accepted: names a value that is not an option',
    ])
    expect(await count('requirement_spec')).toBe(before)
    expect(await count('requirement_spec', `version = 'LOAD:bad'`)).toBe(0)
  })

  it('refuses a version that exists, and an empty chapter in a version to publish', async () => {
    const again = await failure(loadSpecDocument(prisma, demoSpecDocument('LOAD:1'), { actor, publish: false }))
    expect((again as unknown as KravbokRejected).problems).toEqual(['version: LOAD:1 already exists; give the document a new version'])
    const doc = demoSpecDocument('LOAD:empty')
    doc.chapters[3]!.requirements = []
    const empty = await failure(loadSpecDocument(prisma, doc, { actor, publish: true }))
    expect((empty as unknown as KravbokRejected).problems).toEqual(['chapters[3].requirements: a published version has no empty chapter'])
    expect(await specIdByVersion(prisma, 'LOAD:empty')).toBeNull()
  })
})

describe('a draft from a copy, edited and published', () => {
  let baseId: number
  let draftId: number

  beforeAll(async () => {
    baseId = (await loadSpecDocument(prisma, demoSpecDocument('BASE:1'), { actor, publish: true })).specId
  })

  it('copies the chapters and requirements of a published version into a new draft', async () => {
    draftId = await createDraftFrom(prisma, { basedOnId: baseId, version: 'BASE:2', title: 'Förfrågningsunderlag 2028', actor })
    const [base, draft] = await Promise.all([specWithRequirements(prisma, baseId), specWithRequirements(prisma, draftId)])
    expect(draft).toMatchObject({ version: 'BASE:2', title: 'Förfrågningsunderlag 2028', status: 'draft', basedOn: { id: baseId, version: 'BASE:1' }, requirements: 45 })
    const strip = (s: typeof base) => s!.chapters.map((c) => ({ ...c, id: 0, requirements: c.requirements.map((q) => ({ ...q, id: 0, chapterId: 0 })) }))
    expect(strip(draft)).toEqual(strip(base))
    const baseIds = new Set(base!.chapters.map((c) => c.id))
    expect(draft!.chapters.filter((c) => baseIds.has(c.id))).toEqual([])
    expect(await count('audit_log', `action = 'kravbok.draft_created' AND entity_id = $1`, [String(draftId)])).toBe(1)
  })

  it('refuses a version name that is taken and a base that does not exist', async () => {
    expect(await refusal(createDraftFrom(prisma, { basedOnId: baseId, version: 'BASE:1', title: 'x', actor }))).toBe('versionTaken')
    expect(await refusal(createDraftFrom(prisma, { basedOnId: 999_999, version: 'BASE:9', title: 'x', actor }))).toBe('notFound')
  })

  it('adds a chapter at the end, refusing a code the version has', async () => {
    const id = await addChapter(prisma, { specId: draftId, code: 'evening', titleSv: 'Kvällsmottagning', titleEn: 'Evening clinic', actor })
    const row = await prisma.requirementChapter.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ specId: draftId, code: 'evening', position: 12 })
    expect(await refusal(addChapter(prisma, { specId: draftId, code: 'it', titleSv: 'IT', titleEn: 'IT', actor }))).toBe('chapterCodeTaken')
  })

  it('will not publish a draft with an empty chapter', async () => {
    const error = await failure(publishSpec(prisma, { specId: draftId, actor }))
    expect(error).toMatchObject({ reason: 'emptyChapter', chapters: ['evening'] })
    expect((await prisma.requirementSpec.findUniqueOrThrow({ where: { id: draftId } })).status).toBe('draft')
  })

  it('saves a requirement only with a valid rule, a chapter of the version and a free code', async () => {
    const evening = (await prisma.requirementChapter.findFirstOrThrow({ where: { specId: draftId, code: 'evening' } })).id
    const otherChapter = (await prisma.requirementChapter.findFirstOrThrow({ where: { specId: baseId, code: 'it' } })).id
    const bad = await saveRequirement(prisma, { specId: draftId, requirement: numberRequirement(evening, '12.1', { min: '3', max: '2', unitSv: 'läkare', unitEn: 'doctors' }), actor })
    expect(bad).toEqual({ ok: false, errors: { max: 'minAboveMax' } })
    const clash = await saveRequirement(prisma, { specId: draftId, requirement: numberRequirement(otherChapter, '3.1', { unitSv: 'läkare', unitEn: '' }), actor })
    expect(clash).toEqual({ ok: false, errors: { unitEn: 'required', chapterId: 'chapterMissing', code: 'codeTaken' } })
    expect(await count('requirement', `spec_id = $1`, [draftId])).toBe(45)

    const ok = await saveRequirement(prisma, { specId: draftId, requirement: numberRequirement(evening, '12.1', { min: '1', max: '2,5', unitSv: 'läkare', unitEn: 'doctors' }), actor })
    expect(ok.ok).toBe(true)
    const id = (ok as { id: number }).id
    const row = await prisma.requirement.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ specId: draftId, chapterId: evening, position: 1, kind: 'number', mandatory: true, rule: { min: '1', max: '2.5', unitSv: 'läkare', unitEn: 'doctors', integer: false } })
    expect(await count('audit_log', `action = 'kravbok.requirement_added' AND entity_id = $1`, [String(id)])).toBe(1)

    // Changed into another kind, moved to another chapter (at its end).
    const it7 = (await prisma.requirementChapter.findFirstOrThrow({ where: { specId: draftId, code: 'it' } })).id
    const changed = await saveRequirement(prisma, {
      specId: draftId,
      requirementId: id,
      requirement: { code: '7.4', chapterId: it7, kind: 'text', mandatory: false, textSv: 'Beskriv er IT-säkerhet.', textEn: 'Describe your IT security.', rule: { minLength: 50 } },
      actor,
    })
    expect(changed).toEqual({ ok: true, id })
    expect(await prisma.requirement.findUniqueOrThrow({ where: { id } })).toMatchObject({ code: '7.4', chapterId: it7, position: 4, kind: 'text', mandatory: false, rule: { minLength: 50, maxLength: 4000 } })
    expect(await count('audit_log', `action = 'kravbok.requirement_updated' AND entity_id = $1`, [String(id)])).toBe(1)
    // Its own code is not a clash.
    expect(await saveRequirement(prisma, { specId: draftId, requirementId: id, requirement: { code: '7.4', chapterId: it7, kind: 'declaration', mandatory: true, textSv: 'a', textEn: 'b', rule: {} }, actor })).toEqual({ ok: true, id })
  })

  it('deletes a requirement and an empty chapter; a chapter with requirements stays', async () => {
    const evening = (await prisma.requirementChapter.findFirstOrThrow({ where: { specId: draftId, code: 'evening' } })).id
    const it7 = await prisma.requirementChapter.findFirstOrThrow({ where: { specId: draftId, code: 'it' }, include: { requirements: true } })
    expect(await refusal(deleteChapter(prisma, { specId: draftId, chapterId: it7.id, actor }))).toBe('chapterNotEmpty')
    const added = it7.requirements.find((q) => q.code === '7.4')!
    await deleteRequirement(prisma, { specId: draftId, requirementId: added.id, actor })
    expect(await count('requirement', `id = $1`, [added.id])).toBe(0)
    expect(await refusal(deleteRequirement(prisma, { specId: draftId, requirementId: added.id, actor }))).toBe('notFound')
    await deleteChapter(prisma, { specId: draftId, chapterId: evening, actor })
    expect(await count('requirement_chapter', `spec_id = $1`, [draftId])).toBe(11)
  })

  it('publishes the draft: status, when, by whom; it is then what new applications are made against', async () => {
    const r = await publishSpec(prisma, { specId: draftId, actor })
    expect(r).toEqual({ version: 'BASE:2', requirements: 45 })
    const row = await prisma.requirementSpec.findUniqueOrThrow({ where: { id: draftId } })
    expect(row.status).toBe('published')
    expect(row.publishedAt).toBeInstanceOf(Date)
    expect(row.publishedByUserId).toBe(actor.userId)
    expect((await currentPublishedSpec(prisma))?.id).toBe(draftId)
    const listed = await listSpecs(prisma)
    expect(listed.filter((s) => s.current).map((s) => s.version)).toEqual(['BASE:2'])
    expect(await count('audit_log', `action = 'kravbok.published' AND entity_id = $1`, [String(draftId)])).toBe(1)
  })

  it('refuses every change to a published version in the service', async () => {
    const chapter = await prisma.requirementChapter.findFirstOrThrow({ where: { specId: draftId, code: 'it' }, include: { requirements: true } })
    const req = chapter.requirements[0]!
    expect(await refusal(addChapter(prisma, { specId: draftId, code: 'late', titleSv: 'Sent', titleEn: 'Late', actor }))).toBe('published')
    expect(await refusal(saveRequirement(prisma, { specId: draftId, requirement: numberRequirement(chapter.id, '7.9', { unitSv: 'st', unitEn: 'pcs' }), actor }))).toBe('published')
    expect(await refusal(saveRequirement(prisma, { specId: draftId, requirementId: req.id, requirement: numberRequirement(chapter.id, req.code, { unitSv: 'st', unitEn: 'pcs' }), actor }))).toBe('published')
    expect(await refusal(deleteRequirement(prisma, { specId: draftId, requirementId: req.id, actor }))).toBe('published')
    expect(await refusal(deleteChapter(prisma, { specId: draftId, chapterId: chapter.id, actor }))).toBe('published')
    expect(await refusal(deleteDraft(prisma, { specId: draftId, actor }))).toBe('published')
    expect(await refusal(publishSpec(prisma, { specId: draftId, actor }))).toBe('published')
    expect((await failure(saveRequirement(prisma, { specId: draftId, requirement: numberRequirement(chapter.id, '7.9', {}), actor }))).message).toBe(
      'kravbok BASE:2 is published: a published version cannot be changed',
    )
    expect(await count('requirement', `spec_id = $1`, [draftId])).toBe(45)
  })

  it('is refused by PostgreSQL too: the version, its chapters and its requirements neither change nor go', async () => {
    const frozen = /is published/
    await expect(sql(db.url, `UPDATE requirement_spec SET title = 'Ändrad' WHERE id = $1`, [draftId])).rejects.toThrow(frozen)
    await expect(sql(db.url, `UPDATE requirement_spec SET status = 'draft', published_at = NULL WHERE id = $1`, [draftId])).rejects.toThrow(frozen)
    await expect(sql(db.url, `DELETE FROM requirement_spec WHERE id = $1`, [draftId])).rejects.toThrow(frozen)
    await expect(sql(db.url, `UPDATE requirement_chapter SET title_sv = 'Ändrad' WHERE spec_id = $1`, [draftId])).rejects.toThrow(frozen)
    await expect(sql(db.url, `DELETE FROM requirement_chapter WHERE spec_id = $1`, [draftId])).rejects.toThrow(frozen)
    await expect(sql(db.url, `INSERT INTO requirement_chapter (spec_id, code, position, title_sv, title_en) VALUES ($1, 'late', 99, 'Sent', 'Late')`, [draftId])).rejects.toThrow(frozen)
    await expect(sql(db.url, `UPDATE requirement SET rule = '{"min": "20", "unitSv": "h", "unitEn": "h"}' WHERE spec_id = $1 AND code = '3.1'`, [draftId])).rejects.toThrow(frozen)
    await expect(sql(db.url, `UPDATE requirement SET mandatory = false WHERE spec_id = $1`, [draftId])).rejects.toThrow(frozen)
    await expect(sql(db.url, `DELETE FROM requirement WHERE spec_id = $1 AND code = '1.1'`, [draftId])).rejects.toThrow(frozen)
    await expect(
      sql(db.url, `INSERT INTO requirement (spec_id, chapter_id, code, position, kind, mandatory, text_sv, text_en, rule) SELECT spec_id, id, '1.9', 9, 'declaration', true, 'a', 'b', '{}' FROM requirement_chapter WHERE spec_id = $1 AND code = 'admission'`, [draftId]),
    ).rejects.toThrow(frozen)
    const rows = await sql<{ title: string; rule: unknown }>(db.url, `SELECT s.title, r.rule FROM requirement_spec s JOIN requirement r ON r.spec_id = s.id WHERE s.id = $1 AND r.code = '3.1'`, [draftId])
    expect(rows).toEqual([{ title: 'Förfrågningsunderlag 2028', rule: { min: '40', max: '168', unitSv: 'timmar/vecka', unitEn: 'hours/week', integer: false } }])
  })
})

describe('applications and versions', () => {
  it('are made only against a published version (the trigger), and counted per version', async () => {
    const published = (await loadSpecDocument(prisma, demoSpecDocument('APP:1'), { actor, publish: true })).specId
    const draft = await createDraftFrom(prisma, { basedOnId: published, version: 'APP:2', title: 'Utkast', actor })
    await expect(sql(db.url, `INSERT INTO authorisation_application (spec_id, applicant_user_id) VALUES ($1, $2)`, [draft, applicantUserId])).rejects.toThrow(
      'an application is made against a published requirement spec',
    )
    await sql(db.url, `INSERT INTO authorisation_application (spec_id, applicant_user_id) VALUES ($1, $2)`, [published, applicantUserId])
    const listed = await listSpecs(prisma)
    expect(listed.find((s) => s.id === published)).toMatchObject({ applications: 1, requirements: 45, status: 'published' })
    expect(listed.find((s) => s.id === draft)).toMatchObject({ applications: 0, requirements: 45, status: 'draft', basedOn: { id: published, version: 'APP:1' } })
    // Newest first.
    expect(listed.findIndex((s) => s.id === draft)).toBeLessThan(listed.findIndex((s) => s.id === published))
  })

  it('deletes a draft with its chapters and requirements; an empty draft cannot be published', async () => {
    const published = (await specIdByVersion(prisma, 'APP:1'))!
    const draft = (await specIdByVersion(prisma, 'APP:2'))!
    await deleteDraft(prisma, { specId: draft, actor })
    expect(await count('requirement_spec', `id = $1`, [draft])).toBe(0)
    expect(await count('requirement_chapter', `spec_id = $1`, [draft])).toBe(0)
    expect(await count('requirement', `spec_id = $1`, [draft])).toBe(0)
    expect(await count('requirement', `spec_id = $1`, [published])).toBe(45)
    expect(await count('audit_log', `action = 'kravbok.draft_deleted' AND entity_id = $1`, [String(draft)])).toBe(1)

    const empty = await createDraftFrom(prisma, { basedOnId: published, version: 'APP:3', title: 'Tom', actor })
    for (const c of await prisma.requirementChapter.findMany({ where: { specId: empty }, include: { requirements: true } })) {
      for (const q of c.requirements) await deleteRequirement(prisma, { specId: empty, requirementId: q.id, actor })
    }
    expect(await refusal(publishSpec(prisma, { specId: empty, actor }))).toBe('emptySpec')
  })
})

describe('the demo load', () => {
  it('publishes the demo kravbok 2027:1 once; a second load changes nothing', async () => {
    const log: string[] = []
    await loadDemoKravbok(prisma, (line) => log.push(line))
    await loadDemoKravbok(prisma, (line) => log.push(line))
    expect(log).toEqual(['  kravbok 2027:1: 11 chapters, 45 requirements, published', '  kravbok 2027:1: already loaded'])
    const spec = await prisma.requirementSpec.findUniqueOrThrow({ where: { version: '2027:1' }, include: { _count: { select: { requirements: true } } } })
    expect(spec).toMatchObject({ title: 'Förfrågningsunderlag vårdval primärvård 2027', status: 'published', _count: { requirements: 45 } })
  })
})

describe('npm run cli -- kravbok', () => {
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/index.ts', 'kravbok', ...args], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    })
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
  }

  it('loads a document as a draft and prints its id and counts', async () => {
    const file = join(dir, 'kravbok.json')
    writeFileSync(file, JSON.stringify(demoSpecDocument('CLI:1', 'Kravbok från kommandoraden')))
    const r = cli('load', file)
    expect(r.stderr).toBe('')
    const id = await specIdByVersion(prisma, 'CLI:1')
    expect(r).toMatchObject({ status: 0, stdout: `Loaded kravbok CLI:1 (id ${id}): 11 chapters, 45 requirements, a draft (not published).\n` })
    expect((await prisma.requirementSpec.findUniqueOrThrow({ where: { id: id! } })).status).toBe('draft')
  })

  it('lists every problem of a bad document and exits 1, writing nothing', async () => {
    const doc = demoSpecDocument('CLI:bad') as unknown as { title: string; chapters: { requirements: { kind: string; rule: unknown }[] }[] }
    doc.title = ''
    doc.chapters[0]!.requirements[0]!.kind = 'signature'
    doc.chapters[8]!.requirements[2]!.rule = { min: '10', max: '5', unitSv: 'miljoner kronor', unitEn: 'million kronor' }
    const file = join(dir, 'bad.json')
    writeFileSync(file, JSON.stringify(doc))
    const r = cli('load', file, '--publish')
    expect(r.status).toBe(1)
    expect(r.stderr).toBe(
      'The kravbok was not loaded: nothing was written.\n' +
        'chapters[0].requirements[0].kind: must be one of declaration, number, choice, document, text\n' +
        'chapters[8].requirements[2].rule.max: is below the minimum\n' +
        'title: must not be empty\n',
    )
    expect(await specIdByVersion(prisma, 'CLI:bad')).toBeNull()
    writeFileSync(file, '{"version": "CLI:x", ')
    expect(cli('load', file)).toMatchObject({ status: 1, stderr: expect.stringMatching(/^The kravbok was not loaded: nothing was written\.\n\(document\): invalid JSON: /) })
  })

  it('publishes a version by name, once', async () => {
    const id = await specIdByVersion(prisma, 'CLI:1')
    const r = cli('publish', '--version', 'CLI:1')
    expect(r.stderr).toBe('')
    expect(r).toMatchObject({ status: 0, stdout: `Published kravbok CLI:1 (id ${id}) with 45 requirements; new applications are made against it.\n` })
    expect((await currentPublishedSpec(prisma))?.version).toBe('CLI:1')
    expect(cli('publish', '--version', 'CLI:1')).toMatchObject({
      status: 1,
      stderr: 'Kravbok CLI:1 was not published: kravbok CLI:1 is published: a published version cannot be changed.\n',
    })
    expect(cli('publish', '--version', 'CLI:none')).toMatchObject({ status: 1, stderr: 'There is no kravbok version CLI:none.\n' })
  })

  it('loads and publishes in one step, lists the versions, and answers a usage error with exit 2', async () => {
    const file = join(dir, 'kravbok-2.json')
    writeFileSync(file, JSON.stringify(demoSpecDocument('CLI:2', 'Andra')))
    expect(cli('load', file, '--publish')).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Loaded kravbok CLI:2 \(id \d+\): 11 chapters, 45 requirements, published\.\n$/) })
    const list = cli('list')
    expect(list.status).toBe(0)
    const lines = list.stdout.trim().split('\n')
    expect(lines).toHaveLength((await listSpecs(prisma)).length)
    expect(lines[0]).toMatch(/^\s*\d+ {2}CLI:2 +published \d{4}-\d{2}-\d{2} +45 requirements +0 applications {2}\(new applications\) {2}Andra$/)
    expect(lines.find((l) => l.includes('CLI:1 '))).toMatch(/published \d{4}-\d{2}-\d{2} +45 requirements +0 applications {2}Kravbok från kommandoraden$/)
    const usage = cli('burn')
    expect(usage.status).toBe(2)
    expect(usage.stderr).toContain('kravbok: use `kravbok load FILE.json [--publish]`')
    expect(cli('publish').status).toBe(2)
  })
})

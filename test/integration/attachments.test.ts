/**
 * Attachments on the real database and a temporary ATTACHMENT_DIR: an accepted PDF is on disk
 * under its storage key with the sha256 recorded; a refused file (wrong type by content, too
 * large, not a PDF, truncated, encrypted) leaves neither row nor file; deletion; the freeze after
 * submission; and who may download (owner and the region yes, another applicant as if missing).
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import type { Actor } from '../../app/modules/audit/audit.server.ts'
import { ApplicationNotFound, ApplicationRefused, applicationAnswers, submitApplication } from '../../app/modules/authorisation/application.server.ts'
import {
  AttachmentRefused,
  BodyTooLarge,
  MAX_FILES_PER_APPLICATION,
  MAX_FILES_PER_REQUIREMENT,
  addAttachment,
  contentDisposition,
  readAttachment,
  readFormWithLimit,
  removeAttachment,
  sanitiseFileName,
  type AttachmentStore,
} from '../../app/modules/authorisation/attachments.server.ts'
import { applicationTimeline } from '../../app/modules/authorisation/timeline.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { filledDraft, publishedTestSpec, tearDownTestDatabase, testUser, tinyPdf, type TestSpec } from '../support/authorisation-fixture.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

const appPrefix = vi.hoisted(() => {
  const prefix = `test-attachments-${Math.random().toString(16).slice(2, 10)}`
  process.env.QUEUE_PREFIX = prefix
  return prefix
})

let db: TestDatabase
let prisma: PrismaClient
let spec: TestSpec
let applicant: number
let other: number
let commissioner: number
let store: AttachmentStore
const as = (userId: number): Actor => ({ kind: 'user', userId })
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')

const files = () => readdirSync(store.dir)
const rows = (applicationId: number) => sql<{ id: number }>(db.url, 'SELECT id FROM application_attachment WHERE application_id = $1', [applicationId])

async function refused(promise: Promise<unknown>): Promise<AttachmentRefused> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AttachmentRefused)
  return error as AttachmentRefused
}

beforeAll(async () => {
  db = await createTestDatabase('attachments')
  prisma = createPrisma(db.url)
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04')`)
  spec = await publishedTestSpec(prisma)
  applicant = await testUser(prisma)
  other = await testUser(prisma)
  commissioner = await testUser(prisma, 'commissioner')
  store = { dir: join(mkdtempSync(join(tmpdir(), 'vardval-attachments-')), 'nested', 'dir'), maxBytes: 4096 }
})

afterAll(async () => {
  await tearDownTestDatabase({ prisma, db, queuePrefix: appPrefix })
  rmSync(join(store.dir, '..', '..'), { recursive: true, force: true })
})

describe('uploading', () => {
  it('stores an accepted PDF under a random key (creating the directory), with its sha256, on the timeline', async () => {
    const applicationId = await filledDraft(prisma, spec, applicant, '0480')
    const pdf = tinyPdf()
    const added = await addAttachment(prisma, { applicationId, requirementId: spec.req.document, fileName: 'C:\\Users\\petra\\Försäkringsbrev 2027.pdf', bytes: pdf, actor: as(applicant), store })
    expect(added.fileName).toBe('Försäkringsbrev 2027.pdf')
    expect(added.storageKey).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(added.sha256).toBe(createHash('sha256').update(pdf).digest('hex'))
    expect(files()).toEqual([added.storageKey])
    expect(readFileSync(join(store.dir, added.storageKey)).equals(pdf)).toBe(true)
    const [row] = await sql<{ file_name: string; sha256: string; size_bytes: number; uploaded_by_user_id: number }>(
      db.url,
      'SELECT file_name, sha256, size_bytes, uploaded_by_user_id FROM application_attachment WHERE id = $1',
      [added.id],
    )
    expect(row).toEqual({ file_name: 'Försäkringsbrev 2027.pdf', sha256: added.sha256, size_bytes: pdf.length, uploaded_by_user_id: applicant })
    const answer = (await applicationAnswers(prisma, applicationId)).find((r) => r.requirementId === spec.req.document)!
    expect(answer.check).toEqual({ status: 'pass' })
    expect(answer.attachments.map((a) => a.id)).toEqual([added.id])
    const timeline = await applicationTimeline(prisma, applicationId)
    expect(timeline.at(-1)).toMatchObject({ kind: 'attachment_added', details: { attachmentId: added.id, requirement: '3.1', sizeBytes: pdf.length } })
    await removeAttachment(prisma, { applicationId, attachmentId: added.id, actor: as(applicant), store })
  })

  it('refuses by content, whatever the name, and writes nothing: no row, no file', async () => {
    const applicationId = await filledDraft(prisma, spec, applicant, '0480')
    const before = files()
    const attempt = (bytes: Uint8Array, fileName = 'bilaga.pdf') => addAttachment(prisma, { applicationId, requirementId: spec.req.document, fileName, bytes, actor: as(applicant), store })
    expect((await refused(attempt(PNG, 'x.pdf'))).code).toBe('notPdf')
    expect((await refused(attempt(Buffer.from('Detta är ingen PDF.\n%%EOF\n'), 'intyg.pdf'))).code).toBe('notPdf')
    expect((await refused(attempt(tinyPdf().subarray(0, 200)))).code).toBe('truncated')
    expect((await refused(attempt(Buffer.from(tinyPdf().toString('latin1').replace('/Root 1 0 R', '/Root 1 0 R /Encrypt 9 0 R'), 'latin1')))).code).toBe('encrypted')
    expect((await refused(attempt(new Uint8Array()))).code).toBe('empty')
    const large = await refused(attempt(Buffer.concat([tinyPdf(), Buffer.alloc(store.maxBytes)])))
    expect(large.code).toBe('tooLarge')
    expect(large.details.maxBytes).toBe(4096)
    expect(await rows(applicationId)).toEqual([])
    expect(files()).toEqual(before)
  })

  it('refuses a requirement that is no document requirement, and leaves no temporary file', async () => {
    const applicationId = await filledDraft(prisma, spec, applicant, '0480')
    const before = files()
    await expect(addAttachment(prisma, { applicationId, requirementId: spec.req.text, fileName: 'a.pdf', bytes: tinyPdf(), actor: as(applicant), store })).rejects.toBeInstanceOf(ApplicationNotFound)
    expect(files()).toEqual(before)
    expect(await rows(applicationId)).toEqual([])
  })

  it('deletes an attachment and its file', async () => {
    const applicationId = await filledDraft(prisma, spec, applicant, '0480')
    const added = await addAttachment(prisma, { applicationId, requirementId: spec.req.document, fileName: 'a.pdf', bytes: tinyPdf(), actor: as(applicant), store })
    expect(files()).toContain(added.storageKey)
    await removeAttachment(prisma, { applicationId, attachmentId: added.id, actor: as(applicant), store })
    expect(files()).not.toContain(added.storageKey)
    expect(await rows(applicationId)).toEqual([])
    expect((await applicationTimeline(prisma, applicationId)).map((t) => t.kind)).toEqual(['attachment_added', 'attachment_removed'])
  })

  it('is frozen after submission: the service and the database refuse', async () => {
    const applicationId = await filledDraft(prisma, spec, applicant, '0480')
    const added = await addAttachment(prisma, { applicationId, requirementId: spec.req.document, fileName: 'a.pdf', bytes: tinyPdf(), actor: as(applicant), store })
    await submitApplication(prisma, { applicationId, actor: as(applicant), confirmTruthful: true })
    const before = files()
    await expect(addAttachment(prisma, { applicationId, requirementId: spec.req.document, fileName: 'b.pdf', bytes: tinyPdf(), actor: as(applicant), store })).rejects.toMatchObject({
      name: 'ApplicationRefused',
      code: 'notEditable',
    })
    await expect(removeAttachment(prisma, { applicationId, attachmentId: added.id, actor: as(applicant), store })).rejects.toBeInstanceOf(ApplicationRefused)
    expect(files()).toEqual(before)
    expect(await rows(applicationId)).toEqual([{ id: added.id }])
    await expect(sql(db.url, 'DELETE FROM application_attachment WHERE id = $1', [added.id])).rejects.toThrow(/cannot be changed now/)
    await expect(
      sql(
        db.url,
        `INSERT INTO application_attachment (application_id, requirement_id, file_name, storage_key, sha256, size_bytes, uploaded_by_user_id) VALUES ($1, $2, 'c.pdf', 'k', $3, 1, $4)`,
        [applicationId, spec.req.document, 'b'.repeat(64), applicant],
      ),
    ).rejects.toThrow(/cannot be changed now/)
  })

  it(`takes at most ${MAX_FILES_PER_REQUIREMENT} files per requirement, counted under the application's lock: of two uploads at once for the last place, one wins`, async () => {
    const applicationId = await filledDraft(prisma, spec, applicant, '0480')
    const upload = (n: number) => addAttachment(prisma, { applicationId, requirementId: spec.req.document, fileName: `bilaga-${n}.pdf`, bytes: tinyPdf(), actor: as(applicant), store })
    for (let n = 1; n < MAX_FILES_PER_REQUIREMENT; n++) await upload(n)
    const before = files()
    const race = await Promise.allSettled([upload(10), upload(11)])
    expect(race.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const lost = race.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(lost.reason).toBeInstanceOf(AttachmentRefused)
    expect(lost.reason).toMatchObject({ code: 'tooManyForRequirement', details: { maxFiles: 10 } })
    expect(await rows(applicationId)).toHaveLength(MAX_FILES_PER_REQUIREMENT)
    // The loser leaves no file behind: one new file on disk, the winner's.
    expect(files().length).toBe(before.length + 1)
    expect((await refused(upload(12))).code).toBe('tooManyForRequirement')
  })

  it(`takes at most ${MAX_FILES_PER_APPLICATION} files per application`, async () => {
    const applicationId = await filledDraft(prisma, spec, applicant, '0480')
    // Files on other requirements, written straight to the database (the service counts rows, whatever the requirement).
    const others = [spec.req.declaration, spec.req.number, spec.req.choice, spec.req.text, spec.req.optional]
    for (let n = 0; n < MAX_FILES_PER_APPLICATION - 1; n++) {
      await sql(
        db.url,
        `INSERT INTO application_attachment (application_id, requirement_id, file_name, storage_key, sha256, size_bytes, uploaded_by_user_id)
         VALUES ($1, $2, $3, $4, repeat('d', 64), 100, $5)`,
        [applicationId, others[n % others.length], `fil-${n}.pdf`, `many${applicationId}x${n}`, applicant],
      )
    }
    const upload = (n: number) => addAttachment(prisma, { applicationId, requirementId: spec.req.document, fileName: `sista-${n}.pdf`, bytes: tinyPdf(), actor: as(applicant), store })
    await upload(1)
    const before = files()
    const error = await refused(upload(2))
    expect(error).toMatchObject({ code: 'tooManyForApplication', details: { maxFiles: 60 } })
    expect(await rows(applicationId)).toHaveLength(MAX_FILES_PER_APPLICATION)
    expect(files()).toEqual(before)
  })

  it('another applicant cannot add or remove, as if the application were missing', async () => {
    const applicationId = await filledDraft(prisma, spec, applicant, '0480')
    const added = await addAttachment(prisma, { applicationId, requirementId: spec.req.document, fileName: 'a.pdf', bytes: tinyPdf(), actor: as(applicant), store })
    const before = files()
    await expect(addAttachment(prisma, { applicationId, requirementId: spec.req.document, fileName: 'b.pdf', bytes: tinyPdf(), actor: as(other), store })).rejects.toBeInstanceOf(
      ApplicationNotFound,
    )
    await expect(removeAttachment(prisma, { applicationId, attachmentId: added.id, actor: as(other), store })).rejects.toBeInstanceOf(ApplicationNotFound)
    expect(files()).toEqual(before)
  })
})

describe('downloading', () => {
  it('the owner and, once submitted, the region may read (audited); another applicant is told nothing exists', async () => {
    const applicationId = await filledDraft(prisma, spec, applicant, '0480')
    const added = await addAttachment(prisma, { applicationId, requirementId: spec.req.document, fileName: 'Intyg – ÅÄÖ.pdf', bytes: tinyPdf(), actor: as(applicant), store })
    const read = (viewer: { id: number; manager: boolean }, attachmentId = added.id, appId = applicationId) =>
      readAttachment(prisma, { applicationId: appId, attachmentId, viewer, actor: as(viewer.id), store })

    // A draft is the applicant's alone: the region is told it does not exist, as for the review page.
    await expect(read({ id: commissioner, manager: true })).rejects.toBeInstanceOf(ApplicationNotFound)
    expect((await read({ id: applicant, manager: false })).sha256).toBe(added.sha256)
    await submitApplication(prisma, { applicationId, actor: as(applicant), confirmTruthful: true })

    const own = await read({ id: applicant, manager: false })
    expect(own.bytes.equals(tinyPdf())).toBe(true)
    expect(own).toMatchObject({ fileName: 'Intyg – ÅÄÖ.pdf', sha256: added.sha256 })
    expect((await read({ id: commissioner, manager: true })).sizeBytes).toBe(tinyPdf().length)
    await expect(read({ id: other, manager: false })).rejects.toBeInstanceOf(ApplicationNotFound)
    await expect(read({ id: applicant, manager: false }, added.id + 1000)).rejects.toBeInstanceOf(ApplicationNotFound)
    // The right attachment under another application's id is missing too.
    const otherApp = await filledDraft(prisma, spec, applicant, '0480')
    await expect(read({ id: applicant, manager: false }, added.id, otherApp)).rejects.toBeInstanceOf(ApplicationNotFound)

    const audit = await sql<{ action: string; actor_user_id: number }>(
      db.url,
      `SELECT action, actor_user_id FROM audit_log WHERE action = 'authorisation.attachment.read' AND entity_id = $1 ORDER BY id`,
      [String(added.id)],
    )
    expect(audit).toEqual([
      { action: 'authorisation.attachment.read', actor_user_id: applicant },
      { action: 'authorisation.attachment.read', actor_user_id: applicant },
      { action: 'authorisation.attachment.read', actor_user_id: commissioner },
    ])
  })

  it('names the file for the browser in ASCII and exactly in UTF-8', () => {
    expect(contentDisposition('Intyg – ÅÄÖ (1).pdf')).toBe(`attachment; filename="Intyg _ ___ (1).pdf"; filename*=UTF-8''Intyg%20%E2%80%93%20%C3%85%C3%84%C3%96%20%281%29.pdf`)
  })

  it('sanitises the display name', () => {
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd.pdf')
    expect(sanitiseFileName('rapport\u202Efdp.exe')).toBe('rapportfdp.exe.pdf')
    expect(sanitiseFileName('  ..hemlig<>.PDF ')).toBe('hemlig__.PDF')
    expect(sanitiseFileName('')).toBe('bilaga.pdf')
    expect(sanitiseFileName(`${'a'.repeat(300)}.pdf`)).toHaveLength(150)
  })
})

describe('the request body limit', () => {
  it('refuses a Content-Length above the limit before reading, and cuts off a body without one', async () => {
    const big = new Request('http://x/', { method: 'POST', headers: { 'content-length': '999999', 'content-type': 'text/plain' }, body: 'x' })
    await expect(readFormWithLimit(big, 1000)).rejects.toBeInstanceOf(BodyTooLarge)
    const form = new FormData()
    form.append('file', new Blob([Buffer.alloc(5000)]), 'a.pdf')
    const body = new Request('http://x/', { method: 'POST', body: form })
    const stream = new Request('http://x/', { method: 'POST', headers: { 'content-type': body.headers.get('content-type')! }, body: body.body, duplex: 'half' } as RequestInit)
    await expect(readFormWithLimit(stream, 1000)).rejects.toBeInstanceOf(BodyTooLarge)
    const small = new FormData()
    small.append('intent', 'upload')
    expect((await readFormWithLimit(new Request('http://x/', { method: 'POST', body: small }), 1000)).get('intent')).toBe('upload')
  })
})

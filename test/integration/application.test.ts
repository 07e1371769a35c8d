/**
 * The provider's application on the real database: starting against the newest published
 * kravbok, saving sections and answers with their checks, submission refused while anything
 * blocks, the freeze after submission (service and triggers), supplementation limited to what
 * the request names, withdrawal, the receipt queued, the timeline, and that another applicant
 * cannot tell someone else's application from a missing one.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import type { Actor } from '../../app/modules/audit/audit.server.ts'
import { parseSection, sectionColumns } from '../../app/modules/authorisation/application-fields.ts'
import {
  ApplicationNotFound,
  ApplicationRefused,
  applicationAnswers,
  databaseRefusal,
  applicationFor,
  applicationOverview,
  findApplication,
  listMyApplications,
  saveAnswers,
  saveSection,
  startApplication,
  submitApplication,
  withdrawApplication,
} from '../../app/modules/authorisation/application.server.ts'
import { decisionContext } from '../../app/modules/authorisation/decision.server.ts'
import { assess, requestSupplementation, reviewDetails } from '../../app/modules/authorisation/review.server.ts'
import { applicationSections, type ApplicationSection } from '../../app/modules/authorisation/rules.ts'
import { applicationTimeline } from '../../app/modules/authorisation/timeline.server.ts'
import { renderProviderNotification } from '../../app/modules/notifications/provider-render.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { publishedTestSpec, tearDownTestDatabase, testUser, TEST_ORG_NUMBER, type TestSpec } from '../support/authorisation-fixture.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

// submitApplication asks for delivery on the process's queues: this file's own prefix.
const appPrefix = vi.hoisted(() => {
  const prefix = `test-application-${Math.random().toString(16).slice(2, 10)}`
  process.env.QUEUE_PREFIX = prefix
  return prefix
})

let db: TestDatabase
let prisma: PrismaClient
let spec: TestSpec
let applicant: number
let other: number
let commissioner: number
const as = (userId: number): Actor => ({ kind: 'user', userId })

const sections = {
  provider: { orgNumber: '556036-0793', orgName: 'Testvård AB', fSkatt: 'yes', insurer: 'Försäkringsbolaget', insurancePolicy: 'P-123', ownership: 'private' },
  clinic: {
    clinicName: 'Ansökans vårdcentral',
    streetAddress: 'Storgatan 1',
    postalCode: '611 32',
    city: 'Nyköping',
    municipalityCode: '0480',
    lat: '58.753',
    lon: '17.008',
    phone: '0155-10 00 00',
    website: '',
    services: ['general_practice'],
    languages: 'sv, en',
    opens1: '08:00',
    closes1: '17:00',
  },
  staffing: { gpSpecialists: '2', nurses: '4,5' },
  medical_lead: { medicalLeadName: 'Maria Läkare', medicalLeadTitle: 'Specialist i allmänmedicin', medicalLeadRegNo: '1234567' },
} as const

async function fillSections(applicationId: number): Promise<void> {
  for (const [section, input] of Object.entries(sections)) {
    const r = await saveSection(prisma, { applicationId, section: section as keyof typeof sections, input: { ...input, services: [...('services' in input ? input.services : [])] }, actor: as(applicant) })
    expect(r, section).toEqual({ ok: true })
  }
}

/** An attachment row straight in the database (the file store is attachments.test.ts's). */
async function attachRow(applicationId: number): Promise<void> {
  await sql(
    db.url,
    `INSERT INTO application_attachment (application_id, requirement_id, file_name, storage_key, sha256, size_bytes, uploaded_by_user_id)
     VALUES ($1, $2, 'forsakring.pdf', $3, $4, 100, $5)`,
    [applicationId, spec.req.document, `k${applicationId}x${Date.now()}`, 'a'.repeat(64), applicant],
  )
}

/** A draft with every section and a passing answer to every requirement. */
async function readyDraft(): Promise<number> {
  const { applicationId } = await startApplication(prisma, { actor: as(applicant) })
  await fillSections(applicationId)
  expect(await saveAnswers(prisma, { applicationId, chapterCode: 'admission', answers: { [spec.req.declaration]: 'yes', [spec.req.number]: '45' }, actor: as(applicant) })).toMatchObject({ ok: true })
  expect(
    await saveAnswers(prisma, { applicationId, chapterCode: 'staffing', answers: { [spec.req.choice]: 'own', [spec.req.text]: 'Vi följer upp kvaliteten varje månad.' }, actor: as(applicant) }),
  ).toMatchObject({ ok: true })
  await attachRow(applicationId)
  return applicationId
}

async function refusal(promise: Promise<unknown>): Promise<ApplicationRefused> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ApplicationRefused)
  return error as ApplicationRefused
}

beforeAll(async () => {
  db = await createTestDatabase('application')
  prisma = createPrisma(db.url)
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04')`)
  applicant = await testUser(prisma)
  other = await testUser(prisma)
  commissioner = await testUser(prisma, 'commissioner')
})

afterAll(() => tearDownTestDatabase({ prisma, db, queuePrefix: appPrefix }))

describe('starting an application', () => {
  it('is refused while no kravbok is published (a draft one does not count)', async () => {
    await publishedTestSpec(prisma, { publish: false })
    const e = await refusal(startApplication(prisma, { actor: as(applicant) }))
    expect(e.code).toBe('noPublishedSpec')
    expect(await sql(db.url, 'SELECT id FROM authorisation_application')).toEqual([])
  })

  it('makes a draft against the newest published version, on the timeline', async () => {
    await publishedTestSpec(prisma)
    spec = await publishedTestSpec(prisma)
    const { applicationId, specVersion } = await startApplication(prisma, { actor: as(applicant) })
    const app = await findApplication(prisma, applicationId)
    expect(app).toMatchObject({ specId: spec.specId, applicantUserId: applicant, status: 'draft', submittedAt: null })
    expect(app!.spec.version).toBe(specVersion)
    const timeline = await applicationTimeline(prisma, applicationId)
    expect(timeline.map((t) => [t.kind, t.details])).toEqual([['created', { specVersion }]])
    const audit = await sql<{ action: string; actor_user_id: number }>(db.url, `SELECT action, actor_user_id FROM audit_log WHERE entity_id = $1`, [String(applicationId)])
    expect(audit).toEqual([{ action: 'authorisation.created', actor_user_id: applicant }])
    const mine = await listMyApplications(prisma, applicant)
    expect(mine.map((m) => [m.id, m.status, m.specVersion])).toContainEqual([applicationId, 'draft', specVersion])
    expect(await listMyApplications(prisma, other)).toEqual([])
  })
})

describe('sections', () => {
  it('saves a partial draft, refuses bad values naming the field, and writes nothing then', async () => {
    const { applicationId } = await startApplication(prisma, { actor: as(applicant) })
    expect(await saveSection(prisma, { applicationId, section: 'provider', input: { orgNumber: '556036-0793', orgName: 'Testvård AB' }, actor: as(applicant) })).toEqual({ ok: true })
    let app = await findApplication(prisma, applicationId)
    expect(app).toMatchObject({ orgNumber: TEST_ORG_NUMBER, orgName: 'Testvård AB', fSkatt: null })

    const bad = await saveSection(prisma, { applicationId, section: 'provider', input: { orgNumber: '556036-0794', orgName: 'Annat AB' }, actor: as(applicant) })
    expect(bad).toEqual({ ok: false, errors: { orgNumber: 'orgNumberChecksum' } })
    app = await findApplication(prisma, applicationId)
    expect(app!.orgName).toBe('Testvård AB')

    const unknown = await saveSection(prisma, { applicationId, section: 'clinic', input: { ...sections.clinic, services: ['general_practice'], municipalityCode: '9999' }, actor: as(applicant) })
    expect(unknown).toEqual({ ok: false, errors: { municipalityCode: 'unknownMunicipality' } })

    const lead = await saveSection(prisma, { applicationId, section: 'medical_lead', input: { medicalLeadRegNo: '19800101-2387' }, actor: as(applicant) })
    expect(lead).toEqual({ ok: false, errors: { medicalLeadRegNo: 'regNoPersonnummer' } })
    expect((await findApplication(prisma, applicationId))!.medicalLeadRegNo).toBeNull()

    await fillSections(applicationId)
    const overview = await applicationOverview(prisma, applicationId, { id: applicant, manager: false })
    expect(Object.values(overview.sections).map((s) => [s.section, s.complete])).toEqual([
      ['provider', true],
      ['clinic', true],
      ['staffing', true],
      ['medical_lead', true],
    ])
    app = await findApplication(prisma, applicationId)
    expect(app).toMatchObject({ postalCode: '61132', languages: ['sv', 'en'], staffing: { gpSpecialists: '2', nurses: '4.5' }, openingHours: [{ day: 1, opens: '08:00', closes: '17:00' }] })
    expect(app!.lat!.toString()).toBe('58.753')
  })
})

describe('answers', () => {
  it('stores answers of every kind and checks each as it is given', async () => {
    const { applicationId } = await startApplication(prisma, { actor: as(applicant) })
    const save = (chapterCode: string, answers: Record<number, string>) => saveAnswers(prisma, { applicationId, chapterCode, answers, actor: as(applicant) })

    const failing = await save('admission', { [spec.req.declaration]: 'no', [spec.req.number]: '35' })
    expect(failing.ok).toBe(true)
    if (!failing.ok) return
    expect(failing.rows.map((r) => [r.code, r.value, r.check])).toEqual([
      ['1.1', false, { status: 'fail', problem: 'declarationRefused' }],
      ['1.2', '35', { status: 'fail', problem: 'belowMin', params: { min: '40', unit: 'timmar/vecka' } }],
    ])

    const passing = await save('admission', { [spec.req.declaration]: 'yes', [spec.req.number]: '40,5' })
    expect(passing.ok && passing.rows.map((r) => [r.code, r.value, r.check.status])).toEqual([
      ['1.1', true, 'pass'],
      ['1.2', '40.5', 'pass'],
    ])

    // Input that is no answer at all: nothing of the post is saved, the other field neither.
    const invalid = await save('admission', { [spec.req.declaration]: 'no', [spec.req.number]: 'fyrtio' })
    expect(invalid).toEqual({ ok: false, errors: { [spec.req.number]: 'notDecimal' } })
    expect((await applicationAnswers(prisma, applicationId)).find((r) => r.code === '1.1')!.value).toBe(true)

    const choiceText = await save('staffing', { [spec.req.choice]: 'paper', [spec.req.text]: 'För kort.' })
    expect(choiceText.ok && choiceText.rows.map((r) => [r.code, r.check])).toEqual([
      ['2.1', { status: 'fail', problem: 'optionNotAccepted' }],
      ['2.2', { status: 'fail', problem: 'tooShort', params: { min: 20, length: 9 } }],
    ])
    expect(await save('staffing', { [spec.req.choice]: 'fax' })).toEqual({ ok: false, errors: { [spec.req.choice]: 'notAnOption' } })

    // An empty field deletes the answer: missing again.
    const cleared = await save('staffing', { [spec.req.choice]: '', [spec.req.text]: '  ' })
    expect(cleared.ok && cleared.rows.map((r) => [r.code, r.value, r.check.status])).toEqual([
      ['2.1', undefined, 'missing'],
      ['2.2', undefined, 'missing'],
    ])
    expect(await sql(db.url, 'SELECT requirement_id FROM application_answer WHERE application_id = $1 ORDER BY 1', [applicationId])).toEqual([
      { requirement_id: spec.req.declaration },
      { requirement_id: spec.req.number },
    ])

    // The optional declaration: unanswered does not block, answered "no" does.
    const rows = await applicationAnswers(prisma, applicationId)
    expect(rows.map((r) => r.code)).toEqual(['1.1', '1.2', '2.1', '2.2', '3.1', '3.2'])
    const overview = await applicationOverview(prisma, applicationId, { id: applicant, manager: false })
    expect(overview.blocking.map((b) => b.code)).toEqual(['2.1', '2.2', '3.1'])
    await save('insurance', { [spec.req.optional]: 'no' })
    expect((await applicationOverview(prisma, applicationId, { id: applicant, manager: false })).blocking.map((b) => b.code)).toEqual(['2.1', '2.2', '3.1', '3.2'])
  })

  it('does not know a chapter of another version', async () => {
    const { applicationId } = await startApplication(prisma, { actor: as(applicant) })
    await expect(saveAnswers(prisma, { applicationId, chapterCode: 'no-such', answers: {}, actor: as(applicant) })).rejects.toBeInstanceOf(ApplicationNotFound)
  })
})

describe('submission', () => {
  it('is refused while something blocks, saying what, and without the confirmation', async () => {
    const { applicationId } = await startApplication(prisma, { actor: as(applicant) })
    await saveSection(prisma, { applicationId, section: 'provider', input: { ...sections.provider, fSkatt: 'no' }, actor: as(applicant) })
    await saveAnswers(prisma, { applicationId, chapterCode: 'admission', answers: { [spec.req.declaration]: 'yes', [spec.req.number]: '35' }, actor: as(applicant) })
    const e = await refusal(submitApplication(prisma, { applicationId, actor: as(applicant), confirmTruthful: true }))
    expect(e.code).toBe('incomplete')
    expect(e.details.sections!.map((s) => [s.section, s.missing, s.failing.map((f) => f.problem)])).toEqual([
      ['provider', [], ['fSkattRequired']],
      ['clinic', ['clinicName', 'streetAddress', 'postalCode', 'city', 'municipalityCode', 'lat', 'lon', 'phone'], ['noServices', 'noOpeningHours']],
      ['staffing', ['gpSpecialists', 'nurses'], []],
      ['medical_lead', ['medicalLeadName', 'medicalLeadTitle', 'medicalLeadRegNo'], []],
    ])
    expect(e.details.blocking!.map((b) => [b.code, b.check.status])).toEqual([
      ['1.2', 'fail'],
      ['2.1', 'missing'],
      ['2.2', 'missing'],
      ['3.1', 'missing'],
    ])

    const ready = await readyDraft()
    const unconfirmed = await refusal(submitApplication(prisma, { applicationId: ready, actor: as(applicant), confirmTruthful: false }))
    expect(unconfirmed.code).toBe('notConfirmed')
    expect((await findApplication(prisma, ready))!.status).toBe('draft')
  })

  it('submits, freezes the answers (service and database), queues the receipt and records the step', async () => {
    const applicationId = await readyDraft()
    const submitted = await submitApplication(prisma, { applicationId, actor: as(applicant), confirmTruthful: true })
    expect(submitted).toMatchObject({ status: 'submitted', resubmitted: false })
    const app = await findApplication(prisma, applicationId)
    expect(app!.status).toBe('submitted')
    expect(app!.submittedAt!.getTime()).toBe(submitted.lastSubmittedAt.getTime())
    expect(app!.lastSubmittedAt!.getTime()).toBe(submitted.lastSubmittedAt.getTime())

    const notes = await sql<{ kind: string; recipient_user_id: number; dedupe_key: string; payload: { resubmitted: boolean } }>(
      db.url,
      'SELECT kind, recipient_user_id, dedupe_key, payload FROM provider_notification WHERE application_id = $1',
      [applicationId],
    )
    expect(notes).toEqual([
      {
        kind: 'application_received',
        recipient_user_id: applicant,
        dedupe_key: `application-received:${applicationId}:${submitted.lastSubmittedAt.getTime()}`,
        payload: expect.objectContaining({ resubmitted: false, clinicName: 'Ansökans vårdcentral' }),
      },
    ])

    const edit = await refusal(saveAnswers(prisma, { applicationId, chapterCode: 'admission', answers: { [spec.req.number]: '50' }, actor: as(applicant) }))
    expect(edit.code).toBe('notEditable')
    expect((await refusal(saveSection(prisma, { applicationId, section: 'provider', input: sections.provider, actor: as(applicant) }))).code).toBe('notEditable')
    expect((await refusal(submitApplication(prisma, { applicationId, actor: as(applicant), confirmTruthful: true }))).code).toBe('notEditable')

    await expect(sql(db.url, `UPDATE application_answer SET value = '"50"' WHERE application_id = $1 AND requirement_id = $2`, [applicationId, spec.req.number])).rejects.toThrow(
      /cannot be changed now/,
    )
    await expect(sql(db.url, `DELETE FROM application_answer WHERE application_id = $1`, [applicationId])).rejects.toThrow(/cannot be changed now/)
    await expect(sql(db.url, `UPDATE authorisation_application SET org_name = 'Annat AB' WHERE id = $1`, [applicationId])).rejects.toThrow(/frozen/)
    expect((await applicationAnswers(prisma, applicationId)).find((r) => r.code === '1.2')!.value).toBe('45')

    const timeline = await applicationTimeline(prisma, applicationId)
    expect(timeline.map((t) => t.kind)).toEqual(['created', 'submitted'])
  })
})

describe('supplementation', () => {
  it('lets only what the request names be amended, and a resubmission closes the request', async () => {
    const applicationId = await readyDraft()
    await submitApplication(prisma, { applicationId, actor: as(applicant), confirmTruthful: true })
    const [request] = await sql<{ id: number }>(
      db.url,
      `INSERT INTO supplementation_request (application_id, message, requirement_ids, sections, requested_by_user_id)
       VALUES ($1, 'Ange öppettiderna igen och bemanningen.', ARRAY[$2]::int[], ARRAY['staffing'], $3) RETURNING id`,
      [applicationId, spec.req.number, commissioner],
    )
    await sql(db.url, `UPDATE authorisation_application SET status = 'supplementation' WHERE id = $1`, [applicationId])

    const overview = await applicationOverview(prisma, applicationId, { id: applicant, manager: false })
    expect(overview.editability).toEqual({ editable: true, sections: ['staffing'], requirementIds: [spec.req.number] })
    expect(overview.request!.id).toBe(request!.id)

    const named = await saveAnswers(prisma, { applicationId, chapterCode: 'admission', answers: { [spec.req.number]: '50' }, actor: as(applicant) })
    expect(named.ok && named.rows.find((r) => r.code === '1.2')).toMatchObject({ value: '50', check: { status: 'pass' } })
    const notNamed = await refusal(saveAnswers(prisma, { applicationId, chapterCode: 'admission', answers: { [spec.req.declaration]: 'yes', [spec.req.number]: '55' }, actor: as(applicant) }))
    expect(notNamed.code).toBe('requirementNotRequested')
    expect(notNamed.details.codes).toEqual(['1.1'])
    expect((await applicationAnswers(prisma, applicationId)).find((r) => r.code === '1.2')!.value).toBe('50')

    expect(await saveSection(prisma, { applicationId, section: 'staffing', input: { gpSpecialists: '3', nurses: '5' }, actor: as(applicant) })).toEqual({ ok: true })
    expect((await refusal(saveSection(prisma, { applicationId, section: 'provider', input: sections.provider, actor: as(applicant) }))).code).toBe('sectionNotRequested')

    // The database names the same limit for answers.
    await expect(sql(db.url, `UPDATE application_answer SET value = 'false' WHERE application_id = $1 AND requirement_id = $2`, [applicationId, spec.req.declaration])).rejects.toThrow(
      /cannot be changed now/,
    )

    const resubmitted = await submitApplication(prisma, { applicationId, actor: as(applicant), confirmTruthful: true })
    expect(resubmitted.resubmitted).toBe(true)
    const app = await findApplication(prisma, applicationId)
    expect(app!.status).toBe('submitted')
    expect(app!.lastSubmittedAt!.getTime()).toBe(resubmitted.lastSubmittedAt.getTime())
    expect(app!.submittedAt!.getTime()).toBeLessThan(resubmitted.lastSubmittedAt.getTime())
    const [closed] = await sql<{ answered_at: Date }>(db.url, 'SELECT answered_at FROM supplementation_request WHERE id = $1', [request!.id])
    expect(closed!.answered_at.getTime()).toBe(resubmitted.lastSubmittedAt.getTime())
    expect((await applicationTimeline(prisma, applicationId)).map((t) => t.kind)).toEqual(['created', 'submitted', 'resubmitted'])
    const notes = await sql(db.url, `SELECT dedupe_key FROM provider_notification WHERE application_id = $1`, [applicationId])
    expect(notes).toHaveLength(2)
    // Frozen again.
    expect((await refusal(saveAnswers(prisma, { applicationId, chapterCode: 'admission', answers: { [spec.req.number]: '60' }, actor: as(applicant) }))).code).toBe('notEditable')
  })
})

describe('a resubmission after supplementation', () => {
  it('removes the assessments of the requirements the request named, in the same step: an approval waits until they are assessed again', async () => {
    const region = as(commissioner)
    const applicationId = await readyDraft()
    await submitApplication(prisma, { applicationId, actor: as(applicant), confirmTruthful: true })
    const all = [spec.req.declaration, spec.req.number, spec.req.choice, spec.req.text, spec.req.document, spec.req.optional]
    await assess(prisma, { applicationId, assessments: all.map((requirementId) => ({ requirementId, verdict: 'pass' as const })), actor: region })
    const { requestId } = await requestSupplementation(
      prisma,
      { applicationId, requirementIds: [spec.req.document, spec.req.number], sections: ['staffing'], message: 'Ange öppettiderna igen och bifoga ett nytt försäkringsbrev.', dueOn: '2099-01-31', actor: region },
      { deliver: false },
    )
    expect(await saveAnswers(prisma, { applicationId, chapterCode: 'admission', answers: { [spec.req.number]: '50' }, actor: as(applicant) })).toMatchObject({ ok: true })
    expect(await saveSection(prisma, { applicationId, section: 'staffing', input: { gpSpecialists: '3', nurses: '5' }, actor: as(applicant) })).toEqual({ ok: true })
    // Still under supplementation: the earlier passes stand (nothing is resubmitted yet).
    expect(await sql(db.url, 'SELECT count(*)::int AS n FROM application_assessment WHERE application_id = $1', [applicationId])).toEqual([{ n: 6 }])

    await submitApplication(prisma, { applicationId, actor: as(applicant), confirmTruthful: true })
    const left = await sql<{ requirement_id: number }>(db.url, 'SELECT requirement_id FROM application_assessment WHERE application_id = $1 ORDER BY requirement_id', [applicationId])
    expect(left.map((r) => r.requirement_id)).toEqual([spec.req.declaration, spec.req.choice, spec.req.text, spec.req.optional].sort((a, b) => a - b))
    const resubmitted = (await applicationTimeline(prisma, applicationId)).filter((t) => t.kind === 'resubmitted')
    expect(resubmitted.map((t) => t.details)).toEqual([{ requestId, requirementCodes: ['1.2', '3.1'], sections: ['staffing'] }])

    // The decision page cannot approve on the old passes; the review page marks what changed.
    expect((await decisionContext(prisma, { applicationId, actor: region }))!.notPassed).toEqual(['1.2', '3.1'])
    const details = await reviewDetails(prisma, { applicationId, actor: region })
    expect(details!.resubmission).toMatchObject({ requestId, requirementIds: [spec.req.number, spec.req.document], sections: ['staffing'], reassess: [spec.req.number, spec.req.document] })
    await assess(prisma, { applicationId, assessments: [{ requirementId: spec.req.number, verdict: 'pass' }], actor: region })
    expect((await reviewDetails(prisma, { applicationId, actor: region }))!.resubmission!.reassess).toEqual([spec.req.document])
    expect((await decisionContext(prisma, { applicationId, actor: region }))!.notPassed).toEqual(['3.1'])

    // The receipt says it is a resubmission, and the message reads so.
    const receipts = await sql<{ payload: Record<string, unknown> }>(
      db.url,
      `SELECT payload FROM provider_notification WHERE application_id = $1 AND kind = 'application_received' ORDER BY id`,
      [applicationId],
    )
    expect(receipts.map((r) => r.payload.resubmitted)).toEqual([false, true])
    const render = (payload: Record<string, unknown>) =>
      renderProviderNotification({ kind: 'application_received', applicationId, clinicName: null, payload, publicUrl: 'https://vardval.example.se' })
    expect(render(receipts[0]!.payload).subject).toBe('Er ansökan om auktorisation för Ansökans vårdcentral har kommit in')
    const again = render(receipts[1]!.payload)
    expect(again.subject).toBe('Kompletteringen av er ansökan för Ansökans vårdcentral har kommit in')
    expect(again.body).toContain('Regionen har tagit emot er komplettering av ansökan om auktorisation för Ansökans vårdcentral. Granskningen fortsätter.')
  })
})

/** For each section, valid values that differ in every column from `sections` (what readyDraft stores). */
const otherSections: Record<ApplicationSection, Record<string, string | string[]>> = {
  provider: { orgNumber: '556123-4567', orgName: 'Annat AB', fSkatt: 'no', insurer: 'Annat försäkringsbolag', insurancePolicy: 'Q-9', ownership: 'public' },
  clinic: {
    clinicName: 'Annan vårdcentral',
    streetAddress: 'Lillgatan 2',
    postalCode: '613 31',
    city: 'Oxelösund',
    municipalityCode: '0481',
    lat: '58.67',
    lon: '17.1',
    phone: '0155-20 00 00',
    website: 'https://annan.example.se',
    services: ['child_health'],
    languages: 'ar',
    opens2: '09:00',
    closes2: '16:00',
  },
  staffing: { gpSpecialists: '3', nurses: '6' },
  medical_lead: { medicalLeadName: 'Karin Läkare', medicalLeadTitle: 'Överläkare', medicalLeadRegNo: '7654321' },
}

describe('under supplementation, the sections', () => {
  it('change only when the open request names them: the database (around the service) and the service agree, column by column', async () => {
    await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0481', 'Oxelösund', '04') ON CONFLICT DO NOTHING`)
    const applicationId = await readyDraft()
    await submitApplication(prisma, { applicationId, actor: as(applicant), confirmTruthful: true })
    const [request] = await sql<{ id: number }>(
      db.url,
      `INSERT INTO supplementation_request (application_id, message, requirement_ids, sections, requested_by_user_id)
       VALUES ($1, 'Se över bemanningen.', '{}', ARRAY['staffing'], $2) RETURNING id`,
      [applicationId, commissioner],
    )
    await sql(db.url, `UPDATE authorisation_application SET status = 'supplementation' WHERE id = $1`, [applicationId])

    // Direct SQL: a column of a section the request does not name is refused, naming both.
    await expect(sql(db.url, `UPDATE authorisation_application SET org_name = 'Kapat AB' WHERE id = $1`, [applicationId])).rejects.toThrow(
      /under supplementation: provider cannot be changed, only what the request names \(staffing\)/,
    )
    await sql(db.url, `UPDATE authorisation_application SET staffing = '{"gpSpecialists": "2.5", "nurses": "4.5"}' WHERE id = $1`, [applicationId])

    // Every column of every section, through Prisma but not the service: allowed exactly when its section is named;
    // a refusal is the service's own ApplicationRefused (a page's 409), not a 500.
    const stored = (await prisma.authorisationApplication.findUniqueOrThrow({ where: { id: applicationId } })) as unknown as Record<string, unknown>
    const update = (column: string, value: unknown) => prisma.authorisationApplication.update({ where: { id: applicationId }, data: { [column]: value } as never })
    for (const named of applicationSections) {
      await sql(db.url, `UPDATE supplementation_request SET sections = $2 WHERE id = $1`, [request!.id, [named]])
      for (const section of applicationSections) {
        const other = parseSection(section, otherSections[section])
        expect(other.ok, section).toBe(true)
        if (!other.ok) continue
        const values = other.data as Record<string, unknown>
        for (const column of sectionColumns[section]) {
          expect(JSON.stringify(values[column]), `${column} differs`).not.toBe(JSON.stringify(stored[column]))
          if (section === named) {
            await update(column, values[column])
            await update(column, stored[column])
          } else {
            const error = await update(column, values[column]).then(
              () => null,
              (e: unknown) => e,
            )
            expect(error, `${column} while the request names ${named}`).not.toBeNull()
            expect(databaseRefusal(error), column).toMatchObject({ name: 'ApplicationRefused', code: 'sectionNotRequested' })
          }
        }
      }
    }

    // Through the service: the named section saves (the database agrees with the service's columns); another is refused first.
    for (const named of applicationSections) {
      await sql(db.url, `UPDATE supplementation_request SET sections = $2 WHERE id = $1`, [request!.id, [named]])
      const input = { ...otherSections[named] }
      expect(await saveSection(prisma, { applicationId, section: named, input, actor: as(applicant) }), named).toEqual({ ok: true })
      for (const section of applicationSections.filter((s) => s !== named)) {
        expect((await refusal(saveSection(prisma, { applicationId, section, input: { ...sections[section], services: ['general_practice'] }, actor: as(applicant) }))).code).toBe('sectionNotRequested')
      }
    }
    const after = await findApplication(prisma, applicationId)
    expect(after).toMatchObject({ orgName: 'Annat AB', clinicName: 'Annan vårdcentral', staffing: { gpSpecialists: '3', nurses: '6' }, medicalLeadName: 'Karin Läkare' })
  })

  it("the application leaves supplementation only once the request is answered, and only a draft is ever deleted (the database; the service's words)", async () => {
    const applicationId = await readyDraft()
    await submitApplication(prisma, { applicationId, actor: as(applicant), confirmTruthful: true })
    await sql(
      db.url,
      `INSERT INTO supplementation_request (application_id, message, requirement_ids, sections, requested_by_user_id) VALUES ($1, 'Mer om bemanningen.', '{}', ARRAY['staffing'], $2)`,
      [applicationId, commissioner],
    )
    await sql(db.url, `UPDATE authorisation_application SET status = 'supplementation' WHERE id = $1`, [applicationId])
    await expect(sql(db.url, `UPDATE authorisation_application SET status = 'submitted', last_submitted_at = now() WHERE id = $1`, [applicationId])).rejects.toThrow(
      /open request for supplementation: answer it before resubmitting/,
    )
    const leave = await prisma.authorisationApplication.update({ where: { id: applicationId }, data: { status: 'submitted', lastSubmittedAt: new Date() } }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(databaseRefusal(leave)).toMatchObject({ name: 'ApplicationRefused', code: 'notEditable' })
    await expect(sql(db.url, `DELETE FROM authorisation_application WHERE id = $1`, [applicationId])).rejects.toThrow(/only a draft can be deleted/)
    const removal = await prisma.authorisationApplication.delete({ where: { id: applicationId } }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(databaseRefusal(removal)).toMatchObject({ name: 'ApplicationRefused', code: 'notWithdrawable' })
    // The service answers the request first: the resubmission goes through.
    expect(await submitApplication(prisma, { applicationId, actor: as(applicant), confirmTruthful: true })).toMatchObject({ resubmitted: true })
  })
})

describe('withdrawal', () => {
  it('withdraws a submitted application before a decision, once', async () => {
    const applicationId = await readyDraft()
    await submitApplication(prisma, { applicationId, actor: as(applicant), confirmTruthful: true })
    expect(await withdrawApplication(prisma, { applicationId, actor: as(applicant) })).toEqual({ outcome: 'withdrawn' })
    expect((await findApplication(prisma, applicationId))!.status).toBe('withdrawn')
    const timeline = await applicationTimeline(prisma, applicationId)
    expect(timeline.at(-1)).toMatchObject({ kind: 'withdrawn', details: { from: 'submitted' } })
    expect((await refusal(withdrawApplication(prisma, { applicationId, actor: as(applicant) }))).code).toBe('notWithdrawable')
  })

  it('discards a draft that was never submitted, with its answers, attachments and timeline', async () => {
    const applicationId = await readyDraft()
    expect(await withdrawApplication(prisma, { applicationId, actor: as(applicant) })).toEqual({ outcome: 'discarded' })
    expect(await findApplication(prisma, applicationId)).toBeNull()
    expect(await sql(db.url, 'SELECT 1 FROM application_answer WHERE application_id = $1', [applicationId])).toEqual([])
    expect(await sql(db.url, 'SELECT 1 FROM application_attachment WHERE application_id = $1', [applicationId])).toEqual([])
    const audit = await sql<{ action: string }>(db.url, `SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [String(applicationId)])
    expect(audit.map((a) => a.action).at(-1)).toBe('authorisation.draft_discarded')
  })
})

describe('who may see and change an application', () => {
  it('another applicant gets exactly what a missing id gives, and changes nothing', async () => {
    const applicationId = await readyDraft()
    const missing = 2_000_000_000
    for (const id of [applicationId, missing]) {
      await expect(applicationFor(prisma, id, { id: other, manager: false })).rejects.toBeInstanceOf(ApplicationNotFound)
      await expect(applicationOverview(prisma, id, { id: other, manager: false })).rejects.toBeInstanceOf(ApplicationNotFound)
      await expect(saveSection(prisma, { applicationId: id, section: 'provider', input: { orgName: 'Kapat AB' }, actor: as(other) })).rejects.toBeInstanceOf(ApplicationNotFound)
      await expect(saveAnswers(prisma, { applicationId: id, chapterCode: 'admission', answers: { [spec.req.number]: '1' }, actor: as(other) })).rejects.toBeInstanceOf(ApplicationNotFound)
      await expect(submitApplication(prisma, { applicationId: id, actor: as(other), confirmTruthful: true })).rejects.toBeInstanceOf(ApplicationNotFound)
      await expect(withdrawApplication(prisma, { applicationId: id, actor: as(other) })).rejects.toBeInstanceOf(ApplicationNotFound)
    }
    const app = await findApplication(prisma, applicationId)
    expect(app).toMatchObject({ orgName: 'Testvård AB', status: 'draft' })
    expect((await applicationAnswers(prisma, applicationId)).find((r) => r.code === '1.2')!.value).toBe('45')
  })

  it('the region reads any application but cannot change its answers', async () => {
    const applicationId = await readyDraft()
    const overview = await applicationOverview(prisma, applicationId, { id: commissioner, manager: true })
    expect(overview.application.id).toBe(applicationId)
    await expect(saveAnswers(prisma, { applicationId, chapterCode: 'admission', answers: { [spec.req.number]: '1' }, actor: as(commissioner) })).rejects.toBeInstanceOf(ApplicationNotFound)
  })
})

/**
 * The decision on the real database. An approval creates the clinic from the application (placed in
 * the area of its municipality nearest its coordinates), registers it authorised from the start
 * date, makes the applicant its staff, records the decision and tells them; the finder shows the
 * clinic from the start date, not the day before. An approval is refused while a mandatory
 * requirement is not assessed pass, when an exclusion ground applies, for a past start date and
 * for a taken HSA-id or agreement number. A rejection names its reasons. A decision is final.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import type { Actor } from '../../app/modules/audit/audit.server.ts'
import type { ExclusionGroundAnswers } from '../../app/modules/authorisation/decision.server.ts'
import { filledDraft, publishedTestSpec, refusalCodes, submitWithDocument, tearDownTestDatabase, testUser, type TestSpec } from '../support/authorisation-fixture.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
let prisma: PrismaClient
let review: typeof import('../../app/modules/authorisation/review.server.ts')
let decision: typeof import('../../app/modules/authorisation/decision.server.ts')
let finder: typeof import('../../app/modules/clinics/finder.server.ts')
let spec: TestSpec
let commissioner: number
let applicant: number

const as = (userId: number): Actor => ({ kind: 'user', userId })
const noDelivery = { deliver: false }
const none: ExclusionGroundAnswers = { bankruptcy: false, unpaidTaxes: false, misconduct: false, falseInformation: false }
const TODAY = '2026-11-20'
let serial = 0

/** A submitted application with every requirement answered and the document attached. */
async function submitted(clinicName = `Nya VC ${++serial}`): Promise<number> {
  const id = await filledDraft(prisma, spec, applicant, '0480')
  await sql(db.url, `UPDATE authorisation_application SET clinic_name = $2 WHERE id = $1`, [id, clinicName])
  await submitWithDocument(prisma, spec, id, applicant)
  return id
}

const mandatory = () => [spec.req.declaration, spec.req.number, spec.req.choice, spec.req.text, spec.req.document]

async function assessAll(id: number, fail: Record<number, string> = {}): Promise<void> {
  await review.assess(prisma, {
    applicationId: id,
    assessments: mandatory().map((requirementId) => (fail[requirementId] ? { requirementId, verdict: 'fail' as const, comment: fail[requirementId] } : { requirementId, verdict: 'pass' as const })),
    actor: as(commissioner),
  })
}

const approval = (applicationId: number, more: Partial<Parameters<typeof decision.approveApplication>[1]> = {}) => ({
  applicationId,
  agreementNumber: `AVT-2026-${applicationId}`,
  startDate: '2026-12-01',
  hsaId: `SE2321000131-A${String(applicationId).padStart(6, '0')}`,
  geographyPoints: 3,
  exclusionGrounds: none,
  note: null,
  actor: as(commissioner),
  today: TODAY,
  ...more,
})

const refusal = (promise: Promise<unknown>) => refusalCodes(promise, review.ReviewRefused)

const clinicCount = async () => (await sql<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM clinic`))[0]!.n

beforeAll(async () => {
  db = await createTestDatabase('decision')
  process.env.DATABASE_URL = db.url
  prisma = (await import('../../app/utils/db.server.ts')).prisma
  review = await import('../../app/modules/authorisation/review.server.ts')
  decision = await import('../../app/modules/authorisation/decision.server.ts')
  finder = await import('../../app/modules/clinics/finder.server.ts')
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04'), ('0481', 'Oxelösund', '04')`)
  // The application's coordinates are 58.753, 17.008 (the fixture): A1 is the nearest area of its
  // municipality; B1 of the neighbouring municipality is nearer still, and must not be chosen.
  await sql(
    db.url,
    `INSERT INTO area (area_code, municipality_code, name, centre_lat, centre_lon) VALUES
       ('A0', '0480', 'Utan mittpunkt', NULL, NULL),
       ('A1', '0480', 'Centrum', 58.75, 17.0),
       ('A2', '0480', 'Norr', 58.9, 17.2),
       ('B1', '0481', 'Grannkommunen', 58.753, 17.008)`,
  )
  await sql(db.url, `INSERT INTO clinic (hsa_id, name, area_code, ownership, geography_points) VALUES ('SE2321000131-E000000000001', 'Befintliga VC', 'A2', 'public', 0)`)
  spec = await publishedTestSpec(prisma)
  commissioner = await testUser(prisma, 'commissioner')
  applicant = await testUser(prisma, 'applicant')
})

afterAll(() => tearDownTestDatabase({ prisma, db }))

describe('approval', () => {
  it("creates the clinic from the application, registers it from the start date, makes the applicant its staff, and tells them", async () => {
    const id = await submitted('Solgläntans vårdcentral')
    await assessAll(id)
    const { clinicId, hsaId } = await decision.approveApplication(prisma, approval(id, { note: 'Alla krav uppfyllda.' }), noDelivery)
    expect(hsaId).toBe(`SE2321000131-A${String(id).padStart(6, '0')}`)

    const [clinic] = await sql(
      db.url,
      `SELECT hsa_id, name, area_code, ownership::text, geography_points, lat::text, lon::text, street_address, postal_code, city, phone, website,
              services::text[] AS services, languages, opening_hours, to_char(authorised_from, 'YYYY-MM-DD') AS authorised_from, authorised_to
         FROM clinic WHERE id = $1`,
      [clinicId],
    )
    expect(clinic).toEqual({
      hsa_id: hsaId,
      name: 'Solgläntans vårdcentral',
      area_code: 'A1',
      ownership: 'private',
      geography_points: 3,
      lat: '58.753000',
      lon: '17.008000',
      street_address: 'Storgatan 1',
      postal_code: '61132',
      city: 'Nyköping',
      phone: '0155-10 00 00',
      website: 'https://test.example.se',
      services: ['general_practice', 'child_health', 'maternal_health', 'youth_clinic', 'gynaecology'],
      languages: ['sv', 'en'],
      opening_hours: [1, 2, 3, 4, 5].map((day) => ({ day, opens: '08:00', closes: '17:00' })),
      authorised_from: '2026-12-01',
      authorised_to: null,
    })
    expect(await sql(db.url, `SELECT status::text, to_char(valid_from, 'YYYY-MM-DD') AS valid_from FROM clinic_authorisation_status WHERE clinic_id = $1`, [clinicId])).toEqual([
      { status: 'authorised', valid_from: '2026-12-01' },
    ])
    expect(await sql(db.url, `SELECT role::text FROM user_role WHERE user_id = $1 AND clinic_id = $2`, [applicant, clinicId])).toEqual([{ role: 'clinic_staff' }])
    expect(
      await sql(
        db.url,
        `SELECT outcome::text, decided_by_user_id, to_char(start_date, 'YYYY-MM-DD') AS start_date, agreement_number, reasons, exclusion_grounds, note FROM authorisation_decision WHERE application_id = $1`,
        [id],
      ),
    ).toEqual([
      { outcome: 'approved', decided_by_user_id: commissioner, start_date: '2026-12-01', agreement_number: `AVT-2026-${id}`, reasons: [], exclusion_grounds: none, note: 'Alla krav uppfyllda.' },
    ])
    const [app] = await sql<{ status: string; clinic_id: number; decided_at: Date | null }>(db.url, `SELECT status::text, clinic_id, decided_at FROM authorisation_application WHERE id = $1`, [id])
    expect(app).toMatchObject({ status: 'approved', clinic_id: clinicId })
    expect(app!.decided_at).toBeInstanceOf(Date)
    const [event] = await sql<{ actor_user_id: number; details: Record<string, unknown> }>(db.url, `SELECT actor_user_id, details FROM application_event WHERE application_id = $1 AND kind = 'approved'`, [id])
    expect(event).toEqual({ actor_user_id: commissioner, details: { clinicId, hsaId, agreementNumber: `AVT-2026-${id}`, startDate: '2026-12-01', areaCode: 'A1' } })
    expect(await sql(db.url, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'authorisation.approved' AND entity_id = $1`, [String(id)])).toEqual([{ n: 1 }])
    expect(await sql(db.url, `SELECT kind::text, recipient_user_id, clinic_id, dedupe_key, payload FROM provider_notification WHERE application_id = $1`, [id])).toEqual([
      {
        kind: 'application_decided',
        recipient_user_id: applicant,
        clinic_id: clinicId,
        dedupe_key: `decision:${id}`,
        payload: { outcome: 'approved', startDate: '2026-12-01', agreementNumber: `AVT-2026-${id}`, hsaId, clinicName: 'Solgläntans vårdcentral' },
      },
    ])

    // The finder shows it from the start date, not the day before.
    const before = await finder.loadCatalogue(prisma, '2026-11-30')
    const on = await finder.loadCatalogue(prisma, '2026-12-01')
    expect(before.clinics.map((c) => c.hsaId)).not.toContain(hsaId)
    expect(on.clinics.map((c) => c.hsaId)).toContain(hsaId)
    expect(on.clinics.find((c) => c.hsaId === hsaId)).toMatchObject({ name: 'Solgläntans vårdcentral', municipalityCode: '0480' })
  })

  it('is refused, naming the requirements, while a mandatory one is not assessed pass; nothing is written', async () => {
    const id = await submitted()
    await review.assess(prisma, {
      applicationId: id,
      assessments: [
        { requirementId: spec.req.declaration, verdict: 'pass' },
        { requirementId: spec.req.number, verdict: 'fail', comment: 'För få timmar.' },
        { requirementId: spec.req.choice, verdict: 'pass' },
        { requirementId: spec.req.document, verdict: 'pass' },
      ],
      actor: as(commissioner),
    })
    const clinics = await clinicCount()
    try {
      await decision.approveApplication(prisma, approval(id), noDelivery)
      throw new Error('was not refused')
    } catch (error) {
      expect(error).toBeInstanceOf(review.ReviewRefused)
      expect((error as InstanceType<typeof review.ReviewRefused>).problems).toEqual([{ code: 'notAllPassed', params: { codes: ['1.2', '2.2'] } }])
    }
    expect(await clinicCount()).toBe(clinics)
    expect(await sql(db.url, `SELECT status::text, clinic_id FROM authorisation_application WHERE id = $1`, [id])).toEqual([{ status: 'submitted', clinic_id: null }])
    expect(await sql(db.url, `SELECT count(*)::int AS n FROM authorisation_decision WHERE application_id = $1`, [id])).toEqual([{ n: 0 }])
    expect(await sql(db.url, `SELECT count(*)::int AS n FROM provider_notification WHERE application_id = $1`, [id])).toEqual([{ n: 0 }])
  })

  it('is refused when an exclusion ground applies, for a past start date, a malformed or taken HSA-id and a taken agreement number', async () => {
    const first = await submitted()
    await assessAll(first)
    await decision.approveApplication(prisma, approval(first), noDelivery)
    const id = await submitted()
    await assessAll(id)
    const clinics = await clinicCount()
    expect(await refusal(decision.approveApplication(prisma, approval(id, { exclusionGrounds: { ...none, unpaidTaxes: true } }), noDelivery))).toEqual(['exclusionGroundApplies'])
    expect(await refusal(decision.approveApplication(prisma, approval(id, { startDate: '2026-11-19' }), noDelivery))).toEqual(['startDatePast'])
    expect(await refusal(decision.approveApplication(prisma, approval(id, { startDate: '2026-11-31' }), noDelivery))).toEqual(['startDateInvalid'])
    expect(await refusal(decision.approveApplication(prisma, approval(id, { hsaId: 'SE123-X' }), noDelivery))).toEqual(['hsaIdFormat'])
    expect(await refusal(decision.approveApplication(prisma, approval(id, { hsaId: 'SE2321000131-E000000000001' }), noDelivery))).toEqual(['hsaIdTaken'])
    expect(await refusal(decision.approveApplication(prisma, approval(id, { agreementNumber: `AVT-2026-${first}` }), noDelivery))).toEqual(['agreementTaken'])
    expect(await refusal(decision.approveApplication(prisma, approval(id, { agreementNumber: ' ', geographyPoints: 23 }), noDelivery))).toEqual(['agreementMissing', 'geographyPointsRange'])
    // Every problem at once, as the page lists them.
    expect(
      await decision.checkApproval(prisma, approval(id, { exclusionGrounds: { ...none, bankruptcy: true }, startDate: '2026-01-01', hsaId: 'SE2321000131-E000000000001' })),
    ).toEqual([
      { code: 'exclusionGroundApplies', field: 'ground-bankruptcy', params: { ground: 'bankruptcy' } },
      { code: 'startDatePast', field: 'startDate', params: { today: TODAY } },
      { code: 'hsaIdTaken', field: 'hsaId', params: { hsaId: 'SE2321000131-E000000000001' } },
    ])
    expect(await decision.checkApproval(prisma, approval(id))).toEqual([])
    expect(await clinicCount()).toBe(clinics)
    // Today is allowed as the start date.
    await decision.approveApplication(prisma, approval(id, { startDate: TODAY }), noDelivery)
    expect(await clinicCount()).toBe(clinics + 1)
  })

  it('of two commissioners deciding at once, one wins; the other is told it is decided', async () => {
    const id = await submitted()
    await assessAll(id)
    const clinics = await clinicCount()
    const results = await Promise.allSettled([
      decision.approveApplication(prisma, approval(id, { hsaId: 'SE2321000131-RACE1', agreementNumber: 'RACE-1' }), noDelivery),
      decision.approveApplication(prisma, approval(id, { hsaId: 'SE2321000131-RACE2', agreementNumber: 'RACE-2' }), noDelivery),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect((lost.reason as InstanceType<typeof review.ReviewRefused>).codes).toEqual(['alreadyDecided'])
    expect(await clinicCount()).toBe(clinics + 1)
  })
})

describe('rejection', () => {
  it('records the reasons per failed requirement and per exclusion ground, and tells the applicant', async () => {
    const id = await submitted('Avslagna VC')
    await assessAll(id, { [spec.req.number]: 'Öppettiderna är 35 timmar i veckan.', [spec.req.text]: 'Uppföljning saknas.' })
    await decision.rejectApplication(
      prisma,
      {
        applicationId: id,
        reasons: [
          { requirementId: spec.req.number, reason: 'Öppettiderna är 35 timmar, minst 40 krävs.' },
          { requirementId: spec.req.text, reason: 'Uppföljning av kvaliteten saknas.' },
          { requirementId: null, ground: 'falseInformation', reason: 'Försäkringsbrevet gällde ett annat bolag.' },
        ],
        exclusionGrounds: { ...none, falseInformation: true },
        note: null,
        actor: as(commissioner),
      },
      noDelivery,
    )
    const [row] = await sql<{ outcome: string; reasons: unknown; exclusion_grounds: unknown; start_date: string | null; agreement_number: string | null }>(
      db.url,
      `SELECT outcome::text, reasons, exclusion_grounds, start_date, agreement_number FROM authorisation_decision WHERE application_id = $1`,
      [id],
    )
    expect(row).toEqual({
      outcome: 'rejected',
      reasons: [
        { requirementId: spec.req.number, code: '1.2', reason: 'Öppettiderna är 35 timmar, minst 40 krävs.' },
        { requirementId: spec.req.text, code: '2.2', reason: 'Uppföljning av kvaliteten saknas.' },
        { requirementId: null, code: null, ground: 'falseInformation', reason: 'Försäkringsbrevet gällde ett annat bolag.' },
      ],
      exclusion_grounds: { ...none, falseInformation: true },
      start_date: null,
      agreement_number: null,
    })
    expect(await sql(db.url, `SELECT status::text, clinic_id, decided_at IS NOT NULL AS decided FROM authorisation_application WHERE id = $1`, [id])).toEqual([
      { status: 'rejected', clinic_id: null, decided: true },
    ])
    expect(await sql(db.url, `SELECT details FROM application_event WHERE application_id = $1 AND kind = 'rejected'`, [id])).toEqual([
      { details: { reasons: ['1.2', '2.2', 'ground:falseInformation'], exclusionGrounds: { ...none, falseInformation: true } } },
    ])
    expect(await sql(db.url, `SELECT kind::text, dedupe_key, payload FROM provider_notification WHERE application_id = $1`, [id])).toEqual([
      {
        kind: 'application_decided',
        dedupe_key: `decision:${id}`,
        payload: {
          outcome: 'rejected',
          clinicName: 'Avslagna VC',
          reasons: [
            { code: '1.2', ground: null, reason: 'Öppettiderna är 35 timmar, minst 40 krävs.' },
            { code: '2.2', ground: null, reason: 'Uppföljning av kvaliteten saknas.' },
            { code: null, ground: 'falseInformation', reason: 'Försäkringsbrevet gällde ett annat bolag.' },
          ],
        },
      },
    ])
  })

  it('needs a reason for every requirement assessed fail, and one for every ground that applies', async () => {
    const id = await submitted()
    await assessAll(id, { [spec.req.text]: 'Uppföljning saknas.' })
    const reject = (more: Partial<Parameters<typeof decision.rejectApplication>[1]>) =>
      refusal(decision.rejectApplication(prisma, { applicationId: id, reasons: [], exclusionGrounds: none, actor: as(commissioner), ...more }, noDelivery))
    expect(await reject({})).toEqual(['failedReasonMissing'])
    expect(await reject({ reasons: [{ requirementId: spec.req.declaration, reason: 'Nej' }] })).toEqual(['reasonNotFailed', 'failedReasonMissing'])
    expect(await reject({ reasons: [{ requirementId: spec.req.text, reason: '  ' }] })).toEqual(['reasonMissing'])
    expect(await reject({ reasons: [{ requirementId: spec.req.text, reason: 'Uppföljning saknas.' }], exclusionGrounds: { ...none, misconduct: true } })).toEqual(['groundReasonMissing'])
    expect(await reject({ reasons: [{ requirementId: spec.req.text, reason: 'Uppföljning saknas.' }, { requirementId: null, ground: 'bankruptcy', reason: 'Konkurs' }] })).toEqual([
      'groundNotApplying',
    ])
    // A ground that applies does not excuse a failed requirement's reason.
    const groundOnly = { reasons: [{ requirementId: null, ground: 'unpaidTaxes' as const, reason: 'Skulder hos Kronofogden.' }], exclusionGrounds: { ...none, unpaidTaxes: true } }
    expect(await reject(groundOnly)).toEqual(['failedReasonMissing'])
    expect(await sql(db.url, `SELECT status::text FROM authorisation_application WHERE id = $1`, [id])).toEqual([{ status: 'submitted' }])
    await decision.rejectApplication(
      prisma,
      { applicationId: id, ...groundOnly, reasons: [...groundOnly.reasons, { requirementId: spec.req.text, reason: 'Uppföljning saknas.' }], actor: as(commissioner) },
      noDelivery,
    )
    expect(await sql(db.url, `SELECT status::text FROM authorisation_application WHERE id = $1`, [id])).toEqual([{ status: 'rejected' }])
  })

  it('lists, at the confirmation step, each failed requirement the rejection gives no reason for', async () => {
    const id = await submitted()
    await assessAll(id, { [spec.req.number]: 'För få timmar.', [spec.req.choice]: 'Pappersjournal.', [spec.req.text]: 'Uppföljning saknas.' })
    const problems = await decision.checkRejection(prisma, {
      applicationId: id,
      reasons: [{ requirementId: spec.req.choice, reason: 'Journalen förs på papper.' }],
      exclusionGrounds: none,
      actor: as(commissioner),
    })
    expect(problems).toEqual([
      { code: 'failedReasonMissing', field: `reason-${spec.req.number}`, params: { requirementId: spec.req.number } },
      { code: 'failedReasonMissing', field: `reason-${spec.req.text}`, params: { requirementId: spec.req.text } },
    ])
    // Nothing failed and nothing given: no reason at all.
    const passed = await submitted()
    await assessAll(passed)
    expect(await decision.checkRejection(prisma, { applicationId: passed, reasons: [], exclusionGrounds: none, actor: as(commissioner) })).toEqual([{ code: 'noReasons' }])
  })
})

describe('a decision is final', () => {
  it('refuses a second decision, and the database refuses to change or remove one', async () => {
    const approved = await submitted()
    await assessAll(approved)
    await decision.approveApplication(prisma, approval(approved), noDelivery)
    const rejected = await submitted()
    await assessAll(rejected, { [spec.req.text]: 'Uppföljning saknas.' })
    await decision.rejectApplication(prisma, { applicationId: rejected, reasons: [{ requirementId: spec.req.text, reason: 'Uppföljning saknas.' }], exclusionGrounds: none, actor: as(commissioner) }, noDelivery)

    expect(await refusal(decision.approveApplication(prisma, approval(approved, { hsaId: 'SE2321000131-AGAIN1', agreementNumber: 'AGAIN-1' }), noDelivery))).toEqual(['alreadyDecided'])
    expect(await refusal(decision.approveApplication(prisma, approval(rejected), noDelivery))).toEqual(['alreadyDecided'])
    expect(
      await refusal(decision.rejectApplication(prisma, { applicationId: approved, reasons: [{ requirementId: spec.req.text, reason: 'x' }], exclusionGrounds: none, actor: as(commissioner) }, noDelivery)),
    ).toEqual(['alreadyDecided'])
    await expect(sql(db.url, `UPDATE authorisation_decision SET outcome = 'rejected' WHERE application_id = $1`, [approved])).rejects.toThrow(/append-only/)
    await expect(sql(db.url, `UPDATE authorisation_decision SET note = 'ändrad' WHERE application_id = $1`, [rejected])).rejects.toThrow(/append-only/)
    await expect(sql(db.url, `DELETE FROM authorisation_decision WHERE application_id = $1`, [rejected])).rejects.toThrow(/append-only/)
    await expect(sql(db.url, `UPDATE authorisation_application SET status = 'submitted', decided_at = NULL WHERE id = $1`, [rejected])).rejects.toThrow(/cannot go from rejected to submitted/)
  })

  it("is made by the region only: an applicant's or a script's actor is refused", async () => {
    const id = await submitted()
    await assessAll(id)
    for (const actor of [as(applicant), { kind: 'cli' } as Actor]) {
      expect(await refusal(decision.approveApplication(prisma, approval(id, { actor }), noDelivery))).toEqual(['forbidden'])
      expect(await refusal(decision.rejectApplication(prisma, { applicationId: id, reasons: [{ requirementId: null, ground: 'bankruptcy', reason: 'x' }], exclusionGrounds: { ...none, bankruptcy: true }, actor }, noDelivery))).toEqual([
        'forbidden',
      ])
      expect(await decision.checkApproval(prisma, approval(id, { actor }))).toEqual([{ code: 'forbidden' }])
    }
    expect(await sql(db.url, `SELECT status::text FROM authorisation_application WHERE id = $1`, [id])).toEqual([{ status: 'submitted' }])
  })

  it('suggests an HSA-id of the import’s form, and only such ids pass', () => {
    expect(decision.suggestedHsaId(12)).toBe('SE2321000131-A000012')
    expect(decision.hsaIdValid(decision.suggestedHsaId(12))).toBe(true)
    expect(decision.hsaIdValid('SE2321000131-E000000000101')).toBe(true)
    for (const bad of ['SE232100013-A1', 'se2321000131-A1', 'SE2321000131-', 'SE2321000131-A 1', 'SE2321000131_A1']) expect(decision.hsaIdValid(bad)).toBe(false)
  })
})

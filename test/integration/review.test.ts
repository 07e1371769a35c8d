/**
 * The commissioner's review on the real database: the queue (order, age, filter, counts), assigning
 * a reviewer, assessments (a fail says why; saved as upserts; only while submitted), a request for
 * supplementation (status, request row, the applicant's message queued, and then only the named
 * requirement can change — the database's trigger), and who may do each step: the services refuse
 * a provider's user whatever calls them, and the pages' guards refuse them before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import type { Actor } from '../../app/modules/audit/audit.server.ts'
import { filledDraft, publishedTestSpec, refusalCodes, submitWithDocument, tearDownTestDatabase, testUser, type TestSpec } from '../support/authorisation-fixture.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
let prisma: PrismaClient
let review: typeof import('../../app/modules/authorisation/review.server.ts')
let session: typeof import('../../app/utils/session.server.ts')
let spec: TestSpec
let commissioner: number
let otherCommissioner: number
let applicant: number
let staff: number
let clinicId: number

const as = (userId: number): Actor => ({ kind: 'user', userId })
const noDelivery = { deliver: false }

/** A submitted application of `applicantUserId` (every requirement answered, the document attached), first submitted at `submittedAt`. */
async function submitted(submittedAt = new Date(), applicantUserId = applicant, clinicName?: string): Promise<number> {
  const id = await filledDraft(prisma, spec, applicantUserId, '0480')
  if (clinicName) await sql(db.url, `UPDATE authorisation_application SET clinic_name = $2 WHERE id = $1`, [id, clinicName])
  await submitWithDocument(prisma, spec, id, applicantUserId, submittedAt)
  return id
}

const refusal = (promise: Promise<unknown>) => refusalCodes(promise, review.ReviewRefused)

beforeAll(async () => {
  db = await createTestDatabase('review')
  // The pages' guards read sessions through the app's own client: point it here before anything loads it.
  process.env.DATABASE_URL = db.url
  prisma = (await import('../../app/utils/db.server.ts')).prisma
  review = await import('../../app/modules/authorisation/review.server.ts')
  session = await import('../../app/utils/session.server.ts')
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04')`)
  await sql(db.url, `INSERT INTO area (area_code, municipality_code, name, centre_lat, centre_lon) VALUES ('A1', '0480', 'Centrum', 58.75, 17.0)`)
  clinicId = (await sql<{ id: number }>(db.url, `INSERT INTO clinic (hsa_id, name, area_code, ownership, geography_points) VALUES ('SE1111111111-R1', 'Ekens VC', 'A1', 'public', 0) RETURNING id`))[0]!.id
  spec = await publishedTestSpec(prisma)
  commissioner = await testUser(prisma, 'commissioner')
  otherCommissioner = await testUser(prisma, 'commissioner')
  applicant = await testUser(prisma, 'applicant')
  staff = await testUser(prisma, 'clinic_staff', clinicId)
})

afterAll(() => tearDownTestDatabase({ prisma, db }))

describe('the queue', () => {
  it('lists submitted applications oldest first with their age, reviewer, assessed count and open request; drafts never', async () => {
    const newest = await submitted(new Date('2026-11-10T09:00:00+01:00'), applicant, 'Nya VC')
    const oldest = await submitted(new Date('2026-11-01T23:30:00+01:00'), applicant, 'Gamla VC')
    const middle = await submitted(new Date('2026-11-05T08:00:00+01:00'), applicant, 'Mellan VC')
    await filledDraft(prisma, spec, applicant, '0480') // a draft: not in the queue
    await sql(db.url, `UPDATE authorisation_application SET reviewer_user_id = $2 WHERE id = $1`, [middle, otherCommissioner])
    await sql(db.url, `INSERT INTO application_assessment (application_id, requirement_id, verdict, assessed_by_user_id) VALUES ($1, $2, 'pass', $3), ($1, $4, 'pass', $3)`, [
      middle,
      spec.req.declaration,
      commissioner,
      spec.req.number,
    ])
    // The middle one was asked to supplement and answered on 2026-11-08 (a resubmission).
    await sql(db.url, `UPDATE authorisation_application SET last_submitted_at = '2026-11-08T10:00:00+01:00' WHERE id = $1`, [middle])
    // The newest one waits for supplementation by 2026-11-30.
    await sql(db.url, `INSERT INTO supplementation_request (application_id, message, requirement_ids, due_on, requested_by_user_id) VALUES ($1, 'Bifoga intyget', ARRAY[$2]::int[], '2026-11-30', $3)`, [
      newest,
      spec.req.document,
      commissioner,
    ])
    await sql(db.url, `UPDATE authorisation_application SET status = 'supplementation' WHERE id = $1`, [newest])

    const queue = await review.reviewQueue(prisma, { today: '2026-11-11' })
    expect(queue.map((q) => [q.id, q.clinicName, q.status, q.ageInDays, q.daysSinceResubmission, q.reviewerName, q.assessed, q.requirements, q.openRequestDueOn])).toEqual([
      // Submitted at 23:30 Swedish time on 1 November: the age counts Swedish days, 10 by 11 November.
      [oldest, 'Gamla VC', 'submitted', 10, null, null, 0, 6, null],
      [middle, 'Mellan VC', 'submitted', 6, 3, expect.stringMatching(/^Test commissioner/), 2, 6, null],
      [newest, 'Nya VC', 'supplementation', 1, null, null, 0, 6, '2026-11-30'],
    ])
    expect(queue[0]!.orgName).toBe('Testvård AB')

    const waiting = await review.reviewQueue(prisma, { status: 'supplementation', today: '2026-11-11' })
    expect(waiting.map((q) => q.id)).toEqual([newest])
    const toReview = await review.reviewQueue(prisma, { status: 'submitted', today: '2026-11-11' })
    expect(toReview.map((q) => q.id)).toEqual([oldest, middle])
    expect(await review.reviewQueue(prisma, { status: 'approved', today: '2026-11-11' })).toEqual([])

    // Paged: two a page, in the same order; a page past the end gives the last one.
    const first = await review.reviewQueuePage(prisma, { today: '2026-11-11', page: 1, pageSize: 2 })
    expect([first.rows.map((q) => q.id), first.total, first.page, first.pageCount]).toEqual([[oldest, middle], 3, 1, 2])
    const second = await review.reviewQueuePage(prisma, { today: '2026-11-11', page: 2, pageSize: 2 })
    expect([second.rows.map((q) => q.id), second.total, second.page]).toEqual([[newest], 3, 2])
    const beyond = await review.reviewQueuePage(prisma, { today: '2026-11-11', page: 9, pageSize: 2 })
    expect([beyond.rows.map((q) => q.id), beyond.total, beyond.page]).toEqual([[newest], 3, 2])
    const filtered = await review.reviewQueuePage(prisma, { status: 'submitted', today: '2026-11-11', page: 1, pageSize: 1 })
    expect([filtered.rows.map((q) => q.id), filtered.total, filtered.pageCount]).toEqual([[oldest], 2, 2])

    // Withdrawn while asked to supplement: the request is no longer waited for, so no due date.
    await sql(db.url, `UPDATE authorisation_application SET status = 'withdrawn' WHERE id = $1`, [newest])
    const withdrawn = await review.reviewQueue(prisma, { status: 'withdrawn', today: '2026-11-11' })
    expect(withdrawn.map((q) => [q.id, q.openRequestDueOn])).toEqual([[newest, null]])
  })
})

describe('assigning a reviewer', () => {
  it('gives the application a commissioner as reviewer, on the timeline and in the audit log', async () => {
    const id = await submitted()
    await review.assignReviewer(prisma, { applicationId: id, reviewerUserId: otherCommissioner, actor: as(commissioner) })
    expect(await sql(db.url, `SELECT reviewer_user_id FROM authorisation_application WHERE id = $1`, [id])).toEqual([{ reviewer_user_id: otherCommissioner }])
    const [event] = await sql<{ kind: string; actor_user_id: number; details: { reviewerUserId: number } }>(
      db.url,
      `SELECT kind, actor_user_id, details FROM application_event WHERE application_id = $1 AND kind = 'reviewer_assigned'`,
      [id],
    )
    expect(event).toMatchObject({ kind: 'reviewer_assigned', actor_user_id: commissioner, details: { reviewerUserId: otherCommissioner } })
    expect(await sql(db.url, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'authorisation.reviewer_assigned' AND entity_id = $1`, [String(id)])).toEqual([{ n: 1 }])
  })

  it('refuses a reviewer who is not a commissioner, and an actor who is not one', async () => {
    const id = await submitted()
    expect(await refusal(review.assignReviewer(prisma, { applicationId: id, reviewerUserId: applicant, actor: as(commissioner) }))).toEqual(['reviewerNotManager'])
    expect(await refusal(review.assignReviewer(prisma, { applicationId: id, reviewerUserId: staff, actor: as(commissioner) }))).toEqual(['reviewerNotManager'])
    expect(await refusal(review.assignReviewer(prisma, { applicationId: id, reviewerUserId: commissioner, actor: as(applicant) }))).toEqual(['forbidden'])
    expect(await sql(db.url, `SELECT reviewer_user_id FROM authorisation_application WHERE id = $1`, [id])).toEqual([{ reviewer_user_id: null }])
  })
})

describe('assessments', () => {
  it('refuses a fail without a comment, writing nothing', async () => {
    const id = await submitted()
    const codes = await refusal(
      review.assess(prisma, {
        applicationId: id,
        assessments: [
          { requirementId: spec.req.declaration, verdict: 'pass' },
          { requirementId: spec.req.number, verdict: 'fail', comment: '   ' },
        ],
        actor: as(commissioner),
      }),
    )
    expect(codes).toEqual(['failNeedsComment'])
    expect(await sql(db.url, `SELECT count(*)::int AS n FROM application_assessment WHERE application_id = $1`, [id])).toEqual([{ n: 0 }])
    expect(await sql(db.url, `SELECT count(*)::int AS n FROM application_event WHERE application_id = $1 AND kind = 'assessed'`, [id])).toEqual([{ n: 0 }])
  })

  it('saves many at once, replaces an earlier assessment, and records only what changed', async () => {
    const id = await submitted()
    const first = await review.assess(prisma, {
      applicationId: id,
      assessments: [
        { requirementId: spec.req.declaration, verdict: 'pass' },
        { requirementId: spec.req.number, verdict: 'pass', comment: 'Ok' },
        { requirementId: spec.req.text, verdict: 'fail', comment: 'Beskrivningen saknar uppföljning.' },
      ],
      actor: as(commissioner),
    })
    expect(first).toEqual({ saved: 3 })
    const second = await review.assess(prisma, {
      applicationId: id,
      assessments: [
        { requirementId: spec.req.declaration, verdict: 'pass' }, // unchanged
        { requirementId: spec.req.number, verdict: 'fail', comment: '35 timmar räcker inte.' },
      ],
      actor: as(otherCommissioner),
    })
    expect(second).toEqual({ saved: 1 })
    const rows = await sql<{ requirement_id: number; verdict: string; comment: string | null; assessed_by_user_id: number }>(
      db.url,
      `SELECT requirement_id, verdict::text, comment, assessed_by_user_id FROM application_assessment WHERE application_id = $1 ORDER BY requirement_id`,
      [id],
    )
    expect(rows).toEqual(
      [
        { requirement_id: spec.req.declaration, verdict: 'pass', comment: null, assessed_by_user_id: commissioner },
        { requirement_id: spec.req.number, verdict: 'fail', comment: '35 timmar räcker inte.', assessed_by_user_id: otherCommissioner },
        { requirement_id: spec.req.text, verdict: 'fail', comment: 'Beskrivningen saknar uppföljning.', assessed_by_user_id: commissioner },
      ].sort((a, b) => a.requirement_id - b.requirement_id),
    )
    const events = await sql<{ details: { assessments: { code: string; verdict: string }[] } }>(
      db.url,
      `SELECT details FROM application_event WHERE application_id = $1 AND kind = 'assessed' ORDER BY id`,
      [id],
    )
    expect(events.map((e) => e.details.assessments)).toEqual([
      [
        { code: '1.1', verdict: 'pass' },
        { code: '1.2', verdict: 'pass' },
        { code: '2.2', verdict: 'fail' },
      ],
      [{ code: '1.2', verdict: 'fail' }],
    ])
    // The same page saved again changes nothing and records nothing.
    expect(await review.assess(prisma, { applicationId: id, assessments: [{ requirementId: spec.req.declaration, verdict: 'pass' }], actor: as(commissioner) })).toEqual({ saved: 0 })
    expect(await sql(db.url, `SELECT count(*)::int AS n FROM application_event WHERE application_id = $1 AND kind = 'assessed'`, [id])).toEqual([{ n: 2 }])
  })

  it('refuses a requirement of another kravbok', async () => {
    const id = await submitted()
    const other = await publishedTestSpec(prisma)
    expect(await refusal(review.assess(prisma, { applicationId: id, assessments: [{ requirementId: other.req.declaration, verdict: 'pass' }], actor: as(commissioner) }))).toEqual([
      'unknownRequirement',
    ])
  })

  it('is made only while the application is submitted', async () => {
    const draft = await filledDraft(prisma, spec, applicant, '0480')
    const assessOne = (applicationId: number) =>
      refusal(review.assess(prisma, { applicationId, assessments: [{ requirementId: spec.req.declaration, verdict: 'pass' }], actor: as(commissioner) }))
    expect(await assessOne(draft)).toEqual(['notFound'])
    expect(await assessOne(999_999)).toEqual(['notFound'])
    const waiting = await submitted()
    await review.requestSupplementation(
      prisma,
      { applicationId: waiting, requirementIds: [spec.req.text], sections: [], message: 'Utveckla svaret.', dueOn: '2099-01-31', actor: as(commissioner) },
      noDelivery,
    )
    expect(await assessOne(waiting)).toEqual(['notUnderReview'])
    const withdrawn = await submitted()
    await sql(db.url, `UPDATE authorisation_application SET status = 'withdrawn' WHERE id = $1`, [withdrawn])
    expect(await assessOne(withdrawn)).toEqual(['notUnderReview'])
  })
})

describe('a request for supplementation', () => {
  it('sets the application waiting, records the request, tells the applicant, and opens only what it names', async () => {
    const id = await submitted()
    const { requestId } = await review.requestSupplementation(
      prisma,
      {
        applicationId: id,
        requirementIds: [spec.req.number],
        sections: ['staffing'],
        message: 'Ange öppettiderna per vecka igen.\nDe ska vara minst 40 timmar.',
        dueOn: '2026-12-15',
        actor: as(commissioner),
        today: '2026-11-20',
      },
      noDelivery,
    )
    expect(await sql(db.url, `SELECT status::text FROM authorisation_application WHERE id = $1`, [id])).toEqual([{ status: 'supplementation' }])
    expect(
      await sql(db.url, `SELECT application_id, requirement_ids, sections, to_char(due_on, 'YYYY-MM-DD') AS due_on, requested_by_user_id, answered_at FROM supplementation_request WHERE id = $1`, [requestId]),
    ).toEqual([{ application_id: id, requirement_ids: [spec.req.number], sections: ['staffing'], due_on: '2026-12-15', requested_by_user_id: commissioner, answered_at: null }])
    const notes = await sql<{ kind: string; recipient_user_id: number; dedupe_key: string; payload: Record<string, unknown>; sent_at: Date | null }>(
      db.url,
      `SELECT kind::text, recipient_user_id, dedupe_key, payload, sent_at FROM provider_notification WHERE application_id = $1`,
      [id],
    )
    expect(notes).toEqual([
      {
        kind: 'supplementation_requested',
        recipient_user_id: applicant,
        dedupe_key: `supplementation:${requestId}`,
        payload: { message: 'Ange öppettiderna per vecka igen.\nDe ska vara minst 40 timmar.', dueOn: '2026-12-15', requirementCodes: ['1.2'], sections: ['staffing'], clinicName: 'Testets vårdcentral' },
        sent_at: null,
      },
    ])
    const [event] = await sql<{ details: Record<string, unknown> }>(db.url, `SELECT details FROM application_event WHERE application_id = $1 AND kind = 'supplementation_requested'`, [id])
    expect(event!.details).toEqual({ requestId, requirementCodes: ['1.2'], sections: ['staffing'], dueOn: '2026-12-15' })

    // The applicant may now amend the asked requirement, and nothing else (the database's own guard).
    await sql(db.url, `UPDATE application_answer SET value = '"42"' WHERE application_id = $1 AND requirement_id = $2`, [id, spec.req.number])
    await expect(sql(db.url, `UPDATE application_answer SET value = '"paper"' WHERE application_id = $1 AND requirement_id = $2`, [id, spec.req.choice])).rejects.toThrow(
      /cannot be changed now/,
    )
    expect(await sql(db.url, `SELECT requirement_id, value FROM application_answer WHERE application_id = $1 AND requirement_id IN ($2, $3) ORDER BY requirement_id`, [id, spec.req.number, spec.req.choice])).toEqual(
      [
        { requirement_id: spec.req.number, value: '42' },
        { requirement_id: spec.req.choice, value: 'own' },
      ].sort((a, b) => a.requirement_id - b.requirement_id),
    )
    // A second request while one is open: the application is no longer submitted.
    expect(
      await refusal(review.requestSupplementation(prisma, { applicationId: id, requirementIds: [spec.req.text], sections: [], message: 'Mer', dueOn: '2026-12-20', actor: as(commissioner), today: '2026-11-20' }, noDelivery)),
    ).toEqual(['notUnderReview'])
  })

  it('lists every problem of the request at once and writes nothing', async () => {
    const id = await submitted()
    const codes = await refusal(
      review.requestSupplementation(prisma, { applicationId: id, requirementIds: [], sections: ['roof'], message: '  ', dueOn: '2026-11-20', actor: as(commissioner), today: '2026-11-20' }, noDelivery),
    )
    expect(codes).toEqual(['unknownSection', 'messageMissing', 'dueOnPast'])
    expect(
      await refusal(review.requestSupplementation(prisma, { applicationId: id, requirementIds: [], sections: [], message: 'x', dueOn: '2026-02-30', actor: as(commissioner), today: '2026-11-20' }, noDelivery)),
    ).toEqual(['nothingRequested', 'dueOnInvalid'])
    expect(await sql(db.url, `SELECT status::text, (SELECT count(*)::int FROM supplementation_request WHERE application_id = $1) AS requests FROM authorisation_application WHERE id = $1`, [id])).toEqual([
      { status: 'submitted', requests: 0 },
    ])
  })
})

describe('the size of a posted form', () => {
  it('every form of the authorisation pages is read only up to 256 KiB: a larger body is answered 413, nothing written', async () => {
    const own = await filledDraft(prisma, spec, applicant, '0480')
    const cookieFor = async (userId: number) =>
      (await session.startUserSession(new Request('http://127.0.0.1/logga-in/retur'), userId, '/')).headers.get('Set-Cookie')!.split(';')[0]!
    const applicantCookie = await cookieFor(applicant)
    const commissionerCookie = await cookieFor(commissioner)
    const statusOf = async (run: () => Promise<unknown>): Promise<number> => {
      try {
        const result = await run()
        const init = (result as { init?: { status?: number } } | null)?.init
        return result instanceof Response ? result.status : (init?.status ?? 200)
      } catch (error) {
        if (error instanceof Response) return error.status
        const init = (error as { init?: { status?: number } }).init
        if (init?.status) return init.status
        throw error
      }
    }
    const pages: { module: { action: (args: never) => Promise<unknown> }; path: string; params: Record<string, string>; cookie: string }[] = [
      { module: await import('../../app/routes/apply.tsx'), path: '/ansokan', params: {}, cookie: applicantCookie },
      { module: await import('../../app/routes/apply.overview.tsx'), path: `/ansokan/${own}`, params: { applicationId: String(own) }, cookie: applicantCookie },
      { module: await import('../../app/routes/apply.details.tsx'), path: `/ansokan/${own}/uppgifter`, params: { applicationId: String(own) }, cookie: applicantCookie },
      { module: await import('../../app/routes/review.application.tsx'), path: `/region/ansokningar/${own}`, params: { applicationId: String(own) }, cookie: commissionerCookie },
      { module: await import('../../app/routes/review.decision.tsx'), path: `/region/ansokningar/${own}/beslut`, params: { applicationId: String(own) }, cookie: commissionerCookie },
      { module: await import('../../app/routes/kravbok.tsx'), path: '/region/kravbok', params: {}, cookie: commissionerCookie },
      { module: await import('../../app/routes/kravbok.version.tsx'), path: `/region/kravbok/${spec.specId}`, params: { specId: String(spec.specId) }, cookie: commissionerCookie },
      {
        module: await import('../../app/routes/kravbok.requirement.tsx'),
        path: `/region/kravbok/${spec.specId}/krav/${spec.req.text}`,
        params: { specId: String(spec.specId), requirementId: String(spec.req.text) },
        cookie: commissionerCookie,
      },
    ]
    const big = `intent=save&note=${'a'.repeat(300 * 1024)}`
    const post = (page: (typeof pages)[number], body: string, headers: Record<string, string> = {}) =>
      page.module.action({
        request: new Request(`http://127.0.0.1${page.path}`, { method: 'POST', headers: { Cookie: page.cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body }),
        params: page.params,
        context: {},
      } as never)
    const events = async () => (await sql<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM audit_log`))[0]!.n
    const before = await events()
    for (const page of pages) {
      // Announced by Content-Length: refused before the body is read; streamed without one: cut off at the limit.
      expect(await statusOf(() => post(page, big, { 'Content-Length': String(big.length) })), page.path).toBe(413)
      expect(await statusOf(() => post(page, big)), page.path).toBe(413)
    }
    expect(await events()).toBe(before)
    // A body under the limit is read as before (here: an unknown intent, 400).
    expect(await statusOf(() => post(pages[4]!, `intent=nothing&note=${'a'.repeat(200 * 1024)}`))).toBe(400)
  })
})

describe('who may review', () => {
  it("refuses an applicant's, clinic staff's and a script's actor at every step", async () => {
    const id = await submitted()
    for (const actor of [as(applicant), as(staff), { kind: 'cli' } as Actor, as(999_999)]) {
      expect(await refusal(review.assignReviewer(prisma, { applicationId: id, reviewerUserId: commissioner, actor }))).toEqual(['forbidden'])
      expect(await refusal(review.assess(prisma, { applicationId: id, assessments: [{ requirementId: spec.req.declaration, verdict: 'pass' }], actor }))).toEqual(['forbidden'])
      expect(
        await refusal(review.requestSupplementation(prisma, { applicationId: id, requirementIds: [spec.req.text], sections: [], message: 'x', dueOn: '2099-01-01', actor }, noDelivery)),
      ).toEqual(['forbidden'])
      expect(await refusal(review.reviewDetails(prisma, { applicationId: id, actor }))).toEqual(['forbidden'])
    }
    expect(await sql(db.url, `SELECT status::text, reviewer_user_id FROM authorisation_application WHERE id = $1`, [id])).toEqual([{ status: 'submitted', reviewer_user_id: null }])
  })

  it("the pages send a visitor to the login and give a provider's user 403", async () => {
    const id = await submitted()
    const pages = [
      { module: await import('../../app/routes/review.tsx'), path: '/region/ansokningar', params: {} },
      { module: await import('../../app/routes/review.application.tsx'), path: `/region/ansokningar/${id}`, params: { applicationId: String(id) } },
      { module: await import('../../app/routes/review.decision.tsx'), path: `/region/ansokningar/${id}/beslut`, params: { applicationId: String(id) } },
    ]
    const cookieFor = async (userId: number) =>
      (await session.startUserSession(new Request('http://127.0.0.1/logga-in/retur'), userId, '/')).headers.get('Set-Cookie')!.split(';')[0]!
    const statusOf = async (run: () => Promise<unknown>): Promise<number> => {
      try {
        await run()
        return 200
      } catch (error) {
        if (error instanceof Response) return error.status
        const init = (error as { init?: { status?: number } }).init
        if (init?.status) return init.status
        throw error
      }
    }
    const applicantCookie = await cookieFor(applicant)
    const staffCookie = await cookieFor(staff)
    const commissionerCookie = await cookieFor(commissioner)
    // A provider's own messages: their users only (an applicant, clinic staff), not the region's.
    const messages = await import('../../app/routes/provider-messages.tsx')
    const messagesArgs = (cookie: string | null) =>
      ({ request: new Request('http://127.0.0.1/ansokan/meddelanden', cookie ? { headers: { Cookie: cookie } } : undefined), params: {}, context: {} }) as never
    expect(await statusOf(() => messages.loader(messagesArgs(null)))).toBe(302)
    expect(await statusOf(() => messages.loader(messagesArgs(commissionerCookie)))).toBe(403)
    expect(await statusOf(() => messages.loader(messagesArgs(applicantCookie)))).toBe(200)
    expect(await statusOf(() => messages.loader(messagesArgs(staffCookie)))).toBe(200)
    for (const page of pages) {
      const request = (cookie: string | null, method = 'GET') =>
        new Request(`http://127.0.0.1${page.path}`, {
          method,
          headers: cookie ? { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' } : { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: method === 'POST' ? 'intent=assess' : undefined,
        })
      const args = (cookie: string | null, method = 'GET') => ({ request: request(cookie, method), params: page.params, context: {} }) as never
      expect(await statusOf(() => page.module.loader(args(null)))).toBe(302)
      expect(await statusOf(() => page.module.loader(args(applicantCookie)))).toBe(403)
      expect(await statusOf(() => page.module.loader(args(staffCookie)))).toBe(403)
      expect(await statusOf(() => page.module.loader(args(commissionerCookie)))).toBe(200)
      if ('action' in page.module) {
        expect(await statusOf(() => (page.module as { action: (a: never) => Promise<unknown> }).action(args(null, 'POST')))).toBe(302)
        expect(await statusOf(() => (page.module as { action: (a: never) => Promise<unknown> }).action(args(applicantCookie, 'POST')))).toBe(403)
      }
    }
  })
})

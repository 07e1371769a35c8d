/**
 * A clinic's requests to the region on the real database: a list cap asked for by the clinic's own
 * staff, decided by a commissioner, in force from its first day and gone on its last (clinic_cap_on,
 * read for the day a listing takes effect; the standing cap stays), overlaps refused by the service
 * and by the exclusion constraint; changed details applied and audited, a new position moving the
 * clinic to the nearest area; a rejection needs a note; the staff are told; withdrawal.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import type { SessionUser } from '../../app/modules/access/rules.ts'
import {
  ChangeRequestInvalid,
  changeRequestDetail,
  clinicChangeRequests,
  clinicListCaps,
  decideChangeRequest,
  openChangeRequests,
  requestDetailsChange,
  requestListCap,
  withdrawChangeRequest,
} from '../../app/modules/authorisation/change-requests.server.ts'
import { loadCatalogue } from '../../app/modules/clinics/finder.server.ts'
import { ListingRefused, chooseClinic } from '../../app/modules/listing/listing.server.ts'
import { addDays } from '../../app/modules/listing/rules.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { pino } from 'pino'
import { listingAssign } from '../../jobs/processors/listing-assign.ts'
import { tearDownTestDatabase, testUser } from '../support/authorisation-fixture.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

const prefix = vi.hoisted(() => {
  const p = `test-changes-${Math.random().toString(16).slice(2, 10)}`
  process.env.QUEUE_PREFIX = p
  return p
})

let db: TestDatabase
let prisma: PrismaClient
let clinicA: number
let clinicB: number
let staffA: SessionUser
let staffA2: SessionUser
let staffB: SessionUser
let commissioner: SessionUser
const TODAY = '2027-01-15'

const staffOf = (id: number, clinicId: number): SessionUser => ({ id, name: 'Personal', roles: [{ role: 'clinic_staff', clinicId }] })

beforeAll(async () => {
  db = await createTestDatabase('changes')
  prisma = createPrisma(db.url)
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04')`)
  await sql(db.url, `INSERT INTO area (area_code, municipality_code, name, centre_lat, centre_lon) VALUES ('A1', '0480', 'Centrum', 59, 17), ('A2', '0480', 'Norr', 59.6, 17.1), ('A3', '0480', 'Utan mitt', NULL, NULL)`)
  const insert = async (hsa: string, name: string, cap: number | null) =>
    (
      await sql<{ id: number }>(
        db.url,
        `INSERT INTO clinic (hsa_id, name, area_code, ownership, geography_points, lat, lon, street_address, postal_code, city, opening_hours, list_cap)
         VALUES ($1, $2, 'A1', 'public', 0, 59.1, 17.1, 'Storgatan 1', '61132', 'Nyköping', '[{"day":1,"opens":"08:00","closes":"17:00"}]', $3) RETURNING id`,
        [hsa, name, cap],
      )
    )[0]!.id
  clinicA = await insert('SE-A', 'Ekens VC', null)
  clinicB = await insert('SE-B', 'Granens VC', 900)
  staffA = staffOf(await testUser(prisma, 'clinic_staff', clinicA), clinicA)
  staffA2 = staffOf(await testUser(prisma, 'clinic_staff', clinicA), clinicA)
  staffB = staffOf(await testUser(prisma, 'clinic_staff', clinicB), clinicB)
  commissioner = { id: await testUser(prisma, 'commissioner'), name: 'Beställare', roles: [{ role: 'commissioner', clinicId: null }] }
})

afterAll(() => tearDownTestDatabase({ prisma, db, queuePrefix: prefix }))

const listCap = async (clinicId = clinicA) => (await sql<{ list_cap: number | null }>(db.url, `SELECT list_cap FROM clinic WHERE id = $1`, [clinicId]))[0]!.list_cap
/** The cap in force on a day: a time-bound cap covering it, else the standing one. */
const capOn = async (day: string, clinicId = clinicA) =>
  (await sql<{ cap: number | null }>(db.url, `SELECT clinic_cap_on($1::int, $2::date) AS cap`, [clinicId, day]))[0]!.cap
const invalid = (p: Promise<unknown>) => p.then(
  () => null,
  (e: unknown) => (e instanceof ChangeRequestInvalid ? e.errors : e),
)

describe('asking for a list cap', () => {
  it("only the clinic's own staff may ask", async () => {
    const input = { clinicId: clinicA, cap: 1500, from: '2027-02-01', until: '2027-08-01', motivation: 'Läkarbrist', today: TODAY }
    await expect(requestListCap(prisma, { ...input, user: staffB })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(requestListCap(prisma, { ...input, user: commissioner })).rejects.toMatchObject({ code: 'forbidden' })
    expect(await sql(db.url, `SELECT id FROM clinic_change_request`)).toEqual([])
  })

  it('names every bad field: cap, a past start, an end not after it or more than two years on, no motivation', async () => {
    const base = { clinicId: clinicA, user: staffA, today: TODAY }
    expect(await invalid(requestListCap(prisma, { ...base, cap: '0', from: '2027-01-14', until: '2027-01-14', motivation: ' ' }))).toEqual({
      cap: 'capRange',
      from: 'fromPast',
      until: 'untilNotAfterFrom',
      motivation: 'motivationMissing',
    })
    expect(await invalid(requestListCap(prisma, { ...base, cap: '1,5', from: '2027-02-01', until: '2029-02-02', motivation: 'x' }))).toEqual({ cap: 'capInvalid', until: 'untilTooLate' })
    expect(await invalid(requestListCap(prisma, { ...base, cap: '', from: 'i morgon', until: '', motivation: 'x' }))).toEqual({ cap: 'capMissing', from: 'dateInvalid', until: 'dateMissing' })
    // Exactly two years is allowed.
    expect(await invalid(requestListCap(prisma, { ...base, cap: '12.5', from: '2027-02-01', until: '2029-02-01', motivation: 'x' }))).toEqual({ cap: 'capWhole' })
  })

  it('keeps one open request per kind and clinic', async () => {
    const id = await requestListCap(prisma, { clinicId: clinicA, cap: '1500', from: '2027-02-01', until: '2027-08-01', motivation: 'Två läkare slutar', user: staffA, today: TODAY })
    await expect(requestListCap(prisma, { clinicId: clinicA, cap: 1400, from: '2027-03-01', until: '2027-09-01', motivation: 'Igen', user: staffA2, today: TODAY })).rejects.toMatchObject({
      code: 'openRequestExists',
      facts: { id: String(id) },
    })
    expect(await sql(db.url, `SELECT kind::text, status::text, payload, motivation, requested_by_user_id FROM clinic_change_request`)).toEqual([
      { kind: 'list_cap', status: 'submitted', payload: { cap: 1500, from: '2027-02-01', until: '2027-08-01' }, motivation: 'Två läkare slutar', requested_by_user_id: staffA.id },
    ])
    expect((await openChangeRequests(prisma)).map((r) => [r.id, r.hsaId, r.kind])).toEqual([[id, 'SE-A', 'list_cap']])
  })
})

describe('deciding a list cap', () => {
  it('only a commissioner decides; a rejection needs a note', async () => {
    const [open] = await openChangeRequests(prisma)
    await expect(decideChangeRequest(prisma, { requestId: open!.id, outcome: 'approved', user: staffA, today: TODAY })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(decideChangeRequest(prisma, { requestId: open!.id, outcome: 'rejected', note: '  ', user: commissioner, today: TODAY })).rejects.toMatchObject({ code: 'noteMissing' })
    await expect(decideChangeRequest(prisma, { requestId: 999_999, outcome: 'approved', user: commissioner, today: TODAY })).rejects.toMatchObject({ code: 'unknownRequest' })
  })

  it('an approved cap is in force from its first day and gone on its end day', async () => {
    const [open] = await openChangeRequests(prisma)
    await decideChangeRequest(prisma, { requestId: open!.id, outcome: 'approved', note: null, user: commissioner, today: TODAY })
    expect(await clinicListCaps(prisma, clinicA)).toEqual([{ id: expect.any(Number), cap: 1500, from: '2027-02-01', until: '2027-08-01', changeRequestId: open!.id }])
    // In force from its first day up to (not including) its end; the standing cap (none) is untouched.
    expect([await capOn('2027-01-31'), await capOn('2027-02-01'), await capOn('2027-07-31'), await capOn('2027-08-01')]).toEqual([null, 1500, 1500, null])
    expect(await listCap()).toBeNull()
    expect((await loadCatalogue(prisma, '2027-01-31')).byHsaId.get('SE-A')!.listCap).toBeNull()
    expect((await loadCatalogue(prisma, '2027-02-01')).byHsaId.get('SE-A')!.listCap).toBe(1500)
    // A clinic without time-bound caps keeps the cap it had.
    expect(await capOn('2027-02-01', clinicB)).toBe(900)
    const detail = await changeRequestDetail(prisma, open!.id)
    expect(detail!.request).toMatchObject({ status: 'approved', decidedBy: expect.stringMatching(/^Test commissioner/) })
    await expect(decideChangeRequest(prisma, { requestId: open!.id, outcome: 'rejected', note: 'Ångrar', user: commissioner, today: TODAY })).rejects.toMatchObject({ code: 'alreadyDecided' })
    const notices = await sql<{ recipient_user_id: number; payload: unknown }>(
      db.url,
      `SELECT recipient_user_id, payload FROM provider_notification WHERE kind = 'change_request_decided' ORDER BY recipient_user_id`,
    )
    expect(notices).toEqual(
      [staffA.id, staffA2.id].sort((a, b) => a - b).map((id) => ({
        recipient_user_id: id,
        payload: { kind: 'list_cap', outcome: 'approved', note: null, clinicName: 'Ekens VC', cap: 1500, from: '2027-02-01', until: '2027-08-01' },
      })),
    )
  })

  it('refuses an overlapping cap with a clear message, and the database refuses one written beside the service', async () => {
    const id = await requestListCap(prisma, { clinicId: clinicA, cap: 1200, from: '2027-07-01', until: '2027-12-01', motivation: 'Förlängning', user: staffA2, today: TODAY })
    await expect(decideChangeRequest(prisma, { requestId: id, outcome: 'approved', user: commissioner, today: TODAY })).rejects.toMatchObject({
      code: 'capOverlap',
      facts: { cap: '1500', from: '2027-02-01', until: '2027-08-01' },
    })
    expect((await changeRequestDetail(prisma, id))!.request.status).toBe('submitted')
    await expect(sql(db.url, `INSERT INTO clinic_list_cap (clinic_id, cap, valid_from, valid_until) VALUES ($1, 5, '2027-07-31', '2027-09-01')`, [clinicA])).rejects.toThrow(
      /clinic_list_cap_no_overlap/,
    )
    // Adjacent periods do not overlap: the end day is the next cap's first day.
    await decideChangeRequest(prisma, { requestId: id, outcome: 'rejected', note: 'Ansök från 2027-08-01.', user: commissioner, today: TODAY })
    const next = await requestListCap(prisma, { clinicId: clinicA, cap: 1200, from: '2027-08-01', until: '2027-12-01', motivation: 'Förlängning', user: staffA2, today: TODAY })
    await decideChangeRequest(prisma, { requestId: next, outcome: 'approved', user: commissioner, today: '2027-08-05' })
    // Decided within its period: in force at once, and the standing cap is still none.
    expect(await capOn('2027-08-05')).toBe(1200)
    expect(await listCap()).toBeNull()
    expect((await clinicChangeRequests(prisma, clinicA)).map((r) => [r.status, r.decisionNote])).toEqual([
      ['approved', null],
      ['rejected', 'Ansök från 2027-08-01.'],
      ['approved', null],
    ])
  })

  it('a standing cap survives a time-bound cap’s end, through the nightly listing job', async () => {
    const id = await requestListCap(prisma, { clinicId: clinicB, cap: 1000, from: '2027-02-01', until: '2027-03-01', motivation: 'Ombyggnad', user: staffB, today: TODAY })
    await decideChangeRequest(prisma, { requestId: id, outcome: 'approved', user: commissioner, today: TODAY })
    expect([await capOn('2027-01-31', clinicB), await capOn('2027-02-15', clinicB), await capOn('2027-03-01', clinicB)]).toEqual([900, 1000, 900])
    const logger = pino({ level: 'silent' })
    for (const day of ['2027-02-01', '2027-03-01']) {
      const ctx = { jobId: day, attempt: 1, maxAttempts: 1, enqueuedAt: 0, dueAt: Date.parse(`${day}T01:30:00Z`), logger, updateProgress: async () => {} }
      const result = await listingAssign({ prisma, databaseUrl: db.url, logger }, { date: day }, ctx)
      expect(result.today).toBe(day)
      expect([await listCap(clinicB), await listCap(clinicA)]).toEqual([900, null])
    }
    expect((await loadCatalogue(prisma, '2027-03-01')).byHsaId.get('SE-B')!.listCap).toBe(900)
  })
})

describe('a list cap on the day a choice takes effect', () => {
  const TOMORROW = addDays(TODAY, 1)
  let clinicC: number
  let personal = 0
  const citizen = async (clinicId: number | null) => {
    const [row] = await sql<{ id: string }>(
      db.url,
      `INSERT INTO citizen (personal_id, sex, birth_date, area_code) VALUES ($1, 'F', '1980-01-01', 'A1') RETURNING id`,
      [`19800101${String(++personal).padStart(4, '0')}`],
    )
    if (clinicId !== null) await sql(db.url, `INSERT INTO listing (citizen_id, clinic_id, valid_from, kind) VALUES ($1, $2, '2024-01-01', 'chosen')`, [row!.id, clinicId])
    return BigInt(row!.id)
  }
  const offset = (days: number) => sql(db.url, `UPDATE region_setting SET effective_offset_days = $1`, [days])

  beforeAll(async () => {
    clinicC = (
      await sql<{ id: number }>(
        db.url,
        `INSERT INTO clinic (hsa_id, name, area_code, ownership, geography_points, lat, lon) VALUES ('SE-C', 'Tallens VC', 'A1', 'public', 0, 59.05, 17.05) RETURNING id`,
      )
    )[0]!.id
    const staffC = staffOf(await testUser(prisma, 'clinic_staff', clinicC), clinicC)
    await citizen(clinicC)
    const id = await requestListCap(prisma, { clinicId: clinicC, cap: 1, from: TOMORROW, until: addDays(TODAY, 60), motivation: 'Full', user: staffC, today: TODAY })
    await decideChangeRequest(prisma, { requestId: id, outcome: 'approved', user: commissioner, today: TODAY })
  })

  it('a cap from tomorrow closes a choice effective tomorrow, not one effective today', async () => {
    const actor = { kind: 'job' as const }
    await offset(1)
    const error = await chooseClinic(prisma, { citizenId: await citizen(null), clinicId: clinicC, choiceDate: TODAY, actor }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ListingRefused)
    expect(error).toMatchObject({ code: 'list-closed', details: { effectiveDate: TOMORROW } })
    await offset(0)
    const receipt = await chooseClinic(prisma, { citizenId: await citizen(null), clinicId: clinicC, choiceDate: TODAY, actor })
    expect(receipt).toMatchObject({ effectiveDate: TODAY, toClinic: { id: clinicC } })
    await offset(1)
    expect(await listCap(clinicC)).toBeNull()
    expect((await loadCatalogue(prisma, TODAY)).byHsaId.get('SE-C')).toMatchObject({ listCap: null, listOpen: true })
    expect((await loadCatalogue(prisma, TOMORROW)).byHsaId.get('SE-C')).toMatchObject({ listCap: 1, listOpen: false })
  })
})

describe('changed details', () => {
  it('keeps only what differs, refuses a request that changes nothing, and names bad values', async () => {
    const same = { ownership: 'public', streetAddress: 'Storgatan 1', postalCode: '611 32', city: 'Nyköping', lat: '59.1', lon: 17.1, openingHours: [{ day: 1, opens: '08:00', closes: '17:00' }] }
    await expect(requestDetailsChange(prisma, { clinicId: clinicA, changes: same, motivation: 'Inget', user: staffA })).rejects.toMatchObject({ code: 'noChanges' })
    expect(
      await invalid(
        requestDetailsChange(prisma, {
          clinicId: clinicA,
          changes: { postalCode: '6113', lat: '80', openingHours: [{ day: 1, opens: '17:00', closes: '08:00' }], ownership: 'kommunal' },
          motivation: '',
          user: staffA,
        }),
      ),
    ).toEqual({ postalCode: 'postalCodeInvalid', lat: 'latInvalid', openingHours: 'hoursInvalid', ownership: 'ownershipInvalid', motivation: 'motivationMissing' })
    await expect(requestDetailsChange(prisma, { clinicId: clinicA, changes: { city: 'Oxelösund' }, motivation: 'Flytt', user: staffB })).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('is applied on approval, audited before and after, and told to the staff', async () => {
    const hours = [{ day: 2, opens: '08:00', closes: '19:00' }, { day: 1, opens: '08:00', closes: '17:00' }]
    const id = await requestDetailsChange(prisma, {
      clinicId: clinicA,
      changes: { ownership: 'public', streetAddress: 'Ågatan 5', postalCode: '611 40', city: 'Nyköping', lat: 59.12, openingHours: hours },
      motivation: 'Vi flyttar till nya lokaler',
      user: staffA,
    })
    const detail = await changeRequestDetail(prisma, id)
    expect(detail!.request.payload).toEqual({
      streetAddress: 'Ågatan 5',
      postalCode: '61140',
      lat: 59.12,
      openingHours: [{ day: 1, opens: '08:00', closes: '17:00' }, { day: 2, opens: '08:00', closes: '19:00' }],
    })
    expect(detail!.clinic).toMatchObject({ streetAddress: 'Storgatan 1', postalCode: '61132', lat: 59.1 })
    await expect(requestDetailsChange(prisma, { clinicId: clinicA, changes: { city: 'Oxelösund' }, motivation: 'Igen', user: staffA2 })).rejects.toMatchObject({ code: 'openRequestExists' })
    await decideChangeRequest(prisma, { requestId: id, outcome: 'approved', note: 'Välkomna till Ågatan', user: commissioner, today: TODAY })
    expect(await sql(db.url, `SELECT street_address, postal_code, lat::text, opening_hours FROM clinic WHERE id = $1`, [clinicA])).toEqual([
      { street_address: 'Ågatan 5', postal_code: '61140', lat: '59.120000', opening_hours: [{ day: 1, opens: '08:00', closes: '17:00' }, { day: 2, opens: '08:00', closes: '19:00' }] },
    ])
    expect(await sql(db.url, `SELECT actor_user_id, details FROM audit_log WHERE action = 'clinic.details.change'`)).toEqual([
      {
        actor_user_id: commissioner.id,
        details: {
          requestId: id,
          before: { streetAddress: 'Storgatan 1', postalCode: '61132', lat: 59.1, openingHours: [{ day: 1, opens: '08:00', closes: '17:00' }] },
          after: { streetAddress: 'Ågatan 5', postalCode: '61140', lat: 59.12, openingHours: [{ day: 1, opens: '08:00', closes: '17:00' }, { day: 2, opens: '08:00', closes: '19:00' }] },
        },
      },
    ])
    expect(await sql(db.url, `SELECT count(*)::int AS n FROM provider_notification WHERE dedupe_key LIKE $1`, [`change-request-decided:${id}:%`])).toEqual([{ n: 2 }])
  })

  it('a new position moves the clinic to the nearest area’s centre in the region, audited', async () => {
    const id = await requestDetailsChange(prisma, { clinicId: clinicA, changes: { lat: '59.55', lon: 17.08 }, motivation: 'Ny adress norrut', user: staffA })
    await decideChangeRequest(prisma, { requestId: id, outcome: 'approved', user: commissioner, today: TODAY })
    expect(await sql(db.url, `SELECT area_code, lat::text, lon::text FROM clinic WHERE id = $1`, [clinicA])).toEqual([{ area_code: 'A2', lat: '59.550000', lon: '17.080000' }])
    const [audit] = await sql<{ details: { before: Record<string, unknown>; after: Record<string, unknown> } }>(
      db.url,
      `SELECT details FROM audit_log WHERE action = 'clinic.details.change' AND details->>'requestId' = $1`,
      [String(id)],
    )
    expect(audit!.details.before).toMatchObject({ lat: 59.12, lon: 17.1, areaCode: 'A1' })
    expect(audit!.details.after).toMatchObject({ lat: 59.55, lon: 17.08, areaCode: 'A2' })
    expect((await loadCatalogue(prisma, TODAY)).byHsaId.get('SE-A')).toMatchObject({ lat: 59.55 })
  })

  it('may be withdrawn by the one who asked, and only while open', async () => {
    const id = await requestDetailsChange(prisma, { clinicId: clinicA, changes: { city: 'Oxelösund' }, motivation: 'Flytt', user: staffA })
    await expect(withdrawChangeRequest(prisma, { requestId: id, user: staffA2 })).rejects.toMatchObject({ code: 'notRequester' })
    await withdrawChangeRequest(prisma, { requestId: id, user: staffA })
    await expect(withdrawChangeRequest(prisma, { requestId: id, user: staffA })).rejects.toMatchObject({ code: 'alreadyDecided' })
    await expect(decideChangeRequest(prisma, { requestId: id, outcome: 'approved', user: commissioner, today: TODAY })).rejects.toMatchObject({ code: 'alreadyDecided' })
    expect((await changeRequestDetail(prisma, id))!.request.status).toBe('withdrawn')
    expect(await sql(db.url, `SELECT city FROM clinic WHERE id = $1`, [clinicA])).toEqual([{ city: 'Nyköping' }])
  })
})

/**
 * The register of authorised clinics on the real database: suspension, revocation and end set the
 * clinic's end and write its history (append-only), refusals name the problem, a suspension alone
 * can be lifted; the finder, the assignment's closure notices and the payment run's months follow
 * the end; the clinic's staff are told; the register's entries and open data; the command line.
 */
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import {
  RegisterRefused,
  applyReinstatements,
  changeAuthorisationStatus,
  registerClinic,
  registerEntries,
  registerToday,
  reinstate,
} from '../../app/modules/authorisation/register.server.ts'
import { REGISTER_CSV_HEADER, registerCsv, registerJson } from '../../app/modules/authorisation/register-format.ts'
import { loadCatalogue } from '../../app/modules/clinics/finder.server.ts'
import { runAssignment } from '../../app/modules/listing/assignment.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createRedis } from '../../app/utils/redis.server.ts'
import { TEST_ORG_NUMBER, publishedTestSpec, tearDownTestDatabase, testUser } from '../support/authorisation-fixture.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

// A status change queues the assignment and asks for delivery on the process's queues: a prefix of this file's own.
const prefix = vi.hoisted(() => {
  const p = `test-register-${Math.random().toString(16).slice(2, 10)}`
  process.env.QUEUE_PREFIX = p
  return p
})

let db: TestDatabase
let prisma: PrismaClient
let commissioner: number
let staff: number[]
const ids: Record<string, number> = {}
const TODAY = '2027-03-10'
const actor = () => ({ kind: 'user' as const, userId: commissioner })

async function clinic(hsaId: string, name: string, opts: { area?: string; from?: string; lat?: number } = {}): Promise<number> {
  const [row] = await sql<{ id: number }>(
    db.url,
    `INSERT INTO clinic (hsa_id, name, area_code, ownership, geography_points, lat, lon, authorised_from, street_address, postal_code, city)
     VALUES ($1, $2, $3, 'private', 0, $4, 17, $5, 'Storgatan 1', '61132', 'Nyköping') RETURNING id`,
    [hsaId, name, opts.area ?? 'A1', opts.lat ?? 59, opts.from ?? '2020-01-01'],
  )
  ids[hsaId] = row!.id
  return row!.id
}

let personal = 0
async function listedCitizen(clinicId: number): Promise<string> {
  const personalId = `19800101${String(++personal).padStart(4, '0')}`
  const [row] = await sql<{ id: string }>(db.url, `INSERT INTO citizen (personal_id, sex, birth_date, area_code) VALUES ($1, 'F', '1980-01-01', 'A1') RETURNING id`, [personalId])
  await sql(db.url, `INSERT INTO listing (citizen_id, clinic_id, valid_from, kind) VALUES ($1, $2, '2024-01-01', 'chosen')`, [row!.id, clinicId])
  return row!.id
}

beforeAll(async () => {
  db = await createTestDatabase('register')
  prisma = createPrisma(db.url)
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04'), ('0461', 'Gnesta', '04')`)
  await sql(db.url, `INSERT INTO area (area_code, municipality_code, name, centre_lat, centre_lon) VALUES ('A1', '0480', 'Centrum', 59, 17), ('G1', '0461', 'Gnesta', 58.98, 17)`)
  await clinic('SE-ASK', 'Askens VC', { lat: 59.001 })
  await clinic('SE-BJORK', 'Björkens VC', { lat: 59.02 })
  await clinic('SE-CEDER', 'Cederns VC', { area: 'G1' })
  await clinic('SE-DAL', 'Dalens VC')
  await clinic('SE-ALM', 'Almens VC, "Öst"; norra')
  await clinic('SE-NY', 'Nya VC', { from: '2027-06-01' })
  commissioner = await testUser(prisma, 'commissioner')
  staff = [await testUser(prisma, 'clinic_staff', ids['SE-ASK']), await testUser(prisma, 'clinic_staff', ids['SE-ASK'])]
  await testUser(prisma, 'clinic_staff', ids['SE-BJORK'])
  for (let i = 0; i < 3; i++) await listedCitizen(ids['SE-ASK']!)
})

afterAll(() => tearDownTestDatabase({ prisma, db, queuePrefix: prefix }))

const history = (hsaId: string) =>
  sql<{ status: string; valid_from: string; reason: string | null; decided_by_user_id: number | null }>(
    db.url,
    `SELECT status::text, valid_from::text, reason, decided_by_user_id FROM clinic_authorisation_status WHERE clinic_id = $1 ORDER BY valid_from`,
    [ids[hsaId]],
  )
const authorisedTo = async (hsaId: string) => (await sql<{ to: string | null }>(db.url, `SELECT authorised_to::text AS to FROM clinic WHERE hsa_id = $1`, [hsaId]))[0]!.to

describe('refusals', () => {
  it('refuses without a reason, for a date in the past, on or before the first day, and an unknown clinic', async () => {
    const base = { hsaId: 'SE-DAL', status: 'suspended' as const, actor: actor(), today: TODAY }
    await expect(changeAuthorisationStatus(prisma, { ...base, from: '2027-04-01', reason: '  ' })).rejects.toMatchObject({ code: 'reasonMissing' })
    await expect(changeAuthorisationStatus(prisma, { ...base, from: '2027-03-09', reason: 'Brister' })).rejects.toThrow(
      'an authorisation cannot end in the past (2027-03-09); the earliest end is today, 2027-03-10',
    )
    await expect(changeAuthorisationStatus(prisma, { ...base, hsaId: 'SE-NY', from: '2027-05-01', reason: 'Brister' })).rejects.toMatchObject({
      code: 'fromNotAfterLatest',
      facts: { date: '2027-06-01' },
    })
    await expect(changeAuthorisationStatus(prisma, { ...base, hsaId: 'SE-NONE', from: '2027-04-01', reason: 'Brister' })).rejects.toMatchObject({ code: 'unknownClinic' })
    expect(await history('SE-DAL')).toEqual([{ status: 'authorised', valid_from: '2020-01-01', reason: null, decided_by_user_id: null }])
    expect(await authorisedTo('SE-DAL')).toBeNull()
  })

  it('a suspension alone can be lifted', async () => {
    await expect(reinstate(prisma, { hsaId: 'SE-DAL', from: '2027-04-01', reason: 'Åtgärdat', actor: actor(), today: TODAY })).rejects.toMatchObject({
      code: 'notSuspended',
      facts: { status: 'authorised' },
    })
  })
})

describe('revocation', () => {
  it('sets the end, writes the history and the audit entry, tells the staff', async () => {
    const r = await changeAuthorisationStatus(prisma, { hsaId: 'SE-ASK', status: 'revoked', from: '2027-03-20', reason: 'Allvarliga brister i patientsäkerheten', actor: actor(), today: TODAY })
    expect(r).toMatchObject({ clinicId: ids['SE-ASK'], name: 'Askens VC', from: '2027-03-20', notified: 2 })
    expect(r.assignmentJob).toEqual(expect.any(String))
    expect(await authorisedTo('SE-ASK')).toBe('2027-03-20')
    expect(await history('SE-ASK')).toEqual([
      { status: 'authorised', valid_from: '2020-01-01', reason: null, decided_by_user_id: null },
      { status: 'revoked', valid_from: '2027-03-20', reason: 'Allvarliga brister i patientsäkerheten', decided_by_user_id: commissioner },
    ])
    expect(await sql(db.url, `SELECT actor_user_id, details FROM audit_log WHERE action = 'clinic.authorisation.status'`)).toEqual([
      {
        actor_user_id: commissioner,
        details: { hsaId: 'SE-ASK', status: 'revoked', from: '2027-03-20', reason: 'Allvarliga brister i patientsäkerheten', statusId: r.statusId },
      },
    ])
    const notices = await sql<{ recipient_user_id: number; dedupe_key: string; payload: unknown }>(
      db.url,
      `SELECT recipient_user_id, dedupe_key, payload FROM provider_notification WHERE kind = 'authorisation_status_changed' ORDER BY recipient_user_id`,
    )
    expect(notices).toEqual(
      [...staff].sort((a, b) => a - b).map((userId) => ({
        recipient_user_id: userId,
        dedupe_key: `authorisation-status:${r.statusId}:${userId}`,
        payload: { status: 'revoked', validFrom: '2027-03-20', reason: 'Allvarliga brister i patientsäkerheten', clinicName: 'Askens VC' },
      })),
    )
    // The job was queued on this file's own queue.
    const redis = createRedis()
    expect(await redis.exists(`${prefix}:listing:${r.assignmentJob}`)).toBe(1)
    await redis.quit()
  })

  it('refuses a second change naming the status or the decided end, and the history is append-only', async () => {
    await expect(changeAuthorisationStatus(prisma, { hsaId: 'SE-ASK', status: 'ended', from: '2027-03-25', reason: 'Avslut', actor: actor(), today: TODAY })).rejects.toMatchObject({
      code: 'alreadyEnding',
      facts: { date: '2027-03-20' },
    })
    await expect(changeAuthorisationStatus(prisma, { hsaId: 'SE-ASK', status: 'ended', from: '2027-03-25', reason: 'Avslut', actor: actor(), today: '2027-03-20' })).rejects.toMatchObject({
      code: 'notAuthorised',
      facts: { status: 'revoked', from: '2027-03-20' },
    })
    await expect(sql(db.url, `UPDATE clinic_authorisation_status SET reason = 'x' WHERE clinic_id = $1`, [ids['SE-ASK']])).rejects.toThrow(/append-only/)
  })

  it('the finder shows the clinic before the end date and not from it', async () => {
    expect((await loadCatalogue(prisma, '2027-03-19')).byHsaId.has('SE-ASK')).toBe(true)
    expect((await loadCatalogue(prisma, '2027-03-20')).byHsaId.has('SE-ASK')).toBe(false)
  })

  it("the assignment gives the clinic's citizens closure notices and ends their listings on the end date", async () => {
    const result = await runAssignment(prisma, { today: TODAY, actor: { kind: 'job' }, deliver: false })
    expect(result).toMatchObject({ closingClinics: 1, closureNotices: 3, listingsEnded: 3 })
    expect(await sql(db.url, `SELECT clinic_ends_on::text, count(*)::int AS n FROM closure_notice WHERE clinic_id = $1 GROUP BY 1`, [ids['SE-ASK']])).toEqual([
      { clinic_ends_on: '2027-03-20', n: 3 },
    ])
    expect(await sql(db.url, `SELECT valid_to::text, count(*)::int AS n FROM listing WHERE clinic_id = $1 GROUP BY 1`, [ids['SE-ASK']])).toEqual([
      { valid_to: '2027-03-20', n: 3 },
    ])
    // Payments: a clinic row for a month only when it was authorised at some time in it (payments/sql.ts).
    const paidIn = (start: string, end: string) =>
      sql<{ hsa_id: string }>(db.url, `SELECT hsa_id FROM clinic WHERE authorised_from < $2::date AND (authorised_to IS NULL OR authorised_to > $1::date) AND hsa_id = 'SE-ASK'`, [start, end])
    expect(await paidIn('2027-03-01', '2027-04-01')).toHaveLength(1)
    expect(await paidIn('2027-04-01', '2027-05-01')).toHaveLength(0)
  })
})

describe('suspension and reinstatement', () => {
  it('suspends from today, then lifts it from a later day: cleared by the night of that day', async () => {
    await changeAuthorisationStatus(prisma, { hsaId: 'SE-CEDER', status: 'suspended', from: TODAY, reason: 'Saknar medicinskt ansvarig', actor: actor(), today: TODAY })
    expect(await authorisedTo('SE-CEDER')).toBe(TODAY)
    expect((await loadCatalogue(prisma, TODAY)).byHsaId.has('SE-CEDER')).toBe(false)
    await expect(reinstate(prisma, { hsaId: 'SE-CEDER', from: TODAY, reason: 'Ny läkare', actor: actor(), today: TODAY })).rejects.toMatchObject({ code: 'fromNotAfterLatest' })
    await expect(reinstate(prisma, { hsaId: 'SE-CEDER', from: '2027-03-15', reason: ' ', actor: actor(), today: TODAY })).rejects.toMatchObject({ code: 'reasonMissing' })
    const r = await reinstate(prisma, { hsaId: 'SE-CEDER', from: '2027-03-15', reason: 'Ny medicinskt ansvarig på plats', actor: actor(), today: TODAY })
    // Still suspended until the 15th: the end stays, so the finder and the assignment keep it closed.
    expect(await authorisedTo('SE-CEDER')).toBe(TODAY)
    expect(await applyReinstatements(prisma, '2027-03-14')).toBe(0)
    expect(await applyReinstatements(prisma, '2027-03-15')).toBe(1)
    expect(await authorisedTo('SE-CEDER')).toBeNull()
    expect(await applyReinstatements(prisma, '2027-03-16')).toBe(0)
    expect(await history('SE-CEDER')).toEqual([
      { status: 'authorised', valid_from: '2020-01-01', reason: null, decided_by_user_id: null },
      { status: 'suspended', valid_from: TODAY, reason: 'Saknar medicinskt ansvarig', decided_by_user_id: commissioner },
      { status: 'authorised', valid_from: '2027-03-15', reason: 'Ny medicinskt ansvarig på plats', decided_by_user_id: commissioner },
    ])
    expect(await sql(db.url, `SELECT details->>'statusId' AS id FROM audit_log WHERE action = 'clinic.authorisation.reinstate'`)).toEqual([{ id: String(r.statusId) }])
    // A second reinstatement: nothing is suspended any more.
    await expect(reinstate(prisma, { hsaId: 'SE-CEDER', from: '2027-03-20', reason: 'Igen', actor: actor(), today: '2027-03-16' })).rejects.toMatchObject({ code: 'notSuspended' })
  })

  it('a reinstatement from today clears the end at once', async () => {
    await changeAuthorisationStatus(prisma, { hsaId: 'SE-BJORK', status: 'suspended', from: '2027-03-11', reason: 'Tillsyn pågår', actor: actor(), today: TODAY })
    await reinstate(prisma, { hsaId: 'SE-BJORK', from: '2027-03-12', reason: 'Tillsynen avslutad', actor: actor(), today: '2027-03-12' })
    expect(await authorisedTo('SE-BJORK')).toBeNull()
    const notices = await sql<{ payload: { status: string } }>(db.url, `SELECT payload FROM provider_notification WHERE clinic_id = $1 ORDER BY id`, [ids['SE-BJORK']])
    expect(notices.map((n) => n.payload.status)).toEqual(['suspended', 'authorised'])
  })
})

describe('the register', () => {
  it('lists every clinic with its status on a day, in Swedish order, reasons only when asked', async () => {
    const entries = await registerToday(prisma, '2027-03-12')
    expect(entries.map((e) => [e.hsaId, e.today.state, e.today.until])).toEqual([
      ['SE-ALM', 'authorised', null],
      ['SE-ASK', 'authorised', '2027-03-20'],
      ['SE-BJORK', 'authorised', null],
      ['SE-CEDER', 'suspended', null],
      ['SE-DAL', 'authorised', null],
      ['SE-NY', 'upcoming', null],
    ])
    expect(entries.find((e) => e.hsaId === 'SE-CEDER')).toMatchObject({ municipalityCode: '0461', municipality: 'Gnesta', ownership: 'private' })
    expect(entries.flatMap((e) => e.history.map((h) => h.reason ?? h.decidedBy)).filter(Boolean)).toEqual([])
    const later = await registerToday(prisma, '2027-03-20')
    expect(later.find((e) => e.hsaId === 'SE-ASK')!.today).toEqual({ state: 'revoked', since: '2027-03-20', until: null })
    const ceder = await registerClinic(prisma, 'SE-CEDER', '2027-03-12')
    expect(ceder!.history.map((h) => [h.status, h.reason, h.decidedBy])).toEqual([
      ['authorised', null, null],
      ['suspended', 'Saknar medicinskt ansvarig', expect.stringMatching(/^Test commissioner/)],
      ['authorised', 'Ny medicinskt ansvarig på plats', expect.stringMatching(/^Test commissioner/)],
    ])
    expect(await registerClinic(prisma, 'SE-NONE', TODAY)).toBeNull()
  })

  it('names the organisation and agreement of a clinic that came by an approved application', async () => {
    const spec = await publishedTestSpec(prisma)
    const applicant = await testUser(prisma, 'applicant')
    const [app] = await sql<{ id: number }>(
      db.url,
      `INSERT INTO authorisation_application (spec_id, applicant_user_id, org_number, org_name) VALUES ($1, $2, $3, 'Testvård AB') RETURNING id`,
      [spec.specId, applicant, TEST_ORG_NUMBER],
    )
    await sql(db.url, `UPDATE authorisation_application SET status = 'submitted', submitted_at = now(), last_submitted_at = now() WHERE id = $1`, [app!.id])
    await sql(
      db.url,
      `INSERT INTO authorisation_decision (application_id, outcome, decided_by_user_id, start_date, agreement_number, exclusion_grounds)
       VALUES ($1, 'approved', $2, '2020-01-01', 'LOV-2027-001', '{"bankruptcy":false,"unpaidTaxes":false,"misconduct":false,"falseInformation":false}')`,
      [app!.id, commissioner],
    )
    await sql(db.url, `UPDATE authorisation_application SET status = 'approved', decided_at = now(), clinic_id = $2 WHERE id = $1`, [app!.id, ids['SE-DAL']])
    const [dal] = await registerEntries(prisma, { today: TODAY, hsaId: 'SE-DAL' })
    expect(dal).toMatchObject({ organisationNumber: TEST_ORG_NUMBER, agreementNumber: 'LOV-2027-001' })
  })

  it('writes the open data: CSV with a header and quoted names, JSON without reasons', async () => {
    const entries = await registerToday(prisma, '2027-03-12')
    const csv = registerCsv(entries).split('\r\n')
    expect(csv[0]).toBe(REGISTER_CSV_HEADER)
    expect(csv[1]).toBe('SE-ALM,"Almens VC, ""Öst""; norra",,0480,Nyköping,private,authorised,2020-01-01,,authorised:2020-01-01')
    expect(csv[4]).toBe('SE-CEDER,Cederns VC,,0461,Gnesta,private,suspended,2020-01-01,,authorised:2020-01-01;suspended:2027-03-10;authorised:2027-03-15')
    expect(csv).toHaveLength(entries.length + 2)
    const json = registerJson(entries, '2027-03-12', new Date('2027-03-12T08:00:00Z'))
    expect(json.clinics.find((c) => c.hsaId === 'SE-ASK')).toEqual({
      hsaId: 'SE-ASK',
      name: 'Askens VC',
      organisationNumber: null,
      municipalityCode: '0480',
      municipality: 'Nyköping',
      ownership: 'private',
      status: 'authorised',
      authorisedFrom: '2020-01-01',
      authorisedTo: '2027-03-20',
      history: [
        { status: 'authorised', from: '2020-01-01' },
        { status: 'revoked', from: '2027-03-20' },
      ],
    })
    expect(JSON.stringify(json)).not.toContain('patientsäkerheten')
  })
})

describe('npm run cli -- clinic end', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'cli/index.ts', ...args], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent', QUEUE_PREFIX: prefix },
      encoding: 'utf8',
    })

  it('suspends through the same path, with the note as the reason', async () => {
    const r = cli('clinic', 'end', '--hsa', 'SE-DAL', '--date', '2099-01-01', '--reason', 'suspended', '--note', 'Tillsyn')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Dalens VC: authorised until 2099-01-01')
    expect((await history('SE-DAL')).at(-1)).toEqual({ status: 'suspended', valid_from: '2099-01-01', reason: 'Tillsyn', decided_by_user_id: null })
    const again = cli('clinic', 'end', '--hsa', 'SE-ASK', '--date', '2099-01-01', '--reason', 'closed')
    expect(again.status).toBe(2)
    expect(again.stderr).toContain("Askens VC's authorisation already ends on 2027-03-20; a decided end is not brought forward")
  })
})

describe('refusal type', () => {
  it('is a RegisterRefused with a code', async () => {
    const error = await changeAuthorisationStatus(prisma, { hsaId: 'SE-ASK', status: 'ended', from: '2099-01-01', reason: 'x', actor: actor(), today: TODAY }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RegisterRefused)
  })
})

describe('changes to a suspended clinic', () => {
  it('revokes a suspended clinic without lifting the suspension first, even from the suspension’s first day, and keeps its end', async () => {
    await clinic('SE-EK', 'Ekens VC')
    await changeAuthorisationStatus(prisma, { hsaId: 'SE-EK', status: 'suspended', from: TODAY, reason: 'Tillsyn', actor: actor(), today: TODAY })
    await expect(changeAuthorisationStatus(prisma, { hsaId: 'SE-EK', status: 'suspended', from: '2027-03-12', reason: 'Igen', actor: actor(), today: TODAY })).rejects.toMatchObject({
      code: 'notAuthorised',
      facts: { status: 'suspended', from: TODAY },
    })
    await expect(changeAuthorisationStatus(prisma, { hsaId: 'SE-EK', status: 'revoked', from: '2027-03-09', reason: 'Brister', actor: actor(), today: TODAY })).rejects.toMatchObject({
      code: 'fromInPast',
    })
    const r = await changeAuthorisationStatus(prisma, { hsaId: 'SE-EK', status: 'revoked', from: TODAY, reason: 'Allvarliga brister', actor: actor(), today: TODAY })
    expect(r.from).toBe(TODAY)
    expect(await authorisedTo('SE-EK')).toBe(TODAY)
    expect((await history('SE-EK')).map((h) => [h.status, h.valid_from])).toEqual([
      ['authorised', '2020-01-01'],
      ['suspended', TODAY],
      ['revoked', TODAY],
    ])
    const [entry] = await registerEntries(prisma, { today: TODAY, hsaId: 'SE-EK' })
    expect(entry!.today).toEqual({ state: 'revoked', since: TODAY, until: null })
    expect(entry!.history.map((h) => h.status)).toEqual(['authorised', 'suspended', 'revoked'])
    await expect(reinstate(prisma, { hsaId: 'SE-EK', from: '2027-03-15', reason: 'Åtgärdat', actor: actor(), today: TODAY })).rejects.toMatchObject({ code: 'notSuspended' })
  })

  it('ends a suspended clinic from a later day: suspended until then, ended from it, the end kept at the suspension', async () => {
    await clinic('SE-FUR', 'Furans VC')
    await changeAuthorisationStatus(prisma, { hsaId: 'SE-FUR', status: 'suspended', from: '2027-03-12', reason: 'Tillsyn', actor: actor(), today: TODAY })
    // A decided suspension is not brought forward by an end before it.
    await expect(changeAuthorisationStatus(prisma, { hsaId: 'SE-FUR', status: 'ended', from: '2027-03-11', reason: 'Avslut', actor: actor(), today: TODAY })).rejects.toMatchObject({
      code: 'fromBeforeSuspension',
      facts: { date: '2027-03-12' },
    })
    await changeAuthorisationStatus(prisma, { hsaId: 'SE-FUR', status: 'ended', from: '2027-04-01', reason: 'Vårdgivaren avslutar', actor: actor(), today: TODAY })
    expect(await authorisedTo('SE-FUR')).toBe('2027-03-12')
    const on = async (day: string) => (await registerEntries(prisma, { today: day, hsaId: 'SE-FUR' }))[0]!.today.state
    expect([await on('2027-03-11'), await on('2027-03-20'), await on('2027-04-01')]).toEqual(['authorised', 'suspended', 'ended'])
    expect(await applyReinstatements(prisma, '2027-04-02')).toBe(0)
    expect(await authorisedTo('SE-FUR')).toBe('2027-03-12')
  })

  it('refuses to bring a decided end forward', async () => {
    await clinic('SE-GRAN', 'Granens VC')
    await changeAuthorisationStatus(prisma, { hsaId: 'SE-GRAN', status: 'ended', from: '2027-06-01', reason: 'Avtalet upphör', actor: actor(), today: TODAY })
    await expect(changeAuthorisationStatus(prisma, { hsaId: 'SE-GRAN', status: 'revoked', from: '2027-04-01', reason: 'Brister', actor: actor(), today: TODAY })).rejects.toMatchObject({
      code: 'alreadyEnding',
      facts: { date: '2027-06-01' },
    })
    expect(await authorisedTo('SE-GRAN')).toBe('2027-06-01')
  })
})

describe('an authorisation that has not begun', () => {
  it('is revoked from any day from today up to its first day: an empty authorisation, never in the finder', async () => {
    await clinic('SE-HAG', 'Hagens VC', { from: '2027-06-01' })
    const r = await changeAuthorisationStatus(prisma, { hsaId: 'SE-HAG', status: 'revoked', from: '2027-04-01', reason: 'Oriktiga uppgifter i ansökan', actor: actor(), today: TODAY })
    // It never begins: recorded from its first day, which is also its end.
    expect(r.from).toBe('2027-06-01')
    expect(await authorisedTo('SE-HAG')).toBe('2027-06-01')
    expect((await history('SE-HAG')).map((h) => [h.status, h.valid_from])).toEqual([
      ['authorised', '2027-06-01'],
      ['revoked', '2027-06-01'],
    ])
    for (const day of [TODAY, '2027-06-01', '2027-07-01']) expect((await loadCatalogue(prisma, day)).byHsaId.has('SE-HAG')).toBe(false)
    expect((await registerEntries(prisma, { today: TODAY, hsaId: 'SE-HAG' }))[0]!.today).toEqual({ state: 'revoked', since: '2027-06-01', until: null })
  })

  it('is ended from its first day or from today, and still refused a day in the past', async () => {
    await clinic('SE-IDA', 'Idans VC', { from: '2027-06-01' })
    await clinic('SE-JAR', 'Järvens VC', { from: '2027-06-01' })
    await expect(changeAuthorisationStatus(prisma, { hsaId: 'SE-IDA', status: 'ended', from: '2027-03-09', reason: 'Drar sig ur', actor: actor(), today: TODAY })).rejects.toMatchObject({
      code: 'fromInPast',
    })
    await changeAuthorisationStatus(prisma, { hsaId: 'SE-IDA', status: 'ended', from: '2027-06-01', reason: 'Drar sig ur', actor: actor(), today: TODAY })
    await changeAuthorisationStatus(prisma, { hsaId: 'SE-JAR', status: 'ended', from: TODAY, reason: 'Drar sig ur', actor: actor(), today: TODAY })
    expect([await authorisedTo('SE-IDA'), await authorisedTo('SE-JAR')]).toEqual(['2027-06-01', '2027-06-01'])
    // A suspension before the first day is no such case: it needs a first day after the start.
    await clinic('SE-KAL', 'Kalmens VC', { from: '2027-06-01' })
    await expect(changeAuthorisationStatus(prisma, { hsaId: 'SE-KAL', status: 'suspended', from: '2027-04-01', reason: 'Tillsyn', actor: actor(), today: TODAY })).rejects.toMatchObject({
      code: 'fromNotAfterLatest',
    })
  })
})

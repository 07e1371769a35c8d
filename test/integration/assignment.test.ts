/**
 * The nightly assignment of unlisted citizens and closure notices, on the real database: the
 * guardian's clinic for a newborn, the nearest open clinic in the municipality first, list caps held
 * within one run, full and closing clinics skipped, idempotency, and a clinic's closure from notice
 * to assignment after the choose-by day. Messages are queued and rendered without identity numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { runAssignment, unlistedSummary } from '../../app/modules/listing/assignment.server.ts'
import { deliverWaiting } from '../../app/modules/notifications/deliver.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

const job = { kind: 'job' } as const

interface World {
  db: TestDatabase
  prisma: PrismaClient
  personal: number
}

// Nyköping (0480): area A1 centred at 59.00 N 17.00 E. Gnesta (0461): area G1. Trosa (0488): T1, no clinics.
const K = {
  nara: 1, // 1.1 km north of A1's centre, list cap 1
  mellan: 2, // 5.6 km north
  langt: 3, // 22 km north
  granne: 4, // in Gnesta, 2.2 km south of A1's centre: nearer, but another municipality
  full: 5, // at A1's centre, cap 1 and already full
  stanger: 6, // at A1's centre, authorisation ends (set per test)
} as const

async function world(label: string): Promise<World> {
  const db = await createTestDatabase(label)
  const w = { db, prisma: createPrisma(db.url), personal: 0 }
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04'), ('0461', 'Gnesta', '04'), ('0488', 'Trosa', '04')`)
  await sql(
    db.url,
    `INSERT INTO area (area_code, municipality_code, name, centre_lat, centre_lon)
     VALUES ('A1', '0480', 'Centrum', 59, 17), ('G1', '0461', 'Gnesta', 58.98, 17), ('T1', '0488', 'Trosa', 58.9, 17.5)`,
  )
  const clinics: [number, string, string, number, number, number | null][] = [
    [K.nara, 'Nära VC', 'A1', 59.01, 17, 1],
    [K.mellan, 'Mellan VC', 'A1', 59.05, 17, null],
    [K.langt, 'Långt VC', 'A1', 59.2, 17, null],
    [K.granne, 'Grannkommunens VC', 'G1', 58.98, 17, null],
    [K.full, 'Fulla VC', 'A1', 59, 17, 1],
  ]
  for (const [id, name, area, lat, lon, cap] of clinics) await clinic(w, id, name, area, lat, lon, cap)
  await citizen(w, { clinic: K.full }) // fills Fulla VC
  return w
}

async function clinic(w: World, id: number, name: string, area: string, lat: number, lon: number, cap: number | null, authorisedTo: string | null = null) {
  await sql(
    w.db.url,
    `INSERT INTO clinic (id, hsa_id, name, area_code, ownership, geography_points, lat, lon, list_cap, authorised_to,
                         street_address, postal_code, city, phone, website)
     VALUES ($1, $2, $3, $4, 'public', 0, $5, $6, $7, $8, $9, '61132', 'Nyköping', $10, $11)`,
    [id, `SE2321000032-${id}`, name, area, lat, lon, cap, authorisedTo, `Storgatan ${id}`, `0155-24 00 0${id}`, `https://vc${id}.example.se`],
  )
}

async function citizen(w: World, opts: { area?: string; born?: string; clinic?: number; listedFrom?: string; endDate?: string } = {}): Promise<bigint> {
  const born = opts.born ?? '1980-01-01'
  const personalId = `${born.replaceAll('-', '')}${String(++w.personal).padStart(4, '0')}`
  const [row] = await sql<{ id: string }>(
    w.db.url,
    `INSERT INTO citizen (personal_id, sex, birth_date, area_code, end_date) VALUES ($1, 'F', $2, $3, $4) RETURNING id`,
    [personalId, born, opts.area ?? 'A1', opts.endDate ?? null],
  )
  const id = BigInt(row!.id)
  if (opts.clinic !== undefined) {
    await sql(w.db.url, `INSERT INTO listing (citizen_id, clinic_id, valid_from, kind) VALUES ($1, $2, $3, 'chosen')`, [id, opts.clinic, opts.listedFrom ?? '2024-01-01'])
  }
  return id
}

async function listingsOf(w: World, id: bigint) {
  return sql<{ id: string; clinic_id: number; valid_from: string; valid_to: string | null; kind: string; reason: string }>(
    w.db.url,
    `SELECT id::text, clinic_id, valid_from::text, valid_to::text, kind::text, reason::text FROM listing WHERE citizen_id = $1 ORDER BY valid_from`,
    [id],
  )
}

async function notifications(w: World) {
  return sql<{ kind: string; recipient: string; about: string; clinic_id: number; listing_id: string | null; payload: Record<string, string>; subject: string | null; body: string | null }>(
    w.db.url,
    `SELECT kind::text, recipient_citizen_id::text AS recipient, about_citizen_id::text AS about, clinic_id, listing_id::text, payload, subject, body
     FROM notification ORDER BY id`,
  )
}

const close = async (w: World | undefined) => {
  await w?.prisma.$disconnect()
  await w?.db.drop()
}

describe('assigning unlisted citizens', () => {
  let w: World
  beforeAll(async () => {
    w = await world('assign')
  })
  afterAll(() => close(w))

  it('lists the unlisted at the nearest open clinic of their municipality, holding list caps within the run', async () => {
    const adults = [await citizen(w), await citizen(w), await citizen(w)]
    const ended = await citizen(w, { endDate: '2027-03-01' }) // moved out before the day: not assigned
    const trosa = await citizen(w, { area: 'T1' }) // no clinic in Trosa: the nearest in the region
    const listed = await citizen(w, { clinic: K.langt })
    expect(await unlistedSummary(w.prisma, '2027-03-02')).toMatchObject({ unlisted: 4 })

    const result = await runAssignment(w.prisma, { today: '2027-03-01', actor: job, deliver: false })

    // The default effective offset is one day.
    expect(result.date).toBe('2027-03-02')
    expect(result.assigned).toBe(4)
    expect(result.assignedByRule).toEqual({ guardian: 0, municipality: 3, region: 1 })
    // Nära VC has room for one (the lowest id of equals); the other two go on to Mellan VC, not to the nearer clinic across the border.
    expect((await listingsOf(w, adults[0]!)).map((l) => l.clinic_id)).toEqual([K.nara])
    expect((await listingsOf(w, adults[1]!)).map((l) => l.clinic_id)).toEqual([K.mellan])
    expect((await listingsOf(w, adults[2]!)).map((l) => l.clinic_id)).toEqual([K.mellan])
    expect(await listingsOf(w, adults[0]!)).toEqual([
      expect.objectContaining({ valid_from: '2027-03-02', valid_to: null, kind: 'assigned', reason: 'assigned' }),
    ])
    // Trosa's centre (58.90 N 17.50 E) is nearest Grannkommunens VC (58.98 N 17.00 E) of those with room.
    expect((await listingsOf(w, trosa)).map((l) => l.clinic_id)).toEqual([K.granne])
    expect(await listingsOf(w, ended)).toEqual([])
    expect((await listingsOf(w, listed)).map((l) => l.clinic_id)).toEqual([K.langt])
    const [{ n: atFull }] = (await sql<{ n: number }>(w.db.url, `SELECT count(*)::int AS n FROM listing WHERE clinic_id = $1`, [K.full])) as [{ n: number }]
    expect(atFull).toBe(1)
    expect(await unlistedSummary(w.prisma, '2027-03-02')).toMatchObject({ unlisted: 0 })

    const sent = await notifications(w)
    expect(sent).toHaveLength(4)
    expect(sent.every((n) => n.kind === 'assignment_notice' && n.recipient === n.about && n.listing_id !== null)).toBe(true)
  })

  it('changes nothing when run again', async () => {
    const before = await sql<{ n: number }>(w.db.url, `SELECT (SELECT count(*) FROM listing) + (SELECT count(*) FROM notification) AS n`)
    const again = await runAssignment(w.prisma, { today: '2027-03-01', actor: job, deliver: false })
    expect(again).toMatchObject({ assigned: 0, notificationsQueued: 0, closureNotices: 0 })
    expect(await sql(w.db.url, `SELECT (SELECT count(*) FROM listing) + (SELECT count(*) FROM notification) AS n`)).toEqual(before)
  })

  it("lists a newborn where a guardian is listed, and tells the guardians without the child's identity number", async () => {
    const mother = await citizen(w, { clinic: K.langt })
    const father = await citizen(w, { clinic: K.mellan, area: 'G1' })
    const baby = await citizen(w, { born: '2027-03-05' })
    await sql(w.db.url, `INSERT INTO guardianship (child_id, guardian_id) VALUES ($1, $2), ($1, $3)`, [baby, mother, father])

    const result = await runAssignment(w.prisma, { today: '2027-03-09', date: '2027-03-10', actor: job, deliver: false })

    expect(result.assigned).toBe(1)
    expect(result.assignedByRule.guardian).toBe(1)
    // Both guardians' clinics qualify; Mellan VC is the nearer to the child's home.
    expect(await listingsOf(w, baby)).toEqual([expect.objectContaining({ clinic_id: K.mellan, valid_from: '2027-03-10', kind: 'assigned' })])
    const notices = (await notifications(w)).filter((n) => n.about === String(baby))
    expect(notices.map((n) => n.recipient).sort()).toEqual([String(mother), String(father)].sort())

    const delivered = await deliverWaiting(w.prisma, { publicUrl: 'https://vardval.example.se' })
    expect(delivered.delivered).toBe(6)
    const [message] = (await notifications(w)).filter((n) => n.about === String(baby))
    expect(message!.subject).toBe('Ditt barn har fått en vårdcentral: Mellan VC')
    expect(message!.body).toContain('ditt barn fött 2027-03-05')
    expect(message!.body).toContain('från och med 10 mars 2027')
    expect(message!.body).toContain('Storgatan 2')
    expect(message!.body).toContain('611 32 Nyköping')
    expect(message!.body).toContain('Telefon: 0155-24 00 02')
    expect(message!.body).toContain('https://vc2.example.se')
    expect(message!.body).toContain('https://vardval.example.se/vardcentraler')
    const personalIds = await sql<{ personal_id: string }>(w.db.url, `SELECT personal_id FROM citizen`)
    for (const n of await notifications(w)) {
      for (const { personal_id } of personalIds) {
        expect(n.body).not.toContain(personal_id)
        expect(n.body).not.toContain(personal_id.slice(2))
      }
    }
  })

  it('ends an assignment where a choice not yet in effect begins', async () => {
    const pending = await citizen(w, { clinic: K.langt, listedFrom: '2027-04-01' })
    await runAssignment(w.prisma, { today: '2027-03-09', date: '2027-03-10', actor: job, deliver: false })
    expect(await listingsOf(w, pending)).toEqual([
      expect.objectContaining({ clinic_id: K.mellan, valid_from: '2027-03-10', valid_to: '2027-04-01', kind: 'assigned' }),
      expect.objectContaining({ clinic_id: K.langt, valid_from: '2027-04-01', kind: 'chosen' }),
    ])
  })
})

describe("a clinic's authorisation ends", () => {
  let w: World
  let stays: bigint
  let chooses: bigint
  let child: bigint
  let guardian: bigint
  beforeAll(async () => {
    w = await world('closure')
    await clinic(w, K.stanger, 'Stängande VC', 'A1', 59, 17, null, '2027-03-11')
    // History: a clinic that closed long ago, with a listing the register still has open there. It
    // is not this run's business: no notice, and the listing is not rewritten.
    await clinic(w, 98, 'Gamla VC', 'A1', 59, 17, null, '2020-01-01')
    await citizen(w, { clinic: 98 })
    stays = await citizen(w, { clinic: K.stanger })
    chooses = await citizen(w, { clinic: K.stanger })
    guardian = await citizen(w, { clinic: K.langt })
    child = await citizen(w, { clinic: K.stanger, born: '2020-06-01' })
    await sql(w.db.url, `INSERT INTO guardianship (child_id, guardian_id) VALUES ($1, $2)`, [child, guardian])
  })
  afterAll(() => close(w))

  it('gives its citizens notice once, with the notice period, and ends their listings with it', async () => {
    const first = await runAssignment(w.prisma, { today: '2027-03-01', actor: job, deliver: false })
    expect(first).toMatchObject({ closingClinics: 1, closureNotices: 3, listingsEnded: 3, assigned: 0 })
    const notices = await sql(w.db.url, `SELECT citizen_id::text, clinic_id, clinic_ends_on::text, noticed_on::text, choose_by::text, resolved_on FROM closure_notice ORDER BY citizen_id`)
    expect(notices).toEqual(
      [stays, chooses, child].map((id) => ({ citizen_id: String(id), clinic_id: K.stanger, clinic_ends_on: '2027-03-11', noticed_on: '2027-03-01', choose_by: '2027-03-31', resolved_on: null })),
    )
    expect(await listingsOf(w, stays)).toEqual([expect.objectContaining({ clinic_id: K.stanger, valid_to: '2027-03-11' })])
    const sent = await notifications(w)
    expect(sent.map((n) => [n.kind, n.recipient, n.about])).toEqual([
      ['closure_notice', String(stays), String(stays)],
      ['closure_notice', String(chooses), String(chooses)],
      ['closure_notice', String(guardian), String(child)],
    ])
    await deliverWaiting(w.prisma, { publicUrl: 'http://127.0.0.1:3000' })
    const [rendered] = await notifications(w)
    expect(rendered!.subject).toBe('Stängande VC upphör – välj en ny vårdcentral')
    expect(rendered!.body).toContain('efter 10 mars 2027')
    expect(rendered!.body).toContain('senast 31 mars 2027')

    const again = await runAssignment(w.prisma, { today: '2027-03-02', actor: job, deliver: false })
    expect(again).toMatchObject({ closureNotices: 0, notificationsQueued: 0, listingsEnded: 0 })
    expect(await notifications(w)).toHaveLength(3)
  })

  it('does not assign during the notice period, and resolves the notice of those who chose', async () => {
    // `chooses` picks Långt VC from 2027-03-05 (as chooseClinic would store it).
    await sql(w.db.url, `UPDATE listing SET valid_to = '2027-03-05' WHERE citizen_id = $1`, [chooses])
    await sql(w.db.url, `INSERT INTO listing (citizen_id, clinic_id, valid_from, kind, reason) VALUES ($1, $2, '2027-03-05', 'chosen', 'choice')`, [chooses, K.langt])

    const during = await runAssignment(w.prisma, { today: '2027-03-14', actor: job, deliver: false })
    expect(during).toMatchObject({ date: '2027-03-15', assigned: 0, waitingForChoice: 2, noticesResolved: 1 })
    const resolved = await sql(w.db.url, `SELECT citizen_id::text, resolved_on::text FROM closure_notice WHERE resolved_on IS NOT NULL`)
    expect(resolved).toEqual([{ citizen_id: String(chooses), resolved_on: '2027-03-14' }])
    expect(await listingsOf(w, stays)).toHaveLength(1)
  })

  it('assigns those who did not choose once the choose-by day has passed, never to the closing clinic', async () => {
    const after = await runAssignment(w.prisma, { today: '2027-03-31', actor: job, deliver: false })
    expect(after).toMatchObject({ date: '2027-04-01', assigned: 2, noticesResolved: 2, waitingForChoice: 0 })
    expect(await listingsOf(w, stays)).toEqual([
      expect.objectContaining({ clinic_id: K.stanger, valid_to: '2027-03-11' }),
      expect.objectContaining({ clinic_id: K.nara, valid_from: '2027-04-01', kind: 'assigned' }),
    ])
    // The child follows the guardian.
    expect((await listingsOf(w, child)).map((l) => l.clinic_id)).toEqual([K.stanger, K.langt])
    const open = await sql(w.db.url, `SELECT count(*)::int AS n FROM closure_notice WHERE resolved_on IS NULL`)
    expect(open).toEqual([{ n: 0 }])
  })
})

/**
 * The citizen portal's side of listing on the real database: moving home verified from the
 * register (and set by the citizens import), guardians choosing for children, the receipts and
 * guardians' notices queued in the choice's transaction, the two-tab check ('changed') under
 * concurrency, and what Mina sidor reads.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrismaClient } from '../../app/generated/prisma/client.ts'
import type { Actor } from '../../app/modules/audit/audit.server.ts'
import { makePersonalId } from '../../app/modules/identity/personal-id.ts'
import { importFile } from '../../app/modules/imports/import.server.ts'
import {
  ListingForbidden,
  ListingRefused,
  childrenInCare,
  chooseClinic,
  citizenOverview,
  listingReceipt,
  listingStateToken,
  previewChoice,
  type ChooseClinic,
} from '../../app/modules/listing/listing.server.ts'
import { subjectFor } from '../../app/modules/listing/portal.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { swedishDate } from '../../app/utils/sweden.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
let prisma: PrismaClient
let guardianUser: number
const actor = (): Actor => ({ kind: 'user', userId: guardianUser })
let serial = 0

const C = { one: 1, two: 2, three: 3, four: 4 } as const

beforeAll(async () => {
  db = await createTestDatabase('listing_portal')
  prisma = createPrisma(db.url)
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04')`)
  await sql(db.url, `INSERT INTO area (area_code, municipality_code, name, centre_lat, centre_lon) VALUES ('A1', '0480', 'Centrum', 59, 16), ('A2', '0480', 'Norr', 59.2, 16)`)
  for (const id of Object.values(C)) {
    await sql(db.url, `INSERT INTO clinic (id, hsa_id, name, area_code, ownership, geography_points, lat, lon) VALUES ($1, $2, $3, 'A1', 'public', 0, 59, 16)`, [
      id,
      `SE2321000032-P${id}`,
      `VC ${id}`,
    ])
  }
  guardianUser = (await sql<{ id: number }>(db.url, `INSERT INTO app_user (subject, name) VALUES ('guardian', 'Förälder') RETURNING id`))[0]!.id
})

afterAll(async () => {
  await prisma?.$disconnect()
  await db?.drop()
})

/** A citizen born on `birthDate`, listed at `clinicId` from 2020-01-01 by the register (null: not listed). */
async function citizen(clinicId: number | null, birthDate = '1980-01-01', movedOn: string | null = null): Promise<bigint> {
  const personalId = makePersonalId(birthDate, 200 + ++serial)
  const [row] = await sql<{ id: string }>(db.url, `INSERT INTO citizen (personal_id, sex, birth_date, area_code, moved_on) VALUES ($1, 'F', $2, 'A1', $3) RETURNING id`, [
    personalId,
    birthDate,
    movedOn,
  ])
  const id = BigInt(row!.id)
  if (clinicId !== null) await sql(db.url, `INSERT INTO listing (citizen_id, clinic_id, valid_from, kind) VALUES ($1, $2, '2020-01-01', 'chosen')`, [id, clinicId])
  return id
}

async function guardianOf(child: bigint, ...guardians: bigint[]) {
  for (const g of guardians) await sql(db.url, `INSERT INTO guardianship (child_id, guardian_id) VALUES ($1, $2)`, [child, g])
}

const choose = (citizenId: bigint, clinicId: number, choiceDate: string, more: Partial<ChooseClinic> = {}) =>
  chooseClinic(prisma, { citizenId, clinicId, choiceDate, actor: actor(), ...more })

async function refusal(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (e: unknown) => e,
  )
}

const notifications = (about: bigint) =>
  sql<{ kind: string; recipient: string; clinic_id: number; listing_id: string | null; dedupe_key: string; payload: Record<string, unknown> }>(
    db.url,
    `SELECT kind::text, recipient_citizen_id::text AS recipient, clinic_id, listing_id::text, dedupe_key, payload FROM notification WHERE about_citizen_id = $1 ORDER BY id`,
    [about],
  )

const periods = async (citizenId: bigint) =>
  (await sql<{ clinic_id: number; valid_from: string; valid_to: string | null; reason: string }>(
    db.url,
    `SELECT clinic_id, valid_from::text, valid_to::text, reason::text FROM listing WHERE citizen_id = $1 ORDER BY valid_from`,
    [citizenId],
  )).map((l) => [l.clinic_id, l.valid_from, l.valid_to, l.reason])

describe('moving home is verified from the register', () => {
  it('counts a choice as moved within three months of the move, once, and never beyond', async () => {
    const id = await citizen(C.one, '1980-01-01', '2026-03-01')
    await choose(id, C.two, '2026-01-10') // before the move: an ordinary switch
    expect((await choose(id, C.three, '2026-05-31')).reason).toBe('moved') // 3 months after 2026-03-01 is 2026-06-01
    expect((await choose(id, C.four, '2026-06-10')).reason).toBe('choice') // a choice already followed the move
    expect((await refusal(choose(id, C.one, '2026-07-10')) as ListingRefused).code).toBe('switch-limit')
    expect(await periods(id)).toEqual([
      [C.one, '2020-01-01', '2026-01-11', 'import'],
      [C.two, '2026-01-11', '2026-06-01', 'choice'],
      [C.three, '2026-06-01', '2026-06-11', 'moved'],
      [C.four, '2026-06-11', null, 'choice'],
    ])
  })

  it('does not count as moved when the move is more than three months back, or after the choice date', async () => {
    const old = await citizen(C.one, '1980-01-01', '2026-03-01')
    expect((await choose(old, C.two, '2026-06-02')).reason).toBe('choice')
    const future = await citizen(C.one, '1980-01-01', '2026-08-01')
    expect((await choose(future, C.two, '2026-06-02')).reason).toBe('choice')
    const never = await citizen(C.one)
    expect((await choose(never, C.two, '2026-06-02')).reason).toBe('choice')
  })

  it('a pending choice withdrawn after the move does not use the move up', async () => {
    const id = await citizen(C.one, '1980-01-01', '2026-03-01')
    expect((await choose(id, C.two, '2026-03-05')).reason).toBe('moved')
    expect((await choose(id, C.three, '2026-03-05')).reason).toBe('moved') // replaced the same day, still the move
    expect(await periods(id)).toEqual([
      [C.one, '2020-01-01', '2026-03-06', 'import'],
      [C.three, '2026-03-06', null, 'moved'],
    ])
  })

  it('the citizens import sets moved_on (Swedish today) when the area changes, and rewrites nothing when nothing changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vardval-moved-'))
    const a = makePersonalId('1970-04-04', 318)
    const b = makePersonalId('1971-05-05', 326)
    const file = (rows: string) => {
      const path = join(dir, `c${serial++}.csv`)
      writeFileSync(path, `personal_id,sex,birth_date,area_code,interpreter_need,end_date\n${rows}`)
      return path
    }
    await importFile('citizens', file(`${a},F,1970-04-04,A1,false,\n${b},F,1971-05-05,A1,false,\n`), { databaseUrl: db.url })
    const state = () =>
      sql<{ personal_id: string; moved_on: string | null; v: string }>(db.url, `SELECT personal_id, moved_on::text, xmin::text AS v FROM citizen WHERE personal_id = ANY($1) ORDER BY personal_id`, [[a, b]])
    expect((await state()).map((r) => r.moved_on)).toEqual([null, null])
    // a moves to A2; b only gets an interpreter
    await importFile('citizens', file(`${a},F,1970-04-04,A2,false,\n${b},F,1971-05-05,A1,true,\n`), { databaseUrl: db.url })
    const after = await state()
    expect(after.map((r) => [r.personal_id, r.moved_on])).toEqual([
      [a, swedishDate()],
      [b, null],
    ])
    await importFile('citizens', file(`${a},F,1970-04-04,A2,false,\n${b},F,1971-05-05,A1,true,\n`), { databaseUrl: db.url })
    expect(await state()).toEqual(after)
  })
})

describe('a guardian choosing for a child', () => {
  it('lists the child, sends the receipt to the acting guardian and a notice to the other guardian, and counts the child’s switches', async () => {
    const mother = await citizen(C.one, '1985-02-02')
    const father = await citizen(C.two, '1984-03-03')
    const child = await citizen(C.one, '2019-04-12')
    await guardianOf(child, mother, father)
    const receipt = await choose(child, C.three, '2026-03-10', { byCitizenId: mother })
    expect(receipt).toMatchObject({ citizenId: child, toClinic: { id: C.three }, effectiveDate: '2026-03-11', reason: 'choice' })
    const [row] = await sql<{ chosen_by_user_id: number }>(db.url, `SELECT chosen_by_user_id FROM listing WHERE id = $1`, [receipt.listingId])
    expect(row!.chosen_by_user_id).toBe(guardianUser)
    const sent = await notifications(child)
    expect(sent.map((n) => [n.kind, n.recipient, n.clinic_id, n.listing_id, n.dedupe_key])).toEqual([
      ['listing_receipt', String(mother), C.three, String(receipt.listingId), `receipt:${receipt.listingId}:${mother}`],
      ['guardian_notice', String(father), C.three, String(receipt.listingId), `guardian:${receipt.listingId}:${father}`],
    ])
    expect(sent[0]!.payload).toEqual({ effectiveDate: '2026-03-11', fromClinicId: C.one, toClinicId: C.three, withdrawnClinicId: null, reason: 'choice', byGuardian: true })
    const view = await listingReceipt(prisma, { listingId: receipt.listingId!, citizenIds: [child], recipientCitizenId: mother, actor: actor() })
    expect(view?.receipt).toMatchObject({ byGuardian: true, guardiansNotified: 1, fromClinic: { id: C.one } })
    expect(await listingReceipt(prisma, { listingId: receipt.listingId!, citizenIds: [child], recipientCitizenId: father, actor: actor() })).toMatchObject({ receipt: null })
    // the limit applies to the child's history: a second switch by the other guardian, then a third is refused
    await choose(child, C.four, '2026-05-10', { byCitizenId: father })
    expect((await refusal(choose(child, C.one, '2026-06-10', { byCitizenId: mother })) as ListingRefused).code).toBe('switch-limit')
  })

  it('refuses a citizen who is not the child’s guardian, and writes nothing', async () => {
    const guardian = await citizen(C.one)
    const stranger = await citizen(C.one)
    const child = await citizen(C.one, '2015-01-01')
    await guardianOf(child, guardian)
    expect(await refusal(choose(child, C.two, '2026-03-10', { byCitizenId: stranger }))).toBeInstanceOf(ListingForbidden)
    await expect(subjectFor(prisma, stranger, child, '2026-03-10')).rejects.toBeInstanceOf(ListingForbidden)
    expect(await periods(child)).toEqual([[C.one, '2020-01-01', null, 'import']])
    expect(await notifications(child)).toEqual([])
  })

  it('no longer acts for a child from the 18th birthday, nor notifies the guardians of an adult', async () => {
    const guardian = await citizen(C.one)
    const other = await citizen(C.one)
    const child = await citizen(C.one, '2008-06-15')
    await guardianOf(child, guardian, other)
    expect((await childrenInCare(prisma, guardian, '2026-06-14')).map((c) => c.citizenId)).toEqual([child])
    expect(await childrenInCare(prisma, guardian, '2026-06-15')).toEqual([])
    expect(await refusal(choose(child, C.two, '2026-06-15', { byCitizenId: guardian }))).toBeInstanceOf(ListingForbidden)
    // the young adult chooses: the receipt is theirs, the former guardians hear nothing
    const receipt = await choose(child, C.two, '2026-06-15')
    expect((await notifications(child)).map((n) => [n.kind, n.recipient])).toEqual([['listing_receipt', String(child)]])
    expect(receipt.listingId).not.toBeNull()
  })

  it('a child under 18 cannot choose for themselves (a guardian chooses); from the 18th birthday they can', async () => {
    const [g1, g2] = [await citizen(C.one), await citizen(C.one)]
    const teen = await citizen(C.one, '2010-01-01')
    await guardianOf(teen, g1, g2)
    const refused = await refusal(choose(teen, C.two, '2026-03-10', { byCitizenId: teen }))
    expect(refused).toBeInstanceOf(ListingRefused)
    expect((refused as ListingRefused).code).toBe('minor')
    expect(await notifications(teen)).toEqual([])
    const adult = await choose(teen, C.two, '2028-01-01', { byCitizenId: teen })
    expect(adult.listingId).not.toBeNull()
  })
})

describe('receipts', () => {
  it('queues a receipt for a withdrawal back to the current clinic, and the receipt page reads the chooser’s receipt only', async () => {
    const id = await citizen(C.one)
    const first = await choose(id, C.two, '2026-03-10')
    const back = await choose(id, C.one, '2026-03-10')
    expect(back.listingId).toBeNull()
    const [current] = await sql<{ id: string }>(db.url, `SELECT id::text FROM listing WHERE citizen_id = $1`, [id])
    expect(String(back.inForceListingId)).toBe(current!.id)
    expect((await notifications(id)).map((n) => [n.kind, n.listing_id, n.dedupe_key])).toEqual([
      ['listing_receipt', String(first.listingId), `receipt:${first.listingId}:${id}`],
      ['listing_receipt', current!.id, `receipt:withdrawn-${first.listingId}:${id}`],
    ])
    const view = await listingReceipt(prisma, { listingId: back.inForceListingId, citizenIds: [id], recipientCitizenId: id, actor: actor() })
    expect(view).toMatchObject({ clinic: { id: C.one }, receipt: { fromClinic: { id: C.two }, withdrawn: { id: C.two }, effectiveDate: '2026-03-11', byGuardian: false, guardiansNotified: 0 } })
    const other = await citizen(C.one)
    expect(await listingReceipt(prisma, { listingId: back.inForceListingId, citizenIds: [other], recipientCitizenId: other, actor: actor() })).toBeNull()
    const audit = await sql<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'listing.receipt.read' AND citizen_id = $1`, [id])
    expect(audit).toEqual([{ n: 1 }])
  })
})

describe('two tabs', () => {
  function clients(n: number): PrismaClient[] {
    return Array.from({ length: n }, () => new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url, max: 2 }) }))
  }

  it('a confirmation carrying the state it showed is refused with `changed` once that state has changed, and writes nothing', async () => {
    const id = await citizen(C.one)
    const shown = await listingStateToken(prisma, id)
    await choose(id, C.two, '2026-03-10', { expectedState: shown })
    const e = (await refusal(choose(id, C.three, '2026-03-10', { expectedState: shown }))) as ListingRefused
    expect(e).toBeInstanceOf(ListingRefused)
    expect(e.code).toBe('changed')
    expect(e.details).toMatchObject({ current: { id: C.two }, currentFrom: '2026-03-11', effectiveDate: '2026-03-11' })
    expect(await periods(id)).toEqual([
      [C.one, '2020-01-01', '2026-03-11', 'import'],
      [C.two, '2026-03-11', null, 'choice'],
    ])
    // the page shows the new state; confirming again works
    expect((await choose(id, C.three, '2026-03-10', { expectedState: await listingStateToken(prisma, id) })).withdrawn?.id).toBe(C.two)
  })

  it('10 citizens × 5 tabs confirming at once with the same shown state: exactly one choice each, the rest told `changed`, no overlap', async () => {
    const pool = clients(5)
    try {
      const citizens: bigint[] = []
      for (let i = 0; i < 10; i++) citizens.push(await citizen(C.one))
      const tokens = await Promise.all(citizens.map((id) => listingStateToken(prisma, id)))
      const targets = [C.two, C.three, C.four, C.two, C.three]
      const calls = citizens.flatMap((citizenId, i) => targets.map((clinicId, tab) => ({ citizenId, clinicId, client: pool[tab]!, token: tokens[i]! })))
      const settled = await Promise.allSettled(
        calls.map((c) => chooseClinic(c.client, { citizenId: c.citizenId, clinicId: c.clinicId, choiceDate: '2026-09-01', actor: actor(), expectedState: c.token })),
      )
      for (const citizenId of citizens) {
        const mine = settled.filter((_, i) => calls[i]!.citizenId === citizenId)
        const won = mine.flatMap((s, i) => (s.status === 'fulfilled' ? [calls.filter((c) => c.citizenId === citizenId)[i]!.clinicId] : []))
        const lost = mine.flatMap((s) => (s.status === 'rejected' ? [s.reason instanceof ListingRefused ? s.reason.code : String(s.reason)] : []))
        expect(won).toHaveLength(1)
        expect(lost).toEqual(['changed', 'changed', 'changed', 'changed'])
        for (const s of mine) {
          if (s.status === 'rejected') expect((s.reason as ListingRefused).details.current?.id).toBe(won[0])
        }
        expect(await periods(citizenId)).toEqual([
          [C.one, '2020-01-01', '2026-09-02', 'import'],
          [won[0], '2026-09-02', null, 'choice'],
        ])
        expect((await notifications(citizenId)).map((n) => n.kind)).toEqual(['listing_receipt'])
      }
      const overlaps = await sql<{ n: number }>(
        db.url,
        `SELECT count(*)::int AS n FROM listing a JOIN listing b ON a.citizen_id = b.citizen_id AND a.id < b.id
         AND daterange(a.valid_from, a.valid_to) && daterange(b.valid_from, b.valid_to)`,
      )
      expect(overlaps).toEqual([{ n: 0 }])
    } finally {
      await Promise.all(pool.map((p) => p.$disconnect()))
    }
  })
})

describe('what Mina sidor shows', () => {
  it('previews a choice: the effective date, whether it counts, the last allowed switch, a move; audited, nothing written', async () => {
    const id = await citizen(C.one)
    const first = await previewChoice(prisma, { citizenId: id, clinicId: C.two, choiceDate: '2026-03-10', actor: actor() })
    expect(first).toMatchObject({ current: { id: C.one }, clinic: { id: C.two }, effectiveDate: '2026-03-11', reason: 'choice', switches: 0, limit: 2, counts: true, refusal: null })
    expect(first.state).toBe(await listingStateToken(prisma, id))
    await choose(id, C.two, '2026-03-10')
    expect(await previewChoice(prisma, { citizenId: id, clinicId: C.three, choiceDate: '2026-04-10', actor: actor() })).toMatchObject({ switches: 1, counts: true })
    await choose(id, C.three, '2026-04-10')
    const refused = await previewChoice(prisma, { citizenId: id, clinicId: C.four, choiceDate: '2026-05-10', actor: actor() })
    expect(refused.refusal?.code).toBe('switch-limit')
    expect(refused.refusal?.details.allowedAgainOn).toBe('2027-03-11')
    await sql(db.url, `UPDATE citizen SET moved_on = '2026-05-01' WHERE id = $1`, [id])
    expect(await previewChoice(prisma, { citizenId: id, clinicId: C.four, choiceDate: '2026-05-10', actor: actor() })).toMatchObject({ reason: 'moved', counts: false, refusal: null })
    expect((await periods(id)).length).toBe(3)
    const audit = await sql<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'listing.choice.preview' AND citizen_id = $1`, [id])
    expect(audit).toEqual([{ n: 4 }])
  })

  it('the overview: today’s clinic, a pending choice, switches, and only the children under 18', async () => {
    const today = swedishDate()
    const me = await citizen(C.one)
    const young = await citizen(C.two, '2019-04-12')
    const grown = await citizen(C.two, '2000-01-01')
    await guardianOf(young, me)
    await guardianOf(grown, me)
    await choose(me, C.three, today)
    const o = await citizenOverview(prisma, me, actor(), today)
    expect(o.current?.clinic.id).toBe(C.one)
    expect(o.pending?.clinic.id).toBe(C.three)
    expect(o.switches).toBe(1)
    expect(o.limit).toBe(2)
    expect(o.children.map((c) => [c.citizenId, c.birthDate, c.current?.clinic.id])).toEqual([[young, '2019-04-12', C.two]])
    const [entry] = await sql<{ details: unknown }>(db.url, `SELECT details FROM audit_log WHERE action = 'listing.overview.read' AND citizen_id = $1`, [me])
    expect(entry!.details).toEqual({ children: [String(young)] })
  })
})

/**
 * Choosing and switching vårdcentral on the real database: the effective date, same clinic, closed
 * lists with the nearest open clinics, the switch limit over a rolling 12 months with exceptions
 * and moving home, history and audit, and many simultaneous switches of the same citizens.
 */
import { PrismaPg } from '@prisma/adapter-pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrismaClient } from '../../app/generated/prisma/client.ts'
import type { Actor } from '../../app/modules/audit/audit.server.ts'
import {
  ListingRefused,
  chooseClinic,
  grantSwitchException,
  listingHistory,
  type ChooseClinic,
  type ChoiceReceipt,
} from '../../app/modules/listing/listing.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
let prisma: PrismaClient
let citizenUser: number
let commissioner: number
let actor: Actor
let nextPersonal = 0

// Clinics by name; the area centre is at 59.000 N 16.000 E.
const C = {
  centrum: 1, // at the centre
  norra: 2, // 0.1° north: 11.12 km
  sodra: 3, // 0.1° south: 11.12 km, the same as Norra
  full: 4, // next door, list cap 1
  ostra: 5, // 0.3° east: 17.18 km
  ended: 6, // authorised until 2026-01-01
  tak: 7, // far away, list cap 5
} as const
const FAR = Array.from({ length: 10 }, (_, i) => 11 + i) // 11..20, far north

async function setUp(): Promise<void> {
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04')`)
  await sql(db.url, `INSERT INTO area (area_code, municipality_code, name, centre_lat, centre_lon) VALUES ('A1', '0480', 'Centrum', 59, 16), ('A2', '0480', 'Utan mitt', NULL, NULL)`)
  const clinics: [number, string, number, number, number | null, string | null][] = [
    [C.centrum, 'Centrum VC', 59, 16, null, null],
    [C.norra, 'Norra VC', 59.1, 16, null, null],
    [C.sodra, 'Södra VC', 58.9, 16, null, null],
    [C.full, 'Fulla VC', 59, 16.01, 1, null],
    [C.ostra, 'Östra VC', 59, 16.3, null, null],
    [C.ended, 'Upphörd VC', 59, 16.02, null, '2026-01-01'],
    [C.tak, 'Tak VC', 61, 16, 5, null],
    ...FAR.map((id): [number, string, number, number, null, null] => [id, `Fjärran ${id} VC`, 62 + id / 100, 16, null, null]),
  ]
  for (const [id, name, lat, lon, cap, to] of clinics) {
    await sql(
      db.url,
      `INSERT INTO clinic (id, hsa_id, name, area_code, ownership, geography_points, lat, lon, list_cap, authorised_to)
       VALUES ($1, $2, $3, 'A1', 'public', 0, $4, $5, $6, $7)`,
      [id, `SE2321000032-${id}`, name, lat, lon, cap, to],
    )
  }
  citizenUser = (await sql<{ id: number }>(db.url, `INSERT INTO app_user (subject, name) VALUES ('citizen', 'Medborgare') RETURNING id`))[0]!.id
  commissioner = (await sql<{ id: number }>(db.url, `INSERT INTO app_user (subject, name) VALUES ('commissioner', 'Beställare') RETURNING id`))[0]!.id
  actor = { kind: 'user', userId: citizenUser }
}

/** A citizen listed at `clinicId` from 2024-01-01 by the register import (null: not listed). */
async function citizen(clinicId: number | null, opts: { area?: string; endDate?: string; listedUntil?: string } = {}): Promise<bigint> {
  const personalId = `19800101${String(++nextPersonal).padStart(4, '0')}`
  const [row] = await sql<{ id: string }>(
    db.url,
    `INSERT INTO citizen (personal_id, sex, birth_date, area_code, end_date) VALUES ($1, 'F', '1980-01-01', $2, $3) RETURNING id`,
    [personalId, opts.area ?? 'A1', opts.endDate ?? null],
  )
  const id = BigInt(row!.id)
  if (clinicId !== null) {
    await sql(db.url, `INSERT INTO listing (citizen_id, clinic_id, valid_from, valid_to, kind) VALUES ($1, $2, '2024-01-01', $3, 'chosen')`, [
      id,
      clinicId,
      opts.listedUntil ?? null,
    ])
  }
  return id
}

async function listings(citizenId: bigint) {
  return sql<{ clinic_id: number; valid_from: string; valid_to: string | null; kind: string; reason: string; chosen_by_user_id: number | null }>(
    db.url,
    `SELECT clinic_id, valid_from::text, valid_to::text, kind::text, reason::text, chosen_by_user_id FROM listing WHERE citizen_id = $1 ORDER BY valid_from`,
    [citizenId],
  )
}

const choose = (citizenId: bigint, clinicId: number, choiceDate: string, more: Partial<ChooseClinic> = {}) =>
  chooseClinic(prisma, { citizenId, clinicId, choiceDate, actor, ...more })

async function refusal(p: Promise<unknown>): Promise<ListingRefused> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ListingRefused)
  return error as ListingRefused
}

const ref = (id: number, name: string) => ({ id, hsaId: `SE2321000032-${id}`, name })

beforeAll(async () => {
  db = await createTestDatabase('listing')
  prisma = createPrisma(db.url)
  await setUp()
})

afterAll(async () => {
  await prisma?.$disconnect()
  await db?.drop()
})

describe('the effective date', () => {
  it('is the day after the choice by default: the old listing ends and the new begins that day', async () => {
    const id = await citizen(C.centrum)
    const receipt = await choose(id, C.norra, '2026-03-10')
    expect(receipt).toEqual({
      citizenId: id,
      fromClinic: ref(C.centrum, 'Centrum VC'),
      toClinic: ref(C.norra, 'Norra VC'),
      effectiveDate: '2026-03-11',
      listingId: expect.any(BigInt),
      withdrawn: null,
      usedExceptionId: null,
      inForceListingId: receipt.listingId,
      reason: 'choice',
    })
    expect(await listings(id)).toEqual([
      { clinic_id: C.centrum, valid_from: '2024-01-01', valid_to: '2026-03-11', kind: 'chosen', reason: 'import', chosen_by_user_id: null },
      { clinic_id: C.norra, valid_from: '2026-03-11', valid_to: null, kind: 'chosen', reason: 'choice', chosen_by_user_id: citizenUser },
    ])
  })

  it('follows the region setting', async () => {
    await sql(db.url, `UPDATE region_setting SET effective_offset_days = 14`)
    try {
      const id = await citizen(C.centrum)
      expect((await choose(id, C.norra, '2026-12-25')).effectiveDate).toBe('2027-01-08')
      expect((await listings(id)).map((l) => [l.clinic_id, l.valid_from, l.valid_to])).toEqual([
        [C.centrum, '2024-01-01', '2027-01-08'],
        [C.norra, '2027-01-08', null],
      ])
    } finally {
      await sql(db.url, `UPDATE region_setting SET effective_offset_days = 1`)
    }
  })

  it('makes a first listing with nothing to switch from', async () => {
    const id = await citizen(null)
    const receipt = await choose(id, C.ostra, '2026-03-10')
    expect(receipt.fromClinic).toBeNull()
    expect((await listings(id)).map((l) => [l.clinic_id, l.valid_from, l.valid_to])).toEqual([[C.ostra, '2026-03-11', null]])
  })

  it('ends the new listing when the citizen leaves the region, and refuses a choice that would start after', async () => {
    const leaving = await citizen(C.centrum, { endDate: '2026-06-01' })
    await choose(leaving, C.norra, '2026-03-10')
    expect((await listings(leaving)).at(-1)).toMatchObject({ clinic_id: C.norra, valid_from: '2026-03-11', valid_to: '2026-06-01' })
    const gone = await citizen(C.centrum, { endDate: '2026-03-11' })
    const e = await refusal(choose(gone, C.norra, '2026-03-10'))
    expect(e.code).toBe('citizen-ended')
    expect(await listings(gone)).toHaveLength(1)
  })
})

describe('refusals', () => {
  it('refuses the clinic the citizen is already listed at, or has already chosen', async () => {
    const id = await citizen(C.centrum)
    const same = await refusal(choose(id, C.centrum, '2026-03-10'))
    expect(same.code).toBe('same-clinic')
    expect(same.message).toBe('the citizen is already listed at Centrum VC on 2026-03-11')
    await choose(id, C.norra, '2026-03-10')
    expect((await refusal(choose(id, C.norra, '2026-03-10'))).code).toBe('same-clinic')
  })

  it('refuses a clinic whose authorisation has ended', async () => {
    const id = await citizen(C.centrum)
    const e = await refusal(choose(id, C.ended, '2026-03-10'))
    expect(e.code).toBe('clinic-not-authorised')
    expect(e.message).toBe('Upphörd VC is not authorised on 2026-03-11')
    expect(await listings(id)).toHaveLength(1)
  })

  it('refuses a closed list and offers the nearest open clinics: equal distances by Swedish name, never closed, unauthorised or the current one', async () => {
    await citizen(C.full) // fills the cap of 1
    const id = await citizen(C.centrum)
    const e = await refusal(choose(id, C.full, '2026-03-10'))
    expect(e.code).toBe('list-closed')
    expect(e.message).toBe("Fulla VC's list is closed by the commissioner's cap of 1")
    expect(e.details.nearestOpen!.map((c) => [c.name, c.distanceKm.toFixed(2)])).toEqual([
      ['Norra VC', '11.12'],
      ['Södra VC', '11.12'],
      ['Östra VC', '17.18'],
    ])
    expect(await listings(id)).toHaveLength(1)
  })

  it('counts the listings in force on the effective date against the cap', async () => {
    const full = (await sql<{ id: string }>(db.url, `SELECT citizen_id AS id FROM listing WHERE clinic_id = $1 AND valid_to IS NULL`, [C.full]))[0]!
    // the one listed at Fulla VC leaves it on 2026-05-02: a choice taking effect that day fits
    await choose(BigInt(full.id), C.centrum, '2026-05-01')
    const id = await citizen(C.centrum)
    expect((await refusal(choose(id, C.full, '2026-04-30'))).code).toBe('list-closed')
    expect((await choose(id, C.full, '2026-05-01')).effectiveDate).toBe('2026-05-02')
  })
})

describe('changing one’s mind before the choice takes effect', () => {
  it('replaces the pending choice without counting a switch, and going back withdraws it', async () => {
    const id = await citizen(C.centrum)
    await choose(id, C.norra, '2026-03-10')
    const second = await choose(id, C.ostra, '2026-03-10')
    expect(second).toMatchObject({ fromClinic: ref(C.norra, 'Norra VC'), withdrawn: ref(C.norra, 'Norra VC'), toClinic: ref(C.ostra, 'Östra VC') })
    expect((await listings(id)).map((l) => [l.clinic_id, l.valid_from, l.valid_to])).toEqual([
      [C.centrum, '2024-01-01', '2026-03-11'],
      [C.ostra, '2026-03-11', null],
    ])
    const back = await choose(id, C.centrum, '2026-03-10')
    expect(back).toMatchObject({ fromClinic: ref(C.ostra, 'Östra VC'), toClinic: ref(C.centrum, 'Centrum VC'), listingId: null, withdrawn: ref(C.ostra, 'Östra VC') })
    expect((await listings(id)).map((l) => [l.clinic_id, l.valid_from, l.valid_to])).toEqual([[C.centrum, '2024-01-01', null]])
    // none of that was a switch: two are still allowed
    await choose(id, C.norra, '2026-04-10')
    await choose(id, C.sodra, '2026-05-10')
    expect((await refusal(choose(id, C.ostra, '2026-06-10'))).code).toBe('switch-limit')
  })
})

describe('the switch limit', () => {
  it('refuses a third switch in 12 months and allows it from the day the first is 12 months old', async () => {
    const id = await citizen(C.centrum)
    await choose(id, C.norra, '2026-01-10') // in effect 2026-01-11
    await choose(id, C.sodra, '2026-04-10')
    const e = await refusal(choose(id, C.ostra, '2026-06-10'))
    expect(e.code).toBe('switch-limit')
    expect(e.details).toMatchObject({ switches: 2, limit: 2, allowedAgainOn: '2027-01-11', effectiveDate: '2026-06-11' })
    expect(e.message).toBe("2 switches in the 12 months up to 2026-06-11 reach the region's limit of 2; a switch is possible again from 2027-01-11")
    expect((await refusal(choose(id, C.ostra, '2027-01-09'))).code).toBe('switch-limit') // in effect 2027-01-10
    expect((await choose(id, C.ostra, '2027-01-10')).effectiveDate).toBe('2027-01-11')
    expect(await listings(id)).toHaveLength(4)
  })

  it('follows the region setting', async () => {
    await sql(db.url, `UPDATE region_setting SET switch_limit = 3`)
    try {
      const id = await citizen(C.centrum)
      await choose(id, C.norra, '2026-01-10')
      await choose(id, C.sodra, '2026-02-10')
      await choose(id, C.ostra, '2026-03-10')
      expect((await refusal(choose(id, C.norra, '2026-04-10'))).details.limit).toBe(3)
    } finally {
      await sql(db.url, `UPDATE region_setting SET switch_limit = 2`)
    }
  })

  it('allows one extra switch with a commissioner’s exception, once, while it is valid', async () => {
    const id = await citizen(C.centrum)
    await choose(id, C.norra, '2026-01-10')
    await choose(id, C.sodra, '2026-02-10')
    const expired = await grantSwitchException(prisma, { citizenId: id, reason: 'Flyttat till skyddat boende', validUntil: '2026-02-28', actor: { kind: 'user', userId: commissioner } })
    expect((await refusal(choose(id, C.ostra, '2026-03-10'))).code).toBe('switch-limit')
    const granted = await grantSwitchException(prisma, { citizenId: id, reason: 'Vårdrelation bruten', validUntil: '2026-12-31', actor: { kind: 'user', userId: commissioner } })
    const receipt = await choose(id, C.ostra, '2026-03-10')
    expect(receipt.usedExceptionId).toBe(granted)
    expect(await sql(db.url, `SELECT id::int, used_listing_id::text FROM switch_exception WHERE citizen_id = $1 ORDER BY id`, [id])).toEqual([
      { id: Number(expired), used_listing_id: null },
      { id: Number(granted), used_listing_id: String(receipt.listingId) },
    ])
    expect((await refusal(choose(id, C.centrum, '2026-04-10'))).code).toBe('switch-limit')
    await expect(grantSwitchException(prisma, { citizenId: id, reason: '  ', validUntil: '2026-12-31', actor: { kind: 'user', userId: commissioner } })).rejects.toThrow('needs a reason')
    const [audit] = await sql<{ actor_user_id: number; details: unknown }>(db.url, `SELECT actor_user_id, details FROM audit_log WHERE action = 'listing.exception.grant' AND entity_id = $1`, [String(granted)])
    expect(audit).toEqual({ actor_user_id: commissioner, details: { validUntil: '2026-12-31' } })
  })

  it('does not count moving home: the register’s move, not the citizen’s word', async () => {
    const id = await citizen(C.centrum)
    await choose(id, C.norra, '2026-01-10')
    await sql(db.url, `UPDATE citizen SET moved_on = '2026-02-01' WHERE id = $1`, [id])
    const moved = await choose(id, C.sodra, '2026-02-10')
    expect(moved).toMatchObject({ reason: 'moved', effectiveDate: '2026-02-11' })
    expect((await listings(id)).at(-1)).toMatchObject({ clinic_id: C.sodra, reason: 'moved', kind: 'chosen' })
    // the move has been used: the next choice is a switch of one's own
    expect((await choose(id, C.ostra, '2026-03-10')).reason).toBe('choice')
    expect((await refusal(choose(id, C.centrum, '2026-04-10'))).code).toBe('switch-limit')
    // a new move lets the citizen choose again, not counted
    await sql(db.url, `UPDATE citizen SET moved_on = '2026-04-01' WHERE id = $1`, [id])
    expect(await choose(id, C.centrum, '2026-04-10')).toMatchObject({ reason: 'moved', toClinic: { id: C.centrum } })
  })
})

describe('history and audit', () => {
  it('lists the history newest first and writes the read and every choice to the audit log, without the identity number', async () => {
    const id = await citizen(C.centrum)
    const first = await choose(id, C.norra, '2026-01-10')
    await sql(db.url, `UPDATE citizen SET moved_on = '2026-02-01' WHERE id = $1`, [id])
    await choose(id, C.sodra, '2026-02-10')
    const history = await listingHistory(prisma, id, actor)
    expect(history.map((h) => [h.clinic.name, h.validFrom, h.validTo, h.kind, h.reason, h.chosenByUserId])).toEqual([
      ['Södra VC', '2026-02-11', null, 'chosen', 'moved', citizenUser],
      ['Norra VC', '2026-01-11', '2026-02-11', 'chosen', 'choice', citizenUser],
      ['Centrum VC', '2024-01-01', '2026-01-11', 'chosen', 'import', null],
    ])
    const audit = await sql<{ actor_kind: string; actor_user_id: number; action: string; entity: string; entity_id: string; details: Record<string, unknown> }>(
      db.url,
      `SELECT actor_kind, actor_user_id, action, entity, entity_id, details FROM audit_log WHERE citizen_id = $1 ORDER BY id`,
      [id],
    )
    expect(audit.map((a) => a.action)).toEqual(['listing.choose', 'listing.choose', 'listing.history.read'])
    expect(audit[0]).toEqual({
      actor_kind: 'user',
      actor_user_id: citizenUser,
      action: 'listing.choose',
      entity: 'listing',
      entity_id: String(first.listingId),
      details: { reason: 'choice', choiceDate: '2026-01-10', effectiveDate: '2026-01-11', fromClinicId: C.centrum, toClinicId: C.norra, withdrawnClinicId: null, usedExceptionId: null },
    })
    expect(audit[2]).toMatchObject({ entity: 'citizen', entity_id: String(id), details: { listings: 3 } })
    const [{ personal_id }] = (await sql<{ personal_id: string }>(db.url, `SELECT personal_id FROM citizen WHERE id = $1`, [id])) as [{ personal_id: string }]
    expect(JSON.stringify(audit)).not.toContain(personal_id)
  })
})

describe('simultaneous switches', () => {
  /** Separate clients, each with its own pool, like separate web processes and tabs. */
  function clients(n: number): PrismaClient[] {
    return Array.from({ length: n }, () => new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url, max: 4 }) }))
  }

  it('20 citizens × 10 simultaneous choices: no overlap, one open listing, the last successful choice wins, every call answered', async () => {
    const pool = clients(10)
    try {
      const start = FAR[0]!
      const citizens: bigint[] = []
      for (let i = 0; i < 20; i++) citizens.push(await citizen(start))
      // every citizen's ten tabs choose ten different clinics, one of them the current one
      const calls = citizens.flatMap((citizenId, i) => FAR.map((_, tab) => ({ citizenId, clinicId: FAR[(tab + i) % FAR.length]!, client: pool[tab]! })))
      const settled = await Promise.allSettled(
        calls.map((c) => chooseClinic(c.client, { citizenId: c.citizenId, clinicId: c.clinicId, choiceDate: '2026-09-01', actor })),
      )
      const unexplained = settled.filter((s) => s.status === 'rejected' && !(s.reason instanceof ListingRefused))
      expect(unexplained).toEqual([])
      const refused = settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as ListingRefused).code] : []))
      // only a choice of the clinic already chosen at that moment is refused
      expect(new Set(refused)).toEqual(refused.length ? new Set(['same-clinic']) : new Set())

      const overlaps = await sql<{ n: number }>(
        db.url,
        `SELECT count(*)::int AS n FROM listing a JOIN listing b ON a.citizen_id = b.citizen_id AND a.id < b.id
         AND daterange(a.valid_from, a.valid_to) && daterange(b.valid_from, b.valid_to)`,
      )
      expect(overlaps).toEqual([{ n: 0 }])

      for (const citizenId of citizens) {
        const mine = calls.map((c, i) => ({ call: c, result: settled[i]! })).filter((x) => x.call.citizenId === citizenId)
        const receipts = mine.flatMap((x) => (x.result.status === 'fulfilled' ? [x.result.value as ChoiceReceipt] : []))
        expect(receipts.length + mine.filter((x) => x.result.status === 'rejected').length).toBe(10)
        // the audit log has the successful choices in the order they were made, each starting where the one before ended
        const log = await sql<{ details: { fromClinicId: number; toClinicId: number } }>(
          db.url,
          `SELECT details FROM audit_log WHERE citizen_id = $1 AND action = 'listing.choose' ORDER BY id`,
          [citizenId],
        )
        expect(log).toHaveLength(receipts.length)
        let at = start
        for (const { details } of log) {
          expect(details.fromClinicId).toBe(at)
          at = details.toClinicId
        }
        expect(log.map((l) => `${l.details.fromClinicId}>${l.details.toClinicId}`).sort()).toEqual(
          receipts.map((r) => `${r.fromClinic?.id}>${r.toClinic.id}`).sort(),
        )
        const open = await sql<{ clinic_id: number; valid_from: string }>(db.url, `SELECT clinic_id, valid_from::text FROM listing WHERE citizen_id = $1 AND valid_to IS NULL`, [citizenId])
        expect(open).toHaveLength(1)
        expect(open[0]!.clinic_id).toBe(at)
        const rows = await listings(citizenId)
        expect(rows.map((r) => [r.clinic_id, r.valid_from, r.valid_to])).toEqual(
          at === start ? [[start, '2024-01-01', null]] : [[start, '2024-01-01', '2026-09-02'], [at, '2026-09-02', null]],
        )
      }
    } finally {
      await Promise.all(pool.map((p) => p.$disconnect()))
    }
  })

  it('keeps a list cap under simultaneous choices by different citizens', async () => {
    const pool = clients(10)
    try {
      const citizens: bigint[] = []
      for (let i = 0; i < 20; i++) citizens.push(await citizen(C.centrum))
      const settled = await Promise.allSettled(
        citizens.map((citizenId, i) => chooseClinic(pool[i % pool.length]!, { citizenId, clinicId: C.tak, choiceDate: '2026-09-01', actor })),
      )
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(5)
      const reasons = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason instanceof ListingRefused ? s.reason.code : String(s.reason)] : []))
      expect(reasons).toEqual(Array(15).fill('list-closed'))
      expect(await sql(db.url, `SELECT count(*)::int AS n FROM listing WHERE clinic_id = $1`, [C.tak])).toEqual([{ n: 5 }])
    } finally {
      await Promise.all(pool.map((p) => p.$disconnect()))
    }
  })
})

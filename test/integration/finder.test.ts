/**
 * The clinic finder's data on the real database: only clinics authorised today, today's listed
 * counts with [valid_from, valid_to) periods, open and closed lists by cap, the filters on what is
 * read, the citizen's area centre and the distance order, and the in-process cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { findClinics, noFilters, roundedKm, type FinderFilters } from '../../app/modules/clinics/finder.ts'
import { ClinicCatalogue, citizenAreaCentre, loadCatalogue, type Catalogue } from '../../app/modules/clinics/finder.server.ts'
import { publishedQualityFor } from '../../app/modules/clinics/quality.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
let prisma: PrismaClient
const TODAY = '2026-06-15'
const users: Record<'oxelo' | 'noCentre' | 'staff', number> = { oxelo: 0, noCentre: 0, staff: 0 }

const weekdays = (closes = '17:00') => [1, 2, 3, 4, 5].map((day) => ({ day, opens: '08:00', closes }))

// id, name, area, lat, lon, cap, authorised from, to, services, languages, hours, accessibility
type Row = [number, string, string, number | null, number | null, number | null, string, string | null, string[], string[], object[], string[]]
const clinics: Row[] = [
  [1, 'Centrum VC', 'A1', 59.0, 16.0, null, '2020-01-01', null, ['general_practice', 'child_health'], ['sv', 'ar'], weekdays('19:00'), ['hearing_loop']],
  [2, 'Östra VC', 'A1', 59.0, 16.3, 2, '2020-01-01', null, ['general_practice'], ['sv'], [...weekdays(), { day: 6, opens: '10:00', closes: '14:00' }], []],
  [3, 'Norra VC', 'A1', 59.1, 16.0, 3, '2020-01-01', null, ['general_practice', 'child_health'], ['sv', 'fi'], weekdays(), ['step_free_entrance']],
  [4, 'Oxelö VC', 'A2', 58.67, 17.1, null, '2020-01-01', null, ['general_practice'], ['sv', 'so'], weekdays('18:00'), ['hearing_loop']],
  [5, 'Upphörd VC', 'A1', 59.0, 16.01, null, '2020-01-01', TODAY, ['general_practice'], ['sv'], weekdays(), []],
  [6, 'Framtida VC', 'A1', 59.0, 16.02, null, '2026-06-16', null, ['general_practice'], ['sv'], weekdays(), []],
  [7, 'Sista dagen VC', 'A2', 58.8, 17.0, null, TODAY, '2026-06-16', ['general_practice'], ['sv'], [{ day: 7, opens: '10:00', closes: '12:00' }], []],
  [8, 'Utan plats VC', 'A3', null, null, null, '2020-01-01', null, ['general_practice'], ['sv'], [], []],
]

let personal = 0
async function citizen(area = 'A1'): Promise<string> {
  const [row] = await sql<{ id: string }>(
    db.url,
    `INSERT INTO citizen (personal_id, sex, birth_date, area_code) VALUES ($1, 'F', '1980-01-01', $2) RETURNING id`,
    [`19800101${String(++personal).padStart(4, '0')}`, area],
  )
  return row!.id
}

async function listing(clinicId: number, from: string, to: string | null = null, citizenId?: string): Promise<void> {
  await sql(db.url, `INSERT INTO listing (citizen_id, clinic_id, valid_from, valid_to, kind) VALUES ($1, $2, $3, $4, 'chosen')`, [
    citizenId ?? (await citizen()),
    clinicId,
    from,
    to,
  ])
}

async function user(subject: string, citizenId: string | null): Promise<number> {
  const [row] = await sql<{ id: number }>(db.url, `INSERT INTO app_user (subject, name, citizen_id) VALUES ($1, $1, $2) RETURNING id`, [subject, citizenId])
  return row!.id
}

beforeAll(async () => {
  db = await createTestDatabase('finder')
  prisma = createPrisma(db.url)
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04'), ('0481', 'Oxelösund', '04')`)
  await sql(
    db.url,
    `INSERT INTO area (area_code, municipality_code, name, centre_lat, centre_lon)
     VALUES ('A1', '0480', 'Centrum', 59, 16), ('A2', '0481', 'Oxelösund', 58.67, 17.1), ('A3', '0480', 'Utan mitt', NULL, NULL)`,
  )
  for (const [id, name, area, lat, lon, cap, from, to, services, languages, hours, accessibility] of clinics) {
    await sql(
      db.url,
      `INSERT INTO clinic (id, hsa_id, name, area_code, ownership, geography_points, lat, lon, list_cap, authorised_from, authorised_to,
                           services, languages, opening_hours, accessibility)
       VALUES ($1, $2, $3, $4, 'public', 0, $5, $6, $7, $8, $9, $10::text[]::"ClinicService"[], $11, $12, $13)`,
      [id, `SE-${id}`, name, area, lat, lon, cap, from, to, services, languages, JSON.stringify(hours), accessibility],
    )
  }
  // Centrum: three covering today (one from today itself); one ended today, one from tomorrow: not counted.
  await listing(1, '2024-01-01')
  await listing(1, '2025-01-01', '2027-01-01')
  await listing(1, TODAY)
  await listing(1, '2024-01-01', TODAY)
  await listing(1, '2026-06-16')
  // Östra: at its cap of 2, so closed.
  await listing(2, '2024-01-01')
  await listing(2, '2024-01-01')
  // Norra: 2 of 3, open.
  await listing(3, '2024-01-01')
  await listing(3, '2024-02-01')
  users.oxelo = await user('oxelo', await citizen('A2'))
  users.noCentre = await user('utan-mitt', await citizen('A3'))
  users.staff = await user('personal', null)
})

afterAll(async () => {
  await prisma?.$disconnect()
  await db?.drop()
})

const names = (list: { name: string }[]) => list.map((c) => c.name)

describe('the catalogue of clinics authorised today', () => {
  let catalogue: Catalogue
  beforeAll(async () => {
    catalogue = await loadCatalogue(prisma, TODAY)
  })
  const find = (f: Partial<FinderFilters>) => names(findClinics(catalogue.clinics, { ...noFilters, ...f }, 'name', null))

  it('leaves out a clinic whose authorisation ended today or starts tomorrow; keeps one authorised for today only', () => {
    expect(find({})).toEqual(['Centrum VC', 'Norra VC', 'Oxelö VC', 'Sista dagen VC', 'Utan plats VC', 'Östra VC'])
    expect(catalogue.byHsaId.has('SE-5')).toBe(false)
    expect(catalogue.byHsaId.has('SE-6')).toBe(false)
  })

  it('counts the listings covering today, and opens or closes lists by their cap', () => {
    const facts = Object.fromEntries(catalogue.clinics.map((c) => [c.name, [c.listedCount, c.listCap, c.listOpen]]))
    expect(facts).toEqual({
      'Centrum VC': [3, null, true],
      'Östra VC': [2, 2, false],
      'Norra VC': [2, 3, true],
      'Oxelö VC': [0, null, true],
      'Sista dagen VC': [0, null, true],
      'Utan plats VC': [0, null, true],
    })
    expect(find({ openListOnly: true })).toEqual(['Centrum VC', 'Norra VC', 'Oxelö VC', 'Sista dagen VC', 'Utan plats VC'])
  })

  it('reads what the filters need: municipality, services, languages, hours, accessibility', () => {
    const centrum = catalogue.byHsaId.get('SE-1')!
    expect(centrum).toMatchObject({
      municipalityCode: '0480',
      municipalityName: 'Nyköping',
      lat: 59,
      lon: 16,
      languages: ['sv', 'ar'],
      eveningHours: true,
      weekendHours: false,
    })
    expect(centrum.openingHours).toHaveLength(5)
    expect(find({ municipalityCode: '0481' })).toEqual(['Oxelö VC', 'Sista dagen VC'])
    expect(find({ services: ['child_health'] })).toEqual(['Centrum VC', 'Norra VC'])
    expect(find({ languages: ['so', 'fi'] })).toEqual(['Norra VC', 'Oxelö VC'])
    // Oxelö closes at 18:00 exactly: not an evening.
    expect(find({ evening: true })).toEqual(['Centrum VC'])
    expect(find({ weekend: true })).toEqual(['Sista dagen VC', 'Östra VC'])
    expect(find({ accessibility: ['hearing_loop'] })).toEqual(['Centrum VC', 'Oxelö VC'])
    expect(find({ text: 'ostra' })).toEqual(['Östra VC'])
  })

  it('sorts by distance from a citizen’s area centre, nearest first, unplaced clinics last', async () => {
    const centre = await citizenAreaCentre(users.oxelo, prisma)
    expect(centre).toEqual({ lat: 58.67, lon: 17.1 })
    const found = findClinics(catalogue.clinics, noFilters, 'distance', centre)
    expect(names(found)).toEqual(['Oxelö VC', 'Sista dagen VC', 'Östra VC', 'Centrum VC', 'Norra VC', 'Utan plats VC'])
    expect(found.map((c) => (c.distanceKm === null ? null : roundedKm(c.distanceKm)))).toEqual(['0.0', '15.6', '58.9', '73.2', '79.3', null])
  })

  it('has no centre for a citizen whose area has none, or a user who is no citizen', async () => {
    expect(await citizenAreaCentre(users.noCentre, prisma)).toBeNull()
    expect(await citizenAreaCentre(users.staff, prisma)).toBeNull()
    expect(await citizenAreaCentre(999_999, prisma)).toBeNull()
  })

  it('shows no quality results until they are published (issue 6), though imported ones exist', async () => {
    await sql(db.url, `INSERT INTO quality_result (clinic_id, indicator, period, numerator, denominator, published) VALUES (1, 'hba1c', '2026', 5, 10, '2026-03-01')`)
    expect(await publishedQualityFor(1, prisma)).toEqual([])
  })
})

describe('the in-process cache', () => {
  it('reads once per time-to-live, serves the old catalogue while reading a new one, and reads again on a new day', async () => {
    let now = new Date('2026-06-15T10:00:00Z')
    const cache = new ClinicCatalogue(prisma, 30_000, () => now)
    const count = async () => (await cache.get()).byHsaId.get('SE-3')!.listedCount

    const [a, b] = await Promise.all([cache.get(), cache.get()])
    expect(a).toBe(b)
    expect(await count()).toBe(2)

    await listing(3, '2026-01-01')
    now = new Date('2026-06-15T10:00:20Z')
    expect(await count()).toBe(2) // within the time to live: not read again

    now = new Date('2026-06-15T10:00:31Z')
    expect(await count()).toBe(2) // expired: the old one at once, a new one read behind it
    await new Promise((r) => setTimeout(r, 200))
    expect(await count()).toBe(3)
    expect((await cache.get()).byHsaId.get('SE-3')!.listOpen).toBe(false) // 3 of 3

    // A new Swedish day (00:30 in Sweden is 22:30 UTC in summer): Sista dagen's authorisation has ended.
    expect((await cache.get()).byHsaId.has('SE-7')).toBe(true)
    now = new Date('2026-06-15T22:30:00Z')
    const tomorrow = await cache.get()
    expect(tomorrow.today).toBe('2026-06-16')
    expect(tomorrow.byHsaId.has('SE-7')).toBe(false)
    expect(tomorrow.byHsaId.has('SE-6')).toBe(true)

    await listing(3, '2026-01-01')
    cache.invalidate()
    expect(await count()).toBe(4)
  })
})

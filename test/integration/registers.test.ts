/**
 * What PostgreSQL itself guarantees: a citizen is never listed twice on the same day, whatever
 * the concurrency, and the audit log cannot be changed or emptied.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePersonalId } from '../../app/modules/identity/personal-id.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
let sql: pg.Client
let citizenId: string
let clinicA: number
let clinicB: number

async function errorOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise
  } catch (e) {
    return e as { code?: string; message: string }
  }
  throw new Error('expected the statement to fail')
}

beforeAll(async () => {
  db = await createTestDatabase('registers')
  sql = new pg.Client({ connectionString: db.url })
  await sql.connect()
  await sql.query(`INSERT INTO region (code, name) VALUES ('04', 'Region Sörmland');
    INSERT INTO municipality (code, name, region_code) VALUES ('0484', 'Eskilstuna', '04');
    INSERT INTO area (area_code, municipality_code, name) VALUES ('0484A001', '0484', 'Centrum')`)
  const clinics = await sql.query(`INSERT INTO clinic (hsa_id, name, area_code, ownership, geography_points)
    VALUES ('SE2321000032-E1', 'A', '0484A001', 'public', 0), ('SE2321000032-E2', 'B', '0484A001', 'private', 0) RETURNING id`)
  ;[clinicA, clinicB] = clinics.rows.map((r) => r.id)
  const c = await sql.query(`INSERT INTO citizen (personal_id, sex, birth_date, area_code) VALUES ($1, 'F', '1990-05-10', '0484A001') RETURNING id`, [
    makePersonalId('1990-05-10', 124),
  ])
  citizenId = c.rows[0].id
})

afterAll(async () => {
  await sql?.end()
  await db?.drop()
})

describe('listings never overlap', () => {
  const insert = (client: pg.ClientBase, clinic: number, from: string, to: string | null) =>
    client.query(`INSERT INTO listing (citizen_id, clinic_id, valid_from, valid_to, kind) VALUES ($1, $2, $3, $4, 'chosen')`, [citizenId, clinic, from, to])

  it('accepts back-to-back periods: [from, to) is half open', async () => {
    await insert(sql, clinicA, '2027-01-01', '2027-03-11')
    await insert(sql, clinicB, '2027-03-11', null)
    expect((await sql.query('SELECT count(*)::int AS n FROM listing')).rows[0].n).toBe(2)
  })

  it('refuses an overlapping period with the exclusion constraint', async () => {
    const e = await errorOf(insert(sql, clinicA, '2027-03-10', '2027-03-12'))
    expect(e.code).toBe('23P01')
    expect(e.message).toContain('listing_no_overlap')
    const open = await errorOf(insert(sql, clinicA, '2030-01-01', null))
    expect(open.code).toBe('23P01')
  })

  it('refuses an empty or reversed period', async () => {
    expect((await errorOf(insert(sql, clinicA, '2020-01-02', '2020-01-01'))).code).toBe('23514')
    expect((await errorOf(insert(sql, clinicA, '2020-01-01', '2020-01-01'))).code).toBe('23514')
  })

  it('lets only one of two concurrent overlapping inserts commit', async () => {
    const one = new pg.Client({ connectionString: db.url })
    const two = new pg.Client({ connectionString: db.url })
    await Promise.all([one.connect(), two.connect()])
    try {
      await one.query('BEGIN')
      await two.query('BEGIN')
      await insert(one, clinicA, '2019-01-01', '2020-01-01')
      // The second waits for the first to decide, then fails on the constraint.
      const second = insert(two, clinicB, '2019-06-01', '2019-07-01').then(
        () => 'ok',
        (e: { code: string }) => e.code,
      )
      await new Promise((r) => setTimeout(r, 200))
      await one.query('COMMIT')
      expect(await second).toBe('23P01')
      await two.query('ROLLBACK')
    } finally {
      await Promise.all([one.end(), two.end()])
    }
    const periods = await sql.query(`SELECT valid_from::text FROM listing WHERE valid_from < '2027-01-01'`)
    expect(periods.rows).toEqual([{ valid_from: '2019-01-01' }])
  })

  it('is enforced for Prisma as well', async () => {
    const prisma = createPrisma(db.url)
    try {
      const e = await errorOf(
        prisma.listing.create({ data: { citizenId: BigInt(citizenId), clinicId: clinicA, validFrom: new Date('2027-02-01'), kind: 'chosen' } }),
      )
      expect(e.message).toMatch(/listing_no_overlap|exclusion|23P01/)
    } finally {
      await prisma.$disconnect()
    }
  })
})

describe('the audit log is append-only', () => {
  it('accepts inserts', async () => {
    await sql.query(`INSERT INTO audit_log (actor_kind, action, citizen_id) VALUES ('user', 'citizen.read', $1)`, [citizenId])
    expect((await sql.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(1)
  })

  it('refuses update, delete and truncate, even from the table owner', async () => {
    for (const statement of [`UPDATE audit_log SET action = 'x'`, 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
      const e = await errorOf(sql.query(statement))
      expect(e.message, statement).toMatch(/audit_log is append-only/)
    }
    const rows = await sql.query('SELECT action FROM audit_log')
    expect(rows.rows).toEqual([{ action: 'citizen.read' }])
  })
})

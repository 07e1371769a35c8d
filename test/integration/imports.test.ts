/**
 * The register imports against the real PostgreSQL: all or nothing, every problem reported as
 * `line N: column: problem`, idempotent, listings and care weights replacing the named citizens'
 * history.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePersonalId } from '../../app/modules/identity/personal-id.ts'
import { ImportRejected, importFile } from '../../app/modules/imports/import.server.ts'
import type { ImportKind } from '../../app/modules/imports/rules.ts'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
let sql: pg.Client
const dir = mkdtempSync(join(tmpdir(), 'vardval-imports-'))
let fileNo = 0

function csv(text: string): string {
  const path = join(dir, `f${fileNo++}.csv`)
  writeFileSync(path, text)
  return path
}

const run = (kind: ImportKind, text: string) => importFile(kind, csv(text), { databaseUrl: db.url })

async function rejected(kind: ImportKind, text: string): Promise<string[]> {
  try {
    await run(kind, text)
  } catch (e) {
    if (e instanceof ImportRejected) return e.problems
    throw e
  }
  throw new Error('the import was expected to be rejected')
}

const count = async (table: string) => Number((await sql.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)
/** Every row's physical version: a re-import that rewrites nothing leaves these untouched. */
const versions = async (table: string) => (await sql.query(`SELECT xmin::text AS v FROM ${table} ORDER BY 1`)).rows.map((r) => r.v)

const ANNA = makePersonalId('1990-05-10', 124) // F
const BO = makePersonalId('1955-02-28', 131) // M
const CILLA = makePersonalId('2020-02-29', 246, true) // F, samordningsnummer
const A = 'SE2321000032-E000000000101'
const B = 'SE2321000032-E000000000102'

const AREAS = `area_code,municipality_code,name,cni\n0484A001,0484,Eskilstuna centrum,1.1000\n0484A002,0484,"Fröslunda, norra",2.8500\n0480A001,0480,Nyköping centrum,\n`
const CLINICS = `hsa_id,name,area_code,ownership,geography_points,lat,lon\n${A},Vårdcentralen Fröslunda,0484A002,public,0,59.3701,16.5098\n${B},Capio Vårdcentral Nyköping,0480A001,private,4,,\n`
const CITIZENS = `personal_id,sex,birth_date,area_code,interpreter_need,end_date\n${ANNA},F,1990-05-10,0484A002,true,\n${BO.slice(0, 8)}-${BO.slice(8)},M,1955-02-28,0480A001,false,2027-03-15\n${CILLA},F,2020-02-29,0484A001,false,\n`
const LISTINGS = `personal_id,hsa_id,valid_from,valid_to,kind\n${ANNA},${A},2020-01-01,2027-03-11,chosen\n${ANNA},${B},2027-03-11,,chosen\n${BO},${B},2015-06-01,2027-03-15,assigned\n`

beforeAll(async () => {
  db = await createTestDatabase('imports')
  sql = new pg.Client({ connectionString: db.url })
  await sql.connect()
  await sql.query(`INSERT INTO region (code, name) VALUES ('04', 'Region Sörmland')`)
  await sql.query(`INSERT INTO municipality (code, name, region_code) VALUES ('0484', 'Eskilstuna', '04'), ('0480', 'Nyköping', '04')`)
})

afterAll(async () => {
  await sql?.end()
  await db?.drop()
})

describe('a valid set of files', () => {
  it('imports areas, clinics, citizens, listings, care weights and guardians', async () => {
    expect(await run('areas', '\uFEFF' + AREAS)).toMatchObject({ rows: 3, inserted: 3, updated: 0 })
    expect(await run('clinics', CLINICS)).toMatchObject({ rows: 2, inserted: 2 })
    expect(await run('citizens', CITIZENS)).toMatchObject({ rows: 3, inserted: 3 })
    expect(await run('listings', LISTINGS)).toMatchObject({ rows: 3, inserted: 3, deleted: 0 })
    expect(await run('care-weights', `personal_id,valid_from,weight\n${ANNA},2026-01,1.2000\n${ANNA},2027-01,1.3500\n${BO},2026-07,3.0100\n`)).toMatchObject({ inserted: 3 })
    expect(await run('guardians', `child_personal_id,guardian_personal_id\n${CILLA},${ANNA}\n`)).toMatchObject({ inserted: 1 })

    const area = await sql.query(`SELECT name, cni::text FROM area WHERE area_code = '0484A002'`)
    expect(area.rows[0]).toEqual({ name: 'Fröslunda, norra', cni: '2.8500' })
    const bo = await sql.query(`SELECT sex, birth_date::text, interpreter_need, end_date::text FROM citizen WHERE personal_id = $1`, [BO])
    expect(bo.rows[0]).toEqual({ sex: 'M', birth_date: '1955-02-28', interpreter_need: false, end_date: '2027-03-15' })
    const anna = await sql.query(
      `SELECT k.hsa_id, l.valid_from::text, l.valid_to::text, l.kind FROM listing l JOIN citizen c ON c.id = l.citizen_id
       JOIN clinic k ON k.id = l.clinic_id WHERE c.personal_id = $1 ORDER BY l.valid_from`, [ANNA])
    expect(anna.rows).toEqual([
      { hsa_id: A, valid_from: '2020-01-01', valid_to: '2027-03-11', kind: 'chosen' },
      { hsa_id: B, valid_from: '2027-03-11', valid_to: null, kind: 'chosen' },
    ])
    const weights = await sql.query(`SELECT c.personal_id, w.valid_from::text, w.weight::text FROM care_weight w
      JOIN citizen c ON c.id = w.citizen_id ORDER BY c.personal_id, w.valid_from`)
    expect(weights.rows.map((r) => `${r.personal_id} ${r.valid_from} ${r.weight}`)).toEqual([
      `${BO} 2026-07-01 3.0100`, `${ANNA} 2026-01-01 1.2000`, `${ANNA} 2027-01-01 1.3500`,
    ])
    const audit = await sql.query(`SELECT action FROM audit_log ORDER BY id`)
    expect(audit.rows.map((r) => r.action)).toEqual(['import.areas', 'import.clinics', 'import.citizens', 'import.listings', 'import.care-weights', 'import.guardians'])
  })

  it('changes nothing when the same files are imported again', async () => {
    const tables = ['area', 'clinic', 'citizen', 'listing', 'care_weight', 'guardianship']
    const before = await Promise.all(tables.map(versions))
    for (const [kind, text] of [['areas', AREAS], ['clinics', CLINICS], ['citizens', CITIZENS], ['listings', LISTINGS]] as const) {
      expect(await run(kind, text)).toMatchObject({ inserted: 0, updated: 0, deleted: 0 })
    }
    expect(await Promise.all(tables.map(versions))).toEqual(before)
  })

  it('upserts a changed citizen and leaves the others untouched', async () => {
    const r = await run('citizens', `personal_id,sex,birth_date,area_code,interpreter_need\n${ANNA},F,1990-05-10,0484A001,false\n`)
    expect(r).toMatchObject({ rows: 1, inserted: 0, updated: 1 })
    const rows = await sql.query(`SELECT personal_id, area_code, interpreter_need FROM citizen ORDER BY personal_id`)
    expect(rows.rows.find((x) => x.personal_id === ANNA)).toEqual({ personal_id: ANNA, area_code: '0484A001', interpreter_need: false })
    expect(await count('citizen')).toBe(3)
  })

  it('replaces the listing history of the citizens a file names, and only theirs', async () => {
    const r = await run('listings', `personal_id,hsa_id,valid_from,valid_to,kind\n${ANNA},${B},2024-01-01,,chosen\n`)
    expect(r).toMatchObject({ inserted: 1, deleted: 2 })
    const rows = await sql.query(`SELECT c.personal_id, l.valid_from::text FROM listing l JOIN citizen c ON c.id = l.citizen_id ORDER BY 1, 2`)
    expect(rows.rows).toEqual([
      { personal_id: BO, valid_from: '2015-06-01' },
      { personal_id: ANNA, valid_from: '2024-01-01' },
    ].sort((a, b) => a.personal_id.localeCompare(b.personal_id)))
  })
})

describe('a file with problems writes nothing', () => {
  it('lists every invalid row with its line and column, and the good rows are not written', async () => {
    const dave = makePersonalId('1970-01-01', 111)
    const before = await versions('citizen')
    const problems = await rejected(
      'citizens',
      `personal_id,sex,birth_date,area_code,interpreter_need,end_date\n${dave},M,1970-01-01,0484A001,false,\n` +
        `${dave.slice(0, 11)}${(Number(dave[11]) + 1) % 10},M,1970-01-01,0484A001,false,\n` +
        `${makePersonalId('1980-01-01', 222)},M,1980-01-01,0484A001,nej,\n` +
        `${makePersonalId('1980-01-02', 224)},F,1980-01-03,0484A001,false,\n`,
    )
    expect(problems).toEqual([
      'line 3: personal_id: wrong check digit (Luhn)',
      'line 4: interpreter_need: must be true or false',
      'line 4: sex: does not agree with the personal identity number (which gives F)',
      'line 5: birth_date: does not agree with the date of birth in the personal identity number',
    ])
    expect(await versions('citizen')).toEqual(before)
  })

  it('reports references to unknown areas, clinics and citizens', async () => {
    expect(await rejected('citizens', `personal_id,sex,birth_date,area_code,interpreter_need\n${makePersonalId('1970-01-01', 111)},M,1970-01-01,9999X,false\n`)).toEqual([
      'line 2: area_code: unknown area 9999X (import areas first)',
    ])
    const nobody = makePersonalId('1999-09-09', 999)
    expect(await rejected('listings', `personal_id,hsa_id,valid_from,valid_to,kind\n${ANNA},SE2321000032-E000000000999,2027-01-01,,chosen\n${nobody},${A},2027-01-01,,chosen\n`)).toEqual([
      'line 2: hsa_id: unknown clinic SE2321000032-E000000000999 (import clinics first)',
      'line 3: personal_id: no citizen with this personal identity number (import citizens first)',
    ])
    expect(await rejected('areas', `area_code,municipality_code,name\n0999A001,0999,Nowhere\n`)).toEqual([
      "line 2: municipality_code: unknown municipality 0999 (not one of the region's municipalities)",
    ])
  })

  it('reports overlapping listings and repeated keys within the file', async () => {
    const before = await versions('listing')
    expect(
      await rejected('listings', `personal_id,hsa_id,valid_from,valid_to,kind\n${ANNA},${A},2024-01-01,2025-01-01,chosen\n${ANNA},${B},2024-06-01,,chosen\n${BO},${A},2020-01-01,,chosen\n${BO},${B},2020-01-01,2021-01-01,chosen\n`),
    ).toEqual([
      'line 3: valid_from: overlaps an earlier listing of the same citizen, which ends 2025-01-01',
      'line 5: valid_from: appears again for the same personal_id and valid_from (first on line 4)',
      'line 5: valid_from: overlaps an earlier open-ended listing of the same citizen',
    ])
    // An open period overlaps every later one, not only the next.
    expect(
      await rejected('listings', `personal_id,hsa_id,valid_from,valid_to,kind\n${ANNA},${A},2020-01-01,,chosen\n${ANNA},${B},2021-01-01,2021-06-01,chosen\n${ANNA},${A},2022-01-01,,chosen\n`),
    ).toEqual([
      'line 3: valid_from: overlaps an earlier open-ended listing of the same citizen',
      'line 4: valid_from: overlaps an earlier open-ended listing of the same citizen',
    ])
    expect(await versions('listing')).toEqual(before)
  })

  it('lists the database checks together with the row checks in one report', async () => {
    expect(
      await rejected('citizens', `personal_id,sex,birth_date,area_code,interpreter_need\n${makePersonalId('1970-01-01', 111)},M,1970-01-01,0484A001,nej\n${makePersonalId('1970-01-02', 113)},M,1970-01-02,9999X,false\n`),
    ).toEqual(['line 2: interpreter_need: must be true or false', 'line 3: area_code: unknown area 9999X (import areas first)'])
  })

  it('rejects a file that is not UTF-8, naming the line', async () => {
    const latin1 = Buffer.concat([Buffer.from('area_code,municipality_code,name\n0484A010,0484,'), Buffer.from([0xc5]), Buffer.from('by\n')])
    const path = join(dir, 'latin1.csv')
    writeFileSync(path, latin1)
    await expect(importFile('areas', path, { databaseUrl: db.url })).rejects.toMatchObject({
      problems: ['line 2: file: is not valid CSV: is not UTF-8 text (save the file as UTF-8)'],
    })
  })

  it('names missing header columns and rows of the wrong width', async () => {
    expect(await rejected('clinics', `hsa_id,name\n${A},X\n`)).toEqual([
      'line 1: area_code: missing from the header (clinics files need hsa_id, name, area_code, ownership, geography_points)',
      'line 1: ownership: missing from the header (clinics files need hsa_id, name, area_code, ownership, geography_points)',
      'line 1: geography_points: missing from the header (clinics files need hsa_id, name, area_code, ownership, geography_points)',
    ])
    expect(await rejected('areas', `area_code,municipality_code,name\n0484A009,0484\n`)).toEqual(['line 2: row: has 2 fields, the header has 3'])
    expect(await rejected('areas', '')).toEqual(['line 1: file: is empty: a header row is required'])
    expect(await rejected('areas', '\n\narea_code,name\n')).toEqual([
      'line 3: municipality_code: missing from the header (areas files need area_code, municipality_code, name)',
    ])
  })

  it('reports a file that is not valid CSV', async () => {
    const problems = await rejected('areas', `area_code,municipality_code,name\n0484A009,0484,"Unclosed\n`)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^line \d+: file: is not valid CSV: /)
  })

  it('names a file that cannot be read', async () => {
    await expect(importFile('areas', join(dir, 'missing.csv'), { databaseUrl: db.url })).rejects.toMatchObject({
      problems: [`${join(dir, 'missing.csv')}: cannot be read (no such file)`],
    })
  })

  it('lists the first 100 problems and counts the rest', async () => {
    let text = 'area_code,municipality_code,name\n'
    for (let i = 0; i < 250; i++) text += `0484B${String(i).padStart(3, '0')},484,Area ${i}\n`
    const problems = await rejected('areas', text)
    expect(problems).toHaveLength(101)
    expect(problems[0]).toBe('line 2: municipality_code: must be 4 digits')
    expect(problems[99]).toBe('line 101: municipality_code: must be 4 digits')
    expect(problems[100]).toBe('… and 150 more problems')
  })
})

describe('bulk mode for large files', () => {
  const foreignKeys = async () =>
    (await sql.query(`SELECT conrelid::regclass::text AS t, conname::text AS name, pg_get_constraintdef(oid) AS def, convalidated
      FROM pg_constraint WHERE contype = 'f' ORDER BY 1, 2`)).rows

  it('merges with the foreign keys dropped and puts them back, validated, in the same transaction', async () => {
    const before = await foreignKeys()
    expect(before.filter((k) => k.t === 'listing').map((k) => k.name)).toEqual(['listing_chosen_by_user_id_fkey', 'listing_citizen_id_fkey', 'listing_clinic_id_fkey'])
    const r = await importFile('listings', csv(`personal_id,hsa_id,valid_from,valid_to,kind\n${BO},${A},2010-01-01,2015-06-01,assigned\n${BO},${B},2015-06-01,2027-03-15,assigned\n`), {
      databaseUrl: db.url,
      bulkRows: 1,
    })
    expect(r).toMatchObject({ inserted: 1, deleted: 0 })
    expect(await foreignKeys()).toEqual(before)
  })

  it('rolls the dropped keys back with everything else when the merge fails', async () => {
    const before = await foreignKeys()
    // A row that passes every check but that the table refuses: the merge fails mid-way, and the
    // dropped keys must come back with the rollback.
    await sql.query(`ALTER TABLE listing ADD CONSTRAINT test_no_2031 CHECK (valid_from < '2031-01-01')`)
    try {
      await expect(
        importFile('listings', csv(`personal_id,hsa_id,valid_from,valid_to,kind\n${BO},${A},2031-01-01,,chosen\n`), { databaseUrl: db.url, bulkRows: 1 }),
      ).rejects.toThrow(/test_no_2031/)
    } finally {
      await sql.query('ALTER TABLE listing DROP CONSTRAINT test_no_2031')
    }
    expect(await foreignKeys()).toEqual(before)
    const bo = await sql.query(`SELECT count(*)::int AS n FROM listing l JOIN citizen c ON c.id = l.citizen_id WHERE c.personal_id = $1`, [BO])
    expect(bo.rows[0].n).toBe(2)
  })
})

describe('quality results', () => {
  const HEADER = 'hsa_id,indicator,period,numerator,denominator,published\n'
  const QUALITY = HEADER + `${A},HBA1C_UNDER_70,2026-H2,412,530,2027-02-15\n${A},BP_CONTROL,2026,1210,1800,2027-02-15\n${B},HBA1C_UNDER_70,2026-H2,0,0,2027-02-15\n`
  const results = async () =>
    (await sql.query(`SELECT k.hsa_id, q.indicator, q.period, q.numerator, q.denominator, q.published::text FROM quality_result q
      JOIN clinic k ON k.id = q.clinic_id ORDER BY 1, 2, 3`)).rows.map((r) => `${r.hsa_id} ${r.indicator} ${r.period} ${r.numerator}/${r.denominator} ${r.published}`)

  it('imports a valid file', async () => {
    expect(await run('quality', QUALITY)).toMatchObject({ kind: 'quality', rows: 3, inserted: 3, updated: 0, deleted: 0 })
    expect(await results()).toEqual([
      `${A} BP_CONTROL 2026 1210/1800 2027-02-15`,
      `${A} HBA1C_UNDER_70 2026-H2 412/530 2027-02-15`,
      `${B} HBA1C_UNDER_70 2026-H2 0/0 2027-02-15`,
    ])
    const audit = await sql.query(`SELECT action, details->>'rows' AS rows FROM audit_log ORDER BY id DESC LIMIT 1`)
    expect(audit.rows[0]).toEqual({ action: 'import.quality', rows: '3' })
  })

  it('changes nothing when the same file is imported again', async () => {
    const before = await versions('quality_result')
    expect(await run('quality', QUALITY)).toMatchObject({ rows: 3, inserted: 0, updated: 0, deleted: 0 })
    expect(await versions('quality_result')).toEqual(before)
  })

  it('upserts by clinic, indicator and period and leaves the results the file does not name', async () => {
    const untouched = (await sql.query(`SELECT xmin::text AS v FROM quality_result WHERE indicator = 'BP_CONTROL'`)).rows
    const r = await run('quality', HEADER + `${A},HBA1C_UNDER_70,2026-H2,420,531,2027-03-01\n${B},HBA1C_UNDER_70,2026-H2,0,0,2027-02-15\n${B},BP_CONTROL,2026-Q4,77,90,2027-01-20\n`)
    expect(r).toMatchObject({ rows: 3, inserted: 1, updated: 1, deleted: 0 })
    expect(await results()).toEqual([
      `${A} BP_CONTROL 2026 1210/1800 2027-02-15`,
      `${A} HBA1C_UNDER_70 2026-H2 420/531 2027-03-01`,
      `${B} BP_CONTROL 2026-Q4 77/90 2027-01-20`,
      `${B} HBA1C_UNDER_70 2026-H2 0/0 2027-02-15`,
    ])
    expect((await sql.query(`SELECT xmin::text AS v FROM quality_result WHERE indicator = 'BP_CONTROL' AND period = '2026'`)).rows).toEqual(untouched)
  })

  it('merges in bulk mode with the clinic key put back', async () => {
    const r = await importFile('quality', csv(HEADER + `${B},BP_CONTROL,2026-Q4,78,90,2027-01-21\n`), { databaseUrl: db.url, bulkRows: 1 })
    expect(r).toMatchObject({ inserted: 0, updated: 1 })
    const keys = await sql.query(`SELECT conname::text AS name, convalidated FROM pg_constraint WHERE conrelid = 'quality_result'::regclass AND contype = 'f'`)
    expect(keys.rows).toEqual([{ name: 'quality_result_clinic_id_fkey', convalidated: true }])
  })

  it('rejects a result of an unknown clinic and writes nothing', async () => {
    const before = await versions('quality_result')
    expect(
      await rejected('quality', HEADER + `${A},HBA1C_UNDER_70,2026-H2,1,2,2027-04-01\n${A},NEW_ONE,2027-01,5,6,2027-04-01\nSE2321000032-E000000000999,BP_CONTROL,2026,1,2,2027-04-01\n`),
    ).toEqual(['line 4: hsa_id: no clinic with this HSA-id'])
    expect(await versions('quality_result')).toEqual(before)
    expect(await count('quality_result')).toBe(4)
  })

  it('lists every bad row, repeated keys naming both lines, and writes nothing', async () => {
    const before = await versions('quality_result')
    expect(
      await rejected(
        'quality',
        HEADER +
          `${A},HBA1C_UNDER_70,2026-H2,1,2,2027-04-01\n` +
          `${A},hba1c,2026-H3,5,4,2027-02-30\n` +
          `${B},BP_CONTROL,2026,-3,x,2027-04-01\n` +
          `${A},HBA1C_UNDER_70,2026-H2,1,2,2027-04-02\n` +
          `${A},BP_CONTROL,2026,1,2,2027-04-01,extra\n` +
          `SE2321000032-E000000000999,BP_CONTROL,2026,1,2,2027-04-01\n`,
      ),
    ).toEqual([
      'line 3: indicator: must be an indicator code of at most 40 characters: use capital letters, digits and _',
      'line 3: period: must be a period YYYY, YYYY-H1, YYYY-H2, YYYY-Q1 to YYYY-Q4 or YYYY-MM',
      'line 3: published: is not a calendar date',
      'line 3: numerator: must not be greater than denominator (5 > 4)',
      'line 4: numerator: must be a whole number 0 or more',
      'line 4: denominator: must be a whole number 0 or more',
      'line 5: period: appears again for the same hsa_id, indicator and period (first on line 2)',
      'line 6: row: has 7 fields, the header has 6',
      'line 7: hsa_id: no clinic with this HSA-id',
    ])
    expect(await versions('quality_result')).toEqual(before)
  })
})

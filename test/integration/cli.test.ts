/** The command line as a register operator meets it: exit codes, messages, nothing half-written. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
const dir = mkdtempSync(join(tmpdir(), 'vardval-cli-'))

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/index.ts', ...args], {
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

async function count(table: string): Promise<number> {
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  try {
    return Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  db = await createTestDatabase('cli')
})

afterAll(async () => {
  await db?.drop()
})

describe('npm run cli', () => {
  it('loads a region file and reports it', () => {
    const file = join(dir, 'region.json')
    writeFileSync(file, JSON.stringify({ region: { code: '04', name: 'Region Sörmland' }, municipalities: [{ code: '0484', name: 'Eskilstuna' }] }))
    const r = cli('region', 'load', file)
    expect(r.stderr).toBe('')
    expect(r).toMatchObject({ status: 0, stdout: 'Loaded region Region Sörmland with 1 municipalities.\n' })
  })

  it('imports a valid file and exits 0', async () => {
    const file = join(dir, 'areas.csv')
    writeFileSync(file, 'area_code,municipality_code,name\n0484A001,0484,Centrum\n0484A002,0484,Fröslunda\n')
    const r = cli('import', 'areas', file)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^Imported areas: 2 rows \(2 new, 0 changed, 0 removed\) in \d+\.\d s\.\n$/)
    expect(await count('area')).toBe(2)
  })

  it('rejects a file with bad rows: exit 1, every problem listed, nothing written', async () => {
    const file = join(dir, 'bad-areas.csv')
    writeFileSync(file, 'area_code,municipality_code,name\n0484A003,0484,Ny\n0484A004,484,Fel\n0484A005,0999,Okänd\n')
    const r = cli('import', 'areas', file)
    expect(r.status).toBe(1)
    expect(r.stderr).toBe(
      'The areas file was not imported: nothing was written.\n' +
        'line 3: municipality_code: must be 4 digits\n' +
        "line 4: municipality_code: unknown municipality 0999 (not one of the region's municipalities)\n",
    )
    expect(await count('area')).toBe(2)
  })

  it('answers a usage error with exit 2 and the usage', () => {
    const r = cli('import', 'people', 'x.csv')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('import: the kind people must be one of areas, clinics, citizens, listings, care-weights, guardians')
    expect(r.stderr).toContain('Usage:')
  })
})

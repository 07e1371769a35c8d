/** `listing assign` and `clinic end` on the command line: counts printed, exit codes, usage errors. */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
// Its own queue prefix: the delivery request and the queued assignment never reach another run's worker.
const prefix = `test-assign-cli-${randomBytes(4).toString('hex')}`

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/index.ts', ...args], {
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent', QUEUE_PREFIX: prefix },
    encoding: 'utf8',
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(async () => {
  db = await createTestDatabase('assigncli')
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04')`)
  await sql(db.url, `INSERT INTO area (area_code, municipality_code, name, centre_lat, centre_lon) VALUES ('A1', '0480', 'Centrum', 59, 17)`)
  await sql(db.url, `INSERT INTO clinic (hsa_id, name, area_code, ownership, geography_points, lat, lon) VALUES ('SE-A', 'Ask VC', 'A1', 'public', 0, 59, 17), ('SE-B', 'Björk VC', 'A1', 'public', 0, 59.1, 17)`)
  await sql(db.url, `INSERT INTO citizen (personal_id, sex, birth_date, area_code) VALUES ('198001010001', 'F', '1980-01-01', 'A1'), ('198001010002', 'M', '1980-01-01', 'A1')`)
})

afterAll(async () => {
  await db?.drop()
  // Whatever the commands queued under the prefix.
  const { createRedis } = await import('../../app/utils/redis.server.ts')
  const redis = createRedis()
  const keys = await redis.keys(`${prefix}:*`)
  if (keys.length) await redis.del(...keys)
  await redis.quit()
})

describe('npm run cli -- listing assign', () => {
  it('assigns for the date given and prints the counts; a second run assigns nobody', () => {
    const first = cli('listing', 'assign', '--date', '2027-02-01')
    expect(first.stderr).toBe('')
    expect(first.status).toBe(0)
    expect(first.stdout).toContain('Assignment for 2027-02-01')
    expect(first.stdout).toContain('assigned: 2 (guardian\'s clinic 0, own municipality 2, elsewhere in the region 0)')
    const again = cli('listing', 'assign', '--date', '2027-02-01')
    expect(again.stdout).toContain('assigned: 0 ')
  })

  it('refuses a bad date with a usage error', () => {
    const r = cli('listing', 'assign', '--date', '2027-02-30')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--date must be a date YYYY-MM-DD')
  })
})

describe('npm run cli -- clinic end', () => {
  it('ends the authorisation and queues an assignment', async () => {
    const r = cli('clinic', 'end', '--hsa', 'SE-B', '--date', '2027-06-01', '--reason', 'closed')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Björk VC: authorised until 2027-06-01')
    expect(await sql(db.url, `SELECT authorised_to::text FROM clinic WHERE hsa_id = 'SE-B'`)).toEqual([{ authorised_to: '2027-06-01' }])
    expect(await sql(db.url, `SELECT details->>'reason' AS reason FROM audit_log WHERE action = 'clinic.authorisation.end'`)).toEqual([{ reason: 'closed' }])
  })

  it('names a wrong reason or an unknown clinic', () => {
    expect(cli('clinic', 'end', '--hsa', 'SE-A', '--date', '2027-06-01', '--reason', 'bored')).toMatchObject({ status: 2, stderr: expect.stringContaining('--reason must be revoked, ended or closed') })
    expect(cli('clinic', 'end', '--hsa', 'SE-X', '--date', '2027-06-01', '--reason', 'ended')).toMatchObject({ status: 2, stderr: expect.stringContaining('no clinic has HSA id SE-X') })
  })
})

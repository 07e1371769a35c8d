/**
 * The offline schema engine (tools/schema-engine): the real Prisma CLI, with no engine variable set
 * by hand, migrates a throwaway database through the wasm bridge, and the hand-written SQL of the
 * init migration (exclusion constraint, CHECKs, append-only trigger) arrives intact.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { ColumnTypeEnum } from '@prisma/driver-adapter-utils'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { markCharColumns, PG_TEXT, readCatalogTypesAsText } from '../../tools/schema-engine/catalog-types.mjs'
import { BRIDGE_PATH, chooseSchemaEngine } from '../../tools/schema-engine/select.mjs'
import { databaseUrl, dropDatabase } from '../support/database.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** Every migration of the project, in the order Prisma applies them. */
const MIGRATIONS = readdirSync(path.join(ROOT, 'prisma/migrations'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort()

interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs `npx prisma …` as a developer would: no PRISMA_SCHEMA_ENGINE_BINARY in the environment. */
function prisma(args: string[], databaseUrlForRun: string, input?: string): CliResult {
  const { PRISMA_SCHEMA_ENGINE_BINARY: _unset, PRISMA_MIGRATION_ENGINE_BINARY: _unsetToo, ...env } = process.env
  const run = spawnSync('npx', ['prisma', ...args], {
    cwd: ROOT,
    env: { ...env, DATABASE_URL: databaseUrlForRun, NO_COLOR: '1' },
    input,
    encoding: 'utf8',
    timeout: 90_000,
  })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

const ADMIN = databaseUrl('postgres')

async function shadowDatabases(): Promise<string[]> {
  const rows = await query<{ datname: string }>(ADMIN, `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`)
  return rows.map((r) => r.datname)
}

describe('schema engine bridge with the Prisma CLI', { timeout: 120_000 }, () => {
  const name = `vardval_bridge_${process.pid}_${randomBytes(4).toString('hex')}`
  const url = databaseUrl(name)
  let shadowsBefore: string[]

  beforeAll(async () => {
    shadowsBefore = await shadowDatabases()
  })

  afterAll(async () => {
    await dropDatabase(name)
  })

  it('is chosen automatically by prisma.config.ts', () => {
    const run = prisma(['--version'], url)
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/Schema Engine\s*: schema-engine-cli [0-9a-f]{40} \(wasm bridge/)
    expect(run.stdout).toContain('resolved by PRISMA_SCHEMA_ENGINE_BINARY')
  })

  it('migrate deploy creates the missing database and applies the init migration', async () => {
    const run = prisma(['migrate', 'deploy'], url)
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain(`PostgreSQL database ${name} created`)
    expect(run.stdout).toMatch(/_init\//)
    expect(run.stdout).toContain('All migrations have been successfully applied.')

    const migrations = await query<{ migration_name: string; finished: boolean }>(
      url,
      `SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name`,
    )
    expect(MIGRATIONS[0]).toMatch(/^\d{14}_init$/)
    expect(migrations).toEqual(MIGRATIONS.map((migration_name) => ({ migration_name, finished: true })))
  })

  it('leaves the hand-written constraints, index and triggers in place', async () => {
    const constraints = await query<{ conname: string; contype: string }>(
      url,
      `SELECT conname, contype::text FROM pg_constraint
        WHERE conname IN ('listing_no_overlap', 'listing_period_order', 'user_role_clinic_scope', 'care_weight_first_of_month')
        ORDER BY conname`,
    )
    expect(constraints).toEqual([
      { conname: 'care_weight_first_of_month', contype: 'c' },
      { conname: 'listing_no_overlap', contype: 'x' },
      { conname: 'listing_period_order', contype: 'c' },
      { conname: 'user_role_clinic_scope', contype: 'c' },
    ])
    const triggers = await query<{ tgname: string }>(
      url,
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal ORDER BY tgname`,
    )
    expect(triggers.map((t) => t.tgname)).toEqual(['audit_log_no_truncate', 'audit_log_no_update_delete'])
    const [index] = await query<{ indexdef: string }>(url, `SELECT indexdef FROM pg_indexes WHERE indexname = 'user_role_unique'`)
    expect(index?.indexdef).toContain('NULLS NOT DISTINCT')
  })

  it('runs the plpgsql trigger function whole (its body was not split at semicolons)', async () => {
    await query(url, `INSERT INTO audit_log (actor_kind, action) VALUES ('system', 'bridge-test')`)
    await expect(query(url, `DELETE FROM audit_log`)).rejects.toThrow('audit_log is append-only: DELETE is not allowed')
    await expect(query(url, `TRUNCATE audit_log`)).rejects.toThrow('audit_log is append-only: TRUNCATE is not allowed')
  })

  it('migrate status reports the database up to date', () => {
    const run = prisma(['migrate', 'status'], url)
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain(`${MIGRATIONS.length} migration${MIGRATIONS.length === 1 ? '' : 's'} found in prisma/migrations`)
    expect(run.stdout).toContain('Database schema is up to date!')
  })

  it('migrate diff from the migrations (on a shadow database) to the schema is empty', async () => {
    const run = prisma(
      ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema', 'prisma/schema.prisma', '--script', '--exit-code'],
      url,
    )
    expect(run.stdout).toContain('-- This is an empty migration.')
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0)
    // The bridge creates the shadow database itself and drops it WITH (FORCE) afterwards.
    const leftover = (await shadowDatabases()).filter((d) => !shadowsBefore.includes(d))
    expect(leftover).toEqual([])
  })

  it('migrate diff --exit-code exits 2 when there is a difference, and prints the script', () => {
    const run = prisma(['migrate', 'diff', '--from-empty', '--to-schema', 'prisma/schema.prisma', '--script', '--exit-code'], url)
    expect(run.status).toBe(2)
    expect(run.stdout).toContain('CREATE TABLE "listing"')
  })

  it('db execute runs a script, and reports a failing one', async () => {
    const ok = prisma(['db', 'execute', '--stdin'], url, `INSERT INTO region (code, name) VALUES ('04', 'Region Sörmland');`)
    expect(ok.status, ok.stderr).toBe(0)
    expect(ok.stdout).toContain('Script executed successfully.')
    expect(await query(url, `SELECT code, name FROM region`)).toEqual([{ code: '04', name: 'Region Sörmland' }])

    const bad = prisma(['db', 'execute', '--stdin'], url, `SELEC 1`)
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('syntax error at or near "SELEC"')
  })
})

describe('catalog types the pg adapter cannot map', () => {
  it('reads "char", name and reg* columns as text and reports "char" as Character', () => {
    const fields = [{ dataTypeID: 19 }, { dataTypeID: 18 }, { dataTypeID: 23 }, { dataTypeID: 2205 }, { dataTypeID: 18 }]
    const charColumns = readCatalogTypesAsText(fields)
    expect(fields.map((f) => f.dataTypeID)).toEqual([PG_TEXT, PG_TEXT, 23, PG_TEXT, PG_TEXT])
    expect(charColumns).toEqual([1, 4])

    const columnTypes = [ColumnTypeEnum.Text, ColumnTypeEnum.Text, ColumnTypeEnum.Int32, ColumnTypeEnum.Text, ColumnTypeEnum.Text]
    expect(markCharColumns(columnTypes, charColumns)).toEqual([
      ColumnTypeEnum.Text,
      ColumnTypeEnum.Character,
      ColumnTypeEnum.Int32,
      ColumnTypeEnum.Text,
      ColumnTypeEnum.Character,
    ])
  })

  it('leaves arrays and ordinary types alone', () => {
    const fields = [{ dataTypeID: 1003 }, { dataTypeID: 25 }, { dataTypeID: 1082 }]
    expect(readCatalogTypesAsText(fields)).toEqual([])
    expect(fields.map((f) => f.dataTypeID)).toEqual([1003, 25, 1082])
  })
})

describe('choosing the schema engine', () => {
  const noNative = { folders: [path.join(ROOT, 'tools/schema-engine/no-such-folder')] }

  it('picks the bridge when no engine path is set and no native engine is installed', () => {
    expect(chooseSchemaEngine({ env: {}, ...noNative })).toBe(BRIDGE_PATH)
  })

  it('leaves the CLI alone when a path is set or native is asked for', () => {
    expect(chooseSchemaEngine({ env: { PRISMA_SCHEMA_ENGINE_BINARY: '/opt/schema-engine' }, ...noNative })).toBeUndefined()
    expect(chooseSchemaEngine({ env: { VARDVAL_SCHEMA_ENGINE: 'native' }, ...noNative })).toBeUndefined()
  })

  it('leaves the CLI alone when a native schema-engine-<platform> file exists', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'native-engine-'))
    try {
      // The bridge's own folder does not count: schema-engine.mjs is not schema-engine-<platform>.
      expect(chooseSchemaEngine({ env: {}, folders: [path.dirname(BRIDGE_PATH), folder] })).toBe(BRIDGE_PATH)
      writeFileSync(path.join(folder, 'schema-engine-debian-openssl-3.0.x'), '')
      expect(chooseSchemaEngine({ env: {}, folders: [path.dirname(BRIDGE_PATH), folder] })).toBeUndefined()
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })
})

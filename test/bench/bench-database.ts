/**
 * A benchmark's demo region in a database of its own, built once and reused while it matches:
 * the key written on the database (COMMENT ON DATABASE) names the bench, the demo format, the
 * number of citizens, the seed and the day; every applied migration must still be the file in
 * prisma/migrations. Loading runs test/bench/payments-load.ts in a process of its own, as the CLI
 * would, so the bench process's memory is not the loader's.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEMO_FORMAT_VERSION } from '../../app/modules/demo/index.ts'
import { ADMIN_URL, databaseUrl, dropDatabase, sql } from '../support/database.ts'

export interface BenchDatabase {
  /** `payments`, `web`: part of the database's name and key. */
  bench: string
  citizens: number
  seed: number
  asOf: string
  log: (line?: string) => void
}

const REGISTERS = ['citizen', 'listing', 'care_weight', 'area', 'clinic', 'guardianship'] as const

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).replaceAll(',', ' ')

export function benchDatabaseName(b: Pick<BenchDatabase, 'bench' | 'citizens'>): string {
  // The payment bench's databases keep their earlier name, so a loaded 2.5 M region is reused.
  return b.bench === 'payments' ? `vardval_bench_${b.citizens}` : `vardval_bench_${b.bench}_${b.citizens}`
}

function migrateDeploy(url: string, log: BenchDatabase['log']): boolean {
  const r = spawnSync('npx', ['prisma', 'migrate', 'deploy'], { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' })
  if (r.status !== 0) log(`  prisma migrate deploy failed:\n${(r.stdout + r.stderr).trim().replace(/^/gm, '    ')}`)
  return r.status === 0
}

/** Why the existing database cannot be reused, or null if it can. */
async function reuseProblem(name: string, key: string, citizens: number): Promise<string | null> {
  const url = databaseUrl(name)
  const [db] = await sql<{ comment: string | null }>(ADMIN_URL, `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [name])
  if (!db) return 'it does not exist'
  if (db.comment !== key) return `it was built for ${db.comment ?? 'an unknown demo format'}, not ${key}`
  const [{ n }] = (await sql<{ n: string }>(url, 'SELECT count(*) AS n FROM citizen')) as [{ n: string }]
  if (Number(n) !== citizens) return `it holds ${n} citizens`
  // Prisma's checksum is the sha256 of migration.sql: an applied migration edited since cannot be deployed over.
  const applied = await sql<{ migration_name: string; checksum: string }>(
    url,
    'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  )
  for (const m of applied) {
    const file = join('prisma', 'migrations', m.migration_name, 'migration.sql')
    if (!existsSync(file)) return `its migration ${m.migration_name} is not in prisma/migrations`
    if (createHash('sha256').update(readFileSync(file)).digest('hex') !== m.checksum) return `its migration ${m.migration_name} was modified since`
  }
  return null
}

async function build(b: BenchDatabase, name: string, key: string): Promise<void> {
  const url = databaseUrl(name)
  const started = performance.now()
  await dropDatabase(name)
  await sql(ADMIN_URL, `CREATE DATABASE "${name}"`)
  if (!migrateDeploy(url, b.log)) throw new Error('prisma migrate deploy failed on a fresh database')
  b.log(`  loading the demo region (${fmt(b.citizens)} citizens, seed ${b.seed}, as of ${b.asOf}) through the imports, without its payment months…`)
  const load = spawnSync(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', 'test/bench/payments-load.ts', String(b.citizens), String(b.seed), b.asOf, url], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
  })
  if (load.status !== 0) throw new Error(`loading the demo region failed (exit ${load.status})`)
  // This machine runs PostgreSQL with autovacuum off; a production database would have statistics.
  await sql(url, `VACUUM (ANALYZE) ${REGISTERS.join(', ')}`)
  await sql(ADMIN_URL, `COMMENT ON DATABASE "${name}" IS '${key.replaceAll("'", "''")}'`)
  b.log(`  built in ${((performance.now() - started) / 1000).toFixed(0)} s (registers vacuumed and analysed afterwards).`)
}

/** The bench's database, reused when it matches and built otherwise; returns its URL. */
export async function prepareBenchDatabase(b: BenchDatabase): Promise<string> {
  const name = benchDatabaseName(b)
  const url = databaseUrl(name)
  const key = JSON.stringify({ bench: b.bench, format: DEMO_FORMAT_VERSION, citizens: b.citizens, seed: b.seed, asOf: b.asOf })
  const problem = await reuseProblem(name, key, b.citizens)
  if (problem === null && migrateDeploy(url, b.log)) {
    b.log(`Database ${name}: reused (${fmt(b.citizens)} citizens, demo format ${DEMO_FORMAT_VERSION}, migrations up to date).`)
    const unanalysed = await sql<{ relname: string }>(
      url,
      `SELECT relname FROM pg_stat_user_tables WHERE relname = ANY($1) AND last_analyze IS NULL AND last_autoanalyze IS NULL`,
      [REGISTERS],
    )
    if (unanalysed.length) await sql(url, `ANALYZE ${REGISTERS.join(', ')}`)
    return url
  }
  b.log(`Database ${name}: building it, as ${problem ?? 'its migrations could not be deployed'}.`)
  await build(b, name, key)
  return url
}

/**
 * `npm run bench:import -- --citizens 2500000`: generates the demo region once (cached under
 * .data/bench), then imports it into a fresh database and prints, per file, rows/s and the
 * importing process's peak resident memory. Target: 2.5 M citizens in under 60 s, under 300 MB.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { z } from 'zod'
import type { ImportResult } from '../../app/modules/imports/import.server.ts'
import type { ImportKind } from '../../app/modules/imports/rules.ts'
import { loadRegion, readRegionFile } from '../../app/modules/region/region.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { databaseUrl, dropDatabase, ADMIN_URL } from '../support/database.ts'

const { values } = parseArgs({ options: { citizens: { type: 'string' }, seed: { type: 'string' } }, strict: true })
const args = z
  .object({ citizens: z.coerce.number().int().min(1000).default(2_500_000), seed: z.coerce.number().int().default(2027) })
  .parse(values)

const DB = 'vardval_bench'
const url = databaseUrl(DB)
const dir = join('.data', 'bench', `${args.citizens}-${args.seed}`)
const mb = (kb: number) => (kb / 1024).toFixed(0)

if (!existsSync(join(dir, '.complete'))) {
  console.log(`Generating ${args.citizens} citizens into ${dir} (once; a separate process, not measured)…`)
  const r = spawnSync('npx', ['tsx', 'cli/index.ts', 'demo', 'generate', '--citizens', String(args.citizens), '--seed', String(args.seed), '--out', dir, '--no-load'], { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

await dropDatabase(DB)
const admin = new pg.Client({ connectionString: ADMIN_URL })
await admin.connect()
await admin.query(`CREATE DATABASE "${DB}"`)
const version = (await admin.query('SHOW server_version')).rows[0].server_version
await admin.end()
const migrated = spawnSync('npx', ['prisma', 'migrate', 'deploy'], { env: { ...process.env, DATABASE_URL: url }, stdio: 'ignore' })
if (migrated.status !== 0) throw new Error('prisma migrate deploy failed')

const prisma = createPrisma(url)
await loadRegion(prisma, await readRegionFile(join(dir, 'municipalities.json')))
await prisma.$disconnect()

console.log(`\nImport benchmark: ${args.citizens} citizens, Node ${process.version}, PostgreSQL ${version}, ${cpus().length} cores`)
console.log('Each import runs in its own process, as `npm run cli -- import` does; peak RSS is that process\'s.')
console.log('file            rows        seconds   rows/s     new        changed    removed    peak RSS (MB)  phases')
let peakKb = 0
function measure(kind: ImportKind, label: string = kind): void {
  const started = performance.now()
  const child = spawnSync(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', 'test/bench/import-one.ts', kind, join(dir, `${kind}.csv`), url], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  if (child.status !== 0) throw new Error(`import ${kind} failed:\n${child.stderr}`)
  const s = (performance.now() - started) / 1000
  const { result: r, maxRssKb } = JSON.parse(child.stdout) as { result: ImportResult; maxRssKb: number }
  peakKb = Math.max(peakKb, maxRssKb)
  const cells = [label.padEnd(15), String(r.rows).padEnd(11), s.toFixed(1).padEnd(9), String(Math.round(r.rows / s)).padEnd(10),
    String(r.inserted).padEnd(10), String(r.updated).padEnd(10), String(r.deleted).padEnd(10), mb(maxRssKb).padEnd(14),
    `stream ${r.seconds.stream.toFixed(1)} s, check ${r.seconds.check.toFixed(1)} s, merge ${r.seconds.merge.toFixed(1)} s`]
  console.log(cells.join(' '))
}
for (const kind of ['areas', 'clinics', 'citizens', 'listings', 'care-weights', 'guardians'] as const) measure(kind)
measure('citizens', 'citizens again')
console.log(`\nPeak resident memory of any importing process: ${mb(peakKb)} MB. Seconds include starting the process.`)
await dropDatabase(DB)

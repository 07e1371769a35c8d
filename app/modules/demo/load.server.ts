/**
 * Generates the demo region (or reuses files generated before with the same options) and loads
 * it through the same imports the registers use. Running it again changes nothing.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { importFile, type ImportResult } from '../imports/import.server.ts'
import type { ImportKind } from '../imports/rules.ts'
import { readRegionFile, loadRegion } from '../region/region.server.ts'
import { applyClinicProfiles, readClinicProfiles } from '../clinics/profiles.server.ts'
import { seedDemoUsers, type DemoLogin } from './users.server.ts'
import { writeDemoRegion } from './index.ts'
import { createPrisma } from '../../utils/db.server.ts'

export interface DemoLoadOptions {
  citizens: number
  seed: number
  asOf: string
  /** Where the files go; by default a cache folder under .data/demo keyed by the options. */
  out?: string
  load: boolean
  databaseUrl?: string
  log?: (line: string) => void
}

/** The import order: each file refers only to what the earlier ones brought in. */
export const DEMO_IMPORT_ORDER: readonly ImportKind[] = ['areas', 'clinics', 'citizens', 'listings', 'care-weights', 'guardians']

export async function generateAndLoadDemo(options: DemoLoadOptions): Promise<{ dir: string; logins: DemoLogin[] }> {
  const log = options.log ?? (() => {})
  const dir = options.out ?? join('.data', 'demo', `${options.citizens}-${options.seed}-${options.asOf}`)
  const done = join(dir, '.complete')
  const key = JSON.stringify({ citizens: options.citizens, seed: options.seed, asOf: options.asOf })
  if (existsSync(done) && JSON.parse(await readFile(done, 'utf8')).options === key) {
    log(`Demo files for ${options.citizens} citizens already in ${dir}.`)
  } else {
    await mkdir(dir, { recursive: true })
    const started = performance.now()
    const summary = await writeDemoRegion(dir, { citizens: options.citizens, seed: options.seed, asOf: options.asOf })
    await writeFile(done, JSON.stringify({ options: key, counts: summary.counts }))
    log(`Generated ${summary.counts.citizens} citizens, ${summary.counts.clinics} clinics in ${dir} (${((performance.now() - started) / 1000).toFixed(1)} s).`)
  }
  if (!options.load) return { dir, logins: [] }

  const prisma = createPrisma(options.databaseUrl)
  try {
    await loadRegion(prisma, await readRegionFile(join(dir, 'municipalities.json')))
    for (const kind of DEMO_IMPORT_ORDER) {
      const started = performance.now()
      const r: ImportResult = await importFile(kind, join(dir, `${kind}.csv`), { databaseUrl: options.databaseUrl, actor: { kind: 'system' } })
      log(`  ${kind.padEnd(13)} ${String(r.rows).padStart(9)} rows: ${r.inserted} new, ${r.updated} changed, ${r.deleted} removed (${((performance.now() - started) / 1000).toFixed(1)} s)`)
      if (kind === 'clinics') await applyClinicProfiles(prisma, await readClinicProfiles(join(dir, 'clinic-profiles.json')))
    }
    const logins = await seedDemoUsers(prisma)
    return { dir, logins }
  } finally {
    await prisma.$disconnect()
  }
}

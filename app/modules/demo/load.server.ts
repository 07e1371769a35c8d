/**
 * Generates the demo region (or reuses files generated before with the same options) and loads
 * it through the same imports the registers use, then adopts the demo payment model and runs and
 * approves the payments of the 13 months before the demo's date (the last one left awaiting
 * approval), and publishes the demo kravbok. Running it again changes nothing.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { importFile, type ImportResult } from '../imports/import.server.ts'
import type { ImportKind } from '../imports/rules.ts'
import { readRegionFile, loadRegion } from '../region/region.server.ts'
import { applyClinicProfiles, readClinicProfiles } from '../clinics/profiles.server.ts'
import { DEMO_PAYMENT_MODEL } from '../payments/model.ts'
import { ModelRejected, storeModel } from '../payments/models.server.ts'
import { PaymentRunRefused, runPaymentMonth } from '../payments/run.server.ts'
import { approveRun, findRun } from '../payments/payments.server.ts'
import { DEMO_SPEC_VERSION, demoSpecDocument } from '../authorisation/demo-spec.ts'
import { loadSpecDocument, specIdByVersion } from '../authorisation/spec.server.ts'
import type { Actor } from '../audit/audit.server.ts'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { seedDemoApplications } from './applications.server.ts'
import { seedDemoUsers, type DemoLogin } from './users.server.ts'
import { DEMO_FORMAT_VERSION, writeDemoRegion } from './index.ts'
import { dayFromIso, demoPaymentMonths } from './rules.ts'
import { createPrisma } from '../../utils/db.server.ts'
import { swedishDate } from '../../utils/sweden.ts'

export interface DemoLoadOptions {
  citizens: number
  seed: number
  asOf: string
  /** Where the files go; by default a cache folder under .data/demo keyed by the options. */
  out?: string
  load: boolean
  /** Adopt the demo payment model and run the 13 payment months after loading (default true); the payment benchmark loads without them. */
  payments?: boolean
  /** Make the demo's applications for authorisation, one in each state (default true). */
  applications?: boolean
  databaseUrl?: string
  log?: (line: string) => void
}

/** The import order: each file refers only to what the earlier ones brought in. */
export const DEMO_IMPORT_ORDER: readonly ImportKind[] = ['areas', 'clinics', 'quality', 'citizens', 'listings', 'care-weights', 'guardians']

const SYSTEM: Actor = { kind: 'system' }

export async function generateAndLoadDemo(options: DemoLoadOptions): Promise<{ dir: string; logins: DemoLogin[] }> {
  const log = options.log ?? (() => {})
  const dir = options.out ?? join('.data', 'demo', `${options.citizens}-${options.seed}-${options.asOf}`)
  const done = join(dir, '.complete')
  // The format version is part of the key: files of an older generator (without quality.csv …) are made again.
  const key = JSON.stringify({ format: DEMO_FORMAT_VERSION, citizens: options.citizens, seed: options.seed, asOf: options.asOf })
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
    if (options.payments ?? true) await loadDemoPayments(prisma, options.asOf, options.databaseUrl, log)
    await loadDemoKravbok(prisma, log)
    const logins = await seedDemoUsers(prisma)
    // Applications in each state of the procedure; their dates are real today's, as the pages show them.
    if (options.applications ?? true) logins.push(...(await seedDemoApplications(prisma, { today: swedishDate(), log })))
    return { dir, logins }
  } finally {
    await prisma.$disconnect()
  }
}

/** Loads and publishes the demo kravbok (demo-spec.ts), unless that version is there already. */
export async function loadDemoKravbok(prisma: PrismaClient, log: (line: string) => void): Promise<void> {
  if ((await specIdByVersion(prisma, DEMO_SPEC_VERSION)) !== null) {
    log(`  kravbok ${DEMO_SPEC_VERSION}: already loaded`)
    return
  }
  const r = await loadSpecDocument(prisma, demoSpecDocument(), { actor: SYSTEM, publish: true })
  log(`  kravbok ${r.version}: ${r.chapters} chapters, ${r.requirements} requirements, published`)
}

/**
 * Adopts DEMO_PAYMENT_MODEL and runs the payment months before `asOf` in order, in this process,
 * approving each month's newest revision except the last month's, which is left for the
 * commissioner. Idempotent: unchanged inputs add no revision, and approved months stay as they are.
 */
export async function loadDemoPayments(prisma: PrismaClient, asOf: string, databaseUrl: string | undefined, log: (line: string) => void): Promise<void> {
  try {
    const { created } = await storeModel(prisma, DEMO_PAYMENT_MODEL, 'adopted', SYSTEM)
    log(`  payment model ${DEMO_PAYMENT_MODEL.version} (from ${DEMO_PAYMENT_MODEL.validFrom}): ${created ? 'adopted' : 'already adopted'}`)
  } catch (error) {
    // Another model adopted from the same month (loaded by hand): run with the one in force.
    if (!(error instanceof ModelRejected)) throw error
    log(`  payment model ${DEMO_PAYMENT_MODEL.version} not stored: ${error.problems.join('; ')}`)
  }
  const months = demoPaymentMonths(dayFromIso(asOf))
  for (const [i, month] of months.entries()) {
    const started = performance.now()
    let outcome
    try {
      outcome = await runPaymentMonth(month, { databaseUrl })
    } catch (error) {
      if (!(error instanceof PaymentRunRefused)) throw error
      log(`  payments ${month}  skipped: ${error.message}`)
      continue
    }
    const run = await findRun(prisma, month, outcome.revision)
    if (!run) throw new Error(`revision ${outcome.revision} of ${month} was not found after the run`)
    const last = i === months.length - 1
    let state = run.approvedAt ? 'approved' : 'awaiting approval'
    if (!last && !run.approvedAt) {
      await approveRun(prisma, run.id, SYSTEM)
      state = 'approved now'
    }
    const what = outcome.kind === 'created' ? `revision ${outcome.revision}` : `unchanged (revision ${outcome.revision})`
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    log(`  payments ${month}  ${what.padEnd(24)} total ${run.total.padStart(16)} kr, ${state} (${seconds} s)`)
  }
}

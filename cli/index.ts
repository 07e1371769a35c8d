/**
 * The command line of shared/spec/data-formats.md, for registers, batch and scripts.
 * Exit codes: 0 done, 1 the input was rejected (every problem listed), 2 a usage error,
 * 3 a service (PostgreSQL, Redis) could not be reached.
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { ImportKindSchema } from '../app/modules/imports/rules.ts'
import { kravbokCommand } from './kravbok.ts'
import { clinicCommand, listingCommand } from './listing.ts'
import { CliUsageError } from './args.ts'
import { CliServiceMissing, modelCommand, paymentsCommand } from './payments.ts'

const USAGE = `Usage:
  npm run cli -- import <areas|clinics|citizens|listings|care-weights|guardians|quality> FILE
  npm run cli -- region load FILE.json
  npm run cli -- model load FILE.json [--draft]
  npm run cli -- payments run --month YYYY-MM
  npm run cli -- payments approve --month YYYY-MM --revision N
  npm run cli -- payments export --month YYYY-MM [--revision N] [--clinic HSA-ID] --out FILE.csv
  npm run cli -- listing assign [--date YYYY-MM-DD]
  npm run cli -- clinic end --hsa HSA-ID --date YYYY-MM-DD --reason suspended|revoked|ended|closed [--note TEXT]
  npm run cli -- kravbok load FILE.json [--publish]
  npm run cli -- kravbok publish --version V
  npm run cli -- kravbok list
  npm run cli -- demo generate [--citizens N] [--seed S] [--as-of YYYY-MM-DD] [--out DIR] [--no-load]`

class UsageError extends Error {}

function fail(message: string, code: number): never {
  process.stderr.write(message.endsWith('\n') ? message : `${message}\n`)
  process.exit(code)
}

const DemoArgs = z.object({
  citizens: z.coerce.number({ error: '--citizens must be a number' }).int('--citizens must be a whole number').min(100, '--citizens must be at least 100').max(12_000_000, '--citizens must be at most 12 000 000').default(50_000),
  seed: z.coerce.number({ error: '--seed must be a number' }).int().min(0).default(2027),
  'as-of': z.string().regex(/^\d{4}-\d{2}-01$/, '--as-of must be the first day of a month, YYYY-MM-01').default('2026-11-01'),
  out: z.string().optional(),
  'no-load': z.boolean().default(false),
})

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv
  switch (command) {
    case 'import': {
      const [kindArg, file, ...extra] = rest
      const kind = ImportKindSchema.safeParse(kindArg)
      if (!kind.success) throw new UsageError(`import: the kind ${kindArg ?? '(none)'} ${kind.error.issues[0]!.message}`)
      if (!file || extra.length) throw new UsageError('import: give exactly one FILE')
      const { importFile } = await import('../app/modules/imports/import.server.ts')
      const started = performance.now()
      const r = await importFile(kind.data, file, { actor: { kind: 'cli' } })
      const seconds = (performance.now() - started) / 1000
      console.log(`Imported ${r.kind}: ${r.rows} rows (${r.inserted} new, ${r.updated} changed, ${r.deleted} removed) in ${seconds.toFixed(1)} s.`)
      return
    }
    case 'region': {
      const [sub, file, ...extra] = rest
      if (sub !== 'load' || !file || extra.length) throw new UsageError('region: use `region load FILE.json`')
      const { readRegionFile, loadRegion } = await import('../app/modules/region/region.server.ts')
      const { prisma } = await import('../app/utils/db.server.ts')
      const region = await readRegionFile(file)
      await loadRegion(prisma, region)
      await prisma.$disconnect()
      console.log(`Loaded region ${region.region.name} with ${region.municipalities.length} municipalities.`)
      return
    }
    case 'model':
      return modelCommand(rest)
    case 'payments':
      return paymentsCommand(rest)
    case 'listing':
      return listingCommand(rest)
    case 'clinic':
      return clinicCommand(rest)
    case 'kravbok':
      return kravbokCommand(rest)
    case 'demo': {
      const [sub, ...flags] = rest
      if (sub !== 'generate') throw new UsageError('demo: use `demo generate`')
      const { values } = parseArgs({
        args: flags,
        options: { citizens: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' }, out: { type: 'string' }, 'no-load': { type: 'boolean' } },
        strict: true,
      })
      const parsed = DemoArgs.safeParse(values)
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('\n'))
      const { generateAndLoadDemo } = await import('../app/modules/demo/load.server.ts')
      await generateAndLoadDemo({
        citizens: parsed.data.citizens,
        seed: parsed.data.seed,
        asOf: parsed.data['as-of'],
        out: parsed.data.out,
        load: !parsed.data['no-load'],
        log: (line) => console.log(line),
      })
      return
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE)
      return
    default:
      throw new UsageError(`Unknown command ${command}.`)
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  async (error: unknown) => {
    if (error instanceof UsageError || error instanceof CliUsageError) fail(`${error.message}\n\n${USAGE}`, 2)
    if (error instanceof CliServiceMissing) fail(error.message, 3)
    const { ImportRejected } = await import('../app/modules/imports/import.server.ts')
    if (error instanceof ImportRejected) fail(error.message, 1)
    const { ModelRejected } = await import('../app/modules/payments/models.server.ts')
    if (error instanceof ModelRejected) fail(error.message, 1)
    const e = error as NodeJS.ErrnoException & { code?: string }
    if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND') {
      fail(`Cannot reach a service (${e.message}). Is PostgreSQL running at DATABASE_URL? Start it with \`npm run demo\` or see README.md.`, 3)
    }
    if (e.code === 'ENOENT') fail(e.message, 1)
    fail(error instanceof Error ? error.message : String(error), 1)
  },
)

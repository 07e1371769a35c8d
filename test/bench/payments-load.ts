/**
 * Loads the demo region into the payment benchmark's database, in a process of its own (as the
 * CLI would): the demo files through the imports, without the demo's 13 payment months.
 *
 *   node --max-semi-space-size=64 --import tsx test/bench/payments-load.ts CITIZENS SEED AS_OF DATABASE_URL
 */
import { generateAndLoadDemo } from '../../app/modules/demo/load.server.ts'
import { closeQueues } from '../../jobs/queues.ts'

const [citizens, seed, asOf, databaseUrl] = process.argv.slice(2)
await generateAndLoadDemo({
  citizens: Number(citizens),
  seed: Number(seed),
  asOf: asOf!,
  load: true,
  payments: false,
  databaseUrl,
  log: (line) => console.log(line),
})
// The demo's applications ask for their messages' delivery through the queues: close them, or the
// open Redis connection keeps this process alive after the load.
await closeQueues()

/**
 * Before the browser tests: Chromium present, a fresh migrated and seeded database, a production
 * build, the test identity provider (`tsx idp/server.ts`, on a free port, on the same database),
 * and the server (`NODE_ENV=test tsx server.ts`, logging in through that IdP) on the chosen port.
 * NODE_ENV=test serves the same build as production, but with a session cookie without Secure
 * over plain http://127.0.0.1. The tests log in through the IdP's identity picker (test/e2e/auth.ts).
 * The server is started here rather than by Playwright's `webServer`, which Playwright starts
 * before globalSetup, i.e. before the database and the build exist.
 * A BullMQ worker (`tsx jobs/worker.ts`) runs beside it on the same database, with a queue prefix
 * of this run's own (E2E_QUEUE_PREFIX) shared with the server, so the payment pages' runs are
 * processed and no other run's worker or queue is involved.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createJobQueues } from '../../jobs/queues.ts'
import { createDatabase, databaseUrl } from '../support/database.ts'
import { freeLoopbackPort, testIdpEnvironments, waitForHealth, waitForIdp } from '../../scripts/services.ts'
import { seedE2eAuthorisation } from './seed-authorisation.ts'
import { seedE2eCitizens } from './seed-citizens.ts'
import { seedE2ePayments } from './seed-payments.ts'
import { seedE2eRegion } from './seed.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const CHROMIUM = '/usr/bin/chromium'

/** Where the e2e server stores applications' attachments: a folder of this run's own under the OS's temp dir. */
export function attachmentDir(database: string): string {
  return path.join(tmpdir(), `${database}-attachments`)
}

function run(command: string, env: NodeJS.ProcessEnv = process.env): void {
  console.log(`[e2e setup] $ ${command}`)
  execSync(command, { cwd: ROOT, env, stdio: 'inherit' })
}

/** Resolves once a worker listens on the payments queue; rejects if the process exits or the time runs out. */
async function waitForWorker(worker: ChildProcess, prefix: string, timeoutMs: number): Promise<void> {
  const queues = createJobQueues({ prefix })
  let exited: (() => void) | undefined
  try {
    const ready = await Promise.race([
      queues.waitForWorker('payments', timeoutMs),
      new Promise<never>((_, reject) => {
        exited = () => reject(new Error(`the e2e worker exited (code ${worker.exitCode}); see test-results/e2e-worker.log`))
        worker.once('exit', exited)
      }),
    ])
    if (!ready) throw new Error(`the e2e worker was not ready after ${timeoutMs} ms; see test-results/e2e-worker.log`)
  } finally {
    if (exited) worker.off('exit', exited)
    await queues.close()
  }
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return
  console.log(`[e2e setup] ${CHROMIUM} is missing; installing Debian's chromium package`)
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM} is missing and this is not root: run "apt-get update && apt-get install -y chromium" as root`)
  }
  run('apt-get update && apt-get install -y chromium', { ...process.env, DEBIAN_FRONTEND: 'noninteractive' })
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`)
}

export default async function globalSetup(): Promise<void> {
  ensureChromium()

  const database = process.env.E2E_DATABASE!
  const url = databaseUrl(database)
  if (!existsSync(path.join(ROOT, 'prisma/migrations')) || !execSync('ls prisma/migrations', { cwd: ROOT }).toString().includes('_init')) {
    throw new Error('prisma/migrations/*_init does not exist yet: the e2e database cannot be created')
  }
  console.log(`[e2e setup] creating database ${database}`)
  await createDatabase(database)
  run('npx prisma migrate deploy', { ...process.env, DATABASE_URL: url })

  const prisma = createPrisma(url)
  try {
    await seedE2eRegion(prisma)
    await seedE2ePayments(prisma, url)
    await seedE2eCitizens(prisma)
    await seedE2eAuthorisation(prisma)
  } finally {
    await prisma.$disconnect()
  }

  run('npx react-router build')

  const port = process.env.E2E_PORT!
  // Queue names must match /^[a-z0-9-]+$/ (env.server.ts); the database name is unique per run.
  const queuePrefix = (process.env.E2E_QUEUE_PREFIX ??= database.toLowerCase().replace(/[^a-z0-9-]/g, '-'))
  mkdirSync(path.join(ROOT, 'test-results'), { recursive: true })

  const workerLog = createWriteStream(path.join(ROOT, 'test-results/e2e-worker.log'))
  console.log(`[e2e setup] $ NODE_ENV=test tsx jobs/worker.ts (queue prefix ${queuePrefix}, database ${database})`)
  const worker = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'jobs/worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: url, QUEUE_PREFIX: queuePrefix, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  worker.stdout.pipe(workerLog)
  worker.stderr.pipe(workerLog)
  process.env.E2E_WORKER_PID = String(worker.pid)
  try {
    await waitForWorker(worker, queuePrefix, 60_000)
  } catch (error) {
    worker.kill('SIGKILL')
    throw error
  }
  console.log(`[e2e setup] worker ready on queue prefix ${queuePrefix}`)

  const oidc = testIdpEnvironments({
    appUrl: `http://127.0.0.1:${port}`,
    idpPort: await freeLoopbackPort(),
    databaseUrl: url,
    clientSecret: randomBytes(24).toString('hex'),
  })
  const idpLog = createWriteStream(path.join(ROOT, 'test-results/e2e-idp.log'))
  console.log(`[e2e setup] $ tsx idp/server.ts (issuer ${oidc.issuer}, database ${database})`)
  const idp = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'idp/server.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...oidc.idp },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  idp.stdout.pipe(idpLog)
  idp.stderr.pipe(idpLog)
  process.env.E2E_IDP_PID = String(idp.pid)
  process.env.E2E_IDP_ISSUER = oidc.issuer
  await waitForIdp(oidc.issuer, { timeoutMs: 30_000, process: idp, logHint: 'test-results/e2e-idp.log' })
  console.log(`[e2e setup] identity provider ready at ${oidc.issuer}`)

  const log = createWriteStream(path.join(ROOT, 'test-results/e2e-server.log'))
  console.log(`[e2e setup] $ NODE_ENV=test tsx server.ts (port ${port}, database ${database})`)
  const server = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'server.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...oidc.web,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: port,
      DATABASE_URL: url,
      QUEUE_PREFIX: queuePrefix,
      // This run's attachments live beside its database and go with it (global-teardown.ts).
      ATTACHMENT_DIR: attachmentDir(database),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout.pipe(log)
  server.stderr.pipe(log)
  process.env.E2E_SERVER_PID = String(server.pid)
  await waitForHealth(`http://127.0.0.1:${port}`, { timeoutMs: 60_000, server, logHint: 'test-results/e2e-server.log' })
  console.log(`[e2e setup] server ready at http://127.0.0.1:${port}`)
}

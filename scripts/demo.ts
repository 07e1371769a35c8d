/**
 * The demo: services, migrations, a demo region, the test identity provider (idp/server.ts, the
 * region's e-ID broker played on loopback), the web app and the worker, then the address and who
 * can log in. Stops everything it started on Ctrl+C. Run through `npm run demo`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { z } from 'zod'
import { parseEnv } from '../app/utils/env.server.ts'
import { DEFAULT_AS_OF } from '../app/modules/demo/index.ts'
import {
  ensureDatabase,
  ensurePostgres,
  ensureRedis,
  ServiceMissing,
  testIdpEnvironments,
  waitForHealth,
  waitForIdp,
  type StartedService,
} from './services.ts'

const DemoEnv = z.object({
  DEMO_CITIZENS: z.coerce.number().int().min(100).default(50_000),
  DEMO_SEED: z.coerce.number().int().min(0).default(2027),
  /** The test identity provider's port (loopback). */
  IDP_PORT: z.coerce.number().int().min(1).max(65535).default(5556),
})

const started: StartedService[] = []
const children: ChildProcess[] = []

function step(text: string): void {
  console.log(`\n▸ ${text}`)
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(command, args, { stdio: 'inherit', env })
  if (r.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}).`)
}

let stopping = false

async function shutdown(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => {}) // the first call finishes the job
  stopping = true
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)))
  for (const s of [...started].reverse()) await s.stop().catch(() => {})
  process.exit(code)
}

/** The demo runs the production build, which needs a session secret: one is made once and kept in .data. */
function demoSessionSecret(): string {
  const file = '.data/session-secret'
  if (!existsSync(file)) {
    mkdirSync('.data', { recursive: true })
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 })
  }
  return readFileSync(file, 'utf8').trim()
}

/** The secret the app and the test IdP share for the OIDC client, made once and kept in .data like the session secret. */
function demoClientSecret(): string {
  const file = '.data/oidc-client-secret'
  if (!existsSync(file)) {
    mkdirSync('.data', { recursive: true })
    writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 })
  }
  return readFileSync(file, 'utf8').trim()
}

async function main(): Promise<void> {
  process.env.SESSION_SECRET ??= demoSessionSecret()
  const env = parseEnv(process.env)
  const demo = DemoEnv.parse(process.env)
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: env.DATABASE_URL, REDIS_URL: env.REDIS_URL, SESSION_SECRET: env.SESSION_SECRET }

  step('Tjänster / services')
  const postgres = await ensurePostgres(env.DATABASE_URL, { startEmbedded: true })
  if (postgres) started.push(postgres)
  await ensureDatabase(env.DATABASE_URL)
  const redis = await ensureRedis(env.REDIS_URL, { start: true })
  if (redis) started.push(redis)
  console.log(`  PostgreSQL: ${postgres?.name ?? new URL(env.DATABASE_URL).host}`)
  console.log(`  Redis:      ${redis?.name ?? new URL(env.REDIS_URL).host}`)

  step('Databasmigreringar / migrations')
  run('npx', ['prisma', 'migrate', 'deploy'], childEnv)

  step(`Demoregion / demo region (${demo.DEMO_CITIZENS} invånare, seed ${demo.DEMO_SEED})`)
  const { generateAndLoadDemo } = await import('../app/modules/demo/load.server.ts')
  const { logins } = await generateAndLoadDemo({
    citizens: demo.DEMO_CITIZENS,
    seed: demo.DEMO_SEED,
    asOf: DEFAULT_AS_OF,
    load: true,
    databaseUrl: env.DATABASE_URL,
    log: (line) => console.log(line),
  })

  step('Tilldelning / assignment of citizens nobody chose for (what the nightly job does)')
  {
    const { runAssignment } = await import('../app/modules/listing/assignment.server.ts')
    const { createPrisma } = await import('../app/utils/db.server.ts')
    const prisma = createPrisma(env.DATABASE_URL)
    try {
      // The worker delivers the messages (its one-minute sweep) once it runs; shown at /region/utkorg.
      const r = await runAssignment(prisma, { actor: { kind: 'system' }, deliver: false })
      console.log(`  ${r.assigned} assigned from ${r.date}, ${r.closureNotices} closure notices, ${r.notificationsQueued} messages queued`)
    } finally {
      await prisma.$disconnect()
    }
  }

  step('Bygger webbappen / building the web app')
  run('npx', ['react-router', 'build'], childEnv)

  step('Startar e-legitimation (test), webb och worker / starting the test e-ID broker, web and worker')
  const address = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`
  if (await fetch(`${address}/healthz`).then(() => true, () => false)) {
    throw new Error(`Something already listens at ${address} (another demo?). Stop it, or choose another port: PORT=3001 npm run demo`)
  }
  if (await fetch(`http://127.0.0.1:${demo.IDP_PORT}/.well-known/openid-configuration`).then(() => true, () => false)) {
    throw new Error(`Something already listens at http://127.0.0.1:${demo.IDP_PORT} (another demo?). Stop it, or choose another port: IDP_PORT=5557 npm run demo`)
  }
  const oidc = testIdpEnvironments({ appUrl: address, idpPort: demo.IDP_PORT, databaseUrl: env.DATABASE_URL, clientSecret: demoClientSecret() })
  // The production build, but NODE_ENV=test: the session cookie must not be Secure on plain http://127.0.0.1.
  const webEnv = { ...childEnv, ...oidc.web, NODE_ENV: 'test', PORT: String(env.PORT), HOST: env.HOST }
  // node itself rather than npx, so that SIGTERM reaches the process that shuts down gracefully.
  const tsx = (entry: string, childEnvironment: NodeJS.ProcessEnv) =>
    spawn(process.execPath, ['--import', 'tsx', entry], { stdio: 'inherit', env: childEnvironment })
  const idp = tsx('idp/server.ts', { ...childEnv, ...oidc.idp })
  children.push(idp)
  await waitForIdp(oidc.issuer, { timeoutMs: 30_000, process: idp })
  const web = tsx('server.ts', webEnv)
  children.push(web, tsx('jobs/worker.ts', childEnv))
  for (const child of children) {
    child.on('exit', (code) => {
      if (stopping) return
      console.error(`A demo process exited (code ${code}); stopping the demo.`)
      void shutdown(code || 1)
    })
  }
  await waitForHealth(address, { timeoutMs: 60_000, server: web })

  console.log(`\n✔ Vårdval demo: ${address}\n`)
  console.log(`Logga in / log in: ${address}/logga-in → "Logga in med e-legitimation" → the test e-ID broker at ${oidc.issuer}`)
  console.log('  (Test-BankID / Test-Freja: pick a test identity; no real e-identification, all people are made up)')
  console.log('Personal / staff:')
  for (const l of logins.filter((l) => l.role !== 'citizen')) console.log(`  ${l.role.padEnd(13)} ${l.name} — ${l.description}`)
  const citizens = logins.filter((l) => l.role === 'citizen')
  if (citizens.length > 0) {
    console.log('Invånare / citizens (listed on the broker\'s page; any other citizen of the demo region by personnummer there):')
    for (const l of citizens) console.log(`  ${l.role.padEnd(13)} ${l.name} — ${l.description}`)
  }
  console.log('\nCtrl+C stoppar / stops the demo.')
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(0))

main().catch(async (error: unknown) => {
  if (error instanceof ServiceMissing) console.error(`\n✖ ${error.message}`)
  else console.error(`\n✖ The demo could not start: ${error instanceof Error ? error.message : String(error)}`)
  await shutdown(1)
})

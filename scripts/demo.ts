/**
 * The demo: services, migrations, a demo region, the web app and the worker, then the address and
 * the demo logins. Stops everything it started on Ctrl+C. Run through `npm run demo`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { z } from 'zod'
import { parseEnv } from '../app/utils/env.server.ts'
import { DEFAULT_AS_OF } from '../app/modules/demo/index.ts'
import { ensureDatabase, ensurePostgres, ensureRedis, ServiceMissing, waitForHealth, type StartedService } from './services.ts'

const DemoEnv = z.object({
  DEMO_CITIZENS: z.coerce.number().int().min(100).default(50_000),
  DEMO_SEED: z.coerce.number().int().min(0).default(2027),
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

  step('Bygger webbappen / building the web app')
  run('npx', ['react-router', 'build'], childEnv)

  step('Startar webb och worker / starting web and worker')
  const address = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`
  if (await fetch(`${address}/healthz`).then(() => true, () => false)) {
    throw new Error(`Something already listens at ${address} (another demo?). Stop it, or choose another port: PORT=3001 npm run demo`)
  }
  // The production build, but NODE_ENV=test: the demo login (DEMO_LOGIN) is refused when NODE_ENV=production,
  // and the session cookie must not be Secure on plain http://127.0.0.1.
  const webEnv = { ...childEnv, NODE_ENV: 'test', DEMO_LOGIN: 'true', PORT: String(env.PORT), HOST: env.HOST }
  // node itself rather than npx, so that SIGTERM reaches the process that shuts down gracefully.
  const tsx = (entry: string, childEnvironment: NodeJS.ProcessEnv) =>
    spawn(process.execPath, ['--import', 'tsx', entry], { stdio: 'inherit', env: childEnvironment })
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
  console.log(`Demoinloggningar / demo logins: ${address}/logga-in (välj en person / choose a person)`)
  for (const l of logins.filter((l) => l.role !== 'citizen')) console.log(`  ${l.role.padEnd(13)} ${l.name} — ${l.description}`)
  const citizens = logins.filter((l) => l.role === 'citizen')
  if (citizens.length > 0) {
    console.log('Invånare (inloggning med e-legitimation kommer senare / citizen login with e-identification comes later):')
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

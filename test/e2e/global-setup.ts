/**
 * Before the browser tests: Chromium present, a fresh migrated and seeded database, a production
 * build, and the server (`NODE_ENV=test DEMO_LOGIN=true tsx server.ts`) running on the chosen port.
 * NODE_ENV=test serves the same build as production, but allows the demo login, which the tests
 * log in with, and a session cookie without Secure over plain http://127.0.0.1.
 * The server is started here rather than by Playwright's `webServer`, which Playwright starts
 * before globalSetup, i.e. before the database and the build exist.
 */
import { execSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createDatabase, databaseUrl } from '../support/database.ts'
import { waitForHealth } from '../../scripts/services.ts'
import { seedE2eRegion } from './seed.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const CHROMIUM = '/usr/bin/chromium'

function run(command: string, env: NodeJS.ProcessEnv = process.env): void {
  console.log(`[e2e setup] $ ${command}`)
  execSync(command, { cwd: ROOT, env, stdio: 'inherit' })
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
  } finally {
    await prisma.$disconnect()
  }

  run('npx react-router build')

  const port = process.env.E2E_PORT!
  mkdirSync(path.join(ROOT, 'test-results'), { recursive: true })
  const log = createWriteStream(path.join(ROOT, 'test-results/e2e-server.log'))
  console.log(`[e2e setup] $ NODE_ENV=test DEMO_LOGIN=true tsx server.ts (port ${port}, database ${database})`)
  const server = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'server.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DEMO_LOGIN: 'true',
      HOST: '127.0.0.1',
      PORT: port,
      DATABASE_URL: url,
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

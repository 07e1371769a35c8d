import { describe, expect, it } from 'vitest'
import { requireUser } from '../../app/utils/permissions.server.ts'
import {
  SESSION_IDLE_MS,
  SESSION_TOUCH_INTERVAL_MS,
  commitSession,
  endUserSession,
  getSession,
  keepSessionAlive,
  readUserSession,
  startUserSession,
} from '../../app/utils/session.server.ts'

const T0 = Date.UTC(2027, 0, 15, 9, 0, 0)
const MINUTE = 60_000

/** The name=value part of a Set-Cookie header, as the browser sends it back. */
function cookieOf(response: Response | string): string {
  const header = typeof response === 'string' ? response : response.headers.get('Set-Cookie')!
  return header.split(';')[0]!
}

const requestWith = (cookie: string | null, url = 'http://127.0.0.1/region') =>
  new Request(url, cookie ? { headers: { Cookie: cookie } } : undefined)

async function loginAt(now: number, userId = 42): Promise<string> {
  return cookieOf(await startUserSession(requestWith(null), userId, '/region', now))
}

describe('the session cookie', () => {
  it('is __vardval, HttpOnly, SameSite=Lax, for the whole site, and not Secure outside production', async () => {
    const response = await startUserSession(requestWith(null), 42, '/region', T0)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/region')
    const header = response.headers.get('Set-Cookie')!
    expect(header).toMatch(/^__vardval=/)
    expect(header).toContain('HttpOnly')
    expect(header).toContain('SameSite=Lax')
    expect(header).toContain('Path=/')
    expect(header).not.toContain('Secure')
    // A browser-session cookie: the idle limit is enforced by the server, not by an expiry date.
    expect(header).not.toMatch(/Max-Age|Expires/)
  })

  it('holds only the user id and when the user was last seen', async () => {
    const session = await getSession(requestWith(await loginAt(T0)))
    expect(session.data).toEqual({ userId: 42, lastSeen: T0 })
  })

  it('is ignored when tampered with', async () => {
    const cookie = await loginAt(T0)
    const [name, value] = cookie.split('=') as [string, string]
    const forged = `${name}=${encodeURIComponent(Buffer.from(JSON.stringify({ userId: 1, lastSeen: T0 })).toString('base64'))}.${value.split('.')[1]}`
    expect((await readUserSession(requestWith(forged), T0)).userId).toBeNull()
  })
})

describe('inactivity', () => {
  it('keeps a session used within 30 minutes and ends one idle for longer', async () => {
    const cookie = await loginAt(T0)
    expect(await readUserSession(requestWith(cookie), T0 + SESSION_IDLE_MS)).toMatchObject({ userId: 42, idle: false })
    expect(await readUserSession(requestWith(cookie), T0 + SESSION_IDLE_MS + 1)).toMatchObject({ userId: null, idle: true })
    expect(await readUserSession(requestWith(cookie), T0 + 8 * 60 * MINUTE)).toMatchObject({ userId: null, idle: true })
  })

  it('treats a session without lastSeen as idle', async () => {
    const session = await getSession(requestWith(null))
    session.set('userId', 42)
    const cookie = cookieOf(await commitSession(session))
    expect(await readUserSession(requestWith(cookie), T0)).toMatchObject({ userId: null, idle: true })
  })

  it('slides: each request renews lastSeen (at most once a minute)', async () => {
    const first = await loginAt(T0)
    expect(await keepSessionAlive(requestWith(first), T0 + SESSION_TOUCH_INTERVAL_MS - 1)).toBeNull()
    const renewed = await keepSessionAlive(requestWith(first), T0 + 20 * MINUTE)
    expect(renewed).not.toBeNull()
    const second = cookieOf(renewed!)
    // 45 minutes after logging in, 25 after the last request: still logged in.
    expect(await readUserSession(requestWith(second), T0 + 45 * MINUTE)).toMatchObject({ userId: 42, idle: false })
    expect(await readUserSession(requestWith(first), T0 + 45 * MINUTE)).toMatchObject({ userId: null, idle: true })
  })

  it('clears the cookie of an idle session and leaves a visitor without one alone', async () => {
    const cleared = await keepSessionAlive(requestWith(await loginAt(T0)), T0 + 31 * MINUTE)
    expect(cleared).toMatch(/^__vardval=;.*Expires=Thu, 01 Jan 1970/)
    expect(await keepSessionAlive(requestWith(null), T0)).toBeNull()
  })
})

describe('logging in and out', () => {
  it('starts a brand-new session at login: nothing of the old one survives', async () => {
    const old = await getSession(requestWith(null))
    old.set('userId', 7)
    old.set('lastSeen', T0)
    ;(old as unknown as { set(key: string, value: unknown): void }).set('planted', 'by someone else')
    const oldCookie = cookieOf(await commitSession(old))
    const response = await startUserSession(requestWith(oldCookie), 42, '/mottagning', T0 + MINUTE)
    const session = await getSession(requestWith(cookieOf(response)))
    expect(session.data).toEqual({ userId: 42, lastSeen: T0 + MINUTE })
  })

  it('clears the cookie at logout', async () => {
    const response = await endUserSession(requestWith(await loginAt(T0)), '/')
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/')
    expect(response.headers.get('Set-Cookie')).toMatch(/^__vardval=;.*Expires=Thu, 01 Jan 1970/)
  })
})

describe('requireUser', () => {
  async function thrown(promise: Promise<unknown>): Promise<Response> {
    try {
      await promise
    } catch (error) {
      if (error instanceof Response) return error
      throw error
    }
    throw new Error('did not throw')
  }

  it('redirects nobody to /logga-in with the path only, never the query string', async () => {
    const response = await thrown(requireUser(requestWith(null, 'http://127.0.0.1/region/ersattning?pnr=191212121212')))
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/logga-in?next=%2Fregion%2Fersattning')
    expect(response.headers.get('Set-Cookie')).toBeNull()
  })

  it('redirects an idle session with the reason, and clears its cookie', async () => {
    const idleCookie = await loginAt(Date.now() - SESSION_IDLE_MS - MINUTE)
    const response = await thrown(requireUser(requestWith(idleCookie, 'http://127.0.0.1/mottagning')))
    expect(response.headers.get('Location')).toBe('/logga-in?next=%2Fmottagning&orsak=inaktiv')
    expect(response.headers.get('Set-Cookie')).toMatch(/^__vardval=;/)
  })
})

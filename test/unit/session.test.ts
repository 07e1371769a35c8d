/** The parts of the session store that need no database; the rest is test/integration/auth-session.test.ts. */
import { describe, expect, it } from 'vitest'
import { SESSION_IDLE_MS, clearSessionCookie, hashToken, isIdle, readUserSession } from '../../app/utils/session.server.ts'

const T0 = Date.UTC(2027, 0, 15, 9, 0, 0)

describe('session tokens', () => {
  it('are stored as their SHA-256 in hex, never as themselves', () => {
    // echo -n abc | sha256sum
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(hashToken('abc')).toHaveLength(64)
    expect(hashToken('abd')).not.toBe(hashToken('abc'))
  })
})

describe('inactivity', () => {
  it('allows exactly SESSION_IDLE_MS (30 minutes) without a request', () => {
    expect(SESSION_IDLE_MS).toBe(30 * 60 * 1000)
    expect(isIdle(T0, T0 + SESSION_IDLE_MS)).toBe(false)
    expect(isIdle(T0, T0 + SESSION_IDLE_MS + 1)).toBe(true)
    expect(isIdle(Number.NaN, T0)).toBe(true)
  })
})

describe('the session cookie', () => {
  it('is cleared with an expiry in the past, for the whole site, HttpOnly and SameSite=Lax', async () => {
    const header = await clearSessionCookie()
    expect(header).toMatch(/^__vardval=;/)
    expect(header).toContain('Expires=Thu, 01 Jan 1970')
    expect(header).toContain('Path=/')
    expect(header).toContain('HttpOnly')
    expect(header).toContain('SameSite=Lax')
  })

  it('is not read from a malformed value, and no database is asked then', async () => {
    const state = await readUserSession(new Request('http://127.0.0.1/', { headers: { Cookie: '__vardval=not-a-token' } }), T0)
    expect(state).toEqual({ session: { id: null }, userId: null, idle: false, stale: true })
    expect(await readUserSession(new Request('http://127.0.0.1/'), T0)).toMatchObject({ userId: null, stale: false })
  })
})

import { createCookieSessionStorage, redirect, type Session, type SessionStorage } from 'react-router'
import { env } from './env.server.ts'

/**
 * The login session: a signed cookie holding only the user's id and when they were last seen.
 * Roles and names are read from the database on every request, so a revoked role takes effect at
 * once; and the OpenID Connect login can replace the demo login by calling startUserSession too.
 */
export interface SessionData {
  userId: number
  /** Milliseconds since the epoch of the last request that kept the session alive. */
  lastSeen: number
}

export type UserSession = Session<SessionData>

export const SESSION_COOKIE = '__vardval'
/** A session unused for longer than this is logged out. */
export const SESSION_IDLE_MS = 30 * 60 * 1000
/** lastSeen is rewritten at most this often, so that not every response carries a Set-Cookie. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000

let storage: SessionStorage<SessionData> | undefined

/** Made on first use, so that importing this module does not read the environment. */
function sessionStorage(): SessionStorage<SessionData> {
  if (!storage) {
    const { NODE_ENV, SESSION_SECRET } = env()
    storage = createCookieSessionStorage<SessionData>({
      cookie: {
        name: SESSION_COOKIE,
        httpOnly: true,
        sameSite: 'lax',
        secure: NODE_ENV === 'production',
        path: '/',
        secrets: [SESSION_SECRET],
        // No maxAge: the cookie ends with the browser; the server enforces the idle limit itself.
      },
    })
  }
  return storage
}

export function getSession(request: Request): Promise<UserSession> {
  return sessionStorage().getSession(request.headers.get('Cookie'))
}

export function commitSession(session: UserSession): Promise<string> {
  return sessionStorage().commitSession(session)
}

export function destroySession(session: UserSession): Promise<string> {
  return sessionStorage().destroySession(session)
}

export interface SessionState {
  session: UserSession
  /** The logged-in user's id; null when nobody is logged in or the session has gone idle. */
  userId: number | null
  /** A user was logged in, but the session was unused for longer than SESSION_IDLE_MS. */
  idle: boolean
}

/** Whether a session last seen at `lastSeen` has been idle too long at `now`. */
export function isIdle(lastSeen: unknown, now: number): boolean {
  return typeof lastSeen !== 'number' || !Number.isFinite(lastSeen) || now - lastSeen > SESSION_IDLE_MS
}

/** The session of the request and who, if anyone, it logs in. */
export async function readUserSession(request: Request, now = Date.now()): Promise<SessionState> {
  const session = await getSession(request)
  const userId = session.get('userId')
  if (typeof userId !== 'number') return { session, userId: null, idle: false }
  if (isIdle(session.get('lastSeen'), now)) return { session, userId: null, idle: true }
  return { session, userId, idle: false }
}

/**
 * The Set-Cookie that keeps an active session alive (a fresh lastSeen) or clears an idle one;
 * null when there is nothing to change. The root loader sends it with every page.
 */
export async function keepSessionAlive(request: Request, now = Date.now()): Promise<string | null> {
  const { session, userId, idle } = await readUserSession(request, now)
  if (idle) return destroySession(session)
  if (userId === null) return null
  if (now - session.get('lastSeen')! < SESSION_TOUCH_INTERVAL_MS) return null
  session.set('lastSeen', now)
  return commitSession(session)
}

/**
 * Logs the user in and redirects. Always a brand-new session: nothing from a session the
 * browser brought along survives the login (session fixation).
 */
export async function startUserSession(request: Request, userId: number, redirectTo: string, now = Date.now()): Promise<Response> {
  // A no-op for cookie storage; with a database-backed storage it deletes the old session's row.
  await destroySession(await getSession(request))
  const session = await sessionStorage().getSession()
  session.set('userId', userId)
  session.set('lastSeen', now)
  return redirect(redirectTo, { headers: { 'Set-Cookie': await commitSession(session) } })
}

/** Logs the user out and redirects, clearing the cookie. */
export async function endUserSession(request: Request, redirectTo = '/'): Promise<Response> {
  const session = await getSession(request)
  return redirect(redirectTo, { headers: { 'Set-Cookie': await destroySession(session) } })
}

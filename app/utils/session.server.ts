import { createHash, randomBytes } from 'node:crypto'
import { createCookie, redirect, type Cookie } from 'react-router'
import type { PrismaClient } from '../generated/prisma/client.ts'
import { prisma } from './db.server.ts'
import { env } from './env.server.ts'

/**
 * Login sessions in the database (user_session). The browser's cookie holds a random 32-byte
 * token; the table holds only its SHA-256, so a leaked table logs nobody in. Roles and names are
 * read from the database on every request, so a revoked role takes effect at once; ended
 * sessions stay in the table (ended_at, end_reason) for the audit trail.
 */

export const SESSION_COOKIE = '__vardval'
/** A session unused for longer than this is logged out. */
export const SESSION_IDLE_MS = 30 * 60 * 1000
/** last_seen_at is rewritten at most this often, so that not every request writes to the database. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000

export type SessionEndReason = 'logout' | 'idle' | 'replaced' | 'user-gone'
type Db = Pick<PrismaClient, 'userSession' | '$queryRaw'>

/** The session a request's cookie names; id is the token's hash, null when there is no cookie. */
export interface UserSession {
  id: string | null
}

export interface SessionState {
  session: UserSession
  /** The logged-in user's id; null when nobody is logged in, or the session has ended or gone idle. */
  userId: number | null
  /** The session ended because it was unused for longer than SESSION_IDLE_MS. */
  idle: boolean
  /** The cookie names no open session (ended, unknown or idle): it should be cleared. */
  stale: boolean
  /** When an open session was last seen (ms since the epoch); absent otherwise. */
  lastSeenAt?: number
}

let cookie: Cookie | undefined

/** Made on first use, so that importing this module does not read the environment. */
function sessionCookie(): Cookie {
  cookie ??= createCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: env().NODE_ENV === 'production',
    path: '/',
    // No maxAge: the cookie ends with the browser; the server enforces the idle limit itself.
  })
  return cookie
}

/** The hex SHA-256 of a session token: the only form in which a token is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Whether a session last seen at `lastSeen` has been idle too long at `now`. */
export function isIdle(lastSeen: number, now: number): boolean {
  return !Number.isFinite(lastSeen) || now - lastSeen > SESSION_IDLE_MS
}

async function tokenOf(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null
}

/** The Set-Cookie that removes the session cookie from the browser. */
export function clearSessionCookie(): Promise<string> {
  return sessionCookie().serialize('', { maxAge: 0, expires: new Date(0) })
}

/** Kept for the guards in permissions.server.ts: clears the cookie (the row has ended already, or never was). */
export function destroySession(_session?: UserSession): Promise<string> {
  return clearSessionCookie()
}

async function endRow(db: Db, id: string, reason: SessionEndReason, now: number): Promise<{ idToken: string | null } | null> {
  // The ID token is handed back once, for the logout at the provider, and not kept after the session.
  const [ended] = await db.$queryRaw<{ id_token: string | null }[]>`
    UPDATE user_session s SET ended_at = ${new Date(now)}, end_reason = ${reason}, id_token = NULL
    FROM (SELECT id, id_token FROM user_session WHERE id = ${id} AND ended_at IS NULL FOR UPDATE) old
    WHERE s.id = old.id
    RETURNING old.id_token`
  return ended ? { idToken: ended.id_token } : null
}

/**
 * The session of the request and who, if anyone, it logs in. A session found idle is ended
 * ('idle') here; every later read of it still reports idle, so the page that asked for it and
 * the layout around it agree on why the user is logged out.
 */
export function readUserSession(request: Request, now?: number, db?: Db): Promise<SessionState> {
  // Read once per request when asked plainly: the root loader and the page's loader share it.
  if (now !== undefined || db !== undefined) return readSession(request, now ?? Date.now(), db ?? prisma)
  let state = sessionStates.get(request)
  if (!state) {
    state = readSession(request, Date.now(), prisma)
    sessionStates.set(request, state)
  }
  return state
}

const sessionStates = new WeakMap<Request, Promise<SessionState>>()

async function readSession(request: Request, now: number, db: Db): Promise<SessionState> {
  const token = await tokenOf(request)
  if (!token) return { session: { id: null }, userId: null, idle: false, stale: request.headers.get('Cookie')?.includes(`${SESSION_COOKIE}=`) ?? false }
  const id = hashToken(token)
  const row = await db.userSession.findUnique({ where: { id }, select: { userId: true, lastSeenAt: true, endedAt: true, endReason: true } })
  if (!row) return { session: { id }, userId: null, idle: false, stale: true }
  if (row.endedAt) return { session: { id }, userId: null, idle: row.endReason === 'idle', stale: true }
  if (isIdle(row.lastSeenAt.getTime(), now)) {
    await endRow(db, id, 'idle', now)
    return { session: { id }, userId: null, idle: true, stale: true }
  }
  return { session: { id }, userId: row.userId, idle: false, stale: false, lastSeenAt: row.lastSeenAt.getTime() }
}

/**
 * Keeps an active session alive (last_seen_at, at most once a minute); the Set-Cookie that
 * clears a cookie naming no open session, or null. The root loader calls it on every page.
 */
export async function keepSessionAlive(request: Request, nowArg?: number, dbArg?: Db): Promise<string | null> {
  const { session, userId, stale, lastSeenAt } = await readUserSession(request, nowArg, dbArg)
  const now = nowArg ?? Date.now()
  const db = dbArg ?? prisma
  if (stale) return clearSessionCookie()
  if (userId === null || !session.id) return null
  // Written at most once a minute; the condition is repeated in SQL for concurrent requests.
  if (lastSeenAt !== undefined && now - lastSeenAt < SESSION_TOUCH_INTERVAL_MS) return null
  await db.userSession.updateMany({
    where: { id: session.id, endedAt: null, lastSeenAt: { lt: new Date(now - SESSION_TOUCH_INTERVAL_MS) } },
    data: { lastSeenAt: new Date(now) },
  })
  return null
}

export interface StartSession {
  /** The identity provider's ID token, kept for logging out there too. */
  idToken?: string
  now?: number
  db?: Db
}

/**
 * Logs the user in and redirects. Always a new token: the session the browser brought along, if
 * any, is ended ('replaced'), so nothing of it survives the login (session fixation).
 */
export async function startUserSession(request: Request, userId: number, redirectTo: string, options: StartSession = {}): Promise<Response> {
  const { now = Date.now(), db = prisma } = options
  const old = await tokenOf(request)
  if (old) await endRow(db, hashToken(old), 'replaced', now)
  const token = randomBytes(32).toString('base64url')
  await db.userSession.create({
    data: { id: hashToken(token), userId, createdAt: new Date(now), lastSeenAt: new Date(now), idToken: options.idToken ?? null },
  })
  return redirect(redirectTo, { headers: { 'Set-Cookie': await sessionCookie().serialize(token) } })
}

/**
 * Ends the request's session ('logout'): whether an open session ended, the ID token to end the
 * session at the identity provider too (null if it had none), and the Set-Cookie clearing the cookie.
 */
export async function endSession(request: Request, now = Date.now(), db: Db = prisma): Promise<{ ended: boolean; idToken: string | null; setCookie: string }> {
  const token = await tokenOf(request)
  const ended = token ? await endRow(db, hashToken(token), 'logout', now) : null
  return { ended: ended !== null, idToken: ended?.idToken ?? null, setCookie: await clearSessionCookie() }
}

/** Logs the user out here only and redirects, clearing the cookie. */
export async function endUserSession(request: Request, redirectTo = '/', db: Db = prisma): Promise<Response> {
  const { setCookie } = await endSession(request, Date.now(), db)
  return redirect(redirectTo, { headers: { 'Set-Cookie': setCookie } })
}

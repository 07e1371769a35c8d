/**
 * One-line guards for loaders and actions (as in the Epic Stack): each returns the user or throws
 * a redirect to the login page (nobody logged in) or a 403 (logged in, but not allowed).
 *
 *   const user = await requireCommissioner(request)
 */
import { data, redirect } from 'react-router'
import { canViewClinic, isClinicStaff, isCommissioner, type SessionUser } from '../modules/access/rules.ts'
import { findSessionUser } from '../modules/access/users.server.ts'
import { destroySession, readUserSession } from './session.server.ts'

/** The logged-in user with their roles, or null (nobody, an idle session, or a user that is gone). */
export async function getUser(request: Request): Promise<SessionUser | null> {
  const { userId } = await readUserSession(request)
  return userId === null ? null : findSessionUser(userId)
}

/**
 * `/logga-in?next=<path>`: the path only, never the query string, which may hold personal data.
 * `orsak=inaktiv` tells the login page the session ended because it was idle.
 */
export function loginPath(request: Request, options: { idle?: boolean } = {}): string {
  const params = new URLSearchParams({ next: new URL(request.url).pathname })
  if (options.idle) params.set('orsak', 'inaktiv')
  return `/logga-in?${params.toString()}`
}

/** The logged-in user; otherwise a redirect to the login page, which comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const { session, userId, idle } = await readUserSession(request)
  const user = userId === null ? null : await findSessionUser(userId)
  if (user) return user
  // A cookie that no longer logs anyone in (idle, or the user is gone) is cleared on the way.
  const stale = idle || userId !== null
  throw redirect(loginPath(request, { idle }), stale ? { headers: { 'Set-Cookie': await destroySession(session) } } : undefined)
}

/** A 403 for the error boundary. */
export function forbidden(): never {
  throw data(null, { status: 403 })
}

/** The region's side: a commissioner or an administrator; otherwise a 403. */
export async function requireCommissioner(request: Request): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!isCommissioner(user)) forbidden()
  return user
}

/** Someone who may see this clinic's pages: its own staff, or the region; otherwise a 403. */
export async function requireClinicAccess(request: Request, clinicId: number): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!canViewClinic(user, clinicId)) forbidden()
  return user
}

/** Staff of at least one clinic; otherwise a 403. */
export async function requireClinicStaff(request: Request): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!isClinicStaff(user)) forbidden()
  return user
}

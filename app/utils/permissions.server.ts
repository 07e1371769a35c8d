/**
 * One-line guards for loaders and actions (as in the Epic Stack): each returns the user or throws
 * a redirect to the login page (nobody logged in) or a 403 (logged in, but not allowed).
 *
 *   const user = await requireCommissioner(request)
 */
import { data, redirect } from 'react-router'
import { CHILD_ID, canApply, canManageAuthorisation, canViewClinic, hasRole, isClinicStaff, isCommissioner, type SessionUser } from '../modules/access/rules.ts'
import { findSessionUserRow, type SessionUserRow } from '../modules/access/users.server.ts'
import { destroySession, readUserSession, type SessionState } from './session.server.ts'

/**
 * Who a request is logged in as, read once per request: the root loader and the page's own
 * loader (or action) ask for the same request object, so they share one answer.
 */
const sessionUsers = new WeakMap<Request, Promise<{ state: SessionState; row: SessionUserRow | null }>>()

function sessionUser(request: Request): Promise<{ state: SessionState; row: SessionUserRow | null }> {
  let found = sessionUsers.get(request)
  if (!found) {
    found = readUserSession(request).then(async (state) => ({ state, row: state.userId === null ? null : await findSessionUserRow(state.userId) }))
    sessionUsers.set(request, found)
  }
  return found
}

/** The logged-in user with their roles, or null (nobody, an idle session, or a user that is gone). */
export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await sessionUser(request)).row?.user ?? null
}

/**
 * `/logga-in?next=<path>`: the path only, never the query string, which may hold personal data.
 * `orsak=inaktiv` tells the login page the session ended because it was idle.
 */
export function loginPath(request: Request, options: { idle?: boolean } = {}): string {
  const url = new URL(request.url)
  // The path only, and Mina sidor's `barn` (an internal id) which safeRedirectPath lets through.
  const barn = url.searchParams.get('barn')
  const params = new URLSearchParams({ next: barn && CHILD_ID.test(barn) ? `${url.pathname}?barn=${barn}` : url.pathname })
  if (options.idle) params.set('orsak', 'inaktiv')
  return `/logga-in?${params.toString()}`
}

/** The logged-in user; otherwise a redirect to the login page, which comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const { state, row } = await sessionUser(request)
  const { session, userId, idle } = state
  const user = row?.user ?? null
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

/** A citizen on their own pages (Mina sidor): the user with the citizen they are; otherwise a 403. */
export async function requireCitizen(request: Request): Promise<SessionUser & { citizenId: bigint }> {
  const user = await requireUser(request)
  if (!hasRole(user, 'citizen')) forbidden()
  const citizenId = (await sessionUser(request)).row?.citizenId
  if (!citizenId) forbidden()
  return { ...user, citizenId }
}

/** A provider's representative who may apply for authorisation (applicant, or clinic staff); otherwise a 403. */
export async function requireApplicant(request: Request): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!canApply(user)) forbidden()
  return user
}

/** The region's side of authorisation (kravbok, review, decisions, register); otherwise a 403. */
export async function requireAuthorisationManager(request: Request): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!canManageAuthorisation(user)) forbidden()
  return user
}

/**
 * Who may do what (behörighet): a pure permission matrix that the server's guards and the UI's
 * header both read. No I/O here; permissions.server.ts loads the user and throws the 403s.
 */

export const roles = ['citizen', 'applicant', 'clinic_staff', 'commissioner', 'admin'] as const
export type Role = (typeof roles)[number]

/** A role held by a user; clinic staff hold it for one clinic (clinicId), the others region-wide (null). */
export interface RoleGrant {
  role: Role
  clinicId: number | null
}

/** The logged-in user as every page sees it: no identity number, no subject, no e-mail. */
export interface SessionUser {
  id: number
  name: string
  roles: RoleGrant[]
}

export type Permission =
  /** The commissioner's pages under /region. */
  | 'region:view'
  /** Payments (ersättning) of every clinic, and the region's totals. */
  | 'region:payments:view'
  /** The payment models (ersättningsmodeller): capitation, care weights, goal-based payment. */
  | 'region:payment-models:manage'
  /** A clinic's own pages under /mottagning. */
  | 'clinic:view'
  /** A clinic's payments. */
  | 'clinic:payments:view'
  /** Apply for authorisation under LOV (a provider's representative), and follow one's own applications. */
  | 'authorisation:apply'
  /** A clinic's requests to the region: a time-bound list cap, changed details. */
  | 'clinic:change-requests'
  /** The requirement specification (kravbok), the review and decision of applications, the register. */
  | 'region:authorisation:manage'

/**
 * The matrix. A clinic_staff grant applies to its own clinic only; the region-wide roles
 * (commissioner, admin) apply to every clinic. The administrator holds every permission the
 * commissioner holds, so both land on /region.
 */
export const permissionMatrix: Record<Role, readonly Permission[]> = {
  citizen: [],
  applicant: ['authorisation:apply'],
  clinic_staff: ['clinic:view', 'clinic:payments:view', 'clinic:change-requests', 'authorisation:apply'],
  commissioner: ['region:view', 'region:payments:view', 'region:payment-models:manage', 'clinic:view', 'clinic:payments:view', 'region:authorisation:manage'],
  admin: ['region:view', 'region:payments:view', 'region:payment-models:manage', 'clinic:view', 'clinic:payments:view', 'region:authorisation:manage'],
}

const regionWideRoles: readonly Role[] = ['commissioner', 'admin']
/** The roles the staff login (by subject at the identity provider) admits; applicants log in the same way. */
export const staffRoles: readonly Role[] = ['applicant', 'clinic_staff', 'commissioner', 'admin']

function grantApplies(grant: RoleGrant, clinicId: number | undefined): boolean {
  if (regionWideRoles.includes(grant.role)) return true
  // A clinic-scoped grant never applies region-wide, even if its clinicId is missing.
  return clinicId !== undefined && grant.clinicId !== null && grant.clinicId === clinicId
}

/**
 * Whether the user holds the permission: region-wide, or for the given clinic. A clinic
 * permission asked without a clinic id is granted only by a region-wide role.
 */
export function can(user: SessionUser | null, permission: Permission, clinicId?: number): boolean {
  if (!user) return false
  return user.roles.some((grant) => permissionMatrix[grant.role].includes(permission) && grantApplies(grant, clinicId))
}

export function hasRole(user: SessionUser | null, role: Role): boolean {
  return !!user && user.roles.some((grant) => grant.role === role)
}

/** The region's side (beställare): a commissioner, or an administrator, who holds the same permissions. */
export function isCommissioner(user: SessionUser | null): boolean {
  return can(user, 'region:view')
}

/** Staff of the region or of a clinic: the users the staff login admits. */
export function isStaff(user: SessionUser | null): boolean {
  return !!user && user.roles.some((grant) => staffRoles.includes(grant.role))
}

/** The clinics the user works for as clinic staff, in the order of their grants, without repeats. */
export function staffClinicIds(user: SessionUser | null): number[] {
  if (!user) return []
  const ids = user.roles.flatMap((grant) => (grant.role === 'clinic_staff' && grant.clinicId !== null ? [grant.clinicId] : []))
  return [...new Set(ids)]
}

export function isClinicStaff(user: SessionUser | null): boolean {
  return staffClinicIds(user).length > 0
}

export function canViewClinic(user: SessionUser | null, clinicId: number): boolean {
  return can(user, 'clinic:view', clinicId)
}

export function canViewClinicPayments(user: SessionUser | null, clinicId: number): boolean {
  return can(user, 'clinic:payments:view', clinicId)
}

export function canViewRegionPayments(user: SessionUser | null): boolean {
  return can(user, 'region:payments:view')
}

/**
 * Applying for authorisation (a new clinic): applicants, and clinic staff for their provider. Not
 * about one clinic, so any grant carrying the permission counts, whatever its clinic.
 */
export function canApply(user: SessionUser | null): boolean {
  return !!user && user.roles.some((grant) => permissionMatrix[grant.role].includes('authorisation:apply'))
}

/** The requirement spec, the review of applications and the register: the region's side. */
export function canManageAuthorisation(user: SessionUser | null): boolean {
  return can(user, 'region:authorisation:manage')
}

/** A clinic's requests to the region (list cap, details) for this clinic: its staff only. */
export function canRequestClinicChanges(user: SessionUser | null, clinicId: number): boolean {
  return !!user && user.roles.some((g) => g.role === 'clinic_staff' && g.clinicId === clinicId)
}

export function canManagePaymentModels(user: SessionUser | null): boolean {
  return can(user, 'region:payment-models:manage')
}

/** Where a user lands after logging in: the region's pages, the clinic's pages, the citizen's own pages (Mina sidor), or the start page. */
export function homePath(user: SessionUser | null): string {
  if (isCommissioner(user)) return '/region'
  if (isClinicStaff(user)) return '/mottagning'
  if (hasRole(user, 'applicant')) return '/ansokan'
  if (hasRole(user, 'citizen')) return '/mina-sidor'
  return '/'
}

/** Pages that make no sense to return to after logging in: the login pages themselves and logging out. */
const notReturnable = (path: string) => /^\/logga-(in|ut)(\/|$)/.test(path)

/**
 * A `next` address that is safe to redirect to: a path on this site ("/…", not "//…" or "/\\…",
 * which browsers read as another host), without its query string, which could hold personal data.
 * Anything else gives null.
 */
/** A child's internal citizen id in Mina sidor's `?barn=`: at most 11 digits, so never a 12-digit identity number. */
export const CHILD_ID = /^[1-9]\d{0,10}$/

export function safeRedirectPath(next: unknown): string | null {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return null
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null
  // Control characters and whitespace: browsers strip some of them, which can turn "/\t/x" into "//x".
  if (/[\u0000-\u0020\u007f\\]/.test(next)) return null
  const base = 'http://same.invalid'
  let url: URL
  try {
    url = new URL(next, base)
  } catch {
    return null
  }
  if (url.origin !== base) return null
  if (notReturnable(url.pathname)) return null
  // The query string is dropped (it may hold personal data), except `barn`: a child's internal
  // citizen id on Mina sidor (never an identity number), so a guardian comes back to the same child.
  const barn = url.searchParams.get('barn')
  return barn !== null && CHILD_ID.test(barn) ? `${url.pathname}?barn=${barn}` : url.pathname
}

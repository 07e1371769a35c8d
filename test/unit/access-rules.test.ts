import { describe, expect, it } from 'vitest'
import {
  can,
  canManagePaymentModels,
  canViewClinic,
  canViewClinicPayments,
  canViewRegionPayments,
  homePath,
  isClinicStaff,
  isCommissioner,
  isStaff,
  permissionMatrix,
  safeRedirectPath,
  staffClinicIds,
  type Role,
  type SessionUser,
} from '../../app/modules/access/rules.ts'

const user = (...roles: [Role, number | null][]): SessionUser => ({
  id: 1,
  name: 'Test Testsson',
  roles: roles.map(([role, clinicId]) => ({ role, clinicId })),
})

const citizen = user(['citizen', null])
const staffOf7 = user(['clinic_staff', 7])
const staffOf7And9 = user(['clinic_staff', 7], ['clinic_staff', 9], ['clinic_staff', 7])
const commissioner = user(['commissioner', null])
const admin = user(['admin', null])

describe('the permission matrix', () => {
  it('gives each role exactly these permissions', () => {
    expect(permissionMatrix).toEqual({
      citizen: [],
      applicant: ['authorisation:apply'],
      clinic_staff: ['clinic:view', 'clinic:payments:view', 'clinic:change-requests', 'authorisation:apply'],
      commissioner: ['region:view', 'region:payments:view', 'region:payment-models:manage', 'clinic:view', 'clinic:payments:view', 'region:authorisation:manage'],
      admin: ['region:view', 'region:payments:view', 'region:payment-models:manage', 'clinic:view', 'clinic:payments:view', 'region:authorisation:manage'],
    })
  })

  it('lets clinic staff see their own clinic’s payments and no other clinic’s', () => {
    expect(canViewClinicPayments(staffOf7, 7)).toBe(true)
    expect(canViewClinicPayments(staffOf7, 8)).toBe(false)
    expect(canViewClinic(staffOf7And9, 9)).toBe(true)
    expect(canViewClinic(staffOf7And9, 8)).toBe(false)
  })

  it('lets the commissioner and the administrator see every clinic’s payments', () => {
    for (const u of [commissioner, admin]) {
      expect(canViewClinicPayments(u, 7)).toBe(true)
      expect(canViewClinicPayments(u, 12345)).toBe(true)
      expect(canViewRegionPayments(u)).toBe(true)
      expect(canManagePaymentModels(u)).toBe(true)
    }
  })

  it('gives clinic staff nothing of the region’s', () => {
    expect(isCommissioner(staffOf7)).toBe(false)
    expect(canViewRegionPayments(staffOf7)).toBe(false)
    expect(canManagePaymentModels(staffOf7)).toBe(false)
    // A clinic permission asked without a clinic is region-wide: staff do not have it.
    expect(can(staffOf7, 'clinic:payments:view')).toBe(false)
  })

  it('never treats a clinic staff grant without a clinic as region-wide', () => {
    const broken = user(['clinic_staff', null])
    expect(canViewClinicPayments(broken, 7)).toBe(false)
    expect(can(broken, 'clinic:view')).toBe(false)
    expect(isClinicStaff(broken)).toBe(false)
  })

  it('gives citizens and nobody no staff permission at all', () => {
    for (const u of [citizen, null]) {
      expect(isStaff(u)).toBe(false)
      expect(isCommissioner(u)).toBe(false)
      expect(canViewClinicPayments(u, 7)).toBe(false)
      expect(canViewRegionPayments(u)).toBe(false)
    }
  })

  it('counts clinic staff, the commissioner and the administrator as staff', () => {
    expect([staffOf7, commissioner, admin].map(isStaff)).toEqual([true, true, true])
    expect(isStaff(user(['citizen', null], ['clinic_staff', 3]))).toBe(true)
  })

  it('lists the clinics a user works for once each', () => {
    expect(staffClinicIds(staffOf7And9)).toEqual([7, 9])
    expect(staffClinicIds(commissioner)).toEqual([])
    expect(staffClinicIds(null)).toEqual([])
  })
})

describe('home after logging in', () => {
  it('is /region for the region, /mottagning for clinic staff, the start page otherwise', () => {
    expect(homePath(commissioner)).toBe('/region')
    expect(homePath(admin)).toBe('/region')
    expect(homePath(staffOf7)).toBe('/mottagning')
    expect(homePath(user(['clinic_staff', 7], ['commissioner', null]))).toBe('/region')
    expect(homePath(citizen)).toBe('/mina-sidor')
    expect(homePath(null)).toBe('/')
  })
})

describe('safeRedirectPath', () => {
  it('keeps a path on this site', () => {
    expect(safeRedirectPath('/region')).toBe('/region')
    expect(safeRedirectPath('/region/ersattning')).toBe('/region/ersattning')
    expect(safeRedirectPath('/v%C3%A5rdcentraler')).toBe('/v%C3%A5rdcentraler')
  })

  it('drops the query string and the fragment, which could hold personal data', () => {
    expect(safeRedirectPath('/mottagning?pnr=191212121212#x')).toBe('/mottagning')
  })

  it('keeps only Mina sidor’s `barn`, a child’s internal id, and only when it is one', () => {
    expect(safeRedirectPath('/mina-sidor/valj/SE1?barn=42&pnr=191212121212')).toBe('/mina-sidor/valj/SE1?barn=42')
    expect(safeRedirectPath('/mina-sidor/valj/SE1?barn=42x')).toBe('/mina-sidor/valj/SE1')
    expect(safeRedirectPath('/mina-sidor/historik?barn=0')).toBe('/mina-sidor/historik')
    // Twelve digits could be an identity number: never carried along.
    expect(safeRedirectPath('/mina-sidor/historik?barn=191212121212')).toBe('/mina-sidor/historik')
  })

  it('refuses other sites and anything that is not a path', () => {
    for (const bad of [
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example/',
      '/\t/evil.example',
      ' /region',
      'region',
      'javascript:alert(1)',
      '',
      null,
      undefined,
      42,
      `/${'a'.repeat(2000)}`,
    ]) {
      expect(safeRedirectPath(bad), String(bad)).toBeNull()
    }
  })

  it('does not return to the login or logout pages', () => {
    expect(safeRedirectPath('/logga-in')).toBeNull()
    expect(safeRedirectPath('/logga-ut')).toBeNull()
    expect(safeRedirectPath('/logga-in/retur')).toBeNull()
    expect(safeRedirectPath('/logga-in/start')).toBeNull()
    expect(safeRedirectPath('/logga-inne')).toBe('/logga-inne')
  })
})

describe('applying for authorisation', () => {
  it('is open to applicants and to clinic staff, whatever their clinic, and to nobody else', async () => {
    const { canApply, canManageAuthorisation, canRequestClinicChanges } = await import('../../app/modules/access/rules.ts')
    expect(canApply(user(['applicant', null]))).toBe(true)
    expect(canApply(staffOf7)).toBe(true)
    expect(canApply(user(['citizen', null]))).toBe(false)
    expect(canApply(null)).toBe(false)
    expect(canManageAuthorisation(commissioner)).toBe(true)
    expect(canManageAuthorisation(admin)).toBe(true)
    expect(canManageAuthorisation(user(['applicant', null]))).toBe(false)
    expect(canManageAuthorisation(staffOf7)).toBe(false)
    expect(canRequestClinicChanges(staffOf7, 7)).toBe(true)
    expect(canRequestClinicChanges(staffOf7, 9)).toBe(false)
    expect(canRequestClinicChanges(commissioner, 7)).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import {
  MOVED_WINDOW_MONTHS,
  addMonths,
  choiceFollowsMove,
  isMinorOn,
  distanceKm,
  effectiveDate,
  listIsOpen,
  maySwitch,
  nearestOpenClinics,
  switchFreedOn,
  switchesInWindow,
  windowStart,
  type ListingPeriod,
} from '../../app/modules/listing/rules.ts'

const period = (clinicId: number, validFrom: string, validTo: string | null, reason: ListingPeriod['reason'] = 'choice'): ListingPeriod => ({
  clinicId,
  validFrom,
  validTo,
  reason,
})

describe('effectiveDate', () => {
  it('is the day after the choice by default, across month, year and leap day', () => {
    expect(effectiveDate('2026-03-10', 1)).toBe('2026-03-11')
    expect(effectiveDate('2026-01-31', 1)).toBe('2026-02-01')
    expect(effectiveDate('2026-12-31', 1)).toBe('2027-01-01')
    expect(effectiveDate('2028-02-28', 1)).toBe('2028-02-29')
    expect(effectiveDate('2027-02-28', 1)).toBe('2027-03-01')
  })

  it('follows the configured offset, 0 meaning the same day', () => {
    expect(effectiveDate('2026-03-10', 0)).toBe('2026-03-10')
    expect(effectiveDate('2026-03-10', 14)).toBe('2026-03-24')
    expect(() => effectiveDate('2026-03-10', -1)).toThrow(RangeError)
    expect(() => effectiveDate('2026-3-10', 1)).toThrow(RangeError)
  })
})

describe('the rolling 12 months', () => {
  it('starts exactly 12 months before (exclusive), a missing day becoming the month end', () => {
    expect(windowStart('2026-03-01')).toBe('2025-03-01')
    expect(windowStart('2028-02-29')).toBe('2027-02-28')
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2028-03-31', -1)).toBe('2028-02-29')
  })

  const history = [
    period(1, '2024-01-01', '2025-03-01', 'import'),
    period(2, '2025-03-01', '2025-06-01'), // switch 1
    period(3, '2025-06-01', null), // switch 2
  ]

  it('counts a switch dated exactly 12 months before no more', () => {
    expect(switchesInWindow(history, '2026-02-28')).toEqual(['2025-03-01', '2025-06-01'])
    expect(switchesInWindow(history, '2026-03-01')).toEqual(['2025-06-01'])
    expect(switchesInWindow(history, '2026-06-01')).toEqual([])
  })

  it('does not count a switch after the date', () => {
    expect(switchesInWindow(history, '2025-05-31')).toEqual(['2025-03-01'])
  })

  it('frees a switch on its anniversary, a leap-day switch on 1 March', () => {
    expect(switchFreedOn('2025-03-01')).toBe('2026-03-01')
    expect(switchFreedOn('2024-02-29')).toBe('2025-03-01')
    expect(switchFreedOn('2025-01-31')).toBe('2026-01-31')
  })

  it('handles a switch on a leap day', () => {
    const leap = [period(1, '2023-01-01', '2024-02-29', 'import'), period(2, '2024-02-29', null)]
    expect(switchesInWindow(leap, '2025-02-28')).toEqual(['2024-02-29'])
    expect(switchesInWindow(leap, '2025-03-01')).toEqual([])
  })

  it('counts only the citizen choosing another clinic: not a first listing, moving home, assignment or import', () => {
    const mixed = [
      period(1, '2025-01-01', '2025-02-01'), // first listing: nothing switched from
      period(2, '2025-02-01', '2025-03-01', 'moved'),
      period(3, '2025-03-01', '2025-04-01', 'assigned'),
      period(4, '2025-04-01', '2025-05-01', 'import'),
      period(4, '2025-05-01', '2025-06-01'), // a choice of the same clinic
      period(5, '2025-06-01', null), // the one switch
    ]
    // given out of order: the history is sorted by date first
    expect(switchesInWindow([...mixed].reverse(), '2025-12-31')).toEqual(['2025-06-01'])
  })
})

describe('maySwitch', () => {
  const twoSwitches = [period(1, '2025-01-01', '2025-04-01', 'import'), period(2, '2025-04-01', '2025-08-01'), period(3, '2025-08-01', null)]
  const base = { history: twoSwitches, reason: 'choice' as const, changesClinic: true, limit: 2, exceptionAvailable: false }

  it('refuses a third switch within 12 months', () => {
    expect(maySwitch({ ...base, onDate: '2026-01-10' })).toEqual({ allowed: false, switches: 2, limit: 2, allowedAgainOn: '2026-04-01' })
    expect(maySwitch({ ...base, onDate: '2026-01-10', limit: 1 })).toEqual({ allowed: false, switches: 2, limit: 1, allowedAgainOn: '2026-08-01' })
  })

  it('allows it once the first switch is 12 months old', () => {
    expect(maySwitch({ ...base, onDate: '2026-04-01' })).toEqual({ allowed: true, usesException: false, switches: 1, limit: 2 })
  })

  it('allows one more with an exception, and says it uses it', () => {
    expect(maySwitch({ ...base, onDate: '2026-01-10', exceptionAvailable: true })).toEqual({ allowed: true, usesException: true, switches: 2, limit: 2 })
  })

  it('does not use an exception while under the limit', () => {
    expect(maySwitch({ ...base, onDate: '2026-01-10', limit: 3, exceptionAvailable: true })).toEqual({ allowed: true, usesException: false, switches: 2, limit: 3 })
  })

  it('never limits moving home or a first listing', () => {
    expect(maySwitch({ ...base, onDate: '2026-01-10', reason: 'moved' })).toEqual({ allowed: true, usesException: false, switches: 2, limit: 2 })
    expect(maySwitch({ ...base, onDate: '2026-01-10', changesClinic: false })).toEqual({ allowed: true, usesException: false, switches: 2, limit: 2 })
  })
})

describe('listIsOpen', () => {
  it('is open without a cap and below it, closed at and above it', () => {
    expect(listIsOpen(null, 1_000_000)).toBe(true)
    expect(listIsOpen(3, 2)).toBe(true)
    expect(listIsOpen(3, 3)).toBe(false)
    expect(listIsOpen(3, 4)).toBe(false)
  })
})

describe('nearest open clinics', () => {
  it('measures the great-circle distance', () => {
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(111.194927, 6)
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(111.194927, 6)
    // Eskilstuna to Nyköping: 68.73 km north–south, 28.47 km east–west
    expect(distanceKm({ lat: 59.3711, lon: 16.5098 }, { lat: 58.753, lon: 17.0079 })).toBeCloseTo(74.39, 2)
    expect(distanceKm({ lat: 59.3711, lon: 16.5098 }, { lat: 59.3711, lon: 16.5098 })).toBe(0)
  })

  const centre = { lat: 59, lon: 16 }
  const clinics = [
    { id: 1, name: 'Östra VC', lat: 59, lon: 16.1, open: true },
    { id: 2, name: 'Zeta VC', lat: 59, lon: 16.1, open: true },
    { id: 3, name: 'Ängby VC', lat: 59, lon: 16.1, open: true },
    { id: 4, name: 'Närmast VC', lat: 59, lon: 16.01, open: false },
    { id: 5, name: 'Ingen plats VC', lat: null, lon: null, open: true },
    { id: 6, name: 'Långt bort VC', lat: 60, lon: 16, open: true },
    { id: 7, name: 'Åby VC', lat: 59, lon: 16.05, open: true },
  ]

  it('gives the n nearest open ones, equal distances in Swedish name order (z < å < ä < ö)', () => {
    const got = nearestOpenClinics(centre, clinics, 4)
    expect(got.map((c) => c.id)).toEqual([7, 2, 3, 1])
    expect(got[0]!.distanceKm).toBeCloseTo(111.194927 * 0.05 * Math.cos((59 * Math.PI) / 180), 2)
  })

  it('leaves out closed lists and clinics without a position', () => {
    expect(nearestOpenClinics(centre, clinics, 10).map((c) => c.id)).toEqual([7, 2, 3, 1, 6])
    expect(nearestOpenClinics(centre, [], 3)).toEqual([])
  })
})

describe('choiceFollowsMove', () => {
  const history = [period(1, '2020-01-01', '2026-02-01', 'import'), period(2, '2026-02-01', null, 'assigned')]
  it('is a move within three months of the register’s move date, inclusive, and not before the move', () => {
    expect(MOVED_WINDOW_MONTHS).toBe(3)
    expect(choiceFollowsMove({ movedOn: '2026-03-01', choiceDate: '2026-03-01', history })).toBe(true)
    expect(choiceFollowsMove({ movedOn: '2026-03-01', choiceDate: '2026-06-01', history })).toBe(true)
    expect(choiceFollowsMove({ movedOn: '2026-03-01', choiceDate: '2026-06-02', history })).toBe(false)
    expect(choiceFollowsMove({ movedOn: '2026-03-01', choiceDate: '2026-02-28', history })).toBe(false)
    expect(choiceFollowsMove({ movedOn: null, choiceDate: '2026-03-01', history })).toBe(false)
    // 30 November + 3 months is the last day of February
    expect(choiceFollowsMove({ movedOn: '2026-11-30', choiceDate: '2027-02-28', history })).toBe(true)
    expect(choiceFollowsMove({ movedOn: '2026-11-30', choiceDate: '2027-03-01', history })).toBe(false)
  })

  it('is used up by a choice of one’s own taking effect after the move; assignments and imports do not use it', () => {
    expect(choiceFollowsMove({ movedOn: '2026-03-01', choiceDate: '2026-04-01', history: [...history, period(3, '2026-03-02', null, 'choice')] })).toBe(false)
    expect(choiceFollowsMove({ movedOn: '2026-03-01', choiceDate: '2026-04-01', history: [...history, period(3, '2026-03-02', null, 'moved')] })).toBe(false)
    expect(choiceFollowsMove({ movedOn: '2026-03-01', choiceDate: '2026-04-01', history: [...history, period(3, '2026-03-01', null, 'choice')] })).toBe(true)
    expect(choiceFollowsMove({ movedOn: '2026-03-01', choiceDate: '2026-04-01', history: [...history, period(3, '2026-03-05', null, 'assigned')] })).toBe(true)
  })
})

describe('isMinorOn', () => {
  it('is true until the day before the 18th birthday; a 29 February child comes of age on 28 February', () => {
    expect(isMinorOn('2008-06-15', '2026-06-14')).toBe(true)
    expect(isMinorOn('2008-06-15', '2026-06-15')).toBe(false)
    expect(isMinorOn('2008-02-29', '2026-02-27')).toBe(true)
    expect(isMinorOn('2008-02-29', '2026-02-28')).toBe(false)
    expect(isMinorOn('2026-01-01', '2026-01-01')).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { makePersonalId } from '../../app/modules/identity/personal-id.ts'
import { IMPORT_SPECS, ProblemList, checkRow, formatProblem, mapHeader, type ImportKind } from '../../app/modules/imports/rules.ts'

const ANNA = makePersonalId('1990-05-10', 124) // F
const BO = makePersonalId('2015-02-28', 131) // M

/** Checks one row given as column → value, returning the problems as `line N: column: problem`. */
function problems(kind: ImportKind, row: Record<string, string>, line = 2): string[] {
  const spec = IMPORT_SPECS[kind]
  const header = Object.keys(row)
  const mapped = mapHeader(spec, header)
  if (!mapped.ok) return mapped.problems.map(formatProblem)
  const r = checkRow(spec, mapped.header, Object.values(row), line)
  return r.ok ? [] : r.problems.map(formatProblem)
}

const citizen = { personal_id: ANNA, sex: 'F', birth_date: '1990-05-10', area_code: '0484A001', interpreter_need: 'false', end_date: '' }

describe('import header', () => {
  it('accepts the columns in any order and ignores extra columns', () => {
    const r = mapHeader(IMPORT_SPECS.citizens, ['extra', 'area_code', 'sex', 'personal_id', 'interpreter_need', 'birth_date'])
    expect(r.ok && r.header.indexes[r.header.names.indexOf('personal_id')]).toBe(3)
  })
  it('names every missing column on line 1', () => {
    const r = mapHeader(IMPORT_SPECS.listings, ['personal_id', 'valid_from'])
    expect(r.ok).toBe(false)
    expect(!r.ok && r.problems.map((p) => `${p.line}:${p.column}`)).toEqual(['1:hsa_id', '1:valid_to', '1:kind'])
  })
  it('rejects a repeated column', () => {
    const r = mapHeader(IMPORT_SPECS.areas, ['area_code', 'name', 'name', 'municipality_code'])
    expect(!r.ok && r.problems.map(formatProblem)).toEqual(['line 1: name: appears more than once in the header'])
  })
})

describe('citizens rows', () => {
  it('accepts a valid row and a hyphenated identity number, stored as 12 digits', () => {
    expect(problems('citizens', citizen)).toEqual([])
    const spec = IMPORT_SPECS.citizens
    const mapped = mapHeader(spec, Object.keys(citizen))
    const r = mapped.ok && checkRow(spec, mapped.header, Object.values({ ...citizen, personal_id: `${ANNA.slice(0, 8)}-${ANNA.slice(8)}` }), 2)
    expect(r && r.ok && r.cells[0]).toBe(ANNA)
  })
  it('reports a wrong check digit', () => {
    const bad = ANNA.slice(0, 11) + String((Number(ANNA[11]) + 1) % 10)
    expect(problems('citizens', { ...citizen, personal_id: bad }, 7)).toEqual(['line 7: personal_id: wrong check digit (Luhn)'])
  })
  it('reports a birth date and a sex that disagree with the identity number', () => {
    expect(problems('citizens', { ...citizen, birth_date: '1990-05-11', sex: 'M' })).toEqual([
      'line 2: birth_date: does not agree with the date of birth in the personal identity number',
      'line 2: sex: does not agree with the personal identity number (which gives F)',
    ])
  })
  it('reports every bad column of a row', () => {
    expect(problems('citizens', { ...citizen, sex: 'K', birth_date: '1990-13-01', interpreter_need: 'ja', end_date: '10/5/2026' })).toEqual([
      'line 2: sex: must be F or M',
      'line 2: birth_date: is not a calendar date',
      'line 2: interpreter_need: must be true or false',
      'line 2: end_date: must be a date YYYY-MM-DD',
    ])
  })
  it('rejects an end date before birth', () => {
    expect(problems('citizens', { ...citizen, end_date: '1980-01-01' })).toEqual(['line 2: end_date: must be after birth_date'])
  })
  it('accepts a samordningsnummer with the real birth date', () => {
    const samordning = makePersonalId('1985-07-01', 246, true)
    expect(problems('citizens', { ...citizen, personal_id: samordning, birth_date: '1985-07-01' })).toEqual([])
  })
})

describe('areas and clinics rows', () => {
  it('areas: municipality code of 4 digits, CNI a decimal with at most 4 decimals', () => {
    const area = { area_code: '0484A001', municipality_code: '0484', name: 'Fröslunda', cni: '2.4512' }
    expect(problems('areas', area)).toEqual([])
    expect(problems('areas', { ...area, municipality_code: '484', cni: '2,45' })).toEqual([
      "line 2: municipality_code: must be 4 digits",
      "line 2: cni: must be a decimal with '.', at most 4 digits before and 4 after the point",
    ])
    expect(problems('areas', { ...area, name: '' })).toEqual(['line 2: name: is required (the area name)'])
  })
  it('clinics: HSA-id, ownership and geography points 0-22', () => {
    const clinic = { hsa_id: 'SE2321000131-E000000000101', name: 'Vårdcentralen Fröslunda', area_code: '0484A001', ownership: 'public', geography_points: '12' }
    expect(problems('clinics', clinic)).toEqual([])
    expect(problems('clinics', { ...clinic, hsa_id: 'E101', ownership: 'regional', geography_points: '23' })).toEqual([
      'line 2: hsa_id: must be an HSA-id such as SE2321000131-E000000000101',
      'line 2: ownership: must be public or private',
      'line 2: geography_points: must be a whole number 0-22',
    ])
    expect(problems('clinics', { ...clinic, geography_points: '-1' })).toEqual(['line 2: geography_points: must be a whole number 0-22'])
  })
})

describe('listings, care weights and guardians rows', () => {
  const listing = { personal_id: ANNA, hsa_id: 'SE2321000131-E000000000101', valid_from: '2027-03-11', valid_to: '', kind: 'chosen' }
  it('listings: valid_to after valid_from, kind chosen or assigned', () => {
    expect(problems('listings', listing)).toEqual([])
    expect(problems('listings', { ...listing, valid_to: '2027-03-11' })).toEqual(['line 2: valid_to: must be after valid_from'])
    expect(problems('listings', { ...listing, kind: 'auto' })).toEqual(['line 2: kind: must be chosen or assigned'])
  })
  it('care weights: a month and a weight greater than 0', () => {
    const w = { personal_id: ANNA, valid_from: '2027-01', weight: '1.2000' }
    expect(problems('care-weights', w)).toEqual([])
    expect(problems('care-weights', { ...w, weight: '0.0000' })).toEqual(['line 2: weight: must be greater than 0'])
    expect(problems('care-weights', { ...w, weight: '-1' })[0]).toMatch(/^line 2: weight: must be a decimal/)
    expect(problems('care-weights', { ...w, valid_from: '2027-13' })).toEqual(['line 2: valid_from: must be a month YYYY-MM'])
    expect(problems('care-weights', { ...w, valid_from: '2027-01-01' })).toEqual(['line 2: valid_from: must be a month YYYY-MM'])
  })
  it('guardians: nobody is their own guardian', () => {
    expect(problems('guardians', { child_personal_id: BO, guardian_personal_id: ANNA })).toEqual([])
    expect(problems('guardians', { child_personal_id: BO, guardian_personal_id: BO })).toEqual([
      'line 2: guardian_personal_id: a person cannot be their own guardian',
    ])
  })
})

describe('quality rows', () => {
  const result = { hsa_id: 'SE2321000131-E000000000101', indicator: 'HBA1C_UNDER_70', period: '2026-H2', numerator: '412', denominator: '530', published: '2027-02-15' }
  const cells = (row: Record<string, string>) => {
    const spec = IMPORT_SPECS.quality
    const mapped = mapHeader(spec, Object.keys(row))
    const r = mapped.ok && checkRow(spec, mapped.header, Object.values(row), 2)
    return r && r.ok ? r.cells : null
  }

  it('accepts a valid row and stages the counts as numbers', () => {
    expect(problems('quality', result)).toEqual([])
    expect(cells(result)).toEqual(['SE2321000131-E000000000101', 'HBA1C_UNDER_70', '2026-H2', 412, 530, '2027-02-15'])
  })
  it('needs every column in the header', () => {
    const { published: _, ...noPublished } = result
    expect(problems('quality', noPublished)).toEqual([
      'line 1: published: missing from the header (quality files need hsa_id, indicator, period, numerator, denominator, published)',
    ])
  })
  it('period: a year, half-year, quarter or month', () => {
    for (const period of ['2026', '2026-H1', '2026-H2', '2026-Q1', '2026-Q4', '2026-01', '2026-12']) {
      expect(problems('quality', { ...result, period })).toEqual([])
    }
    for (const period of ['26', '2026-H3', '2026-Q0', '2026-Q5', '2026-13', '2026-00', '2026-h2', '2026-2', '2026-06-30', '2026H2']) {
      expect(problems('quality', { ...result, period })).toEqual(['line 2: period: must be a period YYYY, YYYY-H1, YYYY-H2, YYYY-Q1 to YYYY-Q4 or YYYY-MM'])
    }
    expect(problems('quality', { ...result, period: '' })).toEqual(['line 2: period: is required (a period such as 2026 or 2026-H2)'])
  })
  it('indicator: capital letters, digits and _, at most 40', () => {
    expect(problems('quality', { ...result, indicator: 'A'.repeat(40) })).toEqual([])
    const message = 'line 2: indicator: must be an indicator code of at most 40 characters: use capital letters, digits and _'
    expect(problems('quality', { ...result, indicator: 'A'.repeat(41) })).toEqual([message])
    expect(problems('quality', { ...result, indicator: 'hba1c' })).toEqual([message])
    expect(problems('quality', { ...result, indicator: 'HBA1C-70' })).toEqual([message])
    expect(problems('quality', { ...result, indicator: '' })).toEqual(['line 2: indicator: is required (an indicator code)'])
  })
  it('numerator and denominator: whole numbers 0 or more, numerator not above denominator', () => {
    expect(problems('quality', { ...result, numerator: '0', denominator: '0' })).toEqual([])
    expect(problems('quality', { ...result, numerator: '530', denominator: '530' })).toEqual([])
    expect(problems('quality', { ...result, numerator: '531', denominator: '530' })).toEqual([
      'line 2: numerator: must not be greater than denominator (531 > 530)',
    ])
    expect(problems('quality', { ...result, numerator: '-1', denominator: '4.5' })).toEqual([
      'line 2: numerator: must be a whole number 0 or more',
      'line 2: denominator: must be a whole number 0 or more',
    ])
    expect(problems('quality', { ...result, denominator: '' })).toEqual(['line 2: denominator: is required (a whole number 0 or more)'])
    expect(problems('quality', { ...result, numerator: '1', denominator: '2147483648' })).toEqual(['line 2: denominator: is too large (at most 2147483647)'])
  })
  it('hsa_id as the clinics import checks it, published a calendar date', () => {
    expect(problems('quality', { ...result, hsa_id: 'E101', published: '2027-02-30' }, 9)).toEqual([
      'line 9: hsa_id: must be an HSA-id such as SE2321000131-E000000000101',
      'line 9: published: is not a calendar date',
    ])
    expect(problems('quality', { ...result, published: '2027-02' })).toEqual(['line 2: published: must be a date YYYY-MM-DD'])
  })
  it('still compares the counts when another column is bad', () => {
    expect(problems('quality', { ...result, indicator: 'x', numerator: '9', denominator: '8' })).toEqual([
      'line 2: indicator: must be an indicator code of at most 40 characters: use capital letters, digits and _',
      'line 2: numerator: must not be greater than denominator (9 > 8)',
    ])
  })
})

describe('problem list', () => {
  it('keeps the first 100 problems by line and counts the rest', () => {
    const list = new ProblemList()
    for (let line = 400; line >= 2; line--) list.add({ line, column: 'sex', problem: 'must be F or M' })
    list.countUnlisted(5)
    const out = list.lines()
    expect(out).toHaveLength(101)
    expect(out[0]).toBe('line 2: sex: must be F or M')
    expect(out[99]).toBe('line 101: sex: must be F or M')
    expect(out[100]).toBe('… and 304 more problems')
  })
})

describe('cross-column checks', () => {
  it('still run when another column of the row is bad', () => {
    expect(problems('citizens', { ...citizen, sex: 'M', interpreter_need: 'nej' })).toEqual([
      'line 2: interpreter_need: must be true or false',
      'line 2: sex: does not agree with the personal identity number (which gives F)',
    ])
    expect(problems('listings', { personal_id: '1', hsa_id: 'SE2321000131-E1', valid_from: '2027-02-01', valid_to: '2027-01-01', kind: 'chosen' })).toEqual([
      'line 2: personal_id: must be 12 digits, YYYYMMDDNNNC or YYYYMMDD-NNNC',
      'line 2: valid_to: must be after valid_from',
    ])
  })
})

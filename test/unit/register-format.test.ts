/**
 * The register's pure rules: a clinic's status on a day from its history, the words for it in both
 * languages, the open data's CSV (RFC 4180 quoting) and JSON shape, the public filters, and the
 * opening hours' form fields.
 */
import { describe, expect, it } from 'vitest'
import { hoursText, parseHoursFields } from '../../app/components/register/opening-hours.ts'
import { registerEn, registerError, registerSv } from '../../app/i18n/register.ts'
import {
  REGISTER_CSV_HEADER,
  filterRegister,
  isLegalEntityOrgNumber,
  latestStatus,
  parseRegisterFilters,
  registerCsv,
  registerCsvRow,
  registerJson,
  statusOn,
  statusWording,
  type RegisterEntry,
  type StatusChange,
} from '../../app/modules/authorisation/register-format.ts'

const authorised: StatusChange = { status: 'authorised', from: '2020-01-01' }
const dates = { authorisedFrom: '2020-01-01', authorisedTo: null }

describe('statusOn', () => {
  it('is authorised with no end, authorised until a decided end, then the end itself', () => {
    expect(statusOn([authorised], dates, '2027-03-10')).toEqual({ state: 'authorised', since: '2020-01-01', until: null })
    const revoked = [authorised, { status: 'revoked' as const, from: '2027-03-20' }]
    const ends = { authorisedFrom: '2020-01-01', authorisedTo: '2027-03-20' }
    expect(statusOn(revoked, ends, '2027-03-19')).toEqual({ state: 'authorised', since: '2020-01-01', until: '2027-03-20' })
    expect(statusOn(revoked, ends, '2027-03-20')).toEqual({ state: 'revoked', since: '2027-03-20', until: null })
  })

  it('follows a suspension and its lifting, whatever order the rows come in', () => {
    const rows: StatusChange[] = [
      { status: 'authorised', from: '2027-03-15' },
      { status: 'suspended', from: '2027-03-10' },
      authorised,
    ]
    expect(statusOn(rows, dates, '2027-03-12')).toEqual({ state: 'suspended', since: '2027-03-10', until: null })
    expect(statusOn(rows, dates, '2027-03-15')).toEqual({ state: 'authorised', since: '2027-03-15', until: null })
    expect(latestStatus(rows)).toEqual({ status: 'authorised', from: '2027-03-15' })
  })

  it('is upcoming before the first day, and ended for an end set before the register kept history', () => {
    expect(statusOn([{ status: 'authorised', from: '2027-06-01' }], { authorisedFrom: '2027-06-01', authorisedTo: null }, '2027-05-31')).toEqual({
      state: 'upcoming',
      since: '2027-06-01',
      until: null,
    })
    expect(statusOn([authorised], { authorisedFrom: '2020-01-01', authorisedTo: '2024-01-01' }, '2025-01-01')).toEqual({ state: 'ended', since: '2024-01-01', until: null })
  })

  it('an authorisation revoked before its first day never begins: revoked, before and after that day', () => {
    const rows: StatusChange[] = [
      { status: 'authorised', from: '2027-06-01' },
      { status: 'revoked', from: '2027-06-01' },
    ]
    const empty = { authorisedFrom: '2027-06-01', authorisedTo: '2027-06-01' }
    expect(statusOn(rows, empty, '2027-03-10')).toEqual({ state: 'revoked', since: '2027-06-01', until: null })
    expect(statusOn(rows, empty, '2027-06-01')).toEqual({ state: 'revoked', since: '2027-06-01', until: null })
  })

  it('rows of the same day follow in the order given (the register reads them by id): a suspension revoked the day it began', () => {
    const rows: StatusChange[] = [authorised, { status: 'suspended', from: '2027-03-10' }, { status: 'revoked', from: '2027-03-10' }]
    const ends = { authorisedFrom: '2020-01-01', authorisedTo: '2027-03-10' }
    expect(statusOn(rows, ends, '2027-03-10')).toEqual({ state: 'revoked', since: '2027-03-10', until: null })
    expect(latestStatus(rows)).toEqual({ status: 'revoked', from: '2027-03-10' })
  })
})

describe('statusWording', () => {
  it('words each state in Swedish and English', () => {
    const cases = [
      { state: 'authorised', since: '2020-01-01', until: null },
      { state: 'authorised', since: '2020-01-01', until: '2027-03-20' },
      { state: 'upcoming', since: '2027-06-01', until: null },
      { state: 'suspended', since: '2027-03-10', until: null },
      { state: 'revoked', since: '2027-03-20', until: null },
      { state: 'ended', since: '2027-03-20', until: null },
    ] as const
    expect(cases.map((c) => statusWording(c, registerSv.status))).toEqual([
      'Auktoriserad',
      'Auktoriserad till 2027-03-20',
      'Auktoriserad från 2027-06-01',
      'Tillfälligt avstängd',
      'Återkallad',
      'Avslutad',
    ])
    expect(cases.map((c) => statusWording(c, registerEn.status))).toEqual(['Authorised', 'Authorised until 2027-03-20', 'Authorised from 2027-06-01', 'Suspended', 'Revoked', 'Ended'])
  })

  it('words refusals with their facts', () => {
    expect(registerError(registerSv, 'notAuthorised', { name: 'Askens VC', status: 'revoked', from: '2027-03-20' })).toBe('Askens VC är återkallad från och med 2027-03-20.')
    expect(registerError(registerEn, 'fromInPast', { today: '2027-03-10' })).toBe('The date must not have passed. Today at the earliest, 2027-03-10.')
    expect(registerError(registerSv, 'untilTooLate')).toBe('Ett listningstak får gälla högst två år.')
  })
})

const entry = (over: Partial<RegisterEntry>): RegisterEntry => ({
  clinicId: 1,
  hsaId: 'SE1',
  name: 'Ekens VC',
  organisationNumber: null,
  agreementNumber: null,
  municipalityCode: '0480',
  municipality: 'Nyköping',
  ownership: 'public',
  streetAddress: null,
  postalCode: null,
  city: null,
  authorisedFrom: '2020-01-01',
  authorisedTo: null,
  today: { state: 'authorised', since: '2020-01-01', until: null },
  history: [{ status: 'authorised', from: '2020-01-01', reason: null, decidedBy: null, decidedAt: '2020-01-01T00:00:00.000Z' }],
  ...over,
})

describe('CSV', () => {
  it('has a header row and quotes only fields with a comma, a quote or a line break', () => {
    expect(REGISTER_CSV_HEADER).toBe('hsa_id,name,organisation_number,municipality_code,municipality,ownership,status,authorised_from,authorised_to,history')
    expect(registerCsvRow(entry({ name: 'Åkerns vårdcentral; norra' }))).toBe('SE1,Åkerns vårdcentral; norra,,0480,Nyköping,public,authorised,2020-01-01,,authorised:2020-01-01')
    expect(registerCsvRow(entry({ name: 'Vårdcentralen "Eken", Öst' }))).toBe('SE1,"Vårdcentralen ""Eken"", Öst",,0480,Nyköping,public,authorised,2020-01-01,,authorised:2020-01-01')
    expect(registerCsvRow(entry({ name: 'Två\nrader' }))).toBe('SE1,"Två\nrader",,0480,Nyköping,public,authorised,2020-01-01,,authorised:2020-01-01')
  })

  it('writes CRLF lines and the history as status:from pairs', () => {
    const revoked = entry({
      hsaId: 'SE2',
      organisationNumber: '5560360793',
      authorisedTo: '2027-03-20',
      today: { state: 'revoked', since: '2027-03-20', until: null },
      history: [
        { status: 'authorised', from: '2020-01-01', reason: null, decidedBy: null, decidedAt: '2020-01-01T00:00:00.000Z' },
        { status: 'revoked', from: '2027-03-20', reason: 'Brister', decidedBy: 'Klara', decidedAt: '2027-03-10T09:00:00.000Z' },
      ],
    })
    expect(registerCsv([entry({}), revoked])).toBe(
      `${REGISTER_CSV_HEADER}\r\nSE1,Ekens VC,,0480,Nyköping,public,authorised,2020-01-01,,authorised:2020-01-01\r\n` +
        'SE2,Ekens VC,5560360793,0480,Nyköping,public,revoked,2020-01-01,2027-03-20,authorised:2020-01-01;revoked:2027-03-20\r\n',
    )
    expect(registerCsv([])).toBe(`${REGISTER_CSV_HEADER}\r\n`)
  })

  it('never publishes a sole trader’s organisation number, which is their personnummer', () => {
    expect(registerCsvRow(entry({ organisationNumber: '8001019802' }))).toBe('SE1,Ekens VC,,0480,Nyköping,public,authorised,2020-01-01,,authorised:2020-01-01')
    expect(registerCsvRow(entry({ organisationNumber: '2120000142' }))).toBe('SE1,Ekens VC,2120000142,0480,Nyköping,public,authorised,2020-01-01,,authorised:2020-01-01')
  })

  it('defuses a cell a spreadsheet would read as a formula with a leading apostrophe', () => {
    expect(registerCsvRow(entry({ name: '=HYPERLINK("http://x","VC")' }))).toBe(
      `SE1,"'=HYPERLINK(""http://x"",""VC"")",,0480,Nyköping,public,authorised,2020-01-01,,authorised:2020-01-01`,
    )
    expect(['+46 VC', '-VC', '@SUM(A1)', '\tVC', '\rVC'].map((name) => registerCsvRow(entry({ name })).split(',')[1])).toEqual([
      "'+46 VC",
      "'-VC",
      "'@SUM(A1)",
      "'\tVC",
      `"'\rVC"`,
    ])
    expect(registerCsvRow(entry({ name: 'Vårdcentralen = bäst' })).split(',')[1]).toBe('Vårdcentralen = bäst')
  })
})

describe('organisation numbers', () => {
  it('is a legal entity’s when digits 3–4 are 20 or more; a personnummer’s month is below 20', () => {
    expect(['5560360793', '2120000142', '8020001234', '5590000000'].map(isLegalEntityOrgNumber)).toEqual([true, true, true, true])
    expect(['8001019802', '1912121212', '7712240000', '0019000000'].map(isLegalEntityOrgNumber)).toEqual([false, false, false, false])
    expect(['556036-0793', '55603607', '', 'abcdefghij'].map(isLegalEntityOrgNumber)).toEqual([false, false, false, false])
  })
})

describe('JSON', () => {
  it('has the documented shape and never a reason or who decided', () => {
    const e = entry({
      history: [
        { status: 'authorised', from: '2020-01-01', reason: null, decidedBy: null, decidedAt: '2020-01-01T00:00:00.000Z' },
        { status: 'suspended', from: '2027-03-10', reason: 'Hemlig tillsyn', decidedBy: 'Klara', decidedAt: '2027-03-10T09:00:00.000Z' },
      ],
      today: { state: 'suspended', since: '2027-03-10', until: null },
      authorisedTo: '2027-03-10',
    })
    const json = registerJson([e], '2027-03-12', new Date('2027-03-12T07:30:00Z'))
    expect(json).toEqual({
      generatedAt: '2027-03-12T07:30:00.000Z',
      date: '2027-03-12',
      clinics: [
        {
          hsaId: 'SE1',
          name: 'Ekens VC',
          organisationNumber: null,
          municipalityCode: '0480',
          municipality: 'Nyköping',
          ownership: 'public',
          status: 'suspended',
          authorisedFrom: '2020-01-01',
          authorisedTo: '2027-03-10',
          history: [
            { status: 'authorised', from: '2020-01-01' },
            { status: 'suspended', from: '2027-03-10' },
          ],
        },
      ],
    })
    expect(JSON.stringify(json)).not.toMatch(/Hemlig|Klara/)
  })

  it('gives a sole trader’s organisation number as null', () => {
    const json = registerJson([entry({ organisationNumber: '8001019802' }), entry({ hsaId: 'SE2', organisationNumber: '5560360793' })], '2027-03-12', new Date())
    expect(json.clinics.map((c) => c.organisationNumber)).toEqual([null, '5560360793'])
  })
})

describe('filters', () => {
  it('keeps the entries of a state and a municipality', () => {
    const a = entry({ hsaId: 'A' })
    const b = entry({ hsaId: 'B', municipalityCode: '0461', today: { state: 'suspended', since: '2027-01-01', until: null } })
    expect(filterRegister([a, b], { state: null, municipalityCode: null }).map((e) => e.hsaId)).toEqual(['A', 'B'])
    expect(filterRegister([a, b], { state: 'suspended', municipalityCode: null }).map((e) => e.hsaId)).toEqual(['B'])
    expect(filterRegister([a, b], { state: 'authorised', municipalityCode: '0461' })).toEqual([])
  })

  it('reads the query string, ignoring (and naming) a status or municipality it does not know', () => {
    const known = ['0480', '0461']
    expect(parseRegisterFilters({ status: 'suspended', kommun: '0461' }, known)).toEqual({ filters: { state: 'suspended', municipalityCode: '0461' }, ignored: [] })
    expect(parseRegisterFilters({ status: null, kommun: '' }, known)).toEqual({ filters: { state: null, municipalityCode: null }, ignored: [] })
    expect(parseRegisterFilters({ status: 'okand', kommun: '9999' }, known)).toEqual({ filters: { state: null, municipalityCode: null }, ignored: ['status', 'kommun'] })
    expect(parseRegisterFilters({ status: 'ended', kommun: '04<script>' }, known)).toEqual({ filters: { state: 'ended', municipalityCode: null }, ignored: ['kommun'] })
  })
})

describe('opening hours in a form', () => {
  it('shows a day as its periods and reads them back', () => {
    const hours = [
      { day: 1, opens: '08:00', closes: '12:00' },
      { day: 1, opens: '13:00', closes: '17:00' },
      { day: 6, opens: '10:00', closes: '14:00' },
    ]
    expect(hoursText(hours, 1)).toBe('08:00–12:00, 13:00–17:00')
    expect(hoursText(hours, 2)).toBe('')
    const fields: Record<string, string> = { 'hours-1': '08:00–12:00, 13:00-17:00', 'hours-6': ' 10.00 – 14:00 ', 'hours-7': '' }
    expect(parseHoursFields((n) => fields[n] ?? '')).toEqual({ ok: true, hours: [...hours] })
    expect(parseHoursFields((n) => ({ 'hours-2': '8-17', 'hours-3': '8:00–17:00' })[n] ?? '')).toEqual({ ok: false, days: [2] })
  })
})

/**
 * The application's own sections (application-fields.ts): a draft saves what is given if it is
 * valid, completeness says what a submission still lacks; F-skatt "no" fails; a registration
 * number shaped like a personnummer is refused; opening hours per weekday.
 */
import { describe, expect, it } from 'vitest'
import {
  looksLikePersonnummer,
  parseSection,
  sectionColumns,
  sectionCompleteness,
  sectionInputFromForm,
  sectionValues,
  type ApplicationFields,
  type SectionInput,
} from '../../app/modules/authorisation/application-fields.ts'

const empty: ApplicationFields = {
  orgNumber: null,
  orgName: null,
  fSkatt: null,
  insurer: null,
  insurancePolicy: null,
  ownership: null,
  clinicName: null,
  streetAddress: null,
  postalCode: null,
  city: null,
  municipalityCode: null,
  lat: null,
  lon: null,
  phone: null,
  website: null,
  services: [],
  languages: [],
  openingHours: [],
  staffing: {},
  medicalLeadName: null,
  medicalLeadTitle: null,
  medicalLeadRegNo: null,
}

const filled: ApplicationFields = {
  orgNumber: '5560360793',
  orgName: 'Testvård AB',
  fSkatt: true,
  insurer: 'Försäkringsbolaget',
  insurancePolicy: 'P-1',
  ownership: 'private',
  clinicName: 'Testets vårdcentral',
  streetAddress: 'Storgatan 1',
  postalCode: '61132',
  city: 'Nyköping',
  municipalityCode: '0480',
  lat: '58.753',
  lon: '17.008',
  phone: '0155-10 00 00',
  website: null,
  services: ['general_practice'],
  languages: ['sv'],
  openingHours: [{ day: 1, opens: '08:00', closes: '17:00' }],
  staffing: { gpSpecialists: '2', nurses: '4.5' },
  medicalLeadName: 'Maria Läkare',
  medicalLeadTitle: 'Specialist i allmänmedicin',
  medicalLeadRegNo: '1234567',
}

describe('provider section', () => {
  it('saves a partial draft: empty fields are null, given ones normalised', () => {
    const r = parseSection('provider', { orgNumber: '556036-0793', orgName: '  Testvård AB ', fSkatt: '', insurer: '', insurancePolicy: '', ownership: '' })
    expect(r).toEqual({ ok: true, data: { orgNumber: '5560360793', orgName: 'Testvård AB', fSkatt: null, insurer: null, insurancePolicy: null, ownership: null } })
  })

  it('refuses a bad organisation number by shape and by check digit, and an unknown ownership', () => {
    expect(parseSection('provider', { orgNumber: '12345' })).toEqual({ ok: false, errors: { orgNumber: 'orgNumberShape' } })
    expect(parseSection('provider', { orgNumber: '556036-0794', ownership: 'cooperative' })).toEqual({
      ok: false,
      errors: { orgNumber: 'orgNumberChecksum', ownership: 'notAnOwnership' },
    })
  })

  it('takes F-skatt as an explicit yes or no', () => {
    expect(parseSection('provider', { fSkatt: 'yes' })).toMatchObject({ ok: true, data: { fSkatt: true } })
    expect(parseSection('provider', { fSkatt: 'no' })).toMatchObject({ ok: true, data: { fSkatt: false } })
    expect(parseSection('provider', { fSkatt: 'maybe' })).toEqual({ ok: false, errors: { fSkatt: 'yesOrNo' } })
  })

  it('is complete only with every field and F-skatt yes; "no" is a failure, not a gap', () => {
    expect(sectionCompleteness(filled).provider).toEqual({ section: 'provider', complete: true, missing: [], failing: [] })
    expect(sectionCompleteness({ ...filled, fSkatt: false }).provider).toEqual({
      section: 'provider',
      complete: false,
      missing: [],
      failing: [{ field: 'fSkatt', problem: 'fSkattRequired' }],
    })
    expect(sectionCompleteness(empty).provider.missing).toEqual(['orgNumber', 'orgName', 'fSkatt', 'insurer', 'insurancePolicy', 'ownership'])
  })
})

describe('clinic section', () => {
  const clinic = {
    clinicName: 'Testets vårdcentral',
    streetAddress: 'Storgatan 1',
    postalCode: '611 32',
    city: 'Nyköping',
    municipalityCode: '0480',
    lat: '58,753',
    lon: '17.008',
    phone: '0155-10 00 00',
    website: 'https://test.example.se',
    services: ['child_health', 'general_practice'],
    languages: 'SV, en;ar',
    opens1: '08:00',
    closes1: '17:00',
    opens6: '9.30',
    closes6: '13:00',
  }

  it('parses the form: postal code digits, a comma as decimal point, services in order, languages deduplicated, hours per day', () => {
    const r = parseSection('clinic', clinic)
    expect(r).toEqual({
      ok: true,
      data: {
        clinicName: 'Testets vårdcentral',
        streetAddress: 'Storgatan 1',
        postalCode: '61132',
        city: 'Nyköping',
        municipalityCode: '0480',
        lat: '58.753',
        lon: '17.008',
        phone: '0155-10 00 00',
        website: 'https://test.example.se',
        services: ['general_practice', 'child_health'],
        languages: ['sv', 'en', 'ar'],
        openingHours: [
          { day: 1, opens: '08:00', closes: '17:00' },
          { day: 6, opens: '09:30', closes: '13:00' },
        ],
      },
    })
  })

  it('refuses coordinates outside Sweden, a bad postal code, phone, website, service and language', () => {
    const r = parseSection('clinic', {
      ...clinic,
      lat: '54.9',
      lon: '25.01',
      postalCode: '6113',
      phone: 'ring oss',
      website: 'http://test.example.se',
      services: ['dentistry'],
      languages: 'svenska',
    })
    expect(r).toEqual({
      ok: false,
      errors: {
        lat: 'latOutsideSweden',
        lon: 'lonOutsideSweden',
        postalCode: 'postalCodeShape',
        phone: 'phoneShape',
        website: 'websiteShape',
        services: 'notAService',
        languages: 'languageShape',
      },
    })
  })

  it('checks opening hours: both times or neither, closing after opening, HH:MM', () => {
    expect(parseSection('clinic', { opens2: '08:00', closes2: '' })).toEqual({ ok: false, errors: { closes2: 'hoursIncomplete' } })
    expect(parseSection('clinic', { opens3: '17:00', closes3: '08:00' })).toEqual({ ok: false, errors: { closes3: 'closesBeforeOpens' } })
    expect(parseSection('clinic', { opens4: '08:00', closes4: '08:00' })).toEqual({ ok: false, errors: { closes4: 'closesBeforeOpens' } })
    expect(parseSection('clinic', { opens5: '25:00', closes5: '26:00' })).toEqual({ ok: false, errors: { opens5: 'timeShape', closes5: 'timeShape' } })
    // Every day closed is a valid draft, but not a complete section.
    const closed = parseSection('clinic', {})
    expect(closed).toMatchObject({ ok: true, data: { openingHours: [], services: [], languages: [] } })
  })

  it('is complete with the address, coordinates, phone, a service and an open day; website and languages optional', () => {
    expect(sectionCompleteness(filled).clinic.complete).toBe(true)
    const state = sectionCompleteness({ ...filled, lat: null, services: [], openingHours: [] }).clinic
    expect(state).toEqual({
      section: 'clinic',
      complete: false,
      missing: ['lat'],
      failing: [
        { field: 'services', problem: 'noServices' },
        { field: 'opens1', problem: 'noOpeningHours' },
      ],
    })
  })
})

describe('staffing section', () => {
  it('keeps the given full-time equivalents as decimal strings and leaves out empty ones', () => {
    expect(parseSection('staffing', { gpSpecialists: '2,5', nurses: '4', psychologists: '' })).toEqual({ ok: true, data: { staffing: { gpSpecialists: '2.5', nurses: '4' } } })
  })

  it('refuses negative, over-precise or non-numeric figures', () => {
    expect(parseSection('staffing', { gpSpecialists: '-1', nurses: '1.255', other: 'två' })).toEqual({
      ok: false,
      errors: { gpSpecialists: 'fteRange', nurses: 'fteRange', other: 'notDecimal' },
    })
  })

  it('needs GP specialists and nurses stated to be complete', () => {
    expect(sectionCompleteness(filled).staffing.complete).toBe(true)
    expect(sectionCompleteness({ ...filled, staffing: { gpSpecialists: '2' } }).staffing).toMatchObject({ complete: false, missing: ['nurses'] })
  })
})

describe('medical lead section', () => {
  it('takes a registration number of 6–10 digits', () => {
    expect(parseSection('medical_lead', { medicalLeadName: 'Maria', medicalLeadTitle: 'Läkare', medicalLeadRegNo: '123 456' })).toEqual({
      ok: true,
      data: { medicalLeadName: 'Maria', medicalLeadTitle: 'Läkare', medicalLeadRegNo: '123456' },
    })
    expect(parseSection('medical_lead', { medicalLeadRegNo: '12345' })).toEqual({ ok: false, errors: { medicalLeadRegNo: 'regNoShape' } })
    expect(parseSection('medical_lead', { medicalLeadRegNo: 'ABC123' })).toEqual({ ok: false, errors: { medicalLeadRegNo: 'regNoShape' } })
  })

  it('refuses a personnummer-shaped value (12 digits, or 10 with a separator or a valid date and check digit)', () => {
    for (const value of ['198001012387', '19800101-2387', '800101-2387', '8001012387']) {
      expect(looksLikePersonnummer(value), value).toBe(true)
      expect(parseSection('medical_lead', { medicalLeadRegNo: value }), value).toEqual({ ok: false, errors: { medicalLeadRegNo: 'regNoPersonnummer' } })
    }
    // Ten digits that are no date, or fail the check digit, are a registration number.
    expect(looksLikePersonnummer('9913451234')).toBe(false)
    expect(looksLikePersonnummer('8001012384')).toBe(false)
    expect(parseSection('medical_lead', { medicalLeadRegNo: '8001012384' })).toMatchObject({ ok: true })
  })

  it('needs name, title and registration number to be complete', () => {
    expect(sectionCompleteness(filled).medical_lead.complete).toBe(true)
    expect(sectionCompleteness({ ...filled, medicalLeadRegNo: null }).medical_lead.missing).toEqual(['medicalLeadRegNo'])
  })
})

describe('form values', () => {
  it('reads checkbox groups as lists and round-trips the stored fields', () => {
    const form = new FormData()
    form.append('services', 'general_practice')
    form.append('services', 'gynaecology')
    form.append('clinicName', 'VC')
    expect(sectionInputFromForm('clinic', form)).toMatchObject({ services: ['general_practice', 'gynaecology'], clinicName: 'VC', opens1: undefined })
    const values = sectionValues(filled)
    expect(values).toMatchObject({ orgNumber: '556036-0793', fSkatt: 'yes', postalCode: '611 32', languages: 'sv', opens1: '08:00', closes1: '17:00', opens2: '', nurses: '4.5' })
    const again = parseSection('provider', values as Record<string, string>)
    expect(again).toMatchObject({ ok: true, data: { orgNumber: '5560360793', fSkatt: true } })
  })
})

describe('the columns of each section', () => {
  it('are exactly what parsing the section gives (the grouping the database guards under supplementation)', () => {
    const inputs: Record<keyof typeof sectionColumns, SectionInput> = { provider: {}, clinic: { services: [] }, staffing: {}, medical_lead: {} }
    for (const section of Object.keys(sectionColumns) as (keyof typeof sectionColumns)[]) {
      const parsed = parseSection(section, { ...inputs[section] })
      expect(parsed.ok, section).toBe(true)
      if (!parsed.ok) continue
      expect(Object.keys(parsed.data).sort(), section).toEqual([...sectionColumns[section]].sort())
    }
    // No column belongs to two sections.
    const all = Object.values(sectionColumns).flat()
    expect(new Set(all).size).toBe(all.length)
  })
})

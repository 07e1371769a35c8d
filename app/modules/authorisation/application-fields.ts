/**
 * The application's own fields, in the four sections a request for supplementation names
 * (rules.ts applicationSections): the provider, the clinic, its staffing and its medical lead.
 * Pure: the schemas turn a section's form values into the row's columns; a draft may be saved
 * incomplete (an empty field is allowed, a given one must be valid), and sectionCompleteness()
 * says what a submission still lacks. Error messages are codes the page translates.
 */
import { z } from 'zod'
import { DecimalString, OrgNumberSchema, compareDecimal, luhnValid, type ApplicationSection } from './rules.ts'

/** The care a vårdcentral offers, as the ClinicService enum. */
export const clinicServices = ['general_practice', 'child_health', 'maternal_health', 'youth_clinic', 'gynaecology'] as const
export type ClinicServiceValue = (typeof clinicServices)[number]

export const ownerships = ['public', 'private'] as const

/** Staff in full-time equivalents (heltidstjänster). */
export const staffingRoles = ['gpSpecialists', 'otherDoctors', 'nurses', 'districtNurses', 'psychologists', 'other'] as const
export type StaffingRole = (typeof staffingRoles)[number]
/** The roles a complete staffing section must state (the others may be left out: none). */
export const requiredStaffing: readonly StaffingRole[] = ['gpSpecialists', 'nurses']

/** Monday = 1 … Sunday = 7, as clinic.opening_hours. */
export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const

/** The form fields of each section, in the form's order (opening hours as opens1/closes1 … opens7/closes7). */
export const sectionFields = {
  provider: ['orgNumber', 'orgName', 'fSkatt', 'insurer', 'insurancePolicy', 'ownership'],
  clinic: [
    'clinicName',
    'streetAddress',
    'postalCode',
    'city',
    'municipalityCode',
    'lat',
    'lon',
    'phone',
    'website',
    'services',
    'languages',
    ...weekdays.flatMap((d) => [`opens${d}`, `closes${d}`]),
  ],
  staffing: [...staffingRoles],
  medical_lead: ['medicalLeadName', 'medicalLeadTitle', 'medicalLeadRegNo'],
} as const satisfies Record<ApplicationSection, readonly string[]>

/**
 * The application's columns (Prisma names) each section writes: the same grouping as the
 * database's application_guard, which lets a section change under supplementation only when the
 * open request names it. parseSection's output has exactly these keys (a unit test holds them
 * together; an integration test holds them to the trigger).
 */
export const sectionColumns = {
  provider: ['orgNumber', 'orgName', 'fSkatt', 'insurer', 'insurancePolicy', 'ownership'],
  clinic: ['clinicName', 'streetAddress', 'postalCode', 'city', 'municipalityCode', 'lat', 'lon', 'phone', 'website', 'services', 'languages', 'openingHours'],
  staffing: ['staffing'],
  medical_lead: ['medicalLeadName', 'medicalLeadTitle', 'medicalLeadRegNo'],
} as const satisfies Record<ApplicationSection, readonly string[]>

export type SectionErrorCode =
  | 'orgNumberShape'
  | 'orgNumberChecksum'
  | 'tooLong'
  | 'yesOrNo'
  | 'notAnOwnership'
  | 'postalCodeShape'
  | 'municipalityShape'
  | 'unknownMunicipality'
  | 'notDecimal'
  | 'latOutsideSweden'
  | 'lonOutsideSweden'
  | 'phoneShape'
  | 'websiteShape'
  | 'notAService'
  | 'languageShape'
  | 'timeShape'
  | 'hoursIncomplete'
  | 'closesBeforeOpens'
  | 'fteRange'
  | 'regNoShape'
  | 'regNoPersonnummer'

/** One raw form value: a text field, or the checked boxes of a group. */
export type RawValue = string | string[] | undefined
export type SectionInput = Record<string, RawValue>

const text = (v: RawValue): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim()
const list = (v: RawValue): string[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]).map((s) => s.trim()).filter(Boolean)

/** A text field: empty → null; otherwise at most `max` characters. */
const optionalText = (max = 200) =>
  z.preprocess(
    (v) => (text(v as RawValue) === '' ? null : text(v as RawValue)),
    z.string().max(max, 'tooLong').nullable(),
  )

/** An empty field → null, otherwise the given schema on the trimmed text. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (text(v as RawValue) === '' ? null : text(v as RawValue)), schema.nullable())

const yesNo = (s: string): boolean | null | string => (s === 'yes' ? true : s === 'no' ? false : s === '' ? null : s)

const ProviderSection = z.object({
  orgNumber: optional(OrgNumberSchema),
  orgName: optionalText(),
  /** An explicit yes/no: "no" is stored and fails completeness (F-skatt is required under LOV). */
  fSkatt: z.preprocess((v) => yesNo(text(v as RawValue)), z.boolean({ error: 'yesOrNo' }).nullable()),
  insurer: optionalText(),
  insurancePolicy: optionalText(100),
  ownership: optional(z.enum(ownerships, { error: 'notAnOwnership' })),
})

/** A coordinate in Sweden as the database keeps it (at most six decimals), with a point. */
const coordinate = (min: string, max: string, code: 'latOutsideSweden' | 'lonOutsideSweden') =>
  optional(
    DecimalString.refine((s) => /^-?\d{1,3}(\.\d{1,6})?$/.test(s), 'notDecimal').refine((s) => compareDecimal(s, min) >= 0 && compareDecimal(s, max) <= 0, code),
  )

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/

export interface OpeningHours {
  day: number
  opens: string
  closes: string
}

const clinicShape = {
  clinicName: optionalText(),
  streetAddress: optionalText(),
  /** Five digits; "611 32" is accepted and stored as "61132". */
  postalCode: optional(z.string().regex(/^\d{3} ?\d{2}$/, 'postalCodeShape').transform((s) => s.replace(' ', ''))),
  city: optionalText(100),
  /** The format here; the service checks that the municipality is one of the region's. */
  municipalityCode: optional(z.string().regex(/^\d{4}$/, 'municipalityShape')),
  lat: coordinate('55', '70', 'latOutsideSweden'),
  lon: coordinate('10', '25', 'lonOutsideSweden'),
  phone: optional(z.string().regex(/^\+?[0-9 ()-]{5,20}$/, 'phoneShape').refine((s) => s.replace(/\D/g, '').length >= 5, 'phoneShape')),
  website: optional(z.string().max(200, 'tooLong').refine(isHttpsUrl, 'websiteShape')),
  services: z.preprocess((v) => list(v as RawValue), z.array(z.enum(clinicServices, { error: 'notAService' }))).transform((s) => clinicServices.filter((c) => s.includes(c))),
  /** ISO 639-1 codes, as a comma list ("sv, en, ar") or checked boxes. */
  languages: z
    .preprocess(
      (v) => list(v as RawValue).flatMap((s) => s.split(/[\s,;]+/)).filter(Boolean).map((s) => s.toLowerCase()),
      z.array(z.string().regex(/^[a-z]{2}$/, 'languageShape')).max(30, 'tooLong'),
    )
    .transform((l) => [...new Set(l)]),
}

function isHttpsUrl(s: string): boolean {
  try {
    const url = new URL(s)
    return url.protocol === 'https:' && url.hostname.includes('.') && !url.username && !url.password
  } catch {
    return false
  }
}

const hoursField = z.preprocess(
  (v) => text(v as RawValue),
  z
    .string()
    .refine((s) => s === '' || TIME.test(s), 'timeShape')
    .transform((s) => (s === '' ? '' : s.replace('.', ':').padStart(5, '0'))),
)

const hoursShape = Object.fromEntries(weekdays.flatMap((d) => [[`opens${d}`, hoursField], [`closes${d}`, hoursField]])) as Record<string, typeof hoursField>

const hour = (v: object, field: string): string => String((v as Record<string, unknown>)[field] ?? '')

const ClinicSection = z
  .object({ ...clinicShape, ...hoursShape })
  .superRefine((v, ctx) => {
    for (const d of weekdays) {
      const opens = hour(v, `opens${d}`)
      const closes = hour(v, `closes${d}`)
      if ((opens === '') !== (closes === '')) ctx.addIssue({ code: 'custom', message: 'hoursIncomplete', path: [opens === '' ? `opens${d}` : `closes${d}`] })
      else if (opens !== '' && closes <= opens) ctx.addIssue({ code: 'custom', message: 'closesBeforeOpens', path: [`closes${d}`] })
    }
  })
  .transform((v) => {
    const openingHours: OpeningHours[] = weekdays.flatMap((day) => {
      const opens = hour(v, `opens${day}`)
      const closes = hour(v, `closes${day}`)
      return opens && closes ? [{ day, opens, closes }] : []
    })
    return {
      clinicName: v.clinicName,
      streetAddress: v.streetAddress,
      postalCode: v.postalCode,
      city: v.city,
      municipalityCode: v.municipalityCode,
      lat: v.lat,
      lon: v.lon,
      phone: v.phone,
      website: v.website,
      services: v.services,
      languages: v.languages,
      openingHours,
    }
  })

/** Full-time equivalents: 0–9999 with at most two decimals. */
const fte = optional(
  DecimalString.refine((s) => /^\d{1,4}(\.\d{1,2})?$/.test(s), 'fteRange'),
)

const StaffingSection = z
  .object(Object.fromEntries(staffingRoles.map((r) => [r, fte])) as Record<StaffingRole, typeof fte>)
  .transform((v) => ({ staffing: Object.fromEntries(staffingRoles.flatMap((r) => (v[r] ? [[r, v[r]]] : []))) as Partial<Record<StaffingRole, string>> }))

/**
 * Whether a registration number is shaped like a personnummer: ten or twelve digits (with or
 * without the separator) that begin with a date and end in a Luhn check digit. It must not be
 * entered here: the application holds no identity numbers.
 */
export function looksLikePersonnummer(input: string): boolean {
  const m = /^(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})$/.exec(input.replace(/\s/g, ''))
  if (!m) return false
  const month = Number(m[3])
  const day = Number(m[4]) > 60 ? Number(m[4]) - 60 : Number(m[4])
  const dated = month >= 1 && month <= 12 && day >= 1 && day <= 31
  // Twelve digits or a separator are a personnummer's shape whatever the check digit says.
  if (m[1] !== undefined || /[-+]/.test(input)) return dated
  return dated && luhnValid(`${m[2]}${m[3]}${m[4]}${m[5]}`)
}

const MedicalLeadSection = z.object({
  medicalLeadName: optionalText(),
  medicalLeadTitle: optionalText(),
  /** Legitimationsnummer: 6–10 digits, never a personnummer. */
  medicalLeadRegNo: optional(
    z
      .string()
      .refine((s) => !looksLikePersonnummer(s), 'regNoPersonnummer')
      .transform((s) => s.replace(/\s/g, ''))
      .pipe(z.string().regex(/^\d{6,10}$/, 'regNoShape')),
  ),
})

/** The partial schemas: every given value valid, empty allowed (a draft). Output: the row's columns. */
export const sectionSchemas = {
  provider: ProviderSection,
  clinic: ClinicSection,
  staffing: StaffingSection,
  medical_lead: MedicalLeadSection,
} as const

export type SectionData<S extends ApplicationSection = ApplicationSection> = z.output<(typeof sectionSchemas)[S]>

export type SectionParse<S extends ApplicationSection> =
  | { ok: true; data: SectionData<S> }
  | { ok: false; errors: Partial<Record<string, SectionErrorCode>> }

/** Parses a section's form values; the first problem of each field, by field name. */
export function parseSection<S extends ApplicationSection>(section: S, input: SectionInput): SectionParse<S> {
  const result = sectionSchemas[section].safeParse(input)
  if (result.success) return { ok: true, data: result.data as SectionData<S> }
  const errors: Partial<Record<string, SectionErrorCode>> = {}
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '')
    errors[field] ??= issue.message as SectionErrorCode
  }
  return { ok: false, errors }
}

/** A section's form values from a posted form (checkbox groups as lists). */
export function sectionInputFromForm(section: ApplicationSection, form: FormData): SectionInput {
  const input: SectionInput = {}
  for (const field of sectionFields[section]) {
    const all = form.getAll(field).filter((v): v is string => typeof v === 'string')
    input[field] = field === 'services' ? all : all[0]
  }
  return input
}

/** The application's own fields as stored (the Prisma row or the same shape). */
export interface ApplicationFields {
  orgNumber: string | null
  orgName: string | null
  fSkatt: boolean | null
  insurer: string | null
  insurancePolicy: string | null
  ownership: string | null
  clinicName: string | null
  streetAddress: string | null
  postalCode: string | null
  city: string | null
  municipalityCode: string | null
  lat: { toString(): string } | string | null
  lon: { toString(): string } | string | null
  phone: string | null
  website: string | null
  services: readonly string[]
  languages: readonly string[]
  openingHours: unknown
  staffing: unknown
  medicalLeadName: string | null
  medicalLeadTitle: string | null
  medicalLeadRegNo: string | null
}

/** The stored fields as form values (the edit page's defaults). */
export function sectionValues(app: ApplicationFields): Record<string, string | string[]> {
  const hours = storedHours(app.openingHours)
  const staffing = storedStaffing(app.staffing)
  const s = (v: { toString(): string } | string | null) => (v === null ? '' : v.toString())
  return {
    orgNumber: app.orgNumber ? `${app.orgNumber.slice(0, 6)}-${app.orgNumber.slice(6)}` : '',
    orgName: s(app.orgName),
    fSkatt: app.fSkatt === null ? '' : app.fSkatt ? 'yes' : 'no',
    insurer: s(app.insurer),
    insurancePolicy: s(app.insurancePolicy),
    ownership: s(app.ownership),
    clinicName: s(app.clinicName),
    streetAddress: s(app.streetAddress),
    postalCode: app.postalCode && /^\d{5}$/.test(app.postalCode) ? `${app.postalCode.slice(0, 3)} ${app.postalCode.slice(3)}` : s(app.postalCode),
    city: s(app.city),
    municipalityCode: s(app.municipalityCode),
    lat: s(app.lat),
    lon: s(app.lon),
    phone: s(app.phone),
    website: s(app.website),
    services: [...app.services],
    languages: app.languages.join(', '),
    ...Object.fromEntries(
      weekdays.flatMap((d) => {
        const h = hours.find((x) => x.day === d)
        return [
          [`opens${d}`, h?.opens ?? ''],
          [`closes${d}`, h?.closes ?? ''],
        ]
      }),
    ),
    ...Object.fromEntries(staffingRoles.map((r) => [r, staffing[r] ?? ''])),
    medicalLeadName: s(app.medicalLeadName),
    medicalLeadTitle: s(app.medicalLeadTitle),
    medicalLeadRegNo: s(app.medicalLeadRegNo),
  }
}

function storedHours(value: unknown): OpeningHours[] {
  if (!Array.isArray(value)) return []
  return value.filter(
    (h): h is OpeningHours => typeof h === 'object' && h !== null && typeof h.day === 'number' && typeof h.opens === 'string' && typeof h.closes === 'string',
  )
}

function storedStaffing(value: unknown): Partial<Record<StaffingRole, string>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}
  const out: Partial<Record<StaffingRole, string>> = {}
  for (const r of staffingRoles) {
    const v = (value as Record<string, unknown>)[r]
    if (typeof v === 'string') out[r] = v
  }
  return out
}

/** What a section lacks: fields not filled in, and fields whose value fails (F-skatt "no"). */
export interface SectionState {
  section: ApplicationSection
  complete: boolean
  missing: string[]
  failing: { field: string; problem: 'fSkattRequired' | 'noOpeningHours' | 'noServices' }[]
}

/** Per section: complete, or what is missing or failing. A submission needs all four complete. */
export function sectionCompleteness(app: ApplicationFields): Record<ApplicationSection, SectionState> {
  const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '')
  const state = (section: ApplicationSection, required: [string, unknown][], failing: SectionState['failing'] = []): SectionState => {
    const missing = required.filter(([, v]) => blank(v)).map(([f]) => f)
    return { section, complete: missing.length === 0 && failing.length === 0, missing, failing }
  }
  const staffing = storedStaffing(app.staffing)
  return {
    provider: state(
      'provider',
      [
        ['orgNumber', app.orgNumber],
        ['orgName', app.orgName],
        ['fSkatt', app.fSkatt],
        ['insurer', app.insurer],
        ['insurancePolicy', app.insurancePolicy],
        ['ownership', app.ownership],
      ],
      app.fSkatt === false ? [{ field: 'fSkatt', problem: 'fSkattRequired' }] : [],
    ),
    clinic: state(
      'clinic',
      [
        ['clinicName', app.clinicName],
        ['streetAddress', app.streetAddress],
        ['postalCode', app.postalCode],
        ['city', app.city],
        ['municipalityCode', app.municipalityCode],
        ['lat', app.lat],
        ['lon', app.lon],
        ['phone', app.phone],
      ],
      [
        ...(app.services.length === 0 ? [{ field: 'services', problem: 'noServices' as const }] : []),
        ...(storedHours(app.openingHours).length === 0 ? [{ field: 'opens1', problem: 'noOpeningHours' as const }] : []),
      ],
    ),
    staffing: state('staffing', requiredStaffing.map((r) => [r, staffing[r]])),
    medical_lead: state('medical_lead', [
      ['medicalLeadName', app.medicalLeadName],
      ['medicalLeadTitle', app.medicalLeadTitle],
      ['medicalLeadRegNo', app.medicalLeadRegNo],
    ]),
  }
}

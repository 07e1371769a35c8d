/**
 * The import files of shared/spec/data-formats.md (plus the demo's `guardians`): their columns,
 * the zod schema every row goes through, and how problems are reported. Pure: no I/O.
 */
import { z } from 'zod'
import { birthDateOfPersonalId, isCalendarDate, normalisePersonalId, personalIdProblem, sexOfPersonalId } from '../identity/personal-id.ts'

export const IMPORT_KINDS = ['areas', 'clinics', 'citizens', 'listings', 'care-weights', 'guardians', 'quality'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

export const ImportKindSchema = z.enum(IMPORT_KINDS, {
  error: `must be one of ${IMPORT_KINDS.join(', ')}`,
})

/** One problem in a file, reported as `line N: column: problem`. */
export interface RowProblem {
  line: number
  column: string
  problem: string
}

export function formatProblem(p: RowProblem): string {
  return `line ${p.line}: ${p.column}: ${p.problem}`
}

/** At most this many problems are listed; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 100

/** Collects problems with bounded memory: the first 100 in line order are kept, all are counted. */
export class ProblemList {
  readonly listed: RowProblem[] = []
  total = 0

  add(p: RowProblem): void {
    this.total++
    this.listed.push(p)
    if (this.listed.length > MAX_LISTED_PROBLEMS * 2) this.trim()
  }

  /** Keeps the first 100 by line, so problems found by SQL merge in order with the row checks. */
  trim(): void {
    this.listed.sort((a, b) => a.line - b.line) // stable: a row's problems keep their column order
    this.listed.length = Math.min(this.listed.length, MAX_LISTED_PROBLEMS)
  }

  /** Counts problems found but not listed (SQL checks return the first 100 and a total). */
  countUnlisted(n: number): void {
    this.total += n
  }

  get empty(): boolean {
    return this.total === 0
  }

  /** The report: the first 100 problems, then how many more there are. */
  lines(): string[] {
    this.trim()
    const out = this.listed.map(formatProblem)
    const more = this.total - this.listed.length
    if (more > 0) out.push(`… and ${more} more problem${more === 1 ? '' : 's'}`)
    return out
  }
}

// ---- field schemas -------------------------------------------------------------------------

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH = /^(\d{4})-(\d{2})$/

function isDate(v: string): boolean {
  return DATE.test(v) && isCalendarDate(Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10)))
}

const required = (what: string) => z.string().min(1, `is required (${what})`)

const date = z
  .string()
  .min(1, 'is required (a date YYYY-MM-DD)')
  .regex(DATE, 'must be a date YYYY-MM-DD')
  .refine(isDate, 'is not a calendar date')

/** Empty means absent (null); anything else must pass `schema`. One schema, not a union: this runs per row. */
function optional<T extends z.ZodType<unknown, string>>(schema: T) {
  return z.string().transform((v, ctx): z.output<T> | null => {
    if (v === '') return null
    const r = schema.safeParse(v)
    if (r.success) return r.data
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message })
    return z.NEVER
  })
}

const optionalDate = optional(date)

const month = z
  .string()
  .min(1, 'is required (a month YYYY-MM)')
  .refine((v) => {
    const m = MONTH.exec(v)
    return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12
  }, 'must be a month YYYY-MM')
  .transform((v) => `${v}-01`)

const bool = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true')

/** A non-negative decimal with `.` and at most `scale` decimals, kept as a string: never a float. */
function decimal(scale: number, maxIntegerDigits: number) {
  const re = new RegExp(`^\\d{1,${maxIntegerDigits}}(\\.\\d{1,${scale}})?$`)
  return z.string().regex(re, `must be a decimal with '.', at most ${maxIntegerDigits} digits before and ${scale} after the point`)
}

/** A personnummer or samordningsnummer, normalised to 12 digits. */
const personalId = z
  .string()
  .min(1, 'is required (a personal identity number)')
  .transform((v, ctx) => {
    const problem = personalIdProblem(v)
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem })
      return z.NEVER
    }
    return normalisePersonalId(v)
  })

const latitude = optional(z.string().regex(/^-?\d{1,2}(\.\d{1,6})?$/, 'must be a latitude in decimal degrees'))
const longitude = optional(z.string().regex(/^-?\d{1,3}(\.\d{1,6})?$/, 'must be a longitude in decimal degrees'))

const areaCode = z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, 'must be 1-20 letters, digits, - or _')
const hsaId = z.string().regex(/^SE[0-9]{10}-[A-Za-z0-9]{1,40}$/, 'must be an HSA-id such as SE2321000131-E000000000101')

// ---- row schemas, one per kind -------------------------------------------------------------

const AreaRow = z.object({
  area_code: areaCode,
  municipality_code: z.string().regex(/^\d{4}$/, 'must be 4 digits'),
  name: required('the area name').max(200, 'is longer than 200 characters'),
  cni: optional(decimal(4, 4)),
  lat: latitude,
  lon: longitude,
})

const ClinicRow = z.object({
  hsa_id: hsaId,
  name: required('the clinic name').max(200, 'is longer than 200 characters'),
  area_code: areaCode,
  ownership: z.enum(['public', 'private'], { error: 'must be public or private' }),
  geography_points: z
    .string()
    .regex(/^\d{1,2}$/, 'must be a whole number 0-22')
    .transform(Number)
    .refine((n) => n <= 22, 'must be a whole number 0-22'),
  lat: latitude,
  lon: longitude,
})

/** Cross-column checks still run when other columns of the row are bad, so every problem is listed. */
function whenValid(...columns: string[]) {
  return { when: (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) => !payload.issues.some((i) => columns.includes(String(i.path?.[0]))) }
}

const CitizenRow = z
  .object({
    personal_id: personalId,
    sex: z.enum(['F', 'M'], { error: 'must be F or M' }),
    birth_date: date,
    area_code: areaCode,
    interpreter_need: bool,
    end_date: optionalDate,
  })
  .superRefine((row, ctx) => {
    const birthDate = birthDateOfPersonalId(row.personal_id)
    if (birthDate !== row.birth_date) {
      ctx.addIssue({ code: 'custom', path: ['birth_date'], message: 'does not agree with the date of birth in the personal identity number' })
    }
    const sex = sexOfPersonalId(row.personal_id)
    if (sex !== row.sex) {
      ctx.addIssue({ code: 'custom', path: ['sex'], message: `does not agree with the personal identity number (which gives ${sex === 'F' ? 'F' : 'M'})` })
    }
    if (row.end_date !== null && row.end_date <= row.birth_date) {
      ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'must be after birth_date' })
    }
  }, whenValid('personal_id', 'sex', 'birth_date', 'end_date'))

const ListingRow = z
  .object({
    personal_id: personalId,
    hsa_id: hsaId,
    valid_from: date,
    valid_to: optionalDate,
    kind: z.enum(['chosen', 'assigned'], { error: 'must be chosen or assigned' }),
  })
  .superRefine((row, ctx) => {
    if (row.valid_to !== null && row.valid_to <= row.valid_from) {
      ctx.addIssue({ code: 'custom', path: ['valid_to'], message: 'must be after valid_from' })
    }
  }, whenValid('valid_from', 'valid_to'))

const CareWeightRow = z.object({
  personal_id: personalId,
  valid_from: month,
  weight: decimal(4, 4).refine((v) => /[1-9]/.test(v), 'must be greater than 0'),
})

const GuardianRow = z
  .object({
    child_personal_id: personalId,
    guardian_personal_id: personalId,
  })
  .superRefine((row, ctx) => {
    if (row.child_personal_id === row.guardian_personal_id) {
      ctx.addIssue({ code: 'custom', path: ['guardian_personal_id'], message: 'a person cannot be their own guardian' })
    }
  }, whenValid('child_personal_id', 'guardian_personal_id'))

/** A count of a quality indicator: fits PostgreSQL's integer. */
const count = z
  .string()
  .min(1, 'is required (a whole number 0 or more)')
  .regex(/^\d{1,10}$/, 'must be a whole number 0 or more')
  .transform(Number)
  .refine((n) => n <= 2_147_483_647, 'is too large (at most 2147483647)')

const QualityRow = z
  .object({
    hsa_id: hsaId,
    indicator: z
      .string()
      .min(1, 'is required (an indicator code)')
      .regex(/^[A-Z0-9_]{1,40}$/, 'must be an indicator code of at most 40 characters: use capital letters, digits and _'),
    period: z
      .string()
      .min(1, 'is required (a period such as 2026 or 2026-H2)')
      .regex(/^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/, 'must be a period YYYY, YYYY-H1, YYYY-H2, YYYY-Q1 to YYYY-Q4 or YYYY-MM'),
    numerator: count,
    denominator: count,
    published: date,
  })
  .superRefine((row, ctx) => {
    if (row.numerator > row.denominator) {
      ctx.addIssue({ code: 'custom', path: ['numerator'], message: `must not be greater than denominator (${row.numerator} > ${row.denominator})` })
    }
  }, whenValid('numerator', 'denominator'))

type Cell = string | number | boolean | null

export interface ImportKindSpec {
  kind: ImportKind
  /** Columns that must be in the header. */
  required: readonly string[]
  /** Columns read when present (empty when absent). */
  optional: readonly string[]
  /** The zod schema of one row, keyed by column name. */
  row: z.ZodType<unknown, Record<string, string>>
  /** The staged values of a parsed row, in the order of `stagingColumns`. */
  toStaging(row: never): Cell[]
}

function spec<S extends z.ZodType<unknown, Record<string, string>>>(
  kind: ImportKind,
  required: readonly string[],
  optional: readonly string[],
  row: S,
  toStaging: (row: z.output<S>) => Cell[],
): ImportKindSpec {
  return { kind, required, optional, row, toStaging: toStaging as (row: never) => Cell[] }
}

export const IMPORT_SPECS: Record<ImportKind, ImportKindSpec> = {
  areas: spec('areas', ['area_code', 'municipality_code', 'name'], ['cni', 'lat', 'lon'], AreaRow, (r) => [
    r.area_code, r.municipality_code, r.name, r.cni, r.lat, r.lon,
  ]),
  clinics: spec('clinics', ['hsa_id', 'name', 'area_code', 'ownership', 'geography_points'], ['lat', 'lon'], ClinicRow, (r) => [
    r.hsa_id, r.name, r.area_code, r.ownership, r.geography_points, r.lat, r.lon,
  ]),
  citizens: spec('citizens', ['personal_id', 'sex', 'birth_date', 'area_code', 'interpreter_need'], ['end_date'], CitizenRow, (r) => [
    r.personal_id, r.sex, r.birth_date, r.area_code, r.interpreter_need, r.end_date,
  ]),
  listings: spec('listings', ['personal_id', 'hsa_id', 'valid_from', 'valid_to', 'kind'], [], ListingRow, (r) => [
    r.personal_id, r.hsa_id, r.valid_from, r.valid_to, r.kind,
  ]),
  'care-weights': spec('care-weights', ['personal_id', 'valid_from', 'weight'], [], CareWeightRow, (r) => [
    r.personal_id, r.valid_from, r.weight,
  ]),
  guardians: spec('guardians', ['child_personal_id', 'guardian_personal_id'], [], GuardianRow, (r) => [
    r.child_personal_id, r.guardian_personal_id,
  ]),
  quality: spec('quality', ['hsa_id', 'indicator', 'period', 'numerator', 'denominator', 'published'], [], QualityRow, (r) => [
    r.hsa_id, r.indicator, r.period, r.numerator, r.denominator, r.published,
  ]),
}

/** Where each column the kind reads is in the file's rows (-1: an optional column that is absent). */
export interface HeaderMap {
  names: readonly string[]
  indexes: readonly number[]
  /** Fields per row, from the header. */
  width: number
}

/** Maps a header row to column positions; reports missing and repeated columns. */
export function mapHeader(
  spec: ImportKindSpec,
  header: readonly string[],
  line = 1,
): { ok: true; header: HeaderMap } | { ok: false; problems: RowProblem[] } {
  const positions = new Map<string, number>()
  const problems: RowProblem[] = []
  const known = [...spec.required, ...spec.optional]
  header.forEach((raw, i) => {
    const name = raw.trim()
    if (!known.includes(name)) return // extra columns are ignored
    if (positions.has(name)) problems.push({ line, column: name, problem: 'appears more than once in the header' })
    positions.set(name, i)
  })
  for (const name of spec.required) {
    if (!positions.has(name)) problems.push({ line, column: name, problem: `missing from the header (${spec.kind} files need ${spec.required.join(', ')})` })
  }
  if (problems.length) return { ok: false, problems }
  return { ok: true, header: { names: known, indexes: known.map((n) => positions.get(n) ?? -1), width: header.length } }
}

/** Validates one record; returns the staged cells or the problems, each naming its column. */
export function checkRow(
  spec: ImportKindSpec,
  header: HeaderMap,
  record: readonly string[],
  line: number,
): { ok: true; cells: Cell[] } | { ok: false; problems: RowProblem[] } {
  const input: Record<string, string> = {}
  for (let i = 0; i < header.names.length; i++) {
    const at = header.indexes[i]!
    input[header.names[i]!] = at < 0 ? '' : (record[at] ?? '').trim()
  }
  const result = spec.row.safeParse(input)
  if (result.success) return { ok: true, cells: spec.toStaging(result.data as never) }
  // One problem per column: the first is the clearest.
  const seen = new Set<string>()
  const problems: RowProblem[] = []
  for (const issue of result.error.issues) {
    const column = String(issue.path[0] ?? 'row')
    if (seen.has(column)) continue
    seen.add(column)
    problems.push({ line, column, problem: issue.message })
  }
  return { ok: false, problems }
}

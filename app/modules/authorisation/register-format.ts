/**
 * The register of authorised clinics (register över auktoriserade vårdcentraler) as its pages and
 * the open data show it: a clinic's status on a day from its status history, the words for it, and
 * the CSV and JSON rows (docs/open-data-register.md). Pure: the pages, the files and the tests
 * share it. Reasons never reach the open data (only the region's pages show them), nor a sole
 * trader's organisation number, which is a personnummer.
 */
import { csvField } from '../demo/rules.ts'

export const authorisationStatuses = ['authorised', 'suspended', 'revoked', 'ended'] as const
export type AuthorisationStatus = (typeof authorisationStatuses)[number]

/** What a clinic is on a day: a status of the register, or `upcoming` before its first authorised day. */
export const registerStates = ['authorised', 'upcoming', 'suspended', 'revoked', 'ended'] as const
export type RegisterState = (typeof registerStates)[number]

export interface StatusChange {
  status: AuthorisationStatus
  /** The first day of the status (YYYY-MM-DD). */
  from: string
}

export interface StatusHistoryRow extends StatusChange {
  /** Why (the region's pages only; null for the first authorisation). */
  reason: string | null
  decidedBy: string | null
  /** When the decision was registered (ISO timestamp). */
  decidedAt: string
}

export interface StatusToday {
  state: RegisterState
  /** Since when the state holds (the first authorised day for `upcoming`: from then). */
  since: string
  /** For `authorised`: the day a decided end (suspension, revocation or end) takes effect, if any. */
  until: string | null
}

/**
 * A clinic's status on `today` from its history (oldest first) and its authorised days
 * [authorisedFrom, authorisedTo). A clinic whose end was set before the register kept history
 * (authorised_to without a row) is ended from that day.
 */
export function statusOn(
  history: readonly StatusChange[],
  clinic: { authorisedFrom: string; authorisedTo: string | null },
  today: string,
): StatusToday {
  const sorted = byDay(history)
  // Revoked or ended before its first day: the authorisation never begins (an empty one).
  if (clinic.authorisedTo !== null && clinic.authorisedTo <= clinic.authorisedFrom) {
    const end = sorted.find((row) => row.status !== 'authorised' && row.from >= clinic.authorisedFrom)
    return { state: end?.status ?? 'ended', since: clinic.authorisedTo, until: null }
  }
  const current = sorted.filter((row) => row.from <= today).at(-1)
  if (!current || today < clinic.authorisedFrom) return { state: 'upcoming', since: clinic.authorisedFrom, until: clinic.authorisedTo }
  if (current.status !== 'authorised') return { state: current.status, since: current.from, until: null }
  if (clinic.authorisedTo !== null && clinic.authorisedTo <= today) return { state: 'ended', since: clinic.authorisedTo, until: null }
  const end = sorted.find((row) => row.from > today && row.status !== 'authorised')
  return { state: 'authorised', since: current.from, until: end?.from ?? clinic.authorisedTo }
}

/** Oldest first by day; rows of one day keep the order given (the register reads them by id, as decided). */
function byDay<T extends StatusChange>(history: readonly T[]): T[] {
  return [...history].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
}

/** The newest row of a history: what a new status change follows (and must come after). */
export function latestStatus<T extends StatusChange>(history: readonly T[]): T | null {
  return byDay(history).at(-1) ?? null
}

/** The words of the register's states, from the message catalogue (t.register.status). */
export interface StatusWords {
  authorised: string
  authorisedUntil: (date: string) => string
  upcoming: (date: string) => string
  suspended: string
  revoked: string
  ended: string
}

/** "Auktoriserad", "Auktoriserad till 2027-03-01", "Auktoriserad från …", "Tillfälligt avstängd", "Återkallad", "Avslutad". */
export function statusWording(status: StatusToday, words: StatusWords): string {
  switch (status.state) {
    case 'authorised':
      return status.until ? words.authorisedUntil(status.until) : words.authorised
    case 'upcoming':
      return words.upcoming(status.since)
    default:
      return words[status.state]
  }
}

/** One clinic of the register, as the services read it. */
export interface RegisterEntry {
  clinicId: number
  hsaId: string
  name: string
  /** The provider's organisation number (10 digits) when the clinic came by an approved application. */
  organisationNumber: string | null
  agreementNumber: string | null
  municipalityCode: string
  municipality: string
  ownership: 'public' | 'private'
  streetAddress: string | null
  postalCode: string | null
  city: string | null
  authorisedFrom: string
  authorisedTo: string | null
  today: StatusToday
  /** Oldest first; reasons and deciders only where the caller asked for them (the region's pages). */
  history: StatusHistoryRow[]
}

/**
 * Whether a 10-digit organisation number is a legal entity's. A sole trader's (enskild
 * näringsidkare) is their personnummer, whose digits 3–4 (the month) are below 20; a legal
 * entity's are 20 or more. Only a legal entity's is published.
 */
export function isLegalEntityOrgNumber(digits: string): boolean {
  return /^\d{10}$/.test(digits) && Number(digits.slice(2, 4)) >= 20
}

/** The organisation number as open data gives it: null unless a legal entity's (never personal data). */
export function publishedOrgNumber(digits: string | null): string | null {
  return digits !== null && isLegalEntityOrgNumber(digits) ? digits : null
}

/**
 * A CSV cell a spreadsheet will not run: a value beginning with =, +, -, @, a tab or a carriage
 * return gets a leading apostrophe (OWASP's advice on CSV injection), then RFC 4180 quoting.
 */
export function safeCsvField(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)
}

/** The open data's columns, in order (docs/open-data-register.md). */
export const REGISTER_CSV_COLUMNS = [
  'hsa_id',
  'name',
  'organisation_number',
  'municipality_code',
  'municipality',
  'ownership',
  'status',
  'authorised_from',
  'authorised_to',
  'history',
] as const

export const REGISTER_CSV_HEADER = REGISTER_CSV_COLUMNS.join(',')

/** The history column: `status:from` per change, oldest first, separated by `;`. */
export function historyField(history: readonly StatusChange[]): string {
  return history.map((h) => `${h.status}:${h.from}`).join(';')
}

/**
 * One CSV record (RFC 4180: a field is quoted only when it holds a comma, a quote or a line
 * break; a formula-like cell is defused), without the line ending.
 */
export function registerCsvRow(entry: RegisterEntry): string {
  const fields = [
    entry.hsaId,
    entry.name,
    publishedOrgNumber(entry.organisationNumber) ?? '',
    entry.municipalityCode,
    entry.municipality,
    entry.ownership,
    entry.today.state,
    entry.authorisedFrom,
    entry.authorisedTo ?? '',
    historyField(entry.history),
  ]
  return fields.map(safeCsvField).join(',')
}

/** The whole CSV file: a header row and one row per clinic, CRLF line endings (RFC 4180). */
export function registerCsv(entries: readonly RegisterEntry[]): string {
  return [REGISTER_CSV_HEADER, ...entries.map(registerCsvRow)].map((line) => `${line}\r\n`).join('')
}

export interface RegisterJsonClinic {
  hsaId: string
  name: string
  organisationNumber: string | null
  municipalityCode: string
  municipality: string
  ownership: 'public' | 'private'
  status: RegisterState
  authorisedFrom: string
  authorisedTo: string | null
  history: StatusChange[]
}

export interface RegisterJson {
  /** When the file was made (ISO timestamp). */
  generatedAt: string
  /** The Swedish day the statuses are for. */
  date: string
  clinics: RegisterJsonClinic[]
}

/** The JSON document: status and dates only, never a reason, who decided or a sole trader's number. */
export function registerJson(entries: readonly RegisterEntry[], date: string, generatedAt: Date): RegisterJson {
  return {
    generatedAt: generatedAt.toISOString(),
    date,
    clinics: entries.map((e) => ({
      hsaId: e.hsaId,
      name: e.name,
      organisationNumber: publishedOrgNumber(e.organisationNumber),
      municipalityCode: e.municipalityCode,
      municipality: e.municipality,
      ownership: e.ownership,
      status: e.today.state,
      authorisedFrom: e.authorisedFrom,
      authorisedTo: e.authorisedTo,
      history: e.history.map((h) => ({ status: h.status, from: h.from })),
    })),
  }
}

/** The public page's filters: a state (or every one) and a municipality (or every one). */
export interface RegisterFilters {
  state: RegisterState | null
  municipalityCode: string | null
}

export function filterRegister<T extends Pick<RegisterEntry, 'today' | 'municipalityCode'>>(entries: readonly T[], f: RegisterFilters): T[] {
  return entries.filter((e) => (f.state === null || e.today.state === f.state) && (f.municipalityCode === null || e.municipalityCode === f.municipalityCode))
}

/** The query string's filter values (`?status=…&kommun=…`), as given. */
export interface RegisterFilterParams {
  status: string | null
  kommun: string | null
}

/**
 * The public page's filters from its query string: a status the register does not know, or a
 * municipality without a clinic in it, is ignored (and named, so the page can say so), never an error.
 */
export function parseRegisterFilters(params: RegisterFilterParams, municipalityCodes: readonly string[]): { filters: RegisterFilters; ignored: ('status' | 'kommun')[] } {
  const ignored: ('status' | 'kommun')[] = []
  const status = params.status?.trim() || null
  const kommun = params.kommun?.trim() || null
  const state = status !== null && (registerStates as readonly string[]).includes(status) ? (status as RegisterState) : null
  if (status !== null && state === null) ignored.push('status')
  const municipalityCode = kommun !== null && municipalityCodes.includes(kommun) ? kommun : null
  if (kommun !== null && municipalityCode === null) ignored.push('kommun')
  return { filters: { state, municipalityCode }, ignored }
}

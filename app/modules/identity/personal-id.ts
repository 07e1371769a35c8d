/**
 * Personal identity numbers (personnummer) and coordination numbers (samordningsnummer):
 * pure rules, no I/O. Format `YYYYMMDDNNNC`, optionally `YYYYMMDD-NNNC`; C is the Luhn check
 * digit over the last ten digits; a samordningsnummer has 60 added to the day; the
 * second-to-last digit is odd for men and even for women.
 */

export type Sex = 'F' | 'M'

export interface PersonalId {
  /** 12 digits, no separator: how it is stored and exported. */
  id: string
  /** `YYYY-MM-DD`, with the day corrected for a samordningsnummer. */
  birthDate: string
  sex: Sex
  coordinationNumber: boolean
}

export type PersonalIdResult = { ok: true; value: PersonalId } | { ok: false; problem: string }

const SHAPE = /^(\d{8})-?(\d{4})$/

/** The Luhn check digit for the nine digits given. */
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0
  for (let i = 0; i < nineDigits.length; i++) {
    let d = nineDigits.charCodeAt(i) - 48
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return (10 - (sum % 10)) % 10
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Whether y-m-d is a real date of the Gregorian calendar (runs per row on imports: no Date objects). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return day <= DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)
}

/**
 * What is wrong with an identity number, or null if nothing is. Allocation-free on success: the
 * imports call it for millions of rows.
 */
export function personalIdProblem(input: string): string | null {
  if (!SHAPE.test(input)) return 'must be 12 digits, YYYYMMDDNNNC or YYYYMMDD-NNNC'
  const id = normalisePersonalId(input)
  const year = Number(id.slice(0, 4))
  let day = Number(id.slice(6, 8))
  if (day > 60) day -= 60
  if (year < 1850 || !isCalendarDate(year, Number(id.slice(4, 6)), day)) return 'does not begin with a valid date of birth'
  if (luhnCheckDigit(id.slice(2, 11)) !== id.charCodeAt(11) - 48) return 'wrong check digit (Luhn)'
  return null
}

/** 12 digits without the separator (the input must have the right shape). */
export function normalisePersonalId(input: string): string {
  return input.length === 13 ? input.slice(0, 8) + input.slice(9) : input
}

/** `YYYY-MM-DD` of a valid 12-digit number, the day corrected for a samordningsnummer. */
export function birthDateOfPersonalId(id: string): string {
  const day = Number(id.slice(6, 8))
  return `${id.slice(0, 4)}-${id.slice(4, 6)}-${day > 60 ? String(day - 60).padStart(2, '0') : id.slice(6, 8)}`
}

/** Legal sex of a valid 12-digit number: the second-to-last digit, odd for men. */
export function sexOfPersonalId(id: string): Sex {
  return (id.charCodeAt(10) - 48) % 2 === 1 ? 'M' : 'F'
}

/** Parses and checks an identity number; the problem, if any, is a sentence for a person. */
export function parsePersonalId(input: string): PersonalIdResult {
  const trimmed = input.trim()
  const problem = personalIdProblem(trimmed)
  if (problem) return { ok: false, problem }
  const id = normalisePersonalId(trimmed)
  return { ok: true, value: { id, birthDate: birthDateOfPersonalId(id), sex: sexOfPersonalId(id), coordinationNumber: Number(id.slice(6, 8)) > 60 } }
}

/** Builds a valid identity number from a birth date, a three-digit serial and whether it is a samordningsnummer. */
export function makePersonalId(birthDate: string, serial: number, coordinationNumber = false): string {
  if (!Number.isInteger(serial) || serial < 0 || serial > 999) throw new RangeError('serial must be 0-999')
  const [y, m, d] = birthDate.split('-')
  const day = Number(d) + (coordinationNumber ? 60 : 0)
  const first11 = `${y}${m}${String(day).padStart(2, '0')}${String(serial).padStart(3, '0')}`
  return first11 + String(luhnCheckDigit(first11.slice(2)))
}

const PERSONAL_ID_IN_TEXT = /(?<!\d)(?:(?:18|19|20)\d{6}[-+]?\d{4}|\d{6}[-+]\d{4})(?!\d)/g
const TEN_DIGITS = /(?<!\d)\d{10}(?!\d)/g

/** A bare ten-digit number is masked when it reads as YYMMDDNNNC with a valid check digit. */
function looksLikeShortPersonalId(digits: string): boolean {
  const month = Number(digits.slice(2, 4))
  const day = Number(digits.slice(4, 6))
  return month >= 1 && month <= 12 && ((day >= 1 && day <= 31) || (day >= 61 && day <= 91)) && luhnCheckDigit(digits.slice(0, 9)) === digits.charCodeAt(9) - 48
}

/** Masks anything that looks like an identity number, for logs and error messages. */
export function redactPersonalIds(text: string): string {
  return text
    .replace(PERSONAL_ID_IN_TEXT, '[personnummer]')
    .replace(TEN_DIGITS, (digits) => (looksLikeShortPersonalId(digits) ? '[personnummer]' : digits))
}

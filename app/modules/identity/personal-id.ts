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

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return day <= daysInMonth
}

/** Parses and checks an identity number; the problem, if any, is a sentence for a person. */
export function parsePersonalId(input: string): PersonalIdResult {
  const match = SHAPE.exec(input.trim())
  if (!match) return { ok: false, problem: 'must be 12 digits, YYYYMMDDNNNC or YYYYMMDD-NNNC' }
  const id = match[1]! + match[2]!
  const year = Number(id.slice(0, 4))
  const month = Number(id.slice(4, 6))
  let day = Number(id.slice(6, 8))
  const coordinationNumber = day > 60
  if (coordinationNumber) day -= 60
  if (year < 1850 || !isCalendarDate(year, month, day)) {
    return { ok: false, problem: `${id.slice(0, 8)} is not a valid date of birth` }
  }
  const expected = luhnCheckDigit(id.slice(2, 11))
  if (expected !== Number(id[11])) return { ok: false, problem: 'wrong check digit (Luhn)' }
  const birthDate = `${id.slice(0, 4)}-${id.slice(4, 6)}-${String(day).padStart(2, '0')}`
  const sex: Sex = Number(id[10]) % 2 === 1 ? 'M' : 'F'
  return { ok: true, value: { id, birthDate, sex, coordinationNumber } }
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

/** Masks anything that looks like an identity number, for logs and error messages. */
export function redactPersonalIds(text: string): string {
  return text.replace(PERSONAL_ID_IN_TEXT, '[personnummer]')
}

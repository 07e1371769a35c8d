/**
 * Numbers and money on the payment-model pages, from the decimal strings the payment engine gives:
 * digits are grouped and the decimal mark swapped, never converted to a binary float. The output
 * is what Intl.NumberFormat gives for sv-SE and en-GB ("1 234 567,89 kr", "SEK 1,234,567.89"),
 * but the same on the server and in every browser, so hydration never differs.
 */
import type { Locale } from '../../i18n/i18n.tsx'
import { Fraction } from '../../modules/payments/rules.ts'

const NBSP = '\u00a0'
const MINUS = '\u2212'

interface Style {
  group: string
  decimal: string
  minus: string
  money: (digits: string, sign: string) => string
  percent: (digits: string, sign: string) => string
}

const styles: Record<Locale, Style> = {
  sv: {
    group: NBSP,
    decimal: ',',
    minus: MINUS,
    money: (digits, sign) => `${sign}${digits}${NBSP}kr`,
    percent: (digits, sign) => `${sign}${digits}${NBSP}%`,
  },
  en: {
    group: ',',
    decimal: '.',
    minus: '-',
    money: (digits, sign) => `${sign}SEK${NBSP}${digits}`,
    percent: (digits, sign) => `${sign}${digits}%`,
  },
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/

interface Options {
  /** Pads the decimals to at least this many. */
  minDecimals?: number
  /** A plus sign on positive figures (differences). */
  signed?: boolean
}

function parts(text: string, locale: Locale, { minDecimals = 0, signed = false }: Options): { digits: string; sign: string } {
  const match = DECIMAL.exec(text)
  if (!match) throw new RangeError(`${JSON.stringify(text)} is not a decimal number`)
  const style = styles[locale]
  const whole = match[2]!.replace(/^0+(?=\d)/, '')
  const fraction = (match[3] ?? '').padEnd(minDecimals, '0')
  const zero = /^0*$/.test(whole + fraction)
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, style.group)
  const digits = fraction ? `${grouped}${style.decimal}${fraction}` : grouped
  const sign = zero ? '' : match[1] === '-' ? style.minus : signed ? '+' : ''
  return { digits, sign }
}

/** "1234567.89" → "1 234 567,89" (sv) or "1,234,567.89" (en). */
export function formatNumber(text: string, locale: Locale, options: Options = {}): string {
  const { digits, sign } = parts(text, locale, options)
  return `${sign}${digits}`
}

/** "1234567.89" → "1 234 567,89 kr" (sv) or "SEK 1,234,567.89" (en); at least two decimals. */
export function formatMoney(text: string, locale: Locale, options: Omit<Options, 'minDecimals'> = {}): string {
  const { digits, sign } = parts(text, locale, { ...options, minDecimals: 2 })
  return styles[locale].money(digits, sign)
}

/** A percentage already in per cent: "2.3" → "2,3 %" (sv) or "2.3%" (en). */
export function formatPercent(text: string, locale: Locale, options: Options = {}): string {
  const { digits, sign } = parts(text, locale, options)
  return styles[locale].percent(digits, sign)
}

/** A rate or share as a percentage, exactly: "0.03" → "3 %", "0.125" → "12,5 %". */
export function formatRate(text: string, locale: Locale): string {
  const perCent = Fraction.parse(text)
    .mul(100)
    .toFixed(4)
    .replace(/\.?0+$/, '')
  return formatPercent(perCent, locale)
}

/** A Date as "2026-11-22 14:05" in Swedish time, the same in both languages. */
export function formatDateTime(date: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' }).format(date)
}

/**
 * Figures on every page, from the decimal strings the services return: digits are regrouped and the
 * decimal mark swapped, never turned into a binary float. The output is what Intl.NumberFormat gives
 * for sv-SE and en-GB ("1 234 567,89 kr", "SEK 1,234,567.89"), but the same on the server and in
 * every browser, so a hydrated page shows exactly what the server rendered. Dates and times are
 * written the Swedish way, in Swedish time, in both languages.
 */
import type { Locale } from '../../i18n/i18n.tsx'
import { Fraction } from '../../modules/payments/rules.ts'

const NBSP = '\u00a0'
/** The typographic minus Swedish style uses; English keeps the hyphen-minus. */
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

export interface NumberOptions {
  /** Pads the decimals to at least this many. */
  minDecimals?: number
  /** A plus sign on positive figures (differences); zero never has a sign. */
  signed?: boolean
}

function parts(text: string, locale: Locale, { minDecimals = 0, signed = false }: NumberOptions): { digits: string; sign: string } {
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

/** A decimal string, every digit kept: "-1234567.89" → "−1 234 567,89" (sv) or "-1,234,567.89" (en). */
export function formatNumber(text: string, locale: Locale, options: NumberOptions = {}): string {
  const { digits, sign } = parts(text, locale, options)
  return `${sign}${digits}`
}

/** A count: 1234567 → "1 234 567" (sv) or "1,234,567" (en). */
export function formatInteger(n: number, locale: Locale): string {
  return formatNumber(String(n), locale)
}

/** Kronor, at least two decimals: "1234567.89" → "1 234 567,89 kr" (sv) or "SEK 1,234,567.89" (en). */
export function formatMoney(text: string, locale: Locale, options: Omit<NumberOptions, 'minDecimals'> = {}): string {
  const { digits, sign } = parts(text, locale, { ...options, minDecimals: 2 })
  return styles[locale].money(digits, sign)
}

function perCent(text: string, locale: Locale, options: NumberOptions): string {
  const { digits, sign } = parts(text, locale, options)
  return styles[locale].percent(digits, sign)
}

/** A share from 0 to 1 as a percentage, rounded half up: "0.678571" → "67,9 %" (sv) or "67.9%" (en). */
export function formatPercent(share: string, locale: Locale, { decimals = 1 }: { decimals?: number } = {}): string {
  return perCent(Fraction.parse(share).mul(100).toFixed(decimals), locale, {})
}

/** A change already in per cent, with its sign: "7.5" → "+7,5 %", "-2.3" → "−2,3 %", "0.0" → "0,0 %". */
export function formatPercentChange(percent: string, locale: Locale): string {
  return perCent(percent, locale, { signed: true })
}

/** A rate of a model parameter as a percentage, exactly (up to 4 decimals): "0.03" → "3 %", "0.125" → "12,5 %". */
export function formatRate(rate: string, locale: Locale): string {
  const exact = Fraction.parse(rate)
    .mul(100)
    .toFixed(4)
    .replace(/\.?0+$/, '')
  return perCent(exact, locale, {})
}

/** The payment per listed citizen, divided exactly and rounded half up to öre; null without citizens. */
export function perCitizen(total: string, listedCitizens: number): string | null {
  return listedCitizens > 0 ? Fraction.parse(total).div(listedCitizens).toFixed(2) : null
}

/** "2,3 s", "1 min 5 s". Durations are measurements, not money: a float is fine here. */
export function formatSeconds(seconds: number, locale: Locale): string {
  if (seconds < 60) return `${formatNumber(seconds.toFixed(1), locale)}${NBSP}s`
  const whole = Math.round(seconds)
  return `${Math.floor(whole / 60)}${NBSP}min ${whole % 60}${NBSP}s`
}

const stockholm = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

function stockholmParts(at: Date | string | number): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of stockholm.formatToParts(new Date(at))) out[part.type] = part.value
  return out
}

/** "2026-10-13 14:05" in Swedish time, the same in both languages (ISO order reads unambiguously). */
export function formatDateTime(at: Date | string | number): string {
  const p = stockholmParts(at)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

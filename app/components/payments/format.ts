/**
 * Figures for the payment pages, from the decimal strings the services return: money is never
 * turned into a binary float, only regrouped ("1 234 567,89 kr" in Swedish, "SEK 1,234,567.89" in
 * English). Dates and times are written the Swedish way in Swedish time on both server and browser,
 * so a hydrated page shows exactly what the server rendered.
 */
import type { Locale } from '../../i18n/i18n.tsx'
import { Fraction } from '../../modules/payments/rules.ts'

const NBSP = '\u00a0'
/** The typographic minus Swedish style uses; English keeps the hyphen-minus. */
const MINUS = '\u2212'
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/

function group(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator)
}

interface Parts {
  negative: boolean
  body: string
}

function parts(text: string, locale: Locale): Parts | null {
  const m = DECIMAL.exec(text)
  if (!m) return null
  const [, sign = '', whole = '0', decimals] = m
  const sv = locale === 'sv'
  const body = group(whole, sv ? NBSP : ',') + (decimals ? (sv ? ',' : '.') + decimals : '')
  return { negative: sign === '-' && /[1-9]/.test(whole + (decimals ?? '')), body }
}

/** A decimal string in the page's style, every digit kept: "−1 234,5678" / "-1,234.5678". */
export function formatDecimal(text: string, locale: Locale): string {
  const p = parts(text, locale)
  if (!p) return text
  return p.negative ? (locale === 'sv' ? MINUS : '-') + p.body : p.body
}

export function formatInteger(n: number, locale: Locale): string {
  return formatDecimal(String(n), locale)
}

/** Kronor from a decimal string: "1 234 567,89 kr" / "SEK 1,234,567.89". */
export function formatMoney(text: string, locale: Locale, options: { signed?: boolean } = {}): string {
  const p = parts(text, locale)
  if (!p) return text
  const sign = p.negative ? (locale === 'sv' ? MINUS : '-') : options.signed && /[1-9]/.test(p.body) ? '+' : ''
  return locale === 'sv' ? `${sign}${p.body}${NBSP}kr` : `${sign}SEK${NBSP}${p.body}`
}

/** A share from 0 to 1 as a percentage: "0.812345" → "81,2 %" / "81.2%". */
export function formatPercent(share: string, locale: Locale, decimals = 1): string {
  const value = formatDecimal(Fraction.parse(share).mul(100).toFixed(decimals), locale)
  return locale === 'sv' ? `${value}${NBSP}%` : `${value}%`
}

/** A percentage that is already in percent ("7.5"), with its sign: "+7,5 %". */
export function formatPercentPoints(percent: string, locale: Locale): string {
  const p = parts(percent, locale)
  if (!p) return percent
  const sign = p.negative ? (locale === 'sv' ? MINUS : '-') : /[1-9]/.test(p.body) ? '+' : ''
  return locale === 'sv' ? `${sign}${p.body}${NBSP}%` : `${sign}${p.body}%`
}

/** The payment per listed citizen, divided exactly and rounded half up to öre; null without citizens. */
export function perCitizen(total: string, listedCitizens: number): string | null {
  return listedCitizens > 0 ? Fraction.parse(total).div(listedCitizens).toFixed(2) : null
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

/** The month (YYYY-MM) it is now in Sweden. */
export function currentSwedishMonth(now: Date = new Date()): string {
  const p = stockholmParts(now)
  return `${p.year}-${p.month}`
}

/** "2,3 s", "1 min 5 s". Durations are measurements, not money: a float is fine here. */
export function formatSeconds(seconds: number, locale: Locale): string {
  if (seconds < 60) return `${formatDecimal(seconds.toFixed(1), locale)}${NBSP}s`
  const whole = Math.round(seconds)
  return `${Math.floor(whole / 60)}${NBSP}min ${whole % 60}${NBSP}s`
}

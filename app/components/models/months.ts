/** Months (YYYY-MM) as the region counts them: in Swedish time. */
import { previousMonth } from '../../modules/payments/rules.ts'

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/

/** The current month in Sweden, e.g. "2026-11". */
export function currentMonth(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' }).format(now)
}

/** The latest month that is over: the what-if looks back, never at a month still running. */
export function latestPastMonth(now: Date = new Date()): string {
  return previousMonth(currentMonth(now))
}

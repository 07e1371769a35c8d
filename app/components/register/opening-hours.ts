/**
 * Opening hours in a form: one text field per weekday, "08:00–17:00, 18:00–20:00", empty for
 * closed. Pure, so the page and the tests share it; the service validates the result as the
 * clinic's own shape (OpeningHoursSchema).
 */
import type { OpeningHours } from '../../modules/clinics/finder.ts'

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const

/** The form field of a weekday. */
export const hoursField = (day: number) => `hours-${day}`

/** A day's periods as the field shows them. */
export function hoursText(hours: OpeningHours, day: number): string {
  return hours
    .filter((h) => h.day === day)
    .map((h) => `${h.opens}–${h.closes}`)
    .join(', ')
}

const PERIOD = /^(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})$/

const pad = (h: string, m: string) => `${h.padStart(2, '0')}:${m}`

/**
 * Every weekday's field read into opening hours, or the days whose text does not read as periods.
 * A time's shape (00:00–23:59, opens before closes) is the service's to check.
 */
export function parseHoursFields(read: (name: string) => string): { ok: true; hours: OpeningHours } | { ok: false; days: number[] } {
  const hours: OpeningHours = []
  const bad: number[] = []
  for (const day of WEEKDAYS) {
    const text = read(hoursField(day)).trim()
    if (text === '') continue
    for (const part of text.split(',')) {
      const m = PERIOD.exec(part.trim())
      if (!m) {
        bad.push(day)
        break
      }
      hours.push({ day, opens: pad(m[1]!, m[2]!), closes: pad(m[3]!, m[4]!) })
    }
  }
  return bad.length ? { ok: false, days: bad } : { ok: true, hours }
}

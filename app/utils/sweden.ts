/**
 * Dates as Sweden reads them: listings, authorisations and payment months change at Swedish
 * midnight (CET/CEST), not at UTC midnight. Pure, so server, jobs and browser share it.
 */
const SWEDISH_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' })

/** The date (YYYY-MM-DD) in Sweden at `at`. */
export function swedishDate(at: Date | number = new Date()): string {
  return SWEDISH_DATE.format(at)
}

/** The month (YYYY-MM) in Sweden at `at`. */
export function swedishMonth(at: Date | number = new Date()): string {
  return swedishDate(at).slice(0, 7)
}

/** Months (YYYY-MM) as the region counts them: in Swedish time. */
import { previousMonth } from '../../modules/payments/rules.ts'
import { swedishMonth } from '../../utils/sweden.ts'

/** The latest month that is over: the what-if looks back, never at a month still running. */
export function latestPastMonth(now: Date = new Date()): string {
  return previousMonth(swedishMonth(now))
}

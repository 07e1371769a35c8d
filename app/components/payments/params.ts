/** The zod schemas of the payment pages' addresses and forms, shared by loaders and actions. */
import { z } from 'zod'
import { MONTH_PATTERN, previousMonth } from '../../modules/payments/rules.ts'

export const MonthSchema = z.string().regex(MONTH_PATTERN)
export const RevisionSchema = z.coerce.number().int().min(1).max(1_000_000)
/** HSA ids are letters, digits and hyphens, e.g. SE2321000131-E000000000101. */
export const HsaIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/)
/** BullMQ job ids of the payments queue are counters. */
export const JobIdSchema = z.string().regex(/^\d{1,18}$/)
export const PageSchema = z.coerce.number().int().min(1).max(1_000_000).default(1)

export const SpecificationParams = z.object({ month: MonthSchema, revision: RevisionSchema, hsaId: HsaIdSchema })

/** Lines per page in a specification. */
export const LINES_PAGE_SIZE = 50

/** The months from `month` back `count` months, newest first. */
export function monthsBack(month: string, count: number): string[] {
  const out: string[] = []
  for (let i = 0; i < count; i++, month = previousMonth(month)) out.push(month)
  return out
}

export function regionMonthHref(month: string, revision?: number): string {
  return `/region/ersattning/${month}${revision ? `?revision=${revision}` : ''}`
}

export function specificationHref(tree: 'region' | 'clinic', month: string, revision: number, hsaId: string): string {
  const base = tree === 'region' ? '/region/ersattning' : '/mottagning/ersattning'
  return `${base}/${month}/${revision}/${encodeURIComponent(hsaId)}`
}

/** The zod schemas of the payment pages' addresses and forms, shared by loaders and actions. */
import { z } from 'zod'

export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)
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
  let y = Number(month.slice(0, 4))
  let m = Number(month.slice(5, 7))
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    m -= 1
    if (m === 0) {
      m = 12
      y -= 1
    }
  }
  return out
}

export function regionMonthHref(month: string, revision?: number): string {
  return `/region/ersattning/${month}${revision ? `?revision=${revision}` : ''}`
}

export function specificationHref(tree: 'region' | 'clinic', month: string, revision: number, hsaId: string): string {
  const base = tree === 'region' ? '/region/ersattning' : '/mottagning/ersattning'
  return `${base}/${month}/${revision}/${encodeURIComponent(hsaId)}`
}

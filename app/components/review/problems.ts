/**
 * A refused step's problems as the page says them: the codes of ReviewRefused (and the page's own
 * form checks) with their figures, in the page's language, each linked to the field it concerns.
 */
import type { FormError } from '../ui/error-summary.tsx'
import type { ReviewMessages } from '../../i18n/review.ts'

export interface PageProblem {
  code: string
  field?: string
  params?: Record<string, string | number | string[]>
}

type Errors = ReviewMessages['errors']

/** The message of one problem; `codeOf` names a requirement by its code in the kravbok. */
export function problemText(m: ReviewMessages, p: PageProblem, codeOf: (requirementId: number) => string): string {
  const errors = m.errors as Record<string, string | ((arg: string) => string)>
  const message = errors[p.code] ?? m.errors.forbidden
  if (typeof message === 'string') return message
  const params = p.params ?? {}
  const ground = typeof params.ground === 'string' ? (m.decision.grounds[params.ground] ?? params.ground) : ''
  switch (p.code as keyof Errors) {
    case 'notAllPassed':
      return message(Array.isArray(params.codes) ? params.codes.join(', ') : '')
    case 'exclusionGroundApplies':
    case 'groundReasonMissing':
    case 'groundUnanswered':
      return message(ground)
    default:
      return message(typeof params.requirementId === 'number' ? codeOf(params.requirementId) : String(params.code ?? ''))
  }
}

/** The problems as the error summary lists them: each a link to its field where it has one. */
export function formErrors(m: ReviewMessages, problems: PageProblem[], codeOf: (requirementId: number) => string, fieldId: (field: string) => string = (f) => f): FormError[] {
  return problems.map((p) => ({ field: p.field ? fieldId(p.field) : undefined, message: problemText(m, p, codeOf) }))
}

/** The first problem's message per field, for the fields' own error lines. */
export function fieldMessages(m: ReviewMessages, problems: PageProblem[], codeOf: (requirementId: number) => string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of problems) if (p.field && !(p.field in out)) out[p.field] = problemText(m, p, codeOf)
  return out
}

import { useLocale, useT } from '../../i18n/i18n.tsx'
import { checkText, type AnswerView } from './view.ts'

/** A requirement's result in words beside its answer: pass, fail with why, or not answered. */
export function RequirementResult({ answer, id }: { answer: AnswerView; id?: string }) {
  const locale = useLocale()
  const c = useT().application.chapter
  const tone = answer.check.status === 'pass' ? 'success' : answer.check.status === 'fail' ? 'error' : 'missing'
  return (
    <p className={`requirement-result requirement-result--${tone}`} id={id} data-field="result" data-status={answer.check.status}>
      <span className="strong">{c.resultLabel}</span> {checkText(answer, locale)}
    </p>
  )
}

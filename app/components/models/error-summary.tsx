import { useEffect, useRef } from 'react'
import { useLocale } from '../../i18n/i18n.tsx'

/**
 * The problems that stopped a form, at the top of the page (as GOV.UK's error summary): announced
 * as an alert, focused when it appears, and each problem a link to the field it concerns. Model
 * problems ("path: message") come from the payment module in English; `lang` says so.
 */
export function ErrorSummary({
  heading,
  lead,
  problems,
  fieldId,
  problemLang,
}: {
  heading: string
  lead?: string
  problems: string[]
  /** The field the problems concern; without it they are plain text. */
  fieldId?: string
  /** The language of the problem texts when it is not the page's. */
  problemLang?: string
}) {
  const locale = useLocale()
  const ref = useRef<HTMLDivElement>(null)
  // A new set of problems (a new submission) moves focus here again.
  const key = problems.join('\n')
  useEffect(() => {
    ref.current?.focus()
  }, [key])
  const lang = problemLang && problemLang !== locale ? problemLang : undefined
  return (
    <div className="error-summary" role="alert" aria-labelledby="fel-rubrik" tabIndex={-1} ref={ref}>
      <h2 id="fel-rubrik" className="error-summary__heading">
        {heading}
      </h2>
      {lead ? <p>{lead}</p> : null}
      <ul className="error-summary__list">
        {problems.map((problem, i) => (
          <li key={i} lang={lang}>
            {fieldId ? <a href={`#${fieldId}`}>{problem}</a> : problem}
          </li>
        ))}
      </ul>
    </div>
  )
}

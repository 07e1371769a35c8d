import { useEffect, useRef, type MouseEvent } from 'react'
import { useLocale } from '../../i18n/i18n.tsx'

export interface FormError {
  /** The id of the field the link moves focus to; none for a problem of the whole form. */
  field?: string
  message: string
}

/**
 * Moves focus to the field itself rather than following the `#id` link: a change of the URL's
 * hash is a navigation to React Router, which would clear the action's errors. Without
 * JavaScript the plain link still jumps to the field.
 */
function focusField(event: MouseEvent<HTMLAnchorElement>, id: string): void {
  const field = document.getElementById(id)
  if (!field) return
  event.preventDefault()
  field.scrollIntoView({ block: 'center' })
  field.focus()
}

/**
 * The problems that stopped a form, at the top of the page (as GOV.UK's error summary): announced
 * as an alert, focused when it appears, and each problem a link to the field it concerns. `lang`
 * names the problems' language where it is not the page's (model problems come in English).
 */
export function ErrorSummary({
  heading,
  lead,
  errors,
  lang,
  id = 'felsammanfattning',
}: {
  heading: string
  lead?: string
  errors: FormError[]
  lang?: string
  id?: string
}) {
  const locale = useLocale()
  const ref = useRef<HTMLDivElement>(null)
  // A new set of problems (a new submission) moves focus here again.
  const key = errors.map((e) => `${e.field}:${e.message}`).join('\n')
  useEffect(() => {
    if (key) ref.current?.focus()
  }, [key])
  if (errors.length === 0) return null
  const problemLang = lang && lang !== locale ? lang : undefined
  return (
    <div className="error-summary" role="alert" aria-labelledby={`${id}-rubrik`} tabIndex={-1} ref={ref}>
      <h2 id={`${id}-rubrik`} className="error-summary__heading">
        {heading}
      </h2>
      {lead ? <p>{lead}</p> : null}
      <ul className="error-summary__list">
        {errors.map((e, i) => (
          <li key={i} lang={problemLang}>
            {e.field ? (
              <a href={`#${e.field}`} onClick={(event) => focusField(event, e.field!)}>
                {e.message}
              </a>
            ) : (
              e.message
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

import { useEffect, useRef } from 'react'
import { Form, Link } from 'react-router'
import { useT } from '../../i18n/i18n.tsx'

export type Confirm = 'anta' | 'ta-bort'

/**
 * Adopt or delete a draft, in two steps that need no JavaScript: the first button is a GET that
 * shows the confirmation (?bekrafta=…), whose POST does it.
 */
export function DraftActions({
  id,
  version,
  validFrom,
  confirm,
}: {
  id: number
  version: string
  validFrom: string
  confirm: Confirm | null
}) {
  const t = useT()
  const d = t.models.detail
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (confirm) heading.current?.focus()
  }, [confirm])

  if (confirm) {
    const adopt = confirm === 'anta'
    return (
      <section className="confirm" aria-labelledby="bekrafta-rubrik">
        <h2 id="bekrafta-rubrik" tabIndex={-1} ref={heading}>
          {adopt ? d.confirmAdoptHeading(version) : d.confirmDeleteHeading(version)}
        </h2>
        <p>{adopt ? d.confirmAdoptText(validFrom) : d.confirmDeleteText}</p>
        <Form method="post" className="confirm__actions">
          <input type="hidden" name="intent" value={confirm} />
          <button type="submit" className={`button${adopt ? '' : ' button--danger'}`}>
            {adopt ? d.confirmAdopt : d.confirmDelete}
          </button>
          <Link to={`/region/modeller/${id}`} className="button button--secondary">
            {d.cancel}
          </Link>
        </Form>
      </section>
    )
  }

  return (
    <section className="draft-actions" aria-labelledby="utkast-rubrik">
      <h2 id="utkast-rubrik">{d.draftHeading}</h2>
      <p>{d.draftText}</p>
      <div className="draft-actions__buttons">
        <Form method="get">
          <input type="hidden" name="bekrafta" value="anta" />
          <button type="submit" className="button">
            {d.adopt}
          </button>
        </Form>
        <Form method="get">
          <input type="hidden" name="bekrafta" value="ta-bort" />
          <button type="submit" className="button button--secondary">
            {d.delete}
          </button>
        </Form>
      </div>
    </section>
  )
}

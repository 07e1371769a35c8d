import { useEffect, useRef } from 'react'
import { Form, Link } from 'react-router'

/** One action of a draft, confirmed in a second step. */
export interface ConfirmedAction {
  /** `?bekrafta=` value that shows this action's confirmation. */
  confirm: string
  /** The button that asks for the confirmation; the first action's is the primary one. */
  label: string
  /** The POST's `intent`. */
  intent: string
  confirmHeading: string
  confirmText: string
  confirmLabel: string
  /** A destructive action: its confirming button is red. */
  danger: boolean
}

/**
 * Actions on a draft (adopt, publish, delete) in two steps that need no JavaScript: the first
 * button is a GET that shows the confirmation (?bekrafta=…), whose POST does it; focus moves to
 * the confirmation's heading.
 */
export function ConfirmActions({
  heading,
  text,
  cancelTo,
  cancelLabel,
  actions,
  confirm,
  className,
}: {
  heading: string
  text: string
  cancelTo: string
  cancelLabel: string
  actions: ConfirmedAction[]
  confirm: string | null
  className?: string
}) {
  const confirmHeading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (confirm) confirmHeading.current?.focus()
  }, [confirm])
  const chosen = actions.find((a) => a.confirm === confirm)
  if (chosen) {
    return (
      <section className="confirm" aria-labelledby="bekrafta-rubrik">
        <h2 id="bekrafta-rubrik" tabIndex={-1} ref={confirmHeading}>
          {chosen.confirmHeading}
        </h2>
        <p>{chosen.confirmText}</p>
        <Form method="post" className="confirm__actions">
          <input type="hidden" name="intent" value={chosen.intent} />
          <button type="submit" className={`button${chosen.danger ? ' button--danger' : ''}`}>
            {chosen.confirmLabel}
          </button>
          <Link to={cancelTo} className="button button--secondary">
            {cancelLabel}
          </Link>
        </Form>
      </section>
    )
  }
  return (
    <section className={className} aria-labelledby="utkast-rubrik">
      <h2 id="utkast-rubrik">{heading}</h2>
      <p>{text}</p>
      <div className="draft-actions__buttons">
        {actions.map((a, i) => (
          <Form method="get" key={a.confirm}>
            <input type="hidden" name="bekrafta" value={a.confirm} />
            <button type="submit" className={i === 0 ? 'button' : 'button button--secondary'}>
              {a.label}
            </button>
          </Form>
        ))}
      </div>
    </section>
  )
}

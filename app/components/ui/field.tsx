import type { ReactNode } from 'react'

/** What a field's control needs to be named and described: its id, its hint and error, whether it is invalid. */
export interface FieldControl {
  id: string
  'aria-describedby'?: string
  'aria-invalid'?: true
}

/**
 * A labelled form field with an optional hint and error message, both read with the control
 * (aria-describedby). The error is marked by its text and a bar, not by colour alone.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string
  label: string
  hint?: ReactNode
  error?: string | null
  children: (control: FieldControl) => ReactNode
}) {
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <HintAndError id={id} hint={hint} error={error} />
      {children({ id, 'aria-describedby': describedByOf(id, hint, error), 'aria-invalid': error ? true : undefined })}
    </div>
  )
}

/** The ids a control or a group is described by: its hint's and its error's, where it has them. */
function describedByOf(id: string, hint: ReactNode, error: string | null | undefined): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
}

function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | null }) {
  return (
    <>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  )
}

/**
 * A group of controls (radio buttons, checkboxes, fields) in a fieldset with its legend, hint and
 * error, both read with the group. `className` is the group's own class; an error adds `field--error`.
 */
export function Fieldset({
  id,
  legend,
  hint,
  error,
  className = 'field',
  children,
}: {
  id: string
  legend: string
  hint?: ReactNode
  error?: string | null
  className?: string
  children: ReactNode
}) {
  return (
    <fieldset className={error ? `${className} field--error` : className} aria-describedby={describedByOf(id, hint, error)}>
      <legend>{legend}</legend>
      <HintAndError id={id} hint={hint} error={error} />
      {children}
    </fieldset>
  )
}

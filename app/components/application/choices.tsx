/** Groups of radios or checkboxes as a fieldset with a legend, hint and error read with it. */
import type { ReactNode } from 'react'

export function ChoiceGroup({
  name,
  legend,
  hint,
  error,
  type,
  options,
  checked,
  idPrefix,
  form,
  disabled,
}: {
  name: string
  legend: ReactNode
  hint?: string
  error?: string | null
  type: 'radio' | 'checkbox'
  options: [value: string, label: string][]
  checked: (value: string) => boolean
  /** The first control's id (the error summary's link target); the others add their value. */
  idPrefix?: string
  /** The form the controls belong to, when they stand outside it. */
  form?: string
  disabled?: boolean
}) {
  const id = idPrefix ?? name
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <fieldset className={error ? 'field field--error' : 'field'} aria-describedby={describedBy} disabled={disabled}>
      <legend className="strong">{legend}</legend>
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
      {options.map(([value, label], i) => {
        const optionId = i === 0 ? id : `${id}-${value || 'tom'}`
        return (
          <div key={value}>
            <input type={type} id={optionId} name={name} value={value} form={form} defaultChecked={checked(value)} aria-invalid={error ? true : undefined} />{' '}
            <label htmlFor={optionId}>{label}</label>
          </div>
        )
      })}
    </fieldset>
  )
}

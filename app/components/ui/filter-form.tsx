import type { ReactNode } from 'react'
import { Form } from 'react-router'

/**
 * The panel of a form that chooses what a page shows: a heading that names it, its fields, one
 * button. A GET by default, so the choice has its own address and needs no JavaScript.
 */
export function FilterForm({
  headingId,
  heading,
  level = 2,
  hideHeading = false,
  submit,
  method = 'get',
  role,
  preventScrollReset,
  children,
}: {
  headingId: string
  heading: string
  level?: 2 | 3
  /** For a form whose purpose the page already shows: the heading is for screen readers only. */
  hideHeading?: boolean
  submit: string
  method?: 'get' | 'post'
  role?: 'search'
  preventScrollReset?: boolean
  children: ReactNode
}) {
  const Heading = level === 2 ? 'h2' : 'h3'
  return (
    <Form method={method} className="filter" role={role} aria-labelledby={headingId} preventScrollReset={preventScrollReset}>
      <Heading id={headingId} className={hideHeading ? 'visually-hidden' : 'filter__heading'}>
        {heading}
      </Heading>
      {children}
      <button type="submit" className="button">
        {submit}
      </button>
    </Form>
  )
}

export interface Option {
  value: string | number
  label: string
}

/**
 * A labelled select of a filter form. Keyed by its value, so a new address (back, a link) shows
 * that address's choice rather than the one the browser kept.
 */
export function SelectField({
  id,
  name = id,
  label,
  value,
  options,
}: {
  id: string
  name?: string
  label: string
  value: string | number
  options: Option[]
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value} key={`${id}-${value}`}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

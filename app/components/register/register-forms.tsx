/**
 * The register's forms, all plain POSTs that work without JavaScript: a status change and its
 * confirmation, lifting a suspension, a decision on a change request, and a clinic's requests for
 * a list cap and for changed details. Values and errors come from the page (the action's result).
 */
import type { ReactNode } from 'react'
import { Form } from 'react-router'
import { Field, Fieldset } from '../ui/field.tsx'
import { useT } from '../../i18n/i18n.tsx'
import { WEEKDAYS, hoursField } from './opening-hours.ts'

export type Values = Record<string, string>
export type Errors = Record<string, string>

export interface RadioOption {
  value: string
  label: string
  hint?: string
}

/**
 * A group of radio buttons in a fieldset with its legend, hint and error (read with the group).
 * The first option's id is the group's name, so the error summary's link reaches it.
 */
export function RadioGroup({ name, legend, hint, error, options, value }: { name: string; legend: string; hint?: string; error?: string; options: RadioOption[]; value: string }) {
  return (
    <Fieldset id={name} legend={legend} hint={hint} error={error} className="register__group">
      <ul className="register__choices">
        {options.map((o, i) => {
          const id = i === 0 ? name : `${name}-${o.value}`
          return (
            <li key={o.value} className="register__choice">
              <input type="radio" id={id} name={name} value={o.value} defaultChecked={value === o.value} aria-describedby={o.hint ? `${id}-hint` : undefined} />
              <span>
                <label htmlFor={id}>{o.label}</label>
                {o.hint ? (
                  <span className="register__choice-hint" id={`${id}-hint`}>
                    {o.hint}
                  </span>
                ) : null}
              </span>
            </li>
          )
        })}
      </ul>
    </Fieldset>
  )
}

function TextField({ name, label, hint, values, errors, size, inputMode }: { name: string; label: string; hint?: string; values: Values; errors: Errors; size?: number; inputMode?: 'numeric' | 'decimal' }) {
  return (
    <Field id={name} label={label} hint={hint} error={errors[name]}>
      {(control) => <input {...control} type="text" name={name} defaultValue={values[name] ?? ''} size={size} inputMode={inputMode} />}
    </Field>
  )
}

function TextArea({ name, label, hint, values, errors }: { name: string; label: string; hint?: string; values: Values; errors: Errors }) {
  return (
    <Field id={name} label={label} hint={hint} error={errors[name]}>
      {(control) => <textarea {...control} name={name} rows={4} maxLength={2000} defaultValue={values[name] ?? ''} />}
    </Field>
  )
}

/**
 * One of the register's forms in its own section: heading, lead paragraphs, the form with its
 * intent (and clinic) as hidden fields, the fields, and the submit button.
 */
function FormSection({
  headingId,
  heading,
  lead = [],
  intent,
  clinicId,
  submit,
  children,
}: {
  headingId: string
  heading: string
  lead?: string[]
  intent: string
  clinicId?: number
  submit: string
  children: ReactNode
}) {
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      {lead.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      <Form method="post" noValidate className="register__form">
        <input type="hidden" name="intent" value={intent} />
        {clinicId === undefined ? null : <input type="hidden" name="clinicId" value={clinicId} />}
        {children}
        <div>
          <button type="submit" className="button">
            {submit}
          </button>
        </div>
      </Form>
    </section>
  )
}

export const statusChoices = ['suspended', 'revoked', 'ended'] as const
export type StatusChoice = (typeof statusChoices)[number]

/**
 * Suspend, revoke or end (`choices`: a suspended clinic is only revoked or ended): status, first
 * day, reason; the next step asks for confirmation. `lead` says what the change does here.
 */
export function StatusChangeForm({ values, errors, choices = statusChoices, lead }: { values: Values; errors: Errors; choices?: readonly StatusChoice[]; lead: string }) {
  const c = useT().register.clinic
  return (
    <FormSection headingId="status-rubrik" heading={c.changeHeading} lead={[lead]} intent="preview" submit={c.preview}>
      <RadioGroup
        name="status"
        legend={c.statusLegend}
        error={errors.status}
        value={values.status ?? ''}
        options={choices.map((s) => ({ value: s, label: c.statusOption[s]!, hint: c.statusHint[s] }))}
      />
      <TextField name="from" label={c.changeFrom} hint={c.fromHint} values={values} errors={errors} size={10} />
      <TextArea name="reason" label={c.reasonLabel} hint={c.reasonHint} values={values} errors={errors} />
    </FormSection>
  )
}

/**
 * The confirmation step: what will happen, then confirm (the change) or go back to the form with
 * the values kept. `neverBegins`: the first day of an authorisation that is revoked or ended before
 * it begins (the change is recorded from that day).
 */
export function StatusConfirm({ name, values, neverBegins = null }: { name: string; values: { status: string; from: string; reason: string }; neverBegins?: string | null }) {
  const c = useT().register.clinic
  const statusWord = c.statusOption[values.status] ?? values.status
  const hidden = (
    <>
      <input type="hidden" name="status" value={values.status} />
      <input type="hidden" name="from" value={values.from} />
      <input type="hidden" name="reason" value={values.reason} />
    </>
  )
  return (
    <section className="confirm" aria-labelledby="bekrafta-rubrik">
      <h2 id="bekrafta-rubrik" tabIndex={-1}>
        {c.confirmHeading}
      </h2>
      <p data-field="confirm-text">{neverBegins ? c.confirmNeverBegins(name, statusWord.toLocaleLowerCase(), neverBegins) : c.confirmText(name, statusWord.toLocaleLowerCase(), values.from)}</p>
      <p>
        <strong>{c.confirmReason}:</strong> <span className="register__pre">{values.reason}</span>
      </p>
      <div className="register__actions">
        <Form method="post">
          <input type="hidden" name="intent" value="confirm" />
          {hidden}
          <button type="submit" className="button button--danger">
            {c.confirm(statusWord.toLocaleLowerCase())}
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="edit" />
          {hidden}
          <button type="submit" className="button button--secondary">
            {c.edit}
          </button>
        </Form>
      </div>
    </section>
  )
}

/** Lifting a suspension: the first day authorised again and why. */
export function ReinstateForm({ values, errors }: { values: Values; errors: Errors }) {
  const c = useT().register.clinic
  return (
    <FormSection headingId="hav-rubrik" heading={c.reinstateHeading} lead={[c.reinstateLead]} intent="reinstate" submit={c.reinstate}>
      <TextField name="reinstateFrom" label={c.reinstateFrom} hint={c.reinstateFromHint} values={values} errors={errors} size={10} />
      <TextArea name="reinstateReason" label={c.reasonLabel} hint={c.reasonHint} values={values} errors={errors} />
    </FormSection>
  )
}

/** Approve or reject a change request; a rejection says why. */
export function DecisionForm({ values, errors }: { values: Values; errors: Errors }) {
  const q = useT().register.request
  return (
    <FormSection headingId="beslut-rubrik" heading={q.decideHeading} intent="decide" submit={q.decide}>
      <RadioGroup
        name="outcome"
        legend={q.outcomeLegend}
        error={errors.outcome}
        value={values.outcome ?? ''}
        options={[
          { value: 'approved', label: q.approve },
          { value: 'rejected', label: q.reject },
        ]}
      />
      <TextArea name="note" label={q.noteLabel} hint={q.noteHint} values={values} errors={errors} />
    </FormSection>
  )
}

/** A clinic asks for a list cap: the cap, its period and why. */
export function ListCapForm({ clinicId, values, errors, currentCap }: { clinicId: number; values: Values; errors: Errors; currentCap: string | null }) {
  const h = useT().register.changes
  return (
    <FormSection headingId="tak-rubrik" heading={h.capHeading} lead={[h.capLead, currentCap ? h.currentCap(currentCap) : h.noCurrentCap]} intent="listCap" clinicId={clinicId} submit={h.sendCap}>
      <TextField name="cap" label={h.cap} hint={h.capHint} values={values} errors={errors} size={8} inputMode="numeric" />
      <TextField name="from" label={h.from} hint={h.fromHint} values={values} errors={errors} size={10} />
      <TextField name="until" label={h.until} hint={h.untilHint} values={values} errors={errors} size={10} />
      <TextArea name="capMotivation" label={h.motivation} hint={h.motivationHint} values={values} errors={errors} />
    </FormSection>
  )
}

/** A clinic asks to change its details: every field prefilled with today's value; only what differs is asked for. */
export function DetailsForm({ clinicId, values, errors }: { clinicId: number; values: Values; errors: Errors }) {
  const t = useT()
  const h = t.register.changes
  return (
    <FormSection headingId="uppgifter-rubrik" heading={h.detailsHeading} lead={[h.detailsLead]} intent="details" clinicId={clinicId} submit={h.sendDetails}>
      <RadioGroup
        name="ownership"
        legend={h.ownershipLegend}
        error={errors.ownership}
        value={values.ownership ?? ''}
        options={[
          { value: 'public', label: t.register.ownership.public! },
          { value: 'private', label: t.register.ownership.private! },
        ]}
      />
      <TextField name="streetAddress" label={h.streetAddress} values={values} errors={errors} />
      <TextField name="postalCode" label={h.postalCode} hint={h.postalCodeHint} values={values} errors={errors} size={6} inputMode="numeric" />
      <TextField name="city" label={h.city} values={values} errors={errors} />
      <TextField name="lat" label={h.lat} hint={h.latHint} values={values} errors={errors} size={12} inputMode="decimal" />
      <TextField name="lon" label={h.lon} hint={h.lonHint} values={values} errors={errors} size={12} inputMode="decimal" />
      <Fieldset id="oppettider" legend={h.hoursLegend} hint={h.hoursHint} error={errors.openingHours} className="register__group">
        {WEEKDAYS.map((day) => (
          <TextField key={day} name={hoursField(day)} label={h.weekdays[day - 1]!} values={values} errors={errors} />
        ))}
      </Fieldset>
      <TextArea name="detailsMotivation" label={h.motivation} hint={h.motivationHint} values={values} errors={errors} />
    </FormSection>
  )
}

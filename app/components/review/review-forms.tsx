/** The reviewer's other steps on one application: assign a reviewer, ask for supplementation, and the requests asked so far. */
import { Form } from 'react-router'
import { Field, Fieldset } from '../ui/field.tsx'
import { useT } from '../../i18n/i18n.tsx'

export function AssignReviewerForm({
  reviewers,
  current,
  error,
  editable,
}: {
  reviewers: { id: number; name: string }[]
  current: number | null
  error?: string
  editable: boolean
}) {
  const review = useT().review
  const s = review.application.assign
  const currentName = reviewers.find((r) => r.id === current)?.name
  return (
    <section aria-labelledby="handlaggare-rubrik">
      <h2 id="handlaggare-rubrik">{s.heading}</h2>
      {editable ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="assign" />
          <Field id="handlaggare" label={s.label} error={error}>
            {(control) => (
              <select {...control} name="handlaggare" defaultValue={current ?? ''} required>
                <option value="">{s.none}</option>
                {reviewers.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="button button--secondary">
            {s.submit}
          </button>
        </Form>
      ) : (
        <p data-field="reviewer">{currentName ?? review.queue.noReviewer}</p>
      )}
    </section>
  )
}

export interface SupplementationValues {
  requirementIds: number[]
  sections: string[]
  message: string
  dueOn: string
}

export function SupplementationForm({
  requirements,
  sections,
  values,
  errors,
}: {
  requirements: { id: number; code: string }[]
  sections: string[]
  values: SupplementationValues
  errors: Record<string, string>
}) {
  const t = useT()
  const s = t.review.application.supplement
  const names = t.review.application.sections
  const fieldset = (name: string, legend: string, hint: string | null, items: { value: string; label: string; checked: boolean }[]) => (
    <Fieldset id={name} legend={legend} hint={hint} error={errors[name]}>
      {items.map((item, i) => (
        <div key={item.value}>
          <input type="checkbox" id={i === 0 ? name : `${name}-${item.value}`} name={name} value={item.value} defaultChecked={item.checked} />{' '}
          <label htmlFor={i === 0 ? name : `${name}-${item.value}`}>{item.label}</label>
        </div>
      ))}
    </Fieldset>
  )
  return (
    <section aria-labelledby="komplettering-rubrik">
      <h2 id="komplettering-rubrik">{s.heading}</h2>
      <p>{s.lead}</p>
      {/* Keyed by what is preselected: a new assessment (a revalidation, not a new page) gives new defaults. */}
      <Form method="post" noValidate key={`${values.requirementIds.join(',')}|${values.sections.join(',')}`}>
        <input type="hidden" name="intent" value="supplement" />
        {fieldset(
          'krav',
          s.requirementsLegend,
          s.requirementsHint,
          requirements.map((r) => ({ value: String(r.id), label: t.review.application.requirement(r.code), checked: values.requirementIds.includes(r.id) })),
        )}
        {fieldset(
          'avsnitt',
          s.sectionsLegend,
          null,
          sections.map((sec) => ({ value: sec, label: names[sec] ?? sec, checked: values.sections.includes(sec) })),
        )}
        <Field id="meddelande" label={s.message} hint={s.messageHint} error={errors.meddelande}>
          {(control) => <textarea {...control} name="meddelande" rows={4} maxLength={4000} defaultValue={values.message} required />}
        </Field>
        <Field id="sistaDag" label={s.dueOn} hint={s.dueOnHint} error={errors.sistaDag}>
          {(control) => <input {...control} type="text" name="sistaDag" size={10} defaultValue={values.dueOn} required />}
        </Field>
        <button type="submit" className="button button--secondary">
          {s.submit}
        </button>
      </Form>
    </section>
  )
}

export interface RequestItem {
  id: number
  message: string
  requirementCodes: string[]
  sections: string[]
  dueOn: string | null
  requestedBy: string
  requestedAt: string
  answeredAt: string | null
}

export function SupplementationRequests({ requests }: { requests: RequestItem[] }) {
  const t = useT()
  const r = t.review.application.requests
  const names = t.review.application.sections
  if (requests.length === 0) return null
  return (
    <section aria-labelledby="begaranden-rubrik">
      <h2 id="begaranden-rubrik">{r.heading}</h2>
      {requests.map((q) => (
        <article key={q.id} className="card" aria-labelledby={`begaran-${q.id}`} data-testid="supplementation-request">
          <h3 id={`begaran-${q.id}`}>{r.item(q.requestedAt, q.requestedBy)}</h3>
          <div className="message__body">{q.message}</div>
          <p>
            {r.what}:{' '}
            {[...q.requirementCodes.map((c) => t.review.application.requirement(c)), ...q.sections.map((s) => names[s] ?? s)].join(', ')}
          </p>
          <p>
            {q.dueOn ? `${r.due(q.dueOn)}. ` : null}
            {q.answeredAt ? r.answered(q.answeredAt) : r.open}
          </p>
        </article>
      ))}
    </section>
  )
}

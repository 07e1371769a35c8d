/**
 * The pieces of the kravbok pages: a chapter's requirements as a table (with edit controls in a
 * draft), the requirement form with its kind-specific fields, the chapter form, the form for a
 * new version, and publishing or deleting a draft in two steps that need no JavaScript.
 */
import { useEffect, useState } from 'react'
import { Form, Link, data } from 'react-router'
import { z } from 'zod'
import { useLocale, useT } from '../../i18n/i18n.tsx'
import type { KravbokMessages } from '../../i18n/kravbok.ts'
import { ConfirmActions } from '../ui/confirm-actions.tsx'
import { requirementKinds, type RequirementKind, type RequirementShape } from '../../modules/authorisation/rules.ts'
import { requirementFormFields, type RequirementFormErrors, type RequirementFormField, type RequirementFormValues } from '../../modules/authorisation/spec-document.ts'
import { DataTable } from '../ui/data-table.tsx'
import { Field } from '../ui/field.tsx'
import { RuleSummary } from './rule-summary.tsx'

type ErrorCode = keyof KravbokMessages['errors']

/** "Högsta värde: får inte vara lägre än det lägsta värdet." — the field named with its problem. */
export function fieldMessage(label: string, code: string, k: KravbokMessages): string {
  return `${label}: ${k.errors[code as ErrorCode] ?? k.errors.invalid}`
}

const Id = z.coerce.number().int().positive().max(2_147_483_647)

/** A row id from the URL (a version's, a requirement's); anything else is a 404. */
export function idParam(value: string | undefined): number {
  const id = Id.safeParse(value)
  if (!id.success) throw data(null, { status: 404 })
  return id.data
}

function requirementLabels(k: KravbokMessages): Record<RequirementFormField, string> {
  const f = k.requirementForm
  return {
    code: f.code,
    chapterId: f.chapterId,
    kind: f.kind,
    mandatory: f.mandatory,
    textSv: f.textSv,
    textEn: f.textEn,
    expected: f.expected,
    min: f.min,
    max: f.max,
    unitSv: f.unitSv,
    unitEn: f.unitEn,
    integer: f.integer,
    options: f.options,
    accepted: f.accepted,
    minFiles: f.minFiles,
    minLength: f.minLength,
    maxLength: f.maxLength,
  }
}

/** The requirement form's problems as messages naming their fields, in the form's order. */
export function requirementMessages(k: KravbokMessages, errors: RequirementFormErrors): Partial<Record<RequirementFormField, string>> {
  const labels = requirementLabels(k)
  return Object.fromEntries(requirementFormFields.filter((f) => errors[f]).map((f) => [f, fieldMessage(labels[f], errors[f]!, k)]))
}

export type ShownRequirement = RequirementShape & { id: number; code: string; textSv: string; textEn: string }

/**
 * One chapter's requirements: number, text, kind and condition (RuleSummary). In a draft
 * (`editBase` given) each row links to its edit page and has a delete button.
 */
export function RequirementTable({
  captionId,
  caption,
  requirements,
  editBase,
}: {
  captionId: string
  caption: string
  requirements: ShownRequirement[]
  editBase?: string
}) {
  const t = useT()
  const locale = useLocale()
  const v = t.kravbok.version
  return (
    <DataTable captionId={captionId} caption={caption} className="requirement-table" columns={[v.code, v.text, v.kind, v.ruleColumn, editBase ? v.actions : false]}>
      <tbody>
        {requirements.map((r) => (
          <tr key={r.id} id={`krav-${r.id}`}>
            <th scope="row">{r.code}</th>
            <td>{locale === 'sv' ? r.textSv : r.textEn}</td>
            <td>{t.kravbok.kinds[r.kind]}</td>
            <td>
              <RuleSummary requirement={r} />
            </td>
            {editBase ? (
              <td>
                <Link to={`${editBase}/krav/${r.id}`} aria-label={v.editLabel(r.code)}>
                  {v.edit}
                </Link>{' '}
                <Form method="post">
                  <input type="hidden" name="intent" value="delete-requirement" />
                  <input type="hidden" name="requirementId" value={r.id} />
                  <button type="submit" className="button button--secondary" aria-label={v.deleteLabel(r.code)}>
                    {v.delete}
                  </button>
                </Form>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </DataTable>
  )
}

/** The id of a requirement form field on the page (the error summary links to it). */
export const requirementFieldId = (field: RequirementFormField) => (field === 'mandatory' ? 'krav-mandatory-true' : field === 'expected' ? 'krav-expected-true' : `krav-${field}`)

/**
 * A requirement's fields: the common ones, and one group per kind. Without JavaScript every group
 * is shown (the kind decides which is read); once hydrated only the chosen kind's group is.
 */
export function RequirementForm({
  heading,
  submit,
  values,
  errors,
  chapters,
  intent,
}: {
  heading: string
  submit: string
  values: RequirementFormValues
  errors: Partial<Record<RequirementFormField, string>>
  chapters: { id: number; label: string }[]
  intent?: string
}) {
  const t = useT()
  const f = t.kravbok.requirementForm
  const [kind, setKind] = useState(values.kind)
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  useEffect(() => setKind(values.kind), [values.kind])
  const shown = (k: RequirementKind) => !hydrated || kind === '' || kind === k
  const text = (field: RequirementFormField, label: string, hint?: string, props: { inputMode?: 'decimal' | 'numeric'; size?: number } = {}) => (
    <Field id={requirementFieldId(field)} label={label} hint={hint} error={errors[field]}>
      {(control) => <input {...control} type="text" name={field} defaultValue={values[field]} {...props} />}
    </Field>
  )
  const radios = (field: 'mandatory' | 'expected', legend: string, options: [string, string][]) => (
    <fieldset className={errors[field] ? 'field field--error' : 'field'} aria-describedby={errors[field] ? `krav-${field}-error` : undefined}>
      <legend>{legend}</legend>
      {errors[field] ? (
        <p className="field__error" id={`krav-${field}-error`}>
          {errors[field]}
        </p>
      ) : null}
      {options.map(([value, label]) => (
        <div key={value} className="choice">
          <input type="radio" id={`krav-${field}-${value}`} name={field} value={value} defaultChecked={values[field] === value} />{' '}
          <label htmlFor={`krav-${field}-${value}`}>{label}</label>
        </div>
      ))}
    </fieldset>
  )
  return (
    <section aria-labelledby="kravform-rubrik" className="requirement-form">
      <h2 id="kravform-rubrik">{heading}</h2>
      <p>{f.lead}</p>
      <Form method="post" noValidate>
        {intent ? <input type="hidden" name="intent" value={intent} /> : null}
        <Field id={requirementFieldId('chapterId')} label={f.chapterId} error={errors.chapterId}>
          {(control) => (
            <select {...control} name="chapterId" defaultValue={values.chapterId}>
              {chapters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('code', f.code, f.codeHint, { size: 10 })}
        <Field id={requirementFieldId('kind')} label={f.kind} hint={f.kindHint} error={errors.kind}>
          {(control) => (
            <select {...control} name="kind" defaultValue={values.kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">–</option>
              {requirementKinds.map((k) => (
                <option key={k} value={k}>
                  {t.kravbok.kinds[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {radios('mandatory', f.mandatory, [
          ['true', f.mandatoryYes],
          ['false', f.mandatoryNo],
        ])}
        <Field id={requirementFieldId('textSv')} label={f.textSv} error={errors.textSv}>
          {(control) => <textarea {...control} name="textSv" rows={3} defaultValue={values.textSv} lang="sv" />}
        </Field>
        <Field id={requirementFieldId('textEn')} label={f.textEn} error={errors.textEn}>
          {(control) => <textarea {...control} name="textEn" rows={3} defaultValue={values.textEn} lang="en" />}
        </Field>

        <fieldset hidden={!shown('declaration')} className="kind-fields">
          <legend>{f.declaration}</legend>
          {radios('expected', f.expected, [
            ['true', f.expectedYes],
            ['false', f.expectedNo],
          ])}
        </fieldset>
        <fieldset hidden={!shown('number')} className="kind-fields">
          <legend>{f.number}</legend>
          {text('min', f.min, f.minHint, { inputMode: 'decimal', size: 12 })}
          {text('max', f.max, f.maxHint, { inputMode: 'decimal', size: 12 })}
          {text('unitSv', f.unitSv, f.unitSvHint)}
          {text('unitEn', f.unitEn, f.unitEnHint)}
          <div className="field">
            <input type="checkbox" id={requirementFieldId('integer')} name="integer" defaultChecked={values.integer === 'on'} />{' '}
            <label htmlFor={requirementFieldId('integer')}>{f.integer}</label>
          </div>
        </fieldset>
        <fieldset hidden={!shown('choice')} className="kind-fields">
          <legend>{f.choice}</legend>
          <Field id={requirementFieldId('options')} label={f.options} hint={f.optionsHint} error={errors.options}>
            {(control) => <textarea {...control} name="options" rows={4} defaultValue={values.options} spellCheck={false} />}
          </Field>
          {text('accepted', f.accepted, f.acceptedHint)}
        </fieldset>
        <fieldset hidden={!shown('document')} className="kind-fields">
          <legend>{f.document}</legend>
          {text('minFiles', f.minFiles, f.minFilesHint, { inputMode: 'numeric', size: 4 })}
        </fieldset>
        <fieldset hidden={!shown('text')} className="kind-fields">
          <legend>{f.text}</legend>
          {text('minLength', f.minLength, f.minLengthHint, { inputMode: 'numeric', size: 6 })}
          {text('maxLength', f.maxLength, f.maxLengthHint, { inputMode: 'numeric', size: 6 })}
        </fieldset>
        <button type="submit" className="button">
          {submit}
        </button>
      </Form>
    </section>
  )
}

export type ChapterField = 'code' | 'titleSv' | 'titleEn'

/** A new chapter at the end of the draft. */
export function ChapterForm({ values, errors }: { values: Record<ChapterField, string>; errors: Partial<Record<ChapterField, string>> }) {
  const c = useT().kravbok.chapterForm
  return (
    <section aria-labelledby="kapitelform-rubrik">
      <h2 id="kapitelform-rubrik">{c.heading}</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="add-chapter" />
        <Field id="kapitel-code" label={c.code} hint={c.codeHint} error={errors.code}>
          {(control) => <input {...control} type="text" name="code" defaultValue={values.code} size={20} />}
        </Field>
        <Field id="kapitel-titleSv" label={c.titleSv} error={errors.titleSv}>
          {(control) => <input {...control} type="text" name="titleSv" defaultValue={values.titleSv} lang="sv" />}
        </Field>
        <Field id="kapitel-titleEn" label={c.titleEn} error={errors.titleEn}>
          {(control) => <input {...control} type="text" name="titleEn" defaultValue={values.titleEn} lang="en" />}
        </Field>
        <button type="submit" className="button">
          {c.submit}
        </button>
      </Form>
    </section>
  )
}

export type NewVersionField = 'basedOnId' | 'version' | 'title'

/** A new draft, copied from a chosen version. */
export function NewVersionForm({
  versions,
  values,
  errors,
}: {
  versions: { id: number; version: string; title: string; status: string }[]
  values: Record<NewVersionField, string>
  errors: Partial<Record<NewVersionField, string>>
}) {
  const t = useT()
  const n = t.kravbok.newVersion
  return (
    <section aria-labelledby="ny-version-rubrik">
      <h2 id="ny-version-rubrik">{n.heading}</h2>
      <p>{n.lead}</p>
      <Form method="post" noValidate>
        <Field id="ny-basedOnId" label={n.basedOn} error={errors.basedOnId}>
          {(control) => (
            <select {...control} name="basedOnId" defaultValue={values.basedOnId}>
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {n.option(v.version, v.title, t.kravbok.status[v.status] ?? v.status)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="ny-version" label={n.version} hint={n.versionHint} error={errors.version}>
          {(control) => <input {...control} type="text" name="version" defaultValue={values.version} size={20} />}
        </Field>
        <Field id="ny-title" label={n.titleField} hint={n.titleHint} error={errors.title}>
          {(control) => <input {...control} type="text" name="title" defaultValue={values.title} />}
        </Field>
        <button type="submit" className="button">
          {n.submit}
        </button>
      </Form>
    </section>
  )
}

export type SpecConfirm = 'publicera' | 'ta-bort'

/**
 * Publish or delete a draft in two steps that need no JavaScript: the first button is a GET that
 * shows the confirmation (?bekrafta=…), whose POST does it.
 */
export function DraftSpecActions({ specId, version, confirm }: { specId: number; version: string; confirm: SpecConfirm | null }) {
  const v = useT().kravbok.version
  return (
    <ConfirmActions
      heading={v.draftHeading}
      text={v.draftText}
      cancelTo={`/region/kravbok/${specId}`}
      cancelLabel={v.cancel}
      confirm={confirm}
      actions={[
        { confirm: 'publicera', label: v.publish, intent: 'publish', confirmHeading: v.confirmPublishHeading(version), confirmText: v.confirmPublishText, confirmLabel: v.confirmPublish(version), danger: false },
        { confirm: 'ta-bort', label: v.deleteDraft, intent: 'delete-draft', confirmHeading: v.confirmDeleteHeading(version), confirmText: v.confirmDeleteText, confirmLabel: v.confirmDelete(version), danger: true },
      ]}
    />
  )
}

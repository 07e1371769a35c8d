/**
 * One requirement on a chapter page: its code, text and rule, the input for its kind (tied to the
 * chapter's answers form by `form=`, so document requirements can have their own upload and
 * delete forms beside it), its attachments, and its result as it stands.
 */
import { Form } from 'react-router'
import { useLocale, useT } from '../../i18n/i18n.tsx'
import { RuleSummary } from '../authorisation/rule-summary.tsx'
import { DataTable } from '../ui/data-table.tsx'
import { Field } from '../ui/field.tsx'
import { ChoiceGroup } from './choices.tsx'
import { RequirementResult } from './result.tsx'
import { requirementText, sizeText, type AnswerView } from './view.ts'

/** The id of the chapter's answers form. */
export const ANSWERS_FORM = 'svar'

export const answerFieldId = (requirementId: number) => `r${requirementId}`
export const uploadFieldId = (requirementId: number) => `fil-${requirementId}`

/** The stored answer as the input shows it. */
export function inputValue(a: AnswerView, locale: string): string {
  if (a.value === null) return ''
  if (a.value === true) return 'yes'
  if (a.value === false) return 'no'
  return a.shape.kind === 'number' && locale === 'sv' ? String(a.value).replace('.', ',') : String(a.value)
}

export function RequirementItem({
  applicationId,
  answer,
  value,
  error,
  uploadError,
  maxMb,
}: {
  applicationId: number
  answer: AnswerView
  /** What the input holds: the posted value after a refused save, else the stored answer. */
  value: string
  error?: string
  uploadError?: string
  maxMb: string
}) {
  const locale = useLocale()
  const m = useT().application
  const c = m.chapter
  const id = answerFieldId(answer.requirementId)
  const headingId = `krav-${answer.requirementId}-rubrik`
  const shape = answer.shape
  const label = c.answerLabel(answer.code)
  return (
    <section className="card requirement" aria-labelledby={headingId} id={`krav-${answer.requirementId}`} data-code={answer.code}>
      <h2 id={headingId}>{m.overview.requirement} {answer.code}</h2>
      <p>{requirementText(answer, locale)}</p>
      <p className="muted">
        <RuleSummary requirement={shape} />
      </p>
      {!answer.editable ? <p className="muted">{c.notRequested}</p> : null}
      {answer.editable && shape.kind !== 'document' ? <input type="hidden" name="requirements" value={answer.requirementId} form={ANSWERS_FORM} /> : null}
      {shape.kind === 'declaration' ? (
          <ChoiceGroup
            disabled={!answer.editable}
            name={id}
            form={ANSWERS_FORM}
            type="radio"
            legend={label}
            error={error}
            options={[
              ['yes', m.yes],
              ['no', m.no],
            ]}
            checked={(v) => value === v}
          />
      ) : null}
      {shape.kind === 'choice' ? (
          <ChoiceGroup
            disabled={!answer.editable}
            name={id}
            form={ANSWERS_FORM}
            type="radio"
            legend={label}
            error={error}
            options={shape.rule.options.map((o) => [o.value, locale === 'sv' ? o.sv : o.en])}
            checked={(v) => value === v}
          />
      ) : null}
      {shape.kind === 'number' ? (
        <Field id={id} label={label} hint={c.numberHint(locale === 'sv' ? shape.rule.unitSv : shape.rule.unitEn)} error={error}>
          {(control) => (
            <span>
              <input {...control} type="text" inputMode="decimal" name={id} form={ANSWERS_FORM} defaultValue={value} disabled={!answer.editable} size={10} autoComplete="off" />{' '}
              <span aria-hidden="true">{locale === 'sv' ? shape.rule.unitSv : shape.rule.unitEn}</span>
            </span>
          )}
        </Field>
      ) : null}
      {shape.kind === 'text' ? (
        <Field id={id} label={label} hint={c.textHint(shape.rule.minLength, shape.rule.maxLength)} error={error}>
          {(control) => <textarea {...control} name={id} form={ANSWERS_FORM} defaultValue={value} disabled={!answer.editable} rows={6} />}
        </Field>
      ) : null}
      {shape.kind === 'document' ? (
        <Attachments applicationId={applicationId} answer={answer} uploadError={uploadError} maxMb={maxMb} />
      ) : null}
      <RequirementResult answer={answer} id={`resultat-${answer.requirementId}`} />
    </section>
  )
}

function Attachments({ applicationId, answer, uploadError, maxMb }: { applicationId: number; answer: AnswerView; uploadError?: string; maxMb: string }) {
  const locale = useLocale()
  const c = useT().application.chapter
  const fileId = uploadFieldId(answer.requirementId)
  return (
    <>
      {answer.attachments.length === 0 ? (
        <p>{c.noFiles}</p>
      ) : (
        <DataTable
          caption={c.filesCaption(answer.code)}
          captionId={`filer-${answer.requirementId}`}
          columns={[c.fileName, { label: c.fileSize, num: true }, c.uploadedAt, answer.editable ? c.fileActions : false]}
        >
          <tbody>
            {answer.attachments.map((f) => (
              <tr key={f.id} data-attachment={f.id}>
                <th scope="row">
                  <a href={`/ansokan/${applicationId}/bilagor/${f.id}`} download={f.fileName}>
                    {f.fileName}
                  </a>
                </th>
                <td className="num">{sizeText(f.sizeBytes, locale)}</td>
                <td>{f.uploadedAt}</td>
                {answer.editable ? (
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="delete-attachment" />
                      <input type="hidden" name="attachmentId" value={f.id} />
                      <button type="submit" className="button button--secondary">
                        {c.remove(f.fileName)}
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {answer.editable ? (
        <Form method="post" encType="multipart/form-data" className="upload-form">
          <input type="hidden" name="intent" value="upload" />
          <input type="hidden" name="requirementId" value={answer.requirementId} />
          <Field id={fileId} label={c.uploadLabel(answer.code)} hint={c.uploadHint(maxMb)} error={uploadError}>
            {(control) => <input {...control} type="file" name="file" accept="application/pdf,.pdf" />}
          </Field>
          <button type="submit" className="button button--secondary">
            {c.upload}
          </button>
        </Form>
      ) : null}
    </>
  )
}

import { Form } from 'react-router'
import { useT } from '../../i18n/i18n.tsx'
import { Field } from '../ui/field.tsx'

export const FILE_FIELD = 'modell-fil'
export const TEXT_FIELD = 'modell-json'

/**
 * Upload a model as a draft: a file or pasted JSON. A multipart POST that works without
 * JavaScript; `invalid` marks the field the problems concern.
 */
export function UploadForm({ invalid, json }: { invalid: 'file' | 'text' | 'both' | null; json: string }) {
  const t = useT()
  const u = t.models.upload
  const fileInvalid = invalid === 'file' || invalid === 'both'
  const textInvalid = invalid === 'text' || invalid === 'both'
  return (
    <section aria-labelledby="ladda-upp-rubrik" className="upload">
      <h2 id="ladda-upp-rubrik">{u.heading}</h2>
      <p>{u.lead}</p>
      <Form method="post" encType="multipart/form-data" className="upload__form">
        <Field id={FILE_FIELD} label={u.fileLabel} hint={u.fileHint} error={fileInvalid ? u.fieldError : null}>
          {(control) => <input type="file" name="fil" accept="application/json,.json" {...control} />}
        </Field>
        <p className="upload__or">{u.or}</p>
        <Field id={TEXT_FIELD} label={u.textLabel} hint={u.textHint} error={textInvalid ? u.fieldError : null}>
          {(control) => <textarea name="json" rows={14} spellCheck={false} autoComplete="off" defaultValue={json} {...control} />}
        </Field>
        <button type="submit" className="button">
          {u.submit}
        </button>
      </Form>
    </section>
  )
}

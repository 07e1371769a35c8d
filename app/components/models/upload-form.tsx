import { Form } from 'react-router'
import { useT } from '../../i18n/i18n.tsx'

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
        <div className={`field${fileInvalid ? ' field--error' : ''}`}>
          <label htmlFor={FILE_FIELD}>{u.fileLabel}</label>
          <p className="field__hint" id={`${FILE_FIELD}-hint`}>
            {u.fileHint}
          </p>
          {fileInvalid ? (
            <p className="field__error" id={`${FILE_FIELD}-error`}>
              {u.fieldError}
            </p>
          ) : null}
          <input
            type="file"
            id={FILE_FIELD}
            name="fil"
            accept="application/json,.json"
            aria-describedby={`${FILE_FIELD}-hint${fileInvalid ? ` ${FILE_FIELD}-error` : ''}`}
            aria-invalid={fileInvalid || undefined}
          />
        </div>
        <p className="upload__or">{u.or}</p>
        <div className={`field${textInvalid ? ' field--error' : ''}`}>
          <label htmlFor={TEXT_FIELD}>{u.textLabel}</label>
          <p className="field__hint" id={`${TEXT_FIELD}-hint`}>
            {u.textHint}
          </p>
          {textInvalid ? (
            <p className="field__error" id={`${TEXT_FIELD}-error`}>
              {u.fieldError}
            </p>
          ) : null}
          <textarea
            id={TEXT_FIELD}
            name="json"
            rows={14}
            spellCheck={false}
            autoComplete="off"
            defaultValue={json}
            aria-describedby={`${TEXT_FIELD}-hint${textInvalid ? ` ${TEXT_FIELD}-error` : ''}`}
            aria-invalid={textInvalid || undefined}
          />
        </div>
        <button type="submit" className="button">
          {u.submit}
        </button>
      </Form>
    </section>
  )
}

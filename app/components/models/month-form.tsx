import { Form } from 'react-router'
import { useT } from '../../i18n/i18n.tsx'

/** Choose the past month of the what-if: a GET form, so the result has its own address. */
export function MonthForm({ month, latest, invalid }: { month: string; latest: string; invalid: boolean }) {
  const t = useT()
  const w = t.models.whatIf
  return (
    <Form method="get" className="filter" aria-labelledby="manad-rubrik">
      <h2 id="manad-rubrik" className="filter__heading">
        {w.formHeading}
      </h2>
      <div className={`field${invalid ? ' field--error' : ''}`}>
        <label htmlFor="manad">{w.monthLabel}</label>
        <p className="field__hint" id="manad-hint">
          {w.monthHint(latest)}
        </p>
        {invalid ? (
          <p className="field__error" id="manad-error">
            {w.badMonth(latest)}
          </p>
        ) : null}
        <input
          type="month"
          id="manad"
          name="manad"
          defaultValue={month}
          key={month}
          max={latest}
          pattern="\d{4}-\d{2}"
          aria-describedby={`manad-hint${invalid ? ' manad-error' : ''}`}
          aria-invalid={invalid || undefined}
        />
      </div>
      <button type="submit" className="button">
        {w.submit}
      </button>
    </Form>
  )
}

import { useT } from '../../i18n/i18n.tsx'
import { Field } from '../ui/field.tsx'
import { FilterForm } from '../ui/filter-form.tsx'

/** Choose the past month of the what-if: a GET form, so the result has its own address. */
export function MonthForm({ month, latest, invalid }: { month: string; latest: string; invalid: boolean }) {
  const t = useT()
  const w = t.models.whatIf
  return (
    <FilterForm headingId="manad-rubrik" heading={w.formHeading} submit={w.submit}>
      <Field id="manad" label={w.monthLabel} hint={w.monthHint(latest)} error={invalid ? w.badMonth(latest) : null}>
        {(control) => <input type="month" name="manad" defaultValue={month} key={month} max={latest} pattern="\d{4}-\d{2}" {...control} />}
      </Field>
    </FilterForm>
  )
}

import { useT } from '../../i18n/i18n.tsx'
import { FilterForm, SelectField } from '../ui/filter-form.tsx'

export interface VersionOption {
  id: number
  version: string
  validFrom: string
  status: 'draft' | 'adopted'
}

/** Choose the two versions: a GET form, so a comparison has its own address and needs no JavaScript. */
export function CompareForm({ versions, from, to }: { versions: VersionOption[]; from: number | null; to: number | null }) {
  const t = useT()
  const c = t.models.compare
  const options = [
    { value: '', label: c.choose },
    ...versions.map((v) => ({ value: v.id, label: c.option(v.version, t.models.status[v.status], v.validFrom) })),
  ]
  return (
    <FilterForm headingId="valj-rubrik" heading={c.formHeading} submit={c.submit}>
      <SelectField id="fran" label={c.from} value={from ?? ''} options={options} />
      <SelectField id="till" label={c.to} value={to ?? ''} options={options} />
    </FilterForm>
  )
}

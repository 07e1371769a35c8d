import { useT } from '../i18n/i18n.tsx'
import type { MunicipalityOption } from '../modules/clinics/clinics.server.ts'
import { FilterForm, SelectField } from './ui/filter-form.tsx'

/** A GET form: works without JavaScript, and the filtered list has its own address. */
export function ClinicFilter({ municipalities, selected }: { municipalities: MunicipalityOption[]; selected: string | null }) {
  const t = useT()
  const options = [{ value: '', label: t.clinics.allMunicipalities }, ...municipalities.map((m) => ({ value: m.code, label: m.name }))]
  return (
    <FilterForm role="search" headingId="filter-rubrik" heading={t.clinics.filterHeading} submit={t.clinics.filterSubmit}>
      <SelectField id="kommun" label={t.clinics.municipalityLabel} value={selected ?? ''} options={options} />
    </FilterForm>
  )
}

import { Form } from 'react-router'
import { useT } from '../i18n/i18n.tsx'
import type { MunicipalityOption } from '../modules/clinics/clinics.server.ts'

/** A GET form: works without JavaScript, and the filtered list has its own address. */
export function ClinicFilter({ municipalities, selected }: { municipalities: MunicipalityOption[]; selected: string | null }) {
  const t = useT()
  return (
    <Form method="get" className="filter" role="search" aria-labelledby="filter-rubrik">
      <h2 id="filter-rubrik" className="filter__heading">
        {t.clinics.filterHeading}
      </h2>
      <div className="field">
        <label htmlFor="kommun">{t.clinics.municipalityLabel}</label>
        <select id="kommun" name="kommun" defaultValue={selected ?? ''} key={selected ?? ''}>
          <option value="">{t.clinics.allMunicipalities}</option>
          {municipalities.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        {t.clinics.filterSubmit}
      </button>
    </Form>
  )
}

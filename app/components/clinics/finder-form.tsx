import { useT } from '../../i18n/i18n.tsx'
import type { MunicipalityOption } from '../../modules/clinics/clinics.server.ts'
import { accessibilityFeatures, clinicServices, type FinderFilters, type SortOrder } from '../../modules/clinics/finder.ts'
import { FilterForm, SelectField } from '../ui/filter-form.tsx'

interface Choice {
  value: string
  label: string
}

/** A group of checkboxes sharing one parameter name; every box is labelled on its own. */
function CheckboxGroup({
  name,
  legend,
  choices,
  checked,
  columns = false,
}: {
  name: string
  legend: string
  choices: Choice[]
  checked: readonly string[]
  /** A long list: two columns where there is room. */
  columns?: boolean
}) {
  return (
    <fieldset className={columns ? 'finder__group finder__group--wide' : 'finder__group'}>
      <legend>{legend}</legend>
      <ul className={columns ? 'finder__choices finder__choices--columns' : 'finder__choices'}>
        {choices.map((c) => {
          const id = `${name}-${c.value}`
          return (
            <li key={c.value} className="checkbox">
              <input type="checkbox" id={id} name={name} value={c.value} defaultChecked={checked.includes(c.value)} />
              <label htmlFor={id}>{c.label}</label>
            </li>
          )
        })}
      </ul>
    </fieldset>
  )
}

/**
 * The finder's filters: a GET form, so every search has its own address and works without
 * JavaScript. The caller keys it by the address, so a link or "back" shows that address's choices.
 */
export function FinderForm({
  filters,
  municipalities,
  languages,
  sort,
  canSortByDistance,
}: {
  filters: FinderFilters
  municipalities: MunicipalityOption[]
  languages: { code: string; name: string }[]
  sort: SortOrder
  canSortByDistance: boolean
}) {
  const t = useT()
  const f = t.finder
  const municipalityOptions = [{ value: '', label: t.clinics.allMunicipalities }, ...municipalities.map((m) => ({ value: m.code, label: m.name }))]
  return (
    <FilterForm role="search" headingId="filter-rubrik" heading={t.clinics.filterHeading} submit={t.clinics.filterSubmit}>
      <div className="field">
        <label htmlFor="sok">{f.searchLabel}</label>
        <p className="field__hint" id="sok-hint">
          {f.searchHint}
        </p>
        <input type="text" id="sok" name="sok" defaultValue={filters.text} aria-describedby="sok-hint" maxLength={100} autoComplete="off" />
      </div>
      <SelectField id="kommun" label={t.clinics.municipalityLabel} value={filters.municipalityCode ?? ''} options={municipalityOptions} />
      {canSortByDistance ? (
        <SelectField
          id="sortering"
          label={f.sortLabel}
          value={sort === 'distance' ? 'avstand' : 'namn'}
          options={[
            { value: 'avstand', label: f.sortDistance },
            { value: 'namn', label: f.sortName },
          ]}
        />
      ) : null}
      <div className="finder__groups">
        <CheckboxGroup
          name="tjanst"
          legend={f.servicesLegend}
          choices={clinicServices.map((s) => ({ value: s, label: t.clinics.serviceLabel[s] }))}
          checked={filters.services}
        />
        <fieldset className="finder__group">
          <legend>{f.hoursLegend}</legend>
          <ul className="finder__choices">
            <li className="checkbox">
              <input type="checkbox" id="kvall" name="kvall" value="1" defaultChecked={filters.evening} />
              <label htmlFor="kvall">{f.evening}</label>
            </li>
            <li className="checkbox">
              <input type="checkbox" id="helg" name="helg" value="1" defaultChecked={filters.weekend} />
              <label htmlFor="helg">{f.weekend}</label>
            </li>
          </ul>
        </fieldset>
        <fieldset className="finder__group">
          <legend>{f.listLegend}</legend>
          <div className="checkbox">
            <input type="checkbox" id="oppen" name="oppen" value="1" defaultChecked={filters.openListOnly} />
            <label htmlFor="oppen">{f.openListOnly}</label>
          </div>
        </fieldset>
        <CheckboxGroup
          name="tillganglighet"
          legend={f.accessibilityLegend}
          choices={accessibilityFeatures.map((a) => ({ value: a, label: f.accessibilityLabel[a] ?? a }))}
          checked={filters.accessibility}
        />
        <CheckboxGroup
          name="sprak"
          legend={f.languagesLegend}
          choices={languages.map((l) => ({ value: l.code, label: l.name }))}
          checked={filters.languages}
          columns
        />
      </div>
    </FilterForm>
  )
}

/**
 * The application's own details as four forms, one per section (vårdgivare, vårdcentral,
 * bemanning, medicinskt ansvarig), each saved on its own. A section that may not be changed now
 * is shown with its controls disabled and no save button.
 */
import { Form } from 'react-router'
import { useT, type Messages } from '../../i18n/i18n.tsx'
import { staffingRoles, weekdays } from '../../modules/authorisation/application-fields.ts'
import { applicationSections, type ApplicationSection } from '../../modules/authorisation/rules.ts'
import { Field } from '../ui/field.tsx'
import { ChoiceGroup } from './choices.tsx'

export type SectionValues = Record<string, string | string[]>

interface Props {
  values: SectionValues
  errors: Partial<Record<string, string>>
  editable: ApplicationSection[]
  municipalities: { code: string; name: string }[]
  /** The section just saved (its notice), if any. */
  saved: ApplicationSection | null
}

/** A field's name in a message: opening hours by weekday ("Stänger måndag"), the others from the catalogue. */
export function fieldLabel(m: Messages['application'], field: string): string {
  const hours = /^(opens|closes)([1-7])$/.exec(field)
  if (hours) {
    const day = m.weekdays[Number(hours[2]) - 1]!
    return hours[1] === 'opens' ? m.opens(day) : m.closes(day)
  }
  return m.fields[field] ?? field
}

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''))

export function SectionForms(props: Props) {
  return (
    <>
      {applicationSections.map((section) => (
        <SectionForm key={section} section={section} {...props} />
      ))}
    </>
  )
}

function SectionForm({ section, values, errors, editable, municipalities, saved }: Props & { section: ApplicationSection }) {
  const t = useT()
  const m = t.application
  const mayEdit = editable.includes(section)
  const headingId = `del-${section}`
  const text = (name: string, options: { hint?: string; inputMode?: 'numeric' | 'decimal' | 'tel' | 'url'; autoComplete?: string; size?: number } = {}) => (
    <Field key={name} id={name} label={m.fields[name] ?? name} hint={options.hint} error={errors[name]}>
      {(control) => (
        <input {...control} type="text" name={name} defaultValue={str(values[name])} inputMode={options.inputMode} autoComplete={options.autoComplete ?? 'off'} size={options.size} />
      )}
    </Field>
  )
  return (
    <section aria-labelledby={headingId} className="application-section" id={`avsnitt-${section}`}>
      <h2 id={headingId}>{m.sections[section]}</h2>
      {saved === section ? (
        <p className="notice notice--success" role="status">
          {m.details.saved(m.sections[section] ?? section)}
        </p>
      ) : null}
      {!mayEdit ? <p className="muted">{m.details.readOnlySection}</p> : null}
      <Form method="post" noValidate>
        <input type="hidden" name="section" value={section} />
        <fieldset disabled={!mayEdit}>
          <legend className="visually-hidden">{m.sections[section]}</legend>
          <p className="field__hint">{m.sectionHints[section]}</p>
          {section === 'provider' ? (
            <>
              {text('orgNumber', { hint: m.hints.orgNumber, inputMode: 'numeric' })}
              {text('orgName', { autoComplete: 'organization' })}
              <ChoiceGroup
                name="fSkatt"
                type="radio"
                legend={m.fields.fSkatt}
                hint={m.hints.fSkatt}
                error={errors.fSkatt}
                options={[
                  ['yes', m.yes],
                  ['no', m.no],
                ]}
                checked={(v) => str(values.fSkatt) === v}
              />
              {text('insurer')}
              {text('insurancePolicy')}
              <ChoiceGroup
                name="ownership"
                type="radio"
                legend={m.fields.ownership}
                error={errors.ownership}
                options={[
                  ['public', m.ownerships.public!],
                  ['private', m.ownerships.private!],
                ]}
                checked={(v) => str(values.ownership) === v}
              />
            </>
          ) : null}
          {section === 'clinic' ? (
            <>
              {text('clinicName')}
              {text('streetAddress', { autoComplete: 'street-address' })}
              {text('postalCode', { hint: m.hints.postalCode, inputMode: 'numeric', autoComplete: 'postal-code', size: 6 })}
              {text('city', { autoComplete: 'address-level2' })}
              <Field id="municipalityCode" label={m.fields.municipalityCode!} error={errors.municipalityCode}>
                {(control) => (
                  <select {...control} name="municipalityCode" defaultValue={str(values.municipalityCode)}>
                    <option value="">{m.choose}</option>
                    {municipalities.map((mu) => (
                      <option key={mu.code} value={mu.code}>
                        {mu.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {text('lat', { hint: m.hints.lat, inputMode: 'decimal', size: 12 })}
              {text('lon', { hint: m.hints.lon, inputMode: 'decimal', size: 12 })}
              {text('phone', { hint: m.hints.phone, inputMode: 'tel', autoComplete: 'tel' })}
              {text('website', { hint: m.hints.website, inputMode: 'url', autoComplete: 'url' })}
              <ChoiceGroup
                name="services"
                type="checkbox"
                legend={m.fields.services}
                error={errors.services}
                options={Object.entries(m.services)}
                checked={(v) => (Array.isArray(values.services) ? values.services : []).includes(v)}
              />
              {text('languages', { hint: m.hints.languages })}
              <fieldset className="field opening-hours" aria-describedby="openingHours-hint">
                <legend className="strong">{m.fields.openingHours}</legend>
                <p className="field__hint" id="openingHours-hint">
                  {m.hints.openingHours}
                </p>
                {weekdays.map((d) => {
                  const day = m.weekdays[d - 1]!
                  return (
                    <div key={d} className="opening-hours__day">
                      {(['opens', 'closes'] as const).map((which) => {
                        const name = `${which}${d}`
                        return (
                          <Field key={name} id={name} label={which === 'opens' ? m.opens(day) : m.closes(day)} error={errors[name]}>
                            {(control) => <input {...control} type="text" name={name} defaultValue={str(values[name])} inputMode="numeric" size={5} autoComplete="off" />}
                          </Field>
                        )
                      })}
                    </div>
                  )
                })}
              </fieldset>
            </>
          ) : null}
          {section === 'staffing' ? (
            <>
              <p className="field__hint">{m.hints.staffing}</p>
              {staffingRoles.map((role) => text(role, { inputMode: 'decimal', size: 8 }))}
            </>
          ) : null}
          {section === 'medical_lead' ? (
            <>
              {text('medicalLeadName', { autoComplete: 'name' })}
              {text('medicalLeadTitle')}
              {text('medicalLeadRegNo', { hint: m.hints.medicalLeadRegNo, inputMode: 'numeric' })}
            </>
          ) : null}
        </fieldset>
        {mayEdit ? (
          <button type="submit" className="button">
            {m.details.save(m.sections[section] ?? section)}
          </button>
        ) : null}
      </Form>
    </section>
  )
}

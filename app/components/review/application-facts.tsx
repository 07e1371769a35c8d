/** The application's own sections as the reviewer reads them: the provider, the clinic, its staffing and its medical lead. */
import { DataTable } from '../ui/data-table.tsx'
import { Fact, FactList } from '../ui/fact-list.tsx'
import { formatNumber } from '../ui/format.ts'
import { useLocale, useT } from '../../i18n/i18n.tsx'
import type { ApplicationFields as StoredFields } from '../../modules/authorisation/application-fields.ts'
import { languageName } from '../../modules/clinics/finder.ts'

/** The application's stored fields as the reviewer reads them: the municipality by name, coordinates as text, hours and staffing as read. */
export interface ApplicationFields extends Omit<StoredFields, 'municipalityCode' | 'lat' | 'lon' | 'openingHours' | 'staffing'> {
  municipalityName: string | null
  lat: string | null
  lon: string | null
  openingHours: { day: number; opens: string; closes: string }[]
  staffing: Record<string, string>
}

function decimal(value: string, locale: 'sv' | 'en'): string {
  try {
    return formatNumber(value, locale)
  } catch {
    return value
  }
}

/** A section a request for supplementation named, once answered: it may have changed since. */
function Changed({ section, changed }: { section: string; changed: string[] }) {
  const a = useT().review.application
  return changed.includes(section) ? (
    <p className="muted" data-field="section-changed">
      {a.changed}
    </p>
  ) : null
}

export function ApplicationFacts({ app, changedSections = [] }: { app: ApplicationFields; changedSections?: string[] }) {
  const t = useT()
  const locale = useLocale()
  const a = t.review.application
  const f = a.fields
  const orMissing = (v: string | null | undefined) => (v && v.trim() !== '' ? v : a.missing)
  const address = [app.streetAddress, [app.postalCode, app.city].filter(Boolean).join(' ')].filter((s) => s && s.trim() !== '').join(', ')
  const staffing = Object.entries(app.staffing).filter(([, v]) => typeof v === 'string' && v !== '')
  return (
    <>
      <section aria-labelledby="avsnitt-provider">
        <h2 id="avsnitt-provider">{a.sections.provider}</h2>
        <Changed section="provider" changed={changedSections} />
        <FactList>
          <Fact term={f.orgName} field="orgName">{orMissing(app.orgName)}</Fact>
          <Fact term={f.orgNumber} field="orgNumber">{orMissing(app.orgNumber)}</Fact>
          <Fact term={f.fSkatt}>{app.fSkatt === null ? a.missing : app.fSkatt ? a.yes : a.no}</Fact>
          <Fact term={f.ownership}>{app.ownership ? (t.clinics.ownershipLabel[app.ownership as 'public' | 'private'] ?? app.ownership) : a.missing}</Fact>
          <Fact term={f.insurer}>{orMissing(app.insurer)}</Fact>
          <Fact term={f.insurancePolicy}>{orMissing(app.insurancePolicy)}</Fact>
        </FactList>
      </section>
      <section aria-labelledby="avsnitt-clinic">
        <h2 id="avsnitt-clinic">{a.sections.clinic}</h2>
        <Changed section="clinic" changed={changedSections} />
        <FactList>
          <Fact term={f.clinicName} field="clinicName">{orMissing(app.clinicName)}</Fact>
          <Fact term={f.address}>{orMissing(address)}</Fact>
          <Fact term={f.municipality}>{orMissing(app.municipalityName)}</Fact>
          <Fact term={f.coordinates}>{app.lat && app.lon ? `${decimal(app.lat, locale)}, ${decimal(app.lon, locale)}` : a.missing}</Fact>
          <Fact term={f.phone}>{orMissing(app.phone)}</Fact>
          <Fact term={f.website}>{orMissing(app.website)}</Fact>
          <Fact term={f.services} wide>
            {app.services.length ? app.services.map((s) => t.clinics.serviceLabel[s as keyof typeof t.clinics.serviceLabel] ?? s).join(', ') : a.missing}
          </Fact>
          <Fact term={f.languages} wide>
            {app.languages.length ? app.languages.map((l) => languageName(l, locale)).join(', ') : a.missing}
          </Fact>
          <Fact term={f.openingHours} wide>
            {app.openingHours.length ? (
              <ul className="link-list">
                {app.openingHours.map((h, i) => (
                  <li key={i}>
                    {t.finder.weekdays[h.day - 1] ?? h.day}: {t.finder.period(h.opens, h.closes)}
                  </li>
                ))}
              </ul>
            ) : (
              a.missing
            )}
          </Fact>
        </FactList>
      </section>
      <section aria-labelledby="avsnitt-staffing">
        <h2 id="avsnitt-staffing">{a.sections.staffing}</h2>
        <Changed section="staffing" changed={changedSections} />
        {staffing.length ? (
          <DataTable caption={a.staffingCaption} captionId="bemanning-tabell" columns={[a.staffingRole, { label: a.staffingFte, num: true }]} scroll={false}>
            <tbody>
              {staffing.map(([role, fte]) => (
                <tr key={role}>
                  <th scope="row">{a.staffing[role] ?? role}</th>
                  <td className="num">{decimal(fte, locale)}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        ) : (
          <p>{a.missing}</p>
        )}
      </section>
      <section aria-labelledby="avsnitt-medical-lead">
        <h2 id="avsnitt-medical-lead">{a.sections.medical_lead}</h2>
        <Changed section="medical_lead" changed={changedSections} />
        <FactList>
          <Fact term={f.medicalLeadName}>{orMissing(app.medicalLeadName)}</Fact>
          <Fact term={f.medicalLeadTitle}>{orMissing(app.medicalLeadTitle)}</Fact>
          <Fact term={f.medicalLeadRegNo}>{orMissing(app.medicalLeadRegNo)}</Fact>
        </FactList>
      </section>
    </>
  )
}

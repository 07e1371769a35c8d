import { useT } from '../i18n/i18n.tsx'
import type { ClinicSummary } from '../modules/clinics/clinics.server.ts'

export function ClinicList({ clinics }: { clinics: ClinicSummary[] }) {
  const t = useT()
  return (
    <ul className="clinic-list" aria-describedby="antal">
      {clinics.map((clinic) => (
        <li key={clinic.id} className="clinic" data-hsa-id={clinic.hsaId}>
          <h2 className="clinic__name">{clinic.name}</h2>
          <dl className="clinic__facts">
            <div>
              <dt>{t.clinics.municipality}</dt>
              <dd data-field="municipality">{clinic.municipalityName}</dd>
            </div>
            <div>
              <dt>{t.clinics.address}</dt>
              <dd data-field="address">{formatAddress(clinic) ?? t.clinics.noAddress}</dd>
            </div>
            <div>
              <dt>{t.clinics.ownership}</dt>
              <dd data-field="ownership">{t.clinics.ownershipLabel[clinic.ownership]}</dd>
            </div>
            <div>
              <dt>{t.clinics.services}</dt>
              <dd data-field="services">{clinic.services.map((s) => t.clinics.serviceLabel[s]).join(', ')}</dd>
            </div>
            <div>
              <dt>{t.clinics.listedCount}</dt>
              <dd data-field="listed-count">{t.clinics.listedCountValue(clinic.listedCount)}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  )
}

function formatAddress(clinic: ClinicSummary): string | null {
  const place = [clinic.postalCode, clinic.city].filter(Boolean).join(' ')
  const parts = [clinic.streetAddress, place].filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : null
}

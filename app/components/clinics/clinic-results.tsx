import { Form, Link } from 'react-router'
import { useLocale, useT } from '../../i18n/i18n.tsx'
import type { ClinicService, Ownership } from '../../modules/clinics/finder.ts'
import { StatusBadge } from '../ui/status-badge.tsx'
import { clinicHref, formatAddress, formatKm } from './format.ts'

/** One clinic in the finder's results: only what the card shows. */
export interface ResultCard {
  hsaId: string
  name: string
  municipalityName: string
  streetAddress: string | null
  postalCode: string | null
  city: string | null
  ownership: Ownership
  services: ClinicService[]
  listedCount: number
  listOpen: boolean
  distanceKm: number | null
}

/** Open or closed list, in words; the colour only repeats it. */
export function ListBadge({ open }: { open: boolean }) {
  const t = useT()
  return <StatusBadge tone={open ? 'success' : 'waiting'}>{open ? t.finder.listOpen : t.finder.listClosed}</StatusBadge>
}

/**
 * The results, inside a GET form to the comparison: each card's "Jämför" box adds its HSA-id.
 * `carry` are the finder's own parameters, passed along so the comparison can link back to them.
 */
export function ClinicResults({
  clinics,
  showDistance,
  compare,
  carry,
}: {
  clinics: ResultCard[]
  showDistance: boolean
  compare: string[]
  carry: [string, string][]
}) {
  const t = useT()
  const locale = useLocale()
  const f = t.finder
  const submit = (
    <button type="submit" className="button button--secondary">
      {f.compareSubmit}
    </button>
  )
  return (
    <Form method="get" action="/vardcentraler/jamfor" className="finder__compare" aria-label={f.compareHeading}>
      {carry.map(([name, value], i) => (
        <input key={i} type="hidden" name={name} value={value} />
      ))}
      <p className="finder__compare-hint">{f.compareHint}</p>
      <ul className="clinic-list" aria-describedby="antal">
        {clinics.map((clinic) => (
          <li key={clinic.hsaId} className="clinic" data-hsa-id={clinic.hsaId}>
            <h2 className="clinic__name">
              <Link to={clinicHref(clinic.hsaId)}>{clinic.name}</Link>
            </h2>
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
              <div>
                <dt>{f.listStatus}</dt>
                <dd data-field="list-status">
                  <ListBadge open={clinic.listOpen} />
                </dd>
              </div>
              {showDistance ? (
                <div>
                  <dt>{f.distance}</dt>
                  <dd data-field="distance">
                    {clinic.distanceKm === null ? f.noDistance : f.distanceValue(formatKm(clinic.distanceKm, locale))}
                  </dd>
                </div>
              ) : null}
            </dl>
            <div className="checkbox clinic__compare">
              <input
                type="checkbox"
                id={`jamfor-${clinic.hsaId}`}
                name="hsa"
                value={clinic.hsaId}
                defaultChecked={compare.includes(clinic.hsaId)}
              />
              <label htmlFor={`jamfor-${clinic.hsaId}`}>
                {f.compareLabel} <span className="visually-hidden">{clinic.name}</span>
              </label>
            </div>
          </li>
        ))}
      </ul>
      {clinics.length > 1 ? <div className="finder__compare-submit">{submit}</div> : null}
    </Form>
  )
}

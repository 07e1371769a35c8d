import { useEffect, useRef } from 'react'
import { Link } from 'react-router'
import { formatNumber } from '../ui/format.ts'
import { useLocale, useT } from '../../i18n/i18n.tsx'

interface ClinicRef {
  id: number
  hsaId: string
  name: string
}

/** A refused choice as the page receives it (ListingRefused's code and details). */
export interface RefusalView {
  code: 'same-clinic' | 'list-closed' | 'switch-limit' | 'clinic-not-authorised' | 'citizen-ended' | 'changed' | 'minor'
  details: {
    effectiveDate: string
    clinic?: ClinicRef
    nearestOpen?: (ClinicRef & { distanceKm: number })[]
    switches?: number
    limit?: number
    allowedAgainOn?: string
    current?: ClinicRef | null
    currentFrom?: string | null
  }
}

/**
 * Why a choice could not be made, in words, announced as an alert and focused; a closed list offers
 * the nearest open clinics, the switch limit says when and how to ask for an exception.
 */
export function Refusal({ refusal, childQuery }: { refusal: RefusalView; childQuery: string }) {
  const t = useT()
  const locale = useLocale()
  const c = t.citizen.choose
  const { code, details } = refusal
  const ref = useRef<HTMLDivElement>(null)
  // A new refusal (a new submission) moves focus here, as the error summary does.
  useEffect(() => ref.current?.focus(), [code, details.effectiveDate])
  const clinic = details.clinic?.name ?? ''
  const message =
    code === 'list-closed'
      ? c.refused['list-closed'](clinic)
      : code === 'switch-limit'
        ? c.refused['switch-limit'](details.switches ?? 0, details.limit ?? 0, details.allowedAgainOn ?? '')
        : code === 'same-clinic'
          ? c.refused['same-clinic'](clinic)
          : code === 'clinic-not-authorised'
            ? c.refused['clinic-not-authorised'](clinic)
            : code === 'citizen-ended'
              ? c.refused['citizen-ended']
              : code === 'minor'
                ? c.refused.minor
                : c.refused.changed
  return (
    <div className="error-summary" role="alert" aria-labelledby="avslag-rubrik" tabIndex={-1} ref={ref} data-refusal={code}>
      <h2 id="avslag-rubrik" className="error-summary__heading">
        {c.refusedHeading}
      </h2>
      <p>{message}</p>
      {code === 'changed' ? (
        <p data-field="changed-now">
          <strong>{details.current && details.currentFrom ? c.changedNow(details.current.name, details.currentFrom) : c.changedNowNone}</strong>
        </p>
      ) : null}
      {code === 'switch-limit' ? <p>{c.exceptionHelp}</p> : null}
      {code === 'list-closed' ? (
        <>
          <h3 id="narmaste">{c.nearestHeading}</h3>
          {details.nearestOpen?.length ? (
            <ul className="link-list" aria-labelledby="narmaste">
              {details.nearestOpen.map((n) => (
                <li key={n.hsaId} data-field="nearest-open">
                  <Link to={`/mina-sidor/valj/${encodeURIComponent(n.hsaId)}${childQuery}`}>{c.chooseNearest(n.name)}</Link>,{' '}
                  {c.nearestDistance(formatNumber(n.distanceKm.toFixed(1), locale))} – <Link to={`/vardcentraler/${encodeURIComponent(n.hsaId)}`}>{c.aboutClinic(n.name)}</Link>
                </li>
              ))}
            </ul>
          ) : (
            <p>{c.nearestNone}</p>
          )}
        </>
      ) : null}
      {code !== 'changed' ? (
        <p>
          <Link to="/vardcentraler">{c.finder}</Link>
        </p>
      ) : null}
    </div>
  )
}

/** How the clinic pages write addresses and distances. */
import type { Locale } from '../../i18n/i18n.tsx'
import { roundedKm } from '../../modules/clinics/finder.ts'
import { formatNumber } from '../ui/format.ts'

export function formatAddress(clinic: { streetAddress: string | null; postalCode: string | null; city: string | null }): string | null {
  const place = [clinic.postalCode, clinic.city].filter(Boolean).join(' ')
  const parts = [clinic.streetAddress, place].filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : null
}

/** "3,4" (sv) or "3.4" (en): one decimal, the page's decimal mark. */
export function formatKm(km: number, locale: Locale): string {
  return formatNumber(roundedKm(km), locale)
}

/** A clinic's page. HSA-ids are public identifiers of organisations, fine in an address. */
export function clinicHref(hsaId: string): string {
  return `/vardcentraler/${encodeURIComponent(hsaId)}`
}

/** The page where a citizen confirms choosing a clinic (it sends a visitor to log in first). */
export function chooseHref(hsaId: string): string {
  return `/mina-sidor/valj/${encodeURIComponent(hsaId)}`
}

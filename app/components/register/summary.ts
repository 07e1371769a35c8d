/** What a change request asks, from its stored payload, for the tables (pure: server and browser). */
import type { RequestSummary } from './register-tables.tsx'

const fieldOrder = ['ownership', 'streetAddress', 'postalCode', 'city', 'lat', 'lon', 'openingHours']

export function requestSummary(kind: string, payload: Record<string, unknown>): RequestSummary {
  if (kind === 'list_cap' && typeof payload.cap === 'number' && typeof payload.from === 'string' && typeof payload.until === 'string') {
    return { kind: 'list_cap', cap: payload.cap, from: payload.from, until: payload.until }
  }
  if (kind === 'details') return { kind: 'details', fields: fieldOrder.filter((f) => f in payload) }
  return { kind: 'unknown' }
}

/** What a change request asks, from its stored payload, for the tables (pure: server and browser). */
import type { ChangeRequestRow } from '../../modules/authorisation/change-requests.server.ts'
import { swedishDate } from '../../utils/sweden.ts'
import type { RequestRow, RequestSummary } from './register-tables.tsx'

const fieldOrder = ['ownership', 'streetAddress', 'postalCode', 'city', 'lat', 'lon', 'openingHours']

export function requestSummary(kind: string, payload: Record<string, unknown>): RequestSummary {
  if (kind === 'list_cap' && typeof payload.cap === 'number' && typeof payload.from === 'string' && typeof payload.until === 'string') {
    return { kind: 'list_cap', cap: payload.cap, from: payload.from, until: payload.until }
  }
  if (kind === 'details') return { kind: 'details', fields: fieldOrder.filter((f) => f in payload) }
  return { kind: 'unknown' }
}

/** A change request as the tables show it: what it asks, and its dates in Swedish time. */
export function requestRow(r: ChangeRequestRow): RequestRow {
  return {
    id: r.id,
    hsaId: r.hsaId,
    clinicName: r.clinicName,
    kind: r.kind,
    status: r.status,
    summary: requestSummary(r.kind, r.payload),
    requestedAt: swedishDate(r.requestedAt),
    requestedBy: r.requestedBy,
    decisionNote: r.decisionNote,
  }
}

/**
 * The text of each message to a provider's user (an applicant, a clinic's staff) about
 * authorisation, in Swedish: pure, so the delivery job, the pages and the tests share it. A message
 * says what happened, what to do and by when, and links to the page where it is done. It never
 * holds an identity number: the payloads carry facts (dates, codes, the commissioner's words) only.
 */
import type { ProviderNotificationKind } from './provider-outbox.server.ts'
import { swedishLongDate } from './render.ts'

export interface ProviderRenderInput {
  kind: ProviderNotificationKind
  applicationId: number | null
  /** The clinic's or the application's clinic name, when the row has one (the payload's wins). */
  clinicName: string | null
  /** The row's payload, as queued by the step it tells of. */
  payload: Record<string, unknown>
  /** The site's public address, e.g. https://vardval.example.se. */
  publicUrl: string
}

export interface RenderedProviderMessage {
  subject: string
  body: string
}

/** The application's own sections as a request for supplementation names them. */
export const sectionNamesSv: Record<string, string> = {
  provider: 'Uppgifter om vårdgivaren',
  clinic: 'Uppgifter om vårdcentralen',
  staffing: 'Bemanning',
  medical_lead: 'Medicinskt ansvarig',
}

const statusNamesSv: Record<string, string> = {
  authorised: 'auktoriserad',
  suspended: 'tillfälligt avstängd',
  revoked: 'återkallad',
  ended: 'avslutad',
}

/** The LOV exclusion grounds, as a rejection names them. */
export const groundNamesSv: Record<string, string> = {
  bankruptcy: 'Konkurs, likvidation eller liknande',
  unpaidTaxes: 'Obetalda skatter eller socialavgifter',
  misconduct: 'Allvarligt fel i yrkesutövningen',
  falseInformation: 'Oriktiga uppgifter i ansökan',
}

const changeKindsSv: Record<string, string> = {
  list_cap: 'listningstak',
  details: 'ändrade uppgifter om vårdcentralen',
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null)
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap((x) => (typeof x === 'string' && x.trim() !== '' ? [x.trim()] : [])) : [])
const longDate = (v: unknown): string | null => {
  const s = str(v)
  return s ? swedishLongDate(s) : null
}

function link(publicUrl: string, path: string): string {
  return new URL(path, publicUrl).toString()
}

/** The reasons of a rejection as the decision gives them: [{ code, ground, reason }] (code null for an exclusion ground). */
function reasons(v: unknown): { code: string | null; ground: string | null; reason: string }[] {
  if (!Array.isArray(v)) return []
  return v.flatMap((r) => {
    if (typeof r !== 'object' || r === null) return []
    const row = r as Record<string, unknown>
    const reason = str(row.reason)
    return reason ? [{ code: str(row.code), ground: str(row.ground), reason }] : []
  })
}

const FOOTER = ['', 'Det här meddelandet skickas av regionens vårdval. Du kan inte svara på det.']

export function renderProviderNotification(input: ProviderRenderInput): RenderedProviderMessage {
  const { payload } = input
  const clinicName = str(payload.clinicName) ?? input.clinicName
  const clinic = clinicName ? ` för ${clinicName}` : ''
  const applicationUrl = input.applicationId !== null ? link(input.publicUrl, `/ansokan/${input.applicationId}`) : link(input.publicUrl, '/ansokan')
  const messagesUrl = link(input.publicUrl, '/ansokan/meddelanden')

  switch (input.kind) {
    case 'application_received': {
      const resubmitted = payload.resubmitted === true || payload.resubmission === true
      const subject = resubmitted ? `Kompletteringen av er ansökan${clinic} har kommit in` : `Er ansökan om auktorisation${clinic} har kommit in`
      const lines = [
        'Hej!',
        '',
        resubmitted
          ? `Regionen har tagit emot er komplettering av ansökan om auktorisation${clinic}. Granskningen fortsätter.`
          : `Regionen har tagit emot er ansökan om auktorisation enligt LOV${clinic}. En handläggare granskar den nu.`,
        'Ni får ett meddelande om regionen behöver fler uppgifter och när beslutet är fattat.',
        '',
        `Följ ansökan: ${applicationUrl}`,
        ...FOOTER,
      ]
      return { subject, body: lines.join('\n') }
    }
    case 'supplementation_requested': {
      const due = longDate(payload.dueOn)
      const codes = strings(payload.requirementCodes)
      const sections = strings(payload.sections).map((s) => sectionNamesSv[s] ?? s)
      const message = str(payload.message)
      const subject = `Komplettera er ansökan om auktorisation${clinic}${due ? ` senast ${due}` : ''}`
      const lines = [
        'Hej!',
        '',
        `Regionen behöver fler uppgifter för att kunna pröva er ansökan om auktorisation${clinic}.`,
        ...(message ? ['', 'Handläggarens meddelande:', ...message.split(/\r?\n/).map((l) => `  ${l}`)] : []),
        '',
        'Det här behöver kompletteras:',
        ...codes.map((c) => `  – krav ${c}`),
        ...sections.map((s) => `  – ${s}`),
        '',
        due ? `Komplettera och skicka in ansökan igen senast ${due}.` : 'Komplettera och skicka in ansökan igen så snart som möjligt.',
        'Bara det som står ovan går att ändra. Övriga svar ligger kvar som de är.',
        '',
        `Komplettera ansökan: ${applicationUrl}`,
        ...FOOTER,
      ]
      return { subject, body: lines.join('\n') }
    }
    case 'application_decided': {
      if (payload.outcome === 'approved') {
        const start = longDate(payload.startDate)
        const agreement = str(payload.agreementNumber)
        const hsaId = str(payload.hsaId)
        const subject = `Beslut: er vårdcentral${clinicName ? ` ${clinicName}` : ''} är auktoriserad`
        const lines = [
          'Hej!',
          '',
          `Regionen har beslutat att godkänna er ansökan om auktorisation enligt LOV${clinic}.`,
          ...(start ? [`Auktorisationen gäller från och med ${start}.`] : []),
          ...(agreement ? [`Avtalsnummer: ${agreement}`] : []),
          ...(hsaId ? [`HSA-id: ${hsaId}`] : []),
          '',
          start
            ? `Er vårdcentral visas för invånarna i sök och jämför på ${link(input.publicUrl, '/vardcentraler')} från och med ${start}.`
            : `Er vårdcentral visas för invånarna i sök och jämför på ${link(input.publicUrl, '/vardcentraler')} från startdagen.`,
          'Som behörig företrädare kan ni nu logga in på vårdcentralens sidor.',
          '',
          `Beslutet: ${applicationUrl}`,
          ...FOOTER,
        ]
        return { subject, body: lines.join('\n') }
      }
      const why = reasons(payload.reasons)
      const subject = `Beslut: er ansökan om auktorisation${clinic} är avslagen`
      const lines = [
        'Hej!',
        '',
        `Regionen har beslutat att avslå er ansökan om auktorisation enligt LOV${clinic}.`,
        '',
        'Skälen till beslutet:',
        ...why.map((r) =>
          r.code ? `  – Krav ${r.code}: ${r.reason}` : r.ground ? `  – ${groundNamesSv[r.ground] ?? r.ground}: ${r.reason}` : `  – ${r.reason}`,
        ),
        '',
        'Beslutet kan överklagas hos förvaltningsrätten. Ni får gärna göra en ny ansökan när kraven är uppfyllda.',
        '',
        `Beslutet: ${applicationUrl}`,
        ...FOOTER,
      ]
      return { subject, body: lines.join('\n') }
    }
    case 'authorisation_status_changed': {
      const status = str(payload.status) ?? ''
      const statusText = statusNamesSv[status] ?? status
      const from = longDate(payload.validFrom)
      const reason = str(payload.reason)
      const subject = `${clinicName ?? 'Er vårdcentral'}: auktorisationen är ${statusText}${from ? ` från ${from}` : ''}`
      const lines = [
        'Hej!',
        '',
        status === 'authorised'
          ? `Auktorisationen för ${clinicName ?? 'er vårdcentral'} gäller igen${from ? ` från och med ${from}` : ''}.`
          : `Regionen har beslutat att auktorisationen för ${clinicName ?? 'er vårdcentral'} är ${statusText}${from ? ` från och med ${from}` : ''}.`,
        ...(reason ? ['', `Skäl: ${reason}`] : []),
        ...(status !== 'authorised'
          ? ['', 'Från den dagen visas vårdcentralen inte i sök och jämför, och de listade invånarna får besked om att välja en annan vårdcentral.']
          : []),
        '',
        `Registret över auktoriserade vårdcentraler: ${link(input.publicUrl, '/auktoriserade-vardcentraler')}`,
        ...FOOTER,
      ]
      return { subject, body: lines.join('\n') }
    }
    case 'change_request_decided': {
      const kind = changeKindsSv[str(payload.kind) ?? ''] ?? 'ändring'
      const approved = payload.outcome === 'approved'
      const note = str(payload.note)
      const subject = `${clinicName ?? 'Er vårdcentral'}: er ansökan om ${kind} är ${approved ? 'beviljad' : 'avslagen'}`
      const lines = [
        'Hej!',
        '',
        `Regionen har ${approved ? 'beviljat' : 'avslagit'} er ansökan om ${kind}${clinicName ? ` för ${clinicName}` : ''}.`,
        ...(note ? ['', `Regionens kommentar: ${note}`] : []),
        '',
        `Era ändringsansökningar: ${link(input.publicUrl, '/mottagning/andringar')}`,
        ...FOOTER,
      ]
      return { subject, body: lines.join('\n') }
    }
  }
  // An unknown kind (a newer database than this code): still a message, never a crash in the job.
  return { subject: 'Meddelande från regionens vårdval', body: ['Hej!', '', `Ni har ett nytt meddelande: ${messagesUrl}`, ...FOOTER].join('\n') }
}

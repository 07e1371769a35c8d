/**
 * The text of each notification, in Swedish: pure, so the delivery job, the pages and the unit
 * tests share it. A message names the clinic with its address, phone and website, the day the
 * change takes effect and how to choose another clinic. It never holds an identity number: a
 * child is "ditt barn fött YYYY-MM-DD".
 */
import { addDays } from '../listing/rules.ts'
import type { NotificationKind } from './outbox.server.ts'

export interface ClinicDetails {
  name: string
  streetAddress: string | null
  postalCode: string | null
  city: string | null
  phone: string | null
  website: string | null
}

export interface RenderInput {
  kind: NotificationKind
  clinic: ClinicDetails
  /** Whether the message is about the recipient's child (then `aboutBirthDate` names the child). */
  aboutChild: boolean
  aboutBirthDate: string
  /** From the row's payload: `effectiveDate`, `chooseBy`, `clinicEndsOn`, `fromClinicName`. */
  payload: Record<string, unknown>
  /** The site's public address, e.g. https://vardval.example.se. */
  publicUrl: string
}

export interface RenderedMessage {
  subject: string
  body: string
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null)

/** "ÅÅÅÅ-MM-DD" as Swedish prose: 3 mars 2027. */
export function swedishLongDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return iso
  const months = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december']
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`
}

/** The postal postcode as written on an envelope: "611 32". */
function postcode(code: string): string {
  const digits = code.replace(/\s/g, '')
  return /^\d{5}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3)}` : code
}

export function clinicLines(c: ClinicDetails): string[] {
  const place = [c.postalCode && postcode(c.postalCode), c.city].filter(Boolean).join(' ')
  return [
    c.name,
    ...(c.streetAddress ? [c.streetAddress] : []),
    ...(place ? [place] : []),
    ...(c.phone ? [`Telefon: ${c.phone}`] : []),
    ...(c.website ? [`Webbplats: ${c.website}`] : []),
  ]
}

export function finderUrl(publicUrl: string): string {
  return new URL('/vardcentraler', publicUrl).toString()
}

export function renderNotification(input: RenderInput): RenderedMessage {
  const { clinic, payload } = input
  const who = input.aboutChild ? `ditt barn fött ${input.aboutBirthDate}` : 'du'
  const whoObj = input.aboutChild ? `ditt barn fött ${input.aboutBirthDate}` : 'dig'
  const Who = who.charAt(0).toUpperCase() + who.slice(1)
  // "barn" is neuter: ditt barn är listat, du är listad.
  const listed = input.aboutChild ? 'listat' : 'listad'
  const effective = str(payload.effectiveDate)
  const when = effective ? swedishLongDate(effective) : null
  const details = ['', 'Vårdcentral:', ...clinicLines(clinic).map((l) => `  ${l}`)]
  const choose = [
    '',
    `Vill ${input.aboutChild ? 'du välja en annan vårdcentral åt ditt barn' : 'du välja en annan vårdcentral'}? Sök och välj på ${finderUrl(input.publicUrl)} eller logga in på Mina sidor.`,
  ]
  const footer = ['', 'Det här meddelandet skickas av regionens vårdval. Du kan inte svara på det.']

  switch (input.kind) {
    case 'listing_receipt':
    case 'guardian_notice': {
      const from = str(payload.fromClinicName)
      const subject = input.aboutChild ? `Kvitto: ditt barn listas på ${clinic.name}` : `Kvitto: du listas på ${clinic.name}`
      const lines = [
        'Hej!',
        '',
        `${Who} är ${listed} på ${clinic.name}${when ? ` från och med ${when}` : ''}.`,
        ...(from ? [`Listningen på ${from} upphör samma dag.`] : []),
        ...(input.kind === 'guardian_notice' ? ['', 'Du får det här meddelandet eftersom du är vårdnadshavare. Valet gjordes av en annan vårdnadshavare.'] : []),
        ...details,
        ...choose,
        ...footer,
      ]
      return { subject, body: lines.join('\n') }
    }
    case 'assignment_notice': {
      const subject = input.aboutChild ? `Ditt barn har fått en vårdcentral: ${clinic.name}` : `Du har fått en vårdcentral: ${clinic.name}`
      const lines = [
        'Hej!',
        '',
        input.aboutChild
          ? `Ingen vårdcentral är vald åt ${whoObj}, så regionen har listat barnet på ${clinic.name}${when ? ` från och med ${when}` : ''}.`
          : `Du har ingen vald vårdcentral, så regionen har listat dig på ${clinic.name}${when ? ` från och med ${when}` : ''}.`,
        input.aboutChild
          ? 'Barnet listas i första hand där en vårdnadshavare är listad, annars på den närmaste vårdcentralen med öppen lista.'
          : 'Regionen väljer den närmaste vårdcentralen med öppen lista, i första hand i kommunen där du är folkbokförd.',
        ...details,
        ...choose,
        ...footer,
      ]
      return { subject, body: lines.join('\n') }
    }
    case 'closure_notice': {
      const endsOn = str(payload.clinicEndsOn)
      const chooseBy = str(payload.chooseBy)
      const subject = `${clinic.name} upphör – välj en ny vårdcentral`
      const lastDay = endsOn ? swedishLongDate(lastDayBefore(endsOn)) : null
      const lines = [
        'Hej!',
        '',
        `${Who} är ${listed} på ${clinic.name}, som inte längre ingår i vårdvalet${lastDay ? ` efter ${lastDay}` : ''}.`,
        chooseBy
          ? `Välj en ny vårdcentral senast ${swedishLongDate(chooseBy)}. Om inget val görs listar regionen ${whoObj} på den närmaste vårdcentralen med öppen lista.`
          : `Välj en ny vårdcentral. Om inget val görs listar regionen ${whoObj} på den närmaste vårdcentralen med öppen lista.`,
        ...details,
        ...choose,
        ...footer,
      ]
      return { subject, body: lines.join('\n') }
    }
  }
}

function lastDayBefore(iso: string): string {
  return addDays(iso, -1)
}

import { data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/clinic-changes'
import { WEEKDAYS, hoursField, hoursText, parseHoursFields } from '../components/register/opening-hours.ts'
import { DetailsForm, ListCapForm } from '../components/register/register-forms.tsx'
import { ClinicRequestsTable, type RequestRow } from '../components/register/register-tables.tsx'
import registerCss from '../components/register/register.css?url'
import { requestRow } from '../components/register/summary.ts'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { FilterForm, SelectField } from '../components/ui/filter-form.tsx'
import { formatInteger } from '../components/ui/format.ts'
import { useLocale, useT } from '../i18n/i18n.tsx'
import { registerError } from '../i18n/register.ts'
import { staffClinicIds } from '../modules/access/rules.ts'
import { BodyTooLarge, readFormWithLimit } from '../modules/authorisation/attachments.server.ts'
import { listClinicsByIds } from '../modules/access/users.server.ts'
import {
  ChangeRequestInvalid,
  ChangeRequestRefused,
  clinicChangeRequests,
  clinicDetails,
  requestDetailsChange,
  requestListCap,
  withdrawChangeRequest,
} from '../modules/authorisation/change-requests.server.ts'
import { prisma } from '../utils/db.server.ts'
import { forbidden, requireClinicStaff } from '../utils/permissions.server.ts'
import { swedishDate } from '../utils/sweden.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: registerCss }]

const ClinicParam = z.coerce.number().int().positive().max(2_147_483_647)
const Done = z.enum(['listningstak', 'uppgifter', 'tillbaka']).optional().catch(undefined)
/** The largest form the page takes (a motivation is at most 2000 characters). */
const FORM_LIMIT_BYTES = 256 * 1024

/** The clinic the page is about: `?mottagning=ID` among the user's own clinics, else their first. */
function chosenClinic(request: Request, own: number[]): number {
  const asked = new URL(request.url).searchParams.get('mottagning')
  if (asked === null || asked === '') return own[0]!
  const parsed = ClinicParam.safeParse(asked)
  if (!parsed.success) throw data(null, { status: 400 })
  if (!own.includes(parsed.data)) forbidden()
  return parsed.data
}

/** A clinic's own requests to the region (clinic staff): list caps and changed details, with their status. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireClinicStaff(request)
  const own = staffClinicIds(user)
  const clinicId = chosenClinic(request, own)
  const [clinics, details, requests] = await Promise.all([listClinicsByIds(own), clinicDetails(prisma, clinicId, swedishDate()), clinicChangeRequests(prisma, clinicId)])
  if (!details) throw data(null, { status: 404 })
  const done = Done.parse(new URL(request.url).searchParams.get('klart') ?? undefined)
  const current: Record<string, string> = {
    ownership: details.ownership,
    streetAddress: details.streetAddress ?? '',
    postalCode: details.postalCode ?? '',
    city: details.city ?? '',
    lat: details.lat === null ? '' : String(details.lat),
    lon: details.lon === null ? '' : String(details.lon),
    ...Object.fromEntries(WEEKDAYS.map((day) => [hoursField(day), hoursText(details.openingHours, day)])),
  }
  return {
    clinics,
    clinic: { id: details.id, name: details.name, listCap: details.listCap },
    current,
    requests: requests.map((r): RequestRow => ({ ...requestRow(r), withdrawable: r.status === 'submitted' && r.requestedByUserId === user.id })),
    done: done ?? null,
  }
}

const ListCapFormSchema = z.object({ cap: z.string(), from: z.string(), until: z.string(), capMotivation: z.string() })
const DetailsFormSchema = z.object({
  ownership: z.string(),
  streetAddress: z.string(),
  postalCode: z.string(),
  city: z.string(),
  lat: z.string(),
  lon: z.string(),
  detailsMotivation: z.string(),
  ...Object.fromEntries(WEEKDAYS.map((day) => [hoursField(day), z.string()])),
})
const Intent = z.enum(['listCap', 'details', 'withdraw'])

interface Problem {
  field: string | null
  code: string
  facts?: Record<string, string>
}

type ActionResult = { form: 'listCap' | 'details' | 'withdraw' | 'none'; values: Record<string, string>; problems: Problem[] }

const text = (form: FormData, name: string) => {
  const v = form.get(name)
  return typeof v === 'string' ? v : ''
}

/** A blank field changes nothing; a decimal comma is a decimal point. */
const given = (v: string) => (v.trim() === '' ? undefined : v.trim())
const decimal = (v: string) => given(v)?.replace(',', '.')

export async function action({ request }: Route.ActionArgs) {
  const user = await requireClinicStaff(request)
  let form: FormData
  try {
    form = await readFormWithLimit(request, FORM_LIMIT_BYTES)
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error
    return data({ form: 'none', values: {}, problems: [{ field: null, code: 'bodyTooLarge' }] } satisfies ActionResult, { status: 413 })
  }
  const intent = Intent.safeParse(text(form, 'intent'))
  if (!intent.success) throw data(null, { status: 400 })
  const own = staffClinicIds(user)
  const refuse = (result: ActionResult) => data(result, { status: 400 })
  const refusal = (formName: ActionResult['form'], values: Record<string, string>, error: unknown, fieldOf: (code: string) => string | null = () => null) => {
    if (error instanceof ChangeRequestInvalid) {
      return refuse({ form: formName, values, problems: Object.entries(error.errors).map(([field, code]) => ({ field: field === 'motivation' ? fieldOf('motivation') : field, code })) })
    }
    if (error instanceof ChangeRequestRefused) {
      if (error.code === 'forbidden') forbidden()
      return refuse({ form: formName, values, problems: [{ field: fieldOf(error.code), code: error.code, facts: error.facts }] })
    }
    throw error
  }

  if (intent.data === 'withdraw') {
    const requestId = ClinicParam.safeParse(text(form, 'requestId'))
    if (!requestId.success) throw data(null, { status: 400 })
    const found = await prisma.clinicChangeRequest.findUnique({ where: { id: requestId.data }, select: { clinicId: true } })
    if (!found || !own.includes(found.clinicId)) forbidden()
    try {
      await withdrawChangeRequest(prisma, { requestId: requestId.data, user })
    } catch (error) {
      return refusal('withdraw', {}, error)
    }
    return redirect(`/mottagning/andringar?mottagning=${found.clinicId}&klart=tillbaka`)
  }

  const clinicId = ClinicParam.safeParse(text(form, 'clinicId'))
  if (!clinicId.success) throw data(null, { status: 400 })
  if (!own.includes(clinicId.data)) forbidden()

  if (intent.data === 'listCap') {
    const values = ListCapFormSchema.parse({ cap: text(form, 'cap'), from: text(form, 'from'), until: text(form, 'until'), capMotivation: text(form, 'capMotivation') })
    try {
      await requestListCap(prisma, { clinicId: clinicId.data, cap: values.cap, from: values.from, until: values.until, motivation: values.capMotivation, user, today: swedishDate() })
    } catch (error) {
      return refusal('listCap', values, error, (code) => (code === 'motivation' ? 'capMotivation' : null))
    }
    return redirect(`/mottagning/andringar?mottagning=${clinicId.data}&klart=listningstak`)
  }

  const values = DetailsFormSchema.parse(Object.fromEntries(Object.keys(DetailsFormSchema.shape).map((name) => [name, text(form, name)]))) as Record<string, string>
  const hours = parseHoursFields((name) => values[name] ?? '')
  if (!hours.ok) return refuse({ form: 'details', values, problems: hours.days.map((day) => ({ field: hoursField(day), code: 'hoursFormat' })) })
  const changes = {
    ownership: given(values.ownership!),
    streetAddress: given(values.streetAddress!),
    postalCode: given(values.postalCode!),
    city: given(values.city!),
    lat: decimal(values.lat!),
    lon: decimal(values.lon!),
    openingHours: hours.hours,
  }
  try {
    await requestDetailsChange(prisma, {
      clinicId: clinicId.data,
      changes: Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      motivation: values.detailsMotivation,
      user,
    })
  } catch (error) {
    return refusal('details', values, error, (code) => (code === 'motivation' ? 'detailsMotivation' : null))
  }
  return redirect(`/mottagning/andringar?mottagning=${clinicId.data}&klart=uppgifter`)
}

export default function ClinicChanges({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const r = t.register
  const h = r.changes
  const locale = useLocale()
  const { clinics, clinic, current, requests, done } = loaderData
  const result = actionData as ActionResult | undefined
  const problems = result?.problems ?? []
  const message = (p: Problem) => registerError(r, p.code, p.facts)
  // The opening hours' shape is one problem of the whole group: shown on the group, linked to its first day.
  const linkOf = (field: string | null) => (field === 'openingHours' ? 'hours-1' : (field ?? undefined))
  const summary = problems.map((p) => ({ field: linkOf(p.field), message: message(p) }))
  const errorsOf = (form: ActionResult['form']) => (result?.form === form ? Object.fromEntries(problems.filter((p) => p.field).map((p) => [p.field!, message(p)])) : {})
  const doneText = done === 'listningstak' ? h.capSent : done === 'uppgifter' ? h.detailsSent : done === 'tillbaka' ? h.withdrawn : null
  return (
    <div className="page register">
      <title>{`${summary.length ? `${r.errorHeading(summary.length)}: ` : ''}${h.title} – ${clinic.name} – ${t.meta.siteName}`}</title>
      <h1>{h.title}</h1>
      <p className="lead">{h.lead}</p>
      <ErrorSummary heading={r.errorHeading(summary.length)} errors={summary} />
      {doneText && !result ? (
        <p className="notice notice--success" role="status">
          {doneText}
        </p>
      ) : null}
      {clinics.length > 1 ? (
        <FilterForm headingId="mottagning-rubrik" heading={h.chooseHeading} submit={h.choose}>
          <SelectField id="mottagning" label={h.clinicLabel} value={clinic.id} options={clinics.map((c) => ({ value: c.id, label: c.name }))} />
        </FilterForm>
      ) : null}
      <p data-field="clinic">
        <strong>{clinic.name}</strong>
      </p>
      <section aria-labelledby="egna-rubrik">
        <h2 id="egna-rubrik">{h.requestsHeading}</h2>
        {requests.length === 0 ? <p>{h.noRequests}</p> : <ClinicRequestsTable rows={requests} caption={h.requestsCaption(clinic.name)} captionId="egna-tabell" linkToDecision={false} />}
      </section>
      <ListCapForm
        clinicId={clinic.id}
        values={result?.form === 'listCap' ? result.values : {}}
        errors={errorsOf('listCap')}
        currentCap={clinic.listCap === null ? null : formatInteger(clinic.listCap, locale)}
      />
      <DetailsForm clinicId={clinic.id} values={result?.form === 'details' ? result.values : current} errors={errorsOf('details')} />
    </div>
  )
}

import { Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/region-register.clinic'
import { ReinstateForm, StatusChangeForm, StatusConfirm, statusChoices } from '../components/register/register-forms.tsx'
import { ClinicRequestsTable, HistoryTable, ListCapsTable, useStatusText } from '../components/register/register-tables.tsx'
import registerCss from '../components/register/register.css?url'
import { requestRow } from '../components/register/summary.ts'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { Fact, FactList } from '../components/ui/fact-list.tsx'
import { useT } from '../i18n/i18n.tsx'
import { registerError } from '../i18n/register.ts'
import { BodyTooLarge, readFormWithLimit } from '../modules/authorisation/attachments.server.ts'
import { formatOrgNumber } from '../modules/authorisation/rules.ts'
import { clinicChangeRequests, clinicListCaps } from '../modules/authorisation/change-requests.server.ts'
import { latestStatus } from '../modules/authorisation/register-format.ts'
import { RegisterRefused, changeAuthorisationStatus, registerClinic, reinstate } from '../modules/authorisation/register.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireAuthorisationManager } from '../utils/permissions.server.ts'
import { swedishDate } from '../utils/sweden.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: registerCss }]

const HsaId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/)
/** The largest form the page takes (a reason is at most 2000 characters). */
const FORM_LIMIT_BYTES = 256 * 1024
const Done = z.enum(['status', 'aterinsatt']).optional().catch(undefined)

function hsaIdOf(params: { hsaId?: string }): string {
  const parsed = HsaId.safeParse(params.hsaId)
  if (!parsed.success) throw data(null, { status: 404 })
  return parsed.data
}

/** One clinic of the register (commissioner): facts, status history with reasons, list caps, requests, and the forms to change the status. */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireAuthorisationManager(request)
  const hsaId = hsaIdOf(params)
  const today = swedishDate()
  const entry = await registerClinic(prisma, hsaId, today)
  if (!entry) throw data(null, { status: 404 })
  const [caps, requests] = await Promise.all([clinicListCaps(prisma, entry.clinicId), clinicChangeRequests(prisma, entry.clinicId)])
  const latest = latestStatus(entry.history)
  const done = Done.parse(new URL(request.url).searchParams.get('klart') ?? undefined)
  return {
    entry,
    caps,
    requests: requests.map(requestRow),
    /**
     * What can be done now: a change (authorised with no end decided), lifting a suspension or
     * revoking or ending the suspended clinic, or nothing (an end decided, or no longer authorised).
     */
    mode: latest?.status === 'suspended' ? ('suspended' as const) : latest?.status === 'authorised' && entry.authorisedTo === null ? ('change' as const) : ('none' as const),
    latestStatus: latest?.status ?? 'authorised',
    latestFrom: latest?.from ?? entry.authorisedFrom,
    /** Not begun yet: a revocation or end up to its first day means it never begins. */
    notBegun: entry.authorisedFrom > today,
    done: done ?? null,
  }
}

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const DateField = z.preprocess(blank, z.iso.date({ error: (i) => (i.input === undefined ? 'dateMissing' : 'dateInvalid') }))
const Reason = z.string({ error: 'reasonMissing' }).trim().min(1, 'reasonMissing').max(2000, 'reasonTooLong')

const StatusForm = z.object({
  status: z.enum(statusChoices, { error: 'statusMissing' }),
  from: DateField,
  reason: Reason,
})
const ReinstateFormSchema = z.object({ reinstateFrom: DateField, reinstateReason: Reason })
const Intent = z.enum(['preview', 'confirm', 'edit', 'reinstate'])

interface Problem {
  field: string | null
  code: string
  facts?: Record<string, string>
}

type ActionResult =
  | { form: 'status'; step: 'edit' | 'confirm'; values: Record<string, string>; problems: Problem[] }
  | { form: 'reinstate'; values: Record<string, string>; problems: Problem[] }
  | { form: 'none'; values: Record<string, string>; problems: Problem[] }

const text = (form: FormData, name: string) => {
  const v = form.get(name)
  return typeof v === 'string' ? v : ''
}

const zodProblems = (error: z.ZodError): Problem[] => {
  const seen = new Set<string>()
  return error.issues.flatMap((i) => {
    const field = String(i.path[0])
    if (seen.has(field)) return []
    seen.add(field)
    return [{ field, code: i.message }]
  })
}

/** A refusal's problem, on the field it concerns where there is one. */
function refusalProblem(error: RegisterRefused, fields: { from: string; reason: string }): Problem {
  const field = error.code === 'fromInPast' || error.code === 'fromNotAfterLatest' || error.code === 'fromBeforeSuspension' ? fields.from : error.code === 'reasonMissing' ? fields.reason : null
  return { field, code: error.code, facts: error.facts }
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireAuthorisationManager(request)
  const hsaId = hsaIdOf(params)
  const actor = { kind: 'user' as const, userId: user.id }
  const today = swedishDate()
  let form: FormData
  try {
    form = await readFormWithLimit(request, FORM_LIMIT_BYTES)
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error
    return data({ form: 'none', values: {}, problems: [{ field: null, code: 'bodyTooLarge' }] } satisfies ActionResult, { status: 413 })
  }
  const intent = Intent.safeParse(text(form, 'intent'))
  if (!intent.success) throw data(null, { status: 400 })
  const refuse = (result: ActionResult) => data(result, { status: 400 })

  if (intent.data === 'reinstate') {
    const values = { reinstateFrom: text(form, 'reinstateFrom').trim(), reinstateReason: text(form, 'reinstateReason') }
    const parsed = ReinstateFormSchema.safeParse(values)
    if (!parsed.success) return refuse({ form: 'reinstate', values, problems: zodProblems(parsed.error) })
    try {
      await reinstate(prisma, { hsaId, from: parsed.data.reinstateFrom, reason: parsed.data.reinstateReason, actor, today })
    } catch (error) {
      if (!(error instanceof RegisterRefused)) throw error
      if (error.code === 'unknownClinic') throw data(null, { status: 404 })
      return refuse({ form: 'reinstate', values, problems: [refusalProblem(error, { from: 'reinstateFrom', reason: 'reinstateReason' })] })
    }
    return redirect(`/region/register/${encodeURIComponent(hsaId)}?klart=aterinsatt`)
  }

  const values = { status: text(form, 'status'), from: text(form, 'from').trim(), reason: text(form, 'reason') }
  if (intent.data === 'edit') return { form: 'status', step: 'edit', values, problems: [] } satisfies ActionResult
  const parsed = StatusForm.safeParse(values)
  if (!parsed.success) return refuse({ form: 'status', step: 'edit', values, problems: zodProblems(parsed.error) })
  if (parsed.data.from < today) return refuse({ form: 'status', step: 'edit', values, problems: [{ field: 'from', code: 'fromInPast', facts: { today } }] })
  if (intent.data === 'preview') return { form: 'status', step: 'confirm', values, problems: [] } satisfies ActionResult
  try {
    await changeAuthorisationStatus(prisma, { hsaId, status: parsed.data.status, from: parsed.data.from, reason: parsed.data.reason, actor, today })
  } catch (error) {
    if (!(error instanceof RegisterRefused)) throw error
    if (error.code === 'unknownClinic') throw data(null, { status: 404 })
    return refuse({ form: 'status', step: 'edit', values, problems: [refusalProblem(error, { from: 'from', reason: 'reason' })] })
  }
  return redirect(`/region/register/${encodeURIComponent(hsaId)}?klart=status`)
}

export default function RegionRegisterClinic({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const r = t.register
  const c = r.clinic
  const statusText = useStatusText()
  const { entry, caps, requests, mode, latestStatus: latest, latestFrom, notBegun, done } = loaderData
  const result = actionData as ActionResult | undefined
  const problems = result?.problems ?? []
  const message = (p: Problem) => registerError(r, p.code, p.facts)
  const summary = problems.map((p) => ({ field: p.field ?? undefined, message: message(p) }))
  const fieldErrors = Object.fromEntries(problems.filter((p) => p.field).map((p) => [p.field!, message(p)]))
  const confirming = result?.form === 'status' && result.step === 'confirm'
  const address = [entry.streetAddress, [entry.postalCode, entry.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')
  const doneText = done === 'status' ? c.changed : done === 'aterinsatt' ? c.reinstated : null
  return (
    <div className="page register">
      <title>{`${summary.length ? `${r.errorHeading(summary.length)}: ` : ''}${entry.name} – ${r.title} – ${t.meta.siteName}`}</title>
      <p>
        <Link to="/region/register" className="back-link">
          {c.back}
        </Link>
      </p>
      <h1>{entry.name}</h1>
      <ErrorSummary heading={r.errorHeading(summary.length)} errors={summary} />
      {doneText && !result ? (
        <p className="notice notice--success" role="status">
          {doneText}
        </p>
      ) : null}
      <section aria-labelledby="fakta-rubrik">
        <h2 id="fakta-rubrik">{c.factsHeading}</h2>
        <FactList>
          <Fact term={c.statusToday} field="status-today">
            {statusText(entry.today)}
          </Fact>
          <Fact term={c.hsaId}>{entry.hsaId}</Fact>
          <Fact term={c.organisationNumber}>{entry.organisationNumber ? formatOrgNumber(entry.organisationNumber) : c.notByApplication}</Fact>
          <Fact term={c.agreementNumber}>{entry.agreementNumber ?? r.dash}</Fact>
          <Fact term={c.municipality}>{entry.municipality}</Fact>
          <Fact term={c.ownership}>{r.ownership[entry.ownership] ?? entry.ownership}</Fact>
          <Fact term={c.address}>{address || r.dash}</Fact>
        </FactList>
      </section>
      <section aria-labelledby="historik-rubrik">
        <h2 id="historik-rubrik">{c.historyHeading}</h2>
        <HistoryTable history={entry.history} />
      </section>
      {mode === 'none' ? (
        <p className="notice" data-field="no-change">
          {latest === 'authorised' && entry.today.state === 'suspended'
            ? c.reinstatementPending(latestFrom)
            : (entry.today.state === 'authorised' || entry.today.state === 'upcoming') && entry.today.until
              ? c.endingNote(entry.today.until)
              : c.noChange((r.statusName[latest] ?? latest).toLocaleLowerCase())}
        </p>
      ) : confirming ? (
        <StatusConfirm
          name={entry.name}
          values={{ status: result.values.status ?? '', from: result.values.from ?? '', reason: result.values.reason ?? '' }}
          neverBegins={notBegun && result.values.status !== 'suspended' && (result.values.from ?? '') <= entry.authorisedFrom ? entry.authorisedFrom : null}
        />
      ) : (
        <>
          {mode === 'suspended' ? <ReinstateForm values={result?.form === 'reinstate' ? result.values : {}} errors={result?.form === 'reinstate' ? fieldErrors : {}} /> : null}
          <StatusChangeForm
            values={result?.form === 'status' ? result.values : {}}
            errors={result?.form === 'status' ? fieldErrors : {}}
            choices={mode === 'suspended' ? ['revoked', 'ended'] : statusChoices}
            lead={mode === 'suspended' ? c.changeLeadSuspended(latestFrom) : notBegun ? c.changeLeadNotBegun(entry.authorisedFrom) : c.changeLead}
          />
        </>
      )}
      <section aria-labelledby="tak-rubrik">
        <h2 id="tak-rubrik">{c.capsHeading}</h2>
        <ListCapsTable caps={caps} />
      </section>
      <section aria-labelledby="andringar-rubrik">
        <h2 id="andringar-rubrik">{c.requestsHeading}</h2>
        {requests.length === 0 ? <p>{c.noRequests}</p> : <ClinicRequestsTable rows={requests} caption={c.requestsCaption} captionId="andringar-tabell" linkToDecision />}
      </section>
    </div>
  )
}

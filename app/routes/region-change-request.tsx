import { Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/region-change-request'
import { DecisionForm } from '../components/register/register-forms.tsx'
import { CompareTable, type CompareRow } from '../components/register/request-compare.tsx'
import { ListCapsTable } from '../components/register/register-tables.tsx'
import registerCss from '../components/register/register.css?url'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { Fact, FactList } from '../components/ui/fact-list.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { useT } from '../i18n/i18n.tsx'
import { registerError } from '../i18n/register.ts'
import { BodyTooLarge, readFormWithLimit } from '../modules/authorisation/attachments.server.ts'
import {
  ChangeRequestRefused,
  changeRequestDetail,
  clinicListCaps,
  decideChangeRequest,
  detailsFields,
  detailsPayload,
  listCapPayload,
} from '../modules/authorisation/change-requests.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireAuthorisationManager } from '../utils/permissions.server.ts'
import { swedishDate } from '../utils/sweden.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: registerCss }]

const RequestId = z.coerce.number().int().positive().max(2_147_483_647)
const Done = z.enum(['beslut']).optional().catch(undefined)
/** The largest form the page takes (a note is at most 2000 characters). */
const FORM_LIMIT_BYTES = 256 * 1024

function requestIdOf(params: { requestId?: string }): number {
  const parsed = RequestId.safeParse(params.requestId)
  if (!parsed.success) throw data(null, { status: 404 })
  return parsed.data
}

/** A clinic's change request (commissioner): what it asks beside what is now, and the decision. */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireAuthorisationManager(request)
  const found = await changeRequestDetail(prisma, requestIdOf(params), swedishDate())
  if (!found) throw data(null, { status: 404 })
  const { request: req, clinic } = found
  let compare: CompareRow[] = []
  if (req.kind === 'list_cap') {
    const cap = listCapPayload(req.payload)
    if (cap) {
      compare = [
        { field: 'listCap', current: clinic.listCap, proposed: cap.cap },
        { field: 'from', current: null, proposed: cap.from },
        { field: 'until', current: null, proposed: cap.until },
      ]
    }
  } else {
    const changes = detailsPayload(req.payload) ?? {}
    compare = detailsFields.filter((f) => changes[f] !== undefined).map((f) => ({ field: f, current: clinic[f] ?? null, proposed: changes[f] ?? null }))
  }
  const caps = req.kind === 'list_cap' ? await clinicListCaps(prisma, clinic.id) : []
  const done = Done.parse(new URL(request.url).searchParams.get('klart') ?? undefined)
  return {
    request: {
      id: req.id,
      hsaId: req.hsaId,
      clinicName: req.clinicName,
      kind: req.kind,
      status: req.status,
      motivation: req.motivation,
      requestedAt: formatDateTime(req.requestedAt),
      requestedBy: req.requestedBy,
      decidedAt: req.decidedAt ? formatDateTime(req.decidedAt) : null,
      decidedBy: req.decidedBy,
      decisionNote: req.decisionNote,
    },
    compare,
    caps,
    done: done ?? null,
  }
}

const Decision = z.object({
  outcome: z.enum(['approved', 'rejected'], { error: 'outcomeMissing' }),
  note: z.string().trim().max(2000, 'noteTooLong'),
})

interface Problem {
  field: string | null
  code: string
  facts?: Record<string, string>
}

type ActionResult = { values: Record<string, string>; problems: Problem[] }

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireAuthorisationManager(request)
  const requestId = requestIdOf(params)
  let form: FormData
  try {
    form = await readFormWithLimit(request, FORM_LIMIT_BYTES)
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error
    return data({ values: {}, problems: [{ field: null, code: 'bodyTooLarge' }] } satisfies ActionResult, { status: 413 })
  }
  if (form.get('intent') !== 'decide') throw data(null, { status: 400 })
  const values = { outcome: typeof form.get('outcome') === 'string' ? String(form.get('outcome')) : '', note: typeof form.get('note') === 'string' ? String(form.get('note')) : '' }
  const refuse = (problems: Problem[]) => data({ values, problems } satisfies ActionResult, { status: 400 })
  const parsed = Decision.safeParse(values)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ field: String(i.path[0]), code: i.message }))
    return refuse(problems.filter((p, i) => problems.findIndex((q) => q.field === p.field) === i))
  }
  try {
    await decideChangeRequest(prisma, { requestId, outcome: parsed.data.outcome, note: parsed.data.note, user, today: swedishDate() })
  } catch (error) {
    if (!(error instanceof ChangeRequestRefused)) throw error
    if (error.code === 'unknownRequest') throw data(null, { status: 404 })
    return refuse([{ field: error.code === 'noteMissing' ? 'note' : null, code: error.code, facts: error.facts }])
  }
  return redirect(`/region/andringar/${requestId}?klart=beslut`)
}

export default function RegionChangeRequest({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const r = t.register
  const q = r.request
  const { request: req, compare, caps, done } = loaderData
  const result = actionData as ActionResult | undefined
  const problems = result?.problems ?? []
  const message = (p: Problem) => registerError(r, p.code, p.facts)
  const summary = problems.map((p) => ({ field: p.field ?? undefined, message: message(p) }))
  const fieldErrors = Object.fromEntries(problems.filter((p) => p.field).map((p) => [p.field!, message(p)]))
  const title = q.title(req.clinicName)
  return (
    <div className="page register">
      <title>{`${summary.length ? `${r.errorHeading(summary.length)}: ` : ''}${title} – ${t.meta.siteName}`}</title>
      <p>
        <Link to="/region/register" className="back-link">
          {q.back}
        </Link>
      </p>
      <h1>{title}</h1>
      <ErrorSummary heading={r.errorHeading(summary.length)} errors={summary} />
      {done === 'beslut' && !result ? (
        <p className="notice notice--success" role="status">
          {q.decided}
        </p>
      ) : null}
      <section aria-labelledby="ansokan-rubrik">
        <h2 id="ansokan-rubrik">{q.factsHeading}</h2>
        <FactList>
          <Fact term={q.kind}>{r.kinds[req.kind] ?? req.kind}</Fact>
          <Fact term={q.status} field="request-status">
            {r.requestStatus[req.status] ?? req.status}
          </Fact>
          <Fact term={q.requestedBy}>{req.requestedBy ?? r.dash}</Fact>
          <Fact term={q.requestedAt}>{req.requestedAt}</Fact>
          <Fact term={q.motivation} wide>
            <span className="register__pre">{req.motivation}</span>
          </Fact>
          {req.decidedAt ? (
            <>
              <Fact term={q.decidedBy}>{req.decidedBy ?? r.dash}</Fact>
              <Fact term={q.decidedAt}>{req.decidedAt}</Fact>
              <Fact term={q.note} wide field="decision-note">
                <span className="register__pre">{req.decisionNote ?? r.dash}</span>
              </Fact>
            </>
          ) : null}
        </FactList>
        <p>
          <Link to={`/region/register/${encodeURIComponent(req.hsaId)}`}>{q.clinicLink}</Link>
        </p>
      </section>
      <section aria-labelledby="jamfor-rubrik">
        <h2 id="jamfor-rubrik">{q.compareHeading}</h2>
        <CompareTable rows={compare} />
      </section>
      {req.kind === 'list_cap' ? (
        <section aria-labelledby="tak-rubrik">
          <h2 id="tak-rubrik">{q.capsHeading}</h2>
          <ListCapsTable caps={caps} captionId="tak-tabell" />
        </section>
      ) : null}
      {req.status === 'submitted' ? <DecisionForm values={result?.values ?? {}} errors={fieldErrors} /> : null}
    </div>
  )
}

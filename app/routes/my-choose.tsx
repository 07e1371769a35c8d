import { Form, Link, data, redirect, type ShouldRevalidateFunctionArgs } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/my-choose'
import { Refusal, type RefusalView } from '../components/citizen/refusal.tsx'
import { Fact, FactList } from '../components/ui/fact-list.tsx'
import { useT } from '../i18n/i18n.tsx'
import {
  ListingForbidden,
  ListingRefused,
  childrenInCare,
  chooseClinic,
  clinicByHsaId,
  previewChoice,
} from '../modules/listing/listing.server.ts'
import { requireListingSubject } from '../utils/citizen-routes.server.ts'
import { requestDelivery } from '../modules/notifications/outbox.server.ts'
import { prisma } from '../utils/db.server.ts'
import { forbidden } from '../utils/permissions.server.ts'

const HsaId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/)
/** The listing state the page showed (see listingStateToken): the two-tab check. */
const ConfirmForm = z.object({ state: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) })

/** Who the choice is for and which clinic, checked on every request (the child's guardianship and age too). */
async function resolve(request: Request, params: Route.LoaderArgs['params']) {
  const { user, subject } = await requireListingSubject(request)
  const hsaId = HsaId.safeParse(params.hsaId)
  if (!hsaId.success) throw data(null, { status: 400 })
  const clinic = await clinicByHsaId(prisma, hsaId.data)
  if (!clinic) throw data(null, { status: 404 })
  return { user, subject, clinic }
}

const refusalView = (e: ListingRefused): RefusalView => ({ code: e.code, details: e.details })

/** The confirmation step: current and new clinic, the day the choice takes effect, what it means for the switch limit. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { user, subject, clinic } = await resolve(request, params)
  const preview = await previewChoice(prisma, {
    citizenId: subject.citizenId,
    clinicId: clinic.id,
    byCitizenId: user.citizenId,
    actor: { kind: 'user', userId: user.id },
  })
  // Offered only to a guardian choosing for themselves: the same clinic for a child instead.
  const children = subject.child ? [] : await childrenInCare(prisma, user.citizenId)
  return {
    clinic: { hsaId: clinic.hsaId, name: clinic.name },
    child: subject.child && { id: String(subject.child.citizenId), birthDate: subject.child.birthDate },
    current: preview.current && { hsaId: preview.current.hsaId, name: preview.current.name },
    effectiveDate: preview.effectiveDate,
    reason: preview.reason,
    switches: preview.switches,
    limit: preview.limit,
    counts: preview.counts,
    usesException: preview.usesException,
    state: preview.state,
    refusal: preview.refusal && refusalView(preview.refusal),
    children: children.map((c) => ({ id: String(c.citizenId), birthDate: c.birthDate })),
  }
}

/** The choice itself: one transaction; then the receipt page (post/redirect/get), or the refusal on this page. */
export async function action({ request, params }: Route.ActionArgs) {
  const { user, subject, clinic } = await resolve(request, params)
  const form = ConfirmForm.safeParse(Object.fromEntries(await request.formData()))
  if (!form.success) throw data(null, { status: 400 })
  try {
    const receipt = await chooseClinic(prisma, {
      citizenId: subject.citizenId,
      clinicId: clinic.id,
      byCitizenId: user.citizenId,
      expectedState: form.data.state,
      actor: { kind: 'user', userId: user.id },
    })
    await requestDelivery()
    return redirect(`/mina-sidor/kvitto/${receipt.inForceListingId}`)
  } catch (error) {
    if (error instanceof ListingRefused) return data({ refusal: refusalView(error) }, { status: 409 })
    if (error instanceof ListingForbidden) forbidden()
    throw error
  }
}

/** A refusal (409) still reloads the page's state: 'changed' must show, and carry, what is in force now. */
export function shouldRevalidate({ formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formMethod === 'POST' ? true : defaultShouldRevalidate
}

export default function MyChoose({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const c = t.citizen.choose
  const d = loaderData
  const childQuery = d.child ? `?barn=${d.child.id}` : ''
  const title = d.child ? c.titleChild(d.child.birthDate) : c.title
  const refusal = actionData?.refusal ?? d.refusal
  const lastSwitch = d.counts && !d.usesException && d.switches + 1 >= d.limit
  return (
    <div className="page my-choose">
      <title>{`${refusal ? `${c.refusedHeading}: ` : ''}${title} – ${t.meta.siteName}`}</title>
      <h1>{title}</h1>
      {refusal ? <Refusal refusal={refusal} childQuery={childQuery} /> : <p className="lead">{c.lead}</p>}
      <FactList>
        <Fact term={c.current} field="current">
          {d.current ? d.current.name : c.currentNone}
        </Fact>
        <Fact term={c.next} field="next">
          {d.clinic.name}
        </Fact>
        <Fact term={c.effective} field="effective">
          {d.effectiveDate}
        </Fact>
      </FactList>
      {d.refusal ? null : (
        <>
          {d.reason === 'moved' ? (
            <p className="notice" data-field="moved">
              {d.child ? c.movedNoteChild : c.movedNote}
            </p>
          ) : d.usesException ? (
            <p className="notice">{c.usesException}</p>
          ) : lastSwitch ? (
            <p className="notice" data-field="last-switch">
              <strong>{c.lastSwitch(d.limit)}</strong>
            </p>
          ) : d.counts ? (
            <p data-field="counts">{c.counts(d.switches, d.limit)}</p>
          ) : d.current === null ? (
            <p>{c.firstListing}</p>
          ) : null}
          <Form method="post" action={`/mina-sidor/valj/${encodeURIComponent(d.clinic.hsaId)}${childQuery}`} className="confirm">
            <input type="hidden" name="state" value={d.state} />
            <button type="submit" className="button">
              {c.confirm}
            </button>
          </Form>
        </>
      )}
      {d.children.length > 0 ? (
        <section aria-labelledby="for-barn">
          <h2 id="for-barn">{c.forWhom}</h2>
          <ul className="link-list">
            {d.children.map((child) => (
              <li key={child.id}>
                <Link to={`/mina-sidor/valj/${encodeURIComponent(d.clinic.hsaId)}?barn=${child.id}`}>{c.chooseForChild(child.birthDate)}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to="/mina-sidor">{c.cancel}</Link>
      </p>
    </div>
  )
}

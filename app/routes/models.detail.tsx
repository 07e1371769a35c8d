import { Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/models.detail'
import { DraftActions } from '../components/models/draft-actions.tsx'
import { ModelParameters } from '../components/models/model-parameters.tsx'
import { modelIdParam } from '../components/models/params.ts'
import { ModelStatus } from '../components/models/model-status.tsx'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { Fact, FactList } from '../components/ui/fact-list.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { useT } from '../i18n/i18n.tsx'
import { ModelRejected, adoptModel, deleteDraft, getModel, modelForMonth } from '../modules/payments/models.server.ts'
import { previousMonth } from '../modules/payments/rules.ts'
import modelsStyles from '../styles/models.css?url'
import { prisma } from '../utils/db.server.ts'
import { requireCommissioner } from '../utils/permissions.server.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: modelsStyles }]

const Query = z.object({
  bekrafta: z.enum(['anta', 'ta-bort']).optional().catch(undefined),
  uppladdad: z.enum(['ny', 'fanns']).optional().catch(undefined),
  antagen: z.literal('1').optional().catch(undefined),
})

/** One version of the payment model: its parameters, and for a draft, adopting or deleting it. */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireCommissioner(request)
  const id = modelIdParam(params.id)
  const search = new URL(request.url).searchParams
  const query = Query.parse(Object.fromEntries(['bekrafta', 'uppladdad', 'antagen'].map((k) => [k, search.get(k) ?? undefined])))
  const stored = await getModel(prisma, id)
  if (!stored) throw data(null, { status: 404 })
  // What it is compared with by default: the adopted version it would replace, or the one it replaced.
  const baseline = await modelForMonth(prisma, stored.status === 'draft' ? stored.validFrom : previousMonth(stored.validFrom))
  return {
    model: {
      id: stored.id,
      version: stored.version,
      validFrom: stored.validFrom,
      status: stored.status,
      fingerprint: stored.fingerprint,
      created: formatDateTime(stored.createdAt),
      adopted: stored.adoptedAt && formatDateTime(stored.adoptedAt),
      params: stored.model,
    },
    baseline: baseline && baseline.id !== stored.id ? { id: baseline.id, version: baseline.version } : null,
    confirm: stored.status === 'draft' ? (query.bekrafta ?? null) : null,
    uploaded: query.uppladdad ?? null,
    adoptedNow: query.antagen === '1' && stored.status === 'adopted',
  }
}

const ActionForm = z.object({ intent: z.enum(['anta', 'ta-bort']) })

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireCommissioner(request)
  const id = modelIdParam(params.id)
  const form = ActionForm.safeParse(Object.fromEntries(await request.formData()))
  if (!form.success) throw data(null, { status: 400 })
  if (!(await getModel(prisma, id))) throw data(null, { status: 404 })
  const actor = { kind: 'user' as const, userId: user.id }
  try {
    if (form.data.intent === 'anta') {
      await adoptModel(prisma, id, actor)
      return redirect(`/region/modeller/${id}?antagen=1`)
    }
    await deleteDraft(prisma, id, actor)
    return redirect('/region/modeller?borttagen=1')
  } catch (error) {
    // E.g. another version already adopted from the same month: shown, nothing changed.
    if (error instanceof ModelRejected) return data({ intent: form.data.intent, problems: error.problems }, { status: 409 })
    throw error
  }
}

export default function ModelDetail({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const d = t.models.detail
  const u = t.models.upload
  const { model, baseline, uploaded, adoptedNow } = loaderData
  const confirm = actionData ? null : loaderData.confirm
  return (
    <div className="page models">
      <title>{`${actionData ? `${d.errorTitle}: ` : ''}${d.title(model.version)} – ${t.meta.siteName}`}</title>
      <p className="back-link">
        <Link to="/region/modeller">{d.back}</Link>
      </p>
      <h1>{d.title(model.version)}</h1>
      {actionData ? (
        <ErrorSummary
          heading={actionData.intent === 'anta' ? d.adoptFailed : d.deleteFailed}
          errors={actionData.problems.map((message) => ({ message }))}
          lang="en"
        />
      ) : uploaded ? (
        <p className="notice notice--success" role="status">
          {uploaded === 'ny' ? u.created(model.version) : u.alreadyStored(model.version)}
        </p>
      ) : adoptedNow ? (
        <p className="notice notice--success" role="status">
          {d.adoptedNotice(model.version, model.validFrom)}
        </p>
      ) : null}

      <section aria-labelledby="om-rubrik">
        <h2 id="om-rubrik">{d.factsHeading}</h2>
        <FactList>
          <Fact term={d.version}>{model.version}</Fact>
          <Fact term={d.validFrom}>{model.validFrom}</Fact>
          <Fact term={d.status}>
            <ModelStatus status={model.status} />
          </Fact>
          <Fact term={d.created}>{model.created}</Fact>
          <Fact term={d.adopted}>{model.adopted ?? d.notAdopted}</Fact>
          <Fact term={d.fingerprint} wide>
            <code className="fingerprint">{model.fingerprint}</code>
          </Fact>
        </FactList>
      </section>

      {model.status === 'draft' ? (
        <DraftActions id={model.id} version={model.version} validFrom={model.validFrom} confirm={confirm} />
      ) : null}

      <section aria-labelledby="verktyg-rubrik">
        <h2 id="verktyg-rubrik">{d.toolsHeading}</h2>
        <ul className="link-list">
          {baseline ? (
            <li>
              <Link to={`/region/modeller/jamfor?${new URLSearchParams({ fran: String(baseline.id), till: String(model.id) })}`}>
                {d.compareWith(baseline.version)}
              </Link>
            </li>
          ) : null}
          <li>
            <Link to={`/region/modeller/jamfor?${new URLSearchParams({ till: String(model.id) })}`}>{d.compareOther}</Link>
          </li>
          <li>
            <Link to={`/region/modeller/${model.id}/vad-om`}>{d.whatIf}</Link>
          </li>
        </ul>
      </section>

      <ModelParameters model={model.params} />
    </div>
  )
}

import { Link, data } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/models.compare'
import { CompareForm } from '../components/models/compare-form.tsx'
import { CompareTable } from '../components/models/compare-table.tsx'
import { ModelId } from '../components/models/params.ts'
import { useT } from '../i18n/i18n.tsx'
import { compareModels, listModels, modelForMonth } from '../modules/payments/models.server.ts'
import { previousMonth } from '../modules/payments/rules.ts'
import modelsStyles from '../styles/models.css?url'
import { prisma } from '../utils/db.server.ts'
import { requireCommissioner } from '../utils/permissions.server.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: modelsStyles }]

/** An empty select ("choose a version") is no choice. */
const OptionalId = z.union([z.literal('').transform(() => undefined), ModelId]).optional()
const Query = z.object({ fran: OptionalId, till: OptionalId })

/** Two versions of the payment model side by side, parameter by parameter (`?fran=ID&till=ID`). */
export async function loader({ request }: Route.LoaderArgs) {
  await requireCommissioner(request)
  const search = new URL(request.url).searchParams
  const query = Query.safeParse({ fran: search.get('fran') ?? undefined, till: search.get('till') ?? undefined })
  const models = await listModels(prisma)
  const versions = models.map(({ id, version, validFrom, status }) => ({ id, version, validFrom, status }))
  if (!query.success) return data({ versions, from: null, to: null, result: null, error: 'badQuery' as const }, { status: 400 })

  const byId = new Map(models.map((m) => [m.id, m]))
  const { fran, till } = query.data
  const to = till === undefined ? undefined : byId.get(till)
  let from = fran === undefined ? undefined : byId.get(fran)
  if ((fran !== undefined && !from) || (till !== undefined && !to)) {
    return data({ versions, from: from?.id ?? null, to: to?.id ?? null, result: null, error: 'unknownVersion' as const }, { status: 400 })
  }
  if (!from && to) {
    // Only the version to look at: offer the adopted version it would replace, or the one it replaced.
    const baseline = await modelForMonth(prisma, to.status === 'draft' ? to.validFrom : previousMonth(to.validFrom))
    return { versions, from: baseline && baseline.id !== to.id ? baseline.id : null, to: to.id, result: null, error: null }
  }
  if (!from || !to) return { versions, from: from?.id ?? null, to: null, result: null, error: null }
  return {
    versions,
    from: from.id,
    to: to.id,
    result: { from: from.version, to: to.version, changes: compareModels(from, to) },
    error: null,
  }
}

export default function CompareModels({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const c = t.models.compare
  const { versions, from, to, result, error } = loaderData
  return (
    <div className="page models">
      <title>{`${error ? `${t.models.upload.errorTitle}: ` : ''}${c.title} – ${t.meta.siteName}`}</title>
      <p className="back-link">
        <Link to="/region/modeller">{c.back}</Link>
      </p>
      <h1>{c.title}</h1>
      <p className="lead">{c.lead}</p>
      {error ? (
        <p className="error-message" role="alert">
          {c[error]}
        </p>
      ) : null}
      <CompareForm versions={versions} from={from} to={to} />
      {result ? <CompareTable from={result.from} to={result.to} changes={result.changes} /> : error ? null : <p>{c.chooseBoth}</p>}
    </div>
  )
}

import { Link, data } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/models.what-if'
import { MonthForm } from '../components/models/month-form.tsx'
import { latestPastMonth } from '../components/models/months.ts'
import { modelIdParam } from '../components/models/params.ts'
import { whatIfRows } from '../components/models/what-if.ts'
import { WhatIfTable } from '../components/models/what-if-table.tsx'
import { MonthSchema } from '../components/payments/params.ts'
import { formatMoney, formatPercentChange } from '../components/ui/format.ts'
import { useLocale, useT } from '../i18n/i18n.tsx'
import { listClinicsByIds } from '../modules/access/users.server.ts'
import { getModel, modelForMonth } from '../modules/payments/models.server.ts'
import { simulateMonth } from '../modules/payments/run.server.ts'
import modelsStyles from '../styles/models.css?url'
import { prisma } from '../utils/db.server.ts'
import { requireCommissioner } from '../utils/permissions.server.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: modelsStyles }]

/** A past month only: the what-if compares with what the month's model gave, never a running month. */
const Query = (latest: string) =>
  z.object({
    manad: MonthSchema.refine((month) => month <= latest).default(latest),
  })

/**
 * What if this version had been in force in a past month (`?manad=YYYY-MM`, by default the last
 * one): every clinic's figures under the model then in force and under this version. Nothing is stored.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireCommissioner(request)
  const id = modelIdParam(params.id)
  const stored = await getModel(prisma, id)
  if (!stored) throw data(null, { status: 404 })
  const model = { id: stored.id, version: stored.version }
  const latest = latestPastMonth()
  const raw = new URL(request.url).searchParams.get('manad')
  const query = Query(latest).safeParse({ manad: raw || undefined })
  if (!query.success) return data({ model, latest, month: raw ?? '', error: 'badMonth' as const, result: null }, { status: 400 })
  const month = query.data.manad

  const inForce = await modelForMonth(prisma, month)
  if (!inForce) return { model, latest, month, error: 'noModel' as const, result: null }
  const [current, whatIf] = await Promise.all([simulateMonth(month, null, {}), simulateMonth(month, stored.model, {})])
  const ids = [...new Set([...current.figures, ...whatIf.figures].map((f) => f.clinicId))]
  const { rows, total } = whatIfRows(await listClinicsByIds(ids), current.figures, whatIf.figures)
  return { model, latest, month, error: null, result: { currentVersion: current.model, rows, total } }
}

export default function WhatIf({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const locale = useLocale()
  const w = t.models.whatIf
  const { model, latest, month, error, result } = loaderData
  return (
    <div className="page models">
      <title>{`${error === 'badMonth' ? `${t.models.upload.errorTitle}: ` : ''}${w.title(model.version)} – ${t.meta.siteName}`}</title>
      <p className="back-link">
        <Link to={`/region/modeller/${model.id}`}>{w.back(model.version)}</Link>
      </p>
      <h1>{w.title(model.version)}</h1>
      <p className="lead">{w.lead}</p>
      {error === 'badMonth' ? (
        <p className="error-message" role="alert">
          {w.badMonth(latest)}
        </p>
      ) : null}
      <MonthForm month={month} latest={latest} invalid={error === 'badMonth'} />
      {error === 'noModel' ? (
        <p className="notice" role="status">
          {w.noModel(month)}
        </p>
      ) : null}
      {result ? (
        result.rows.length === 0 ? (
          <p>{w.noClinics}</p>
        ) : (
          <>
            <p className="what-if__summary">
              {w.summary(
                month,
                result.currentVersion,
                formatMoney(result.total.current.total, locale),
                formatMoney(result.total.whatIf.total, locale),
                result.total.percent === null
                  ? formatMoney(result.total.difference, locale, { signed: true })
                  : `${formatMoney(result.total.difference, locale, { signed: true })} (${formatPercentChange(result.total.percent, locale)})`,
              )}
            </p>
            <WhatIfTable
              month={month}
              currentVersion={result.currentVersion}
              version={model.version}
              rows={result.rows}
              total={result.total}
            />
          </>
        )
      ) : null}
    </div>
  )
}

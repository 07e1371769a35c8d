import { Form, Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/payments'
import { enqueue } from '../../jobs/queues.ts'
import { PaymentsChart } from '../components/payments/chart.tsx'
import { currentSwedishMonth, formatPercentPoints, perCitizen } from '../components/payments/format.ts'
import { MonthSchema, monthsBack, regionMonthHref, specificationHref } from '../components/payments/params.ts'
import { ApprovalStatus, ErrorSummary, TableScroll, useFormat } from '../components/payments/ui.tsx'
import { useT } from '../i18n/i18n.tsx'
import {
  DRIFT_MIN_LISTED,
  DRIFT_THRESHOLD_POINTS,
  careWeightDrift,
  findRun,
  monthTotals,
  runClinics,
  type ClinicPaymentRow,
} from '../modules/payments/payments.server.ts'
import { previousMonth } from '../modules/payments/rules.ts'
import { prisma } from '../utils/db.server.ts'
import { requireCommissioner } from '../utils/permissions.server.ts'
import paymentsCss from '../styles/payments.css?url'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: paymentsCss }]

/** How many clinics each ranking shows; the month page has them all. */
const RANKED = 10
/** Months offered for a run: this month and two years back. */
const RUNNABLE_MONTHS = 25

async function ranking(month: string) {
  const run = await findRun(prisma, month)
  if (!run) return null
  const [byTotal, byPerCitizen] = await Promise.all([runClinics(prisma, run.id, 'total'), runClinics(prisma, run.id, 'perCitizen')])
  return { revision: run.revision, clinicCount: byTotal.length, byTotal: byTotal.slice(0, RANKED), byPerCitizen: byPerCitizen.slice(0, RANKED) }
}

/** The drift alert, or why there is none: no month twelve months back to compare with. */
async function drift(month: string) {
  const from = monthsBack(month, 13)[12]!
  const [result, before] = await Promise.all([careWeightDrift(prisma, month), findRun(prisma, from)])
  if (!result || !before) return { from, to: month, rows: null }
  return result
}

export async function loader({ request }: Route.LoaderArgs) {
  await requireCommissioner(request)
  const asked = new URL(request.url).searchParams.get('manad')
  const chosen = asked ? MonthSchema.safeParse(asked) : null
  if (chosen && !chosen.success) throw data(null, { status: 400 })
  const months = await monthTotals(prisma)
  const month = chosen?.data ?? months.at(-1)?.month ?? null
  const [ranked, alert] = month ? await Promise.all([ranking(month), drift(month)]) : [null, null]
  const now = currentSwedishMonth()
  return {
    months,
    month,
    ranking: ranked,
    drift: alert,
    runnableMonths: monthsBack(now, RUNNABLE_MONTHS),
    defaultRunMonth: previousMonth(now),
    driftRule: { thresholdPoints: DRIFT_THRESHOLD_POINTS, minListed: DRIFT_MIN_LISTED },
  }
}

const StartRunForm = z.object({ month: MonthSchema })

/** Starts a run: the job goes on the queue and the browser goes to its progress page. */
export async function action({ request }: Route.ActionArgs) {
  const user = await requireCommissioner(request)
  const form = StartRunForm.safeParse(Object.fromEntries(await request.formData()))
  if (!form.success) return data({ error: 'invalid' as const }, { status: 400 })
  if (form.data.month > currentSwedishMonth()) return data({ error: 'future' as const }, { status: 400 })
  const job = await enqueue('payments.run', { month: form.data.month, requestedByUserId: user.id })
  return redirect(`/region/ersattning/korning/${job.id}`)
}

export default function PaymentsOverview({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const o = t.payments.overview
  const c = t.payments.common
  const f = useFormat()
  const { months, month } = loaderData
  const newestFirst = [...months].reverse()
  return (
    <div className="page payments">
      <title>{`${o.title} – ${t.meta.siteName}`}</title>
      <h1>{o.title}</h1>
      <p className="lead">{o.lead}</p>

      {months.length === 0 ? (
        <p className="notice">{o.noRuns}</p>
      ) : (
        <section aria-labelledby="totaler-rubrik">
          <h2 id="totaler-rubrik">{o.totalsHeading}</h2>
          <TableScroll labelledBy="manadstabell">
            <table className="data-table" id="manader">
              <caption id="manadstabell">{o.totalsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{c.month}</th>
                  <th scope="col">{c.status}</th>
                  <th scope="col" className="num">
                    {c.revisions}
                  </th>
                  <th scope="col" className="num">
                    {c.listedCitizens}
                  </th>
                  {(['ageSex', 'careWeight', 'interpreter', 'geography', 'socioeconomic', 'capitation', 'goalEarned', 'vatCompensation', 'total'] as const).map((key) => (
                    <th scope="col" className="num" key={key}>
                      {t.payments.components[key]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {newestFirst.map((m) => (
                  <tr key={m.month} data-month={m.month}>
                    <th scope="row" className="nowrap">
                      <Link to={regionMonthHref(m.month)}>{f.month(m.month)}</Link>
                    </th>
                    <td>
                      <ApprovalStatus approved={m.approvedAt !== null} />
                    </td>
                    <td className="num">{m.revisions}</td>
                    <td className="num">{f.integer(m.listedCitizens)}</td>
                    <td className="num">{f.money(m.ageSex)}</td>
                    <td className="num">{f.money(m.careWeight)}</td>
                    <td className="num">{f.money(m.interpreter)}</td>
                    <td className="num">{f.money(m.geography)}</td>
                    <td className="num">{f.money(m.socioeconomic)}</td>
                    <td className="num">{f.money(m.capitation)}</td>
                    <td className="num">{f.money(m.goalEarned)}</td>
                    <td className="num">{f.money(m.vatCompensation)}</td>
                    <td className="num strong">{f.money(m.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      )}
      {months.length > 0 ? (
        <section aria-labelledby="diagram-rubrik">
          <h2 id="diagram-rubrik">{o.chartHeading}</h2>
          <PaymentsChart months={months} tableId="manader" />
        </section>
      ) : null}

      {month ? (
        <>
          <Form method="get" className="filter" aria-labelledby="valj-manad-rubrik">
            <h2 id="valj-manad-rubrik" className="filter__heading">
              {o.chooseMonthHeading}
            </h2>
            <div className="field">
              <label htmlFor="manad">{o.chooseMonthLabel}</label>
              <select id="manad" name="manad" defaultValue={month} key={month}>
                {newestFirst.some((m) => m.month === month) ? null : <option value={month}>{f.month(month)}</option>}
                {newestFirst.map((m) => (
                  <option key={m.month} value={m.month}>
                    {f.month(m.month)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button">
              {o.chooseMonthSubmit}
            </button>
          </Form>
          <DriftPanel drift={loaderData.drift} rule={loaderData.driftRule} />
          <Ranking month={month} ranking={loaderData.ranking} />
        </>
      ) : null}

      <StartRun runnableMonths={loaderData.runnableMonths} defaultMonth={loaderData.defaultRunMonth} error={actionData?.error ?? null} />
    </div>
  )
}

type LoaderData = Route.ComponentProps['loaderData']

function DriftPanel({ drift, rule }: { drift: LoaderData['drift']; rule: LoaderData['driftRule'] }) {
  const t = useT()
  const o = t.payments.overview
  const c = t.payments.common
  const f = useFormat()
  if (!drift) return null
  const from = f.month(drift.from)
  const to = f.month(drift.to)
  return (
    <section className="alert-panel" aria-labelledby="drift-rubrik">
      <h2 id="drift-rubrik">{o.driftHeading}</h2>
      <p>{o.driftExplain(rule.thresholdPoints, f.integer(rule.minListed))}</p>
      <p>{o.driftRisk}</p>
      {drift.rows === null ? (
        <p className="notice" data-drift="not-enough">
          {o.driftNotEnough(from, to)}
        </p>
      ) : drift.rows.length === 0 ? (
        <p className="notice" data-drift="none">
          {o.driftNone(from, to)}
        </p>
      ) : (
        <TableScroll labelledBy="drift-tabell">
          <table className="data-table" data-drift="alert">
            <caption id="drift-tabell">{o.driftCaption(from, to)}</caption>
            <thead>
              <tr>
                <th scope="col">{c.clinic}</th>
                <th scope="col" className="num">
                  {c.listedCitizens}
                </th>
                <th scope="col" className="num">
                  {o.driftBefore(from)}
                </th>
                <th scope="col" className="num">
                  {o.driftNow(to)}
                </th>
                <th scope="col" className="num">
                  {o.driftRise}
                </th>
                <th scope="col" className="num">
                  {o.driftRegionRise}
                </th>
              </tr>
            </thead>
            <tbody>
              {drift.rows.map((row) => (
                <tr key={row.clinicId}>
                  <th scope="row">{row.name}</th>
                  <td className="num">{f.integer(row.listedCitizens)}</td>
                  <td className="num">{f.decimal(row.meanBefore)}</td>
                  <td className="num">{f.decimal(row.meanNow)}</td>
                  <td className="num strong">{formatPercentPoints(row.risePercent, f.locale)}</td>
                  <td className="num">{formatPercentPoints(row.regionRisePercent, f.locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}

function Ranking({ month, ranking }: { month: string; ranking: LoaderData['ranking'] }) {
  const t = useT()
  const o = t.payments.overview
  const f = useFormat()
  const name = f.month(month)
  return (
    <section aria-labelledby="rangordning-rubrik">
      <h2 id="rangordning-rubrik">{o.rankingHeading(name)}</h2>
      {!ranking ? (
        <p className="notice">{o.monthNotRun(name)}</p>
      ) : (
        <>
          <p>{o.rankingLead(ranking.byTotal.length, ranking.clinicCount)}</p>
          <div className="ranking">
            <RankingTable id="rang-total" caption={o.rankingByTotalCaption(name)} rows={ranking.byTotal} month={month} revision={ranking.revision} />
            <RankingTable id="rang-per-invanare" caption={o.rankingByPerCitizenCaption(name)} rows={ranking.byPerCitizen} month={month} revision={ranking.revision} />
          </div>
          <p>
            <Link to={regionMonthHref(month)}>{o.allClinics(name)}</Link>
          </p>
        </>
      )}
    </section>
  )
}

function RankingTable({ id, caption, rows, month, revision }: { id: string; caption: string; rows: ClinicPaymentRow[]; month: string; revision: number }) {
  const t = useT()
  const c = t.payments.common
  const f = useFormat()
  return (
    <TableScroll labelledBy={id}>
      <table className="data-table">
        <caption id={id}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t.payments.overview.rank}
            </th>
            <th scope="col">{c.clinic}</th>
            <th scope="col" className="num">
              {c.listedCitizens}
            </th>
            <th scope="col" className="num">
              {t.payments.components.total}
            </th>
            <th scope="col" className="num">
              {c.perCitizen}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const each = perCitizen(row.total, row.listedCitizens)
            return (
              <tr key={row.clinicId} data-hsa-id={row.hsaId}>
                <td className="num">{i + 1}</td>
                <th scope="row">
                  <Link to={specificationHref('region', month, revision, row.hsaId)}>{row.name}</Link>
                </th>
                <td className="num">{f.integer(row.listedCitizens)}</td>
                <td className="num">{f.money(row.total)}</td>
                <td className="num">{each === null ? c.none : f.money(each)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </TableScroll>
  )
}

function StartRun({ runnableMonths, defaultMonth, error }: { runnableMonths: string[]; defaultMonth: string; error: 'invalid' | 'future' | null }) {
  const t = useT()
  const o = t.payments.overview
  const f = useFormat()
  const message = error === 'future' ? o.errorMonthFuture : error === 'invalid' ? o.errorMonthInvalid : null
  return (
    <section className="action-panel" aria-labelledby="korning-rubrik">
      <h2 id="korning-rubrik">{o.startHeading}</h2>
      <p>{o.startLead}</p>
      {message ? <ErrorSummary errors={[{ field: 'korning-manad', message }]} /> : null}
      <Form method="post" className="inline-form">
        <div className="field">
          <label htmlFor="korning-manad">{o.startMonthLabel}</label>
          <span id="korning-manad-tips" className="field__hint">
            {o.startMonthHint}
          </span>
          {message ? (
            <span id="korning-manad-fel" className="field__error">
              {message}
            </span>
          ) : null}
          <select
            id="korning-manad"
            name="month"
            defaultValue={defaultMonth}
            aria-invalid={message ? true : undefined}
            aria-describedby={message ? 'korning-manad-tips korning-manad-fel' : 'korning-manad-tips'}
          >
            {runnableMonths.map((m) => (
              <option key={m} value={m}>
                {f.month(m)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {o.startSubmit}
        </button>
      </Form>
    </section>
  )
}

import { Form, Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/payments'
import { enqueue } from '../../jobs/queues.ts'
import { PaymentsChart } from '../components/payments/chart.tsx'
import { MonthSchema, monthsBack, regionMonthHref, specificationHref } from '../components/payments/params.ts'
import { ApprovalStatus, useFormat } from '../components/payments/ui.tsx'
import { DataTable, MoneyCell, NumberCell, numeric } from '../components/ui/data-table.tsx'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { Field } from '../components/ui/field.tsx'
import { FilterForm, SelectField } from '../components/ui/filter-form.tsx'
import { formatPercentChange, perCitizen } from '../components/ui/format.ts'
import { swedishMonth } from '../utils/sweden.ts'
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

/** The columns of the monthly totals: the capitation's parts, then what the month pays. */
const PARTS = ['ageSex', 'careWeight', 'interpreter', 'geography', 'socioeconomic', 'capitation', 'goalEarned', 'vatCompensation', 'total'] as const

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
  const now = swedishMonth()
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
  if (form.data.month > swedishMonth()) return data({ error: 'future' as const }, { status: 400 })
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
          <DataTable
            id="manader"
            captionId="manadstabell"
            caption={o.totalsCaption}
            columns={[c.month, c.status, numeric(c.revisions), numeric(c.listedCitizens), ...PARTS.map((key) => numeric(t.payments.components[key]))]}
          >
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
                  <NumberCell value={m.listedCitizens} />
                  {PARTS.map((key) => (
                    <MoneyCell key={key} amount={m[key]} strong={key === 'total'} />
                  ))}
                </tr>
              ))}
            </tbody>
          </DataTable>
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
          <FilterForm headingId="valj-manad-rubrik" heading={o.chooseMonthHeading} submit={o.chooseMonthSubmit}>
            <SelectField
              id="manad"
              label={o.chooseMonthLabel}
              value={month}
              // A month asked for that has no run yet is offered too, first.
              options={(newestFirst.some((m) => m.month === month) ? newestFirst : [{ month }, ...newestFirst]).map((m) => ({ value: m.month, label: f.month(m.month) }))}
            />
          </FilterForm>
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
        <DataTable
          data-drift="alert"
          captionId="drift-tabell"
          caption={o.driftCaption(from, to)}
          columns={[c.clinic, numeric(c.listedCitizens), numeric(o.driftBefore(from)), numeric(o.driftNow(to)), numeric(o.driftRise), numeric(o.driftRegionRise)]}
        >
          <tbody>
            {drift.rows.map((row) => (
              <tr key={row.clinicId}>
                <th scope="row">{row.name}</th>
                <NumberCell value={row.listedCitizens} />
                <NumberCell value={row.meanBefore} />
                <NumberCell value={row.meanNow} />
                <td className="num strong">{formatPercentChange(row.risePercent, f.locale)}</td>
                <td className="num">{formatPercentChange(row.regionRisePercent, f.locale)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
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
  return (
    <DataTable
      captionId={id}
      caption={caption}
      columns={[numeric(t.payments.overview.rank), c.clinic, numeric(c.listedCitizens), numeric(t.payments.components.total), numeric(c.perCitizen)]}
    >
      <tbody>
        {rows.map((row, i) => {
          const each = perCitizen(row.total, row.listedCitizens)
          return (
            <tr key={row.clinicId} data-hsa-id={row.hsaId}>
              <td className="num">{i + 1}</td>
              <th scope="row">
                <Link to={specificationHref('region', month, revision, row.hsaId)}>{row.name}</Link>
              </th>
              <NumberCell value={row.listedCitizens} />
              <MoneyCell amount={row.total} />
              {each === null ? <td className="num">{c.none}</td> : <MoneyCell amount={each} />}
            </tr>
          )
        })}
      </tbody>
    </DataTable>
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
      {message ? <ErrorSummary heading={t.payments.common.errorSummaryHeading} errors={[{ field: 'korning-manad', message }]} /> : null}
      <Form method="post" className="inline-form">
        <Field id="korning-manad" label={o.startMonthLabel} hint={o.startMonthHint} error={message}>
          {(control) => (
            <select name="month" defaultValue={defaultMonth} {...control}>
              {runnableMonths.map((m) => (
                <option key={m} value={m}>
                  {f.month(m)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button">
          {o.startSubmit}
        </button>
      </Form>
    </section>
  )
}

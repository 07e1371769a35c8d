import { useEffect, useRef } from 'react'
import { Form, Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/payments.month'
import { MonthSchema, RevisionSchema, regionMonthHref, specificationHref } from '../components/payments/params.ts'
import { ApprovalStatus, useFormat } from '../components/payments/ui.tsx'
import { DataTable, MoneyCell, NumberCell, numeric } from '../components/ui/data-table.tsx'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { FilterForm, SelectField } from '../components/ui/filter-form.tsx'
import { formatDateTime, formatSeconds, perCitizen } from '../components/ui/format.ts'
import { useT } from '../i18n/i18n.tsx'
import { userNames } from '../modules/access/users.server.ts'
import { PaymentNotFound, PaymentRefused, approveRun, findRun, listRuns, runClinics, type ClinicOrder } from '../modules/payments/payments.server.ts'
import { prisma } from '../utils/db.server.ts'
import { actorOf } from '../utils/payment-routes.server.ts'
import { requireCommissioner } from '../utils/permissions.server.ts'
import paymentsCss from '../styles/payments.css?url'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: paymentsCss }]

const orders = ['hsa', 'total', 'perCitizen', 'adjustment'] as const satisfies readonly ClinicOrder[]

const Query = z.object({
  revision: RevisionSchema.optional(),
  ordning: z.enum(orders).default('hsa'),
})

function parseMonth(params: { month?: string }): string {
  const month = MonthSchema.safeParse(params.month)
  if (!month.success) throw data(null, { status: 404 })
  return month.data
}

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireCommissioner(request)
  const month = parseMonth(params)
  const search = new URL(request.url).searchParams
  const query = Query.safeParse({ revision: search.get('revision') ?? undefined, ordning: search.get('ordning') ?? undefined })
  if (!query.success) throw data(null, { status: 400 })
  const runs = await listRuns(prisma, month)
  const selected = query.data.revision ? runs.find((r) => r.revision === query.data.revision) : runs[0]
  if (!selected) throw data(null, { status: 404 })
  const approverIds = [...new Set(runs.flatMap((r) => (r.approvedByUserId === null ? [] : [r.approvedByUserId])))]
  const [clinics, approvers] = await Promise.all([
    runClinics(prisma, selected.id, query.data.ordning),
    userNames(approverIds),
  ])
  return {
    month,
    runs,
    revision: selected.revision,
    clinics,
    order: query.data.ordning,
    approvers,
    justApproved: search.get('godkand') === '1',
  }
}

const ApproveForm = z.object({ intent: z.enum(['confirm', 'approve']), revision: RevisionSchema })

/**
 * Approving a revision takes two POSTs: `confirm` shows what is approved, `approve` approves it.
 * Only the newest, unapproved revision of a month can be approved; the service says no otherwise.
 */
export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireCommissioner(request)
  const month = parseMonth(params)
  const form = ApproveForm.safeParse(Object.fromEntries(await request.formData()))
  if (!form.success) throw data(null, { status: 400 })
  const { intent, revision } = form.data
  const [run, newest] = await Promise.all([findRun(prisma, month, revision), findRun(prisma, month)])
  if (!run || run.revision !== revision) throw data(null, { status: 404 })
  if (run.approvedAt || newest?.id !== run.id) return data({ error: 'notApprovable' as const, revision }, { status: 409 })
  if (intent === 'confirm') return { confirm: revision }
  try {
    await approveRun(prisma, run.id, actorOf(user))
  } catch (error) {
    if (error instanceof PaymentNotFound) throw data(null, { status: 404 })
    if (error instanceof PaymentRefused) return data({ error: 'notApprovable' as const, revision }, { status: 409 })
    throw error
  }
  return redirect(`${regionMonthHref(month, revision)}&godkand=1`)
}

export default function PaymentMonth({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const p = t.payments
  const m = p.month
  const c = p.common
  const f = useFormat()
  const { month, runs, revision, clinics, order, approvers, justApproved } = loaderData
  const name = f.month(month)
  const selected = runs.find((r) => r.revision === revision)!
  const isNewest = runs[0]?.revision === revision
  const previous = revision > 1 ? revision - 1 : null
  const adjusted = clinics.filter((row) => row.adjustment !== null && /[1-9]/.test(row.adjustment)).length
  const approver = (userId: number | null) => (userId === null ? c.approvedBySystem : (approvers[userId] ?? c.none))

  return (
    <div className="page payments">
      <title>{`${m.title(name)} – ${t.meta.siteName}`}</title>
      <p className="back-link">
        <Link to="/region/ersattning">{c.backToOverview}</Link>
      </p>
      <h1>{m.title(name)}</h1>
      <p className="lead">{m.lead}</p>
      {justApproved && selected.approvedAt ? (
        <p className="notice notice--success" role="status">
          {m.approvedNotice(revision)}
        </p>
      ) : null}

      <section aria-labelledby="revisioner-rubrik">
        <h2 id="revisioner-rubrik">{m.revisionsHeading}</h2>
        <DataTable
          captionId="revisioner-tabell"
          caption={m.revisionsCaption(name)}
          columns={[
            c.revision,
            m.model,
            m.dataAsOf,
            m.started,
            numeric(m.duration),
            numeric(m.lines),
            numeric(m.clinics),
            numeric(c.listedCitizens),
            numeric(p.components.total),
            m.approval,
          ]}
        >
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-revision={run.revision} className={run.revision === revision ? 'is-selected' : undefined}>
                <th scope="row" className="nowrap">
                  {run.revision === revision ? (
                    <span aria-current="true">
                      {m.show(run.revision)} <span className="badge">{m.shown}</span>
                    </span>
                  ) : (
                    <Link to={regionMonthHref(month, run.revision)}>{m.show(run.revision)}</Link>
                  )}
                </th>
                <td>{run.modelVersion}</td>
                <td className="nowrap">{formatDateTime(run.dataAsOf)}</td>
                <td className="nowrap">{formatDateTime(run.startedAt)}</td>
                <td className="num">{formatSeconds(run.seconds, f.locale)}</td>
                <NumberCell value={run.lineCount} />
                <NumberCell value={run.clinicCount} />
                <NumberCell value={run.listedCitizens} />
                <MoneyCell amount={run.total} />
                <td>{run.approvedAt ? c.approvedByAt(approver(run.approvedByUserId), formatDateTime(run.approvedAt)) : <ApprovalStatus approved={false} />}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </section>

      <Approval month={month} revision={revision} total={selected.total} approved={selected.approvedAt !== null} isNewest={isNewest} actionData={actionData} />

      <section aria-labelledby="vardcentraler-rubrik">
        <h2 id="vardcentraler-rubrik">{m.clinicsHeading(revision)}</h2>
        {previous ? <p>{m.adjusted(adjusted)}</p> : null}
        <FilterForm headingId="sortera-rubrik" heading={m.orderLabel} level={3} hideHeading submit={m.orderSubmit}>
          <input type="hidden" name="revision" value={revision} />
          <SelectField id="ordning" label={m.orderLabel} value={order} options={orders.map((o) => ({ value: o, label: m.order[o] }))} />
        </FilterForm>
        <DataTable
          captionId="vardcentraler-tabell"
          caption={m.clinicsCaption(name, revision)}
          columns={[
            c.clinic,
            c.hsaId,
            numeric(c.listedCitizens),
            numeric(c.listingPoints),
            numeric(p.components.capitation),
            numeric(p.components.goalEarned),
            numeric(p.components.vatCompensation),
            numeric(p.components.total),
            numeric(c.perCitizen),
            previous !== null && numeric(m.adjustment(previous)),
          ]}
        >
          <tbody>
            {clinics.map((row) => {
              const each = perCitizen(row.total, row.listedCitizens)
              const isAdjusted = row.adjustment !== null && /[1-9]/.test(row.adjustment)
              return (
                <tr key={row.clinicId} data-hsa-id={row.hsaId} className={isAdjusted ? 'is-adjusted' : undefined}>
                  <th scope="row">
                    <Link to={specificationHref('region', month, revision, row.hsaId)}>{row.name}</Link>
                  </th>
                  <td className="code">{row.hsaId}</td>
                  <NumberCell value={row.listedCitizens} />
                  <NumberCell value={row.listingPoints} />
                  <MoneyCell amount={row.capitation} />
                  <MoneyCell amount={row.goalEarned} />
                  <MoneyCell amount={row.vatCompensation} />
                  <MoneyCell amount={row.total} strong />
                  {each === null ? <td className="num">{c.none}</td> : <MoneyCell amount={each} />}
                  {previous ? (
                    <td className="num">
                      {row.adjustment === null ? (
                        c.none
                      ) : isAdjusted ? (
                        <span className="adjustment">
                          <strong>{f.money(row.adjustment, { signed: true })}</strong> <span className="badge">{m.adjustedMark}</span>
                        </span>
                      ) : (
                        f.money(row.adjustment)
                      )}
                    </td>
                  ) : null}
                </tr>
              )
            })}
          </tbody>
        </DataTable>
      </section>
    </div>
  )
}

interface ApprovalProps {
  month: string
  revision: number
  total: string
  approved: boolean
  isNewest: boolean
  actionData: Route.ComponentProps['actionData']
}

function Approval({ month, revision, total, approved, isNewest, actionData }: ApprovalProps) {
  const t = useT()
  const m = t.payments.month
  const f = useFormat()
  const confirming = actionData && 'confirm' in actionData && actionData.confirm === revision
  const error = actionData && 'error' in actionData ? m.notApprovable(actionData.revision) : null
  const confirmRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (confirming) confirmRef.current?.focus()
  }, [confirming])
  return (
    <section className="action-panel" aria-labelledby="godkannande-rubrik">
      <h2 id="godkannande-rubrik">{m.approveHeading}</h2>
      {error ? <ErrorSummary heading={t.payments.common.errorSummaryHeading} errors={[{ message: error }]} /> : null}
      {approved ? (
        <>
          <p>
            <ApprovalStatus approved /> {m.alreadyApproved(revision)}
          </p>
          <p className="download">
            <a className="button" href={`/region/ersattning/${month}/${revision}/payments.csv`} download>
              {m.download}
            </a>
            <span className="muted">{m.downloadHint}</span>
          </p>
        </>
      ) : !isNewest ? (
        <p>
          {m.onlyNewest} {m.downloadOnlyApproved}
        </p>
      ) : confirming ? (
        <div className="confirm">
          <h3 id="bekrafta-rubrik" tabIndex={-1} ref={confirmRef}>
            {m.confirmHeading(revision)}
          </h3>
          <p>{m.confirmText(f.month(month), revision, f.money(total))}</p>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="approve" />
            <input type="hidden" name="revision" value={revision} />
            <button type="submit" className="button">
              {m.confirm(revision)}
            </button>
            <Link className="button button--secondary" to={regionMonthHref(month, revision)}>
              {m.cancel}
            </Link>
          </Form>
        </div>
      ) : (
        <>
          <p>{m.approveLead}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="revision" value={revision} />
            <button type="submit" className="button">
              {m.approve(revision)}
            </button>
          </Form>
          <p className="muted">{m.downloadOnlyApproved}</p>
        </>
      )}
    </section>
  )
}

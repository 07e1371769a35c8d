import { Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/review.decision'
import { FormErrorBoundary } from '../components/application/form-too-large.tsx'
import { DecisionConfirm, DecisionForm, type DecisionValues } from '../components/review/decision-form.tsx'
import { DecisionSummary } from '../components/review/decision-summary.tsx'
import { fieldMessages, formErrors, type PageProblem } from '../components/review/problems.ts'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { useLocale, useT } from '../i18n/i18n.tsx'
import {
  approveApplication,
  checkApproval,
  checkRejection,
  decisionContext,
  rejectApplication,
  type ApprovalInput,
  type ExclusionGroundAnswers,
  type RejectionInput,
} from '../modules/authorisation/decision.server.ts'
import { ReviewRefused } from '../modules/authorisation/review.server.ts'
import { exclusionGrounds, type ExclusionGround } from '../modules/authorisation/rules.ts'
import { readPageForm } from '../modules/authorisation/attachments.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireAuthorisationManager } from '../utils/permissions.server.ts'
import { swedishDate } from '../utils/sweden.ts'

const ApplicationId = z.coerce.number().int().positive().max(2_147_483_647)
const RequirementId = z.coerce.number().int().positive().max(2_147_483_647)
const Done = z.enum(['1']).optional().catch(undefined)

function applicationIdOf(params: { applicationId?: string }): number {
  const parsed = ApplicationId.safeParse(params.applicationId)
  if (!parsed.success) throw data(null, { status: 404 })
  return parsed.data
}

/** The decision page: the form and its confirmation while the application is under review, the decision once made. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireAuthorisationManager(request)
  const applicationId = applicationIdOf(params)
  const done = Done.parse(new URL(request.url).searchParams.get('klart') ?? undefined)
  const context = await decisionContext(prisma, { applicationId, actor: { kind: 'user', userId: user.id } })
  if (!context) throw data(null, { status: 404 })
  const { decision } = context
  return {
    done: done === '1',
    context: { ...context, decision: undefined },
    decision: decision
      ? {
          outcome: decision.outcome,
          decidedBy: decision.decidedBy,
          decidedAt: formatDateTime(decision.decidedAt),
          startDate: decision.startDate,
          agreementNumber: decision.agreementNumber,
          reasons: decision.reasons,
          groundsApplied: Object.entries(decision.exclusionGrounds).flatMap(([g, applies]) => (applies ? [g] : [])),
          note: decision.note,
          clinic: decision.clinic ? { hsaId: decision.clinic.hsaId, name: decision.clinic.name } : null,
        }
      : null,
  }
}

const text = (form: FormData, name: string) => {
  const v = form.get(name)
  return typeof v === 'string' ? v : ''
}

const FormSchema = z.object({
  outcome: z.enum(['approve', 'reject', '']),
  grounds: z.record(z.enum(exclusionGrounds), z.enum(['ja', 'nej', ''])),
  groundReasons: z.record(z.enum(exclusionGrounds), z.string().max(20_000)),
  agreementNumber: z.string().max(200),
  startDate: z.string().trim().max(20),
  hsaId: z.string().trim().max(200),
  geographyPoints: z.string().trim().max(10),
  include: z.array(RequirementId).max(500),
  reasons: z.record(z.string().regex(/^\d{1,10}$/), z.string().max(20_000)),
  note: z.string().max(20_000),
})

/** The form's values as posted (the same names in the form and its confirmation). */
function readValues(form: FormData): DecisionValues | null {
  const reasons: Record<string, string> = {}
  for (const key of form.keys()) {
    const m = /^reason-(\d{1,10})$/.exec(key)
    if (m) reasons[m[1]!] = text(form, key)
  }
  const parsed = FormSchema.safeParse({
    outcome: text(form, 'outcome'),
    grounds: Object.fromEntries(exclusionGrounds.map((g) => [g, text(form, `ground-${g}`)])),
    groundReasons: Object.fromEntries(exclusionGrounds.map((g) => [g, text(form, `groundReason-${g}`)])),
    agreementNumber: text(form, 'agreementNumber'),
    startDate: text(form, 'startDate'),
    hsaId: text(form, 'hsaId'),
    geographyPoints: text(form, 'geographyPoints'),
    // Every failed requirement's reason field is posted: each one is a reason of a rejection.
    include: Object.keys(reasons),
    reasons,
    note: text(form, 'note'),
  })
  if (!parsed.success) return null
  const v = parsed.data
  return {
    ...v,
    grounds: v.grounds as DecisionValues['grounds'],
    groundReasons: v.groundReasons as DecisionValues['groundReasons'],
    reasons: Object.fromEntries(Object.entries(v.reasons).map(([id, r]) => [Number(id), r])),
  }
}

/** What the form itself leaves open: every ground answered, an outcome chosen. */
function formProblems(values: DecisionValues): PageProblem[] {
  const problems: PageProblem[] = exclusionGrounds.flatMap((g) => (values.grounds[g] === '' ? [{ code: 'groundUnanswered', field: `ground-${g}`, params: { ground: g } }] : []))
  if (values.outcome === '') problems.push({ code: 'outcomeMissing', field: 'outcome' })
  return problems
}

function inputs(values: DecisionValues, applicationId: number, actor: { kind: 'user'; userId: number }): { approval: ApprovalInput; rejection: RejectionInput } {
  const grounds = Object.fromEntries(exclusionGrounds.map((g) => [g, values.grounds[g] === 'ja'])) as ExclusionGroundAnswers
  const points = /^\d{1,3}$/.test(values.geographyPoints) ? Number(values.geographyPoints) : -1
  const approval: ApprovalInput = {
    applicationId,
    agreementNumber: values.agreementNumber,
    startDate: values.startDate,
    hsaId: values.hsaId,
    geographyPoints: points,
    exclusionGrounds: grounds,
    note: values.note,
    actor,
    today: swedishDate(),
  }
  const rejection: RejectionInput = {
    applicationId,
    reasons: [
      ...values.include.map((id) => ({ requirementId: id, reason: values.reasons[id] ?? '' })),
      ...exclusionGrounds.flatMap((g: ExclusionGround) =>
        values.grounds[g] === 'ja' && values.groundReasons[g].trim() !== '' ? [{ requirementId: null, ground: g, reason: values.groundReasons[g] }] : [],
      ),
    ],
    exclusionGrounds: grounds,
    note: values.note,
    actor,
  }
  return { approval, rejection }
}

type ActionResult = { stage: 'form'; problems: PageProblem[]; values: DecisionValues } | { stage: 'confirm'; problems: []; values: DecisionValues }

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireAuthorisationManager(request)
  const applicationId = applicationIdOf(params)
  const actor = { kind: 'user' as const, userId: user.id }
  const form = await readPageForm(request)
  const intent = text(form, 'intent')
  const values = readValues(form)
  if (!values || !['preview', 'edit', 'decide'].includes(intent)) throw data(null, { status: 400 })
  const refuse = (problems: PageProblem[]) => data({ stage: 'form', problems, values } satisfies ActionResult, { status: 400 })
  const guard = (problems: PageProblem[]) => {
    if (problems.some((p) => p.code === 'forbidden')) throw data(null, { status: 403 })
    if (problems.some((p) => p.code === 'notFound')) throw data(null, { status: 404 })
    return problems
  }
  if (intent === 'edit') return { stage: 'form', problems: [], values } satisfies ActionResult

  const own = formProblems(values)
  if (own.length) return refuse(own)
  const { approval, rejection } = inputs(values, applicationId, actor)

  if (intent === 'preview') {
    const problems = guard(values.outcome === 'approve' ? await checkApproval(prisma, approval) : await checkRejection(prisma, rejection))
    if (problems.length) return refuse(problems)
    return { stage: 'confirm', problems: [], values } satisfies ActionResult
  }

  try {
    if (values.outcome === 'approve') await approveApplication(prisma, approval)
    else await rejectApplication(prisma, rejection)
  } catch (error) {
    if (error instanceof ReviewRefused) return refuse(guard(error.problems))
    throw error
  }
  return redirect(`/region/ansokningar/${applicationId}/beslut?klart=1`)
}

export default function ReviewDecision({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const locale = useLocale()
  const r = t.review
  const d = r.decision
  const { context, decision, done } = loaderData
  const result = actionData as ActionResult | undefined
  const failed = context.failed.map((f) => ({ requirementId: f.requirementId, code: f.code, text: locale === 'sv' ? f.textSv : f.textEn }))
  const codeOf = (id: number) => failed.find((f) => f.requirementId === id)?.code ?? String(id)
  const problems = result?.problems ?? []
  const fieldId = (field: string) => (field === 'outcome' ? 'outcome-approve' : /^ground-/.test(field) ? `${field}-ja` : field)
  const errors = formErrors(r, problems, codeOf, fieldId)
  const fields = fieldMessages(r, problems, codeOf)
  const clinicName = context.clinicName ?? r.queue.unnamed
  const initial: DecisionValues = {
    outcome: '',
    grounds: { bankruptcy: '', unpaidTaxes: '', misconduct: '', falseInformation: '' },
    groundReasons: { bankruptcy: '', unpaidTaxes: '', misconduct: '', falseInformation: '' },
    agreementNumber: '',
    startDate: '',
    hsaId: context.suggestedHsaId,
    geographyPoints: '0',
    include: failed.map((f) => f.requirementId),
    reasons: Object.fromEntries(context.failed.map((f) => [f.requirementId, f.comment])),
    note: '',
  }
  const values = result?.values ?? initial
  return (
    <div className="page review-decision">
      <title>{`${errors.length ? `${r.errorHeading(errors.length)}: ` : ''}${d.title}: ${clinicName} – ${t.meta.siteName}`}</title>
      <p>
        <Link to={`/region/ansokningar/${context.applicationId}`} className="back-link">
          {d.back}
        </Link>
      </p>
      <h1>{`${d.title}: ${clinicName}`}</h1>
      <ErrorSummary heading={r.errorHeading(errors.length)} errors={errors} />
      {done && decision ? (
        <p className="notice notice--success" role="status">
          {d.done}
        </p>
      ) : null}
      {decision ? (
        <DecisionSummary decision={decision} />
      ) : context.status !== 'submitted' ? (
        <p className="notice">{d.notUnderReview}</p>
      ) : result?.stage === 'confirm' ? (
        <DecisionConfirm values={values} clinicName={clinicName} failed={failed} />
      ) : (
        <>
          <p className="lead">{d.lead}</p>
          {context.notPassed.length ? (
            <p className="notice" data-field="not-passed">
              {d.notPassed(context.notPassed.join(', '))}
            </p>
          ) : null}
          <DecisionForm values={values} errors={fields} failed={failed} />
        </>
      )}
    </div>
  )
}

/** A form larger than the page takes (413) is said in words; any other error as on every page. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <FormErrorBoundary error={error} />
}

import { Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/review.application'
import { FormErrorBoundary } from '../components/application/form-too-large.tsx'
import { ApplicationFacts } from '../components/review/application-facts.tsx'
import { fieldMessages, formErrors, type PageProblem } from '../components/review/problems.ts'
import { RequirementReview, type AssessmentValues } from '../components/review/requirement-review.tsx'
import { AssignReviewerForm, SupplementationForm, SupplementationRequests, type SupplementationValues } from '../components/review/review-forms.tsx'
import { Timeline } from '../components/review/timeline.tsx'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { Fact, FactList } from '../components/ui/fact-list.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { useLocale, useT } from '../i18n/i18n.tsx'
import { assess, assignReviewer, listReviewers, requestSupplementation, reviewDetails, ReviewRefused, type AssessmentInput } from '../modules/authorisation/review.server.ts'
import { applicationSections, formatOrgNumber } from '../modules/authorisation/rules.ts'
import { addDays } from '../modules/listing/rules.ts'
import { readPageForm } from '../modules/authorisation/attachments.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireAuthorisationManager } from '../utils/permissions.server.ts'
import { swedishDate } from '../utils/sweden.ts'

const ApplicationId = z.coerce.number().int().positive().max(2_147_483_647)
const Done = z.enum(['bedomning', 'handlaggare', 'komplettering']).optional().catch(undefined)

function applicationIdOf(params: { applicationId?: string }): number {
  const parsed = ApplicationId.safeParse(params.applicationId)
  if (!parsed.success) throw data(null, { status: 404 })
  return parsed.data
}

const text = (form: FormData, name: string) => {
  const v = form.get(name)
  return typeof v === 'string' ? v : ''
}

/** One application as the region reviews it: its details, the requirements with answers, checks and assessments, requests and the timeline. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireAuthorisationManager(request)
  const applicationId = applicationIdOf(params)
  const done = Done.parse(new URL(request.url).searchParams.get('klart') ?? undefined)
  const details = await reviewDetails(prisma, { applicationId, actor: { kind: 'user', userId: user.id } })
  if (!details) throw data(null, { status: 404 })
  const reviewers = await listReviewers(prisma)
  const a = details.application
  return {
    done: done ?? null,
    today: swedishDate(),
    app: {
      id: a.id,
      status: a.status,
      specVersion: a.spec.version,
      specTitle: a.spec.title,
      submittedAt: a.submittedAt ? formatDateTime(a.submittedAt) : null,
      lastSubmittedAt: a.lastSubmittedAt && a.submittedAt && a.lastSubmittedAt.getTime() > a.submittedAt.getTime() ? formatDateTime(a.lastSubmittedAt) : null,
      reviewerUserId: a.reviewerUserId,
      fields: {
        orgNumber: a.orgNumber ? formatOrgNumber(a.orgNumber) : null,
        orgName: a.orgName,
        fSkatt: a.fSkatt,
        insurer: a.insurer,
        insurancePolicy: a.insurancePolicy,
        ownership: a.ownership,
        clinicName: a.clinicName,
        streetAddress: a.streetAddress,
        postalCode: a.postalCode,
        city: a.city,
        municipalityName: details.municipalityName,
        lat: a.lat?.toString() ?? null,
        lon: a.lon?.toString() ?? null,
        phone: a.phone,
        website: a.website,
        services: a.services as string[],
        languages: a.languages,
        openingHours: Array.isArray(a.openingHours) ? (a.openingHours as { day: number; opens: string; closes: string }[]) : [],
        staffing: a.staffing && typeof a.staffing === 'object' && !Array.isArray(a.staffing) ? (a.staffing as Record<string, string>) : {},
        medicalLeadName: a.medicalLeadName,
        medicalLeadTitle: a.medicalLeadTitle,
        medicalLeadRegNo: a.medicalLeadRegNo,
      },
    },
    applicantName: details.applicantName,
    reviewerName: details.reviewerName,
    requirements: details.requirements.map((r) => ({
      id: r.requirementId,
      code: r.code,
      chapterCode: r.chapterCode,
      chapterTitleSv: r.chapterTitleSv,
      chapterTitleEn: r.chapterTitleEn,
      textSv: r.textSv,
      textEn: r.textEn,
      shape: r.shape,
      value: r.value ?? null,
      attachments: r.attachments.map((f) => ({ id: f.id, fileName: f.fileName, sizeKb: String(Math.max(1, Math.round(f.sizeBytes / 1024))) })),
      check: r.check,
    })),
    assessments: Object.fromEntries(
      Object.entries(details.assessments).map(([id, s]) => [id, { verdict: s.verdict, comment: s.comment, assessedBy: s.assessedBy, assessedAt: formatDateTime(s.assessedAt) }]),
    ),
    requests: details.requests.map((q) => ({ ...q, requestedAt: formatDateTime(q.requestedAt), answeredAt: q.answeredAt ? formatDateTime(q.answeredAt) : null })),
    resubmission: details.resubmission
      ? {
          answeredAt: formatDateTime(details.resubmission.answeredAt),
          requirementIds: details.resubmission.requirementIds,
          sections: details.resubmission.sections as string[],
          reassess: details.resubmission.reassess,
        }
      : null,
    decision: details.decision ? { outcome: details.decision.outcome, decidedAt: formatDateTime(details.decision.decidedAt) } : null,
    timeline: details.timeline.map((e) => ({ id: e.id, at: formatDateTime(e.at), kind: e.kind, actorName: e.actorName, details: e.details })),
    reviewers,
    sections: [...applicationSections] as string[],
  }
}

type ActionResult =
  | { form: 'assess'; problems: PageProblem[]; values: AssessmentValues }
  | { form: 'assign'; problems: PageProblem[]; values: null }
  | { form: 'supplement'; problems: PageProblem[]; values: SupplementationValues }

const Verdict = z.enum(['pass', 'fail'])
const RequirementId = z.coerce.number().int().positive().max(2_147_483_647)
const AssignSchema = z.object({ handlaggare: z.coerce.number({ error: 'reviewerMissing' }).int('reviewerMissing').positive('reviewerMissing') })
const SupplementSchema = z.object({
  krav: z.array(RequirementId).max(500),
  avsnitt: z.array(z.enum(applicationSections, { error: 'unknownSection' })).max(applicationSections.length),
  meddelande: z.string().max(20_000),
  sistaDag: z.string().trim().max(20),
})

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireAuthorisationManager(request)
  const applicationId = applicationIdOf(params)
  const actor = { kind: 'user' as const, userId: user.id }
  const form = await readPageForm(request)
  const intent = text(form, 'intent')
  const refuse = (result: ActionResult) => data(result, { status: 400 })
  const back = (done: string) => redirect(`/region/ansokningar/${applicationId}?klart=${done}`)
  const refused = (error: unknown): PageProblem[] => {
    if (!(error instanceof ReviewRefused)) throw error
    if (error.codes.includes('forbidden')) throw data(null, { status: 403 })
    if (error.codes.includes('notFound')) throw data(null, { status: 404 })
    return error.problems
  }

  if (intent === 'assess') {
    const ids = new Set<number>()
    for (const key of form.keys()) {
      const m = /^(?:verdict|comment)-(\d{1,10})$/.exec(key)
      if (m && RequirementId.safeParse(m[1]).success) ids.add(Number(m[1]))
    }
    const values: AssessmentValues = { verdict: {}, comment: {} }
    const assessments: AssessmentInput[] = []
    const problems: PageProblem[] = []
    for (const id of ids) {
      const verdict = Verdict.safeParse(text(form, `verdict-${id}`))
      const comment = text(form, `comment-${id}`)
      values.verdict[id] = verdict.success ? verdict.data : ''
      values.comment[id] = comment
      if (verdict.success) assessments.push({ requirementId: id, verdict: verdict.data, comment })
      else if (comment.trim() !== '') problems.push({ code: 'verdictMissing', field: `verdict-${id}`, params: { requirementId: id } })
    }
    if (problems.length) return refuse({ form: 'assess', problems, values })
    try {
      await assess(prisma, { applicationId, assessments, actor })
    } catch (error) {
      return refuse({ form: 'assess', problems: refused(error), values })
    }
    return back('bedomning')
  }

  if (intent === 'assign') {
    const parsed = AssignSchema.safeParse({ handlaggare: text(form, 'handlaggare') || undefined })
    if (!parsed.success) return refuse({ form: 'assign', problems: [{ code: 'reviewerMissing', field: 'handlaggare' }], values: null })
    try {
      await assignReviewer(prisma, { applicationId, reviewerUserId: parsed.data.handlaggare, actor })
    } catch (error) {
      return refuse({ form: 'assign', problems: refused(error).map((p) => ({ ...p, field: p.field === 'reviewer' ? 'handlaggare' : p.field })), values: null })
    }
    return back('handlaggare')
  }

  if (intent === 'supplement') {
    const raw = { krav: form.getAll('krav').map(String), avsnitt: form.getAll('avsnitt').map(String), meddelande: text(form, 'meddelande'), sistaDag: text(form, 'sistaDag') }
    const values: SupplementationValues = {
      requirementIds: raw.krav.flatMap((k) => (RequirementId.safeParse(k).success ? [Number(k)] : [])),
      sections: raw.avsnitt,
      message: raw.meddelande,
      dueOn: raw.sistaDag.trim(),
    }
    const parsed = SupplementSchema.safeParse(raw)
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => ({ code: i.path[0] === 'avsnitt' ? 'unknownSection' : i.path[0] === 'krav' ? 'unknownRequirement' : 'messageTooLong', field: String(i.path[0]) }))
      return refuse({ form: 'supplement', problems, values })
    }
    try {
      await requestSupplementation(prisma, {
        applicationId,
        requirementIds: parsed.data.krav,
        sections: parsed.data.avsnitt,
        message: parsed.data.meddelande,
        dueOn: parsed.data.sistaDag,
        actor,
        today: swedishDate(),
      })
    } catch (error) {
      return refuse({ form: 'supplement', problems: refused(error), values })
    }
    return back('komplettering')
  }
  throw data(null, { status: 400 })
}

export default function ReviewApplication({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const locale = useLocale()
  const r = t.review
  const a = r.application
  const { app, requirements, assessments, done } = loaderData
  const result = actionData as ActionResult | undefined
  const codeOf = (id: number) => requirements.find((q) => q.id === id)?.code ?? String(id)
  const problems = result?.problems ?? []
  const fieldId = (field: string) => (/^verdict-\d+$/.test(field) ? `${field}-pass` : field)
  const errors = formErrors(r, problems, codeOf, fieldId)
  const fields = fieldMessages(r, problems, codeOf)
  const name = app.fields.clinicName ?? r.queue.unnamed
  const submitted = app.status === 'submitted'
  const underReview = submitted || app.status === 'supplementation'
  const doneText = done === 'bedomning' ? a.saved : done === 'handlaggare' ? a.assign.done : done === 'komplettering' ? a.supplement.done : null
  const saved = Object.fromEntries(Object.entries(assessments).map(([id, s]) => [Number(id), s]))
  const failedIds = requirements.filter((q) => saved[q.id]?.verdict === 'fail').map((q) => q.id)
  const resubmission = loaderData.resubmission
  // What the latest answered request named: changed since; not assessed since, to be assessed again.
  const changed: Record<number, 'reassess' | 'changed'> = Object.fromEntries(
    (resubmission?.requirementIds ?? []).map((id) => [id, resubmission!.reassess.includes(id) ? 'reassess' : 'changed']),
  )
  const changedWhat = resubmission
    ? [...requirements.filter((q) => q.id in changed).map((q) => a.requirement(q.code)), ...resubmission.sections.map((s) => a.sections[s] ?? s)].join(', ')
    : ''
  const supplementValues: SupplementationValues =
    result?.form === 'supplement' ? result.values : { requirementIds: failedIds, sections: [], message: '', dueOn: addDays(loaderData.today, 14) }

  return (
    <div className="page review-application">
      <title>{`${errors.length ? `${r.errorHeading(errors.length)}: ` : ''}${a.title(name)} – ${t.meta.siteName}`}</title>
      <p>
        <Link to="/region/ansokningar" className="back-link">
          {a.back}
        </Link>
      </p>
      <h1>{a.title(name)}</h1>
      <ErrorSummary heading={r.errorHeading(errors.length)} errors={errors} />
      {doneText && !result ? (
        <p className="notice notice--success" role="status">
          {doneText}
        </p>
      ) : null}
      <p className="lead" data-field="status-explain">
        {a.statusExplain[app.status] ?? app.status}
      </p>
      <section aria-labelledby="om-ansokan">
        <h2 id="om-ansokan">{a.facts}</h2>
        <FactList>
          <Fact term={a.number}>{app.id}</Fact>
          <Fact term={a.status} field="status">
            {r.statuses[app.status] ?? app.status}
          </Fact>
          <Fact term={a.applicant}>{loaderData.applicantName}</Fact>
          <Fact term={a.spec}>{`${app.specVersion} – ${app.specTitle}`}</Fact>
          <Fact term={a.submittedOn}>{app.submittedAt ?? ''}</Fact>
          {app.lastSubmittedAt ? <Fact term={a.lastSubmittedOn}>{app.lastSubmittedAt}</Fact> : null}
          <Fact term={a.reviewer} field="reviewer">
            {loaderData.reviewerName ?? r.queue.noReviewer}
          </Fact>
        </FactList>
      </section>
      {resubmission ? (
        <div className="notice" data-field="resubmission">
          <p>{a.resubmitted(resubmission.answeredAt)}</p>
          {changedWhat ? <p>{a.resubmittedWhat(changedWhat)}</p> : null}
        </div>
      ) : null}
      <ApplicationFacts app={app.fields} changedSections={resubmission?.sections ?? []} />
      <RequirementReview
        applicationId={app.id}
        requirements={requirements.map((q) => ({
          id: q.id,
          code: q.code,
          chapterCode: q.chapterCode,
          chapterTitle: locale === 'sv' ? q.chapterTitleSv : q.chapterTitleEn,
          text: locale === 'sv' ? q.textSv : q.textEn,
          shape: q.shape,
          value: q.value,
          attachments: q.attachments,
          check: q.check,
        }))}
        saved={saved}
        changed={changed}
        values={result?.form === 'assess' ? result.values : null}
        errors={result?.form === 'assess' ? fields : {}}
        editable={submitted}
      />
      <AssignReviewerForm reviewers={loaderData.reviewers} current={app.reviewerUserId} error={result?.form === 'assign' ? fields.handlaggare : undefined} editable={underReview} />
      {submitted ? (
        <SupplementationForm
          requirements={requirements.map((q) => ({ id: q.id, code: q.code }))}
          sections={loaderData.sections}
          values={supplementValues}
          errors={result?.form === 'supplement' ? fields : {}}
        />
      ) : null}
      <SupplementationRequests requests={loaderData.requests} />
      <section aria-labelledby="beslut-rubrik">
        <h2 id="beslut-rubrik">{a.decisionHeading}</h2>
        {loaderData.decision ? (
          <p data-field="decision">
            {`${r.decision.outcomes[loaderData.decision.outcome] ?? loaderData.decision.outcome}, ${loaderData.decision.decidedAt}. `}
            <Link to={`/region/ansokningar/${app.id}/beslut`}>{r.decision.decidedHeading}</Link>
          </p>
        ) : submitted ? (
          <p>
            {a.decisionLead} <Link to={`/region/ansokningar/${app.id}/beslut`}>{a.decisionLink}</Link>
          </p>
        ) : (
          <p>{r.decision.notUnderReview}</p>
        )}
      </section>
      <Timeline items={loaderData.timeline} />
    </div>
  )
}

/** A form larger than the page takes (413) is said in words; any other error as on every page. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <FormErrorBoundary error={error} />
}

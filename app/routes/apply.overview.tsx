import { Form, Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/apply.overview'
import { FormErrorBoundary } from '../components/application/form-too-large.tsx'
import { ApplicationDecision } from '../components/application/decision.tsx'
import { ApplicationStatus } from '../components/application/status.tsx'
import { ApplicationTimeline } from '../components/application/timeline.tsx'
import { answerText, answerView, checkText, requirementText, type AnswerView } from '../components/application/view.ts'
import { DataTable } from '../components/ui/data-table.tsx'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { Fact, FactList } from '../components/ui/fact-list.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { useLocale, useT, type Messages } from '../i18n/i18n.tsx'
import {
  ApplicationNotFound,
  ApplicationRefused,
  applicationOverview,
  mayEditRequirement,
  submitApplication,
  withdrawApplication,
} from '../modules/authorisation/application.server.ts'
import type { SectionState } from '../modules/authorisation/application-fields.ts'
import { applicationTimeline } from '../modules/authorisation/timeline.server.ts'
import { isoOf } from '../modules/listing/rules.ts'
import { readPageForm } from '../modules/authorisation/attachments.server.ts'
import { applicationIdOf, orNotFound } from '../utils/application-routes.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireApplicant } from '../utils/permissions.server.ts'

const Done = z.enum(['startad', 'inskickad', 'kompletterad']).optional().catch(undefined)

/** One of the applicant's applications: status, what is asked, sections, requirements, submission, decision, timeline. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireApplicant(request)
  const id = applicationIdOf(params)
  const done = Done.parse(new URL(request.url).searchParams.get('klart') ?? undefined)
  const ov = await orNotFound(applicationOverview(prisma, id, { id: user.id, manager: false }))
  const timeline = await applicationTimeline(prisma, id)
  const a = ov.application
  const views = ov.answers.map((r) => answerView(r, ov.editability.editable && mayEditRequirement(ov.editability, r.requirementId)))
  const chapters: { code: string; titleSv: string; titleEn: string; answers: AnswerView[] }[] = []
  for (const [i, r] of ov.answers.entries()) {
    let chapter = chapters.at(-1)
    if (!chapter || chapter.code !== r.chapterCode) chapters.push((chapter = { code: r.chapterCode, titleSv: r.chapterTitleSv, titleEn: r.chapterTitleEn, answers: [] }))
    chapter.answers.push(views[i]!)
  }
  const request_ = ov.request && {
    message: ov.request.message,
    requestedAt: formatDateTime(ov.request.requestedAt),
    dueOn: ov.request.dueOn ? isoOf(ov.request.dueOn) : null,
    sections: ov.request.sections,
    requirements: views.filter((v) => ov.request!.requirementIds.includes(v.requirementId)),
  }
  return {
    done: done ?? null,
    app: {
      id: a.id,
      status: a.status,
      clinicName: a.clinicName,
      specVersion: a.spec.version,
      specTitle: a.spec.title,
      createdAt: formatDateTime(a.createdAt),
      submittedAt: a.submittedAt ? formatDateTime(a.submittedAt) : null,
      lastSubmittedAt: a.lastSubmittedAt && a.submittedAt && a.lastSubmittedAt > a.submittedAt ? formatDateTime(a.lastSubmittedAt) : null,
    },
    editable: ov.editability.editable,
    request: request_,
    sections: Object.values(ov.sections),
    chapters,
    blocking: ov.blocking.map((b) => views.find((v) => v.requirementId === b.requirementId)!),
    decision: ov.decision && {
      outcome: ov.decision.outcome,
      decidedAt: formatDateTime(ov.decision.decidedAt),
      startDate: ov.decision.startDate ? isoOf(ov.decision.startDate) : null,
      agreementNumber: ov.decision.agreementNumber,
      note: ov.decision.note,
      reasons: ov.decision.reasons.map((r) => ({ code: r.code, ground: r.ground, reason: r.reason })),
    },
    timeline: timeline.map((e) => ({ id: e.id, at: formatDateTime(e.at), kind: e.kind, actorName: e.actorName })),
  }
}

type Refusal = keyof Messages['application']['refusals']
type ActionResult = { form: 'submit' | 'withdraw'; refusal: Refusal; codes?: string[] }

const Intent = z.enum(['submit', 'withdraw'])

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireApplicant(request)
  const id = applicationIdOf(params)
  const actor = { kind: 'user' as const, userId: user.id }
  const form = await readPageForm(request)
  const intent = Intent.safeParse(form.get('intent'))
  if (!intent.success) throw data(null, { status: 400 })
  const refuse = (result: ActionResult, status = 409) => data(result, { status })
  try {
    if (intent.data === 'submit') {
      const result = await submitApplication(prisma, { applicationId: id, actor, confirmTruthful: form.get('confirmTruthful') === 'yes' })
      return redirect(`/ansokan/${id}?klart=${result.resubmitted ? 'kompletterad' : 'inskickad'}`)
    }
    if (form.get('confirm') !== 'yes') {
      const draft = form.get('draft') === 'yes'
      return refuse({ form: 'withdraw', refusal: draft ? 'confirmDiscard' : 'confirmWithdraw' }, 400)
    }
    const { outcome } = await withdrawApplication(prisma, { applicationId: id, actor })
    return redirect(`/ansokan?klart=${outcome === 'discarded' ? 'borttagen' : 'aterkallad'}`)
  } catch (error) {
    if (error instanceof ApplicationNotFound) throw data(null, { status: 404 })
    if (error instanceof ApplicationRefused) return refuse({ form: intent.data, refusal: error.code === 'requirementNotRequested' ? 'notEditable' : error.code, codes: error.details.codes })
    throw error
  }
}

function missingText(m: Messages['application'], s: SectionState): string {
  return [...s.missing.map((f) => m.fields[f] ?? f), ...s.failing.map((f) => m.failing[f.problem] ?? f.problem)].join(', ')
}

export default function ApplyOverview({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const locale = useLocale()
  const m = t.application
  const o = m.overview
  const { app, request, sections, chapters, blocking, decision, timeline, editable, done } = loaderData
  const result = actionData as ActionResult | undefined
  const base = `/ansokan/${app.id}`
  const errors = result
    ? [{ field: result.form === 'submit' ? (result.refusal === 'notConfirmed' ? 'confirmTruthful' : undefined) : 'confirm', message: m.refusals[result.refusal] as string }]
    : []
  const doneText = done === 'startad' ? o.started : done === 'inskickad' ? o.submitted : done === 'kompletterad' ? o.resubmitted : null
  const clinic = app.clinicName ?? m.unnamedClinic
  const incompleteSections = sections.filter((s) => !s.complete)
  const draft = app.status === 'draft'
  const withdrawable = draft || app.status === 'submitted' || app.status === 'supplementation'
  const chapterLink = (a: AnswerView) => `${base}/krav/${encodeURIComponent(a.chapterCode)}#krav-${a.requirementId}`
  return (
    <div className="page apply-overview">
      <title>{`${errors.length ? `${m.errorHeading(errors.length)}: ` : ''}${m.applicationHeading(clinic)} – ${t.meta.siteName}`}</title>
      <p>
        <Link to="/ansokan">{m.backToList}</Link>
      </p>
      <h1>{m.applicationHeading(clinic)}</h1>
      <p className="lead">{m.specVersion(app.specVersion, app.specTitle)}</p>
      <ErrorSummary heading={m.errorHeading(errors.length)} errors={errors} />
      {doneText && !result ? (
        <p className="notice notice--success" role="status">
          {doneText}
        </p>
      ) : null}

      <section aria-labelledby="status-rubrik">
        <h2 id="status-rubrik">{o.statusHeading}</h2>
        <p>
          <ApplicationStatus status={app.status} />
        </p>
        <p>{m.statusText[app.status]}</p>
        <FactList>
          <Fact term={o.created}>{app.createdAt}</Fact>
          {app.submittedAt ? <Fact term={o.submittedAt}>{app.submittedAt}</Fact> : null}
          {app.lastSubmittedAt ? <Fact term={o.lastSubmittedAt}>{app.lastSubmittedAt}</Fact> : null}
        </FactList>
      </section>

      {request ? (
        <section aria-labelledby="komplettering-rubrik" className="notice" data-field="supplementation">
          <h2 id="komplettering-rubrik">{o.requestHeading}</h2>
          <p className="muted">{o.requestedAt(request.requestedAt)}</p>
          <p className="message__body">{request.message}</p>
          {request.dueOn ? <p className="strong">{o.dueOn(request.dueOn)}</p> : null}
          <p>{o.requestAmend}</p>
          <ul>
            {request.sections.map((s) => (
              <li key={s}>
                <Link to={`${base}/uppgifter#avsnitt-${s}`}>{o.requestSection(m.sections[s] ?? s)}</Link>
              </li>
            ))}
            {request.requirements.map((r) => (
              <li key={r.requirementId}>
                <Link to={chapterLink(r)}>{o.requestRequirement(r.code, requirementText(r, locale))}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {decision ? <ApplicationDecision decision={decision} /> : null}

      <section aria-labelledby="uppgifter-rubrik">
        <h2 id="uppgifter-rubrik">{o.sectionsHeading}</h2>
        <DataTable caption={o.sectionsCaption} captionId="uppgifter-tabell" columns={[o.section, o.state]} scroll={false}>
          <tbody>
            {sections.map((s) => (
              <tr key={s.section} data-section={s.section}>
                <th scope="row">{m.sections[s.section]}</th>
                <td data-field="section-state">{s.complete ? o.complete : o.missing(missingText(m, s))}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
        <p>
          <Link to={`${base}/uppgifter`}>{editable ? o.edit : o.view}</Link>
        </p>
      </section>

      <section aria-labelledby="krav-rubrik">
        <h2 id="krav-rubrik">{o.chaptersHeading}</h2>
        {chapters.map((c) => {
          const title = locale === 'sv' ? c.titleSv : c.titleEn
          return (
            <section key={c.code} aria-labelledby={`kapitel-${c.code}`} data-chapter={c.code}>
              <h3 id={`kapitel-${c.code}`}>{title}</h3>
              <DataTable caption={o.chapterCaption(c.code, title)} captionId={`kapitel-${c.code}-tabell`} columns={[o.requirement, o.text, o.answer, o.result]}>
                <tbody>
                  {c.answers.map((a) => (
                    <tr key={a.requirementId} data-code={a.code} data-status={a.check.status}>
                      <th scope="row">{a.code}</th>
                      <td>{requirementText(a, locale)}</td>
                      <td>{answerText(a, locale) ?? '–'}</td>
                      <td>{checkText(a, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
              <p>
                <Link to={`${base}/krav/${encodeURIComponent(c.code)}`}>{editable && c.answers.some((a) => a.editable) ? o.answerChapter(title) : o.viewChapter(title)}</Link>
              </p>
            </section>
          )
        })}
      </section>

      {editable ? (
        <section aria-labelledby="skicka-rubrik" className="card">
          <h2 id="skicka-rubrik">{draft ? o.submitHeading : o.resubmitHeading}</h2>
          {incompleteSections.length || blocking.length ? (
            <div data-field="blocking">
              <h3>{o.blockingHeading}</h3>
              <ul>
                {incompleteSections.map((s) => (
                  <li key={s.section}>
                    <Link to={`${base}/uppgifter#avsnitt-${s.section}`}>{o.blockingSection(m.sections[s.section] ?? s.section, missingText(m, s))}</Link>
                  </li>
                ))}
                {blocking.map((a) => (
                  <li key={a.requirementId} data-code={a.code}>
                    <Link to={chapterLink(a)}>{o.blockingRequirement(a.code, checkText(a, locale))}</Link>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p>{o.nothingBlocks}</p>
          )}
          <Form method="post">
            <input type="hidden" name="intent" value="submit" />
            <div className={result?.refusal === 'notConfirmed' ? 'field field--error' : 'field'}>
              {result?.refusal === 'notConfirmed' ? (
                <p className="field__error" id="confirmTruthful-error">
                  {m.refusals.notConfirmed}
                </p>
              ) : null}
              <p className="field__hint" id="confirmTruthful-hint">
                {o.confirmHint}
              </p>
              <div>
                <input
                  type="checkbox"
                  id="confirmTruthful"
                  name="confirmTruthful"
                  value="yes"
                  aria-describedby={result?.refusal === 'notConfirmed' ? 'confirmTruthful-hint confirmTruthful-error' : 'confirmTruthful-hint'}
                  aria-invalid={result?.refusal === 'notConfirmed' ? true : undefined}
                />{' '}
                <label htmlFor="confirmTruthful">{o.confirmTruthful}</label>
              </div>
            </div>
            <button type="submit" className="button">
              {draft ? o.submit : o.resubmit}
            </button>
          </Form>
        </section>
      ) : null}

      {withdrawable ? (
        <section aria-labelledby="aterkalla-rubrik">
          <h2 id="aterkalla-rubrik">{draft ? o.discardHeading : o.withdrawHeading}</h2>
          <p>{draft ? o.discardText : o.withdrawText}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            {draft ? <input type="hidden" name="draft" value="yes" /> : null}
            <div className={result?.form === 'withdraw' ? 'field field--error' : 'field'}>
              {result?.form === 'withdraw' ? (
                <p className="field__error" id="confirm-error">
                  {m.refusals[result.refusal] as string}
                </p>
              ) : null}
              <div>
                <input
                  type="checkbox"
                  id="confirm"
                  name="confirm"
                  value="yes"
                  aria-describedby={result?.form === 'withdraw' ? 'confirm-error' : undefined}
                  aria-invalid={result?.form === 'withdraw' ? true : undefined}
                />{' '}
                <label htmlFor="confirm">{draft ? o.discardConfirm : o.withdrawConfirm}</label>
              </div>
            </div>
            <button type="submit" className="button button--danger">
              {draft ? o.discard : o.withdraw}
            </button>
          </Form>
        </section>
      ) : null}

      <ApplicationTimeline rows={timeline} />
    </div>
  )
}

/** A form larger than the page takes (413) is said in words; any other error as on every page. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <FormErrorBoundary error={error} />
}

import { Form, Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/apply.chapter'
import { ANSWERS_FORM, RequirementItem, answerFieldId, inputValue, uploadFieldId } from '../components/application/requirement.tsx'
import { answerView, checkText } from '../components/application/view.ts'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { useLocale, useT, type Messages } from '../i18n/i18n.tsx'
import {
  ApplicationNotFound,
  ApplicationRefused,
  applicationAnswers,
  applicationFor,
  editabilityOf,
  mayEditRequirement,
  openSupplementation,
  saveAnswers,
  type AnswerErrorCode,
} from '../modules/authorisation/application.server.ts'
import {
  AttachmentRefused,
  BodyTooLarge,
  FORM_OVERHEAD_BYTES,
  addAttachment,
  attachmentStore,
  readFormWithLimit,
  removeAttachment,
  type AttachmentProblem,
} from '../modules/authorisation/attachments.server.ts'
import { applicationIdOf, orNotFound } from '../utils/application-routes.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireApplicant } from '../utils/permissions.server.ts'

const Done = z.enum(['sparat', 'bilaga', 'borttagen']).optional().catch(undefined)
const Id = z.coerce.number().int().positive().max(2_147_483_647)
const Intent = z.enum(['save', 'upload', 'delete-attachment'])

const maxMegabytes = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')

/** One chapter of the kravbok for the applicant: each requirement with its input, files and result as it stands. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireApplicant(request)
  const id = applicationIdOf(params)
  const done = Done.parse(new URL(request.url).searchParams.get('klart') ?? undefined)
  const app = await orNotFound(applicationFor(prisma, id, { id: user.id, manager: false }))
  const rows = await applicationAnswers(prisma, id)
  const chapters: { code: string; titleSv: string; titleEn: string }[] = []
  for (const r of rows) if (chapters.at(-1)?.code !== r.chapterCode) chapters.push({ code: r.chapterCode, titleSv: r.chapterTitleSv, titleEn: r.chapterTitleEn })
  const index = chapters.findIndex((c) => c.code === params.chapterCode)
  if (index < 0) throw data(null, { status: 404 })
  const editability = editabilityOf(app.status, app.status === 'supplementation' ? await openSupplementation(prisma, id) : null)
  return {
    done: done ?? null,
    app: { id: app.id, clinicName: app.clinicName, editable: editability.editable },
    chapter: chapters[index]!,
    previous: chapters[index - 1] ?? null,
    next: chapters[index + 1] ?? null,
    answers: rows.filter((r) => r.chapterCode === params.chapterCode).map((r) => answerView(r, editability.editable && mayEditRequirement(editability, r.requirementId))),
    maxMb: maxMegabytes(attachmentStore().maxBytes),
  }
}

type ActionResult =
  | { kind: 'answers'; errors: Record<number, AnswerErrorCode>; values: Record<number, string> }
  | { kind: 'upload'; requirementId: number | null; problem: AttachmentProblem; maxMb: string; maxFiles?: number }
  | { kind: 'refused'; refusal: 'notEditable' | 'requirementNotRequested' | 'sectionNotRequested'; codes: string[] }

const text = (form: FormData, name: string) => {
  const v = form.get(name)
  return typeof v === 'string' ? v : ''
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireApplicant(request)
  const id = applicationIdOf(params)
  const actor = { kind: 'user' as const, userId: user.id }
  const store = attachmentStore()
  const maxMb = maxMegabytes(store.maxBytes)
  const back = `/ansokan/${id}/krav/${encodeURIComponent(params.chapterCode)}`
  let form: FormData
  try {
    form = await readFormWithLimit(request, store.maxBytes + FORM_OVERHEAD_BYTES)
  } catch (error) {
    if (error instanceof BodyTooLarge) return data({ kind: 'upload', requirementId: null, problem: 'tooLarge', maxMb } satisfies ActionResult, { status: 413 })
    throw error
  }
  const intent = Intent.safeParse(form.get('intent'))
  if (!intent.success) throw data(null, { status: 400 })
  try {
    if (intent.data === 'save') {
      const ids = form.getAll('requirements').map((v) => Id.safeParse(v))
      if (ids.some((r) => !r.success)) throw data(null, { status: 400 })
      const answers: Record<number, string> = {}
      for (const r of ids) if (r.success) answers[r.data] = text(form, `r${r.data}`)
      const result = await saveAnswers(prisma, { applicationId: id, chapterCode: params.chapterCode, answers, actor })
      if (!result.ok) return data({ kind: 'answers', errors: result.errors, values: answers } satisfies ActionResult, { status: 400 })
      return redirect(`${back}?klart=sparat`)
    }
    if (intent.data === 'upload') {
      const requirementId = Id.safeParse(form.get('requirementId'))
      if (!requirementId.success) throw data(null, { status: 400 })
      const file = form.get('file')
      if (!(file instanceof File) || (file.name === '' && file.size === 0)) {
        return data({ kind: 'upload', requirementId: requirementId.data, problem: 'noFile', maxMb } satisfies ActionResult, { status: 400 })
      }
      await addAttachment(prisma, { applicationId: id, requirementId: requirementId.data, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), actor, store })
      return redirect(`${back}?klart=bilaga#krav-${requirementId.data}`)
    }
    const attachmentId = Id.safeParse(form.get('attachmentId'))
    if (!attachmentId.success) throw data(null, { status: 400 })
    await removeAttachment(prisma, { applicationId: id, attachmentId: attachmentId.data, actor, store })
    return redirect(`${back}?klart=borttagen`)
  } catch (error) {
    if (error instanceof ApplicationNotFound) throw data(null, { status: 404 })
    if (error instanceof AttachmentRefused) {
      const requirementId = Id.safeParse(form.get('requirementId'))
      return data({ kind: 'upload', requirementId: requirementId.success ? requirementId.data : null, problem: error.code, maxMb, maxFiles: error.details.maxFiles } satisfies ActionResult, {
        status: error.code === 'tooLarge' ? 413 : 422,
      })
    }
    if (error instanceof ApplicationRefused && (error.code === 'notEditable' || error.code === 'requirementNotRequested' || error.code === 'sectionNotRequested')) {
      return data({ kind: 'refused', refusal: error.code, codes: error.details.codes ?? [] } satisfies ActionResult, { status: 409 })
    }
    throw error
  }
}

function uploadMessage(m: Messages['application'], problem: AttachmentProblem, maxMb: string, maxFiles = 0): string {
  if (problem === 'tooLarge') return m.uploadErrors.tooLarge(maxMb)
  if (problem === 'tooManyForRequirement' || problem === 'tooManyForApplication') return m.uploadErrors[problem](maxFiles)
  return m.uploadErrors[problem]
}

export default function ApplyChapter({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const locale = useLocale()
  const m = t.application
  const c = m.chapter
  const { app, chapter, previous, next, answers, done, maxMb } = loaderData
  const result = actionData as ActionResult | undefined
  const title = (ch: { titleSv: string; titleEn: string }) => (locale === 'sv' ? ch.titleSv : ch.titleEn)
  const codeOf = (requirementId: number) => answers.find((a) => a.requirementId === requirementId)?.code ?? ''

  const errors: { field?: string; message: string }[] = []
  if (result?.kind === 'answers') {
    for (const [rid, code] of Object.entries(result.errors)) errors.push({ field: answerFieldId(Number(rid)), message: `${c.answerLabel(codeOf(Number(rid)))}: ${m.answerErrors[code] ?? code}` })
  } else if (result?.kind === 'upload') {
    errors.push({ field: result.requirementId ? uploadFieldId(result.requirementId) : undefined, message: uploadMessage(m, result.problem, result.maxMb, result.maxFiles) })
  } else if (result?.kind === 'refused') {
    errors.push({ message: result.refusal === 'requirementNotRequested' ? m.refusals.requirementNotRequested(result.codes.join(', ')) : m.refusals[result.refusal] })
  }
  const editableAnswers = answers.filter((a) => a.editable && a.shape.kind !== 'document')
  const unmet = answers.filter((a) => a.check.status === 'fail' || (a.check.status === 'missing' && a.shape.mandatory))
  const doneText = done === 'sparat' ? c.saved : done === 'bilaga' ? c.uploaded : done === 'borttagen' ? c.removed : null
  const chapterTitle = title(chapter)
  return (
    <div className="page apply-chapter">
      <title>{`${errors.length ? `${m.errorHeading(errors.length)}: ` : ''}${chapterTitle} – ${app.clinicName ?? m.unnamedClinic} – ${t.meta.siteName}`}</title>
      <p>
        <Link to={`/ansokan/${app.id}`}>{m.backToOverview}</Link>
      </p>
      <h1>{chapterTitle}</h1>
      <p className="lead">{app.editable ? c.lead : c.readOnly}</p>
      <ErrorSummary heading={m.errorHeading(errors.length)} errors={errors} />
      {doneText && !result ? (
        <div className="notice notice--success" role="status" data-field="saved-summary">
          <p>{doneText}</p>
          {done === 'sparat' ? (
            unmet.length ? (
              <>
                <p>{c.savedSummary(unmet.length)}</p>
                <ul>
                  {unmet.map((a) => (
                    <li key={a.requirementId}>
                      <a href={`#krav-${a.requirementId}`}>{`${m.overview.requirement} ${a.code}: ${checkText(a, locale)}`}</a>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p>{c.allPass}</p>
            )
          ) : null}
        </div>
      ) : null}
      {answers.map((a) => {
        const posted = result?.kind === 'answers' ? result.values[a.requirementId] : undefined
        return (
          <RequirementItem
            key={a.requirementId}
            applicationId={app.id}
            answer={a}
            value={posted ?? inputValue(a, locale)}
            error={result?.kind === 'answers' && result.errors[a.requirementId] ? m.answerErrors[result.errors[a.requirementId]!] : undefined}
            uploadError={result?.kind === 'upload' && result.requirementId === a.requirementId ? uploadMessage(m, result.problem, result.maxMb, result.maxFiles) : undefined}
            maxMb={maxMb}
          />
        )
      })}
      {editableAnswers.length ? (
        <Form method="post" id={ANSWERS_FORM}>
          <input type="hidden" name="intent" value="save" />
          <button type="submit" className="button">
            {c.save}
          </button>
        </Form>
      ) : null}
      <nav aria-label={c.navLabel} className="chapter-nav">
        <ul className="link-list">
          {previous ? (
            <li>
              <Link to={`/ansokan/${app.id}/krav/${encodeURIComponent(previous.code)}`}>{c.previous(title(previous))}</Link>
            </li>
          ) : null}
          {next ? (
            <li>
              <Link to={`/ansokan/${app.id}/krav/${encodeURIComponent(next.code)}`}>{c.next(title(next))}</Link>
            </li>
          ) : null}
          <li>
            <Link to={`/ansokan/${app.id}`}>{m.backToOverview}</Link>
          </li>
        </ul>
      </nav>
    </div>
  )
}

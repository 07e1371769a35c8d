import { Form, Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/kravbok.version'
import { FormErrorBoundary } from '../components/application/form-too-large.tsx'
import {
  ChapterForm,
  DraftSpecActions,
  RequirementForm,
  RequirementTable,
  fieldMessage,
  idParam,
  requirementFieldId,
  requirementMessages,
  type ChapterField,
  type SpecConfirm,
} from '../components/authorisation/kravbok-forms.tsx'
import { ErrorSummary, type FormError } from '../components/ui/error-summary.tsx'
import { Fact, FactList } from '../components/ui/fact-list.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { StatusBadge } from '../components/ui/status-badge.tsx'
import { useLocale, useT, type Messages } from '../i18n/i18n.tsx'
import {
  CHAPTER_CODE,
  emptyRequirementForm,
  parseRequirementForm,
  requirementFormFields,
  type RequirementFormErrors,
  type RequirementFormField,
  type RequirementFormValues,
} from '../modules/authorisation/spec-document.ts'
import {
  KravbokRefused,
  addChapter,
  deleteChapter,
  deleteDraft,
  deleteRequirement,
  publishSpec,
  saveRequirement,
  specWithRequirements,
  type KravbokRefusal,
} from '../modules/authorisation/spec.server.ts'
import { readPageForm } from '../modules/authorisation/attachments.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireAuthorisationManager } from '../utils/permissions.server.ts'

const Done = z.enum(['skapad', 'kapitel', 'kapitel-borttaget', 'krav', 'krav-borttaget', 'publicerad']).optional().catch(undefined)
const Confirm = z.enum(['publicera', 'ta-bort']).optional().catch(undefined)

/** One version of the kravbok: its chapters and requirements, and in a draft the means to change, publish or delete it. */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireAuthorisationManager(request)
  const specId = idParam(params.specId)
  const search = new URL(request.url).searchParams
  const spec = await specWithRequirements(prisma, specId)
  if (!spec) throw data(null, { status: 404 })
  return {
    spec: {
      ...spec,
      created: formatDateTime(spec.createdAt),
      published: spec.publishedAt && formatDateTime(spec.publishedAt),
    },
    done: Done.parse(search.get('klart') ?? undefined) ?? null,
    confirm: spec.status === 'draft' ? ((Confirm.parse(search.get('bekrafta') ?? undefined) ?? null) as SpecConfirm | null) : null,
  }
}

const ChapterSchema = z.object({
  code: z.string().trim().min(1, 'required').regex(CHAPTER_CODE, 'chapterCode'),
  titleSv: z.string().trim().min(1, 'required').max(200, 'tooLong'),
  titleEn: z.string().trim().min(1, 'required').max(200, 'tooLong'),
})
const RowId = z.string().regex(/^\d{1,9}$/).transform(Number)
const Intent = z.enum(['add-chapter', 'delete-chapter', 'add-requirement', 'delete-requirement', 'publish', 'delete-draft'])

type ActionResult =
  | { form: 'chapter'; errors: Partial<Record<ChapterField, string>>; values: Record<ChapterField, string> }
  | { form: 'requirement'; errors: RequirementFormErrors; values: RequirementFormValues }
  | { form: 'refused'; reason: KravbokRefusal; chapters: string[] }

const text = (form: FormData, name: string) => {
  const v = form.get(name)
  return typeof v === 'string' ? v : ''
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireAuthorisationManager(request)
  const specId = idParam(params.specId)
  const actor = { kind: 'user' as const, userId: user.id }
  const form = await readPageForm(request)
  const intent = Intent.safeParse(text(form, 'intent'))
  if (!intent.success) throw data(null, { status: 400 })
  const here = (done: string) => redirect(`/region/kravbok/${specId}?klart=${done}`)
  try {
    switch (intent.data) {
      case 'add-chapter': {
        const values = { code: text(form, 'code'), titleSv: text(form, 'titleSv'), titleEn: text(form, 'titleEn') }
        const parsed = ChapterSchema.safeParse(values)
        if (!parsed.success) {
          const errors: Partial<Record<ChapterField, string>> = {}
          for (const issue of parsed.error.issues) errors[issue.path[0] as ChapterField] ??= issue.message
          return data({ form: 'chapter', errors, values } satisfies ActionResult, { status: 400 })
        }
        try {
          await addChapter(prisma, { specId, ...parsed.data, actor })
        } catch (error) {
          if (error instanceof KravbokRefused && error.reason === 'chapterCodeTaken') {
            return data({ form: 'chapter', errors: { code: 'chapterCodeTaken' }, values } satisfies ActionResult, { status: 409 })
          }
          throw error
        }
        return here('kapitel')
      }
      case 'delete-chapter': {
        const chapterId = RowId.safeParse(text(form, 'chapterId'))
        if (!chapterId.success) throw data(null, { status: 400 })
        await deleteChapter(prisma, { specId, chapterId: chapterId.data, actor })
        return here('kapitel-borttaget')
      }
      case 'add-requirement': {
        const values = Object.fromEntries(requirementFormFields.map((f) => [f, text(form, f)])) as RequirementFormValues
        const parsed = parseRequirementForm(values)
        if (!parsed.ok) return data({ form: 'requirement', errors: parsed.errors, values } satisfies ActionResult, { status: 400 })
        const saved = await saveRequirement(prisma, { specId, requirement: parsed.input, actor })
        if (!saved.ok) return data({ form: 'requirement', errors: saved.errors, values } satisfies ActionResult, { status: 400 })
        return redirect(`/region/kravbok/${specId}?klart=krav#krav-${saved.id}`)
      }
      case 'delete-requirement': {
        const requirementId = RowId.safeParse(text(form, 'requirementId'))
        if (!requirementId.success) throw data(null, { status: 400 })
        await deleteRequirement(prisma, { specId, requirementId: requirementId.data, actor })
        return here('krav-borttaget')
      }
      case 'publish':
        await publishSpec(prisma, { specId, actor })
        return here('publicerad')
      case 'delete-draft':
        await deleteDraft(prisma, { specId, actor })
        return redirect('/region/kravbok?borttagen=1')
    }
  } catch (error) {
    if (error instanceof KravbokRefused) return data({ form: 'refused', reason: error.reason, chapters: error.chapters } satisfies ActionResult, { status: 409 })
    throw error
  }
}

function refusalText(k: Messages['kravbok'], reason: KravbokRefusal, chapters: string[]): string {
  return reason === 'emptyChapter' ? k.refused.emptyChapter(chapters.join(', ')) : k.refused[reason]
}

export default function KravbokVersion({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const locale = useLocale()
  const k = t.kravbok
  const v = k.version
  const { spec, done } = loaderData
  const result = actionData as ActionResult | undefined
  const confirm = result ? null : loaderData.confirm
  const draft = spec.status === 'draft'
  const chapterTitle = (c: { titleSv: string; titleEn: string }) => (locale === 'sv' ? c.titleSv : c.titleEn)

  const chapterLabels: Record<ChapterField, string> = { code: k.chapterForm.code, titleSv: k.chapterForm.titleSv, titleEn: k.chapterForm.titleEn }
  const chapterMessages: Partial<Record<ChapterField, string>> =
    result?.form === 'chapter' ? Object.fromEntries(Object.entries(result.errors).map(([f, c]) => [f, fieldMessage(chapterLabels[f as ChapterField], c!, k)])) : {}
  const reqMessages = result?.form === 'requirement' ? requirementMessages(k, result.errors) : {}
  const errors: FormError[] =
    result?.form === 'refused'
      ? [{ message: refusalText(k, result.reason, result.chapters) }]
      : [
          ...Object.entries(chapterMessages).map(([f, message]) => ({ field: `kapitel-${f}`, message: message! })),
          ...Object.entries(reqMessages).map(([f, message]) => ({ field: requirementFieldId(f as RequirementFormField), message: message! })),
        ]
  const doneText = done && !result ? v.done[done] : null

  return (
    <div className="page kravbok">
      <title>{`${errors.length ? `${k.errorHeading(errors.length)}: ` : ''}${v.title(spec.version)} – ${t.meta.siteName}`}</title>
      <p className="back-link">
        <Link to="/region/kravbok">{v.back}</Link>
      </p>
      <h1>{v.title(spec.version)}</h1>
      <ErrorSummary heading={result?.form === 'refused' ? v.refusedHeading : k.errorHeading(errors.length)} errors={errors} />
      {doneText ? (
        <p className="notice notice--success" role="status">
          {doneText}
        </p>
      ) : null}
      {!draft ? (
        <p className="notice" data-field="frozen">
          {v.frozen}
        </p>
      ) : null}

      <section aria-labelledby="om-rubrik">
        <h2 id="om-rubrik">{v.factsHeading}</h2>
        <FactList>
          <Fact term={v.version}>{spec.version}</Fact>
          <Fact term={v.titleFact}>{spec.title}</Fact>
          <Fact term={v.status} field="status">
            <StatusBadge tone={draft ? 'waiting' : 'success'}>{k.status[spec.status]}</StatusBadge>
            {spec.current ? <> {v.current}</> : null}
          </Fact>
          <Fact term={v.basedOn}>{spec.basedOn ? <Link to={`/region/kravbok/${spec.basedOn.id}`}>{spec.basedOn.version}</Link> : v.notCopied}</Fact>
          <Fact term={v.created}>{spec.created}</Fact>
          <Fact term={v.published}>{spec.published ?? k.list.notPublished}</Fact>
          <Fact term={v.requirements} field="requirements">
            {spec.requirements}
          </Fact>
          <Fact term={v.applications}>{spec.applications}</Fact>
        </FactList>
        {!draft ? (
          <p>
            <Link to={`/auktorisation/kravbok/${spec.id}`}>{v.publicLink}</Link>
          </p>
        ) : null}
      </section>

      {draft ? <DraftSpecActions specId={spec.id} version={spec.version} confirm={confirm} /> : null}

      <section aria-labelledby="kapitel-rubrik">
        <h2 id="kapitel-rubrik">{v.chaptersHeading}</h2>
        {spec.chapters.length === 0 ? <p>{v.noChapters}</p> : null}
        {spec.chapters.map((c) => (
          <section key={c.id} aria-labelledby={`kapitel-${c.id}`} className="kravbok-chapter">
            <h3 id={`kapitel-${c.id}`}>{v.chapterHeading(c.code, chapterTitle(c))}</h3>
            {c.requirements.length === 0 ? (
              <p>{v.emptyChapter}</p>
            ) : (
              <RequirementTable
                captionId={`kapitel-${c.id}-tabell`}
                caption={v.chapterCaption(chapterTitle(c))}
                requirements={c.requirements}
                editBase={draft ? `/region/kravbok/${spec.id}` : undefined}
              />
            )}
            {draft && c.requirements.length === 0 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="delete-chapter" />
                <input type="hidden" name="chapterId" value={c.id} />
                <button type="submit" className="button button--secondary" aria-label={v.deleteChapterLabel(chapterTitle(c))}>
                  {v.deleteChapter}
                </button>
              </Form>
            ) : null}
          </section>
        ))}
      </section>

      {draft && spec.chapters.length > 0 ? (
        <RequirementForm
          key={`${spec.requirements}-${done ?? ''}`}
          heading={k.requirementForm.addHeading}
          submit={k.requirementForm.add}
          intent="add-requirement"
          values={result?.form === 'requirement' ? result.values : emptyRequirementForm(spec.chapters[0]!.id)}
          errors={reqMessages}
          chapters={spec.chapters.map((c) => ({ id: c.id, label: v.chapterHeading(c.code, chapterTitle(c)) }))}
        />
      ) : null}
      {draft ? (
        <ChapterForm
          key={`${spec.chapters.length}`}
          values={result?.form === 'chapter' ? result.values : { code: '', titleSv: '', titleEn: '' }}
          errors={chapterMessages}
        />
      ) : null}
    </div>
  )
}

/** A form larger than the page takes (413) is said in words; any other error as on every page. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <FormErrorBoundary error={error} />
}

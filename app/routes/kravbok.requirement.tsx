import { Link, data, redirect } from 'react-router'
import type { Route } from './+types/kravbok.requirement'
import { FormErrorBoundary } from '../components/application/form-too-large.tsx'
import { RequirementForm, idParam, requirementFieldId, requirementMessages } from '../components/authorisation/kravbok-forms.tsx'
import { ErrorSummary, type FormError } from '../components/ui/error-summary.tsx'
import { useLocale, useT } from '../i18n/i18n.tsx'
import {
  parseRequirementForm,
  requirementFormFields,
  requirementFormValues,
  type RequirementFormErrors,
  type RequirementFormField,
  type RequirementFormValues,
} from '../modules/authorisation/spec-document.ts'
import { KravbokRefused, saveRequirement, specWithRequirements, type KravbokRefusal } from '../modules/authorisation/spec.server.ts'
import { readPageForm } from '../modules/authorisation/attachments.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireAuthorisationManager } from '../utils/permissions.server.ts'

/** One requirement of a draft, to change. A published version's requirement is refused with 409 and a clear message. */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireAuthorisationManager(request)
  const specId = idParam(params.specId)
  const requirementId = idParam(params.requirementId)
  const spec = await specWithRequirements(prisma, specId)
  const requirement = spec?.chapters.flatMap((c) => c.requirements).find((r) => r.id === requirementId)
  if (!spec || !requirement) throw data(null, { status: 404 })
  const page = {
    spec: { id: spec.id, version: spec.version, status: spec.status },
    code: requirement.code,
    values: requirementFormValues(requirement),
    chapters: spec.chapters.map((c) => ({ id: c.id, code: c.code, titleSv: c.titleSv, titleEn: c.titleEn })),
  }
  return data(page, { status: spec.status === 'draft' ? 200 : 409 })
}

type ActionResult = { errors: RequirementFormErrors; values: RequirementFormValues } | { refused: KravbokRefusal }

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireAuthorisationManager(request)
  const specId = idParam(params.specId)
  const requirementId = idParam(params.requirementId)
  const form = await readPageForm(request)
  const values = Object.fromEntries(requirementFormFields.map((f) => [f, String(form.get(f) ?? '')])) as RequirementFormValues
  const parsed = parseRequirementForm(values)
  if (!parsed.ok) return data({ errors: parsed.errors, values } satisfies ActionResult, { status: 400 })
  try {
    const saved = await saveRequirement(prisma, { specId, requirementId, requirement: parsed.input, actor: { kind: 'user', userId: user.id } })
    if (!saved.ok) return data({ errors: saved.errors, values } satisfies ActionResult, { status: 400 })
    return redirect(`/region/kravbok/${specId}?klart=krav#krav-${saved.id}`)
  } catch (error) {
    if (error instanceof KravbokRefused) return data({ refused: error.reason } satisfies ActionResult, { status: error.reason === 'notFound' ? 404 : 409 })
    throw error
  }
}

export default function KravbokRequirement({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const locale = useLocale()
  const k = t.kravbok
  const f = k.requirementForm
  const { spec, code, chapters } = loaderData
  const result = actionData as ActionResult | undefined
  const back = (
    <p className="back-link">
      <Link to={`/region/kravbok/${spec.id}`}>{f.back(spec.version)}</Link>
    </p>
  )
  if (spec.status !== 'draft' || (result && 'refused' in result)) {
    const reason = result && 'refused' in result ? result.refused : 'published'
    return (
      <div className="page kravbok">
        <title>{`${f.frozenTitle} – ${t.meta.siteName}`}</title>
        {back}
        <h1>{f.frozenTitle}</h1>
        <p className="notice" role="status">
          {reason === 'emptyChapter' ? k.refused.emptySpec : k.refused[reason]}
        </p>
      </div>
    )
  }
  const messages = result ? requirementMessages(k, result.errors) : {}
  const errors: FormError[] = Object.entries(messages).map(([field, message]) => ({ field: requirementFieldId(field as RequirementFormField), message: message! }))
  return (
    <div className="page kravbok">
      <title>{`${errors.length ? `${k.errorHeading(errors.length)}: ` : ''}${f.editTitle(code)} – ${t.meta.siteName}`}</title>
      {back}
      <h1>{f.editTitle(code)}</h1>
      <ErrorSummary heading={k.errorHeading(errors.length)} errors={errors} />
      <RequirementForm
        heading={k.version.title(spec.version)}
        submit={f.save}
        values={result ? result.values : loaderData.values}
        errors={messages}
        chapters={chapters.map((c) => ({ id: c.id, label: k.version.chapterHeading(c.code, locale === 'sv' ? c.titleSv : c.titleEn) }))}
      />
    </div>
  )
}

/** A form larger than the page takes (413) is said in words; any other error as on every page. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <FormErrorBoundary error={error} />
}

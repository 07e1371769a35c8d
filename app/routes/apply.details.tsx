import { Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/apply.details'
import { FormErrorBoundary } from '../components/application/form-too-large.tsx'
import { SectionForms, fieldLabel, type SectionValues } from '../components/application/section-forms.tsx'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { useT } from '../i18n/i18n.tsx'
import { sectionInputFromForm, sectionValues } from '../modules/authorisation/application-fields.ts'
import { ApplicationNotFound, ApplicationRefused, applicationFor, editabilityOf, openSupplementation, saveSection } from '../modules/authorisation/application.server.ts'
import { applicationSections, type ApplicationSection } from '../modules/authorisation/rules.ts'
import { listMunicipalities } from '../modules/clinics/clinics.server.ts'
import { readPageForm } from '../modules/authorisation/attachments.server.ts'
import { applicationIdOf, orNotFound } from '../utils/application-routes.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireApplicant } from '../utils/permissions.server.ts'

const Section = z.enum(applicationSections)
const Saved = Section.optional().catch(undefined)

/** The application's own details in four sections; editable in a draft, or the sections a request for supplementation names. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireApplicant(request)
  const id = applicationIdOf(params)
  const saved = Saved.parse(new URL(request.url).searchParams.get('sparat') ?? undefined)
  const app = await orNotFound(applicationFor(prisma, id, { id: user.id, manager: false }))
  const open = app.status === 'supplementation' ? await openSupplementation(prisma, id) : null
  const editability = editabilityOf(app.status, open)
  return {
    app: { id: app.id, clinicName: app.clinicName },
    values: sectionValues(app),
    editable: editability.sections,
    municipalities: await listMunicipalities(prisma),
    saved: saved ?? null,
  }
}

type ActionResult = { section: ApplicationSection; errors: Partial<Record<string, string>>; values: SectionValues; refusal?: 'notEditable' | 'sectionNotRequested' }

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireApplicant(request)
  const id = applicationIdOf(params)
  const form = await readPageForm(request)
  const section = Section.safeParse(form.get('section'))
  if (!section.success) throw data(null, { status: 400 })
  const input = sectionInputFromForm(section.data, form)
  const values = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v ?? ''])) as SectionValues
  try {
    const result = await saveSection(prisma, { applicationId: id, section: section.data, input, actor: { kind: 'user', userId: user.id } })
    if (!result.ok) return data({ section: section.data, errors: result.errors, values } satisfies ActionResult, { status: 400 })
    return redirect(`/ansokan/${id}/uppgifter?sparat=${section.data}#avsnitt-${section.data}`)
  } catch (error) {
    if (error instanceof ApplicationNotFound) throw data(null, { status: 404 })
    if (error instanceof ApplicationRefused && (error.code === 'notEditable' || error.code === 'sectionNotRequested')) {
      return data({ section: section.data, errors: {}, values, refusal: error.code } satisfies ActionResult, { status: 409 })
    }
    throw error
  }
}

export default function ApplyDetails({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const m = t.application
  const { app, values, editable, municipalities, saved } = loaderData
  const result = actionData as ActionResult | undefined
  const errors = result
    ? [
        ...(result.refusal ? [{ message: m.refusals[result.refusal] }] : []),
        ...Object.entries(result.errors).map(([field, code]) => ({ field, message: `${fieldLabel(m, field)}: ${m.fieldErrors[code ?? ''] ?? code}` })),
      ]
    : []
  const fieldErrors = result ? Object.fromEntries(Object.entries(result.errors).map(([f, code]) => [f, m.fieldErrors[code ?? ''] ?? String(code)])) : {}
  // After a refused save the section shows what was posted; the others what is stored.
  const shown = result ? { ...values, ...result.values } : values
  const clinic = app.clinicName ?? m.unnamedClinic
  return (
    <div className="page apply-details">
      <title>{`${errors.length ? `${m.errorHeading(errors.length)}: ` : ''}${m.details.title} – ${clinic} – ${t.meta.siteName}`}</title>
      <p>
        <Link to={`/ansokan/${app.id}`}>{m.backToOverview}</Link>
      </p>
      <h1>{m.details.title}</h1>
      <p className="lead">{editable.length ? m.details.lead : m.details.readOnly}</p>
      <ErrorSummary heading={m.errorHeading(errors.length)} errors={errors} />
      <SectionForms values={shown} errors={fieldErrors} editable={editable} municipalities={municipalities} saved={result ? null : saved} />
      <p>
        <Link to={`/ansokan/${app.id}`}>{m.backToOverview}</Link>
      </p>
    </div>
  )
}

/** A form larger than the page takes (413) is said in words; any other error as on every page. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <FormErrorBoundary error={error} />
}

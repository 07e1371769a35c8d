import { Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/kravbok'
import { FormErrorBoundary } from '../components/application/form-too-large.tsx'
import { NewVersionForm, fieldMessage, type NewVersionField } from '../components/authorisation/kravbok-forms.tsx'
import { DataTable, NumberCell, numeric } from '../components/ui/data-table.tsx'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { StatusBadge } from '../components/ui/status-badge.tsx'
import { useT } from '../i18n/i18n.tsx'
import { VERSION_PATTERN } from '../modules/authorisation/spec-document.ts'
import { KravbokRefused, createDraftFrom, listSpecs } from '../modules/authorisation/spec.server.ts'
import { readPageForm } from '../modules/authorisation/attachments.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireAuthorisationManager } from '../utils/permissions.server.ts'

const Query = z.object({ borttagen: z.literal('1').optional().catch(undefined) })

/** The versions of the kravbok, and a new draft copied from one of them (the region's side). */
export async function loader({ request }: Route.LoaderArgs) {
  await requireAuthorisationManager(request)
  const query = Query.parse({ borttagen: new URL(request.url).searchParams.get('borttagen') ?? undefined })
  const specs = await listSpecs(prisma)
  return {
    deleted: query.borttagen === '1',
    specs: specs.map((s) => ({
      id: s.id,
      version: s.version,
      title: s.title,
      status: s.status,
      published: s.publishedAt && formatDateTime(s.publishedAt),
      requirements: s.requirements,
      applications: s.applications,
      current: s.current,
    })),
  }
}

const NewVersion = z.object({
  basedOnId: z.string().regex(/^\d{1,9}$/, 'baseMissing').transform(Number),
  version: z.string().trim().min(1, 'required').max(40, 'tooLong').regex(VERSION_PATTERN, 'versionShape'),
  title: z.string().trim().min(1, 'required').max(200, 'tooLong'),
})

type Values = Record<NewVersionField, string>
type ActionResult = { errors: Partial<Record<NewVersionField, string>>; values: Values }

export async function action({ request }: Route.ActionArgs) {
  const user = await requireAuthorisationManager(request)
  const form = await readPageForm(request)
  const values: Values = { basedOnId: String(form.get('basedOnId') ?? ''), version: String(form.get('version') ?? ''), title: String(form.get('title') ?? '') }
  const parsed = NewVersion.safeParse(values)
  if (!parsed.success) {
    const errors: ActionResult['errors'] = {}
    for (const issue of parsed.error.issues) errors[issue.path[0] as NewVersionField] ??= issue.message
    return data({ errors, values } satisfies ActionResult, { status: 400 })
  }
  try {
    const specId = await createDraftFrom(prisma, { basedOnId: parsed.data.basedOnId, version: parsed.data.version, title: parsed.data.title, actor: { kind: 'user', userId: user.id } })
    return redirect(`/region/kravbok/${specId}?klart=skapad`)
  } catch (error) {
    if (error instanceof KravbokRefused && (error.reason === 'versionTaken' || error.reason === 'notFound')) {
      const errors: ActionResult['errors'] = error.reason === 'versionTaken' ? { version: 'versionTaken' } : { basedOnId: 'baseMissing' }
      return data({ errors, values } satisfies ActionResult, { status: 409 })
    }
    throw error
  }
}

export default function Kravbok({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const k = t.kravbok
  const l = k.list
  const n = k.newVersion
  const { specs, deleted } = loaderData
  const result = actionData as ActionResult | undefined
  const label: Record<NewVersionField, string> = { basedOnId: n.basedOn, version: n.version, title: n.titleField }
  const messages = Object.fromEntries(Object.entries(result?.errors ?? {}).map(([field, code]) => [field, fieldMessage(label[field as NewVersionField], code, k)])) as Partial<Record<NewVersionField, string>>
  const errors = Object.entries(messages).map(([field, message]) => ({ field: `ny-${field}`, message: message! }))
  const current = specs.find((s) => s.current)
  return (
    <div className="page kravbok">
      <title>{`${errors.length ? `${k.errorHeading(errors.length)}: ` : ''}${l.title} – ${t.meta.siteName}`}</title>
      <h1>{l.title}</h1>
      <p className="lead">{l.lead}</p>
      <ErrorSummary heading={k.errorHeading(errors.length)} errors={errors} />
      {deleted && !result ? (
        <p className="notice notice--success" role="status">
          {l.deleted}
        </p>
      ) : null}
      {specs.length === 0 ? (
        <p>{l.empty}</p>
      ) : (
        <DataTable
          captionId="kravbok-versioner"
          caption={l.caption}
          columns={[l.version, l.titleColumn, l.status, l.published, numeric(l.requirements), numeric(l.applications)]}
        >
          <tbody>
            {specs.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to={`/region/kravbok/${s.id}`}>{s.version}</Link>
                </th>
                <td>{s.title}</td>
                <td>
                  <StatusBadge tone={s.status === 'published' ? 'success' : 'waiting'}>{k.status[s.status]}</StatusBadge>
                  {s.current ? <strong> {l.current}</strong> : null}
                </td>
                <td>{s.published ?? <span className="muted">{l.notPublished}</span>}</td>
                <NumberCell value={s.requirements} />
                <NumberCell value={s.applications} />
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {current ? (
        <p>
          <Link to={`/auktorisation/kravbok/${current.id}`}>{l.publicLink}</Link>
        </p>
      ) : null}
      {specs.length > 0 ? (
        <NewVersionForm
          versions={specs}
          values={result?.values ?? { basedOnId: String(current?.id ?? specs[0]!.id), version: '', title: '' }}
          errors={messages}
        />
      ) : null}
    </div>
  )
}

/** A form larger than the page takes (413) is said in words; any other error as on every page. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <FormErrorBoundary error={error} />
}

import { Form, Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/apply'
import { FormErrorBoundary } from '../components/application/form-too-large.tsx'
import { ApplicationStatus } from '../components/application/status.tsx'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { DataTable } from '../components/ui/data-table.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { useT } from '../i18n/i18n.tsx'
import { ApplicationRefused, listMyApplications, startApplication } from '../modules/authorisation/application.server.ts'
import { readPageForm } from '../modules/authorisation/attachments.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireApplicant } from '../utils/permissions.server.ts'

const Done = z.enum(['borttagen', 'aterkallad']).optional().catch(undefined)

/** The applicant's own applications, and starting a new one. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireApplicant(request)
  const done = Done.parse(new URL(request.url).searchParams.get('klart') ?? undefined)
  const applications = await listMyApplications(prisma, user.id)
  return {
    done: done ?? null,
    applications: applications.map((a) => ({ ...a, createdAt: formatDateTime(a.createdAt), lastChangeAt: formatDateTime(a.lastChangeAt) })),
  }
}

const Intent = z.object({ intent: z.literal('start') })

export async function action({ request }: Route.ActionArgs) {
  const user = await requireApplicant(request)
  const form = await readPageForm(request)
  if (!Intent.safeParse({ intent: form.get('intent') }).success) throw data(null, { status: 400 })
  try {
    const { applicationId } = await startApplication(prisma, { actor: { kind: 'user', userId: user.id } })
    return redirect(`/ansokan/${applicationId}?klart=startad`)
  } catch (error) {
    if (error instanceof ApplicationRefused) return data({ refusal: error.code }, { status: 409 })
    throw error
  }
}

export default function Apply({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const m = t.application
  const l = m.list
  const { applications, done } = loaderData
  const errors = actionData?.refusal === 'noPublishedSpec' ? [{ message: m.refusals.noPublishedSpec }] : []
  return (
    <div className="page apply">
      <title>{`${errors.length ? `${m.errorHeading(errors.length)}: ` : ''}${l.title} – ${t.meta.siteName}`}</title>
      <h1>{l.title}</h1>
      <p className="lead">{l.lead}</p>
      <ErrorSummary heading={m.errorHeading(errors.length)} errors={errors} />
      {done ? (
        <p className="notice notice--success" role="status">
          {done === 'borttagen' ? l.discarded : l.withdrawn}
        </p>
      ) : null}
      {applications.length === 0 ? (
        <p>{l.none}</p>
      ) : (
        <DataTable caption={l.caption} captionId="ansokningar-tabell" columns={[l.clinic, l.status, l.version, l.lastChange]}>
          <tbody>
            {applications.map((a) => (
              <tr key={a.id} data-application={a.id}>
                <th scope="row">
                  <Link to={`/ansokan/${a.id}`}>{a.clinicName ?? m.unnamedClinic}</Link>
                </th>
                <td>
                  <ApplicationStatus status={a.status} />
                </td>
                <td>{a.specVersion}</td>
                <td>{a.lastChangeAt}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <section aria-labelledby="ny-ansokan-rubrik">
        <h2 id="ny-ansokan-rubrik">{l.startHeading}</h2>
        <p>{l.startText}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="start" />
          <button type="submit" className="button">
            {l.start}
          </button>
        </Form>
      </section>
      <p>
        <Link to="/ansokan/meddelanden">{l.messages}</Link>
      </p>
    </div>
  )
}

/** A form larger than the page takes (413) is said in words; any other error as on every page. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <FormErrorBoundary error={error} />
}

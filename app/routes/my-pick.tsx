import { Form, Link, data, redirect } from 'react-router'
import type { Route } from './+types/my-pick'
import { useT } from '../i18n/i18n.tsx'
import { choosableClinics } from '../modules/listing/listing.server.ts'
import { requireListingSubject } from '../utils/citizen-routes.server.ts'
import { prisma } from '../utils/db.server.ts'

/**
 * Choosing a clinic from a list, for oneself or a child: a GET form whose answer is redirected to
 * the confirmation page of that clinic, so it works without JavaScript.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const { user, subject } = await requireListingSubject(request)
  const clinics = await choosableClinics(prisma)
  const chosen = new URL(request.url).searchParams.get('vardcentral')
  const child = subject.child ? { id: String(subject.child.citizenId), birthDate: subject.child.birthDate } : null
  if (chosen) {
    const clinic = clinics.find((c) => c.hsaId === chosen)
    if (!clinic) throw data(null, { status: 400 })
    throw redirect(`/mina-sidor/valj/${encodeURIComponent(clinic.hsaId)}${child ? `?barn=${child.id}` : ''}`)
  }
  return { child, clinics: clinics.map((c) => ({ hsaId: c.hsaId, name: c.name })) }
}

export default function MyPick({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const p = t.citizen.pick
  const { child, clinics } = loaderData
  const title = child ? p.titleChild(child.birthDate) : p.title
  return (
    <div className="page">
      <title>{`${title} – ${t.meta.siteName}`}</title>
      <h1>{title}</h1>
      <p className="lead">{p.lead}</p>
      <Form method="get" className="filter" aria-labelledby="valj-rubrik">
        <h2 id="valj-rubrik" className="visually-hidden">
          {title}
        </h2>
        {child ? <input type="hidden" name="barn" value={child.id} /> : null}
        <div className="field">
          <label htmlFor="vardcentral">{p.clinicLabel}</label>
          <select id="vardcentral" name="vardcentral" required>
            {clinics.map((c) => (
              <option key={c.hsaId} value={c.hsaId}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {p.submit}
        </button>
      </Form>
      <p>
        {p.finderHint} <Link to="/vardcentraler">{p.finder}</Link>
      </p>
      <p>
        <Link to="/mina-sidor">{t.citizen.backToMyPages}</Link>
      </p>
    </div>
  )
}

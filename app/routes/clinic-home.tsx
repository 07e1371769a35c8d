import { Link } from 'react-router'
import type { Route } from './+types/clinic-home'
import { useT } from '../i18n/i18n.tsx'
import { staffClinicIds } from '../modules/access/rules.ts'
import { listClinicsByIds } from '../modules/access/users.server.ts'
import { requireClinicStaff } from '../utils/permissions.server.ts'

/** Clinic staff's landing page (mottagning): the clinics they work for. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireClinicStaff(request)
  return { clinics: await listClinicsByIds(staffClinicIds(user)) }
}

export default function ClinicHome({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const c = t.clinicHome
  return (
    <div className="page">
      <title>{`${c.title} – ${t.meta.siteName}`}</title>
      <h1>{c.title}</h1>
      <p className="lead">{c.lead}</p>
      <h2 id="mottagningar-rubrik">{c.clinicsHeading}</h2>
      <ul className="staff-clinics" aria-labelledby="mottagningar-rubrik">
        {loaderData.clinics.map((clinic) => (
          <li key={clinic.id}>{clinic.name}</li>
        ))}
      </ul>
      <ul className="link-list">
        <li>
          <Link to="/mottagning/ersattning">{c.payments}</Link>
          <p className="muted">{c.paymentsText}</p>
        </li>
        <li>
          <Link to="/mottagning/andringar">{c.changes}</Link>
          <p className="muted">{c.changesText}</p>
        </li>
        <li>
          <Link to="/ansokan">{c.apply}</Link>
          <p className="muted">{c.applyText}</p>
        </li>
      </ul>
    </div>
  )
}

import { Link } from 'react-router'
import type { Route } from './+types/region'
import { useT } from '../i18n/i18n.tsx'
import { requireCommissioner } from '../utils/permissions.server.ts'

/** The commissioner's landing page (beställare): where a commissioner or administrator lands after logging in. */
export async function loader({ request }: Route.LoaderArgs) {
  await requireCommissioner(request)
  return null
}

export default function Region() {
  const t = useT()
  const r = t.region
  return (
    <div className="page">
      <title>{`${r.title} – ${t.meta.siteName}`}</title>
      <h1>{r.title}</h1>
      <p className="lead">{r.lead}</p>
      <ul className="link-list">
        <li>
          <Link to="/region/ersattning">{r.payments}</Link>
          <p className="muted">{r.paymentsText}</p>
        </li>
        <li>
          <Link to="/region/modeller">{r.paymentModels}</Link>
          <p className="muted">{r.paymentModelsText}</p>
        </li>
        <li>
          <Link to="/region/ansokningar">{r.applications}</Link>
          <p className="muted">{r.applicationsText}</p>
        </li>
        <li>
          <Link to="/region/register">{r.register}</Link>
          <p className="muted">{r.registerText}</p>
        </li>
        <li>
          <Link to="/region/kravbok">{r.requirementSpec}</Link>
          <p className="muted">{r.requirementSpecText}</p>
        </li>
        <li>
          <Link to="/region/listning">{t.listingAdmin.title}</Link>
          <p className="muted">{t.listingAdmin.linkText}</p>
        </li>
        <li>
          <Link to="/region/utkorg">{t.notifications.outbox.title}</Link>
          <p className="muted">{t.notifications.outbox.lead}</p>
        </li>
      </ul>
    </div>
  )
}

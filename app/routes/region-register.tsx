import { Link } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/region-register'
import { OpenRequestsTable, RegisterTable, type RegisterRow, type RequestRow } from '../components/register/register-tables.tsx'
import { requestRow } from '../components/register/summary.ts'
import registerCss from '../components/register/register.css?url'
import { useT } from '../i18n/i18n.tsx'
import { openChangeRequests } from '../modules/authorisation/change-requests.server.ts'
import { registerToday } from '../modules/authorisation/register.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireAuthorisationManager } from '../utils/permissions.server.ts'
import { swedishDate } from '../utils/sweden.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: registerCss }]

const Done = z.enum(['beslut']).optional().catch(undefined)

/** The region's register: every clinic with its status today, and the clinics' open change requests. */
export async function loader({ request }: Route.LoaderArgs) {
  await requireAuthorisationManager(request)
  const done = Done.parse(new URL(request.url).searchParams.get('klart') ?? undefined)
  const today = swedishDate()
  const [entries, open] = await Promise.all([registerToday(prisma, today), openChangeRequests(prisma)])
  const clinics: RegisterRow[] = entries.map((e) => ({
    hsaId: e.hsaId,
    name: e.name,
    municipality: e.municipality,
    ownership: e.ownership,
    today: e.today,
    authorisedFrom: e.authorisedFrom,
    authorisedTo: e.authorisedTo,
  }))
  const requests: RequestRow[] = open.map(requestRow)
  return { today, clinics, requests, done: done ?? null }
}

export default function RegionRegister({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const g = t.register.region
  const { today, clinics, requests, done } = loaderData
  return (
    <div className="page register">
      <title>{`${g.title} – ${t.meta.siteName}`}</title>
      <h1>{g.title}</h1>
      <p className="lead">{g.lead}</p>
      {done === 'beslut' ? (
        <p className="notice notice--success" role="status">
          {g.decided}
        </p>
      ) : null}
      <p>
        <Link to="/auktoriserade-vardcentraler">{g.publicLink}</Link>
      </p>
      <section aria-labelledby="ansokningar-rubrik">
        <h2 id="ansokningar-rubrik">{g.requestsHeading}</h2>
        {requests.length === 0 ? <p>{g.noRequests}</p> : <OpenRequestsTable rows={requests} />}
      </section>
      <section aria-labelledby="vardcentraler-rubrik">
        <h2 id="vardcentraler-rubrik">{g.clinicsHeading}</h2>
        <RegisterTable rows={clinics} caption={g.clinicsCaption(today)} captionId="vardcentraler-tabell" href={(row) => `/region/register/${encodeURIComponent(row.hsaId)}`} />
      </section>
    </div>
  )
}

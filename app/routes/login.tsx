import type { Route } from './+types/login'
import { useT } from '../i18n/i18n.tsx'
import { safeRedirectPath } from '../modules/access/rules.ts'
import { oidcConfigured } from '../modules/auth/oidc.server.ts'
import { useOptionalUser } from '../utils/user.ts'

export async function loader({ request }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams
  const next = safeRedirectPath(params.get('next'))
  return { next, idle: params.get('orsak') === 'inaktiv', available: oidcConfigured() }
}

/** /logga-in: one way in for everyone, e-identification through the region's OIDC broker. */
export default function Login({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const user = useOptionalUser()
  const { next, idle, available } = loaderData
  // A link, not a form: the address at the identity provider is another origin, and the CSP's form-action is 'self'.
  const start = next ? `/logga-in/start?${new URLSearchParams({ next })}` : '/logga-in/start'
  return (
    <div className="page">
      <title>{`${t.auth.title} – ${t.meta.siteName}`}</title>
      <h1>{t.auth.title}</h1>
      <p className="lead">{t.auth.lead}</p>
      {idle ? (
        <p className="notice">{t.auth.idle}</p>
      ) : next && !user ? (
        <p className="notice">{t.auth.loginRequired}</p>
      ) : null}
      {user ? <p>{t.auth.loggedInAs(user.name)}</p> : null}
      {available ? (
        <>
          <p>
            <a className="button" href={start}>
              {t.auth.start}
            </a>
          </p>
          <p>{t.auth.startHint}</p>
        </>
      ) : (
        <section aria-labelledby="eid-rubrik">
          <h2 id="eid-rubrik">{t.auth.unavailableHeading}</h2>
          <p>{t.auth.unavailable}</p>
        </section>
      )}
    </div>
  )
}

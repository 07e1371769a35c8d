import { redirect } from 'react-router'
import type { Route } from './+types/login.start'
import { safeRedirectPath } from '../modules/access/rules.ts'
import { beginLogin, OidcUnavailable } from '../modules/auth/oidc.server.ts'
import { logger } from '../utils/logger.server.ts'

/** /logga-in/start: off to the identity provider, with state, nonce and PKCE in the flow's cookie. */
export async function loader({ request }: Route.LoaderArgs) {
  const next = safeRedirectPath(new URL(request.url).searchParams.get('next'))
  try {
    const { url, setCookie } = await beginLogin(request, next)
    return redirect(url, { headers: { 'Set-Cookie': setCookie, 'Cache-Control': 'no-store' } })
  } catch (error) {
    if (!(error instanceof OidcUnavailable)) throw error
    logger.error({ err: error.message }, 'login: the identity provider is unavailable')
    throw new Response(null, { status: 503 })
  }
}

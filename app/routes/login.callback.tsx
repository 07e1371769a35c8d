import { data } from 'react-router'
import type { Route } from './+types/login.callback'
import { useT } from '../i18n/i18n.tsx'
import { homePath } from '../modules/access/rules.ts'
import { findSessionUser } from '../modules/access/users.server.ts'
import { loginWithIdentity } from '../modules/auth/identity.server.ts'
import { completeLogin, LoginFailed, OidcUnavailable } from '../modules/auth/oidc.server.ts'
import type { LoginRefusal } from '../modules/auth/rules.ts'
import { prisma } from '../utils/db.server.ts'
import { logger } from '../utils/logger.server.ts'
import { startUserSession } from '../utils/session.server.ts'
import { swedishDate } from '../utils/sweden.ts'

type Outcome = { kind: 'refused'; refusal: LoginRefusal } | { kind: 'failed' }

/**
 * /logga-in/retur: the identity provider sends the user back here with a code. A known identity
 * gets a new session and goes on; anyone else sees why, and no session is made.
 */
export async function loader({ request }: Route.LoaderArgs) {
  let login: Awaited<ReturnType<typeof completeLogin>>
  try {
    login = await completeLogin(request)
  } catch (error) {
    if (!(error instanceof LoginFailed || error instanceof OidcUnavailable)) throw error
    // The message names the check that failed; the callback's query string (the code) is not logged.
    logger.warn({ err: error.message }, 'login: the identity provider’s answer was refused')
    return data<Outcome>({ kind: 'failed' }, { status: 400, headers: { 'Cache-Control': 'no-store' } })
  }
  const result = await loginWithIdentity(prisma, login.claims, swedishDate())
  const headers = { 'Set-Cookie': login.clearCookie, 'Cache-Control': 'no-store' }
  if (!result.ok) {
    logger.info({ refusal: result.refusal }, 'login refused')
    return data<Outcome>({ kind: 'refused', refusal: result.refusal }, { status: 403, headers })
  }
  logger.info({ userId: result.userId }, 'login')
  const user = await findSessionUser(result.userId)
  const response = await startUserSession(request, result.userId, login.next ?? homePath(user), { idToken: login.idToken ?? undefined })
  response.headers.append('Set-Cookie', login.clearCookie)
  response.headers.set('Cache-Control', 'no-store')
  return response
}

export default function LoginCallback({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const refused = loaderData.kind === 'refused'
  const title = refused ? t.auth.refusedTitle : t.auth.failedTitle
  return (
    <div className="page">
      <title>{`${title} – ${t.meta.siteName}`}</title>
      <h1>{title}</h1>
      <p>{loaderData.kind === 'refused' ? t.auth.refused[loaderData.refusal] : t.auth.failed}</p>
      <p>
        <a className="button" href="/logga-in">
          {t.auth.tryAgain}
        </a>{' '}
        <a className="button button--secondary" href="/">
          {t.auth.backHome}
        </a>
      </p>
    </div>
  )
}

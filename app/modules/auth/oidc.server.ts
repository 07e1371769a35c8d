/**
 * The app as an OpenID Connect relying party of the region's e-ID broker (openid-client):
 * authorisation code with PKCE, state and nonce, and RP-initiated logout. The flow's secrets wait
 * in a short-lived signed cookie of their own, not in the session table: nobody is logged in yet.
 */
import * as client from 'openid-client'
import { createCookie, type Cookie } from 'react-router'
import { z } from 'zod'
import { env } from '../../utils/env.server.ts'
import { IdentityClaims } from './rules.ts'

export const LOGIN_FLOW_COOKIE = '__vardval_login'
/** How long the user may take at the identity provider. */
const FLOW_MAX_AGE_S = 10 * 60

export class OidcUnavailable extends Error {}
/** The answer from the identity provider could not be trusted (state, nonce, code or token wrong). */
export class LoginFailed extends Error {}

let configuration: Promise<client.Configuration> | undefined
let flowCookie: Cookie | undefined

export function oidcConfigured(): boolean {
  return !!env().OIDC_ISSUER
}

/** The provider's metadata, discovered once per process (and again after a failed attempt). */
function oidcConfiguration(): Promise<client.Configuration> {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = env()
  if (!OIDC_ISSUER || !OIDC_CLIENT_SECRET) return Promise.reject(new OidcUnavailable('OIDC_ISSUER is not set'))
  const issuer = new URL(OIDC_ISSUER)
  // Plain http only for a provider on loopback: the test IdP of the demo and the tests.
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname)
  configuration ??= client
    .discovery(issuer, OIDC_CLIENT_ID, undefined, client.ClientSecretBasic(OIDC_CLIENT_SECRET), {
      execute: loopback && issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      timeout: 5,
    })
    .catch((error: unknown) => {
      configuration = undefined
      throw new OidcUnavailable(`discovery at ${issuer.origin} failed: ${error instanceof Error ? error.message : String(error)}`)
    })
  return configuration
}

function loginFlowCookie(): Cookie {
  flowCookie ??= createCookie(LOGIN_FLOW_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: env().NODE_ENV === 'production',
    path: '/logga-in',
    maxAge: FLOW_MAX_AGE_S,
    secrets: [env().SESSION_SECRET],
  })
  return flowCookie
}

const LoginFlow = z.object({ state: z.string(), nonce: z.string(), verifier: z.string(), next: z.string().nullable() })
type LoginFlow = z.infer<typeof LoginFlow>

function redirectUri(request: Request): string {
  return env().OIDC_REDIRECT_URI ?? new URL('/logga-in/retur', request.url).toString()
}

function postLogoutRedirectUri(request: Request): string {
  return env().OIDC_POST_LOGOUT_REDIRECT_URI ?? new URL('/', request.url).toString()
}

/** The address at the identity provider to send the user to, and the Set-Cookie holding the flow's secrets. */
export async function beginLogin(request: Request, next: string | null): Promise<{ url: string; setCookie: string }> {
  const config = await oidcConfiguration()
  const flow: LoginFlow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next }
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(request),
    scope: 'openid profile',
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: 'S256',
  })
  return { url: url.toString(), setCookie: await loginFlowCookie().serialize(flow) }
}

export interface CompletedLogin {
  claims: IdentityClaims
  /** Null when the ID token identifies the person beyond the subject (then it is not kept). */
  idToken: string | null
  next: string | null
  /** Clears the flow's cookie: it is used once. */
  clearCookie: string
}

/**
 * Checks the provider's answer at the callback (state, PKCE, the ID token's signature, issuer,
 * audience and nonce) and returns who logged in, with the claims from the provider's userinfo.
 */
export async function completeLogin(request: Request): Promise<CompletedLogin> {
  const cookie = loginFlowCookie()
  const clearCookie = await cookie.serialize('', { maxAge: 0 })
  const flow = LoginFlow.safeParse(await cookie.parse(request.headers.get('Cookie')))
  if (!flow.success) throw new LoginFailed('no login in progress (the flow cookie is missing, expired or forged)')
  const config = await oidcConfiguration()
  // The callback URL as the provider sent it, on the registered redirect URI (behind a proxy the request's host may differ).
  const current = new URL(redirectUri(request))
  current.search = new URL(request.url).search
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>
  try {
    tokens = await client.authorizationCodeGrant(config, current, {
      expectedState: flow.data.state,
      expectedNonce: flow.data.nonce,
      pkceCodeVerifier: flow.data.verifier,
      idTokenExpected: true,
    })
  } catch (error) {
    throw new LoginFailed(error instanceof Error ? `${error.name}: ${error.message}` : String(error))
  }
  const sub = tokens.claims()?.sub
  if (!sub || !tokens.id_token) throw new LoginFailed('no ID token')
  // The claims from userinfo (back channel, checked to be the ID token's subject): the ID token
  // itself holds no personal identity number, because it travels in the logout URL.
  let userInfo: client.UserInfoResponse
  try {
    userInfo = await client.fetchUserInfo(config, tokens.access_token, sub)
  } catch (error) {
    throw new LoginFailed(`userinfo: ${error instanceof Error ? error.message : String(error)}`)
  }
  const claims = IdentityClaims.safeParse({ ...userInfo, sub })
  if (!claims.success) throw new LoginFailed(`the identity provider's claims are not what we need: ${claims.error.issues.map((i) => i.path.join('.')).join(', ')}`)
  // Kept for the logout (id_token_hint, a URL) only if it identifies nobody beyond the subject: a
  // broker that puts the personal identity number in the ID token gets a logout by client id instead.
  const idToken = idTokenNamesNoOne(tokens.claims() ?? {}) ? tokens.id_token : null
  return { claims: claims.data, idToken, next: flow.data.next, clearCookie }
}

/** The ID token's claims are only the protocol's (no personal identity number, name or other identifying claim). */
export function idTokenNamesNoOne(claims: Record<string, unknown>): boolean {
  const protocol = new Set(['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'auth_time', 'nonce', 'acr', 'amr', 'azp', 'at_hash', 'c_hash', 's_hash', 'sid', 'jti'])
  return Object.keys(claims).every((k) => protocol.has(k)) && !/\d{6}[-+]?\d{4}/.test(String(claims.sub ?? ''))
}

/** The provider's end-session address that logs the user out there too and sends them back to our start page. */
export async function endSessionUrl(request: Request, idToken: string | null): Promise<string | null> {
  const config = await oidcConfiguration().catch(() => null)
  if (!config?.serverMetadata().end_session_endpoint) return null
  const who: Record<string, string> = idToken ? { id_token_hint: idToken } : { client_id: config.clientMetadata().client_id }
  return client.buildEndSessionUrl(config, { ...who, post_logout_redirect_uri: postLogoutRedirectUri(request) }).toString()
}

/**
 * The test identity provider's settings, from the environment (validated once, as the app does).
 * One client: the Vårdval app, with its callback and its post-logout address.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'

const list = z
  .string()
  .transform((value) => value.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.url()).min(1))

const IdpEnv = z.object({
  IDP_PORT: z.coerce.number().int().min(1).max(65535).default(5556),
  /** Loopback only: this IdP lets anyone be anyone. */
  IDP_HOST: z.enum(['127.0.0.1', '::1', 'localhost']).default('127.0.0.1'),
  IDP_ISSUER: z.url().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//).default('postgresql://postgres@127.0.0.1:5432/vardval'),
  OIDC_CLIENT_ID: z.string().min(1).default('vardval'),
  OIDC_CLIENT_SECRET: z.string().min(16).default('vardval-test-idp-client-secret'),
  /** Where the IdP may send the user back after login: the app's /logga-in/retur. */
  OIDC_REDIRECT_URIS: list.default(['http://127.0.0.1:3000/logga-in/retur']),
  /** Where the IdP may send the user after logging out: the app's start page. */
  OIDC_POST_LOGOUT_REDIRECT_URIS: list.default(['http://127.0.0.1:3000/']),
  /** Comma-separated keys that sign the IdP's cookies; random per start when absent. */
  IDP_COOKIE_KEYS: z.string().optional().transform((v) => v?.split(',').filter(Boolean) ?? []),
  /** How many citizens with a user the picker lists. */
  IDP_CITIZENS: z.coerce.number().int().min(0).max(100).default(10),
})

export interface IdpConfig {
  port: number
  host: string
  issuer: string
  databaseUrl: string
  client: { clientId: string; clientSecret: string; redirectUris: string[]; postLogoutRedirectUris: string[] }
  cookieKeys: string[]
  citizensListed: number
}

export function idpConfig(source: NodeJS.ProcessEnv = process.env): IdpConfig {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''))
  const result = IdpEnv.safeParse(present)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid IdP environment:\n${lines.join('\n')}`)
  }
  const env = result.data
  return {
    port: env.IDP_PORT,
    host: env.IDP_HOST,
    issuer: env.IDP_ISSUER ?? `http://127.0.0.1:${env.IDP_PORT}`,
    databaseUrl: env.DATABASE_URL,
    client: {
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      redirectUris: env.OIDC_REDIRECT_URIS,
      postLogoutRedirectUris: env.OIDC_POST_LOGOUT_REDIRECT_URIS,
    },
    cookieKeys: env.IDP_COOKIE_KEYS.length ? env.IDP_COOKIE_KEYS : [randomBytes(32).toString('base64url')],
    citizensListed: env.IDP_CITIZENS,
  }
}

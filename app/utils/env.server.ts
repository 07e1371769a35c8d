import 'dotenv/config'
import { z } from 'zod'

/** Every setting the app, the worker and the CLI read, validated once at start-up. */
/** dotenv gives an empty line in .env as '': treat it as absent, so the defaults apply. */
const emptyAsAbsent = (source: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''))

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection string')
    .default('postgresql://postgres@127.0.0.1:5432/vardval'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// connection string')
    .default('redis://127.0.0.1:6379'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Web processes sharing the port (Node's cluster); 1 = this process serves alone. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** How long an anonymous visitor's public page (the clinic finder) is served from memory; 0 = never. */
  PAGE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Queue names are prefixed so that parallel test runs never share jobs. */
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]+$/).default('vardval'),
  /** The site's public address, for links in notifications (e.g. to the clinic finder). */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// address' }).default('http://127.0.0.1:3000'),
  /**
   * The OpenID Connect provider users log in through: the region's e-ID broker (BankID, Freja eID);
   * in the demo and the tests, the test IdP in idp/. Without OIDC_ISSUER nobody can log in.
   */
  OIDC_ISSUER: z.url({ error: 'must be the issuer URL of the OpenID Connect provider' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).default('vardval'),
  OIDC_CLIENT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The callback (…/logga-in/retur); derived from the request's origin when absent. */
  OIDC_REDIRECT_URI: z.url().optional(),
  /** Where the IdP sends the user after logging out there too (the start page); derived when absent. */
  OIDC_POST_LOGOUT_REDIRECT_URI: z.url().optional(),
  /** Where applications' attachments (PDF) are stored on disk; created when missing. Never served statically. */
  ATTACHMENT_DIR: z.string().min(1).default('./var/attachments'),
  /** The largest attachment accepted, in bytes (default 10 MiB). */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
})

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string }

const DEV_SESSION_SECRET = 'development-only-secret-not-for-production-use'

/** Parses an environment; throws an error naming every missing or bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(emptyAsAbsent(source))
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  const env = result.data
  if (env.OIDC_ISSUER && !env.OIDC_CLIENT_SECRET) {
    throw new Error('Invalid environment:\n  OIDC_CLIENT_SECRET: required when OIDC_ISSUER is set')
  }
  if (!env.SESSION_SECRET) {
    if (env.NODE_ENV === 'production') {
      throw new Error('Invalid environment:\n  SESSION_SECRET: required in production (at least 32 characters)')
    }
    return { ...env, SESSION_SECRET: DEV_SESSION_SECRET }
  }
  return env as Env
}

let cached: Env | undefined

/** The process environment, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env)
  return cached
}

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
  /** Queue names are prefixed so that parallel test runs never share jobs. */
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]+$/).default('vardval'),
  /** The demo staff login at /logga-in: anyone may log in as any staff user, so never in production. */
  DEMO_LOGIN: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .optional()
    .transform((value) => value === 'true' || value === '1'),
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
  if (env.DEMO_LOGIN && env.NODE_ENV === 'production') {
    throw new Error(
      'Invalid environment:\n  DEMO_LOGIN: must not be true when NODE_ENV=production (it lets anyone log in as any staff user without e-legitimation)',
    )
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

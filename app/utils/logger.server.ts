import { pino, type Logger } from 'pino'
import { env } from './env.server.ts'
import { redactPersonalIds } from '../modules/identity/personal-id.ts'

/**
 * One logger for web, worker and CLI. Personal identity numbers never reach a log:
 * known fields are redacted by path, and any 12- or 10-digit identity number in a
 * message or string value is masked.
 */
export function createLogger(name: string): Logger {
  return pino({
    name,
    level: env().LOG_LEVEL,
    redact: {
      paths: ['personalId', '*.personalId', 'personal_id', '*.personal_id', 'req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactPersonalIds(a) : a)) as Parameters<typeof method>)
      },
    },
    formatters: {
      log(object) {
        return JSON.parse(redactPersonalIds(JSON.stringify(object))) as Record<string, unknown>
      },
    },
  })
}

export const logger = createLogger('vardval')

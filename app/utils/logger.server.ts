import { pino, type DestinationStream, type Logger } from 'pino'
import { env } from './env.server.ts'
import { redactPersonalIds } from '../modules/identity/personal-id.ts'

/**
 * One logger for web, worker and CLI. Personal identity numbers never reach a log:
 * known fields are redacted by path, and any 12- or 10-digit identity number in a
 * message or string value is masked.
 */
export function createLogger(name: string, destination?: DestinationStream, level: string = env().LOG_LEVEL): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['personalId', '*.personalId', 'personal_id', '*.personal_id', 'req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    hooks: {
      logMethod(args, method) {
        // pino takes the message of an error logged on its own from err.message, after this hook.
        const first = args[0]
        if (first instanceof Error && typeof args[1] !== 'string') args = [{ err: first }, first.message, ...args.slice(1)] as typeof args
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactPersonalIds(a) : a)) as Parameters<typeof method>)
      },
    },
    formatters: {
      log(object) {
        return redactDeep(object, new WeakSet()) as Record<string, unknown>
      },
    },
  }, destination)
}

/**
 * Masks identity numbers in every string of a log object. Plain objects, arrays and errors are
 * copied; other instances (an http response that pino-http logs, with circular references) are
 * left for pino's serializers, which run after this formatter.
 */
function redactDeep(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactPersonalIds(value)
  if (typeof value !== 'object' || value === null || seen.has(value)) return value
  seen.add(value)
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, seen))
  if (value instanceof Error) {
    const copy: Record<string, unknown> = { type: value.name, message: redactPersonalIds(value.message), stack: redactPersonalIds(value.stack ?? '') }
    for (const [k, v] of Object.entries(value)) copy[k] = redactDeep(v, seen)
    return copy
  }
  const proto = Object.getPrototypeOf(value) as unknown
  if (proto !== Object.prototype && proto !== null) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, seen)]))
}

export const logger = createLogger('vardval')

import { Redis, type RedisOptions } from 'ioredis'
import { env } from './env.server.ts'

/**
 * A Redis connection. BullMQ workers need `maxRetriesPerRequest: null`; connections made here are
 * not closed by queue.close()/worker.close(): call quit() on them at shutdown.
 */
export function createRedis(options: RedisOptions = {}): Redis {
  return new Redis(env().REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false, ...options })
}

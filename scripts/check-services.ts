/**
 * Before the tests: the machine's PostgreSQL and Redis must answer. If one is stopped and the
 * machine has its start command, start it; otherwise name the service, its address and the fix.
 */
import { spawnSync } from 'node:child_process'
import { parseEnv } from '../app/utils/env.server.ts'
import { ensurePostgres, ensureRedis, ServiceMissing } from './services.ts'

const env = parseEnv(process.env)
const MACHINE_START = {
  postgres: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  redis: 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
}

async function check(name: keyof typeof MACHINE_START, probe: () => Promise<unknown>): Promise<void> {
  try {
    await probe()
  } catch (e) {
    if (!(e instanceof ServiceMissing)) throw e
    console.log(`${name} is not answering; starting it with the machine's command: ${MACHINE_START[name]}`)
    spawnSync('sh', ['-c', MACHINE_START[name]], { stdio: 'inherit' })
    await new Promise((r) => setTimeout(r, 1500))
    await probe()
  }
}

try {
  await check('postgres', () => ensurePostgres(process.env.TEST_ADMIN_DATABASE_URL ?? env.DATABASE_URL, { startEmbedded: false }))
  await check('redis', () => ensureRedis(env.REDIS_URL, { start: false }))
} catch (e) {
  console.error(`✖ ${(e as Error).message}`)
  process.exit(1)
}

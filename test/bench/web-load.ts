/**
 * What the web benchmarks share (`npm run bench:web`, `npm run bench:authorisation`): the
 * production build, `server.ts` started on loopback with WEB_CONCURRENCY web processes, a page
 * loaded with autocannon keeping every response's time (so the percentiles are exact), and the
 * web processes' peak resident memory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import { freeLoopbackPort, waitForHealth } from '../../scripts/services.ts'
import { fmt } from './bench-database.ts'
import { percentile } from './stats.ts'

export const round1 = (ms: number) => Math.round(ms * 10) / 10

function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

/** Each web process's peak resident memory (the cluster's workers, or the one process). */
export function webProcessesPeak(pid: number | undefined): string {
  if (!pid) return 'unknown'
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number)
  const pids = children.length ? children : [pid]
  return pids.map((p) => `${fmt(procStatusMb(p, 'VmHWM'))} MB`).join(', ')
}

/** `react-router build`: the production build the benchmarks serve. */
export function buildApp(log: (line?: string) => void): void {
  log('building the app (react-router build)…')
  const build = spawnSync('npx', ['react-router', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (build.status !== 0) throw new Error('react-router build failed')
}

export interface BenchServer {
  base: string
  server: ChildProcess
  stop(): void
}

/** `server.ts` in production mode on a free loopback port, on the bench's database; resolves once /healthz answers. */
export async function startBenchServer(opts: { url: string; processes: number; queuePrefix: string }): Promise<BenchServer> {
  const port = await freeLoopbackPort()
  const base = `http://127.0.0.1:${port}`
  const serverEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: opts.url,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: base,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    QUEUE_PREFIX: `${opts.queuePrefix}-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'warn',
    WEB_CONCURRENCY: String(opts.processes),
    // Not used by these pages; the login is never started here.
    OIDC_ISSUER: process.env.OIDC_ISSUER ?? 'http://127.0.0.1:9/oidc',
    OIDC_CLIENT_ID: 'vardval-bench',
    OIDC_CLIENT_SECRET: randomBytes(16).toString('hex'),
  }
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { env: serverEnv, stdio: ['ignore', 'inherit', 'inherit'] })
  const stop = () => {
    if (server.exitCode === null) server.kill('SIGTERM')
  }
  process.on('exit', stop)
  try {
    await waitForHealth(base, { timeoutMs: 60_000, server })
  } catch (error) {
    stop()
    throw error
  }
  return { base, server, stop }
}

export interface PageResult {
  label: string
  path: string
  requests: number
  perSecond: number
  p50: number
  p95: number
  p99: number
  non2xx: number
  errors: number
}

export interface PageLoad {
  connections: number
  seconds: number
  cookie?: string
  /** Every request a new address (an unknown parameter the page ignores), so none is served from the page cache. */
  unique?: boolean
  /** autocannon's per-request timeout (its default: 10 s). */
  timeoutSeconds?: number
}

/** autocannon against one path; every response's time is kept for exact percentiles. */
export async function loadPage(base: string, label: string, path: string, opts: PageLoad): Promise<PageResult> {
  const times: number[] = []
  let n = 0
  const headers: Record<string, string> = { 'accept-language': 'sv', ...(opts.cookie ? { cookie: opts.cookie } : {}) }
  const requests = opts.unique ? [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: `${path}${path.includes('?') ? '&' : '?'}r=${n++}` }) }] : undefined
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${base}${path}`,
        connections: opts.connections,
        duration: opts.seconds,
        headers,
        ...(opts.timeoutSeconds ? { timeout: opts.timeoutSeconds } : {}),
        ...(requests ? { requests } : {}),
      },
      (error, r) => (error ? reject(error) : resolve(r)),
    )
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime))
  })
  times.sort((a, b) => a - b)
  return {
    label,
    path,
    requests: result.requests.total,
    perSecond: result.requests.total / (result.duration || opts.seconds),
    p50: round1(percentile(times, 50)),
    p95: round1(percentile(times, 95)),
    p99: round1(percentile(times, 99)),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }
}

/**
 * Waits until the server has finished what a load left behind (requests autocannon gave up on
 * are still rendered): `/healthz` answers quickly several times in a row, so the next
 * measurement starts on an idle server.
 */
export async function settle(base: string, opts: { fastMs?: number; inARow?: number; timeoutMs?: number } = {}): Promise<number> {
  const { fastMs = 50, inARow = 6, timeoutMs = 60_000 } = opts
  const t0 = performance.now()
  let fast = 0
  while (fast < inARow && performance.now() - t0 < timeoutMs) {
    const begin = performance.now()
    await (await fetch(`${base}/healthz`)).arrayBuffer()
    fast = performance.now() - begin < fastMs ? fast + 1 : 0
    if (fast === 0) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return performance.now() - t0
}

/** One line of a summary table: what, req/s, p50, p95, p99. */
export function summaryLine(label: string, r: { perSecond: number; p50: number; p95: number; p99: number }, width = 58): string {
  const ms = (v: number) => (Number.isNaN(v) ? '–' : String(v)).padStart(7)
  return `${label.padEnd(width)} ${fmt(r.perSecond).padStart(8)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.p99)}`
}

export function summaryHeader(width = 58): string {
  return `${'what'.padEnd(width)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(7)}`
}

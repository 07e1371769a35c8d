/**
 * `npm run bench:web -- [--citizens 50000] [--seconds 10] [--connections 32] [--switchers 16]`
 *
 * On the demo region (the size `npm run demo` loads, built once into vardval_bench_web_<N> and
 * reused), against the production build served by `server.ts` on loopback:
 *   1. the clinic finder `/vardcentraler` and a clinic page at 32 concurrent connections
 *      (autocannon), each for a bounded time; every response's latency is kept, so p95 is exact;
 *   2. switches: logged-in citizens, each with a session of their own, open the confirmation page
 *      and confirm, as fast as the server takes them, from several concurrent clients; then the
 *      database is checked: no overlapping listings, no lost switch (each citizen's listing is the
 *      last choice the server confirmed), one audit entry per confirmed switch.
 * Targets (issue 4, docs/performance.md): finder p95 < 50 ms and > 300 requests/s; > 100
 * switches/s with zero integrity violations.
 */
import { availableParallelism, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { DEFAULT_AS_OF } from '../../app/modules/demo/index.ts'
import { sql } from '../support/database.ts'
import { fmt, prepareBenchDatabase } from './bench-database.ts'
import { buildApp, loadPage, startBenchServer, summaryHeader, summaryLine, webProcessesPeak, type PageResult } from './web-load.ts'
import { createBenchSessions, runConfirms, runSwitches, type SwitchResult } from './web-switches.ts'

const { values } = parseArgs({
  options: {
    citizens: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    switchers: { type: 'string' },
    processes: { type: 'string' },
    'no-build': { type: 'boolean' },
  },
  strict: true,
})
const args = z
  .object({
    citizens: z.coerce.number().int().min(1000).default(50_000),
    seconds: z.coerce.number().int().min(2).max(120).default(10),
    connections: z.coerce.number().int().min(1).max(256).default(32),
    switchers: z.coerce.number().int().min(1).max(128).default(16),
    processes: z.coerce.number().int().min(1).max(16).default(availableParallelism()),
    'no-build': z.boolean().default(false),
  })
  .parse(values)

const SEED = 2027
const log = (line = '') => console.log(line)

// ── Set-up ───────────────────────────────────────────────────────────────────────────────────

log(`Web benchmark: demo region of ${fmt(args.citizens)} citizens, ${args.connections} connections, ${args.seconds} s per page, ${args.switchers} switching clients`)
log(`machine: ${availableParallelism()} cores, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
const url = await prepareBenchDatabase({ bench: 'web', citizens: args.citizens, seed: SEED, asOf: DEFAULT_AS_OF, log })

if (!args['no-build']) buildApp(log)

const { base, server, stop: stopServer } = await startBenchServer({ url, processes: args.processes, queuePrefix: 'bench-web' })

try {
  const [clinic] = await sql<{ hsa_id: string; name: string; listed: string }>(
    url,
    `SELECT k.hsa_id, k.name, count(l.*) AS listed FROM clinic k
     JOIN listing l ON l.clinic_id = k.id AND l.valid_from <= current_date AND (l.valid_to IS NULL OR l.valid_to > current_date)
     GROUP BY k.id ORDER BY count(l.*) DESC LIMIT 1`,
  )
  if (!clinic) throw new Error('the demo region has no listed citizens')
  const [citizen] = await createBenchSessions(url, 1)
  if (!citizen) throw new Error('no citizen to log in as')
  const clinicPath = `/vardcentraler/${encodeURIComponent(clinic.hsa_id)}`
  const pages: { label: string; path: string; cookie?: string; unique?: boolean }[] = [
    { label: 'finder (anonymous; page cache)', path: '/vardcentraler' },
    { label: 'finder, filtered (anonymous; page cache)', path: '/vardcentraler?tjanst=child_health&oppen=1' },
    { label: 'finder, rendered every time (new address each request)', path: '/vardcentraler', unique: true },
    { label: 'finder, logged-in citizen, by distance (never cached)', path: '/vardcentraler', cookie: citizen.cookie },
    { label: `clinic page (${fmt(Number(clinic.listed))} listed; page cache)`, path: clinicPath },
    { label: 'clinic page, rendered every time', path: clinicPath, unique: true },
  ]
  // Warm-up: the build's modules in every web process, the database's caches, the catalogue.
  for (const p of pages) for (let i = 0; i < 40; i++) await (await fetch(`${base}${p.path}${p.unique ? `?w=${i}` : ''}`, { headers: p.cookie ? { cookie: p.cookie } : {} })).arrayBuffer()

  const results: PageResult[] = []
  for (const p of pages) {
    log(`\n${p.label}: GET ${p.path}`)
    const r = await loadPage(base, p.label, p.path, { ...p, connections: args.connections, seconds: args.seconds })
    results.push(r)
    log(`  ${fmt(r.requests)} requests, ${fmt(r.perSecond)}/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}`)
  }

  log(`\nswitches, the whole flow (confirmation page, then confirm): ${args.switchers} clients, ${args.seconds} s`)
  const sessions = await createBenchSessions(url, args.switchers * 25)
  const flow: SwitchResult = await runSwitches({ base, url, sessions, clients: args.switchers, seconds: args.seconds, log })
  log(`  ${fmt(flow.confirmed)} confirmed, ${fmt(flow.perSecond)}/s, p50 ${flow.p50} ms, p95 ${flow.p95} ms`)
  log(`\nswitches, the confirmation alone (POST with the page's state token): ${args.switchers} clients, up to ${args.seconds} s`)
  const oneEach = await createBenchSessions(url, args.seconds * 150)
  const switches: SwitchResult = await runConfirms({ base, url, sessions: oneEach, clients: args.switchers, seconds: args.seconds, log })
  log(`  ${fmt(switches.confirmed)} confirmed, ${fmt(switches.perSecond)}/s, p50 ${switches.p50} ms, p95 ${switches.p95} ms`)

  const serverPeak = webProcessesPeak(server.pid)
  const finder = results[0]!
  log(`\nSummary (${new Date().toISOString().slice(0, 10)}, load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')})`)
  log(summaryHeader())
  for (const r of results) log(summaryLine(r.label, r))
  for (const [label, r] of [['switch: confirmation page + confirm', flow], ['switch: confirm (POST) alone', switches]] as const) log(summaryLine(label, r))
  for (const [label, r] of [['whole flow', flow], ['confirm alone', switches]] as const) {
    log(`${label}: confirmed ${fmt(r.confirmed)}, refused ${fmt(r.refused)}, failed ${fmt(r.failed)}; integrity violations: ${r.violations.length}`)
    for (const v of r.violations.slice(0, 20)) log(`  ${v}`)
  }
  log(`web processes: ${args.processes}; peak RSS ${serverPeak}`)
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met')
  const finderOk = finder.p95 < 50 && finder.perSecond > 300 && finder.non2xx === 0 && finder.errors === 0
  const switchesOk = switches.perSecond > 100 && switches.violations.length + flow.violations.length === 0 && switches.failed + flow.failed === 0
  log(`targets: finder p95 < 50 ms and > 300 req/s: ${met(finderOk)} (${finder.p95} ms, ${fmt(finder.perSecond)}/s); > 100 switches/s with no integrity violation: ${met(switchesOk)} (${fmt(switches.perSecond)}/s, ${switches.violations.length} violations)`)
  if (results.some((r) => r.non2xx > 0 || r.errors > 0) || switches.violations.length + flow.violations.length > 0) process.exitCode = 1
} finally {
  stopServer()
}

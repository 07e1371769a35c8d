/**
 * `npm run bench:authorisation -- [--citizens 50000] [--applications 2000] [--seconds 10] [--connections 32] [--writers 8]`
 *
 * On the demo region (built once into vardval_bench_authorisation_<N> and reused; the demo load
 * publishes the kravbok 2027:1), with N applications seeded against it (authorisation-seed.ts:
 * set-based, idempotent, its time reported), against the production build served by `server.ts`:
 *   1. the public register (page, JSON, CSV), the commissioner's queue (all, submitted), one
 *      application's review page, its applicant's overview and the public kravbok, at 32
 *      concurrent connections (autocannon), every response's time kept for exact percentiles;
 *   2. the write path: W applicants, each on a draft of their own, save one chapter's answers
 *      after another (the chapter page's plain POST, as a browser without JavaScript sends it) for
 *      the same time; then the database is checked: every answer is what the last save sent,
 *      one audit entry per save, the timeline grew as the service says it should, no 5xx.
 */
import { availableParallelism, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { DEFAULT_AS_OF } from '../../app/modules/demo/index.ts'
import { sql } from '../support/database.ts'
import { benchSessionCookie, seedAuthorisation, type SeedChapter, type SeedRequirement } from './authorisation-seed.ts'
import { fmt, prepareBenchDatabase } from './bench-database.ts'
import { percentile } from './stats.ts'
import { buildApp, loadPage, round1, settle, startBenchServer, summaryHeader, summaryLine, webProcessesPeak, type PageResult } from './web-load.ts'

const { values } = parseArgs({
  options: {
    citizens: { type: 'string' },
    applications: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    writers: { type: 'string' },
    processes: { type: 'string' },
    'no-build': { type: 'boolean' },
  },
  strict: true,
})
const args = z
  .object({
    citizens: z.coerce.number().int().min(1000).default(50_000),
    applications: z.coerce.number().int().min(10).max(99_999).default(2_000),
    seconds: z.coerce.number().int().min(2).max(120).default(10),
    connections: z.coerce.number().int().min(1).max(256).default(32),
    writers: z.coerce.number().int().min(1).max(64).default(8),
    processes: z.coerce.number().int().min(1).max(16).default(availableParallelism()),
    'no-build': z.boolean().default(false),
  })
  .parse(values)

const SEED = 2027
const log = (line = '') => console.log(line)
const loadNow = () => loadavg().map((l) => l.toFixed(2)).join(' ')

// ── The write path ───────────────────────────────────────────────────────────────────────────

const TEXT =
  'Verksamheten följer regionens riktlinjer och redovisar uppföljningen till regionen varje kvartal. Ansvaret ligger hos verksamhetschefen, som rapporterar avvikelser och åtgärder.'

/** What the form sends for a requirement on a writer's visit to its chapter, and the value the service stores for it; consecutive visits differ. */
function answerFor(q: SeedRequirement, writer: number, visit: number): { input: string; stored: unknown } {
  switch (q.kind) {
    case 'declaration':
      return visit % 2 === 0 ? { input: 'yes', stored: true } : { input: 'no', stored: false }
    case 'number': {
      const base = Math.floor(Number(q.rule['min'] ?? q.rule['max'] ?? 1))
      const v = String(base + (visit % 3))
      return { input: v, stored: v }
    }
    case 'choice': {
      const options = q.rule['options'] as { value: string }[]
      const v = options[visit % options.length]!.value
      return { input: v, stored: v }
    }
    case 'text': {
      const min = Number(q.rule['minLength'] ?? 1)
      const max = Number(q.rule['maxLength'] ?? 4000)
      let v = `Skribent ${writer}, sparning ${visit}. ${TEXT}`
      while (v.length < min) v += ` ${TEXT}`
      v = v.slice(0, max).trim()
      return { input: v, stored: v }
    }
  }
}

interface WriteResult {
  saves: number
  changed: number
  perSecond: number
  p50: number
  p95: number
  p99: number
  refused: number
  serverErrors: number
  failed: number
  violations: string[]
  eventsAdded: number
  auditEntries: number
}

/** W concurrent writers for `seconds`, each saving its draft's chapters in turn; then the checks. */
async function runSaves(opts: { base: string; url: string; writers: { applicationId: number; cookie: string }[]; chapters: SeedChapter[]; seconds: number }): Promise<WriteResult> {
  const { base, url, writers, chapters, seconds } = opts
  const ids = writers.map((w) => w.applicationId)
  const key = (applicationId: number, requirementId: number) => `${applicationId}:${requirementId}`
  const current = new Map<string, string>()
  for (const r of await sql<{ application_id: number; requirement_id: number; value: unknown }>(url, 'SELECT application_id, requirement_id, value FROM application_answer WHERE application_id = ANY($1)', [ids])) {
    current.set(key(r.application_id, r.requirement_id), JSON.stringify(r.value))
  }
  const [{ since }] = (await sql<{ since: Date }>(url, 'SELECT now() AS since')) as [{ since: Date }]
  const times: number[] = []
  const problems: string[] = []
  let saves = 0
  let changed = 0
  let refused = 0
  let serverErrors = 0
  let failed = 0
  const t0 = performance.now()
  const deadline = t0 + seconds * 1000

  async function writer(w: { applicationId: number; cookie: string }, k: number): Promise<void> {
    for (let turn = 0; performance.now() < deadline; turn++) {
      const chapter = chapters[(k + turn) % chapters.length]!
      // The seed's answers are visit 0's; from visit 1 on, every save changes something.
      const visit = Math.floor(turn / chapters.length) + 1
      const body = new URLSearchParams()
      const sent: [string, string][] = []
      for (const q of chapter.requirements) {
        const a = answerFor(q, k, visit)
        body.append('requirements', String(q.id))
        body.append(`r${q.id}`, a.input)
        sent.push([key(w.applicationId, q.id), JSON.stringify(a.stored)])
      }
      body.append('intent', 'save')
      const path = `/ansokan/${w.applicationId}/krav/${encodeURIComponent(chapter.code)}`
      const begin = performance.now()
      try {
        const response = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { cookie: w.cookie, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'sv' },
          body,
          redirect: 'manual',
        })
        await response.arrayBuffer()
        const location = response.headers.get('location') ?? ''
        if ((response.status === 302 || response.status === 303) && location.includes('klart=sparat')) {
          times.push(performance.now() - begin)
          saves++
          if (sent.some(([k2, v]) => current.get(k2) !== v)) changed++
          for (const [k2, v] of sent) current.set(k2, v)
        } else {
          if (response.status >= 500) serverErrors++
          else if (response.status >= 400) refused++
          else failed++
          if (problems.length < 5) problems.push(`POST ${path}: ${response.status} ${location}`)
        }
      } catch (error) {
        failed++
        if (problems.length < 5) problems.push(`POST ${path}: ${(error as Error).message}`)
      }
    }
  }

  await Promise.all(writers.map((w, k) => writer(w, k)))
  const elapsed = (performance.now() - t0) / 1000
  for (const p of problems) log(`  ${p}`)

  // What must hold afterwards.
  const violations: string[] = []
  const stored = new Map<string, string>()
  for (const r of await sql<{ application_id: number; requirement_id: number; value: unknown }>(url, 'SELECT application_id, requirement_id, value FROM application_answer WHERE application_id = ANY($1)', [ids])) {
    stored.set(key(r.application_id, r.requirement_id), JSON.stringify(r.value))
  }
  for (const [k2, v] of current) if (stored.get(k2) !== v) violations.push(`answer ${k2}: stored ${stored.get(k2) ?? 'nothing'}, the last save sent ${v}`)
  const [events] = await sql<{ n: number }>(url, 'SELECT count(*)::int AS n FROM application_event WHERE application_id = ANY($1) AND at >= $2', [ids, since])
  const [audit] = await sql<{ n: number }>(
    url,
    `SELECT count(*)::int AS n FROM audit_log WHERE action = 'authorisation.answers_saved' AND entity = 'authorisation_application' AND entity_id = ANY($1) AND at >= $2`,
    [ids.map(String), since],
  )
  if (audit!.n !== saves) violations.push(`${audit!.n} audit entries for ${saves} saves`)
  // Saving answers is audited but not a step on the timeline; should it become one, one row per save that changed something.
  if (events!.n !== 0 && events!.n !== changed) violations.push(`${events!.n} timeline rows for ${changed} saves that changed something`)
  if (serverErrors > 0) violations.push(`${serverErrors} saves answered 5xx`)
  times.sort((a, b) => a - b)
  return {
    saves,
    changed,
    perSecond: saves / elapsed,
    p50: round1(percentile(times, 50)),
    p95: round1(percentile(times, 95)),
    p99: round1(percentile(times, 99)),
    refused,
    serverErrors,
    failed,
    violations,
    eventsAdded: events!.n,
    auditEntries: audit!.n,
  }
}

// ── Set-up ───────────────────────────────────────────────────────────────────────────────────

log(`Authorisation benchmark: demo region of ${fmt(args.citizens)} citizens, ${fmt(args.applications)} applications, ${args.connections} connections, ${args.seconds} s per page, ${args.writers} writers`)
log(`machine: ${availableParallelism()} cores, Node ${process.version}, load average ${loadNow()}`)
const url = await prepareBenchDatabase({ bench: 'authorisation', citizens: args.citizens, seed: SEED, asOf: DEFAULT_AS_OF, log })

log(`seeding ${fmt(args.applications)} applications and ${args.writers} writers' drafts…`)
const seed = await seedAuthorisation(url, { applications: args.applications, writers: args.writers, log })
const ins = seed.inserted
log(
  `  seeded in ${seed.seconds.toFixed(2)} s: ${fmt(ins.applications)} applications, ${fmt(ins.answers)} answers, ${fmt(ins.assessments)} assessments, ` +
    `${fmt(ins.requests)} requests for supplementation, ${fmt(ins.decisions)} decisions, ${fmt(ins.events)} timeline rows, ${fmt(ins.users)} users` +
    (ins.applications === 0 ? ' (all there already)' : ''),
)
log(`  the bench's applications by status: ${Object.entries(seed.byStatus).map(([s, n]) => `${s} ${fmt(n)}`).join(', ')}; kravbok ${seed.specVersion}: ${seed.requirements} requirements in ${seed.chapters.length} chapters with answerable ones`)
if (seed.writers.length < args.writers) throw new Error(`only ${seed.writers.length} writers' drafts (a draft was submitted or withdrawn by hand?)`)

if (!args['no-build']) buildApp(log)
const { base, server, stop: stopServer } = await startBenchServer({ url, processes: args.processes, queuePrefix: 'bench-auth' })

try {
  const [commissioner, applicant, ...writerCookies] = await benchSessionCookie(url, [seed.commissionerUserId, seed.sample.applicantUserId, ...seed.writers.map((w) => w.userId)])
  const [queued] = await sql<{ all: number; submitted: number }>(
    url,
    `SELECT count(*) FILTER (WHERE status <> 'draft')::int AS all, count(*) FILTER (WHERE status = 'submitted')::int AS submitted FROM authorisation_application`,
  )
  const [clinics] = await sql<{ n: number }>(url, 'SELECT count(DISTINCT clinic_id)::int AS n FROM clinic_authorisation_status')
  const id = seed.sample.applicationId
  const pages: { label: string; path: string; cookie?: string }[] = [
    { label: `register page (${clinics!.n} clinics; anonymous)`, path: '/auktoriserade-vardcentraler' },
    { label: 'register, JSON (anonymous)', path: '/auktoriserade-vardcentraler.json' },
    { label: 'register, CSV (anonymous)', path: '/auktoriserade-vardcentraler.csv' },
    { label: `queue, all (${fmt(queued!.all)} rows; commissioner)`, path: '/region/ansokningar', cookie: commissioner },
    { label: `queue, submitted (${fmt(queued!.submitted)} rows; commissioner)`, path: '/region/ansokningar?status=submitted', cookie: commissioner },
    { label: `review page (${seed.requirements} requirements; commissioner)`, path: `/region/ansokningar/${id}`, cookie: commissioner },
    { label: "applicant's overview (its applicant)", path: `/ansokan/${id}`, cookie: applicant },
    { label: `public kravbok ${seed.specVersion} (anonymous)`, path: `/auktorisation/kravbok/${seed.specId}` },
  ]
  // Each page answers 200 before it is loaded; then a warm-up (the build's modules in every web process, the database's caches).
  for (const p of pages) {
    const headers = { 'accept-language': 'sv', ...(p.cookie ? { cookie: p.cookie } : {}) }
    const first = await fetch(`${base}${p.path}`, { headers, redirect: 'manual' })
    await first.arrayBuffer()
    if (first.status !== 200) throw new Error(`GET ${p.path} answered ${first.status}, not 200`)
    for (let i = 0; i < 20; i++) await (await fetch(`${base}${p.path}`, { headers })).arrayBuffer()
  }

  const results: PageResult[] = []
  for (const p of pages) {
    log(`\n${p.label}: GET ${p.path}`)
    // A slow page's requests queue behind each other at 32 connections: wait for them longer than autocannon's 10 s.
    const r = await loadPage(base, p.label, p.path, { cookie: p.cookie, connections: args.connections, seconds: args.seconds, timeoutSeconds: 60 })
    results.push(r)
    log(`  ${fmt(r.requests)} requests, ${fmt(r.perSecond)}/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}`)
    const waited = await settle(base)
    if (waited > 1000) log(`  (the server finished the requests left behind in ${(waited / 1000).toFixed(1)} s)`)
  }

  log(`\nsaving a chapter's answers (POST /ansokan/:id/krav/:chapter): ${args.writers} writers, ${args.seconds} s`)
  const writers = seed.writers.slice(0, args.writers).map((w, i) => ({ applicationId: w.applicationId, cookie: writerCookies[i]! }))
  const saved = await runSaves({ base, url, writers, chapters: seed.chapters, seconds: args.seconds })
  log(`  ${fmt(saved.saves)} saves, ${fmt(saved.perSecond)}/s, p50 ${saved.p50} ms, p95 ${saved.p95} ms, p99 ${saved.p99} ms`)

  const serverPeak = webProcessesPeak(server.pid)
  log(`\nSummary (${new Date().toISOString().slice(0, 10)}, load average now ${loadNow()})`)
  log(summaryHeader(62))
  for (const r of results) log(summaryLine(r.label, r, 62))
  log(summaryLine(`save a chapter's answers (${args.writers} writers; saves/s)`, saved, 62))
  const bad = results.filter((r) => r.non2xx > 0 || r.errors > 0)
  log(`pages: non-2xx ${results.reduce((s, r) => s + r.non2xx, 0)}, errors ${results.reduce((s, r) => s + r.errors, 0)}${bad.length ? ` (${bad.map((r) => r.label).join('; ')})` : ''}`)
  log(
    `saves: ${fmt(saved.saves)} (${fmt(saved.changed)} changed something), refused ${saved.refused}, 5xx ${saved.serverErrors}, failed ${saved.failed}; ` +
      `audit entries ${fmt(saved.auditEntries)}, timeline rows added ${fmt(saved.eventsAdded)}; integrity violations: ${saved.violations.length}`,
  )
  for (const v of saved.violations.slice(0, 20)) log(`  ${v}`)
  log(`seed: ${seed.seconds.toFixed(2)} s (${fmt(ins.applications)} applications inserted this run); web processes: ${args.processes}; peak RSS ${serverPeak}`)
  if (bad.length > 0 || saved.violations.length > 0 || saved.failed + saved.refused > 0) process.exitCode = 1
} finally {
  stopServer()
}

/**
 * The switching part of `npm run bench:web`: citizens logged in with sessions of their own switch
 * clinic through the pages, as a browser without JavaScript would (the confirmation page, then
 * its form), and afterwards the database is checked for what must hold whatever the load.
 */
import { createPrisma } from '../../app/utils/db.server.ts'
import { startUserSession } from '../../app/utils/session.server.ts'
import { listingStateToken } from '../../app/modules/listing/listing.server.ts'
import { sql } from '../support/database.ts'
import { percentile } from './stats.ts'
import autocannon from 'autocannon'

export interface BenchSession {
  citizenId: string
  /** `name=value` of the session cookie. */
  cookie: string
  /** Two clinics other than the one the citizen is listed at today, chosen in turn. */
  clinics: [string, string]
}

export interface SwitchResult {
  confirmed: number
  refused: number
  failed: number
  seconds: number
  perSecond: number
  p50: number
  p95: number
  p99: number
  violations: string[]
}

export interface SwitchRun {
  base: string
  url: string
  sessions: BenchSession[]
  clients: number
  seconds: number
  log: (line?: string) => void
}

const SUBJECT_PREFIX = 'bench-web-citizen-'

/**
 * `count` adult citizens listed today at an uncapped clinic, each with a user (citizen role) and an
 * open session made by the same code as a real login (startUserSession); two other uncapped
 * clinics of their municipality each, to switch between.
 */
export async function createBenchSessions(url: string, count: number, offset = 0): Promise<BenchSession[]> {
  const rows = await sql<{ citizen_id: string; clinics: string[] }>(
    url,
    `SELECT c.id::text AS citizen_id, k.clinics
     FROM citizen c
     JOIN area a ON a.area_code = c.area_code
     JOIN listing l ON l.citizen_id = c.id AND l.valid_from <= current_date AND (l.valid_to IS NULL OR l.valid_to > current_date)
     CROSS JOIN LATERAL (
       SELECT array_agg(o.hsa_id ORDER BY o.id) AS clinics FROM (
         SELECT k.id, k.hsa_id FROM clinic k JOIN area ka ON ka.area_code = k.area_code
         WHERE ka.municipality_code = a.municipality_code AND k.id <> l.clinic_id AND k.list_cap IS NULL
           AND k.authorised_from <= current_date AND (k.authorised_to IS NULL OR k.authorised_to > current_date + 30)
         ORDER BY k.id LIMIT 2) o) k
     WHERE c.end_date IS NULL AND c.birth_date <= current_date - interval '18 years'
       AND cardinality(k.clinics) = 2
       AND NOT EXISTS (SELECT 1 FROM listing f WHERE f.citizen_id = c.id AND f.valid_from > current_date)
       AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.citizen_id = c.id AND u.subject NOT LIKE $2 || '%')
     ORDER BY c.id LIMIT $1 OFFSET $3`,
    [count, SUBJECT_PREFIX, offset],
  )
  const usable = rows.filter((r) => r.clinics?.length === 2)
  await sql(
    url,
    `WITH u AS (
       INSERT INTO app_user (subject, name, citizen_id)
       SELECT $2 || id, 'Bänk ' || id, id FROM unnest($1::bigint[]) AS id
       ON CONFLICT (subject) DO UPDATE SET name = EXCLUDED.name
       RETURNING id)
     INSERT INTO user_role (user_id, role) SELECT id, 'citizen' FROM u ON CONFLICT DO NOTHING`,
    [usable.map((r) => r.citizen_id), SUBJECT_PREFIX],
  )
  const users = await sql<{ id: number; citizen_id: string }>(url, `SELECT id, citizen_id::text FROM app_user WHERE subject LIKE $1 || '%'`, [SUBJECT_PREFIX])
  const userOf = new Map(users.map((u) => [u.citizen_id, u.id]))
  const db = createPrisma(url)
  try {
    const sessions: BenchSession[] = []
    for (const r of usable) {
      const response = await startUserSession(new Request('http://127.0.0.1/logga-in/retur'), userOf.get(r.citizen_id)!, '/', { db })
      const cookie = response.headers.get('Set-Cookie')!.split(';')[0]!
      sessions.push({ citizenId: r.citizen_id, cookie, clinics: [r.clinics[0]!, r.clinics[1]!] })
    }
    return sessions
  } finally {
    await db.$disconnect()
  }
}

const HIDDEN_STATE = /<input type="hidden" name="state" value="([^"]+)"/

/**
 * `clients` concurrent loops for `seconds`, each over its own share of the sessions (so one
 * citizen's requests never race with each other here; the integration tests race those).
 */
export async function runSwitches(opts: SwitchRun): Promise<SwitchResult> {
  const { base, sessions, clients, seconds } = opts
  const tally = new Tally()
  const deadline = performance.now() + seconds * 1000

  async function client(share: BenchSession[]): Promise<void> {
    for (let turn = 0; performance.now() < deadline; turn++) {
      const s = share[turn % share.length]!
      const hsa = s.clinics[Math.floor(turn / share.length) % 2]!
      const path = `/mina-sidor/valj/${encodeURIComponent(hsa)}`
      const begin = performance.now()
      try {
        const page = await fetch(`${base}${path}`, { headers: { cookie: s.cookie }, redirect: 'manual' })
        const html = await page.text()
        const state = HIDDEN_STATE.exec(html)?.[1]
        if (page.status !== 200 || !state) {
          tally.problem(`GET ${path}: ${page.status}${state ? '' : ', no confirmation form'}`)
          continue
        }
        const post = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ state }),
          redirect: 'manual',
        })
        await post.arrayBuffer()
        tally.answer(s, hsa, post.status, post.headers.get('location') ?? '', begin)
      } catch (error) {
        tally.problem(`${path}: ${(error as Error).message}`)
      }
    }
  }

  const shares = Array.from({ length: clients }, (_, i) => sessions.filter((_, j) => j % clients === i))
  await Promise.all(shares.filter((s) => s.length > 0).map(client))
  return tally.summarise(opts)
}

/**
 * The switch itself, without the page before it: each session confirms one choice with the state
 * token its confirmation page would carry (computed beforehand by the same function the page
 * uses), from `clients` concurrent clients, until the sessions or the time run out.
 */
export async function runConfirms(opts: SwitchRun): Promise<SwitchResult> {
  const { base, url, sessions, clients, seconds } = opts
  const db = createPrisma(url)
  const tokens = new Map<string, string>()
  try {
    for (const s of sessions) tokens.set(s.citizenId, await listingStateToken(db, BigInt(s.citizenId)))
  } finally {
    await db.$disconnect()
  }
  const tally = new Tally()
  // autocannon rather than fetch: its client costs the shared two cores far less than undici's.
  let next = 0
  const sentAt = new Map<object, number>()
  const current = new Map<object, BenchSession>()
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections: clients,
        amount: sessions.length,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            setupRequest: (req, context) => {
              const s = sessions[next++ % sessions.length]!
              current.set(context, s)
              sentAt.set(context, performance.now())
              return {
                ...req,
                path: `/mina-sidor/valj/${encodeURIComponent(s.clinics[0])}`,
                headers: { ...req.headers, cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams({ state: tokens.get(s.citizenId)! }).toString(),
              }
            },
            onResponse: (status, _body, context, headers) => {
              const s = current.get(context)!
              tally.answer(s, s.clinics[0], status, String((headers as Record<string, unknown>)['location'] ?? ''), sentAt.get(context)!)
            },
          },
        ],
      },
      (error, r) => (error ? reject(error) : resolve(r)),
    )
  })
  tally.failed += result.errors + result.timeouts
  if (next >= sessions.length) opts.log(`  (each of the ${sessions.length} sessions confirmed once)`)
  return tally.summarise(opts)
}

/** What the server answered, as the run goes; then the figures, with the database checked afterwards. */
class Tally {
  readonly started = new Date()
  private readonly t0 = performance.now()
  private readonly times: number[] = []
  private readonly lastConfirmed = new Map<string, string>()
  private readonly problems: string[] = []
  confirmed = 0
  refused = 0
  failed = 0

  /** A confirmation's answer: the receipt (confirmed), 409 (refused by a rule), or anything else (failed). */
  answer(s: BenchSession, hsa: string, status: number, location: string, begin: number): void {
    if ((status === 302 || status === 303) && location.startsWith('/mina-sidor/kvitto/')) {
      this.confirmed++
      this.lastConfirmed.set(s.citizenId, hsa)
      this.times.push(performance.now() - begin)
    } else if (status === 409) this.refused++
    else this.problem(`POST for citizen ${s.citizenId} (${hsa}): ${status} ${location}`)
  }

  problem(text: string): void {
    this.failed++
    if (this.problems.length < 5) this.problems.push(text)
  }

  async summarise(opts: SwitchRun): Promise<SwitchResult> {
    const elapsed = (performance.now() - this.t0) / 1000
    for (const p of this.problems) opts.log(`  ${p}`)
    const violations = await checkIntegrity(opts.url, opts.sessions, this.lastConfirmed, this.confirmed, this.started)
    const times = [...this.times].sort((a, b) => a - b)
    return {
      confirmed: this.confirmed,
      refused: this.refused,
      failed: this.failed,
      seconds: elapsed,
      perSecond: this.confirmed / elapsed,
      p50: Math.round(percentile(times, 50)),
      p95: Math.round(percentile(times, 95)),
      p99: Math.round(percentile(times, 99)),
      violations,
    }
  }
}

/** What must hold after the run; each violation as a sentence. */
async function checkIntegrity(url: string, sessions: BenchSession[], lastConfirmed: Map<string, string>, confirmed: number, since: Date): Promise<string[]> {
  const ids = sessions.map((s) => s.citizenId)
  const violations: string[] = []
  const overlaps = await sql<{ citizen_id: string }>(
    url,
    `SELECT DISTINCT a.citizen_id::text FROM listing a JOIN listing b
       ON a.citizen_id = b.citizen_id AND a.id < b.id
      AND daterange(a.valid_from, a.valid_to) && daterange(b.valid_from, b.valid_to)
     WHERE a.citizen_id = ANY($1::bigint[])`,
    [ids],
  )
  for (const o of overlaps) violations.push(`citizen ${o.citizen_id} has overlapping listings`)
  // No lost switch: the listing that takes effect next is the last choice the server confirmed.
  const next = await sql<{ citizen_id: string; hsa_id: string; n: string }>(
    url,
    `SELECT l.citizen_id::text, k.hsa_id, count(*) OVER (PARTITION BY l.citizen_id) AS n
     FROM listing l JOIN clinic k ON k.id = l.clinic_id
     WHERE l.citizen_id = ANY($1::bigint[]) AND l.valid_from > current_date`,
    [ids],
  )
  const nextOf = new Map(next.map((r) => [r.citizen_id, r]))
  for (const [citizenId, hsa] of lastConfirmed) {
    const row = nextOf.get(citizenId)
    if (!row) violations.push(`citizen ${citizenId}: confirmed a choice of ${hsa}, but no listing takes effect`)
    else if (row.hsa_id !== hsa) violations.push(`citizen ${citizenId}: confirmed ${hsa} last, but ${row.hsa_id} takes effect`)
    else if (Number(row.n) !== 1) violations.push(`citizen ${citizenId}: ${row.n} future listings`)
  }
  const [audit] = await sql<{ n: string }>(
    url,
    `SELECT count(*) AS n FROM audit_log WHERE action = 'listing.choose' AND citizen_id = ANY($1::bigint[]) AND at >= $2`,
    [ids, since],
  )
  if (Number(audit!.n) !== confirmed) violations.push(`${audit!.n} audit entries for ${confirmed} confirmed switches`)
  return violations
}

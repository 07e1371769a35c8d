/**
 * Citizens nobody chose for (tilldelning): closure notices for clinics whose authorisation ends,
 * and the listing of every unlisted citizen at an open clinic. One transaction under an advisory
 * lock, set-based SQL throughout (the population never comes into Node), idempotent: a second
 * run for the same day finds nothing to do. docs/decisions/0011-notifications-and-assignment.md.
 *
 * Which clinic, in order: a child's (under 18) guardian's clinic; else the nearest open clinic in
 * the citizen's municipality; else the nearest open clinic in the region (straight line from the
 * area's centre, equal distances by Swedish name). "Open" = authorised on the day and beyond the
 * notice horizon, with room under its list cap on the day (clinic_cap_on). Caps hold within a run:
 * each round every citizen left picks its best clinic with room; a capped clinic takes the nearest
 * of its pickers up to its room, and the rest pick again next round, when the full clinic is no
 * longer offered.
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'
import { requestDelivery } from '../notifications/outbox.server.ts'
import { swedishDate } from '../../utils/sweden.ts'
import { addDays, type IsoDate } from './rules.ts'

export interface AssignmentResult {
  /** The day listings are assigned from (and closures counted against). */
  date: IsoDate
  /** The day the run was made: notices are dated this day. */
  today: IsoDate
  closingClinics: number
  closureNotices: number
  listingsEnded: number
  /** Listings at a closing clinic that would only have begun after it ends (withdrawn choices). */
  pendingRemoved: number
  assigned: number
  assignedByRule: { guardian: number; municipality: number; region: number }
  /** Unlisted on `date` but with no open clinic anywhere to go to. */
  unplaced: number
  /** Unlisted but waiting: an open closure notice whose choose-by day is after `date`. */
  waitingForChoice: number
  noticesResolved: number
  notificationsQueued: number
  rounds: number
  seconds: number
}

export interface AssignmentOptions {
  /** The day to assign from; the region's effective date of `today` by default. */
  date?: IsoDate
  /** The run's day (notices are dated by it); today in Sweden by default. */
  today?: IsoDate
  actor: Actor
  /** Ask a worker to deliver the queued messages afterwards (true by default). */
  deliver?: boolean
}

const ADVISORY_KEY = 'listing.assign'
const CHILD_YEARS = 18
const TX_OPTIONS = { maxWait: 30_000, timeout: 10 * 60_000 } as const

type Tx = Prisma.TransactionClient

/**
 * Recipients of a message about each citizen in `source` (a relation with a `citizen_id` column):
 * a child's living guardians, or the citizen themself (an adult, or a child with no guardian on record).
 */
function recipientsOf(today: IsoDate): Prisma.Sql {
  return Prisma.sql`
    SELECT g.guardian_id AS recipient_id
    FROM guardianship g JOIN citizen gz ON gz.id = g.guardian_id
    WHERE g.child_id = s.citizen_id AND s.child AND (gz.end_date IS NULL OR gz.end_date > ${today}::date)
    UNION
    SELECT s.citizen_id
    WHERE NOT (s.child AND EXISTS (
      SELECT 1 FROM guardianship g JOIN citizen gz ON gz.id = g.guardian_id
      WHERE g.child_id = s.citizen_id AND (gz.end_date IS NULL OR gz.end_date > ${today}::date)))`
}

/** Runs closures and assignment for one day in one transaction; see the module comment. */
export async function runAssignment(prisma: PrismaClient, options: AssignmentOptions): Promise<AssignmentResult> {
  const started = performance.now()
  const today = options.today ?? swedishDate()
  const result = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${ADVISORY_KEY}))`
    const settings = await tx.regionSetting.findUniqueOrThrow({ where: { id: true } })
    const date = options.date ?? addDays(today, settings.effectiveOffsetDays)
    // Capped clinics first, in id order, before any listing row is touched: a choice takes its
    // citizen, then the capped clinic, then listing rows, so no order here can close a cycle with
    // it; and the capped clinics' counts below hold until commit.
    await tx.$queryRaw`
      SELECT id FROM clinic
      WHERE clinic_cap_on(id, ${date}::date) IS NOT NULL AND authorised_from <= ${date}::date AND (authorised_to IS NULL OR authorised_to > ${date}::date)
      ORDER BY id FOR NO KEY UPDATE`
    const closures = await closeEndingClinics(tx, today, date, settings.assignmentNoticeDays)
    const assignment = await assignUnlisted(tx, today, date, settings.assignmentNoticeDays)
    const noticesResolved = await tx.$executeRaw`
      UPDATE closure_notice cn SET resolved_on = greatest(${today}::date, cn.noticed_on)
      WHERE cn.resolved_on IS NULL AND EXISTS (
        SELECT 1 FROM listing o
        WHERE o.citizen_id = cn.citizen_id AND o.clinic_id <> cn.clinic_id
          AND (o.valid_to IS NULL OR o.valid_to >= cn.clinic_ends_on))`
    const summary = { date, today, ...closures, ...assignment, noticesResolved, notificationsQueued: closures.notificationsQueued + assignment.notificationsQueued }
    await recordAudit(tx, options.actor, {
      action: 'listing.assign',
      entity: 'listing',
      details: { ...summary, assignedByRule: { ...summary.assignedByRule } },
    })
    return summary
  }, TX_OPTIONS)
  const seconds = Math.round((performance.now() - started) / 10) / 100
  if (result.notificationsQueued > 0 && options.deliver !== false) await requestDelivery()
  return { ...result, seconds }
}

/**
 * Clinics whose authorisation ends by `date` + notice days (and ended no longer ago than the
 * notice period): citizens listed there on its last day
 * (and not already listed elsewhere from its end) get one closure notice each; their listing ends
 * with the authorisation, and choices that would only begin after it are withdrawn.
 */
async function closeEndingClinics(tx: Tx, today: IsoDate, date: IsoDate, noticeDays: number) {
  const closingClinics = await tx.$executeRaw`
    CREATE TEMP TABLE closing ON COMMIT DROP AS
    SELECT id AS clinic_id, authorised_to AS ends_on FROM clinic
    WHERE authorised_to IS NOT NULL AND authorised_to <= ${date}::date + ${noticeDays}::int
      -- Not history: a clinic that closed before the notice period reaching back from today was
      -- dealt with then (or before this system); its listings are not rewritten every night.
      AND authorised_to > ${today}::date - ${noticeDays}::int`
  await tx.$executeRaw`
    CREATE TEMP TABLE new_notice (citizen_id bigint, clinic_id int, ends_on date, choose_by date, child boolean) ON COMMIT DROP`
  const closureNotices = await tx.$executeRaw`
    WITH affected AS (
      SELECT DISTINCT l.citizen_id, c.clinic_id, c.ends_on
      FROM closing c
      JOIN listing l ON l.clinic_id = c.clinic_id AND l.valid_from < c.ends_on AND (l.valid_to IS NULL OR l.valid_to >= c.ends_on)
      JOIN citizen z ON z.id = l.citizen_id AND (z.end_date IS NULL OR z.end_date >= c.ends_on)
      WHERE NOT EXISTS (
        SELECT 1 FROM listing o
        WHERE o.citizen_id = l.citizen_id AND o.clinic_id <> c.clinic_id
          AND o.valid_from <= c.ends_on AND (o.valid_to IS NULL OR o.valid_to > c.ends_on))
    ), inserted AS (
      INSERT INTO closure_notice (citizen_id, clinic_id, clinic_ends_on, noticed_on, choose_by)
      SELECT citizen_id, clinic_id, ends_on, ${today}::date, greatest(${today}::date + ${noticeDays}::int, ends_on)
      FROM affected
      ON CONFLICT (citizen_id, clinic_id) DO NOTHING
      RETURNING citizen_id, clinic_id, clinic_ends_on, choose_by
    )
    INSERT INTO new_notice
    SELECT i.citizen_id, i.clinic_id, i.clinic_ends_on, i.choose_by, z.birth_date > ${today}::date - make_interval(years => ${CHILD_YEARS}::int)
    FROM inserted i JOIN citizen z ON z.id = i.citizen_id`
  const notificationsQueued = await tx.$executeRaw`
    INSERT INTO notification (kind, recipient_citizen_id, about_citizen_id, clinic_id, dedupe_key, payload)
    SELECT 'closure_notice'::"NotificationKind", r.recipient_id, s.citizen_id, s.clinic_id,
           'closure:' || s.clinic_id || ':' || s.citizen_id || ':' || r.recipient_id,
           jsonb_build_object('clinicEndsOn', to_char(s.ends_on, 'YYYY-MM-DD'), 'chooseBy', to_char(s.choose_by, 'YYYY-MM-DD'))
    FROM new_notice s CROSS JOIN LATERAL (${recipientsOf(today)}) r
    ORDER BY s.citizen_id, r.recipient_id
    ON CONFLICT (dedupe_key) DO NOTHING`
  const listingsEnded = await tx.$executeRaw`
    UPDATE listing l SET valid_to = c.ends_on
    FROM closing c
    WHERE l.clinic_id = c.clinic_id AND l.valid_from < c.ends_on AND (l.valid_to IS NULL OR l.valid_to > c.ends_on)`
  const pendingRemoved = await tx.$executeRaw`
    DELETE FROM listing l USING closing c WHERE l.clinic_id = c.clinic_id AND l.valid_from >= c.ends_on`
  return { closingClinics, closureNotices, listingsEnded, pendingRemoved, notificationsQueued }
}

/** Lists every citizen unlisted on `date` (and not waiting for their own choice) at an open clinic; see the module comment. */
async function assignUnlisted(tx: Tx, today: IsoDate, date: IsoDate, noticeDays: number) {
  await tx.$executeRaw`
    CREATE TEMP TABLE cand (
      citizen_id bigint PRIMARY KEY, municipality_code char(4), lat float8, lon float8,
      end_date date, next_from date, child boolean
    ) ON COMMIT DROP`
  // A citizen whose choice is being saved right now is locked by it: skipped, not waited for.
  await tx.$executeRaw`
    INSERT INTO cand (citizen_id, municipality_code, lat, lon, end_date, child)
    SELECT z.id, a.municipality_code, a.centre_lat::float8, a.centre_lon::float8, z.end_date,
           z.birth_date > ${date}::date - make_interval(years => ${CHILD_YEARS}::int)
    FROM citizen z JOIN area a ON a.area_code = z.area_code
    WHERE (z.end_date IS NULL OR z.end_date > ${date}::date) AND z.birth_date <= ${date}::date
      AND NOT EXISTS (
        SELECT 1 FROM listing l
        WHERE l.citizen_id = z.id AND l.valid_from <= ${date}::date AND (l.valid_to IS NULL OR l.valid_to > ${date}::date))
      AND NOT EXISTS (
        SELECT 1 FROM closure_notice cn WHERE cn.citizen_id = z.id AND cn.resolved_on IS NULL AND cn.choose_by > ${date}::date)
    FOR NO KEY UPDATE OF z SKIP LOCKED`
  // The statement above saw listings as of its start; a choice that committed while it ran is seen
  // now (a new statement, and the citizens are locked by this transaction from here on).
  await tx.$executeRaw`
    DELETE FROM cand c WHERE EXISTS (
      SELECT 1 FROM listing l
      WHERE l.citizen_id = c.citizen_id AND l.valid_from <= ${date}::date AND (l.valid_to IS NULL OR l.valid_to > ${date}::date))`
  // A later listing (a choice not yet in effect) ends the assigned one.
  await tx.$executeRaw`
    UPDATE cand c SET next_from = n.next_from
    FROM (SELECT l.citizen_id, min(l.valid_from) AS next_from FROM listing l JOIN cand c2 ON c2.citizen_id = l.citizen_id
          WHERE l.valid_from > ${date}::date GROUP BY l.citizen_id) n
    WHERE n.citizen_id = c.citizen_id`
  const [waitingRow] = await tx.$queryRaw<{ waiting: number }[]>`
    SELECT count(*)::int AS waiting FROM citizen z
    WHERE (z.end_date IS NULL OR z.end_date > ${date}::date)
      AND EXISTS (SELECT 1 FROM closure_notice cn WHERE cn.citizen_id = z.id AND cn.resolved_on IS NULL AND cn.choose_by > ${date}::date)
      AND NOT EXISTS (
        SELECT 1 FROM listing l
        WHERE l.citizen_id = z.id AND l.valid_from <= ${date}::date AND (l.valid_to IS NULL OR l.valid_to > ${date}::date))`

  // Open clinics: authorised on the day and past the notice horizon (so no one is assigned to a clinic about to close).
  await tx.$executeRaw`
    CREATE TEMP TABLE open_clinic ON COMMIT DROP AS
    SELECT k.id, k.name, a.municipality_code, k.lat::float8 AS lat, k.lon::float8 AS lon,
           CASE WHEN c.cap IS NULL THEN NULL ELSE greatest(c.cap - (
             SELECT count(*) FROM listing l
             WHERE l.clinic_id = k.id AND l.valid_from <= ${date}::date AND (l.valid_to IS NULL OR l.valid_to > ${date}::date)
           ), 0) END::int AS remaining
    FROM clinic k JOIN area a ON a.area_code = k.area_code
    CROSS JOIN LATERAL (SELECT clinic_cap_on(k.id, ${date}::date) AS cap) c
    WHERE k.authorised_from <= ${date}::date AND (k.authorised_to IS NULL OR k.authorised_to > ${date}::date + ${noticeDays}::int)`
  await tx.$executeRaw`
    CREATE TEMP TABLE guardian_clinic ON COMMIT DROP AS
    SELECT DISTINCT c.citizen_id, l.clinic_id
    FROM cand c JOIN guardianship g ON g.child_id = c.citizen_id
    JOIN listing l ON l.citizen_id = g.guardian_id AND l.valid_from <= ${date}::date AND (l.valid_to IS NULL OR l.valid_to > ${date}::date)
    WHERE c.child`
  await tx.$executeRaw`ALTER TABLE guardian_clinic ADD PRIMARY KEY (citizen_id, clinic_id)`
  await tx.$executeRaw`
    CREATE TEMP TABLE pick (citizen_id bigint PRIMARY KEY, clinic_id int NOT NULL, rule int NOT NULL, round int NOT NULL) ON COMMIT DROP`

  let rounds = 0
  for (;;) {
    rounds += 1
    const accepted = await tx.$executeRaw`
      WITH choice AS (
        SELECT c.citizen_id, best.id AS clinic_id, best.rule, best.dist
        FROM cand c
        CROSS JOIN LATERAL (
          SELECT o.id, t.rule, t.dist
          FROM open_clinic o
          CROSS JOIN LATERAL (
            SELECT CASE WHEN c.child AND EXISTS (SELECT 1 FROM guardian_clinic gc WHERE gc.citizen_id = c.citizen_id AND gc.clinic_id = o.id) THEN 0
                        WHEN o.municipality_code = c.municipality_code THEN 1 ELSE 2 END AS rule,
                   2 * 6371 * asin(least(1, sqrt(
                     power(sin(radians(o.lat - c.lat) / 2), 2)
                     + cos(radians(c.lat)) * cos(radians(o.lat)) * power(sin(radians(o.lon - c.lon) / 2), 2)))) AS dist
          ) t
          WHERE o.remaining IS NULL OR o.remaining > 0
          ORDER BY t.rule, t.dist NULLS LAST, o.name COLLATE "sv-SE-x-icu", o.id
          LIMIT 1
        ) best
        WHERE NOT EXISTS (SELECT 1 FROM pick p WHERE p.citizen_id = c.citizen_id)
      ), ranked AS (
        SELECT ch.*, row_number() OVER (PARTITION BY ch.clinic_id ORDER BY ch.rule, ch.dist NULLS LAST, ch.citizen_id) AS rn
        FROM choice ch
      )
      INSERT INTO pick (citizen_id, clinic_id, rule, round)
      SELECT r.citizen_id, r.clinic_id, r.rule, ${rounds}::int
      FROM ranked r JOIN open_clinic o ON o.id = r.clinic_id
      WHERE o.remaining IS NULL OR r.rn <= o.remaining`
    if (accepted === 0) break
    await tx.$executeRaw`
      UPDATE open_clinic o SET remaining = o.remaining - p.n
      FROM (SELECT clinic_id, count(*)::int AS n FROM pick WHERE round = ${rounds}::int GROUP BY clinic_id) p
      WHERE o.id = p.clinic_id AND o.remaining IS NOT NULL`
  }

  await tx.$executeRaw`
    CREATE TEMP TABLE assigned (listing_id bigint, citizen_id bigint, clinic_id int, child boolean) ON COMMIT DROP`
  const assigned = await tx.$executeRaw`
    WITH inserted AS (
      INSERT INTO listing (citizen_id, clinic_id, valid_from, valid_to, kind, reason, chosen_by_user_id)
      SELECT p.citizen_id, p.clinic_id, ${date}::date, least(c.end_date, c.next_from), 'assigned'::"ListingKind", 'assigned'::"ListingReason", NULL
      FROM pick p JOIN cand c ON c.citizen_id = p.citizen_id
      ORDER BY p.citizen_id
      RETURNING id, citizen_id, clinic_id
    )
    INSERT INTO assigned SELECT i.id, i.citizen_id, i.clinic_id, c.child FROM inserted i JOIN cand c ON c.citizen_id = i.citizen_id`
  const byRule = await tx.$queryRaw<{ rule: number; n: number }[]>`SELECT rule, count(*)::int AS n FROM pick GROUP BY rule`
  const count = (rule: number) => byRule.find((r) => r.rule === rule)?.n ?? 0
  const notificationsQueued = await tx.$executeRaw`
    INSERT INTO notification (kind, recipient_citizen_id, about_citizen_id, clinic_id, listing_id, dedupe_key, payload)
    SELECT 'assignment_notice'::"NotificationKind", r.recipient_id, s.citizen_id, s.clinic_id, s.listing_id,
           'assignment:' || s.listing_id || ':' || r.recipient_id,
           jsonb_build_object('effectiveDate', ${date}::text)
    FROM assigned s CROSS JOIN LATERAL (${recipientsOf(today)}) r
    ORDER BY s.citizen_id, r.recipient_id
    ON CONFLICT (dedupe_key) DO NOTHING`
  const [unplacedRow] = await tx.$queryRaw<{ unplaced: number }[]>`
    SELECT count(*)::int AS unplaced FROM cand c WHERE NOT EXISTS (SELECT 1 FROM pick p WHERE p.citizen_id = c.citizen_id)`
  return {
    assigned,
    assignedByRule: { guardian: count(0), municipality: count(1), region: count(2) },
    unplaced: unplacedRow?.unplaced ?? 0,
    waitingForChoice: waitingRow?.waiting ?? 0,
    rounds,
    notificationsQueued,
  }
}

export interface UnlistedSummary {
  date: IsoDate
  unlisted: number
  openClosureNotices: number
}

/** Counts for the region page: citizens unlisted on `date` and closure notices still open. */
export async function unlistedSummary(prisma: PrismaClient, date: IsoDate): Promise<UnlistedSummary> {
  const [row] = await prisma.$queryRaw<{ unlisted: number; open_notices: number }[]>`
    SELECT (SELECT count(*) FROM citizen z
            WHERE (z.end_date IS NULL OR z.end_date > ${date}::date) AND z.birth_date <= ${date}::date
              AND NOT EXISTS (SELECT 1 FROM listing l WHERE l.citizen_id = z.id AND l.valid_from <= ${date}::date
                                AND (l.valid_to IS NULL OR l.valid_to > ${date}::date)))::int AS unlisted,
           (SELECT count(*) FROM closure_notice WHERE resolved_on IS NULL)::int AS open_notices`
  return { date, unlisted: row!.unlisted, openClosureNotices: row!.open_notices }
}

export interface LastRun {
  at: Date
  actorKind: string
  result: Partial<AssignmentResult>
}

/** The newest assignment run, from the audit log (each run writes one entry with its counts). */
export async function lastAssignmentRun(prisma: PrismaClient): Promise<LastRun | null> {
  const row = await prisma.auditLog.findFirst({ where: { action: 'listing.assign' }, orderBy: { id: 'desc' } })
  return row && { at: row.at, actorKind: row.actorKind, result: row.details as Partial<AssignmentResult> }
}

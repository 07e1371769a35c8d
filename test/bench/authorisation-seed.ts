/**
 * The authorisation benchmark's applications, seeded into its demo-region database with set-based
 * SQL in one transaction: N applicant users, each with one application against the demo kravbok
 * (every field filled in, a passing answer to every requirement but the documents), spread over
 * the statuses as the region would see them (10 % draft, 50 % submitted, 10 % under
 * supplementation with an open request, 20 % rejected with a decision, 10 % withdrawn; none
 * approved, so no clinic is added); the writers' drafts; one commissioner. The migration's
 * triggers are respected: applications are inserted as drafts, answered while drafts, and moved
 * on with UPDATEs in the allowed order. Running it again adds only what is missing.
 */
import pg from 'pg'
import { loadDemoKravbok } from '../../app/modules/demo/load.server.ts'
import { DEMO_SPEC_VERSION } from '../../app/modules/authorisation/demo-spec.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { startUserSession } from '../../app/utils/session.server.ts'

export const APPLICANT_PREFIX = 'bench-auth-applicant-'
export const WRITER_PREFIX = 'bench-auth-writer-'
export const COMMISSIONER_SUBJECT = 'bench-auth-commissioner'

export interface SeedRequirement {
  id: number
  code: string
  kind: 'declaration' | 'number' | 'choice' | 'text'
  rule: Record<string, unknown>
}

export interface SeedChapter {
  code: string
  /** The chapter's answerable requirements (documents are answered by attachments, not by the form). */
  requirements: SeedRequirement[]
}

export interface SeededAuthorisation {
  specId: number
  specVersion: string
  requirements: number
  chapters: SeedChapter[]
  commissionerUserId: number
  /** The bench's applications by status (the writers' drafts not counted). */
  byStatus: Record<string, number>
  /** A submitted application with every answer: the review page's and the applicant's overview's subject. */
  sample: { applicationId: number; applicantUserId: number }
  writers: { applicationId: number; userId: number }[]
  inserted: { users: number; applications: number; answers: number; assessments: number; requests: number; decisions: number; events: number }
  seconds: number
}

/** The tables the seed writes or the pages read, analysed after seeding. */
const ANALYSED = [
  'requirement_spec',
  'requirement_chapter',
  'requirement',
  'authorisation_application',
  'application_answer',
  'application_assessment',
  'supplementation_request',
  'authorisation_decision',
  'application_event',
  'app_user',
  'user_role',
]

const TEXT_ANSWER =
  'Verksamheten följer regionens riktlinjer och redovisar uppföljningen till regionen varje kvartal. Ansvaret ligger hos verksamhetschefen, som rapporterar avvikelser och åtgärder.'

export async function seedAuthorisation(url: string, opts: { applications: number; writers: number; log: (line?: string) => void }): Promise<SeededAuthorisation> {
  const started = performance.now()
  // The demo load publishes the kravbok; a database built before it had one gets it here.
  const prisma = createPrisma(url)
  try {
    await loadDemoKravbok(prisma, (line) => opts.log(line))
  } finally {
    await prisma.$disconnect()
  }
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const count = async (text: string, params: unknown[] = []) => (await client.query(text, params)).rowCount ?? 0
  try {
    await client.query('BEGIN')
    const spec = (await client.query<{ id: number; n: number }>(
      `SELECT s.id, (SELECT count(*)::int FROM requirement q WHERE q.spec_id = s.id) AS n FROM requirement_spec s WHERE s.version = $1 AND s.status = 'published'`,
      [DEMO_SPEC_VERSION],
    )).rows[0]
    if (!spec) throw new Error(`the demo kravbok ${DEMO_SPEC_VERSION} is not published in the bench database`)

    const users = await count(
      `INSERT INTO app_user (subject, name, email)
       SELECT subject, name, subject || '@example.se' FROM (
         SELECT $1 || n AS subject, 'Bänk Sökande ' || n AS name FROM generate_series(1, $3::int) n
         UNION ALL SELECT $2 || k, 'Bänk Skribent ' || k FROM generate_series(1, $4::int) k
         UNION ALL SELECT $5, 'Bänk Handläggare') u
       ON CONFLICT (subject) DO NOTHING`,
      [APPLICANT_PREFIX, WRITER_PREFIX, opts.applications, opts.writers, COMMISSIONER_SUBJECT],
    )
    await client.query(
      `INSERT INTO user_role (user_id, role)
       SELECT id, (CASE WHEN subject = $3 THEN 'commissioner' ELSE 'applicant' END)::"Role" FROM app_user
        WHERE subject LIKE $1 || '%' OR subject LIKE $2 || '%' OR subject = $3
       ON CONFLICT DO NOTHING`,
      [APPLICANT_PREFIX, WRITER_PREFIX, COMMISSIONER_SUBJECT],
    )
    const commissionerUserId = (await client.query<{ id: number }>('SELECT id FROM app_user WHERE subject = $1', [COMMISSIONER_SUBJECT])).rows[0]!.id

    // The applications still missing, as drafts, each in one of the region's municipalities with a valid organisation number.
    await client.query('CREATE TEMP TABLE bench_new (id int PRIMARY KEY, n int NOT NULL, writer boolean NOT NULL, created timestamptz NOT NULL) ON COMMIT DROP')
    const applications = await count(
      `WITH m AS (
         SELECT row_number() OVER (ORDER BY code)::int - 1 AS i, code, name, lat, lon, count(*) OVER ()::int AS total FROM (
           SELECT m.code, m.name, avg(a.centre_lat)::numeric(9,6) AS lat, avg(a.centre_lon)::numeric(9,6) AS lon
             FROM municipality m JOIN area a ON a.municipality_code = m.code WHERE a.centre_lat IS NOT NULL GROUP BY m.code, m.name) x),
       who AS (
         SELECT u.id AS user_id, substring(u.subject FROM '([0-9]+)$')::int AS n, u.subject LIKE $2 || '%' AS writer
           FROM app_user u
          WHERE (u.subject LIKE $1 || '%' OR u.subject LIKE $2 || '%')
            AND NOT EXISTS (SELECT 1 FROM authorisation_application a WHERE a.applicant_user_id = u.id)),
       ins AS (
         INSERT INTO authorisation_application (spec_id, applicant_user_id, org_number, org_name, f_skatt, insurer, insurance_policy, ownership,
           clinic_name, street_address, postal_code, city, municipality_code, lat, lon, phone, website, services, languages, opening_hours, staffing,
           medical_lead_name, medical_lead_title, medical_lead_reg_no, created_at, updated_at)
         SELECT $3, w.user_id, o.base || o.check_digit, 'Bänkvård ' || w.n || ' AB', true, 'Länsförsäkringar', 'PV-2027-' || w.n, 'private'::"Ownership",
                CASE WHEN w.writer THEN 'Skrivcentralen ' ELSE 'Vårdcentralen Bänk ' END || w.n, 'Storgatan ' || (w.n % 200 + 1),
                lpad((10000 + w.n % 89999)::text, 5, '0'), m.name, m.code, m.lat, m.lon, '0155-' || lpad((w.n % 1000000)::text, 6, '0'),
                'https://bank-' || w.n || '.example.se', ARRAY['general_practice', 'child_health', 'maternal_health']::"ClinicService"[], ARRAY['sv', 'en'],
                '[{"day":1,"opens":"08:00","closes":"17:00"},{"day":2,"opens":"08:00","closes":"19:00"},{"day":3,"opens":"08:00","closes":"17:00"},{"day":4,"opens":"08:00","closes":"17:00"},{"day":5,"opens":"08:00","closes":"16:00"}]'::jsonb,
                '{"gpSpecialists":"3.0","otherDoctors":"1.5","nurses":"6.0","districtNurses":"2.0","psychologists":"1.0"}'::jsonb,
                'Karin Lind', 'Specialist i allmänmedicin', (8100000 + w.n)::text,
                now() - make_interval(days => 10 + w.n % 90, mins => w.n % 600), now() - make_interval(days => 10 + w.n % 90, mins => w.n % 600)
           FROM who w
           JOIN m ON m.i = w.n % m.total
           CROSS JOIN LATERAL (SELECT CASE WHEN w.writer THEN '5568' ELSE '5569' END || lpad((w.n % 100000)::text, 5, '0') AS base) b
           CROSS JOIN LATERAL (
             SELECT b.base, ((10 - sum(CASE WHEN i % 2 = 1 THEN (2 * d) / 10 + (2 * d) % 10 ELSE d END) % 10) % 10)::text AS check_digit
               FROM (SELECT i, substr(b.base, i, 1)::int AS d FROM generate_series(1, 9) i) x) o
         RETURNING id, applicant_user_id, created_at)
       INSERT INTO bench_new (id, n, writer, created) SELECT ins.id, w.n, w.writer, ins.created_at FROM ins JOIN who w ON w.user_id = ins.applicant_user_id`,
      [APPLICANT_PREFIX, WRITER_PREFIX, spec.id],
    )

    // A passing answer to every requirement but the documents, while every new application is a draft.
    const answers = await count(
      `INSERT INTO application_answer (application_id, requirement_id, value, updated_at)
       SELECT a.id, q.id,
              CASE q.kind
                WHEN 'declaration' THEN to_jsonb(coalesce((q.rule->>'expected')::boolean, true))
                WHEN 'number' THEN coalesce(q.rule->'min', q.rule->'max', '"1"'::jsonb)
                WHEN 'choice' THEN q.rule->'accepted'->0
                ELSE to_jsonb(left(rpad($2::text, greatest(coalesce((q.rule->>'minLength')::int, 1), length($2::text)), '.'), coalesce((q.rule->>'maxLength')::int, 4000)))
              END,
              a.created + interval '1 day'
         FROM bench_new a CROSS JOIN requirement q
        WHERE q.spec_id = $1 AND q.kind <> 'document'`,
      [spec.id, TEXT_ANSWER],
    )

    // Submitted two days after they were started (the writers' drafts stay drafts).
    await client.query(
      `UPDATE authorisation_application a SET status = 'submitted', submitted_at = b.created + interval '2 days',
              last_submitted_at = b.created + interval '2 days', updated_at = b.created + interval '2 days'
         FROM bench_new b WHERE a.id = b.id AND NOT b.writer AND b.n % 10 <> 0`,
    )
    // Those going to supplementation or rejection were assessed: everything passes but the first text requirement.
    const failed = (await client.query<{ id: number; code: string }>(`SELECT id, code FROM requirement WHERE spec_id = $1 AND kind = 'text' ORDER BY id LIMIT 1`, [spec.id])).rows[0]!
    const assessments = await count(
      `INSERT INTO application_assessment (application_id, requirement_id, verdict, comment, assessed_by_user_id, assessed_at)
       SELECT b.id, q.id, CASE WHEN q.id = $2 THEN 'fail' ELSE 'pass' END::"AssessmentVerdict",
              CASE WHEN q.id = $2 THEN 'Beskrivningen saknar hur avvikelser följs upp.' END, $3, b.created + interval '5 days'
         FROM bench_new b CROSS JOIN requirement q
        WHERE q.spec_id = $1 AND NOT b.writer AND b.n % 10 IN (6, 7, 8)`,
      [spec.id, failed.id, commissionerUserId],
    )
    const requests = await count(
      `INSERT INTO supplementation_request (application_id, message, requirement_ids, sections, due_on, requested_by_user_id, requested_at)
       SELECT b.id, 'Komplettera krav ' || $2 || ': beskriv hur avvikelser följs upp.', ARRAY[$1::int], ARRAY[]::text[],
              (b.created + interval '20 days')::date, $3, b.created + interval '6 days'
         FROM bench_new b WHERE NOT b.writer AND b.n % 10 = 6`,
      [failed.id, failed.code, commissionerUserId],
    )
    await client.query(
      `UPDATE authorisation_application a SET status = 'supplementation', reviewer_user_id = $1, updated_at = b.created + interval '6 days'
         FROM bench_new b WHERE a.id = b.id AND NOT b.writer AND b.n % 10 = 6`,
      [commissionerUserId],
    )
    const decisions = await count(
      `INSERT INTO authorisation_decision (application_id, outcome, decided_by_user_id, decided_at, reasons, exclusion_grounds)
       SELECT b.id, 'rejected'::"DecisionOutcome", $3, b.created + interval '7 days',
              jsonb_build_array(jsonb_build_object('requirementId', $1::int, 'code', $2::text, 'reason', 'Kravet på uppföljning av avvikelser är inte uppfyllt.')),
              '{"bankruptcy":false,"unpaidTaxes":false,"misconduct":false,"falseInformation":false}'::jsonb
         FROM bench_new b WHERE NOT b.writer AND b.n % 10 IN (7, 8)`,
      [failed.id, failed.code, commissionerUserId],
    )
    await client.query(
      `UPDATE authorisation_application a SET status = 'rejected', reviewer_user_id = $1, decided_at = b.created + interval '7 days', updated_at = b.created + interval '7 days'
         FROM bench_new b WHERE a.id = b.id AND NOT b.writer AND b.n % 10 IN (7, 8)`,
      [commissionerUserId],
    )
    await client.query(
      `UPDATE authorisation_application a SET status = 'withdrawn', updated_at = b.created + interval '4 days'
         FROM bench_new b WHERE a.id = b.id AND NOT b.writer AND b.n % 10 = 9`,
    )

    // Their timelines, as the services would have written them.
    const events = await count(
      `INSERT INTO application_event (application_id, at, actor_user_id, kind, details)
       SELECT b.id, b.created, a.applicant_user_id, 'created'::varchar, jsonb_build_object('specVersion', $1::text)
         FROM bench_new b JOIN authorisation_application a ON a.id = b.id
       UNION ALL
       SELECT a.id, a.submitted_at, a.applicant_user_id, 'submitted', jsonb_build_object('specVersion', $1::text)
         FROM bench_new b JOIN authorisation_application a ON a.id = b.id WHERE a.submitted_at IS NOT NULL
       UNION ALL
       SELECT s.application_id, s.requested_at, s.requested_by_user_id, 'supplementation_requested', jsonb_build_object('requestId', s.id, 'requirements', jsonb_build_array($2::text), 'sections', '[]'::jsonb)
         FROM bench_new b JOIN supplementation_request s ON s.application_id = b.id
       UNION ALL
       SELECT d.application_id, d.decided_at, d.decided_by_user_id, 'rejected', jsonb_build_object('reasons', jsonb_build_array($2::text), 'exclusionGrounds', d.exclusion_grounds)
         FROM bench_new b JOIN authorisation_decision d ON d.application_id = b.id
       UNION ALL
       SELECT a.id, a.updated_at, a.applicant_user_id, 'withdrawn', '{"from":"submitted"}'::jsonb
         FROM bench_new b JOIN authorisation_application a ON a.id = b.id WHERE a.status = 'withdrawn'`,
      [DEMO_SPEC_VERSION, failed.code],
    )
    await client.query('COMMIT')
    // This machine runs PostgreSQL with autovacuum off: the planner needs the new rows' statistics.
    const tables = ANALYSED.join(', ')
    if (applications > 0) await client.query(`VACUUM (ANALYZE) ${tables}`)
    else {
      const never = (await client.query<{ relname: string }>(
        'SELECT relname FROM pg_stat_user_tables WHERE relname = ANY($1) AND last_analyze IS NULL AND last_autoanalyze IS NULL',
        [ANALYSED],
      )).rows
      if (never.length) await client.query(`ANALYZE ${never.map((t) => t.relname).join(', ')}`)
    }

    const byStatus = Object.fromEntries(
      (await client.query<{ status: string; n: number }>(
        `SELECT a.status::text AS status, count(*)::int AS n FROM authorisation_application a JOIN app_user u ON u.id = a.applicant_user_id
          WHERE u.subject LIKE $1 || '%' GROUP BY a.status ORDER BY a.status`,
        [APPLICANT_PREFIX],
      )).rows.map((r) => [r.status, r.n]),
    )
    const sample = (await client.query<{ id: number; applicant_user_id: number }>(
      `SELECT a.id, a.applicant_user_id FROM authorisation_application a JOIN app_user u ON u.id = a.applicant_user_id
        WHERE u.subject LIKE $1 || '%' AND a.status = 'submitted' ORDER BY a.id LIMIT 1`,
      [APPLICANT_PREFIX],
    )).rows[0]
    if (!sample) throw new Error('no submitted application among the seeded ones')
    const writers = (await client.query<{ id: number; applicant_user_id: number }>(
      `SELECT a.id, a.applicant_user_id FROM authorisation_application a JOIN app_user u ON u.id = a.applicant_user_id
        WHERE u.subject LIKE $1 || '%' AND a.status = 'draft' AND substring(u.subject FROM '([0-9]+)$')::int <= $2 ORDER BY a.id`,
      [WRITER_PREFIX, opts.writers],
    )).rows
    const chapterRows = (await client.query<{ code: string; id: number; rcode: string; kind: SeedRequirement['kind']; rule: Record<string, unknown> }>(
      `SELECT c.code, q.id, q.code AS rcode, q.kind::text AS kind, q.rule FROM requirement_chapter c JOIN requirement q ON q.chapter_id = c.id
        WHERE c.spec_id = $1 AND q.kind <> 'document' ORDER BY c.position, c.id, q.position, q.id`,
      [spec.id],
    )).rows
    const chapters: SeedChapter[] = []
    for (const r of chapterRows) {
      if (chapters.at(-1)?.code !== r.code) chapters.push({ code: r.code, requirements: [] })
      chapters.at(-1)!.requirements.push({ id: r.id, code: r.rcode, kind: r.kind, rule: r.rule })
    }
    return {
      specId: spec.id,
      specVersion: DEMO_SPEC_VERSION,
      requirements: spec.n,
      chapters,
      commissionerUserId,
      byStatus,
      sample: { applicationId: sample.id, applicantUserId: sample.applicant_user_id },
      writers: writers.map((w) => ({ applicationId: w.id, userId: w.applicant_user_id })),
      inserted: { users, applications, answers, assessments, requests, decisions, events },
      seconds: (performance.now() - started) / 1000,
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    await client.end()
  }
}

/** A logged-in session's cookie (`name=value`) for the user, made by the same code as a real login (as createBenchSessions does). */
export async function benchSessionCookie(url: string, userIds: number[]): Promise<string[]> {
  const db = createPrisma(url)
  try {
    const cookies: string[] = []
    for (const id of userIds) {
      const response = await startUserSession(new Request('http://127.0.0.1/logga-in/retur'), id, '/', { db })
      cookies.push(response.headers.get('Set-Cookie')!.split(';')[0]!)
    }
    return cookies
  } finally {
    await db.$disconnect()
  }
}

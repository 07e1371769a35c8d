/**
 * The payment run's set-based SQL (shared/spec/payment-model.md §3–§4). Lines are computed and
 * written inside PostgreSQL with exact `numeric`; only per-clinic sums come back to Node.
 */

/** The lines' inputs for the month, one row per (citizen, clinic). Filled by one of the two below. */
export const CREATE_RUN_LINE = `
CREATE TEMP TABLE run_line (
  clinic_id   int      NOT NULL,
  citizen_id  bigint   NOT NULL,
  personal_id char(12) NOT NULL,
  days        int      NOT NULL,
  age         int      NOT NULL,
  sex         "Sex"    NOT NULL,
  points      numeric  NOT NULL,
  weight      numeric  NOT NULL,
  interpreter boolean  NOT NULL,
  cni         numeric  NOT NULL
) ON COMMIT DROP`

/**
 * The weight in force for the month: the row with the latest valid_from ≤ the month (a weight from
 * a later month is not yet in force). The primary key (citizen_id, valid_from) gives the order.
 */
const WEIGHTS = `
  SELECT DISTINCT ON (citizen_id) citizen_id, weight
  FROM care_weight
  WHERE valid_from <= $1::date
  ORDER BY citizen_id, valid_from DESC`

/** Completed years at the reference date; PostgreSQL's age() counts 29 February as the spec does. */
const AGE = `greatest(0, extract(year FROM age($3::date, c.birth_date)))::int`

/**
 * Points by age: $4 holds F's points and $5 M's for ages 0‥150, so a band lookup is one subscript.
 * Everyone older than 150 falls in the last (unbounded) band.
 */
const LINE_COLUMNS = `
  s.clinic_id, c.id, c.personal_id, s.days, a.age, c.sex,
  (CASE c.sex WHEN 'F' THEN $4::numeric[] ELSE $5::numeric[] END)[least(a.age, 150) + 1],
  coalesce(w.weight, $6::numeric), c.interpreter_need, coalesce(ar.cni, 0)`

/**
 * Daily allocation: the days of [$1, $2) inside each listing period, cut at the citizen's end date
 * (exclusive), summed per clinic when the citizen left and came back. $3 is the reference date.
 */
export const FILL_RUN_LINE_DAILY = `
INSERT INTO run_line
SELECT ${LINE_COLUMNS}
FROM (
  SELECT l.citizen_id, l.clinic_id,
         sum(least(coalesce(l.valid_to, $2::date), $2::date, coalesce(c.end_date, $2::date))
             - greatest(l.valid_from, $1::date))::int AS days
  FROM listing l
  JOIN citizen c ON c.id = l.citizen_id
  WHERE l.valid_from < $2::date
    AND (l.valid_to IS NULL OR l.valid_to > $1::date)
    AND (c.end_date IS NULL OR c.end_date > greatest(l.valid_from, $1::date))
  GROUP BY l.citizen_id, l.clinic_id
) s
JOIN citizen c ON c.id = s.citizen_id
JOIN area ar ON ar.area_code = c.area_code
LEFT JOIN (${WEIGHTS}) w ON w.citizen_id = c.id
CROSS JOIN LATERAL (SELECT ${AGE} AS age) a`

/**
 * Census allocation: the clinic listed on the census day $3 pays a whole month ($2 days); a citizen
 * whose end date is on or before the census day is not paid for. $1 is the month's first day.
 */
export const FILL_RUN_LINE_CENSUS = `
INSERT INTO run_line
SELECT ${LINE_COLUMNS}
FROM (
  SELECT l.citizen_id, l.clinic_id, $2::int AS days
  FROM listing l
  WHERE l.valid_from <= $3::date AND (l.valid_to IS NULL OR l.valid_to > $3::date)
) s
JOIN citizen c ON c.id = s.citizen_id AND (c.end_date IS NULL OR c.end_date > $3::date)
JOIN area ar ON ar.area_code = c.area_code
LEFT JOIN (${WEIGHTS}) w ON w.citizen_id = c.id
CROSS JOIN LATERAL (SELECT ${AGE} AS age) a`

/**
 * The region's sums (for normalisation) and an order-independent digest of every line input: two
 * 64-bit hashes of each row summed, with the count and the sums, go into the run's fingerprint.
 */
export const RUN_LINE_DIGEST = `
SELECT count(*)::bigint AS lines,
       coalesce(sum(days), 0)::bigint AS days,
       coalesce(sum(weight * days), 0)::text AS weight_days,
       coalesce(sum(hashtextextended(r, 0)::numeric), 0)::text AS h0,
       coalesce(sum(hashtextextended(r, 1)::numeric), 0)::text AS h1
FROM run_line l
CROSS JOIN LATERAL concat_ws(',', clinic_id, citizen_id, personal_id, days, age, sex, points, weight, interpreter, cni) AS r`

/**
 * Clinics paid for: every one authorised at any time in [$1, $2) (an empty authorisation, revoked
 * before its first day, is not), any with lines, and any the
 * month's newest revision ($3) had, so that a clinic a correction takes out shows its recovery.
 */
export const RUN_CLINICS = `
SELECT k.id, k.hsa_id, k.ownership::text AS ownership, k.geography_points
FROM clinic k
WHERE (k.authorised_from < $2::date AND (k.authorised_to IS NULL OR k.authorised_to > $1::date)
       -- An authorisation revoked before its first day is empty: never authorised.
       AND (k.authorised_to IS NULL OR k.authorised_to > k.authorised_from))
   OR EXISTS (SELECT 1 FROM run_line l WHERE l.clinic_id = k.id)
   OR EXISTS (SELECT 1 FROM payment_clinic p WHERE p.run_id = $3::int AND p.clinic_id = k.id)
ORDER BY k.id`

/** Each clinic's latest result per indicator published before the month's first day $1. */
export const RUN_QUALITY = `
SELECT DISTINCT ON (clinic_id, indicator)
       clinic_id, indicator, period, numerator, denominator, to_char(published, 'YYYY-MM-DD') AS published
FROM quality_result
WHERE indicator = ANY($2::text[]) AND published < $1::date
ORDER BY clinic_id, indicator, published DESC, period DESC`

/**
 * Writes the lines with their amounts into `target` (or, for a what-if with null, only computes them), each component an exact product divided once and rounded
 * once (ore_round), and returns the per-clinic sums in the same statement.
 *
 * $1 run id, $2 12 × D(M), $3 age/sex kr, $4 care-weight kr, $5 Σdays, $6 Σ(w × days) (both 1 when
 * not normalising), $7 interpreter kr, $8 geography kr, $9 geography min points (NULL = absent),
 * $10 socioeconomic kr, $11 min clinic mean CNI (NULL = absent).
 */
export function lineSums(target: string | null): string {
  const lines = target
    ? `INSERT INTO ${target} (run_id, clinic_id, personal_id, citizen_id, days, age, sex, points, care_weight,
                            interpreter_need, cni, age_sex, care_weight_amount, interpreter, geography, socioeconomic, capitation)
  SELECT $1::int, clinic_id, personal_id, citizen_id, days, age, sex, points, weight, interpreter_need, cni,
         age_sex, care_weight, interpreter, geography, socioeconomic,
         age_sex + care_weight + interpreter + geography + socioeconomic
  FROM amounts
  RETURNING clinic_id, days, points, care_weight, cni, age_sex, care_weight_amount, interpreter, geography, socioeconomic, capitation`
    : `SELECT clinic_id, days, points, weight AS care_weight, cni, age_sex, care_weight AS care_weight_amount,
         interpreter, geography, socioeconomic, age_sex + care_weight + interpreter + geography + socioeconomic AS capitation
  FROM amounts WHERE $1::int IS NOT NULL`
  return `
WITH cni_ok AS (
  SELECT clinic_id, $11::numeric IS NOT NULL AND sum(cni * days) >= $11::numeric * sum(days) AS ok
  FROM run_line GROUP BY clinic_id
), amounts AS (
  SELECT l.clinic_id, l.personal_id, l.citizen_id, l.days, l.age, l.sex, l.points, l.weight, l.interpreter AS interpreter_need, l.cni,
         ore_round($3::numeric * l.points * l.days, $2::numeric) AS age_sex,
         ore_round($4::numeric * l.weight * l.days * $5::numeric, $2::numeric * $6::numeric) AS care_weight,
         CASE WHEN l.interpreter THEN ore_round($7::numeric * l.days, $2::numeric) ELSE 0 END AS interpreter,
         CASE WHEN k.geography_points >= $9::int
              THEN ore_round($8::numeric * k.geography_points * l.points * l.days, $2::numeric) ELSE 0 END AS geography,
         CASE WHEN f.ok THEN ore_round($10::numeric * l.cni * l.days, $2::numeric) ELSE 0 END AS socioeconomic
  FROM run_line l
  JOIN clinic k ON k.id = l.clinic_id
  JOIN cni_ok f ON f.clinic_id = l.clinic_id
), written AS (
  ${lines}
)
SELECT clinic_id,
       count(*)::int AS listed_citizens,
       sum(points * days)::text AS point_days,
       sum(days)::bigint AS days,
       sum(care_weight * days)::text AS weight_days,
       sum(cni * days)::text AS cni_days,
       sum(age_sex)::text AS age_sex,
       sum(care_weight_amount)::text AS care_weight,
       sum(interpreter)::text AS interpreter,
       sum(geography)::text AS geography,
       sum(socioeconomic)::text AS socioeconomic,
       sum(capitation)::text AS capitation
FROM written
GROUP BY clinic_id`
}

/**
 * A run's lines go into a table of their own, loaded without indexes; its key is then built in one
 * sorted pass and it is attached as the run's partition of payment_line (docs/decisions/0008).
 * `runId` is an integer from the database's sequence, never user input.
 */
export function linePartition(runId: number) {
  if (!Number.isSafeInteger(runId) || runId <= 0) throw new RangeError(`bad run id ${runId}`)
  const table = `payment_line_r${runId}`
  return {
    table,
    create: `CREATE TABLE ${table} (LIKE payment_line INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CHECK (run_id = ${runId}))`,
    finish: [
      `ALTER TABLE ${table} ADD PRIMARY KEY (run_id, clinic_id, personal_id)`,
      `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION payment_append_only()`,
      `ALTER TABLE payment_line ATTACH PARTITION ${table} FOR VALUES IN (${runId})`,
    ],
  }
}

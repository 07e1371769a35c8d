/**
 * The set-based SQL of each import: the staging table COPY fills, the checks that need the
 * database (unknown keys, duplicates and overlaps within the file) and the merge.
 */
import type { ImportKind } from './rules.ts'

export interface ImportSql {
  /** The table the merge writes. */
  target: string
  /** Column list of the TEMP staging table, after `line integer`. */
  staging: string
  /** Queries returning (line, column, problem) rows; each is wrapped with a count and a limit. */
  checks: string[]
  /** Statements run in order; each returns one row of counts (inserted, updated, deleted). */
  merge: string[]
}

/** A row repeated within the file: every occurrence after the first is a problem. */
function duplicates(keyColumns: string[], column: string, what: string): string {
  const key = keyColumns.join(', ')
  return `SELECT line, '${column}' AS column, 'appears again for the same ${what} (first on line ' || first_line || ')' AS problem
    FROM (SELECT line, min(line) OVER (PARTITION BY ${key}) AS first_line FROM staging) d
    WHERE line <> first_line`
}

function unknownCitizen(column = 'personal_id'): string {
  return `SELECT s.line, '${column}' AS column, 'no citizen with this personal identity number (import citizens first)' AS problem
    FROM staging s WHERE NOT EXISTS (SELECT 1 FROM citizen c WHERE c.personal_id = s.${column})`
}

function unknownArea(): string {
  return `SELECT s.line, 'area_code' AS column, 'unknown area ' || s.area_code || ' (import areas first)' AS problem
    FROM staging s WHERE NOT EXISTS (SELECT 1 FROM area a WHERE a.area_code = s.area_code)`
}

export const IMPORT_SQL: Record<ImportKind, ImportSql> = {
  areas: {
    target: 'area',
    staging: 'area_code text, municipality_code text, name text, cni numeric(8,4), lat numeric(9,6), lon numeric(9,6)',
    checks: [
      duplicates(['area_code'], 'area_code', 'area_code'),
      `SELECT s.line, 'municipality_code' AS column, 'unknown municipality ' || s.municipality_code || ' (not one of the region''s municipalities)' AS problem
        FROM staging s WHERE NOT EXISTS (SELECT 1 FROM municipality m WHERE m.code = s.municipality_code)`,
    ],
    merge: [
      `WITH up AS (
         INSERT INTO area (area_code, municipality_code, name, cni, centre_lat, centre_lon)
         SELECT area_code, municipality_code, name, cni, lat, lon FROM staging
         ON CONFLICT (area_code) DO UPDATE SET municipality_code = EXCLUDED.municipality_code, name = EXCLUDED.name,
           cni = EXCLUDED.cni, centre_lat = EXCLUDED.centre_lat, centre_lon = EXCLUDED.centre_lon
         WHERE (area.municipality_code, area.name, area.cni, area.centre_lat, area.centre_lon)
           IS DISTINCT FROM (EXCLUDED.municipality_code, EXCLUDED.name, EXCLUDED.cni, EXCLUDED.centre_lat, EXCLUDED.centre_lon)
         RETURNING (xmax = 0) AS inserted)
       SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated, 0 AS deleted FROM up`,
    ],
  },
  clinics: {
    target: 'clinic',
    staging: 'hsa_id text, name text, area_code text, ownership text, geography_points integer, lat numeric(9,6), lon numeric(9,6)',
    checks: [duplicates(['hsa_id'], 'hsa_id', 'hsa_id'), unknownArea()],
    merge: [
      `WITH up AS (
         INSERT INTO clinic (hsa_id, name, area_code, ownership, geography_points, lat, lon)
         SELECT hsa_id, name, area_code, ownership::"Ownership", geography_points, lat, lon FROM staging
         ON CONFLICT (hsa_id) DO UPDATE SET name = EXCLUDED.name, area_code = EXCLUDED.area_code, ownership = EXCLUDED.ownership,
           geography_points = EXCLUDED.geography_points, lat = EXCLUDED.lat, lon = EXCLUDED.lon, updated_at = now()
         WHERE (clinic.name, clinic.area_code, clinic.ownership, clinic.geography_points, clinic.lat, clinic.lon)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.area_code, EXCLUDED.ownership, EXCLUDED.geography_points, EXCLUDED.lat, EXCLUDED.lon)
         RETURNING (xmax = 0) AS inserted)
       SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated, 0 AS deleted FROM up`,
    ],
  },
  citizens: {
    target: 'citizen',
    staging: 'personal_id char(12), sex text, birth_date date, area_code text, interpreter_need boolean, end_date date',
    checks: [duplicates(['personal_id'], 'personal_id', 'personal_id'), unknownArea()],
    merge: [
      // Changed rows first, then new ones in key order: a plain, sorted INSERT fills the unique
      // index far faster than INSERT … ON CONFLICT on millions of rows.
      `WITH up AS (
         UPDATE citizen c SET sex = s.sex::"Sex", birth_date = s.birth_date, area_code = s.area_code,
           interpreter_need = s.interpreter_need, end_date = s.end_date, updated_at = now(),
           -- A new area is a move, dated by the import (Swedish date): a choice after it may not count as a switch.
           moved_on = CASE WHEN c.area_code <> s.area_code THEN (now() AT TIME ZONE 'Europe/Stockholm')::date ELSE c.moved_on END
         FROM staging s
         WHERE c.personal_id = s.personal_id
           AND (c.sex::text, c.birth_date, c.area_code, c.interpreter_need, c.end_date)
             IS DISTINCT FROM (s.sex, s.birth_date, s.area_code, s.interpreter_need, s.end_date)
         RETURNING 1)
       SELECT 0 AS inserted, count(*) AS updated, 0 AS deleted FROM up`,
      `WITH ins AS (
         INSERT INTO citizen (personal_id, sex, birth_date, area_code, interpreter_need, end_date)
         SELECT personal_id, sex::"Sex", birth_date, area_code, interpreter_need, end_date FROM staging s
         WHERE NOT EXISTS (SELECT 1 FROM citizen c WHERE c.personal_id = s.personal_id)
         ORDER BY personal_id
         RETURNING 1)
       SELECT count(*) AS inserted, 0 AS updated, 0 AS deleted FROM ins`,
    ],
  },
  listings: {
    target: 'listing',
    staging: 'personal_id char(12), hsa_id text, valid_from date, valid_to date, kind text',
    checks: [
      duplicates(['personal_id', 'valid_from'], 'valid_from', 'personal_id and valid_from'),
      unknownCitizen(),
      `SELECT s.line, 'hsa_id' AS column, 'unknown clinic ' || s.hsa_id || ' (import clinics first)' AS problem
        FROM staging s WHERE NOT EXISTS (SELECT 1 FROM clinic k WHERE k.hsa_id = s.hsa_id)`,
      // Against every earlier period of the citizen, not only the one before: an open period overlaps all later ones.
      `SELECT line, 'valid_from' AS column, CASE WHEN reach = 'infinity'
          THEN 'overlaps an earlier open-ended listing of the same citizen'
          ELSE 'overlaps an earlier listing of the same citizen, which ends ' || reach END AS problem
        FROM (SELECT line, valid_from,
                max(coalesce(valid_to, 'infinity'::date)) OVER (PARTITION BY personal_id ORDER BY valid_from, line
                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
              FROM staging) o
        WHERE reach > valid_from`,
    ],
    merge: [
      `CREATE TEMP TABLE resolved ON COMMIT DROP AS
         SELECT c.id AS citizen_id, k.id AS clinic_id, s.valid_from, s.valid_to, s.kind::"ListingKind" AS kind
         FROM staging s JOIN citizen c ON c.personal_id = s.personal_id JOIN clinic k ON k.hsa_id = s.hsa_id`,
      'ANALYZE resolved',
      // The file replaces the history of the citizens it names; identical periods are kept as they are.
      `WITH del AS (
         DELETE FROM listing l
         WHERE l.citizen_id IN (SELECT citizen_id FROM resolved)
           AND NOT EXISTS (SELECT 1 FROM resolved r WHERE r.citizen_id = l.citizen_id AND r.valid_from = l.valid_from
                           AND r.valid_to IS NOT DISTINCT FROM l.valid_to AND r.clinic_id = l.clinic_id AND r.kind = l.kind)
         RETURNING 1)
       SELECT 0 AS inserted, 0 AS updated, count(*) AS deleted FROM del`,
      `WITH ins AS (
         INSERT INTO listing (citizen_id, clinic_id, valid_from, valid_to, kind)
         SELECT r.citizen_id, r.clinic_id, r.valid_from, r.valid_to, r.kind FROM resolved r
         WHERE NOT EXISTS (SELECT 1 FROM listing l WHERE l.citizen_id = r.citizen_id AND l.valid_from = r.valid_from)
         RETURNING 1)
       SELECT count(*) AS inserted, 0 AS updated, 0 AS deleted FROM ins`,
    ],
  },
  'care-weights': {
    target: 'care_weight',
    staging: 'personal_id char(12), valid_from date, weight numeric(8,4)',
    checks: [duplicates(['personal_id', 'valid_from'], 'valid_from', 'personal_id and month'), unknownCitizen()],
    merge: [
      `CREATE TEMP TABLE resolved ON COMMIT DROP AS
         SELECT c.id AS citizen_id, s.valid_from, s.weight FROM staging s JOIN citizen c ON c.personal_id = s.personal_id`,
      'ANALYZE resolved',
      `WITH del AS (
         DELETE FROM care_weight w
         WHERE w.citizen_id IN (SELECT citizen_id FROM resolved)
           AND NOT EXISTS (SELECT 1 FROM resolved r WHERE r.citizen_id = w.citizen_id AND r.valid_from = w.valid_from AND r.weight = w.weight)
         RETURNING 1)
       SELECT 0 AS inserted, 0 AS updated, count(*) AS deleted FROM del`,
      `WITH ins AS (
         INSERT INTO care_weight (citizen_id, valid_from, weight)
         SELECT r.citizen_id, r.valid_from, r.weight FROM resolved r
         WHERE NOT EXISTS (SELECT 1 FROM care_weight w WHERE w.citizen_id = r.citizen_id AND w.valid_from = r.valid_from)
         RETURNING 1)
       SELECT count(*) AS inserted, 0 AS updated, 0 AS deleted FROM ins`,
    ],
  },
  guardians: {
    target: 'guardianship',
    staging: 'child_personal_id char(12), guardian_personal_id char(12)',
    checks: [
      duplicates(['child_personal_id', 'guardian_personal_id'], 'guardian_personal_id', 'child and guardian'),
      unknownCitizen('child_personal_id'),
      unknownCitizen('guardian_personal_id'),
    ],
    merge: [
      `CREATE TEMP TABLE resolved ON COMMIT DROP AS
         SELECT c.id AS child_id, g.id AS guardian_id FROM staging s
         JOIN citizen c ON c.personal_id = s.child_personal_id JOIN citizen g ON g.personal_id = s.guardian_personal_id`,
      'ANALYZE resolved',
      `WITH del AS (
         DELETE FROM guardianship x
         WHERE x.child_id IN (SELECT child_id FROM resolved)
           AND NOT EXISTS (SELECT 1 FROM resolved r WHERE r.child_id = x.child_id AND r.guardian_id = x.guardian_id)
         RETURNING 1)
       SELECT 0 AS inserted, 0 AS updated, count(*) AS deleted FROM del`,
      `WITH ins AS (
         INSERT INTO guardianship (child_id, guardian_id) SELECT child_id, guardian_id FROM resolved
         ON CONFLICT DO NOTHING RETURNING 1)
       SELECT count(*) AS inserted, 0 AS updated, 0 AS deleted FROM ins`,
    ],
  },
  quality: {
    target: 'quality_result',
    staging: 'hsa_id text, indicator text, period text, numerator integer, denominator integer, published date',
    checks: [
      duplicates(['hsa_id', 'indicator', 'period'], 'period', 'hsa_id, indicator and period'),
      `SELECT s.line, 'hsa_id' AS column, 'no clinic with this HSA-id' AS problem
        FROM staging s WHERE NOT EXISTS (SELECT 1 FROM clinic k WHERE k.hsa_id = s.hsa_id)`,
    ],
    merge: [
      // An upsert by key: results the file does not name are kept.
      `WITH up AS (
         INSERT INTO quality_result (clinic_id, indicator, period, numerator, denominator, published)
         SELECT k.id, s.indicator, s.period, s.numerator, s.denominator, s.published FROM staging s JOIN clinic k ON k.hsa_id = s.hsa_id
         ON CONFLICT (clinic_id, indicator, period) DO UPDATE SET numerator = EXCLUDED.numerator,
           denominator = EXCLUDED.denominator, published = EXCLUDED.published
         WHERE (quality_result.numerator, quality_result.denominator, quality_result.published)
           IS DISTINCT FROM (EXCLUDED.numerator, EXCLUDED.denominator, EXCLUDED.published)
         RETURNING (xmax = 0) AS inserted)
       SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated, 0 AS deleted FROM up`,
    ],
  },
}

/**
 * The payment benchmark's yardstick: one hand-written SELECT that computes every clinic's
 * capitation for a month straight from the registers, with the rules of
 * shared/spec/payment-model.md §3–§4 (daily allocation only) and the same per-line rounding as the
 * engine (`ore_round`, exact half-up of p/q). No staging, no digest, no lines written: the
 * practical limit of what the engine's month run could cost.
 *
 * The model's parameters go in as SQL literals; each is checked to be a plain decimal first.
 */
import { daysInMonth, firstDay, nextMonth, type PaymentModelParams } from '../../app/modules/payments/rules.ts'
import { pointsByAge } from '../../app/modules/payments/run.server.ts'

const DECIMAL = /^\d+(\.\d+)?$/

/** A validated decimal string as a numeric literal. */
function num(value: string | number): string {
  const text = String(value)
  if (!DECIMAL.test(text)) throw new RangeError(`not a plain decimal: ${JSON.stringify(text)}`)
  return `${text}::numeric`
}

function date(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new RangeError(`not a date: ${value}`)
  return `DATE '${value}'`
}

function numericArray(values: readonly string[]): string {
  return `ARRAY[${values.map((v) => num(v).replace('::numeric', '')).join(',')}]::numeric[]`
}

/**
 * One statement; its rows: clinic_id, lines, days, weight_days, cni_ok, age_sex, care_weight,
 * interpreter, geography, socioeconomic, capitation (numerics as text), one per clinic with lines,
 * plus region_days and region_weight_days (the same on every row).
 */
export function singleStatement(params: PaymentModelParams, month: string): string {
  if (params.allocation !== 'daily') throw new RangeError('the single statement is written for daily allocation')
  const start = date(firstDay(month))
  const end = date(firstDay(nextMonth(month)))
  const year = num(12 * daysInMonth(month)) // 12 × D(M): a line's share of a year is days / (12 × D)
  const points = pointsByAge(params)
  const normalise = params.careWeight.normalise === 'regionMean'
  const geo = params.geography
  const socio = params.socioeconomic
  // Care weight, normalised: kr × w × days × Σdays / (12D × Σ(w × days)), rounded once.
  const careWeight = normalise
    ? `ore_round(${num(params.careWeight.krPerPointPerYear)} * l.weight * l.days * t.region_days, ${year} * t.region_weight_days)`
    : `ore_round(${num(params.careWeight.krPerPointPerYear)} * l.weight * l.days, ${year})`
  const interpreter = params.interpreter
    ? `CASE WHEN l.interpreter THEN ore_round(${num(params.interpreter.krPerYear)} * l.days, ${year}) ELSE 0 END`
    : '0'
  const geography = geo
    ? `CASE WHEN k.geography_points >= ${Number(geo.minPoints) | 0}
            THEN ore_round(${num(geo.krPerGeoPointPerListingPointPerYear)} * k.geography_points * l.points * l.days, ${year}) ELSE 0 END`
    : '0'
  const cniOk = socio ? `sum(cni * days) >= ${num(socio.minClinicMeanCni)} * sum(days)` : 'false'
  const socioeconomic = socio ? `CASE WHEN t.cni_ok THEN ore_round(${num(socio.krPerCniPointPerYear)} * l.cni * l.days, ${year}) ELSE 0 END` : '0'

  return `
WITH line AS MATERIALIZED (
  SELECT p.clinic_id, p.days,
         (CASE c.sex WHEN 'F' THEN ${numericArray(points.F)} ELSE ${numericArray(points.M)} END)
           [least(greatest(0, extract(year FROM age(${start}, c.birth_date)))::int, 150) + 1] AS points,
         coalesce(w.weight, ${num(params.careWeight.defaultWeight)}) AS weight,
         c.interpreter_need AS interpreter,
         coalesce(ar.cni, 0) AS cni
  FROM (
    SELECT l.citizen_id, l.clinic_id,
           sum(least(coalesce(l.valid_to, ${end}), ${end}, coalesce(c.end_date, ${end})) - greatest(l.valid_from, ${start}))::int AS days
    FROM listing l
    JOIN citizen c ON c.id = l.citizen_id
    WHERE l.valid_from < ${end} AND (l.valid_to IS NULL OR l.valid_to > ${start})
      AND (c.end_date IS NULL OR c.end_date > greatest(l.valid_from, ${start}))
    GROUP BY l.citizen_id, l.clinic_id
  ) p
  JOIN citizen c ON c.id = p.citizen_id
  JOIN area ar ON ar.area_code = c.area_code
  LEFT JOIN (
    SELECT DISTINCT ON (citizen_id) citizen_id, weight
    FROM care_weight WHERE valid_from <= ${start}
    ORDER BY citizen_id, valid_from DESC
  ) w ON w.citizen_id = p.citizen_id
), per_clinic AS (
  SELECT clinic_id, sum(days) AS days, sum(weight * days) AS weight_days, ${cniOk} AS cni_ok
  FROM line GROUP BY clinic_id
), totals AS (
  SELECT clinic_id, cni_ok, sum(days) OVER () AS region_days, sum(weight_days) OVER () AS region_weight_days
  FROM per_clinic
)
SELECT l.clinic_id,
       count(*)::int AS lines,
       sum(l.days)::text AS days,
       sum(l.weight * l.days)::text AS weight_days,
       bool_and(t.cni_ok) AS cni_ok,
       min(t.region_days)::text AS region_days,
       min(t.region_weight_days)::text AS region_weight_days,
       sum(a.age_sex)::text AS age_sex,
       sum(a.care_weight)::text AS care_weight,
       sum(a.interpreter)::text AS interpreter,
       sum(a.geography)::text AS geography,
       sum(a.socioeconomic)::text AS socioeconomic,
       sum(a.age_sex + a.care_weight + a.interpreter + a.geography + a.socioeconomic)::text AS capitation
FROM line l
JOIN totals t ON t.clinic_id = l.clinic_id
JOIN clinic k ON k.id = l.clinic_id
CROSS JOIN LATERAL (
  SELECT ore_round(${num(params.ageSex.krPerPointPerYear)} * l.points * l.days, ${year}) AS age_sex,
         ${careWeight} AS care_weight,
         ${interpreter} AS interpreter,
         ${geography} AS geography,
         ${socioeconomic} AS socioeconomic
) a
GROUP BY l.clinic_id
ORDER BY l.clinic_id`
}

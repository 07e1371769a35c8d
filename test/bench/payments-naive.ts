/**
 * The payment benchmark's row-by-row baseline: what a straightforward ORM-style implementation
 * does for each citizen — read the citizen, their listings, their care weights, their area and
 * their clinic(s) with one query each, compute the line amounts in Node (rules.ts `lineAmounts`),
 * and INSERT each line on its own. Run over a sample and extrapolated; everything it writes goes
 * into a temporary table inside a transaction that is rolled back.
 *
 * It is given what it cannot know line by line: the region's Σdays and Σ(w × days) (from the
 * engine's run) and which clinics' mean CNI qualifies (from the single statement). A real naive run
 * would need a whole first pass over every citizen to get them, so the extrapolation flatters it.
 */
import type pg from 'pg'
import { ageAt, bandPoints, daysInMonth, firstDay, lineAmounts, listedDays, type LineAmounts, type PaymentModelParams } from '../../app/modules/payments/rules.ts'
import type { Sex } from '../../app/modules/identity/personal-id.ts'

export interface NaiveInput {
  params: PaymentModelParams
  month: string
  citizenIds: readonly string[]
  regionDays: string
  regionWeightDays: string
  cniQualifies: ReadonlySet<number>
}

export interface NaiveLine extends LineAmounts {
  citizenId: string
  clinicId: number
}

export interface NaiveResult {
  seconds: number
  citizens: number
  lines: NaiveLine[]
  queries: number
}

interface CitizenRow {
  id: string
  personal_id: string
  sex: Sex
  birth_date: string
  area_code: string
  interpreter_need: boolean
  end_date: string | null
}

/** Runs the sample on `client` (which it leaves with no transaction open). */
export async function runNaive(client: pg.Client, input: NaiveInput): Promise<NaiveResult> {
  const { params, month } = input
  const start = firstDay(month)
  const dim = daysInMonth(month)
  const regionWeight = { days: input.regionDays, weightDays: input.regionWeightDays }
  const lines: NaiveLine[] = []
  let queries = 0
  const query = async <T extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<T[]> => {
    queries++
    // Named: prepared once per connection and reused, as ORMs do.
    return (await client.query<T>({ name, text, values })).rows
  }

  await client.query('BEGIN')
  try {
    await client.query('CREATE TEMP TABLE naive_line (LIKE payment_line INCLUDING DEFAULTS) ON COMMIT DROP')
    const started = performance.now()
    for (const id of input.citizenIds) {
      const [citizen] = await query<CitizenRow>(
        'naive-citizen',
        `SELECT id, personal_id, sex, birth_date::text AS birth_date, area_code, interpreter_need, end_date::text AS end_date
         FROM citizen WHERE id = $1`,
        [id],
      )
      if (!citizen) throw new Error(`citizen ${id} not found`)
      const listings = await query<{ clinic_id: number; valid_from: string; valid_to: string | null }>(
        'naive-listings',
        'SELECT clinic_id, valid_from::text AS valid_from, valid_to::text AS valid_to FROM listing WHERE citizen_id = $1 ORDER BY valid_from',
        [id],
      )
      const weights = await query<{ valid_from: string; weight: string }>(
        'naive-weights',
        'SELECT valid_from::text AS valid_from, weight::text AS weight FROM care_weight WHERE citizen_id = $1 ORDER BY valid_from',
        [id],
      )
      const [area] = await query<{ cni: string | null }>('naive-area', 'SELECT cni::text AS cni FROM area WHERE area_code = $1', [citizen.area_code])
      const clinicIds = [...new Set(listings.map((l) => l.clinic_id))]
      const clinics = await query<{ id: number; geography_points: number }>(
        'naive-clinics',
        'SELECT id, geography_points FROM clinic WHERE id = ANY($1::int[])',
        [clinicIds],
      )

      let weight = params.careWeight.defaultWeight
      for (const w of weights) if (w.valid_from <= start) weight = w.weight
      const age = ageAt(citizen.birth_date, start)
      const points = bandPoints(params, age, citizen.sex)
      for (const clinic of clinics) {
        const periods = listings.filter((l) => l.clinic_id === clinic.id).map((l) => ({ validFrom: l.valid_from, validTo: l.valid_to }))
        const days = listedDays({ month, periods, endDate: citizen.end_date })
        if (days <= 0) continue
        const amounts = lineAmounts(params, {
          days,
          daysInMonth: dim,
          points,
          weight,
          regionWeight,
          interpreterNeed: citizen.interpreter_need,
          clinicGeographyPoints: clinic.geography_points,
          cni: area?.cni ?? null,
          clinicMeanCniQualifies: input.cniQualifies.has(clinic.id),
        })
        await query(
          'naive-insert',
          `INSERT INTO naive_line (run_id, clinic_id, personal_id, citizen_id, days, age, sex, points, care_weight,
             interpreter_need, cni, age_sex, care_weight_amount, interpreter, geography, socioeconomic, capitation)
           VALUES (0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
          [clinic.id, citizen.personal_id, id, days, age, citizen.sex, points, weight, citizen.interpreter_need, area?.cni ?? '0',
            amounts.ageSex, amounts.careWeight, amounts.interpreter, amounts.geography, amounts.socioeconomic, amounts.capitation],
        )
        lines.push({ citizenId: id, clinicId: clinic.id, ...amounts })
      }
    }
    const seconds = (performance.now() - started) / 1000
    return { seconds, citizens: input.citizenIds.length, lines, queries }
  } finally {
    await client.query('ROLLBACK')
  }
}

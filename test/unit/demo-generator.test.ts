import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createReadStream } from 'node:fs'
import { CsvReader, type CsvRecord } from '../../app/modules/imports/csv.ts'
import { parsePersonalId } from '../../app/modules/identity/personal-id.ts'
import { IMPORT_SPECS, checkRow, mapHeader } from '../../app/modules/imports/rules.ts'
import { DEMO_PAYMENT_MODEL } from '../../app/modules/payments/model.ts'
import {
  DEFAULT_UPCODING_HSA_IDS,
  QUALITY_INDICATORS,
  writeDemoRegion,
  type ClinicProfile,
  type DemoFile,
  type DemoSummary,
} from '../../app/modules/demo/index.ts'
import { DEMO_IMPORT_ORDER } from '../../app/modules/demo/load.server.ts'
import { buildRegion } from '../../app/modules/demo/region.ts'
import { qualityPeriods, qualityPublished, qualityRows } from '../../app/modules/demo/quality.ts'
import { Rng, WeightedSampler } from '../../app/modules/demo/prng.ts'
import {
  ageOn,
  agePyramidWeights,
  birthDayRange,
  careWeightFromNormal,
  csvField,
  dayFromIso,
  demoPaymentMonths,
  geographyPoints,
  isoFromDay,
  maleShare,
  slugify,
} from '../../app/modules/demo/rules.ts'

const N = 20_000
const AS_OF = '2026-11-01'
const asOfDay = dayFromIso(AS_OF)

type Row = Record<string, string>

let root: string
let summary: DemoSummary
let citizens: Row[]
let listings: Row[]
let weights: Row[]
let guardians: Row[]
let areas: Row[]
let clinics: Row[]
let quality: Row[]
let profiles: ClinicProfile[]

async function readRecords(path: string): Promise<CsvRecord[]> {
  // Read with the importer's own CSV reader: what the generator writes is what the imports read.
  const records: CsvRecord[] = []
  for await (const batch of createReadStream(path).pipe(new CsvReader())) records.push(...(batch as CsvRecord[]))
  return records
}

async function readCsv(path: string): Promise<Row[]> {
  const [header, ...rows] = await readRecords(path)
  return rows.map((r) => Object.fromEntries(header!.fields.map((name, i) => [name, r.fields[i] ?? ''])) as Row)
}

function age(birthDate: string): number {
  return ageOn(dayFromIso(birthDate), asOfDay)
}

function share<T>(items: T[], test: (item: T) => boolean): number {
  return items.filter(test).length / items.length
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'demo-test-'))
  summary = await writeDemoRegion(join(root, 'a'), { citizens: N, seed: 2027, asOf: AS_OF })
  citizens = await readCsv(summary.files.citizens)
  listings = await readCsv(summary.files.listings)
  weights = await readCsv(summary.files['care-weights'])
  guardians = await readCsv(summary.files.guardians)
  areas = await readCsv(summary.files.areas)
  clinics = await readCsv(summary.files.clinics)
  quality = await readCsv(summary.files.quality)
  profiles = JSON.parse(await readFile(summary.files['clinic-profiles'], 'utf8')) as ClinicProfile[]
}, 60_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('demo generator: determinism', () => {
  const files: DemoFile[] = ['areas', 'clinics', 'quality', 'citizens', 'listings', 'care-weights', 'guardians', 'clinic-profiles']

  it('writes byte-identical files for the same citizens, seed and date', async () => {
    const again = await writeDemoRegion(join(root, 'b'), { citizens: N, seed: 2027, asOf: AS_OF })
    for (const f of files) {
      expect((await readFile(again.files[f])).equals(await readFile(summary.files[f])), f).toBe(true)
    }
    expect(await readFile(join(root, 'b', 'municipalities.json'), 'utf8')).toBe(
      await readFile(join(root, 'a', 'municipalities.json'), 'utf8'),
    )
    expect(again.counts).toEqual(summary.counts)
  })

  it('writes other files for another seed', async () => {
    const other = await writeDemoRegion(join(root, 'c'), { citizens: N, seed: 7, asOf: AS_OF })
    for (const f of ['citizens', 'listings', 'care-weights', 'clinics', 'quality'] as const) {
      expect((await readFile(other.files[f])).equals(await readFile(summary.files[f])), f).toBe(false)
    }
  })

  it('rejects bad options', async () => {
    await expect(writeDemoRegion(join(root, 'd'), { citizens: -1 })).rejects.toThrow(RangeError)
    await expect(writeDemoRegion(join(root, 'd'), { citizens: 10, asOf: '2026-02-30' })).rejects.toThrow(RangeError)
  })
})

describe('demo generator: files and headers', () => {
  it('writes the spec headers and counts every data row', async () => {
    const header = async (f: DemoFile) => (await readFile(summary.files[f], 'utf8')).split('\n', 1)[0]
    expect(await header('areas')).toBe('area_code,municipality_code,name,cni,lat,lon')
    expect(await header('clinics')).toBe('hsa_id,name,area_code,ownership,geography_points,lat,lon')
    expect(await header('citizens')).toBe('personal_id,sex,birth_date,area_code,interpreter_need,end_date')
    expect(await header('listings')).toBe('personal_id,hsa_id,valid_from,valid_to,kind')
    expect(await header('care-weights')).toBe('personal_id,valid_from,weight')
    expect(await header('guardians')).toBe('child_personal_id,guardian_personal_id')
    expect(await header('quality')).toBe('hsa_id,indicator,period,numerator,denominator,published')
    expect(quality).toHaveLength(summary.counts.quality)
    expect(summary.counts.citizens).toBe(N)
    expect(citizens).toHaveLength(N)
    expect(listings).toHaveLength(summary.counts.listings)
    expect(weights).toHaveLength(summary.counts['care-weights'])
    expect(guardians).toHaveLength(summary.counts.guardians)
    expect(summary.counts['clinic-profiles']).toBe(clinics.length)
  })

  it('names Region Sörmland and its nine real municipalities', async () => {
    const m = JSON.parse(await readFile(join(summary.dir, 'municipalities.json'), 'utf8')) as {
      region: { code: string; name: string }
      municipalities: { code: string; name: string }[]
    }
    expect(m.region).toEqual({ code: '04', name: 'Region Sörmland' })
    expect(m.municipalities.map((x) => x.code)).toEqual(['0428', '0461', '0480', '0481', '0482', '0483', '0484', '0486', '0488'])
    expect(m.municipalities.find((x) => x.code === '0484')?.name).toBe('Eskilstuna')
  })
})

describe('demo generator: areas and clinics', () => {
  it('has 3-12 areas per municipality with CNI mostly 0.6-1.4 and a few deprived', () => {
    const perMunicipality = new Map<string, number>()
    for (const a of areas) {
      expect(a.area_code).toMatch(/^\d{4}A\d{3}$/)
      expect(a.area_code!.slice(0, 4)).toBe(a.municipality_code)
      perMunicipality.set(a.municipality_code!, (perMunicipality.get(a.municipality_code!) ?? 0) + 1)
      expect(Number(a.lat)).toBeGreaterThan(58.5)
      expect(Number(a.lat)).toBeLessThan(59.6)
      expect(Number(a.lon)).toBeGreaterThan(15.6)
      expect(Number(a.lon)).toBeLessThan(17.8)
    }
    for (const n of perMunicipality.values()) expect(n).toBeGreaterThanOrEqual(3)
    for (const n of perMunicipality.values()) expect(n).toBeLessThanOrEqual(12)
    const cni = areas.map((a) => Number(a.cni))
    expect(share(cni, (c) => c >= 0.6 && c <= 1.4)).toBeGreaterThan(0.6)
    const deprived = cni.filter((c) => c >= 2)
    expect(deprived.length).toBeGreaterThanOrEqual(3)
    expect(deprived.length).toBeLessThanOrEqual(8)
    expect(Math.max(...cni)).toBeLessThanOrEqual(3.5)
  })

  it('has 40-60 clinics with unique HSA-ids, about half public, geography points 0-22', () => {
    expect(clinics.length).toBeGreaterThanOrEqual(40)
    expect(clinics.length).toBeLessThanOrEqual(60)
    const ids = new Set(clinics.map((c) => c.hsa_id))
    expect(ids.size).toBe(clinics.length)
    expect(new Set(clinics.map((c) => c.name)).size).toBe(clinics.length)
    const areaCodes = new Set(areas.map((a) => a.area_code))
    for (const c of clinics) {
      expect(c.hsa_id).toMatch(/^SE2321000032-E\d{12}$/)
      expect(areaCodes.has(c.area_code!)).toBe(true)
      expect(Number(c.geography_points)).toBeGreaterThanOrEqual(0)
      expect(Number(c.geography_points)).toBeLessThanOrEqual(22)
    }
    expect(share(clinics, (c) => c.ownership === 'public')).toBeGreaterThan(0.35)
    expect(share(clinics, (c) => c.ownership === 'public')).toBeLessThan(0.65)
    const remote = clinics.filter((c) => Number(c.geography_points) >= 10).length
    expect(remote).toBeGreaterThanOrEqual(1)
    expect(remote).toBeLessThanOrEqual(clinics.length / 3)
    // Every municipality has a clinic.
    expect(new Set(clinics.map((c) => c.area_code!.slice(0, 4))).size).toBe(9)
  })

  it('has a profile per clinic: general practice everywhere, Swedish, weekday hours, one or two caps', () => {
    expect(profiles.map((p) => p.hsaId)).toEqual(clinics.map((c) => c.hsa_id))
    for (const p of profiles) {
      expect(p.services).toContain('general_practice')
      expect(p.languages.slice(0, 2)).toEqual(['sv', 'en'])
      for (const l of p.languages) expect(l).toMatch(/^[a-z]{2}$/)
      expect(p.postalCode).toMatch(/^\d{3} \d{2}$/)
      expect(p.phone).toMatch(/^0\d{2,3}-\d{2} \d{2} \d{2}$/)
      expect(p.website).toMatch(/^https:\/\//)
      expect(p.openingHours.filter((h) => h.day <= 5)).toHaveLength(5)
      for (const h of p.openingHours) {
        expect(h.day).toBeGreaterThanOrEqual(1)
        expect(h.day).toBeLessThanOrEqual(7)
        expect(h.opens < h.closes).toBe(true)
      }
    }
    const capped = profiles.filter((p) => p.listCap !== null)
    expect(capped.length).toBeGreaterThanOrEqual(1)
    expect(capped.length).toBeLessThanOrEqual(2)
    expect(share(profiles, (p) => p.services.includes('child_health'))).toBeGreaterThan(0.6)
  })
})

describe('demo generator: citizens', () => {
  it('gives every citizen a valid, unique identity number agreeing with birth date and sex', () => {
    const seen = new Set<string>()
    const problems: string[] = []
    let coordination = 0
    for (const c of citizens) {
      const parsed = parsePersonalId(c.personal_id!)
      if (!/^\d{12}$/.test(c.personal_id!) || !parsed.ok) problems.push(`${c.personal_id}: invalid`)
      else if (parsed.value.birthDate !== c.birth_date || parsed.value.sex !== c.sex) problems.push(`${c.personal_id}: disagrees`)
      else if (parsed.value.coordinationNumber) coordination++
      seen.add(c.personal_id!)
    }
    expect(problems).toEqual([])
    expect(seen.size).toBe(N)
    expect(coordination / N).toBeGreaterThan(0.002)
    expect(coordination / N).toBeLessThan(0.01)
  })

  it('follows the Swedish age pyramid and sex ratio', () => {
    const ages = citizens.map((c) => age(c.birth_date!))
    expect(Math.min(...ages)).toBe(0)
    expect(Math.max(...ages)).toBeGreaterThanOrEqual(98)
    expect(share(ages, (a) => a < 20)).toBeGreaterThan(0.2)
    expect(share(ages, (a) => a < 20)).toBeLessThan(0.25)
    expect(share(ages, (a) => a >= 20 && a < 65)).toBeGreaterThan(0.53)
    expect(share(ages, (a) => a >= 20 && a < 65)).toBeLessThan(0.61)
    expect(share(ages, (a) => a >= 65)).toBeGreaterThan(0.18)
    expect(share(ages, (a) => a >= 65)).toBeLessThan(0.24)
    const young = citizens.filter((c) => age(c.birth_date!) < 10)
    const old = citizens.filter((c) => age(c.birth_date!) >= 85)
    expect(share(young, (c) => c.sex === 'M')).toBeGreaterThan(0.48)
    expect(share(old, (c) => c.sex === 'F')).toBeGreaterThan(0.55)
    // Birth dates over the whole year, 29 February included.
    expect(new Set(citizens.map((c) => c.birth_date!.slice(5))).size).toBe(366)
  })

  it('has ~6 % interpreter need, more in deprived areas, and ~1 % end dates in the last two years', () => {
    expect(share(citizens, (c) => c.interpreter_need === 'true')).toBeGreaterThan(0.045)
    expect(share(citizens, (c) => c.interpreter_need === 'true')).toBeLessThan(0.075)
    expect(citizens.filter((c) => c.interpreter_need !== 'true' && c.interpreter_need !== 'false')).toEqual([])
    const cni = new Map(areas.map((a) => [a.area_code!, Number(a.cni)]))
    const deprived = citizens.filter((c) => (cni.get(c.area_code!) ?? 0) >= 2)
    const others = citizens.filter((c) => (cni.get(c.area_code!) ?? 0) < 1.4)
    expect(share(deprived, (c) => c.interpreter_need === 'true')).toBeGreaterThan(
      2 * share(others, (c) => c.interpreter_need === 'true'),
    )

    const ended = citizens.filter((c) => c.end_date !== '')
    expect(ended.length / N).toBeGreaterThan(0.005)
    expect(ended.length / N).toBeLessThan(0.02)
    const badEnds = ended.filter((c) => {
      const end = dayFromIso(c.end_date!)
      return end <= dayFromIso(c.birth_date!) || end <= asOfDay - 731 || end > asOfDay
    })
    expect(badEnds).toEqual([])
  })

  it('places citizens in existing areas, by population', () => {
    const codes = new Set(areas.map((a) => a.area_code))
    expect(citizens.filter((c) => !codes.has(c.area_code!))).toEqual([])
    const eskilstuna = share(citizens, (c) => c.area_code!.startsWith('0484'))
    expect(eskilstuna).toBeGreaterThan(0.32)
    expect(eskilstuna).toBeLessThan(0.39)
  })
})

describe('demo generator: listings', () => {
  it('lists at existing clinics in periods that never overlap, after birth and before the end', () => {
    const hsa = new Set(clinics.map((c) => c.hsa_id))
    const byId = new Map(citizens.map((c) => [c.personal_id!, c]))
    const periods = new Map<string, Row[]>()
    const problems: string[] = []
    const check = (ok: boolean, problem: string): void => {
      if (!ok) problems.push(problem)
    }
    for (const l of listings) {
      check(hsa.has(l.hsa_id!), `${l.personal_id}: unknown clinic ${l.hsa_id}`)
      check(l.kind === 'chosen' || l.kind === 'assigned', `${l.personal_id}: kind ${l.kind}`)
      const list = periods.get(l.personal_id!) ?? []
      list.push(l)
      periods.set(l.personal_id!, list)
    }
    for (const [id, list] of periods) {
      const citizen = byId.get(id)
      check(citizen !== undefined, `${id}: listed but not a citizen`)
      if (!citizen) continue
      const birth = dayFromIso(citizen.birth_date!)
      list.sort((a, b) => a.valid_from!.localeCompare(b.valid_from!))
      for (let i = 0; i < list.length; i++) {
        const l = list[i]!
        const from = dayFromIso(l.valid_from!)
        check(from >= birth, `${id}: listed before birth`)
        check(from < asOfDay, `${id}: listed after asOf`)
        if (l.valid_to !== '') check(from < dayFromIso(l.valid_to!), `${id}: valid_from ≥ valid_to`)
        if (i < list.length - 1) {
          check(l.valid_to !== '', `${id}: period ${i} open but not last`)
          check(dayFromIso(l.valid_to!) <= dayFromIso(list[i + 1]!.valid_from!), `${id}: periods ${i}, ${i + 1} overlap`)
        }
      }
      // The last period is open, unless the citizen died or moved: then it ends that day.
      check(list[list.length - 1]!.valid_to === citizen.end_date, `${id}: last period does not end at end_date`)
      check(list.length <= 4, `${id}: ${list.length} periods`)
    }
    expect(problems.slice(0, 20)).toEqual([])
    const unlisted = 1 - periods.size / N
    expect(unlisted).toBeGreaterThan(0.01)
    expect(unlisted).toBeLessThan(0.035)
  })

  it('switches 5-8 % a year, mostly chosen, mostly within the own municipality, within list caps', () => {
    const perCitizen = new Map<string, number>()
    for (const l of listings) perCitizen.set(l.personal_id!, (perCitizen.get(l.personal_id!) ?? 0) + 1)
    const switches = [...perCitizen.values()].reduce((s, n) => s + n - 1, 0)
    const listedYears = listings.reduce(
      (s, l) => s + ((l.valid_to ? dayFromIso(l.valid_to) : asOfDay) - dayFromIso(l.valid_from!)) / 365.25,
      0,
    )
    expect(switches / listedYears).toBeGreaterThan(0.05)
    expect(switches / listedYears).toBeLessThan(0.08)
    expect([...perCitizen.values()].filter((n) => n >= 2).length).toBeGreaterThan(N * 0.2)
    expect(share(listings, (l) => l.kind === 'chosen')).toBeGreaterThan(0.8)
    expect(share(listings, (l) => l.kind === 'assigned')).toBeGreaterThan(0.03)

    const clinicArea = new Map(clinics.map((c) => [c.hsa_id!, c.area_code!]))
    const home = new Map(citizens.map((c) => [c.personal_id!, c.area_code!]))
    const open = listings.filter((l) => l.valid_to === '')
    expect(share(open, (l) => clinicArea.get(l.hsa_id!)!.slice(0, 4) === home.get(l.personal_id!)!.slice(0, 4))).toBeGreaterThan(0.85)

    for (const p of profiles.filter((x) => x.listCap !== null)) {
      expect(open.filter((l) => l.hsa_id === p.hsaId).length).toBeLessThanOrEqual(p.listCap!)
    }
  })
})

describe('demo generator: care weights and guardians', () => {
  it('gives one to three skewed ACG weights per citizen, rising with age', () => {
    const perCitizen = new Map<string, number[]>()
    const badRows = weights.filter((w) => !/^\d{4}-(01|07)$/.test(w.valid_from!) || !/^\d+\.\d{1,4}$/.test(w.weight!))
    expect(badRows).toEqual([])
    for (const w of weights) {
      const list = perCitizen.get(w.personal_id!) ?? []
      list.push(Number(w.weight))
      perCitizen.set(w.personal_id!, list)
    }
    expect(perCitizen.size).toBe(N)
    expect([...perCitizen.values()].filter((list) => list.length < 1 || list.length > 3)).toEqual([])
    const all = weights.map((w) => Number(w.weight))
    const mean = all.reduce((s, x) => s + x, 0) / all.length
    expect(mean).toBeGreaterThan(0.9)
    expect(mean).toBeLessThan(1.1)
    const max = all.reduce((m, x) => Math.max(m, x), 0)
    expect(all.reduce((m, x) => Math.min(m, x), Infinity)).toBeGreaterThan(0)
    expect(max).toBeLessThanOrEqual(8)
    expect(max).toBeGreaterThan(5)
    expect(share(all, (x) => x >= 0.2 && x <= 1.5)).toBeGreaterThan(0.6)
    const meanFor = (test: (a: number) => boolean): number => {
      const xs = citizens.filter((c) => test(age(c.birth_date!))).flatMap((c) => perCitizen.get(c.personal_id!)!)
      return xs.reduce((s, x) => s + x, 0) / xs.length
    }
    expect(meanFor((a) => a >= 75)).toBeGreaterThan(2 * meanFor((a) => a >= 20 && a < 40))
  })

  it('gives children one or two adult guardians from their own area', () => {
    const byId = new Map(citizens.map((c) => [c.personal_id!, c]))
    const perChild = new Map<string, Set<string>>()
    const problems: string[] = []
    for (const g of guardians) {
      const child = byId.get(g.child_personal_id!)
      const guardian = byId.get(g.guardian_personal_id!)
      if (!child || !guardian) {
        problems.push(`${g.child_personal_id},${g.guardian_personal_id}: not a citizen`)
        continue
      }
      const childAge = age(child.birth_date!)
      const guardianAge = age(guardian.birth_date!)
      if (g.child_personal_id === g.guardian_personal_id) problems.push(`${g.child_personal_id}: own guardian`)
      if (childAge >= 18) problems.push(`${g.child_personal_id}: child aged ${childAge}`)
      if (guardianAge < 20 || guardianAge > 55) problems.push(`${g.guardian_personal_id}: guardian aged ${guardianAge}`)
      if (guardianAge - childAge < 17) problems.push(`${g.child_personal_id}: guardian only ${guardianAge - childAge} years older`)
      if (guardian.area_code !== child.area_code) problems.push(`${g.child_personal_id}: guardian in another area`)
      const set = perChild.get(g.child_personal_id!) ?? new Set()
      set.add(g.guardian_personal_id!)
      perChild.set(g.child_personal_id!, set)
    }
    expect(problems.slice(0, 20)).toEqual([])
    expect([...perChild.values()].filter((set) => set.size > 2)).toEqual([])
    expect(perChild.size).toBe(guardians.length - [...perChild.values()].filter((s) => s.size === 2).length)
    const children = citizens.filter((c) => age(c.birth_date!) < 18)
    expect(perChild.size / children.length).toBeGreaterThan(0.97)
    expect([...perChild.values()].filter((s) => s.size === 2).length / perChild.size).toBeGreaterThan(0.6)
  })
})

/** The weight in force in `month` (the row with the latest valid_from ≤ month), or undefined. */
function weightInForce(rows: { month: string; weight: number }[] | undefined, month: string): number | undefined {
  let w: number | undefined
  for (const r of rows ?? []) if (r.month <= month) w = r.weight
  return w
}

describe('demo generator: the payment months', () => {
  const months = demoPaymentMonths(asOfDay)

  it('pays the 13 months before the date: 2025-10 to 2026-10', () => {
    expect(months).toEqual(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'])
    expect(demoPaymentMonths(dayFromIso('2027-01-15'))).toHaveLength(13)
    expect(demoPaymentMonths(dayFromIso('2027-01-15'))[0]).toBe('2025-12')
    expect(demoPaymentMonths(dayFromIso('2027-01-15'))[12]).toBe('2026-12')
    // The demo model is in force in all of them.
    expect(months[0]! >= DEMO_PAYMENT_MODEL.validFrom).toBe(true)
  })

  it('has listings and care weights in force in every payment month', () => {
    const byCitizen = new Map<string, { month: string; weight: number }[]>()
    for (const w of weights) {
      const list = byCitizen.get(w.personal_id!) ?? []
      list.push({ month: w.valid_from!, weight: Number(w.weight) })
      byCitizen.set(w.personal_id!, list)
    }
    for (const month of [months[0]!, months[12]!]) {
      const day = `${month}-01`
      const listed = listings.filter((l) => l.valid_from! <= day && (l.valid_to === '' || l.valid_to! > day))
      expect(listed.length).toBeGreaterThan(N * 0.9)
      const withoutWeight = listed.filter((l) => weightInForce(byCitizen.get(l.personal_id!), month) === undefined)
      expect(withoutWeight.length).toBeLessThan(listed.length * 0.002)
    }
  })
})

describe('demo generator: quality results', () => {
  it('are valid quality import rows for known clinics, numerator ≤ denominator', async () => {
    const spec = IMPORT_SPECS.quality
    const [header, ...records] = await readRecords(summary.files.quality)
    const mapped = mapHeader(spec, header!.fields)
    expect(mapped.ok).toBe(true)
    if (!mapped.ok) return
    const problems = records.flatMap((r) => {
      const checked = checkRow(spec, mapped.header, r.fields, r.line)
      return checked.ok ? [] : checked.problems
    })
    expect(problems).toEqual([])
    const hsa = new Set(clinics.map((c) => c.hsa_id!))
    expect(quality.filter((q) => !hsa.has(q.hsa_id!))).toEqual([])
    expect(quality.filter((q) => Number(q.numerator) > Number(q.denominator))).toEqual([])
    const keys = new Set(quality.map((q) => `${q.hsa_id} ${q.indicator} ${q.period}`))
    expect(keys.size).toBe(quality.length)
    // Loaded after the clinics, which it refers to.
    expect(DEMO_IMPORT_ORDER.indexOf('quality')).toBeGreaterThan(DEMO_IMPORT_ORDER.indexOf('clinics'))
  })

  it("cover the model's indicators for three half-years, published 6-8 weeks after each", () => {
    const codes = DEMO_PAYMENT_MODEL.goal.indicators.map((i) => i.code).sort()
    expect(QUALITY_INDICATORS.map((i) => i.code).sort()).toEqual(codes)
    expect([...new Set(quality.map((q) => q.indicator!))].sort()).toEqual(codes)
    const published = new Map<string, Set<string>>()
    for (const q of quality) published.set(q.period!, (published.get(q.period!) ?? new Set()).add(q.published!))
    expect(Object.fromEntries([...published].map(([p, s]) => [p, [...s]]))).toEqual({
      '2025-H1': ['2025-08-15'],
      '2025-H2': ['2026-02-13'],
      '2026-H1': ['2026-08-14'],
    })
    for (const [period, dates] of published) {
      const end = period.endsWith('H1') ? dayFromIso(`${period.slice(0, 4)}-06-30`) : dayFromIso(`${period.slice(0, 4)}-12-31`)
      const weeks = (dayFromIso([...dates][0]!) - end) / 7
      expect(weeks).toBeGreaterThanOrEqual(6)
      expect(weeks).toBeLessThanOrEqual(8)
    }
  })

  it('have results in the typical ranges, denominators following the list size', () => {
    const ranges: Record<string, [number, number]> = {
      TEL_SAME_DAY: [0.6, 0.95],
      DM_HBA1C_LT52: [0.35, 0.65],
      ELDERLY_AVOID_DRUGS: [0.04, 0.15],
    }
    for (const q of quality.filter((x) => Number(x.denominator) >= 30)) {
      const [lo, hi] = ranges[q.indicator!]!
      const value = Number(q.numerator) / Number(q.denominator)
      const slack = 0.5 / Number(q.denominator)
      expect(value, `${q.hsa_id} ${q.indicator} ${q.period}`).toBeGreaterThanOrEqual(lo - slack)
      expect(value, `${q.hsa_id} ${q.indicator} ${q.period}`).toBeLessThanOrEqual(hi + slack)
    }
    const open = new Map<string, number>()
    for (const l of listings) if (l.valid_to === '') open.set(l.hsa_id!, (open.get(l.hsa_id!) ?? 0) + 1)
    const tel = quality.filter((q) => q.indicator === 'TEL_SAME_DAY' && q.period === '2026-H1')
    const ratios = tel.map((q) => Number(q.denominator) / open.get(q.hsa_id!)!)
    expect(Math.min(...ratios)).toBeGreaterThan(0.3)
    expect(Math.max(...ratios)).toBeLessThan(0.6)
  })

  it('leave one or two small clinics without results and some indicators below 30', () => {
    const reporting = new Set(quality.map((q) => q.hsa_id!))
    const missing = clinics.filter((c) => !reporting.has(c.hsa_id!)).map((c) => c.hsa_id!)
    expect(missing.length).toBeGreaterThanOrEqual(1)
    expect(missing.length).toBeLessThanOrEqual(2)
    const open = new Map<string, number>()
    for (const l of listings) if (l.valid_to === '') open.set(l.hsa_id!, (open.get(l.hsa_id!) ?? 0) + 1)
    const median = [...open.values()].sort((a, b) => a - b)[Math.floor(open.size / 2)]!
    for (const id of missing) expect(open.get(id) ?? 0).toBeLessThan(median)
    // Every reporting clinic reports every indicator and period.
    for (const id of reporting) expect(quality.filter((q) => q.hsa_id === id)).toHaveLength(9)
    // In this small region (20 000 citizens, ~400 per clinic) most diabetes denominators are small;
    // calls to the clinic are many everywhere.
    const suppressed = quality.filter((q) => Number(q.denominator) < 30)
    expect(suppressed.length).toBeGreaterThanOrEqual(2)
    expect(suppressed.filter((q) => q.indicator === 'TEL_SAME_DAY')).toEqual([])
  })

  it('leave only a few clinics with an indicator below 30 at the demo size of 50 000 citizens', () => {
    const n = 50_000
    const region = buildRegion(2027, n)
    const sizes = region.expectedShare.map((s) => Math.round(s * n * 0.97))
    const rows = qualityRows(region, 2027, asOfDay, sizes).map((line) => line.trim().split(','))
    const suppressed = new Set(rows.filter((r) => Number(r[4]) < 30).map((r) => r[0]!))
    expect(suppressed.size).toBeGreaterThanOrEqual(2)
    expect(suppressed.size).toBeLessThanOrEqual(8)
    expect(new Set(rows.map((r) => r[0]!)).size).toBeGreaterThanOrEqual(region.clinics.length - 2)
    expect(rows.filter((r) => Number(r[3]) > Number(r[4]))).toEqual([])
  })

  it('publishes a half-year on the first Friday from the 13th of August or February', () => {
    expect(isoFromDay(qualityPublished(2025, 1))).toBe('2025-08-15')
    expect(isoFromDay(qualityPublished(2025, 2))).toBe('2026-02-13')
    expect(isoFromDay(qualityPublished(2026, 1))).toBe('2026-08-14')
    // Results published on the demo's date itself are not in yet.
    expect(qualityPeriods(dayFromIso('2026-08-14')).map((p) => p.period)).toEqual(['2024-H2', '2025-H1', '2025-H2'])
    expect(qualityPeriods(dayFromIso('2026-08-15')).map((p) => p.period)).toEqual(['2025-H1', '2025-H2', '2026-H1'])
  })
})

describe('demo generator: upcoding', () => {
  it('picks the same two clinics for the default seed whatever the number of citizens', () => {
    for (const n of [N, 50_000, 2_500_000]) {
      const region = buildRegion(2027, n)
      expect(region.upcodingClinics.map((i) => region.clinics[i]!.hsaId)).toEqual(DEFAULT_UPCODING_HSA_IDS)
    }
    for (const id of DEFAULT_UPCODING_HSA_IDS) expect(clinics.map((c) => c.hsa_id)).toContain(id)
  })

  it("raises the two clinics' mean ACG weight > 5 points more than the region's over the last 12 months", () => {
    const byCitizen = new Map<string, { month: string; weight: number }[]>()
    for (const w of weights) {
      const list = byCitizen.get(w.personal_id!) ?? []
      list.push({ month: w.valid_from!, weight: Number(w.weight) })
      byCitizen.set(w.personal_id!, list)
    }
    const ended = new Map(citizens.map((c) => [c.personal_id!, c.end_date!]))
    // Mean raw weight of those listed mid-month, per clinic and for the region (default weight 1).
    const means = (month: string) => {
      const day = `${month}-15`
      const perClinic = new Map<string, { sum: number; n: number }>()
      let sum = 0
      let n = 0
      for (const l of listings) {
        if (l.valid_from! > day || (l.valid_to !== '' && l.valid_to! <= day)) continue
        const end = ended.get(l.personal_id!)
        if (end && end <= day) continue
        const w = weightInForce(byCitizen.get(l.personal_id!), month) ?? 1
        const c = perClinic.get(l.hsa_id!) ?? { sum: 0, n: 0 }
        c.sum += w
        c.n++
        perClinic.set(l.hsa_id!, c)
        sum += w
        n++
      }
      return { perClinic, region: sum / n }
    }
    const before = means('2025-10')
    const now = means('2026-10')
    const regionRise = 100 * (now.region / before.region - 1)
    expect(regionRise).toBeGreaterThan(0.5)
    expect(regionRise).toBeLessThan(2.5)
    const rise = (id: string): number => {
      const a = before.perClinic.get(id)!
      const b = now.perClinic.get(id)!
      return 100 * (b.sum / b.n / (a.sum / a.n) - 1)
    }
    for (const id of DEFAULT_UPCODING_HSA_IDS) {
      expect(rise(id) - regionRise, id).toBeGreaterThan(5)
      expect(rise(id), id).toBeGreaterThan(10)
      expect(rise(id), id).toBeLessThan(22)
    }
    // The others follow the region, give or take chance: the two rise the most of all but the smallest.
    const larger = [...now.perClinic].filter(([, c]) => c.n >= 300).map(([id]) => id)
    expect(larger.length).toBeGreaterThan(20)
    const top = larger.sort((a, b) => rise(b) - rise(a)).slice(0, 2)
    expect(top.sort()).toEqual([...DEFAULT_UPCODING_HSA_IDS].sort())
    const median = larger.map(rise).sort((a, b) => a - b)[Math.floor(larger.length / 2)]!
    expect(Math.abs(median - regionRise)).toBeLessThan(2)
  })
})

describe('demo rules', () => {
  it('the PRNG repeats for a seed and differs between seeds and streams', () => {
    const draw = (seed: number, stream: number) => {
      const r = new Rng(seed, stream)
      return Array.from({ length: 5 }, () => r.nextU32())
    }
    expect(draw(1, 0)).toEqual(draw(1, 0))
    expect(draw(1, 0)).not.toEqual(draw(2, 0))
    expect(draw(1, 0)).not.toEqual(draw(1, 1))
    const r = new Rng(42)
    let sum = 0
    let sumSq = 0
    let outside = 0
    for (let i = 0; i < 20_000; i++) {
      const u = r.next()
      if (u < 0 || u >= 1) outside++
      const z = r.normal()
      sum += z
      sumSq += z * z
    }
    expect(outside).toBe(0)
    expect(Math.abs(sum / 20_000)).toBeLessThan(0.03)
    expect(Math.abs(sumSq / 20_000 - 1)).toBeLessThan(0.05)
  })

  it('the weighted sampler follows its weights', () => {
    const s = new WeightedSampler([1, 0, 3])
    expect(s.sample(0)).toBe(0)
    expect(s.sample(0.2499)).toBe(0)
    expect(s.sample(0.25)).toBe(2)
    expect(s.sample(0.9999)).toBe(2)
    expect(s.probability(1)).toBe(0)
    expect(s.probability(2)).toBeCloseTo(0.75)
    expect(() => new WeightedSampler([0, 0])).toThrow(RangeError)
  })

  it('birth-day ranges give the exact age, 29 February included', () => {
    const asOf = dayFromIso('2026-11-01')
    const { first, last } = birthDayRange(asOf, 30)
    expect(isoFromDay(first)).toBe('1995-11-02')
    expect(isoFromDay(last)).toBe('1996-11-01')
    expect(ageOn(first, asOf)).toBe(30)
    expect(ageOn(last, asOf)).toBe(30)
    expect(ageOn(first - 1, asOf)).toBe(31)
    expect(ageOn(last + 1, asOf)).toBe(29)
    expect(isoFromDay(birthDayRange(asOf, 0).last)).toBe('2026-10-31')
    // Born 29 February 2000: still 26 on 28 February 2027, 27 on 1 March.
    expect(ageOn(dayFromIso('2000-02-29'), dayFromIso('2027-02-28'))).toBe(26)
    expect(ageOn(dayFromIso('2000-02-29'), dayFromIso('2027-03-01'))).toBe(27)
    expect(() => dayFromIso('2027-02-29')).toThrow(RangeError)
  })

  it('the pyramid matches Sweden: ~22 % under 20, ~57 % 20-64, ~21 % 65+', () => {
    const w = agePyramidWeights()
    const total = w.reduce((s, x) => s + x, 0)
    const part = (lo: number, hi: number) => w.slice(lo, hi).reduce((s, x) => s + x, 0) / total
    expect(part(0, 20)).toBeCloseTo(0.225, 1)
    expect(part(20, 65)).toBeCloseTo(0.565, 1)
    expect(part(65, w.length)).toBeCloseTo(0.21, 1)
    for (let a = 0; a <= 75; a++) expect((w[a]! / total) * 100).toBeGreaterThan(0.9)
    for (let a = 0; a <= 75; a++) expect((w[a]! / total) * 100).toBeLessThan(1.5)
    expect(maleShare(0)).toBeCloseTo(0.513, 3)
    expect(maleShare(90)).toBeLessThan(0.35)
  })

  it('care weights are positive, 4 decimals, squeezed below 8', () => {
    expect(careWeightFromNormal(1, 1, -10)).toBe(0.05)
    expect(careWeightFromNormal(2.4, 1, 6)).toBeLessThanOrEqual(8)
    const w = careWeightFromNormal(1, 1, 0.3)
    expect(Math.round(w * 10_000) / 10_000).toBe(w)
    expect(w).toBeCloseTo(Math.exp(0.8 * 0.3 - 0.32), 4)
  })

  it('geography points grow with distance and rurality, within 0-22', () => {
    expect(geographyPoints(2, false, 0)).toBe(0)
    expect(geographyPoints(25, false, 0)).toBe(5)
    expect(geographyPoints(25, true, 1)).toBe(9)
    expect(geographyPoints(500, true, 2)).toBe(22)
  })

  it('slugs and CSV fields', () => {
    expect(slugify('Vårdcentralen Åkers styckebruk')).toBe('vardcentralen-akers-styckebruk')
    expect(slugify('Doktor.se Vårdcentral Årby')).toBe('doktor-se-vardcentral-arby')
    expect(csvField('Fröslunda')).toBe('Fröslunda')
    expect(csvField('A, "B"')).toBe('"A, ""B"""')
  })
})

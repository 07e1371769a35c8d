/**
 * Writes the demo region as the import files of the data-formats spec (plus guardians, clinic
 * profiles and municipalities), streaming citizens in batches with backpressure so millions of
 * citizens fit in bounded memory.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import { join } from 'node:path'
import { PopulationGenerator } from './population.ts'
import { QUALITY_HEADER, qualityRows } from './quality.ts'
import { buildRegion, type DemoRegion } from './region.ts'
import { csvField, dayFromIso } from './rules.ts'

export interface DemoOptions {
  citizens: number
  /** Default 2027. */
  seed?: number
  /** `YYYY-MM-DD`, default `2026-11-01`: histories end here. */
  asOf?: string
}

export type DemoFile = 'areas' | 'clinics' | 'quality' | 'citizens' | 'listings' | 'care-weights' | 'guardians' | 'clinic-profiles'

export interface DemoSummary {
  dir: string
  files: Record<DemoFile, string>
  counts: Record<DemoFile, number>
}

export const DEFAULT_SEED = 2027
export const DEFAULT_AS_OF = '2026-11-01'
export const MUNICIPALITIES_FILE = 'municipalities.json'
/**
 * The version of what the generator writes: part of the cache key of generated files, so files of
 * an older generator are made again. 2: quality results, upcoding clinics, 13 months of weights.
 */
export const DEMO_FORMAT_VERSION = 2

const FILE_NAMES: Record<DemoFile, string> = {
  areas: 'areas.csv',
  clinics: 'clinics.csv',
  quality: 'quality.csv',
  citizens: 'citizens.csv',
  listings: 'listings.csv',
  'care-weights': 'care-weights.csv',
  guardians: 'guardians.csv',
  'clinic-profiles': 'clinic-profiles.json',
}

const BATCH = 4096
const FLUSH_AT = 1 << 16

/** A CSV file written through a string buffer; `flush` waits for 'drain' when the stream is full. */
class CsvSink {
  private buffer = ''
  rows = 0

  constructor(
    private readonly stream: WriteStream,
    header: string,
  ) {
    this.buffer = header + '\n'
  }

  static open(path: string, header: string): CsvSink {
    return new CsvSink(createWriteStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }), header)
  }

  row(line: string): void {
    this.buffer += line
    this.rows++
  }

  async flush(force = false): Promise<void> {
    if (this.buffer.length === 0 || (!force && this.buffer.length < FLUSH_AT)) return
    const chunk = this.buffer
    this.buffer = ''
    if (!this.stream.write(chunk)) await once(this.stream, 'drain')
  }

  async close(): Promise<void> {
    await this.flush(true)
    this.stream.end()
    await finished(this.stream)
  }

  destroy(): void {
    this.stream.destroy()
  }
}

function checkOptions(options: DemoOptions): { citizens: number; seed: number; asOf: number } {
  const { citizens } = options
  if (!Number.isSafeInteger(citizens) || citizens < 0) throw new RangeError('citizens must be a whole number ≥ 0')
  const seed = options.seed ?? DEFAULT_SEED
  if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be a whole number')
  const asOf = dayFromIso(options.asOf ?? DEFAULT_AS_OF)
  return { citizens, seed, asOf }
}

function regionFiles(region: DemoRegion): { areas: string; clinics: string } {
  const areas = ['area_code,municipality_code,name,cni,lat,lon']
  for (const a of region.areas) {
    areas.push(`${a.code},${a.municipalityCode},${csvField(a.name)},${a.cni.toFixed(3)},${a.lat.toFixed(6)},${a.lon.toFixed(6)}`)
  }
  const clinics = ['hsa_id,name,area_code,ownership,geography_points,lat,lon']
  for (const c of region.clinics) {
    clinics.push(`${c.hsaId},${csvField(c.name)},${c.areaCode},${c.ownership},${c.geographyPoints},${c.lat.toFixed(6)},${c.lon.toFixed(6)}`)
  }
  return { areas: areas.join('\n') + '\n', clinics: clinics.join('\n') + '\n' }
}

/** Writes a synthetic Region Sörmland into `dir`; the same options give byte-identical files. */
export async function writeDemoRegion(dir: string, options: DemoOptions): Promise<DemoSummary> {
  const { citizens, seed, asOf } = checkOptions(options)
  await mkdir(dir, { recursive: true })
  const files = Object.fromEntries(Object.entries(FILE_NAMES).map(([k, name]) => [k, join(dir, name)])) as Record<DemoFile, string>

  const region = buildRegion(seed, citizens)
  const { areas, clinics } = regionFiles(region)
  await writeFile(files.areas, areas)
  await writeFile(files.clinics, clinics)
  await writeFile(files['clinic-profiles'], JSON.stringify(region.profiles, null, 2) + '\n')
  await writeFile(
    join(dir, MUNICIPALITIES_FILE),
    JSON.stringify({ region: region.region, municipalities: region.municipalities }, null, 2) + '\n',
  )

  const sinks = {
    citizens: CsvSink.open(files.citizens, 'personal_id,sex,birth_date,area_code,interpreter_need,end_date'),
    listings: CsvSink.open(files.listings, 'personal_id,hsa_id,valid_from,valid_to,kind'),
    careWeights: CsvSink.open(files['care-weights'], 'personal_id,valid_from,weight'),
    guardians: CsvSink.open(files.guardians, 'child_personal_id,guardian_personal_id'),
  }
  const all = Object.values(sinks)
  let qualityCount = 0
  try {
    const people = new PopulationGenerator(region, seed, asOf)
    const dates = people.dates
    const areaCodes = region.areas.map((a) => a.code)
    const hsaIds = region.clinics.map((c) => c.hsaId)
    for (let i = 0; i < citizens; i++) {
      const c = people.next()
      const id = c.personalId
      sinks.citizens.row(
        `${id},${c.sex},${dates.iso(c.birthDay)},${areaCodes[c.areaIndex]},${c.interpreterNeed},${c.endDay < 0 ? '' : dates.iso(c.endDay)}\n`,
      )
      for (const l of c.listings) {
        sinks.listings.row(`${id},${hsaIds[l.clinic]},${dates.iso(l.from)},${l.to < 0 ? '' : dates.iso(l.to)},${l.kind}\n`)
      }
      for (const w of c.careWeights) sinks.careWeights.row(`${id},${w.month},${w.weight.toFixed(4)}\n`)
      for (const [child, guardian] of c.guardianPairs) sinks.guardians.row(`${child},${guardian}\n`)
      if ((i + 1) % BATCH === 0) for (const s of all) await s.flush()
    }
    for (const s of all) await s.close()
    // The quality registers' results follow the clinics' list sizes, known once everyone is listed.
    const quality = qualityRows(region, seed, asOf, people.listSizes())
    await writeFile(files.quality, QUALITY_HEADER + '\n' + quality.join(''))
    qualityCount = quality.length
  } catch (error) {
    for (const s of all) s.destroy()
    throw error
  }

  return {
    dir,
    files,
    counts: {
      areas: region.areas.length,
      clinics: region.clinics.length,
      quality: qualityCount,
      citizens: sinks.citizens.rows,
      listings: sinks.listings.rows,
      'care-weights': sinks.careWeights.rows,
      guardians: sinks.guardians.rows,
      'clinic-profiles': region.profiles.length,
    },
  }
}

/**
 * Streams an import file into PostgreSQL: csv-parse → zod per row → COPY into a TEMP staging
 * table → set-based checks → merge, all in one transaction. Memory stays bounded whatever the
 * file's size; nothing is written unless every row is valid.
 */
import { createHash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { env } from '../../utils/env.server.ts'
import { CsvReader, CsvSyntaxError, type CsvRecord } from './csv.ts'
import { IMPORT_SPECS, ProblemList, checkRow, mapHeader, type HeaderMap, type ImportKind } from './rules.ts'
import { IMPORT_SQL } from './sql.ts'

export interface ImportResult {
  kind: ImportKind
  rows: number
  inserted: number
  updated: number
  deleted: number
  sha256: string
  /** Seconds spent per phase: stream (parse, validate, COPY), check (SQL) and merge. */
  seconds: { stream: number; check: number; merge: number }
}

/** The file was rejected; `problems` lists `line N: column: problem` (the first 100, then a count). */
export class ImportRejected extends Error {
  constructor(
    readonly kind: ImportKind,
    readonly problems: string[],
  ) {
    super(`The ${kind} file was not imported: nothing was written.\n${problems.join('\n')}`)
    this.name = 'ImportRejected'
  }
}

export interface ImportOptions {
  databaseUrl?: string
  /** Who imports, for the audit log. */
  actor?: { kind: 'cli' | 'user' | 'job' | 'system'; userId?: number }
  /** Rows from which the merge runs in bulk mode (see BULK_ROWS). */
  bulkRows?: number
}

/** COPY text format: backslash, tab and newlines escaped; null is \N. */
function copyCell(v: string | number | boolean | null): string {
  if (v === null) return '\\N'
  if (typeof v !== 'string') return String(v)
  return /[\\\t\n\r]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v
}

class HeaderRejected extends Error {}

/**
 * From this many rows on, the target table's foreign keys are dropped for the merge and added
 * again after it (PostgreSQL's advice for bulk loads): the checks above have already proved every
 * reference, and adding a key back re-validates the whole table in one set-based scan instead of
 * one lookup per row. It takes an exclusive lock on the table until commit.
 */
export const BULK_ROWS = 50_000

async function withoutForeignKeys<T>(client: pg.Client, table: string, merge: () => Promise<T>): Promise<T> {
  const keys = await client.query<{ name: string; definition: string }>(
    `SELECT conname::text AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname`,
    [table],
  )
  for (const k of keys.rows) await client.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${k.name}"`)
  const result = await merge()
  for (const k of keys.rows) await client.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${k.name}" ${k.definition}`)
  return result
}

/** Batches of CSV records in, COPY text out; invalid rows become problems instead. */
function rowsToCopy(kind: ImportKind, problems: ProblemList, counts: { rows: number }): Transform {
  const spec = IMPORT_SPECS[kind]
  let header: HeaderMap | undefined
  return new Transform({
    writableObjectMode: true,
    readableObjectMode: false,
    transform(batch: CsvRecord[], _enc, done) {
      let out = ''
      for (const { fields, line } of batch) {
        if (!header) {
          const mapped = mapHeader(spec, fields, line)
          if (!mapped.ok) {
            mapped.problems.forEach((p) => problems.add(p))
            return done(new HeaderRejected())
          }
          header = mapped.header
          continue
        }
        counts.rows++
        if (fields.length !== header.width) {
          problems.add({ line, column: 'row', problem: `has ${fields.length} fields, the header has ${header.width}` })
          continue
        }
        const checked = checkRow(spec, header, fields, line)
        if (!checked.ok) {
          checked.problems.forEach((p) => problems.add(p))
          continue
        }
        out += line
        for (const cell of checked.cells) out += '\t' + copyCell(cell)
        out += '\n'
      }
      done(null, out || undefined)
    },
    flush(done) {
      if (!header && problems.empty) problems.add({ line: 1, column: 'file', problem: 'is empty: a header row is required' })
      done()
    },
  })
}

/** Imports a file from disk; a file that cannot be opened is an error naming it, before anything starts. */
export async function importFile(kind: ImportKind, path: string, options: ImportOptions = {}): Promise<ImportResult> {
  let file: FileHandle
  try {
    file = await open(path, 'r')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message
    throw new ImportRejected(kind, [`${path}: cannot be read (${reason})`])
  }
  return importStream(kind, file.createReadStream(), options)
}

/** Imports a CSV stream (UTF-8, optional BOM, RFC 4180) all or nothing. */
export async function importStream(kind: ImportKind, source: Readable, options: ImportOptions = {}): Promise<ImportResult> {
  const sql = IMPORT_SQL[kind]
  const problems = new ProblemList()
  const counts = { rows: 0 }
  const hash = createHash('sha256')
  const clock = { start: performance.now(), stream: 0, check: 0 }
  const client = new pg.Client({ connectionString: options.databaseUrl ?? env().DATABASE_URL })
  await client.connect().catch((error: unknown) => {
    source.destroy()
    throw error
  })
  try {
    await client.query('BEGIN')
    // One import of a kind at a time: the merges read, then write, the same keys.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`import:${kind}`])
    let readToEnd = true
    await client.query(`CREATE TEMP TABLE staging (line integer NOT NULL, ${sql.staging}) ON COMMIT DROP`)
    try {
      await pipeline(
        source,
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            hash.update(chunk)
            done(null, chunk)
          },
        }),
        new CsvReader(),
        rowsToCopy(kind, problems, counts),
        client.query(copyFrom(`COPY staging FROM STDIN`)),
      )
    } catch (error) {
      readToEnd = false
      if (error instanceof CsvSyntaxError) problems.add({ line: error.line, column: 'file', problem: `is not valid CSV: ${error.message}` })
      else if (!(error instanceof HeaderRejected)) throw error
    }
    clock.stream = performance.now()
    // The set-based checks also run when some rows were bad, so one report lists every problem.
    if (readToEnd && counts.rows > 0) {
      await client.query('ANALYZE staging')
      for (const check of sql.checks) {
        const found = await client.query<{ line: number; column: string; problem: string; total: string }>(
          `SELECT line, "column", problem, count(*) OVER () AS total FROM (${check}) c ORDER BY line LIMIT 100`,
        )
        found.rows.forEach((r) => problems.add({ line: r.line, column: r.column, problem: r.problem }))
        problems.countUnlisted(Number(found.rows[0]?.total ?? 0) - found.rows.length)
      }
    }
    clock.check = performance.now()
    if (!problems.empty) throw new ImportRejected(kind, problems.lines()) // rolled back below
    const result: ImportResult = {
      kind, rows: counts.rows, inserted: 0, updated: 0, deleted: 0, sha256: hash.digest('hex'),
      seconds: { stream: (clock.stream - clock.start) / 1000, check: (clock.check - clock.stream) / 1000, merge: 0 },
    }
    const merge = async () => {
      for (const statement of sql.merge) {
        const r = await client.query<{ inserted: string; updated: string; deleted: string }>(statement)
        const row = r.rows[0]
        if (!row) continue
        result.inserted += Number(row.inserted)
        result.updated += Number(row.updated)
        result.deleted += Number(row.deleted)
      }
    }
    await (counts.rows >= (options.bulkRows ?? BULK_ROWS) ? withoutForeignKeys(client, sql.target, merge) : merge())
    result.seconds.merge = (performance.now() - clock.check) / 1000
    await client.query(
      `INSERT INTO audit_log (actor_kind, actor_user_id, action, entity, details) VALUES ($1, $2, $3, 'import', $4)`,
      [options.actor?.kind ?? 'cli', options.actor?.userId ?? null, `import.${kind}`, JSON.stringify(result)],
    )
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    source.destroy() // closes the file even when the import ended before reading it
    await client.end()
  }
}

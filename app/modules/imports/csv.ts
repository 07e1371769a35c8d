/**
 * A streaming CSV reader for the import files (RFC 4180: comma-separated, fields optionally in
 * double quotes with "" for a quote, CRLF or LF, a UTF-8 BOM ignored). Emits batches of records
 * with the physical line each starts on. Hand-written because the imports read millions of rows
 * and a general parser was the slowest part of them; lines without a quote take a fast path.
 */
import { Transform, type TransformCallback } from 'node:stream'

export interface CsvRecord {
  fields: string[]
  /** The line the record starts on, 1 for the header. */
  line: number
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message)
    this.name = 'CsvSyntaxError'
  }
}

/** Parses a record that contains quotes, from `start`; null if the text ends inside it. */
function parseQuotedRecord(s: string, start: number, line: number, final: boolean): { fields: string[]; end: number; newlines: number } | null {
  const fields: string[] = []
  let pos = start
  let newlines = 0
  for (;;) {
    let value: string
    if (s.charCodeAt(pos) === 34 /* " */) {
      let out = ''
      let from = pos + 1
      for (;;) {
        const q = s.indexOf('"', from)
        if (q === -1) {
          if (final) throw new CsvSyntaxError(line, 'a quoted field is not closed')
          return null
        }
        if (s.charCodeAt(q + 1) === 34) {
          out += s.slice(from, q + 1)
          from = q + 2
          continue
        }
        if (q + 1 === s.length && !final) return null // "" may continue in the next chunk
        out += s.slice(from, q)
        pos = q + 1
        break
      }
      for (let i = 0; i < out.length; i++) if (out.charCodeAt(i) === 10) newlines++
      value = out
    } else {
      let end = pos
      while (end < s.length) {
        const c = s.charCodeAt(end)
        if (c === 44 || c === 10 || c === 13) break
        if (c === 34) throw new CsvSyntaxError(line + newlines, 'a quote inside an unquoted field')
        end++
      }
      value = s.slice(pos, end)
      pos = end
    }
    fields.push(value)
    const c = s.charCodeAt(pos)
    if (c === 44 /* , */) {
      pos++
      continue
    }
    if (pos >= s.length) {
      if (!final) return null
      return { fields, end: pos, newlines }
    }
    if (c === 13 && s.charCodeAt(pos + 1) === 10) return { fields, end: pos + 2, newlines }
    if (c === 13 && pos + 1 >= s.length && !final) return null
    if (c === 10 || c === 13) return { fields, end: pos + 1, newlines }
    throw new CsvSyntaxError(line + newlines, 'text after a closing quote (a quote inside a field must be doubled)')
  }
}

function countNewlines(s: string): number {
  let n = 0
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++
  return n
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence, for the error's line. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!
    const more = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1
    if (more < 0) return i
    for (let k = 1; k <= more; k++) if (i + k < b.length && (b[i + k]! & 0xc0) !== 0x80) return i
    i += more + 1
  }
  return b.length
}

/** Bytes in, `CsvRecord[]` batches out; empty lines are skipped but counted. */
export class CsvReader extends Transform {
  /** Strict: a file that is not UTF-8 (say Latin-1 from an older register) is rejected, not mangled. */
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  private carry = ''
  private line = 1
  private started = false

  constructor() {
    super({ readableObjectMode: true })
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = this.decode(chunk, true, done)
    if (text !== undefined) this.read_(text, false, done)
  }

  override _flush(done: TransformCallback): void {
    const text = this.decode(undefined, false, done)
    if (text !== undefined) this.read_(text, true, done)
  }

  private decode(chunk: Buffer | undefined, stream: boolean, done: TransformCallback): string | undefined {
    try {
      return this.decoder.decode(chunk, { stream })
    } catch {
      const before = chunk ? chunk.subarray(0, firstInvalidUtf8(chunk)) : Buffer.alloc(0)
      const line = this.line + countNewlines(this.carry) + before.filter((b) => b === 10).length
      done(new CsvSyntaxError(line, 'is not UTF-8 text (save the file as UTF-8)'))
      return undefined
    }
  }

  private read_(text: string, final: boolean, done: TransformCallback): void {
    let s = this.carry + text
    if (!this.started && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1)
      this.started = true
    }
    const batch: CsvRecord[] = []
    let pos = 0
    let nextQuote = s.indexOf('"')
    try {
      while (pos < s.length) {
        if (nextQuote !== -1 && nextQuote < pos) nextQuote = s.indexOf('"', pos)
        const nl = s.indexOf('\n', pos)
        if (nextQuote === -1 || (nl !== -1 && nextQuote > nl)) {
          if (nl === -1 && !final) break
          const end = nl === -1 ? s.length : nl
          const text = s.charCodeAt(end - 1) === 13 ? s.slice(pos, end - 1) : s.slice(pos, end)
          if (text.length > 0) batch.push({ fields: text.split(','), line: this.line })
          this.line++
          pos = end + 1
        } else {
          const r = parseQuotedRecord(s, pos, this.line, final)
          if (!r) break
          batch.push({ fields: r.fields, line: this.line })
          this.line += 1 + r.newlines
          pos = r.end
        }
      }
    } catch (error) {
      return done(error as Error)
    }
    this.carry = pos >= s.length ? '' : s.slice(pos)
    if (batch.length > 0) this.push(batch)
    done()
  }
}

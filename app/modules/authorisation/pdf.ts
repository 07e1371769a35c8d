/**
 * Whether uploaded bytes are a PDF we accept, judged by the content alone (never the browser's
 * content type or the file's name): the header, the end-of-file marker, no encryption, and no
 * actions that run something when the file is opened (JavaScript, Launch). Dictionaries packed
 * into compressed object streams are inflated and checked too. Pure: no I/O.
 */
import { constants, inflateSync } from 'node:zlib'

export type PdfProblem =
  /** No bytes at all. */
  | 'empty'
  /** Does not begin with "%PDF-1." or "%PDF-2.": another kind of file, whatever its name. */
  | 'notPdf'
  /** No "%%EOF" in the last 1024 bytes: cut off (an interrupted upload or copy). */
  | 'truncated'
  /** Has an /Encrypt dictionary: the region must be able to open and archive it. */
  | 'encrypted'
  /** Has /JavaScript or /JS: scripts in a PDF are refused. */
  | 'javascript'
  /** Has a /Launch action: starting another program is refused. */
  | 'launch'

export type PdfCheck = { ok: true } | { ok: false; problem: PdfProblem }

const TAIL = 1024
/** Enough for any honest object stream; a larger inflation is itself suspicious. */
const MAX_INFLATED = 64 * 1024 * 1024

export function checkPdf(bytes: Uint8Array): PdfCheck {
  if (bytes.length === 0) return { ok: false, problem: 'empty' }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const head = buffer.subarray(0, 8).toString('latin1')
  if (!/^%PDF-[12]\.$/.test(head.slice(0, 7))) return { ok: false, problem: 'notPdf' }
  if (!buffer.subarray(Math.max(0, buffer.length - TAIL)).toString('latin1').includes('%%EOF')) return { ok: false, problem: 'truncated' }
  const text = buffer.toString('latin1')
  const found = names(text)
  for (const stream of inflatedStreams(buffer, text)) for (const n of names(stream)) found.add(n)
  if (found.has('Encrypt')) return { ok: false, problem: 'encrypted' }
  if (found.has('JavaScript') || found.has('JS')) return { ok: false, problem: 'javascript' }
  if (found.has('Launch')) return { ok: false, problem: 'launch' }
  return { ok: true }
}

/** The PDF names in a text ("/Type", "/J#53" → "JS": #hh escapes decoded, as a reader would). */
function names(text: string): Set<string> {
  const out = new Set<string>()
  for (const m of text.matchAll(/\/([^\s/<>[\]{}()%]+)/g)) {
    out.add(m[1]!.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))))
  }
  return out
}

/** The contents of the Flate-compressed streams (object streams hide dictionaries there). */
function* inflatedStreams(buffer: Buffer, text: string): Generator<string> {
  let budget = MAX_INFLATED
  for (const m of text.matchAll(/(?<![A-Za-z])stream\r?\n/g)) {
    const start = m.index + m[0].length
    // The stream's dictionary is just before the keyword.
    const dictionary = text.slice(Math.max(0, m.index - 512), m.index)
    if (!/\/(FlateDecode|Fl)\b/.test(dictionary.slice(dictionary.lastIndexOf('<<')))) continue
    const end = text.indexOf('endstream', start)
    if (end < 0) continue
    try {
      const inflated = inflateSync(buffer.subarray(start, end), { maxOutputLength: budget, finishFlush: constants.Z_SYNC_FLUSH })
      budget -= inflated.length
      yield inflated.toString('latin1')
    } catch {
      // Not inflatable (damaged, or past the budget): only its raw bytes were checked.
    }
    if (budget <= 0) return
  }
}

/** Attachments are judged by content (pdf.ts): each refusal has its own code. */
import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { checkPdf } from '../../app/modules/authorisation/pdf.ts'
import { tinyPdf } from '../support/authorisation-fixture.ts'

/** tinyPdf with `extra` (an object) inserted before the cross-reference table. */
function withObject(extra: string | Buffer): Buffer {
  const pdf = tinyPdf()
  const at = pdf.indexOf('xref')
  return Buffer.concat([pdf.subarray(0, at), Buffer.isBuffer(extra) ? extra : Buffer.from(extra, 'latin1'), pdf.subarray(at)])
}

describe('checkPdf', () => {
  it('accepts a well-formed PDF, 1.x and 2.0', () => {
    expect(checkPdf(tinyPdf())).toEqual({ ok: true })
    expect(checkPdf(Buffer.from(tinyPdf().toString('latin1').replace('%PDF-1.4', '%PDF-2.0'), 'latin1'))).toEqual({ ok: true })
  })

  it('refuses an empty file', () => {
    expect(checkPdf(new Uint8Array())).toEqual({ ok: false, problem: 'empty' })
  })

  it('refuses a file without the %PDF header, whatever its name', () => {
    expect(checkPdf(Buffer.from('Hej! Det här är en textfil.\n%%EOF\n'))).toEqual({ ok: false, problem: 'notPdf' })
    expect(checkPdf(Buffer.from('%PDF-3.0\n%%EOF\n'))).toEqual({ ok: false, problem: 'notPdf' })
    // A PNG renamed x.pdf: the name plays no part.
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6360000000020001e221bc330000000049454e44ae426082', 'hex')
    expect(checkPdf(png)).toEqual({ ok: false, problem: 'notPdf' })
  })

  it('refuses a truncated PDF (no %%EOF in the last 1024 bytes)', () => {
    const pdf = tinyPdf()
    expect(checkPdf(pdf.subarray(0, pdf.length - 20))).toEqual({ ok: false, problem: 'truncated' })
    // %%EOF followed by more than 1024 bytes of anything is not an end either.
    expect(checkPdf(Buffer.concat([pdf, Buffer.alloc(2000, 0x20)]))).toEqual({ ok: false, problem: 'truncated' })
  })

  it('refuses an encrypted PDF', () => {
    const encrypted = Buffer.from(tinyPdf().toString('latin1').replace('/Root 1 0 R', '/Root 1 0 R /Encrypt 9 0 R'), 'latin1')
    expect(checkPdf(encrypted)).toEqual({ ok: false, problem: 'encrypted' })
  })

  it('refuses JavaScript and /JS actions, also hex-escaped or inside a compressed object stream', () => {
    expect(checkPdf(withObject('4 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n'))).toEqual({ ok: false, problem: 'javascript' })
    expect(checkPdf(withObject('4 0 obj\n<< /OpenAction << /J#53 (x) >> >>\nendobj\n'))).toEqual({ ok: false, problem: 'javascript' })
    const packed = deflateSync(Buffer.from('<< /S /JavaScript /JS (app.alert(1)) >>', 'latin1'))
    const stream = Buffer.concat([
      Buffer.from(`4 0 obj\n<< /Type /ObjStm /N 1 /First 0 /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`, 'latin1'),
      packed,
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ])
    expect(checkPdf(withObject(stream))).toEqual({ ok: false, problem: 'javascript' })
  })

  it('refuses a Launch action', () => {
    expect(checkPdf(withObject('4 0 obj\n<< /S /Launch /F (cmd.exe) >>\nendobj\n'))).toEqual({ ok: false, problem: 'launch' })
  })

  it('does not mistake longer names for the refused ones', () => {
    expect(checkPdf(withObject('4 0 obj\n<< /JSONData 1 /Encrypted false /Launcher 2 >>\nendobj\n'))).toEqual({ ok: true })
  })
})

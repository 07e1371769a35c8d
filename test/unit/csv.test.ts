import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { CsvReader, CsvSyntaxError, type CsvRecord } from '../../app/modules/imports/csv.ts'

/** Reads text given in the chunks shown, so records split across chunks are exercised too. */
async function read(...chunks: string[]): Promise<CsvRecord[]> {
  const out: CsvRecord[] = []
  for await (const batch of Readable.from(chunks.map((c) => Buffer.from(c))).pipe(new CsvReader())) out.push(...(batch as CsvRecord[]))
  return out
}

const rows = (records: CsvRecord[]) => records.map((r) => [r.line, ...r.fields])

describe('CSV reader', () => {
  it('reads plain records with their line numbers, with or without a final newline', async () => {
    expect(rows(await read('a,b\n1,2\n3,4'))).toEqual([[1, 'a', 'b'], [2, '1', '2'], [3, '3', '4']])
    expect(rows(await read('a,b\r\n1,2\r\n'))).toEqual([[1, 'a', 'b'], [2, '1', '2']])
  })

  it('ignores a byte-order mark and skips empty lines while counting them', async () => {
    expect(rows(await read('\uFEFFa,b\n\n1,2\n'))).toEqual([[1, 'a', 'b'], [3, '1', '2']])
  })

  it('keeps empty fields', async () => {
    expect(rows(await read('a,b,c\n1,,\n'))).toEqual([[1, 'a', 'b', 'c'], [2, '1', '', '']])
  })

  it('reads quoted fields with commas, doubled quotes and newlines, counting lines', async () => {
    const records = await read('name,x\n"Fröslunda, norra",1\n"Say ""hej""",2\n"two\nlines",3\nlast,4\n')
    expect(rows(records)).toEqual([
      [1, 'name', 'x'],
      [2, 'Fröslunda, norra', '1'],
      [3, 'Say "hej"', '2'],
      [4, 'two\nlines', '3'],
      [6, 'last', '4'],
    ])
  })

  it('reads records split at any point between chunks, including inside a multi-byte character', async () => {
    const text = 'a,b\n"x,""y""",Åsa\r\nz,"w\nv"\n'
    const whole = rows(await read(text))
    const bytes = Buffer.from(text)
    for (let cut = 1; cut < bytes.length; cut++) {
      const out: CsvRecord[] = []
      const source = Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)])
      for await (const batch of source.pipe(new CsvReader())) out.push(...(batch as CsvRecord[]))
      expect(rows(out), `cut at byte ${cut}`).toEqual(whole)
    }
    expect(whole).toEqual([[1, 'a', 'b'], [2, 'x,"y"', 'Åsa'], [3, 'z', 'w\nv']])
  })

  it('reports an unclosed quote and stray quotes with their line', async () => {
    await expect(read('a\n"open\n')).rejects.toEqual(new CsvSyntaxError(2, 'a quoted field is not closed'))
    await expect(read('a,b\n1,2\nx"y,3\n')).rejects.toMatchObject({ line: 3, message: 'a quote inside an unquoted field' })
    await expect(read('a,b\n"x"y,3\n')).rejects.toMatchObject({ line: 2, message: 'text after a closing quote (a quote inside a field must be doubled)' })
  })
})

describe('CSV reader encoding', () => {
  it('rejects bytes that are not UTF-8 with the line they are on', async () => {
    const source = Readable.from([Buffer.concat([Buffer.from('a,b\n1,Åsa\n2,'), Buffer.from([0xc5, 0x62]), Buffer.from('\n')])])
    const records: CsvRecord[] = []
    await expect(
      (async () => {
        for await (const batch of source.pipe(new CsvReader())) records.push(...(batch as CsvRecord[]))
      })(),
    ).rejects.toEqual(new CsvSyntaxError(3, 'is not UTF-8 text (save the file as UTF-8)'))
  })
})

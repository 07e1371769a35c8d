import { describe, expect, it } from 'vitest'
import { luhnCheckDigit, makePersonalId, parsePersonalId, redactPersonalIds } from '../../app/modules/identity/personal-id.ts'

describe('personal identity numbers', () => {
  it('computes the Luhn check digit over the last ten digits (Skatteverket example 811218-9876)', () => {
    expect(luhnCheckDigit('811218987')).toBe(6)
    expect(parsePersonalId('198112189876')).toMatchObject({ ok: true, value: { id: '198112189876', birthDate: '1981-12-18', sex: 'M' } })
  })

  it('accepts a hyphen before the last four digits and stores 12 digits', () => {
    const r = parsePersonalId('19811218-9876')
    expect(r.ok && r.value.id).toBe('198112189876')
  })

  it('rejects a wrong check digit', () => {
    expect(parsePersonalId('198112189875')).toEqual({ ok: false, problem: 'wrong check digit (Luhn)' })
  })

  it('rejects the wrong shape', () => {
    for (const bad of ['8112189876', '19811218+9876', '1981121898760', '19811218-98', 'abcdefghijkl', '']) {
      expect(parsePersonalId(bad).ok, bad).toBe(false)
    }
  })

  it('rejects dates that do not exist', () => {
    const noFeb30 = makePersonalIdUnchecked('19900230', '123')
    expect(parsePersonalId(noFeb30)).toEqual({ ok: false, problem: 'does not begin with a valid date of birth' })
    const notLeap = makePersonalIdUnchecked('19000229', '123')
    expect(parsePersonalId(notLeap).ok).toBe(false)
    expect(parsePersonalId(makePersonalId('2000-02-29', 123)).ok).toBe(true)
  })

  it('reads sex from the second-to-last digit: odd is M, even is F', () => {
    const woman = parsePersonalId(makePersonalId('1990-05-10', 124))
    const man = parsePersonalId(makePersonalId('1990-05-10', 125))
    expect(woman.ok && woman.value.sex).toBe('F')
    expect(man.ok && man.value.sex).toBe('M')
  })

  it('accepts a samordningsnummer (day + 60) and gives the real birth date', () => {
    const id = makePersonalId('1990-05-10', 238, true)
    expect(id.slice(6, 8)).toBe('70')
    expect(parsePersonalId(id)).toEqual({ ok: true, value: { id, birthDate: '1990-05-10', sex: 'F', coordinationNumber: true } })
    expect(parsePersonalId(makePersonalIdUnchecked('19900292', '238')).ok).toBe(false) // day 32
  })

  it('masks a bare ten-digit number only when it reads as a valid YYMMDDNNNC', () => {
    expect(redactPersonalIds('id 8112189876 order 1234567890')).toBe('id [personnummer] order 1234567890')
  })

  it('masks identity numbers in text', () => {
    expect(redactPersonalIds('GET /x?pnr=198112189876 and 19811218-9876 and 811218-9876, order 12345')).toBe(
      'GET /x?pnr=[personnummer] and [personnummer] and [personnummer], order 12345',
    )
  })
})

/** A number with a correct check digit over any eight date digits, valid date or not. */
function makePersonalIdUnchecked(date8: string, serial3: string): string {
  const first11 = date8 + serial3
  return first11 + luhnCheckDigit(first11.slice(2))
}

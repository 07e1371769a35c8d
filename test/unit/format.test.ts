import { swedishMonth } from '../../app/utils/sweden.ts'
import { describe, expect, it } from 'vitest'
import {
  formatDateTime,
  formatInteger,
  formatMoney,
  formatNumber,
  formatPercent,
  formatPercentChange,
  formatRate,
  formatSeconds,
  perCitizen,
} from '../../app/components/ui/format.ts'

// Spelled out, so a test never passes because the formatter and the expectation share a mistake.
const NBSP = '\u00a0'
const MINUS = '\u2212'

describe('formatMoney', () => {
  it('groups kronor and swaps the decimal mark: "1 234 567,89 kr" in Swedish, "SEK 1,234,567.89" in English', () => {
    expect(formatMoney('1234567.89', 'sv')).toBe(`1${NBSP}234${NBSP}567,89${NBSP}kr`)
    expect(formatMoney('1234567.89', 'en')).toBe(`SEK${NBSP}1,234,567.89`)
  })

  it('writes at least two decimals, and keeps every decimal it is given', () => {
    expect(formatMoney('3564', 'sv')).toBe(`3${NBSP}564,00${NBSP}kr`)
    expect(formatMoney('12.5', 'en')).toBe(`SEK${NBSP}12.50`)
    expect(formatMoney('0.125', 'sv')).toBe(`0,125${NBSP}kr`)
  })

  it('writes a negative amount with the typographic minus in Swedish, the hyphen-minus in English', () => {
    expect(formatMoney('-1234.50', 'sv')).toBe(`${MINUS}1${NBSP}234,50${NBSP}kr`)
    expect(formatMoney('-1234.50', 'en')).toBe(`-SEK${NBSP}1,234.50`)
  })

  it('signed: a plus on a positive difference, the minus on a negative one', () => {
    expect(formatMoney('1234.50', 'sv', { signed: true })).toBe(`+1${NBSP}234,50${NBSP}kr`)
    expect(formatMoney('1234.50', 'en', { signed: true })).toBe(`+SEK${NBSP}1,234.50`)
    expect(formatMoney('-12.00', 'sv', { signed: true })).toBe(`${MINUS}12,00${NBSP}kr`)
  })

  it('zero has no sign, however it is written', () => {
    for (const zero of ['0.00', '-0.00', '+0', '0']) {
      expect(formatMoney(zero, 'sv', { signed: true })).toBe(`0,00${NBSP}kr`)
      expect(formatMoney(zero, 'en', { signed: true })).toBe(`SEK${NBSP}0.00`)
    }
  })

  it('refuses what is not a decimal number rather than guess', () => {
    expect(() => formatMoney('12,50', 'sv')).toThrow(RangeError)
    expect(() => formatMoney('1e6', 'en')).toThrow(RangeError)
  })
})

describe('formatNumber and formatInteger', () => {
  it('groups a 7-digit number in threes: a no-break space in Swedish, a comma in English', () => {
    expect(formatNumber('1234567', 'sv')).toBe(`1${NBSP}234${NBSP}567`)
    expect(formatNumber('1234567', 'en')).toBe('1,234,567')
    expect(formatInteger(1234567, 'sv')).toBe(`1${NBSP}234${NBSP}567`)
    expect(formatInteger(1234567, 'en')).toBe('1,234,567')
    expect(formatInteger(999, 'sv')).toBe('999')
  })

  it('keeps every decimal, pads to minDecimals, and never loses precision to a float', () => {
    expect(formatNumber('1234.5678', 'sv')).toBe(`1${NBSP}234,5678`)
    expect(formatNumber('1.3', 'sv', { minDecimals: 2 })).toBe('1,30')
    expect(formatNumber('1.3', 'en', { minDecimals: 2 })).toBe('1.30')
    expect(formatNumber('12345678901234567.89', 'en')).toBe('12,345,678,901,234,567.89')
  })

  it('writes negatives with the page language’s minus; zero unsigned', () => {
    expect(formatNumber('-1234.5', 'sv')).toBe(`${MINUS}1${NBSP}234,5`)
    expect(formatNumber('-1234.5', 'en')).toBe('-1,234.5')
    expect(formatNumber('-0.0000', 'sv')).toBe('0,0000')
    expect(formatNumber('5', 'en', { signed: true })).toBe('+5')
  })
})

describe('percentages', () => {
  it('formatPercent: a share from 0 to 1, one decimal, rounded half up', () => {
    expect(formatPercent('0.678571', 'sv')).toBe(`67,9${NBSP}%`)
    expect(formatPercent('0.678571', 'en')).toBe('67.9%')
    expect(formatPercent('0.500000', 'sv')).toBe(`50,0${NBSP}%`)
    expect(formatPercent('0.9995', 'sv')).toBe(`100,0${NBSP}%`)
    expect(formatPercent('0.678571', 'sv', { decimals: 2 })).toBe(`67,86${NBSP}%`)
  })

  it('formatPercentChange: a change already in per cent, with its sign; zero without one', () => {
    expect(formatPercentChange('7.5', 'sv')).toBe(`+7,5${NBSP}%`)
    expect(formatPercentChange('7.5', 'en')).toBe('+7.5%')
    expect(formatPercentChange('-2.3', 'sv')).toBe(`${MINUS}2,3${NBSP}%`)
    expect(formatPercentChange('-2.3', 'en')).toBe('-2.3%')
    expect(formatPercentChange('0.0', 'sv')).toBe(`0,0${NBSP}%`)
    expect(formatPercentChange('-0.0', 'en')).toBe('0.0%')
  })

  it('formatRate: a model parameter’s rate exactly, without trailing zeros', () => {
    expect(formatRate('0.125', 'sv')).toBe(`12,5${NBSP}%`)
    expect(formatRate('0.125', 'en')).toBe('12.5%')
    expect(formatRate('0.03', 'sv')).toBe(`3${NBSP}%`)
    expect(formatRate('0.10', 'en')).toBe('10%')
    expect(formatRate('1', 'sv')).toBe(`100${NBSP}%`)
  })
})

describe('perCitizen', () => {
  it('divides exactly and rounds half up to öre; null without listed citizens', () => {
    expect(perCitizen('1000.00', 3)).toBe('333.33')
    expect(perCitizen('1000.00', 8)).toBe('125.00')
    expect(perCitizen('0.05', 2)).toBe('0.03')
    expect(perCitizen('1000.00', 0)).toBeNull()
  })
})

describe('formatSeconds', () => {
  it('seconds with one decimal under a minute, minutes and whole seconds above', () => {
    expect(formatSeconds(2.34, 'sv')).toBe(`2,3${NBSP}s`)
    expect(formatSeconds(2.34, 'en')).toBe(`2.3${NBSP}s`)
    expect(formatSeconds(65.4, 'sv')).toBe(`1${NBSP}min 5${NBSP}s`)
  })
})

describe('dates and months in Swedish time', () => {
  it('formatDateTime: ISO order in Stockholm, winter (UTC+1) and summer (UTC+2) time', () => {
    expect(formatDateTime(new Date(Date.UTC(2026, 10, 22, 13, 5)))).toBe('2026-11-22 14:05')
    expect(formatDateTime(Date.UTC(2026, 6, 1, 22, 30))).toBe('2026-07-02 00:30')
    expect(formatDateTime('2026-12-31T23:59:00Z')).toBe('2027-01-01 00:59')
  })

  it('swedishMonth: the month in Stockholm, not in UTC', () => {
    expect(swedishMonth(new Date(Date.UTC(2027, 1, 28, 23, 30)))).toBe('2027-03')
    expect(swedishMonth(new Date(Date.UTC(2027, 1, 28, 22, 30)))).toBe('2027-02')
  })
})

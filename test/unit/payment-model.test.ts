import { describe, expect, it } from 'vitest'
import {
  DEMO_PAYMENT_MODEL,
  EXAMPLE_MODEL_2027,
  PaymentModelSchema,
  canonicalModelJson,
  diffModels,
  modelFingerprint,
  parsePaymentModel,
  parsePaymentModelJson,
  type PaymentModel,
} from '../../app/modules/payments/model.ts'

/** The JSON of spec payment-model.md §2, verbatim. */
const SPEC_EXAMPLE_JSON = `{
  "version": "2027.1",
  "validFrom": "2027-01",
  "allocation": "daily",
  "censusDay": "lastDayOfPreviousMonth",
  "ageSex": {
    "krPerPointPerYear": "3564.00",
    "bands": [
      { "fromAge": 0,  "toAge": 0,    "F": "1.30", "M": "1.40" },
      { "fromAge": 1,  "toAge": 6,    "F": "0.80", "M": "0.85" },
      { "fromAge": 7,  "toAge": 19,   "F": "0.55", "M": "0.50" },
      { "fromAge": 20, "toAge": 39,   "F": "0.75", "M": "0.55" },
      { "fromAge": 40, "toAge": 64,   "F": "0.85", "M": "0.75" },
      { "fromAge": 65, "toAge": 74,   "F": "1.30", "M": "1.25" },
      { "fromAge": 75, "toAge": 84,   "F": "2.00", "M": "1.95" },
      { "fromAge": 85, "toAge": null, "F": "2.60", "M": "2.50" }
    ]
  },
  "careWeight": { "krPerPointPerYear": "3528.00", "defaultWeight": "1.00", "normalise": "regionMean" },
  "interpreter": { "krPerYear": "1200.00" },
  "geography": { "minPoints": 10, "krPerGeoPointPerListingPointPerYear": "30.00" },
  "socioeconomic": { "krPerCniPointPerYear": "804.00", "minClinicMeanCni": "1.50" },
  "goal": {
    "share": "0.10",
    "indicators": [
      { "code": "TEL_SAME_DAY", "weight": "3", "zeroAt": "0.70", "fullAt": "0.90", "minDenominator": 30 },
      { "code": "DM_HBA1C_LT52", "weight": "2", "zeroAt": "0.40", "fullAt": "0.60", "minDenominator": 30 },
      { "code": "ELDERLY_AVOID_DRUGS", "weight": "2", "zeroAt": "0.12", "fullAt": "0.06", "minDenominator": 30 }
    ]
  },
  "vatCompensation": { "rate": "0.03", "appliesTo": "private" }
}`

// Drafts are loose JSON on purpose: the tests feed wrong types and unknown fields.
type Draft = any

function draftOf(change: (draft: Draft) => void): unknown {
  const draft: Draft = structuredClone(EXAMPLE_MODEL_2027)
  change(draft)
  return draft
}

/** The problems of the spec example after `change`, or [] if it still parses. */
function problemsAfter(change: (draft: Draft) => void): string[] {
  const result = parsePaymentModel(draftOf(change))
  return result.ok ? [] : result.problems
}

/** The spec example after `change`, which must still be a valid model. */
function modelAfter(change: (draft: Draft) => void): PaymentModel {
  const result = parsePaymentModel(draftOf(change))
  if (!result.ok) throw new Error(result.problems.join('\n'))
  return result.model
}

/** The same JSON with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reverseKeys(inner)]))
}

describe('a valid model', () => {
  it('parses the example of the spec, equal to EXAMPLE_MODEL_2027', () => {
    const result = parsePaymentModelJson(SPEC_EXAMPLE_JSON)
    expect(result).toEqual({ ok: true, model: EXAMPLE_MODEL_2027 })
  })
  it('the demo model is the spec example in force from 2025-01', () => {
    expect(parsePaymentModel(DEMO_PAYMENT_MODEL).ok).toBe(true)
    expect([DEMO_PAYMENT_MODEL.version, DEMO_PAYMENT_MODEL.validFrom]).toEqual(['2026.1', '2025-01'])
    expect({ ...DEMO_PAYMENT_MODEL, version: '2027.1', validFrom: '2027-01' }).toEqual(EXAMPLE_MODEL_2027)
  })
  it('defaults censusDay and accepts absent optional components and no indicators', () => {
    const model = modelAfter((m) => {
      delete m.censusDay
      delete m.interpreter
      delete m.geography
      delete m.socioeconomic
      delete m.vatCompensation
      m.goal = { share: '0', indicators: [] }
    })
    expect(model.censusDay).toBe('lastDayOfPreviousMonth')
    expect(model.interpreter).toBeUndefined()
    expect(model.goal).toEqual({ share: '0', indicators: [] })
  })
  it('refuses a goal share above 0 without indicators, points the lines cannot store, and ages above 130', () => {
    expect(
      problemsAfter((m) => {
        m.goal.indicators = []
        m.ageSex.bands[0]!.F = '1.30005'
        m.ageSex.bands[7]!.fromAge = 131
        m.careWeight.defaultWeight = '10000'
      }),
    ).toEqual(
      expect.arrayContaining([
        'ageSex.bands[0].F: must have at most 4 decimals',
        'ageSex.bands[7].fromAge: must be at most 130',
        'careWeight.defaultWeight: must be below 10000',
        'goal.indicators: must list at least one indicator when share is above 0: the goal part could never be earned',
      ]),
    )
  })
  it('accepts a share of 0 with only zero-weight indicators', () => {
    expect(problemsAfter((m) => {
      m.goal.share = '0'
      for (const indicator of m.goal.indicators) indicator.weight = '0'
    })).toEqual([])
  })
})

describe('age bands cover ages 0 to unbounded once', () => {
  it('names a gap with its ages', () => {
    expect(problemsAfter((m) => (m.ageSex.bands[3].fromAge = 21))).toEqual([
      'ageSex.bands[3].fromAge: gap: age 20 is not covered (band [2] ends at 19)',
    ])
    expect(problemsAfter((m) => (m.ageSex.bands[4].fromAge = 45))).toEqual([
      'ageSex.bands[4].fromAge: gap: ages 40–44 are not covered (band [3] ends at 39)',
    ])
  })
  it('names an overlap with its ages', () => {
    expect(problemsAfter((m) => (m.ageSex.bands[4].fromAge = 35))).toEqual([
      'ageSex.bands[4].fromAge: overlap: ages 35–39 are in both band [3] and band [4]',
    ])
  })
  it('requires the last band to be unbounded', () => {
    expect(problemsAfter((m) => m.ageSex.bands.pop())).toEqual([
      'ageSex.bands[6].toAge: the last band must be unbounded (null): ages above 84 are not covered',
    ])
  })
  it('allows only the last band to be unbounded', () => {
    expect(problemsAfter((m) => (m.ageSex.bands[6].toAge = null))).toEqual([
      'ageSex.bands[6].toAge: only the last band may be unbounded (null)',
    ])
  })
  it('requires the first band to start at age 0', () => {
    expect(problemsAfter((m) => m.ageSex.bands.shift())).toEqual([
      'ageSex.bands[0].fromAge: the first band must start at age 0, not 1: age 0 is not covered',
    ])
  })
  it('requires toAge ≥ fromAge, without a follow-on gap for the band after', () => {
    expect(problemsAfter((m) => (m.ageSex.bands[3].toAge = 15))).toEqual([
      'ageSex.bands[3].toAge: must be at least fromAge (20), not 15',
    ])
  })
  it('requires bands sorted by fromAge, judging coverage in age order', () => {
    expect(problemsAfter((m) => m.ageSex.bands.splice(4, 0, m.ageSex.bands.splice(3, 1)[0]))).toEqual([
      'ageSex.bands[4].fromAge: bands must be sorted by fromAge: 20 comes after 40',
    ])
  })
  it('claims no gap beside a band with unsound ages, but still finds one elsewhere', () => {
    expect(problemsAfter((m) => {
      m.ageSex.bands[3].fromAge = '20'
      m.ageSex.bands[6].fromAge = 76
    })).toEqual([
      'ageSex.bands[3].fromAge: must be a whole number such as 20',
      'ageSex.bands[6].fromAge: gap: age 75 is not covered (band [5] ends at 74)',
    ])
  })
  it('requires at least one band, and whole non-negative ages', () => {
    expect(problemsAfter((m) => (m.ageSex.bands = []))).toEqual(['ageSex.bands: must have at least one band, the last with toAge null'])
    expect(problemsAfter((m) => {
      m.ageSex.bands[1].fromAge = 0.5
      m.ageSex.bands[2].toAge = '19'
      m.ageSex.bands[0].toAge = -1
    })).toEqual([
      'ageSex.bands[0].toAge: must not be negative',
      'ageSex.bands[1].fromAge: must be a whole number',
      'ageSex.bands[2].toAge: must be a whole number such as 39',
    ])
  })
})

describe('amounts are non-negative decimal strings', () => {
  it('rejects a negative amount', () => {
    expect(problemsAfter((m) => (m.ageSex.krPerPointPerYear = '-3564.00'))).toEqual(['ageSex.krPerPointPerYear: must not be negative'])
  })
  it('rejects a JSON number, which would lose öre', () => {
    expect(problemsAfter((m) => (m.careWeight.krPerPointPerYear = 3528))).toEqual([
      'careWeight.krPerPointPerYear: must be a decimal string such as "3564.00", not a number',
    ])
  })
  it('rejects a decimal comma, too many decimals and too many digits', () => {
    expect(problemsAfter((m) => {
      m.ageSex.bands[2].F = '0,55'
      m.interpreter.krPerYear = '1200.0000001'
      m.socioeconomic.krPerCniPointPerYear = '1234567890123'
      delete m.socioeconomic.minClinicMeanCni
    })).toEqual([
      'ageSex.bands[2].F: must be a decimal string such as "3564.00", not "0,55"',
      'interpreter.krPerYear: must have at most 6 decimals',
      'socioeconomic.krPerCniPointPerYear: must have at most 12 digits before the point',
      'socioeconomic.minClinicMeanCni: is required',
    ])
  })
  it('requires defaultWeight above 0', () => {
    expect(problemsAfter((m) => (m.careWeight.defaultWeight = '0.00'))).toEqual(['careWeight.defaultWeight: must be greater than 0'])
  })
})

describe('goal and indicators', () => {
  it('rejects zeroAt = fullAt, compared as numbers', () => {
    expect(problemsAfter((m) => (m.goal.indicators[1].fullAt = '0.4'))).toEqual([
      'goal.indicators[1].zeroAt: must differ from fullAt (both 0.4): fulfilment would divide by zero',
    ])
  })
  it('requires share in [0, 1)', () => {
    expect(problemsAfter((m) => (m.goal.share = '1'))).toEqual(['goal.share: must be less than 1'])
    expect(problemsAfter((m) => (m.goal.share = '1.00'))).toEqual(['goal.share: must be less than 1'])
    expect(problemsAfter((m) => (m.goal.share = '-0.1'))).toEqual(['goal.share: must not be negative'])
    expect(problemsAfter((m) => (m.goal.share = '0.999999'))).toEqual([])
  })
  it('rejects a duplicate indicator code', () => {
    expect(problemsAfter((m) => (m.goal.indicators[2].code = 'TEL_SAME_DAY'))).toEqual([
      'goal.indicators[2].code: duplicate code "TEL_SAME_DAY" (also goal.indicators[0])',
    ])
  })
  it('rejects a code outside A–Z, 0–9 and _', () => {
    expect(problemsAfter((m) => (m.goal.indicators[0].code = 'tel-same-day'))).toEqual([
      'goal.indicators[0].code: must be 1–40 characters of A–Z, 0–9 and _',
    ])
  })
  it('requires a weight above 0 when share is above 0', () => {
    expect(problemsAfter((m) => {
      for (const indicator of m.goal.indicators) indicator.weight = '0.00'
    })).toEqual(['goal.indicators: at least one indicator must have a weight above 0 when share is above 0'])
  })
})

describe('other fields', () => {
  it('rejects a month that does not exist', () => {
    expect(problemsAfter((m) => (m.validFrom = '2027-13'))).toEqual(['validFrom: must be a month YYYY-MM such as "2027-01", not "2027-13"'])
    expect(problemsAfter((m) => (m.validFrom = '2027-1'))).toEqual(['validFrom: must be a month YYYY-MM such as "2027-01", not "2027-1"'])
  })
  it('rejects unknown fields at any depth', () => {
    expect(problemsAfter((m) => {
      m.allocaton = 'census'
      m.goal.indicators[0].label = 'Telefon samma dag'
    })).toEqual(['goal.indicators[0].label: unknown field', 'allocaton: unknown field'])
  })
  it('checks version, enums and geography points', () => {
    expect(problemsAfter((m) => {
      m.version = ''
      m.allocation = 'weekly'
      m.careWeight.normalise = 'mean'
      m.geography.minPoints = 23
      m.vatCompensation.appliesTo = 'all'
    })).toEqual([
      'version: must not be empty',
      'allocation: must be one of "daily", "census"',
      'careWeight.normalise: must be one of "regionMean", "none"',
      'geography.minPoints: must be at most 22, the highest geography points',
      'vatCompensation.appliesTo: must be one of "private", "public"',
    ])
    expect(problemsAfter((m) => (m.version = 'x'.repeat(41)))).toEqual(['version: must be at most 40 characters'])
  })
  it('names the root for something that is not an object', () => {
    expect(parsePaymentModel([1, 2])).toEqual({ ok: false, problems: ['(model): must be an object'] })
  })
})

describe('every problem at once', () => {
  it('lists shape and cross-field problems together, in field order', () => {
    expect(problemsAfter((m) => {
      m.validFrom = '2027-13'
      m.ageSex.bands[3].fromAge = 22
      m.ageSex.bands[5].F = 1.3
      m.ageSex.bands.pop()
      m.careWeight.extra = true
      m.goal.share = '1'
      m.goal.indicators[1].code = 'TEL_SAME_DAY'
      m.goal.indicators[2].zeroAt = '0.060'
      delete m.goal.indicators[0].minDenominator
    })).toEqual([
      'validFrom: must be a month YYYY-MM such as "2027-01", not "2027-13"',
      'ageSex.bands[5].F: must be a decimal string such as "3564.00", not a number',
      'ageSex.bands[3].fromAge: gap: ages 20–21 are not covered (band [2] ends at 19)',
      'ageSex.bands[6].toAge: the last band must be unbounded (null): ages above 84 are not covered',
      'careWeight.extra: unknown field',
      'goal.share: must be less than 1',
      'goal.indicators[0].minDenominator: is required',
      'goal.indicators[2].zeroAt: must differ from fullAt (both 0.06): fulfilment would divide by zero',
      'goal.indicators[1].code: duplicate code "TEL_SAME_DAY" (also goal.indicators[0])',
    ])
  })
  it('the schema alone rejects a cross-field problem', () => {
    const result = PaymentModelSchema.safeParse(draftOf((m) => (m.ageSex.bands[4].fromAge = 35)))
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['ageSex.bands.4.fromAge'])
  })
})

describe('model JSON text', () => {
  it('reports a syntax error with line and column', () => {
    expect(parsePaymentModelJson('{\n  "version": "2027.1",\n  "validFrom": tru\n}')).toEqual({
      ok: false,
      problems: ['(model): invalid JSON at line 3, column 16: found "tru" where a value was expected'],
    })
    expect(parsePaymentModelJson('{\n  "version": "2027.1",\n}')).toEqual({
      ok: false,
      problems: ['(model): invalid JSON at line 3, column 1: found "}" where a property name in double quotes was expected'],
    })
    expect(parsePaymentModelJson('{ "version": "2027.1"')).toEqual({
      ok: false,
      problems: ["(model): invalid JSON at line 1, column 22: found end of text where ',' or '}' was expected"],
    })
    expect(parsePaymentModelJson('{}\n{}')).toEqual({
      ok: false,
      problems: ['(model): invalid JSON at line 2, column 1: found "{" after the end of the JSON value'],
    })
  })
  it('reports the model problems of valid JSON', () => {
    expect(parsePaymentModelJson(SPEC_EXAMPLE_JSON.replace('"2027-01"', '"2027-00"'))).toEqual({
      ok: false,
      problems: ['validFrom: must be a month YYYY-MM such as "2027-01", not "2027-00"'],
    })
  })
})

describe('canonical JSON and fingerprint', () => {
  it('sorts keys, applies defaults and normalises decimals', () => {
    const json = canonicalModelJson(EXAMPLE_MODEL_2027)
    expect(json.startsWith('{"ageSex":{"bands":[{"F":"1.3","M":"1.4","fromAge":0,"toAge":0},{"F":"0.8","M":"0.85"')).toBe(true)
    expect(json).toContain('"krPerPointPerYear":"3564"},"allocation":"daily","careWeight":{"defaultWeight":"1","krPerPointPerYear":"3528"')
    expect(json).toContain('{"code":"ELDERLY_AVOID_DRUGS","fullAt":"0.06","minDenominator":30,"weight":"2","zeroAt":"0.12"}],"share":"0.1"}')
    expect(json.endsWith('"vatCompensation":{"appliesTo":"private","rate":"0.03"},"version":"2027.1"}')).toBe(true)
  })
  it('is equal for "3564.00" and "3564", for any key order and for an omitted default', () => {
    const reference = modelFingerprint(EXAMPLE_MODEL_2027)
    expect(reference).toMatch(/^[0-9a-f]{64}$/)
    expect(modelFingerprint(modelAfter((m) => (m.ageSex.krPerPointPerYear = '3564')))).toBe(reference)
    expect(modelFingerprint(modelAfter((m) => (m.goal.share = '0.1000')))).toBe(reference)
    expect(modelFingerprint(modelAfter((m) => delete m.censusDay))).toBe(reference)
    expect(modelFingerprint(reverseKeys(EXAMPLE_MODEL_2027) as PaymentModel)).toBe(reference)
  })
  it('differs for a changed amount, and the version is part of it', () => {
    const reference = modelFingerprint(EXAMPLE_MODEL_2027)
    expect(modelFingerprint(modelAfter((m) => (m.ageSex.krPerPointPerYear = '3564.01')))).not.toBe(reference)
    expect(modelFingerprint(DEMO_PAYMENT_MODEL)).not.toBe(reference)
  })
  it('refuses to fingerprint an invalid model', () => {
    expect(() => modelFingerprint(draftOf((m) => (m.goal.share = '1')) as PaymentModel)).toThrow()
  })
})

describe('diffModels', () => {
  it('finds nothing between equal models, comparing decimals as numbers', () => {
    expect(diffModels(EXAMPLE_MODEL_2027, EXAMPLE_MODEL_2027)).toEqual([])
    expect(diffModels(EXAMPLE_MODEL_2027, modelAfter((m) => {
      m.ageSex.bands[0].F = '1.3'
      m.careWeight.krPerPointPerYear = '3528'
      m.goal.indicators[0].weight = '3.000'
    }))).toEqual([])
  })
  it('finds exactly the changed parameters, in the model field order', () => {
    const after = modelAfter((m) => {
      m.vatCompensation.appliesTo = 'public'
      m.goal.indicators[0].weight = '4'
      m.ageSex.bands[3].F = '0.80'
      m.ageSex.krPerPointPerYear = '3600.00'
      m.version = '2027.2'
      m.geography.minPoints = 12
    })
    expect(diffModels(EXAMPLE_MODEL_2027, after)).toEqual([
      { path: 'version', before: '2027.1', after: '2027.2' },
      { path: 'ageSex.krPerPointPerYear', before: '3564.00', after: '3600.00' },
      { path: 'ageSex.bands[20–39].F', before: '0.75', after: '0.80' },
      { path: 'geography.minPoints', before: '10', after: '12' },
      { path: 'goal.indicators[TEL_SAME_DAY].weight', before: '3', after: '4' },
      { path: 'vatCompensation.appliesTo', before: 'private', after: 'public' },
    ])
  })
  it('matches bands by their ages: a split band is one removed and two added, in age order', () => {
    const after = modelAfter((m) => {
      m.ageSex.bands.splice(3, 1, { fromAge: 20, toAge: 29, F: '0.70', M: '0.55' }, { fromAge: 30, toAge: 39, F: '0.80', M: '0.55' })
    })
    expect(diffModels(EXAMPLE_MODEL_2027, after)).toEqual([
      { path: 'ageSex.bands[20–29].F', before: null, after: '0.70' },
      { path: 'ageSex.bands[20–29].M', before: null, after: '0.55' },
      { path: 'ageSex.bands[20–39].F', before: '0.75', after: null },
      { path: 'ageSex.bands[20–39].M', before: '0.55', after: null },
      { path: 'ageSex.bands[30–39].F', before: null, after: '0.80' },
      { path: 'ageSex.bands[30–39].M', before: null, after: '0.55' },
    ])
    expect(diffModels(after, EXAMPLE_MODEL_2027).map((change) => [change.path, change.before, change.after])).toEqual([
      ['ageSex.bands[20–29].F', '0.70', null],
      ['ageSex.bands[20–29].M', '0.55', null],
      ['ageSex.bands[20–39].F', null, '0.75'],
      ['ageSex.bands[20–39].M', null, '0.55'],
      ['ageSex.bands[30–39].F', '0.80', null],
      ['ageSex.bands[30–39].M', '0.55', null],
    ])
  })
  it('names the unbounded band "85–"', () => {
    const after = modelAfter((m) => (m.ageSex.bands[7].M = '2.55'))
    expect(diffModels(EXAMPLE_MODEL_2027, after)).toEqual([{ path: 'ageSex.bands[85–].M', before: '2.50', after: '2.55' }])
  })
  it('matches indicators by code: removed and added ones show every parameter', () => {
    const after = modelAfter((m) => {
      m.goal.indicators.splice(1, 1)
      m.goal.indicators.unshift({ code: 'VISITS_3PLUS', weight: '1', zeroAt: '0.50', fullAt: '0.80', minDenominator: 20 })
    })
    expect(diffModels(EXAMPLE_MODEL_2027, after)).toEqual([
      { path: 'goal.indicators[DM_HBA1C_LT52].weight', before: '2', after: null },
      { path: 'goal.indicators[DM_HBA1C_LT52].zeroAt', before: '0.40', after: null },
      { path: 'goal.indicators[DM_HBA1C_LT52].fullAt', before: '0.60', after: null },
      { path: 'goal.indicators[DM_HBA1C_LT52].minDenominator', before: '30', after: null },
      { path: 'goal.indicators[VISITS_3PLUS].weight', before: null, after: '1' },
      { path: 'goal.indicators[VISITS_3PLUS].zeroAt', before: null, after: '0.50' },
      { path: 'goal.indicators[VISITS_3PLUS].fullAt', before: null, after: '0.80' },
      { path: 'goal.indicators[VISITS_3PLUS].minDenominator', before: null, after: '20' },
    ])
  })
  it('gives one change per parameter of an absent optional component', () => {
    const without = modelAfter((m) => {
      delete m.geography
      delete m.interpreter
    })
    expect(diffModels(EXAMPLE_MODEL_2027, without)).toEqual([
      { path: 'interpreter.krPerYear', before: '1200.00', after: null },
      { path: 'geography.minPoints', before: '10', after: null },
      { path: 'geography.krPerGeoPointPerListingPointPerYear', before: '30.00', after: null },
    ])
    expect(diffModels(without, EXAMPLE_MODEL_2027)).toEqual([
      { path: 'interpreter.krPerYear', before: null, after: '1200.00' },
      { path: 'geography.minPoints', before: null, after: '10' },
      { path: 'geography.krPerGeoPointPerListingPointPerYear', before: null, after: '30.00' },
    ])
  })
  it('shows the demo model differs from the 2027 example only in version and validFrom', () => {
    expect(diffModels(DEMO_PAYMENT_MODEL, EXAMPLE_MODEL_2027)).toEqual([
      { path: 'version', before: '2026.1', after: '2027.1' },
      { path: 'validFrom', before: '2025-01', after: '2027-01' },
    ])
  })
})

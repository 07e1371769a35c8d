/**
 * Authorisation's pure rules: each kind of requirement and how an answer stands against it,
 * exact decimals, the organisation number, the rule schemas, the kravbok document format and the
 * requirement form, and the rule in words.
 */
import { describe, expect, it } from 'vitest'
import { mandatoryText, requirementText } from '../../app/components/authorisation/rule-summary.tsx'
import { DEMO_SPEC_VERSION, demoSpecDocument } from '../../app/modules/authorisation/demo-spec.ts'
import {
  OrgNumberSchema,
  RequirementRuleSchemas,
  blockingRequirements,
  checkAnswer,
  compareDecimal,
  formatOrgNumber,
  luhnValid,
  parseRequirement,
  requirementKinds,
  standardChapters,
  type RequirementShape,
} from '../../app/modules/authorisation/rules.ts'
import {
  emptyRequirementForm,
  parseRequirementForm,
  parseSpecDocument,
  parseSpecDocumentJson,
  requirementCount,
  requirementFormValues,
  type RequirementFormValues,
} from '../../app/modules/authorisation/spec-document.ts'

const declaration: RequirementShape = { kind: 'declaration', mandatory: true, rule: { expected: true } }
const hours: RequirementShape = { kind: 'number', mandatory: true, rule: { min: '40', max: '168', unitSv: 'timmar/vecka', unitEn: 'hours/week', integer: false } }
const trainees: RequirementShape = { kind: 'number', mandatory: false, rule: { min: '0', max: '20', unitSv: 'ST-läkare', unitEn: 'trainees', integer: true } }
const records: RequirementShape = {
  kind: 'choice',
  mandatory: true,
  rule: {
    options: [
      { value: 'own', sv: 'Egen journal', en: 'Own records' },
      { value: 'region', sv: 'Regionens journal', en: "The region's records" },
      { value: 'paper', sv: 'Papper', en: 'Paper' },
    ],
    accepted: ['own', 'region'],
  },
}
const certificate: RequirementShape = { kind: 'document', mandatory: true, rule: { minFiles: 1 } }
const twoFiles: RequirementShape = { kind: 'document', mandatory: true, rule: { minFiles: 2 } }
const quality: RequirementShape = { kind: 'text', mandatory: true, rule: { minLength: 20, maxLength: 2000 } }

describe('checkAnswer: declaration', () => {
  it('passes the answer asked for, refuses the other, misses none', () => {
    expect(checkAnswer(declaration, true)).toEqual({ status: 'pass' })
    expect(checkAnswer(declaration, false)).toEqual({ status: 'fail', problem: 'declarationRefused' })
    expect(checkAnswer(declaration, undefined)).toEqual({ status: 'missing' })
    expect(checkAnswer(declaration, null)).toEqual({ status: 'missing' })
  })

  it('may ask for "no"', () => {
    const no: RequirementShape = { kind: 'declaration', mandatory: true, rule: { expected: false } }
    expect(checkAnswer(no, false)).toEqual({ status: 'pass' })
    expect(checkAnswer(no, true)).toEqual({ status: 'fail', problem: 'declarationRefused' })
  })

  it('fails a value of another type', () => {
    expect(checkAnswer(declaration, 'true')).toEqual({ status: 'fail', problem: 'wrongType' })
    expect(checkAnswer(declaration, 1)).toEqual({ status: 'fail', problem: 'wrongType' })
  })
})

describe('checkAnswer: number', () => {
  it('takes both bounds inclusively', () => {
    expect(checkAnswer(hours, '40')).toEqual({ status: 'pass' })
    expect(checkAnswer(hours, '168')).toEqual({ status: 'pass' })
    expect(checkAnswer(hours, '40.000')).toEqual({ status: 'pass' })
  })

  it('names the bound an answer misses, with its unit', () => {
    expect(checkAnswer(hours, '39.99')).toEqual({ status: 'fail', problem: 'belowMin', params: { min: '40', unit: 'timmar/vecka' } })
    expect(checkAnswer(hours, '168.01')).toEqual({ status: 'fail', problem: 'aboveMax', params: { max: '168', unit: 'timmar/vecka' } })
    expect(checkAnswer(hours, '-45')).toMatchObject({ status: 'fail', problem: 'belowMin' })
  })

  it('reads a Swedish decimal comma', () => {
    expect(checkAnswer(hours, '40,5')).toEqual({ status: 'pass' })
    expect(checkAnswer(hours, ' 39,5 ')).toMatchObject({ status: 'fail', problem: 'belowMin' })
  })

  it('refuses what is not a decimal', () => {
    for (const bad of ['abc', '1e3', '4 0', '40.', '.5', '1.2.3', '1,5,0', '0x10']) expect(checkAnswer(hours, bad)).toEqual({ status: 'fail', problem: 'notDecimal' })
  })

  it('holds whole numbers to integers, accepting 2.0', () => {
    expect(checkAnswer(trainees, '2')).toEqual({ status: 'pass' })
    expect(checkAnswer(trainees, '2.0')).toEqual({ status: 'pass' })
    expect(checkAnswer(trainees, '2,5')).toEqual({ status: 'fail', problem: 'notInteger' })
  })

  it('is missing when empty; takes a JS number; fails other types', () => {
    expect(checkAnswer(hours, '')).toEqual({ status: 'missing' })
    expect(checkAnswer(hours, undefined)).toEqual({ status: 'missing' })
    expect(checkAnswer(hours, null)).toEqual({ status: 'missing' })
    expect(checkAnswer(hours, 45)).toEqual({ status: 'pass' })
    expect(checkAnswer(hours, true)).toEqual({ status: 'fail', problem: 'wrongType' })
    expect(checkAnswer(hours, { value: '45' })).toEqual({ status: 'fail', problem: 'wrongType' })
  })

  it('has no bound when none is given', () => {
    const any: RequirementShape = { kind: 'number', mandatory: true, rule: { unitSv: 'st', unitEn: 'pcs', integer: false } }
    expect(checkAnswer(any, '-999999')).toEqual({ status: 'pass' })
  })
})

describe('checkAnswer: choice', () => {
  it('passes an accepted option, fails an option not accepted and a value that is no option', () => {
    expect(checkAnswer(records, 'own')).toEqual({ status: 'pass' })
    expect(checkAnswer(records, 'region')).toEqual({ status: 'pass' })
    expect(checkAnswer(records, 'paper')).toEqual({ status: 'fail', problem: 'optionNotAccepted' })
    expect(checkAnswer(records, 'Own')).toEqual({ status: 'fail', problem: 'notAnOption' })
  })

  it('is missing when empty and fails other types', () => {
    expect(checkAnswer(records, '')).toEqual({ status: 'missing' })
    expect(checkAnswer(records, undefined)).toEqual({ status: 'missing' })
    expect(checkAnswer(records, 1)).toEqual({ status: 'fail', problem: 'wrongType' })
    expect(checkAnswer(records, ['own'])).toEqual({ status: 'fail', problem: 'wrongType' })
  })
})

describe('checkAnswer: text', () => {
  it('takes both lengths inclusively, counting characters after trimming', () => {
    expect(checkAnswer(quality, 'å'.repeat(20))).toEqual({ status: 'pass' })
    expect(checkAnswer(quality, `  ${'ä'.repeat(2000)}  `)).toEqual({ status: 'pass' })
    expect(checkAnswer(quality, 'x'.repeat(19))).toEqual({ status: 'fail', problem: 'tooShort', params: { min: 20, length: 19 } })
    expect(checkAnswer(quality, 'x'.repeat(2001))).toEqual({ status: 'fail', problem: 'tooLong', params: { max: 2000, length: 2001 } })
  })

  it('counts an emoji as one character', () => {
    expect(checkAnswer(quality, `${'😀'.repeat(19)}x`)).toEqual({ status: 'pass' })
  })

  it('is missing when empty or blank and fails other types', () => {
    expect(checkAnswer(quality, '   ')).toEqual({ status: 'missing' })
    expect(checkAnswer(quality, undefined)).toEqual({ status: 'missing' })
    expect(checkAnswer(quality, 42)).toEqual({ status: 'fail', problem: 'wrongType' })
  })
})

describe('checkAnswer: document', () => {
  it('counts the attached files', () => {
    expect(checkAnswer(certificate, undefined, 0)).toEqual({ status: 'missing' })
    expect(checkAnswer(certificate, undefined, 1)).toEqual({ status: 'pass' })
    expect(checkAnswer(twoFiles, undefined, 1)).toEqual({ status: 'fail', problem: 'tooFewFiles', params: { min: 2, files: 1 } })
    expect(checkAnswer(twoFiles, undefined, 3)).toEqual({ status: 'pass' })
  })
})

describe('checkAnswer never throws', () => {
  const values: unknown[] = [undefined, null, 0, 1, -1, NaN, Infinity, true, false, '', ' ', 'x', '12', {}, [], [1], { a: 1 }, () => 1, Symbol('s'), 10n]
  it.each([declaration, hours, trainees, records, certificate, quality])('for a $kind requirement, whatever the value', (req) => {
    for (const value of values) {
      const check = checkAnswer(req, value, 0)
      expect(['pass', 'missing', 'fail']).toContain(check.status)
    }
  })
})

describe('blockingRequirements', () => {
  it('blocks a mandatory requirement that does not pass, and an optional one only when its answer fails', () => {
    const rows = [
      { id: 1, mandatory: true, check: { status: 'pass' as const } },
      { id: 2, mandatory: true, check: { status: 'missing' as const } },
      { id: 3, mandatory: true, check: { status: 'fail' as const, problem: 'belowMin' as const } },
      { id: 4, mandatory: false, check: { status: 'missing' as const } },
      { id: 5, mandatory: false, check: { status: 'fail' as const, problem: 'tooShort' as const } },
      { id: 6, mandatory: false, check: { status: 'pass' as const } },
    ]
    expect(blockingRequirements(rows).map((r) => r.id)).toEqual([2, 3, 5])
  })
})

describe('compareDecimal', () => {
  it('compares exactly across scales', () => {
    expect(compareDecimal('1.5', '1.50')).toBe(0)
    expect(compareDecimal('10', '9.999999')).toBe(1)
    expect(compareDecimal('0.1', '0.10000001')).toBe(-1)
    expect(compareDecimal('123456789012.000001', '123456789012')).toBe(1)
    expect(compareDecimal('40', '40.0')).toBe(0)
  })

  it('compares negatives, including those between -1 and 0', () => {
    expect(compareDecimal('-1', '0')).toBe(-1)
    expect(compareDecimal('-0.5', '0')).toBe(-1)
    expect(compareDecimal('0', '-0.5')).toBe(1)
    expect(compareDecimal('-0.5', '-0.25')).toBe(-1)
    expect(compareDecimal('-1.25', '-1.2')).toBe(-1)
    expect(compareDecimal('-2', '-10')).toBe(1)
    expect(compareDecimal('-0.50', '-0.5')).toBe(0)
  })

  it('reads a comma as the decimal point', () => {
    expect(compareDecimal('0,5', '0.5')).toBe(0)
    expect(compareDecimal('2,25', '2.3')).toBe(-1)
  })
})

describe('luhnValid', () => {
  it('checks the last digit', () => {
    expect(luhnValid('5560360793')).toBe(true)
    expect(luhnValid('2021005489')).toBe(true)
    expect(luhnValid('5560360794')).toBe(false)
    expect(luhnValid('8112189876')).toBe(true)
  })

  it('refuses what is not digits', () => {
    expect(luhnValid('')).toBe(false)
    expect(luhnValid('556036-0793')).toBe(false)
    expect(luhnValid('abc')).toBe(false)
  })
})

describe('OrgNumberSchema', () => {
  it('takes ten digits with or without the dash, and twelve with the prefix 16', () => {
    expect(OrgNumberSchema.parse('556036-0793')).toBe('5560360793')
    expect(OrgNumberSchema.parse(' 5560360793 ')).toBe('5560360793')
    expect(OrgNumberSchema.parse('16556036-0793')).toBe('5560360793')
    expect(OrgNumberSchema.parse('165560360793')).toBe('5560360793')
  })

  it('refuses a bad check digit and a wrong length by name', () => {
    const problem = (s: string) => {
      const r = OrgNumberSchema.safeParse(s)
      return r.success ? null : r.error.issues[0]!.message
    }
    expect(problem('556036-0794')).toBe('orgNumberChecksum')
    expect(problem('55603607')).toBe('orgNumberShape')
    expect(problem('55603607931')).toBe('orgNumberShape')
    expect(problem('195560360793')).toBe('orgNumberShape')
    expect(problem('556036-079A')).toBe('orgNumberShape')
  })

  it('is written back with the dash', () => {
    expect(formatOrgNumber('5560360793')).toBe('556036-0793')
    expect(formatOrgNumber('123')).toBe('123')
  })
})

describe('the rule schemas', () => {
  const issues = (kind: keyof typeof RequirementRuleSchemas, rule: unknown) => {
    const r = RequirementRuleSchemas[kind].safeParse(rule)
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  }

  it('give their defaults', () => {
    expect(RequirementRuleSchemas.declaration.parse({})).toEqual({ expected: true })
    expect(RequirementRuleSchemas.document.parse({})).toEqual({ minFiles: 1 })
    expect(RequirementRuleSchemas.text.parse({})).toEqual({ minLength: 1, maxLength: 4000 })
    expect(RequirementRuleSchemas.number.parse({ min: '1,5', unitSv: 'h', unitEn: 'h' })).toEqual({ min: '1.5', unitSv: 'h', unitEn: 'h', integer: false })
  })

  it('refuse a minimum above the maximum, at the maximum; accept equal bounds', () => {
    expect(issues('number', { min: '50', max: '40', unitSv: 'h', unitEn: 'h' })).toEqual(['max: minAboveMax'])
    expect(issues('number', { min: '40', max: '40', unitSv: 'h', unitEn: 'h' })).toEqual([])
    expect(issues('number', { min: '-1', max: '-2', unitSv: 'h', unitEn: 'h' })).toEqual(['max: minAboveMax'])
    expect(issues('text', { minLength: 100, maxLength: 10 })).toEqual(['maxLength: minAboveMax'])
  })

  it('refuse a bound that is not a decimal, without comparing it', () => {
    expect(issues('number', { min: '4x', unitSv: 'h', unitEn: 'h' })).toEqual(['min: notDecimal'])
    expect(issues('number', { min: 'fyrtio', max: '5', unitSv: 'h', unitEn: 'h' })).toEqual(['min: notDecimal'])
    expect(issues('number', { min: '1', max: '1e3', unitSv: 'h', unitEn: 'h' })).toEqual(['max: notDecimal'])
  })

  it("check a choice's options and accepted values", () => {
    const a = { value: 'a', sv: 'A', en: 'A' }
    const b = { value: 'b', sv: 'B', en: 'B' }
    expect(issues('choice', { options: [a], accepted: ['a'] })).toEqual(['options: tooFewOptions'])
    expect(issues('choice', { options: [a, b], accepted: [] })).toEqual(['accepted: noneAccepted'])
    expect(issues('choice', { options: [a, { ...b, value: 'a' }], accepted: ['a'] })).toEqual(['options: duplicateOption'])
    expect(issues('choice', { options: [a, b], accepted: ['c'] })).toEqual(['accepted: unknownAccepted'])
    expect(issues('choice', { options: [a, { ...b, value: 'B b' }], accepted: ['a'] })).toEqual(['options.1.value: optionValue'])
  })

  it('refuse unknown fields and out-of-range counts', () => {
    expect(issues('declaration', { expected: true, extra: 1 })).toHaveLength(1)
    expect(issues('document', { minFiles: 0 })).toHaveLength(1)
    expect(issues('document', { minFiles: 11 })).toHaveLength(1)
    expect(issues('document', { minFiles: 1.5 })).toHaveLength(1)
  })

  it('parseRequirement validates a stored rule for its kind', () => {
    expect(parseRequirement('text', false, { minLength: 5 })).toEqual({ kind: 'text', mandatory: false, rule: { minLength: 5, maxLength: 4000 } })
    expect(() => parseRequirement('number', true, {})).toThrow()
  })
})

describe('the kravbok document', () => {
  it("takes the demo region's kravbok: the standard chapters in order, about forty requirements of every kind", () => {
    const r = parseSpecDocument(demoSpecDocument())
    if (!r.ok) throw new Error(r.problems.join('\n'))
    expect(r.doc.version).toBe(DEMO_SPEC_VERSION)
    expect(r.doc.title).toBe('Förfrågningsunderlag vårdval primärvård 2027')
    expect(r.doc.chapters.map((c) => c.code)).toEqual([...standardChapters])
    const all = r.doc.chapters.flatMap((c) => c.requirements)
    expect(requirementCount(r.doc)).toBe(all.length)
    expect(all.length).toBeGreaterThanOrEqual(35)
    expect(all.length).toBeLessThanOrEqual(45)
    for (const kind of requirementKinds) {
      expect(all.some((q) => q.kind === kind && q.mandatory)).toBe(true)
      expect(all.some((q) => q.kind === kind && !q.mandatory) || kind === 'declaration' || kind === 'choice').toBe(true)
    }
    const opening = all.find((q) => q.code === '3.1')!
    expect(opening).toMatchObject({ kind: 'number', mandatory: true, rule: { min: '40', unitSv: 'timmar/vecka' } })
    expect(all.find((q) => q.code === '5.1')).toMatchObject({ kind: 'number', rule: { min: '1', unitSv: 'heltidstjänster' } })
  })

  it('lists every problem as path: message, in document order', () => {
    const doc = {
      version: '2027:2',
      title: 'T',
      extra: true,
      chapters: [
        {
          code: 'admission',
          titleSv: 'A',
          titleEn: 'A',
          requirements: [
            { code: '1.1', kind: 'declaration', mandatory: true, textSv: 'x', textEn: 'y', rule: {} },
            { code: '1.2', kind: 'number', mandatory: true, textSv: 'x', textEn: 'y', rule: { min: '4x', unitSv: 'h', foo: 1 } },
          ],
        },
        { code: 'mission', titleSv: 'M', titleEn: 'M', requirements: [] },
        {
          code: 'admission',
          titleSv: '',
          titleEn: 'A',
          requirements: [
            { code: '1.1', kind: 'choice', mandatory: 'yes', textSv: 'x', rule: { options: [{ value: 'a', sv: 'a', en: 'a' }], accepted: ['b'] } },
            { code: '3.2', kind: 'text', mandatory: true, textSv: 'x', textEn: 'y', rule: { minLength: 50, maxLength: 10 } },
            { code: '3.3', kind: 'blah', mandatory: true, textSv: 'x', textEn: 'y', rule: {} },
          ],
        },
      ],
    }
    const r = parseSpecDocument(doc)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.problems).toEqual([
      'chapters[0].requirements[1].rule.foo: unknown field',
      'chapters[0].requirements[1].rule.min: not a decimal',
      'chapters[0].requirements[1].rule.unitEn: is required',
      'chapters[2].code: admission is also the code of chapters[0]',
      'chapters[2].requirements[0].code: 1.1 is also the code of chapters[0].requirements[0]',
      'chapters[2].requirements[0].mandatory: must be a boolean',
      'chapters[2].requirements[0].rule.accepted: names a value that is not an option',
      'chapters[2].requirements[0].rule.options: must have at least 2 options',
      'chapters[2].requirements[0].textEn: is required',
      'chapters[2].requirements[1].rule.maxLength: is below the minimum',
      'chapters[2].requirements[2].kind: must be one of declaration, number, choice, document, text',
      'chapters[2].titleSv: must not be empty',
      'extra: unknown field',
    ])
  })

  it('names bad codes, a bad version and a document that is not one', () => {
    const one = (doc: unknown) => {
      const r = parseSpecDocument(doc)
      return r.ok ? [] : r.problems
    }
    expect(one(null)).toEqual(['(document): must be an object'])
    expect(one({ version: '', title: 'T', chapters: [] })).toEqual(['chapters: must have at least 1 items', 'version: must not be empty'])
    expect(one({ version: '-x', title: 'T', chapters: [{ code: 'Follow Up', titleSv: 'a', titleEn: 'a', requirements: [{ code: '1 1', kind: 'document', mandatory: true, textSv: 'a', textEn: 'a', rule: { minFiles: 0 } }] }] })).toEqual([
      'chapters[0].code: must be 1–40 characters of a–z, 0–9 and _, starting with a letter, such as follow_up',
      'chapters[0].requirements[0].code: must be 1–40 characters of letters, digits, . _ and -, such as 3.2',
      'chapters[0].requirements[0].rule.minFiles: must be at least 1',
      'version: must start with a letter or digit and hold only letters, digits, spaces and : . _ -',
    ])
    expect(parseSpecDocumentJson('{"version": ')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^\(document\): invalid JSON: /)] })
  })

  it('gives each rule its defaults and normalises decimals', () => {
    const r = parseSpecDocumentJson(
      JSON.stringify({
        version: 'X:1',
        title: 'T',
        chapters: [{ code: 'a', titleSv: 'a', titleEn: 'a', requirements: [{ code: '1', kind: 'number', mandatory: false, textSv: 'a', textEn: 'b', rule: { min: '0,5', unitSv: 'h', unitEn: 'h' } }, { code: '2', kind: 'text', mandatory: true, textSv: 'a', textEn: 'b' }] }],
      }),
    )
    if (!r.ok) throw new Error(r.problems.join('\n'))
    expect(r.doc.chapters[0]!.requirements.map((q) => q.rule)).toEqual([{ min: '0.5', unitSv: 'h', unitEn: 'h', integer: false }, { minLength: 1, maxLength: 4000 }])
  })
})

describe('the requirement form', () => {
  const form = (values: Partial<RequirementFormValues>): RequirementFormValues => ({ ...emptyRequirementForm(7), code: '3.9', kind: 'number', textSv: 'Öppettider', textEn: 'Opening hours', ...values })

  it('builds a number requirement from its fields', () => {
    const r = parseRequirementForm(form({ min: '40', max: '', unitSv: 'timmar/vecka', unitEn: 'hours/week', integer: 'on', mandatory: 'false' }))
    expect(r).toEqual({
      ok: true,
      input: { code: '3.9', chapterId: 7, kind: 'number', mandatory: false, textSv: 'Öppettider', textEn: 'Opening hours', rule: { min: '40', unitSv: 'timmar/vecka', unitEn: 'hours/week', integer: true } },
    })
  })

  it('gives field errors as codes: the bounds, the unit, the common fields', () => {
    expect(parseRequirementForm(form({ min: '50', max: '40', unitSv: 'h', unitEn: '' }))).toEqual({ ok: false, errors: { max: 'minAboveMax', unitEn: 'required' } })
    expect(parseRequirementForm(form({ min: 'många', unitSv: 'h', unitEn: 'h' }))).toEqual({ ok: false, errors: { min: 'notDecimal' } })
    expect(parseRequirementForm(form({ code: '', chapterId: 'x', kind: 'other', textSv: ' ' }))).toEqual({
      ok: false,
      errors: { code: 'required', chapterId: 'chapterMissing', kind: 'kindMissing', textSv: 'required' },
    })
  })

  it('reads choice options one per line and the accepted values', () => {
    expect(parseRequirementForm(form({ kind: 'choice', options: 'own|Egen|Own\r\nregion|Regionens|Region\n', accepted: 'own, region' }))).toMatchObject({
      ok: true,
      input: { rule: { options: [{ value: 'own', sv: 'Egen', en: 'Own' }, { value: 'region', sv: 'Regionens', en: 'Region' }], accepted: ['own', 'region'] } },
    })
    expect(parseRequirementForm(form({ kind: 'choice', options: 'own|Egen\nregion|Regionens|Region', accepted: 'own' }))).toEqual({ ok: false, errors: { options: 'optionLine' } })
    expect(parseRequirementForm(form({ kind: 'choice', options: 'own|Egen|Own\nregion|Regionens|Region', accepted: 'paper' }))).toEqual({ ok: false, errors: { accepted: 'unknownAccepted' } })
    expect(parseRequirementForm(form({ kind: 'choice', options: 'own|Egen|Own', accepted: '' }))).toEqual({ ok: false, errors: { options: 'tooFewOptions', accepted: 'noneAccepted' } })
  })

  it('checks the counts of documents and text lengths', () => {
    expect(parseRequirementForm(form({ kind: 'document', minFiles: '11' }))).toEqual({ ok: false, errors: { minFiles: 'outOfRange' } })
    expect(parseRequirementForm(form({ kind: 'document', minFiles: 'två' }))).toEqual({ ok: false, errors: { minFiles: 'notWhole' } })
    expect(parseRequirementForm(form({ kind: 'text', minLength: '100', maxLength: '10' }))).toEqual({ ok: false, errors: { maxLength: 'minAboveMax' } })
    expect(parseRequirementForm(form({ kind: 'text', minLength: '', maxLength: '' }))).toMatchObject({ ok: true, input: { rule: {} } })
  })

  it('round-trips a stored requirement of every kind through the form', () => {
    for (const shape of [declaration, hours, trainees, records, certificate, quality]) {
      const values = requirementFormValues({ ...shape, code: 'K1', chapterId: 3, textSv: 'sv', textEn: 'en' })
      const r = parseRequirementForm(values)
      if (!r.ok) throw new Error(JSON.stringify(r.errors))
      expect(parseRequirement(r.input.kind, r.input.mandatory, r.input.rule)).toEqual(shape)
    }
  })
})

describe('the rule in words', () => {
  it('says what meets each kind, in Swedish and English', () => {
    expect(requirementText(declaration, 'sv')).toBe('Ja krävs')
    expect(requirementText({ kind: 'number', mandatory: true, rule: { min: '40', unitSv: 'timmar/vecka', unitEn: 'hours/week', integer: false } }, 'sv')).toBe('Minst 40 timmar/vecka')
    expect(requirementText(hours, 'en')).toBe('40–168 hours/week')
    expect(requirementText({ kind: 'number', mandatory: true, rule: { max: '0.5', unitSv: 'dagar', unitEn: 'days', integer: false } }, 'sv')).toBe('Högst 0,5 dagar')
    expect(requirementText(trainees, 'sv')).toBe('0–20 ST-läkare (heltal)')
    expect(requirementText(records, 'sv')).toBe('Godtagbara svar: Egen journal, Regionens journal')
    expect(requirementText(records, 'en')).toBe("Acceptable answers: Own records, The region's records")
    expect(requirementText(certificate, 'sv')).toBe('Minst 1 PDF-fil')
    expect(requirementText(twoFiles, 'sv')).toBe('Minst 2 PDF-filer')
    expect(requirementText(quality, 'sv')).toBe('20–2000 tecken')
    expect(mandatoryText(declaration, 'sv')).toBe('Obligatoriskt')
    expect(mandatoryText(trainees, 'sv')).toBe('Frivilligt')
  })
})

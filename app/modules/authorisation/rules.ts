/**
 * Authorisation under LOV: the pure rules. What each kind of requirement in the kravbok asks
 * (its rule), what an answer to it is, and whether an answer meets it; the organisation number;
 * who may see an application. No I/O: the pages, the services and the unit tests share it.
 */
import { z } from 'zod'

export const requirementKinds = ['declaration', 'number', 'choice', 'document', 'text'] as const
export type RequirementKind = (typeof requirementKinds)[number]

/** The kravbok's chapters, in order (a region may add its own codes). */
export const standardChapters = [
  'admission',
  'mission',
  'conditions',
  'management',
  'staffing',
  'premises',
  'it',
  'interpreters',
  'insurance',
  'subcontractors',
  'follow_up',
] as const

/** A decimal as typed: digits with an optional sign and a point or a Swedish comma. */
const DECIMAL = /^-?\d{1,12}([.,]\d{1,6})?$/

export const DecimalString = z
  .string()
  .trim()
  .regex(DECIMAL, 'notDecimal')
  .transform((s) => s.replace(',', '.'))

const DeclarationRule = z.strictObject({
  /** The answer the requirement asks for: almost always true ("Ja, vi åtar oss …"). */
  expected: z.boolean().default(true),
})
const NumberRule = z
  .strictObject({
    min: DecimalString.optional(),
    max: DecimalString.optional(),
    /** e.g. "timmar/vecka", "heltidstjänster". */
    unitSv: z.string().trim().min(1).max(40),
    unitEn: z.string().trim().min(1).max(40),
    integer: z.boolean().default(false),
  })
  // A bound that is not a decimal has its own issue (the refinement still runs after a failed regex).
  .refine((r) => r.min === undefined || r.max === undefined || !DECIMAL.test(r.min) || !DECIMAL.test(r.max) || compareDecimal(r.min, r.max) <= 0, {
    message: 'minAboveMax',
    path: ['max'],
  })
const ChoiceOption = z.strictObject({
  value: z.string().trim().regex(/^[a-z0-9_-]{1,40}$/, 'optionValue'),
  sv: z.string().trim().min(1).max(200),
  en: z.string().trim().min(1).max(200),
})
const ChoiceRule = z
  .strictObject({
    options: z.array(ChoiceOption).min(2, 'tooFewOptions').max(20),
    /** The options that meet the requirement. */
    accepted: z.array(z.string()).min(1, 'noneAccepted'),
  })
  .refine((r) => new Set(r.options.map((o) => o.value)).size === r.options.length, { message: 'duplicateOption', path: ['options'] })
  .refine((r) => r.accepted.every((a) => r.options.some((o) => o.value === a)), { message: 'unknownAccepted', path: ['accepted'] })
const DocumentRule = z.strictObject({
  /** How many PDFs must be attached (e.g. 1: the insurance certificate). */
  minFiles: z.number().int().min(1).max(10).default(1),
})
const TextRule = z
  .strictObject({
    minLength: z.number().int().min(1).max(10_000).default(1),
    maxLength: z.number().int().min(1).max(20_000).default(4000),
  })
  .refine((r) => r.minLength <= r.maxLength, { message: 'minAboveMax', path: ['maxLength'] })

export const RequirementRuleSchemas = {
  declaration: DeclarationRule,
  number: NumberRule,
  choice: ChoiceRule,
  document: DocumentRule,
  text: TextRule,
} as const

export type DeclarationRule = z.output<typeof DeclarationRule>
export type NumberRule = z.output<typeof NumberRule>
export type ChoiceRule = z.output<typeof ChoiceRule>
export type DocumentRule = z.output<typeof DocumentRule>
export type TextRule = z.output<typeof TextRule>
export type RequirementRule = DeclarationRule | NumberRule | ChoiceRule | DocumentRule | TextRule

/** A requirement as the rules see it (the database row's kind, mandatory and rule). */
export type RequirementShape =
  | { kind: 'declaration'; mandatory: boolean; rule: DeclarationRule }
  | { kind: 'number'; mandatory: boolean; rule: NumberRule }
  | { kind: 'choice'; mandatory: boolean; rule: ChoiceRule }
  | { kind: 'document'; mandatory: boolean; rule: DocumentRule }
  | { kind: 'text'; mandatory: boolean; rule: TextRule }

/** Validates a stored or typed rule for its kind; the error names the path and the problem. */
export function parseRequirement(kind: RequirementKind, mandatory: boolean, rule: unknown): RequirementShape {
  return { kind, mandatory, rule: RequirementRuleSchemas[kind].parse(rule) } as RequirementShape
}

/**
 * What an answer is, by kind, as stored in application_answer.value: declaration → boolean,
 * number → a decimal string with a point, choice → an option's value, text → the text.
 * Document requirements have no answer row: their attachments answer them.
 */
export const AnswerValueSchemas = {
  declaration: z.boolean(),
  number: DecimalString,
  choice: z.string().trim().min(1, 'required').max(40),
  text: z.string().trim().min(1, 'required').max(20_000),
} as const

/** How an answer stands against its requirement. */
export type AnswerCheck =
  | { status: 'pass' }
  /** Not answered: blocks submission when the requirement is mandatory. */
  | { status: 'missing' }
  /** Answered, but the answer does not meet the rule. `problem` is a message code, `params` its figures. */
  | { status: 'fail'; problem: AnswerProblem; params?: Record<string, string | number> }

export type AnswerProblem =
  | 'declarationRefused' // a declaration answered "no" (or the opposite of what is asked)
  | 'notDecimal'
  | 'notInteger'
  | 'belowMin'
  | 'aboveMax'
  | 'notAnOption'
  | 'optionNotAccepted'
  | 'tooShort'
  | 'tooLong'
  | 'tooFewFiles'
  | 'wrongType' // the stored value is not of the kind's type

/**
 * Checks one answer against its requirement. `value` is the stored answer (undefined when
 * none); `files` is the number of attachments (document requirements). Pure and total: a value
 * of the wrong type gives a fail, never an exception.
 */
export function checkAnswer(req: RequirementShape, value: unknown, files = 0): AnswerCheck {
  switch (req.kind) {
    case 'declaration': {
      if (value === undefined || value === null) return { status: 'missing' }
      if (typeof value !== 'boolean') return { status: 'fail', problem: 'wrongType' }
      return value === req.rule.expected ? { status: 'pass' } : { status: 'fail', problem: 'declarationRefused' }
    }
    case 'number': {
      if (value === undefined || value === null || value === '') return { status: 'missing' }
      if (typeof value !== 'string' && typeof value !== 'number') return { status: 'fail', problem: 'wrongType' }
      const text = String(value).trim().replace(',', '.')
      if (!DECIMAL.test(text)) return { status: 'fail', problem: 'notDecimal' }
      if (req.rule.integer && !/^-?\d+(\.0+)?$/.test(text)) return { status: 'fail', problem: 'notInteger' }
      if (req.rule.min !== undefined && compareDecimal(text, req.rule.min) < 0) return { status: 'fail', problem: 'belowMin', params: { min: req.rule.min, unit: req.rule.unitSv } }
      if (req.rule.max !== undefined && compareDecimal(text, req.rule.max) > 0) return { status: 'fail', problem: 'aboveMax', params: { max: req.rule.max, unit: req.rule.unitSv } }
      return { status: 'pass' }
    }
    case 'choice': {
      if (value === undefined || value === null || value === '') return { status: 'missing' }
      if (typeof value !== 'string') return { status: 'fail', problem: 'wrongType' }
      if (!req.rule.options.some((o) => o.value === value)) return { status: 'fail', problem: 'notAnOption' }
      return req.rule.accepted.includes(value) ? { status: 'pass' } : { status: 'fail', problem: 'optionNotAccepted' }
    }
    case 'text': {
      if (value === undefined || value === null) return { status: 'missing' }
      if (typeof value !== 'string') return { status: 'fail', problem: 'wrongType' }
      const length = [...value.trim()].length
      if (length === 0) return { status: 'missing' }
      if (length < req.rule.minLength) return { status: 'fail', problem: 'tooShort', params: { min: req.rule.minLength, length } }
      if (length > req.rule.maxLength) return { status: 'fail', problem: 'tooLong', params: { max: req.rule.maxLength, length } }
      return { status: 'pass' }
    }
    case 'document': {
      if (files === 0) return { status: 'missing' }
      return files >= req.rule.minFiles ? { status: 'pass' } : { status: 'fail', problem: 'tooFewFiles', params: { min: req.rule.minFiles, files } }
    }
  }
}

/**
 * Whether an application may be submitted as far as its answers go: every mandatory
 * requirement passes, and no answer given to an optional one fails. Returns the codes (ids)
 * of the requirements that stand in the way.
 */
export function blockingRequirements<T extends { id: number; check: AnswerCheck; mandatory: boolean }>(rows: T[]): T[] {
  return rows.filter((r) => (r.mandatory ? r.check.status !== 'pass' : r.check.status === 'fail'))
}

/** Compares two decimal strings (point as separator) exactly, without floating point. */
export function compareDecimal(a: string, b: string): number {
  const [ai, af = ''] = a.replace(',', '.').split('.')
  const [bi, bf = ''] = b.replace(',', '.').split('.')
  const scale = Math.max(af.length, bf.length)
  const x = BigInt((ai ?? '0') + af.padEnd(scale, '0'))
  const y = BigInt((bi ?? '0') + bf.padEnd(scale, '0'))
  // "-0.5": the integer part "-0" loses its sign in BigInt; restore it.
  const sx = a.trim().startsWith('-') && x > 0n ? -x : x
  const sy = b.trim().startsWith('-') && y > 0n ? -y : y
  return sx < sy ? -1 : sx > sy ? 1 : 0
}

/** The Luhn sum of a digit string is a multiple of 10 (the last digit is the check digit). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/**
 * An organisation number (organisationsnummer) as typed: `NNNNNN-NNNN`, ten digits, or twelve
 * with the century prefix 16. Stored as ten digits. A sole trader's is their personnummer (ten
 * digits), which the same Luhn check covers.
 */
export const OrgNumberSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(
    z
      .string()
      .transform((s) => (s.length === 12 && s.startsWith('16') ? s.slice(2) : s))
      .pipe(z.string().regex(/^\d{10}$/, 'orgNumberShape').refine(luhnValid, 'orgNumberChecksum')),
  )

/** `5560360793` → `556036-0793`. */
export function formatOrgNumber(digits: string): string {
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 6)}-${digits.slice(6)}` : digits
}

/** Sections of the application's own fields, as a request for supplementation names them. */
export const applicationSections = ['provider', 'clinic', 'staffing', 'medical_lead'] as const
export type ApplicationSection = (typeof applicationSections)[number]

/** The LOV exclusion grounds (uteslutningsgrunder) a decision records, each true when it applies. */
export const exclusionGrounds = ['bankruptcy', 'unpaidTaxes', 'misconduct', 'falseInformation'] as const
export type ExclusionGround = (typeof exclusionGrounds)[number]

export type ApplicationStatus = 'draft' | 'submitted' | 'supplementation' | 'approved' | 'rejected' | 'withdrawn'

/** Who may see an application: its applicant, and the region's side. Nobody else, not other applicants. */
export function canSeeApplication(user: { id: number; manager: boolean }, application: { applicantUserId: number }): boolean {
  return user.manager || application.applicantUserId === user.id
}

/** Whole days from `from` to `to` (the queue's age of an application). */
export function ageInDays(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86_400_000))
}

/**
 * The kravbok as a document: one whole version of the requirement specification in JSON, as the
 * region writes it and `kravbok load` reads it, validated with every problem listed as
 * `path: message` (e.g. `chapters[2].requirements[0].rule.min: not a decimal`). And the
 * requirement form of the kravbok pages, parsed into the same shape. Pure: no I/O.
 */
import { z } from 'zod'
import { RequirementRuleSchemas, requirementKinds, type RequirementKind, type RequirementRule, type RequirementShape } from './rules.ts'

// ── Wording of problems ──────────────────────────────────────────────────────────────────────

/** The message codes of the rule schemas (rules.ts) and of the document's own checks, in words. */
const PROBLEMS: Record<string, string> = {
  versionShape: 'must start with a letter or digit and hold only letters, digits, spaces and : . _ -',
  requirementCode: 'must be 1–40 characters of letters, digits, . _ and -, such as 3.2',
  chapterCode: 'must be 1–40 characters of a–z, 0–9 and _, starting with a letter, such as follow_up',
  notDecimal: 'not a decimal',
  minAboveMax: 'is below the minimum',
  optionValue: 'must be 1–40 characters of a–z, 0–9, _ and -',
  tooFewOptions: 'must have at least 2 options',
  noneAccepted: 'must accept at least one option',
  duplicateOption: 'has the same value twice',
  unknownAccepted: 'names a value that is not an option',
}

type Issue = z.core.$ZodRawIssue

/** Our wording for zod's own issues: "is required" for a missing field, else what was expected. */
function wording(issue: Issue): string | undefined {
  if (issue.input === undefined && issue.code === 'invalid_type') return 'is required'
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`
    case 'too_small':
      return issue.origin === 'string'
        ? Number(issue.minimum) === 1
          ? 'must not be empty'
          : `must have at least ${issue.minimum} characters`
        : issue.origin === 'array'
          ? `must have at least ${issue.minimum} items`
          : `must be at least ${issue.minimum}`
    case 'too_big':
      return issue.origin === 'string'
        ? `must have at most ${issue.maximum} characters`
        : issue.origin === 'array'
          ? `must have at most ${issue.maximum} items`
          : `must be at most ${issue.maximum}`
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`
    default:
      return undefined
  }
}

/** `chapters[2].requirements[0].rule.min`; `(document)` for the root. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(document)'
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('')
}

/** Every problem as `path: message`; zod lists unknown keys together, we name each. */
function problemsOf(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown field`)
      : [`${formatPath(issue.path)}: ${PROBLEMS[issue.message] ?? issue.message}`],
  )
}

// ── The document ─────────────────────────────────────────────────────────────────────────────

/** A chapter's code: `admission`, `follow_up` … (the standard ones in rules.ts, or the region's own). */
export const CHAPTER_CODE = /^[a-z][a-z0-9_]{0,39}$/
/** A requirement's number in the spec: `3.2`, `IT-1` … */
export const REQUIREMENT_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/

const Name = (max: number) => z.string().trim().min(1).max(max)

/** A version's name: `2027:1`, `E2E:1` … */
export const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 :._-]*$/

export const SpecVersionSchema = z.string().trim().min(1, { abort: true }).max(40).regex(VERSION_PATTERN, 'versionShape')

const RequirementDocument = z
  .strictObject({
    code: z.string().trim().regex(REQUIREMENT_CODE, 'requirementCode'),
    kind: z.enum(requirementKinds),
    mandatory: z.boolean(),
    textSv: Name(4000),
    textEn: Name(4000),
    // Optional: a kind whose rule has defaults for everything may leave it out.
    rule: z.unknown().optional(),
  })
  // The rule is checked for its kind by partProblems (with every other problem); here it gets its defaults.
  .transform((r) => {
    const parsed = RequirementRuleSchemas[r.kind].safeParse(r.rule ?? {})
    return { ...r, rule: (parsed.success ? parsed.data : r.rule) as RequirementRule }
  })

const ChapterDocument = z.strictObject({
  code: z.string().trim().regex(CHAPTER_CODE, 'chapterCode'),
  titleSv: Name(200),
  titleEn: Name(200),
  requirements: z.array(RequirementDocument).max(500),
})

export const SpecDocumentSchema = z.strictObject({
  version: SpecVersionSchema,
  title: Name(200),
  chapters: z.array(ChapterDocument).min(1).max(100),
})

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A requirement's rule, validated by its kind's schema: its problems under `at.rule`. */
function ruleProblems(at: string, kind: unknown, rule: unknown): string[] {
  if (typeof kind !== 'string' || !(requirementKinds as readonly string[]).includes(kind)) return []
  const parsed = RequirementRuleSchemas[kind as RequirementKind].safeParse(rule ?? {}, { error: wording })
  if (parsed.success) return []
  return parsed.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${at}.${formatPath(['rule', ...issue.path, key])}: unknown field`)
      : [`${at}.${formatPath(['rule', ...issue.path])}: ${PROBLEMS[issue.message] ?? issue.message}`],
  )
}

/**
 * Each rule valid for its kind; chapter codes and requirement codes unique in the version.
 * Checked on the input as given, so that these are reported together with every other problem.
 */
function partProblems(input: unknown): string[] {
  if (!isRecord(input) || !Array.isArray(input.chapters)) return []
  const problems: string[] = []
  const chapters = new Map<string, number>()
  const requirements = new Map<string, string>()
  input.chapters.forEach((chapter: unknown, c) => {
    if (!isRecord(chapter)) return
    if (typeof chapter.code === 'string') {
      const code = chapter.code.trim()
      const earlier = chapters.get(code)
      if (earlier !== undefined) problems.push(`chapters[${c}].code: ${code} is also the code of chapters[${earlier}]`)
      else chapters.set(code, c)
    }
    if (!Array.isArray(chapter.requirements)) return
    chapter.requirements.forEach((requirement: unknown, r) => {
      if (!isRecord(requirement)) return
      const at = `chapters[${c}].requirements[${r}]`
      problems.push(...ruleProblems(at, requirement.kind, requirement.rule))
      if (typeof requirement.code !== 'string') return
      const code = requirement.code.trim()
      const seen = requirements.get(code)
      if (seen !== undefined) problems.push(`${at}.code: ${code} is also the code of ${seen}`)
      else requirements.set(code, at)
    })
  })
  return problems
}

export type SpecDocument = z.output<typeof SpecDocumentSchema>
export type SpecDocumentInput = z.input<typeof SpecDocumentSchema>
export type SpecDocumentResult = { ok: true; doc: SpecDocument } | { ok: false; problems: string[] }

/** Problems in the document's order: `chapters[2]…` before `chapters[10]…`. */
const byPath = (a: string, b: string) => a.slice(0, a.indexOf(': ')).localeCompare(b.slice(0, b.indexOf(': ')), 'en', { numeric: true })

export function parseSpecDocument(input: unknown): SpecDocumentResult {
  const result = SpecDocumentSchema.safeParse(input, { error: wording })
  const problems = [...(result.success ? [] : problemsOf(result.error)), ...partProblems(input)].sort(byPath)
  return result.success && problems.length === 0 ? { ok: true, doc: result.data } : { ok: false, problems }
}

/** Parses a document file's text; a syntax error is reported as one problem. */
export function parseSpecDocumentJson(text: string): SpecDocumentResult {
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch (error) {
    return { ok: false, problems: [`(document): invalid JSON: ${(error as Error).message}`] }
  }
  return parseSpecDocument(input)
}

export function requirementCount(doc: Pick<SpecDocument, 'chapters'>): number {
  return doc.chapters.reduce((n, c) => n + c.requirements.length, 0)
}

// ── The requirement form of the kravbok pages ────────────────────────────────────────────────

/** The fields of the requirement form, as posted (every one a string; a checkbox is "on" or absent). */
export const requirementFormFields = [
  'code',
  'chapterId',
  'kind',
  'mandatory',
  'textSv',
  'textEn',
  'expected',
  'min',
  'max',
  'unitSv',
  'unitEn',
  'integer',
  'options',
  'accepted',
  'minFiles',
  'minLength',
  'maxLength',
] as const
export type RequirementFormField = (typeof requirementFormFields)[number]
export type RequirementFormValues = Record<RequirementFormField, string>

/** The form's problem codes (t.kravbok.errors). */
export type RequirementFormError =
  | 'required'
  | 'requirementCode'
  | 'chapterMissing'
  | 'kindMissing'
  | 'textTooLong'
  | 'notDecimal'
  | 'notWhole'
  | 'outOfRange'
  | 'minAboveMax'
  | 'optionLine'
  | 'optionValue'
  | 'tooFewOptions'
  | 'tooManyOptions'
  | 'noneAccepted'
  | 'duplicateOption'
  | 'unknownAccepted'
  | 'codeTaken'
  | 'invalid'

export type RequirementFormErrors = Partial<Record<RequirementFormField, RequirementFormError>>

export interface RequirementInput {
  code: string
  chapterId: number
  kind: RequirementKind
  mandatory: boolean
  textSv: string
  textEn: string
  /** The rule as typed, not yet validated for its kind (the service does that). */
  rule: Record<string, unknown>
}

const KNOWN_CODES = new Set<string>([
  'required',
  'notDecimal',
  'minAboveMax',
  'optionValue',
  'tooFewOptions',
  'noneAccepted',
  'duplicateOption',
  'unknownAccepted',
])

/**
 * A rule's problems (from RequirementRuleSchemas) as form field errors: the first problem of each
 * field, by the field's name (the option list's problems all go to `options`).
 */
export function ruleFieldErrors(error: z.ZodError): RequirementFormErrors {
  const out: RequirementFormErrors = {}
  for (const issue of error.issues) {
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path[0]
    const field = (requirementFormFields as readonly string[]).includes(String(key)) ? (key as RequirementFormField) : 'kind'
    let code: RequirementFormError = KNOWN_CODES.has(issue.message) ? (issue.message as RequirementFormError) : 'invalid'
    if (code === 'invalid' && issue.code === 'too_small') code = issue.origin === 'string' ? 'required' : 'outOfRange'
    if (code === 'invalid' && issue.code === 'too_big') code = issue.origin === 'array' ? 'tooManyOptions' : issue.origin === 'string' ? 'textTooLong' : 'outOfRange'
    if (code === 'invalid' && issue.code === 'invalid_type' && issue.path.length <= 1) code = 'required'
    out[field] ??= code
  }
  return out
}

const blank = (s: string) => s.trim() === ''

/** A whole number typed in a field, or the problem with it. */
function wholeNumber(text: string): number | 'required' | 'notWhole' {
  if (blank(text)) return 'required'
  return /^\s*\d{1,6}\s*$/.test(text) ? Number(text) : 'notWhole'
}

/**
 * The options typed one per line as `value|Svensk text|English text`; a line of another shape is
 * an error of the whole field.
 */
export function parseOptionLines(text: string): { value: string; sv: string; en: string }[] | 'optionLine' {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '')
  const options = lines.map((line) => line.split('|').map((p) => p.trim()))
  if (options.some((parts) => parts.length !== 3 || parts.some((p) => p === ''))) return 'optionLine'
  return options.map(([value, sv, en]) => ({ value: value!, sv: sv!, en: en! }))
}

/** The option list back as lines, for the edit form. */
export function optionLines(options: { value: string; sv: string; en: string }[]): string {
  return options.map((o) => `${o.value}|${o.sv}|${o.en}`).join('\n')
}

/**
 * The requirement form's fields as a requirement: the common fields checked here, the rule built
 * from the kind's own fields (the service validates it with the kind's schema). Empty optional
 * fields are left out, so the schema's defaults apply.
 */
export function parseRequirementForm(values: RequirementFormValues): { ok: true; input: RequirementInput } | { ok: false; errors: RequirementFormErrors } {
  const errors: RequirementFormErrors = {}
  const code = values.code.trim()
  if (blank(code)) errors.code = 'required'
  else if (!REQUIREMENT_CODE.test(code)) errors.code = 'requirementCode'
  const chapterId = /^\d{1,9}$/.test(values.chapterId) ? Number(values.chapterId) : null
  if (chapterId === null) errors.chapterId = 'chapterMissing'
  const kind = (requirementKinds as readonly string[]).includes(values.kind) ? (values.kind as RequirementKind) : null
  if (kind === null) errors.kind = 'kindMissing'
  for (const field of ['textSv', 'textEn'] as const) {
    if (blank(values[field])) errors[field] = 'required'
    else if (values[field].trim().length > 4000) errors[field] = 'textTooLong'
  }
  const rule: Record<string, unknown> = {}
  switch (kind) {
    case 'declaration':
      rule.expected = values.expected !== 'false'
      break
    case 'number':
      if (!blank(values.min)) rule.min = values.min
      if (!blank(values.max)) rule.max = values.max
      rule.unitSv = values.unitSv
      rule.unitEn = values.unitEn
      rule.integer = values.integer === 'on' || values.integer === 'true'
      break
    case 'choice': {
      const options = parseOptionLines(values.options)
      if (options === 'optionLine') errors.options = 'optionLine'
      else rule.options = options
      rule.accepted = values.accepted
        .split(/[,\s]+/)
        .map((s) => s.trim())
        .filter((s) => s !== '')
      break
    }
    case 'document': {
      const n = blank(values.minFiles) ? 1 : wholeNumber(values.minFiles)
      if (typeof n === 'number') rule.minFiles = n
      else errors.minFiles = n
      break
    }
    case 'text':
      for (const field of ['minLength', 'maxLength'] as const) {
        if (blank(values[field])) continue
        const n = wholeNumber(values[field])
        if (typeof n === 'number') rule[field] = n
        else errors[field] = n
      }
      break
    case null:
      break
  }
  // The rule's own problems too, so that one submission shows them all.
  if (kind) {
    const parsed = RequirementRuleSchemas[kind].safeParse(rule)
    if (!parsed.success) for (const [field, problem] of Object.entries(ruleFieldErrors(parsed.error))) errors[field as RequirementFormField] ??= problem
  }
  if (Object.keys(errors).length || chapterId === null || kind === null) return { ok: false, errors }
  return { ok: true, input: { code, chapterId, kind, mandatory: values.mandatory === 'true' || values.mandatory === 'on', textSv: values.textSv.trim(), textEn: values.textEn.trim(), rule } }
}

/** An empty requirement form (a new requirement: mandatory, "Ja" expected, one PDF). */
export function emptyRequirementForm(chapterId?: number): RequirementFormValues {
  const values = Object.fromEntries(requirementFormFields.map((f) => [f, ''])) as RequirementFormValues
  return { ...values, chapterId: chapterId === undefined ? '' : String(chapterId), mandatory: 'true', expected: 'true', minFiles: '1' }
}

/** A stored requirement as the form's fields, for changing it. */
export function requirementFormValues(req: RequirementShape & { code: string; chapterId: number; textSv: string; textEn: string }): RequirementFormValues {
  const values: RequirementFormValues = { ...emptyRequirementForm(req.chapterId), code: req.code, kind: req.kind, mandatory: String(req.mandatory), textSv: req.textSv, textEn: req.textEn }
  switch (req.kind) {
    case 'declaration':
      return { ...values, expected: String(req.rule.expected) }
    case 'number':
      return { ...values, min: req.rule.min ?? '', max: req.rule.max ?? '', unitSv: req.rule.unitSv, unitEn: req.rule.unitEn, integer: req.rule.integer ? 'on' : '' }
    case 'choice':
      return { ...values, options: optionLines(req.rule.options), accepted: req.rule.accepted.join(', ') }
    case 'document':
      return { ...values, minFiles: String(req.rule.minFiles) }
    case 'text':
      return { ...values, minLength: String(req.rule.minLength), maxLength: String(req.rule.maxLength) }
  }
}

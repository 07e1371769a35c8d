/**
 * The payment model (ersättningsmodell): one version of the region's parameters (spec
 * payment-model.md §2). Validation with every problem listed, a canonical form and fingerprint,
 * and a parameter-by-parameter diff between two versions. Pure: no I/O.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { MONTH_PATTERN } from './rules.ts'

// ── Leaf schemas ─────────────────────────────────────────────────────────────────────────────

type RawIssue = { code?: string; input?: unknown }

/** Our wording for zod's own issues: "is required" for a missing field, else what was expected. */
const expecting = (expected: string) => (issue: RawIssue) =>
  issue.code === 'unrecognized_keys' ? 'unknown field' : issue.input === undefined ? 'is required' : `must be ${expected}`

const DECIMAL = /^(\d+)(?:\.(\d+))?$/
const MAX_INTEGER_DIGITS = 12
const MAX_DECIMALS = 6
const MICROS_PER_UNIT = 10n ** BigInt(MAX_DECIMALS)

/** What is wrong with a decimal string, or undefined if nothing is. */
function decimalProblem(text: string): string | undefined {
  if (text.startsWith('-')) return 'must not be negative'
  const match = DECIMAL.exec(text)
  if (!match) return `must be a decimal string such as "3564.00", not ${JSON.stringify(text)}`
  if (match[1]!.length > MAX_INTEGER_DIGITS) return `must have at most ${MAX_INTEGER_DIGITS} digits before the point`
  if ((match[2]?.length ?? 0) > MAX_DECIMALS) return `must have at most ${MAX_DECIMALS} decimals`
  return undefined
}

/** A valid decimal string as an exact integer of millionths, so figures compare without floats. */
function toMicros(text: string): bigint {
  const [whole = '', fraction = ''] = text.split('.')
  return BigInt(whole + fraction.padEnd(MAX_DECIMALS, '0'))
}

/** "3564.00" → "3564", "0.10" → "0.1", "007" → "7": one spelling per figure. */
function normaliseDecimal(text: string): string {
  const [whole = '', fraction = ''] = text.split('.')
  const integer = whole.replace(/^0+(?=\d)/, '')
  const decimals = fraction.replace(/0+$/, '')
  return decimals ? `${integer}.${decimals}` : integer
}

/** Decimal schemas, so canonical form and diff know which strings are figures (version is not). */
const DECIMAL_SCHEMAS = new WeakSet<z.ZodType>()

/** Amounts, weights, points and rates: decimal strings, never JSON numbers (floats lose öre). */
function decimal(range?: (micros: bigint) => string | undefined): z.ZodString {
  const schema = z
    .string({
      error: (issue) =>
        typeof issue.input === 'number'
          ? 'must be a decimal string such as "3564.00", not a number'
          : expecting('a decimal string such as "3564.00"')(issue),
    })
    .superRefine((text, ctx) => {
      const problem = decimalProblem(text) ?? range?.(toMicros(text))
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    })
  DECIMAL_SCHEMAS.add(schema)
  return schema
}

const belowOne = (micros: bigint) => (micros < MICROS_PER_UNIT ? undefined : 'must be less than 1')
const aboveZero = (micros: bigint) => (micros > 0n ? undefined : 'must be greater than 0')

/**
 * What a payment line stores (numeric(8,4)): points and weights with at most 4 decimals and below
 * 10 000, so the specification shows exactly the figures the amounts were computed from.
 */
const storedOnLine = (micros: bigint) =>
  micros % 100n !== 0n ? 'must have at most 4 decimals' : micros >= 10_000n * MICROS_PER_UNIT ? 'must be below 10000' : undefined
/** An indicator's weight is stored as numeric(12,6). */
const belowAMillion = (micros: bigint) => (micros >= 1_000_000n * MICROS_PER_UNIT ? 'must be below 1000000' : undefined)
/** The oldest age a band may name: lines look points up by age 0‥150. */
const MAX_AGE = 130

const wholeNumber = (example: number) =>
  z
    .number({ error: expecting(`a whole number such as ${example}`) })
    .int('must be a whole number')
    .min(0, 'must not be negative')

const month = z.string({ error: expecting('a month such as "2027-01"') }).superRefine((text, ctx) => {
  if (!MONTH_PATTERN.test(text)) {
    ctx.addIssue({ code: 'custom', message: `must be a month YYYY-MM such as "2027-01", not ${JSON.stringify(text)}` })
  }
})

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: expecting(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`) })

const object = <Shape extends z.ZodRawShape>(shape: Shape) => z.strictObject(shape, { error: expecting('an object') })

// ── Cross-field rules ────────────────────────────────────────────────────────────────────────
// They run even when some fields are malformed (`when`), so every problem is listed at once;
// hence they read their input defensively and skip what a field's own check already reports.

type Ctx = z.core.$RefinementCtx<unknown>

const report = (ctx: Ctx, path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const whenArray = { when: (payload: z.core.ParsePayload) => Array.isArray(payload.value) }
const whenObject = { when: (payload: z.core.ParsePayload) => isRecord(payload.value) }
const microsOf = (value: unknown) => (typeof value === 'string' && !decimalProblem(value) ? toMicros(value) : undefined)
const ageOf = (value: unknown) => (Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined)
const ages = (from: number, to: number) => (from === to ? `age ${from} is` : `ages ${from}–${to} are`)

/** A band's ages if both are well-formed; `to` null is unbounded. */
function bandAges(band: unknown): { from: number; to: number | null } | undefined {
  if (!isRecord(band)) return undefined
  const from = ageOf(band.fromAge)
  const to = band.toAge === null ? null : ageOf(band.toAge)
  return from === undefined || to === undefined ? undefined : { from, to }
}

/** Bands cover ages 0 to unbounded exactly once, in order (spec §2). */
function checkBands(bands: unknown[], ctx: Ctx): void {
  if (bands.length === 0) return report(ctx, [], 'must have at least one band, the last with toAge null')
  const sound: { from: number; to: number | null; i: number }[] = []
  const unsound: number[] = []
  bands.map(bandAges).forEach((band, i) => {
    if (band && band.to !== null && band.to < band.from) report(ctx, [i, 'toAge'], `must be at least fromAge (${band.from}), not ${band.to}`)
    if (band && (band.to === null || band.to >= band.from)) sound.push({ ...band, i })
    else unsound.push(i)
  })
  if (sound.length === 0) return
  // A band with unsound ages may cover the ages beside it, so no coverage claim is made across one.
  const across = (a: number, b: number) => unsound.some((j) => j > Math.min(a, b) && j < Math.max(a, b))
  for (let k = 1; k < sound.length; k++) {
    const [previous, band] = [sound[k - 1]!, sound[k]!]
    if (band.from < previous.from) report(ctx, [band.i, 'fromAge'], `bands must be sorted by fromAge: ${band.from} comes after ${previous.from}`)
  }
  // Judged in age order, so one misplaced band is one problem, not a run of gaps and overlaps.
  const sorted = sound.toSorted((x, y) => x.from - y.from)
  const first = sorted[0]!
  if (first.from !== 0 && !across(-1, first.i)) {
    report(ctx, [first.i, 'fromAge'], `the first band must start at age 0, not ${first.from}: ${ages(0, first.from - 1)} not covered`)
  }
  for (let k = 1; k < sorted.length; k++) {
    const [previous, band] = [sorted[k - 1]!, sorted[k]!]
    if (previous.to === null) {
      report(ctx, [previous.i, 'toAge'], 'only the last band may be unbounded (null)')
    } else if (across(previous.i, band.i)) {
      continue
    } else if (band.from > previous.to + 1) {
      report(ctx, [band.i, 'fromAge'], `gap: ${ages(previous.to + 1, band.from - 1)} not covered (band [${previous.i}] ends at ${previous.to})`)
    } else if (band.from <= previous.to) {
      const end = band.to === null ? previous.to : Math.min(previous.to, band.to)
      report(ctx, [band.i, 'fromAge'], `overlap: ${ages(band.from, end)} in both band [${previous.i}] and band [${band.i}]`)
    }
  }
  const last = sorted.at(-1)!
  if (last.to !== null && !across(last.i, bands.length)) {
    report(ctx, [last.i, 'toAge'], `the last band must be unbounded (null): ages above ${last.to} are not covered`)
  }
}

function checkIndicatorCodes(indicators: unknown[], ctx: Ctx): void {
  const firstIndex = new Map<unknown, number>()
  indicators.forEach((indicator, i) => {
    if (!isRecord(indicator) || typeof indicator.code !== 'string') return
    const first = firstIndex.get(indicator.code)
    if (first === undefined) firstIndex.set(indicator.code, i)
    else report(ctx, [i, 'code'], `duplicate code ${JSON.stringify(indicator.code)} (also goal.indicators[${first}])`)
  })
}

function checkIndicatorRange(indicator: Record<string, unknown>, ctx: Ctx): void {
  const zeroAt = microsOf(indicator.zeroAt)
  if (zeroAt !== undefined && zeroAt === microsOf(indicator.fullAt)) {
    report(ctx, ['zeroAt'], `must differ from fullAt (both ${normaliseDecimal(String(indicator.zeroAt))}): fulfilment would divide by zero`)
  }
}

/** A goal share with only zero-weight indicators could never be earned. */
function checkGoalWeights(goal: Record<string, unknown>, ctx: Ctx): void {
  const share = microsOf(goal.share)
  if (share === undefined || share === 0n || !Array.isArray(goal.indicators)) return
  if (goal.indicators.length === 0) return report(ctx, ['indicators'], 'must list at least one indicator when share is above 0: the goal part could never be earned')
  const weights = goal.indicators.map((indicator) => (isRecord(indicator) ? microsOf(indicator.weight) : undefined))
  if (weights.every((weight) => weight === 0n)) {
    report(ctx, ['indicators'], 'at least one indicator must have a weight above 0 when share is above 0')
  }
}

// ── The model ────────────────────────────────────────────────────────────────────────────────

const AgeSexBand = object({
  fromAge: wholeNumber(20).max(MAX_AGE, `must be at most ${MAX_AGE}`),
  toAge: wholeNumber(39).max(MAX_AGE, `must be at most ${MAX_AGE}`).nullable(),
  F: decimal(storedOnLine),
  M: decimal(storedOnLine),
})

const GoalIndicator = object({
  code: z.string({ error: expecting('a code such as "TEL_SAME_DAY"') }).regex(/^[A-Z0-9_]{1,40}$/, 'must be 1–40 characters of A–Z, 0–9 and _'),
  weight: decimal(belowAMillion),
  zeroAt: decimal(),
  fullAt: decimal(),
  minDenominator: wholeNumber(30),
}).superRefine((indicator: unknown, ctx) => checkIndicatorRange(indicator as Record<string, unknown>, ctx), whenObject)

export const PaymentModelSchema = object({
  version: z
    .string({ error: expecting('a text such as "2027.1"') })
    .min(1, 'must not be empty')
    .max(40, 'must be at most 40 characters'),
  validFrom: month,
  allocation: oneOf(['daily', 'census']),
  censusDay: oneOf(['lastDayOfPreviousMonth', 'firstDayOfMonth']).default('lastDayOfPreviousMonth'),
  ageSex: object({
    krPerPointPerYear: decimal(),
    bands: z.array(AgeSexBand, { error: expecting('a list') }).superRefine((bands: unknown, ctx) => checkBands(bands as unknown[], ctx), whenArray),
  }),
  careWeight: object({
    krPerPointPerYear: decimal(),
    defaultWeight: decimal((micros) => aboveZero(micros) ?? storedOnLine(micros)),
    normalise: oneOf(['regionMean', 'none']),
  }),
  interpreter: object({ krPerYear: decimal() }).optional(),
  geography: object({
    minPoints: wholeNumber(10).max(22, 'must be at most 22, the highest geography points'),
    krPerGeoPointPerListingPointPerYear: decimal(),
  }).optional(),
  socioeconomic: object({ krPerCniPointPerYear: decimal(), minClinicMeanCni: decimal() }).optional(),
  goal: object({
    share: decimal(belowOne),
    indicators: z
      .array(GoalIndicator, { error: expecting('a list') })
      .superRefine((indicators: unknown, ctx) => checkIndicatorCodes(indicators as unknown[], ctx), whenArray),
  }).superRefine((goal: unknown, ctx) => checkGoalWeights(goal as Record<string, unknown>, ctx), whenObject),
  vatCompensation: object({ rate: decimal(belowOne), appliesTo: oneOf(['private', 'public']) }).optional(),
})

export type PaymentModel = z.output<typeof PaymentModelSchema>

export type PaymentModelResult = { ok: true; model: PaymentModel } | { ok: false; problems: string[] }

/** `ageSex.bands[2].fromAge`; `(model)` for the root. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(model)'
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('')
}

/** Every problem as `path: message`; zod lists unknown keys together, we name each. */
function problemsOf(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown field`)
      : [`${formatPath(issue.path)}: ${issue.message}`],
  )
}

export function parsePaymentModel(input: unknown): PaymentModelResult {
  const result = PaymentModelSchema.safeParse(input)
  return result.success ? { ok: true, model: result.data } : { ok: false, problems: problemsOf(result.error) }
}

/** Parses an uploaded model file; a syntax error is reported with its line and column. */
export function parsePaymentModelJson(text: string): PaymentModelResult {
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch (error) {
    const located = locateJsonError(text)
    if (!located) return { ok: false, problems: [`(model): invalid JSON: ${(error as Error).message}`] }
    const { line, column } = lineAndColumn(text, located.offset)
    return { ok: false, problems: [`(model): invalid JSON at line ${line}, column ${column}: ${located.reason}`] }
  }
  return parsePaymentModel(input)
}

// ── Canonical form, fingerprint and diff ─────────────────────────────────────────────────────

/** The schema inside optional, default and nullable wrappers. */
function innerSchema(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable
    ? innerSchema(schema.unwrap() as z.ZodType)
    : schema
}

function canonicalValue(wrapped: z.ZodType, value: unknown): unknown {
  const schema = innerSchema(wrapped)
  if (schema instanceof z.ZodObject && isRecord(value)) {
    const shape = schema.shape as Record<string, z.ZodType>
    return Object.fromEntries(
      Object.keys(shape)
        .sort()
        .filter((key) => value[key] !== undefined)
        .map((key) => [key, canonicalValue(shape[key]!, value[key])]),
    )
  }
  if (schema instanceof z.ZodArray && Array.isArray(value)) return value.map((item) => canonicalValue(schema.element as z.ZodType, item))
  return DECIMAL_SCHEMAS.has(schema) ? normaliseDecimal(value as string) : value
}

/**
 * The model as JSON with keys sorted, defaults applied and decimals normalised, so equal models
 * give equal text. List order is kept: bands are sorted by rule, indicators as the region lists them.
 * Throws if the model is invalid: an invalid model has no fingerprint.
 */
export function canonicalModelJson(model: PaymentModel): string {
  return JSON.stringify(canonicalValue(PaymentModelSchema, PaymentModelSchema.parse(model)))
}

/** sha256 of the canonical JSON: names the exact parameters a payment run used. */
export function modelFingerprint(model: PaymentModel): string {
  return createHash('sha256').update(canonicalModelJson(model)).digest('hex')
}

export type ModelChange = { path: string; before: string | null; after: string | null }

/** Fields that name a list item in a diff path rather than being compared as parameters. */
const ITEM_NAME_FIELDS = new Set(['code', 'fromAge', 'toAge'])

const fieldOf = (value: unknown, key: string) => (isRecord(value) ? value[key] : undefined)

/** Indicators by code, age bands by their ages ("85–" is unbounded). */
function itemName(item: unknown): string {
  const record = isRecord(item) ? item : {}
  return typeof record.code === 'string' ? record.code : `${String(record.fromAge)}–${record.toAge === null ? '' : String(record.toAge)}`
}

/** Both versions' items by name: age bands in age order, other lists in before's order, new items last. */
function pairItems(before: unknown, after: unknown): Map<string, [unknown, unknown]> {
  const pairs = new Map<string, [unknown, unknown]>()
  for (const item of Array.isArray(before) ? before : []) pairs.set(itemName(item), [item, undefined])
  for (const item of Array.isArray(after) ? after : []) pairs.set(itemName(item), [pairs.get(itemName(item))?.[0], item])
  // Indicators have no ages, so they all compare equal and keep their order (the sort is stable).
  const agesOf = ([b, a]: [unknown, unknown]) =>
    [Number(fieldOf(b ?? a, 'fromAge') ?? 0), Number(fieldOf(b ?? a, 'toAge') ?? Infinity)] as const
  return new Map(
    [...pairs].sort(([, x], [, y]) => {
      const [[xFrom, xTo], [yFrom, yTo]] = [agesOf(x), agesOf(y)]
      return xFrom - yFrom || (xTo === yTo ? 0 : xTo < yTo ? -1 : 1)
    }),
  )
}

const leafText = (value: unknown) => (value === undefined ? null : String(value))

function diffValue(wrapped: z.ZodType, before: unknown, after: unknown, path: string, changes: ModelChange[]): void {
  if (before === undefined && after === undefined) return
  const schema = innerSchema(wrapped)
  if (schema instanceof z.ZodObject) {
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      if (!ITEM_NAME_FIELDS.has(key)) diffValue(field, fieldOf(before, key), fieldOf(after, key), path ? `${path}.${key}` : key, changes)
    }
    return
  }
  if (schema instanceof z.ZodArray) {
    for (const [name, [b, a]] of pairItems(before, after)) diffValue(schema.element as z.ZodType, b, a, `${path}[${name}]`, changes)
    return
  }
  const same =
    before !== undefined &&
    after !== undefined &&
    (DECIMAL_SCHEMAS.has(schema) ? toMicros(before as string) === toMicros(after as string) : before === after)
  if (!same) changes.push({ path, before: leafText(before), after: leafText(after) })
}

/** Every parameter that differs, in the model's field order; decimals compare by value ("1.30" = "1.3"). */
export function diffModels(before: PaymentModel, after: PaymentModel): ModelChange[] {
  const changes: ModelChange[] = []
  diffValue(PaymentModelSchema, before, after, '', changes)
  return changes
}

// ── JSON syntax errors ───────────────────────────────────────────────────────────────────────

class JsonSyntaxStop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

const JSON_LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const JSON_TOKEN = /[\w.+-]+|[^]/y

/**
 * Where and why `text` is not JSON. V8 names no position for some errors (and words them
 * differently across Node versions), so we scan for ourselves.
 */
function locateJsonError(text: string): JsonSyntaxStop | undefined {
  let i = 0
  const found = () => {
    JSON_TOKEN.lastIndex = i
    return i < text.length ? JSON.stringify(JSON_TOKEN.exec(text)![0]) : 'end of text'
  }
  const fail = (reason: string): never => {
    throw new JsonSyntaxStop(i, reason)
  }
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const string = (what: string) => {
    skipSpace()
    if (text[i] !== '"') fail(`found ${found()} where ${what} was expected`)
    for (i++; text[i] !== '"'; i++) {
      if (i >= text.length) fail('the text ends inside a string')
      if (text[i]! < ' ') fail('a line break or control character inside a string must be escaped')
      if (text[i] === '\\') {
        if (!/^(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(text.slice(i + 1, i + 6))) fail('invalid escape sequence')
        i += text[i + 1] === 'u' ? 5 : 1
      }
    }
    i++
  }
  const members = (close: string, member: () => void) => {
    i++
    skipSpace()
    if (text[i] === close) return void i++
    for (;;) {
      member()
      skipSpace()
      if (text[i] === close) return void i++
      if (text[i] !== ',') fail(`found ${found()} where ',' or '${close}' was expected`)
      i++
    }
  }
  const property = () => {
    string('a property name in double quotes')
    skipSpace()
    if (text[i] !== ':') fail(`found ${found()} where ':' was expected`)
    i++
    value()
  }
  const value = (): void => {
    skipSpace()
    if (text[i] === '{') return members('}', property)
    if (text[i] === '[') return members(']', value)
    if (text[i] === '"') return string('a value')
    JSON_LITERAL.lastIndex = i
    const literal = JSON_LITERAL.exec(text)
    if (!literal) fail(`found ${found()} where a value was expected`)
    i += literal![0].length
  }
  try {
    value()
    skipSpace()
    if (i < text.length) fail(`found ${found()} after the end of the JSON value`)
    return undefined
  } catch (stop) {
    if (stop instanceof JsonSyntaxStop) return stop
    return undefined
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split('\n')
  return { line: lines.length, column: lines.at(-1)!.length + 1 }
}

// ── Shipped models ───────────────────────────────────────────────────────────────────────────

/** The example of spec §2, verbatim. */
export const EXAMPLE_MODEL_2027: PaymentModel = {
  version: '2027.1',
  validFrom: '2027-01',
  allocation: 'daily',
  censusDay: 'lastDayOfPreviousMonth',
  ageSex: {
    krPerPointPerYear: '3564.00',
    bands: [
      { fromAge: 0, toAge: 0, F: '1.30', M: '1.40' },
      { fromAge: 1, toAge: 6, F: '0.80', M: '0.85' },
      { fromAge: 7, toAge: 19, F: '0.55', M: '0.50' },
      { fromAge: 20, toAge: 39, F: '0.75', M: '0.55' },
      { fromAge: 40, toAge: 64, F: '0.85', M: '0.75' },
      { fromAge: 65, toAge: 74, F: '1.30', M: '1.25' },
      { fromAge: 75, toAge: 84, F: '2.00', M: '1.95' },
      { fromAge: 85, toAge: null, F: '2.60', M: '2.50' },
    ],
  },
  careWeight: { krPerPointPerYear: '3528.00', defaultWeight: '1.00', normalise: 'regionMean' },
  interpreter: { krPerYear: '1200.00' },
  geography: { minPoints: 10, krPerGeoPointPerListingPointPerYear: '30.00' },
  socioeconomic: { krPerCniPointPerYear: '804.00', minClinicMeanCni: '1.50' },
  goal: {
    share: '0.10',
    indicators: [
      { code: 'TEL_SAME_DAY', weight: '3', zeroAt: '0.70', fullAt: '0.90', minDenominator: 30 },
      { code: 'DM_HBA1C_LT52', weight: '2', zeroAt: '0.40', fullAt: '0.60', minDenominator: 30 },
      { code: 'ELDERLY_AVOID_DRUGS', weight: '2', zeroAt: '0.12', fullAt: '0.06', minDenominator: 30 },
    ],
  },
  vatCompensation: { rate: '0.03', appliesTo: 'private' },
}

/** The demo region's model: the spec's figures, in force from 2025 so the demo years 2025–2026 have one. */
export const DEMO_PAYMENT_MODEL: PaymentModel = { ...structuredClone(EXAMPLE_MODEL_2027), version: '2026.1', validFrom: '2025-01' }

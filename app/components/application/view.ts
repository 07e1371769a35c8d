/**
 * What the application pages hand from loader to component (plain, serialisable), and the words
 * for an answer and its check in the page's language. No I/O.
 */
import { messagesFor, type Locale } from '../../i18n/i18n.tsx'
import type { RequirementAnswerRow } from '../../modules/authorisation/application.server.ts'
import type { AnswerCheck, RequirementShape } from '../../modules/authorisation/rules.ts'
import { formatDateTime } from '../ui/format.ts'

export interface AttachmentView {
  id: number
  fileName: string
  sizeBytes: number
  uploadedAt: string
}

export interface AnswerView {
  requirementId: number
  code: string
  chapterCode: string
  textSv: string
  textEn: string
  shape: RequirementShape
  /** The stored answer; null when none. */
  value: string | boolean | null
  attachments: AttachmentView[]
  check: AnswerCheck
  /** Whether the applicant may change this answer now. */
  editable: boolean
}

export function answerView(row: RequirementAnswerRow, editable: boolean): AnswerView {
  const v = row.value
  return {
    requirementId: row.requirementId,
    code: row.code,
    chapterCode: row.chapterCode,
    textSv: row.textSv,
    textEn: row.textEn,
    shape: row.shape,
    value: typeof v === 'string' || typeof v === 'boolean' ? v : v === undefined || v === null ? null : JSON.stringify(v),
    attachments: row.attachments.map((a) => ({ id: a.id, fileName: a.fileName, sizeBytes: a.sizeBytes, uploadedAt: formatDateTime(a.uploadedAt) })),
    check: row.check,
    editable,
  }
}

/** "40.5" → "40,5" in Swedish. */
export function decimalText(value: string | number, locale: Locale): string {
  const s = String(value)
  return locale === 'sv' ? s.replace('.', ',').replace(/^-/, '\u2212') : s
}

export const requirementText = (a: Pick<AnswerView, 'textSv' | 'textEn'>, locale: Locale) => (locale === 'sv' ? a.textSv : a.textEn)

/** The answer as the page shows it (not as typed): Ja/Nej, the figure and unit, the option's name, the text, the files. */
export function answerText(a: AnswerView, locale: Locale): string | null {
  const m = messagesFor(locale).application
  const shape = a.shape
  if (shape.kind === 'document') return a.attachments.length ? a.attachments.map((f) => f.fileName).join(', ') : null
  if (a.value === null) return null
  switch (shape.kind) {
    case 'declaration':
      return a.value === true ? m.yes : a.value === false ? m.no : String(a.value)
    case 'number':
      return `${decimalText(String(a.value), locale)} ${locale === 'sv' ? shape.rule.unitSv : shape.rule.unitEn}`
    case 'choice': {
      const option = shape.rule.options.find((o) => o.value === a.value)
      return option ? (locale === 'sv' ? option.sv : option.en) : String(a.value)
    }
    case 'text': {
      const text = String(a.value)
      return text.length > 160 ? `${text.slice(0, 157)}…` : text
    }
  }
}

/** Why an answer fails, with the figures: "minst 40 timmar/vecka krävs, ni angav 35". */
export function whyText(a: AnswerView, locale: Locale): string {
  const m = messagesFor(locale).application
  if (a.check.status !== 'fail') return ''
  const params: Record<string, string | number> = { ...(a.check.params ?? {}) }
  const shape = a.shape
  if (shape.kind === 'number') {
    params.unit = locale === 'sv' ? shape.rule.unitSv : shape.rule.unitEn
    if (params.min !== undefined) params.min = decimalText(params.min, locale)
    if (params.max !== undefined) params.max = decimalText(params.max, locale)
    params.given = a.value === null ? '' : decimalText(String(a.value), locale)
  } else {
    params.given = answerText(a, locale) ?? ''
  }
  const text = m.problems[a.check.problem]
  return text ? text(params) : a.check.problem
}

/** "Uppfyllt", "Uppfylls inte: …", "Ej besvarat". */
export function checkText(a: AnswerView, locale: Locale): string {
  const c = messagesFor(locale).application.chapter
  if (a.check.status === 'pass') return c.pass
  if (a.check.status === 'missing') return a.shape.mandatory ? c.missing : `${c.missing} (${c.optional.toLowerCase()})`
  return c.fail(whyText(a, locale))
}

/** Bytes as kilobytes, the page's way: "12,3 kB". */
export function sizeText(bytes: number, locale: Locale): string {
  return messagesFor(locale).application.chapter.kb(decimalText((bytes / 1024).toFixed(1), locale))
}

/**
 * A requirement's rule in words, from the catalogue: what answer meets it and whether it must be
 * answered. Shared by the kravbok pages, the application form and the review.
 */
import { messagesFor, useLocale, type Locale } from '../../i18n/i18n.tsx'
import type { RequirementShape } from '../../modules/authorisation/rules.ts'

/** A stored decimal ("0.5") as the language writes it ("0,5" in Swedish). */
function decimal(value: string, locale: Locale): string {
  const text = value.startsWith('-') ? `\u2212${value.slice(1)}` : value
  return locale === 'sv' ? text.replace('.', ',') : value
}

/** The rule of a requirement in words, without whether it is mandatory. */
export function requirementText(req: RequirementShape, locale: Locale): string {
  const m = messagesFor(locale).kravbok.rule
  switch (req.kind) {
    case 'declaration':
      return req.rule.expected ? m.declarationYes : m.declarationNo
    case 'number': {
      const unit = locale === 'sv' ? req.rule.unitSv : req.rule.unitEn
      const { min, max } = req.rule
      const base =
        min !== undefined && max !== undefined
          ? m.between(decimal(min, locale), decimal(max, locale), unit)
          : min !== undefined
            ? m.atLeast(decimal(min, locale), unit)
            : max !== undefined
              ? m.atMost(decimal(max, locale), unit)
              : m.anyNumber(unit)
      return req.rule.integer ? `${base} (${m.integer})` : base
    }
    case 'choice': {
      const labels = req.rule.accepted.map((value) => {
        const option = req.rule.options.find((o) => o.value === value)
        return option ? (locale === 'sv' ? option.sv : option.en) : value
      })
      return m.accepted(labels.join(', '))
    }
    case 'document':
      return m.files(req.rule.minFiles)
    case 'text':
      return m.length(req.rule.minLength, req.rule.maxLength)
  }
}

/** "Obligatoriskt" / "Frivilligt". */
export function mandatoryText(req: { mandatory: boolean }, locale: Locale): string {
  const m = messagesFor(locale).kravbok.rule
  return req.mandatory ? m.mandatory : m.optional
}

/** The rule in words and whether the requirement is mandatory, e.g. "Minst 40 timmar/vecka · Obligatoriskt". */
export function RuleSummary({ requirement }: { requirement: RequirementShape }) {
  const locale = useLocale()
  return (
    <span className="rule-summary">
      <span className="rule-summary__rule">{requirementText(requirement, locale)}</span>
      {' · '}
      <span className={requirement.mandatory ? 'rule-summary__mandatory' : 'rule-summary__optional'}>{mandatoryText(requirement, locale)}</span>
    </span>
  )
}

/**
 * The decision as the applicant reads it (components/application/decision.tsx): a rejection's
 * reasons per failed requirement by its code, and per exclusion ground by the ground's name —
 * never an empty cell — in Swedish and in English.
 */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ApplicationDecision, type DecisionView } from '../../app/components/application/decision.tsx'
import { I18nProvider } from '../../app/i18n/i18n.tsx'

const rejection: DecisionView = {
  outcome: 'rejected',
  decidedAt: '2026-11-20 10:00',
  startDate: null,
  agreementNumber: null,
  note: null,
  reasons: [
    { code: '2.2', ground: null, reason: 'Uppföljning av kvaliteten saknas.' },
    { code: null, ground: 'falseInformation', reason: 'Försäkringsbrevet gällde ett annat bolag.' },
  ],
}

/** The reasons table's rows as [row header, reason]. */
function rows(locale: 'sv' | 'en'): [string, string][] {
  const html = renderToStaticMarkup(createElement(I18nProvider, { locale, children: createElement(ApplicationDecision, { decision: rejection }) }))
  const body = /<tbody>(.*)<\/tbody>/s.exec(html)?.[1] ?? ''
  return [...body.matchAll(/<tr>\s*<th scope="row">(.*?)<\/th>\s*<td>(.*?)<\/td>\s*<\/tr>/gs)].map((m) => [m[1]!, m[2]!])
}

describe("the applicant's decision page", () => {
  it("names an exclusion ground's reason by the ground, a failed requirement's by its code", () => {
    expect(rows('sv')).toEqual([
      ['2.2', 'Uppföljning av kvaliteten saknas.'],
      ['Uteslutningsgrund: oriktiga uppgifter', 'Försäkringsbrevet gällde ett annat bolag.'],
    ])
    expect(rows('en')[1]).toEqual(['Exclusion ground: false information', 'Försäkringsbrevet gällde ett annat bolag.'])
  })
})

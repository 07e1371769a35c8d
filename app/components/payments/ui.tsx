import { useEffect, useRef, type ReactNode } from 'react'
import { useLocale, useT } from '../../i18n/i18n.tsx'
import { monthName } from '../../i18n/payments.ts'
import { formatDecimal, formatInteger, formatMoney, formatPercent } from './format.ts'

/** The formatters of the page's language, bound once per component. */
export function useFormat() {
  const locale = useLocale()
  const p = useT().payments
  return {
    locale,
    money: (amount: string, options?: { signed?: boolean }) => formatMoney(amount, locale, options),
    decimal: (text: string) => formatDecimal(text, locale),
    integer: (n: number) => formatInteger(n, locale),
    percent: (share: string, decimals?: number) => formatPercent(share, locale, decimals),
    month: (month: string) => monthName(p, month),
  }
}

/**
 * A wide table that scrolls sideways on a narrow screen: a named, focusable region, so keyboard
 * users can scroll it too (WCAG 2.1.1).
 */
export function TableScroll({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  )
}

export interface FieldError {
  /** The id of the field the link moves focus to; none for an error of the whole form. */
  field?: string
  message: string
}

/** The error summary at the top of a form: focused when it appears, each error a link to its field. */
export function ErrorSummary({ errors, id = 'felsammanfattning' }: { errors: FieldError[]; id?: string }) {
  const t = useT()
  const ref = useRef<HTMLDivElement>(null)
  const key = errors.map((e) => `${e.field}:${e.message}`).join('|')
  useEffect(() => {
    if (key) ref.current?.focus()
  }, [key])
  if (errors.length === 0) return null
  return (
    <div className="error-summary" role="alert" aria-labelledby={`${id}-rubrik`} tabIndex={-1} ref={ref}>
      <h2 id={`${id}-rubrik`} className="error-summary__heading">
        {t.payments.common.errorSummaryHeading}
      </h2>
      <ul>
        {errors.map((e) => (
          <li key={`${e.field}:${e.message}`}>{e.field ? <a href={`#${e.field}`}>{e.message}</a> : e.message}</li>
        ))}
      </ul>
    </div>
  )
}

/** "Godkänd" or "Väntar på godkännande", not by colour alone: the word is the status. */
export function ApprovalStatus({ approved }: { approved: boolean }) {
  const c = useT().payments.common
  return <span className={approved ? 'status status--approved' : 'status status--waiting'}>{approved ? c.approved : c.awaitingApproval}</span>
}

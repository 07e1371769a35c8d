import { useLocale, useT } from '../../i18n/i18n.tsx'
import { monthName } from '../../i18n/payments.ts'
import { formatInteger, formatMoney, formatNumber, formatPercent } from '../ui/format.ts'
import { StatusBadge } from '../ui/status-badge.tsx'

/** The formatters of the page's language, bound once per component, and the payment pages' month names. */
export function useFormat() {
  const locale = useLocale()
  const p = useT().payments
  return {
    locale,
    money: (amount: string, options?: { signed?: boolean }) => formatMoney(amount, locale, options),
    number: (text: string) => formatNumber(text, locale),
    integer: (n: number) => formatInteger(n, locale),
    percent: (share: string, decimals?: number) => formatPercent(share, locale, { decimals }),
    month: (month: string) => monthName(p, month),
  }
}

/** "Godkänd" or "Väntar på godkännande". */
export function ApprovalStatus({ approved }: { approved: boolean }) {
  const c = useT().payments.common
  return <StatusBadge tone={approved ? 'success' : 'waiting'}>{approved ? c.approved : c.awaitingApproval}</StatusBadge>
}

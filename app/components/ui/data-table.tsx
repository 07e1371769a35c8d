import type { ReactNode, TableHTMLAttributes } from 'react'
import { useLocale } from '../../i18n/i18n.tsx'
import { formatInteger, formatMoney, formatNumber } from './format.ts'

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

export interface Column {
  label: string
  /** A column of figures: right-aligned, header and cells alike. */
  num?: boolean
}

/** A column of figures. */
export const numeric = (label: string): Column => ({ label, num: true })

type TableProps = Omit<TableHTMLAttributes<HTMLTableElement>, 'children' | 'className'>

/**
 * A table of the design system: its caption names it (and the scroll region around it), one header
 * row of columns (`false` leaves a column out), then the body and foot the caller gives.
 */
export function DataTable({
  caption,
  captionId,
  columns,
  className,
  scroll = true,
  children,
  ...table
}: TableProps & {
  caption: string
  captionId: string
  columns: (string | Column | false)[]
  className?: string
  /** Inside a TableScroll (the default); a narrow table needs none. */
  scroll?: boolean
  children: ReactNode
}) {
  const element = (
    <table className={className ? `data-table ${className}` : 'data-table'} {...table}>
      <caption id={captionId}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column, i) => {
            if (column === false) return null
            const { label, num } = typeof column === 'string' ? { label: column, num: false } : column
            return (
              <th key={i} scope="col" className={num ? 'num' : undefined}>
                {label}
              </th>
            )
          })}
        </tr>
      </thead>
      {children}
    </table>
  )
  return scroll ? <TableScroll labelledBy={captionId}>{element}</TableScroll> : element
}

interface CellProps {
  /** Bold: the figure the row is about. */
  strong?: boolean
  /** Names the value for tests and scripts (data-field). */
  field?: string
}

function NumCell({ strong, field, children }: CellProps & { children: ReactNode }) {
  return (
    <td className={strong ? 'num strong' : 'num'} data-field={field}>
      {children}
    </td>
  )
}

/** Kronor in a table cell, from a decimal string; `signed` for a difference. */
export function MoneyCell({ amount, signed, ...cell }: CellProps & { amount: string; signed?: boolean }) {
  const locale = useLocale()
  return <NumCell {...cell}>{formatMoney(amount, locale, { signed })}</NumCell>
}

/** A count (a number) or a decimal string (every digit kept) in a table cell. */
export function NumberCell({ value, ...cell }: CellProps & { value: number | string }) {
  const locale = useLocale()
  return <NumCell {...cell}>{typeof value === 'number' ? formatInteger(value, locale) : formatNumber(value, locale)}</NumCell>
}

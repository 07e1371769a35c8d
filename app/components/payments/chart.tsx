import { useT } from '../../i18n/i18n.tsx'
import { monthShortName } from '../../i18n/payments.ts'
import { formatNumber } from '../ui/format.ts'
import { useFormat } from './ui.tsx'

export interface ChartMonth {
  month: string
  capitation: string
  goalEarned: string
  vatCompensation: string
  total: string
}

const W = 720
const H = 300
const MARGIN = { top: 16, right: 12, bottom: 40, left: 104 }
const PLOT_W = W - MARGIN.left - MARGIN.right
const PLOT_H = H - MARGIN.top - MARGIN.bottom

const parts = [
  { key: 'capitation', className: 'chart__capitation' },
  { key: 'goalEarned', className: 'chart__goal' },
  { key: 'vatCompensation', className: 'chart__vat' },
] as const

/** 1, 2 or 5 times a power of ten: axis steps people read at a glance. */
function niceStep(rough: number): number {
  if (!(rough > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(rough))
  const f = rough / power
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power
}

/**
 * Stacked bars of capitation, goal-based payment and VAT compensation per month, as inline SVG.
 * An image with a name and a description; the table above it holds every figure (its text
 * alternative). Amounts become numbers here only to place pixels; every figure shown as text
 * comes from the decimal strings.
 */
export function PaymentsChart({ months, tableId }: { months: ChartMonth[]; tableId: string }) {
  const t = useT()
  const p = t.payments
  const f = useFormat()
  const last = months.at(-1)
  if (!last) return null
  const first = months[0]!

  const max = Math.max(0, ...months.map((m) => Number(m.total)))
  const step = niceStep(max / 4)
  const top = step * Math.max(1, Math.ceil(max / step))
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step)
  const y = (value: number) => MARGIN.top + PLOT_H - (Math.max(0, value) / top) * PLOT_H
  const band = PLOT_W / months.length
  const barWidth = Math.min(56, band * 0.62)
  const labelEvery = Math.ceil(months.length / 12)
  const tickLabel = (value: number) =>
    top >= 1_000_000 ? p.overview.chartMillions(formatNumber(String(+(value / 1_000_000).toFixed(2)), f.locale)) : p.overview.chartKronor(formatNumber(String(+value.toFixed(2)), f.locale))

  const label = p.overview.chartLabel(f.month(first.month), f.month(last.month))
  const description = p.overview.chartDesc(f.month(last.month), f.money(last.total), f.money(last.capitation), f.money(last.goalEarned), f.money(last.vatCompensation))
  return (
    <figure className="chart">
      <svg className="chart__svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} aria-describedby="diagram-beskrivning">
        <title>{label}</title>
        <desc id="diagram-beskrivning">{description}</desc>
        {ticks.map((value) => (
          <g key={value}>
            <line className="chart__grid" x1={MARGIN.left} x2={W - MARGIN.right} y1={y(value)} y2={y(value)} />
            <text className="chart__tick" x={MARGIN.left - 8} y={y(value)} dy="0.32em" textAnchor="end">
              {tickLabel(value)}
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          const x = MARGIN.left + band * i + (band - barWidth) / 2
          let base = 0
          return (
            <g key={m.month}>
              <title>{`${f.month(m.month)}: ${f.money(m.total)}`}</title>
              {parts.map((part) => {
                const value = Math.max(0, Number(m[part.key]))
                const rect = (
                  <rect key={part.key} className={`chart__bar ${part.className}`} x={x} width={barWidth} y={y(base + value)} height={Math.max(0, y(base) - y(base + value))} />
                )
                base += value
                return rect
              })}
              {i % labelEvery === 0 || i === months.length - 1 ? (
                <text className="chart__tick" x={x + barWidth / 2} y={H - MARGIN.bottom + 18} textAnchor="middle">
                  {monthShortName(p, m.month)}
                </text>
              ) : null}
            </g>
          )
        })}
        <line className="chart__axis" x1={MARGIN.left} x2={W - MARGIN.right} y1={y(0)} y2={y(0)} />
      </svg>
      <figcaption className="chart__caption">
        <ul className="chart__legend" aria-label={p.overview.legend}>
          {parts.map((part) => (
            <li key={part.key}>
              <span className={`chart__swatch ${part.className}`} aria-hidden="true" />
              {p.components[part.key]}
            </li>
          ))}
        </ul>
        <p className="muted">
          <a href={`#${tableId}`}>{p.overview.chartTableNote}</a>
        </p>
      </figcaption>
    </figure>
  )
}

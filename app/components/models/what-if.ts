/**
 * The what-if's rows: each clinic's figures under the model in force and under the version tried,
 * and the difference in total, exactly (decimal strings in, decimal strings out, no floats).
 */
import { Fraction, sumOre } from '../../modules/payments/rules.ts'

/** The figures of one clinic that the what-if shows; amounts are decimal strings. */
export interface Figures {
  listedCitizens: number
  capitation: string
  goalEarned: string
  vatCompensation: string
  total: string
}

export interface WhatIfRow {
  clinicId: number
  name: string
  current: Figures
  whatIf: Figures
  /** whatIf.total − current.total. */
  difference: string
  /** The difference in per cent of the current total, one decimal; null when that total is 0. */
  percent: string | null
}

const NONE: Figures = { listedCitizens: 0, capitation: '0.00', goalEarned: '0.00', vatCompensation: '0.00', total: '0.00' }

function pick(f: Figures): Figures {
  return {
    listedCitizens: f.listedCitizens,
    capitation: f.capitation,
    goalEarned: f.goalEarned,
    vatCompensation: f.vatCompensation,
    total: f.total,
  }
}

function compare(current: Figures, whatIf: Figures): Pick<WhatIfRow, 'difference' | 'percent'> {
  const difference = Fraction.parse(whatIf.total).sub(current.total)
  const base = Fraction.parse(current.total)
  return { difference: difference.toFixed(2), percent: base.isZero() ? null : difference.div(base).mul(100).toFixed(1) }
}

function sum(rows: Figures[]): Figures {
  return {
    listedCitizens: rows.reduce((n, f) => n + f.listedCitizens, 0),
    capitation: sumOre(rows.map((f) => f.capitation)),
    goalEarned: sumOre(rows.map((f) => f.goalEarned)),
    vatCompensation: sumOre(rows.map((f) => f.vatCompensation)),
    total: sumOre(rows.map((f) => f.total)),
  }
}

/**
 * One row per clinic in `clinics`' order (the clinics of either computation), and the region's
 * totals. A clinic missing from one computation counts as 0 there.
 */
export function whatIfRows(
  clinics: { id: number; name: string }[],
  current: (Figures & { clinicId: number })[],
  whatIf: (Figures & { clinicId: number })[],
): { rows: WhatIfRow[]; total: Omit<WhatIfRow, 'clinicId' | 'name'> } {
  const currentById = new Map(current.map((f) => [f.clinicId, pick(f)]))
  const whatIfById = new Map(whatIf.map((f) => [f.clinicId, pick(f)]))
  const rows = clinics.map(({ id, name }) => {
    const c = currentById.get(id) ?? NONE
    const w = whatIfById.get(id) ?? NONE
    return { clinicId: id, name, current: c, whatIf: w, ...compare(c, w) }
  })
  const totalCurrent = sum(rows.map((r) => r.current))
  const totalWhatIf = sum(rows.map((r) => r.whatIf))
  return { rows, total: { current: totalCurrent, whatIf: totalWhatIf, ...compare(totalCurrent, totalWhatIf) } }
}

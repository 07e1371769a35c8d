import { Fragment } from 'react'
import { useLocale, useT } from '../../i18n/i18n.tsx'
import { MoneyCell, NumberCell, TableScroll } from '../ui/data-table.tsx'
import { formatPercentChange } from '../ui/format.ts'
import type { Figures, WhatIfRow } from './what-if.ts'

type Amount = Exclude<keyof Figures, 'listedCitizens'>

/** Each clinic under the model in force and under the version tried, side by side, with the difference. */
export function WhatIfTable({
  month,
  currentVersion,
  version,
  rows,
  total,
}: {
  month: string
  currentVersion: string
  version: string
  rows: WhatIfRow[]
  total: Omit<WhatIfRow, 'clinicId' | 'name'>
}) {
  const t = useT()
  const locale = useLocale()
  const w = t.models.whatIf
  const amounts: [Amount, string][] = [
    ['capitation', w.capitation],
    ['goalEarned', w.goalEarned],
    ['vatCompensation', w.vat],
    ['total', w.total],
  ]

  const cells = (row: Omit<WhatIfRow, 'clinicId' | 'name'>) => (
    <>
      <NumberCell value={row.current.listedCitizens} />
      <NumberCell value={row.whatIf.listedCitizens} />
      {amounts.map(([key]) => (
        <Fragment key={key}>
          <MoneyCell amount={row.current[key]} />
          <MoneyCell amount={row.whatIf[key]} />
        </Fragment>
      ))}
      <MoneyCell amount={row.difference} signed />
      <td className="num">
        {row.percent === null ? (
          <>
            <span aria-hidden="true">–</span>
            <span className="visually-hidden">{w.notApplicable}</span>
          </>
        ) : (
          formatPercentChange(row.percent, locale)
        )}
      </td>
    </>
  )

  return (
    <TableScroll labelledBy="vad-om-tabell">
      <table className="data-table what-if-table">
        <caption id="vad-om-tabell">{w.caption(month, currentVersion, version)}</caption>
        <colgroup>
          <col />
        </colgroup>
        {[...Array(amounts.length + 2)].map((_, i) => (
          <colgroup key={i} span={2} />
        ))}
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {w.clinic}
            </th>
            <th scope="colgroup" colSpan={2}>
              {w.listed}
            </th>
            {amounts.map(([key, label]) => (
              <th key={key} scope="colgroup" colSpan={2}>
                {label}
              </th>
            ))}
            <th scope="colgroup" colSpan={2}>
              {w.difference}
            </th>
          </tr>
          <tr>
            {[...Array(amounts.length + 1)].map((_, i) => (
              <Fragment key={i}>
                <th scope="col" className="num">
                  {w.inForce(currentVersion)}
                </th>
                <th scope="col" className="num">
                  {version}
                </th>
              </Fragment>
            ))}
            <th scope="col" className="num">
              {w.kronor}
            </th>
            <th scope="col" className="num">
              {w.percent}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.clinicId}>
              <th scope="row">{row.name}</th>
              {cells(row)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{w.regionTotal}</th>
            {cells(total)}
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  )
}

import type { ReactNode } from 'react'
import { useLocale, useT } from '../../i18n/i18n.tsx'
import type { PaymentModel } from '../../modules/payments/model.ts'
import { Fraction } from '../../modules/payments/rules.ts'
import { formatMoney, formatNumber, formatRate } from './format.ts'

function Facts({ children }: { children: ReactNode }) {
  return <dl className="facts">{children}</dl>
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="facts__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function Part({ id, heading, children }: { id: string; heading: string; children: ReactNode }) {
  return (
    <section className="model-part" aria-labelledby={id}>
      <h3 id={id}>{heading}</h3>
      {children}
    </section>
  )
}

/** One version's parameters (spec payment-model.md §2), readable: every component in its own part. */
export function ModelParameters({ model }: { model: PaymentModel }) {
  const t = useT()
  const locale = useLocale()
  const p = t.models.params
  const num = (text: string) => formatNumber(text, locale)
  // Points and weights read as the region writes them: "1,30", not "1,3" (stored figures are normalised).
  const points = (text: string) => formatNumber(text, locale, { minDecimals: 2 })
  const kr = (text: string) => formatMoney(text, locale)
  const rate = (text: string) => formatRate(text, locale)
  const absent = <p className="muted">{p.absent}</p>
  return (
    <section aria-labelledby="parametrar-rubrik" className="model-parameters">
      <h2 id="parametrar-rubrik">{p.heading}</h2>

      <Part id="del-allmant" heading={p.general}>
        <Facts>
          <Fact term={p.allocation}>{p.allocationValue[model.allocation]}</Fact>
          {model.allocation === 'census' ? <Fact term={p.censusDay}>{p.censusDayValue[model.censusDay]}</Fact> : null}
        </Facts>
      </Part>

      <Part id="del-alder-kon" heading={p.ageSex}>
        <Facts>
          <Fact term={p.krPerPointPerYear}>{kr(model.ageSex.krPerPointPerYear)}</Fact>
        </Facts>
        <div className="table-scroll" role="region" aria-labelledby="band-tabell" tabIndex={0}>
          <table className="data-table data-table--compact">
            <caption id="band-tabell">{p.bandsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{p.age}</th>
                <th scope="col" className="num">
                  {p.female}
                </th>
                <th scope="col" className="num">
                  {p.male}
                </th>
              </tr>
            </thead>
            <tbody>
              {model.ageSex.bands.map((band) => (
                <tr key={band.fromAge}>
                  <th scope="row">{p.ageRange(band.fromAge, band.toAge)}</th>
                  <td className="num">{points(band.F)}</td>
                  <td className="num">{points(band.M)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Part>

      <Part id="del-vardtyngd" heading={p.careWeight}>
        <Facts>
          <Fact term={p.krPerPointPerYear}>{kr(model.careWeight.krPerPointPerYear)}</Fact>
          <Fact term={p.defaultWeight}>{points(model.careWeight.defaultWeight)}</Fact>
          <Fact term={p.normalise}>{p.normaliseValue[model.careWeight.normalise]}</Fact>
        </Facts>
      </Part>

      <Part id="del-tolk" heading={p.interpreter}>
        {model.interpreter ? (
          <Facts>
            <Fact term={p.interpreterKr}>{kr(model.interpreter.krPerYear)}</Fact>
          </Facts>
        ) : (
          absent
        )}
      </Part>

      <Part id="del-geografi" heading={p.geography}>
        {model.geography ? (
          <Facts>
            <Fact term={p.minPoints}>{num(String(model.geography.minPoints))}</Fact>
            <Fact term={p.geographyKr}>{kr(model.geography.krPerGeoPointPerListingPointPerYear)}</Fact>
          </Facts>
        ) : (
          absent
        )}
      </Part>

      <Part id="del-socioekonomi" heading={p.socioeconomic}>
        {model.socioeconomic ? (
          <Facts>
            <Fact term={p.cniKr}>{kr(model.socioeconomic.krPerCniPointPerYear)}</Fact>
            <Fact term={p.minClinicMeanCni}>{points(model.socioeconomic.minClinicMeanCni)}</Fact>
          </Facts>
        ) : (
          absent
        )}
      </Part>

      <Part id="del-mal" heading={p.goal}>
        <Facts>
          <Fact term={p.share}>{rate(model.goal.share)}</Fact>
        </Facts>
        {model.goal.indicators.length === 0 ? (
          <p>{p.noIndicators}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="indikatorer-tabell" tabIndex={0}>
            <table className="data-table data-table--compact">
              <caption id="indikatorer-tabell">{p.indicatorsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{p.code}</th>
                  <th scope="col" className="num">
                    {p.weight}
                  </th>
                  <th scope="col" className="num">
                    {p.zeroAt}
                  </th>
                  <th scope="col" className="num">
                    {p.fullAt}
                  </th>
                  <th scope="col" className="num">
                    {p.minDenominator}
                  </th>
                  <th scope="col">{p.direction}</th>
                </tr>
              </thead>
              <tbody>
                {model.goal.indicators.map((indicator) => (
                  <tr key={indicator.code}>
                    <th scope="row">
                      <code>{indicator.code}</code>
                    </th>
                    <td className="num">{num(indicator.weight)}</td>
                    <td className="num">{rate(indicator.zeroAt)}</td>
                    <td className="num">{rate(indicator.fullAt)}</td>
                    <td className="num">{num(String(indicator.minDenominator))}</td>
                    <td>{Fraction.parse(indicator.fullAt).compare(indicator.zeroAt) < 0 ? p.lowerIsBetter : p.higherIsBetter}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Part>

      <Part id="del-moms" heading={p.vat}>
        {model.vatCompensation ? (
          <Facts>
            <Fact term={p.rate}>{rate(model.vatCompensation.rate)}</Fact>
            <Fact term={p.appliesTo}>{p.appliesToValue[model.vatCompensation.appliesTo]}</Fact>
          </Facts>
        ) : (
          absent
        )}
      </Part>
    </section>
  )
}

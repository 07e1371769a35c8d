import type { ReactNode } from 'react'
import { useLocale, useT } from '../../i18n/i18n.tsx'
import type { PaymentModel } from '../../modules/payments/model.ts'
import { Fraction } from '../../modules/payments/rules.ts'
import { DataTable, NumberCell, numeric } from '../ui/data-table.tsx'
import { Fact, FactList } from '../ui/fact-list.tsx'
import { formatMoney, formatNumber, formatRate } from '../ui/format.ts'

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
        <FactList>
          <Fact term={p.allocation}>{p.allocationValue[model.allocation]}</Fact>
          {model.allocation === 'census' ? <Fact term={p.censusDay}>{p.censusDayValue[model.censusDay]}</Fact> : null}
        </FactList>
      </Part>

      <Part id="del-alder-kon" heading={p.ageSex}>
        <FactList>
          <Fact term={p.krPerPointPerYear}>{kr(model.ageSex.krPerPointPerYear)}</Fact>
        </FactList>
        <DataTable
          className="data-table--compact"
          captionId="band-tabell"
          caption={p.bandsCaption}
          columns={[p.age, numeric(p.female), numeric(p.male)]}
        >
          <tbody>
            {model.ageSex.bands.map((band) => (
              <tr key={band.fromAge}>
                <th scope="row">{p.ageRange(band.fromAge, band.toAge)}</th>
                <td className="num">{points(band.F)}</td>
                <td className="num">{points(band.M)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </Part>

      <Part id="del-vardtyngd" heading={p.careWeight}>
        <FactList>
          <Fact term={p.krPerPointPerYear}>{kr(model.careWeight.krPerPointPerYear)}</Fact>
          <Fact term={p.defaultWeight}>{points(model.careWeight.defaultWeight)}</Fact>
          <Fact term={p.normalise}>{p.normaliseValue[model.careWeight.normalise]}</Fact>
        </FactList>
      </Part>

      <Part id="del-tolk" heading={p.interpreter}>
        {model.interpreter ? (
          <FactList>
            <Fact term={p.interpreterKr}>{kr(model.interpreter.krPerYear)}</Fact>
          </FactList>
        ) : (
          absent
        )}
      </Part>

      <Part id="del-geografi" heading={p.geography}>
        {model.geography ? (
          <FactList>
            <Fact term={p.minPoints}>{num(String(model.geography.minPoints))}</Fact>
            <Fact term={p.geographyKr}>{kr(model.geography.krPerGeoPointPerListingPointPerYear)}</Fact>
          </FactList>
        ) : (
          absent
        )}
      </Part>

      <Part id="del-socioekonomi" heading={p.socioeconomic}>
        {model.socioeconomic ? (
          <FactList>
            <Fact term={p.cniKr}>{kr(model.socioeconomic.krPerCniPointPerYear)}</Fact>
            <Fact term={p.minClinicMeanCni}>{points(model.socioeconomic.minClinicMeanCni)}</Fact>
          </FactList>
        ) : (
          absent
        )}
      </Part>

      <Part id="del-mal" heading={p.goal}>
        <FactList>
          <Fact term={p.share}>{rate(model.goal.share)}</Fact>
        </FactList>
        {model.goal.indicators.length === 0 ? (
          <p>{p.noIndicators}</p>
        ) : (
          <DataTable
            className="data-table--compact"
            captionId="indikatorer-tabell"
            caption={p.indicatorsCaption}
            columns={[p.code, numeric(p.weight), numeric(p.zeroAt), numeric(p.fullAt), numeric(p.minDenominator), p.direction]}
          >
            <tbody>
              {model.goal.indicators.map((indicator) => (
                <tr key={indicator.code}>
                  <th scope="row">
                    <code>{indicator.code}</code>
                  </th>
                  <NumberCell value={indicator.weight} />
                  <td className="num">{rate(indicator.zeroAt)}</td>
                  <td className="num">{rate(indicator.fullAt)}</td>
                  <NumberCell value={indicator.minDenominator} />
                  <td>{Fraction.parse(indicator.fullAt).compare(indicator.zeroAt) < 0 ? p.lowerIsBetter : p.higherIsBetter}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </Part>

      <Part id="del-moms" heading={p.vat}>
        {model.vatCompensation ? (
          <FactList>
            <Fact term={p.rate}>{rate(model.vatCompensation.rate)}</Fact>
            <Fact term={p.appliesTo}>{p.appliesToValue[model.vatCompensation.appliesTo]}</Fact>
          </FactList>
        ) : (
          absent
        )}
      </Part>
    </section>
  )
}

import { Link } from 'react-router'
import { useT } from '../../i18n/i18n.tsx'
import type { ClinicSpecification, LinePage, LineRow } from '../../modules/payments/payments.server.ts'
import type { SearchResult } from '../../utils/payment-routes.server.ts'
import { Pagination } from '../pagination.tsx'
import { DataTable, MoneyCell, NumberCell, numeric } from '../ui/data-table.tsx'
import { ErrorSummary } from '../ui/error-summary.tsx'
import { Fact, FactList } from '../ui/fact-list.tsx'
import { Field } from '../ui/field.tsx'
import { FilterForm } from '../ui/filter-form.tsx'
import { formatDateTime } from '../ui/format.ts'
import { ApprovalStatus, useFormat } from './ui.tsx'

interface Props {
  spec: ClinicSpecification
  lines: LinePage
  pageCount: number
  search: SearchResult | undefined
  csvHref: string
  back: { to: string; label: string }
}

/**
 * A clinic's payment for one month and revision, as the region and the clinic both read it:
 * the components, listing, goal indicators and score, and the lines (paged, searchable).
 */
export function PaymentSpecification({ spec, lines, pageCount, search, csvHref, back }: Props) {
  const t = useT()
  const p = t.payments
  const s = p.spec
  const f = useFormat()
  const { run, clinic } = spec
  const month = f.month(run.month)
  return (
    <div className="page payments">
      <title>{`${s.title(clinic.name, month)} – ${t.meta.siteName}`}</title>
      <p className="back-link">
        <Link to={back.to}>{back.label}</Link>
      </p>
      <h1>{s.title(clinic.name, month)}</h1>
      <p className="lead">{s.lead(run.revision)}</p>
      <FactList>
        <Fact term={p.common.hsaId}>{clinic.hsaId}</Fact>
        <Fact term={s.ownership}>{p.ownership[clinic.ownership] ?? clinic.ownership}</Fact>
        <Fact term={s.model}>{run.modelVersion}</Fact>
        <Fact term={s.dataAsOf}>{formatDateTime(run.dataAsOf)}</Fact>
        <Fact term={p.common.status}>
          <ApprovalStatus approved={run.approvedAt !== null} />
        </Fact>
      </FactList>

      <section aria-labelledby="delar-rubrik">
        <h2 id="delar-rubrik">{s.componentsHeading}</h2>
        <DataTable scroll={false} className="data-table--narrow" captionId="delar-tabell" caption={s.componentsCaption(month)} columns={[s.component, numeric(s.amount)]}>
          <tbody>
            {(['ageSex', 'careWeight', 'interpreter', 'geography', 'socioeconomic'] as const).map((key) => (
              <tr key={key} className="data-table__part">
                <th scope="row">
                  <span className="visually-hidden">{`${s.capitationPart} `}</span>
                  {p.components[key]}
                </th>
                <MoneyCell amount={clinic[key]} />
              </tr>
            ))}
            <tr className="data-table__sum">
              <th scope="row">{p.components.capitation}</th>
              <MoneyCell amount={clinic.capitation} />
            </tr>
            <tr>
              <th scope="row">{p.components.goalEarned}</th>
              <MoneyCell amount={clinic.goalEarned} />
            </tr>
            <tr>
              <th scope="row">{p.components.vatCompensation}</th>
              <MoneyCell amount={clinic.vatCompensation} />
            </tr>
          </tbody>
          <tfoot>
            <tr className="data-table__total">
              <th scope="row">{p.components.total}</th>
              <MoneyCell amount={clinic.total} field="total" />
            </tr>
          </tfoot>
        </DataTable>
      </section>

      <section aria-labelledby="listning-rubrik">
        <h2 id="listning-rubrik">{s.listingHeading}</h2>
        <FactList>
          <Fact term={p.common.listedCitizens} field="listed-citizens">
            {f.integer(clinic.listedCitizens)}
          </Fact>
          <Fact term={p.common.listingPoints}>{f.number(clinic.listingPoints)}</Fact>
          <Fact term={s.meanCareWeight}>{f.number(clinic.meanCareWeight)}</Fact>
          <Fact term={s.regionMeanCareWeight}>{f.number(run.regionMeanWeight)}</Fact>
        </FactList>
      </section>

      <GoalSection spec={spec} />

      <section aria-labelledby="rader-rubrik">
        <h2 id="rader-rubrik">{s.linesHeading}</h2>
        <p>{s.linesLead}</p>
        <LineSearch search={search} />
        {lines.total === 0 ? (
          <p>{s.noLines}</p>
        ) : (
          <>
            <LinesTable
              lines={lines.lines}
              captionId="rader-tabell"
              caption={s.linesCaption((lines.page - 1) * lines.pageSize + 1, (lines.page - 1) * lines.pageSize + lines.lines.length, lines.total)}
            />
            <Pagination page={lines.page} pageCount={pageCount} params={{}} />
          </>
        )}
        <p className="download">
          <a className="button button--secondary" href={csvHref} download>
            {s.download}
          </a>
          <span className="muted">{s.downloadHint}</span>
        </p>
      </section>
    </div>
  )
}

function GoalSection({ spec }: { spec: ClinicSpecification }) {
  const t = useT()
  const p = t.payments
  const s = p.spec
  const f = useFormat()
  const { clinic, indicators } = spec
  return (
    <section aria-labelledby="mal-rubrik">
      <h2 id="mal-rubrik">{s.goalHeading}</h2>
      {indicators.length === 0 ? (
        <p>{s.noIndicators}</p>
      ) : (
        <DataTable
          captionId="mal-tabell"
          caption={s.goalCaption}
          columns={[s.indicator, s.period, s.published, numeric(s.result), numeric(s.value), numeric(s.fulfilment), numeric(s.weight)]}
        >
          <tbody>
            {indicators.map((i) => (
              <tr key={i.indicator} data-indicator={i.indicator}>
                <th scope="row">
                  {s.indicatorNames[i.indicator] ?? i.indicator}
                  <span className="muted code"> {i.indicator}</span>
                </th>
                <td>{i.period ?? p.common.none}</td>
                <td>{i.published ?? p.common.none}</td>
                <td className="num">{i.numerator !== null && i.denominator !== null ? s.fraction(i.numerator, i.denominator) : s.noResult}</td>
                <td className="num">{i.value !== null ? f.percent(i.value) : p.common.none}</td>
                <td className="num">{i.assessable && i.fulfilment !== null ? f.percent(i.fulfilment) : s.notAssessable}</td>
                <NumberCell value={i.weight} />
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {!clinic.goalAssessed ? <p className="notice">{s.regionMeanUsed}</p> : null}
      <FactList>
        <Fact term={s.goalPotential}>{f.money(clinic.goalPotential)}</Fact>
        <Fact term={s.goalScore} field="goal-score">
          {f.percent(clinic.goalScore)} <span className="muted">({f.number(clinic.goalScore)})</span>
        </Fact>
        <Fact term={s.goalEarned}>{f.money(clinic.goalEarned)}</Fact>
      </FactList>
    </section>
  )
}

/** A POST form: the identity number travels in the body, never in the address. */
function LineSearch({ search }: { search: SearchResult | undefined }) {
  const p = useT().payments
  const s = p.spec
  const error = search?.kind === 'error' ? (search.error === 'required' ? s.searchRequired : s.searchInvalid) : null
  return (
    <>
      {error ? <ErrorSummary heading={p.common.errorSummaryHeading} errors={[{ field: 'personnummer', message: error }]} /> : null}
      <FilterForm method="post" role="search" headingId="sok-rubrik" heading={s.searchHeading} level={3} submit={s.searchSubmit} preventScrollReset>
        <input type="hidden" name="intent" value="search" />
        <Field id="personnummer" label={s.searchLabel} hint={s.searchHint} error={error}>
          {(control) => (
            <input
              name="personnummer"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              maxLength={20}
              defaultValue={search?.kind === 'error' ? search.value : ''}
              {...control}
            />
          )}
        </Field>
      </FilterForm>
      <div aria-live="polite" className="search-result">
        {search?.kind === 'found' ? (
          <>
            <h3>{s.searchResultHeading}</h3>
            <LinesTable lines={[search.line]} captionId="sokresultat-tabell" caption={s.searchCaption} />
          </>
        ) : search?.kind === 'none' ? (
          <>
            <h3>{s.searchResultHeading}</h3>
            <p className="notice">{s.searchNone(search.personalId)}</p>
          </>
        ) : null}
      </div>
    </>
  )
}

function LinesTable({ lines, caption, captionId }: { lines: LineRow[]; caption: string; captionId: string }) {
  const t = useT()
  const p = t.payments
  const s = p.spec
  return (
    <DataTable
      captionId={captionId}
      caption={caption}
      columns={[
        s.personalId,
        numeric(s.days),
        numeric(s.age),
        s.sex,
        numeric(s.points),
        numeric(s.weight_),
        ...(['ageSex', 'careWeight', 'interpreter', 'geography', 'socioeconomic', 'capitation'] as const).map((key) => numeric(p.components[key])),
      ]}
    >
      <tbody>
        {lines.map((line) => (
          <tr key={line.personalId}>
            <th scope="row" className="code">
              {line.personalId}
            </th>
            <td className="num">{line.days}</td>
            <td className="num">{line.age}</td>
            <td>{s.sexLabel[line.sex] ?? line.sex}</td>
            <NumberCell value={line.points} />
            <NumberCell value={line.careWeight} />
            <MoneyCell amount={line.ageSex} />
            <MoneyCell amount={line.careWeightAmount} />
            <MoneyCell amount={line.interpreter} />
            <MoneyCell amount={line.geography} />
            <MoneyCell amount={line.socioeconomic} />
            <MoneyCell amount={line.capitation} />
          </tr>
        ))}
      </tbody>
    </DataTable>
  )
}

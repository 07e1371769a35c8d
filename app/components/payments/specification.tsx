import { Form, Link } from 'react-router'
import { useT } from '../../i18n/i18n.tsx'
import type { ClinicSpecification, LinePage, LineRow } from '../../modules/payments/payments.server.ts'
import { Pagination } from '../pagination.tsx'
import { formatDateTime } from './format.ts'
import type { SearchResult } from './payments.server.ts'
import { ApprovalStatus, ErrorSummary, TableScroll, useFormat } from './ui.tsx'

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
      <dl className="facts">
        <div>
          <dt>{p.common.hsaId}</dt>
          <dd>{clinic.hsaId}</dd>
        </div>
        <div>
          <dt>{s.ownership}</dt>
          <dd>{p.ownership[clinic.ownership] ?? clinic.ownership}</dd>
        </div>
        <div>
          <dt>{s.model}</dt>
          <dd>{run.modelVersion}</dd>
        </div>
        <div>
          <dt>{s.dataAsOf}</dt>
          <dd>{formatDateTime(run.dataAsOf)}</dd>
        </div>
        <div>
          <dt>{p.common.status}</dt>
          <dd>
            <ApprovalStatus approved={run.approvedAt !== null} />
          </dd>
        </div>
      </dl>

      <section aria-labelledby="delar-rubrik">
        <h2 id="delar-rubrik">{s.componentsHeading}</h2>
        <table className="data-table data-table--narrow">
          <caption id="delar-tabell">{s.componentsCaption(month)}</caption>
          <thead>
            <tr>
              <th scope="col">{s.component}</th>
              <th scope="col" className="num">
                {s.amount}
              </th>
            </tr>
          </thead>
          <tbody>
            {(['ageSex', 'careWeight', 'interpreter', 'geography', 'socioeconomic'] as const).map((key) => (
              <tr key={key} className="data-table__part">
                <th scope="row">
                  <span className="visually-hidden">{`${s.capitationPart} `}</span>
                  {p.components[key]}
                </th>
                <td className="num">{f.money(clinic[key])}</td>
              </tr>
            ))}
            <tr className="data-table__sum">
              <th scope="row">{p.components.capitation}</th>
              <td className="num">{f.money(clinic.capitation)}</td>
            </tr>
            <tr>
              <th scope="row">{p.components.goalEarned}</th>
              <td className="num">{f.money(clinic.goalEarned)}</td>
            </tr>
            <tr>
              <th scope="row">{p.components.vatCompensation}</th>
              <td className="num">{f.money(clinic.vatCompensation)}</td>
            </tr>
          </tbody>
          <tfoot>
            <tr className="data-table__total">
              <th scope="row">{p.components.total}</th>
              <td className="num" data-field="total">
                {f.money(clinic.total)}
              </td>
            </tr>
          </tfoot>
        </table>
      </section>

      <section aria-labelledby="listning-rubrik">
        <h2 id="listning-rubrik">{s.listingHeading}</h2>
        <dl className="facts">
          <div>
            <dt>{p.common.listedCitizens}</dt>
            <dd data-field="listed-citizens">{f.integer(clinic.listedCitizens)}</dd>
          </div>
          <div>
            <dt>{p.common.listingPoints}</dt>
            <dd>{f.decimal(clinic.listingPoints)}</dd>
          </div>
          <div>
            <dt>{s.meanCareWeight}</dt>
            <dd>{f.decimal(clinic.meanCareWeight)}</dd>
          </div>
          <div>
            <dt>{s.regionMeanCareWeight}</dt>
            <dd>{f.decimal(run.regionMeanWeight)}</dd>
          </div>
        </dl>
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
        <TableScroll labelledBy="mal-tabell">
          <table className="data-table">
            <caption id="mal-tabell">{s.goalCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{s.indicator}</th>
                <th scope="col">{s.period}</th>
                <th scope="col">{s.published}</th>
                <th scope="col" className="num">
                  {s.result}
                </th>
                <th scope="col" className="num">
                  {s.value}
                </th>
                <th scope="col" className="num">
                  {s.fulfilment}
                </th>
                <th scope="col" className="num">
                  {s.weight}
                </th>
              </tr>
            </thead>
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
                  <td className="num">{f.decimal(i.weight)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {!clinic.goalAssessed ? <p className="notice">{s.regionMeanUsed}</p> : null}
      <dl className="facts">
        <div>
          <dt>{s.goalPotential}</dt>
          <dd>{f.money(clinic.goalPotential)}</dd>
        </div>
        <div>
          <dt>{s.goalScore}</dt>
          <dd data-field="goal-score">
            {f.percent(clinic.goalScore)} <span className="muted">({f.decimal(clinic.goalScore)})</span>
          </dd>
        </div>
        <div>
          <dt>{s.goalEarned}</dt>
          <dd>{f.money(clinic.goalEarned)}</dd>
        </div>
      </dl>
    </section>
  )
}

/** A POST form: the identity number travels in the body, never in the address. */
function LineSearch({ search }: { search: SearchResult | undefined }) {
  const s = useT().payments.spec
  const error = search?.kind === 'error' ? (search.error === 'required' ? s.searchRequired : s.searchInvalid) : null
  return (
    <>
      {error ? <ErrorSummary errors={[{ field: 'personnummer', message: error }]} /> : null}
      <Form method="post" className="filter" role="search" aria-labelledby="sok-rubrik" preventScrollReset>
        <h3 id="sok-rubrik" className="filter__heading">
          {s.searchHeading}
        </h3>
        <input type="hidden" name="intent" value="search" />
        <div className="field">
          <label htmlFor="personnummer">{s.searchLabel}</label>
          <span id="personnummer-tips" className="field__hint">
            {s.searchHint}
          </span>
          {error ? (
            <span id="personnummer-fel" className="field__error">
              {error}
            </span>
          ) : null}
          <input
            id="personnummer"
            name="personnummer"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            maxLength={20}
            defaultValue={search?.kind === 'error' ? search.value : ''}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'personnummer-tips personnummer-fel' : 'personnummer-tips'}
          />
        </div>
        <button type="submit" className="button">
          {s.searchSubmit}
        </button>
      </Form>
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
  const f = useFormat()
  return (
    <TableScroll labelledBy={captionId}>
      <table className="data-table">
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{s.personalId}</th>
            <th scope="col" className="num">
              {s.days}
            </th>
            <th scope="col" className="num">
              {s.age}
            </th>
            <th scope="col">{s.sex}</th>
            <th scope="col" className="num">
              {s.points}
            </th>
            <th scope="col" className="num">
              {s.weight_}
            </th>
            <th scope="col" className="num">
              {p.components.ageSex}
            </th>
            <th scope="col" className="num">
              {p.components.careWeight}
            </th>
            <th scope="col" className="num">
              {p.components.interpreter}
            </th>
            <th scope="col" className="num">
              {p.components.geography}
            </th>
            <th scope="col" className="num">
              {p.components.socioeconomic}
            </th>
            <th scope="col" className="num">
              {p.components.capitation}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.personalId}>
              <th scope="row" className="code">
                {line.personalId}
              </th>
              <td className="num">{line.days}</td>
              <td className="num">{line.age}</td>
              <td>{s.sexLabel[line.sex] ?? line.sex}</td>
              <td className="num">{f.decimal(line.points)}</td>
              <td className="num">{f.decimal(line.careWeight)}</td>
              <td className="num">{f.money(line.ageSex)}</td>
              <td className="num">{f.money(line.careWeightAmount)}</td>
              <td className="num">{f.money(line.interpreter)}</td>
              <td className="num">{f.money(line.geography)}</td>
              <td className="num">{f.money(line.socioeconomic)}</td>
              <td className="num">{f.money(line.capitation)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}

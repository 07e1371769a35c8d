import { useT } from '../../i18n/i18n.tsx'
import { DataTable } from '../ui/data-table.tsx'
import { Fact, FactList } from '../ui/fact-list.tsx'

export interface DecisionView {
  outcome: string
  decidedAt: string
  startDate: string | null
  agreementNumber: string | null
  note: string | null
  /** Per failed requirement (code) or exclusion ground that applies (ground). */
  reasons: { code: string | null; ground: string | null; reason: string }[]
}

/** The region's decision as the applicant reads it: outcome, start date and agreement, or the reasons per requirement. */
export function ApplicationDecision({ decision }: { decision: DecisionView }) {
  const o = useT().application.overview
  return (
    <section aria-labelledby="beslut-rubrik" className="card">
      <h2 id="beslut-rubrik">{o.decisionHeading}</h2>
      <FactList>
        <Fact term={o.outcome} field="outcome">
          {o.outcomes[decision.outcome] ?? decision.outcome}
        </Fact>
        <Fact term={o.decidedAt}>{decision.decidedAt}</Fact>
        {decision.startDate ? (
          <Fact term={o.startDate} field="start-date">
            {decision.startDate}
          </Fact>
        ) : null}
        {decision.agreementNumber ? (
          <Fact term={o.agreementNumber} field="agreement-number">
            {decision.agreementNumber}
          </Fact>
        ) : null}
        {decision.note ? (
          <Fact term={o.note} wide>
            {decision.note}
          </Fact>
        ) : null}
      </FactList>
      {decision.reasons.length ? (
        <DataTable caption={o.reasonsCaption} captionId="beslut-skal" columns={[o.requirement, o.reason]}>
          <tbody>
            {decision.reasons.map((r, i) => (
              <tr key={i}>
                <th scope="row">{r.code ?? (r.ground ? (o.grounds[r.ground] ?? r.ground) : '–')}</th>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
    </section>
  )
}

/** A decision as it was made: outcome, who and when, and an approval's agreement or a rejection's reasons. */
import { Link } from 'react-router'
import { Fact, FactList } from '../ui/fact-list.tsx'
import { useT } from '../../i18n/i18n.tsx'

export interface DecisionView {
  outcome: 'approved' | 'rejected'
  decidedBy: string
  decidedAt: string
  startDate: string | null
  agreementNumber: string | null
  reasons: { code: string | null; ground?: string | null; reason: string }[]
  groundsApplied: string[]
  note: string | null
  clinic: { hsaId: string; name: string } | null
}

export function DecisionSummary({ decision, headingLevel = 2 }: { decision: DecisionView; headingLevel?: 2 | 3 }) {
  const d = useT().review.decision
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <section aria-labelledby="beslutet-rubrik" data-testid="decision">
      <Heading id="beslutet-rubrik">{d.decidedHeading}</Heading>
      <FactList>
        <Fact term={d.outcome} field="outcome">
          {d.outcomes[decision.outcome] ?? decision.outcome}
        </Fact>
        <Fact term={d.decidedAt}>{decision.decidedAt}</Fact>
        <Fact term={d.decidedBy}>{decision.decidedBy}</Fact>
        {decision.outcome === 'approved' ? (
          <>
            <Fact term={d.startDate} field="startDate">
              {decision.startDate ?? ''}
            </Fact>
            <Fact term={d.agreementNumber} field="agreementNumber">
              {decision.agreementNumber ?? ''}
            </Fact>
            {decision.clinic ? (
              <Fact term={d.clinic} wide>
                {`${decision.clinic.name} (${decision.clinic.hsaId}) `}
                <Link to={`/region/register/${encodeURIComponent(decision.clinic.hsaId)}`}>{d.registerLink}</Link>
              </Fact>
            ) : null}
          </>
        ) : (
          <Fact term={d.reasons} wide field="reasons">
            <ul>
              {decision.reasons.map((r, i) => (
                <li key={i}>{r.code ? `${r.code}: ${r.reason}` : `${r.ground ? `${d.grounds[r.ground] ?? r.ground}: ` : ''}${r.reason}`}</li>
              ))}
            </ul>
          </Fact>
        )}
        <Fact term={d.groundsApplied} wide>
          {decision.groundsApplied.length ? decision.groundsApplied.map((g) => d.grounds[g] ?? g).join('; ') : d.noGrounds}
        </Fact>
        {decision.note ? (
          <Fact term={d.note} wide>
            {decision.note}
          </Fact>
        ) : null}
      </FactList>
    </section>
  )
}

/** The application's timeline as the region reads it: when, who, what (with the step's facts). */
import { DataTable } from '../ui/data-table.tsx'
import { useT } from '../../i18n/i18n.tsx'

export interface TimelineItem {
  id: string
  at: string
  kind: string
  actorName: string | null
  details: Record<string, unknown>
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])

function Details({ item }: { item: TimelineItem }) {
  const t = useT()
  const tl = t.review.timeline
  const a = t.review.application
  const d = item.details
  switch (item.kind) {
    case 'assessed': {
      const rows = Array.isArray(d.assessments) ? (d.assessments as { code?: unknown; verdict?: unknown }[]) : []
      return <>{rows.map((r) => `${String(r.code)} (${r.verdict === 'pass' ? a.pass : a.fail})`).join(', ')}</>
    }
    case 'supplementation_requested': {
      const what = [...strings(d.requirementCodes).map((c) => a.requirement(c)), ...strings(d.sections).map((s) => a.sections[s] ?? s)]
      return <>{[what.join(', '), typeof d.dueOn === 'string' ? tl.dueOn(d.dueOn) : null].filter(Boolean).join(', ')}</>
    }
    case 'resubmitted': {
      // The requirements the request named: their assessments were removed, to be made again.
      const codes = strings(d.requirementCodes).map((c) => a.requirement(c))
      const sections = strings(d.sections).map((s) => a.sections[s] ?? s)
      return <>{[codes.length ? tl.reassess(codes.join(', ')) : null, sections.length ? tl.changedSections(sections.join(', ')) : null].filter(Boolean).join('; ')}</>
    }
    case 'reviewer_assigned':
      return <>{typeof d.reviewerName === 'string' ? d.reviewerName : null}</>
    case 'approved':
      return <>{[d.hsaId, d.agreementNumber, d.startDate].filter((x) => typeof x === 'string').join(', ')}</>
    case 'rejected':
      return <>{strings(d.reasons).filter((r) => !r.startsWith('ground:')).length ? tl.requirementCodes(strings(d.reasons).filter((r) => !r.startsWith('ground:')).join(', ')) : null}</>
    default:
      return <>{typeof d.fileName === 'string' ? d.fileName : null}</>
  }
}

export function Timeline({ items }: { items: TimelineItem[] }) {
  const tl = useT().review.timeline
  return (
    <section aria-labelledby="handelser-rubrik">
      <h2 id="handelser-rubrik">{tl.heading}</h2>
      <DataTable caption={tl.caption} captionId="handelser-tabell" columns={[tl.at, tl.who, tl.what]}>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid="timeline-row" data-kind={item.kind}>
              <td className="nowrap">{item.at}</td>
              <td>{item.actorName ?? tl.system}</td>
              <td>
                <span className="strong">{tl.kinds[item.kind] ?? item.kind}</span>
                <div>
                  <Details item={item} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </section>
  )
}

/**
 * The requirements of an application as the reviewer assesses them: chapter by chapter, each with
 * the applicant's answer (attachments as download links), the automatic check and the assessment
 * (Uppfyllt / Uppfylls inte and a comment). One form and one Save for the whole page.
 */
import { Form } from 'react-router'
import { RuleSummary } from '../authorisation/rule-summary.tsx'
import { Fact, FactList } from '../ui/fact-list.tsx'
import { formatNumber } from '../ui/format.ts'
import { StatusBadge } from '../ui/status-badge.tsx'
import { useLocale, useT } from '../../i18n/i18n.tsx'
import type { AnswerCheck, RequirementShape } from '../../modules/authorisation/rules.ts'

export interface ReviewRequirement {
  id: number
  code: string
  chapterCode: string
  chapterTitle: string
  text: string
  shape: RequirementShape
  value: unknown
  attachments: { id: number; fileName: string; sizeKb: string }[]
  check: AnswerCheck
}

export interface SavedAssessment {
  verdict: 'pass' | 'fail'
  comment: string | null
  assessedBy: string
  assessedAt: string
}

export interface AssessmentValues {
  verdict: Record<number, 'pass' | 'fail' | ''>
  comment: Record<number, string>
}

function Answer({ requirement, applicationId }: { requirement: ReviewRequirement; applicationId: number }) {
  const t = useT()
  const locale = useLocale()
  const a = t.review.application
  const { shape, value } = requirement
  if (shape.kind === 'document') {
    if (requirement.attachments.length === 0) return <>{a.noAttachments}</>
    return (
      <ul className="link-list">
        {requirement.attachments.map((f) => (
          <li key={f.id}>
            <a href={`/ansokan/${applicationId}/bilagor/${f.id}`} download>
              {f.fileName}
            </a>{' '}
            <span className="muted">({a.fileSize(f.sizeKb)})</span>
          </li>
        ))}
      </ul>
    )
  }
  if (value === undefined || value === null || value === '') return <>{a.noAnswer}</>
  switch (shape.kind) {
    case 'declaration':
      return <>{value === true ? a.yes : value === false ? a.no : String(value)}</>
    case 'number': {
      const unit = locale === 'sv' ? shape.rule.unitSv : shape.rule.unitEn
      let text = String(value)
      try {
        text = formatNumber(text, locale)
      } catch {
        // shown as stored
      }
      return <>{`${text} ${unit}`}</>
    }
    case 'choice': {
      const option = shape.rule.options.find((o) => o.value === value)
      return <>{option ? (locale === 'sv' ? option.sv : option.en) : String(value)}</>
    }
    case 'text':
      return <div className="message__body">{String(value)}</div>
  }
}

function CheckText({ check }: { check: AnswerCheck }) {
  const c = useT().review.check
  if (check.status === 'pass') return <StatusBadge tone="success">{c.pass}</StatusBadge>
  if (check.status === 'missing') return <StatusBadge tone="waiting">{c.missing}</StatusBadge>
  const problem = c.problems[check.problem]
  const why = typeof problem === 'function' ? problem(check.params ?? {}) : (problem ?? check.problem)
  return (
    <>
      <StatusBadge tone="waiting">{c.fail}</StatusBadge> {why}
    </>
  )
}

export function RequirementReview({
  applicationId,
  requirements,
  saved,
  changed = {},
  values,
  errors,
  editable,
}: {
  applicationId: number
  requirements: ReviewRequirement[]
  saved: Record<number, SavedAssessment>
  /** Requirements a request for supplementation named, once answered: changed since, and whether still to be assessed again. */
  changed?: Record<number, 'reassess' | 'changed'>
  /** What the form shows: the last submission's values after a refusal, otherwise the saved assessments. */
  values: AssessmentValues | null
  errors: Record<string, string>
  editable: boolean
}) {
  const t = useT()
  const a = t.review.application
  const chapters: { code: string; title: string; requirements: ReviewRequirement[] }[] = []
  for (const r of requirements) {
    const last = chapters[chapters.length - 1]
    if (last && last.code === r.chapterCode) last.requirements.push(r)
    else chapters.push({ code: r.chapterCode, title: r.chapterTitle, requirements: [r] })
  }
  const verdictOf = (id: number) => (values ? values.verdict[id] : saved[id]?.verdict) ?? ''
  const commentOf = (id: number) => (values ? values.comment[id] : saved[id]?.comment) ?? ''
  const savedKey = Object.entries(saved)
    .map(([id, s]) => `${id}:${s.verdict}:${s.assessedAt}`)
    .join('|')
  const passed = requirements.filter((r) => saved[r.id]?.verdict === 'pass').length
  const failed = requirements.filter((r) => saved[r.id]?.verdict === 'fail').length

  const body = chapters.map((chapter) => (
    <section key={chapter.code} aria-labelledby={`kapitel-${chapter.code}`} className="review-chapter">
      <h3 id={`kapitel-${chapter.code}`}>{chapter.title}</h3>
      {chapter.requirements.map((r) => {
        const verdictError = errors[`verdict-${r.id}`]
        const commentError = errors[`comment-${r.id}`]
        const current = saved[r.id]
        return (
          <article key={r.id} className="card review-requirement" aria-labelledby={`krav-${r.id}-rubrik`} data-testid="requirement" data-code={r.code}>
            <h4 id={`krav-${r.id}-rubrik`}>{a.requirement(r.code)}</h4>
            {changed[r.id] ? (
              <p data-field="changed">
                {changed[r.id] === 'reassess' ? <StatusBadge tone="waiting">{a.reassess}</StatusBadge> : <span className="muted">{a.changed}</span>}
              </p>
            ) : null}
            <p>{r.text}</p>
            <p>
              <RuleSummary requirement={r.shape} />
            </p>
            <FactList>
              <Fact term={r.shape.kind === 'document' ? a.attachments : a.answer} wide field="answer">
                <Answer requirement={r} applicationId={applicationId} />
              </Fact>
              <Fact term={a.automaticCheck} wide field="check">
                <CheckText check={r.check} />
              </Fact>
              {!editable || current ? (
                <Fact term={a.assessment} wide field="assessment">
                  {current ? (
                    <>
                      <strong>{current.verdict === 'pass' ? a.pass : a.fail}</strong>
                      {current.comment ? <>: {current.comment}</> : null}
                      <div className="muted">{a.assessedBy(current.assessedBy, current.assessedAt)}</div>
                    </>
                  ) : (
                    a.notAssessed
                  )}
                </Fact>
              ) : null}
            </FactList>
            {editable ? (
              <>
                <fieldset className={verdictError ? 'field field--error' : 'field'} aria-describedby={verdictError ? `verdict-${r.id}-error` : undefined}>
                  <legend>{`${a.assessment}: ${a.requirement(r.code)}`}</legend>
                  {verdictError ? (
                    <p className="field__error" id={`verdict-${r.id}-error`}>
                      {verdictError}
                    </p>
                  ) : null}
                  {(['pass', 'fail'] as const).map((v) => (
                    <div key={v}>
                      <input type="radio" id={`verdict-${r.id}-${v}`} name={`verdict-${r.id}`} value={v} defaultChecked={verdictOf(r.id) === v} />{' '}
                      <label htmlFor={`verdict-${r.id}-${v}`}>{v === 'pass' ? a.pass : a.fail}</label>
                    </div>
                  ))}
                </fieldset>
                <div className={commentError ? 'field field--error' : 'field'}>
                  <label htmlFor={`comment-${r.id}`}>{`${a.comment}: ${a.requirement(r.code)}`}</label>
                  <p className="field__hint" id={`comment-${r.id}-hint`}>
                    {a.commentHint}
                  </p>
                  {commentError ? (
                    <p className="field__error" id={`comment-${r.id}-error`}>
                      {commentError}
                    </p>
                  ) : null}
                  <textarea
                    id={`comment-${r.id}`}
                    name={`comment-${r.id}`}
                    rows={2}
                    maxLength={4000}
                    defaultValue={commentOf(r.id)}
                    aria-describedby={[`comment-${r.id}-hint`, commentError ? `comment-${r.id}-error` : null].filter(Boolean).join(' ')}
                    aria-invalid={commentError ? true : undefined}
                  />
                </div>
              </>
            ) : null}
          </article>
        )
      })}
    </section>
  ))

  return (
    <section aria-labelledby="krav-rubrik">
      <h2 id="krav-rubrik">{a.requirementsHeading}</h2>
      <p>{editable ? a.requirementsLead : a.requirementsReadOnly}</p>
      <p data-field="assessment-summary">{a.summary(passed, failed, requirements.length)}</p>
      {editable ? (
        // Keyed by the saved assessments: after a save (a revalidation, not a new page) the form shows what is stored.
        <Form method="post" noValidate key={savedKey}>
          <input type="hidden" name="intent" value="assess" />
          {body}
          <button type="submit" className="button">
            {a.save}
          </button>
        </Form>
      ) : (
        body
      )}
    </section>
  )
}

/**
 * The decision form (/region/ansokningar/:id/beslut): the exclusion grounds (each answered), the
 * outcome, what an approval needs and a rejection's reasons; then one confirmation step with
 * everything carried as hidden fields, so it works without JavaScript.
 */
import { Form } from 'react-router'
import { Field, Fieldset } from '../ui/field.tsx'
import { Fact, FactList } from '../ui/fact-list.tsx'
import { useT } from '../../i18n/i18n.tsx'
import { exclusionGrounds as groundKeys, type ExclusionGround as GroundKey } from '../../modules/authorisation/rules.ts'

export interface DecisionValues {
  outcome: 'approve' | 'reject' | ''
  grounds: Record<GroundKey, 'ja' | 'nej' | ''>
  groundReasons: Record<GroundKey, string>
  agreementNumber: string
  startDate: string
  hsaId: string
  geographyPoints: string
  /** The failed requirements a rejection gives reasons for: every one of them (the reasons' fields as posted). */
  include: number[]
  reasons: Record<number, string>
  note: string
}

export interface FailedRequirement {
  requirementId: number
  code: string
  text: string
}

function RadioGroup({
  name,
  legend,
  hint,
  options,
  value,
  error,
}: {
  name: string
  legend: string
  hint?: string
  options: { value: string; label: string }[]
  value: string
  error?: string
}) {
  return (
    <Fieldset id={name} legend={legend} hint={hint} error={error}>
      {options.map((o) => (
        <div key={o.value}>
          <input type="radio" id={`${name}-${o.value}`} name={name} value={o.value} defaultChecked={value === o.value} required />{' '}
          <label htmlFor={`${name}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </Fieldset>
  )
}

export function DecisionForm({
  values,
  errors,
  failed,
}: {
  values: DecisionValues
  errors: Record<string, string>
  failed: FailedRequirement[]
}) {
  const d = useT().review.decision
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="preview" />
      <fieldset>
        <legend className="strong">{d.groundsLegend}</legend>
        <p>{d.groundsHint}</p>
        {groundKeys.map((g) => (
          <div key={g}>
            <RadioGroup
              name={`ground-${g}`}
              legend={d.grounds[g] ?? g}
              options={[
                { value: 'ja', label: d.applies },
                { value: 'nej', label: d.doesNotApply },
              ]}
              value={values.grounds[g]}
              error={errors[`ground-${g}`]}
            />
            <Field id={`groundReason-${g}`} label={`${d.groundReason}: ${(d.grounds[g] ?? g).toLowerCase()}`} error={errors[`groundReason-${g}`]}>
              {(control) => <textarea {...control} name={`groundReason-${g}`} rows={2} maxLength={2000} defaultValue={values.groundReasons[g]} />}
            </Field>
          </div>
        ))}
      </fieldset>
      <RadioGroup
        name="outcome"
        legend={d.outcomeLegend}
        options={[
          { value: 'approve', label: d.approve },
          { value: 'reject', label: d.reject },
        ]}
        value={values.outcome}
        error={errors.outcome}
      />
      <fieldset>
        <legend className="strong">{d.approvalLegend}</legend>
        <Field id="agreementNumber" label={d.agreementNumber} error={errors.agreementNumber}>
          {(control) => <input {...control} type="text" name="agreementNumber" maxLength={40} defaultValue={values.agreementNumber} />}
        </Field>
        <Field id="startDate" label={d.startDate} hint={d.startDateHint} error={errors.startDate}>
          {(control) => <input {...control} type="text" name="startDate" size={10} defaultValue={values.startDate} />}
        </Field>
        <Field id="hsaId" label={d.hsaId} hint={d.hsaIdHint} error={errors.hsaId}>
          {(control) => <input {...control} type="text" name="hsaId" maxLength={64} defaultValue={values.hsaId} />}
        </Field>
        <Field id="geographyPoints" label={d.geographyPoints} hint={d.geographyPointsHint} error={errors.geographyPoints}>
          {(control) => <input {...control} type="text" inputMode="numeric" name="geographyPoints" size={3} defaultValue={values.geographyPoints} />}
        </Field>
      </fieldset>
      <fieldset>
        <legend className="strong">{d.rejectionLegend}</legend>
        {failed.length ? <p>{d.rejectionHint}</p> : <p>{d.noFailed}</p>}
        {failed.map((f) => (
          <div key={f.requirementId} className="card">
            <p className="muted">{f.text}</p>
            <Field id={`reason-${f.requirementId}`} label={d.reasonFor(f.code)} error={errors[`reason-${f.requirementId}`]}>
              {(control) => <textarea {...control} name={`reason-${f.requirementId}`} rows={3} maxLength={2000} defaultValue={values.reasons[f.requirementId] ?? ''} />}
            </Field>
          </div>
        ))}
      </fieldset>
      <Field id="note" label={d.note} error={errors.note}>
        {(control) => <textarea {...control} name="note" rows={3} maxLength={4000} defaultValue={values.note} />}
      </Field>
      <button type="submit" className="button">
        {d.preview}
      </button>
    </Form>
  )
}

/** Every value of the form as hidden fields: the confirmation step posts them again. */
function HiddenValues({ values }: { values: DecisionValues }) {
  return (
    <>
      <input type="hidden" name="outcome" value={values.outcome} />
      {groundKeys.map((g) => (
        <span key={g}>
          <input type="hidden" name={`ground-${g}`} value={values.grounds[g]} />
          <input type="hidden" name={`groundReason-${g}`} value={values.groundReasons[g]} />
        </span>
      ))}
      <input type="hidden" name="agreementNumber" value={values.agreementNumber} />
      <input type="hidden" name="startDate" value={values.startDate} />
      <input type="hidden" name="hsaId" value={values.hsaId} />
      <input type="hidden" name="geographyPoints" value={values.geographyPoints} />
      {Object.entries(values.reasons).map(([id, reason]) => (
        <input key={`r${id}`} type="hidden" name={`reason-${id}`} value={reason} />
      ))}
      <input type="hidden" name="note" value={values.note} />
    </>
  )
}

export function DecisionConfirm({ values, clinicName, failed }: { values: DecisionValues; clinicName: string; failed: FailedRequirement[] }) {
  const d = useT().review.decision
  const applying = groundKeys.filter((g) => values.grounds[g] === 'ja')
  const codeOf = (id: number) => failed.find((f) => f.requirementId === id)?.code ?? String(id)
  return (
    <section className="confirm" aria-labelledby="bekrafta-rubrik">
      <h2 id="bekrafta-rubrik">{d.confirmHeading}</h2>
      <p className="strong" data-field="confirm-summary">
        {values.outcome === 'approve' ? d.willApprove(clinicName, values.startDate) : d.willReject(clinicName)}
      </p>
      <FactList>
        <Fact term={d.groundsApplied} wide>
          {applying.length ? applying.map((g) => d.grounds[g] ?? g).join('; ') : d.noGrounds}
        </Fact>
        {values.outcome === 'approve' ? (
          <>
            <Fact term={d.agreementNumber}>{values.agreementNumber}</Fact>
            <Fact term={d.startDate}>{values.startDate}</Fact>
            <Fact term={d.hsaId}>{values.hsaId}</Fact>
            <Fact term={d.geographyPoints}>{values.geographyPoints}</Fact>
          </>
        ) : (
          <Fact term={d.reasons} wide>
            <ul>
              {values.include.map((id) => (
                <li key={id}>{`${codeOf(id)}: ${values.reasons[id] ?? ''}`}</li>
              ))}
              {applying.map((g) => (
                <li key={g}>{`${d.grounds[g] ?? g}: ${values.groundReasons[g]}`}</li>
              ))}
            </ul>
          </Fact>
        )}
        {values.note.trim() ? (
          <Fact term={d.note} wide>
            {values.note}
          </Fact>
        ) : null}
      </FactList>
      <p className="notice" role="status">
        <strong>{d.finalWarning}</strong>
      </p>
      <div className="confirm__actions">
        <Form method="post">
          <input type="hidden" name="intent" value="decide" />
          <HiddenValues values={values} />
          <button type="submit" className={values.outcome === 'reject' ? 'button button--danger' : 'button'}>
            {d.confirm}
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="edit" />
          <HiddenValues values={values} />
          <button type="submit" className="button button--secondary">
            {d.edit}
          </button>
        </Form>
      </div>
    </section>
  )
}

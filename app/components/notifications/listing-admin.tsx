/** The forms and tables of /region/listning: listing rules, a switch exception, and the assignment's state. */
import { Form } from 'react-router'
import { DataTable } from '../ui/data-table.tsx'
import { Field } from '../ui/field.tsx'
import { formatInteger } from '../ui/format.ts'
import { useLocale, useT } from '../../i18n/i18n.tsx'

export type SettingsField = 'switchLimit' | 'effectiveOffsetDays' | 'assignmentNoticeDays'
export type ExceptionField = 'personnummer' | 'skal' | 'giltigTill'

export function SettingsForm({
  values,
  errors,
}: {
  values: Record<SettingsField, string>
  errors: Partial<Record<SettingsField, string>>
}) {
  const s = useT().listingAdmin.settings
  const fields: [SettingsField, string, string][] = [
    ['switchLimit', s.switchLimit, s.switchLimitHint],
    ['effectiveOffsetDays', s.effectiveOffset, s.effectiveOffsetHint],
    ['assignmentNoticeDays', s.noticeDays, s.noticeDaysHint],
  ]
  return (
    <section aria-labelledby="regler-rubrik">
      <h2 id="regler-rubrik">{s.heading}</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="settings" />
        {fields.map(([name, label, hint]) => (
          <Field key={name} id={name} label={label} hint={hint} error={errors[name]}>
            {(control) => <input {...control} type="text" inputMode="numeric" name={name} defaultValue={values[name]} size={4} required />}
          </Field>
        ))}
        <button type="submit" className="button">
          {s.save}
        </button>
      </Form>
    </section>
  )
}

export function ExceptionForm({
  values,
  errors,
}: {
  values: Record<ExceptionField, string>
  errors: Partial<Record<ExceptionField, string>>
}) {
  const e = useT().listingAdmin.exception
  return (
    <section aria-labelledby="undantag-rubrik">
      <h2 id="undantag-rubrik">{e.heading}</h2>
      <p>{e.lead}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="exception" />
        <Field id="personnummer" label={e.personalId} hint={e.personalIdHint} error={errors.personnummer}>
          {(control) => <input {...control} type="text" inputMode="numeric" name="personnummer" autoComplete="off" defaultValue={values.personnummer} required />}
        </Field>
        <Field id="skal" label={e.reason} hint={e.reasonHint} error={errors.skal}>
          {(control) => <textarea {...control} name="skal" rows={3} maxLength={500} defaultValue={values.skal} required />}
        </Field>
        <Field id="giltigTill" label={e.validUntil} hint={e.validUntilHint} error={errors.giltigTill}>
          {(control) => <input {...control} type="text" name="giltigTill" defaultValue={values.giltigTill} size={10} required />}
        </Field>
        <button type="submit" className="button">
          {e.grant}
        </button>
      </Form>
    </section>
  )
}

export interface RunSummary {
  at: string
  actorKind: string
  date: string | null
  assigned: number
  guardian: number
  municipality: number
  region: number
  closureNotices: number
  waitingForChoice: number
  unplaced: number
  notificationsQueued: number
}

export function AssignmentStatus({
  date,
  unlisted,
  openNotices,
  lastRun,
  queued,
}: {
  date: string
  unlisted: number
  openNotices: number
  lastRun: RunSummary | null
  queued: boolean
}) {
  const st = useT().listingAdmin.status
  const locale = useLocale()
  const n = (v: number) => formatInteger(v, locale)
  return (
    <section aria-labelledby="tilldelning-rubrik">
      <h2 id="tilldelning-rubrik">{st.heading}</h2>
      <p>{st.lead(date)}</p>
      <DataTable caption={st.caption} captionId="lage-tabell" columns={[st.what, { label: st.count, num: true }]} scroll={false}>
        <tbody>
          <tr>
            <th scope="row">{st.unlisted}</th>
            <td className="num" data-field="unlisted">
              {n(unlisted)}
            </td>
          </tr>
          <tr>
            <th scope="row">{st.openNotices}</th>
            <td className="num" data-field="open-notices">
              {n(openNotices)}
            </td>
          </tr>
        </tbody>
      </DataTable>
      {queued ? (
        <p className="notice" role="status">
          {st.queued}
        </p>
      ) : null}
      <p>{st.nightly}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="assign" />
        <button type="submit" className="button button--secondary">
          {st.run}
        </button>
      </Form>
      <h3>{st.lastRunHeading}</h3>
      {lastRun ? (
        <>
          <p data-field="last-run">
            {st.lastRunAt(lastRun.at)} {st.byActor[lastRun.actorKind] ?? ''}
          </p>
          <DataTable caption={st.resultCaption} captionId="korning-tabell" columns={[st.what, { label: st.count, num: true }]} scroll={false}>
            <tbody>
              <tr>
                <th scope="row">{st.date}</th>
                <td className="num">{lastRun.date ?? '–'}</td>
              </tr>
              {(
                [
                  [st.assigned, lastRun.assigned, 'assigned'],
                  [st.guardian, lastRun.guardian, 'guardian'],
                  [st.municipality, lastRun.municipality, 'municipality'],
                  [st.region, lastRun.region, 'region'],
                  [st.closureNotices, lastRun.closureNotices, 'closure-notices'],
                  [st.waiting, lastRun.waitingForChoice, 'waiting'],
                  [st.unplaced, lastRun.unplaced, 'unplaced'],
                  [st.notifications, lastRun.notificationsQueued, 'notifications'],
                ] as const
              ).map(([label, value, field]) => (
                <tr key={field}>
                  <th scope="row">{label}</th>
                  <td className="num" data-field={field}>
                    {n(value)}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </>
      ) : (
        <p>{st.noRun}</p>
      )}
    </section>
  )
}

import { Form } from 'react-router'
import { useT } from '../../i18n/i18n.tsx'

export interface VersionOption {
  id: number
  version: string
  validFrom: string
  status: 'draft' | 'adopted'
}

/** Choose the two versions: a GET form, so a comparison has its own address and needs no JavaScript. */
export function CompareForm({ versions, from, to }: { versions: VersionOption[]; from: number | null; to: number | null }) {
  const t = useT()
  const c = t.models.compare
  const options = versions.map((v) => (
    <option key={v.id} value={v.id}>
      {c.option(v.version, t.models.status[v.status], v.validFrom)}
    </option>
  ))
  return (
    <Form method="get" className="filter" aria-labelledby="valj-rubrik">
      <h2 id="valj-rubrik" className="filter__heading">
        {c.formHeading}
      </h2>
      <div className="field">
        <label htmlFor="fran">{c.from}</label>
        <select id="fran" name="fran" defaultValue={from ?? ''} key={`fran-${from}`}>
          <option value="">{c.choose}</option>
          {options}
        </select>
      </div>
      <div className="field">
        <label htmlFor="till">{c.to}</label>
        <select id="till" name="till" defaultValue={to ?? ''} key={`till-${to}`}>
          <option value="">{c.choose}</option>
          {options}
        </select>
      </div>
      <button type="submit" className="button">
        {c.submit}
      </button>
    </Form>
  )
}

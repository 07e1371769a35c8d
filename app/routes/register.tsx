import type { Route } from './+types/register'
import { RegisterTable, type RegisterRow } from '../components/register/register-tables.tsx'
import registerCss from '../components/register/register.css?url'
import { FilterForm, SelectField } from '../components/ui/filter-form.tsx'
import { useT } from '../i18n/i18n.tsx'
import { filterRegister, parseRegisterFilters } from '../modules/authorisation/register-format.ts'
import { registerToday } from '../modules/authorisation/register.server.ts'
import { prisma } from '../utils/db.server.ts'
import { swedishDate } from '../utils/sweden.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: registerCss }]

const swedish = new Intl.Collator('sv')

/**
 * The public register of authorised clinics (auktoriserade vårdcentraler): every clinic with its
 * status today and its dates, filtered by status and municipality in the query string (a value
 * it does not know is ignored, and the page says so). Public: no role, no personal data, no reasons.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams
  const today = swedishDate()
  const entries = await registerToday(prisma, today)
  const municipalities = [...new Map(entries.map((e) => [e.municipalityCode, e.municipality])).entries()]
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => swedish.compare(a.name, b.name))
  const { filters, ignored } = parseRegisterFilters(
    { status: params.get('status'), kommun: params.get('kommun') },
    municipalities.map((m) => m.code),
  )
  const shown = filterRegister(entries, filters)
  const rows: RegisterRow[] = shown.map((e) => ({
    hsaId: e.hsaId,
    name: e.name,
    municipality: e.municipality,
    ownership: e.ownership,
    today: e.today,
    authorisedFrom: e.authorisedFrom,
    authorisedTo: e.authorisedTo,
  }))
  return { today, rows, municipalities, filters: { status: filters.state ?? '', kommun: filters.municipalityCode ?? '' }, ignored }
}

export default function Register({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const r = t.register
  const p = r.public
  const { today, rows, municipalities, filters, ignored } = loaderData
  return (
    <div className="page register">
      <title>{`${p.title} – ${t.meta.siteName}`}</title>
      <h1>{p.title}</h1>
      <p className="lead">{p.lead}</p>
      <FilterForm headingId="filter-rubrik" heading={p.filterHeading} submit={p.filterSubmit}>
        <SelectField
          id="status"
          label={p.statusLabel}
          value={filters.status}
          options={[{ value: '', label: p.allStatuses }, ...(['authorised', 'upcoming', 'suspended', 'revoked', 'ended'] as const).map((s) => ({ value: s, label: r.stateOption[s]! }))]}
        />
        <SelectField
          id="kommun"
          label={p.municipalityLabel}
          value={filters.kommun}
          options={[{ value: '', label: p.allMunicipalities }, ...municipalities.map((m) => ({ value: m.code, label: m.name }))]}
        />
      </FilterForm>
      {ignored.length > 0 ? (
        <p className="notice" role="status" data-field="filter-ignored">
          {p.filterIgnored(ignored.map((f) => p.filterNames[f] ?? f).join(' / '))}
        </p>
      ) : null}
      <p className="result-count" role="status" data-field="count">
        {p.count(rows.length)}
      </p>
      {rows.length === 0 ? (
        <p>{p.none}</p>
      ) : (
        <RegisterTable
          rows={rows}
          caption={p.caption(today)}
          captionId="register-tabell"
          href={(row) => (row.today.state === 'authorised' ? `/vardcentraler/${encodeURIComponent(row.hsaId)}` : null)}
        />
      )}
      <p className="register__note">{p.toNote}</p>
      <section aria-labelledby="oppna-data-rubrik">
        <h2 id="oppna-data-rubrik">{p.openDataHeading}</h2>
        <p>{p.openDataText}</p>
        <ul className="register__open-data">
          <li>
            <a href="/auktoriserade-vardcentraler.csv" download>
              {p.csv}
            </a>
          </li>
          <li>
            <a href="/auktoriserade-vardcentraler.json">{p.json}</a>
          </li>
        </ul>
      </section>
    </div>
  )
}

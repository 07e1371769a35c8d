import type { ReactNode } from 'react'
import { data, Link } from 'react-router'
import type { Route } from './+types/clinics.compare'
import { ListBadge } from '../components/clinics/clinic-results.tsx'
import { clinicHref, formatAddress } from '../components/clinics/format.ts'
import { useHoursText } from '../components/clinics/opening-hours.tsx'
import finderCss from '../components/clinics/finder.css?url'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { TableScroll } from '../components/ui/data-table.tsx'
import { formatInteger } from '../components/ui/format.ts'
import { useLocale, useT, type Messages } from '../i18n/i18n.tsx'
import { clinicCatalogue } from '../modules/clinics/finder.server.ts'
import { compareSelection, finderSearch, hoursByWeekday, languageName, parseFinderQuery, type CompareProblem } from '../modules/clinics/finder.ts'
import { resolveLocale } from '../utils/i18n.server.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: finderCss }]

/**
 * Two to four clinics side by side (`?hsa=A&hsa=B…`): public, no role required, no personal data.
 * The finder's filters come along, only to link back to the same results with the same boxes ticked.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const query = parseFinderQuery(new URL(request.url).searchParams)
  if (!query) throw data(null, { status: 400 })
  const back = `/vardcentraler${finderSearch(query.filters, { sort: query.sort, compare: query.compare })}`
  const catalogue = await clinicCatalogue()
  const selection = compareSelection(query.compare, catalogue.clinics)
  if (!selection.ok) return data({ back, problem: selection.problem, clinics: [] }, { status: 400 })
  const { locale } = resolveLocale(request)
  const clinics = selection.clinics.map((c) => ({
    hsaId: c.hsaId,
    name: c.name,
    municipalityName: c.municipalityName,
    streetAddress: c.streetAddress,
    postalCode: c.postalCode,
    city: c.city,
    phone: c.phone,
    ownership: c.ownership,
    services: c.services,
    languages: c.languages.map((code) => languageName(code, locale)),
    accessibility: c.accessibility,
    openingHours: c.openingHours,
    eveningHours: c.eveningHours,
    weekendHours: c.weekendHours,
    listedCount: c.listedCount,
    listOpen: c.listOpen,
  }))
  return { back, problem: null, clinics }
}

function problemText(problem: CompareProblem, f: Messages['finder']): string {
  switch (problem.kind) {
    case 'too-many':
      return f.tooMany(problem.count)
    case 'too-few':
      return f.tooFew(problem.count)
    case 'unknown':
      return f.unknown(problem.hsaIds.length)
  }
}

export default function CompareClinics({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const locale = useLocale()
  const f = t.finder
  const hoursText = useHoursText()
  const { back, problem, clinics } = loaderData
  const list = (items: string[]) => (items.length > 0 ? items.join(', ') : f.none)
  const yesNo = (value: boolean) => (value ? f.yes : f.no)

  const rows: { label: string; field: string; cell: (c: (typeof clinics)[number]) => ReactNode }[] = [
    { label: t.clinics.municipality, field: 'municipality', cell: (c) => c.municipalityName },
    { label: t.clinics.address, field: 'address', cell: (c) => formatAddress(c) ?? t.clinics.noAddress },
    { label: f.phone, field: 'phone', cell: (c) => c.phone ?? f.none },
    { label: t.clinics.ownership, field: 'ownership', cell: (c) => t.clinics.ownershipLabel[c.ownership] },
    { label: t.clinics.services, field: 'services', cell: (c) => list(c.services.map((s) => t.clinics.serviceLabel[s])) },
    { label: f.languages, field: 'languages', cell: (c) => list(c.languages) },
    { label: f.evening, field: 'evening', cell: (c) => yesNo(c.eveningHours) },
    { label: f.weekend, field: 'weekend', cell: (c) => yesNo(c.weekendHours) },
    ...f.weekdays.map((name, i) => ({
      label: `${f.openingHoursHeading}: ${name}`,
      field: `hours-${i + 1}`,
      cell: (c: (typeof clinics)[number]) => hoursText(hoursByWeekday(c.openingHours)[i]!.periods),
    })),
    { label: f.accessibility, field: 'accessibility', cell: (c) => list(c.accessibility.map((a) => f.accessibilityLabel[a] ?? a)) },
    { label: t.clinics.listedCount, field: 'listed-count', cell: (c) => formatInteger(c.listedCount, locale) },
    { label: f.listStatus, field: 'list-status', cell: (c) => <ListBadge open={c.listOpen} /> },
  ]

  return (
    <div className="page">
      <title>{`${f.compareTitle} – ${t.meta.siteName}`}</title>
      <p className="back-link">
        <Link to={back}>{f.backToResults}</Link>
      </p>
      <h1>{f.compareTitle}</h1>
      {problem ? (
        <>
          <ErrorSummary heading={f.errorHeading} errors={[{ message: problemText(problem, f) }]} />
          <p>
            <Link to={back} className="button">
              {f.backToResults}
            </Link>
          </p>
        </>
      ) : (
        <>
          <p className="lead">{f.compareLead}</p>
          <TableScroll labelledBy="jamforelse-tabell">
            <table className="data-table compare-table">
              <caption id="jamforelse-tabell">{f.compareCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{f.fact}</span>
                  </th>
                  {clinics.map((c) => (
                    <th key={c.hsaId} scope="col" data-hsa-id={c.hsaId}>
                      <Link to={clinicHref(c.hsaId)}>{c.name}</Link>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.field} data-field={row.field}>
                    <th scope="row">{row.label}</th>
                    {clinics.map((c) => (
                      <td key={c.hsaId}>{row.cell(c)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </div>
  )
}

import { data } from 'react-router'
import type { Route } from './+types/clinics'
import { ClinicResults, type ResultCard } from '../components/clinics/clinic-results.tsx'
import { FinderForm } from '../components/clinics/finder-form.tsx'
import { FinderPagination } from '../components/clinics/finder-pagination.tsx'
import finderCss from '../components/clinics/finder.css?url'
import { useT } from '../i18n/i18n.tsx'
import { citizenAreaCentre, clinicCatalogue } from '../modules/clinics/finder.server.ts'
import { finderSearch, findClinics, parseFinderQuery, resultPage } from '../modules/clinics/finder.ts'
import { resolveLocale } from '../utils/i18n.server.ts'
import { getUser } from '../utils/permissions.server.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: finderCss }]

/**
 * The clinic finder (hitta vårdcentral): public, so no role is required. Every filter is in the
 * query string (never personal data); a logged-in citizen's area centre sorts by distance.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const query = parseFinderQuery(new URL(request.url).searchParams)
  if (!query) throw data(null, { status: 400 })
  const { locale } = resolveLocale(request)
  const user = await getUser(request)
  const [catalogue, centre] = await Promise.all([clinicCatalogue(), user ? citizenAreaCentre(user.id) : null])
  const sort = centre ? (query.sort ?? 'distance') : 'name'
  const found = findClinics(catalogue.clinics, query.filters, sort, centre)
  const page = resultPage(found, query.page)
  if (!page) throw data(null, { status: 404 })
  const clinics: ResultCard[] = page.items.map((c) => ({
    hsaId: c.hsaId,
    name: c.name,
    municipalityName: c.municipalityName,
    streetAddress: c.streetAddress,
    postalCode: c.postalCode,
    city: c.city,
    ownership: c.ownership,
    services: c.services,
    listedCount: c.listedCount,
    listOpen: c.listOpen,
    distanceKm: c.distanceKm,
  }))
  // The finder's own parameters, carried through the comparison so it can link back here.
  const carry = [...new URLSearchParams(finderSearch(query.filters, { sort: query.sort })).entries()]
  return {
    clinics,
    total: found.length,
    page: { page: page.page, pageCount: page.pageCount, first: page.first, last: page.last },
    filters: query.filters,
    compare: query.compare,
    sort,
    /** The sort the address asked for (null: the default), kept by the page links. */
    askedSort: query.sort,
    canSortByDistance: centre !== null,
    carry,
    municipalities: catalogue.municipalities,
    languages: catalogue.languages[locale],
  }
}

export default function Clinics({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const { clinics, total, page, filters, compare, sort, askedSort, canSortByDistance, carry, municipalities, languages } = loaderData
  const municipality = municipalities.find((m) => m.code === filters.municipalityCode)
  const formKey = JSON.stringify([filters, sort, page.page])
  const hrefFor = (n: number) => `/vardcentraler${finderSearch(filters, { sort: askedSort, page: n })}`
  return (
    <div className="page">
      <title>{`${t.clinics.title} – ${t.meta.siteName}`}</title>
      <h1>{t.clinics.title}</h1>
      <p className="lead">{t.clinics.lead}</p>
      <FinderForm
        key={`filter-${formKey}`}
        filters={filters}
        municipalities={municipalities}
        languages={languages}
        sort={sort}
        canSortByDistance={canSortByDistance}
      />
      <p className="result-count" id="antal" role="status">
        {municipality ? t.clinics.resultCountIn(total, municipality.name) : t.clinics.resultCount(total)}
        {page.pageCount > 1 ? <span className="finder__showing"> {t.finder.showing(page.first, page.last)}</span> : null}
      </p>
      {sort === 'distance' ? <p className="finder__distance-note">{t.finder.sortedByDistance}</p> : null}
      {clinics.length > 0 ? (
        <ClinicResults key={`results-${formKey}-${compare.join(',')}`} clinics={clinics} showDistance={canSortByDistance} compare={compare} carry={carry} />
      ) : (
        <p>{t.clinics.noResults}</p>
      )}
      <FinderPagination page={page.page} pageCount={page.pageCount} hrefFor={hrefFor} />
    </div>
  )
}

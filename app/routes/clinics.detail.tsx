import { data, Link } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/clinics.detail'
import { ListBadge } from '../components/clinics/clinic-results.tsx'
import { chooseHref, formatAddress } from '../components/clinics/format.ts'
import { OpeningHoursTable } from '../components/clinics/opening-hours.tsx'
import finderCss from '../components/clinics/finder.css?url'
import { DataTable } from '../components/ui/data-table.tsx'
import { Fact, FactList } from '../components/ui/fact-list.tsx'
import { formatInteger, formatPercent } from '../components/ui/format.ts'
import { useLocale, useT } from '../i18n/i18n.tsx'
import { clinicCatalogue } from '../modules/clinics/finder.server.ts'
import { finderSearch, languageName } from '../modules/clinics/finder.ts'
import { publishedQualityFor } from '../modules/clinics/quality.server.ts'
import { resolveLocale } from '../utils/i18n.server.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: finderCss }]

const HsaId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/)

/** A clinic's public page: public, no role required, no personal data. Only clinics authorised today. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const hsaId = HsaId.safeParse(params.hsaId)
  if (!hsaId.success) throw data(null, { status: 404 })
  const catalogue = await clinicCatalogue()
  const clinic = catalogue.byHsaId.get(hsaId.data)
  if (!clinic) throw data(null, { status: 404 })
  const { locale } = resolveLocale(request)
  const quality = await publishedQualityFor(clinic.id)
  return {
    clinic: {
      hsaId: clinic.hsaId,
      name: clinic.name,
      municipalityName: clinic.municipalityName,
      streetAddress: clinic.streetAddress,
      postalCode: clinic.postalCode,
      city: clinic.city,
      phone: clinic.phone,
      website: clinic.website,
      ownership: clinic.ownership,
      services: clinic.services,
      languages: clinic.languages.map((code) => ({ code, name: languageName(code, locale) })),
      accessibility: clinic.accessibility,
      openingHours: clinic.openingHours,
      listedCount: clinic.listedCount,
      listOpen: clinic.listOpen,
    },
    quality,
  }
}

export default function ClinicPage({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const locale = useLocale()
  const f = t.finder
  const { clinic, quality } = loaderData
  const none = <span className="muted">{f.none}</span>
  return (
    <div className="page">
      <title>{`${clinic.name} – ${t.meta.siteName}`}</title>
      <p className="back-link">
        <Link to="/vardcentraler">{f.backToFinder}</Link>
      </p>
      <h1>{clinic.name}</h1>
      <p className="lead">{formatAddress(clinic) ?? t.clinics.noAddress}</p>
      {clinic.listOpen ? (
        <p>
          <Link to={chooseHref(clinic.hsaId)} className="button" data-testid="choose-clinic">
            {f.choose}
          </Link>
        </p>
      ) : null}

      <h2>{f.factsHeading}</h2>
      <FactList>
        <Fact term={t.clinics.municipality} field="municipality">
          {clinic.municipalityName}
        </Fact>
        <Fact term={t.clinics.address} field="address">
          {formatAddress(clinic) ?? t.clinics.noAddress}
        </Fact>
        <Fact term={f.phone} field="phone">
          {clinic.phone ? <a href={`tel:${clinic.phone.replace(/[^\d+]/g, '')}`}>{clinic.phone}</a> : none}
        </Fact>
        <Fact term={f.website} field="website">
          {clinic.website ? <a href={clinic.website}>{clinic.website.replace(/^https?:\/\//, '')}</a> : none}
        </Fact>
        <Fact term={t.clinics.ownership} field="ownership">
          {t.clinics.ownershipLabel[clinic.ownership]}
        </Fact>
        <Fact term={f.hsaId} field="hsa-id">
          <span className="code">{clinic.hsaId}</span>
        </Fact>
        <Fact term={t.clinics.services} field="services" wide>
          {clinic.services.map((s) => t.clinics.serviceLabel[s]).join(', ')}
        </Fact>
        <Fact term={f.languages} field="languages" wide>
          {clinic.languages.length > 0 ? clinic.languages.map((l) => l.name).join(', ') : none}
        </Fact>
        <Fact term={f.accessibility} field="accessibility" wide>
          {clinic.accessibility.length > 0 ? clinic.accessibility.map((a) => f.accessibilityLabel[a] ?? a).join(', ') : none}
        </Fact>
      </FactList>

      <h2>{f.openingHoursHeading}</h2>
      {clinic.openingHours.length > 0 ? <OpeningHoursTable hours={clinic.openingHours} /> : <p>{f.noOpeningHours}</p>}

      <h2>{f.listHeading}</h2>
      <FactList>
        <Fact term={t.clinics.listedCount} field="listed-count">
          {formatInteger(clinic.listedCount, locale)}
        </Fact>
        <Fact term={f.listStatus} field="list-status">
          <ListBadge open={clinic.listOpen} />
        </Fact>
      </FactList>
      {clinic.listOpen ? (
        <p>{f.listOpenText}</p>
      ) : (
        <>
          <p data-testid="list-closed">{f.listClosedText}</p>
          <p>
            <Link to={`/vardcentraler${finderSearch({ openListOnly: true })}`}>{f.openListsLink}</Link>
          </p>
        </>
      )}

      <h2>{f.qualityHeading}</h2>
      {quality.length === 0 ? (
        <p data-testid="no-quality">{f.noQuality}</p>
      ) : (
        <DataTable
          caption={f.qualityCaption}
          captionId="kvalitet-tabell"
          columns={[f.indicator, f.qualityPeriod, { label: f.clinicResult, num: true }, { label: f.regionAverage, num: true }]}
        >
          <tbody>
            {quality.map((q) => (
              <tr key={`${q.indicator}-${q.period}`}>
                <th scope="row">{q.indicator}</th>
                <td>{q.period}</td>
                <td className="num">{formatPercent(q.share, locale)}</td>
                <td className="num">{formatPercent(q.regionShare, locale)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </div>
  )
}

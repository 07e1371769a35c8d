import { Link } from 'react-router'
import { useT } from '../i18n/i18n.tsx'
import { AudienceCard, type AudienceLink } from '../components/audience-card.tsx'

export default function Home() {
  const t = useT()
  const h = t.home
  const citizens: AudienceLink[] = [
    { label: h.citizens.findClinic, to: '/vardcentraler' },
    { label: h.citizens.chooseClinic, to: '/mina-sidor/valj' },
  ]
  const clinics: AudienceLink[] = [
    { label: h.clinics.apply, to: '/auktorisation' },
    { label: h.clinics.population },
    { label: h.clinics.payments, to: '/mottagning/ersattning' },
  ]
  const commissioner: AudienceLink[] = [
    { label: h.commissioner.requirementSpec, to: '/region/kravbok' },
    { label: h.commissioner.applications, to: '/region/ansokningar' },
    { label: h.commissioner.payments, to: '/region/ersattning' },
    { label: h.commissioner.quality },
  ]
  return (
    <div className="page">
      <title>{`${h.title} – ${t.meta.siteName}`}</title>
      <h1>{h.title}</h1>
      <p className="lead">{h.lead}</p>
      <p>
        <Link className="button" to="/vardcentraler">
          {h.citizens.findClinic}
        </Link>
      </p>
      <div className="audiences">
        <AudienceCard id="invanare" heading={h.citizens.heading} text={h.citizens.text} links={citizens} />
        <AudienceCard id="vardcentraler" heading={h.clinics.heading} text={h.clinics.text} links={clinics} />
        <AudienceCard id="bestallare" heading={h.commissioner.heading} text={h.commissioner.text} links={commissioner} />
      </div>
    </div>
  )
}

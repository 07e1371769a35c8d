import { Link } from 'react-router'
import { useT } from '../i18n/i18n.tsx'

/** A link, or plain text marked "kommer snart" when the page does not exist yet. */
export interface AudienceLink {
  label: string
  to?: string
}

export function AudienceCard({ id, heading, text, links }: { id: string; heading: string; text: string; links: AudienceLink[] }) {
  const t = useT()
  const headingId = `${id}-rubrik`
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <p>{text}</p>
      <ul className="link-list">
        {links.map((link) =>
          link.to ? (
            <li key={link.label}>
              <Link to={link.to}>{link.label}</Link>
            </li>
          ) : (
            <li key={link.label} className="link-list__soon">
              {link.label} <span className="badge">{t.home.comingSoon}</span>
            </li>
          ),
        )}
      </ul>
    </section>
  )
}

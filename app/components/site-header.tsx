import { NavLink } from 'react-router'
import { useT } from '../i18n/i18n.tsx'
import { LanguageSwitch } from './language-switch.tsx'

export function SiteHeader() {
  const t = useT()
  return (
    <>
      <a className="skip-link" href="#main">
        {t.layout.skipToContent}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <a className="site-header__brand" href="/">
            <span className="site-header__logo" aria-hidden="true" />
            <span>{t.meta.siteName}</span>
          </a>
          <LanguageSwitch />
        </div>
        <nav className="site-nav" aria-label={t.layout.mainNavigation}>
          <ul className="site-nav__list">
            <li>
              <NavLink to="/" end className="site-nav__link">
                {t.layout.home}
              </NavLink>
            </li>
            <li>
              <NavLink to="/vardcentraler" className="site-nav__link">
                {t.layout.clinics}
              </NavLink>
            </li>
          </ul>
        </nav>
      </header>
    </>
  )
}

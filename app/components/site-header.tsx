import { NavLink, useLocation } from 'react-router'
import { useT } from '../i18n/i18n.tsx'
import { canApply, canManageAuthorisation, canViewClinicPayments, canManagePaymentModels, canViewRegionPayments, hasRole, staffClinicIds, type SessionUser } from '../modules/access/rules.ts'
import { LanguageSwitch } from './language-switch.tsx'

interface NavItem {
  to: string
  label: string
}

export function SiteHeader({ user }: { user: SessionUser | null }) {
  const t = useT()
  const { pathname } = useLocation()
  // Back to this page after logging in: its path only, never its query string.
  const loginHref = pathname === '/' || pathname === '/logga-in' ? '/logga-in' : `/logga-in?${new URLSearchParams({ next: pathname })}`
  // The same matrix the server's guards read decides which links a user sees.
  const roleLinks: NavItem[] = []
  if (hasRole(user, 'citizen')) roleLinks.push({ to: '/mina-sidor', label: t.auth.myPages })
  if (canViewRegionPayments(user)) roleLinks.push({ to: '/region/ersattning', label: t.layout.regionPayments })
  if (canManagePaymentModels(user)) roleLinks.push({ to: '/region/modeller', label: t.layout.paymentModels })
  if (canManageAuthorisation(user)) roleLinks.push({ to: '/region/ansokningar', label: t.layout.applications })
  if (hasRole(user, 'applicant')) roleLinks.push({ to: '/ansokan', label: t.layout.myApplications })
  else if (canApply(user) && !canManageAuthorisation(user)) roleLinks.push({ to: '/mottagning/andringar', label: t.layout.clinicChanges })
  if (staffClinicIds(user).some((clinicId) => canViewClinicPayments(user, clinicId))) {
    roleLinks.push({ to: '/mottagning/ersattning', label: t.layout.clinicPayments })
  }
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
          <div className="site-header__tools">
            <LanguageSwitch />
            {user ? (
              // A plain POST form that reloads the page: nothing of the session stays in the browser's memory.
              <form method="post" action="/logga-ut" className="site-header__account">
                <span className="site-header__user">{t.layout.loggedInAs(user.name)}</span>
                <button type="submit" className="header-button">
                  {t.layout.logout}
                </button>
              </form>
            ) : (
              <a className="site-header__login" href={loginHref}>
                {t.layout.login}
              </a>
            )}
          </div>
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
            {roleLinks.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} className="site-nav__link">
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
    </>
  )
}

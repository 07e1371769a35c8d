import { useLocation } from 'react-router'
import { useT } from '../i18n/i18n.tsx'

/** A plain link to the same page in the other language; the server remembers the choice in a cookie. */
export function LanguageSwitch() {
  const t = useT()
  const location = useLocation()
  const target = t.layout.languageSwitchLang
  const params = new URLSearchParams(location.search)
  params.set('lang', target)
  return (
    <a className="language-switch" href={`${location.pathname}?${params.toString()}`} lang={target} hrefLang={target}>
      {t.layout.languageSwitch}
    </a>
  )
}

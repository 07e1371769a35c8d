import { useT } from '../i18n/i18n.tsx'

export function SiteFooter() {
  const t = useT()
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p>{t.layout.footerHelp}</p>
        <p>{t.layout.footerAbout}</p>
      </div>
    </footer>
  )
}

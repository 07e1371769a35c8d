import { Link } from 'react-router'
import { useT } from '../i18n/i18n.tsx'

function pageHref(page: number, params: Record<string, string>): string {
  const search = new URLSearchParams(params)
  if (page > 1) search.set('sida', String(page))
  const query = search.toString()
  return query ? `?${query}` : '?'
}

/** Previous/next links; nothing when everything fits on one page. */
export function Pagination({ page, pageCount, params }: { page: number; pageCount: number; params: Record<string, string> }) {
  const t = useT()
  if (pageCount <= 1) return null
  return (
    <nav className="pagination" aria-label={t.clinics.pagination}>
      {page > 1 ? (
        <Link to={pageHref(page - 1, params)} rel="prev">
          {t.clinics.previousPage}
        </Link>
      ) : null}
      <span aria-current="page">{t.clinics.pageOf(page, pageCount)}</span>
      {page < pageCount ? (
        <Link to={pageHref(page + 1, params)} rel="next">
          {t.clinics.nextPage}
        </Link>
      ) : null}
    </nav>
  )
}

import { Link } from 'react-router'
import { useT } from '../../i18n/i18n.tsx'

/** Previous/next links of the finder's results (their addresses keep every filter); nothing on one page. */
export function FinderPagination({ page, pageCount, hrefFor }: { page: number; pageCount: number; hrefFor: (page: number) => string }) {
  const t = useT()
  if (pageCount <= 1) return null
  return (
    <nav className="pagination" aria-label={t.clinics.pagination}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} rel="prev">
          {t.clinics.previousPage}
        </Link>
      ) : null}
      <span aria-current="page">{t.clinics.pageOf(page, pageCount)}</span>
      {page < pageCount ? (
        <Link to={hrefFor(page + 1)} rel="next">
          {t.clinics.nextPage}
        </Link>
      ) : null}
    </nav>
  )
}

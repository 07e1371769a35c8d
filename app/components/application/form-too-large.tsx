/**
 * The error boundary of the authorisation pages with forms: a posted form larger than the page
 * takes (413, readPageForm) said in words with a way back; anything else as every page says it.
 */
import { isRouteErrorResponse, useLocation } from 'react-router'
import { ErrorPage } from '../error-page.tsx'
import { useT } from '../../i18n/i18n.tsx'

export function FormErrorBoundary({ error }: { error: unknown }) {
  const t = useT()
  const location = useLocation()
  if (isRouteErrorResponse(error) && error.status === 413) {
    const m = t.application.formTooLarge
    // readPageForm sends the limit along.
    const limit = (error.data as { limitBytes?: unknown } | null)?.limitBytes
    return (
      <div className="page">
        <title>{`${m.title} – ${t.meta.siteName}`}</title>
        <h1>{m.title}</h1>
        <p role="alert">{m.body(typeof limit === 'number' ? Math.floor(limit / 1024) : null)}</p>
        <p className="muted">{t.errors.statusCode(413)}</p>
        <p>
          <a href={`${location.pathname}${location.search}`}>{m.back}</a>
        </p>
      </div>
    )
  }
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />
}

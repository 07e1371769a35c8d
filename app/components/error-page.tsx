import { useT, type Messages } from '../i18n/i18n.tsx'

function textFor(status: number, errors: Messages['errors']): { title: string; body: string } {
  switch (status) {
    case 400:
      return { title: errors.badRequestTitle, body: errors.badRequest }
    case 403:
      return { title: errors.forbiddenTitle, body: errors.forbidden }
    case 404:
      return { title: errors.notFoundTitle, body: errors.notFound }
    case 503:
      return { title: errors.unavailableTitle, body: errors.unavailable }
    default:
      return { title: errors.title, body: errors.unexpected }
  }
}

/** The page shown for an error response, one text per status. */
export function ErrorPage({ status }: { status: number }) {
  const t = useT()
  const { title, body } = textFor(status, t.errors)
  return (
    <div className="page">
      <title>{`${title} – ${t.meta.siteName}`}</title>
      <h1>{title}</h1>
      <p>{body}</p>
      <p className="muted">{t.errors.statusCode(status)}</p>
      <p>
        <a href="/">{t.errors.backHome}</a>
      </p>
    </div>
  )
}

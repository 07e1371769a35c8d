import { useEffect, type ReactNode } from 'react'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  data,
  isRouteErrorResponse,
  useRouteLoaderData,
} from 'react-router'
import type { Route } from './+types/root'
import { ErrorPage } from './components/error-page.tsx'
import { useNonce } from './components/nonce.tsx'
import { SiteFooter } from './components/site-footer.tsx'
import { SiteHeader } from './components/site-header.tsx'
import { I18nProvider, defaultLocale, type Locale } from './i18n/i18n.tsx'
import favicon from './styles/favicon.svg?url'
import stylesheet from './styles/app.css?url'
import { resolveLocale } from './utils/i18n.server.ts'
import { getUser } from './utils/permissions.server.ts'
import { keepSessionAlive } from './utils/session.server.ts'

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: favicon, type: 'image/svg+xml' },
]

export async function loader({ request }: Route.LoaderArgs) {
  const { locale, setCookie } = resolveLocale(request)
  const [user, sessionCookie] = await Promise.all([getUser(request), keepSessionAlive(request)])
  const headers = new Headers()
  if (setCookie) headers.append('Set-Cookie', setCookie)
  if (sessionCookie) headers.append('Set-Cookie', sessionCookie)
  // A page that shows who is logged in is kept by no cache, shared or the browser's.
  if (user) headers.set('Cache-Control', 'private, no-store')
  return data({ locale, user }, { headers })
}

/** Set-Cookie headers are passed on by React Router itself; this passes on Cache-Control. */
export const headers: Route.HeadersFunction = ({ loaderHeaders }) => {
  const headers = new Headers()
  const cacheControl = loaderHeaders.get('Cache-Control')
  if (cacheControl) headers.set('Cache-Control', cacheControl)
  return headers
}

/** Every navigation runs the root loader: it keeps the session alive and the header's user current. */
export function shouldRevalidate() {
  return true
}

export function Layout({ children }: { children: ReactNode }) {
  const rootData = useRouteLoaderData<typeof loader>('root')
  const locale: Locale = rootData?.locale ?? defaultLocale
  const nonce = useNonce()

  // A marker only the browser sets: e2e tests check it to prove the client bundle loaded and hydrated.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true'
  }, [])

  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links nonce={nonce} />
      </head>
      <body>
        <I18nProvider locale={locale}>
          <SiteHeader user={rootData?.user ?? null} />
          <main id="main" className="site-main" tabIndex={-1}>
            {children}
          </main>
          <SiteFooter />
        </I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  if (isRouteErrorResponse(error)) return <ErrorPage status={error.status} />
  return <ErrorPage status={500} />
}

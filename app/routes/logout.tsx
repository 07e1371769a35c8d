import { redirect } from 'react-router'
import type { Route } from './+types/logout'
import { messagesFor } from '../i18n/i18n.tsx'
import favicon from '../styles/favicon.svg?url'
import stylesheet from '../styles/app.css?url'
import { endSessionUrl } from '../modules/auth/oidc.server.ts'
import { resolveLocale } from '../utils/i18n.server.ts'
import { endSession } from '../utils/session.server.ts'

/** Logging out is a POST from the header's form; a GET (a link preview, a prefetch) must not log anyone out. */
export function loader() {
  throw new Response(null, { status: 405, headers: { Allow: 'POST' } })
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/**
 * Ends the session here ('logout', cookie cleared), then at the identity provider. That last step
 * is a small page that moves on by itself (meta refresh, and a link without it), not a redirect:
 * a form's POST may only redirect within this site (CSP form-action 'self'), and the provider is
 * another origin. A resource route, so that a GET stays a bare 405.
 */
export async function action({ request }: Route.ActionArgs) {
  const { ended, idToken, setCookie } = await endSession(request)
  // Without an ID token (the broker's identified the person) the provider is told by client id.
  const url = ended ? await endSessionUrl(request, idToken) : null
  if (!url) return redirect('/', { headers: { 'Set-Cookie': setCookie } })
  const { locale } = resolveLocale(request)
  const t = messagesFor(locale)
  const href = escapeHtml(url)
  const html = `<!DOCTYPE html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0;url=${href}">
<link rel="icon" href="${favicon}" type="image/svg+xml"><link rel="stylesheet" href="${stylesheet}">
<title>${escapeHtml(`${t.auth.loggingOutTitle} – ${t.meta.siteName}`)}</title></head>
<body><main id="main" class="site-main"><div class="page"><h1>${escapeHtml(t.auth.loggingOutTitle)}</h1><p>${escapeHtml(t.auth.loggingOut)}</p>
<p><a href="${href}">${escapeHtml(t.auth.continueLogout)}</a></p></div></main></body>
</html>`
  return new Response(html, {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Set-Cookie': setCookie, 'Cache-Control': 'no-store' },
  })
}

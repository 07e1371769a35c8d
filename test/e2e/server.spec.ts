import { expect, test } from '@playwright/test'

test('/healthz reports PostgreSQL and Redis ok', async ({ request }) => {
  const response = await request.get('/healthz')
  expect(response.status()).toBe(200)
  expect(await response.json()).toEqual({ status: 'ok', postgres: 'ok', redis: 'ok' })
})

test('pages carry a nonce-based Content-Security-Policy and the scripts use that nonce', async ({ page }) => {
  const response = await page.goto('/')
  const csp = response?.headers()['content-security-policy'] ?? ''
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1]
  expect(nonce, csp).toBeTruthy()
  expect(csp).toContain("object-src 'none'")
  expect(csp).toContain("frame-ancestors 'none'")
  expect(csp).not.toContain('unsafe-inline')
  expect(csp).not.toContain('unsafe-eval')
  const html = await response!.text()
  const inlineScripts = html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []
  expect(inlineScripts.length).toBeGreaterThan(0)
  for (const tag of inlineScripts) expect(tag).toContain(`nonce="${nonce}"`)
  expect(response?.headers()['x-content-type-options']).toBe('nosniff')
})

test('built assets are served with immutable caching', async ({ request }) => {
  // Read the server's HTML, not the live DOM: React may drop server-only <link>s once it hydrates.
  const html = await (await request.get('/')).text()
  const script = /<link rel="modulepreload" href="([^"]+)"/.exec(html)?.[1]
  expect(script).toMatch(/^\/assets\//)
  const response = await request.get(script!)
  expect(response.status()).toBe(200)
  expect(response.headers()['cache-control']).toContain('immutable')
})

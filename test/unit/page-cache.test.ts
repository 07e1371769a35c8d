/**
 * The anonymous visitors' page cache (app/utils/page-cache.server.ts) in front of a small Express
 * app that renders like ours: a page carrying the response's CSP nonce, and a count of renders.
 */
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import compression from 'compression'
import express from 'express'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { cacheableLocale, createPageCache } from '../../app/utils/page-cache.server.ts'

let clock = 1_000_000
let renders = 0
let base = ''
const cache = createPageCache({ paths: /^\/vardcentraler(\/[^/]+)?$/, ttlMs: 5_000, maxEntries: 3, now: () => clock })
const server = (() => {
  const app = express()
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64')
    res.setHeader('Content-Security-Policy', `script-src 'nonce-${res.locals.cspNonce as string}'`)
    next()
  })
  app.use(compression())
  app.use(cache.middleware)
  app.all(/.*/, (req, res) => {
    renders++
    if (req.query.status) res.status(Number(req.query.status))
    if (req.query.cookie) res.setHeader('Set-Cookie', 'x=1')
    if (req.query.private) res.setHeader('Cache-Control', 'private, no-store')
    res.type('html')
    // Written in two chunks, as a streamed render is.
    res.write(`<html><body><p>render ${renders} of ${req.originalUrl}</p>`)
    res.end(`<script nonce="${res.locals.cspNonce as string}">1</script><script nonce="${res.locals.cspNonce as string}">2</script></body></html>`)
  })
  return app.listen(0, '127.0.0.1')
})()

beforeAll(async () => {
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  cache.clear()
  clock += 60_000
})

async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  const res = await fetch(`${base}${path}`, { headers, method })
  const body = await res.text()
  const csp = res.headers.get('content-security-policy') ?? ''
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? ''
  return { res, body, nonce, cache: res.headers.get('x-page-cache') }
}

describe('the page cache', () => {
  it('serves the second anonymous request from memory, with the new response’s nonce in every place', async () => {
    const first = await get('/vardcentraler?kommun=0480')
    const second = await get('/vardcentraler?kommun=0480')
    expect(first.cache).toBe('miss')
    expect(second.cache).toBe('hit')
    expect(second.res.headers.get('vary')).toContain('Cookie')
    expect(second.body.replaceAll(second.nonce, 'N')).toBe(first.body.replaceAll(first.nonce, 'N'))
    expect(second.nonce).not.toBe(first.nonce)
    expect(second.body).not.toContain(first.nonce)
    expect(second.body.match(new RegExp(`nonce="${second.nonce.replace(/[+/=]/g, '\\$&')}"`, 'g'))).toHaveLength(2)
  })

  it('renders again after the time to live, and for another address or language', async () => {
    const before = renders
    await get('/vardcentraler')
    await get('/vardcentraler')
    expect(renders).toBe(before + 1)
    await get('/vardcentraler?sok=a')
    await get('/vardcentraler', { 'accept-language': 'en' })
    await get('/vardcentraler', { cookie: 'lang=en' })
    expect(renders).toBe(before + 3)
    clock += 5_000
    expect((await get('/vardcentraler')).cache).toBe('miss')
  })

  it('never serves or keeps a page for a request with a session or any other cookie, a POST, or ?lang=', async () => {
    await get('/vardcentraler')
    for (const headers of [{ cookie: '__vardval=abc' }, { cookie: 'lang=sv; __vardval=abc' }, { cookie: 'other=1' }]) {
      const r = await get('/vardcentraler', headers)
      expect(r.cache, JSON.stringify(headers)).toBeNull()
    }
    expect((await get('/vardcentraler', {}, 'POST')).cache).toBeNull()
    expect((await get('/vardcentraler?lang=en')).cache).toBeNull()
  })

  it('keeps only 200 HTML pages that set no cookie, and only the configured paths', async () => {
    await get('/vardcentraler/SE1?status=404')
    expect((await get('/vardcentraler/SE1?status=404')).cache).toBe('miss')
    await get('/vardcentraler/SE1?cookie=1')
    expect((await get('/vardcentraler/SE1?cookie=1')).cache).toBe('miss')
    await get('/vardcentraler/SE1?private=1')
    expect((await get('/vardcentraler/SE1?private=1')).cache).toBe('miss')
    await get('/mina-sidor')
    expect((await get('/mina-sidor')).cache).toBeNull()
  })

  it('keeps at most maxEntries pages, dropping the oldest', async () => {
    for (const q of ['a', 'b', 'c', 'd']) await get(`/vardcentraler?sok=${q}`)
    expect(cache.size).toBe(3)
    expect((await get('/vardcentraler?sok=a')).cache).toBe('miss')
    expect((await get('/vardcentraler?sok=d')).cache).toBe('hit')
  })

  it('decides the language as the page would: the language cookie, else Accept-Language', () => {
    const req = (headers: Record<string, string>, query: Record<string, string> = {}) => ({ method: 'GET', headers, query }) as never
    expect(cacheableLocale(req({}))).toBe('sv')
    expect(cacheableLocale(req({ 'accept-language': 'en-GB,en;q=0.9' }))).toBe('en')
    expect(cacheableLocale(req({ cookie: 'lang=en', 'accept-language': 'sv' }))).toBe('en')
    expect(cacheableLocale(req({ cookie: 'lang=xx' }))).toBeNull()
    expect(cacheableLocale(req({}, { lang: 'en' }))).toBeNull()
  })
})

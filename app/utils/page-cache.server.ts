/**
 * A micro-cache of public pages for visitors who are not logged in, in the process's memory, as a
 * reverse proxy's few-second cache would be: the clinic finder, a clinic's page and the
 * comparison are the same for every anonymous visitor and hold no personal data, and their figures
 * (today's listed counts, open lists) change at most daily and are read through a 30-second
 * catalogue anyway (app/modules/clinics/finder.server.ts). docs/performance.md has the figures.
 *
 * What is never cached: anything but GET; a request carrying any cookie other than the language
 * (a session, a login in progress: the page may show the person); a response other than a 200
 * HTML page, one setting a cookie, or one marked private or no-store. The key is the page's
 * language and the full URL.
 *
 * Every response still gets its own CSP nonce (docs/decisions/0005): the cached page's nonce is
 * replaced by the current response's, which helmet has already put in the header.
 */
import type { NextFunction, Request, Response } from 'express'
import { fromAcceptLanguage } from './i18n.server.ts'
import { isLocale } from '../i18n/i18n.tsx'

export interface PageCacheOptions {
  /** Paths (without the query string) whose pages may be cached. */
  paths: RegExp
  ttlMs: number
  /** Entries kept; the oldest go first. */
  maxEntries?: number
  now?: () => number
}

interface Entry {
  body: string
  nonce: string
  contentType: string
  storedAt: number
}

const LANGUAGE_COOKIE = /^lang=([a-z]{2})$/

/** The language the page would be in, or null when the request must not be served from cache. */
export function cacheableLocale(req: Pick<Request, 'method' | 'headers' | 'query'>): string | null {
  if (req.method !== 'GET') return null
  // `?lang=` sets a cookie: rendered every time.
  if (req.query.lang !== undefined) return null
  const cookie = req.headers.cookie?.trim()
  let fromCookie: string | null = null
  if (cookie) {
    const parts = cookie.split(';').map((p) => p.trim()).filter(Boolean)
    if (parts.length !== 1) return null
    const m = LANGUAGE_COOKIE.exec(parts[0]!)
    if (!m || !isLocale(m[1])) return null
    fromCookie = m[1]!
  }
  return fromCookie ?? fromAcceptLanguage(req.headers['accept-language'] ?? null)
}

export interface PageCache {
  middleware: (req: Request, res: Response, next: NextFunction) => void
  clear(): void
  readonly size: number
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const { paths, ttlMs, maxEntries = 500, now = Date.now } = options
  const entries = new Map<string, Entry>()

  function middleware(req: Request, res: Response, next: NextFunction): void {
    const path = req.path
    const locale = ttlMs > 0 && paths.test(path) ? cacheableLocale(req) : null
    if (locale === null) return next()
    const key = `${locale} ${req.originalUrl}`
    // Caches in front of us must key on the same things this one does.
    res.setHeader('Vary', 'Cookie, Accept-Language')
    const nonce = res.locals.cspNonce as string
    const hit = entries.get(key)
    if (hit && now() - hit.storedAt < ttlMs) {
      res.setHeader('Content-Type', hit.contentType)
      res.setHeader('X-Page-Cache', 'hit')
      res.status(200).send(hit.nonce ? hit.body.replaceAll(hit.nonce, nonce) : hit.body)
      return
    }
    if (hit) entries.delete(key)

    // A miss: keep a copy of what the app writes, and store it if it turns out cacheable.
    const chunks: Buffer[] = []
    const write = res.write.bind(res) as (...args: unknown[]) => boolean
    const end = res.end.bind(res) as (...args: unknown[]) => Response
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return
      chunks.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding) : Buffer.from(chunk as Uint8Array))
    }
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0])
      return write(chunk, ...rest)
    }) as Response['write']
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0])
      return end(chunk, ...rest)
    }) as Response['end']
    res.setHeader('X-Page-Cache', 'miss')
    res.once('finish', () => {
      const contentType = String(res.getHeader('Content-Type') ?? '')
      const cacheControl = String(res.getHeader('Cache-Control') ?? '')
      if (res.statusCode !== 200 || !contentType.startsWith('text/html') || res.getHeader('Set-Cookie') !== undefined) return
      // A page the app itself marks as one person's is never kept.
      if (/\b(private|no-store)\b/.test(cacheControl)) return
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!)
      entries.set(key, { body: Buffer.concat(chunks).toString('utf8'), nonce, contentType, storedAt: now() })
    })
    next()
  }

  return {
    middleware,
    clear: () => entries.clear(),
    get size() {
      return entries.size
    },
  }
}

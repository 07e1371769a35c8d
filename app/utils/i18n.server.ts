import { defaultLocale, isLocale, locales, type Locale } from '../i18n/i18n.tsx'

const COOKIE = 'lang'
const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365

export interface ResolvedLocale {
  locale: Locale
  /** A Set-Cookie value remembering a language chosen by `?lang=`, or null. */
  setCookie: string | null
}

/**
 * The page's language: `?lang=` (and then remembered in a cookie), else the cookie,
 * else the browser's Accept-Language, else Swedish.
 */
export function resolveLocale(request: Request): ResolvedLocale {
  const url = new URL(request.url)
  const chosen = url.searchParams.get('lang')
  if (isLocale(chosen)) {
    const secure = url.protocol === 'https:' ? '; Secure' : ''
    return {
      locale: chosen,
      setCookie: `${COOKIE}=${chosen}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax; HttpOnly${secure}`,
    }
  }
  const fromCookie = readCookie(request.headers.get('cookie'), COOKIE)
  if (isLocale(fromCookie)) return { locale: fromCookie, setCookie: null }
  return { locale: fromAcceptLanguage(request.headers.get('accept-language')), setCookie: null }
}

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='))
      } catch {
        return null // a malformed cookie is no choice, not an error page
      }
    }
  }
  return null
}

/** The supported language the browser prefers most, by q-value; Swedish when none is supported. */
export function fromAcceptLanguage(header: string | null): Locale {
  if (!header) return defaultLocale
  const ranked = header
    .split(',')
    .map((entry, index) => {
      const [tag = '', ...params] = entry.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, index }
    })
    .filter((e) => e.language && Number.isFinite(e.q) && e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { language } of ranked) {
    if ((locales as readonly string[]).includes(language)) return language as Locale
  }
  return defaultLocale
}

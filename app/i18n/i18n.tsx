import { createContext, useContext, type ReactNode } from 'react'
import { en } from './en.ts'
import { sv, type Messages } from './sv.ts'

export type { Messages }

/** Swedish first; English second. */
export const locales = ['sv', 'en'] as const
export type Locale = (typeof locales)[number]
export const defaultLocale: Locale = 'sv'

const catalogues: Record<Locale, Messages> = { sv, en }

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value)
}

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale]
}

const LocaleContext = createContext<Locale>(defaultLocale)

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>
}

export function useLocale(): Locale {
  return useContext(LocaleContext)
}

/** The message catalogue of the page's language. */
export function useT(): Messages {
  return messagesFor(useLocale())
}

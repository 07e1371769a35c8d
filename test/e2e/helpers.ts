import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'
import type pg from 'pg'
import { databaseUrl, sql } from '../support/database.ts'

/** axe-core finds no WCAG 2.1 A/AA violations on the page as it is now. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const summary = results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }))
  expect(summary).toEqual([])
}

/**
 * The client bundle loaded and React hydrated: root.tsx sets this marker in a useEffect, which
 * never runs on the server. A server whose scripts 404 or are blocked by the CSP fails here.
 */
export async function expectHydrated(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true')
}

/** Collects console errors and CSP violations, to assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return errors
}

/** The rows of one query on this run's e2e database (what the server wrote). */
export function query<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  return sql<T>(databaseUrl(process.env.E2E_DATABASE!), text, params)
}

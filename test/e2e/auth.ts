/**
 * Logging in in the browser tests, the way a user does: the app's login page, the test identity
 * provider's (IdP) identity picker, and back. No shortcut: the OIDC flow, the callback and the
 * session cookie are exercised every time.
 */
import { expect, type Page } from '@playwright/test'

/** Staff (and citizens with a user) by their subject at the IdP; any citizen by personal identity number. */
export type TestIdentity = { subject: string } | { personalId: string }

/** The IdP's page heading (idp/pages.ts). */
export const IDP_HEADING = 'Test-BankID / Test-Freja: välj testidentitet'

/**
 * Logs in as `who` through the real flow and resolves once the browser is back on the app, logged
 * in, on `next` (or the user's home page). The IdP's own session cookies are cleared first, so the
 * picker is always shown, even when an earlier login in this browser context left an IdP session.
 * Throws if the app refused the identity.
 */
export async function loginAs(page: Page, who: TestIdentity, next?: string): Promise<void> {
  // oidc-provider's cookies (_session, _interaction …): cookies ignore ports, so they sit beside the app's.
  await page.context().clearCookies({ name: /^_(session|interaction)/ })
  await page.goto(next ? `/logga-in?${new URLSearchParams({ next })}` : '/logga-in')
  const app = new URL(page.url()).origin
  await page.getByRole('link', { name: 'Logga in med e-legitimation' }).click()
  await expect(page.getByRole('heading', { level: 1, name: IDP_HEADING })).toBeVisible()
  if ('subject' in who) {
    await page.locator(`button[name="sub"][value="${who.subject.replace(/["\\]/g, '\\$&')}"]`).click()
  } else {
    await page.getByLabel('Personnummer').fill(who.personalId)
    await page.getByRole('button', { name: 'Logga in med personnummer' }).click()
  }
  await page.waitForURL((url) => url.origin === app && url.pathname !== '/logga-in/start')
  const path = new URL(page.url()).pathname
  if (path.startsWith('/logga-in')) {
    const reason = await page.getByRole('main').innerText().catch(() => '')
    throw new Error(`loginAs(${'subject' in who ? who.subject : 'a personal identity number'}) was refused: ${reason.slice(0, 300)}`)
  }
  if (next) await expect(page).toHaveURL((url) => url.pathname === next)
}

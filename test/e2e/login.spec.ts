import { expect, test, type Page } from '@playwright/test'
import { makePersonalId } from '../../app/modules/identity/personal-id.ts'
import { IDP_HEADING, loginAs } from './auth.ts'
import { collectPageErrors, expectHydrated, expectNoAxeViolations, query } from './helpers.ts'
import { E2E_REGION } from './seed.ts'

const { commissioner, clinicStaff, citizen } = E2E_REGION.users

/** The number in any of its written forms (12 or 10 digits, with or without the hyphen). */
function expectNoPersonalId(urls: string[], pnr: string): void {
  const forms = [pnr, pnr.slice(2), `${pnr.slice(0, 8)}-${pnr.slice(8)}`, `${pnr.slice(2, 8)}-${pnr.slice(8)}`]
  for (const url of urls) {
    const decoded = decodeURIComponent(url.replace(/%(?![0-9a-fA-F]{2})/g, '%25'))
    for (const form of forms) expect(decoded, url).not.toContain(form)
  }
  expect(urls.length).toBeGreaterThan(3)
}
/** Seeded in test/e2e/seed.ts: citizen 0 has no user yet; citizen 1 is Ingrid Invånare's. */
const citizenWithoutUser = makePersonalId('1950-03-14', 100)
const ingrid = makePersonalId('1972-11-02', 111)

const header = (page: Page) => page.getByRole('banner')
const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Huvudmeny' })
const idpHeading = (page: Page) => page.getByRole('heading', { level: 1, name: IDP_HEADING })

/** Every address the browser asks for, at the app and at the IdP, to prove no identity number is in any. */
function recordUrls(page: Page): string[] {
  const urls: string[] = []
  page.on('request', (request) => urls.push(request.url()))
  return urls
}

async function sessionRows(subject: string) {
  return query<{ end_reason: string | null; id_token: boolean }>(
    `SELECT s.end_reason, s.id_token IS NOT NULL AS id_token FROM user_session s JOIN app_user u ON u.id = s.user_id
      WHERE u.subject = $1 ORDER BY s.created_at DESC`,
    [subject],
  )
}

test.describe('/logga-in through the test e-ID broker (OpenID Connect)', () => {
  test('the login page offers e-identification, in Swedish and English, with no axe violations', async ({ page }) => {
    const errors = collectPageErrors(page)
    const response = await page.goto('/logga-in')
    expect(response?.status()).toBe(200)
    await expect(page).toHaveTitle('Logga in – Vårdval')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Logga in')
    await expect(page.getByRole('link', { name: 'Logga in med e-legitimation' })).toHaveAttribute('href', '/logga-in/start')
    await expect(page.getByRole('button', { name: /Logga in som/ })).toHaveCount(0) // the demo login is gone
    await expect(header(page).getByRole('link', { name: 'Logga in' })).toBeVisible()
    await expectHydrated(page)
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])

    await page.goto('/logga-in?lang=en')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in')
    await expect(page.getByRole('link', { name: 'Log in with e-identification' })).toBeVisible()
    await expectNoAxeViolations(page)
  })

  test('the IdP’s identity picker lists staff and citizens with a user, without identity numbers, with no axe violations', async ({ page }) => {
    await page.goto('/logga-in')
    const app = new URL(page.url()).origin
    await page.getByRole('link', { name: 'Logga in med e-legitimation' }).click()
    await expect(idpHeading(page)).toBeVisible()
    expect(new URL(page.url()).origin).not.toBe(app) // the broker is another site
    expect(new URL(page.url()).pathname).toMatch(/^\/interaction\//)
    await expect(page.getByRole('button', { name: `Logga in som ${commissioner.name}` })).toBeVisible()
    await expect(page.getByRole('button', { name: `Logga in som ${clinicStaff.name}` })).toBeVisible()
    await expect(page.getByRole('button', { name: `Logga in som ${citizen.name}` })).toBeVisible()
    await expect(page.getByLabel('Personnummer')).toBeVisible()
    expect(await page.locator('body').innerText()).not.toMatch(new RegExp(`${ingrid}|${ingrid.slice(2)}`))
    await expectNoAxeViolations(page)

    // A malformed number: an error summary linked to the field, and the page still passes axe.
    await page.getByLabel('Personnummer').fill('12345')
    await page.getByRole('button', { name: 'Logga in med personnummer' }).click()
    await expect(page.getByRole('alert').getByRole('link', { name: /giltigt personnummer/ })).toHaveAttribute('href', '#personnummer')
    await expect(page.getByLabel('Personnummer')).toHaveAttribute('aria-invalid', 'true')
    await expectNoAxeViolations(page)
  })

  test('the commissioner logs in, gets a fresh HttpOnly SameSite=Lax cookie, and logs out at both ends', async ({ page, context }) => {
    const errors = collectPageErrors(page)
    const urls = recordUrls(page)
    await loginAs(page, { subject: commissioner.subject })
    await expect(page).toHaveURL(/\/region$/)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Region – beställare')
    await expect(header(page).getByText(`Inloggad som ${commissioner.name}`)).toBeVisible()
    await expect(mainNav(page).getByRole('link', { name: 'Ersättningsmodeller' })).toHaveAttribute('href', '/region/modeller')
    await expect(mainNav(page).getByRole('link', { name: 'Mina sidor' })).toHaveCount(0)

    const cookie = (await context.cookies()).find((c) => c.name === '__vardval')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false })
    expect(cookie?.expires).toBe(-1) // a browser-session cookie
    expect((await context.cookies()).find((c) => c.name === '__vardval_login')).toBeUndefined() // the flow's cookie is used once
    const [open] = await sessionRows(commissioner.subject)
    expect(open).toEqual({ end_reason: null, id_token: true })

    const home = await page.goto('/')
    expect(home?.headers()['cache-control']).toBe('private, no-store')
    await expectHydrated(page)

    await header(page).getByRole('button', { name: 'Logga ut' }).click()
    // Through the IdP's end-session endpoint, back to our start page.
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    await expect(header(page).getByRole('link', { name: 'Logga in' })).toBeVisible()
    await expect(header(page).getByText(commissioner.name)).toHaveCount(0)
    expect((await context.cookies()).find((c) => c.name === '__vardval')).toBeUndefined()
    expect(urls.some((u) => u.includes('/session/end'))).toBe(true)
    expect((await sessionRows(commissioner.subject))[0]?.end_reason).toBe('logout')

    const response = await page.goto('/region')
    expect(response?.url()).toMatch(/\/logga-in\?next=%2Fregion$/)
    await expect(page.getByText('Du behöver logga in för att se sidan du försökte öppna.')).toBeVisible()

    // The IdP's session ended too: logging in again asks who you are, it does not log you straight in.
    await page.getByRole('link', { name: 'Logga in med e-legitimation' }).click()
    await expect(idpHeading(page)).toBeVisible()
    expect(errors).toEqual([])
  })

  test('an old session cookie is replaced at login: the earlier token no longer logs in', async ({ page, context }) => {
    await loginAs(page, { subject: clinicStaff.subject })
    const first = (await context.cookies()).find((c) => c.name === '__vardval')!
    await loginAs(page, { subject: commissioner.subject })
    const second = (await context.cookies()).find((c) => c.name === '__vardval')!
    expect(second.value).not.toBe(first.value)
    expect((await sessionRows(clinicStaff.subject)).map((r) => r.end_reason)).toContain('replaced')
    // The stolen first cookie: nobody is logged in with it.
    await context.clearCookies({ name: '__vardval' })
    await context.addCookies([{ ...first }])
    await page.goto('/')
    await expect(header(page).getByRole('link', { name: 'Logga in' })).toBeVisible()
  })

  test('clinic staff go back to the page they asked for, and may not see the region’s pages', async ({ page }) => {
    await page.goto('/mottagning?pnr=191212121212')
    await expect(page).toHaveURL(/\/logga-in\?next=%2Fmottagning$/)
    await loginAs(page, { subject: clinicStaff.subject }, '/mottagning')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mottagning')
    await expect(page.getByRole('list', { name: 'Du arbetar för' }).getByRole('listitem')).toHaveText([clinicStaff.clinicName])
    const forbidden = await page.goto('/region')
    expect(forbidden?.status()).toBe(403)
  })

  test('a citizen logs in with their personal identity number, which appears in no address', async ({ page }) => {
    const urls = recordUrls(page)
    await loginAs(page, { personalId: ingrid })
    await expect(page).toHaveURL(/\/mina-sidor$/)
    await expect(header(page).getByText(`Inloggad som ${citizen.name}`)).toBeVisible()
    await expect(mainNav(page).getByRole('link', { name: 'Mina sidor' })).toHaveAttribute('href', '/mina-sidor')
    // Logging out sends the ID token to the IdP in the URL (id_token_hint): it holds no identity number either.
    await header(page).getByRole('button', { name: 'Logga ut' }).click()
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const hint = urls.map((u) => new URL(u).searchParams.get('id_token_hint')).find(Boolean)
    expect(hint).toBeTruthy()
    urls.push(Buffer.from(hint!.split('.')[1]!, 'base64url').toString('utf8'))
    expectNoPersonalId(urls, ingrid)
    const [audit] = await query<{ details: unknown; citizen_id: string | null; row: string }>(
      `SELECT details, citizen_id::text, row_to_json(a)::text AS row FROM audit_log a WHERE action = 'auth.login'
        AND actor_user_id = (SELECT id FROM app_user WHERE subject = $1) ORDER BY id DESC LIMIT 1`,
      [citizen.subject],
    )
    expect(audit?.citizen_id).not.toBeNull()
    expect(audit?.row).not.toContain(ingrid)
  })

  test('a citizen without a user gets one with the citizen role at the first login, once', async ({ page, context }) => {
    const urls = recordUrls(page)
    const users = () => query<{ n: number }>(`SELECT count(*)::int AS n FROM app_user u JOIN citizen c ON c.id = u.citizen_id WHERE c.personal_id = $1`, [citizenWithoutUser])
    await loginAs(page, { personalId: citizenWithoutUser })
    await expect(page).toHaveURL(/\/mina-sidor$/)
    expect((await users())[0]!.n).toBe(1)
    await context.clearCookies({ name: '__vardval' })
    await loginAs(page, { personalId: citizenWithoutUser })
    expect((await users())[0]!.n).toBe(1)
    const [role] = await query<{ role: string }>(
      `SELECT r.role::text FROM user_role r JOIN app_user u ON u.id = r.user_id JOIN citizen c ON c.id = u.citizen_id WHERE c.personal_id = $1`,
      [citizenWithoutUser],
    )
    expect(role?.role).toBe('citizen')
    expectNoPersonalId(urls, citizenWithoutUser)
  })

  test('someone not registered in the region is refused, with no session, and a friendly page', async ({ page, context }) => {
    await page.goto('/logga-in')
    await page.getByRole('link', { name: 'Logga in med e-legitimation' }).click()
    await page.getByLabel('Personnummer').fill(makePersonalId('1985-05-05', 321))
    await page.getByRole('button', { name: 'Logga in med personnummer' }).click()
    await expect(page).toHaveURL(/\/logga-in\/retur\?/)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Du kunde inte loggas in')
    await expect(page.getByText('Du finns inte i regionens folkbokföring.')).toBeVisible()
    expect((await context.cookies()).find((c) => c.name === '__vardval')).toBeUndefined()
    await expectNoAxeViolations(page)
  })

  test('a callback without a login in progress is refused', async ({ page, context }) => {
    const response = await page.goto('/logga-in/retur?code=forged&state=forged')
    expect(response?.status()).toBe(400)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inloggningen avbröts')
    expect((await context.cookies()).find((c) => c.name === '__vardval')).toBeUndefined()
  })

  test('a next address on another site is ignored', async ({ page }) => {
    await page.goto('/logga-in?next=//evil.example/')
    await expect(page.getByRole('link', { name: 'Logga in med e-legitimation' })).toHaveAttribute('href', '/logga-in/start')
    await loginAs(page, { subject: commissioner.subject })
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/region$/)
  })

  test('a session idle for more than 30 minutes is ended, and the user is told why', async ({ page }) => {
    await loginAs(page, { subject: clinicStaff.subject }, '/mottagning')
    await query(
      `UPDATE user_session SET created_at = created_at - interval '31 minutes', last_seen_at = last_seen_at - interval '31 minutes'
        WHERE ended_at IS NULL AND user_id = (SELECT id FROM app_user WHERE subject = $1)`,
      [clinicStaff.subject],
    )
    await page.goto('/mottagning')
    await expect(page).toHaveURL(/\/logga-in\?next=%2Fmottagning&orsak=inaktiv$/)
    await expect(page.getByText('Du har loggats ut eftersom du inte har varit aktiv på 30 minuter.')).toBeVisible()
    expect((await sessionRows(clinicStaff.subject)).map((r) => r.end_reason)).toContain('idle')
  })

  test('a GET to /logga-ut does not log out', async ({ page }) => {
    await loginAs(page, { subject: commissioner.subject })
    const response = await page.request.get('/logga-ut')
    expect(response.status()).toBe(405)
    expect(response.headers()['allow']).toBe('POST')
    await page.goto('/region')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Region – beställare')
  })

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false })
    test('logging in and out work as plain links and forms', async ({ page }) => {
      await loginAs(page, { subject: commissioner.subject })
      await expect(page).toHaveURL(/\/region$/)
      await expect(header(page).getByText(`Inloggad som ${commissioner.name}`)).toBeVisible()
      await header(page).getByRole('button', { name: 'Logga ut' }).click()
      // Without script the IdP asks for one click to end its session too.
      await page.getByRole('button', { name: 'Logga ut' }).click()
      await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/)
      await page.goto('/region')
      await expect(page).toHaveURL(/\/logga-in\?next=%2Fregion$/)
    })
  })
})

import { expect, test, type Page } from '@playwright/test'
import pg from 'pg'
import { databaseUrl } from '../support/database.ts'
import { collectPageErrors, expectHydrated, expectNoAxeViolations } from './helpers.ts'
import { E2E_REGION } from './seed.ts'

const { commissioner, clinicStaff, citizen } = E2E_REGION.users

/** A 12- or 10-digit personal identity number, with or without the hyphen. */
const PERSONAL_ID = /\b(\d{2})?\d{6}[-+]?\d{4}\b/

async function userId(subject: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl(process.env.E2E_DATABASE!) })
  await client.connect()
  try {
    const { rows } = await client.query<{ id: number }>('SELECT id FROM app_user WHERE subject = $1', [subject])
    return rows[0]!.id
  } finally {
    await client.end()
  }
}

async function loginAs(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Logga in som ${name}` }).click()
}

const header = (page: Page) => page.getByRole('banner')
const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Huvudmeny' })

test.describe('/logga-in with the demo login', () => {
  test('lists the staff users with their roles, no citizens, no identity numbers, and no axe violations', async ({ page }) => {
    const errors = collectPageErrors(page)
    const response = await page.goto('/logga-in')
    expect(response?.status()).toBe(200)
    await expect(page).toHaveTitle('Logga in – Vårdval')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Logga in')
    const list = page.getByRole('list', { name: 'Demoanvändare' })
    await expect(list.getByRole('listitem')).toHaveCount(2)
    await expect(list.getByRole('listitem').nth(0)).toContainText(`${commissioner.name}Beställare`)
    await expect(list.getByRole('listitem').nth(1)).toContainText(`${clinicStaff.name}Personal på vårdcentral, ${clinicStaff.clinicName}`)
    await expect(page.getByRole('button', { name: `Logga in som ${commissioner.name}` })).toBeVisible()
    await expect(page.getByRole('button', { name: `Logga in som ${clinicStaff.name}` })).toBeVisible()
    await expect(page.getByText(citizen.name)).toHaveCount(0)
    expect(await page.locator('body').innerText()).not.toMatch(PERSONAL_ID)
    await expect(header(page).getByRole('link', { name: 'Logga in' })).toBeVisible()
    await expectHydrated(page)
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  test('in English', async ({ page }) => {
    await page.goto('/logga-in?lang=en')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in')
    await expect(page.getByRole('button', { name: `Log in as ${commissioner.name}` })).toBeVisible()
    await expect(page.getByRole('list', { name: 'Demo users' }).getByText('Commissioner')).toBeVisible()
    await expectNoAxeViolations(page)
  })

  test('the commissioner sees their name and the region’s links; logging out ends the session', async ({ page, context }) => {
    const errors = collectPageErrors(page)
    await page.goto('/logga-in')
    await expectHydrated(page)
    await loginAs(page, commissioner.name)

    await expect(page).toHaveURL(/\/region$/)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Region – beställare')
    await expect(header(page).getByText(`Inloggad som ${commissioner.name}`)).toBeVisible()
    await expect(mainNav(page).getByRole('link', { name: 'Ersättning', exact: true })).toHaveAttribute('href', '/region/ersattning')
    await expect(mainNav(page).getByRole('link', { name: 'Ersättningsmodeller' })).toHaveAttribute('href', '/region/modeller')
    await expect(mainNav(page).getByRole('link', { name: 'Vår ersättning' })).toHaveCount(0)
    await expect(page.getByRole('main').getByRole('link', { name: 'Ersättning', exact: true })).toHaveAttribute('href', '/region/ersattning')

    const cookie = (await context.cookies()).find((c) => c.name === '__vardval')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    expect(cookie?.expires).toBe(-1) // a browser-session cookie

    // The header follows the user to every page; personal pages are not cached.
    const home = await page.goto('/')
    expect(home?.headers()['cache-control']).toBe('private, no-store')
    await expect(header(page).getByText(`Inloggad som ${commissioner.name}`)).toBeVisible()
    await expectHydrated(page)
    await expectNoAxeViolations(page)

    await header(page).getByRole('button', { name: 'Logga ut' }).click()
    await expect(page).toHaveURL(/\/$/)
    await expect(header(page).getByRole('link', { name: 'Logga in' })).toBeVisible()
    await expect(header(page).getByText(commissioner.name)).toHaveCount(0)
    await expect(mainNav(page).getByRole('link', { name: 'Ersättningsmodeller' })).toHaveCount(0)
    expect((await context.cookies()).find((c) => c.name === '__vardval')).toBeUndefined()

    const response = await page.goto('/region')
    expect(response?.url()).toMatch(/\/logga-in\?next=%2Fregion$/)
    await expect(page.getByText('Du behöver logga in för att se sidan du försökte öppna.')).toBeVisible()
    expect(errors).toEqual([])
  })

  test('clinic staff go back to the page they asked for, see their clinic, and may not see the region’s pages', async ({ page }) => {
    await page.goto('/mottagning?pnr=191212121212')
    await expect(page).toHaveURL(/\/logga-in\?next=%2Fmottagning$/)
    await expectHydrated(page)
    await loginAs(page, clinicStaff.name)

    await expect(page).toHaveURL(/\/mottagning$/)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mottagning')
    await expect(page.getByRole('list', { name: 'Du arbetar för' }).getByRole('listitem')).toHaveText([clinicStaff.clinicName])
    await expect(mainNav(page).getByRole('link', { name: 'Vår ersättning' })).toHaveAttribute('href', '/mottagning/ersattning')
    await expect(mainNav(page).getByRole('link', { name: 'Ersättningsmodeller' })).toHaveCount(0)
    await expectNoAxeViolations(page)

    const forbidden = await page.goto('/region')
    expect(forbidden?.status()).toBe(403)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Du har inte behörighet')
    await expect(header(page).getByText(`Inloggad som ${clinicStaff.name}`)).toBeVisible()
    await expectNoAxeViolations(page)
  })

  test('the commissioner may not see the clinic staff page', async ({ page }) => {
    await page.goto('/logga-in')
    await loginAs(page, commissioner.name)
    await expect(page).toHaveURL(/\/region$/)
    const response = await page.goto('/mottagning')
    expect(response?.status()).toBe(403)
  })

  test('a next address on another site is ignored', async ({ page }) => {
    await page.goto('/logga-in?next=//evil.example/')
    await expectHydrated(page)
    await loginAs(page, commissioner.name)
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/region$/)
  })

  test('only staff can be logged in as: a citizen, an unknown user and a malformed id are refused', async ({ request }) => {
    expect((await request.post('/logga-in', { form: { userId: String(await userId(citizen.subject)) }, maxRedirects: 0 })).status()).toBe(403)
    expect((await request.post('/logga-in', { form: { userId: '999999' }, maxRedirects: 0 })).status()).toBe(403)
    expect((await request.post('/logga-in', { form: { userId: 'abc' }, maxRedirects: 0 })).status()).toBe(400)
    const staff = await request.post('/logga-in', { form: { userId: String(await userId(clinicStaff.subject)) }, maxRedirects: 0 })
    expect(staff.status()).toBe(302)
    expect(staff.headers()['location']).toBe('/mottagning')
  })

  test('a GET to /logga-ut does not log out', async ({ page }) => {
    await page.goto('/logga-in')
    await loginAs(page, commissioner.name)
    await expect(page).toHaveURL(/\/region$/)
    const response = await page.request.get('/logga-ut')
    expect(response.status()).toBe(405)
    expect(response.headers()['allow']).toBe('POST')
    await page.goto('/region')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Region – beställare')
  })

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false })
    test('logging in and out work as plain forms', async ({ page }) => {
      await page.goto('/logga-in')
      await loginAs(page, commissioner.name)
      await expect(page).toHaveURL(/\/region$/)
      await expect(header(page).getByText(`Inloggad som ${commissioner.name}`)).toBeVisible()
      await header(page).getByRole('button', { name: 'Logga ut' }).click()
      await expect(page).toHaveURL(/\/$/)
      await page.goto('/region')
      await expect(page).toHaveURL(/\/logga-in\?next=%2Fregion$/)
    })
  })
})

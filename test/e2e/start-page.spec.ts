import { expect, test } from '@playwright/test'
import { collectPageErrors, expectHydrated, expectNoAxeViolations } from './helpers.ts'

test.describe('start page', () => {
  test('renders in Swedish by default, hydrates, with landmarks and no axe violations', async ({ page }) => {
    const errors = collectPageErrors(page)
    const response = await page.goto('/')
    expect(response?.status()).toBe(200)
    await expect(page.locator('html')).toHaveAttribute('lang', 'sv')
    await expect(page).toHaveTitle('Välj vårdcentral – Vårdval')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Välj vårdcentral')
    for (const heading of ['För dig som invånare', 'För vårdcentraler', 'För regionen som beställare']) {
      await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible()
    }
    await expect(page.getByRole('banner')).toBeVisible()
    await expect(page.getByRole('navigation', { name: 'Huvudmeny' })).toBeVisible()
    await expect(page.getByRole('main')).toBeVisible()
    await expect(page.getByRole('contentinfo')).toBeVisible()
    await expect(page.getByText('kommer snart').first()).toBeVisible()
    await expectHydrated(page)
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  test('the skip link is the first thing to tab to and moves focus to the main content', async ({ page }) => {
    await page.goto('/')
    await expectHydrated(page)
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Gå direkt till innehållet' })
    await expect(skip).toBeFocused()
    await expect(skip).toBeInViewport()
    await page.keyboard.press('Enter')
    await expect(page.locator('#main')).toBeFocused()
  })

  test('the language link switches to English and the choice is remembered', async ({ page }) => {
    await page.goto('/')
    await page.getByRole('link', { name: 'In English' }).click()
    await expect(page).toHaveURL(/\?lang=en$/)
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a health centre')
    await expectHydrated(page)
    await expectNoAxeViolations(page)

    // The cookie keeps English on the next page, without ?lang.
    await page.goto('/vardcentraler')
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Health centres')

    await page.getByRole('link', { name: 'På svenska' }).click()
    await expect(page.locator('html')).toHaveAttribute('lang', 'sv')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vårdcentraler')
  })

  test.describe('with an English-speaking browser', () => {
    test.use({ locale: 'en-GB' })
    test('Accept-Language selects English', async ({ page }) => {
      await page.goto('/')
      await expect(page.locator('html')).toHaveAttribute('lang', 'en')
      await expect(page.getByRole('link', { name: 'På svenska' })).toBeVisible()
    })
  })

  test('an unknown address gives the 404 page', async ({ page }) => {
    const response = await page.goto('/finns-inte')
    expect(response?.status()).toBe(404)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sidan finns inte')
    await expectNoAxeViolations(page)
  })
})

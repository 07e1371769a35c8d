import { expect, test, type Page } from '@playwright/test'
import { collectPageErrors, expectHydrated, expectNoAxeViolations } from './helpers.ts'
import { E2E_REGION } from './seed.ts'

const ownershipSv = { public: 'Regiondriven', private: 'Privat driven' } as const

async function shownClinics(page: Page) {
  const items = page.locator('.clinic-list > li')
  const count = await items.count()
  const rows = []
  for (let i = 0; i < count; i++) {
    const item = items.nth(i)
    rows.push({
      name: await item.getByRole('heading', { level: 2 }).innerText(),
      municipality: await item.locator('[data-field="municipality"]').innerText(),
      ownership: await item.locator('[data-field="ownership"]').innerText(),
      listedToday: await item.locator('[data-field="listed-count"]').innerText(),
    })
  }
  return rows
}

test.describe('/vardcentraler', () => {
  test('lists exactly the seeded clinics in Swedish order with today’s listed counts', async ({ page }) => {
    const errors = collectPageErrors(page)
    const response = await page.goto('/vardcentraler')
    expect(response?.status()).toBe(200)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vårdcentraler')
    expect(await shownClinics(page)).toEqual(
      E2E_REGION.clinics.map((c) => ({
        name: c.name,
        municipality: c.municipality,
        ownership: ownershipSv[c.ownership],
        listedToday: String(c.listedToday),
      })),
    )
    await expect(page.getByText('3 vårdcentraler')).toBeVisible()
    const akern = page.locator('.clinic-list > li', { hasText: 'Åkerns vårdcentral' })
    await expect(akern.locator('[data-field="services"]')).toHaveText(
      'Allmänmedicin, Barnavårdscentral (BVC), Barnmorskemottagning (MVC)',
    )
    await expect(akern.locator('[data-field="address"]')).toHaveText('Storgatan 1, 99101 Älvby')
    await expectHydrated(page)
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  test('the municipality filter shows only that municipality’s clinics', async ({ page }) => {
    await page.goto('/vardcentraler')
    await expectHydrated(page)
    await page.getByLabel('Kommun').selectOption({ label: 'Älvby' })
    await page.getByRole('button', { name: 'Visa vårdcentraler' }).click()
    await expect(page).toHaveURL(/\/vardcentraler\?kommun=9901$/)
    await expect(page.getByText('2 vårdcentraler i Älvby')).toBeVisible()
    expect((await shownClinics(page)).map((c) => c.name)).toEqual(['Åkerns vårdcentral', 'Ängens vårdcentral'])
    await expect(page.getByLabel('Kommun')).toHaveValue('9901')
    await expectNoAxeViolations(page)

    await page.getByLabel('Kommun').selectOption({ label: 'Alla kommuner' })
    await page.getByRole('button', { name: 'Visa vårdcentraler' }).click()
    await expect(page.locator('.clinic-list > li')).toHaveCount(3)
  })

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false })
    test('the filter still works as a plain GET form', async ({ page }) => {
      await page.goto('/vardcentraler')
      await page.getByLabel('Kommun').selectOption({ label: 'Björkås' })
      await page.getByRole('button', { name: 'Visa vårdcentraler' }).click()
      await expect(page).toHaveURL(/\/vardcentraler\?kommun=9902$/)
      expect(await shownClinics(page)).toEqual([
        { name: 'Björkås hälsocentral', municipality: 'Björkås', ownership: 'Privat driven', listedToday: '2' },
      ])
    })
  })

  test('in English', async ({ page }) => {
    await page.goto('/vardcentraler?lang=en')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Health centres')
    await expect(page.getByText('3 health centres')).toBeVisible()
    await expect(page.getByLabel('Municipality')).toBeVisible()
    await expectHydrated(page)
    await expectNoAxeViolations(page)
  })

  test('a malformed filter value is a 400, not a crash', async ({ page }) => {
    const response = await page.goto('/vardcentraler?kommun=abc')
    expect(response?.status()).toBe(400)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Felaktig förfrågan')
  })
})

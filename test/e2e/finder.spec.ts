/**
 * The clinic finder (/vardcentraler), a clinic's page and the comparison, as a citizen uses them:
 * search and filters in the address, with and without JavaScript, Swedish and English, sorted by
 * distance for a logged-in citizen, axe on every page.
 */
import { expect, test, type Page } from '@playwright/test'
import { loginAs } from './auth.ts'
import { collectPageErrors, expectHydrated, expectNoAxeViolations, query } from './helpers.ts'
import { E2E_CITIZENS } from './seed-citizens.ts'
import { E2E_REGION } from './seed.ts'

const ownershipSv = { public: 'Regiondriven', private: 'Privat driven' } as const
const [BJORKAS, AKERN, ANGEN] = E2E_REGION.clinics
const { cappedClinic } = E2E_CITIZENS
const swedish = new Intl.Collator('sv')

const cards = (page: Page) => page.locator('.clinic-list > li')
const h1 = (page: Page) => page.getByRole('heading', { level: 1 })

/** The result cards as they are now, read in one go (a list being replaced is never read half old, half new). */
async function shownClinics(page: Page) {
  return cards(page).evaluateAll((items) =>
    items.map((item) => {
      const text = (selector: string) => (item.querySelector(selector) as HTMLElement | null)?.innerText.trim() ?? ''
      return {
        name: text('h2'),
        municipality: text('[data-field="municipality"]'),
        ownership: text('[data-field="ownership"]'),
        listedToday: text('[data-field="listed-count"]'),
      }
    }),
  )
}

const shownNames = async (page: Page) => (await shownClinics(page)).map((c) => c.name)

/** Every clinic authorised today, by name in Swedish order: what an unfiltered finder must show. */
async function authorisedToday(): Promise<string[]> {
  const rows = await query<{ name: string }>(
    `SELECT name FROM clinic WHERE authorised_from <= (now() AT TIME ZONE 'Europe/Stockholm')::date
       AND (authorised_to IS NULL OR authorised_to > (now() AT TIME ZONE 'Europe/Stockholm')::date)`,
  )
  return rows.map((r) => r.name).sort(swedish.compare)
}

async function search(page: Page) {
  await page.getByRole('button', { name: 'Visa vårdcentraler' }).click()
}

test.describe('the finder', () => {
  test('lists every clinic authorised today in Swedish order, with today’s listed counts and the list’s status', async ({ page }) => {
    const errors = collectPageErrors(page)
    const response = await page.goto('/vardcentraler')
    expect(response?.status()).toBe(200)
    await expect(h1(page)).toHaveText('Vårdcentraler')
    const expected = await authorisedToday()
    expect(await shownNames(page)).toEqual(expected)
    await expect(page.getByRole('status')).toHaveText(`${expected.length} vårdcentraler`)
    // seed.ts's clinics, in Swedish order (Å before Ä), counting only the listings covering today.
    const seeded = (await shownClinics(page)).filter((c) => E2E_REGION.clinics.some((s) => s.name === c.name))
    expect(seeded).toEqual(
      E2E_REGION.clinics.map((c) => ({
        name: c.name,
        municipality: c.municipality,
        ownership: ownershipSv[c.ownership],
        listedToday: String(c.listedToday),
      })),
    )
    const akern = cards(page).filter({ hasText: AKERN.name })
    await expect(akern.locator('[data-field="services"]')).toHaveText('Allmänmedicin, Barnavårdscentral (BVC), Barnmorskemottagning (MVC)')
    await expect(akern.locator('[data-field="address"]')).toHaveText('Storgatan 1, 99101 Älvby')
    await expect(akern.locator('[data-field="list-status"]')).toHaveText('Öppen lista')
    // A logged-out visitor has no area: no distances, no sorting by them.
    await expect(akern.locator('[data-field="distance"]')).toHaveCount(0)
    await expect(page.getByLabel('Sortera')).toHaveCount(0)
    await expectHydrated(page)
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  test('searches by name without minding case or å, ä, ö', async ({ page }) => {
    await page.goto('/vardcentraler')
    await expectHydrated(page)
    await page.getByLabel('Sök på namn').fill('AKERNS')
    await search(page)
    await expect(page).toHaveURL(/[?&]sok=AKERNS(&|$)/)
    await expect(page.getByRole('status')).toHaveText('1 vårdcentral')
    await expect.poll(() => shownNames(page)).toEqual([AKERN.name])
    await expect(page.getByLabel('Sök på namn')).toHaveValue('AKERNS')

    await page.getByLabel('Sök på namn').fill('finns inte')
    await search(page)
    await expect(page.getByText('Det finns inga vårdcentraler som matchar ditt val.')).toBeVisible()
    await expect(page.getByRole('status')).toHaveText('0 vårdcentraler')
  })

  test('filters by services, hours, languages, accessibility and open lists, each choice kept in the address', async ({ page }) => {
    test.setTimeout(90_000)
    const check = async (label: string, expected: string[]) => {
      await page.goto('/vardcentraler')
      await expectHydrated(page)
      await page.getByLabel(label, { exact: true }).check()
      await search(page)
      await expect(page.getByLabel(label, { exact: true })).toBeChecked()
      await expect.poll(() => shownNames(page), { message: label }).toEqual(expected)
    }
    await check('Barnavårdscentral (BVC)', [AKERN.name])
    await check('Ungdomsmottagning', [ANGEN.name])
    await check('Öppet kvällar (efter kl. 18 på vardagar)', [AKERN.name])
    await check('Öppet lördag eller söndag', [BJORKAS.name])
    await check('somaliska', [BJORKAS.name])
    await check('Hörslinga', [AKERN.name])
    await check('Entré utan trappsteg', [AKERN.name, ANGEN.name])

    // Languages: any of those ticked; the other filters: all of them.
    await page.goto('/vardcentraler?sprak=so&sprak=fa')
    expect(await shownNames(page)).toEqual([BJORKAS.name, ANGEN.name])
    await page.goto('/vardcentraler?tillganglighet=step_free_entrance&tillganglighet=accessible_toilet')
    expect(await shownNames(page)).toEqual([ANGEN.name])

    // Open lists only: the capped, full clinic goes, seed.ts's three stay.
    await page.goto('/vardcentraler')
    await expect(cards(page).filter({ hasText: cappedClinic.name }).locator('[data-field="list-status"]')).toHaveText('Stängd lista')
    await page.getByLabel('Bara vårdcentraler som tar emot nya invånare (öppen lista)').check()
    await search(page)
    await expect(page).toHaveURL(/[?&]oppen=1(&|$)/)
    await expect(page.getByRole('status')).toHaveText(`${(await authorisedToday()).length - 1} vårdcentraler`)
    const open = await shownNames(page)
    expect(open).not.toContain(cappedClinic.name)
    expect(open).toEqual(expect.arrayContaining(E2E_REGION.clinics.map((c) => c.name)))
    await expectNoAxeViolations(page)
  })

  test('the municipality filter shows only that municipality’s clinics', async ({ page }) => {
    await page.goto('/vardcentraler')
    await expectHydrated(page)
    await page.getByLabel('Kommun').selectOption({ label: 'Björkås' })
    await search(page)
    await expect(page).toHaveURL(/[?&]kommun=9902(&|$)/)
    await expect(page.getByRole('status')).toHaveText('1 vårdcentral i Björkås')
    await expect.poll(() => shownClinics(page)).toEqual([{ name: BJORKAS.name, municipality: 'Björkås', ownership: 'Privat driven', listedToday: '2' }])
    await expect(page.getByLabel('Kommun')).toHaveValue('9902')

    await page.getByLabel('Kommun').selectOption({ label: 'Älvby' })
    await search(page)
    await expect(page.getByRole('status')).toContainText('i Älvby')
    const alvby = await shownClinics(page)
    expect(alvby.map((c) => c.name)).toEqual(expect.arrayContaining([AKERN.name, ANGEN.name]))
    expect(alvby.every((c) => c.municipality === 'Älvby')).toBe(true)

    await page.getByLabel('Kommun').selectOption({ label: 'Alla kommuner' })
    await search(page)
    const all = await authorisedToday()
    await expect.poll(() => shownNames(page)).toEqual(all)
  })

  test('a malformed filter is a 400, a page past the last a 404', async ({ page }) => {
    for (const bad of ['kommun=abc', 'tjanst=tandvard', 'sprak=arabiska', 'oppen=ja']) {
      const response = await page.goto(`/vardcentraler?${bad}`)
      expect(response?.status(), bad).toBe(400)
      await expect(h1(page)).toHaveText('Felaktig förfrågan')
    }
    expect((await page.goto('/vardcentraler?sida=99'))?.status()).toBe(404)
  })

  test('in English, with the languages named in English', async ({ page }) => {
    await page.goto('/vardcentraler?lang=en')
    await expect(h1(page)).toHaveText('Health centres')
    await expect(page.getByRole('status')).toHaveText(`${(await authorisedToday()).length} health centres`)
    await expect(page.getByLabel('Municipality')).toBeVisible()
    await expect(page.getByLabel('Somali', { exact: true })).toBeVisible()
    await expect(page.getByLabel('Open evenings (after 18:00 on weekdays)')).toBeVisible()
    await expectHydrated(page)
    await expectNoAxeViolations(page)
    await page.goto(`/vardcentraler/${AKERN.hsaId}`)
    await expect(page.locator('[data-field="languages"]')).toHaveText('Swedish, English, Arabic')
    await expect(page.getByText('No quality results have been published yet.')).toBeVisible()
    await expectNoAxeViolations(page)
  })
})

test.describe('a clinic’s page', () => {
  test('facts, hours by weekday, today’s listed count, an open list and the way to choose it', async ({ page }) => {
    const errors = collectPageErrors(page)
    await page.goto('/vardcentraler')
    await page.getByRole('link', { name: AKERN.name }).click()
    await expect(page).toHaveURL(new RegExp(`/vardcentraler/${AKERN.hsaId}$`))
    await expect(h1(page)).toHaveText(AKERN.name)
    await expect(page).toHaveTitle(`${AKERN.name} – Vårdval`)
    const fact = (field: string) => page.locator(`[data-field="${field}"]`)
    await expect(fact('address')).toHaveText('Storgatan 1, 99101 Älvby')
    await expect(fact('phone')).toHaveText('0155-12 34 56')
    await expect(fact('phone').getByRole('link')).toHaveAttribute('href', 'tel:0155123456')
    await expect(fact('website').getByRole('link')).toHaveAttribute('href', 'https://akern.example.se')
    await expect(fact('services')).toHaveText('Allmänmedicin, Barnavårdscentral (BVC), Barnmorskemottagning (MVC)')
    await expect(fact('languages')).toHaveText('svenska, engelska, arabiska')
    await expect(fact('accessibility')).toHaveText('Entré utan trappsteg, Hörslinga')
    await expect(fact('listed-count')).toHaveText(String(AKERN.listedToday))
    await expect(fact('list-status')).toHaveText('Öppen lista')

    const hours = page.getByRole('table', { name: 'Öppettider per veckodag' })
    await expect(hours.getByRole('rowheader')).toHaveText(['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'])
    await expect(hours.locator('tbody td')).toHaveText(['08:00–17:00', '08:00–19:00', '08:00–17:00', '08:00–17:00', '08:00–17:00', 'Stängt', 'Stängt'])

    await expect(page.getByRole('heading', { level: 2, name: 'Kvalitet' })).toBeVisible()
    await expect(page.getByText('Inga kvalitetsresultat är publicerade ännu.')).toBeVisible()
    await expect(page.getByRole('link', { name: 'Välj den här vårdcentralen' })).toHaveAttribute('href', `/mina-sidor/valj/${AKERN.hsaId}`)
    await expectHydrated(page)
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  test('a list closed by the region says so, offers no choice and links to the open lists', async ({ page }) => {
    await page.goto(`/vardcentraler/${cappedClinic.hsaId}`)
    await expect(h1(page)).toHaveText(cappedClinic.name)
    await expect(page.locator('[data-field="list-status"]')).toHaveText('Stängd lista')
    await expect(page.getByText('Listan är stängd av regionen.')).toBeVisible()
    await expect(page.getByRole('link', { name: 'Välj den här vårdcentralen' })).toHaveCount(0)
    await expect(page.locator('[data-field="phone"]')).toHaveText('Inga uppgifter')
    await expect(page.getByRole('table', { name: 'Öppettider per veckodag' })).toHaveCount(0)
    await expectNoAxeViolations(page)
    await page.getByRole('link', { name: 'Visa vårdcentraler med öppen lista' }).click()
    await expect(page).toHaveURL(/\/vardcentraler\?oppen=1$/)
    await expect(page.getByLabel('Bara vårdcentraler som tar emot nya invånare (öppen lista)')).toBeChecked()
    expect(await shownNames(page)).not.toContain(cappedClinic.name)
  })

  test('an unknown clinic, or one no longer authorised, is a 404', async ({ page }) => {
    expect((await page.goto('/vardcentraler/SE9990000000-NONE'))?.status()).toBe(404)
    expect((await page.goto('/vardcentraler/SE9990000000-E2E7'))?.status()).toBe(404)
  })
})

test.describe('the comparison', () => {
  test('two clinics side by side, facts as rows, and back to the same results', async ({ page }) => {
    const errors = collectPageErrors(page)
    await page.goto('/vardcentraler?tjanst=general_practice')
    await expectHydrated(page)
    await page.getByLabel(`Jämför ${AKERN.name}`).check()
    await page.getByLabel(`Jämför ${BJORKAS.name}`).check()
    await page.getByRole('button', { name: 'Jämför valda vårdcentraler' }).click()
    await expect(page).toHaveURL(/\/vardcentraler\/jamfor\?/)
    const url = new URL(page.url())
    expect(url.searchParams.getAll('hsa').sort()).toEqual([BJORKAS.hsaId, AKERN.hsaId].sort())
    await expect(h1(page)).toHaveText('Jämför vårdcentraler')

    const table = page.getByRole('table', { name: 'Jämförelse av vårdcentraler' })
    await expect(table.getByRole('columnheader')).toHaveText(['Uppgift', BJORKAS.name, AKERN.name])
    const row = (field: string) => table.locator(`tr[data-field="${field}"] td`)
    await expect(row('municipality')).toHaveText(['Björkås', 'Älvby'])
    await expect(row('languages')).toHaveText(['svenska, somaliska', 'svenska, engelska, arabiska'])
    await expect(row('evening')).toHaveText(['Nej', 'Ja'])
    await expect(row('weekend')).toHaveText(['Ja', 'Nej'])
    await expect(row('hours-6')).toHaveText(['10:00–14:00', 'Stängt'])
    await expect(row('listed-count')).toHaveText([String(BJORKAS.listedToday), String(AKERN.listedToday)])
    await expect(row('list-status')).toHaveText(['Öppen lista', 'Öppen lista'])
    await expect(table.getByRole('rowheader', { name: 'Listade invånare i dag' })).toBeVisible()
    await expectNoAxeViolations(page)

    await page.getByRole('link', { name: 'Tillbaka till sökresultatet' }).first().click()
    await expect(page).toHaveURL(/\/vardcentraler\?tjanst=general_practice&/)
    await expect(page.getByLabel('Allmänmedicin')).toBeChecked()
    await expect(page.getByLabel(`Jämför ${AKERN.name}`)).toBeChecked()
    await expect(page.getByLabel(`Jämför ${ANGEN.name}`)).not.toBeChecked()
    expect(errors).toEqual([])
  })

  test('more than four, fewer than two, or an unknown clinic: a clear message, not a table', async ({ page }) => {
    const five = ['A', 'B', 'C', 'D', 'E'].map((x) => `hsa=SE-${x}`).join('&')
    let response = await page.goto(`/vardcentraler/jamfor?${five}`)
    expect(response?.status()).toBe(400)
    const alert = page.getByRole('alert')
    await expect(alert).toContainText('Du kan jämföra högst fyra vårdcentraler åt gången, men du valde 5.')
    await expect(page.getByRole('table')).toHaveCount(0)
    await expectNoAxeViolations(page)

    response = await page.goto(`/vardcentraler/jamfor?hsa=${AKERN.hsaId}`)
    expect(response?.status()).toBe(400)
    await expect(page.getByRole('alert')).toContainText('Du har bara valt en vårdcentral.')

    response = await page.goto(`/vardcentraler/jamfor?hsa=${AKERN.hsaId}&hsa=SE9990000000-NONE`)
    expect(response?.status()).toBe(400)
    await expect(page.getByRole('alert')).toContainText('En av vårdcentralerna du valde finns inte')
  })
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the filters and the comparison are plain GET forms', async ({ page }) => {
    await page.goto('/vardcentraler')
    await page.getByLabel('Kommun').selectOption({ label: 'Björkås' })
    await search(page)
    await expect(page).toHaveURL(/[?&]kommun=9902(&|$)/)
    await expect.poll(() => shownClinics(page)).toEqual([{ name: BJORKAS.name, municipality: 'Björkås', ownership: 'Privat driven', listedToday: '2' }])

    await page.goto('/vardcentraler')
    await page.getByLabel('Öppet kvällar (efter kl. 18 på vardagar)').check()
    await search(page)
    await expect(page).toHaveURL(/[?&]kvall=1(&|$)/)
    await expect.poll(() => shownNames(page)).toEqual([AKERN.name])

    await page.goto('/vardcentraler')
    await page.getByLabel(`Jämför ${AKERN.name}`).check()
    await page.getByLabel(`Jämför ${ANGEN.name}`).check()
    await page.getByRole('button', { name: 'Jämför valda vårdcentraler' }).click()
    await expect(page.getByRole('table', { name: 'Jämförelse av vårdcentraler' }).getByRole('columnheader')).toHaveText(['Uppgift', AKERN.name, ANGEN.name])
  })
})

test.describe('a logged-in citizen', () => {
  test('sees the clinics nearest their area first, with straight-line distances', async ({ page }) => {
    await loginAs(page, { subject: E2E_REGION.users.citizen.subject })
    await page.goto('/vardcentraler')
    await expect(page.getByLabel('Sortera')).toHaveValue('avstand')
    await expect(page.getByText('Avstånden är fågelvägen från mitten av det område där du är folkbokförd.')).toBeVisible()
    const seededOrder = (names: string[]) => names.filter((n) => E2E_REGION.clinics.some((c) => c.name === n))
    // Ingrid lives in Älvby centrum (59.000, 16.000).
    expect(seededOrder(await shownNames(page))).toEqual([AKERN.name, ANGEN.name, BJORKAS.name])
    const distance = (name: string) => cards(page).filter({ hasText: name }).locator('[data-field="distance"]')
    await expect(distance(AKERN.name)).toHaveText('0,3 km')
    await expect(distance(ANGEN.name)).toHaveText('4,4 km')
    await expect(distance(BJORKAS.name)).toHaveText('44,7 km')
    await expectNoAxeViolations(page)

    await page.getByLabel('Sortera').selectOption({ label: 'Efter namn' })
    await search(page)
    await expect(page).toHaveURL(/[?&]sortering=namn(&|$)/)
    await expect.poll(async () => seededOrder(await shownNames(page))).toEqual([BJORKAS.name, AKERN.name, ANGEN.name])
    await expect(distance(AKERN.name)).toHaveText('0,3 km')
  })
})

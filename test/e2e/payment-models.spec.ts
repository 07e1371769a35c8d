import { expect, test, type Locator, type Page } from '@playwright/test'
import { DEMO_PAYMENT_MODEL } from '../../app/modules/payments/model.ts'
import { collectPageErrors, expectHydrated, expectNoAxeViolations, query } from './helpers.ts'
import { E2E_PAYMENTS } from './seed-payments.ts'
import { E2E_REGION } from './seed.ts'
import { loginAs as loginThroughIdp } from './auth.ts'

// The e2e database is shared with the other spec files: versions made here have names of their
// own, and nothing is assumed about other versions beyond the seeded, adopted 2026.1.
const SEEDED = E2E_PAYMENTS.model
const { commissioner, clinicStaff } = E2E_REGION.users

async function storedVersions(version: string): Promise<number> {
  const [row] = await query<{ n: number }>('SELECT count(*)::int AS n FROM payment_model WHERE version = $1', [version])
  return row!.n
}

async function loginAs(page: Page, who: { subject: string }, landing: RegExp): Promise<void> {
  await loginThroughIdp(page, who)
  await expect(page).toHaveURL(landing)
}

/** The demo model with other parameters, as JSON text. */
function modelJson(change: (model: Record<string, any>) => void): string {
  const model = structuredClone(DEMO_PAYMENT_MODEL) as Record<string, any>
  change(model)
  return JSON.stringify(model, null, 2)
}

/** An independent oracle for the money format: Intl, which formats decimal strings exactly. */
const sek = (amount: string, locale = 'sv-SE') =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'SEK' }).format(amount as never)

/** "+1 234,56 kr" / "−12,00 kr" → öre, exactly. */
function ore(text: string): bigint {
  const digits = BigInt(text.replace(/[^\d]/g, ''))
  return /[−-]/.test(text) ? -digits : digits
}

const versionsTable = (page: Page) => page.getByRole('table', { name: /Alla versioner/ })
const versionRow = (page: Page, version: string) =>
  versionsTable(page).locator('tbody tr', { has: page.getByRole('rowheader', { name: version, exact: true }) })
const tableRow = (table: Locator, header: string) =>
  table.locator('tr', { has: table.page().getByRole('rowheader', { name: header, exact: true }) })

test.describe('/region/modeller', () => {
  test('the header link leads to the versions; the seeded 2026.1 is adopted and in force', async ({ page }) => {
    const errors = collectPageErrors(page)
    await loginAs(page, commissioner, /\/region$/)
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ersättningsmodeller' }).click()
    await expect(page).toHaveURL(/\/region\/modeller$/)
    await expect(page).toHaveTitle('Ersättningsmodeller – Vårdval')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ersättningsmodeller')
    await expect(versionsTable(page).getByRole('columnheader')).toHaveText(['Version', 'Gäller från', 'Status', 'Skapad', 'Antagen'])
    const seeded = versionRow(page, SEEDED)
    await expect(seeded.getByRole('cell')).toHaveText([
      '2025-01',
      /^Antagen/,
      /^\d{4}-\d{2}-\d{2}\s\d{2}:\d{2}$/,
      /^\d{4}-\d{2}-\d{2}\s\d{2}:\d{2}$/,
    ])
    await expect(page.getByRole('button', { name: 'Spara som utkast' })).toBeVisible()
    await expectHydrated(page)
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  test('an invalid model is refused with status 400, every problem listed, and nothing stored', async ({ page }) => {
    const version = 'E2E-invalid'
    const json = modelJson((m) => {
      m.version = version
      m.ageSex.bands.splice(2, 1) // a gap: ages 7–19
      m.ageSex.krPerPointPerYear = '-3564.00'
    })
    const problems = [
      'ageSex.krPerPointPerYear: must not be negative',
      'ageSex.bands[2].fromAge: gap: ages 7–19 are not covered (band [1] ends at 6)',
    ]
    await loginAs(page, commissioner, /\/region$/)
    await page.goto('/region/modeller')
    await expectHydrated(page)
    await page.getByLabel('Klistra in modellen (JSON)').fill(json)
    await page.getByRole('button', { name: 'Spara som utkast' }).click()

    const summary = page.getByRole('alert')
    await expect(summary.getByRole('heading')).toHaveText('Modellen sparades inte. Rätta 2 fel:')
    await expect(summary.getByRole('listitem')).toHaveText(problems)
    // Each problem links to the field it concerns, and focus is on the summary.
    for (const link of await summary.getByRole('link').all()) await expect(link).toHaveAttribute('href', '#modell-json')
    await expect(summary).toBeFocused()
    await expect(page).toHaveTitle('Fel: Ersättningsmodeller – Vårdval')
    await expect(page.getByLabel('Klistra in modellen (JSON)')).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByLabel('Klistra in modellen (JSON)')).toHaveValue(json)
    await expect(versionRow(page, version)).toHaveCount(0)
    await expectNoAxeViolations(page)
    expect(await storedVersions(version)).toBe(0)

    // The same as a plain multipart POST: the status is 400, and still nothing is stored.
    const response = await page.request.post('/region/modeller', { multipart: { json } })
    expect(response.status()).toBe(400)
    const html = await response.text()
    for (const problem of problems) expect(html).toContain(problem)
    expect(await storedVersions(version)).toBe(0)

    // Neither a file nor a text: said so, with status 400.
    const empty = await page.request.post('/region/modeller', { multipart: { json: '' } })
    expect(empty.status()).toBe(400)
    expect(await empty.text()).toContain('Välj en fil eller klistra in modellen.')

    // More than 256 kB is refused unparsed.
    const large = await page.request.post('/region/modeller', { multipart: { json: `{"version": "${'x'.repeat(300 * 1024)}"}` } })
    expect(large.status()).toBe(413)
    expect(await large.text()).toContain('Modellen är för stor. Den får vara högst 256 kB.')
  })

  test.describe('a draft from upload to adoption', () => {
    test.describe.configure({ mode: 'serial' })
    const version = 'E2E-draft'
    const draftJson = modelJson((m) => {
      m.version = version
      m.validFrom = '2026-12'
      m.ageSex.krPerPointPerYear = '3600.00'
    })
    let draftUrl = ''

    test('uploading a valid model file stores it as a draft, shown with its parameters', async ({ page }) => {
      const errors = collectPageErrors(page)
      await loginAs(page, commissioner, /\/region$/)
      await page.goto('/region/modeller')
      await expectHydrated(page)
      await page
        .getByLabel('Välj en fil med modellen (JSON)')
        .setInputFiles({ name: 'e2e-draft.json', mimeType: 'application/json', buffer: Buffer.from(draftJson) })
      await page.getByRole('button', { name: 'Spara som utkast' }).click()

      await expect(page).toHaveURL(/\/region\/modeller\/\d+\?uppladdad=ny$/)
      draftUrl = new URL(page.url()).pathname
      await expect(page.getByRole('status')).toHaveText(`Version ${version} är sparad som utkast.`)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Ersättningsmodell ${version}`)
      const facts = page.getByRole('region', { name: 'Om versionen' })
      await expect(facts.locator('dd')).toHaveText([
        version,
        '2026-12',
        'Utkast',
        /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
        'Inte antagen',
        /^[0-9a-f]{64}$/,
      ])
      const [stored] = await query<{ fingerprint: string; status: string }>(
        'SELECT fingerprint, status::text FROM payment_model WHERE version = $1',
        [version],
      )
      expect(stored).toMatchObject({ status: 'draft' })
      await expect(facts.locator('code')).toHaveText(stored!.fingerprint)

      // The parameters, readably: the bands with F and M points, the indicators with their direction.
      const ageSex = page.getByRole('region', { name: 'Ålder och kön' })
      await expect(ageSex).toContainText('Kronor per poäng och år3 600,00 kr')
      const bands = page.getByRole('table', { name: 'Poäng per åldersgrupp och kön' })
      await expect(bands.getByRole('rowheader')).toHaveText([
        '0 år',
        '1–6 år',
        '7–19 år',
        '20–39 år',
        '40–64 år',
        '65–74 år',
        '75–84 år',
        '85 år och äldre',
      ])
      await expect(tableRow(bands, '0 år').getByRole('cell')).toHaveText(['1,30', '1,40'])
      await expect(tableRow(bands, '85 år och äldre').getByRole('cell')).toHaveText(['2,60', '2,50'])
      const indicators = page.getByRole('table', { name: 'Indikatorer' })
      await expect(tableRow(indicators, 'TEL_SAME_DAY').getByRole('cell')).toHaveText(['3', '70 %', '90 %', '30', 'högre är bättre'])
      await expect(tableRow(indicators, 'ELDERLY_AVOID_DRUGS').getByRole('cell')).toHaveText(['2', '12 %', '6 %', '30', 'lägre är bättre'])
      await expect(page.getByRole('region', { name: 'Vårdtyngd (ACG)' })).toContainText('Kronor per poäng och år3 528,00 kr')
      await expect(page.getByRole('region', { name: 'Målrelaterad ersättning' })).toContainText('10 %')
      await expect(page.getByRole('region', { name: 'Momskompensation' })).toContainText('3 %Gäller förPrivat drivna vårdcentraler')
      await expectNoAxeViolations(page)

      // In the list, as a draft.
      await page.getByRole('link', { name: 'Alla ersättningsmodeller' }).click()
      await expect(versionRow(page, version).getByRole('cell')).toHaveText(['2026-12', 'Utkast', /^\d{4}-/, 'Inte antagen'])

      // The same upload again changes nothing, and says so.
      await page.getByLabel('Klistra in modellen (JSON)').fill(draftJson)
      await page.getByRole('button', { name: 'Spara som utkast' }).click()
      await expect(page).toHaveURL(new RegExp(`${draftUrl}\\?uppladdad=fanns$`))
      await expect(page.getByRole('status')).toHaveText(`Version ${version} fanns redan med exakt samma parametrar. Ingenting ändrades.`)
      expect(await storedVersions(version)).toBe(1)
      expect(errors).toEqual([])
    })

    test('comparing 2026.1 with the draft lists exactly the changed parameters', async ({ page }) => {
      await loginAs(page, commissioner, /\/region$/)
      await page.goto(draftUrl)
      await page.getByRole('link', { name: `Jämför med ${SEEDED}` }).click()
      await expect(page).toHaveURL(/\/region\/modeller\/jamfor\?fran=\d+&till=\d+$/)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Jämför versioner')
      const table = page.getByRole('table', { name: `Skillnader från ${SEEDED} till ${version}` })
      await expect(table.getByRole('columnheader')).toHaveText(['Parameter', `${SEEDED} (före)`, `${version} (efter)`])
      await expect(table.locator('tbody tr')).toHaveText([
        `version${SEEDED}${version}`,
        'validFrom2025-012026-12',
        'ageSex.krPerPointPerYear35643600',
      ])
      await expect(page.getByText('3 parametrar skiljer sig.')).toBeVisible()
      await expect(page.getByLabel('Från version (före)')).toHaveValue(new URL(page.url()).searchParams.get('fran')!)
      await expectNoAxeViolations(page)

      // The same version twice: no differences.
      const id = new URL(page.url()).searchParams.get('till')!
      await page.getByLabel('Från version (före)').selectOption(id)
      await page.getByRole('button', { name: 'Jämför' }).click()
      await expect(page).toHaveURL(new RegExp(`fran=${id}&till=${id}$`))
      await expect(page.getByRole('status')).toHaveText(`Inga skillnader: ${version} och ${version} har samma parametrar.`)

      // A query that is not two version ids, or names one that does not exist: 400, said on the page.
      const bad = await page.goto('/region/modeller/jamfor?fran=abc&till=1')
      expect(bad?.status()).toBe(400)
      await expect(page.getByRole('alert')).toHaveText(/inte är ett versionsnummer/)
      const unknown = await page.goto(`/region/modeller/jamfor?fran=2147483647&till=${id}`)
      expect(unknown?.status()).toBe(400)
      await expect(page.getByRole('alert')).toHaveText(/En av versionerna finns inte/)
      await expectNoAxeViolations(page)
    })

    test('the what-if for 2026-10 shows every clinic under 2026.1 and under the draft, and the difference', async ({ page }) => {
      const errors = collectPageErrors(page)
      await loginAs(page, commissioner, /\/region$/)
      await page.goto(draftUrl)
      await page.getByRole('link', { name: /^Vad händer om/ }).click()
      await expect(page).toHaveURL(new RegExp(`${draftUrl}/vad-om$`))
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Vad händer om ${version} hade gällt?`)
      await page.getByLabel('Månad', { exact: true }).fill(E2E_PAYMENTS.openMonth)
      await page.getByRole('button', { name: 'Beräkna' }).click()
      await expect(page).toHaveURL(new RegExp(`vad-om\\?manad=${E2E_PAYMENTS.openMonth}$`))

      const table = page.getByRole('table', { name: `Ersättning för ${E2E_PAYMENTS.openMonth}: ${SEEDED} (gällde) och ${version}` })
      // The figures under the model in force are those of the month's stored run.
      const stored = await query<{ name: string; listed: number; total: string }>(
        `SELECT c.name, pc.listed_citizens AS listed, pc.total::text AS total
         FROM payment_clinic pc JOIN clinic c ON c.id = pc.clinic_id
         WHERE pc.run_id = (SELECT id FROM payment_run WHERE month = $1::date ORDER BY revision DESC LIMIT 1)`,
        [`${E2E_PAYMENTS.openMonth}-01`],
      )
      expect(stored.map((s) => s.name).sort()).toEqual(E2E_REGION.clinics.map((c) => c.name).sort())
      // In Swedish order (Å and Ä after Z), as the clinic list shows them.
      await expect(table.locator('tbody').getByRole('rowheader')).toHaveText(E2E_REGION.clinics.map((c) => c.name))
      let sumCurrent = 0n
      let sumWhatIf = 0n
      for (const clinic of stored) {
        const cells = tableRow(table, clinic.name).getByRole('cell')
        await expect(cells).toHaveCount(12)
        await expect(cells.nth(0)).toHaveText(String(clinic.listed))
        await expect(cells.nth(8)).toHaveText(sek(clinic.total))
        const [current, whatIf, difference] = [
          await cells.nth(8).innerText(),
          await cells.nth(9).innerText(),
          await cells.nth(10).innerText(),
        ]
        expect(ore(difference)).toBe(ore(whatIf) - ore(current))
        if (clinic.listed > 0) {
          // A higher krPerPointPerYear pays more to every clinic with listed citizens.
          expect(ore(difference)).toBeGreaterThan(0n)
          await expect(cells.nth(11)).toHaveText(/^\+\d+,\d\s%$/)
        } else {
          expect(ore(difference)).toBe(0n)
        }
        sumCurrent += ore(current)
        sumWhatIf += ore(whatIf)
      }
      expect(stored.filter((s) => s.listed > 0).length).toBeGreaterThanOrEqual(2)
      const region = tableRow(table, 'Hela regionen').getByRole('cell')
      expect(ore(await region.nth(8).innerText())).toBe(sumCurrent)
      expect(ore(await region.nth(9).innerText())).toBe(sumWhatIf)
      expect(ore(await region.nth(10).innerText())).toBe(sumWhatIf - sumCurrent)
      await expectHydrated(page)
      await expectNoAxeViolations(page)

      // In English, the money is written the English way.
      await page.goto(`${draftUrl}/vad-om?manad=${E2E_PAYMENTS.openMonth}&lang=en`)
      const akern = stored.find((s) => s.name === 'Åkerns vårdcentral')!
      const english = page.getByRole('table', { name: `Payments for ${E2E_PAYMENTS.openMonth}: ${SEEDED} (in force) and ${version}` })
      await expect(tableRow(english, akern.name).getByRole('cell').nth(8)).toHaveText(sek(akern.total, 'en-GB'))
      await expectNoAxeViolations(page)
      await page.goto(`${draftUrl}/vad-om?manad=${E2E_PAYMENTS.openMonth}&lang=sv`)

      expect(errors).toEqual([])

      // A month not yet over is refused (the browser logs the 400); a month before any model says so.
      const future = await page.goto(`${draftUrl}/vad-om?manad=2099-01`)
      expect(future?.status()).toBe(400)
      await expect(page.getByRole('alert')).toHaveText(/tidigare månad/)
      await page.goto(`${draftUrl}/vad-om?manad=2024-06`)
      await expect(page.getByRole('status')).toHaveText(
        'Ingen antagen ersättningsmodell gällde för 2024-06, så det finns inget att jämföra med.',
      )
      await expect(page.getByRole('table')).toHaveCount(0)
    })

    test('adopting the draft asks first, then shows it as adopted', async ({ page }) => {
      await loginAs(page, commissioner, /\/region$/)
      await page.goto(draftUrl)
      await expectHydrated(page)
      await page.getByRole('button', { name: 'Anta', exact: true }).click()
      await expect(page).toHaveURL(new RegExp(`${draftUrl}\\?bekrafta=anta$`))
      await expect(page.getByRole('heading', { name: `Anta version ${version}?` })).toBeFocused()
      await expectNoAxeViolations(page)
      expect((await query<{ status: string }>('SELECT status::text FROM payment_model WHERE version = $1', [version]))[0]!.status).toBe(
        'draft',
      )
      await page.getByRole('button', { name: 'Ja, anta versionen' }).click()

      await expect(page).toHaveURL(new RegExp(`${draftUrl}\\?antagen=1$`))
      await expect(page.getByRole('status')).toHaveText(`Version ${version} är antagen och gäller från och med 2026-12.`)
      const facts = page.getByRole('region', { name: 'Om versionen' })
      await expect(facts.locator('dd').nth(2)).toHaveText('Antagen')
      await expect(facts.locator('dd').nth(4)).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
      await expect(page.getByRole('button', { name: 'Anta', exact: true })).toHaveCount(0)
      await expect(page.getByRole('button', { name: 'Ta bort utkast' })).toHaveCount(0)
      expect((await query<{ status: string }>('SELECT status::text FROM payment_model WHERE version = $1', [version]))[0]!.status).toBe(
        'adopted',
      )

      await page.getByRole('link', { name: 'Alla ersättningsmodeller' }).click()
      await expect(versionRow(page, version).getByRole('cell').nth(1)).toHaveText('Antagen')
      await expectNoAxeViolations(page)
    })

    test.describe('without JavaScript', () => {
      test.use({ javaScriptEnabled: false })
      test('a second draft for the same month cannot be adopted, and is deleted', async ({ page }) => {
        const clash = 'E2E-clash'
        await loginAs(page, commissioner, /\/region$/)
        await page.goto('/region/modeller')
        await page.getByLabel('Välj en fil med modellen (JSON)').setInputFiles({
          name: 'clash.json',
          mimeType: 'application/json',
          buffer: Buffer.from(draftJson.replace(`"${version}"`, `"${clash}"`)),
        })
        await page.getByRole('button', { name: 'Spara som utkast' }).click()
        await expect(page).toHaveURL(/\/region\/modeller\/\d+\?uppladdad=ny$/)
        const clashUrl = new URL(page.url()).pathname

        await page.getByRole('button', { name: 'Anta', exact: true }).click()
        await expect(page.getByRole('heading', { name: `Anta version ${clash}?` })).toBeVisible()
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          page.getByRole('button', { name: 'Ja, anta versionen' }).click(),
        ])
        expect(response.status()).toBe(409)
        const alert = page.getByRole('alert')
        await expect(alert.getByRole('heading')).toHaveText('Versionen antogs inte:')
        await expect(alert.getByRole('listitem')).toHaveText([
          `validFrom: version ${version} is already in force from 2026-12; an adopted version never changes, so choose a later month`,
        ])
        expect((await query<{ status: string }>('SELECT status::text FROM payment_model WHERE version = $1', [clash]))[0]!.status).toBe(
          'draft',
        )

        await page.goto(clashUrl)
        await page.getByRole('button', { name: 'Ta bort utkast' }).click()
        await expect(page.getByRole('heading', { name: `Ta bort utkastet ${clash}?` })).toBeVisible()
        await page.getByRole('button', { name: 'Ja, ta bort utkastet' }).click()
        await expect(page).toHaveURL(/\/region\/modeller\?borttagen=1$/)
        await expect(page.getByRole('status')).toHaveText('Utkastet är borttaget.')
        await expect(versionRow(page, clash)).toHaveCount(0)
        expect(await storedVersions(clash)).toBe(0)
      })
    })
  })

  test('clinic staff get 403 on every payment-model page, and nobody logged in is sent to log in', async ({ page }) => {
    const anonymous = await page.goto('/region/modeller')
    expect(anonymous?.url()).toMatch(/\/logga-in\?next=%2Fregion%2Fmodeller$/)

    await loginAs(page, clinicStaff, /\/mottagning$/)
    await expect(page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ersättningsmodeller' })).toHaveCount(0)
    const [seeded] = await query<{ id: number }>('SELECT id FROM payment_model WHERE version = $1', [SEEDED])
    for (const path of [
      '/region/modeller',
      `/region/modeller/${seeded!.id}`,
      `/region/modeller/jamfor?fran=${seeded!.id}&till=${seeded!.id}`,
      `/region/modeller/${seeded!.id}/vad-om`,
    ]) {
      const response = await page.goto(path)
      expect(response?.status(), path).toBe(403)
    }
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Du har inte behörighet')
    await expectNoAxeViolations(page)
    const upload = await page.request.post('/region/modeller', { multipart: { json: modelJson((m) => (m.version = 'E2E-staff')) } })
    expect(upload.status()).toBe(403)
    const remove = await page.request.post(`/region/modeller/${seeded!.id}`, { form: { intent: 'ta-bort' } })
    expect(remove.status()).toBe(403)
    expect(await storedVersions('E2E-staff')).toBe(0)
  })

  test('a version that does not exist is 404', async ({ page }) => {
    await loginAs(page, commissioner, /\/region$/)
    expect((await page.goto('/region/modeller/2147483647'))?.status()).toBe(404)
    expect((await page.goto('/region/modeller/abc'))?.status()).toBe(404)
    expect((await page.goto('/region/modeller/2147483647/vad-om'))?.status()).toBe(404)
  })
})

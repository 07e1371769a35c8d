import { expect, test } from '@playwright/test'
import { loginAs } from './auth.ts'
import { collectPageErrors, expectNoAxeViolations, query } from './helpers.ts'
import { E2E_APPLICANTS, E2E_SPEC_TITLE, E2E_SPEC_VERSION } from './seed-authorisation.ts'
import { E2E_REGION } from './seed.ts'

/**
 * The kravbok: the commissioner copies the seeded version into a draft, adds a requirement (a
 * bound error first), publishes it after confirming, and finds it frozen; the public pages; and
 * nobody else on the region's pages. The requirement added is optional and the copy keeps every
 * chapter and code of E2E:1, so applications made against the new version meanwhile ask the same.
 */
const commissioner = { subject: E2E_REGION.users.commissioner.subject }
const CONDITIONS = 'Villkor: tillgänglighet och vårdgaranti 0-3-90-90'

async function specId(version: string): Promise<number> {
  const [row] = await query<{ id: number }>(`SELECT id FROM requirement_spec WHERE version = $1`, [version])
  if (!row) throw new Error(`no kravbok version ${version}`)
  return row.id
}

test.describe('/region/kravbok', () => {
  // Login, five axe runs and five submissions.
  test.slow()

  test('copies a version into a draft, adds a requirement after a field error, publishes it after confirmation; it is then frozen', async ({ page }) => {
    const errors = collectPageErrors(page)
    const version = `E2E-K:${Date.now().toString(36)}${test.info().workerIndex}`
    const seeded = await specId(E2E_SPEC_VERSION)

    await loginAs(page, commissioner, '/region/kravbok')
    await expect(page.getByRole('heading', { level: 1, name: 'Kravbok' })).toBeVisible()
    const versions = page.getByRole('table', { name: 'Versioner av kravboken' })
    await expect(versions.getByRole('row').filter({ hasText: E2E_SPEC_VERSION })).toContainText('Publicerad')
    await expectNoAxeViolations(page)

    await page.getByLabel('Kopiera från version').selectOption(String(seeded))
    await page.getByLabel('Versionens namn').fill(version)
    await page.getByLabel('Titel', { exact: true }).fill('Förfrågningsunderlag (e2e, kopia)')
    await page.getByRole('button', { name: 'Skapa utkast' }).click()
    await expect(page.getByRole('heading', { level: 1, name: `Kravbok ${version}` })).toBeVisible()
    await expect(page.getByRole('status')).toHaveText('Utkastet är skapat. Ändra kraven och publicera versionen när den är klar.')
    const draft = await specId(version)
    await expect(page).toHaveURL(new RegExp(`/region/kravbok/${draft}\\?klart=skapad$`))
    await expect(page.locator('[data-field="requirements"]')).toHaveText('45')
    await expect(page.getByRole('table', { name: `Krav i kapitlet ${CONDITIONS}` }).getByRole('row').filter({ hasText: '3.1' })).toContainText(
      '40–168 timmar/vecka · Obligatoriskt',
    )
    await expectNoAxeViolations(page)

    // A number requirement whose minimum is above its maximum: a field error, nothing written.
    const form = page.getByRole('region', { name: 'Nytt krav' })
    await form.getByLabel('Kapitel', { exact: true }).selectOption({ label: `${CONDITIONS} (conditions)` })
    await form.getByLabel('Nummer', { exact: true }).fill('3.9')
    await form.getByLabel('Typ av krav').selectOption({ label: 'Tal' })
    await form.getByLabel(/^Frivilligt/).check()
    await form.getByLabel('Kravtext på svenska').fill('Hur många timmar per vecka har vårdcentralen drop-in för barn och unga?')
    await form.getByLabel('Kravtext på engelska').fill('How many hours a week does the clinic offer drop-in for children and young people?')
    await form.getByLabel('Lägsta värde').fill('10')
    await form.getByLabel('Högsta värde').fill('2')
    await form.getByLabel('Enhet på svenska').fill('timmar/vecka')
    await form.getByLabel('Enhet på engelska').fill('hours/week')
    await form.getByRole('button', { name: 'Lägg till kravet' }).click()

    const summary = page.getByRole('alert')
    await expect(summary.getByRole('heading', { name: 'Det finns ett fel' })).toBeVisible()
    await expect(summary).toBeFocused()
    await expect(page).toHaveTitle(/^Det finns ett fel: Kravbok /)
    const max = form.getByLabel('Högsta värde')
    await expect(max).toHaveAttribute('aria-invalid', 'true')
    await expect(max).toHaveValue('2')
    await expect(page.locator('#krav-max-error')).toHaveText('Högsta värde: får inte vara lägre än det lägsta värdet.')
    await expect(form.getByLabel('Nummer', { exact: true })).toHaveValue('3.9')
    expect(await query(`SELECT 1 FROM requirement WHERE spec_id = $1 AND code = '3.9'`, [draft])).toEqual([])
    await expectNoAxeViolations(page)
    await summary.getByRole('link', { name: 'Högsta värde: får inte vara lägre än det lägsta värdet.' }).click()
    await expect(max).toBeFocused()

    await max.fill('12,5')
    await form.getByRole('button', { name: 'Lägg till kravet' }).click()
    await expect(page.getByRole('status')).toHaveText('Kravet är sparat.')
    await expect(page.getByRole('alert')).toHaveCount(0)
    await expect(page.locator('[data-field="requirements"]')).toHaveText('46')
    const row = page.getByRole('table', { name: `Krav i kapitlet ${CONDITIONS}` }).getByRole('row').filter({ hasText: '3.9' })
    await expect(row).toContainText('Tal')
    await expect(row).toContainText('10–12,5 timmar/vecka · Frivilligt')
    const [stored] = await query<{ mandatory: boolean; rule: unknown; position: number }>(`SELECT mandatory, rule, position FROM requirement WHERE spec_id = $1 AND code = '3.9'`, [draft])
    expect(stored).toEqual({ mandatory: false, rule: { min: '10', max: '12.5', unitSv: 'timmar/vecka', unitEn: 'hours/week', integer: false }, position: 6 })

    // Changed on its own page.
    await row.getByRole('link', { name: 'Ändra krav 3.9' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Ändra krav 3.9' })).toBeVisible()
    await expect(page.getByLabel('Lägsta värde')).toHaveValue('10')
    await expect(page.getByLabel('Högsta värde')).toHaveValue('12.5')
    await expect(page.getByLabel(/^Frivilligt/)).toBeChecked()
    await expectNoAxeViolations(page)
    await page.getByLabel('Kravtext på svenska').fill('Hur många timmar per vecka har vårdcentralen öppen mottagning för barn och unga?')
    await page.getByRole('button', { name: 'Spara kravet' }).click()
    await expect(page.getByRole('status')).toHaveText('Kravet är sparat.')
    await expect(page).toHaveURL(new RegExp(`/region/kravbok/${draft}\\?klart=krav#krav-\\d+$`))
    await expect(row).toContainText('öppen mottagning för barn och unga')

    // Publishing asks first.
    await page.getByRole('button', { name: 'Publicera…' }).click()
    const confirm = page.getByRole('heading', { level: 2, name: `Publicera ${version}?` })
    await expect(confirm).toBeFocused()
    await expect(page.getByText('Det går inte att ändra en publicerad version.', { exact: false })).toBeVisible()
    expect((await query<{ status: string }>(`SELECT status::text FROM requirement_spec WHERE id = $1`, [draft]))[0]!.status).toBe('draft')
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: `Publicera ${version}`, exact: true }).click()

    await expect(page.getByRole('status')).toHaveText('Versionen är publicerad. Nya ansökningar görs mot den från och med nu.')
    await expect(page.locator('[data-field="frozen"]')).toHaveText('Versionen är publicerad och kan inte ändras. Skapa en ny version för att ändra kraven.')
    await expect(page.locator('[data-field="status"]')).toContainText('Publicerad')
    await expect(page.getByRole('region', { name: 'Nytt krav' })).toHaveCount(0)
    await expect(page.getByRole('link', { name: 'Ändra krav 3.9' })).toHaveCount(0)
    await expect(page.getByRole('button', { name: /Publicera|Ta bort/ })).toHaveCount(0)
    const [published] = await query<{ status: string; by: string; at: Date | null }>(
      `SELECT s.status::text, u.subject AS by, s.published_at AS at FROM requirement_spec s JOIN app_user u ON u.id = s.published_by_user_id WHERE s.id = $1`,
      [draft],
    )
    expect(published).toMatchObject({ status: 'published', by: commissioner.subject })
    await expectNoAxeViolations(page)
    // The refused form came back with status 400, which the browser logs; nothing else may.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([])

    // Its requirement can no longer be edited: 409 with a clear message.
    const [req] = await query<{ id: number }>(`SELECT id FROM requirement WHERE spec_id = $1 AND code = '3.9'`, [draft])
    const response = await page.goto(`/region/kravbok/${draft}/krav/${req!.id}`)
    expect(response?.status()).toBe(409)
    await expect(page.getByRole('heading', { level: 1, name: 'Kravet kan inte ändras' })).toBeVisible()
    await expect(page.getByRole('status')).toHaveText('Versionen är publicerad och kan inte ändras. Skapa en ny version för att ändra kraven.')
    await expect(page.getByRole('button', { name: 'Spara kravet' })).toHaveCount(0)
    await expectNoAxeViolations(page)

    await page.goto('/region/kravbok')
    await expect(page.getByRole('table', { name: 'Versioner av kravboken' }).getByRole('row').filter({ hasText: version })).toContainText('gäller för nya ansökningar')
  })

  test('is for the region only: an applicant gets 403', async ({ page }) => {
    await loginAs(page, { subject: E2E_APPLICANTS.applicant.subject }, '/auktorisation')
    const response = await page.goto('/region/kravbok')
    expect(response?.status()).toBe(403)
    const version = await page.goto(`/region/kravbok/${await specId(E2E_SPEC_VERSION)}`)
    expect(version?.status()).toBe(403)
  })
})

test.describe('the public pages', () => {
  test('/auktorisation explains authorisation and links to the kravbok in force, the application and the register', async ({ page }) => {
    const errors = collectPageErrors(page)
    await page.goto('/auktorisation')
    await expect(page.getByRole('heading', { level: 1, name: 'Auktorisation för vårdcentraler' })).toBeVisible()
    await expect(page.getByRole('heading', { level: 2, name: 'Vad är auktorisation?' })).toBeVisible()
    await expect(page.getByText('lagen (2008:962) om valfrihetssystem, LOV', { exact: false })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Gå till ansökan' })).toHaveAttribute('href', '/ansokan')
    await expect(page.getByRole('link', { name: 'Register över auktoriserade vårdcentraler' })).toHaveAttribute('href', '/auktoriserade-vardcentraler')
    const current = page.getByRole('region', { name: 'Kravboken som gäller nu' }).getByRole('link')
    await expect(current).toHaveText(/\(version [^)]+\)$/)
    await expectNoAxeViolations(page)
    await current.click()
    await expect(page).toHaveURL(/\/auktorisation\/kravbok\/\d+$/)
    await expect(page.getByText('Det här är kravboken som nya ansökningar görs mot.')).toBeVisible()
    expect(errors).toEqual([])
  })

  test('a published version is shown read-only, chapter by chapter; a draft is not public', async ({ page }) => {
    const errors = collectPageErrors(page)
    const id = await specId(E2E_SPEC_VERSION)
    await page.goto(`/auktorisation/kravbok/${id}`)
    await expect(page.getByRole('heading', { level: 1, name: E2E_SPEC_TITLE })).toBeVisible()
    await expect(page.getByText(`Version ${E2E_SPEC_VERSION}, publicerad`, { exact: false })).toBeVisible()
    const contents = page.getByRole('navigation', { name: 'Innehåll' })
    await expect(contents.getByRole('link')).toHaveText([
      'Förutsättningar för auktorisation',
      'Uppdraget',
      CONDITIONS,
      'Ledning och kvalitet',
      'Bemanning och kompetens',
      'Lokaler',
      'IT och journalföring',
      'Tolk',
      'Försäkringar',
      'Underleverantörer',
      'Uppföljning',
    ])
    const staffing = page.getByRole('table', { name: 'Krav i kapitlet Bemanning och kompetens' })
    await expect(staffing.getByRole('row').filter({ hasText: '5.1' })).toContainText('Minst 1 heltidstjänster · Obligatoriskt')
    const it = page.getByRole('table', { name: 'Krav i kapitlet IT och journalföring' })
    await expect(it.getByRole('row').filter({ hasText: '7.1' })).toContainText('Godtagbara svar: Regionens journalsystem, Ett annat journalsystem som regionen har godkänt')
    await expect(page.getByRole('table', { name: 'Krav i kapitlet Försäkringar' }).getByRole('row').filter({ hasText: '9.1' })).toContainText('Minst 1 PDF-fil · Obligatoriskt')
    await expect(page.getByRole('link', { name: /^Ändra krav/ })).toHaveCount(0)
    await expectNoAxeViolations(page)

    await page.goto(`/auktorisation/kravbok/${id}?lang=en`)
    await expect(page.getByRole('table', { name: 'Requirements in the chapter Staffing and competence' }).getByRole('row').filter({ hasText: '5.1' })).toContainText(
      'At least 1 full-time posts · Mandatory',
    )
    expect(errors).toEqual([])

    const [draft] = await query<{ id: number }>(`INSERT INTO requirement_spec (version, title) VALUES ($1, 'Utkast som inte är offentligt') RETURNING id`, [
      `E2E-draft:${Date.now().toString(36)}${test.info().workerIndex}`,
    ])
    const response = await page.goto(`/auktorisation/kravbok/${draft!.id}`)
    expect(response?.status()).toBe(404)
    expect((await page.goto('/auktorisation/kravbok/abc'))?.status()).toBe(404)
  })
})

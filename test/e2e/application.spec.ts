import { randomBytes } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { tinyPdf } from '../support/authorisation-fixture.ts'
import { loginAs } from './auth.ts'
import { collectPageErrors, expectHydrated, expectNoAxeViolations, query } from './helpers.ts'
import { E2E_APPLICANTS, E2E_SPEC_VERSION } from './seed-authorisation.ts'

/**
 * The provider's application, applicant side, against the seeded E2E:1 kravbok: start, fill in
 * the sections, answer a chapter with a failing figure and see why, fix it, upload a PDF and a
 * file that is not one, see what blocks, submit once everything is answered (the other chapters
 * through SQL, for speed), see it frozen and on the timeline; another applicant gets 404 on it
 * and its attachment. Every page is checked with axe. The clinic applied for is never approved
 * here, so the finder's clinics do not change.
 */
const applicant = { subject: E2E_APPLICANTS.applicant.subject }
const otherApplicant = { subject: E2E_APPLICANTS.otherApplicant.subject }
const clinicName = `E2E Ansökans vårdcentral ${randomBytes(3).toString('hex')}`
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6360000000020001e221bc330000000049454e44ae426082', 'hex')

let applicationId = 0
let attachmentPath = ''

/** Passing answers to every requirement outside `skipChapters`, written straight to the database; documents get a placeholder row. */
async function answerRestBySql(id: number, skipChapters: string[]): Promise<void> {
  const [user] = await query<{ id: number }>(`SELECT id FROM app_user WHERE subject = $1`, [applicant.subject])
  const requirements = await query<{ id: number; kind: string; rule: Record<string, unknown> }>(
    `SELECT r.id, r.kind, r.rule FROM requirement r
       JOIN requirement_chapter c ON c.id = r.chapter_id
       JOIN authorisation_application a ON a.spec_id = r.spec_id
      WHERE a.id = $1 AND NOT (c.code = ANY ($2::text[]))
        AND NOT EXISTS (SELECT 1 FROM application_attachment f WHERE f.application_id = a.id AND f.requirement_id = r.id)`,
    [id, skipChapters],
  )
  for (const r of requirements) {
    if (r.kind === 'document') {
      await query(
        `INSERT INTO application_attachment (application_id, requirement_id, file_name, storage_key, sha256, size_bytes, uploaded_by_user_id)
         VALUES ($1, $2, 'underlag.pdf', $3, $4, 100, $5)`,
        [id, r.id, `e2e${randomBytes(12).toString('hex')}`, 'a'.repeat(64), user!.id],
      )
      continue
    }
    const value =
      r.kind === 'declaration'
        ? true
        : r.kind === 'number'
          ? String(r.rule.min ?? '1')
          : r.kind === 'choice'
            ? (r.rule.accepted as string[])[0]
            : 'Vi arbetar systematiskt med detta och följer upp arbetet varje månad i hela personalgruppen. '.repeat(Math.ceil(Number(r.rule.minLength ?? 1) / 90))
    await query(
      `INSERT INTO application_answer (application_id, requirement_id, value) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (application_id, requirement_id) DO UPDATE SET value = EXCLUDED.value`,
      [id, r.id, JSON.stringify(value)],
    )
  }
}

async function checkPage(page: Page): Promise<void> {
  await expectHydrated(page)
  await expectNoAxeViolations(page)
}

test.describe.serial('the application, applicant side', () => {
  test('start, fill in, answer, attach, see blockers, submit, frozen, timeline', async ({ page }) => {
    test.setTimeout(150_000)
    const pageErrors = collectPageErrors(page)
    await loginAs(page, applicant, '/ansokan')
    await expect(page.getByRole('heading', { level: 1, name: 'Mina ansökningar om auktorisation' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Meddelanden om dina ansökningar' })).toHaveAttribute('href', '/ansokan/meddelanden')
    await checkPage(page)

    // Start.
    await page.getByRole('button', { name: 'Starta en ny ansökan' }).click()
    await expect(page).toHaveURL(/\/ansokan\/\d+\?klart=startad$/)
    applicationId = Number(new URL(page.url()).pathname.split('/')[2])
    await expect(page.getByRole('status')).toContainText('Ansökan är skapad')
    await expect(page.locator('[data-field="status"]')).toHaveAttribute('data-status', 'draft')
    await expect(page.getByText(`Förfrågningsunderlag ${E2E_SPEC_VERSION}`)).toBeVisible()
    await checkPage(page)

    // The sections: a personnummer as registration number is refused, with a message naming it.
    await page.getByRole('link', { name: 'Fyll i uppgifterna' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Uppgifter om vårdgivare och vårdcentral' })).toBeVisible()
    await checkPage(page)
    const provider = page.locator('#avsnitt-provider')
    await provider.getByLabel('Organisationsnummer').fill('556036-0793')
    await provider.getByLabel('Företagets namn').fill('E2E Vård AB')
    await provider.getByRole('group', { name: 'Har företaget F-skattsedel?' }).getByLabel('Ja').check()
    await provider.getByLabel('Försäkringsbolag').fill('Försäkringsbolaget')
    await provider.getByLabel('Försäkringsnummer').fill('P-1')
    await provider.getByRole('group', { name: 'Ägarform' }).getByLabel('Privat').check()
    await provider.getByRole('button', { name: 'Spara vårdgivaren' }).click()
    await expect(page.getByRole('status')).toContainText('Vårdgivaren: sparat.')

    const clinic = page.locator('#avsnitt-clinic')
    await clinic.getByLabel('Vårdcentralens namn').fill(clinicName)
    await clinic.getByLabel('Gatuadress').fill('Storgatan 1')
    await clinic.getByLabel('Postnummer').fill('611 32')
    await clinic.getByLabel('Ort').fill('Älvby')
    await clinic.getByLabel('Kommun').selectOption({ label: 'Älvby' })
    await clinic.getByLabel('Latitud').fill('59,01')
    await clinic.getByLabel('Longitud').fill('16,02')
    await clinic.getByLabel('Telefon').fill('0155-10 00 00')
    await clinic.getByRole('group', { name: 'Tjänster' }).getByLabel('Allmänmedicin').check()
    await clinic.getByLabel('Språk').fill('sv, en')
    await clinic.getByLabel('Öppnar måndag').fill('08:00')
    await clinic.getByLabel('Stänger måndag').fill('07:00')
    await clinic.getByRole('button', { name: 'Spara vårdcentralen' }).click()
    const summary = page.getByRole('alert')
    await expect(summary).toContainText('Stänger måndag: Stängningstiden ska vara senare än öppningstiden.')
    await checkPage(page)
    await clinic.getByLabel('Stänger måndag').fill('17:00')
    await clinic.getByRole('button', { name: 'Spara vårdcentralen' }).click()
    await expect(page.getByRole('status')).toContainText('Vårdcentralen: sparat.')

    const staffing = page.locator('#avsnitt-staffing')
    await staffing.getByLabel('Specialister i allmänmedicin').fill('2')
    await staffing.getByLabel('Sjuksköterskor', { exact: true }).fill('4,5')
    await staffing.getByRole('button', { name: 'Spara bemanning' }).click()
    await expect(page.getByRole('status')).toContainText('Bemanning: sparat.')

    const lead = page.locator('#avsnitt-medical_lead')
    await lead.getByLabel('Namn').fill('Maria Läkare')
    await lead.getByLabel('Befattning och specialitet').fill('Specialist i allmänmedicin')
    await lead.getByLabel('Legitimationsnummer').fill('19800101-2387')
    await lead.getByRole('button', { name: 'Spara medicinskt ansvarig' }).click()
    await expect(page.getByRole('alert')).toContainText('Det ser ut som ett personnummer')
    await expect(page.locator('#medicalLeadRegNo')).toHaveAttribute('aria-invalid', 'true')
    await checkPage(page)
    await page.locator('#avsnitt-medical_lead').getByLabel('Legitimationsnummer').fill('1234567')
    await page.locator('#avsnitt-medical_lead').getByRole('button', { name: 'Spara medicinskt ansvarig' }).click()
    await expect(page.getByRole('status')).toContainText('Medicinskt ansvarig: sparat.')
    const [stored] = await query<{ reg: string; fskatt: boolean; hours: unknown }>(
      `SELECT medical_lead_reg_no AS reg, f_skatt AS fskatt, opening_hours AS hours FROM authorisation_application WHERE id = $1`,
      [applicationId],
    )
    expect(stored).toEqual({ reg: '1234567', fskatt: true, hours: [{ day: 1, opens: '08:00', closes: '17:00' }] })

    // A chapter: a failing figure says why; fixed, it passes.
    await page.goto(`/ansokan/${applicationId}/krav/conditions`)
    await expect(page.getByRole('heading', { level: 1, name: /Villkor: tillgänglighet/ })).toBeVisible()
    await checkPage(page)
    const r31 = page.locator('[data-code="3.1"]')
    await r31.getByLabel('Svar på krav 3.1').fill('35')
    for (const code of ['3.2', '3.3', '3.5']) await page.locator(`[data-code="${code}"]`).getByRole('group').getByLabel('Ja').check()
    await page.getByRole('button', { name: 'Spara svaren' }).click()
    await expect(page.getByRole('status')).toContainText('Svaren är sparade.')
    await expect(page.getByRole('status')).toContainText('Krav 3.1: Uppfylls inte: minst 40 timmar/vecka krävs, ni angav 35')
    await expect(r31.locator('[data-field="result"]')).toHaveText('Resultat: Uppfylls inte: minst 40 timmar/vecka krävs, ni angav 35')
    await expect(page.locator('[data-code="3.2"] [data-field="result"]')).toHaveText('Resultat: Uppfyllt')
    await checkPage(page)
    await r31.getByLabel('Svar på krav 3.1').fill('abc')
    await page.getByRole('button', { name: 'Spara svaren' }).click()
    await expect(page.getByRole('alert')).toContainText('Svar på krav 3.1: Skriv ett tal')
    await r31.getByLabel('Svar på krav 3.1').fill('42,5')
    await page.getByRole('button', { name: 'Spara svaren' }).click()
    await expect(page.getByRole('status')).toContainText('Alla krav i kapitlet är uppfyllda.')
    await expect(r31.locator('[data-field="result"]')).toHaveText('Resultat: Uppfyllt')
    await expect(r31.getByLabel('Svar på krav 3.1')).toHaveValue('42,5')

    // Attachments: a PDF is accepted; a PNG named .pdf is refused by its content.
    await page.goto(`/ansokan/${applicationId}/krav/admission`)
    const r14 = page.locator('[data-code="1.4"]')
    await r14.getByLabel('Välj en PDF-fil till krav 1.4').setInputFiles({ name: 'Registreringsbevis.pdf', mimeType: 'application/pdf', buffer: tinyPdf() })
    await r14.getByRole('button', { name: 'Ladda upp' }).click()
    await expect(page.getByRole('status')).toContainText('Bilagan är sparad.')
    const link = page.locator('[data-code="1.4"]').getByRole('link', { name: 'Registreringsbevis.pdf' })
    await expect(link).toBeVisible()
    attachmentPath = (await link.getAttribute('href'))!
    await expect(page.locator('[data-code="1.4"] [data-field="result"]')).toHaveText('Resultat: Uppfyllt')
    await checkPage(page)
    await page.locator('[data-code="1.4"]').getByLabel('Välj en PDF-fil till krav 1.4').setInputFiles({ name: 'x.pdf', mimeType: 'application/pdf', buffer: PNG })
    await page.locator('[data-code="1.4"]').getByRole('button', { name: 'Ladda upp' }).click()
    await expect(page.getByRole('alert')).toContainText('Filen är inte en PDF')
    await checkPage(page)
    const files = await query<{ file_name: string }>(`SELECT file_name FROM application_attachment WHERE application_id = $1`, [applicationId])
    expect(files).toEqual([{ file_name: 'Registreringsbevis.pdf' }])

    // The download: a PDF, as an attachment, never sniffed or cached.
    const download = await page.request.get(attachmentPath)
    expect(download.status()).toBe(200)
    expect(download.headers()['content-type']).toBe('application/pdf')
    expect(download.headers()['content-disposition']).toContain(`filename*=UTF-8''Registreringsbevis.pdf`)
    expect(download.headers()['content-disposition']).toMatch(/^attachment;/)
    expect(download.headers()['x-content-type-options']).toBe('nosniff')
    expect(download.headers()['cache-control']).toBe('private, no-store')
    expect((await download.body()).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4')

    // The overview lists what blocks.
    await page.goto(`/ansokan/${applicationId}`)
    const blocking = page.locator('[data-field="blocking"]')
    await expect(blocking).toContainText('Krav 1.1: Ej besvarat')
    await expect(blocking.locator('[data-code="3.1"]')).toHaveCount(0)
    await expect(page.locator('[data-chapter="conditions"] tr[data-code="3.1"]')).toHaveAttribute('data-status', 'pass')
    await checkPage(page)

    // Everything else answered (through SQL, for speed): nothing blocks; the confirmation is required.
    await answerRestBySql(applicationId, ['conditions'])
    await page.reload()
    await expect(page.getByText('Alla uppgifter är ifyllda och alla obligatoriska krav är uppfyllda.')).toBeVisible()
    await page.getByRole('button', { name: 'Skicka in ansökan' }).click()
    await expect(page.getByRole('alert')).toContainText('Bekräfta att uppgifterna är sanna')
    await checkPage(page)
    await page.getByLabel('Jag intygar att uppgifterna i ansökan är sanna och fullständiga.').check()
    await page.getByRole('button', { name: 'Skicka in ansökan' }).click()
    await expect(page).toHaveURL(new RegExp(`/ansokan/${applicationId}\\?klart=inskickad$`))
    await expect(page.getByRole('status')).toContainText('Ansökan är inskickad.')
    await expect(page.locator('[data-field="status"]')).toHaveAttribute('data-status', 'submitted')
    await expect(page.getByRole('button', { name: 'Skicka in ansökan' })).toHaveCount(0)
    const timeline = page.getByRole('table', { name: 'Ansökans händelser, äldst först' })
    await expect(timeline.locator('tr[data-kind]')).toHaveCount(3)
    await expect(timeline.locator('tr[data-kind="created"]')).toContainText('Petra Sökande')
    await expect(timeline.locator('tr[data-kind="attachment_added"]')).toContainText('Bilaga lades till')
    await expect(timeline.locator('tr[data-kind="submitted"]')).toContainText('Ansökan skickades in')
    await checkPage(page)
    const [row] = await query<{ status: string; receipts: number }>(
      `SELECT a.status, (SELECT count(*)::int FROM provider_notification n WHERE n.application_id = a.id AND n.kind = 'application_received') AS receipts
         FROM authorisation_application a WHERE a.id = $1`,
      [applicationId],
    )
    expect(row).toEqual({ status: 'submitted', receipts: 1 })

    // Frozen: no inputs to save on the chapter and details pages.
    await page.goto(`/ansokan/${applicationId}/krav/conditions`)
    await expect(page.getByText('Svaren kan inte ändras nu.')).toBeVisible()
    await expect(page.getByRole('button', { name: 'Spara svaren' })).toHaveCount(0)
    await expect(page.getByLabel('Svar på krav 3.1')).toBeDisabled()
    await checkPage(page)
    await page.goto(`/ansokan/${applicationId}/uppgifter`)
    await expect(page.getByText('Uppgifterna kan inte ändras nu.')).toBeVisible()
    await expect(page.getByLabel('Organisationsnummer')).toBeDisabled()
    await expect(page.getByRole('button', { name: /^Spara/ })).toHaveCount(0)
    await checkPage(page)

    // The list shows it.
    await page.goto('/ansokan')
    const listed = page.locator(`tr[data-application="${applicationId}"]`)
    await expect(listed).toContainText(clinicName)
    await expect(listed).toContainText('Inskickad')
    await expect(listed).toContainText(E2E_SPEC_VERSION)
    // The refused forms above answer 400/409/422 on purpose; the browser logs those, nothing else may appear.
    expect(pageErrors.filter((e) => !/^Failed to load resource: the server responded with a status of (400|409|422) /.test(e))).toEqual([])
  })

  test('another applicant gets 404 on the application and its attachment', async ({ page }) => {
    expect(applicationId).toBeGreaterThan(0)
    await loginAs(page, otherApplicant, '/ansokan')
    await expect(page.locator(`tr[data-application="${applicationId}"]`)).toHaveCount(0)
    for (const path of [`/ansokan/${applicationId}`, `/ansokan/${applicationId}/uppgifter`, `/ansokan/${applicationId}/krav/conditions`, `/ansokan/2000000000`]) {
      const response = await page.goto(path)
      expect(response?.status(), path).toBe(404)
    }
    await checkPage(page)
    const file = await page.request.get(attachmentPath)
    expect(file.status()).toBe(404)
    expect(file.headers()['content-type']).not.toBe('application/pdf')
  })

  test('a form larger than a page takes is answered 413 in words, and nothing is made', async ({ page }) => {
    const errors = collectPageErrors(page)
    await loginAs(page, otherApplicant, '/ansokan')
    await expectHydrated(page)
    const mine = async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM authorisation_application a JOIN app_user u ON u.id = a.applicant_user_id WHERE u.subject = $1`, [otherApplicant.subject]))[0]!.n
    const before = await mine()
    // 300 kB more in the start form than any page takes (256 KiB).
    await page.evaluate(() => {
      const form = [...document.querySelectorAll('form')].find((f) => f.querySelector('input[name="intent"][value="start"]'))!
      const extra = document.createElement('input')
      extra.type = 'hidden'
      extra.name = 'extra'
      extra.value = 'x'.repeat(300 * 1024)
      form.append(extra)
    })
    await page.getByRole('button', { name: 'Starta en ny ansökan' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Formuläret är för stort' })).toBeVisible()
    await expect(page.getByRole('alert')).toContainText('större än 256 kB')
    await expectNoAxeViolations(page)
    expect(await mine()).toBe(before)
    // Without the browser's scripts: the same answer, as a page.
    const response = await page.request.post('/ansokan', { form: { intent: 'start', extra: 'x'.repeat(300 * 1024) } })
    expect(response.status()).toBe(413)
    expect(await response.text()).toContain('Formuläret är för stort')
    expect(await mine()).toBe(before)
    expect(errors.filter((e) => !/status of 413/.test(e))).toEqual([])
  })
})

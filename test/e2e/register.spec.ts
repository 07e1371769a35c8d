import { expect, test, type Page } from '@playwright/test'
import { addDays } from '../../app/modules/listing/rules.ts'
import { swedishDate } from '../../app/utils/sweden.ts'
import { loginAs } from './auth.ts'
import { collectPageErrors, expectHydrated, expectNoAxeViolations, query } from './helpers.ts'
import { E2E_APPLICANTS } from './seed-authorisation.ts'
import { E2E_REGION } from './seed.ts'

/**
 * The register of authorised clinics: the public page (an unknown filter value ignored, and said
 * so) and its open data (CSV, JSON); a commissioner suspending a clinic of this spec's own (in a
 * municipality of its own, so no other spec's clinics or counts change), offered to revoke or end
 * it without lifting the suspension, a form too large refused with 413, then lifting it; and
 * Åkern's staff asking for a list cap that starts next year (so Åkern's list, which other specs
 * choose, never closes today), which the commissioner rejects with a note. axe on every page. Runs
 * in the clinic-lifecycle project, after the finder's specs.
 */
test.describe.configure({ mode: 'serial' })

const commissioner = { subject: E2E_REGION.users.commissioner.subject }
const staff = { subject: E2E_REGION.users.clinicStaff.subject }
const AKERN = E2E_REGION.clinics[1]
const OWN = { hsaId: 'SE9990000000-REG1', name: 'Registrets provvårdcentral', municipality: 'Registerby', municipalityCode: '9977' }
const today = swedishDate()
const nextYear = Number(today.slice(0, 4)) + 1

test.beforeAll(async () => {
  await query(`INSERT INTO municipality (code, name, region_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [OWN.municipalityCode, OWN.municipality, E2E_REGION.region.code])
  await query(`INSERT INTO area (area_code, municipality_code, name, cni, centre_lat, centre_lon) VALUES ('9977-01', $1, 'Registerby centrum', 1, 60, 15) ON CONFLICT DO NOTHING`, [
    OWN.municipalityCode,
  ])
  await query(
    `INSERT INTO clinic (hsa_id, name, area_code, ownership, geography_points, lat, lon, authorised_from, street_address, postal_code, city)
     VALUES ($1, $2, '9977-01', 'private', 0, 60, 15, '2020-01-01', 'Registervägen 1', '99770', 'Registerby') ON CONFLICT DO NOTHING`,
    [OWN.hsaId, OWN.name],
  )
})

const h1 = (page: Page) => page.getByRole('heading', { level: 1 })
const row = (page: Page, hsaId: string) => page.locator(`tr[data-hsa-id="${hsaId}"]`)

test('the public register: statuses today, filters, and the open data as CSV and JSON', async ({ page, request }) => {
  const errors = collectPageErrors(page)
  const response = await page.goto('/auktoriserade-vardcentraler')
  expect(response?.status()).toBe(200)
  await expect(h1(page)).toHaveText('Auktoriserade vårdcentraler')
  await expectHydrated(page)
  const table = page.getByRole('table', { name: `Vårdcentraler i registret den ${today}` })
  await expect(table).toBeVisible()
  const akern = row(page, AKERN.hsaId)
  await expect(akern.locator('[data-field="status"]')).toHaveText('Auktoriserad')
  await expect(akern.getByRole('link', { name: AKERN.name })).toHaveAttribute('href', `/vardcentraler/${AKERN.hsaId}`)
  await expectNoAxeViolations(page)

  await page.getByLabel('Kommun', { exact: true }).selectOption({ label: OWN.municipality })
  await page.getByRole('button', { name: 'Visa', exact: true }).click()
  await expect(page).toHaveURL(/kommun=9977/)
  await expect(page.locator('[data-field="count"]')).toHaveText('1 vårdcentral')
  await expect(table.locator('tbody tr')).toHaveCount(1)
  await expect(row(page, OWN.hsaId).locator('[data-field="status"]')).toHaveText('Auktoriserad')
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Tillfälligt avstängd' })
  await page.getByRole('button', { name: 'Visa', exact: true }).click()
  await expect(page.locator('[data-field="count"]')).toHaveText('0 vårdcentraler')
  await expect(page.getByText('Inga vårdcentraler matchar ditt val.')).toBeVisible()
  await expectNoAxeViolations(page)
  // An unknown value in the address is ignored, and the page says so: never a bare 400.
  const unknown = await page.goto(`/auktoriserade-vardcentraler?status=okand&kommun=${OWN.municipalityCode}`)
  expect(unknown?.status()).toBe(200)
  await expect(page.locator('[data-field="filter-ignored"]')).toHaveText('Adressen hade ett okänt värde för status. Det filtret används inte; välj i listan i stället.')
  await expect(page.locator('[data-field="count"]')).toHaveText('1 vårdcentral')
  await expect(page.getByLabel('Status', { exact: true })).toHaveValue('')
  await expectNoAxeViolations(page)

  const csv = await request.get('/auktoriserade-vardcentraler.csv')
  expect(csv.status()).toBe(200)
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8')
  expect(csv.headers()['access-control-allow-origin']).toBe('*')
  expect(csv.headers()['cache-control']).toBe('public, max-age=300')
  const lines = (await csv.text()).split('\r\n')
  expect(lines[0]).toBe('hsa_id,name,organisation_number,municipality_code,municipality,ownership,status,authorised_from,authorised_to,history')
  expect(lines).toContain(`${AKERN.hsaId},${AKERN.name},,9901,Älvby,public,authorised,2000-01-01,,authorised:2000-01-01`)
  expect(lines).toContain(`${OWN.hsaId},${OWN.name},,9977,Registerby,private,authorised,2020-01-01,,authorised:2020-01-01`)

  const json = await request.get('/auktoriserade-vardcentraler.json')
  expect(json.status()).toBe(200)
  expect(json.headers()['content-type']).toMatch(/^application\/json/)
  expect(json.headers()['access-control-allow-origin']).toBe('*')
  expect(json.headers()['cache-control']).toBe('public, max-age=300')
  const body = (await json.json()) as { date: string; generatedAt: string; clinics: Record<string, unknown>[] }
  expect(body.date).toBe(today)
  expect(Date.parse(body.generatedAt)).not.toBeNaN()
  expect(body.clinics.find((c) => c.hsaId === AKERN.hsaId)).toEqual({
    hsaId: AKERN.hsaId,
    name: AKERN.name,
    organisationNumber: null,
    municipalityCode: '9901',
    municipality: 'Älvby',
    ownership: 'public',
    status: 'authorised',
    authorisedFrom: '2000-01-01',
    authorisedTo: null,
    history: [{ status: 'authorised', from: '2000-01-01' }],
  })
  expect(errors).toEqual([])
})

test('an applicant may not see the region’s register', async ({ page }) => {
  await loginAs(page, { subject: E2E_APPLICANTS.applicant.subject })
  const response = await page.goto('/region/register')
  expect(response?.status()).toBe(403)
})

test('the commissioner suspends a clinic after a confirmation step, then lifts the suspension', async ({ page }) => {
  test.slow()
  const errors = collectPageErrors(page)
  await loginAs(page, commissioner, '/region/register')
  await expect(h1(page)).toHaveText('Registret: status och ändringsansökningar')
  await expectNoAxeViolations(page)
  await page.getByRole('table', { name: `Vårdcentraler och deras status den ${today}` }).getByRole('link', { name: OWN.name }).click()
  await expect(h1(page)).toHaveText(OWN.name)
  await expect(page.locator('[data-field="status-today"]')).toHaveText('Auktoriserad')
  await expectNoAxeViolations(page)

  // Nothing chosen, a date in the past: every problem named, linked to its field.
  await page.getByLabel('Från och med', { exact: true }).fill(addDays(today, -1))
  await page.getByRole('button', { name: 'Fortsätt' }).click()
  const summary = page.getByRole('alert')
  await expect(summary.getByRole('heading', { name: 'Det finns 2 fel' })).toBeVisible()
  await expect(summary.getByRole('link')).toHaveText(['Välj ny status.', 'Skriv ett skäl.'])
  await expect(page.getByLabel('Skäl', { exact: true })).toHaveAttribute('aria-invalid', 'true')
  await expectNoAxeViolations(page)
  await page.getByLabel('Tillfälligt avstängd', { exact: true }).check()
  await page.getByLabel('Skäl', { exact: true }).fill('Verksamheten saknar medicinskt ansvarig läkare.')
  await page.getByRole('button', { name: 'Fortsätt' }).click()
  await expect(summary.getByRole('link')).toHaveText([`Datumet får inte ha passerat. Tidigast i dag, ${today}.`])
  await page.getByLabel('Från och med', { exact: true }).fill(today)
  await page.getByRole('button', { name: 'Fortsätt' }).click()

  const confirm = page.getByRole('region', { name: 'Bekräfta ändringen' })
  await expect(confirm.locator('[data-field="confirm-text"]')).toHaveText(`${OWN.name} blir tillfälligt avstängd från och med ${today}.`)
  await expectNoAxeViolations(page)
  expect(await query(`SELECT authorised_to FROM clinic WHERE hsa_id = $1`, [OWN.hsaId])).toEqual([{ authorised_to: null }])
  await confirm.getByRole('button', { name: 'Bekräfta: tillfälligt avstängd' }).click()

  await expect(page.getByRole('status').filter({ hasText: 'Statusen är ändrad.' })).toBeVisible()
  await expect(page.locator('[data-field="status-today"]')).toHaveText('Tillfälligt avstängd')
  const history = page.getByRole('table', { name: 'Auktorisationens historik, äldst först' })
  await expect(history.locator('tbody tr').nth(1)).toContainText('Verksamheten saknar medicinskt ansvarig läkare.')
  expect(await query(`SELECT authorised_to::text AS to FROM clinic WHERE hsa_id = $1`, [OWN.hsaId])).toEqual([{ to: today }])
  expect(
    await query(
      `SELECT s.status::text, s.valid_from::text AS from, s.reason, u.subject FROM clinic_authorisation_status s JOIN clinic c ON c.id = s.clinic_id
       LEFT JOIN app_user u ON u.id = s.decided_by_user_id WHERE c.hsa_id = $1 ORDER BY s.valid_from`,
      [OWN.hsaId],
    ),
  ).toEqual([
    { status: 'authorised', from: '2020-01-01', reason: null, subject: null },
    { status: 'suspended', from: today, reason: 'Verksamheten saknar medicinskt ansvarig läkare.', subject: commissioner.subject },
  ])
  await expectNoAxeViolations(page)

  // The public register says so, without the reason and without a link to the finder.
  await page.goto(`/auktoriserade-vardcentraler?kommun=${OWN.municipalityCode}`)
  await expect(row(page, OWN.hsaId).locator('[data-field="status"]')).toHaveText('Tillfälligt avstängd')
  await expect(row(page, OWN.hsaId).getByRole('link')).toHaveCount(0)
  await expect(page.getByText('medicinskt ansvarig')).toHaveCount(0)

  // Suspended, it may be lifted, or revoked or ended without lifting it first (not suspended again).
  await page.goto(`/region/register/${OWN.hsaId}`)
  const change = page.getByRole('region', { name: 'Ändra auktorisationens status' })
  await expect(change.getByRole('radio')).toHaveCount(2)
  await expect(change.getByLabel('Återkallad', { exact: true })).toBeVisible()
  await expect(change.getByLabel('Avslutad', { exact: true })).toBeVisible()
  await expect(change).toContainText(`Vårdcentralen är tillfälligt avstängd från och med ${today}.`)

  // A form larger than the page takes: 413 with a message, nothing read or written.
  const large = await page.request.post(`/region/register/${OWN.hsaId}`, { form: { intent: 'preview', status: 'revoked', from: today, reason: 'x'.repeat(300 * 1024) } })
  expect(large.status()).toBe(413)
  expect(await large.text()).toContain('Formuläret är för stort: högst 256 kB kan skickas.')

  // Lifting it: from tomorrow at the earliest (the suspension began today).
  const lift = page.getByRole('region', { name: 'Häv avstängningen' })
  const tomorrow = addDays(today, 1)
  await lift.getByLabel('Auktoriserad igen från och med', { exact: true }).fill(today)
  await lift.getByLabel('Skäl', { exact: true }).fill('Ny medicinskt ansvarig läkare är anställd.')
  await lift.getByRole('button', { name: 'Häv avstängningen' }).click()
  await expect(summary.getByRole('link')).toHaveText([`Datumet ska vara efter ${today}.`])
  await expectNoAxeViolations(page)
  await lift.getByLabel('Auktoriserad igen från och med', { exact: true }).fill(tomorrow)
  await lift.getByRole('button', { name: 'Häv avstängningen' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Avstängningen är hävd.' })).toBeVisible()
  await expect(history.locator('tbody tr')).toHaveCount(3)
  await expect(history.locator('tbody tr').nth(2).locator('[data-field="status"]')).toHaveText('Auktoriserad')
  expect(
    await query(`SELECT s.status::text, s.valid_from::text AS from FROM clinic_authorisation_status s JOIN clinic c ON c.id = s.clinic_id WHERE c.hsa_id = $1 ORDER BY s.valid_from`, [
      OWN.hsaId,
    ]),
  ).toEqual([
    { status: 'authorised', from: '2020-01-01' },
    { status: 'suspended', from: today },
    { status: 'authorised', from: tomorrow },
  ])
  // Until the suspension is lifted, nothing else can be changed here, and the page says when it is.
  await expect(page.locator('[data-field="no-change"]')).toHaveText(`Avstängningen hävs från och med ${tomorrow}. Därefter kan statusen ändras igen.`)
  await expectNoAxeViolations(page)
  // Refused forms come back with status 400, which the browser logs; nothing else may.
  expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([])
})

test('Åkern’s staff ask for a list cap from next year, after an end before its start is refused', async ({ page }) => {
  test.slow()
  const errors = collectPageErrors(page)
  await loginAs(page, staff, '/mottagning/andringar')
  await expect(h1(page)).toHaveText('Ändringsansökningar')
  await expect(page.locator('[data-field="clinic"]')).toHaveText(AKERN.name)
  await expectNoAxeViolations(page)
  // The details form comes prefilled with today's details: sent unchanged, it asks for nothing.
  const details = page.getByRole('region', { name: 'Ansök om ändrade uppgifter' })
  await expect(details.getByLabel('Tisdag', { exact: true })).toHaveValue('08:00–19:00')
  await expect(details.getByLabel('Regiondriven', { exact: true })).toBeChecked()
  await details.getByLabel('Motivering', { exact: true }).fill('Inget nytt.')
  await details.getByRole('button', { name: 'Skicka ansökan om ändrade uppgifter' }).click()
  await expect(page.getByRole('alert')).toContainText('Ansökan ändrar ingenting: alla uppgifter är desamma som i dag.')
  await expectNoAxeViolations(page)
  const form = page.getByRole('region', { name: 'Ansök om listningstak' })
  await form.getByLabel('Tak (antal invånare)', { exact: true }).fill('1500')
  await form.getByLabel('Från och med', { exact: true }).fill(`${nextYear}-01-01`)
  await form.getByLabel('Till', { exact: true }).fill(`${nextYear - 1}-12-31`)
  await form.getByLabel('Motivering', { exact: true }).fill('Två av fyra läkare går i pension under våren.')
  await form.getByRole('button', { name: 'Skicka ansökan om listningstak' }).click()
  const summary = page.getByRole('alert')
  await expect(summary.getByRole('link')).toHaveText(['Slutdagen ska vara efter startdagen.'])
  await expect(form.getByLabel('Till', { exact: true })).toHaveAttribute('aria-invalid', 'true')
  await expect(form.getByLabel('Tak (antal invånare)', { exact: true })).toHaveValue('1500')
  await expectNoAxeViolations(page)
  await form.getByLabel('Till', { exact: true }).fill(`${nextYear}-07-01`)
  await form.getByRole('button', { name: 'Skicka ansökan om listningstak' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Ansökan om listningstak är skickad till regionen.' })).toBeVisible()
  const own = page.getByRole('table', { name: `Ändringsansökningar för ${AKERN.name}, nyast först` })
  await expect(own.locator('tbody tr').first().locator('[data-field="status"]')).toHaveText('Väntar på beslut')
  await expectNoAxeViolations(page)
  const [request] = await query<{ id: number; payload: unknown }>(
    `SELECT r.id, r.payload FROM clinic_change_request r JOIN clinic c ON c.id = r.clinic_id WHERE c.hsa_id = $1 AND r.status = 'submitted' AND r.kind = 'list_cap'`,
    [AKERN.hsaId],
  )
  expect(request!.payload).toEqual({ cap: 1500, from: `${nextYear}-01-01`, until: `${nextYear}-07-01` })
  // Refused forms come back with status 400, which the browser logs; nothing else may.
  expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([])
})

test('the commissioner rejects the list cap with a note, after being told a rejection needs one', async ({ page }) => {
  test.slow()
  const errors = collectPageErrors(page)
  const [request] = await query<{ id: number }>(
    `SELECT r.id FROM clinic_change_request r JOIN clinic c ON c.id = r.clinic_id WHERE c.hsa_id = $1 AND r.status = 'submitted' AND r.kind = 'list_cap'`,
    [AKERN.hsaId],
  )
  expect(request).toBeDefined()
  await loginAs(page, commissioner, '/region/register')
  await page.getByRole('link', { name: `Granska ansökan från ${AKERN.name}` }).click()
  await expect(page).toHaveURL(`/region/andringar/${request!.id}`)
  await expect(h1(page)).toHaveText(`Ändringsansökan från ${AKERN.name}`)
  const compare = page.getByRole('table', { name: 'Nuvarande och föreslagna uppgifter' })
  await expect(compare.locator('tr[data-field="listCap"] [data-field="current"]')).toHaveText('Inget tak')
  await expect(compare.locator('tr[data-field="listCap"] [data-field="proposed"]')).toHaveText('1\u00a0500')
  await expect(compare.locator('tr[data-field="until"] [data-field="proposed"]')).toHaveText(`${nextYear}-07-01`)
  await expectNoAxeViolations(page)
  await page.getByLabel('Avslå', { exact: true }).check()
  await page.getByRole('button', { name: 'Spara beslutet' }).click()
  const summary = page.getByRole('alert')
  await expect(summary.getByRole('link')).toHaveText(['Skriv varför ansökan avslås.'])
  await expect(page.getByLabel('Kommentar till vårdcentralen', { exact: true })).toHaveAttribute('aria-invalid', 'true')
  await expectNoAxeViolations(page)
  await page.getByLabel('Kommentar till vårdcentralen', { exact: true }).fill('Ansök på nytt när rekryteringen är klar; vi ser ingen brist i dag.')
  await page.getByRole('button', { name: 'Spara beslutet' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Beslutet är sparat' })).toBeVisible()
  await expect(page.locator('[data-field="request-status"]')).toHaveText('Avslagen')
  await expect(page.locator('[data-field="decision-note"]')).toHaveText('Ansök på nytt när rekryteringen är klar; vi ser ingen brist i dag.')
  await expectNoAxeViolations(page)
  expect(await query(`SELECT status::text, decision_note FROM clinic_change_request WHERE id = $1`, [request!.id])).toEqual([
    { status: 'rejected', decision_note: 'Ansök på nytt när rekryteringen är klar; vi ser ingen brist i dag.' },
  ])
  expect(await query(`SELECT list_cap FROM clinic WHERE hsa_id = $1`, [AKERN.hsaId])).toEqual([{ list_cap: null }])
  expect(
    await query(
      `SELECT n.payload->>'outcome' AS outcome FROM provider_notification n JOIN app_user u ON u.id = n.recipient_user_id
       WHERE u.subject = $1 AND n.kind = 'change_request_decided' AND n.dedupe_key LIKE $2`,
      [staff.subject, `change-request-decided:${request!.id}:%`],
    ),
  ).toEqual([{ outcome: 'rejected' }])
  // Refused forms come back with status 400, which the browser logs; nothing else may.
  expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([])
})

import { expect, test, type Page } from '@playwright/test'
import { loginAs } from './auth.ts'
import { collectPageErrors, expectNoAxeViolations, query } from './helpers.ts'
import { E2E_REGION } from './seed.ts'
import { E2E_APPLICANTS, E2E_SPEC_VERSION } from './seed-authorisation.ts'

/**
 * The commissioner's review, end to end in the browser: the queue with the application's age, the
 * application with its requirements, a fail without a comment refused, assessments saved, a
 * request for supplementation; after the applicant's resubmission (by SQL here: the applicant's
 * pages have their own spec) every requirement assessed pass and the application REJECTED on an
 * exclusion ground, through the confirmation step. The applicant then reads the decision and the
 * messages. Never approved here: a new clinic would appear in the finder and change the counts
 * finder.spec.ts asserts (approval is covered by the integration tests and the journey spec).
 */
const commissioner = { subject: E2E_REGION.users.commissioner.subject }
const applicant = { subject: E2E_APPLICANTS.otherApplicant.subject }
const CLINIC = `Granskningsbäckens vårdcentral ${Date.now().toString(36)}`
const GROUND_TEXT = 'Vårdgivaren har lämnat oriktiga uppgifter i ansökan'
const GROUND_REASON = 'Försäkringsbrevet i ansökan gällde ett annat bolag.'

let applicationId: number
let applicantUserId: number

interface RequirementRow {
  id: number
  code: string
  kind: 'declaration' | 'number' | 'choice' | 'document' | 'text'
  rule: Record<string, unknown>
}

/** An answer that meets the requirement's rule (documents are answered by attachments). */
function passing(r: RequirementRow): unknown {
  switch (r.kind) {
    case 'declaration':
      return r.rule.expected ?? true
    case 'number':
      return String(r.rule.min ?? r.rule.max ?? '1')
    case 'choice':
      return (r.rule.accepted as string[])[0]
    case 'text': {
      const min = Number(r.rule.minLength ?? 1)
      return 'Vi beskriver här hur vi arbetar systematiskt med kvalitet och uppföljning. '.repeat(Math.ceil(Math.max(min, 20) / 70)).slice(0, Math.max(min, 80))
    }
    default:
      return null
  }
}

/** A submitted application of the second applicant against the e2e kravbok, every requirement met, first submitted three days ago. */
async function seedSubmittedApplication(): Promise<void> {
  applicantUserId = (await query<{ id: number }>(`SELECT id FROM app_user WHERE subject = $1`, [applicant.subject]))[0]!.id
  const [spec] = await query<{ id: number }>(`SELECT id FROM requirement_spec WHERE version = $1`, [E2E_SPEC_VERSION])
  ;[{ id: applicationId }] = (await query<{ id: number }>(
    `INSERT INTO authorisation_application
       (spec_id, applicant_user_id, org_number, org_name, f_skatt, insurer, insurance_policy, ownership, clinic_name, street_address, postal_code,
        city, municipality_code, lat, lon, phone, website, services, languages, opening_hours, staffing, medical_lead_name, medical_lead_title, medical_lead_reg_no)
     VALUES ($1, $2, '5560360793', 'Granskningsbäcken AB', true, 'Försäkringsbolaget', 'P-777', 'private', $3, 'Bäckvägen 3', '99101',
        'Älvby', '9901', 59.01, 16.02, '0100-10 20 30', 'https://backen.example.se',
        ARRAY['general_practice', 'child_health', 'maternal_health', 'youth_clinic', 'gynaecology']::"ClinicService"[], ARRAY['sv', 'en'],
        '[{"day":1,"opens":"08:00","closes":"17:00"},{"day":2,"opens":"08:00","closes":"17:00"},{"day":3,"opens":"08:00","closes":"17:00"},{"day":4,"opens":"08:00","closes":"17:00"},{"day":5,"opens":"08:00","closes":"17:00"}]',
        '{"gpSpecialists":"2.5","nurses":"4"}', 'Maria Läkare', 'Specialist i allmänmedicin', '7654321')
     RETURNING id`,
    [spec!.id, applicantUserId, CLINIC],
  )) as [{ id: number }]
  const requirements = await query<RequirementRow>(`SELECT id, code, kind::text AS kind, rule FROM requirement WHERE spec_id = $1`, [spec!.id])
  for (const r of requirements) {
    if (r.kind === 'document') {
      for (let i = 0; i < Number(r.rule.minFiles ?? 1); i++) {
        await query(
          `INSERT INTO application_attachment (application_id, requirement_id, file_name, storage_key, sha256, size_bytes, uploaded_by_user_id)
           VALUES ($1, $2, $3, $4, repeat('c', 64), 4096, $5)`,
          [applicationId, r.id, `bilaga-${r.code}-${i + 1}.pdf`, `e2ereview${applicationId}x${r.id}x${i}`, applicantUserId],
        )
      }
    } else {
      await query(`INSERT INTO application_answer (application_id, requirement_id, value) VALUES ($1, $2, $3::jsonb)`, [applicationId, r.id, JSON.stringify(passing(r))])
    }
  }
  await query(
    `UPDATE authorisation_application SET status = 'submitted', submitted_at = now() - interval '3 days', last_submitted_at = now() - interval '3 days' WHERE id = $1`,
    [applicationId],
  )
  await query(`INSERT INTO application_event (application_id, actor_user_id, kind, at) VALUES ($1, $2, 'submitted', now() - interval '3 days')`, [applicationId, applicantUserId])
}

/**
 * What the applicant does after a request (their own pages are tested elsewhere): amend the asked
 * answer, resubmit — as submitApplication does it: the request answered, the assessments of what
 * it named removed (to be made again), the application submitted.
 */
async function resubmit(requirementId: number): Promise<void> {
  await query(`UPDATE application_answer SET value = value, updated_at = now() WHERE application_id = $1 AND requirement_id = $2`, [applicationId, requirementId])
  await query(
    `DELETE FROM application_assessment WHERE application_id = $1
        AND requirement_id = ANY (SELECT unnest(requirement_ids) FROM supplementation_request WHERE application_id = $1 AND answered_at IS NULL)`,
    [applicationId],
  )
  await query(`UPDATE supplementation_request SET answered_at = now() WHERE application_id = $1 AND answered_at IS NULL`, [applicationId])
  await query(`UPDATE authorisation_application SET status = 'submitted', last_submitted_at = now() WHERE id = $1`, [applicationId])
  await query(`INSERT INTO application_event (application_id, actor_user_id, kind) VALUES ($1, $2, 'resubmitted')`, [applicationId, applicantUserId])
}

async function markAll(page: Page, verdict: 'Uppfyllt' | 'Uppfylls inte', from = 0): Promise<void> {
  const articles = page.getByTestId('requirement')
  const n = await articles.count()
  for (let i = from; i < n; i++) await articles.nth(i).getByLabel(verdict, { exact: true }).check()
}

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  await seedSubmittedApplication()
})

test('clinic staff and applicants get 403 on the review pages', async ({ page }) => {
  await loginAs(page, { subject: E2E_REGION.users.clinicStaff.subject })
  expect((await page.request.get('/region/ansokningar')).status()).toBe(403)
  expect((await page.request.get(`/region/ansokningar/${applicationId}`)).status()).toBe(403)
  await loginAs(page, applicant)
  expect((await page.request.get('/region/ansokningar')).status()).toBe(403)
  expect((await page.request.get(`/region/ansokningar/${applicationId}/beslut`)).status()).toBe(403)
})

test('the commissioner assesses, asks for supplementation, and rejects on an exclusion ground; the applicant is told', async ({ page }) => {
  test.setTimeout(240_000)
  const errors = collectPageErrors(page)

  // The queue: the application, three days old.
  await loginAs(page, commissioner, '/region/ansokningar')
  await expect(page.getByRole('heading', { level: 1, name: 'Ansökningar om auktorisation' })).toBeVisible()
  const row = page.getByTestId('queue-row').filter({ hasText: CLINIC })
  await expect(row.locator('[data-field="age"]')).toHaveText('3')
  await expect(row.locator('[data-field="status"]')).toContainText('Att granska')
  await expect(row.locator('[data-field="provider"]')).toHaveText('Granskningsbäcken AB')
  await expectNoAxeViolations(page)
  await page.getByLabel('Status').selectOption('supplementation')
  await page.getByRole('button', { name: 'Visa' }).click()
  await expect(page).toHaveURL(/status=supplementation/)
  await expect(page.getByTestId('queue-row').filter({ hasText: CLINIC })).toHaveCount(0)
  await page.goto('/region/ansokningar')

  // The application.
  await page.getByTestId('queue-row').filter({ hasText: CLINIC }).getByRole('link', { name: CLINIC }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Ansökan: ${CLINIC}` })).toBeVisible()
  await expect(page.locator('[data-field="orgNumber"]')).toHaveText('556036-0793')
  const requirements = page.getByTestId('requirement')
  const count = await requirements.count()
  expect(count).toBeGreaterThan(10)
  await expect(page.locator('[data-field="check"]').first()).toContainText('Uppfyller regeln')
  await expect(page.getByRole('link', { name: /^bilaga-.*\.pdf$/ }).first()).toHaveAttribute('href', new RegExp(`^/ansokan/${applicationId}/bilagor/\\d+$`))
  await expectNoAxeViolations(page)

  // A fail without a comment is refused, with the problem linked to the comment field.
  const first = requirements.first()
  const code = (await first.getAttribute('data-code'))!
  const firstId = (await query<{ id: number }>(`SELECT q.id FROM requirement q JOIN requirement_spec s ON s.id = q.spec_id WHERE s.version = $1 AND q.code = $2`, [E2E_SPEC_VERSION, code]))[0]!.id
  await first.getByLabel('Uppfylls inte', { exact: true }).check()
  await page.getByRole('button', { name: 'Spara bedömningarna' }).click()
  const problem = `Krav ${code}: skriv en kommentar som förklarar varför kravet inte uppfylls.`
  await expect(page.getByRole('alert').getByRole('link', { name: problem })).toBeVisible()
  await expect(first.locator('.field__error')).toHaveText(problem)
  await expectNoAxeViolations(page)
  expect(await query(`SELECT count(*)::int AS n FROM application_assessment WHERE application_id = $1`, [applicationId])).toEqual([{ n: 0 }])

  // With the comment, and every other requirement met: saved.
  await page.getByRole('alert').getByRole('link', { name: problem }).click()
  await expect(first.getByLabel(`Kommentar: Krav ${code}`)).toBeFocused()
  await first.getByLabel(`Kommentar: Krav ${code}`).fill('Försäkran saknar underskrift av firmatecknare.')
  await markAll(page, 'Uppfyllt', 1)
  await page.getByRole('button', { name: 'Spara bedömningarna' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Bedömningarna är sparade.' })).toBeVisible()
  await expect(page.locator('[data-field="assessment-summary"]')).toHaveText(`${count - 1} uppfyllda, 1 uppfylls inte, 0 inte bedömda av ${count} krav.`)
  expect(await query(`SELECT verdict::text, count(*)::int AS n FROM application_assessment WHERE application_id = $1 GROUP BY verdict ORDER BY verdict::text DESC`, [applicationId])).toEqual([
    { verdict: 'pass', n: count - 1 },
    { verdict: 'fail', n: 1 },
  ])

  // Ask for supplementation: the failed requirement is preselected.
  await expect(page.getByRole('checkbox', { name: `Krav ${code}`, exact: true })).toBeChecked()
  await page.getByRole('checkbox', { name: 'Medicinskt ansvarig', exact: true }).check()
  await page.getByLabel('Meddelande till den sökande').fill('Skicka en försäkran undertecknad av firmatecknaren.')
  await page.getByRole('button', { name: 'Skicka begäran om komplettering' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Begäran om komplettering är skickad till den sökande.' })).toBeVisible()
  await expect(page.locator('[data-field="status"]').first()).toHaveText('Väntar på komplettering')
  await expect(page.getByTestId('supplementation-request')).toContainText(`Krav ${code}, Medicinskt ansvarig`)
  await expect(page.getByRole('button', { name: 'Spara bedömningarna' })).toHaveCount(0)
  await expectNoAxeViolations(page)
  expect(await query(`SELECT requirement_ids, sections FROM supplementation_request WHERE application_id = $1`, [applicationId])).toEqual([
    { requirement_ids: [firstId], sections: ['medical_lead'] },
  ])

  // The applicant amends and resubmits; every requirement is then met.
  await resubmit(firstId)
  await page.reload()
  await expect(page.locator('[data-field="status"]').first()).toHaveText('Att granska')
  // What the request named is marked: the requirement is to be assessed again (its assessment went with the resubmission), the section changed.
  await expect(page.locator('[data-field="resubmission"]')).toContainText(`Ändrat efter kompletteringen: Krav ${code}, Medicinskt ansvarig.`)
  await expect(first.locator('[data-field="changed"]')).toHaveText('Ändrad efter komplettering – bedöm igen')
  await expect(requirements.nth(1).locator('[data-field="changed"]')).toHaveCount(0)
  await expect(page.locator('section[aria-labelledby="avsnitt-medical-lead"] [data-field="section-changed"]')).toHaveText('Ändrad efter komplettering')
  await expect(page.locator('section[aria-labelledby="avsnitt-provider"] [data-field="section-changed"]')).toHaveCount(0)
  await expect(page.locator('[data-field="assessment-summary"]')).toHaveText(`${count - 1} uppfyllda, 0 uppfylls inte, 1 inte bedömda av ${count} krav.`)
  await expectNoAxeViolations(page)
  await first.getByLabel('Uppfyllt', { exact: true }).check()
  await page.getByRole('button', { name: 'Spara bedömningarna' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Bedömningarna är sparade.' })).toBeVisible()
  await expect(page.locator('[data-field="assessment-summary"]')).toHaveText(`${count} uppfyllda, 0 uppfylls inte, 0 inte bedömda av ${count} krav.`)
  await expect(first.locator('[data-field="changed"]')).toHaveText('Ändrad efter komplettering')

  // The decision: nothing chosen is refused; then a rejection on an exclusion ground, confirmed.
  await page.getByRole('link', { name: 'Till beslutet' }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Beslut om auktorisation: ${CLINIC}` })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Granska beslutet' }).click()
  await expect(page.getByRole('alert').getByRole('link', { name: 'Välj om ansökan ska godkännas eller avslås.' })).toBeVisible()
  await expect(page.getByRole('alert').getByRole('link', { name: /^Ange om grunden föreligger/ })).toHaveCount(4)
  for (const ground of ['Vårdgivaren är i konkurs, likvidation eller liknande', 'Vårdgivaren har inte betalat skatter eller socialavgifter', 'Vårdgivaren har gjort sig skyldig till allvarligt fel i yrkesutövningen']) {
    await page.getByRole('group', { name: ground }).getByLabel('Föreligger inte').check()
  }
  await page.getByRole('group', { name: GROUND_TEXT }).getByLabel('Föreligger', { exact: true }).check()
  await page.getByLabel('Avslå ansökan').check()
  await page.getByRole('button', { name: 'Granska beslutet' }).click()
  // A ground that applies needs its own reason.
  await expect(page.getByRole('alert').getByRole('link', { name: `Skriv skälet till att grunden föreligger: ${GROUND_TEXT.toLowerCase()}.` })).toBeVisible()
  await page.getByLabel(/Skäl \(när grunden föreligger och ansökan avslås\): vårdgivaren har lämnat oriktiga/).fill(GROUND_REASON)
  await page.getByRole('button', { name: 'Granska beslutet' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Bekräfta beslutet' })).toBeVisible()
  await expect(page.locator('[data-field="confirm-summary"]')).toHaveText(`Ansökan för ${CLINIC} avslås.`)
  await expect(page.getByText('Beslutet kan inte ändras.')).toBeVisible()
  await expectNoAxeViolations(page)
  expect(await query(`SELECT status::text FROM authorisation_application WHERE id = $1`, [applicationId])).toEqual([{ status: 'submitted' }])
  await page.getByRole('button', { name: 'Fatta beslutet' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Beslutet är fattat och den sökande har fått ett meddelande.' })).toBeVisible()
  await expect(page.getByTestId('decision').locator('[data-field="outcome"]')).toHaveText('Avslagen')
  await expect(page.getByTestId('decision').locator('[data-field="reasons"]')).toContainText(GROUND_REASON)
  await expectNoAxeViolations(page)
  expect(await query(`SELECT outcome::text, exclusion_grounds->>'falseInformation' AS false_information FROM authorisation_decision WHERE application_id = $1`, [applicationId])).toEqual([
    { outcome: 'rejected', false_information: 'true' },
  ])
  expect(await query(`SELECT count(*)::int AS n FROM clinic WHERE name = $1`, [CLINIC])).toEqual([{ n: 0 }])
  // The refused submissions answer 400 on purpose (the browser logs each); nothing else may fail.
  expect(errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e))).toEqual([])

  // The messages, delivered by the worker: in the region's outbox, to the applicant's address.
  await expect
    .poll(async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM provider_notification WHERE application_id = $1 AND sent_at IS NOT NULL`, [applicationId]))[0]!.n, {
      timeout: 20_000,
    })
    .toBe(2)
  await page.goto('/region/utkorg')
  await expect(page.getByRole('heading', { level: 2, name: 'Meddelanden till vårdgivare' })).toBeVisible()
  const sent = page.getByTestId('provider-outbox-row').filter({ hasText: `Beslut: er ansökan om auktorisation för ${CLINIC} är avslagen` })
  await expect(sent.locator('[data-field="to"]')).toHaveText(`${applicant.subject}@example.se`)
  await expect(sent.locator('[data-field="body"]')).toContainText(`/ansokan/${applicationId}`)
  await expectNoAxeViolations(page)

  // The applicant: the messages and the decision on their application.
  await loginAs(page, applicant, '/ansokan/meddelanden')
  await expect(page.getByRole('heading', { level: 1, name: 'Meddelanden om auktorisation' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: `Beslut: er ansökan om auktorisation för ${CLINIC} är avslagen` })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^Komplettera er ansökan om auktorisation för ${CLINIC} senast`) })).toBeVisible()
  await expect(page.getByTestId('message').first()).toContainText(`Oriktiga uppgifter i ansökan: ${GROUND_REASON}`)
  await expectNoAxeViolations(page)
  await page.goto(`/ansokan/${applicationId}`)
  await expect(page.getByText(GROUND_REASON)).toBeVisible()
  await expectNoAxeViolations(page)
})

import { expect, test, type Page } from '@playwright/test'
import { addDays } from '../../app/modules/listing/rules.ts'
import { swedishLongDate } from '../../app/modules/notifications/render.ts'
import { swedishDate } from '../../app/utils/sweden.ts'
import { tinyPdf } from '../support/authorisation-fixture.ts'
import { loginAs } from './auth.ts'
import { collectPageErrors, expectHydrated, expectNoAxeViolations, query } from './helpers.ts'
import { E2E_REGION } from './seed.ts'
import { E2E_APPLICANTS } from './seed-authorisation.ts'

/**
 * Issue 5's journey, through the pages only: a provider applies, fails a requirement and sees why,
 * is asked to supplement, resubmits, is approved, and the clinic shows up in the finder on its
 * start date; a commissioner revokes it. Petra Sökande applies against the newest published
 * kravbok (every requirement answered by a generic filler that reads the rules from the database),
 * Klara Beställare reviews and decides, Petra becomes the clinic's staff. axe on every page.
 *
 * The revocation is from today, the clinic's first day: its authorisation then ends the day it began
 * (an empty period), and it leaves the finder at once.
 *
 * The only spec that makes a new clinic visible in the finder; it runs in the clinic-lifecycle
 * project, after finder.spec.ts has counted the clinics.
 */
const applicant = { subject: E2E_APPLICANTS.applicant.subject }
const commissioner = { subject: E2E_REGION.users.commissioner.subject }
const COMMISSIONER_NAME = E2E_REGION.users.commissioner.name
const stamp = Date.now()
const CLINIC = `Journeyns vårdcentral ${stamp}`
const AGREEMENT = `LOV-E2E-${stamp.toString(36)}`
const SUPPLEMENT_MESSAGE = 'Registreringsbeviset är äldre än tre månader. Bifoga ett nytt.'
const FAIL_COMMENT = 'Registreringsbeviset är utfärdat för mer än tre månader sedan.'
const REVOKE_REASON = 'Vårdgivaren har inte kunnat visa att verksamheten har medicinskt ansvarig läkare.'
const today = swedishDate()
const dueOn = addDays(today, 14)

type Kind = 'declaration' | 'number' | 'choice' | 'document' | 'text'

interface Requirement {
  id: number
  code: string
  kind: Kind
  mandatory: boolean
  rule: Record<string, unknown>
  chapter: string
}

/** What the steps hand on to the next. */
const journey = {
  applicationId: 0,
  requirements: [] as Requirement[],
  /** The requirement the commissioner fails and asks to be supplemented: the first mandatory document. */
  asked: null as Requirement | null,
  /** The documents uploaded while the application was a draft. */
  uploads: 0,
  hsaId: '',
  clinicId: 0,
}

const section = (page: Page, code: string) => page.locator(`section[data-code="${code}"]`)
const sv = (decimal: unknown) => String(decimal).replace('.', ',')
const markAll = async (page: Page, verdict: 'Uppfyllt' | 'Uppfylls inte') => {
  const articles = page.getByTestId('requirement')
  const n = await articles.count()
  for (let i = 0; i < n; i++) await articles.nth(i).getByLabel(verdict, { exact: true }).check()
}

async function checkPage(page: Page): Promise<void> {
  await expectHydrated(page)
  await expectNoAxeViolations(page)
}

/** Only what the browser logs for the deliberate refusals listed (by status code) may appear. */
function unexpected(errors: string[], allowed: number[] = []): string[] {
  return errors.filter((e) => !allowed.some((status) => e.startsWith(`Failed to load resource: the server responded with a status of ${status} `)))
}

/** The application's kravbok, in the order its pages show it. */
async function requirementsOf(applicationId: number): Promise<Requirement[]> {
  return query<Requirement>(
    `SELECT r.id, r.code, r.kind::text AS kind, r.mandatory, r.rule, c.code AS chapter
       FROM requirement r
       JOIN requirement_chapter c ON c.id = r.chapter_id
       JOIN authorisation_application a ON a.spec_id = r.spec_id
      WHERE a.id = $1
      ORDER BY c.position, r.position, r.id`,
    [applicationId],
  )
}

/** The opening-hours requirement: a mandatory number in hours a week with a lower bound above zero (3.1 in the demo kravbok). */
const isOpeningHours = (r: Requirement) => r.kind === 'number' && r.mandatory && r.rule.unitSv === 'timmar/vecka' && Number(r.rule.min ?? 0) > 0

/** An answer that meets the rule, as typed on the page (numbers with a decimal comma). */
function passingAnswer(r: Requirement): string {
  switch (r.kind) {
    case 'declaration':
      return r.rule.expected === false ? 'Nej' : 'Ja'
    case 'number':
      return sv(r.rule.min ?? r.rule.max ?? '1')
    case 'choice': {
      const accepted = (r.rule.accepted as string[])[0]
      return (r.rule.options as { value: string; sv: string }[]).find((o) => o.value === accepted)!.sv
    }
    case 'text': {
      const min = Number(r.rule.minLength ?? 1)
      const max = Number(r.rule.maxLength ?? 4000)
      const sentence = 'Vi arbetar systematiskt med detta, följer upp arbetet varje månad och redovisar resultaten för hela personalgruppen. '
      return sentence.repeat(Math.ceil(Math.max(min, 120) / sentence.length)).slice(0, Math.min(Math.max(min, 120), max)).trim()
    }
    case 'document':
      throw new Error(`requirement ${r.code} is answered by a file`)
  }
}

async function giveAnswer(page: Page, r: Requirement, answer: string): Promise<void> {
  const label = `Svar på krav ${r.code}`
  if (r.kind === 'declaration' || r.kind === 'choice') {
    await section(page, r.code).getByRole('group', { name: label }).getByLabel(answer, { exact: true }).check()
  } else {
    await section(page, r.code).getByLabel(label, { exact: true }).fill(answer)
  }
}

async function upload(page: Page, r: Requirement, fileName: string): Promise<void> {
  const item = section(page, r.code)
  await item.getByLabel(`Välj en PDF-fil till krav ${r.code}`).setInputFiles({ name: fileName, mimeType: 'application/pdf', buffer: tinyPdf() })
  await item.getByRole('button', { name: 'Ladda upp' }).click()
  await expect(section(page, r.code).getByRole('link', { name: fileName })).toBeVisible()
  await expect(page.getByRole('status')).toContainText('Bilagan är sparad.')
}

/**
 * One chapter answered on its page: every answer given and saved, then each document's PDF(s).
 * The opening-hours figure is first given below its bound, to see the page say why.
 */
async function answerChapter(page: Page, chapter: string, requirements: Requirement[]): Promise<void> {
  await page.goto(`/ansokan/${journey.applicationId}/krav/${encodeURIComponent(chapter)}`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await checkPage(page)
  const given = requirements.filter((r) => r.kind !== 'document')
  const hours = given.find(isOpeningHours)
  const failing = hours ? Number(hours.rule.min) - 5 : 0
  if (given.length) {
    for (const r of given) await giveAnswer(page, r, r === hours ? String(failing) : passingAnswer(r))
    await page.getByRole('button', { name: 'Spara svaren' }).click()
    await expect(page.getByRole('status')).toContainText('Svaren är sparade.')
    if (hours) {
      const why = `Uppfylls inte: minst ${sv(hours.rule.min)} ${String(hours.rule.unitSv)} krävs, ni angav ${failing}`
      await expect(page.getByRole('status')).toContainText(`Krav ${hours.code}: ${why}`)
      await expect(section(page, hours.code).locator('[data-field="result"]')).toHaveText(`Resultat: ${why}`)
      await checkPage(page)
      await giveAnswer(page, hours, passingAnswer(hours))
      await page.getByRole('button', { name: 'Spara svaren' }).click()
      await expect(section(page, hours.code).locator('[data-field="result"]')).toHaveText('Resultat: Uppfyllt')
      await expect(page.getByRole('status')).not.toContainText(`Krav ${hours.code}:`)
    }
  }
  for (const r of requirements.filter((q) => q.kind === 'document')) {
    for (let i = 1; i <= Number(r.rule.minFiles ?? 1); i++) {
      await upload(page, r, `underlag-${r.code}-${i}.pdf`)
      journey.uploads++
    }
  }
  for (const r of requirements) await expect(section(page, r.code).locator('[data-field="result"]'), `krav ${r.code}`).toHaveAttribute('data-status', 'pass')
}

test.describe.serial('the authorisation journey', () => {
  test('Petra applies: the four sections, every chapter answered (a failing figure first, and why), submitted', async ({ page }) => {
    test.setTimeout(240_000)
    const errors = collectPageErrors(page)
    await loginAs(page, applicant, '/ansokan')
    await expect(page.getByRole('heading', { level: 1, name: 'Mina ansökningar om auktorisation' })).toBeVisible()
    await checkPage(page)
    await page.getByRole('button', { name: 'Starta en ny ansökan' }).click()
    await expect(page).toHaveURL(/\/ansokan\/\d+\?klart=startad$/)
    journey.applicationId = Number(new URL(page.url()).pathname.split('/')[2])
    await expect(page.locator('[data-field="status"]')).toHaveAttribute('data-status', 'draft')
    await checkPage(page)

    // The four sections.
    await page.getByRole('link', { name: 'Fyll i uppgifterna' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Uppgifter om vårdgivare och vårdcentral' })).toBeVisible()
    await checkPage(page)
    const provider = page.locator('#avsnitt-provider')
    await provider.getByLabel('Organisationsnummer').fill('556036-0793')
    await provider.getByLabel('Företagets namn').fill('Journeyns Vård AB')
    await provider.getByRole('group', { name: 'Har företaget F-skattsedel?' }).getByLabel('Ja').check()
    await provider.getByLabel('Försäkringsbolag').fill('Försäkringsbolaget')
    await provider.getByLabel('Försäkringsnummer').fill(`P-${stamp}`)
    await provider.getByRole('group', { name: 'Ägarform' }).getByLabel('Privat').check()
    await provider.getByRole('button', { name: 'Spara vårdgivaren' }).click()
    await expect(page.getByRole('status')).toContainText('Vårdgivaren: sparat.')

    const clinic = page.locator('#avsnitt-clinic')
    await clinic.getByLabel('Vårdcentralens namn').fill(CLINIC)
    await clinic.getByLabel('Gatuadress').fill('Journeyvägen 5')
    await clinic.getByLabel('Postnummer').fill('991 05')
    await clinic.getByLabel('Ort').fill('Älvby')
    await clinic.getByLabel('Kommun').selectOption({ label: 'Älvby' })
    await clinic.getByLabel('Latitud').fill('59,003')
    await clinic.getByLabel('Longitud').fill('16,003')
    await clinic.getByLabel('Telefon').fill('0155-20 30 40')
    const services = clinic.getByRole('group', { name: 'Tjänster' })
    for (const service of ['Allmänmedicin', 'Barnavårdscentral (BVC)', 'Mödravårdscentral (MVC)', 'Ungdomsmottagning (UM)', 'Gynekologi']) await services.getByLabel(service).check()
    await clinic.getByLabel('Språk').fill('sv, en')
    // Monday to Friday 08:00–17:00: 45 hours a week.
    for (const day of ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag']) {
      await clinic.getByLabel(`Öppnar ${day}`).fill('08:00')
      await clinic.getByLabel(`Stänger ${day}`).fill('17:00')
    }
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
    await lead.getByLabel('Legitimationsnummer').fill('1234567')
    await lead.getByRole('button', { name: 'Spara medicinskt ansvarig' }).click()
    await expect(page.getByRole('status')).toContainText('Medicinskt ansvarig: sparat.')
    await checkPage(page)

    // Every chapter through its page.
    journey.requirements = await requirementsOf(journey.applicationId)
    expect(journey.requirements.filter(isOpeningHours)).toHaveLength(1)
    const chapters = [...new Set(journey.requirements.map((r) => r.chapter))]
    for (const chapter of chapters) {
      await answerChapter(
        page,
        chapter,
        journey.requirements.filter((r) => r.chapter === chapter),
      )
    }
    journey.asked = journey.requirements.find((r) => r.kind === 'document' && r.mandatory)!
    expect(journey.asked).toBeDefined()

    // Nothing blocks; submitted with the truthfulness declaration.
    await page.goto(`/ansokan/${journey.applicationId}`)
    await expect(page.getByRole('heading', { level: 1, name: `Ansökan: ${CLINIC}` })).toBeVisible()
    await expect(page.locator('[data-field="blocking"]')).toHaveCount(0)
    await expect(page.getByText('Alla uppgifter är ifyllda och alla obligatoriska krav är uppfyllda.')).toBeVisible()
    await expect(page.locator('[data-field="section-state"]')).toHaveText(['Ifyllt', 'Ifyllt', 'Ifyllt', 'Ifyllt'])
    await expect(page.locator('tr[data-code][data-status]:not([data-status="pass"])')).toHaveCount(0)
    await checkPage(page)
    await page.getByLabel('Jag intygar att uppgifterna i ansökan är sanna och fullständiga.').check()
    await page.getByRole('button', { name: 'Skicka in ansökan' }).click()
    await expect(page).toHaveURL(new RegExp(`/ansokan/${journey.applicationId}\\?klart=inskickad$`))
    await expect(page.getByRole('status')).toContainText('Ansökan är inskickad.')
    await expect(page.locator('[data-field="status"]')).toHaveAttribute('data-status', 'submitted')
    await expect(page.locator('[data-field="status"]')).toHaveText('Inskickad')
    await checkPage(page)
    expect(await query(`SELECT status::text, clinic_name FROM authorisation_application WHERE id = $1`, [journey.applicationId])).toEqual([
      { status: 'submitted', clinic_name: CLINIC },
    ])
    expect(unexpected(errors)).toEqual([])
  })

  test('the commissioner assigns themself, fails one document with a comment and asks for exactly that to be supplemented', async ({ page }) => {
    test.setTimeout(120_000)
    expect(journey.asked).not.toBeNull()
    const asked = journey.asked!
    const errors = collectPageErrors(page)
    await loginAs(page, commissioner, '/region/ansokningar')
    await expect(page.getByRole('heading', { level: 1, name: 'Ansökningar om auktorisation' })).toBeVisible()
    const row = page.getByTestId('queue-row').filter({ hasText: CLINIC })
    await expect(row.locator('[data-field="status"]')).toHaveText('Att granska')
    await expect(row.locator('[data-field="reviewer"]')).toHaveText('Ej tilldelad')
    await checkPage(page)
    await row.getByRole('link', { name: CLINIC }).click()
    await expect(page).toHaveURL(`/region/ansokningar/${journey.applicationId}`)
    await expect(page.getByRole('heading', { level: 1, name: `Ansökan: ${CLINIC}` })).toBeVisible()
    await checkPage(page)

    // Assign themself.
    await page.getByRole('combobox', { name: 'Handläggare', exact: true }).selectOption({ label: COMMISSIONER_NAME })
    await page.getByRole('button', { name: 'Tilldela handläggare' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Handläggaren är tilldelad.' })).toBeVisible()
    await expect(page.locator('dd[data-field="reviewer"]')).toHaveText(COMMISSIONER_NAME)

    // Every requirement met but one document, failed with a comment.
    const count = journey.requirements.length
    await expect(page.getByTestId('requirement')).toHaveCount(count)
    await markAll(page, 'Uppfyllt')
    const item = page.locator(`[data-testid="requirement"][data-code="${asked.code}"]`)
    await expect(item.locator('[data-field="check"]')).toContainText('Uppfyller regeln')
    await item.getByLabel('Uppfylls inte', { exact: true }).check()
    await item.getByLabel(`Kommentar: Krav ${asked.code}`).fill(FAIL_COMMENT)
    await page.getByRole('button', { name: 'Spara bedömningarna' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Bedömningarna är sparade.' })).toBeVisible()
    await expect(page.locator('[data-field="assessment-summary"]')).toHaveText(`${count - 1} uppfyllda, 1 uppfylls inte, 0 inte bedömda av ${count} krav.`)
    await checkPage(page)

    // Supplementation of exactly that requirement: preselected, nothing else.
    const requirementsAsked = page.getByRole('group', { name: 'Krav som ska kompletteras' })
    await expect(requirementsAsked.locator('input:checked')).toHaveCount(1)
    await expect(requirementsAsked.getByRole('checkbox', { name: `Krav ${asked.code}`, exact: true })).toBeChecked()
    await expect(page.getByRole('group', { name: 'Uppgifter som ska kompletteras' }).locator('input:checked')).toHaveCount(0)
    await page.getByLabel('Meddelande till den sökande').fill(SUPPLEMENT_MESSAGE)
    await page.getByLabel('Komplettera senast').fill(dueOn)
    await page.getByRole('button', { name: 'Skicka begäran om komplettering' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Begäran om komplettering är skickad till den sökande.' })).toBeVisible()
    await expect(page.locator('dd[data-field="status"]')).toHaveText('Väntar på komplettering')
    const request = page.getByTestId('supplementation-request')
    await expect(request).toContainText(SUPPLEMENT_MESSAGE)
    await expect(request).toContainText(`Att komplettera: Krav ${asked.code}`)
    await expect(request).toContainText(`Senast ${dueOn}. Väntar på svar`)
    await checkPage(page)

    const [commissionerRow] = await query<{ id: number }>(`SELECT id FROM app_user WHERE subject = $1`, [commissioner.subject])
    expect(await query(`SELECT status::text, reviewer_user_id FROM authorisation_application WHERE id = $1`, [journey.applicationId])).toEqual([
      { status: 'supplementation', reviewer_user_id: commissionerRow!.id },
    ])
    expect(
      await query(`SELECT requirement_ids, sections, message, due_on::text AS due_on, answered_at FROM supplementation_request WHERE application_id = $1`, [journey.applicationId]),
    ).toEqual([{ requirement_ids: [asked.id], sections: [], message: SUPPLEMENT_MESSAGE, due_on: dueOn, answered_at: null }])
    expect(unexpected(errors)).toEqual([])
  })

  test('Petra sees the request, can change only what it names, uploads a new PDF and resubmits', async ({ page }) => {
    test.setTimeout(120_000)
    const asked = journey.asked!
    const errors = collectPageErrors(page)
    await loginAs(page, applicant, `/ansokan/${journey.applicationId}`)
    await expect(page.locator('[data-field="status"]')).toHaveAttribute('data-status', 'supplementation')
    const request = page.locator('[data-field="supplementation"]')
    await expect(request.getByRole('heading', { level: 2, name: 'Regionen begär komplettering' })).toBeVisible()
    await expect(request).toContainText(SUPPLEMENT_MESSAGE)
    await expect(request).toContainText(`Svara senast ${dueOn}.`)
    await expect(request.getByRole('listitem')).toHaveCount(1)
    const link = request.getByRole('link', { name: new RegExp(`^Krav ${asked.code.replace('.', '\\.')}: `) })
    await expect(link).toHaveAttribute('href', `/ansokan/${journey.applicationId}/krav/${asked.chapter}#krav-${asked.id}`)
    await checkPage(page)

    // The asked requirement's chapter: only its upload; the others in the chapter are read-only.
    await link.click()
    await expect(page).toHaveURL(new RegExp(`/ansokan/${journey.applicationId}/krav/${asked.chapter}#krav-${asked.id}$`))
    const neighbours = journey.requirements.filter((r) => r.chapter === asked.chapter && r.id !== asked.id)
    expect(neighbours.length).toBeGreaterThan(0)
    for (const r of neighbours) {
      await expect(section(page, r.code).getByText('Ingår inte i begäran om komplettering.')).toBeVisible()
      await expect(section(page, r.code).getByLabel(/^Välj en PDF-fil/)).toHaveCount(0)
      if (r.kind === 'declaration' || r.kind === 'choice') {
        for (const control of await section(page, r.code).getByRole('radio').all()) await expect(control).toBeDisabled()
      } else if (r.kind !== 'document') {
        await expect(section(page, r.code).getByLabel(`Svar på krav ${r.code}`, { exact: true })).toBeDisabled()
      }
    }
    await expect(section(page, asked.code).getByText('Ingår inte i begäran om komplettering.')).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Spara svaren' })).toHaveCount(asked.kind === 'document' ? 0 : 1)
    await checkPage(page)

    // Another chapter (the opening hours): nothing to change, nothing to save.
    const hours = journey.requirements.find(isOpeningHours)!
    await page.goto(`/ansokan/${journey.applicationId}/krav/${hours.chapter}`)
    await expect(page.getByLabel(`Svar på krav ${hours.code}`, { exact: true })).toBeDisabled()
    await expect(page.getByRole('button', { name: 'Spara svaren' })).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Ladda upp' })).toHaveCount(0)
    // The details: none of the sections was asked for.
    await page.goto(`/ansokan/${journey.applicationId}/uppgifter`)
    await expect(page.getByLabel('Organisationsnummer')).toBeDisabled()
    await expect(page.getByRole('button', { name: /^Spara/ })).toHaveCount(0)
    await checkPage(page)

    // The new file.
    await page.goto(`/ansokan/${journey.applicationId}/krav/${asked.chapter}`)
    await upload(page, asked, 'registreringsbevis-nytt.pdf')
    await checkPage(page)

    // Resubmitted.
    await page.getByRole('link', { name: 'Till ansökans översikt' }).first().click()
    await expect(page.getByRole('heading', { level: 2, name: 'Skicka in kompletteringen' })).toBeVisible()
    await expect(page.getByText('Alla uppgifter är ifyllda och alla obligatoriska krav är uppfyllda.')).toBeVisible()
    await page.getByLabel('Jag intygar att uppgifterna i ansökan är sanna och fullständiga.').check()
    await page.getByRole('button', { name: 'Skicka in kompletteringen' }).click()
    await expect(page).toHaveURL(new RegExp(`/ansokan/${journey.applicationId}\\?klart=kompletterad$`))
    await expect(page.getByRole('status')).toContainText('Kompletteringen är inskickad.')
    await expect(page.locator('[data-field="status"]')).toHaveAttribute('data-status', 'submitted')
    await expect(page.locator('[data-field="supplementation"]')).toHaveCount(0)
    await checkPage(page)
    expect(await query(`SELECT count(*)::int AS n FROM supplementation_request WHERE application_id = $1 AND answered_at IS NOT NULL`, [journey.applicationId])).toEqual([{ n: 1 }])
    expect(await query(`SELECT file_name FROM application_attachment WHERE application_id = $1 AND requirement_id = $2 ORDER BY id`, [journey.applicationId, asked.id])).toEqual([
      { file_name: `underlag-${asked.code}-1.pdf` },
      { file_name: 'registreringsbevis-nytt.pdf' },
    ])
    expect(unexpected(errors)).toEqual([])
  })

  test('the commissioner assesses everything as met and approves from today, after the confirmation step', async ({ page }) => {
    test.setTimeout(120_000)
    const asked = journey.asked!
    const errors = collectPageErrors(page)
    await loginAs(page, commissioner, `/region/ansokningar/${journey.applicationId}`)
    await expect(page.locator('dd[data-field="status"]')).toHaveText('Att granska')
    await expect(page.getByTestId('supplementation-request')).toContainText('Besvarad')
    await expect(page.getByTestId('requirement').filter({ has: page.getByRole('link', { name: 'registreringsbevis-nytt.pdf' }) })).toHaveAttribute('data-code', asked.code)
    await markAll(page, 'Uppfyllt')
    await page.getByLabel(`Kommentar: Krav ${asked.code}`).fill('')
    await page.getByRole('button', { name: 'Spara bedömningarna' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Bedömningarna är sparade.' })).toBeVisible()
    const count = journey.requirements.length
    await expect(page.locator('[data-field="assessment-summary"]')).toHaveText(`${count} uppfyllda, 0 uppfylls inte, 0 inte bedömda av ${count} krav.`)
    await checkPage(page)

    // The decision.
    await page.getByRole('link', { name: 'Till beslutet' }).click()
    await expect(page.getByRole('heading', { level: 1, name: `Beslut om auktorisation: ${CLINIC}` })).toBeVisible()
    await expect(page.locator('[data-field="not-passed"]')).toHaveCount(0)
    await checkPage(page)
    for (const ground of [
      'Vårdgivaren är i konkurs, likvidation eller liknande',
      'Vårdgivaren har inte betalat skatter eller socialavgifter',
      'Vårdgivaren har gjort sig skyldig till allvarligt fel i yrkesutövningen',
      'Vårdgivaren har lämnat oriktiga uppgifter i ansökan',
    ]) {
      await page.getByRole('group', { name: ground }).getByLabel('Föreligger inte').check()
    }
    await page.getByLabel('Godkänn: auktorisera vårdcentralen').check()
    await page.getByLabel('Avtalsnummer').fill(AGREEMENT)
    await page.getByLabel('Auktorisationen gäller från').fill(today)
    // The suggested HSA-id: the region's prefix and the application's number.
    journey.hsaId = `SE2321000131-A${String(journey.applicationId).padStart(6, '0')}`
    await expect(page.getByLabel('HSA-id')).toHaveValue(journey.hsaId)
    await page.getByRole('button', { name: 'Granska beslutet' }).click()
    await expect(page.getByRole('heading', { level: 2, name: 'Bekräfta beslutet' })).toBeVisible()
    await expect(page.locator('[data-field="confirm-summary"]')).toHaveText(`${CLINIC} auktoriseras från och med ${today}.`)
    await checkPage(page)
    expect(await query(`SELECT count(*)::int AS n FROM clinic WHERE name = $1`, [CLINIC])).toEqual([{ n: 0 }])
    await page.getByRole('button', { name: 'Fatta beslutet' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Beslutet är fattat och den sökande har fått ett meddelande.' })).toBeVisible()
    const decision = page.getByTestId('decision')
    await expect(decision.locator('[data-field="outcome"]')).toHaveText('Godkänd')
    await expect(decision.locator('[data-field="startDate"]')).toHaveText(today)
    await expect(decision.locator('[data-field="agreementNumber"]')).toHaveText(AGREEMENT)
    await expect(decision.getByRole('link', { name: 'Vårdcentralen i registret' })).toHaveAttribute('href', `/region/register/${journey.hsaId}`)
    await checkPage(page)

    const [clinic] = await query<{ id: number; name: string; area_code: string; from: string; to: string | null; services: string }>(
      `SELECT id, name, area_code, authorised_from::text AS from, authorised_to::text AS to, services::text FROM clinic WHERE hsa_id = $1`,
      [journey.hsaId],
    )
    expect(clinic).toMatchObject({ name: CLINIC, area_code: '9901-01', from: today, to: null, services: '{general_practice,child_health,maternal_health,youth_clinic,gynaecology}' })
    journey.clinicId = clinic!.id
    expect(
      await query(
        `SELECT u.subject FROM user_role r JOIN app_user u ON u.id = r.user_id WHERE r.role = 'clinic_staff' AND r.clinic_id = $1`,
        [journey.clinicId],
      ),
    ).toEqual([{ subject: applicant.subject }])
    expect(await query(`SELECT status::text FROM authorisation_application WHERE id = $1`, [journey.applicationId])).toEqual([{ status: 'approved' }])
    expect(unexpected(errors)).toEqual([])
  })

  test('the clinic is in the finder and on its own page from today; Petra is its staff', async ({ page }) => {
    expect(journey.hsaId).not.toBe('')
    const errors = collectPageErrors(page)
    // An anonymous visitor; the name is this run's own, so the search's address has never been cached.
    await page.goto('/vardcentraler')
    await expectHydrated(page)
    await page.getByLabel('Sök på namn').fill(CLINIC)
    await page.getByRole('button', { name: 'Visa vårdcentraler' }).click()
    await expect(page).toHaveURL(/[?&]sok=/)
    await expect(page.getByRole('status')).toHaveText('1 vårdcentral')
    await expect(page.locator('.clinic-list > li h2')).toHaveText([CLINIC])
    await expectNoAxeViolations(page)
    await page.getByRole('link', { name: CLINIC }).click()
    await expect(page).toHaveURL(`/vardcentraler/${journey.hsaId}`)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(CLINIC)
    await expect(page.locator('[data-field="address"]')).toHaveText('Journeyvägen 5, 99105 Älvby')
    await checkPage(page)
    expect((await page.request.get(`/vardcentraler/${journey.hsaId}`)).status()).toBe(200)

    await loginAs(page, applicant, '/mottagning')
    await expect(page.locator('.staff-clinics')).toContainText(CLINIC)
    await checkPage(page)
    expect(unexpected(errors)).toEqual([])
  })

  test('the commissioner revokes it from today: gone from the finder and its page, revoked in the register', async ({ page }) => {
    test.setTimeout(120_000)
    expect(journey.hsaId).not.toBe('')
    const errors = collectPageErrors(page)
    await loginAs(page, commissioner, '/region/register')
    await page.getByRole('table', { name: `Vårdcentraler och deras status den ${today}` }).getByRole('link', { name: CLINIC }).click()
    await expect(page).toHaveURL(`/region/register/${journey.hsaId}`)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(CLINIC)
    await expect(page.locator('[data-field="status-today"]')).toHaveText('Auktoriserad')
    await checkPage(page)

    // Revoked from today, its first day: the authorisation ends the day it began.
    await page.getByLabel('Återkallad', { exact: true }).check()
    await page.getByLabel('Från och med', { exact: true }).fill(today)
    await page.getByLabel('Skäl', { exact: true }).fill(REVOKE_REASON)
    await page.getByRole('button', { name: 'Fortsätt' }).click()
    const confirmation = page.getByRole('region', { name: 'Bekräfta ändringen' })
    await expect(confirmation.locator('[data-field="confirm-text"]')).toHaveText(`${CLINIC} blir återkallad från och med ${today}.`)
    await checkPage(page)
    expect(await query(`SELECT authorised_to FROM clinic WHERE id = $1`, [journey.clinicId])).toEqual([{ authorised_to: null }])
    await confirmation.getByRole('button', { name: 'Bekräfta: återkallad' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Statusen är ändrad.' })).toBeVisible()
    await expect(page.locator('[data-field="status-today"]')).toHaveText('Återkallad')
    const history = page.getByRole('table', { name: 'Auktorisationens historik, äldst först' })
    await expect(history.locator('tbody tr')).toHaveCount(2)
    await expect(history.locator('tbody tr').nth(1)).toContainText('Återkallad')
    await expect(history.locator('tbody tr').nth(1)).toContainText(REVOKE_REASON)
    await expect(page.locator('[data-field="no-change"]')).toHaveText('Auktorisationen kan inte ändras här: vårdcentralen är återkallad.')
    await checkPage(page)
    expect(
      await query(`SELECT status::text, valid_from::text AS from, reason FROM clinic_authorisation_status WHERE clinic_id = $1 ORDER BY valid_from, id`, [journey.clinicId]),
    ).toEqual([
      { status: 'authorised', from: today, reason: null },
      { status: 'revoked', from: today, reason: REVOKE_REASON },
    ])
    expect(await query(`SELECT authorised_to::text AS to FROM clinic WHERE id = $1`, [journey.clinicId])).toEqual([{ to: today }])

    // Its page is gone (asked with the session, so never answered from the anonymous micro-cache) …
    expect((await page.request.get(`/vardcentraler/${journey.hsaId}`)).status()).toBe(404)
    // … and the finder finds nothing by its name (an address not asked before, so rendered now).
    await page.context().clearCookies()
    await page.goto(`/vardcentraler?${new URLSearchParams({ sok: CLINIC.toLocaleUpperCase('sv') })}`)
    await expectHydrated(page)
    await expect(page.getByRole('status')).toHaveText('0 vårdcentraler')
    await expect(page.getByText('Det finns inga vårdcentraler som matchar ditt val.')).toBeVisible()
    await expect(page.locator('.clinic-list > li')).toHaveCount(0)
    await expectNoAxeViolations(page)

    // The public register: revoked, without the reason and without a link to the finder.
    await page.goto('/auktoriserade-vardcentraler?status=revoked&kommun=9901')
    const row = page.locator(`tr[data-hsa-id="${journey.hsaId}"]`)
    await expect(row.locator('[data-field="status"]')).toHaveText('Återkallad')
    await expect(row.getByRole('link')).toHaveCount(0)
    await expect(page.getByText(REVOKE_REASON)).toHaveCount(0)
    await checkPage(page)
    const open = await page.request.get('/auktoriserade-vardcentraler.json')
    expect(((await open.json()) as { clinics: Record<string, unknown>[] }).clinics.find((c) => c.hsaId === journey.hsaId)).toMatchObject({
      name: CLINIC,
      status: 'revoked',
      authorisedFrom: today,
      authorisedTo: today,
      history: [
        { status: 'authorised', from: today },
        { status: 'revoked', from: today },
      ],
    })
    expect(unexpected(errors)).toEqual([])
  })

  test('Petra’s timeline shows each step in order, and her messages were delivered', async ({ page }) => {
    test.setTimeout(90_000)
    expect(journey.clinicId).toBeGreaterThan(0)
    const asked = journey.asked!
    const errors = collectPageErrors(page)
    const [petra] = await query<{ id: number }>(`SELECT id FROM app_user WHERE subject = $1`, [applicant.subject])
    // Delivered by the e2e worker (the outbox job), so waited for.
    await expect
      .poll(
        async () =>
          (
            await query<{ sent: number; total: number }>(
              `SELECT count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent, count(*)::int AS total
                 FROM provider_notification WHERE recipient_user_id = $1 AND (application_id = $2 OR clinic_id = $3)`,
              [petra!.id, journey.applicationId, journey.clinicId],
            )
          )[0],
        { timeout: 20_000 },
      )
      .toEqual({ sent: 5, total: 5 })

    await loginAs(page, applicant, `/ansokan/${journey.applicationId}`)
    await expect(page.locator('[data-field="status"]')).toHaveAttribute('data-status', 'approved')
    await expect(page.locator('[data-field="start-date"]')).toHaveText(today)
    await expect(page.locator('[data-field="agreement-number"]')).toHaveText(AGREEMENT)
    const timeline = page.getByRole('table', { name: 'Ansökans händelser, äldst först' })
    const kinds = await timeline.locator('tr[data-kind]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')))
    expect(kinds).toEqual([
      'created',
      ...Array<string>(journey.uploads).fill('attachment_added'),
      'submitted',
      'reviewer_assigned',
      'assessed',
      'supplementation_requested',
      'attachment_added',
      'resubmitted',
      'assessed',
      'approved',
    ])
    for (const [kind, words] of [
      ['submitted', 'Ansökan skickades in'],
      ['supplementation_requested', 'Regionen begärde komplettering'],
      ['resubmitted', 'Kompletteringen skickades in'],
      ['approved', 'Ansökan beviljades'],
    ]) {
      await expect(timeline.locator(`tr[data-kind="${kind}"] th`)).toHaveText(words!)
    }
    await expect(timeline.locator('tr[data-kind="approved"]')).toContainText(COMMISSIONER_NAME)
    await checkPage(page)

    await page.goto('/ansokan/meddelanden')
    await expect(page.getByRole('heading', { level: 1, name: 'Meddelanden om auktorisation' })).toBeVisible()
    const message = (subject: string) => page.getByTestId('message').filter({ has: page.getByRole('heading', { level: 2, name: subject, exact: true }) })
    await expect(message(`Er ansökan om auktorisation för ${CLINIC} har kommit in`)).toHaveCount(1)
    const supplement = message(`Komplettera er ansökan om auktorisation för ${CLINIC} senast ${swedishLongDate(dueOn)}`)
    await expect(supplement).toContainText(SUPPLEMENT_MESSAGE)
    await expect(supplement).toContainText(`– krav ${asked.code}`)
    await expect(message(`Kompletteringen av er ansökan för ${CLINIC} har kommit in`)).toHaveCount(1)
    const decided = message(`Beslut: er vårdcentral ${CLINIC} är auktoriserad`)
    await expect(decided).toContainText(`Auktorisationen gäller från och med ${swedishLongDate(today)}.`)
    await expect(decided).toContainText(`Avtalsnummer: ${AGREEMENT}`)
    await expect(decided).toContainText(`HSA-id: ${journey.hsaId}`)
    const revoked = message(`${CLINIC}: auktorisationen är återkallad från ${swedishLongDate(today)}`)
    await expect(revoked).toContainText(`Skäl: ${REVOKE_REASON}`)
    await expect(page.getByTestId('message').filter({ hasText: CLINIC })).toHaveCount(5)
    await checkPage(page)
    expect(unexpected(errors)).toEqual([])
  })

})

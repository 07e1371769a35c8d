import { readFile } from 'node:fs/promises'
import { expect, test, type Download, type Page } from '@playwright/test'
import { swedishMonth } from '../../app/utils/sweden.ts'
import { makePersonalId } from '../../app/modules/identity/personal-id.ts'
import { PAYMENTS_HEADER, PAYMENT_LINES_HEADER } from '../../app/modules/payments/payments.server.ts'
import { previousMonth } from '../../app/modules/payments/rules.ts'
import { createJobQueues } from '../../jobs/queues.ts'
import { collectPageErrors, expectHydrated, expectNoAxeViolations, query } from './helpers.ts'
import { E2E_PAYMENTS } from './seed-payments.ts'
import { E2E_REGION } from './seed.ts'
import { loginAs as loginThroughIdp } from './auth.ts'

/**
 * The payment pages. They share the e2e database with other files: this file alone runs 2026-08
 * and approves 2026-10; it asserts nothing that another file's runs could change.
 */
const { commissioner, clinicStaff } = E2E_REGION.users
const { approvedMonth, openMonth } = E2E_PAYMENTS
const RUN_MONTH = '2026-08'
const AKERN = 'SE9990000000-E2E1'
const BJORKAS = 'SE9990000000-E2E2'
const NBSP = '\u00a0'

/** "1234567.89" as Swedish kronor, written independently of the app's formatter. */
function svKronor(amount: string): string {
  const [whole, decimals] = amount.split('.')
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP)},${decimals}${NBSP}kr`
}

/**
 * Holds the payments queue (the global setup's worker takes no new job) until `release`, so a
 * page can be seen while its run is still queued. Tests that hold it run one after the other.
 */
async function holdPaymentsQueue(): Promise<{ release: () => Promise<void> }> {
  const queues = createJobQueues({ prefix: process.env.E2E_QUEUE_PREFIX! })
  const queue = queues.queue('payments')
  await queue.pause()
  let released = false
  return {
    release: async () => {
      if (released) return
      released = true
      await queue.resume()
      await queues.close()
    },
  }
}

async function loginAs(page: Page, who: { subject: string }, _options: { js?: boolean } = {}): Promise<void> {
  await loginThroughIdp(page, who)
}

async function csvLines(download: Download): Promise<string[]> {
  return (await readFile((await download.path())!, 'utf8')).split('\n').filter((line) => line !== '')
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 })
const table = (page: Page, caption: string | RegExp) => page.getByRole('table', { name: caption })

test.describe('the commissioner’s payment pages', () => {
  test('the overview: totals per month with their status, the chart, the rankings and the drift panel', async ({ page }) => {
    const errors = collectPageErrors(page)
    await loginAs(page, commissioner)
    const response = await page.goto('/region/ersattning')
    expect(response?.status()).toBe(200)
    await expect(page).toHaveTitle('Ersättning till vårdcentralerna – Vårdval')
    await expect(h1(page)).toHaveText('Ersättning till vårdcentralerna')

    const totals = table(page, 'Regionens ersättning per månad, senaste revisionen, i kronor')
    const approved = totals.locator(`tr[data-month="${approvedMonth}"]`)
    const open = totals.locator(`tr[data-month="${openMonth}"]`)
    await expect(approved.getByRole('rowheader')).toHaveText('september 2026')
    await expect(approved.getByRole('link', { name: 'september 2026' })).toHaveAttribute('href', `/region/ersattning/${approvedMonth}`)
    await expect(approved).toContainText('Godkänd')
    await expect(open.getByRole('rowheader')).toHaveText('oktober 2026')
    // Money is the stored decimal, regrouped the Swedish way: "1 234,56 kr".
    const [stored] = await query<{ total: string }>(`SELECT total::text FROM payment_run WHERE month = $1::date AND revision = 1`, [`${approvedMonth}-01`])
    await expect(approved.locator('td').last()).toHaveText(svKronor(stored!.total))

    const chart = page.getByRole('img', { name: /^Stapeldiagram: regionens ersättning per månad från .+ till oktober 2026/ })
    await expect(chart).toBeVisible()
    await expect(chart.locator('desc')).toContainText('Senaste månaden, oktober 2026: totalt')
    await expect(chart.locator('rect.chart__capitation')).not.toHaveCount(0)
    await expect(page.getByRole('list', { name: 'Förklaring' }).getByRole('listitem')).toHaveText([
      'Primärvårdspeng',
      'Målrelaterad ersättning',
      'Momskompensation',
    ])

    // Newest month by default; every clinic authorised in the month has a row.
    await expect(page.getByRole('heading', { name: 'Vårdcentralerna oktober 2026' })).toBeVisible()
    const byTotal = table(page, 'Högst total ersättning, oktober 2026')
    await expect(byTotal.getByRole('row')).toHaveCount(4)
    const totalsInOrder = await byTotal.locator('tbody tr td:nth-child(4)').allInnerTexts()
    const kronor = totalsInOrder.map((text) => Number(text.replace(/[^\d,]/g, '').replace(',', '.')))
    expect(kronor).toEqual([...kronor].sort((a, b) => b - a))
    const byCitizen = table(page, 'Högst ersättning per listad invånare, oktober 2026')
    await expect(byCitizen.getByRole('row')).toHaveCount(4)
    // Nobody listed: no payment per citizen, ranked last.
    await expect(byCitizen.locator('tbody tr').last()).toContainText('Ängens vårdcentral')
    await expect(byCitizen.locator('tbody tr').last().locator('td').last()).toHaveText('–')
    await expect(byTotal.getByRole('link', { name: 'Åkerns vårdcentral' })).toHaveAttribute('href', `/region/ersattning/${openMonth}/1/${AKERN}`)

    const drift = page.getByRole('region', { name: 'Varning: vårdtyngd som stiger snabbare än regionens' })
    await expect(drift).toContainText('minst 5 procentenheter mer än regionens ökning')
    await expect(drift).toContainText(`färre än 500 listade invånare`)
    await expect(drift).toContainText('uppkodning')
    await expect(drift).toContainText('Det går inte att jämföra ännu: jämförelsen med oktober 2026 kräver en beräknad månad tolv månader tidigare, oktober 2025.')

    // The start form offers the previous month by default.
    await expect(page.getByLabel('Månad att beräkna')).toHaveValue(previousMonth(swedishMonth()))

    await expectHydrated(page)
    await expectNoAxeViolations(page)

    // A chosen month by GET.
    await page.getByLabel('Månad', { exact: true }).selectOption(approvedMonth)
    await page.getByRole('button', { name: 'Visa månad' }).click()
    await expect(page).toHaveURL(new RegExp(`\\?manad=${approvedMonth}$`))
    await expect(table(page, 'Högst total ersättning, september 2026')).toBeVisible()
    expect(errors).toEqual([])
  })

  test('in English, money is written the English way', async ({ page }) => {
    await loginAs(page, commissioner)
    await page.goto('/region/ersattning?lang=en')
    await expect(h1(page)).toHaveText('Payments to the health centres')
    const [stored] = await query<{ total: string }>(`SELECT total::text FROM payment_run WHERE month = $1::date AND revision = 1`, [`${approvedMonth}-01`])
    const [whole, decimals] = stored!.total.split('.')
    const row = table(page, 'The region’s payments per month, newest revision, in kronor').locator(`tr[data-month="${approvedMonth}"]`)
    await expect(row.locator('td').last()).toHaveText(`SEK${NBSP}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${decimals}`)
    await expect(page.getByRole('img', { name: /^Bar chart: / })).toBeVisible()
    await expectNoAxeViolations(page)
  })

  test('a future month is refused with an error summary; an unknown job is a 404', async ({ page }) => {
    await loginAs(page, commissioner)
    const refused = await page.request.post('/region/ersattning', { form: { month: '2999-01' } })
    expect(refused.status()).toBe(400)
    expect(await refused.text()).toContain('Månaden har inte börjat ännu.')
    expect((await page.request.post('/region/ersattning', { form: { month: '2026-13' } })).status()).toBe(400)
    expect((await page.goto('/region/ersattning/korning/987654321'))?.status()).toBe(404)
    expect((await page.goto('/region/ersattning/korning/abc'))?.status()).toBe(404)
    expect((await page.request.get('/region/ersattning/korning/987654321.json')).status()).toBe(404)
  })

  test.describe('runs', () => {
    // Both hold the queue for a moment: one after the other, in one worker.
    test.describe.configure({ mode: 'default' })

    test('starts a run of a month from the page and follows its progress live to a new revision', async ({ page }) => {
      const errors = collectPageErrors(page)
      const polls: string[] = []
      page.on('request', (request) => {
        if (request.url().endsWith('.json')) polls.push(request.url())
      })
      await loginAs(page, commissioner)
      await page.goto('/region/ersattning')
      await expectHydrated(page)
      await page.getByLabel('Månad att beräkna').selectOption(RUN_MONTH)
      const hold = await holdPaymentsQueue()
      try {
        await page.getByRole('button', { name: 'Starta körning' }).click()
        await expect(page).toHaveURL(/\/region\/ersattning\/korning\/\d+$/)
        await expect(h1(page)).toHaveText('Körning av augusti 2026')
        const bar = page.getByRole('progressbar', { name: 'Förlopp' })
        const status = page.getByRole('status')
        // Queued: an indeterminate bar, and the page asks the server again every second.
        await expect(status).toHaveText('I kö, väntar på att starta')
        await expect(bar).not.toHaveAttribute('value')
        await expectHydrated(page)
        await expectNoAxeViolations(page)
        await expect.poll(() => polls.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2)
        await hold.release()

        // The same page, never reloaded, follows the run to its end.
        await expect(bar).toHaveAttribute('value', '100', { timeout: 20_000 })
        await expect(status).toContainText('Klar')
        await expect(status).toContainText('Ny revision 1 är beräknad.')
        await expect(page.locator('[data-field="duration"]')).toHaveText(/^\d+,\d\u00a0s$|^\d+\u00a0min \d+\u00a0s$/)
        await expectNoAxeViolations(page)
      } finally {
        await hold.release()
      }

      // The JSON the page polls says the same; polling stops once the run is done.
      const json = await page.request.get(`${new URL(page.url()).pathname}.json`)
      expect(json.status()).toBe(200)
      expect(await json.json()).toMatchObject({ state: 'done', month: RUN_MONTH, percent: 100, stage: 'done', result: { kind: 'created', revision: 1 } })
      const polled = polls.length
      await page.waitForTimeout(1_500)
      expect(polls.length).toBe(polled)

      await page.getByRole('link', { name: 'Visa augusti 2026' }).click()
      await expect(h1(page)).toHaveText('Ersättning augusti 2026')
      await expect(table(page, 'Revisioner av augusti 2026').locator('tbody tr')).toHaveCount(1)
      await expect(table(page, 'Ersättning per vårdcentral, augusti 2026, revision 1').locator('tbody tr')).toHaveCount(3)
      await expect(page.getByRole('button', { name: 'Godkänn revision 1' })).toBeVisible()
      expect(errors).toEqual([])
    })

    test.describe('without JavaScript', () => {
      test.use({ javaScriptEnabled: false })

      test('re-running an unchanged month reports it unchanged; the page refreshes itself until done', async ({ page }) => {
        await loginAs(page, commissioner, { js: false })
        await page.goto('/region/ersattning')
        await page.getByLabel('Månad att beräkna').selectOption(approvedMonth)
        const hold = await holdPaymentsQueue()
        try {
          await page.getByRole('button', { name: 'Starta körning' }).click()
          await expect(page).toHaveURL(/\/region\/ersattning\/korning\/\d+$/)
          await expect(h1(page)).toHaveText('Körning av september 2026')
          await expect(page.getByRole('status')).toHaveText('I kö, väntar på att starta')
          // Without JavaScript the <noscript> markup is live: a refresh every other second and a link.
          await expect(page.locator('meta[http-equiv="refresh"]')).toHaveAttribute('content', '2')
          await expect(page.getByRole('link', { name: 'Uppdatera' })).toBeVisible()
          await hold.release()
          await expect(page.getByText('Oförändrat underlag: inget nytt, revision 1 gäller fortfarande.')).toBeVisible({ timeout: 20_000 })
        } finally {
          await hold.release()
        }
        await expect(page.getByRole('progressbar', { name: 'Förlopp' })).toHaveAttribute('value', '100')
        await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0)
        await page.getByRole('link', { name: 'Visa september 2026' }).click()
        await expect(table(page, 'Revisioner av september 2026').locator('tbody tr')).toHaveCount(1)
      })
    })
  })

  test('approves the open month after a confirmation, then downloads the payments file', async ({ page }) => {
    const errors = collectPageErrors(page)
    await loginAs(page, commissioner)
    // Not approved yet: no file for finance.
    expect((await page.request.get(`/region/ersattning/${openMonth}/1/payments.csv`)).status()).toBe(409)

    await page.goto(`/region/ersattning/${openMonth}`)
    await expectHydrated(page)
    await expect(h1(page)).toHaveText('Ersättning oktober 2026')
    const revisions = table(page, 'Revisioner av oktober 2026')
    await expect(revisions.locator('tr[data-revision="1"]')).toContainText('2026.1')
    await expect(revisions.locator('tr[data-revision="1"]')).toContainText('Väntar på godkännande')
    await expect(page.getByRole('link', { name: 'Ladda ner betalfil (CSV)' })).toHaveCount(0)

    await page.getByRole('button', { name: 'Godkänn revision 1' }).click()
    await expect(page.getByRole('heading', { name: 'Bekräfta godkännande av revision 1' })).toBeFocused()
    await expect(page.getByText(/Du godkänner revision 1 av oktober 2026 med totalt .+\u00a0kr för utbetalning/)).toBeVisible()
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Ja, godkänn revision 1' }).click()

    await expect(page).toHaveURL(new RegExp(`/region/ersattning/${openMonth}\\?revision=1&godkand=1$`))
    await expect(page.getByText('Revision 1 är godkänd och kan betalas ut.')).toBeVisible()
    await expect(revisions.locator('tr[data-revision="1"]')).toContainText(`Godkänd av ${commissioner.name}`)
    await expect(page.getByRole('button', { name: 'Godkänn revision 1' })).toHaveCount(0)
    await expectNoAxeViolations(page)

    // Approving again is refused by the service: an error, not a second approval.
    const again = await page.request.post(`/region/ersattning/${openMonth}`, { form: { intent: 'approve', revision: '1' } })
    expect(again.status()).toBe(409)
    expect(await again.text()).toContain('Revision 1 kan inte godkännas')

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ladda ner betalfil (CSV)' }).click()])
    expect(download.suggestedFilename()).toBe(`payments-${openMonth}-r1.csv`)
    const lines = await csvLines(download)
    expect(lines[0]).toBe('hsa_id,month,revision,listed_citizens,listing_points,age_sex,care_weight,interpreter,geography,socioeconomic,capitation,goal_potential,goal_score,goal_earned,vat_compensation,total')
    expect(lines[0]).toBe(PAYMENTS_HEADER)
    expect(lines.map((line) => line.split(',')[0])).toEqual(['hsa_id', AKERN, BJORKAS, 'SE9990000000-E2E3'])
    expect(lines[1]).toMatch(new RegExp(`^${AKERN},${openMonth},1,3,\\d+\\.\\d{4},`))
    // The export's audit entry commits with its read, just after the last byte.
    const exports = async () => Number((await query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_log WHERE action = 'payments.export'`))[0]!.n)
    await expect.poll(exports).toBeGreaterThanOrEqual(1)
    expect(errors).toEqual([])
  })

  test('a clinic’s specification: components, indicators, a page of lines and a search by POST that keeps the number out of every address', async ({ page }) => {
    const errors = collectPageErrors(page)
    const addresses: string[] = []
    page.on('request', (request) => addresses.push(request.url()))
    await loginAs(page, commissioner)
    await page.goto(`/region/ersattning/${approvedMonth}`)
    await page.getByRole('table', { name: /Ersättning per vårdcentral, september 2026/ }).getByRole('link', { name: 'Åkerns vårdcentral' }).click()

    await expect(page).toHaveURL(new RegExp(`/region/ersattning/${approvedMonth}/1/${AKERN}$`))
    await expect(h1(page)).toHaveText('Åkerns vårdcentral: ersättning september 2026')
    await expect(page.locator('[data-field="listed-citizens"]')).toHaveText('3')
    const [clinic] = await query<{ total: string }>(
      `SELECT c.total::text FROM payment_clinic c JOIN payment_run r ON r.id = c.run_id JOIN clinic k ON k.id = c.clinic_id
       WHERE r.month = $1::date AND r.revision = 1 AND k.hsa_id = $2`,
      [`${approvedMonth}-01`, AKERN],
    )
    await expect(page.locator('[data-field="total"]')).toHaveText(svKronor(clinic!.total))

    // Indicators: 80 of 100 (fulfilment (0.80−0.70)/(0.90−0.70)), 25 of 50, and 4 of 20 under the minimum denominator.
    const indicators = table(page, 'Målindikatorer')
    await expect(indicators.locator('[data-indicator="TEL_SAME_DAY"] td')).toHaveText(['2026-H1', '2026-08-14', '80 av 100', `80,0${NBSP}%`, `50,0${NBSP}%`, '3'])
    await expect(indicators.locator('[data-indicator="DM_HBA1C_LT52"] td')).toHaveText(['2026-H1', '2026-08-14', '25 av 50', `50,0${NBSP}%`, `50,0${NBSP}%`, '2'])
    await expect(indicators.locator('[data-indicator="ELDERLY_AVOID_DRUGS"] td').nth(4)).toHaveText('Kan inte bedömas')
    await expect(page.locator('[data-field="goal-score"]')).toHaveText(`50,0${NBSP}% (0,500000)`)

    const lines = table(page, 'Rader 1–3 av 3')
    await expect(lines.locator('tbody tr')).toHaveCount(3)
    await expectHydrated(page)
    await expectNoAxeViolations(page)

    const personalId = (await lines.locator('tbody tr').nth(1).getByRole('rowheader').innerText()).trim()
    expect(personalId).toMatch(/^\d{12}$/)
    const withHyphen = `${personalId.slice(0, 8)}-${personalId.slice(8)}`
    await page.getByLabel('Personnummer').fill(withHyphen)
    await page.getByRole('button', { name: 'Sök', exact: true }).click()
    const found = table(page, 'Raden för den sökta invånaren')
    await expect(found.locator('tbody tr')).toHaveCount(1)
    await expect(found.getByRole('rowheader')).toHaveText(personalId)
    await expectNoAxeViolations(page)

    const nobody = makePersonalId('1980-01-01', 500)
    await page.getByLabel('Personnummer').fill(nobody)
    await page.getByRole('button', { name: 'Sök', exact: true }).click()
    await expect(page.getByText(`Ingen rad för ${nobody} på den här vårdcentralen den här månaden.`)).toBeVisible()

    await page.getByLabel('Personnummer').fill('12345')
    await page.getByRole('button', { name: 'Sök', exact: true }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'Det finns ett fel' })
    await expect(summary).toBeFocused()
    await expect(summary.getByRole('link', { name: /Personnumret är inte giltigt/ })).toHaveAttribute('href', '#personnummer')
    await expect(page.getByLabel('Personnummer')).toHaveAttribute('aria-invalid', 'true')
    await expectNoAxeViolations(page)

    // The searches were POSTs: no identity number in any address the browser asked for.
    for (const id of [personalId, withHyphen, nobody]) {
      expect(page.url()).not.toContain(id)
      expect(addresses.filter((address) => address.includes(id))).toEqual([])
    }
    // Each view of lines is in the audit log, the search flagged.
    const [{ searched, viewed }] = (await query<{ searched: string; viewed: string }>(
      `SELECT count(*) FILTER (WHERE details->>'search' = 'true')::text AS searched, count(*)::text AS viewed
       FROM audit_log a JOIN app_user u ON u.id = a.actor_user_id WHERE a.action = 'payment-lines.view' AND u.subject = $1`,
      [commissioner.subject],
    )) as [{ searched: string; viewed: string }]
    expect(Number(searched)).toBeGreaterThanOrEqual(1)
    expect(Number(viewed)).toBeGreaterThanOrEqual(4)

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ladda ner rader (CSV)' }).click()])
    expect(download.suggestedFilename()).toBe(`payment-lines-${AKERN}-${approvedMonth}-r1.csv`)
    const file = await csvLines(download)
    expect(file[0]).toBe(PAYMENT_LINES_HEADER)
    expect(file).toHaveLength(4)
    // The refused number is answered 400 (the form's validation), which the browser logs.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([])
  })
})

test.describe('clinic staff’s payment pages', () => {
  test('see their own clinic’s months and specification, and get a 403 for another clinic', async ({ page }) => {
    const errors = collectPageErrors(page)
    await loginAs(page, clinicStaff)
    await page.goto('/mottagning')
    await page.getByRole('main').getByRole('link', { name: 'Vår ersättning' }).click()
    await expect(page).toHaveURL(/\/mottagning\/ersattning$/)
    await expect(h1(page)).toHaveText('Vår ersättning')
    await expect(page.getByRole('heading', { level: 2 })).toHaveText([clinicStaff.clinicName])
    const months = table(page, `Ersättning till ${clinicStaff.clinicName} per månad`)
    await expect(months.locator(`tr[data-month="${approvedMonth}"]`)).toContainText('Godkänd')
    await expect(months.locator(`tr[data-month="${openMonth}"]`)).toContainText('oktober 2026')
    await expectHydrated(page)
    await expectNoAxeViolations(page)

    await months.getByRole('link', { name: 'september 2026' }).click()
    await expect(page).toHaveURL(new RegExp(`/mottagning/ersattning/${approvedMonth}/1/${AKERN}$`))
    await expect(h1(page)).toHaveText('Åkerns vårdcentral: ersättning september 2026')
    await expect(table(page, 'Målindikatorer').locator('tbody tr')).toHaveCount(3)
    await expect(table(page, 'Rader 1–3 av 3').locator('tbody tr')).toHaveCount(3)
    await expect(page.getByRole('link', { name: 'Ladda ner rader (CSV)' })).toHaveAttribute('href', `/mottagning/ersattning/${approvedMonth}/1/${AKERN}/lines.csv`)
    await expectNoAxeViolations(page)
    const own = await page.request.get(`/mottagning/ersattning/${approvedMonth}/1/${AKERN}/lines.csv`)
    expect(own.status()).toBe(200)
    expect((await own.text()).split('\n')[0]).toBe(PAYMENT_LINES_HEADER)

    const other = await page.goto(`/mottagning/ersattning/${approvedMonth}/1/${BJORKAS}`)
    expect(other?.status()).toBe(403)
    await expect(h1(page)).toHaveText('Du har inte behörighet')
    await expectNoAxeViolations(page)
    expect((await page.request.get(`/mottagning/ersattning/${approvedMonth}/1/${BJORKAS}/lines.csv`)).status()).toBe(403)
    expect((await page.request.post(`/mottagning/ersattning/${approvedMonth}/1/${BJORKAS}`, { form: { intent: 'search', personnummer: makePersonalId('1999-01-21', 133) } })).status()).toBe(403)
    expect((await page.goto('/region/ersattning'))?.status()).toBe(403)
    expect((await page.goto(`/region/ersattning/${approvedMonth}/1/${AKERN}`))?.status()).toBe(403)
    expect((await page.goto(`/mottagning/ersattning/${approvedMonth}/1/SE0000000000-NONE`))?.status()).toBe(404)
    expect(errors.filter((e) => !/status of 40[34]/.test(e))).toEqual([])
  })
})

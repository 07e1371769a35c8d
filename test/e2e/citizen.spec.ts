import { expect, test, type Page } from '@playwright/test'
import { loginAs } from './auth.ts'
import { collectPageErrors, expectNoAxeViolations, query } from './helpers.ts'
import { E2E_CITIZENS } from './seed-citizens.ts'

const AKERN = 'SE9990000000-E2E1'
const BJORKAS = 'SE9990000000-E2E2'
const ANGEN = 'SE9990000000-E2E3'
const { cappedClinic } = E2E_CITIZENS

// Each test logs in through the IdP and walks several pages with axe: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 60_000 })

/** Every address the page visits or requests, to prove no personnummer ever enters one. */
function watchUrls(page: Page): string[] {
  const urls: string[] = []
  page.on('request', (r) => urls.push(r.url()))
  page.on('framenavigated', (f) => urls.push(f.url()))
  return urls
}

function expectNoPersonalIds(urls: string[]) {
  const ids = Object.values(E2E_CITIZENS).flatMap((v) => (typeof v === 'object' && 'personalId' in v ? [v.personalId, `${v.personalId.slice(0, 8)}-${v.personalId.slice(8)}`] : []))
  expect(urls.length).toBeGreaterThan(0)
  for (const url of urls) {
    const decoded = decodeURIComponent(url)
    for (const id of ids) expect(decoded).not.toContain(id)
    expect(decoded).not.toMatch(/(19|20)\d{6}-?\d{4}/)
  }
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 })
const fact = (page: Page, field: string) => page.locator(`[data-field="${field}"]`)

async function citizenId(personalId: string): Promise<string> {
  const [row] = await query<{ id: string }>(`SELECT id::text FROM citizen WHERE personal_id = $1`, [personalId])
  return row!.id
}

test.describe('Mina sidor: choose and switch', () => {
  test('a logged-out visitor is sent to log in and comes back to the confirmation; choose, receipt, change one’s mind, history', async ({ page }) => {
    const urls = watchUrls(page)
    const errors = collectPageErrors(page)
    await page.goto(`/mina-sidor/valj/${BJORKAS}`)
    await expect(page).toHaveURL(/\/logga-in\?next=%2Fmina-sidor%2Fvalj%2FSE9990000000-E2E2$/)
    await loginAs(page, { personalId: E2E_CITIZENS.chooser.personalId }, `/mina-sidor/valj/${BJORKAS}`)

    await expect(h1(page)).toHaveText('Bekräfta ditt val')
    await expect(fact(page, 'current')).toHaveText(cappedClinic.name)
    await expect(fact(page, 'next')).toHaveText('Björkås hälsocentral')
    const effective = (await fact(page, 'effective').innerText()).trim()
    expect(effective).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    await expect(fact(page, 'counts')).toHaveText('Det här räknas som ett byte: du har bytt 0 av 2 tillåtna gånger de senaste 12 månaderna.')
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Bekräfta valet' }).click()

    await expect(page).toHaveURL(/\/mina-sidor\/kvitto\/\d+$/)
    await expect(h1(page)).toHaveText('Kvitto på ditt val')
    await expect(page.getByRole('status')).toHaveText('Klart! Valet är registrerat.')
    await expect(fact(page, 'from')).toHaveText(cappedClinic.name)
    await expect(fact(page, 'to')).toHaveText('Björkås hälsocentral')
    await expect(fact(page, 'effective')).toHaveText(effective)
    await expect(fact(page, 'withdrawn')).toHaveText('Inget')
    await expect(fact(page, 'sent')).toHaveText('Ett kvitto har skickats till Mina meddelanden.')
    await expectNoAxeViolations(page)
    const id = await citizenId(E2E_CITIZENS.chooser.personalId)
    expect(await query(`SELECT kind::text FROM notification WHERE about_citizen_id = $1`, [id])).toEqual([{ kind: 'listing_receipt' }])

    // Mina sidor: the pending choice and one switch used
    await page.goto('/mina-sidor')
    await expect(h1(page)).toHaveText('Mina sidor')
    await expect(fact(page, 'current-clinic')).toContainText(cappedClinic.name)
    await expect(fact(page, 'pending-choice')).toHaveText(`Du har valt Björkås hälsocentral. Valet gäller från ${effective}.`)
    await expect(fact(page, 'switches-left')).toHaveText('Du har 1 byte kvar.')
    await expectNoAxeViolations(page)

    // Changing one's mind the same day withdraws the pending choice: not a second switch
    await page.goto(`/mina-sidor/valj/${ANGEN}`)
    await expect(fact(page, 'current')).toHaveText('Björkås hälsocentral')
    await page.getByRole('button', { name: 'Bekräfta valet' }).click()
    await expect(fact(page, 'to')).toHaveText('Ängens vårdcentral')
    await expect(fact(page, 'withdrawn')).toHaveText('Björkås hälsocentral')

    await page.getByRole('link', { name: 'Se listningshistoriken' }).click()
    await expect(h1(page)).toHaveText('Min listningshistorik')
    const table = page.getByRole('table', { name: 'Listningar' })
    await expect(table.getByRole('rowheader')).toHaveText(['Ängens vårdcentral', cappedClinic.name])
    await expect(table.locator('[data-field="reason"]')).toHaveText(['Eget val', 'Från folkbokföringen/import'])
    await expect(table.locator('[data-field="counts"]')).toHaveText(['Ja', 'Nej'])
    await expect(fact(page, 'summary')).toHaveText('1 av 2 tillåtna byten räknas de senaste 12 månaderna.')
    await expectNoAxeViolations(page)
    expectNoPersonalIds(urls)
    expect(errors).toEqual([])
  })

  test('the switch limit: the confirmation says when a switch is possible again and how to ask for an exception', async ({ page }) => {
    const urls = watchUrls(page)
    await loginAs(page, { personalId: E2E_CITIZENS.atLimit.personalId })
    await expect(page).toHaveURL(/\/mina-sidor$/)
    await expect(fact(page, 'switches-left')).toHaveText('Du har inga byten kvar just nu.')
    await page.goto(`/mina-sidor/valj/${AKERN}`)
    const alert = page.getByRole('alert')
    await expect(alert).toHaveAttribute('data-refusal', 'switch-limit')
    await expect(alert).toContainText(/Du har redan bytt vårdcentral 2 gånger de senaste 12 månaderna och regionen tillåter 2\. Du kan byta igen från \d{4}-\d{2}-\d{2}\./)
    await expect(alert).toContainText('be om ett undantag')
    await expect(page.getByRole('button', { name: 'Bekräfta valet' })).toHaveCount(0)
    await expectNoAxeViolations(page)
    await page.goto('/mina-sidor/historik')
    await expect(page.getByRole('table', { name: 'Listningar' }).locator('[data-field="counts"]')).toHaveText(['Ja', 'Ja', 'Nej'])
    expectNoPersonalIds(urls)
  })

  test('a list closed by the commissioner’s cap: the page says so and offers the nearest open clinics', async ({ page }) => {
    await loginAs(page, { personalId: E2E_CITIZENS.capped.personalId })
    await expect(fact(page, 'current-clinic')).toHaveText('Du är inte listad på någon vårdcentral just nu.')
    await page.goto(`/mina-sidor/valj/${cappedClinic.hsaId}`)
    const alert = page.getByRole('alert')
    await expect(alert).toHaveAttribute('data-refusal', 'list-closed')
    await expect(alert).toContainText(`${cappedClinic.name} tar inte emot fler just nu. Regionen (beställaren) har beslutat ett listningstak och listan är full.`)
    await expect(alert.getByRole('heading', { name: 'Närmaste vårdcentraler med öppen lista' })).toBeVisible()
    await expect(alert.getByRole('link', { name: 'Sök bland alla vårdcentraler' })).toHaveAttribute('href', '/vardcentraler')
    await expectNoAxeViolations(page)
  })

  test('two tabs: the second confirmation is told the listing changed and what is in force now', async ({ browser }) => {
    const context = await browser.newContext()
    const first = await context.newPage()
    await loginAs(first, { personalId: E2E_CITIZENS.twoTabs.personalId })
    const second = await context.newPage()
    await first.goto(`/mina-sidor/valj/${BJORKAS}`)
    await second.goto(`/mina-sidor/valj/${AKERN}`)
    const effective = (await fact(first, 'effective').innerText()).trim()
    await first.getByRole('button', { name: 'Bekräfta valet' }).click()
    await expect(first).toHaveURL(/\/mina-sidor\/kvitto\/\d+$/)
    await second.getByRole('button', { name: 'Bekräfta valet' }).click()
    const alert = second.getByRole('alert')
    await expect(alert).toHaveAttribute('data-refusal', 'changed')
    await expect(alert).toContainText('Din listning ändrades medan sidan var öppen – kanske i en annan flik.')
    await expect(fact(second, 'changed-now')).toHaveText(`Nu gäller: Björkås hälsocentral från ${effective}.`)
    await expect(fact(second, 'current')).toHaveText('Björkås hälsocentral')
    await expectNoAxeViolations(second)
    // confirming again (with the new state) goes through
    await second.getByRole('button', { name: 'Bekräfta valet' }).click()
    await expect(second).toHaveURL(/\/mina-sidor\/kvitto\/\d+$/)
    await expect(fact(second, 'withdrawn')).toHaveText('Björkås hälsocentral')
    const id = await citizenId(E2E_CITIZENS.twoTabs.personalId)
    const open = await query<{ hsa_id: string }>(`SELECT k.hsa_id FROM listing l JOIN clinic k ON k.id = l.clinic_id WHERE l.citizen_id = $1 AND l.valid_from > current_date`, [id])
    expect(open).toEqual([{ hsa_id: AKERN }])
    await context.close()
  })
})

test.describe('Mina sidor: children', () => {
  test('a guardian sees the child under 18 (not the grown-up one), switches the child, and the other guardian is notified', async ({ page }) => {
    const urls = watchUrls(page)
    const errors = collectPageErrors(page)
    await loginAs(page, { personalId: E2E_CITIZENS.guardian.personalId })
    await expect(page).toHaveURL(/\/mina-sidor$/)
    const children = page.getByRole('table', { name: 'Dina barn under 18 år och deras vårdcentraler' })
    await expect(children.getByRole('rowheader')).toHaveText([`Barn fött ${E2E_CITIZENS.child.birthDate}`])
    await expect(children.locator('[data-field="child-clinic"]')).toHaveText([cappedClinic.name])
    await expect(page.getByText(`Barn fött ${E2E_CITIZENS.grownChild.birthDate}`)).toHaveCount(0)
    await expectNoAxeViolations(page)

    await page.getByRole('link', { name: `Byt vårdcentral för barn fött ${E2E_CITIZENS.child.birthDate}` }).click()
    await expect(h1(page)).toHaveText(`Välj vårdcentral för barn fött ${E2E_CITIZENS.child.birthDate}`)
    await expectNoAxeViolations(page)
    await page.getByLabel('Vårdcentral', { exact: true }).selectOption({ label: 'Åkerns vårdcentral' })
    await page.getByRole('button', { name: 'Fortsätt' }).click()
    await expect(page).toHaveURL(new RegExp(`/mina-sidor/valj/${AKERN}\\?barn=\\d+$`))
    await expect(h1(page)).toHaveText(`Bekräfta val för barn fött ${E2E_CITIZENS.child.birthDate}`)
    await expect(fact(page, 'current')).toHaveText(cappedClinic.name)
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Bekräfta valet' }).click()

    await expect(h1(page)).toHaveText(`Kvitto på val för barn fött ${E2E_CITIZENS.child.birthDate}`)
    await expect(fact(page, 'to')).toHaveText('Åkerns vårdcentral')
    await expect(fact(page, 'sent')).toHaveText('Ett kvitto har skickats till Mina meddelanden och ett meddelande till barnets andra vårdnadshavare.')
    const [child, guardian, coParent] = await Promise.all([E2E_CITIZENS.child, E2E_CITIZENS.guardian, E2E_CITIZENS.coParent].map((c) => citizenId(c.personalId)))
    expect(await query(`SELECT kind::text, recipient_citizen_id::text AS recipient FROM notification WHERE about_citizen_id = $1 ORDER BY id`, [child])).toEqual([
      { kind: 'listing_receipt', recipient: guardian },
      { kind: 'guardian_notice', recipient: coParent },
    ])

    await page.getByRole('link', { name: 'Se listningshistoriken' }).click()
    await expect(h1(page)).toHaveText(`Listningshistorik för barn fött ${E2E_CITIZENS.child.birthDate}`)
    await expect(page.getByRole('table', { name: 'Listningar' }).getByRole('rowheader')).toHaveText(['Åkerns vårdcentral', cappedClinic.name])
    await expectNoAxeViolations(page)

    // Someone else's child, or the grown-up one: 403
    const grown = await citizenId(E2E_CITIZENS.grownChild.personalId)
    expect((await page.request.get(`/mina-sidor/historik?barn=${grown}`)).status()).toBe(403)
    expect((await page.request.get(`/mina-sidor/valj/${AKERN}?barn=${coParent}`)).status()).toBe(403)
    expectNoPersonalIds(urls)
    expect(errors).toEqual([])
  })

  test('the pages need a citizen: staff get a 403', async ({ page }) => {
    await loginAs(page, { subject: 'e2e-commissioner' })
    expect((await page.request.get('/mina-sidor')).status()).toBe(403)
    expect((await page.request.get(`/mina-sidor/valj/${AKERN}`)).status()).toBe(403)
  })
})

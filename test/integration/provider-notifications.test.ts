/**
 * Messages to providers' users: each kind's text (what happened, what to do, by when, the link),
 * never an identity number; and delivery on the real database, where the same deliverWaiting()
 * call delivers citizens' and providers' messages, each exactly once even with two deliveries
 * running at the same time, to the user's own e-mail address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { deliverWaiting } from '../../app/modules/notifications/deliver.server.ts'
import { providerMessagesFor, providerOutboxPage } from '../../app/modules/notifications/messages.server.ts'
import { queueProviderNotification } from '../../app/modules/notifications/provider-outbox.server.ts'
import { renderProviderNotification, type ProviderRenderInput } from '../../app/modules/notifications/provider-render.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

const PUBLIC_URL = 'https://vardval.example.se/'
const PERSONAL_ID = '198001019876'
/** A personal identity number in any of its written forms (12 or 10 digits, with or without a dash). */
const IDENTITY_NUMBER = /\b(19|20)?\d{6}[-+]?\d{4}\b/

const render = (input: Partial<ProviderRenderInput> & Pick<ProviderRenderInput, 'kind'>) =>
  renderProviderNotification({ applicationId: 42, clinicName: 'Solgläntans vårdcentral', payload: {}, publicUrl: PUBLIC_URL, ...input })

describe('the texts', () => {
  it('application received: first time and after supplementation', () => {
    const first = render({ kind: 'application_received' })
    expect(first.subject).toBe('Er ansökan om auktorisation för Solgläntans vårdcentral har kommit in')
    expect(first.body).toContain('Regionen har tagit emot er ansökan om auktorisation enligt LOV för Solgläntans vårdcentral.')
    expect(first.body).toContain('Följ ansökan: https://vardval.example.se/ansokan/42')
    const again = render({ kind: 'application_received', payload: { resubmitted: true } })
    expect(again.subject).toBe('Kompletteringen av er ansökan för Solgläntans vårdcentral har kommit in')
  })

  it('supplementation requested: what to amend, by when, the message and the link', () => {
    const m = render({
      kind: 'supplementation_requested',
      payload: { message: 'Bifoga ett nytt försäkringsbrev.\nDet gamla har gått ut.', dueOn: '2026-12-15', requirementCodes: ['3.1', '1.2'], sections: ['staffing', 'medical_lead'] },
    })
    expect(m.subject).toBe('Komplettera er ansökan om auktorisation för Solgläntans vårdcentral senast 15 december 2026')
    expect(m.body).toContain('Handläggarens meddelande:\n  Bifoga ett nytt försäkringsbrev.\n  Det gamla har gått ut.')
    expect(m.body).toContain('Det här behöver kompletteras:\n  – krav 3.1\n  – krav 1.2\n  – Bemanning\n  – Medicinskt ansvarig')
    expect(m.body).toContain('Komplettera och skicka in ansökan igen senast 15 december 2026.')
    expect(m.body).toContain('Komplettera ansökan: https://vardval.example.se/ansokan/42')
  })

  it('application decided: approved with start date, agreement and the finder; rejected with its reasons', () => {
    const yes = render({ kind: 'application_decided', payload: { outcome: 'approved', startDate: '2027-01-01', agreementNumber: 'AVT-2026-17', hsaId: 'SE2321000131-A000042' } })
    expect(yes.subject).toBe('Beslut: er vårdcentral Solgläntans vårdcentral är auktoriserad')
    expect(yes.body).toContain('Auktorisationen gäller från och med 1 januari 2027.')
    expect(yes.body).toContain('Avtalsnummer: AVT-2026-17')
    expect(yes.body).toContain('HSA-id: SE2321000131-A000042')
    expect(yes.body).toContain('Er vårdcentral visas för invånarna i sök och jämför på https://vardval.example.se/vardcentraler från och med 1 januari 2027.')
    const no = render({
      kind: 'application_decided',
      payload: {
        outcome: 'rejected',
        reasons: [
          { code: '1.2', ground: null, reason: 'Öppettiderna är 35 timmar, minst 40 krävs.' },
          { code: null, ground: 'unpaidTaxes', reason: 'Skulder hos Kronofogden.' },
        ],
      },
    })
    expect(no.subject).toBe('Beslut: er ansökan om auktorisation för Solgläntans vårdcentral är avslagen')
    expect(no.body).toContain('Skälen till beslutet:\n  – Krav 1.2: Öppettiderna är 35 timmar, minst 40 krävs.\n  – Obetalda skatter eller socialavgifter: Skulder hos Kronofogden.')
    expect(no.body).toContain('Beslutet: https://vardval.example.se/ansokan/42')
  })

  it('authorisation status changed: status, from when and why', () => {
    const m = render({ kind: 'authorisation_status_changed', applicationId: null, clinicName: null, payload: { status: 'suspended', validFrom: '2027-02-01', reason: 'Bristande bemanning.', clinicName: 'Ekens VC' } })
    expect(m.subject).toBe('Ekens VC: auktorisationen är tillfälligt avstängd från 1 februari 2027')
    expect(m.body).toContain('Regionen har beslutat att auktorisationen för Ekens VC är tillfälligt avstängd från och med 1 februari 2027.')
    expect(m.body).toContain('Skäl: Bristande bemanning.')
    expect(m.body).toContain('https://vardval.example.se/auktoriserade-vardcentraler')
    const back = render({ kind: 'authorisation_status_changed', applicationId: null, payload: { status: 'authorised', validFrom: '2027-03-01', reason: 'Bemanningen är åtgärdad.', clinicName: 'Ekens VC' } })
    expect(back.body).toContain('Auktorisationen för Ekens VC gäller igen från och med 1 mars 2027.')
  })

  it('change request decided: kind, outcome and the note', () => {
    const m = render({ kind: 'change_request_decided', applicationId: null, payload: { kind: 'list_cap', outcome: 'rejected', note: 'Listan behövs öppen i området.', clinicName: 'Ekens VC' } })
    expect(m.subject).toBe('Ekens VC: er ansökan om listningstak är avslagen')
    expect(m.body).toContain('Regionens kommentar: Listan behövs öppen i området.')
    expect(m.body).toContain('https://vardval.example.se/mottagning/andringar')
    const ok = render({ kind: 'change_request_decided', applicationId: null, payload: { kind: 'details', outcome: 'approved', note: null, clinicName: 'Ekens VC' } })
    expect(ok.subject).toBe('Ekens VC: er ansökan om ändrade uppgifter om vårdcentralen är beviljad')
  })

  it('never holds an identity number, whatever the kind', () => {
    const all = [
      render({ kind: 'application_received' }),
      render({ kind: 'supplementation_requested', payload: { message: 'x', dueOn: '2026-12-15', requirementCodes: ['1.1'], sections: [] } }),
      render({ kind: 'application_decided', payload: { outcome: 'approved', startDate: '2027-01-01', agreementNumber: 'AVT-1', hsaId: 'SE2321000131-A000042' } }),
      render({ kind: 'application_decided', payload: { outcome: 'rejected', reasons: [{ code: '1.1', reason: 'Nej' }] } }),
      render({ kind: 'authorisation_status_changed', payload: { status: 'revoked', validFrom: '2027-01-01', reason: 'Avtalsbrott' } }),
      render({ kind: 'change_request_decided', payload: { kind: 'details', outcome: 'approved' } }),
    ]
    for (const m of all) {
      expect(m.subject).not.toMatch(IDENTITY_NUMBER)
      expect(m.body).not.toMatch(IDENTITY_NUMBER)
      expect(m.body).toContain('Du kan inte svara på det.')
    }
  })
})

describe('delivery', () => {
  let db: TestDatabase
  let prisma: PrismaClient
  let petra: number
  let olof: number
  let adult: bigint
  let clinicId: number
  let applicationId: number

  beforeAll(async () => {
    db = await createTestDatabase('provider_notify')
    prisma = createPrisma(db.url)
    await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
    await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04')`)
    await sql(db.url, `INSERT INTO area (area_code, municipality_code, name) VALUES ('A1', '0480', 'Centrum')`)
    clinicId = (await sql<{ id: number }>(db.url, `INSERT INTO clinic (hsa_id, name, area_code, ownership, geography_points) VALUES ('SE1111111111-P1', 'Ekens VC', 'A1', 'public', 0) RETURNING id`))[0]!.id
    adult = BigInt((await sql<{ id: string }>(db.url, `INSERT INTO citizen (personal_id, sex, birth_date, area_code) VALUES ($1, 'F', '1980-01-01', 'A1') RETURNING id`, [PERSONAL_ID]))[0]!.id)
    await sql(db.url, `INSERT INTO app_user (subject, name, email, citizen_id) VALUES ('anna', 'Anna', 'anna@example.se', $1)`, [adult])
    petra = (await sql<{ id: number }>(db.url, `INSERT INTO app_user (subject, name, email) VALUES ('petra', 'Petra Sökande', 'petra@vard.example.se') RETURNING id`))[0]!.id
    olof = (await sql<{ id: number }>(db.url, `INSERT INTO app_user (subject, name) VALUES ('olof', 'Olof Utan E-post') RETURNING id`))[0]!.id
    const spec = (await sql<{ id: number }>(db.url, `INSERT INTO requirement_spec (version, title, status, published_at) VALUES ('P:1', 'Kravbok', 'published', now()) RETURNING id`))[0]!.id
    applicationId = (await sql<{ id: number }>(db.url, `INSERT INTO authorisation_application (spec_id, applicant_user_id, clinic_name) VALUES ($1, $2, 'Solgläntans vårdcentral') RETURNING id`, [spec, petra]))[0]!.id
  })

  afterAll(async () => {
    await prisma?.$disconnect()
    await db?.drop()
  })

  it("renders a provider's message to the user's e-mail address (none without one), with the application's clinic name", async () => {
    await queueProviderNotification(prisma, { kind: 'application_received', recipientUserId: petra, applicationId, dedupeKey: 'received:1' })
    await queueProviderNotification(prisma, {
      kind: 'authorisation_status_changed',
      recipientUserId: olof,
      clinicId,
      dedupeKey: 'status:1',
      payload: { status: 'revoked', validFrom: '2027-01-01', reason: 'Avtalsbrott', clinicName: 'Ekens VC' },
    })
    const result = await deliverWaiting(prisma, { publicUrl: PUBLIC_URL })
    expect(result).toEqual({ delivered: 2, batches: 1 })
    const rows = await sql<{ dedupe_key: string; to_address: string | null; subject: string; body: string; sent: boolean }>(
      db.url,
      `SELECT dedupe_key, to_address, subject, body, sent_at IS NOT NULL AS sent FROM provider_notification ORDER BY id`,
    )
    expect(rows.map((r) => [r.dedupe_key, r.to_address, r.subject, r.sent])).toEqual([
      ['received:1', 'petra@vard.example.se', 'Er ansökan om auktorisation för Solgläntans vårdcentral har kommit in', true],
      ['status:1', null, 'Ekens VC: auktorisationen är återkallad från 1 januari 2027', true],
    ])
    expect(rows[0]!.body).toContain(`https://vardval.example.se/ansokan/${applicationId}`)
    // Delivered once: a second run finds nothing.
    expect(await deliverWaiting(prisma, { publicUrl: PUBLIC_URL })).toEqual({ delivered: 0, batches: 0 })

    const mine = await providerMessagesFor(prisma, petra)
    expect(mine.waiting).toBe(0)
    expect(mine.messages.map((m) => [m.subject, m.toAddress])).toEqual([['Er ansökan om auktorisation för Solgläntans vårdcentral har kommit in', 'petra@vard.example.se']])
    expect((await providerMessagesFor(prisma, olof)).messages).toHaveLength(1)
    const page = await providerOutboxPage(prisma, { page: 1, actor: { kind: 'user', userId: petra } })
    expect(page).toMatchObject({ page: 1, pageCount: 1, total: 2, waiting: 0 })
    expect(page.messages.map((m) => m.recipientName).sort()).toEqual(['Olof Utan E-post', 'Petra Sökande'])
    const [audit] = await sql<{ details: { userIds: number[] } }>(db.url, `SELECT details FROM audit_log WHERE action = 'notification.provider_outbox.read'`)
    expect(audit!.details.userIds.sort()).toEqual([petra, olof].sort())
  })

  it("delivers citizens' and providers' messages exactly once each with two deliveries running at once", async () => {
    await sql(db.url, `DELETE FROM provider_notification`)
    await sql(db.url, `DELETE FROM notification`)
    await sql(
      db.url,
      `INSERT INTO notification (kind, recipient_citizen_id, about_citizen_id, clinic_id, dedupe_key, payload)
       SELECT 'assignment_notice', $1, $1, $2, 'c' || g, '{"effectiveDate":"2027-03-02"}' FROM generate_series(1, 240) g`,
      [adult, clinicId],
    )
    await sql(
      db.url,
      `INSERT INTO provider_notification (kind, recipient_user_id, application_id, dedupe_key, payload)
       SELECT 'supplementation_requested', CASE WHEN g % 2 = 0 THEN $1::int ELSE $2::int END, $3::int, 'p' || g,
              '{"message":"Komplettera","dueOn":"2026-12-15","requirementCodes":["1.2"],"sections":[]}' FROM generate_series(1, 260) g`,
      [petra, olof, applicationId],
    )
    const [a, b] = await Promise.all([deliverWaiting(prisma, { batchSize: 25, publicUrl: PUBLIC_URL }), deliverWaiting(prisma, { batchSize: 25, publicUrl: PUBLIC_URL })])
    expect(a.delivered + b.delivered).toBe(500)
    expect(await sql(db.url, `SELECT count(*)::int AS n FROM notification WHERE sent_at IS NULL`)).toEqual([{ n: 0 }])
    expect(await sql(db.url, `SELECT count(*)::int AS waiting FROM provider_notification WHERE sent_at IS NULL`)).toEqual([{ waiting: 0 }])
    expect(
      await sql(db.url, `SELECT to_address, count(*)::int AS n FROM provider_notification GROUP BY to_address ORDER BY to_address NULLS LAST`),
    ).toEqual([
      { to_address: 'petra@vard.example.se', n: 130 },
      { to_address: null, n: 130 },
    ])
    expect(await sql(db.url, `SELECT to_address, count(*)::int AS n FROM notification GROUP BY to_address`)).toEqual([{ to_address: 'anna@example.se', n: 240 }])
    const bodies = await sql<{ body: string }>(db.url, `SELECT body FROM provider_notification UNION ALL SELECT body FROM notification`)
    expect(bodies.some((r) => r.body.includes(PERSONAL_ID) || r.body.includes(PERSONAL_ID.slice(2)))).toBe(false)
    expect(bodies.some((r) => IDENTITY_NUMBER.test(r.body))).toBe(false)
  })
})

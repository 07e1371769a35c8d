/**
 * The demo region's applications for authorisation, made through the services: one of each
 * state, with their timelines and messages, the approved clinic registered from the first of next
 * month; a second load makes nothing more.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
let prisma: PrismaClient
const attachments = mkdtempSync(join(tmpdir(), 'demo-applications-'))
const TODAY = '2026-11-23'

beforeAll(async () => {
  db = await createTestDatabase('demo_applications')
  process.env.DATABASE_URL = db.url
  process.env.ATTACHMENT_DIR = attachments
  prisma = (await import('../../app/utils/db.server.ts')).prisma
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04'), ('0481', 'Oxelösund', '04')`)
  await sql(
    db.url,
    `INSERT INTO area (area_code, municipality_code, name, centre_lat, centre_lon) VALUES
       ('A1', '0480', 'Centrum', 58.75, 17.0), ('B1', '0481', 'Oxelösund', 58.67, 17.1)`,
  )
  await prisma.user.create({ data: { subject: 'demo-commissioner', name: 'Karin Beställare', roles: { create: { role: 'commissioner' } } } })
  const { loadDemoKravbok } = await import('../../app/modules/demo/load.server.ts')
  await loadDemoKravbok(prisma, () => {})
})

afterAll(async () => {
  await prisma?.$disconnect()
  await db?.drop()
  rmSync(attachments, { recursive: true, force: true })
})

describe('the demo applications', () => {
  it('are one of each state, made through the services, and a second load makes nothing more', async () => {
    const { seedDemoApplications } = await import('../../app/modules/demo/applications.server.ts')
    const lines: string[] = []
    const logins = await seedDemoApplications(prisma, { today: TODAY, log: (l) => lines.push(l) })
    expect(logins.map((l) => l.subject).sort()).toEqual(['demo-applicant-maja', 'demo-applicant-nils', 'demo-applicant-omar'])

    const apps = await sql<{ subject: string; clinic_name: string; status: string; events: string[]; open_request: boolean }>(
      db.url,
      `SELECT u.subject, a.clinic_name, a.status::text,
              array_agg(e.kind ORDER BY e.at, e.id) AS events,
              EXISTS (SELECT 1 FROM supplementation_request s WHERE s.application_id = a.id AND s.answered_at IS NULL) AS open_request
         FROM authorisation_application a JOIN app_user u ON u.id = a.applicant_user_id
         JOIN application_event e ON e.application_id = a.id
        GROUP BY a.id, u.subject ORDER BY a.id`,
    )
    expect(apps.map((a) => [a.subject, a.status, a.open_request])).toEqual([
      ['demo-applicant', 'draft', false],
      ['demo-applicant-nils', 'submitted', false],
      ['demo-applicant-maja', 'supplementation', true],
      ['demo-applicant-omar', 'rejected', false],
      ['demo-applicant-omar', 'approved', false],
    ])
    // Every application began as the pages begin one; the reviewed ones carry the review's steps.
    for (const a of apps) expect(a.events[0]).toBe('created')
    expect(apps[2]!.events).toEqual(expect.arrayContaining(['submitted', 'reviewer_assigned', 'assessed', 'supplementation_requested']))
    expect(apps[4]!.events.at(-1)).toBe('approved')

    // The approved clinic: registered from the first of next month, its applicant now its staff.
    const [clinic] = await sql<{ name: string; authorised_from: string; area_code: string; statuses: string[]; staff: string[] }>(
      db.url,
      `SELECT k.name, k.authorised_from::text, k.area_code,
              (SELECT array_agg(s.status::text || ' ' || s.valid_from::text) FROM clinic_authorisation_status s WHERE s.clinic_id = k.id) AS statuses,
              (SELECT array_agg(u.subject) FROM user_role r JOIN app_user u ON u.id = r.user_id WHERE r.clinic_id = k.id) AS staff
         FROM clinic k`,
    )
    expect(clinic).toEqual({ name: 'Läkarhuset Ekbacken', authorised_from: '2026-12-01', area_code: expect.any(String), statuses: ['authorised 2026-12-01'], staff: ['demo-applicant-omar'] })

    // Real PDFs on disk for every document requirement of the four complete applications, and messages queued.
    const [{ files }] = (await sql<{ files: number }>(db.url, `SELECT count(*)::int AS files FROM application_attachment`)) as [{ files: number }]
    expect(files).toBeGreaterThan(0)
    expect(readdirSync(attachments).filter((f) => !f.startsWith('.'))).toHaveLength(files)
    const kinds = await sql<{ kind: string; n: number }>(db.url, `SELECT kind::text, count(*)::int AS n FROM provider_notification GROUP BY kind ORDER BY kind`)
    expect(kinds).toEqual([
      { kind: 'application_decided', n: 2 },
      { kind: 'application_received', n: 4 },
      { kind: 'supplementation_requested', n: 1 },
    ])

    const again: string[] = []
    await seedDemoApplications(prisma, { today: TODAY, log: (l) => again.push(l) })
    expect(again).toEqual(['  applications: already there'])
    const [{ n }] = (await sql<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM authorisation_application`)) as [{ n: number }]
    expect(n).toBe(5)
  })
})

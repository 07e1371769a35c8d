/**
 * The region's listing settings and switch exceptions as /region/listning changes them: the form's
 * limits (the same as the database's), an audited save, and an exception granted by identity
 * number without the number reaching the audit log. Also ending a clinic's authorisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { makePersonalId } from '../../app/modules/identity/personal-id.ts'
import {
  AuthorisationEndRefused,
  RegionSettingsSchema,
  citizenByPersonalId,
  endClinicAuthorisation,
  updateRegionSettings,
} from '../../app/modules/listing/settings.server.ts'
import { grantSwitchException } from '../../app/modules/listing/listing.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
let prisma: PrismaClient
let userId: number
const personalId = makePersonalId('1975-04-03', 123)

beforeAll(async () => {
  db = await createTestDatabase('settings')
  prisma = createPrisma(db.url)
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04')`)
  await sql(db.url, `INSERT INTO area (area_code, municipality_code, name) VALUES ('A1', '0480', 'Centrum')`)
  await sql(db.url, `INSERT INTO clinic (hsa_id, name, area_code, ownership, geography_points) VALUES ('SE-END', 'Slutets VC', 'A1', 'public', 0)`)
  await sql(db.url, `INSERT INTO citizen (personal_id, sex, birth_date, area_code) VALUES ($1, 'M', '1975-04-03', 'A1')`, [personalId])
  userId = (await sql<{ id: number }>(db.url, `INSERT INTO app_user (subject, name) VALUES ('b', 'Beställare') RETURNING id`))[0]!.id
})

afterAll(async () => {
  await prisma?.$disconnect()
  await db?.drop()
})

const codes = (input: Record<string, unknown>) => {
  const r = RegionSettingsSchema.safeParse(input)
  return r.success ? null : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]))
}

describe('region settings', () => {
  it('accepts the limits and refuses what is outside them, field by field', () => {
    expect(codes({ switchLimit: '1', effectiveOffsetDays: '0', assignmentNoticeDays: '0' })).toBeNull()
    expect(codes({ switchLimit: '12', effectiveOffsetDays: '90', assignmentNoticeDays: '365' })).toBeNull()
    expect(codes({ switchLimit: '0', effectiveOffsetDays: '91', assignmentNoticeDays: '366' })).toEqual({
      switchLimit: 'switchLimitRange',
      effectiveOffsetDays: 'offsetRange',
      assignmentNoticeDays: 'noticeRange',
    })
    expect(codes({ switchLimit: 'två', effectiveOffsetDays: '1.5', assignmentNoticeDays: undefined })).toEqual({
      switchLimit: 'notNumber',
      effectiveOffsetDays: 'notWhole',
      assignmentNoticeDays: 'notNumber',
    })
  })

  it('saves them and writes the values before and after to the audit log', async () => {
    const actor = { kind: 'user' as const, userId }
    expect(await updateRegionSettings(prisma, { switchLimit: 3, effectiveOffsetDays: 2, assignmentNoticeDays: 45 }, actor)).toEqual({ changed: true })
    expect(await sql(db.url, `SELECT switch_limit, effective_offset_days, assignment_notice_days FROM region_setting`)).toEqual([
      { switch_limit: 3, effective_offset_days: 2, assignment_notice_days: 45 },
    ])
    const [entry] = await sql<{ actor_user_id: number; details: unknown }>(db.url, `SELECT actor_user_id, details FROM audit_log WHERE action = 'region.settings'`)
    expect(entry).toEqual({
      actor_user_id: userId,
      details: { before: { switchLimit: 2, effectiveOffsetDays: 1, assignmentNoticeDays: 30 }, after: { switchLimit: 3, effectiveOffsetDays: 2, assignmentNoticeDays: 45 } },
    })
    expect(await updateRegionSettings(prisma, { switchLimit: 3, effectiveOffsetDays: 2, assignmentNoticeDays: 45 }, actor)).toEqual({ changed: false })
  })
})

describe('a switch exception', () => {
  it('finds the citizen by identity number (with or without the hyphen) and grants it, auditing the citizen id only', async () => {
    const actor = { kind: 'user' as const, userId }
    expect(await citizenByPersonalId(prisma, '19750403-1234', actor)).toEqual({ ok: false, problem: 'invalid' })
    expect(await citizenByPersonalId(prisma, makePersonalId('1975-04-03', 124), actor)).toEqual({ ok: false, problem: 'unknown' })
    const hyphenated = `${personalId.slice(0, 8)}-${personalId.slice(8)}`
    const found = await citizenByPersonalId(prisma, ` ${hyphenated} `, actor)
    expect(found.ok).toBe(true)
    if (!found.ok) return
    // Each lookup of a valid number in the register is audited, found or not, by citizen id only.
    expect(await sql(db.url, `SELECT citizen_id::text, details FROM audit_log WHERE action = 'citizen.lookup' ORDER BY id`)).toEqual([
      { citizen_id: null, details: { purpose: 'switch-exception', found: false } },
      { citizen_id: String(found.citizenId), details: { purpose: 'switch-exception', found: true } },
    ])
    const id = await grantSwitchException(prisma, { citizenId: found.citizenId, reason: 'Flytt inom kommunen', validUntil: '2099-12-31', actor: { kind: 'user', userId } })
    expect(await sql(db.url, `SELECT citizen_id::text, reason, valid_until::text, granted_by_user_id FROM switch_exception WHERE id = $1`, [id])).toEqual([
      { citizen_id: String(found.citizenId), reason: 'Flytt inom kommunen', valid_until: '2099-12-31', granted_by_user_id: userId },
    ])
    const audit = await sql<{ text: string }>(db.url, `SELECT row_to_json(a)::text AS text FROM audit_log a`)
    for (const row of audit) expect(row.text).not.toContain(personalId.slice(2))
  })
})

describe("ending a clinic's authorisation", () => {
  it('sets the end with the reason in the audit log, once', async () => {
    const actor = { kind: 'cli' as const }
    // Never in the past: listings and payments up to today rest on the authorisation.
    await expect(endClinicAuthorisation(prisma, { hsaId: 'SE-END', endsOn: '2027-04-30', reason: 'revoked', actor, today: '2027-05-01' })).rejects.toThrow(
      'an authorisation cannot end in the past (2027-04-30); the earliest end is today, 2027-05-01',
    )
    expect(await endClinicAuthorisation(prisma, { hsaId: 'SE-END', endsOn: '2027-05-01', reason: 'revoked', actor })).toMatchObject({ endsOn: '2027-05-01', changed: true })
    expect(await endClinicAuthorisation(prisma, { hsaId: 'SE-END', endsOn: '2027-05-01', reason: 'revoked', actor })).toMatchObject({ changed: false })
    await expect(endClinicAuthorisation(prisma, { hsaId: 'SE-END', endsOn: '2027-06-01', reason: 'ended', actor })).rejects.toBeInstanceOf(AuthorisationEndRefused)
    await expect(endClinicAuthorisation(prisma, { hsaId: 'SE-NONE', endsOn: '2027-06-01', reason: 'ended', actor })).rejects.toThrow('no clinic has HSA id SE-NONE')
    expect(await sql(db.url, `SELECT authorised_to::text FROM clinic WHERE hsa_id = 'SE-END'`)).toEqual([{ authorised_to: '2027-05-01' }])
    expect(await sql(db.url, `SELECT actor_kind, details FROM audit_log WHERE action = 'clinic.authorisation.end'`)).toEqual([
      { actor_kind: 'cli', details: { hsaId: 'SE-END', endsOn: '2027-05-01', reason: 'revoked' } },
    ])
  })
})

/**
 * From the identity provider's claims to our user: staff by subject, citizens by personal
 * identity number (a user made at the first login, once), everyone else refused; each login audited
 * without the identity number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { loginWithIdentity, resolveIdentity } from '../../app/modules/auth/identity.server.ts'
import { IdentityClaims } from '../../app/modules/auth/rules.ts'
import { makePersonalId } from '../../app/modules/identity/personal-id.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'

let db: TestDatabase
let prisma: PrismaClient
const TODAY = '2027-01-15'
const resident = makePersonalId('1980-04-01', 123)
const movedOut = makePersonalId('1975-02-02', 456)
const movingLater = makePersonalId('1990-09-09', 789)
const elsewhere = makePersonalId('1985-05-05', 321)
let residentId: bigint
let commissioner: number

beforeAll(async () => {
  db = await createTestDatabase('auth_identity')
  prisma = createPrisma(db.url)
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04')`)
  await sql(db.url, `INSERT INTO area (area_code, municipality_code, name) VALUES ('A1', '0480', 'Centrum')`)
  const citizen = (personalId: string, birthDate: string, endDate: string | null) =>
    prisma.citizen.create({
      data: { personalId, sex: 'F', birthDate: new Date(birthDate), areaCode: 'A1', endDate: endDate ? new Date(endDate) : null },
    })
  residentId = (await citizen(resident, '1980-04-01', null)).id
  await citizen(movedOut, '1975-02-02', TODAY) // end date exclusive: gone from today
  await citizen(movingLater, '1990-09-09', '2027-01-16')
  commissioner = (await prisma.user.create({ data: { subject: 'idp-commissioner', name: 'Klara Beställare', roles: { create: { role: 'commissioner' } } } })).id
  await prisma.user.create({ data: { subject: 'idp-no-role', name: 'Utan Roll' } })
})

afterAll(async () => {
  await prisma?.$disconnect()
  await db?.drop()
})

const claims = (c: Record<string, unknown>) => IdentityClaims.parse(c)

describe('staff', () => {
  it('are found by their subject at the identity provider', async () => {
    expect(await resolveIdentity(prisma, claims({ sub: 'idp-commissioner', name: 'Klara Beställare' }), TODAY)).toEqual({
      ok: true, userId: commissioner, citizenId: null, created: false,
    })
  })

  it('an unknown subject, or a user without a staff role, is refused', async () => {
    expect(await resolveIdentity(prisma, claims({ sub: 'idp-nobody' }), TODAY)).toEqual({ ok: false, refusal: 'unknown' })
    expect(await resolveIdentity(prisma, claims({ sub: 'idp-no-role' }), TODAY)).toEqual({ ok: false, refusal: 'unknown' })
  })
})

describe('citizens', () => {
  it('get a user with the citizen role at the first login, and the same user after that', async () => {
    const first = await resolveIdentity(prisma, claims({ sub: 'medborgare-abc', name: 'Eva Ek', personal_identity_number: resident }), TODAY)
    expect(first).toMatchObject({ ok: true, citizenId: residentId, created: true })
    const again = await resolveIdentity(prisma, claims({ sub: 'medborgare-abc', name: 'Eva Ek', personal_identity_number: resident }), TODAY)
    expect(again).toMatchObject({ ok: true, citizenId: residentId, created: false })
    expect(first.ok && again.ok && again.userId === first.userId).toBe(true)
    const users = await prisma.user.findMany({ where: { citizenId: residentId }, include: { roles: true } })
    expect(users).toHaveLength(1)
    expect(users[0]).toMatchObject({ subject: 'medborgare-abc', name: 'Eva Ek' })
    expect(users[0]!.roles.map((r) => r.role)).toEqual(['citizen'])
  })

  it('simultaneous first logins make one user', async () => {
    const pnr = movingLater
    const results = await Promise.all(
      Array.from({ length: 5 }, () => resolveIdentity(prisma, claims({ sub: 'medborgare-sim', name: 'Sam Sim', personal_identity_number: pnr }), TODAY)),
    )
    expect(results.every((r) => r.ok)).toBe(true)
    expect(new Set(results.map((r) => (r.ok ? r.userId : 0))).size).toBe(1)
    expect(await prisma.user.count({ where: { subject: 'medborgare-sim' } })).toBe(1)
  })

  it('a person not in the region’s register, and a citizen who has ended, are refused and get no user', async () => {
    expect(await resolveIdentity(prisma, claims({ sub: 'medborgare-x', personal_identity_number: elsewhere }), TODAY)).toEqual({ ok: false, refusal: 'not-resident' })
    expect(await resolveIdentity(prisma, claims({ sub: 'medborgare-y', personal_identity_number: movedOut }), TODAY)).toEqual({ ok: false, refusal: 'ended' })
    expect(await prisma.user.count({ where: { subject: { in: ['medborgare-x', 'medborgare-y'] } } })).toBe(0)
  })

  it('a subject already held by another user is refused, not merged', async () => {
    const other = makePersonalId('1960-01-01', 111)
    await prisma.citizen.create({ data: { personalId: other, sex: 'M', birthDate: new Date('1960-01-01'), areaCode: 'A1' } })
    expect(await resolveIdentity(prisma, claims({ sub: 'idp-commissioner', personal_identity_number: other }), TODAY)).toEqual({ ok: false, refusal: 'conflict' })
  })

  it('the claims must carry a valid 12-digit personal identity number', () => {
    expect(IdentityClaims.safeParse({ sub: 'x', personal_identity_number: '198004011234' }).success).toBe(false)
    expect(IdentityClaims.safeParse({ sub: 'x', personal_identity_number: '19800401-1230' }).success).toBe(false)
    expect(IdentityClaims.safeParse({ sub: '' }).success).toBe(false)
  })
})

describe('the audit log', () => {
  it('records each login and each refusal, by citizen id, never with the identity number', async () => {
    const ok = await loginWithIdentity(prisma, claims({ sub: 'medborgare-abc', name: 'Eva Ek', personal_identity_number: resident }), TODAY)
    await loginWithIdentity(prisma, claims({ sub: 'medborgare-x', personal_identity_number: elsewhere }), TODAY)
    const entries = await sql<{ action: string; actor_user_id: number | null; citizen_id: string | null; details: unknown; all: string }>(
      db.url,
      `SELECT action, actor_user_id, citizen_id::text, details, row_to_json(a)::text AS all FROM audit_log a ORDER BY id`,
    )
    expect(entries.map((e) => e.action)).toEqual(['auth.login', 'auth.login-refused'])
    expect(entries[0]).toMatchObject({ actor_user_id: ok.ok ? ok.userId : -1, citizen_id: String(residentId), details: { method: 'oidc', userCreated: false } })
    expect(entries[1]).toMatchObject({ actor_user_id: null, citizen_id: null, details: { method: 'oidc', refusal: 'not-resident' } })
    for (const e of entries) {
      expect(e.all).not.toContain(resident)
      expect(e.all).not.toContain(elsewhere)
    }
  })
})

/**
 * The notification outbox on the real database and Redis: queueing is idempotent by dedupe key,
 * delivery fills in address, subject and body once, and deliveries running at the same time (in
 * one process, and as two BullMQ workers) deliver every message exactly once.
 */
import { Queue } from 'bullmq'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { deliverWaiting } from '../../app/modules/notifications/deliver.server.ts'
import { queueNotification, requestDelivery } from '../../app/modules/notifications/outbox.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createRedis } from '../../app/utils/redis.server.ts'
import { closeQueues } from '../../jobs/queues.ts'
import { startWorker } from '../../jobs/worker.ts'
import { createTestDatabase, sql, type TestDatabase } from '../support/database.ts'
import { capturedLogger, poll, queueTestKit, settled } from '../support/queues.ts'

// requestDelivery uses the process's queues (QUEUE_PREFIX): one of this file's own, set before anything reads the environment.
const appPrefix = vi.hoisted(() => {
  const prefix = `test-notify-app-${Math.random().toString(16).slice(2, 10)}`
  process.env.QUEUE_PREFIX = prefix
  return prefix
})

let db: TestDatabase
let prisma: PrismaClient
let adult: bigint
let child: bigint
let clinicId: number
let bjorken: number
const redis = createRedis()
const kit = queueTestKit(redis, 'test-notify')

beforeAll(async () => {
  db = await createTestDatabase('notify')
  prisma = createPrisma(db.url)
  await sql(db.url, `INSERT INTO region (code, name) VALUES ('04', 'Södermanland')`)
  await sql(db.url, `INSERT INTO municipality (code, name, region_code) VALUES ('0480', 'Nyköping', '04')`)
  await sql(db.url, `INSERT INTO area (area_code, municipality_code, name) VALUES ('A1', '0480', 'Centrum')`)
  clinicId = (
    await sql<{ id: number }>(
      db.url,
      `INSERT INTO clinic (hsa_id, name, area_code, ownership, geography_points, street_address, postal_code, city, phone, website)
       VALUES ('SE1', 'Ekens VC', 'A1', 'public', 0, 'Ekvägen 1', '61130', 'Nyköping', '0155-10 00 00', 'https://eken.example.se') RETURNING id`,
    )
  )[0]!.id
  bjorken = (await sql<{ id: number }>(db.url, `INSERT INTO clinic (hsa_id, name, area_code, ownership, geography_points) VALUES ('SE2', 'Björkens VC', 'A1', 'public', 0) RETURNING id`))[0]!.id
  adult = BigInt((await sql<{ id: string }>(db.url, `INSERT INTO citizen (personal_id, sex, birth_date, area_code) VALUES ('198001019876', 'F', '1980-01-01', 'A1') RETURNING id`))[0]!.id)
  child = BigInt((await sql<{ id: string }>(db.url, `INSERT INTO citizen (personal_id, sex, birth_date, area_code) VALUES ('202301029875', 'M', '2023-01-02', 'A1') RETURNING id`))[0]!.id)
  await sql(db.url, `INSERT INTO app_user (subject, name, email, citizen_id) VALUES ('anna', 'Anna', 'anna@example.se', $1)`, [adult])
})

afterEach(async () => {
  await kit.cleanup()
  await sql(db.url, `DELETE FROM notification`)
})

afterAll(async () => {
  await closeQueues()
  for (const name of ['notifications', 'listing', 'payments', 'system']) {
    const queue = new Queue(name, { connection: redis, prefix: appPrefix })
    await queue.obliterate({ force: true })
    await queue.close()
  }
  await prisma?.$disconnect()
  await db?.drop()
  await redis.quit()
})

async function queueMany(n: number, prefix: string): Promise<void> {
  await sql(
    db.url,
    `INSERT INTO notification (kind, recipient_citizen_id, about_citizen_id, clinic_id, dedupe_key, payload)
     SELECT 'assignment_notice', $1, $1, $2, $3 || g, '{"effectiveDate":"2027-03-02"}' FROM generate_series(1, $4::int) g`,
    [adult, clinicId, prefix, n],
  )
}

describe('queueing', () => {
  it('stores a message once per dedupe key, waiting for delivery', async () => {
    const n = { kind: 'listing_receipt' as const, recipientCitizenId: adult, aboutCitizenId: adult, clinicId, dedupeKey: 'receipt:1:1', payload: { effectiveDate: '2027-03-02' } }
    await queueNotification(prisma, n)
    await prisma.$transaction((tx) => queueNotification(tx, { ...n, payload: { effectiveDate: '2099-01-01' } }))
    const rows = await sql(db.url, `SELECT kind::text, payload, sent_at, subject FROM notification`)
    expect(rows).toEqual([{ kind: 'listing_receipt', payload: { effectiveDate: '2027-03-02' }, sent_at: null, subject: null }])
  })

  it('is rolled back with the change it belongs to', async () => {
    await prisma
      .$transaction(async (tx) => {
        await queueNotification(tx, { kind: 'listing_receipt', recipientCitizenId: adult, aboutCitizenId: adult, clinicId, dedupeKey: 'receipt:rolled-back' })
        throw new Error('the choice failed')
      })
      .catch(() => {})
    expect(await sql(db.url, `SELECT count(*)::int AS n FROM notification`)).toEqual([{ n: 0 }])
  })
})

describe('delivery', () => {
  it("renders each message with the recipient's address, or none, and never an identity number", async () => {
    await queueNotification(prisma, { kind: 'listing_receipt', recipientCitizenId: adult, aboutCitizenId: adult, clinicId, dedupeKey: 'r1', payload: { effectiveDate: '2027-03-02', fromClinicId: bjorken } })
    await queueNotification(prisma, { kind: 'guardian_notice', recipientCitizenId: adult, aboutCitizenId: child, clinicId, dedupeKey: 'g1', payload: { effectiveDate: '2027-03-02' } })
    await queueNotification(prisma, { kind: 'assignment_notice', recipientCitizenId: child, aboutCitizenId: child, clinicId, dedupeKey: 'a1', payload: { effectiveDate: '2027-03-02' } })
    const result = await deliverWaiting(prisma, { publicUrl: 'https://vardval.example.se/' })
    expect(result).toEqual({ delivered: 3, batches: 1 })
    const rows = await sql<{ dedupe_key: string; to_address: string | null; subject: string; body: string; sent_at: Date | null }>(
      db.url,
      `SELECT dedupe_key, to_address, subject, body, sent_at FROM notification ORDER BY id`,
    )
    expect(rows.map((r) => [r.dedupe_key, r.to_address, r.subject])).toEqual([
      ['r1', 'anna@example.se', 'Kvitto: du listas på Ekens VC'],
      ['g1', 'anna@example.se', 'Kvitto: ditt barn listas på Ekens VC'],
      ['a1', null, 'Du har fått en vårdcentral: Ekens VC'],
    ])
    expect(rows[0]!.body).toContain('Du är listad på Ekens VC från och med 2 mars 2027.')
    expect(rows[0]!.body).toContain('Listningen på Björkens VC upphör samma dag.')
    expect(rows[0]!.body).toContain('Ekvägen 1\n  611 30 Nyköping\n  Telefon: 0155-10 00 00\n  Webbplats: https://eken.example.se')
    expect(rows[0]!.body).toContain('https://vardval.example.se/vardcentraler')
    expect(rows[1]!.body).toMatch(/^Ditt barn fött 2023-01-02 är listat på Ekens VC/m)
    expect(rows[1]!.body).toContain('vårdnadshavare')
    for (const r of rows) {
      expect(r.sent_at).not.toBeNull()
      for (const id of ['198001019876', '8001019876', '202301029875', '2301029875']) expect(r.body).not.toContain(id)
    }
    // Delivered messages are not delivered again.
    expect(await deliverWaiting(prisma)).toEqual({ delivered: 0, batches: 0 })
  })

  it('delivers each message exactly once when deliveries run at the same time', async () => {
    await queueMany(600, 'concurrent-')
    const clients = Array.from({ length: 4 }, () => createPrisma(db.url))
    try {
      const results = await Promise.all(clients.map((c) => deliverWaiting(c, { batchSize: 25 })))
      // Each claimed batch is counted by the delivery that claimed it: a message taken twice would count twice.
      expect(results.reduce((sum, r) => sum + r.delivered, 0)).toBe(600)
      expect(results.filter((r) => r.delivered > 0).length).toBeGreaterThan(1)
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()))
    }
    expect(await sql(db.url, `SELECT count(*)::int AS waiting FROM notification WHERE sent_at IS NULL`)).toEqual([{ waiting: 0 }])
  })

  it('is the job notifications.deliver: two workers on many requests deliver each message once', async () => {
    await queueMany(400, 'workers-')
    const prefix = kit.uniquePrefix('deliver')
    const clients = [createPrisma(db.url), createPrisma(db.url)]
    kit.closeLater({ close: async () => void (await Promise.all(clients.map((c) => c.$disconnect()))) })
    const workers = await Promise.all(
      clients.map(async (client) => kit.closeLater(await startWorker({ prefix, prisma: client, databaseUrl: db.url, logger: capturedLogger().logger, schedules: [] }))),
    )
    const queues = kit.queuesFor(prefix)
    const ids = await Promise.all(Array.from({ length: 6 }, () => queues.enqueue('notifications.deliver', {}).then((j) => j.id)))
    const jobs = await Promise.all(ids.map((id) => settled(queues.queue('notifications'), id, 20_000)))
    expect(jobs.map((j) => j.failedReason ?? null)).toEqual(ids.map(() => null))
    const total = jobs.reduce((sum, j) => sum + (j.returnvalue as { delivered: number }).delivered, 0)
    expect(total).toBe(400)
    await poll('all delivered', 5000, async () => {
      const [row] = await sql<{ waiting: number }>(db.url, `SELECT count(*)::int AS waiting FROM notification WHERE sent_at IS NULL`)
      return row!.waiting === 0 ? true : undefined
    })
    expect(workers).toHaveLength(2)
  })

  it('requestDelivery asks a worker, and a burst of requests collapses into at most two jobs', async () => {
    await queueMany(30, 'requested-')
    const client = createPrisma(db.url)
    kit.closeLater({ close: () => client.$disconnect() })
    kit.closeLater(await startWorker({ prefix: appPrefix, prisma: client, databaseUrl: db.url, logger: capturedLogger().logger, schedules: [] }))
    await Promise.all(Array.from({ length: 10 }, () => requestDelivery()))
    await poll('delivered on request', 10_000, async () => {
      const [row] = await sql<{ waiting: number }>(db.url, `SELECT count(*)::int AS waiting FROM notification WHERE sent_at IS NULL`)
      return row!.waiting === 0 ? true : undefined
    })
    const queue = new Queue('notifications', { connection: redis, prefix: appPrefix })
    const counts = await queue.getJobCounts('completed', 'failed', 'active', 'waiting')
    await queue.close()
    expect(counts.failed).toBe(0)
    expect((counts.completed ?? 0) + (counts.active ?? 0) + (counts.waiting ?? 0)).toBeLessThanOrEqual(2)
  })
})

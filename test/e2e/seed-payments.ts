import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { DEMO_PAYMENT_MODEL } from '../../app/modules/payments/model.ts'
import { storeModel } from '../../app/modules/payments/models.server.ts'
import { approveRun } from '../../app/modules/payments/payments.server.ts'
import { runPaymentMonth } from '../../app/modules/payments/run.server.ts'

/** What the payment pages' browser tests find: a model in force, quality results and two months run. */
export const E2E_PAYMENTS = {
  model: DEMO_PAYMENT_MODEL.version,
  /** Approved. */
  approvedMonth: '2026-09',
  /** Computed, awaiting approval. */
  openMonth: '2026-10',
} as const

export async function seedE2ePayments(prisma: PrismaClient, databaseUrl: string): Promise<void> {
  await storeModel(prisma, DEMO_PAYMENT_MODEL, 'adopted', { kind: 'system' })
  const clinics = await prisma.clinic.findMany({ orderBy: { hsaId: 'asc' } })
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
  await prisma.qualityResult.createMany({
    data: clinics.slice(0, 2).flatMap((c, i) => [
      { clinicId: c.id, indicator: 'TEL_SAME_DAY', period: '2026-H1', numerator: 80 + i * 5, denominator: 100, published: day('2026-08-14') },
      { clinicId: c.id, indicator: 'DM_HBA1C_LT52', period: '2026-H1', numerator: 25, denominator: 50, published: day('2026-08-14') },
      { clinicId: c.id, indicator: 'ELDERLY_AVOID_DRUGS', period: '2026-H1', numerator: 4, denominator: 20, published: day('2026-08-14') },
    ]),
  })
  const approved = await runPaymentMonth(E2E_PAYMENTS.approvedMonth, { databaseUrl })
  await approveRun(prisma, approved.runId, { kind: 'system' })
  await runPaymentMonth(E2E_PAYMENTS.openMonth, { databaseUrl })
}

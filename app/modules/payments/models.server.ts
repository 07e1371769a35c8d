/**
 * Payment model versions (ersättningsmodeller): stored validated, as drafts or adopted. An adopted
 * version never changes (PostgreSQL refuses it); a draft can be compared, tried on a past month
 * (what-if) and then adopted or deleted.
 */
import { readFile } from 'node:fs/promises'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'
import { canonicalModelJson, diffModels, modelFingerprint, parsePaymentModel, parsePaymentModelJson, type ModelChange, type PaymentModel } from './model.ts'

/** The model was not stored; `problems` lists every one of them. */
export class ModelRejected extends Error {
  constructor(readonly problems: string[]) {
    super(`The payment model was not stored:\n${problems.join('\n')}`)
    this.name = 'ModelRejected'
  }
}

export interface StoredModel {
  id: number
  version: string
  validFrom: string
  status: 'draft' | 'adopted'
  fingerprint: string
  createdAt: Date
  adoptedAt: Date | null
  model: PaymentModel
}

type ModelRow = Awaited<ReturnType<PrismaClient['paymentModelVersion']['findFirstOrThrow']>>

function toStored(row: ModelRow): StoredModel {
  const parsed = parsePaymentModel(row.params)
  // Rows are only written validated; a row that no longer parses means the schema changed under it.
  if (!parsed.ok) throw new Error(`stored payment model ${row.version} no longer validates: ${parsed.problems.join('; ')}`)
  return {
    id: row.id,
    version: row.version,
    validFrom: row.validFrom.toISOString().slice(0, 7),
    status: row.status,
    fingerprint: row.fingerprint,
    createdAt: row.createdAt,
    adoptedAt: row.adoptedAt,
    model: parsed.model,
  }
}

export interface StoreResult {
  model: StoredModel
  /** False when the same version with the same parameters was stored before: nothing changed. */
  created: boolean
}

/**
 * Stores a validated model as a draft or adopted. The same version again with the same parameters
 * changes nothing; with other parameters it is refused (a version's parameters are fixed).
 */
export async function storeModel(prisma: PrismaClient, input: unknown, status: 'draft' | 'adopted', actor: Actor): Promise<StoreResult> {
  const parsed = parsePaymentModel(input)
  if (!parsed.ok) throw new ModelRejected(parsed.problems)
  const model = parsed.model
  const fingerprint = modelFingerprint(model)
  return prisma.$transaction(async (tx) => {
    const existing = await tx.paymentModelVersion.findUnique({ where: { version: model.version } })
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new ModelRejected([`version: ${model.version} is already stored with other parameters; give these parameters a new version`])
      }
      if (status === 'adopted' && existing.status === 'draft') return { model: await adopt(tx as unknown as PrismaClient, existing.id, actor), created: false }
      return { model: toStored(existing), created: false }
    }
    if (status === 'adopted') await refuseSecondAdoptedForMonth(tx as unknown as PrismaClient, model.validFrom)
    const row = await tx.paymentModelVersion.create({
      data: {
        version: model.version,
        validFrom: new Date(`${model.validFrom}-01T00:00:00Z`),
        status,
        params: JSON.parse(canonicalModelJson(model)),
        fingerprint,
        createdByUserId: actor.userId ?? null,
        adoptedAt: status === 'adopted' ? new Date() : null,
      },
    })
    await recordAudit(tx, actor, { action: `payment-model.${status === 'adopted' ? 'adopt' : 'draft'}`, entity: 'payment_model', entityId: String(row.id), details: { version: model.version, validFrom: model.validFrom, fingerprint } })
    return { model: toStored(row), created: true }
  })
}

async function refuseSecondAdoptedForMonth(prisma: PrismaClient, validFrom: string): Promise<void> {
  const clash = await prisma.paymentModelVersion.findFirst({ where: { status: 'adopted', validFrom: new Date(`${validFrom}-01T00:00:00Z`) } })
  if (clash) throw new ModelRejected([`validFrom: version ${clash.version} is already in force from ${validFrom}; an adopted version never changes, so choose a later month`])
}

async function adopt(prisma: PrismaClient, id: number, actor: Actor): Promise<StoredModel> {
  const draft = await prisma.paymentModelVersion.findUniqueOrThrow({ where: { id } })
  if (draft.status === 'adopted') return toStored(draft)
  await refuseSecondAdoptedForMonth(prisma, draft.validFrom.toISOString().slice(0, 7))
  const row = await prisma.paymentModelVersion.update({ where: { id }, data: { status: 'adopted', adoptedAt: new Date() } })
  await recordAudit(prisma, actor, { action: 'payment-model.adopt', entity: 'payment_model', entityId: String(id), details: { version: row.version } })
  return toStored(row)
}

/** Adopts a draft: from then on it is in force from its month and never changes. */
export async function adoptModel(prisma: PrismaClient, id: number, actor: Actor): Promise<StoredModel> {
  return prisma.$transaction((tx) => adopt(tx as unknown as PrismaClient, id, actor))
}

/** Deletes a draft (an adopted version cannot be deleted). */
export async function deleteDraft(prisma: PrismaClient, id: number, actor: Actor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const row = await tx.paymentModelVersion.findUniqueOrThrow({ where: { id } })
    if (row.status !== 'draft') throw new ModelRejected([`version: ${row.version} is adopted and cannot be deleted`])
    await tx.paymentModelVersion.delete({ where: { id } })
    await recordAudit(tx, actor, { action: 'payment-model.delete-draft', entity: 'payment_model', entityId: String(id), details: { version: row.version } })
  })
}

export async function listModels(prisma: PrismaClient): Promise<StoredModel[]> {
  const rows = await prisma.paymentModelVersion.findMany({ orderBy: [{ validFrom: 'desc' }, { createdAt: 'desc' }] })
  return rows.map(toStored)
}

export async function getModel(prisma: PrismaClient, id: number): Promise<StoredModel | null> {
  const row = await prisma.paymentModelVersion.findUnique({ where: { id } })
  return row && toStored(row)
}

/** The adopted version in force for a month (YYYY-MM): the latest validFrom ≤ the month. */
export async function modelForMonth(prisma: PrismaClient, month: string): Promise<StoredModel | null> {
  const row = await prisma.paymentModelVersion.findFirst({
    where: { status: 'adopted', validFrom: { lte: new Date(`${month}-01T00:00:00Z`) } },
    orderBy: { validFrom: 'desc' },
  })
  return row && toStored(row)
}

export function compareModels(before: StoredModel, after: StoredModel): ModelChange[] {
  return diffModels(before.model, after.model)
}

/** Reads and validates a model file; a file that is not valid JSON or not a valid model is refused with every problem. */
export async function readModelFile(path: string): Promise<PaymentModel> {
  const parsed = parsePaymentModelJson(await readFile(path, 'utf8'))
  if (!parsed.ok) throw new ModelRejected(parsed.problems)
  return parsed.model
}

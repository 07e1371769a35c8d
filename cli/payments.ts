/**
 * `model load`, `payments run|approve|export` of the command line (shared/spec/data-formats.md).
 */
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { Job } from 'bullmq'
import { z } from 'zod'
import { CliUsageError, flags } from './args.ts'
import { MONTH_PATTERN } from '../app/modules/payments/rules.ts'
import type { RunOutcome, RunProgress } from '../app/modules/payments/run.server.ts'

/** A service the command needs is not there (exit 3). */
export class CliServiceMissing extends Error {}

const Month = z.string({ error: '--month is required' }).regex(MONTH_PATTERN, '--month must be a month YYYY-MM')
const Revision = z.coerce.number({ error: '--revision must be a number' }).int('--revision must be a whole number').positive('--revision must be 1 or more')


/** `model load FILE.json [--draft]`: validates and stores a model version (adopted unless --draft). */
export async function modelCommand(rest: string[]): Promise<void> {
  const [sub, file, ...more] = rest
  if (sub !== 'load' || !file || file.startsWith('--')) throw new CliUsageError('model: use `model load FILE.json [--draft]`')
  const { draft } = flags(more, { draft: { type: 'boolean' } }, { draft: z.boolean().default(false) })
  const { readModelFile, storeModel } = await import('../app/modules/payments/models.server.ts')
  const { prisma } = await import('../app/utils/db.server.ts')
  try {
    const model = await readModelFile(file)
    const { model: stored, created } = await storeModel(prisma, model, draft ? 'draft' : 'adopted', { kind: 'cli' })
    const what = stored.status === 'adopted' ? `in force from ${stored.validFrom}` : 'a draft (not in force)'
    console.log(created ? `Stored payment model ${stored.version}, ${what}.` : `Payment model ${stored.version} is already stored with these parameters (${what}); nothing changed.`)
  } finally {
    await prisma.$disconnect()
  }
}

const WORKER_WAIT_MS = 5000
const POLL_MS = 300

function describe(outcome: RunOutcome): string {
  if (outcome.kind === 'unchanged') return `${outcome.month}: the inputs are unchanged since revision ${outcome.revision}; nothing new was written.`
  return `${outcome.month}: revision ${outcome.revision} written: ${outcome.lines} lines, ${outcome.clinics} clinics, total ${outcome.total} kr (${outcome.seconds.toFixed(1)} s).`
}

/** Enqueues the month's run and follows it to the end, printing progress; exits 0 only if it completed. */
async function runCommand(args: string[]): Promise<void> {
  const { month } = flags(args, { month: { type: 'string' } }, { month: Month })
  const { createJobQueues } = await import('../jobs/queues.ts')
  const queues = createJobQueues()
  try {
    if (!(await queues.waitForWorker('payments', WORKER_WAIT_MS))) {
      throw new CliServiceMissing('No worker is running, so the run was not started. Start one with `npm run worker` (or `npm run demo`), then run this again.')
    }
    const { id } = await queues.enqueue('payments.run', { month })
    console.log(`Payment run for ${month} queued (job ${id}).`)
    const queue = queues.queue('payments')
    let shown = ''
    for (;;) {
      const job = await Job.fromId(queue, id)
      if (!job) throw new Error(`job ${id} disappeared from the queue`)
      const state = await job.getState()
      const p = job.progress as Partial<RunProgress> | number
      const line = typeof p === 'object' && p.percent !== undefined ? `  ${String(p.percent).padStart(3)} % ${p.stage}` : `  ${state}`
      if (line !== shown) {
        console.log(job.attemptsMade > 0 && state !== 'completed' ? `${line} (attempt ${job.attemptsMade + 1}; the last one failed: ${job.failedReason})` : line)
        shown = line
      }
      if (state === 'completed') {
        console.log(describe(job.returnvalue as RunOutcome))
        return
      }
      if (state === 'failed') throw new Error(`The payment run for ${month} failed: ${job.failedReason}`)
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
  } finally {
    await queues.close()
  }
}

async function approveCommand(args: string[]): Promise<void> {
  const { month, revision } = flags(args, { month: { type: 'string' }, revision: { type: 'string' } }, { month: Month, revision: Revision })
  const { findRun, approveRun } = await import('../app/modules/payments/payments.server.ts')
  const { prisma } = await import('../app/utils/db.server.ts')
  try {
    const run = await findRun(prisma, month, revision)
    if (!run) throw new Error(`There is no revision ${revision} of ${month}.`)
    const approved = await approveRun(prisma, run.id, { kind: 'cli' })
    console.log(`Approved revision ${approved.revision} of ${month}: total ${approved.total} kr.`)
  } finally {
    await prisma.$disconnect()
  }
}

/**
 * `payments export --month M [--revision N] --out FILE`: the `payments` file of an approved
 * revision (the newest approved by default); with `--clinic HSA-ID` that clinic's `payment-lines`.
 */
async function exportCommand(args: string[]): Promise<void> {
  const o = flags(
    args,
    { month: { type: 'string' }, revision: { type: 'string' }, out: { type: 'string' }, clinic: { type: 'string' } },
    { month: Month, revision: Revision.optional(), out: z.string({ error: '--out FILE is required' }).min(1), clinic: z.string().optional() },
  )
  const { findRun, exportPayments, exportPaymentLines } = await import('../app/modules/payments/payments.server.ts')
  const { prisma } = await import('../app/utils/db.server.ts')
  const partial = `${o.out}.partial`
  try {
    const run = await findRun(prisma, o.month, o.revision, { approvedOnly: !o.revision && !o.clinic })
    if (!run) throw new Error(o.revision ? `There is no revision ${o.revision} of ${o.month}.` : `No revision of ${o.month} is ${o.clinic ? 'computed' : 'approved'} yet.`)
    const actor = { kind: 'cli' as const }
    // Written beside the target and renamed at the end: a failed export never leaves half a file.
    if (o.clinic) {
      const clinic = await prisma.clinic.findUnique({ where: { hsaId: o.clinic } })
      if (!clinic) throw new Error(`No clinic has the HSA-id ${o.clinic}.`)
      await exportPaymentLines(run, clinic.id, createWriteStream(partial), actor)
    } else {
      await exportPayments(run, createWriteStream(partial), actor)
    }
    await rename(partial, o.out)
    console.log(`Wrote ${o.clinic ? `the lines of ${o.clinic}` : 'the payments'} of ${o.month} revision ${run.revision} to ${o.out}.`)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  } finally {
    await prisma.$disconnect()
  }
}

export async function paymentsCommand(rest: string[]): Promise<void> {
  const [sub, ...args] = rest
  switch (sub) {
    case 'run':
      return runCommand(args)
    case 'approve':
      return approveCommand(args)
    case 'export':
      return exportCommand(args)
    default:
      throw new CliUsageError('payments: use `payments run --month YYYY-MM`, `payments approve --month YYYY-MM --revision N` or `payments export --month YYYY-MM [--revision N] [--clinic HSA-ID] --out FILE.csv`')
  }
}

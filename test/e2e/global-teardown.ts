import { createJobQueues, queueNames } from '../../jobs/queues.ts'
import { rmSync } from 'node:fs'
import { dropDatabase } from '../support/database.ts'
import { attachmentDir } from './global-setup.ts'

/** Stops a process gracefully (SIGTERM), or kills it after `graceMs`. */
async function stopProcess(pid: number, what: string, graceMs = 15_000): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return // already gone
  }
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0)
    } catch {
      return
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  console.warn(`[e2e teardown] ${what} ${pid} did not stop after SIGTERM; killing it`)
  process.kill(pid, 'SIGKILL')
}

/** Removes every job and key of this run's queues from Redis. */
async function removeQueues(prefix: string): Promise<void> {
  const queues = createJobQueues({ prefix })
  try {
    for (const name of queueNames) await queues.queue(name).obliterate({ force: true })
  } finally {
    await queues.close()
  }
}

/** Stops the server, the worker and the identity provider (gracefully, by SIGTERM), removes the queues and drops the e2e database. */
export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.E2E_SERVER_PID)
  if (pid) await stopProcess(pid, 'server')
  const workerPid = Number(process.env.E2E_WORKER_PID)
  // The worker waits up to 25 s for an active job before it closes on its own.
  if (workerPid) await stopProcess(workerPid, 'worker', 30_000)
  const idpPid = Number(process.env.E2E_IDP_PID)
  if (idpPid) await stopProcess(idpPid, 'identity provider', 5_000)
  const prefix = process.env.E2E_QUEUE_PREFIX
  if (prefix) {
    await removeQueues(prefix)
    console.log(`[e2e teardown] removed the queues under ${prefix}`)
  }
  const database = process.env.E2E_DATABASE
  if (database) {
    await dropDatabase(database)
    rmSync(attachmentDir(database), { recursive: true, force: true })
    console.log(`[e2e teardown] dropped database ${database} and its attachments`)
  }
}

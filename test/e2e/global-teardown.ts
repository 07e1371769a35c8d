import { dropDatabase } from '../support/database.ts'

async function stopServer(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return // already gone
  }
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0)
    } catch {
      return
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  console.warn(`[e2e teardown] server ${pid} did not stop after SIGTERM; killing it`)
  process.kill(pid, 'SIGKILL')
}

/** Stops the server (gracefully, by SIGTERM) and drops the e2e database. */
export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.E2E_SERVER_PID)
  if (pid) await stopServer(pid)
  const database = process.env.E2E_DATABASE
  if (database) {
    await dropDatabase(database)
    console.log(`[e2e teardown] dropped database ${database}`)
  }
}

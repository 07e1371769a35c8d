// The JSON-RPC side of the bridge: the native engine's protocol, one request per line on stdin,
// one response per line on stdout, logs as JSON lines on stderr.
import { createInterface } from 'node:readline'

import { dropLiveShadowDatabases } from './adapter.mjs'
import { panics } from './wasm.mjs'

/** JSON-RPC method names the CLI sends, mapped to the wasm engine's method of the same job. */
const METHODS = {
  applyMigrations: 'applyMigrations',
  createMigration: 'createMigration',
  dbExecute: 'dbExecute',
  debugPanic: 'debugPanic',
  devDiagnostic: 'devDiagnostic',
  diagnoseMigrationHistory: 'diagnoseMigrationHistory',
  diff: 'diff',
  ensureConnectionValidity: 'ensureConnectionValidity',
  evaluateDataLoss: 'evaluateDataLoss',
  getDatabaseVersion: 'version',
  introspect: 'introspect',
  introspectSql: 'introspectSql',
  markMigrationApplied: 'markMigrationApplied',
  markMigrationRolledBack: 'markMigrationRolledBack',
  reset: 'reset',
  schemaPush: 'schemaPush',
}

/**
 * Writes one log line to stderr in the native engine's JSON shape. The CLI keeps the messages of
 * these lines and, in `cli` mode, skips the first stderr line before parsing the rest.
 * @param {'INFO' | 'ERROR'} level
 * @param {Record<string, unknown>} fields
 */
export function logLine(level, fields) {
  const line = { timestamp: new Date().toISOString(), level, fields, target: 'schema_engine::logger' }
  process.stderr.write(`${JSON.stringify(line)}\n`)
}

export const info = (/** @type {string} */ message) => logLine('INFO', { message })

/**
 * Answers JSON-RPC requests one at a time, in order, until stdin closes.
 * @param {any} engine
 */
export async function serve(engine) {
  /** @type {number | string | null} */
  let pending = null
  // A Rust panic surfaces as an uncaught `unreachable` trap: answer the request in flight the way
  // the native engine does (is_panic), then exit 101 like a panicking native engine.
  process.on('uncaughtException', (error) => {
    const message = panics.lastMessage ?? String(error?.stack ?? error)
    logLine('ERROR', { message, is_panic: true })
    if (pending !== null) {
      reply({ jsonrpc: '2.0', id: pending, error: { code: 4466, message: 'panic', data: panicData(message) } })
    }
    const exit = () => process.exit(101)
    setTimeout(exit, 5_000).unref()
    dropLiveShadowDatabases().finally(exit)
  })
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
  for await (const line of lines) {
    if (!line.trim()) continue
    /** @type {{ id: number, method: string, params?: unknown }} */
    let request
    try {
      request = JSON.parse(line)
    } catch {
      reply({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } })
      continue
    }
    if (request.method === undefined) continue // the CLI's answer to one of our `print` requests
    pending = request.id
    reply(await handle(engine, request))
    pending = null
  }
  // Not engine.free(): after a panic the wasm still holds a borrow and free() throws. The adapter's
  // pools may keep idle sockets open; nothing else is pending once stdin is closed.
  process.exit(0)
}

/**
 * @param {any} engine
 * @param {{ id: number, method: string, params?: unknown }} request
 */
export async function handle(engine, { id, method, params }) {
  const target = /** @type {Record<string, string>} */ (METHODS)[method]
  if (!target) {
    return { jsonrpc: '2.0', id, error: { code: -32601, message: `Method not found: ${method}` } }
  }
  try {
    panics.lastMessage = null
    const result = await engine[target](params ?? {})
    if (method === 'diff' && typeof result?.stdout === 'string') {
      // The native engine prints the diff by asking the CLI to (a `print` request); the CLI
      // ignores `stdout` in the response.
      printThroughCli(result.stdout)
      return { jsonrpc: '2.0', id, result: { ...result, stdout: null } }
    }
    return { jsonrpc: '2.0', id, result: result ?? {} }
  } catch (error) {
    return { jsonrpc: '2.0', id, error: toRpcError(error) }
  }
}

/**
 * Shapes a wasm error like the native engine's JSON-RPC error, whose `data` the CLI reads.
 * @param {unknown} error
 */
export function toRpcError(error) {
  const thrown = /** @type {any} */ (error)
  const panicMessage = panics.lastMessage
  const message = String(thrown?.message ?? thrown)
  const data = panicMessage
    ? panicData(panicMessage)
    : {
        is_panic: false,
        message,
        error_code: thrown?.error_code ?? thrown?.errorCode ?? undefined,
        meta: thrown?.meta ?? undefined,
      }
  return { code: 4466, message: 'An error happened. Check the data field for details.', data }
}

/** @param {string} message */
function panicData(message) {
  return { is_panic: true, message, error: { message }, backtrace: null }
}

let printRequests = 0

/** @param {string} content */
function printThroughCli(content) {
  printRequests += 1
  reply({ jsonrpc: '2.0', id: `print-${printRequests}`, method: 'print', params: { content: content.replace(/\n$/, '') } })
}

function reply(/** @type {unknown} */ message) {
  process.stdout.write(`${JSON.stringify(message)}\n`)
}


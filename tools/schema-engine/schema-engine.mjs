#!/usr/bin/env node
// A stand-in for Prisma's native `schema-engine` binary: it speaks the CLI's newline-delimited
// JSON-RPC on stdin/stdout and runs each request on @prisma/schema-engine-wasm over
// @prisma/adapter-pg. Wired in by prisma.config.ts when no native engine exists; see README.md.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'

import { createAdapterFactory } from './adapter.mjs'
import { runCliCommand } from './cli-commands.mjs'
import { info, logLine, serve } from './rpc.mjs'
import { loadSchemaEngineWasm } from './wasm.mjs'

/** Used when the CLI starts the engine without --datamodels (db execute, migrate diff …). */
const MINIMAL_DATAMODEL = 'datasource db {\n  provider = "postgresql"\n}\n'

async function main() {
  const { values, positionals } = parseArgs({
    options: {
      datamodels: { type: 'string', multiple: true },
      datasource: { type: 'string' },
      'enabled-preview-features': { type: 'string' },
      'extension-types': { type: 'string' },
      version: { type: 'boolean', short: 'V' },
    },
    allowPositionals: true,
    strict: false,
  })
  const wasm = await loadSchemaEngineWasm()
  if (values.version) {
    process.stdout.write(`schema-engine-cli ${wasm.version()} (wasm bridge, tools/schema-engine)\n`)
    return
  }
  info(`schema engine bridge ${wasm.version()} starting`)

  const datasource = parseDatasource(/** @type {string | undefined} */ (values.datasource))
  if (positionals[0] === 'cli') {
    process.exitCode = await runCliCommand(String(positionals[1]), datasource, logLine)
    return
  }

  const datamodelPaths = /** @type {string[] | undefined} */ (values.datamodels) ?? []
  /** @type {[string, string][]} */
  const datamodels = datamodelPaths.length
    ? await Promise.all(datamodelPaths.map(async (file) => /** @type {[string, string]} */ ([file, await readFile(path.resolve(file), 'utf8')])))
    : [['schema.prisma', MINIMAL_DATAMODEL]]
  if (!datasource) throw new Error('The schema engine bridge needs --datasource with a url')

  const adapterFactory = createAdapterFactory(datasource, info)
  const engine = await wasm.SchemaEngine.new({ datamodels }, (/** @type {string} */ log) => forwardEngineLog(log), adapterFactory)
  await serve(engine)
}

/** @param {string | undefined} json */
function parseDatasource(json) {
  if (!json) return undefined
  const parsed = JSON.parse(json)
  return typeof parsed?.url === 'string' ? parsed : undefined
}

/** The engine logs tracing events as JSON strings; pass them on unchanged, as the native engine would. */
function forwardEngineLog(/** @type {unknown} */ log) {
  const text = typeof log === 'string' ? log : JSON.stringify(log)
  process.stderr.write(`${text.trimEnd()}\n`)
}

main().catch((error) => {
  logLine('ERROR', { message: String(error?.stack ?? error) })
  process.exit(1)
})

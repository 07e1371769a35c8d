// Loads @prisma/schema-engine-wasm without --experimental-wasm-modules: its entry point imports the
// .wasm file as an ES module, which Node 20 cannot do, so the module is instantiated by hand.
import { readFile } from 'node:fs/promises'

import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg'

/** The last panic message the engine reported before throwing (read by the error mapper). */
export const panics = { lastMessage: /** @type {string | null} */ (null) }

/** @returns {Promise<typeof import('@prisma/schema-engine-wasm')>} */
export async function loadSchemaEngineWasm() {
  // The wasm's panic hook writes into this registry; without it a panic becomes a TypeError.
  const host = /** @type {{ PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } }} */ (globalThis)
  host.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(/** @type {string} */ message) {
      panics.lastMessage = message
    },
  }
  const wasmUrl = new URL('schema_engine_bg.wasm', import.meta.resolve('@prisma/schema-engine-wasm'))
  const bytes = await readFile(wasmUrl)
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings })
  const exports = /** @type {any} */ (instance.exports)
  bindings.__wbg_set_wasm(exports)
  exports.__wbindgen_start()
  return /** @type {any} */ (bindings)
}

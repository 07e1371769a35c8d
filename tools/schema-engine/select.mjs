// Decides, inside the Prisma CLI process (prisma.config.ts is loaded before the CLI resolves or
// downloads its engine), whether the CLI should use this bridge instead of a native schema engine.
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The bridge executable the CLI spawns. */
export const BRIDGE_PATH = fileURLToPath(new URL('./schema-engine.mjs', import.meta.url))

/** Variables the CLI reads for a custom engine path; if one is set, it wins. */
const ENGINE_PATH_VARIABLES = ['PRISMA_SCHEMA_ENGINE_BINARY', 'PRISMA_MIGRATION_ENGINE_BINARY']

/**
 * The folders the CLI looks in for `schema-engine-<platform>` before it downloads one:
 * @prisma/engines (where the install step and the CLI put it) and the prisma package itself.
 * @param {string} fromDir where to resolve `prisma` from
 */
export function nativeEngineFolders(fromDir) {
  try {
    const prismaPackage = createRequire(path.join(fromDir, 'noop.js')).resolve('prisma/package.json')
    const enginesPackage = createRequire(prismaPackage).resolve('@prisma/engines/package.json')
    return [path.dirname(enginesPackage), path.dirname(prismaPackage)]
  } catch {
    return []
  }
}

/** @param {string[]} folders */
export function findNativeEngine(folders) {
  for (const folder of folders) {
    if (!existsSync(folder)) continue
    const engine = readdirSync(folder).find((name) => /^schema-engine-[\w.-]+$/.test(name))
    if (engine) return path.join(folder, engine)
  }
  return undefined
}

/**
 * The engine path to put in PRISMA_SCHEMA_ENGINE_BINARY, or undefined to leave the CLI alone:
 * a path is already set, a native engine is installed, or VARDVAL_SCHEMA_ENGINE=native asks for
 * the CLI's own download.
 * @param {{ env: Record<string, string | undefined>, folders: string[] }} input
 */
export function chooseSchemaEngine({ env, folders }) {
  if (ENGINE_PATH_VARIABLES.some((name) => env[name])) return undefined
  if (env.VARDVAL_SCHEMA_ENGINE === 'native') return undefined
  if (findNativeEngine(folders)) return undefined
  return BRIDGE_PATH
}

/**
 * Points the Prisma CLI at the bridge when no native schema engine is available. Call it from
 * prisma.config.ts; it only touches process.env of the CLI process (and so of the engine it spawns).
 * @param {string} [fromDir] where to resolve `prisma` from; by default this project
 * @returns {string | undefined} the bridge path when chosen
 */
export function useBridgeWhenNoNativeEngine(fromDir = path.dirname(BRIDGE_PATH)) {
  const chosen = chooseSchemaEngine({ env: process.env, folders: nativeEngineFolders(fromDir) })
  if (chosen) process.env.PRISMA_SCHEMA_ENGINE_BINARY = chosen
  return chosen
}

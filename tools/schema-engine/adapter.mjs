// The driver adapter the wasm schema engine talks to PostgreSQL through: @prisma/adapter-pg with
// three repairs the schema engine needs (see README.md, "Pitfalls").
import { randomUUID } from 'node:crypto'

import { PrismaPg } from '@prisma/adapter-pg'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import pg from 'pg'

import { markCharColumns, readCatalogTypesAsText } from './catalog-types.mjs'
import { pgConfigFromUrl, quoteIdent } from './connection.mjs'

/**
 * @param {{ url: string, shadowDatabaseUrl?: string }} datasource
 * @param {(line: string) => void} log
 */
export function createAdapterFactory(datasource, log) {
  const { config, schema } = pgConfigFromUrl(datasource.url)
  const options = schema ? { schema } : undefined
  const inner = new PrismaPg(config, options)

  /** @type {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory} */
  const factory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      return repair(await inner.connect())
    },
    async connectToShadowDb() {
      if (datasource.shadowDatabaseUrl) {
        const shadow = pgConfigFromUrl(datasource.shadowDatabaseUrl)
        return repair(await new PrismaPg(shadow.config, options).connect())
      }
      return connectToThrowawayShadowDb(config, options, log)
    },
  }
  return bindMigrationAwareSqlAdapterFactory(factory)
}

/**
 * Creates the shadow database itself and drops it WITH (FORCE) after closing the pool: the
 * adapter's own connectToShadowDb drops it while its pool is still connected, which fails.
 * @param {import('./connection.mjs').PgSettings} config
 * @param {{ schema: string } | undefined} options
 * @param {(line: string) => void} log
 */
async function connectToThrowawayShadowDb(config, options, log) {
  const name = `prisma_migrate_shadow_db_${randomUUID()}`
  await runAdminStatement(config, `CREATE DATABASE ${quoteIdent(name)}`)
  log(`created shadow database ${name}`)
  const drop = async () => {
    liveShadowDatabases.delete(drop)
    await runAdminStatement(config, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
    log(`dropped shadow database ${name}`)
  }
  liveShadowDatabases.add(drop)
  const adapter = repair(await new PrismaPg({ ...config, database: name }, options).connect())
  const dispose = adapter.dispose.bind(adapter)
  adapter.dispose = async () => {
    try {
      await dispose()
    } finally {
      await drop()
    }
  }
  return adapter
}

/** @type {Set<() => Promise<void>>} drops of the shadow databases not disposed yet */
const liveShadowDatabases = new Set()

/** Drops every shadow database this process created and has not dropped yet. */
export async function dropLiveShadowDatabases() {
  await Promise.allSettled([...liveShadowDatabases].map((drop) => drop()))
}

/**
 * Runs one statement on its own short-lived connection to the datasource's database.
 * @param {import('./connection.mjs').PgSettings} config
 * @param {string} sql
 */
export async function runAdminStatement(config, sql) {
  const client = new pg.Client(config)
  await client.connect()
  try {
    return await client.query(sql)
  } finally {
    await client.end()
  }
}

/**
 * Patches one adapter (and the transactions it opens) in place:
 * - catalog columns of type "char", regproc … are reported as Character or Text (prisma/orm#27403);
 * - a script runs as one simple-protocol query, as the native engine does, instead of being split
 *   on every `;` (which breaks dollar-quoted function bodies such as a plpgsql trigger).
 * @template {object} A
 * @param {A} adapter
 * @returns {A}
 */
function repair(adapter) {
  const queryable = /** @type {any} */ (adapter)
  /** @type {WeakMap<object, number[]>} "char" column positions, per query object */
  const charColumnsOf = new WeakMap()
  const performIO = queryable.performIO.bind(queryable)
  queryable.performIO = async (/** @type {object} */ query) => {
    const result = await performIO(query)
    charColumnsOf.set(query, readCatalogTypesAsText(result.fields))
    return result
  }
  const queryRaw = queryable.queryRaw.bind(queryable)
  queryable.queryRaw = async (/** @type {object} */ query) => {
    const result = await queryRaw(query)
    markCharColumns(result.columnTypes, charColumnsOf.get(query) ?? [])
    return result
  }
  if (typeof queryable.executeScript === 'function') {
    queryable.executeScript = async (/** @type {string} */ script) => {
      try {
        await queryable.client.query(script)
      } catch (error) {
        queryable.onError(error)
      }
    }
  }
  if (typeof queryable.startTransaction === 'function') {
    const startTransaction = queryable.startTransaction.bind(queryable)
    queryable.startTransaction = async (/** @type {unknown[]} */ ...args) => repair(await startTransaction(...args))
  }
  return adapter
}

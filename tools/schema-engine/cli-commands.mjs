// The engine's one-shot mode, `schema-engine --datasource '{"url":…}' cli <command>`, which the CLI
// uses to check that the database exists and to create it (migrate dev, migrate reset).
import { runAdminStatement } from './adapter.mjs'
import { pgConfigFromUrl, quoteIdent } from './connection.mjs'

/** SQLSTATE and socket codes mapped to the Prisma error codes the CLI understands. */
const PRISMA_ERROR_CODES = {
  '3D000': 'P1003', // invalid_catalog_name: the database does not exist
  '28P01': 'P1000', // invalid_password
  28000: 'P1000', // invalid_authorization_specification
  '42P04': 'P1009', // duplicate_database
  ECONNREFUSED: 'P1001',
  ENOTFOUND: 'P1001',
  ETIMEDOUT: 'P1002',
}

/**
 * @param {string} command
 * @param {{ url: string } | undefined} datasource
 * @param {(level: 'INFO' | 'ERROR', fields: Record<string, unknown>) => void} logLine
 * @returns {Promise<number>} the process exit code
 */
export async function runCliCommand(command, datasource, logLine) {
  if (!datasource) {
    logLine('ERROR', { error_code: 'P1012', message: 'The schema engine bridge needs --datasource with a url.' })
    return 1
  }
  const { config } = pgConfigFromUrl(datasource.url)
  const database = config.database ?? 'postgres'
  const where = `${config.host}:${config.port}`
  const maintenance = { ...config, database: database === 'postgres' ? 'template1' : 'postgres' }
  try {
    switch (command) {
      case 'can-connect-to-database':
        await runAdminStatement(config, 'SELECT 1')
        return 0
      case 'create-database':
        await runAdminStatement(maintenance, `CREATE DATABASE ${quoteIdent(database)}`)
        logLine('INFO', { message: `created database ${database}` })
        return 0
      case 'drop-database':
        await runAdminStatement(maintenance, `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`)
        logLine('INFO', { message: `dropped database ${database}` })
        return 0
      default:
        logLine('ERROR', { error_code: 'P1012', message: `Unknown schema engine cli command: ${command}` })
        return 1
    }
  } catch (error) {
    const thrown = /** @type {{ code?: string, message?: string }} */ (error)
    const code = /** @type {Record<string, string>} */ (PRISMA_ERROR_CODES)[thrown.code ?? '']
    const message =
      code === 'P1003'
        ? `Database \`${database}\` does not exist on the database server at \`${where}\`.`
        : code === 'P1001'
          ? `Can't reach database server at \`${where}\``
          : String(thrown.message ?? error)
    logLine('ERROR', { error_code: code ?? 'P1000', message })
    return 1
  }
}

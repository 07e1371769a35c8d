// Turns the datasource URL the Prisma CLI passes into node-postgres settings.

/**
 * @typedef {{ host: string, port: number, user?: string, password?: string, database?: string,
 *   max: number, ssl?: boolean | { rejectUnauthorized: boolean } }} PgSettings
 */

/**
 * Splits a postgres:// URL into separate pg settings. pg is given host, port, user and database one
 * by one: given the connection string, the adapter's shadow-database pool would inherit it and
 * ignore the shadow database's name.
 * @param {string} url
 * @returns {{ config: PgSettings, schema: string | undefined }}
 */
export function pgConfigFromUrl(url) {
  const parsed = new URL(url)
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new Error(`The offline schema engine only speaks PostgreSQL, not ${parsed.protocol}`)
  }
  const params = parsed.searchParams
  const host = params.get('host') ?? decodeURIComponent(parsed.hostname)
  /** @type {PgSettings} */
  const config = {
    host: host || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || undefined,
    max: 4,
  }
  const sslmode = params.get('sslmode')
  if (sslmode && sslmode !== 'disable' && sslmode !== 'prefer') {
    config.ssl = sslmode === 'require' ? { rejectUnauthorized: false } : true
  }
  const schema = params.get('schema') ?? undefined
  return { config, schema }
}

/**
 * Quotes a PostgreSQL identifier.
 * @param {string} name
 */
export function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`
}

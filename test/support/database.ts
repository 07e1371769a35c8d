/**
 * Test databases: one template migrated once per run (global setup), and a fresh copy of it per
 * test file, so files run in parallel without stepping on each other. Real PostgreSQL, no mocks.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
export const TEMPLATE_DB = process.env.TEST_TEMPLATE_DB ?? `vardval_test_template`

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
}

/** Creates (or re-creates) an empty database. */
export async function createDatabase(name: string): Promise<void> {
  await dropDatabase(name)
  await admin((c) => c.query(`CREATE DATABASE "${name}"`))
}

/** Creates the template database from the project's migrations, through the Prisma CLI. */
export async function createTemplateDatabase(): Promise<void> {
  await createDatabase(TEMPLATE_DB)
  execFileSync('npx', ['prisma', 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: databaseUrl(TEMPLATE_DB) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
}

/** The rows of one query, on a connection of its own (closed again). */
export async function sql<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(text, params)).rows
  } finally {
    await client.end()
  }
}

export interface TestDatabase {
  name: string
  url: string
  drop(): Promise<void>
}

/** A fresh, migrated, empty database for one test file. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `vardval_${label}_${process.pid}_${randomBytes(4).toString('hex')}`
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`))
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) }
}

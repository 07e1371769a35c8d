import { createTemplateDatabase, dropDatabase, TEMPLATE_DB } from './database.ts'

export async function setup(): Promise<void> {
  await createTemplateDatabase()
}

export async function teardown(): Promise<void> {
  await dropDatabase(TEMPLATE_DB)
}

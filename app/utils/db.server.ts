import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client.ts'
import { env } from './env.server.ts'

export { Prisma } from '../generated/prisma/client.ts'

/** A Prisma client over node-postgres for the given database (the app's by default). */
export function createPrisma(databaseUrl = env().DATABASE_URL): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) })
}

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient }

/** The process-wide client; kept on globalThis so dev reloads do not open new pools. */
export const prisma: PrismaClient = (globalForPrisma.prisma ??= createPrisma())

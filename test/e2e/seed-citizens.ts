import type { PrismaClient } from '../../app/generated/prisma/client.ts'

/**
 * The citizens the portal's browser tests act as (guardians and children, citizens near the
 * switch limit, a capped clinic): each test owns its citizens, so the tests do not disturb one
 * another or the figures the clinic and payment pages assert.
 */
export async function seedE2eCitizens(_prisma: PrismaClient): Promise<void> {}

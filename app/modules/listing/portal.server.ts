/**
 * Whose listing a page of Mina sidor is about: the logged-in citizen, or (`?barn=<citizen id>`)
 * a child in their care, checked on every request. The child is named by the internal citizen id
 * in addresses, never by a personnummer.
 */
import { z } from 'zod'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { swedishDate } from '../../utils/sweden.ts'
import { ListingForbidden, childrenInCare } from './listing.server.ts'
import type { IsoDate } from './rules.ts'
import { CHILD_ID } from '../access/rules.ts'

export interface Subject {
  citizenId: bigint
  /** The child chosen for, by birth date; null when the citizen acts for themselves. */
  child: { citizenId: bigint; birthDate: IsoDate } | null
}

export const ChildParam = z
  .string()
  .regex(CHILD_ID)
  .transform((v) => BigInt(v))

/** The subject of the page; ListingForbidden when `barn` is not a child of this citizen under 18 today. */
export async function subjectFor(prisma: PrismaClient, citizenId: bigint, barn: bigint | null, today: IsoDate = swedishDate()): Promise<Subject> {
  if (barn === null || barn === citizenId) return { citizenId, child: null }
  const child = (await childrenInCare(prisma, citizenId, today)).find((c) => c.citizenId === barn)
  if (!child) throw new ListingForbidden(`citizen ${citizenId} may not act for citizen ${barn}`)
  return { citizenId: barn, child }
}

/** `?barn=` of a page address: null when absent, 'invalid' (a 400) when malformed. */
export function childParam(request: Request): bigint | null | 'invalid' {
  const raw = new URL(request.url).searchParams.get('barn')
  if (raw === null || raw === '') return null
  const parsed = ChildParam.safeParse(raw)
  return parsed.success ? parsed.data : 'invalid'
}

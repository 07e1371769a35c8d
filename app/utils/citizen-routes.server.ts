/**
 * The guard of Mina sidor's pages about a listing: the logged-in citizen and whose listing the
 * page is about (themselves, or `?barn=` a child in their care under 18), checked on every request.
 */
import { data } from 'react-router'
import { ListingForbidden } from '../modules/listing/listing.server.ts'
import { childParam, subjectFor, type Subject } from '../modules/listing/portal.server.ts'
import type { SessionUser } from '../modules/access/rules.ts'
import { prisma } from './db.server.ts'
import { forbidden, requireCitizen } from './permissions.server.ts'

/** The citizen and the page's subject; a 400 for a malformed `barn`, a 403 for someone not in their care. */
export async function requireListingSubject(request: Request): Promise<{ user: SessionUser & { citizenId: bigint }; subject: Subject }> {
  const user = await requireCitizen(request)
  const barn = childParam(request)
  if (barn === 'invalid') throw data(null, { status: 400 })
  const subject = await subjectFor(prisma, user.citizenId, barn).catch((e: unknown) => {
    if (e instanceof ListingForbidden) forbidden()
    throw e
  })
  return { user, subject }
}

import { data } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/apply.attachment'
import { canManageAuthorisation } from '../modules/access/rules.ts'
import { ApplicationNotFound, parseApplicationId } from '../modules/authorisation/application.server.ts'
import { contentDisposition, readAttachment } from '../modules/authorisation/attachments.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireUser } from '../utils/permissions.server.ts'

const Id = z.coerce.number().int().positive().max(2_147_483_647)

/**
 * An attachment's PDF, as a download: for the application's own applicant and the region's side;
 * anyone else gets the same 404 as for a missing file. Never cached; never sniffed (helmet in
 * server.ts sends `X-Content-Type-Options: nosniff` on every response, so it is not repeated here);
 * every read is audited.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const applicationId = parseApplicationId(params.applicationId)
  const attachmentId = Id.safeParse(params.attachmentId)
  if (applicationId === null || !attachmentId.success || !/^\d+$/.test(params.attachmentId)) throw data(null, { status: 404 })
  try {
    const file = await readAttachment(prisma, {
      applicationId,
      attachmentId: attachmentId.data,
      viewer: { id: user.id, manager: canManageAuthorisation(user) },
      actor: { kind: 'user', userId: user.id },
    })
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Length': String(file.bytes.length),
        'Content-Disposition': contentDisposition(file.fileName),
        'Cache-Control': 'private, no-store',
      },
    })
  } catch (error) {
    if (error instanceof ApplicationNotFound) throw data(null, { status: 404 })
    throw error
  }
}

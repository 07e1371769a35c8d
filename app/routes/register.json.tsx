import type { Route } from './+types/register.json'
import { registerJson } from '../modules/authorisation/register-format.ts'
import { registerToday } from '../modules/authorisation/register.server.ts'
import { prisma } from '../utils/db.server.ts'
import { swedishDate } from '../utils/sweden.ts'

/** The register as open data, JSON (docs/open-data-register.md): public, anyone may fetch it, cached five minutes. */
export async function loader(_: Route.LoaderArgs) {
  const today = swedishDate()
  const entries = await registerToday(prisma, today)
  return Response.json(registerJson(entries, today, new Date()), {
    headers: {
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=300',
    },
  })
}

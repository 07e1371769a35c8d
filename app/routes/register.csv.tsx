import type { Route } from './+types/register.csv'
import { registerCsv } from '../modules/authorisation/register-format.ts'
import { registerToday } from '../modules/authorisation/register.server.ts'
import { prisma } from '../utils/db.server.ts'
import { swedishDate } from '../utils/sweden.ts'

/** The register as open data, CSV (docs/open-data-register.md): public, anyone may fetch it, cached five minutes. */
export async function loader(_: Route.LoaderArgs) {
  const today = swedishDate()
  const entries = await registerToday(prisma, today)
  return new Response(registerCsv(entries), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="auktoriserade-vardcentraler-${today}.csv"`,
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=300',
    },
  })
}

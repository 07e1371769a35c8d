import type { Route } from './+types/logout'
import { endUserSession } from '../utils/session.server.ts'

/** Logging out is a POST from the header's form; a GET (a link preview, a prefetch) must not log anyone out. */
export function loader() {
  throw new Response(null, { status: 405, headers: { Allow: 'POST' } })
}

export async function action({ request }: Route.ActionArgs) {
  return endUserSession(request, '/')
}

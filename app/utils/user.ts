import { useRouteLoaderData } from 'react-router'
import type { SessionUser } from '../modules/access/rules.ts'
import type { loader as rootLoader } from '../root.tsx'

/** The logged-in user from the root loader, for components; null when nobody is logged in. */
export function useOptionalUser(): SessionUser | null {
  return useRouteLoaderData<typeof rootLoader>('root')?.user ?? null
}

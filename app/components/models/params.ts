/** The route parameters and query values of the payment-model pages, parsed with zod. */
import { data } from 'react-router'
import { z } from 'zod'

/** A model version's id in an address: digits only, within PostgreSQL's integer. */
export const ModelId = z
  .string()
  .regex(/^\d{1,10}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(2_147_483_647))

/** The id of the address's model version; anything else is a page that does not exist. */
export function modelIdParam(id: string | undefined): number {
  const parsed = ModelId.safeParse(id)
  if (!parsed.success) throw data(null, { status: 404 })
  return parsed.data
}

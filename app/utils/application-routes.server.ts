/** What the applicant's routes share on the server: the application an address names, and a 404 for one the user may not see. */
import { data } from 'react-router'
import { ApplicationNotFound, parseApplicationId } from '../modules/authorisation/application.server.ts'

/** The application id in the address; a 404 when it is not one. */
export function applicationIdOf(params: { applicationId?: string }): number {
  const id = parseApplicationId(params.applicationId)
  if (id === null) throw data(null, { status: 404 })
  return id
}

/** The promise's value; a 404 for an application that does not exist or that the user may not see. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise
  } catch (error) {
    if (error instanceof ApplicationNotFound) throw data(null, { status: 404 })
    throw error
  }
}

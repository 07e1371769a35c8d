import { data } from 'react-router'

/** Placeholder until the page is built (issue 5). */
export async function loader() {
  throw data(null, { status: 404 })
}

export default function Placeholder() {
  return null
}

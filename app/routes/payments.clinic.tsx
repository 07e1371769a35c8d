import type { ShouldRevalidateFunctionArgs } from 'react-router'
import type { Route } from './+types/payments.clinic'
import { findRunClinic, loadSpecification, searchLine } from '../utils/payment-routes.server.ts'
import { regionMonthHref, specificationHref } from '../components/payments/params.ts'
import { PaymentSpecification } from '../components/payments/specification.tsx'
import { useFormat } from '../components/payments/ui.tsx'
import { useT } from '../i18n/i18n.tsx'
import { requireCommissioner } from '../utils/permissions.server.ts'
import paymentsCss from '../styles/payments.css?url'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: paymentsCss }]

/** A clinic's specification as the region sees it (every clinic). */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireCommissioner(request)
  const { run, clinicId } = await findRunClinic(params)
  return loadSpecification(request, run, clinicId, user)
}

/** The search of one line by identity number: a POST, so the number never enters an address. */
export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireCommissioner(request)
  const { run, clinicId } = await findRunClinic(params)
  return searchLine(request, run, clinicId, user)
}

/** A search shows one line; reloading (and auditing again) the page of lines it sits on adds nothing. */
export function shouldRevalidate({ formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formMethod === 'POST' ? false : defaultShouldRevalidate
}

export default function RegionPaymentSpecification({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const f = useFormat()
  const { spec } = loaderData
  const { month, revision } = spec.run
  return (
    <PaymentSpecification
      {...loaderData}
      search={actionData?.search}
      csvHref={`${specificationHref('region', month, revision, spec.clinic.hsaId)}/lines.csv`}
      back={{ to: regionMonthHref(month, revision), label: t.payments.common.backToMonth(f.month(month)) }}
    />
  )
}

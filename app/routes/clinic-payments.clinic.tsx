import type { ShouldRevalidateFunctionArgs } from 'react-router'
import type { Route } from './+types/clinic-payments.clinic'
import { findRunClinic, loadSpecification, searchLine } from '../utils/payment-routes.server.ts'
import { specificationHref } from '../components/payments/params.ts'
import { PaymentSpecification } from '../components/payments/specification.tsx'
import { useT } from '../i18n/i18n.tsx'
import { requireClinicAccess, requireClinicStaff } from '../utils/permissions.server.ts'
import paymentsCss from '../styles/payments.css?url'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: paymentsCss }]

/** The clinic's own specification; another clinic's is a 403 (the region sees all under /region). */
export async function loader({ request, params }: Route.LoaderArgs) {
  // Staff of some clinic first: nobody else may even learn which clinics were paid when.
  await requireClinicStaff(request)
  const { run, clinicId } = await findRunClinic(params)
  const user = await requireClinicAccess(request, clinicId)
  return loadSpecification(request, run, clinicId, user)
}

/** The search of one line by identity number: a POST, so the number never enters an address. */
export async function action({ request, params }: Route.ActionArgs) {
  // Staff of some clinic first: nobody else may even learn which clinics were paid when.
  await requireClinicStaff(request)
  const { run, clinicId } = await findRunClinic(params)
  const user = await requireClinicAccess(request, clinicId)
  return searchLine(request, run, clinicId, user)
}

/** A search shows one line; reloading (and auditing again) the page of lines it sits on adds nothing. */
export function shouldRevalidate({ formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formMethod === 'POST' ? false : defaultShouldRevalidate
}

export default function ClinicPaymentSpecification({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const { spec } = loaderData
  return (
    <PaymentSpecification
      {...loaderData}
      search={actionData?.search}
      csvHref={`${specificationHref('clinic', spec.run.month, spec.run.revision, spec.clinic.hsaId)}/lines.csv`}
      back={{ to: '/mottagning/ersattning', label: t.payments.clinicList.title }}
    />
  )
}

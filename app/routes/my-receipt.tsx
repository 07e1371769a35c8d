import { Link, data } from 'react-router'
import type { Route } from './+types/my-receipt'
import { Fact, FactList } from '../components/ui/fact-list.tsx'
import { useT } from '../i18n/i18n.tsx'
import { childrenInCare, listingReceipt } from '../modules/listing/listing.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireCitizen } from '../utils/permissions.server.ts'

/** The receipt of a choice: the listing must be the citizen's own or a child's in their care (else 404). */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireCitizen(request)
  if (!/^[1-9]\d{0,17}$/.test(params.listingId)) throw data(null, { status: 404 })
  const children = await childrenInCare(prisma, user.citizenId)
  const view = await listingReceipt(prisma, {
    listingId: BigInt(params.listingId),
    citizenIds: [user.citizenId, ...children.map((c) => c.citizenId)],
    recipientCitizenId: user.citizenId,
    actor: { kind: 'user', userId: user.id },
  })
  if (!view) throw data(null, { status: 404 })
  const child = children.find((c) => c.citizenId === view.citizenId)
  return {
    child: child ? { id: String(child.citizenId), birthDate: child.birthDate } : null,
    clinic: view.clinic,
    validFrom: view.validFrom,
    receipt: view.receipt,
  }
}

export default function MyReceipt({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const r = t.citizen.receipt
  const { child, clinic, validFrom, receipt } = loaderData
  const title = child ? r.titleChild(child.birthDate) : r.title
  const historyHref = `/mina-sidor/historik${child ? `?barn=${child.id}` : ''}`
  return (
    <div className="page my-receipt">
      <title>{`${title} – ${t.meta.siteName}`}</title>
      <h1>{title}</h1>
      {receipt ? (
        <>
          <p className="notice notice--success" role="status">
            {r.done}
          </p>
          <FactList>
            <Fact term={r.from} field="from">
              {receipt.fromClinic?.name ?? t.citizen.choose.currentNone}
            </Fact>
            <Fact term={r.to} field="to">
              {clinic.name}
            </Fact>
            <Fact term={r.effective} field="effective">
              {receipt.effectiveDate}
            </Fact>
            <Fact term={r.withdrawn} field="withdrawn">
              {receipt.withdrawn?.name ?? r.withdrawnNone}
            </Fact>
          </FactList>
          {receipt.reason === 'moved' ? <p data-field="moved">{r.moved}</p> : null}
          <p data-field="sent">{receipt.guardiansNotified > 0 ? r.sentGuardian : r.sent}</p>
        </>
      ) : (
        <>
          <p>{r.noReceipt}</p>
          <FactList>
            <Fact term={r.listedAt} field="to">
              {clinic.name}
            </Fact>
            <Fact term={r.effective} field="effective">
              {validFrom}
            </Fact>
          </FactList>
        </>
      )}
      <ul className="link-list">
        <li>
          <Link to={historyHref}>{r.history}</Link>
        </li>
        <li>
          <Link to="/mina-sidor/meddelanden">{r.messages}</Link>
        </li>
        <li>
          <Link to="/mina-sidor">{t.citizen.backToMyPages}</Link>
        </li>
      </ul>
    </div>
  )
}

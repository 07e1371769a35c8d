import { Link } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/outbox'
import { DataTable } from '../components/ui/data-table.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { useT } from '../i18n/i18n.tsx'
import { outboxPage, providerOutboxPage } from '../modules/notifications/messages.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireCommissioner } from '../utils/permissions.server.ts'

const Page = z.coerce.number().int().min(1).max(1_000_000).catch(1)

/**
 * The demo's e-mail outbox (utkorg): delivered messages, newest first, 50 a page; each view is
 * audited with the citizens shown. Below, the messages to providers' users (authorisation), paged
 * on their own (`vsida`).
 */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireCommissioner(request)
  const params = new URL(request.url).searchParams
  const page = Page.parse(params.get('sida') ?? 1)
  const providerPage = Page.parse(params.get('vsida') ?? 1)
  const actor = { kind: 'user' as const, userId: user.id }
  const result = await outboxPage(prisma, { page, actor })
  const providers = await providerOutboxPage(prisma, { page: providerPage, actor })
  return {
    ...result,
    messages: result.messages.map((m) => ({ ...m, sentAt: formatDateTime(m.sentAt) })),
    providers: {
      ...providers,
      messages: providers.messages.map((m) => ({
        id: m.id,
        kind: m.kind,
        recipientName: m.recipientName,
        toAddress: m.toAddress,
        subject: m.subject,
        body: m.body,
        sentAt: formatDateTime(m.sentAt),
      })),
    },
  }
}

/** One delivered message in the outbox's tables: when, what kind, to whom, and the e-mail as written. */
function OutboxRow({
  testId,
  message,
  kind,
  recipient,
  noAddress,
}: {
  testId: string
  message: { sentAt: string; toAddress: string | null; subject: string | null; body: string | null }
  kind: string
  recipient: string
  noAddress: string
}) {
  return (
    <tr data-testid={testId}>
      <td>{message.sentAt}</td>
      <td>{kind}</td>
      <td>
        <div>{recipient}</div>
        <div data-field="to">{message.toAddress ?? noAddress}</div>
      </td>
      <td>
        <p className="strong" lang="sv" data-field="subject">
          {message.subject}
        </p>
        <div className="message__body" lang="sv" data-field="body">
          {message.body}
        </div>
      </td>
    </tr>
  )
}

/** Previous/next links of one of the outbox's tables, paged on its own; nothing on one page. */
function OutboxPagination({ label, page, pageCount, hrefFor }: { label: string; page: number; pageCount: number; hrefFor: (page: number) => string }) {
  const o = useT().notifications.outbox
  if (pageCount <= 1) return null
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} rel="prev">
          {o.previous}
        </Link>
      ) : null}
      <span aria-current="page">{o.pageOf(page, pageCount)}</span>
      {page < pageCount ? (
        <Link to={hrefFor(page + 1)} rel="next">
          {o.next}
        </Link>
      ) : null}
    </nav>
  )
}

export default function Outbox({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const o = t.notifications.outbox
  const { messages, page, pageCount, total, waiting, providers } = loaderData
  const query = (sida: number, vsida: number) => {
    const q = new URLSearchParams()
    if (sida > 1) q.set('sida', String(sida))
    if (vsida > 1) q.set('vsida', String(vsida))
    return `?${q.toString()}`
  }
  const href = (p: number) => query(p, providers.page)
  const providerHref = (p: number) => query(page, p)
  const po = t.notifications.providerOutbox
  return (
    <div className="page outbox">
      <title>{`${o.title}${pageCount > 1 ? ` (${o.pageOf(page, pageCount)})` : ''} – ${t.meta.siteName}`}</title>
      <h1>{o.title}</h1>
      <p className="lead">{o.lead}</p>
      <p data-field="totals">
        {o.total(total)} {waiting > 0 ? o.waiting(waiting) : null}
      </p>
      {messages.length === 0 ? (
        <p>{o.empty}</p>
      ) : (
        <DataTable caption={o.caption(page, pageCount)} captionId="utkorg-tabell" columns={[o.sent, o.kind, o.to, o.message]}>
          <tbody>
            {messages.map((m) => (
              <OutboxRow key={m.id} testId="outbox-row" message={m} kind={t.notifications.kinds[m.kind] ?? m.kind} recipient={o.recipient(m.recipientCitizenId)} noAddress={o.noAddress} />
            ))}
          </tbody>
        </DataTable>
      )}
      <OutboxPagination label={o.pagination} page={page} pageCount={pageCount} hrefFor={href} />
      <section aria-labelledby="vardgivare-rubrik">
        <h2 id="vardgivare-rubrik">{po.heading}</h2>
        <p>{po.lead}</p>
        <p data-field="provider-totals">
          {po.total(providers.total)} {providers.waiting > 0 ? po.waiting(providers.waiting) : null}
        </p>
        {providers.messages.length === 0 ? (
          <p>{po.empty}</p>
        ) : (
          <DataTable caption={po.caption(providers.page, providers.pageCount)} captionId="vardgivare-tabell" columns={[o.sent, o.kind, o.to, o.message]}>
            <tbody>
              {providers.messages.map((m) => (
                <OutboxRow key={m.id} testId="provider-outbox-row" message={m} kind={t.notifications.providerKinds[m.kind] ?? m.kind} recipient={m.recipientName} noAddress={po.noAddress} />
              ))}
            </tbody>
          </DataTable>
        )}
        <OutboxPagination label={po.pagination} page={providers.page} pageCount={providers.pageCount} hrefFor={providerHref} />
      </section>
      <p>
        <Link to="/region/listning">{o.back}</Link>
      </p>
    </div>
  )
}

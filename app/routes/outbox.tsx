import { Link } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/outbox'
import { DataTable } from '../components/ui/data-table.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { useT } from '../i18n/i18n.tsx'
import { outboxPage } from '../modules/notifications/messages.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireCommissioner } from '../utils/permissions.server.ts'

const Page = z.coerce.number().int().min(1).max(1_000_000).catch(1)

/** The demo's e-mail outbox (utkorg): delivered messages, newest first, 50 a page; each view is audited with the citizens shown. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireCommissioner(request)
  const page = Page.parse(new URL(request.url).searchParams.get('sida') ?? 1)
  const result = await outboxPage(prisma, { page, actor: { kind: 'user', userId: user.id } })
  return {
    ...result,
    messages: result.messages.map((m) => ({ ...m, sentAt: formatDateTime(m.sentAt) })),
  }
}

export default function Outbox({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const o = t.notifications.outbox
  const { messages, page, pageCount, total, waiting } = loaderData
  const href = (p: number) => (p > 1 ? `?sida=${p}` : '?')
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
              <tr key={m.id} data-testid="outbox-row">
                <td>{m.sentAt}</td>
                <td>{t.notifications.kinds[m.kind] ?? m.kind}</td>
                <td>
                  <div>{o.recipient(m.recipientCitizenId)}</div>
                  <div data-field="to">{m.toAddress ?? o.noAddress}</div>
                </td>
                <td>
                  <p className="strong" lang="sv" data-field="subject">
                    {m.subject}
                  </p>
                  <div className="message__body" lang="sv" data-field="body">
                    {m.body}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {pageCount > 1 ? (
        <nav className="pagination" aria-label={o.pagination}>
          {page > 1 ? (
            <Link to={href(page - 1)} rel="prev">
              {o.previous}
            </Link>
          ) : null}
          <span aria-current="page">{o.pageOf(page, pageCount)}</span>
          {page < pageCount ? (
            <Link to={href(page + 1)} rel="next">
              {o.next}
            </Link>
          ) : null}
        </nav>
      ) : null}
      <p>
        <Link to="/region/listning">{o.back}</Link>
      </p>
    </div>
  )
}

import { Link } from 'react-router'
import type { Route } from './+types/my-messages'
import { MessageCard } from '../components/notifications/message-card.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { useT } from '../i18n/i18n.tsx'
import { citizenMessages } from '../modules/notifications/messages.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireCitizen } from '../utils/permissions.server.ts'

/** The logged-in citizen's own messages (Mina meddelanden): receipts and notices, newest first; reading them is audited. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireCitizen(request)
  const { messages, waiting } = await citizenMessages(prisma, user.citizenId, { kind: 'user', userId: user.id })
  return {
    waiting,
    messages: messages.map((m) => ({ id: m.id, subject: m.subject, body: m.body, toAddress: m.toAddress, sentAt: formatDateTime(m.sentAt) })),
  }
}

export default function MyMessages({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const m = t.notifications.mine
  const { messages, waiting } = loaderData
  return (
    <div className="page my-messages">
      <title>{`${m.title} – ${t.meta.siteName}`}</title>
      <h1>{m.title}</h1>
      <p className="lead">{m.lead}</p>
      {waiting > 0 ? (
        <p className="notice" role="status">
          {m.waiting(waiting)}
        </p>
      ) : null}
      {messages.length === 0 ? <p>{m.empty}</p> : null}
      {messages.map((msg) => (
        <MessageCard
          key={msg.id}
          id={msg.id}
          subject={msg.subject}
          body={msg.body}
          meta={
            <>
              {m.sent(msg.sentAt)}
              {msg.toAddress ? <> · {m.emailed(msg.toAddress)}</> : null}
            </>
          }
        />
      ))}
      <p>
        <Link to="/mina-sidor">{m.back}</Link>
      </p>
    </div>
  )
}

import { Link } from 'react-router'
import type { Route } from './+types/my-messages'
import { MessageList, listedMessage } from '../components/notifications/message-card.tsx'
import { useT } from '../i18n/i18n.tsx'
import { citizenMessages } from '../modules/notifications/messages.server.ts'
import { prisma } from '../utils/db.server.ts'
import { requireCitizen } from '../utils/permissions.server.ts'

/** The logged-in citizen's own messages (Mina meddelanden): receipts and notices, newest first; reading them is audited. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireCitizen(request)
  const { messages, waiting } = await citizenMessages(prisma, user.citizenId, { kind: 'user', userId: user.id })
  return { waiting, messages: messages.map(listedMessage) }
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
      <MessageList messages={messages} waiting={waiting} empty={m.empty} />
      <p>
        <Link to="/mina-sidor">{m.back}</Link>
      </p>
    </div>
  )
}

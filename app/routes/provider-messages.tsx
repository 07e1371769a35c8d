import { Link } from 'react-router'
import type { Route } from './+types/provider-messages'
import { MessageCard } from '../components/notifications/message-card.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { useT } from '../i18n/i18n.tsx'
import { canApply, hasRole, isClinicStaff } from '../modules/access/rules.ts'
import { providerMessagesFor } from '../modules/notifications/messages.server.ts'
import { prisma } from '../utils/db.server.ts'
import { forbidden, requireUser } from '../utils/permissions.server.ts'

/** A provider's user's own messages about authorisation (applications, decisions, the clinic's status), newest first. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  // A provider's user: an applicant or a clinic's staff (the roles themselves, whatever canApply's clinic scoping says).
  if (!canApply(user) && !hasRole(user, 'applicant') && !isClinicStaff(user)) forbidden()
  const { messages, waiting } = await providerMessagesFor(prisma, user.id)
  return {
    waiting,
    messages: messages.map((m) => ({ id: m.id, subject: m.subject, body: m.body, toAddress: m.toAddress, sentAt: formatDateTime(m.sentAt) })),
  }
}

export default function ProviderMessages({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const n = t.notifications
  const m = n.providerMine
  const { messages, waiting } = loaderData
  return (
    <div className="page provider-messages">
      <title>{`${m.title} – ${t.meta.siteName}`}</title>
      <h1>{m.title}</h1>
      <p className="lead">{m.lead}</p>
      {waiting > 0 ? (
        <p className="notice" role="status">
          {n.mine.waiting(waiting)}
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
              {n.mine.sent(msg.sentAt)}
              {msg.toAddress ? <> · {n.mine.emailed(msg.toAddress)}</> : null}
            </>
          }
        />
      ))}
      <p>
        <Link to="/ansokan">{m.back}</Link>
      </p>
    </div>
  )
}

import { Link } from 'react-router'
import type { Route } from './+types/provider-messages'
import { MessageList, listedMessage } from '../components/notifications/message-card.tsx'
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
  return { waiting, messages: messages.map(listedMessage) }
}

export default function ProviderMessages({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const m = t.notifications.providerMine
  const { messages, waiting } = loaderData
  return (
    <div className="page provider-messages">
      <title>{`${m.title} – ${t.meta.siteName}`}</title>
      <h1>{m.title}</h1>
      <p className="lead">{m.lead}</p>
      <MessageList messages={messages} waiting={waiting} empty={m.empty} />
      <p>
        <Link to="/ansokan">{m.back}</Link>
      </p>
    </div>
  )
}

/** One delivered message as a resident or the outbox shows it: heading, when, and the plain-text body as written. */
import type { ReactNode } from 'react'
import { formatDateTime } from '../ui/format.ts'
import { useT } from '../../i18n/i18n.tsx'

export function MessageCard({ id, subject, meta, body, headingLevel = 2 }: { id: string; subject: string; meta: ReactNode; body: string; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <article className="message" aria-labelledby={`meddelande-${id}`} data-testid="message">
      <Heading id={`meddelande-${id}`} className="message__subject" lang="sv">
        {subject}
      </Heading>
      <div className="message__meta muted">{meta}</div>
      {/* The body is plain text: kept as written, line by line. */}
      <div className="message__body" lang="sv">
        {body}
      </div>
    </article>
  )
}

export interface ListedMessage {
  id: string
  subject: string
  body: string
  toAddress: string | null
  sentAt: string
}

/** A delivered message as a user's own list shows it (the loader's data): when it was sent, in Swedish time. */
export function listedMessage(m: { id: string; subject: string; body: string; toAddress: string | null; sentAt: Date }): ListedMessage {
  return { id: m.id, subject: m.subject, body: m.body, toAddress: m.toAddress, sentAt: formatDateTime(m.sentAt) }
}

/** A user's own messages, newest first: how many still wait to be sent, `empty` when there are none, then each message. */
export function MessageList({ messages, waiting, empty }: { messages: ListedMessage[]; waiting: number; empty: string }) {
  const m = useT().notifications.mine
  return (
    <>
      {waiting > 0 ? (
        <p className="notice" role="status">
          {m.waiting(waiting)}
        </p>
      ) : null}
      {messages.length === 0 ? <p>{empty}</p> : null}
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
    </>
  )
}

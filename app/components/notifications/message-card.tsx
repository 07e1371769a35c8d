/** One delivered message as a resident or the outbox shows it: heading, when, and the plain-text body as written. */
import type { ReactNode } from 'react'

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

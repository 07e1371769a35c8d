import type { ReactNode } from 'react'

/** A status in words, in a pill: the word is the status, the colour only repeats it (WCAG 1.4.1). */
export function StatusBadge({ tone, children }: { tone: 'success' | 'waiting'; children: ReactNode }) {
  return <span className={`status-badge status-badge--${tone}`}>{children}</span>
}

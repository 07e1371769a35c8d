import { useT } from '../../i18n/i18n.tsx'
import { StatusBadge } from '../ui/status-badge.tsx'

/** An application's status as a badge: approved in green, the rest as waiting (the word carries it). */
export function ApplicationStatus({ status }: { status: string }) {
  const m = useT().application
  return (
    <span data-field="status" data-status={status}>
      <StatusBadge tone={status === 'approved' ? 'success' : 'waiting'}>{m.status[status] ?? status}</StatusBadge>
    </span>
  )
}

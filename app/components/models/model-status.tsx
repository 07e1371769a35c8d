import { useT } from '../../i18n/i18n.tsx'
import { StatusBadge } from '../ui/status-badge.tsx'

/** "Antagen" or "Utkast". */
export function ModelStatus({ status }: { status: 'draft' | 'adopted' }) {
  const t = useT()
  return <StatusBadge tone={status === 'adopted' ? 'success' : 'waiting'}>{t.models.status[status]}</StatusBadge>
}

import { useT } from '../../i18n/i18n.tsx'

/** "Antagen" or "Utkast", in words; the colour only repeats them. */
export function StatusBadge({ status }: { status: 'draft' | 'adopted' }) {
  const t = useT()
  return <span className={`status-badge status-badge--${status}`}>{t.models.status[status]}</span>
}

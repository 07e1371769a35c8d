import { ConfirmActions } from '../ui/confirm-actions.tsx'
import { useT } from '../../i18n/i18n.tsx'

export type Confirm = 'anta' | 'ta-bort'

/**
 * Adopt or delete a draft, in two steps that need no JavaScript: the first button is a GET that
 * shows the confirmation (?bekrafta=…), whose POST does it.
 */
export function DraftActions({
  id,
  version,
  validFrom,
  confirm,
}: {
  id: number
  version: string
  validFrom: string
  confirm: Confirm | null
}) {
  const d = useT().models.detail
  return (
    <ConfirmActions
      className="draft-actions"
      heading={d.draftHeading}
      text={d.draftText}
      cancelTo={`/region/modeller/${id}`}
      cancelLabel={d.cancel}
      confirm={confirm}
      actions={[
        { confirm: 'anta', label: d.adopt, intent: 'anta', confirmHeading: d.confirmAdoptHeading(version), confirmText: d.confirmAdoptText(validFrom), confirmLabel: d.confirmAdopt, danger: false },
        { confirm: 'ta-bort', label: d.delete, intent: 'ta-bort', confirmHeading: d.confirmDeleteHeading(version), confirmText: d.confirmDeleteText, confirmLabel: d.confirmDelete, danger: true },
      ]}
    />
  )
}

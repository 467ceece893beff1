import { Tag } from 'antd'
import { useT } from '../../../shared/i18n.js'
import type { FlagStatus, Reconciliation } from '../api.js'

const DAY_COLOURS: Readonly<Record<string, string>> = { planned: 'blue', open: 'green', closed: 'default', not_planned: 'default' }
const FLAG_COLOURS: Readonly<Record<FlagStatus, string>> = { open: 'red', under_review: 'orange', confirmed: 'volcano', dismissed: 'default' }
const RECONCILIATION_COLOURS: Readonly<Record<Reconciliation, string>> = { ok: 'green', arrears: 'orange', paid_not_remitted: 'red' }

export function DayStatusTag({ status }: { status: string }) {
  const d = useT().transactionDay
  return <Tag color={DAY_COLOURS[status] ?? 'default'}>{d.statuses[status] ?? status}</Tag>
}

export function FlagStatusTag({ status }: { status: FlagStatus }) {
  const d = useT().transactionDay
  return <Tag color={FLAG_COLOURS[status]}>{d.flagStatuses[status] ?? status}</Tag>
}

export function ReconciliationTag({ status }: { status: Reconciliation }) {
  const d = useT().transactionDay
  return <Tag color={RECONCILIATION_COLOURS[status]}>{d.reconciliations[status] ?? status}</Tag>
}

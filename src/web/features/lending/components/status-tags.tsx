import { Tag } from 'antd'
import type { ReactNode } from 'react'
import { useT } from '../../../shared/i18n.js'
import type { ApplicationStatus, LoanStatus } from '../api.js'

const APPLICATION_COLOURS: Readonly<Record<ApplicationStatus, string>> = {
  submitted: 'blue', group_reviewed: 'cyan', commune_confirmed: 'geekblue', pending_approval: 'gold', approved: 'green', rejected: 'red', cancelled: 'default',
}

const LOAN_COLOURS: Readonly<Record<LoanStatus, string>> = { approved: 'gold', active: 'green', frozen: 'purple', closed: 'default' }

export function ApplicationStatusTag({ status }: { status: ApplicationStatus }) {
  const t = useT()
  return <Tag color={APPLICATION_COLOURS[status]}>{t.lending.applications.statuses[status] ?? status}</Tag>
}

export function LoanStatusTag({ status }: { status: LoanStatus }) {
  const t = useT()
  return <Tag color={LOAN_COLOURS[status]}>{t.lending.loans.statuses[status] ?? status}</Tag>
}

/** A table cell value that must not wrap (amounts, dates): '30.000.000 ₫' stays on one line. */
export function Nowrap({ children }: { children: ReactNode }) {
  return <span style={{ whiteSpace: 'nowrap' }}>{children}</span>
}

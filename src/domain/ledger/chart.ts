/**
 * The chart of accounts: account kinds, their accounting type and the dimensions that split them.
 * An account is one kind with one value for each of its dimensions (e.g. principal receivable of
 * the poor-household program, central capital, overdue). Accounts are created on first use.
 *
 * Signs: a posting's amount is positive for a debit and negative for a credit. Assets and expenses
 * grow with debits (positive balances); liabilities, equity and income grow with credits
 * (negative balances). Every journal entry sums to zero.
 */
export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'income', 'expense'] as const
export type AccountType = (typeof ACCOUNT_TYPES)[number]

export const DIMENSIONS = ['program', 'capitalSource', 'status', 'unit', 'group'] as const
export type Dimension = (typeof DIMENSIONS)[number]

/** Principal status of a loan's outstanding (dư nợ trong hạn / quá hạn / khoanh). */
export const PRINCIPAL_STATUSES = ['in_term', 'overdue', 'frozen'] as const
export type PrincipalStatus = (typeof PRINCIPAL_STATUSES)[number]

/** Interest receivable is kept apart for normal and overdue interest. */
export const INTEREST_STATUSES = ['normal', 'overdue'] as const

interface AccountKindRule {
  readonly type: AccountType
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly dimensions: readonly Dimension[]
  /** Allowed values of the status dimension, when it has one. */
  readonly statuses?: readonly string[]
}

export const ACCOUNT_KINDS = {
  /** Tiền mặt tại điểm giao dịch / phòng giao dịch. */
  cash: { type: 'asset', code: '1011', nameVi: 'Tiền mặt', nameEn: 'Cash', dimensions: ['unit'] },
  /** Dư nợ cho vay (gốc) by status. */
  loan_principal: {
    type: 'asset', code: '2111', nameVi: 'Dư nợ gốc cho vay', nameEn: 'Loan principal receivable',
    dimensions: ['program', 'capitalSource', 'status'], statuses: PRINCIPAL_STATUSES,
  },
  /** Lãi phải thu. */
  interest_receivable: {
    type: 'asset', code: '3941', nameVi: 'Lãi phải thu', nameEn: 'Interest receivable',
    dimensions: ['program', 'capitalSource', 'status'], statuses: INTEREST_STATUSES,
  },
  /** Thu lãi cho vay. */
  interest_income: { type: 'income', code: '7020', nameVi: 'Thu lãi cho vay', nameEn: 'Interest income', dimensions: ['program', 'capitalSource'] },
  /** Lãi được xóa (chi phí, bù đắp theo quyết định). */
  interest_written_off: { type: 'expense', code: '8920', nameVi: 'Lãi được xóa', nameEn: 'Interest written off', dimensions: ['program', 'capitalSource'] },
  /** Nguồn vốn cho vay: capital provided by each source (central or a local budget). */
  lending_fund: { type: 'equity', code: '4211', nameVi: 'Nguồn vốn cho vay', nameEn: 'Lending fund (capital)', dimensions: ['capitalSource'] },
  /** Quỹ dự phòng rủi ro: absorbs written-off principal. */
  risk_reserve: { type: 'equity', code: '6110', nameVi: 'Quỹ dự phòng rủi ro', nameEn: 'Risk reserve', dimensions: ['capitalSource'] },
  /** Tiền gửi tiết kiệm tổ: members' savings held for them. */
  group_savings: { type: 'liability', code: '4231', nameVi: 'Tiền gửi của thành viên tổ TK&VV', nameEn: 'Group members\u2019 savings', dimensions: ['group'] },
  /** Chi trả lãi tiền gửi tiết kiệm tổ, when the savings rules pay any. */
  savings_interest_expense: { type: 'expense', code: '8010', nameVi: 'Chi trả lãi tiền gửi tiết kiệm tổ', nameEn: 'Interest paid on group savings', dimensions: ['unit'] },
  /** Phí ủy thác, hoa hồng phải trả. */
  fees_payable: { type: 'liability', code: '4599', nameVi: 'Phí ủy thác, hoa hồng phải trả', nameEn: 'Entrustment fees and commissions payable', dimensions: ['unit'] },
  /** Chi phí ủy thác, hoa hồng. */
  fees_expense: { type: 'expense', code: '8310', nameVi: 'Chi phí ủy thác, hoa hồng', nameEn: 'Entrustment fee and commission expense', dimensions: ['unit'] },
} as const satisfies Record<string, AccountKindRule>

export type AccountKind = keyof typeof ACCOUNT_KINDS

export function isAccountKind(value: string): value is AccountKind {
  return Object.hasOwn(ACCOUNT_KINDS, value)
}

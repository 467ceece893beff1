import type { LocalDate } from '../shared/index.js'
import { DEFAULT_ALLOCATION, type LoanContext, type LoanState, type LoanTerms } from './loan.js'
import { buildSchedule } from './schedule.js'

/** Terms of the poor-household program as the tests use them: 6.6%/year, monthly ÷ 30, 130% overdue. */
export const POOR_TERMS: LoanTerms = {
  programCode: 'POOR', capitalSource: 'CENTRAL', dayCount: 'monthly_30', overdueFactorMicros: 1_300_000n,
  allocationOrder: DEFAULT_ALLOCATION, termMonths: 12, extensionMonthsMaxShortTerm: 12, extensionShareMaxMicros: 500_000n,
}

export const POOR_CONTEXT: LoanContext = { terms: POOR_TERMS, rates: [{ from: '2000-01-01' as LocalDate, yearlyMicros: 66_000n }] }

/** An approved, undisbursed loan with an equal-principal schedule. */
export function approvedLoan(opts: { id?: bigint; amountDong: bigint; start: LocalDate; termMonths: number; intervalMonths: number; graceMonths?: number; monthlyDay?: number }): LoanState {
  return {
    id: opts.id ?? 1n, status: 'approved', approvedDong: opts.amountDong, disbursedDong: 0n,
    principalInTermDong: 0n, principalOverdueDong: 0n, principalFrozenDong: 0n, interestDong: 0n, overdueInterestDong: 0n,
    interestCarry: 0n, overdueInterestCarry: 0n, accruedUntil: null, lastEventDate: null, freeze: null, recalledOn: null,
    writtenOffPrincipalDong: 0n, writtenOffInterestDong: 0n,
    instalments: buildSchedule({
      amountDong: opts.amountDong, firstDisbursementDate: opts.start, termMonths: opts.termMonths, graceMonths: opts.graceMonths ?? 0,
      intervalMonths: opts.intervalMonths, monthlyDay: opts.monthlyDay ?? 15, holidays: new Set(),
    }),
  }
}

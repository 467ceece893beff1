import type { ComputedTotals } from './takeover-rows.js'

/** The owner's stated totals of the portfolio handed over (báo cáo của chủ nguồn vốn). */
export interface StatedTotals {
  /** Tổng nguồn vốn: the capital the fund holds. */
  readonly capitalDong: bigint
  /** Dư nợ: outstanding principal, in term + overdue. */
  readonly outstandingDong: bigint
  /** Tồn quỹ: the fund balance not lent. */
  readonly fundBalanceDong: bigint
  /** Nợ quá hạn. */
  readonly overdueDong: bigint
}

export type TotalsCheckName = 'capital_equals_outstanding_plus_fund_balance' | 'outstanding_equals_rows' | 'overdue_equals_rows'

/** One line of the reconciliation: what the owner says, what the file (or the owner's parts) add up to, and the gap. */
export interface TotalsCheck {
  readonly check: TotalsCheckName
  readonly statedDong: bigint
  readonly computedDong: bigint
  /** stated − computed, to the đồng. */
  readonly differenceDong: bigint
}

export interface Reconciliation {
  readonly ok: boolean
  readonly checks: readonly TotalsCheck[]
}

/**
 * Reconciles the owner's stated totals with the file: capital = outstanding + fund balance (the
 * owner's own figures agree), outstanding = Σ rows' in-term + overdue, overdue = Σ rows' overdue.
 * Every check is listed with its difference; `ok` only when all are zero.
 *
 * @example reconcile({ capitalDong: 7_200n, outstandingDong: 4_900n, fundBalanceDong: 2_300n, overdueDong: 870n }, totals) → ok when the rows sum to 4.900 and 870
 */
export function reconcile(stated: StatedTotals, computed: ComputedTotals): Reconciliation {
  const line = (check: TotalsCheckName, statedDong: bigint, computedDong: bigint): TotalsCheck => ({ check, statedDong, computedDong, differenceDong: statedDong - computedDong })
  const checks = [
    line('capital_equals_outstanding_plus_fund_balance', stated.capitalDong, stated.outstandingDong + stated.fundBalanceDong),
    line('outstanding_equals_rows', stated.outstandingDong, computed.outstandingDong),
    line('overdue_equals_rows', stated.overdueDong, computed.overdueDong),
  ]
  return { ok: checks.every((c) => c.differenceDong === 0n), checks }
}

import { assert } from '../shared/index.js'
import type { FeeQualityFactor, FeeTerms } from './entrustment.js'

// Phí ủy thác và hoa hồng: the monthly amounts an entrustment contract pays, computed from the
// fee terms in force on the period's last day and figures the month-end close measures. The
// definitions (docs/decisions.md, "Entrustment fees and group commissions"):
//
// - Outstanding principal (dư nợ) = in term + overdue + frozen, from the close's loan snapshots.
//   The month's average outstanding = floor((opening + closing) / 2), where opening is the
//   previous period's closing (the whole opening equals the closing when the previous period has
//   no snapshot at all, i.e. on the first close).
// - Interest collected (lãi thực thu) = what repayments dated in the month took off interest
//   receivable, net of reversals. A month whose reversals exceed its collections counts as 0.
// - Overdue ratio (tỷ lệ nợ quá hạn) = floor(overdue × 10⁶ / outstanding) at closing, 0 when
//   nothing is outstanding. Interest collection rate (tỷ lệ thu lãi) = floor(collected × 10⁶ /
//   (collected + interest receivable at closing)), 10⁶ when both are 0.
// - A quality reduction is triggered when the overdue ratio is above its threshold or the
//   collection rate below its threshold. When several trigger, the smallest pay share applies;
//   they do not compound. Net = floor(gross × payShare / 10⁶).
// - Every product with a rate is floored to whole đồng on its own (the remainder is not paid and
//   not carried: fees are not interest, and each month's amount stands alone).

const MICROS = 1_000_000n

/** What the close measured for one payee's loans in one month (whole đồng). */
export interface FeeFigures {
  readonly loans: number
  /** Outstanding at the end of the previous month, or null when that month has no snapshot. */
  readonly openingOutstandingDong: bigint | null
  readonly closingOutstandingDong: bigint
  readonly overduePrincipalDong: bigint
  /** Net of reversals: may be negative in a month that reversed more than it collected. */
  readonly interestCollectedDong: bigint
  /** Normal + overdue interest receivable at closing. */
  readonly interestReceivableDong: bigint
}

export type FeeComponentKind = 'fee_on_outstanding' | 'fee_on_interest_collected' | 'commission_on_interest_collected'

/** One line of a statement: base × rate, floored. */
export interface FeeComponent {
  readonly kind: FeeComponentKind
  readonly baseDong: bigint
  readonly rateMicros: bigint
  readonly amountDong: bigint
}

export interface FeeReductionCheck {
  readonly factor: FeeQualityFactor
  readonly valueMicros: bigint
  readonly thresholdMicros: bigint
  readonly payShareMicros: bigint
  readonly triggered: boolean
}

/** How one amount was computed: what a statement shows and what `fee_accruals.basis` stores. */
export interface FeeComputation {
  readonly payeeKind: 'organisation_unit' | 'group'
  readonly figures: FeeFigures
  readonly averageOutstandingDong: bigint
  readonly components: readonly FeeComponent[]
  readonly factors: { readonly overdueRatioMicros: bigint; readonly interestCollectionRateMicros: bigint }
  readonly reductions: readonly FeeReductionCheck[]
  /** The pay share applied: 10⁶ when no reduction triggered, else the smallest triggered one. */
  readonly payShareMicros: bigint
  readonly grossDong: bigint
  readonly netDong: bigint
}

/**
 * The month's average outstanding: the mean of opening and closing, floored.
 *
 * @example averageOutstandingDong(72_000_000n, 90_000_000n) → 81_000_000n
 */
export function averageOutstandingDong(openingDong: bigint | null, closingDong: bigint): bigint {
  assert(closingDong >= 0n && (openingDong === null || openingDong >= 0n), 'outstanding is never negative')
  return ((openingDong ?? closingDong) + closingDong) / 2n
}

/** @example overdueRatioMicros(18_000_000n, 72_000_000n) → 250_000n (25 %) */
export function overdueRatioMicros(overdueDong: bigint, outstandingDong: bigint): bigint {
  assert(overdueDong >= 0n && overdueDong <= outstandingDong, 'overdue principal is part of the outstanding')
  return outstandingDong === 0n ? 0n : (overdueDong * MICROS) / outstandingDong
}

/** @example interestCollectionRateMicros(264_000n, 85_800n) → 754_716n (75,47 %) */
export function interestCollectionRateMicros(collectedDong: bigint, receivableDong: bigint): bigint {
  assert(receivableDong >= 0n, 'interest receivable is never negative')
  const collected = collectedDong > 0n ? collectedDong : 0n
  const denominator = collected + receivableDong
  return denominator === 0n ? MICROS : (collected * MICROS) / denominator
}

/**
 * Which reductions trigger and the pay share that results: the smallest triggered share (they do
 * not compound), or the whole amount when none triggers.
 *
 * @example qualityPayShare([{ factor: 'overdue_ratio', thresholdMicros: 20_000n, payShareMicros: 500_000n }], { overdueRatioMicros: 250_000n, interestCollectionRateMicros: 1_000_000n }).payShareMicros → 500_000n
 */
export function qualityPayShare(
  reductions: FeeTerms['qualityReductions'],
  factors: FeeComputation['factors'],
): { readonly reductions: FeeReductionCheck[]; readonly payShareMicros: bigint } {
  let payShareMicros = MICROS
  const checks = reductions.map((r) => {
    const valueMicros = r.factor === 'overdue_ratio' ? factors.overdueRatioMicros : factors.interestCollectionRateMicros
    const triggered = r.factor === 'overdue_ratio' ? valueMicros > r.thresholdMicros : valueMicros < r.thresholdMicros
    if (triggered && r.payShareMicros < payShareMicros) payShareMicros = r.payShareMicros
    return { factor: r.factor, valueMicros, thresholdMicros: r.thresholdMicros, payShareMicros: r.payShareMicros, triggered }
  })
  return { reductions: checks, payShareMicros }
}

const component = (kind: FeeComponentKind, baseDong: bigint, rateMicros: bigint | null): FeeComponent[] =>
  rateMicros === null ? [] : [{ kind, baseDong, rateMicros, amountDong: (baseDong * rateMicros) / MICROS }]

function compute(payeeKind: FeeComputation['payeeKind'], terms: FeeTerms, figures: FeeFigures): FeeComputation {
  assert(figures.loans >= 0 && figures.closingOutstandingDong >= 0n && figures.overduePrincipalDong >= 0n, 'figures are counts and balances')
  const averageOutstanding = averageOutstandingDong(figures.openingOutstandingDong, figures.closingOutstandingDong)
  const collected = figures.interestCollectedDong > 0n ? figures.interestCollectedDong : 0n
  const components =
    payeeKind === 'organisation_unit'
      ? [...component('fee_on_outstanding', averageOutstanding, terms.feeOnOutstandingMonthlyMicros), ...component('fee_on_interest_collected', collected, terms.feeOnInterestCollectedMicros)]
      : component('commission_on_interest_collected', collected, terms.commissionOnInterestCollectedMicros)
  const factors = {
    overdueRatioMicros: overdueRatioMicros(figures.overduePrincipalDong, figures.closingOutstandingDong),
    interestCollectionRateMicros: interestCollectionRateMicros(figures.interestCollectedDong, figures.interestReceivableDong),
  }
  const { reductions, payShareMicros } = qualityPayShare(terms.qualityReductions, factors)
  const grossDong = components.reduce((sum, c) => sum + c.amountDong, 0n)
  return { payeeKind, figures, averageOutstandingDong: averageOutstanding, components, factors, reductions, payShareMicros, grossDong, netDong: (grossDong * payShareMicros) / MICROS }
}

/**
 * The organisation unit's entrustment fee for a month: a fee on the average outstanding plus a fee
 * on interest collected, over every loan the contract covers, reduced by quality. A net of 0
 * means nothing is accrued.
 *
 * @example organisationFee({ feeOnOutstandingMonthlyMicros: 450n, feeOnInterestCollectedMicros: 20_000n, … }, { opening 72.000.000, closing 90.000.000, collected 1.264.000, … })
 *   → gross 36.450 + 25.280 = 61.730
 */
export function organisationFee(terms: FeeTerms, figures: FeeFigures): FeeComputation {
  return compute('organisation_unit', terms, figures)
}

/**
 * A savings group board's commission for a month on the interest collected through the group,
 * reduced by the quality of the group's own loans.
 *
 * @example groupCommission({ commissionOnInterestCollectedMicros: 80_000n, … }, { collected 264.000, … }) → gross 21.120
 */
export function groupCommission(terms: FeeTerms, figures: FeeFigures): FeeComputation {
  return compute('group', terms, figures)
}

/** The computation as JSON (bigints as integer strings), as stored in `fee_accruals.basis`. */
export function feeBasisJson(c: FeeComputation, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return JSON.parse(JSON.stringify({ ...extra, ...c }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>
}

import { compareDates, fail, ok, type LocalDate, type Result } from '../shared/index.js'
import type { UnitKind } from '../access/index.js'
import { periodBounds, type PlanPeriod } from './plan-period.js'

/** Levels a capital plan is allocated to: the bank hierarchy down to the commune (điểm giao dịch). */
export const PLAN_UNIT_KINDS: readonly UnitKind[] = ['central', 'province', 'transaction_office', 'commune']

/** One version of a plan line: its amount, in force from a date until the next version. */
export interface PlanVersion {
  readonly amountDong: bigint
  readonly validFrom: LocalDate
}

/** The amount a line allocates on a date: its latest version from that date or before, if any. */
export function amountInForce(versions: readonly PlanVersion[], date: LocalDate): bigint | null {
  let best: PlanVersion | null = null
  for (const v of versions) if (compareDates(v.validFrom, date) <= 0 && (best === null || compareDates(v.validFrom, best.validFrom) > 0)) best = v
  return best === null ? null : best.amountDong
}

/**
 * Checks the input of a new line or revision: a non-negative amount, in force from a date no later
 * than the period's last day (a plan can be decided before its period begins, never after it ends).
 */
export function checkPlanLine(input: { readonly period: PlanPeriod; readonly amountDong: bigint; readonly validFrom: LocalDate }): Result<null> {
  const { to } = periodBounds(input.period)
  if (input.amountDong < 0n) return fail('plan_line_invalid', { field: 'amountDong' })
  if (compareDates(input.validFrom, to) > 0) return fail('plan_line_invalid', { field: 'validFrom', periodEnd: to })
  return ok(null)
}

/**
 * The children of a unit may not be allocated more than the unit itself, at any date: evaluated at
 * every date a version of the parent's line or of a child's line takes effect. A parent with no
 * line in force on a date does not constrain its children on that date.
 *
 * @example checkChildrenWithinParent([{ amountDong: 100n, validFrom: d }], [[{ amountDong: 60n, validFrom: d }], [{ amountDong: 50n, validFrom: d }]])
 *   // fail('plan_children_exceed_parent', { date: d, parentDong: '100', childrenDong: '110' })
 */
export function checkChildrenWithinParent(parent: readonly PlanVersion[], children: readonly (readonly PlanVersion[])[]): Result<null> {
  const dates = new Set<LocalDate>(parent.map((v) => v.validFrom))
  for (const child of children) for (const v of child) dates.add(v.validFrom)
  for (const date of [...dates].sort()) {
    const parentDong = amountInForce(parent, date)
    if (parentDong === null) continue
    let childrenDong = 0n
    for (const child of children) childrenDong += amountInForce(child, date) ?? 0n
    if (childrenDong > parentDong) return fail('plan_children_exceed_parent', { date, parentDong: parentDong.toString(), childrenDong: childrenDong.toString(), excessDong: (childrenDong - parentDong).toString() })
  }
  return ok(null)
}

import type { Executor } from '../../src/app/context.js'
import { planTransactionDay } from '../../src/app/transaction-day/days.js'
import { lendingFixture, type LendingFixture } from './lending.js'

export interface DayFixture extends LendingFixture {
  /** The point's groups in founding order (the fixture's first group included). */
  readonly groupIds: readonly bigint[]
  /** Per group, its members' households and their one loan each, in joining order. */
  readonly members: ReadonlyMap<bigint, readonly { readonly householdId: bigint; readonly loanId: bigint }[]>
  /** The point's day of February 2026 (planned: held on Sunday 15/02/2026). */
  readonly dayId: bigint
}

/**
 * A commune transaction point with `groups` savings groups of `membersPerGroup` members each,
 * every member holding one poor-household loan through its group — 10.000.000 ₫ disbursed on
 * 15/01/2026, 12 months, principal every 6 months — and the point's February day planned.
 * Everything goes through the real use-cases (application, review, approval, disbursement).
 */
export async function dayFixture(db: Executor, groups = 2, membersPerGroup = 3): Promise<DayFixture> {
  const base = await lendingFixture(db)
  const groupIds = [base.groupId]
  for (let g = 2; g <= groups; g++) groupIds.push(await base.groups.newGroup(`Tổ TK&VV số ${g}`))
  const members = new Map<bigint, { householdId: bigint; loanId: bigint }[]>()
  for (const groupId of groupIds) {
    const list: { householdId: bigint; loanId: bigint }[] = []
    for (let m = 0; m < membersPerGroup; m++) {
      const loanId = await base.openLoan('poor', 'POOR', 10_000_000n, '2026-01-15', 12, 6, { groupId })
      const loan = await db.selectFrom('loans').select('household_id').where('id', '=', loanId).executeTakeFirstOrThrow()
      list.push({ householdId: loan.household_id, loanId })
    }
    members.set(groupId, list)
  }
  const day = await planTransactionDay(db, base.ctx.teller(), { pointId: base.groups.pointId, period: '2026-02' })
  return { ...base, groupIds, members, dayId: day.id }
}

import { sql } from 'kysely'
import type { LedgerCheck } from '../ledger.js'

/**
 * The group-savings sub-ledger check of `tdcs ledger verify`: each group's members' savings
 * movements sum to the (credit) balance of the group's `group_savings` account, and no member's
 * savings are below zero.
 */
export const savingsLedgerCheck: LedgerCheck = async (db) => {
  const { rows } = await sql<{ subject: string; expected: bigint; actual: bigint }>`
    with members as (
      select group_id, sum(amount_dong)::bigint as total from savings_movements group by group_id
    ),
    accounts as (select group_id, -balance_dong as total from ledger_accounts where kind = 'group_savings')
    select 'savings of group ' || coalesce(m.group_id, a.group_id) as subject, coalesce(a.total, 0)::bigint as expected, coalesce(m.total, 0)::bigint as actual
    from members m full join accounts a on a.group_id = m.group_id
    where coalesce(m.total, 0) <> coalesce(a.total, 0)
    union all
    select 'savings of household ' || household_id || ' in group ' || group_id, 0, sum(amount_dong)::bigint
    from savings_movements group by group_id, household_id having sum(amount_dong) < 0
    limit 100`.execute(db)
  return rows.map((r) => ({ check: 'account_balance' as const, subject: r.subject, expectedDong: r.expected.toString(), actualDong: r.actual.toString() }))
}

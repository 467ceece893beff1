import { sql } from 'kysely'
import { accrue, effectiveDueDate, unpaidOf } from '../../domain/loans/index.js'
import { compareDates } from '../../domain/shared/index.js'
import { readLoans, stateOf } from '../../db/repositories/loans.js'
import type { Executor, RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { loanContext } from '../loans/loan-events.js'
import { rulesFor } from '../groups/rules.js'
import { findDay, toTransactionDay, type TransactionDay } from './days.js'

/** One loan of a member on the day sheet: what falls due on the day. */
export interface SheetLoan {
  readonly loanId: bigint
  readonly programCode: string
  /** The capital source the loan draws on: a disbursement's plan room is per program and source. */
  readonly capitalSourceCode: string
  readonly status: 'approved' | 'active' | 'frozen' | 'closed'
  readonly version: number
  readonly outstandingDong: bigint
  /** Normal interest accrued to the day (the day itself excluded), unpaid. */
  readonly interestDueDong: bigint
  readonly overdueInterestDueDong: bigint
  /** Principal of instalments due on or before the day, unpaid (overdue ones included). */
  readonly principalDueDong: bigint
  readonly principalOverdueDong: bigint
  /** Approved but not yet handed over: a disbursement the point may make on the day. */
  readonly undisbursedDong: bigint
}

export interface SheetMember {
  readonly householdId: bigint
  readonly householdCode: string
  readonly headPersonId: bigint | null
  readonly headName: string | null
  readonly phone: string | null
  readonly villageName: string | null
  readonly savingsBalanceDong: bigint
  /** The member's last deposit, else the minimum deposit of the rules. */
  readonly expectedSavingsDong: bigint
  readonly loans: readonly SheetLoan[]
}

export interface SheetTotals {
  readonly members: number
  readonly loans: number
  readonly interestDueDong: bigint
  readonly principalDueDong: bigint
  readonly principalOverdueDong: bigint
  readonly expectedSavingsDong: bigint
  readonly undisbursedDong: bigint
  readonly savingsBalanceDong: bigint
}

export interface SheetGroup {
  readonly groupId: bigint
  readonly code: string
  readonly name: string
  readonly leaderName: string | null
  readonly organisation: string
  /** The capture already posted for this group on the day, if any. */
  readonly capturedBatchId: bigint | null
  readonly members: readonly SheetMember[]
  readonly totals: SheetTotals
}

/** The day sheet of a point (bảng kê ngày giao dịch): per group, per member, what falls due. */
export interface DaySheet {
  readonly day: TransactionDay
  readonly minDepositDong: bigint
  readonly groups: readonly SheetGroup[]
  readonly totals: SheetTotals
  /** Commissions of the point's group boards and fees of their organisation units, accrued and unpaid. */
  readonly feesToPay: readonly FeeToPay[]
}

export interface FeeToPay {
  readonly accrualId: bigint
  readonly period: string
  readonly payeeKind: 'organisation_unit' | 'group'
  readonly payeeId: bigint
  readonly payeeName: string
  readonly netDong: bigint
}

interface MemberRow {
  group_id: bigint
  group_code: string
  group_name: string
  organisation: string
  leader_name: string | null
  captured_batch_id: bigint | null
  household_id: bigint
  household_code: string
  head_person_id: bigint | null
  head_name: string | null
  phone: string | null
  village_name: string | null
  savings_balance: bigint
  last_deposit: bigint | null
  loan_ids: string[]
}

/**
 * The groups meeting at a day's point with their members on the day and, for each member, the
 * loans applied for through the group: read in two statements, the interest projected to the day
 * by the loan engine itself (so the sheet shows what a repayment on the day will find).
 */
export async function daySheet(db: Executor, ctx: RequestContext, dayId: bigint): Promise<DaySheet> {
  requirePermission(ctx, 'loans.read')
  const dayRow = await findDay(db, ctx.actor.scopePath, dayId)
  const day = toTransactionDay(dayRow)
  const rules = await rulesFor(db, day.heldOn, day.provinceCode)
  const minDepositDong = rules.rules.savings?.minDepositDong ?? 0n
  const { rows } = await sql<MemberRow>`
    select g.id as group_id, g.code as group_code, g.name as group_name, o.organisation,
      (select p.full_name from group_officers f join persons p on p.id = f.person_id
        where f.group_id = g.id and f.role = 'leader' and f.from_date <= ${day.heldOn}::date and (f.to_date is null or f.to_date >= ${day.heldOn}::date)
        order by f.from_date desc limit 1) as leader_name,
      (select b.id from day_batches b where b.transaction_day_id = ${dayId.toString()}::bigint and b.group_id = g.id and b.kind = 'capture' and b.status = 'posted') as captured_batch_id,
      m.household_id, h.code as household_code, h.head_person_id, hp.full_name as head_name, hp.phone, v.name as village_name,
      (select coalesce(sum(s.amount_dong), 0) from savings_movements s where s.group_id = g.id and s.household_id = m.household_id)::bigint as savings_balance,
      (select s.amount_dong from savings_movements s where s.group_id = g.id and s.household_id = m.household_id and s.kind = 'deposit' order by s.id desc limit 1) as last_deposit,
      array(select l.id::text from loan_applications a join loans l on l.application_id = a.id
            where a.household_id = m.household_id and a.group_id = g.id and l.status <> 'closed' order by l.id) as loan_ids
    from savings_groups g
    join organisation_units o on o.id = g.organisation_unit_id
    join group_memberships m on m.group_id = g.id and m.joined_on <= ${day.heldOn}::date and (m.left_on is null or m.left_on > ${day.heldOn}::date)
    join households h on h.id = m.household_id
    left join persons hp on hp.id = h.head_person_id
    left join units v on v.id = h.village_unit_id
    where g.transaction_point_id = ${day.transactionPointId} and g.status <> 'dissolved'
    order by g.code, h.code`.execute(db)
  const loans = new Map((await readLoans(db, rows.flatMap((r) => r.loan_ids.map(BigInt)), ctx.actor.scopePath)).map((l) => [l.row.id, l]))
  const sheetLoan = async (id: bigint): Promise<SheetLoan | null> => {
    const locked = loans.get(id)
    if (!locked) return null
    const state = stateOf(locked.row, locked.instalments)
    const projected = state.accruedUntil === null ? state : accrue(state, day.heldOn, await loanContext(db, locked.row, locked.catalogueVersion)).next
    const principalDueDong = state.instalments
      .filter((i) => i.status !== 'paid' && compareDates(effectiveDueDate(i), day.heldOn) <= 0)
      .reduce((s, i) => s + unpaidOf(i), 0n)
    return {
      loanId: id, programCode: locked.row.program_code, capitalSourceCode: locked.row.capital_source_code, status: locked.row.status, version: locked.row.version,
      outstandingDong: state.principalInTermDong + state.principalOverdueDong + state.principalFrozenDong,
      interestDueDong: projected.interestDong, overdueInterestDueDong: projected.overdueInterestDong,
      principalDueDong, principalOverdueDong: state.principalOverdueDong, undisbursedDong: state.approvedDong - state.disbursedDong,
    }
  }
  const groups = new Map<bigint, { head: MemberRow; members: SheetMember[] }>()
  for (const r of rows) {
    const entry = groups.get(r.group_id) ?? { head: r, members: [] }
    groups.set(r.group_id, entry)
    const memberLoans = (await Promise.all(r.loan_ids.map((id) => sheetLoan(BigInt(id))))).filter((l): l is SheetLoan => l !== null)
    entry.members.push({
      householdId: r.household_id, householdCode: r.household_code, headPersonId: r.head_person_id, headName: r.head_name, phone: r.phone, villageName: r.village_name,
      savingsBalanceDong: r.savings_balance, expectedSavingsDong: r.last_deposit ?? minDepositDong, loans: memberLoans,
    })
  }
  const sheetGroups: SheetGroup[] = [...groups.values()].map(({ head, members }) => ({
    groupId: head.group_id, code: head.group_code, name: head.group_name, leaderName: head.leader_name, organisation: head.organisation,
    capturedBatchId: head.captured_batch_id, members, totals: totalsOf(members),
  }))
  const { rows: fees } = await sql<{ id: bigint; period: string; payee_kind: FeeToPay['payeeKind']; payee_id: bigint; payee_name: string; net_dong: bigint }>`
    select f.id, f.period, f.payee_kind, f.payee_id, coalesce(g.name, o.name) as payee_name, f.net_dong
    from fee_accruals f
    left join savings_groups g on f.payee_kind = 'group' and g.id = f.payee_id
    left join organisation_units o on f.payee_kind = 'organisation_unit' and o.id = f.payee_id
    where f.status = 'accrued' and f.period <= ${day.period}
      and ((f.payee_kind = 'group' and g.transaction_point_id = ${day.transactionPointId})
        or (f.payee_kind = 'organisation_unit' and o.id in (select organisation_unit_id from savings_groups where transaction_point_id = ${day.transactionPointId})))
    order by f.period, f.payee_kind, f.payee_id`.execute(db)
  const feesToPay = fees.map((f) => ({ accrualId: f.id, period: f.period, payeeKind: f.payee_kind, payeeId: f.payee_id, payeeName: f.payee_name, netDong: f.net_dong }))
  return { day, minDepositDong, groups: sheetGroups, totals: totalsOf(sheetGroups.flatMap((g) => g.members)), feesToPay }
}

export function totalsOf(members: readonly SheetMember[]): SheetTotals {
  const loans = members.flatMap((m) => m.loans)
  const sum = (f: (l: SheetLoan) => bigint) => loans.reduce((s, l) => s + f(l), 0n)
  return {
    members: members.length,
    loans: loans.length,
    interestDueDong: sum((l) => l.interestDueDong + l.overdueInterestDueDong),
    principalDueDong: sum((l) => l.principalDueDong),
    principalOverdueDong: sum((l) => l.principalOverdueDong),
    expectedSavingsDong: members.reduce((s, m) => s + m.expectedSavingsDong, 0n),
    undisbursedDong: sum((l) => l.undisbursedDong),
    savingsBalanceDong: members.reduce((s, m) => s + m.savingsBalanceDong, 0n),
  }
}

import { sql } from 'kysely'
import type { JournalEntry } from '../../domain/ledger/index.js'
import { accrue, applyLoanEvent, type LoanEvent } from '../../domain/loans/index.js'
import { checkCapture, reconcileLine, reconciliationFlags, type CaptureInput, type CaptureLine, type LineAmounts, type LineReconciliation } from '../../domain/network/index.js'
import { orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { lockLoans, saveLoanStates, stateOf, type LoanStateChange } from '../../db/repositories/loans.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { postEntries } from '../ledger.js'
import { rulesFor } from '../groups/rules.js'
import { checkDisbursements, loanContext } from '../loans/loan-events.js'
import { closedUntil } from '../loans/period-closes.js'
import { findDay } from './days.js'
import { loanStateToJson } from './loan-state-json.js'

export interface CaptureRequest extends CaptureInput {
  readonly groupId: bigint
}

export interface BatchTotals extends LineAmounts {
  readonly lines: number
  readonly remittedDong: bigint
  readonly collectedDong: bigint | null
}

export interface BatchLineResult {
  readonly householdId: bigint
  readonly loanId: bigint | null
  readonly interestOwedDong: bigint
  readonly reconciliation: LineReconciliation
  readonly notRemittedDong: bigint
  readonly arrearsDong: bigint
}

export interface BatchResult {
  readonly batchId: bigint
  readonly transactionDayId: bigint
  readonly groupId: bigint
  readonly entryIds: readonly bigint[]
  readonly totals: BatchTotals
  readonly lines: readonly BatchLineResult[]
  readonly flags: readonly { readonly id: bigint; readonly rule: string; readonly amountDong: bigint }[]
}

interface MemberOnDay {
  readonly loanIds: ReadonlySet<string>
  readonly savingsDong: bigint
}

/** The group's members on the day, the loans each took through the group, and their savings with it. */
async function membersOnDay(trx: Executor, groupId: bigint, heldOn: LocalDate): Promise<Map<string, MemberOnDay>> {
  const { rows } = await sql<{ household_id: bigint; loan_ids: string[]; savings: bigint }>`
    select m.household_id,
      array(select l.id::text from loan_applications a join loans l on l.application_id = a.id where a.household_id = m.household_id and a.group_id = m.group_id) as loan_ids,
      (select coalesce(sum(s.amount_dong), 0) from savings_movements s where s.group_id = m.group_id and s.household_id = m.household_id)::bigint as savings
    from group_memberships m
    where m.group_id = ${groupId.toString()}::bigint and m.joined_on <= ${heldOn}::date and (m.left_on is null or m.left_on > ${heldOn}::date)`.execute(trx)
  return new Map(rows.map((r) => [r.household_id.toString(), { loanIds: new Set(r.loan_ids), savingsDong: r.savings }]))
}

/** Whether each (household, person) pair is a current member of that household. */
async function recipientsBelong(trx: Executor, pairs: readonly { householdId: bigint; personId: bigint }[]): Promise<boolean> {
  if (pairs.length === 0) return true
  const { rows } = await sql<{ n: bigint }>`
    select count(distinct (p.h, p.p)) as n
    from jsonb_to_recordset(${JSON.stringify(pairs.map((x) => ({ h: x.householdId.toString(), p: x.personId.toString() })))}::jsonb) as p(h bigint, p bigint)
    join household_members hm on hm.household_id = p.h and hm.person_id = p.p and hm.left_on is null`.execute(trx)
  return rows[0]?.n === BigInt(new Set(pairs.map((x) => `${x.householdId}:${x.personId}`)).size)
}

/**
 * Posts one group's batch on an open transaction day, atomically: the leader's remittance with its
 * per-member breakdown (interest, savings), principal repaid in person, savings withdrawn or used
 * for principal, disbursements handed to a member of the borrowing household. Every loan goes
 * through the loan engine (accrual to the day, the program's allocation order); the batch is read
 * and written in a fixed number of statements whatever its size, and audited once. Reconciliation
 * raises red flags against the leader. A refusal writes nothing.
 */
export async function captureGroup(db: Executor, ctx: RequestContext, dayId: bigint, input: CaptureRequest): Promise<BatchResult> {
  requirePermission(ctx, 'loans.transact', 'write')
  return inTransaction(db, async (trx) => {
    const day = await findDay(trx, ctx.actor.scopePath, dayId, true)
    if (day.status === 'closed') throw new RuleViolation('transaction_day_closed', { id: dayId })
    if (day.status !== 'open') throw new RuleViolation('transaction_day_not_open', { id: dayId })
    const heldOn = day.held_on as LocalDate
    const group = await trx.selectFrom('savings_groups').select(['id', 'code', 'status', 'province_code'])
      .where('id', '=', input.groupId).where('transaction_point_id', '=', day.transaction_point_id).executeTakeFirst()
    if (!group || group.status === 'dissolved') throw new RuleViolation('not_found', { entity: 'savings_group', id: input.groupId })
    const rules = await rulesFor(trx, heldOn, day.province_code)
    orThrow(checkCapture(input, rules.rules.savings?.minDepositDong ?? 0n))
    const already = await trx.selectFrom('day_batches').select('id').where('transaction_day_id', '=', dayId).where('group_id', '=', group.id)
      .where('kind', '=', 'capture').where('status', '=', 'posted').executeTakeFirst()
    if (already) throw new RuleViolation('day_batch_exists', { batchId: already.id, groupId: group.id })

    // Who may appear on the batch, and what each has saved.
    const members = await membersOnDay(trx, group.id, heldOn)
    const savingsAfter = new Map<string, bigint>()
    for (const [index, line] of input.lines.entries()) {
      const member = members.get(line.householdId.toString())
      if (!member) throw new RuleViolation('day_line_invalid', { line: index, reason: 'not_member', householdId: line.householdId })
      if (line.loanId !== null && !member.loanIds.has(line.loanId.toString())) throw new RuleViolation('day_line_invalid', { line: index, reason: 'loan_not_through_group', loanId: line.loanId })
      if (line.disbursedDong > 0n && line.interestDong + line.principalDong + line.savingsToPrincipalDong > 0n) throw new RuleViolation('day_line_invalid', { line: index, reason: 'disburse_and_repay' })
      const key = line.householdId.toString()
      const balance = (savingsAfter.get(key) ?? member.savingsDong) + line.savingsDepositDong - line.savingsWithdrawalDong - line.savingsToPrincipalDong
      if (balance < 0n) throw new RuleViolation('savings_insufficient', { line: index, householdId: line.householdId, balanceDong: (savingsAfter.get(key) ?? member.savingsDong).toString() })
      savingsAfter.set(key, balance)
    }
    const handovers = input.lines.filter((l) => l.disbursedDong > 0n).map((l) => ({ householdId: l.householdId, personId: l.recipientPersonId! }))
    if (!(await recipientsBelong(trx, handovers))) throw new RuleViolation('disbursement_recipient_not_borrower', {})

    // The loans, locked in id order, each decided by the engine.
    const loanLines = input.lines.filter((l): l is CaptureLine & { loanId: bigint } => l.loanId !== null)
    const locked = new Map((await lockLoans(trx, loanLines.map((l) => l.loanId), ctx.actor.scopePath, day.commune_unit_id)).map((l) => [l.row.id.toString(), l]))
    for (const l of loanLines) if (!locked.has(l.loanId.toString())) throw new RuleViolation('not_found', { entity: 'loan', id: l.loanId })
    // A month may have been closed since the day opened: nothing, savings included, is dated into it.
    const closed = await closedUntil(trx)
    if (closed !== null && heldOn <= closed) throw new RuleViolation('transaction_day_in_closed_period', { heldOn, closedUntil: closed })
    await checkDisbursements(trx, heldOn, loanLines.filter((l) => l.disbursedDong > 0n).map((l) => ({ row: locked.get(l.loanId.toString())!.row, amountDong: l.disbursedDong })))

    const cashUnit = day.commune_unit_id
    const entries: JournalEntry[] = []
    // Savings: one entry per movement kind for the whole group, members' shares in the sub-ledger.
    // Savings used for principal leave the savings as cash, which the loan's repayment takes in.
    const sum = (f: (l: CaptureLine) => bigint) => input.lines.reduce((s, l) => s + f(l), 0n)
    const savingsAccount = { kind: 'group_savings' as const, group: Number(group.id) }
    const cashAccount = { kind: 'cash' as const, unit: cashUnit }
    const savingsKinds = [
      { kind: 'deposit', total: sum((l) => l.savingsDepositDong), debit: cashAccount, credit: savingsAccount, field: (l: CaptureLine) => l.savingsDepositDong, sign: 1n },
      { kind: 'withdrawal', total: sum((l) => l.savingsWithdrawalDong), debit: savingsAccount, credit: cashAccount, field: (l: CaptureLine) => l.savingsWithdrawalDong, sign: -1n },
      { kind: 'to_principal', total: sum((l) => l.savingsToPrincipalDong), debit: savingsAccount, credit: cashAccount, field: (l: CaptureLine) => l.savingsToPrincipalDong, sign: -1n },
    ] as const
    const savingsEntryIndex = new Map<string, number>()
    for (const s of savingsKinds) {
      if (s.total === 0n) continue
      savingsEntryIndex.set(s.kind, entries.length)
      entries.push({
        kind: `savings.${s.kind}`, entryDate: heldOn, provinceCode: day.province_code, description: `Tiết kiệm tổ ${group.code}: ${s.kind} (ngày GD ${heldOn})`,
        postings: [{ account: s.debit, amountDong: s.total }, { account: s.credit, amountDong: -s.total }],
      })
    }
    const loanEntryRanges: { loanId: bigint; from: number; to: number }[] = []
    const changes: Omit<LoanStateChange, 'event'>[] = []
    const events: { type: LoanEvent['type']; payload: Record<string, unknown> }[] = []
    const before: { loanId: string; versionAfter: number; state: unknown }[] = []
    const owed = new Map<string, bigint>()
    for (const [index, line] of input.lines.entries()) {
      if (line.loanId === null) continue
      const lock = locked.get(line.loanId.toString())!
      const context = await loanContext(trx, lock.row, lock.catalogueVersion)
      const state = stateOf(lock.row, lock.instalments)
      const projected = state.accruedUntil === null ? state : accrue(state, heldOn, context).next
      const interestOwed = projected.interestDong + projected.overdueInterestDong
      owed.set(line.loanId.toString(), interestOwed)
      if (line.interestDong > interestOwed) throw new RuleViolation('member_interest_exceeds_due', { line: index, loanId: line.loanId, interestDueDong: interestOwed.toString() })
      const repaid = line.interestDong + line.principalDong + line.savingsToPrincipalDong
      const event: LoanEvent | null = line.disbursedDong > 0n
        ? { type: 'disburse', date: heldOn, amountDong: line.disbursedDong, cashUnit }
        : repaid > 0n ? { type: 'repay', date: heldOn, amountDong: repaid, cashUnit } : null
      if (event === null) continue
      const result = applyLoanEvent(state, event, context)
      if (!result.ok) throw new RuleViolation(result.code, { ...result.details, line: index, loanId: line.loanId })
      const from = entries.length
      for (const e of result.value.entries) entries.push({ ...e, entryDate: heldOn, provinceCode: lock.row.province_code, description: `${e.kind} #${line.loanId} (ngày GD ${heldOn}, tổ ${group.code})`, loanId: line.loanId })
      loanEntryRanges.push({ loanId: line.loanId, from, to: entries.length })
      changes.push({ state: result.value.next, expectedVersion: lock.row.version })
      events.push({
        type: event.type,
        payload: {
          ...event, transactionDayId: dayId, groupId: group.id, interestDong: line.interestDong, principalDong: line.principalDong,
          savingsToPrincipalDong: line.savingsToPrincipalDong, recipientPersonId: line.recipientPersonId,
        },
      })
      before.push({ loanId: line.loanId.toString(), versionAfter: lock.row.version + 1, state: loanStateToJson(state) })
    }

    const entryIds = await postEntries(trx, ctx, entries)
    const loanEntryIds = (r: { from: number; to: number }) => entryIds.slice(r.from, r.to)
    const savingsEntryId = (kind: string) => entryIds[savingsEntryIndex.get(kind)!]!

    await saveLoanStates(trx, changes.map((c, i) => ({
      ...c,
      event: {
        provinceCode: day.province_code, type: events[i]!.type, date: heldOn,
        payloadJson: JSON.stringify(events[i]!.payload, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
        entryIds: loanEntryIds(loanEntryRanges[i]!), requestId: ctx.requestId, createdBy: ctx.actor.userId || null,
      },
    })))

    // Reconciliation, the batch, its lines, savings movements, flags and the day's entry links.
    const reconciled = input.lines.map((l) => reconcileLine(l, l.loanId === null ? 0n : owed.get(l.loanId.toString()) ?? 0n))
    const flags = reconciliationFlags(input, reconciled)
    const totals: BatchTotals = {
      lines: input.lines.length, interestDong: sum((l) => l.interestDong), principalDong: sum((l) => l.principalDong), savingsDepositDong: sum((l) => l.savingsDepositDong),
      savingsWithdrawalDong: sum((l) => l.savingsWithdrawalDong), savingsToPrincipalDong: sum((l) => l.savingsToPrincipalDong), disbursedDong: sum((l) => l.disbursedDong),
      remittedDong: input.remittedDong, collectedDong: input.collectedDong,
    }
    const big = (v: unknown) => (typeof v === 'bigint' ? v.toString() : v)
    const lineRows = input.lines.map((l, i) => ({
      line_no: i + 1, household_id: l.householdId.toString(), loan_id: l.loanId?.toString() ?? null,
      interest_owed: (l.loanId === null ? 0n : owed.get(l.loanId.toString()) ?? 0n).toString(), interest: l.interestDong.toString(), principal: l.principalDong.toString(),
      deposit: l.savingsDepositDong.toString(), withdrawal: l.savingsWithdrawalDong.toString(), to_principal: l.savingsToPrincipalDong.toString(),
      disbursed: l.disbursedDong.toString(), recipient: l.recipientPersonId?.toString() ?? null, member_paid: l.memberPaidDong?.toString() ?? null, reconciliation: reconciled[i]!.status,
    }))
    const moves = input.lines.flatMap((l) => savingsKinds.filter((s) => s.field(l) > 0n).map((s) => ({
      household_id: l.householdId.toString(), kind: s.kind, amount: (s.sign * s.field(l)).toString(), entry_id: savingsEntryId(s.kind).toString(),
    })))
    const leader = await trx.selectFrom('group_officers as f').innerJoin('persons as p', 'p.id', 'f.person_id').select(['f.person_id', 'p.full_name'])
      .where('f.group_id', '=', group.id).where('f.role', '=', 'leader').where('f.from_date', '<=', heldOn).where((eb) => eb.or([eb('f.to_date', 'is', null), eb('f.to_date', '>=', heldOn)]))
      .executeTakeFirst()
    const flagRows = flags.map((f) => ({
      rule: f.rule, severity: f.severity, amount: f.amountDong.toString(),
      evidence: { ...f.evidence, groupId: group.id.toString(), groupCode: group.code, transactionDayId: dayId.toString(), heldOn, leaderPersonId: leader?.person_id.toString() ?? null, leaderName: leader?.full_name ?? null },
    }))
    const { rows } = await sql<{ batch_id: bigint; flags: { id: string; rule: string; amount: string }[] | null }>`
      with batch as (
        insert into day_batches (transaction_day_id, group_id, province_code, kind, remitted_dong, member_paid_dong, totals, loans_before, entry_ids, request_id, created_by)
        values (${dayId.toString()}::bigint, ${group.id.toString()}::bigint, ${day.province_code}, 'capture', ${input.remittedDong.toString()}::bigint,
                ${lineRows.some((l) => l.member_paid !== null) ? input.lines.reduce((s, l) => s + (l.memberPaidDong ?? 0n), 0n).toString() : null}::bigint,
                ${JSON.stringify(totals, (_k, v: unknown) => big(v))}::jsonb, ${JSON.stringify(before)}::jsonb, ${entryIds.map(String)}::bigint[], ${ctx.requestId}, ${ctx.actor.userId || null})
        returning id
      ),
      lines as (
        insert into day_batch_lines (batch_id, line_no, household_id, loan_id, interest_owed_dong, interest_dong, principal_dong, savings_deposit_dong,
          savings_withdrawal_dong, savings_to_principal_dong, disbursed_dong, recipient_person_id, member_paid_dong, reconciliation)
        select (select id from batch), r.line_no, r.household_id, r.loan_id, r.interest_owed, r.interest, r.principal, r.deposit, r.withdrawal, r.to_principal,
               r.disbursed, r.recipient, r.member_paid, r.reconciliation
        from jsonb_to_recordset(${JSON.stringify(lineRows)}::jsonb) as r(line_no integer, household_id bigint, loan_id bigint, interest_owed bigint, interest bigint,
          principal bigint, deposit bigint, withdrawal bigint, to_principal bigint, disbursed bigint, recipient bigint, member_paid bigint, reconciliation text)
      ),
      moves as (
        insert into savings_movements (province_code, group_id, household_id, movement_date, kind, amount_dong, batch_id, entry_id)
        select ${day.province_code}, ${group.id.toString()}::bigint, m.household_id, ${heldOn}::date, m.kind, m.amount, (select id from batch), m.entry_id
        from jsonb_to_recordset(${JSON.stringify(moves)}::jsonb) as m(household_id bigint, kind text, amount bigint, entry_id bigint)
      ),
      links as (
        insert into transaction_day_entries (entry_id, transaction_day_id, source)
        select unnest(${entryIds.map(String)}::bigint[]), ${dayId.toString()}::bigint, 'capture'
      ),
      flags as (
        insert into red_flags (rule, severity, province_code, unit_id, scope_path, subject_type, subject_id, amount_dong, evidence, source_type, source_id)
        select f.rule, f.severity, ${day.province_code}, ${day.commune_unit_id}, ${day.commune_path}, 'savings_group', ${group.id.toString()}, f.amount, f.evidence,
               'day_batch', (select id from batch)::text
        from jsonb_to_recordset(${JSON.stringify(flagRows)}::jsonb) as f(rule text, severity text, amount bigint, evidence jsonb)
        returning id, rule, amount_dong
      )
      select (select id from batch) as batch_id,
             (select json_agg(json_build_object('id', id::text, 'rule', rule, 'amount', amount_dong::text) order by id) from flags) as flags`.execute(trx)
    const batchId = rows[0]!.batch_id
    const raised = (rows[0]!.flags ?? []).map((f) => ({ id: BigInt(f.id), rule: f.rule, amountDong: BigInt(f.amount) }))
    await recordAudit(trx, ctx, {
      action: 'transaction_day.capture', entityType: 'day_batch', entityId: batchId, scopePath: day.commune_path,
      after: { transactionDayId: dayId, groupId: group.id, totals, entryIds, flags: raised, lines: lineRows },
    })
    return {
      batchId, transactionDayId: dayId, groupId: group.id, entryIds, totals, flags: raised,
      lines: input.lines.map((l, i) => ({
        householdId: l.householdId, loanId: l.loanId, interestOwedDong: l.loanId === null ? 0n : owed.get(l.loanId.toString()) ?? 0n,
        reconciliation: reconciled[i]!.status, notRemittedDong: reconciled[i]!.notRemittedDong, arrearsDong: reconciled[i]!.arrearsDong,
      })),
    }
  })
}

import { sql } from 'kysely'
import { reversalOf, type JournalEntry, type Posting } from '../../domain/ledger/index.js'
import { localDateOf, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { lockLoans, saveLoanStates } from '../../db/repositories/loans.js'
import { underScope } from '../../db/scope.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { accountRefOf, postEntries } from '../ledger.js'
import { closedUntil } from '../loans/period-closes.js'
import { loanStateFromJson } from './loan-state-json.js'

export interface ReversalResult {
  readonly reversalBatchId: bigint
  readonly reversedBatchId: bigint
  readonly entryIds: readonly bigint[]
}

/**
 * Undoes a posted batch with reversing entries dated the day of the correction and a reason — the
 * way a capture is corrected, before or after its day closed. Each loan goes back to the state the
 * batch found, so it is refused when a loan has moved since (a later event or a month-end close)
 * or a member's savings would go below zero; those are corrected by their own events instead.
 */
export async function reverseBatch(db: Executor, ctx: RequestContext, batchId: bigint, reason: string): Promise<ReversalResult> {
  requirePermission(ctx, 'loans.manage', 'write')
  const why = reason.trim()
  if (why.length < 3 || why.length > 500) throw new RuleViolation('validation_failed', { field: 'reason', expected: '3–500 characters' })
  return inTransaction(db, async (trx) => {
    const batch = await trx.selectFrom('day_batches as b').innerJoin('transaction_days as d', 'd.id', 'b.transaction_day_id').innerJoin('units as c', 'c.id', 'd.commune_unit_id')
      .select(['b.id', 'b.kind', 'b.status', 'b.group_id', 'b.transaction_day_id', 'b.province_code', 'b.entry_ids', 'b.loans_before', 'b.totals', 'c.path'])
      .where('b.id', '=', batchId).where(underScope('c.path', ctx.actor.scopePath)).forUpdate('b').executeTakeFirst()
    if (!batch) throw new RuleViolation('not_found', { entity: 'day_batch', id: batchId })
    if (batch.kind !== 'capture' || batch.status !== 'posted') throw new RuleViolation('day_batch_already_reversed', { id: batchId })
    const today = localDateOf(ctx.now)
    const closed = await closedUntil(trx)
    if (closed !== null && today <= closed) throw new RuleViolation('period_closed', { date: today })

    const before = batch.loans_before as { loanId: string; versionAfter: number; state: unknown }[]
    const locked = await lockLoans(trx, before.map((b) => BigInt(b.loanId)), ctx.actor.scopePath)
    const versions = new Map(locked.map((l) => [l.row.id.toString(), l.row.version]))
    const moved = before.filter((b) => versions.get(b.loanId) !== b.versionAfter)
    if (moved.length > 0) throw new RuleViolation('day_batch_reversal_blocked', { reason: 'loan_moved', loanIds: moved.map((b) => b.loanId) })
    const { rows: short } = await sql<{ household_id: bigint }>`
      select m.household_id from savings_movements m
      where m.group_id = ${batch.group_id.toString()}::bigint
        and m.household_id in (select household_id from savings_movements where batch_id = ${batchId.toString()}::bigint)
      group by m.household_id
      having sum(m.amount_dong) - coalesce(sum(m.amount_dong) filter (where m.batch_id = ${batchId.toString()}::bigint), 0) < 0`.execute(trx)
    if (short.length > 0) throw new RuleViolation('day_batch_reversal_blocked', { reason: 'savings_used', householdIds: short.map((r) => r.household_id) })

    const originals = await loadEntries(trx, batch.entry_ids)
    const reversals = originals.map((e) => reversalOf(e, today, `Đảo bảng kê #${batchId}: ${why}`))
    const entryIds = await postEntries(trx, ctx, reversals)
    await saveLoanStates(trx, before.map((b) => ({
      state: loanStateFromJson(b.state), expectedVersion: b.versionAfter,
      event: {
        provinceCode: batch.province_code, type: 'reverse_day_batch', date: today, payloadJson: JSON.stringify({ batchId: batchId.toString(), reason: why }),
        entryIds: entryIds.filter((_, i) => reversals[i]!.loanId?.toString() === b.loanId), requestId: ctx.requestId, createdBy: ctx.actor.userId || null,
      },
    })))
    const reversalId = await recordReversal(trx, ctx, { batchId, dayId: batch.transaction_day_id, groupId: batch.group_id, provinceCode: batch.province_code, totals: batch.totals, entryIds, reason: why, today, entryMap: originals.map((e, i) => ({ orig: e.id.toString(), rev: entryIds[i]!.toString() })) })
    await recordAudit(trx, ctx, { action: 'transaction_day.reverse_batch', entityType: 'day_batch', entityId: batchId, scopePath: batch.path, after: { reversalBatchId: reversalId, entryIds, reason: why } })
    return { reversalBatchId: reversalId, reversedBatchId: batchId, entryIds }
  })
}

async function recordReversal(
  trx: Executor, ctx: RequestContext,
  r: { batchId: bigint; dayId: bigint; groupId: bigint; provinceCode: string; totals: unknown; entryIds: readonly bigint[]; reason: string; today: LocalDate; entryMap: readonly { orig: string; rev: string }[] },
): Promise<bigint> {
  // Each member's savings movements of the batch, negated, against the entry that reverses theirs.
  const { rows } = await sql<{ id: bigint }>`
    with reversal as (
      insert into day_batches (transaction_day_id, group_id, province_code, kind, reverses_batch_id, remitted_dong, totals, entry_ids, reason, request_id, created_by)
      values (${r.dayId.toString()}::bigint, ${r.groupId.toString()}::bigint, ${r.provinceCode}, 'reversal', ${r.batchId.toString()}::bigint, 0,
              ${JSON.stringify(r.totals)}::jsonb, ${r.entryIds.map(String)}::bigint[], ${r.reason}, ${ctx.requestId}, ${ctx.actor.userId || null})
      returning id
    ),
    original as (update day_batches set status = 'reversed' where id = ${r.batchId.toString()}::bigint returning id),
    moves as (
      insert into savings_movements (province_code, group_id, household_id, movement_date, kind, amount_dong, batch_id, entry_id)
      select m.province_code, m.group_id, m.household_id, ${r.today}::date, 'reversal', -m.amount_dong, (select id from reversal), x.rev
      from savings_movements m
      join jsonb_to_recordset(${JSON.stringify(r.entryMap)}::jsonb) as x(orig bigint, rev bigint) on x.orig = m.entry_id
      where m.batch_id = ${r.batchId.toString()}::bigint
    )
    select id from reversal`.execute(trx)
  return rows[0]!.id
}

/** Posted entries with their postings, to be reversed. */
async function loadEntries(trx: Executor, ids: readonly bigint[]): Promise<(JournalEntry & { id: bigint })[]> {
  if (ids.length === 0) return []
  type PostingJson = Parameters<typeof accountRefOf>[0] & { loan_id: string | null; amount: string; group_id: bigint | null }
  const { rows } = await sql<{ id: bigint; kind: string; entry_date: string; province_code: string | null; description: string; loan_id: bigint | null; postings: PostingJson[] }>`
    select e.id, e.kind, e.entry_date::text, e.province_code, e.description, e.loan_id,
      (select json_agg(json_build_object('kind', a.kind, 'program_code', a.program_code, 'capital_source_code', a.capital_source_code, 'status', a.status,
              'unit_id', a.unit_id, 'group_id', a.group_id, 'loan_id', p.loan_id::text, 'amount', p.amount_dong::text) order by p.id)
       from postings p join ledger_accounts a on a.id = p.account_id where p.entry_id = e.id) as postings
    from journal_entries e where e.id = any(${ids.map(String)}::bigint[]) order by e.id`.execute(trx)
  return rows.map((r) => ({
    id: r.id, kind: r.kind, entryDate: r.entry_date as LocalDate, provinceCode: r.province_code, description: r.description,
    ...(r.loan_id !== null ? { loanId: r.loan_id } : {}),
    postings: r.postings.map((p): Posting => ({ account: accountRefOf(p), amountDong: BigInt(p.amount), ...(p.loan_id !== null ? { loanId: BigInt(p.loan_id) } : {}) })),
  }))
}

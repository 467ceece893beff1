import { balanceEntry, reversalOf, type AccountRef, type JournalEntry, type Posting } from '../domain/ledger/index.js'
import { orThrow, RuleViolation, type LocalDate } from '../domain/shared/index.js'
import {
  accountBalanceDifferences, insertJournalEntries, orphanPostings, trialBalance, unbalancedEntries,
  type LedgerDifference, type TrialBalanceLine,
} from '../db/repositories/ledger.js'
import { recordAudit } from './audit.js'
import { inTransaction, type Executor, type RequestContext } from './context.js'
import { requirePermission } from './guards.js'

/**
 * Posts one journal entry inside the caller's transaction: checked (balanced, bounded, minimal)
 * by the domain, then written in two statements. Callers are use-cases that move money; they
 * audit the business event themselves.
 */
export async function postEntry(trx: Executor, ctx: RequestContext, entry: JournalEntry): Promise<bigint> {
  const [id] = await postEntries(trx, ctx, [entry])
  return id!
}

/** Posts an event's journal entries together (each checked and balanced on its own), in two statements. */
export async function postEntries(trx: Executor, ctx: RequestContext, entries: readonly JournalEntry[]): Promise<bigint[]> {
  const balanced = entries.map((e) => orThrow(balanceEntry(e)))
  const posted = await insertJournalEntries(trx, balanced, {
    postedAt: ctx.now, requestId: ctx.requestId, createdBy: ctx.actor.userId === 0 ? null : ctx.actor.userId,
  })
  return posted.map((p) => p.entryId)
}

/** Reverses a posted entry with a linked correcting entry; an entry is reversed at most once. */
export async function reverseEntry(db: Executor, ctx: RequestContext, entryId: bigint, entryDate: LocalDate, reason: string): Promise<bigint> {
  requirePermission(ctx, 'ledger.correct', 'write')
  return inTransaction(db, async (trx) => {
    const original = await trx.selectFrom('journal_entries').selectAll().where('id', '=', entryId).executeTakeFirst()
    if (!original) throw new RuleViolation('not_found', { entity: 'journal_entry', id: entryId })
    const already = await trx.selectFrom('journal_entries').select('id').where('reverses_entry_id', '=', entryId).executeTakeFirst()
    if (already || original.reverses_entry_id !== null) throw new RuleViolation('journal_entry_already_reversed', { entryId })
    const rows = await trx
      .selectFrom('postings')
      .innerJoin('ledger_accounts', 'ledger_accounts.id', 'postings.account_id')
      .select(['postings.amount_dong', 'postings.loan_id', 'ledger_accounts.kind', 'ledger_accounts.program_code', 'ledger_accounts.capital_source_code', 'ledger_accounts.status', 'ledger_accounts.unit_id', 'ledger_accounts.group_id'])
      .where('postings.entry_id', '=', entryId)
      .execute()
    const postings: Posting[] = rows.map((r) => ({
      account: accountRefOf(r),
      amountDong: r.amount_dong,
      ...(r.loan_id !== null ? { loanId: r.loan_id } : {}),
    }))
    const reversal = reversalOf(
      { id: original.id, kind: original.kind, entryDate: original.entry_date as LocalDate, provinceCode: original.province_code, description: original.description, postings, ...(original.loan_id !== null ? { loanId: original.loan_id } : {}) },
      entryDate,
      reason,
    )
    const id = await postEntry(trx, ctx, reversal)
    await recordAudit(trx, ctx, { action: 'ledger.reverse', entityType: 'journal_entry', entityId: entryId, after: { reversalEntryId: id, reason } })
    return id
  })
}

/** An account's reference from its stored dimension columns. */
export function accountRefOf(r: { kind: string; program_code: string | null; capital_source_code: string | null; status: string | null; unit_id: number | null; group_id: bigint | null }): AccountRef {
  return {
    kind: r.kind as AccountRef['kind'],
    ...(r.program_code !== null ? { program: r.program_code } : {}),
    ...(r.capital_source_code !== null ? { capitalSource: r.capital_source_code } : {}),
    ...(r.status !== null ? { status: r.status } : {}),
    ...(r.unit_id !== null ? { unit: r.unit_id } : {}),
    ...(r.group_id !== null ? { group: Number(r.group_id) } : {}),
  }
}

/** A sub-ledger check another area registers (e.g. loans' cached balances vs their postings). */
export type LedgerCheck = (db: Executor) => Promise<LedgerDifference[]>
const extraChecks = new Map<string, LedgerCheck>()

export function registerLedgerCheck(name: string, check: LedgerCheck): void {
  extraChecks.set(name, check)
}

export interface LedgerReport {
  readonly ok: boolean
  readonly differences: readonly LedgerDifference[]
  readonly trialBalance: readonly TrialBalanceLine[]
  readonly totals: { readonly debitDong: bigint; readonly creditDong: bigint }
}

/**
 * Re-derives every cached balance from the postings, checks every entry balances, and builds the
 * trial balance. `ok` only when nothing differs and total debits equal total credits.
 */
export async function verifyLedger(db: Executor): Promise<LedgerReport> {
  const differences: LedgerDifference[] = [...(await unbalancedEntries(db)), ...(await orphanPostings(db)), ...(await accountBalanceDifferences(db))]
  for (const check of extraChecks.values()) differences.push(...(await check(db)))
  const lines = await trialBalance(db)
  const debitDong = lines.reduce((s, l) => s + l.debitDong, 0n)
  const creditDong = lines.reduce((s, l) => s + l.creditDong, 0n)
  if (debitDong !== creditDong)
    differences.push({ check: 'trial_balance', subject: 'total debits vs credits', expectedDong: debitDong.toString(), actualDong: creditDong.toString() })
  return { ok: differences.length === 0, differences, trialBalance: lines, totals: { debitDong, creditDong } }
}

export async function ledgerReport(db: Executor, ctx: RequestContext): Promise<LedgerReport> {
  requirePermission(ctx, 'ledger.read')
  return verifyLedger(db)
}

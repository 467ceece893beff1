import { assert, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import type { Posting } from '../../domain/ledger/index.js'
import { lockFeeAccruals } from '../../db/repositories/fees.js'
import { underScope } from '../../db/scope.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { postEntry } from '../ledger.js'
import { closedUntil } from '../loans/period-closes.js'

export interface FeePayoutInput {
  readonly accrualIds: readonly bigint[]
  /** The cash unit (transaction point's commune or office) the money leaves from. */
  readonly cashUnitId: number
  readonly date: LocalDate
  /** Set when paid during a transaction day's capture. */
  readonly transactionDayId?: bigint | null | undefined
}

export interface FeePayout {
  readonly entryId: bigint
  readonly totalDong: bigint
  readonly accrualIds: readonly bigint[]
}

/** Accruals per payout: one entry debits fees_payable once per bank unit, so a payout stays within the entry bound. */
export const FEE_PAYOUT_ACCRUALS_MAX = 500
const BANK_UNITS_MAX = 32

/**
 * Pays accrued fees and commissions in cash inside the CALLER's transaction (the transaction-day
 * capture posts a whole group's batch atomically; `payFees` wraps this for a payout on its own).
 * Each accrual must exist in the actor's scope — its contract's bank unit, or its payee's unit (the
 * group's commune, where a teller pays the group board on the transaction day), under the scope — and be
 * unpaid; the cash unit must be in scope too. One journal entry (`fees.payout`): debit
 * fees_payable of each bank unit, credit cash at the cash unit. The accruals are locked, marked
 * paid with the entry, the date and the transaction day, and the payout is audited.
 */
export async function payFeeAccruals(trx: Executor, ctx: RequestContext, input: FeePayoutInput): Promise<FeePayout> {
  assert(trx.isTransaction, 'fees are paid inside the caller\'s transaction')
  requirePermission(ctx, 'loans.transact', 'write')
  const ids = [...new Set(input.accrualIds.map((id) => id.toString()))].map(BigInt)
  if (ids.length === 0 || ids.length > FEE_PAYOUT_ACCRUALS_MAX) throw new RuleViolation('validation_failed', { field: 'accrualIds', min: 1, max: FEE_PAYOUT_ACCRUALS_MAX })
  const cash = await trx.selectFrom('units').select(['id', 'path', 'province_code']).where('id', '=', input.cashUnitId).where(underScope('path', ctx.actor.scopePath)).executeTakeFirst()
  if (!cash) throw new RuleViolation('not_found', { entity: 'unit', id: input.cashUnitId })
  const closed = await closedUntil(trx)
  if (closed !== null && input.date <= closed) throw new RuleViolation('period_closed', { closedPeriod: closed.slice(0, 7), date: input.date })
  const rows = await lockFeeAccruals(trx, ids)
  const inScope = (path: string | null) => path !== null && path.startsWith(ctx.actor.scopePath)
  const visible = new Map(rows.filter((r) => inScope(r.bank_unit_path) || inScope(r.payee_path)).map((r) => [r.id.toString(), r]))
  const missing = ids.filter((id) => !visible.has(id.toString()))
  if (missing.length > 0) throw new RuleViolation('not_found', { entity: 'fee_accrual', ids: missing.map(String) })
  const paid = rows.filter((r) => r.status !== 'accrued')
  if (paid.length > 0) throw new RuleViolation('fee_accrual_already_paid', { ids: paid.map((r) => r.id.toString()) })
  const wrongDate = rows.filter((r) => input.date < `${r.period}-01`)
  if (wrongDate.length > 0) throw new RuleViolation('fee_payout_before_period', { ids: wrongDate.map((r) => r.id.toString()), date: input.date })

  const perUnit = new Map<number, bigint>()
  for (const r of rows) perUnit.set(r.bank_unit_id, (perUnit.get(r.bank_unit_id) ?? 0n) + r.net_dong)
  if (perUnit.size > BANK_UNITS_MAX) throw new RuleViolation('validation_failed', { field: 'accrualIds', reason: 'too_many_bank_units', max: BANK_UNITS_MAX })
  const totalDong = rows.reduce((s, r) => s + r.net_dong, 0n)
  const postings: Posting[] = [
    ...[...perUnit].map(([unit, amountDong]) => ({ account: { kind: 'fees_payable' as const, unit }, amountDong })),
    { account: { kind: 'cash', unit: cash.id }, amountDong: -totalDong },
  ]
  const entryId = await postEntry(trx, ctx, {
    kind: 'fees.payout', entryDate: input.date, provinceCode: cash.province_code ?? rows[0]!.province_code,
    description: `Fee and commission payout · ${rows.length} accruals`, postings,
  })
  await trx.updateTable('fee_accruals')
    .set({ status: 'paid', paid_entry_id: entryId, paid_on: input.date, transaction_day_id: input.transactionDayId ?? null })
    .where('id', 'in', ids)
    .execute()
  await recordAudit(trx, ctx, {
    action: 'fee.payout', entityType: 'journal_entry', entityId: entryId,
    after: { accrualIds: ids, cashUnitId: cash.id, date: input.date, totalDong, transactionDayId: input.transactionDayId ?? null }, scopePath: cash.path,
  })
  return { entryId, totalDong, accrualIds: ids }
}

/** A payout on its own (not within a transaction day): `payFeeAccruals` in a transaction of its own. */
export async function payFees(db: Executor, ctx: RequestContext, input: FeePayoutInput): Promise<FeePayout> {
  requirePermission(ctx, 'loans.transact', 'write')
  return inTransaction(db, (trx) => payFeeAccruals(trx, ctx, input))
}

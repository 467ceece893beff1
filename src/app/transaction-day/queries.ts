import type { LineAmounts } from '../../domain/network/index.js'
import { RuleViolation } from '../../domain/shared/index.js'
import { underScope } from '../../db/scope.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { findDay } from './days.js'

export interface DayBatchSummary {
  readonly id: bigint
  readonly transactionDayId: bigint
  readonly groupId: bigint
  readonly groupCode: string
  readonly groupName: string
  readonly kind: 'capture' | 'reversal'
  readonly status: 'posted' | 'reversed'
  readonly reversesBatchId: bigint | null
  readonly remittedDong: bigint
  readonly totals: unknown
  readonly entryIds: readonly bigint[]
  readonly reason: string | null
  readonly createdAt: Date
}

export interface DayBatchLine extends LineAmounts {
  readonly lineNo: number
  readonly householdId: bigint
  readonly householdCode: string
  readonly headName: string | null
  readonly loanId: bigint | null
  readonly interestOwedDong: bigint
  readonly memberPaidDong: bigint | null
  readonly reconciliation: 'ok' | 'arrears' | 'paid_not_remitted'
}

const batches = (db: Executor) => db.selectFrom('day_batches as b').innerJoin('savings_groups as g', 'g.id', 'b.group_id')
  .select(['b.id', 'b.transaction_day_id', 'b.group_id', 'g.code as group_code', 'g.name as group_name', 'b.kind', 'b.status', 'b.reverses_batch_id', 'b.remitted_dong', 'b.totals', 'b.entry_ids', 'b.reason', 'b.created_at'])

type BatchRow = Awaited<ReturnType<ReturnType<typeof batches>['executeTakeFirstOrThrow']>>
const toSummary = (r: BatchRow): DayBatchSummary => ({
  id: r.id, transactionDayId: r.transaction_day_id, groupId: r.group_id, groupCode: r.group_code, groupName: r.group_name, kind: r.kind, status: r.status,
  reversesBatchId: r.reverses_batch_id, remittedDong: r.remitted_dong, totals: r.totals, entryIds: r.entry_ids.map(BigInt), reason: r.reason, createdAt: r.created_at,
})

/** The batches posted on a day (captures and their reversals), oldest first. */
export async function listDayBatches(db: Executor, ctx: RequestContext, dayId: bigint): Promise<DayBatchSummary[]> {
  requirePermission(ctx, 'loans.read')
  await findDay(db, ctx.actor.scopePath, dayId)
  return (await batches(db).where('b.transaction_day_id', '=', dayId).orderBy('b.id').execute()).map(toSummary)
}

/** One batch with its per-member lines and how each reconciled. */
export async function getDayBatch(db: Executor, ctx: RequestContext, batchId: bigint): Promise<DayBatchSummary & { lines: DayBatchLine[] }> {
  requirePermission(ctx, 'loans.read')
  const row = await batches(db).innerJoin('units as c', 'c.id', 'g.commune_unit_id').where('b.id', '=', batchId).where(underScope('c.path', ctx.actor.scopePath)).executeTakeFirst()
  if (!row) throw new RuleViolation('not_found', { entity: 'day_batch', id: batchId })
  const lines = await db.selectFrom('day_batch_lines as l').innerJoin('households as h', 'h.id', 'l.household_id').leftJoin('persons as p', 'p.id', 'h.head_person_id')
    .select(['l.line_no', 'l.household_id', 'h.code', 'p.full_name', 'l.loan_id', 'l.interest_owed_dong', 'l.interest_dong', 'l.principal_dong', 'l.savings_deposit_dong',
      'l.savings_withdrawal_dong', 'l.savings_to_principal_dong', 'l.disbursed_dong', 'l.member_paid_dong', 'l.reconciliation'])
    .where('l.batch_id', '=', row.kind === 'reversal' ? row.reverses_batch_id! : batchId).orderBy('l.line_no').execute()
  return {
    ...toSummary(row),
    lines: lines.map((l) => ({
      lineNo: l.line_no, householdId: l.household_id, householdCode: l.code, headName: l.full_name, loanId: l.loan_id, interestOwedDong: l.interest_owed_dong,
      interestDong: l.interest_dong, principalDong: l.principal_dong, savingsDepositDong: l.savings_deposit_dong, savingsWithdrawalDong: l.savings_withdrawal_dong,
      savingsToPrincipalDong: l.savings_to_principal_dong, disbursedDong: l.disbursed_dong, memberPaidDong: l.member_paid_dong, reconciliation: l.reconciliation,
    })),
  }
}

// ---- red flags ----

export const FLAG_STATUSES = ['open', 'under_review', 'confirmed', 'dismissed'] as const
export type FlagStatus = (typeof FLAG_STATUSES)[number]

export interface RedFlag {
  readonly id: bigint
  readonly rule: string
  readonly severity: 'low' | 'medium' | 'high'
  readonly unitId: number | null
  readonly subjectType: string
  readonly subjectId: string
  readonly amountDong: bigint | null
  readonly evidence: unknown
  readonly sourceType: string | null
  readonly sourceId: string | null
  readonly status: FlagStatus
  readonly assigneeId: number | null
  readonly resolution: string | null
  readonly raisedAt: Date
}

const flags = (db: Executor, scopePath: string) => db.selectFrom('red_flags')
  .select(['id', 'rule', 'severity', 'scope_path', 'unit_id', 'subject_type', 'subject_id', 'amount_dong', 'evidence', 'source_type', 'source_id', 'status', 'assignee_id', 'resolution', 'raised_at'])
  .where(underScope('scope_path', scopePath))
type FlagRow = Awaited<ReturnType<ReturnType<typeof flags>['executeTakeFirstOrThrow']>>
const toFlag = (r: FlagRow): RedFlag => ({
  id: r.id, rule: r.rule, severity: r.severity, unitId: r.unit_id, subjectType: r.subject_type, subjectId: r.subject_id, amountDong: r.amount_dong, evidence: r.evidence,
  sourceType: r.source_type, sourceId: r.source_id, status: r.status, assigneeId: r.assignee_id, resolution: r.resolution, raisedAt: r.raised_at,
})

/** Red flags in the reader's scope, newest first; a day's flags are those its batches raised. */
export async function listRedFlags(
  db: Executor, ctx: RequestContext, filter: { status?: FlagStatus | undefined; rule?: string | undefined; transactionDayId?: bigint | undefined; limit: number },
): Promise<RedFlag[]> {
  requirePermission(ctx, 'loans.read')
  let q = flags(db, ctx.actor.scopePath)
  if (filter.status !== undefined) q = q.where('status', '=', filter.status)
  if (filter.rule !== undefined) q = q.where('rule', '=', filter.rule)
  if (filter.transactionDayId !== undefined) {
    const dayId = filter.transactionDayId
    q = q.where('source_type', '=', 'day_batch').where('source_id', 'in', (eb) => eb.selectFrom('day_batches').select((b) => b.cast<string>('id', 'text').as('id')).where('transaction_day_id', '=', dayId))
  }
  return (await q.orderBy('id', 'desc').limit(filter.limit).execute()).map(toFlag)
}

const NEXT: Readonly<Record<FlagStatus, readonly FlagStatus[]>> = {
  open: ['under_review', 'confirmed', 'dismissed'],
  under_review: ['confirmed', 'dismissed'],
  confirmed: [],
  dismissed: [],
}

/** Moves a flag through its review (open → under review → confirmed / dismissed); a dismissal needs a reason. Audited. */
export async function reviewRedFlag(db: Executor, ctx: RequestContext, id: bigint, input: { status: FlagStatus; resolution?: string | undefined; assigneeId?: number | undefined }): Promise<RedFlag> {
  requirePermission(ctx, 'loans.manage', 'write')
  return inTransaction(db, async (trx) => {
    const before = await flags(trx, ctx.actor.scopePath).where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) throw new RuleViolation('not_found', { entity: 'red_flag', id })
    const resolution = input.resolution?.trim() || null
    if (!NEXT[before.status].includes(input.status) || (input.status === 'dismissed' && resolution === null))
      throw new RuleViolation('red_flag_transition_invalid', { from: before.status, to: input.status })
    await trx.updateTable('red_flags').set({ status: input.status, resolution: resolution ?? before.resolution, assignee_id: input.assigneeId ?? before.assignee_id, updated_at: ctx.now }).where('id', '=', id).execute()
    const after = toFlag(await flags(trx, '/1/').where('id', '=', id).executeTakeFirstOrThrow())
    await recordAudit(trx, ctx, { action: `red_flag.${input.status}`, entityType: 'red_flag', entityId: id, before: toFlag(before), after, scopePath: before.scope_path })
    return after
  })
}

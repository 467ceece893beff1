import { checkDecision } from '../domain/access/index.js'
import { orThrow, RuleViolation } from '../domain/shared/index.js'
import { underScope } from '../db/scope.js'
import { recordAudit } from './audit.js'
import { inTransaction, type Executor, type RequestContext } from './context.js'
import { requirePermission } from './guards.js'

/** What an approved request does, by kind. Each runs inside the deciding transaction. */
export type ApprovalHandler = (trx: Executor, ctx: RequestContext, payload: unknown, unitPath: string) => Promise<unknown>

/** What a rejected request does, by kind (e.g. the loan application it was about is rejected). */
export type RejectionHandler = (trx: Executor, ctx: RequestContext, payload: unknown, unitPath: string, reason: string) => Promise<unknown>

const handlers = new Map<string, ApprovalHandler>()
const rejectionHandlers = new Map<string, RejectionHandler>()

/**
 * Registers the action an approval kind carries out once approved and, optionally, once
 * rejected — a kind with a rejection action needs a reason to be rejected (wired in open-app.ts).
 */
export function registerApprovalHandler(kind: string, handler: ApprovalHandler, onReject?: RejectionHandler): void {
  handlers.set(kind, handler)
  if (onReject) rejectionHandlers.set(kind, onReject)
}

export interface ApprovalRequest {
  readonly kind: string
  readonly entityType: string
  readonly entityId: string | null
  readonly unitId: number
  readonly unitPath: string
  readonly payload: unknown
}

/** Records an action that needs a checker; returns the approval's id. Call inside the maker's transaction. */
export async function requestApproval(trx: Executor, ctx: RequestContext, request: ApprovalRequest): Promise<number> {
  const { id } = await trx
    .insertInto('approvals')
    .values({
      kind: request.kind, entity_type: request.entityType, entity_id: request.entityId, payload: JSON.stringify(request.payload),
      unit_id: request.unitId, maker_id: ctx.actor.userId, made_at: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(trx, ctx, { action: 'approval.request', entityType: 'approval', entityId: id, after: { kind: request.kind, unitId: request.unitId }, scopePath: request.unitPath })
  return id
}

export interface Approval {
  readonly id: number
  readonly kind: string
  readonly entityType: string
  readonly entityId: string | null
  readonly unitId: number
  readonly unitName: string
  readonly makerId: number
  readonly makerUsername: string
  readonly madeAt: Date
  readonly status: 'pending' | 'approved' | 'rejected'
  readonly checkerId: number | null
  readonly decidedAt: Date | null
  readonly reason: string | null
  /** A summary safe to show: secrets such as password hashes are left out. */
  readonly summary: Record<string, unknown>
}

function scopedApprovals(db: Executor, scopePath: string) {
  return db
    .selectFrom('approvals')
    .innerJoin('units', 'units.id', 'approvals.unit_id')
    .innerJoin('users as maker', 'maker.id', 'approvals.maker_id')
    .where(underScope('units.path', scopePath))
    .select([
      'approvals.id', 'approvals.kind', 'approvals.entity_type', 'approvals.entity_id', 'approvals.unit_id', 'units.name as unit_name',
      'units.path as unit_path', 'approvals.maker_id', 'maker.username as maker_username', 'approvals.made_at', 'approvals.status',
      'approvals.checker_id', 'approvals.decided_at', 'approvals.reason', 'approvals.payload',
    ])
}

type ApprovalView = Awaited<ReturnType<ReturnType<typeof scopedApprovals>['executeTakeFirstOrThrow']>>

function toApproval(row: ApprovalView): Approval {
  const payload = (row.payload ?? {}) as Record<string, unknown>
  const summary = Object.fromEntries(Object.entries(payload).filter(([k]) => !/password|secret|token/i.test(k)))
  return {
    id: row.id, kind: row.kind, entityType: row.entity_type, entityId: row.entity_id, unitId: row.unit_id, unitName: row.unit_name,
    makerId: row.maker_id, makerUsername: row.maker_username, madeAt: row.made_at, status: row.status as Approval['status'],
    checkerId: row.checker_id, decidedAt: row.decided_at, reason: row.reason, summary,
  }
}

export async function listApprovals(db: Executor, ctx: RequestContext, status: Approval['status'] | undefined): Promise<Approval[]> {
  requirePermission(ctx, 'approvals.decide')
  let query = scopedApprovals(db, ctx.actor.scopePath)
  if (status) query = query.where('approvals.status', '=', status)
  return (await query.orderBy('approvals.id', 'desc').limit(500).execute()).map(toApproval)
}

/**
 * Approves or rejects a pending request. The maker can never be the checker (checked here and
 * by a database constraint); approval runs the request's action in the same transaction.
 */
export async function decideApproval(
  db: Executor, ctx: RequestContext, id: number, decision: 'approved' | 'rejected', reason: string | null,
): Promise<Approval> {
  requirePermission(ctx, 'approvals.decide', 'write')
  return inTransaction(db, async (trx) => {
    const row = await scopedApprovals(trx, ctx.actor.scopePath).where('approvals.id', '=', id).forUpdate('approvals').executeTakeFirst()
    if (!row) throw new RuleViolation('not_found', { entity: 'approval', id })
    orThrow(checkDecision({ makerId: row.maker_id, status: row.status as Approval['status'] }, ctx.actor.userId))
    if (decision === 'approved') {
      const handler = handlers.get(row.kind)
      if (!handler) throw new Error(`no handler registered for approval kind ${row.kind}`)
      await handler(trx, ctx, row.payload, row.unit_path)
    } else {
      const onReject = rejectionHandlers.get(row.kind)
      if (onReject) {
        if (!reason?.trim()) throw new RuleViolation('validation_failed', { field: 'reason' })
        await onReject(trx, ctx, row.payload, row.unit_path, reason)
      }
    }
    await trx.updateTable('approvals').set({ status: decision, checker_id: ctx.actor.userId, decided_at: ctx.now, reason }).where('id', '=', id).execute()
    await recordAudit(trx, ctx, {
      action: `approval.${decision === 'approved' ? 'approve' : 'reject'}`, entityType: 'approval', entityId: id,
      before: { status: row.status }, after: { status: decision, reason }, scopePath: row.unit_path,
    })
    const updated = await scopedApprovals(trx, ctx.actor.scopePath).where('approvals.id', '=', id).executeTakeFirstOrThrow()
    return toApproval(updated)
  })
}

import { sql } from 'kysely'
import { underScope } from '../../db/scope.js'
import { RuleViolation } from '../../domain/shared/index.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { findingsOfFlag, type InspectionFinding } from '../inspections/findings.js'
import type { RedFlag } from '../transaction-day/queries.js'
import { loansOfFlag, type FlagLoan } from './flag-loans.js'

/** A flag with the names a reader needs; its evidence holds the rows that triggered the rule (personal data). */
export interface RedFlagDetail extends RedFlag {
  readonly unitName: string | null
  readonly assigneeName: string | null
  readonly updatedAt: Date | null
}

/** What the flag's page shows: the flag, the open loans it concerns, and what was done about it. */
export interface RedFlagView extends RedFlagDetail {
  /** The open loans the flag concerns: a recall recorded from the flag names one of them. */
  readonly loans: readonly FlagLoan[]
  /** The findings recorded from the flag (POST /red-flags/{id}/recall) with their follow-ups: the recall and its completion. */
  readonly followUps: readonly InspectionFinding[]
}

const detail = (db: Executor, scopePath: string) => db.selectFrom('red_flags as f')
  .leftJoin('units as u', 'u.id', 'f.unit_id')
  .leftJoin('users as a', 'a.id', 'f.assignee_id')
  .select(['f.id', 'f.rule', 'f.severity', 'f.unit_id', 'u.name as unit_name', 'f.subject_type', 'f.subject_id', 'f.amount_dong', 'f.evidence', 'f.source_type', 'f.source_id',
    'f.status', 'f.assignee_id', 'a.full_name as assignee_name', 'f.resolution', 'f.raised_at', 'f.updated_at', 'f.scope_path'])
  .where(underScope('f.scope_path', scopePath))

type Row = Awaited<ReturnType<ReturnType<typeof detail>['executeTakeFirstOrThrow']>>
const toDetail = (r: Row): RedFlagDetail => ({
  id: r.id, rule: r.rule, severity: r.severity, unitId: r.unit_id, unitName: r.unit_name, subjectType: r.subject_type, subjectId: r.subject_id, amountDong: r.amount_dong,
  evidence: r.evidence, sourceType: r.source_type, sourceId: r.source_id, status: r.status, assigneeId: r.assignee_id, assigneeName: r.assignee_name, resolution: r.resolution,
  raisedAt: r.raised_at, updatedAt: r.updated_at,
})

/**
 * One flag with its evidence, the open loans it concerns and the follow-ups recorded from it
 * (findings and their recall, with its completion). The evidence names people and households, so every read of it is
 * audited (`red_flag.view`), whoever reads: the Representative Board's and the Fatherland Front's
 * views of personal data must be traceable (issue 9), and auditing every reader is simpler to
 * reason about than auditing some.
 */
export async function getRedFlag(db: Executor, ctx: RequestContext, id: bigint): Promise<RedFlagView> {
  requirePermission(ctx, 'loans.read')
  return inTransaction(db, async (trx) => {
    const row = await detail(trx, ctx.actor.scopePath).where('f.id', '=', id).executeTakeFirst()
    if (!row) throw new RuleViolation('not_found', { entity: 'red_flag', id })
    await recordAudit(trx, ctx, { action: 'red_flag.view', entityType: 'red_flag', entityId: id, scopePath: row.scope_path })
    return { ...toDetail(row), loans: await loansOfFlag(trx, row), followUps: await findingsOfFlag(trx, ctx.actor.scopePath, id) }
  })
}

/**
 * Assigns an open or under-review flag to a user who can see it (an active user whose unit's
 * subtree holds the flag's unit). Audited (`red_flag.assign`). Assigning routes a flag to an
 * officer and changes nothing in the portfolio, so the read-only supervisors (Representative
 * Board, Fatherland Front) may do it: the permission is checked as a read on purpose.
 */
export async function assignRedFlag(db: Executor, ctx: RequestContext, id: bigint, assigneeId: number): Promise<RedFlagDetail> {
  requirePermission(ctx, 'supervision.assign')
  return inTransaction(db, async (trx) => {
    const before = await detail(trx, ctx.actor.scopePath).where('f.id', '=', id).forUpdate('f').executeTakeFirst()
    if (!before) throw new RuleViolation('not_found', { entity: 'red_flag', id })
    if (before.status !== 'open' && before.status !== 'under_review') throw new RuleViolation('red_flag_transition_invalid', { from: before.status, to: 'assigned' })
    const assignee = await trx.selectFrom('users as x').innerJoin('units as xu', 'xu.id', 'x.unit_id').select(['x.id'])
      .where('x.id', '=', assigneeId).where('x.status', '=', 'active').where(sql<boolean>`${before.scope_path} like xu.path || '%'`).executeTakeFirst()
    if (!assignee) throw new RuleViolation('red_flag_assignee_invalid', { assigneeId })
    await trx.updateTable('red_flags').set({ assignee_id: assigneeId, updated_at: ctx.now }).where('id', '=', id).execute()
    const after = toDetail(await detail(trx, '/1/').where('f.id', '=', id).executeTakeFirstOrThrow())
    await recordAudit(trx, ctx, { action: 'red_flag.assign', entityType: 'red_flag', entityId: id, before: { assigneeId: before.assignee_id }, after: { assigneeId }, scopePath: before.scope_path })
    return after
  })
}

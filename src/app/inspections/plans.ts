import { underScope } from '../../db/scope.js'
import { orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { movePlan, type Inspector, type PlanStatus } from '../../domain/supervision/index.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'

/** An inspection plan: who (bank, organisation, Representative Board, Fatherland Front) inspects which unit, when. */
export interface InspectionPlan {
  readonly id: number
  readonly unitId: number
  readonly unitName: string
  readonly inspector: Inspector
  readonly inspectorName: string
  readonly title: string
  readonly periodFrom: string
  readonly periodTo: string
  readonly status: PlanStatus
  readonly note: string | null
  readonly findings: number
  readonly openActions: number
  readonly createdAt: Date
}

export interface PlanInput {
  readonly unitId: number
  readonly inspector: Inspector
  readonly inspectorName: string
  readonly title: string
  readonly periodFrom: LocalDate
  readonly periodTo: LocalDate
  readonly note?: string | null | undefined
}

export const plans = (db: Executor, scopePath: string) => db.selectFrom('inspection_plans as p')
  .innerJoin('units as u', 'u.id', 'p.unit_id')
  .select((eb) => ['p.id', 'p.unit_id', 'u.name as unit_name', 'u.path', 'p.inspector', 'p.inspector_name', 'p.title', 'p.period_from', 'p.period_to', 'p.status', 'p.note', 'p.created_at', 'p.province_code',
    eb.selectFrom('inspection_findings as f').select((e) => e.fn.countAll<number>().as('n')).whereRef('f.plan_id', '=', 'p.id').as('findings'),
    eb.selectFrom('inspection_actions as a').innerJoin('inspection_findings as f', 'f.id', 'a.finding_id').select((e) => e.fn.countAll<number>().as('n'))
      .whereRef('f.plan_id', '=', 'p.id').where('a.status', '=', 'open').as('open_actions')])
  .where(underScope('u.path', scopePath))

type Row = Awaited<ReturnType<ReturnType<typeof plans>['executeTakeFirstOrThrow']>>
const toPlan = (r: Row): InspectionPlan => ({
  id: r.id, unitId: r.unit_id, unitName: r.unit_name, inspector: r.inspector, inspectorName: r.inspector_name, title: r.title, periodFrom: r.period_from, periodTo: r.period_to,
  status: r.status, note: r.note, findings: Number(r.findings ?? 0), openActions: Number(r.open_actions ?? 0), createdAt: r.created_at,
})

/** Plans over units in the reader's scope, the latest period first. */
export async function listInspectionPlans(db: Executor, ctx: RequestContext, filter: { status?: PlanStatus | undefined; inspector?: Inspector | undefined } = {}): Promise<InspectionPlan[]> {
  requirePermission(ctx, 'inspections.read')
  let q = plans(db, ctx.actor.scopePath)
  if (filter.status) q = q.where('p.status', '=', filter.status)
  if (filter.inspector) q = q.where('p.inspector', '=', filter.inspector)
  return (await q.orderBy('p.period_from', 'desc').orderBy('p.id', 'desc').limit(500).execute()).map(toPlan)
}

/** One plan in scope, or not_found. */
export async function findPlan(db: Executor, scopePath: string, id: number, lock = false) {
  let q = plans(db, scopePath).where('p.id', '=', id)
  if (lock) q = q.forUpdate('p')
  const row = await q.executeTakeFirst()
  if (!row) throw new RuleViolation('not_found', { entity: 'inspection_plan', id })
  return { row, plan: toPlan(row) }
}

/** Plans an inspection of a unit in the planner's scope. Audited (`inspection_plan.create`). */
export async function createInspectionPlan(db: Executor, ctx: RequestContext, input: PlanInput): Promise<InspectionPlan> {
  requirePermission(ctx, 'inspections.manage', 'write')
  if (input.periodTo < input.periodFrom) throw new RuleViolation('inspection_period_invalid', { periodFrom: input.periodFrom, periodTo: input.periodTo })
  return inTransaction(db, async (trx) => {
    const unit = await trx.selectFrom('units').select(['id', 'path', 'province_code']).where('id', '=', input.unitId).where(underScope('path', ctx.actor.scopePath)).executeTakeFirst()
    if (!unit) throw new RuleViolation('not_found', { entity: 'unit', id: input.unitId })
    const { id } = await trx.insertInto('inspection_plans').values({
      province_code: unit.province_code ?? '00', unit_id: unit.id, inspector: input.inspector, inspector_name: input.inspectorName, title: input.title,
      period_from: input.periodFrom, period_to: input.periodTo, note: input.note ?? null, created_by: ctx.actor.userId || null, created_at: ctx.now,
    }).returning('id').executeTakeFirstOrThrow()
    const { plan } = await findPlan(trx, ctx.actor.scopePath, id)
    await recordAudit(trx, ctx, { action: 'inspection_plan.create', entityType: 'inspection_plan', entityId: id, after: plan, scopePath: unit.path })
    return plan
  })
}

/** Moves a plan (planned → in progress → completed, or cancelled). Audited (`inspection_plan.status`). */
export async function setInspectionPlanStatus(db: Executor, ctx: RequestContext, id: number, status: PlanStatus): Promise<InspectionPlan> {
  requirePermission(ctx, 'inspections.manage', 'write')
  return inTransaction(db, async (trx) => {
    const { row, plan } = await findPlan(trx, ctx.actor.scopePath, id, true)
    orThrow(movePlan(plan.status, status))
    await trx.updateTable('inspection_plans').set({ status, updated_at: ctx.now }).where('id', '=', id).execute()
    await recordAudit(trx, ctx, { action: 'inspection_plan.status', entityType: 'inspection_plan', entityId: id, before: { status: plan.status }, after: { status }, scopePath: row.path })
    return (await findPlan(trx, ctx.actor.scopePath, id)).plan
  })
}

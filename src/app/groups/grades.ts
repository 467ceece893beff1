import { gradeGroup, parseGradePeriod, rulesOn, type GroupGrade, type NetworkRulesVersion } from '../../domain/network/index.js'
import { orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { gradeFacts, insertGrades, periodClosed } from '../../db/repositories/groups.js'
import { findNetworkUnitInScope } from '../../db/repositories/network.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { getGroup, type GradeView } from './groups.js'
import { loadRulesVersions } from './rules.js'
import { authorOf, todayOf } from './shared.js'

export interface GradeRunReport {
  readonly runId: bigint
  readonly period: string
  /** 'snapshot': the month is closed and its loan snapshots were used; 'current': balances as they stand. */
  readonly source: 'snapshot' | 'current'
  readonly groups: number
  readonly byGrade: Readonly<Record<GroupGrade, number>>
  /** Groups with no outstanding loan through them: nothing to grade them on yet. */
  readonly ungraded: number
  readonly rulesIds: readonly number[]
}

/**
 * Grades every group of a unit (default: the actor's own) for a month (xếp loại Tổ hằng tháng),
 * set-based: one statement reads each group's outstanding and overdue principal over the loans
 * applied for through it, the pure `gradeGroup` scores each under the rules in force on the
 * month's last day for its province, and the grades are inserted in batches as one run.
 *
 * Runs are never overwritten: computing a month again adds a run, and a group's grade for the
 * month is the latest run's. A closed month is graded from its loan snapshots; an open one from
 * the balances as they stand. The interest collection rate is the month's transaction day's:
 * interest collected ÷ interest due to the day over the group's posted captures; a group not
 * captured that month, and the meetings held (not recorded yet), are left out of the score (neutral).
 */
export async function computeGrades(db: Executor, ctx: RequestContext, input: { period: string; unitId?: number | undefined }): Promise<GradeRunReport> {
  requirePermission(ctx, 'groups.grade', 'write')
  const { period, lastDay } = orThrow(parseGradePeriod(input.period, todayOf(ctx)))
  return inTransaction(db, async (trx) => {
    let scopePath = ctx.actor.scopePath
    if (input.unitId !== undefined) {
      const unit = await findNetworkUnitInScope(trx, input.unitId, ctx.actor.scopePath)
      if (!unit) throw new RuleViolation('not_found', { entity: 'unit', id: input.unitId })
      scopePath = unit.path
    }
    const source = (await periodClosed(trx, period)) ? 'snapshot' : 'current'
    const facts = await gradeFacts(trx, scopePath, period, lastDay, source === 'snapshot' ? period : null)
    const versions = await loadRulesVersions(trx)
    const rulesByProvince = new Map<string, NetworkRulesVersion>()
    const rulesOf = (province: string): NetworkRulesVersion => {
      let rules = rulesByProvince.get(province)
      if (!rules) rulesByProvince.set(province, (rules = orThrow(rulesOn(versions, lastDay as LocalDate, province))))
      return rules
    }
    const byGrade: Record<GroupGrade, number> = { good: 0, fair: 0, average: 0, weak: 0 }
    let ungraded = 0
    const graded = facts.map((f) => {
      const rules = rulesOf(f.province_code)
      const outcome = gradeGroup(
        { outstandingDong: f.outstanding_dong, overdueDong: f.overdue_dong, interestDueDong: f.interest_due_dong, interestCollectedDong: f.interest_collected_dong, meetingsExpected: null, meetingsHeld: null },
        rules.rules.grading,
      )
      if (outcome.grade === null) ungraded++
      else byGrade[outcome.grade]++
      const factors: Record<string, Record<string, unknown>> = Object.fromEntries(Object.entries(outcome.factors).map(([name, o]) => [name, { ...o, valueMicros: o.valueMicros === null ? null : o.valueMicros.toString() }]))
      // The figures the ratio was taken from, so a reader can check it by hand.
      factors.overdueRatio = { ...factors.overdueRatio, outstandingDong: f.outstanding_dong.toString(), overdueDong: f.overdue_dong.toString(), loans: f.loans }
      if (f.interest_due_dong !== null) factors.interestCollectionRate = { ...factors.interestCollectionRate, interestDueDong: f.interest_due_dong.toString(), interestCollectedDong: f.interest_collected_dong?.toString() ?? '0' }
      return { group_id: String(f.group_id), province_code: f.province_code, rules_id: rules.id, score: outcome.score, grade: outcome.grade, factors }
    })
    const rulesIds = [...new Set([...rulesByProvince.values()].map((r) => r.id))]
    const stats = { groups: facts.length, byGrade, ungraded, rulesIds }
    const { id: runId } = await trx
      .insertInto('group_grade_runs')
      .values({ period, scope_path: scopePath, source, computed_at: ctx.now, computed_by: authorOf(ctx), stats: JSON.stringify(stats) })
      .returning('id')
      .executeTakeFirstOrThrow()
    await insertGrades(trx, graded.map((g) => ({ ...g, period, run_id: String(runId) })))
    await recordAudit(trx, ctx, { action: 'group_grades.compute', entityType: 'group_grade_run', entityId: runId, after: { period, source, ...stats }, scopePath })
    return { runId, period, source, groups: facts.length, byGrade, ungraded, rulesIds }
  })
}

/** A group's grades, newest month first; a month graded twice shows both runs, the latest first. */
export async function listGroupGrades(db: Executor, ctx: RequestContext, groupId: bigint): Promise<GradeView[]> {
  return [...(await getGroup(db, ctx, groupId)).grades]
}

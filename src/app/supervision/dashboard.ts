import { sql } from 'kysely'
import { can } from '../../domain/access/index.js'
import { underScope } from '../../db/scope.js'
import { localDateOf, orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { isRuleName, parseRuleParams, RULE_NAMES, type FlagSeverity } from '../../domain/supervision/index.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { overdueInspectionActions } from '../inspections/findings.js'
import { listFlagRules, type FlagRule } from './flag-runs.js'

export interface SupervisionDashboard {
  /** Open or under-review flags per unit and rule. */
  readonly openByUnitRule: readonly { unitId: number | null; unitName: string | null; rule: string; open: number }[]
  /** Per rule: flags resolved (confirmed or dismissed) and the median days from raised to resolved. */
  readonly resolution: readonly { rule: string; resolved: number; medianDays: number | null }[]
  readonly openTotal: number
  readonly overdueActions: number
}

/**
 * The supervision dashboard over the reader's scope, in two set-based queries: open flags by unit
 * and rule, and per rule the median time to resolve (percentile_cont over raised → last update of
 * a confirmed or dismissed flag, in days with one decimal).
 */
export async function supervisionDashboard(db: Executor, ctx: RequestContext): Promise<SupervisionDashboard> {
  requirePermission(ctx, 'loans.read')
  const scope = underScope('f.scope_path', ctx.actor.scopePath)
  const open = await sql<{ unit_id: number | null; unit_name: string | null; rule: string; open: number }>`
    select f.unit_id, u.name as unit_name, f.rule, count(*)::int as open
    from red_flags f left join units u on u.id = f.unit_id
    where f.status in ('open', 'under_review') and ${scope}
    group by f.unit_id, u.name, f.rule
    order by u.name nulls last, f.rule`.execute(db)
  const resolved = await sql<{ rule: string; resolved: number; median_days: string | number | null }>`
    select f.rule, count(*)::int as resolved,
           round((percentile_cont(0.5) within group (order by extract(epoch from (f.updated_at - f.raised_at)) / 86400.0))::numeric, 1) as median_days
    from red_flags f
    where f.status in ('confirmed', 'dismissed') and f.updated_at is not null and ${scope}
    group by f.rule
    order by f.rule`.execute(db)
  const overdue = can(ctx.actor.role, 'inspections.read') ? await overdueInspectionActions(db, ctx, localDateOf(ctx.now)) : 0
  return {
    openByUnitRule: open.rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, rule: r.rule, open: Number(r.open) })),
    resolution: resolved.rows.map((r) => ({ rule: r.rule, resolved: Number(r.resolved), medianDays: r.median_days === null ? null : Number(r.median_days) })),
    openTotal: open.rows.reduce((n, r) => n + Number(r.open), 0),
    overdueActions: overdue,
  }
}

export interface RuleVersionInput {
  readonly validFrom: LocalDate
  readonly params: Readonly<Record<string, unknown>>
  readonly legalBasis: string
  readonly severity?: FlagSeverity | undefined
  readonly enabled?: boolean | undefined
}

/**
 * A new dated version of a rule's parameters (rules are data with dates and a legal basis): it
 * must start after the latest version, so what was in force on a past date never changes; the
 * parameters are checked against the catalogue's bounds. Audited (`flag_rule.version`).
 */
export async function newFlagRuleVersion(db: Executor, ctx: RequestContext, rule: string, input: RuleVersionInput): Promise<FlagRule> {
  requirePermission(ctx, 'supervision.rules.manage', 'write')
  if (!isRuleName(rule)) throw new RuleViolation('flag_rule_unknown', { rule, rules: RULE_NAMES })
  const values = orThrow(parseRuleParams(rule, input.params))
  return inTransaction(db, async (trx) => {
    const latest = await trx.selectFrom('flag_rules').select(['valid_from', 'severity', 'enabled', 'params']).where('rule', '=', rule).orderBy('valid_from', 'desc').limit(1).forUpdate().executeTakeFirst()
    if (latest && input.validFrom <= latest.valid_from) throw new RuleViolation('flag_rule_version_not_after_latest', { rule, validFrom: input.validFrom, latest: latest.valid_from })
    const params = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.toString()]))
    const { id } = await trx.insertInto('flag_rules').values({
      rule, valid_from: input.validFrom, severity: input.severity ?? latest?.severity ?? 'medium', enabled: input.enabled ?? latest?.enabled ?? true,
      params: JSON.stringify(params), legal_basis: input.legalBasis, created_by: ctx.actor.userId || null, created_at: ctx.now,
    }).returning('id').executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'flag_rule.version', entityType: 'flag_rule', entityId: id, before: latest ?? null, after: { rule, validFrom: input.validFrom, params, legalBasis: input.legalBasis, severity: input.severity, enabled: input.enabled } })
    return (await listFlagRules(trx, ctx, input.validFrom)).find((r) => r.name === rule)!
  })
}

import { sql } from 'kysely'
import { performance } from 'node:perf_hooks'
import { underScope } from '../../db/scope.js'
import { assert, localDateOf, orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { isRuleName, parseRuleParams, RULE_NAMES, RULES, type FlagSeverity, type RuleName, type RuleParams, type RuleSpec } from '../../domain/supervision/index.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { RULE_QUERIES } from './rule-queries.js'

/** A rule with the parameter version in force on a date. */
export interface FlagRule extends RuleSpec {
  readonly enabled: boolean
  readonly severity: FlagSeverity
  readonly params: RuleSpec['params']
  readonly values: RuleParams
  readonly validFrom: string | null
  readonly legalBasis: string | null
}

export interface FlagRunResult {
  readonly runId: bigint
  readonly rule: RuleName
  readonly asOf: LocalDate
  readonly severity: FlagSeverity
  readonly params: RuleParams
  /** Subjects the rule matched in the actor's scope. */
  readonly candidates: number
  /** New flags: candidates without an open or under-review flag of the same rule and subject. */
  readonly raised: number
  readonly durationMs: number
}

/** Every rule with its parameters in force on `asOf` (the latest version from on or before it). */
export async function listFlagRules(db: Executor, ctx: RequestContext, asOf?: LocalDate): Promise<FlagRule[]> {
  requirePermission(ctx, 'loans.read')
  const on = asOf ?? localDateOf(ctx.now)
  const rows = await db.selectFrom('flag_rules').selectAll().where('valid_from', '<=', on).orderBy('rule').orderBy('valid_from', 'desc').execute()
  return RULE_NAMES.map((name) => {
    const row = rows.find((r) => r.rule === name)
    return {
      ...RULES[name],
      enabled: row?.enabled ?? true,
      severity: row?.severity ?? RULES[name].severity,
      values: orThrow(parseRuleParams(name, row?.params ?? {})),
      validFrom: row?.valid_from ?? null,
      legalBasis: row?.legal_basis ?? null,
    }
  })
}

/**
 * Runs the red-flag rules (all, or the named ones) over the portfolio in the actor's scope as of a
 * date. Each rule runs in its own transaction as one statement that finds candidates and inserts
 * only the new flags; the run is recorded in `flag_runs` and audited. A second run with nothing
 * changed raises nothing (the partial unique index of migration 0020).
 */
export async function runFlagRules(db: Executor, ctx: RequestContext, input: { rules?: readonly string[] | undefined; asOf?: LocalDate | undefined } = {}): Promise<FlagRunResult[]> {
  requirePermission(ctx, 'supervision.run', 'write')
  const asOf = input.asOf ?? localDateOf(ctx.now)
  const names = input.rules?.length ? input.rules : RULE_NAMES
  for (const n of names) if (!isRuleName(n)) throw new RuleViolation('flag_rule_unknown', { rule: n, rules: RULE_NAMES })
  const rules = (await listFlagRules(db, ctx, asOf)).filter((r) => r.enabled && names.includes(r.name))
  const results: FlagRunResult[] = []
  for (const rule of rules) results.push(await runOne(db, ctx, rule, asOf))
  return results
}

/**
 * The settings a rule runs under, inside its transaction. Each rule is one statement over the
 * whole portfolio: room to hash and sort a million loans in memory rather than in temporary files
 * (as the month-end close does), and no JIT — on PostgreSQL, compiling these wide plans cost
 * seconds per rule and saved none (EXPLAIN ANALYZE at 200,000 loans: 6 of borrower_not_on_list's
 * 12.7 s). bench/flags.ts explains the slowest rule under the same settings.
 */
export async function useRuleRunSettings(trx: Executor): Promise<void> {
  await sql`set local work_mem = '256MB'`.execute(trx)
  await sql`set local jit = off`.execute(trx)
}

async function runOne(db: Executor, ctx: RequestContext, rule: FlagRule, asOf: LocalDate): Promise<FlagRunResult> {
  const scope = ctx.actor.scopePath
  assert(/^\/(\d+\/)+$/.test(scope), `malformed scope path ${scope}`)
  const paramsJson = Object.fromEntries(Object.entries(rule.values).map(([k, v]) => [k, v.toString()]))
  return inTransaction(db, async (trx) => {
    const started = performance.now()
    await useRuleRunSettings(trx)
    const run = await trx.insertInto('flag_runs')
      .values({ rule: rule.name, as_of: asOf, scope_path: scope, params: JSON.stringify(paramsJson), run_by: ctx.actor.userId || null, request_id: ctx.requestId, started_at: ctx.now })
      .returning('id').executeTakeFirstOrThrow()
    const { rows } = await sql<{ candidates: number; raised: number }>`
      with cand as (${RULE_QUERIES[rule.name](rule.values, asOf)}),
      scoped as (select * from cand c where c.scope_path like ${scope + '%'}),
      ins as (
        insert into red_flags (rule, severity, province_code, unit_id, scope_path, subject_type, subject_id, amount_dong, evidence, source_type, source_id)
        select ${rule.name}, ${rule.severity}, c.province_code, c.unit_id, c.scope_path, ${rule.subjectType}, c.subject_id, c.amount_dong, c.evidence,
               'flag_rule', ${run.id.toString()}
        from scoped c
        on conflict (rule, subject_type, subject_id) where source_type = 'flag_rule' and status in ('open', 'under_review') do nothing
        returning id
      )
      select (select count(*) from scoped)::int as candidates, (select count(*) from ins)::int as raised`.execute(trx)
    const candidates = Number(rows[0]!.candidates)
    const raised = Number(rows[0]!.raised)
    const durationMs = Math.round(performance.now() - started)
    await trx.updateTable('flag_runs').set({ candidates, raised, duration_ms: durationMs }).where('id', '=', run.id).execute()
    const result: FlagRunResult = { runId: run.id, rule: rule.name, asOf, severity: rule.severity, params: rule.values, candidates, raised, durationMs }
    await recordAudit(trx, ctx, { action: 'flag_rule.run', entityType: 'flag_run', entityId: run.id, after: result, scopePath: scope })
    return result
  })
}

/** The latest runs, newest first: what each rule found and how long it took. */
export async function listFlagRuns(db: Executor, ctx: RequestContext, limit = 50) {
  requirePermission(ctx, 'loans.read')
  return db.selectFrom('flag_runs').selectAll().where(underScope('scope_path', ctx.actor.scopePath)).orderBy('id', 'desc').limit(limit).execute()
}

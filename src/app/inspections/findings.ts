import { sql } from 'kysely'
import { underScope } from '../../db/scope.js'
import { orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { followUpAllowed, type ActionKind, type FindingOutcome } from '../../domain/supervision/index.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { runLoanEvent } from '../loans/loan-events.js'
import { loansOfFlag } from '../supervision/flag-loans.js'
import { findPlan, type InspectionPlan } from './plans.js'

/** What an inspection found for one loan or savings group; names the borrower (personal data). */
export interface InspectionFinding {
  readonly id: bigint
  readonly planId: number
  readonly planTitle: string
  readonly unitId: number
  readonly loanId: bigint | null
  readonly groupId: bigint | null
  readonly groupName: string | null
  readonly householdCode: string | null
  readonly borrowerName: string | null
  readonly loanStatus: string | null
  readonly recalledOn: string | null
  readonly outcome: FindingOutcome
  readonly foundOn: string
  readonly notes: string | null
  /** The confirmed red flag the finding was recorded from (POST /red-flags/{id}/recall), if any. */
  readonly redFlagId: bigint | null
  readonly actions: readonly InspectionAction[]
}

export interface InspectionAction {
  readonly id: bigint
  readonly findingId: bigint
  readonly kind: ActionKind
  readonly dueOn: string
  readonly amountDong: bigint | null
  readonly note: string | null
  readonly status: 'open' | 'completed' | 'cancelled'
  readonly completedOn: string | null
  readonly completedBy: number | null
  readonly completedByName: string | null
  readonly completionNote: string | null
}

export interface FindingInput {
  readonly planId: number
  readonly loanId?: bigint | undefined
  readonly groupId?: bigint | undefined
  readonly outcome: FindingOutcome
  readonly foundOn: LocalDate
  readonly notes?: string | null | undefined
}

const findings = (db: Executor, scopePath: string) => db.selectFrom('inspection_findings as f')
  .innerJoin('units as u', 'u.id', 'f.unit_id')
  .innerJoin('inspection_plans as ip', 'ip.id', 'f.plan_id')
  .leftJoin('loans as l', 'l.id', 'f.loan_id')
  .leftJoin('households as h', 'h.id', 'l.household_id')
  .leftJoin('persons as pe', 'pe.id', 'h.head_person_id')
  .leftJoin('savings_groups as g', 'g.id', 'f.group_id')
  .select(['f.id', 'f.plan_id', 'ip.title as plan_title', 'f.red_flag_id', 'f.unit_id', 'u.path', 'f.loan_id', 'f.group_id', 'g.name as group_name', 'h.code as household_code', 'pe.full_name as borrower_name',
    'l.status as loan_status', 'l.recalled_on', 'f.outcome', 'f.found_on', 'f.notes', 'f.province_code'])
  .where(underScope('u.path', scopePath))

const actions = (db: Executor) => db.selectFrom('inspection_actions as a').leftJoin('users as cu', 'cu.id', 'a.completed_by')
  .select(['a.id', 'a.finding_id', 'a.kind', 'a.due_on', 'a.amount_dong', 'a.note', 'a.status', 'a.completed_on', 'a.completed_by', 'cu.full_name as completed_by_name', 'a.completion_note', 'a.province_code'])

type FindingRow = Awaited<ReturnType<ReturnType<typeof findings>['executeTakeFirstOrThrow']>>
type ActionRow = Awaited<ReturnType<ReturnType<typeof actions>['executeTakeFirstOrThrow']>>
const toAction = (a: ActionRow): InspectionAction => ({
  id: a.id, findingId: a.finding_id, kind: a.kind, dueOn: a.due_on, amountDong: a.amount_dong, note: a.note, status: a.status, completedOn: a.completed_on,
  completedBy: a.completed_by, completedByName: a.completed_by_name, completionNote: a.completion_note,
})
const toFinding = (r: FindingRow, acts: readonly ActionRow[]): InspectionFinding => ({
  id: r.id, planId: r.plan_id, planTitle: r.plan_title, unitId: r.unit_id, loanId: r.loan_id, groupId: r.group_id, groupName: r.group_name, householdCode: r.household_code, borrowerName: r.borrower_name,
  loanStatus: r.loan_status, recalledOn: r.recalled_on, outcome: r.outcome, foundOn: r.found_on, notes: r.notes, redFlagId: r.red_flag_id,
  actions: acts.filter((a) => a.finding_id === r.id).map(toAction),
})

async function withActions(db: Executor, rows: readonly FindingRow[]): Promise<InspectionFinding[]> {
  if (rows.length === 0) return []
  const acts = await actions(db).where('a.finding_id', 'in', rows.map((r) => r.id)).orderBy('a.id').execute()
  return rows.map((r) => toFinding(r, acts))
}

/**
 * A plan with its findings and their follow-ups. The findings name borrowers, so the read is
 * audited (`inspection_plan.view`) whoever reads — the Representative Board's and the Fatherland
 * Front's views of personal data must be traceable (issue 9).
 */
export async function getInspectionPlan(db: Executor, ctx: RequestContext, id: number): Promise<InspectionPlan & { findingsList: InspectionFinding[] }> {
  requirePermission(ctx, 'inspections.read')
  return inTransaction(db, async (trx) => {
    const { row, plan } = await findPlan(trx, ctx.actor.scopePath, id)
    const rows = await findings(trx, ctx.actor.scopePath).where('f.plan_id', '=', id).orderBy('f.id').execute()
    await recordAudit(trx, ctx, { action: 'inspection_plan.view', entityType: 'inspection_plan', entityId: id, after: { findings: rows.length }, scopePath: row.path })
    return { ...plan, findingsList: await withActions(trx, rows) }
  })
}

/** The findings of one loan (newest first), for the loan's page. Audited like the plan's. */
export async function findingsOfLoan(db: Executor, ctx: RequestContext, loanId: bigint): Promise<InspectionFinding[]> {
  requirePermission(ctx, 'inspections.read')
  return inTransaction(db, async (trx) => {
    const rows = await findings(trx, ctx.actor.scopePath).where('f.loan_id', '=', loanId).orderBy('f.id', 'desc').execute()
    if (rows.length > 0) await recordAudit(trx, ctx, { action: 'inspection_finding.view', entityType: 'loan', entityId: loanId, after: { findings: rows.length }, scopePath: rows[0]!.path })
    return withActions(trx, rows)
  })
}

/**
 * Records a finding for a loan or a savings group of the plan's unit (both in the recorder's
 * scope), while the plan is planned or in progress; a planned plan moves to in progress.
 * Audited (`inspection_finding.create`).
 */
export async function recordInspectionFinding(db: Executor, ctx: RequestContext, input: FindingInput): Promise<InspectionFinding> {
  requirePermission(ctx, 'inspections.manage', 'write')
  if ((input.loanId === undefined) === (input.groupId === undefined)) throw new RuleViolation('validation_failed', { issues: [{ path: 'loanId', message: 'name a loan or a group, one of them' }] })
  return inTransaction(db, (trx) => addFinding(trx, ctx, input, null))
}

/** The finding's checks and insert, inside the caller's transaction; `redFlagId` links it to the flag it came from. */
async function addFinding(trx: Executor, ctx: RequestContext, input: FindingInput, redFlagId: bigint | null): Promise<InspectionFinding> {
  const { row: plan } = await findPlan(trx, ctx.actor.scopePath, input.planId, true)
  if (plan.status === 'completed' || plan.status === 'cancelled') throw new RuleViolation('inspection_plan_closed', { planId: input.planId, status: plan.status })
  const target = input.loanId !== undefined
    ? await trx.selectFrom('loans as t').innerJoin('units as tu', 'tu.id', 't.commune_unit_id').select(['t.province_code', 'tu.id as unit_id', 'tu.path'])
      .where('t.id', '=', input.loanId).where(underScope('tu.path', ctx.actor.scopePath)).executeTakeFirst()
    : await trx.selectFrom('savings_groups as t').innerJoin('units as tu', 'tu.id', 't.commune_unit_id').select(['t.province_code', 'tu.id as unit_id', 'tu.path'])
      .where('t.id', '=', input.groupId!).where(underScope('tu.path', ctx.actor.scopePath)).executeTakeFirst()
  if (!target) throw new RuleViolation('not_found', { entity: input.loanId !== undefined ? 'loan' : 'savings_group', id: input.loanId ?? input.groupId })
  if (!target.path.startsWith(plan.path)) throw new RuleViolation('inspection_target_outside_plan', { planUnitId: plan.unit_id, unitId: target.unit_id })
  const { id } = await trx.insertInto('inspection_findings').values({
    plan_id: input.planId, province_code: target.province_code, unit_id: target.unit_id, loan_id: input.loanId ?? null, group_id: input.groupId ?? null,
    outcome: input.outcome, found_on: input.foundOn, notes: input.notes ?? null, recorded_by: ctx.actor.userId || null, created_at: ctx.now, red_flag_id: redFlagId,
  }).returning('id').executeTakeFirstOrThrow()
  if (plan.status === 'planned') await trx.updateTable('inspection_plans').set({ status: 'in_progress', updated_at: ctx.now }).where('id', '=', input.planId).execute()
  const [finding] = await withActions(trx, [await findings(trx, ctx.actor.scopePath).where('f.id', '=', id).executeTakeFirstOrThrow()])
  await recordAudit(trx, ctx, { action: 'inspection_finding.create', entityType: 'inspection_finding', entityId: id, after: finding, scopePath: target.path })
  return finding!
}

export interface ActionInput {
  readonly findingId: bigint
  readonly kind: ActionKind
  readonly dueOn: LocalDate
  readonly amountDong?: bigint | null | undefined
  readonly note?: string | null | undefined
}

/** Opens a follow-up of a finding (a recall only for a loan found misused or not found). Audited (`inspection_action.create`). */
export async function createInspectionAction(db: Executor, ctx: RequestContext, input: ActionInput): Promise<InspectionAction> {
  requirePermission(ctx, 'inspections.manage', 'write')
  return inTransaction(db, (trx) => addAction(trx, ctx, input))
}

async function addAction(trx: Executor, ctx: RequestContext, input: ActionInput): Promise<InspectionAction> {
  const finding = await findings(trx, ctx.actor.scopePath).where('f.id', '=', input.findingId).executeTakeFirst()
  if (!finding) throw new RuleViolation('not_found', { entity: 'inspection_finding', id: input.findingId })
  orThrow(followUpAllowed(input.kind, finding.outcome, finding.loan_id !== null))
  const { id } = await trx.insertInto('inspection_actions').values({
    finding_id: input.findingId, province_code: finding.province_code, kind: input.kind, due_on: input.dueOn, amount_dong: input.amountDong ?? null,
    note: input.note ?? null, created_by: ctx.actor.userId || null, created_at: ctx.now,
  }).returning('id').executeTakeFirstOrThrow()
  const action = toAction(await actions(trx).where('a.id', '=', id).executeTakeFirstOrThrow())
  await recordAudit(trx, ctx, { action: 'inspection_action.create', entityType: 'inspection_action', entityId: id, after: action, scopePath: finding.path })
  return action
}

/**
 * Completes an open follow-up on a date. Completing a recall recalls the loan through the loan
 * engine (the `recall` loan event: every instalment not yet due falls due on that date), in the
 * same transaction — so it needs the loan-management permission too, and a loan the engine
 * refuses to recall (closed, frozen) leaves the action open. Audited (`inspection_action.complete`).
 */
export async function completeInspectionAction(db: Executor, ctx: RequestContext, id: bigint, input: { completedOn: LocalDate; note?: string | null | undefined }): Promise<InspectionAction> {
  requirePermission(ctx, 'inspections.manage', 'write')
  return inTransaction(db, async (trx) => {
    const before = await actions(trx).innerJoin('inspection_findings as f', 'f.id', 'a.finding_id').innerJoin('units as u', 'u.id', 'f.unit_id')
      .select(['f.loan_id', 'u.path']).where('a.id', '=', id).where(underScope('u.path', ctx.actor.scopePath)).forUpdate('a').executeTakeFirst()
    if (!before) throw new RuleViolation('not_found', { entity: 'inspection_action', id })
    if (before.status !== 'open') throw new RuleViolation('inspection_action_not_open', { id, status: before.status })
    if (before.kind === 'recall') await runLoanEvent(trx, ctx, before.loan_id!, { type: 'recall', date: input.completedOn }, { inspectionActionId: id.toString() })
    await trx.updateTable('inspection_actions')
      .set({ status: 'completed', completed_on: input.completedOn, completed_by: ctx.actor.userId || null, completion_note: input.note ?? null })
      .where('id', '=', id).execute()
    const after = toAction(await actions(trx).where('a.id', '=', id).executeTakeFirstOrThrow())
    await recordAudit(trx, ctx, { action: 'inspection_action.complete', entityType: 'inspection_action', entityId: id, before: toAction(before), after, scopePath: before.path })
    return after
  })
}

/** Cancels an open follow-up with a reason. Audited (`inspection_action.cancel`). */
export async function cancelInspectionAction(db: Executor, ctx: RequestContext, id: bigint, reason: string): Promise<InspectionAction> {
  requirePermission(ctx, 'inspections.manage', 'write')
  return inTransaction(db, async (trx) => {
    const before = await actions(trx).innerJoin('inspection_findings as f', 'f.id', 'a.finding_id').innerJoin('units as u', 'u.id', 'f.unit_id')
      .select(['u.path']).where('a.id', '=', id).where(underScope('u.path', ctx.actor.scopePath)).forUpdate('a').executeTakeFirst()
    if (!before) throw new RuleViolation('not_found', { entity: 'inspection_action', id })
    if (before.status !== 'open') throw new RuleViolation('inspection_action_not_open', { id, status: before.status })
    await trx.updateTable('inspection_actions').set({ status: 'cancelled', completion_note: reason }).where('id', '=', id).execute()
    const after = toAction(await actions(trx).where('a.id', '=', id).executeTakeFirstOrThrow())
    await recordAudit(trx, ctx, { action: 'inspection_action.cancel', entityType: 'inspection_action', entityId: id, before: toAction(before), after, scopePath: before.path })
    return after
  })
}

/** Open follow-ups in scope whose due date has passed, for the dashboard and the CLI. */
export async function overdueInspectionActions(db: Executor, ctx: RequestContext, asOf: LocalDate): Promise<number> {
  requirePermission(ctx, 'inspections.read')
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from inspection_actions a join inspection_findings f on f.id = a.finding_id join units u on u.id = f.unit_id
    where a.status = 'open' and a.due_on < ${asOf}::date and ${underScope('u.path', ctx.actor.scopePath)}`.execute(db)
  return Number(rows[0]?.n ?? 0)
}

export interface FlagRecallInput {
  readonly planId: number
  /** Needed when the flag concerns several open loans (a household, a group, a person); else its only loan. */
  readonly loanId?: bigint | undefined
  readonly outcome: FindingOutcome
  readonly foundOn: LocalDate
  readonly dueOn: LocalDate
  readonly amountDong?: bigint | null | undefined
  readonly note?: string | null | undefined
}

const isFlagRecallDuplicate = (e: unknown): boolean => {
  const x = e as { code?: string; constraint?: string; message?: string } | null
  return x?.code === '23505' && (x.constraint === 'inspection_findings_flag_loan_idx' || String(x.message ?? '').includes('inspection_findings_flag_loan_idx'))
}

/**
 * Records, from a confirmed red flag, the finding on one of the flag's open loans (misused or
 * not found, in an open inspection plan of a unit holding the loan) and its recall, in one
 * transaction: the finding keeps the flag's id, so the flag's page lists the recall and its
 * completion. Refused with a named code when the flag is not confirmed (red_flag_not_confirmed),
 * concerns no open loan (red_flag_without_loan), the loan is not one of the flag's, or is not
 * named when the flag has several (red_flag_loan_not_linked), or a recall of that loan was
 * already recorded from the flag (red_flag_recall_exists). Audited (`red_flag.recall`, with the
 * finding's and the action's own entries). Completing the recall stays
 * POST /inspections/actions/{id}/complete, which recalls the loan through the loan engine.
 */
export async function recordFlagRecall(db: Executor, ctx: RequestContext, flagId: bigint, input: FlagRecallInput): Promise<InspectionFinding> {
  requirePermission(ctx, 'inspections.manage', 'write')
  return inTransaction(db, async (trx) => {
    const flag = await trx.selectFrom('red_flags').select(['id', 'status', 'subject_type', 'subject_id', 'evidence', 'scope_path'])
      .where('id', '=', flagId).where(underScope('scope_path', ctx.actor.scopePath)).forUpdate().executeTakeFirst()
    // Details carry ids as strings: the CLI prints them as JSON.
    const id = flagId.toString()
    if (!flag) throw new RuleViolation('not_found', { entity: 'red_flag', id })
    if (flag.status !== 'confirmed') throw new RuleViolation('red_flag_not_confirmed', { id, status: flag.status })
    const loans = await loansOfFlag(trx, flag)
    if (loans.length === 0) throw new RuleViolation('red_flag_without_loan', { id, subjectType: flag.subject_type, subjectId: flag.subject_id })
    const loanId = input.loanId ?? (loans.length === 1 ? loans[0]!.id : undefined)
    if (loanId === undefined || !loans.some((l) => l.id === loanId)) throw new RuleViolation('red_flag_loan_not_linked', { id, loanId: input.loanId?.toString() ?? null, loanIds: loans.map((l) => l.id.toString()) })
    const earlier = await trx.selectFrom('inspection_findings').select('id').where('red_flag_id', '=', flagId).where('loan_id', '=', loanId).executeTakeFirst()
    if (earlier) throw new RuleViolation('red_flag_recall_exists', { id, loanId: loanId.toString(), findingId: earlier.id.toString() })
    let finding: InspectionFinding
    try {
      finding = await addFinding(trx, ctx, { planId: input.planId, loanId, outcome: input.outcome, foundOn: input.foundOn, notes: input.note }, flagId)
    } catch (e) {
      // Two recalls of one flag and loan at once: the second waits on the first's row, then meets the index.
      if (isFlagRecallDuplicate(e)) throw new RuleViolation('red_flag_recall_exists', { id, loanId: loanId.toString() })
      throw e
    }
    const action = await addAction(trx, ctx, { findingId: finding.id, kind: 'recall', dueOn: input.dueOn, amountDong: input.amountDong, note: input.note })
    await recordAudit(trx, ctx, { action: 'red_flag.recall', entityType: 'red_flag', entityId: flagId, after: { findingId: finding.id, actionId: action.id, loanId }, scopePath: flag.scope_path })
    return { ...finding, actions: [action] }
  })
}

/** The findings recorded from a flag, with their follow-ups (the flag's page lists them). */
export async function findingsOfFlag(db: Executor, scopePath: string, flagId: bigint): Promise<InspectionFinding[]> {
  return withActions(db, await findings(db, scopePath).where('f.red_flag_id', '=', flagId).orderBy('f.id').execute())
}

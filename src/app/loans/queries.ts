import { readLoanDetail, type LoanDetail } from '../../db/repositories/loans.js'
import { underScope } from '../../db/scope.js'
import { RuleViolation } from '../../domain/shared/index.js'
import type { Executor, RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'

/** Applications in the actor's scope, optionally by status: the workflow queue. */
export async function listApplications(db: Executor, ctx: RequestContext, filter: { status?: string | undefined; limit: number; offset: number }) {
  requirePermission(ctx, 'loans.read')
  let q = db.selectFrom('loan_applications as a')
    .innerJoin('units', 'units.id', 'a.commune_unit_id')
    .innerJoin('households as h', 'h.id', 'a.household_id')
    .leftJoin('persons as p', 'p.id', 'h.head_person_id')
    .innerJoin('programs as g', 'g.code', 'a.program_code')
    .where(underScope('units.path', ctx.actor.scopePath))
  if (filter.status) q = q.where('a.status', '=', filter.status as never)
  const [items, count] = await Promise.all([
    q.leftJoin('loans as l', 'l.application_id', 'a.id')
      .select(['a.id', 'a.status', 'a.program_code', 'g.name_vi as program_name', 'g.name_en as program_name_en', 'a.amount_dong', 'a.term_months', 'a.purpose', 'a.application_date',
        'a.household_id', 'h.code as household_code', 'p.full_name as head_name', 'units.name as commune_name', 'a.approval_id', 'a.rejection_reason', 'a.eligibility', 'l.id as loan_id'])
      .orderBy('a.id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    q.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}

/**
 * One application in scope with what each step recorded (who and when), its eligibility snapshot,
 * the approval it waits for or got, and the loan it became.
 */
export async function getApplication(db: Executor, ctx: RequestContext, applicationId: bigint) {
  requirePermission(ctx, 'loans.read')
  const row = await db.selectFrom('loan_applications as a')
    .innerJoin('units', 'units.id', 'a.commune_unit_id')
    .innerJoin('households as h', 'h.id', 'a.household_id')
    .leftJoin('persons as p', 'p.id', 'h.head_person_id')
    .innerJoin('programs as g', 'g.code', 'a.program_code')
    .innerJoin('program_terms as pt', 'pt.id', 'a.terms_id')
    .innerJoin('capital_sources as cs', 'cs.code', 'a.capital_source_code')
    .leftJoin('users as submitter', 'submitter.id', 'a.submitted_by')
    .leftJoin('users as reviewer', 'reviewer.id', 'a.group_reviewed_by')
    .leftJoin('users as confirmer', 'confirmer.id', 'a.commune_confirmed_by')
    .leftJoin('users as decider', 'decider.id', 'a.decided_by')
    .leftJoin('approvals as ap', 'ap.id', 'a.approval_id')
    .leftJoin('users as maker', 'maker.id', 'ap.maker_id')
    .leftJoin('users as checker', 'checker.id', 'ap.checker_id')
    .leftJoin('loans as l', 'l.application_id', 'a.id')
    .selectAll('a')
    .select([
      'units.name as commune_name', 'h.code as household_code', 'p.full_name as head_name', 'h.residence_type',
      'g.name_vi as program_name', 'g.name_en as program_name_en', 'pt.legal_basis', 'pt.valid_from as terms_valid_from',
      'cs.name_vi as capital_source_name', 'cs.name_en as capital_source_name_en',
      'submitter.full_name as submitted_by_name', 'reviewer.full_name as group_reviewed_by_name', 'confirmer.full_name as commune_confirmed_by_name',
      'decider.full_name as decided_by_name', 'ap.status as approval_status', 'ap.made_at as approval_made_at', 'ap.decided_at as approval_decided_at',
      'ap.reason as approval_reason', 'maker.full_name as approval_maker_name', 'checker.full_name as approval_checker_name', 'l.id as loan_id',
    ])
    .where('a.id', '=', applicationId).where(underScope('units.path', ctx.actor.scopePath))
    .executeTakeFirst()
  if (!row) throw new RuleViolation('not_found', { entity: 'loan_application', id: applicationId })
  return row
}

/** The capital sources (central, local budgets) a program may lend from, with their names. */
export async function listCapitalSources(db: Executor, ctx: RequestContext) {
  requirePermission(ctx, 'programs.read')
  return db.selectFrom('capital_sources').select(['code', 'name_vi', 'name_en', 'kind']).orderBy('kind').orderBy('code').execute()
}

/** One loan with its schedule, events and postings, in scope (one statement). */
export async function getLoan(db: Executor, ctx: RequestContext, loanId: bigint): Promise<LoanDetail> {
  requirePermission(ctx, 'loans.read')
  const detail = await readLoanDetail(db, loanId, ctx.actor.scopePath)
  if (!detail) throw new RuleViolation('not_found', { entity: 'loan', id: loanId })
  return detail
}

/** Loans in scope, newest first. */
export async function listLoans(db: Executor, ctx: RequestContext, filter: { status?: string | undefined; householdId?: bigint | undefined; limit: number; offset: number }) {
  requirePermission(ctx, 'loans.read')
  let q = db.selectFrom('loans as l')
    .innerJoin('units', 'units.id', 'l.commune_unit_id')
    .innerJoin('households as h', 'h.id', 'l.household_id')
    .leftJoin('persons as p', 'p.id', 'h.head_person_id')
    .where(underScope('units.path', ctx.actor.scopePath))
  if (filter.status) q = q.where('l.status', '=', filter.status as never)
  if (filter.householdId !== undefined) q = q.where('l.household_id', '=', filter.householdId)
  const [items, count] = await Promise.all([
    q.innerJoin('programs as g', 'g.code', 'l.program_code').select(['l.id', 'l.status', 'l.program_code', 'g.name_vi as program_name', 'g.name_en as program_name_en', 'l.approved_dong', 'l.disbursed_dong', 'l.principal_in_term_dong', 'l.principal_overdue_dong', 'l.principal_frozen_dong',
      'l.interest_dong', 'l.overdue_interest_dong', 'l.contract_date', 'h.code as household_code', 'p.full_name as head_name', 'units.name as commune_name'])
      .orderBy('l.id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    q.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}

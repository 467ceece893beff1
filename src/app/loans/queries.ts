import { sql } from 'kysely'
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
    q.select(['a.id', 'a.status', 'a.program_code', 'g.name_vi as program_name', 'a.amount_dong', 'a.term_months', 'a.purpose', 'a.application_date',
      'a.household_id', 'h.code as household_code', 'p.full_name as head_name', 'units.name as commune_name', 'a.approval_id', 'a.rejection_reason', 'a.eligibility'])
      .orderBy('a.id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    q.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}

/** One loan with its schedule, events and postings, in scope. */
export async function getLoan(db: Executor, ctx: RequestContext, loanId: bigint) {
  requirePermission(ctx, 'loans.read')
  const loan = await db.selectFrom('loans as l')
    .innerJoin('units', 'units.id', 'l.commune_unit_id')
    .innerJoin('households as h', 'h.id', 'l.household_id')
    .leftJoin('persons as p', 'p.id', 'h.head_person_id')
    .innerJoin('programs as g', 'g.code', 'l.program_code')
    .selectAll('l').select(['units.name as commune_name', 'h.code as household_code', 'p.full_name as head_name', 'g.name_vi as program_name', 'g.name_en as program_name_en'])
    .where('l.id', '=', loanId).where(underScope('units.path', ctx.actor.scopePath))
    .executeTakeFirst()
  if (!loan) throw new RuleViolation('not_found', { entity: 'loan', id: loanId })
  const [instalments, events, postings] = await Promise.all([
    db.selectFrom('loan_instalments').selectAll().where('loan_id', '=', loanId).orderBy('seq').execute(),
    db.selectFrom('loan_events').select(['id', 'type', 'event_date', 'payload', 'entry_ids', 'created_at']).where('loan_id', '=', loanId).orderBy('id').execute(),
    sql<{ entry_id: bigint; entry_date: string; kind: string; account: string; amount_dong: bigint }>`
      select p.entry_id, p.entry_date, e.kind, a.key as account, p.amount_dong
      from postings p join journal_entries e on e.id = p.entry_id join ledger_accounts a on a.id = p.account_id
      where p.loan_id = ${loanId.toString()}::bigint order by p.entry_id, p.id`.execute(db).then((r) => r.rows),
  ])
  return { loan, instalments, events, postings }
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
    q.select(['l.id', 'l.status', 'l.program_code', 'l.approved_dong', 'l.disbursed_dong', 'l.principal_in_term_dong', 'l.principal_overdue_dong', 'l.principal_frozen_dong',
      'l.interest_dong', 'l.overdue_interest_dong', 'l.contract_date', 'h.code as household_code', 'p.full_name as head_name', 'units.name as commune_name'])
      .orderBy('l.id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    q.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}

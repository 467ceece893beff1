import { sql } from 'kysely'
import { DAYS_PER_YEAR, MICROS } from '../domain/loans/index.js'
import { addDays, addMonths, assert, fail, fromYmd, ok, RuleViolation, type LocalDate, type Result } from '../domain/shared/index.js'
import { recordAudit } from '../app/audit.js'
import type { Executor, RequestContext } from '../app/context.js'
import { requirePermission } from '../app/guards.js'
import { runLoanEvent } from '../app/loans/loan-events.js'
import { refreshRateSegments } from '../app/programs.js'
import { accrueFees } from './accrue-fees.js'
import { creditSavingsInterest } from './savings-interest.js'
// -- capital --
import { splitLocalFundInterest } from './capital-interest-split.js'
// -- reports (aggregates) --
import { buildReportAggregates } from '../db/repositories/reports.js'

export interface ClosePeriod {
  readonly period: string
  /** Last day of the month: the date month-end entries carry. */
  readonly periodEnd: LocalDate
  /** First day of the next month: interest is accrued for every day before it. */
  readonly until: LocalDate
}

export function parsePeriod(text: string): Result<ClosePeriod> {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text)
  if (!m) return fail('validation_failed', { field: 'period', expected: 'YYYY-MM' })
  const first = fromYmd(Number(m[1]), Number(m[2]), 1)
  const until = addMonths(first, 1)
  return ok({ period: text, periodEnd: addDays(until, -1), until })
}

export interface CloseReport {
  readonly period: string
  readonly alreadyClosed: boolean
  readonly loansAccrued: number
  readonly unfrozen: number
  readonly interestPostedDong: bigint
  readonly overduePostedDong: bigint
  readonly principalMovedOverdueDong: bigint
  readonly snapshots: number
  /** Entrustment fee and commission accruals written (src/jobs/accrue-fees.ts) and their net total. */
  readonly feesAccrued: number
  readonly feesAccruedDong: bigint
}

/** Reports each step as it starts and ends; the close awaits it (the CLI draws a bar with it). */
export type Progress = (step: string, done: number, total: number) => void | Promise<void>

/** The close's steps in order: the progress bar's scale. */
export const CLOSE_STEPS = [
  'unfreeze', 'loans', 'cuts', 'analyze_loans', 'analyze_cuts', 'interest', 'analyze_results', 'accounts', 'entries', 'entries_insert',
  'targets', 'postings', 'loans_update', 'instalments', 'snapshot', /* -- reports (aggregates) -- */ 'report_aggregates', 'fees', 'savings_interest', /* -- capital -- */ 'capital_interest_split', 'commit',
] as const
type CloseStep = (typeof CLOSE_STEPS)[number]

/**
 * Month-end close (kết chuyển cuối tháng): ends freezes whose decision expired, then — in one
 * transaction of set-based statements, whatever the number of loans — moves instalments that fell
 * due overdue, accrues every open loan's interest to the month's last day at the rates in force
 * (normal on in-term principal, the overdue factor on overdue principal, none while frozen), posts
 * one balanced journal entry per province, program, capital source and movement with a posting
 * per loan, and writes the portfolio snapshot.
 *
 * Idempotent: a closed period is not closed again. Resumable: a crash rolls the money step back
 * whole, so running it again gives the result an uninterrupted run would have.
 * The interest numerators equal the domain engine's, and the carried remainders too (floor with
 * carry is additive), so balances match applying `mark_overdue` and `accrue` loan by loan.
 */
export async function closeMonth(db: Executor, ctx: RequestContext, periodText: string, progress: Progress = () => {}): Promise<CloseReport> {
  requirePermission(ctx, 'loans.manage', 'write')
  const period = parsePeriod(periodText)
  if (!period.ok) throw new RuleViolation(period.code, period.details)
  const p = period.value
  const done = await db.selectFrom('period_closes').selectAll().where('period', '=', p.period).executeTakeFirst()
  if (done?.status === 'done') return { ...(done.stats as Omit<CloseReport, 'alreadyClosed'>), ...reviveBigints(done.stats), alreadyClosed: true }
  const previous = await db.selectFrom('period_closes').select('period').where('status', '=', 'done').where('period', '>', p.period).executeTakeFirst()
  if (previous) throw new RuleViolation('period_out_of_order', { laterClosed: previous.period })

  const timings: Record<string, number> = {}
  const step = async <T>(name: CloseStep, work: () => Promise<T>): Promise<T> => {
    const index = CLOSE_STEPS.indexOf(name)
    await progress(name, index, CLOSE_STEPS.length)
    const started = performance.now()
    const result = await work()
    timings[name] = Math.round(performance.now() - started)
    await progress(name, index + 1, CLOSE_STEPS.length)
    return result
  }
  const unfrozen = await step('unfreeze', () => endExpiredFreezes(db, ctx, p))

  const report = await db.transaction().execute(async (trx) => {
    await sql`lock table loans in share row exclusive mode`.execute(trx)
    // Room to sort and hash a million loans in memory rather than in temporary files.
    await sql`set local work_mem = '256MB'`.execute(trx)
    await trx.insertInto('period_closes').values({ period: p.period, status: 'running', started_at: ctx.now, stats: '{}' })
      .onConflict((oc) => oc.column('period').doUpdateSet({ status: 'running', started_at: ctx.now })).execute()
    await refreshRateSegments(trx)
    const stats = await postMonthEnd(trx, ctx, p, step)
    const { numInsertedOrUpdatedRows } = await step('snapshot', () => trx.insertInto('loan_snapshots')
      .columns(['period', 'loan_id', 'province_code', 'commune_unit_id', 'household_id', 'program_code', 'capital_source_code', 'status',
        'principal_in_term_dong', 'principal_overdue_dong', 'principal_frozen_dong', 'interest_dong', 'overdue_interest_dong', 'disbursed_dong'])
      .expression((eb) => eb.selectFrom('loans').select([
        sql.lit(p.period).as('period'), 'id', 'province_code', 'commune_unit_id', 'household_id', 'program_code', 'capital_source_code', 'status',
        'principal_in_term_dong', 'principal_overdue_dong', 'principal_frozen_dong', 'interest_dong', 'overdue_interest_dong', 'disbursed_dong',
      ]).where('status', '<>', 'approved'))
      .onConflict((oc) => oc.columns(['period', 'loan_id']).doNothing())
      .executeTakeFirst())
    // -- reports (aggregates): the month's portfolio and principal turnover for the standard reports, from the snapshot just written --
    const reportAggregates = await step('report_aggregates', () => buildReportAggregates(trx, p.period, p.periodEnd))
    // Entrustment fees and group commissions read the snapshot just written.
    const fees = await step('fees', () => accrueFees(trx, ctx, p))
    const savingsInterest = await step('savings_interest', () => creditSavingsInterest(trx, ctx, p))
    // -- capital: local funds' interest split by their agreements, after every interest posting of the month --
    const capitalInterestSplit = await step('capital_interest_split', () => splitLocalFundInterest(trx, ctx, p))
    const result = {
      period: p.period, unfrozen, ...stats, snapshots: Number(numInsertedOrUpdatedRows ?? 0n),
      feesAccrued: fees.accruals, feesAccruedDong: fees.totalDong, savingsInterestDong: savingsInterest.totalDong, capitalInterestSplit, reportAggregates, statementMs: timings,
    }
    await trx.updateTable('period_closes').set({ status: 'done', finished_at: new Date(), stats: JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) })
      .where('period', '=', p.period).execute()
    await recordAudit(trx, ctx, { action: 'period.close', entityType: 'period', entityId: p.period, after: result })
    await progress('commit', CLOSE_STEPS.length - 1, CLOSE_STEPS.length)
    return result
  })
  await progress('commit', CLOSE_STEPS.length, CLOSE_STEPS.length)
  return { ...report, alreadyClosed: false }
}

function reviveBigints(stats: unknown): Partial<CloseReport> {
  const s = stats as Record<string, unknown>
  return {
    interestPostedDong: BigInt(String(s.interestPostedDong ?? 0)),
    overduePostedDong: BigInt(String(s.overduePostedDong ?? 0)),
    principalMovedOverdueDong: BigInt(String(s.principalMovedOverdueDong ?? 0)),
    feesAccruedDong: BigInt(String(s.feesAccruedDong ?? 0)),
  }
}

/** Frozen loans whose freeze ended within the period are unfrozen by the engine (few loans). */
async function endExpiredFreezes(db: Executor, ctx: RequestContext, p: ClosePeriod): Promise<number> {
  const rows = await db.selectFrom('loans').select(['id', sql<string>`freeze_info->>'to'`.as('to')])
    .where('status', '=', 'frozen').where(sql<boolean>`(freeze_info->>'to')::date < ${p.until}::date`).execute()
  for (const row of rows) await runLoanEvent(db, ctx, row.id, { type: 'unfreeze', date: row.to as LocalDate }, { reason: 'freeze expired at month-end' })
  return rows.length
}

/** The set-based heart of the close. Every statement covers every open loan at once. */
async function postMonthEnd(trx: Executor, ctx: RequestContext, p: ClosePeriod, step: <T>(name: CloseStep, work: () => Promise<T>) => Promise<T>) {
  const D360 = (MICROS * MICROS * DAYS_PER_YEAR.monthly_30).toString()
  const D365 = (MICROS * MICROS * DAYS_PER_YEAR.yearly_365).toString()
  // Loans to accrue, with their day-count denominator and overdue factor from their terms.
  await step('loans', () => sql`
    create temp table close_loans on commit drop as
    select l.id, l.province_code, l.program_code, l.capital_source_code, l.terms_id, l.status,
           l.accrued_until as s, ${p.until}::date as e,
           l.principal_in_term_dong as p_in, l.principal_overdue_dong as p_od,
           l.interest_carry, l.overdue_interest_carry,
           (l.status = 'frozen' and coalesce((l.freeze_info->>'interestStopped')::boolean, true)) as stopped,
           case when t.terms->>'dayCount' = 'yearly_365' then ${D365}::numeric else ${D360}::numeric end as denominator,
           coalesce((t.terms->>'overdueFactorMicros')::numeric, 1300000) as factor
    from loans l join program_terms t on t.id = l.terms_id
    where l.status in ('active', 'frozen') and l.accrued_until is not null and l.accrued_until < ${p.until}::date`.execute(trx))
  // Instalments falling overdue: each distinct cut date (the day after the due date) with its unpaid
  // principal; the principal that moves is capped by what is in term, cumulatively, as the engine does.
  await step('cuts', () => sql`
    create temp table close_cuts on commit drop as
    with raw as (
      select i.loan_id, greatest(coalesce(i.extended_to, i.due_date) + 1, cl.s) as cut, sum(i.principal_due_dong - i.principal_paid_dong) as unpaid, cl.p_in
      from loan_instalments i join close_loans cl on cl.id = i.loan_id
      where i.status = 'pending' and coalesce(i.extended_to, i.due_date) < cl.e
      group by i.loan_id, 2, cl.p_in
    ),
    cum as (select *, sum(unpaid) over (partition by loan_id order by cut) as cum_unpaid from raw)
    select loan_id, cut, (least(cum_unpaid, p_in) - least(cum_unpaid - unpaid, p_in))::bigint as moved from cum`.execute(trx))
  await step('analyze_loans', () => sql`analyze close_loans`.execute(trx))
  await step('analyze_cuts', () => sql`analyze close_cuts`.execute(trx))
  // Interest numerators, by linearity rather than interval by interval: over [s, e) the in-term
  // principal p_in earns the rate of each day, and principal moved overdue at a cut c stops earning
  // the normal rate and starts earning the overdue rate from c. With R(a) = Σ rate × days over
  // [a, e) from the rate segments of the loan's terms:
  //   normal numerator  = (p_in × R(s) − Σ_c moved_c × R(c)) × 10⁶
  //   overdue numerator = (p_od × R(s) + Σ_c moved_c × R(c)) × overdue factor
  // which is exactly the engine's sum over intervals (integer arithmetic, nothing rounded), with
  // two grouped joins instead of window functions over every breakpoint.
  await step('interest', () => sql`
    create temp table close_results on commit drop as
    with seg as (
      select terms_id, from_date, coalesce(lead(from_date) over (partition by terms_id order by from_date), date '9999-12-31') as to_date, yearly_micros
      from program_rate_segments
    ),
    base as (
      select cl.id as loan_id,
        sum(seg.yearly_micros * (least(cl.e, seg.to_date) - greatest(cl.s, seg.from_date))) as rate_days,
        sum(least(cl.e, seg.to_date) - greatest(cl.s, seg.from_date)) as covered_days
      from close_loans cl join seg on seg.terms_id = cl.terms_id and seg.from_date < cl.e and seg.to_date > cl.s
      group by cl.id
    ),
    cut_rate_days as (
      select c.loan_id, sum(c.moved::numeric * seg.yearly_micros * (least(cl.e, seg.to_date) - greatest(c.cut, seg.from_date))) as moved_rate_days
      from close_cuts c
      join close_loans cl on cl.id = c.loan_id
      join seg on seg.terms_id = cl.terms_id and seg.from_date < cl.e and seg.to_date > c.cut
      where c.moved > 0
      group by c.loan_id
    ),
    moved as (select loan_id, sum(moved) as moved from close_cuts group by loan_id),
    numerators as (
      select cl.id as loan_id,
        case when cl.stopped then 0::numeric
             else (cl.p_in::numeric * coalesce(b.rate_days, 0) - coalesce(crd.moved_rate_days, 0)) * ${MICROS.toString()}::numeric end as n_normal,
        case when cl.stopped then 0::numeric
             else (cl.p_od::numeric * coalesce(b.rate_days, 0) + coalesce(crd.moved_rate_days, 0)) * cl.factor end as n_overdue,
        (not cl.stopped and coalesce(b.covered_days, 0) < cl.e - cl.s) as rate_missing
      from close_loans cl left join base b on b.loan_id = cl.id left join cut_rate_days crd on crd.loan_id = cl.id
    )
    select cl.id as loan_id, cl.province_code, cl.program_code, cl.capital_source_code,
      div(n.n_normal + cl.interest_carry, cl.denominator)::bigint as normal_dong,
      mod(n.n_normal + cl.interest_carry, cl.denominator)::bigint as normal_carry,
      div(n.n_overdue + cl.overdue_interest_carry, cl.denominator)::bigint as overdue_dong,
      mod(n.n_overdue + cl.overdue_interest_carry, cl.denominator)::bigint as overdue_carry,
      coalesce(mv.moved, 0)::bigint as moved,
      n.rate_missing
    from close_loans cl join numerators n on n.loan_id = cl.id left join moved mv on mv.loan_id = cl.id`.execute(trx))
  await step('analyze_results', () => sql`analyze close_results`.execute(trx))
  const missing = await sql<{ loan_id: bigint }>`select loan_id from close_results where rate_missing limit 1`.execute(trx)
  assert(missing.rows.length === 0, `no rate in force for loan ${missing.rows[0]?.loan_id}: program_rate_segments is incomplete`)

  const key = (kind: string, status: string | null) =>
    status === null
      ? sql`${kind} || '|program=' || r.program_code || '|capitalSource=' || r.capital_source_code`
      : sql`${kind} || '|program=' || r.program_code || '|capitalSource=' || r.capital_source_code || '|status=' || ${status}`
  // The accounts the entries touch, created once.
  await step('accounts', () => sql`
    insert into ledger_accounts (key, kind, type, program_code, capital_source_code, status)
    select k.key, k.kind, k.type, r.program_code, r.capital_source_code, k.status
    from (select distinct program_code, capital_source_code from close_results) r cross join lateral (values
      (${key('interest_receivable', 'normal')}, 'interest_receivable', 'asset', 'normal'),
      (${key('interest_receivable', 'overdue')}, 'interest_receivable', 'asset', 'overdue'),
      (${key('interest_income', null)}, 'interest_income', 'income', null),
      (${key('loan_principal', 'in_term')}, 'loan_principal', 'asset', 'in_term'),
      (${key('loan_principal', 'overdue')}, 'loan_principal', 'asset', 'overdue')
    ) as k(key, kind, type, status)
    on conflict (key) do nothing`.execute(trx))
  // One entry per province, program, capital source and movement (interest accrual, overdue
  // transfer), whatever the number of loans: its loan-side postings carry the loan, so each loan's
  // balances still derive from its postings, while interest income is one posting per entry.
  await step('entries', () => sql`
    create temp table close_entries on commit drop as
    select nextval(pg_get_serial_sequence('journal_entries', 'id')) as id, g.*
    from (
      select r.province_code, r.program_code, r.capital_source_code, k.kind, k.label, count(*) as loans
      from close_results r cross join lateral (values
        ('loan.interest_accrual', 'Month-end interest accrual', r.normal_dong + r.overdue_dong > 0),
        ('loan.overdue_transfer', 'Month-end overdue transfer', r.moved > 0)
      ) as k(kind, label, wanted)
      where k.wanted
      group by r.province_code, r.program_code, r.capital_source_code, k.kind, k.label
    ) g`.execute(trx))
  await step('entries_insert', () => sql`
    insert into journal_entries (id, province_code, kind, entry_date, posted_at, loan_id, description, request_id, created_by)
    select id, province_code, kind, ${p.periodEnd}::date, ${ctx.now}, null,
           label || ' ' || ${p.period} || ' · ' || program_code || ' · ' || capital_source_code || ' · ' || loans || ' loans',
           ${ctx.requestId}, ${ctx.actor.userId || null}
    from close_entries order by id`.execute(trx))
  // Each (province, program, source) with its entries and accounts as ids, so the posting
  // statement joins every loan to one small row instead of matching keys loan by loan.
  await step('targets', () => sql`
    create temp table close_targets on commit drop as
    select r.province_code, r.program_code, r.capital_source_code,
      max(r.id) filter (where r.kind = 'loan.interest_accrual') as accrual_entry,
      max(r.id) filter (where r.kind = 'loan.overdue_transfer') as transfer_entry,
      (select a.id from ledger_accounts a where a.key = ${key('interest_receivable', 'normal')}) as interest_normal,
      (select a.id from ledger_accounts a where a.key = ${key('interest_receivable', 'overdue')}) as interest_overdue,
      (select a.id from ledger_accounts a where a.key = ${key('interest_income', null)}) as interest_income,
      (select a.id from ledger_accounts a where a.key = ${key('loan_principal', 'in_term')}) as principal_in_term,
      (select a.id from ledger_accounts a where a.key = ${key('loan_principal', 'overdue')}) as principal_overdue
    from close_entries r
    group by r.province_code, r.program_code, r.capital_source_code`.execute(trx))
  // All the postings in one statement (the balance trigger checks each entry once, at its end),
  // moving the cached account balances by what it inserted.
  await step('postings', () => sql`
    with lines as (
      select v.entry_id, v.account_id, r.loan_id, v.amount, r.province_code
      from close_results r
      join close_targets t on t.province_code = r.province_code and t.program_code = r.program_code and t.capital_source_code = r.capital_source_code
      cross join lateral (values
        (t.accrual_entry, t.interest_normal, r.normal_dong),
        (t.accrual_entry, t.interest_overdue, r.overdue_dong),
        (t.transfer_entry, t.principal_overdue, r.moved),
        (t.transfer_entry, t.principal_in_term, -r.moved)
      ) as v(entry_id, account_id, amount)
      where v.amount <> 0
      union all
      select t.accrual_entry, t.interest_income, null, -sum(r.normal_dong + r.overdue_dong), r.province_code
      from close_results r
      join close_targets t on t.province_code = r.province_code and t.program_code = r.program_code and t.capital_source_code = r.capital_source_code
      group by t.accrual_entry, t.interest_income, r.province_code
      having sum(r.normal_dong + r.overdue_dong) <> 0
    ),
    inserted as (
      insert into postings (entry_id, account_id, loan_id, amount_dong, province_code, entry_date)
      select entry_id, account_id, loan_id, amount, province_code, ${p.periodEnd}::date from lines
      returning account_id, amount_dong
    )
    update ledger_accounts a set balance_dong = a.balance_dong + d.delta
    from (select account_id, sum(amount_dong) as delta from inserted group by account_id) d
    where a.id = d.account_id`.execute(trx))
  await step('loans_update', () => sql`
    update loans l set
      interest_dong = l.interest_dong + r.normal_dong, interest_carry = r.normal_carry,
      overdue_interest_dong = l.overdue_interest_dong + r.overdue_dong, overdue_interest_carry = r.overdue_carry,
      principal_in_term_dong = l.principal_in_term_dong - r.moved, principal_overdue_dong = l.principal_overdue_dong + r.moved,
      accrued_until = ${p.until}::date, last_event_date = greatest(l.last_event_date, ${p.until}::date), version = l.version + 1
    from close_results r where r.loan_id = l.id`.execute(trx))
  await step('instalments', () => sql`
    update loan_instalments i set status = 'overdue'
    from close_loans cl
    where i.loan_id = cl.id and i.status = 'pending' and coalesce(i.extended_to, i.due_date) < cl.e`.execute(trx))
  const { rows } = await sql<{ loans: bigint; normal: bigint; overdue: bigint; moved: bigint }>`
    select count(*) as loans, coalesce(sum(normal_dong), 0)::bigint as normal, coalesce(sum(overdue_dong), 0)::bigint as overdue, coalesce(sum(moved), 0)::bigint as moved from close_results`.execute(trx)
  const t = rows[0]!
  return { loansAccrued: Number(t.loans), interestPostedDong: t.normal, overduePostedDong: t.overdue, principalMovedOverdueDong: t.moved }
}

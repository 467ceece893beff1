import { sql } from 'kysely'
import { DAYS_PER_YEAR, MICROS } from '../domain/loans/index.js'
import { addDays, addMonths, assert, fail, fromYmd, ok, RuleViolation, type LocalDate, type Result } from '../domain/shared/index.js'
import { recordAudit } from '../app/audit.js'
import type { Executor, RequestContext } from '../app/context.js'
import { requirePermission } from '../app/guards.js'
import { runLoanEvent } from '../app/loans/loan-events.js'
import { refreshRateSegments } from '../app/programs.js'

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
}

export type Progress = (step: string, done: number, total: number) => void

/**
 * Month-end close (kết chuyển cuối tháng): ends freezes whose decision expired, then — in one
 * transaction of set-based statements, whatever the number of loans — moves instalments that fell
 * due overdue, accrues every open loan's interest to the month's last day at the rates in force
 * (normal on in-term principal, the overdue factor on overdue principal, none while frozen), posts
 * one balanced journal entry per loan and movement, and writes the portfolio snapshot.
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

  progress('unfreeze', 0, 1)
  const unfrozen = await endExpiredFreezes(db, ctx, p)
  progress('unfreeze', 1, 1)

  progress('post', 0, 1)
  const report = await db.transaction().execute(async (trx) => {
    await sql`lock table loans in share row exclusive mode`.execute(trx)
    await trx.insertInto('period_closes').values({ period: p.period, status: 'running', started_at: ctx.now, stats: '{}' })
      .onConflict((oc) => oc.column('period').doUpdateSet({ status: 'running', started_at: ctx.now })).execute()
    await refreshRateSegments(trx)
    const stats = await postMonthEnd(trx, ctx, p)
    progress('snapshot', 0, 1)
    const { numInsertedOrUpdatedRows } = await trx.insertInto('loan_snapshots')
      .columns(['period', 'loan_id', 'province_code', 'commune_unit_id', 'household_id', 'program_code', 'capital_source_code', 'status',
        'principal_in_term_dong', 'principal_overdue_dong', 'principal_frozen_dong', 'interest_dong', 'overdue_interest_dong', 'disbursed_dong'])
      .expression((eb) => eb.selectFrom('loans').select([
        sql.lit(p.period).as('period'), 'id', 'province_code', 'commune_unit_id', 'household_id', 'program_code', 'capital_source_code', 'status',
        'principal_in_term_dong', 'principal_overdue_dong', 'principal_frozen_dong', 'interest_dong', 'overdue_interest_dong', 'disbursed_dong',
      ]).where('status', '<>', 'approved'))
      .onConflict((oc) => oc.columns(['period', 'loan_id']).doNothing())
      .executeTakeFirst()
    const result = { period: p.period, unfrozen, ...stats, snapshots: Number(numInsertedOrUpdatedRows ?? 0n) }
    await trx.updateTable('period_closes').set({ status: 'done', finished_at: new Date(), stats: JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) })
      .where('period', '=', p.period).execute()
    await recordAudit(trx, ctx, { action: 'period.close', entityType: 'period', entityId: p.period, after: result })
    return result
  })
  progress('post', 1, 1)
  return { ...report, alreadyClosed: false }
}

function reviveBigints(stats: unknown): Partial<CloseReport> {
  const s = stats as Record<string, unknown>
  return {
    interestPostedDong: BigInt(String(s.interestPostedDong ?? 0)),
    overduePostedDong: BigInt(String(s.overduePostedDong ?? 0)),
    principalMovedOverdueDong: BigInt(String(s.principalMovedOverdueDong ?? 0)),
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
async function postMonthEnd(trx: Executor, ctx: RequestContext, p: ClosePeriod) {
  const timings: Record<string, number> = {}
  const timed = async <T>(name: string, work: Promise<T>): Promise<T> => {
    const started = performance.now()
    const result = await work
    timings[name] = Math.round(performance.now() - started)
    return result
  }
  const D360 = (MICROS * MICROS * DAYS_PER_YEAR.monthly_30).toString()
  const D365 = (MICROS * MICROS * DAYS_PER_YEAR.yearly_365).toString()
  // Loans to accrue, with their day-count denominator and overdue factor from their terms.
  await timed('loans', sql`
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
  await timed('cuts', sql`
    create temp table close_cuts on commit drop as
    with raw as (
      select i.loan_id, greatest(coalesce(i.extended_to, i.due_date) + 1, cl.s) as cut, sum(i.principal_due_dong - i.principal_paid_dong) as unpaid, cl.p_in
      from loan_instalments i join close_loans cl on cl.id = i.loan_id
      where i.status = 'pending' and coalesce(i.extended_to, i.due_date) < cl.e
      group by i.loan_id, 2, cl.p_in
    ),
    cum as (select *, sum(unpaid) over (partition by loan_id order by cut) as cum_unpaid from raw)
    select loan_id, cut, (least(cum_unpaid, p_in) - least(cum_unpaid - unpaid, p_in))::bigint as moved from cum`.execute(trx))
  await timed('analyze_loans', sql`analyze close_loans`.execute(trx))
  await timed('analyze_cuts', sql`analyze close_cuts`.execute(trx))
  // Interest numerators over the intervals between breakpoints (start, cuts, rate changes, end).
  // Joins and window functions only: the principal moved before each interval is a running sum,
  // the rate a range join on the (few) segments of the loan's terms.
  await timed('interest', sql`
    create temp table close_results on commit drop as
    with seg as (
      select terms_id, from_date, coalesce(lead(from_date) over (partition by terms_id order by from_date), date '9999-12-31') as to_date, yearly_micros
      from program_rate_segments
    ),
    points as (
      select id as loan_id, s as at from close_loans
      union select c.loan_id, c.cut from close_cuts c join close_loans cl on cl.id = c.loan_id where c.cut > cl.s and c.cut < cl.e
      union select cl.id, r.from_date from close_loans cl join program_rate_segments r on r.terms_id = cl.terms_id where r.from_date > cl.s and r.from_date < cl.e
    ),
    moves as (select loan_id, cut, sum(moved) as moved from close_cuts group by loan_id, cut),
    intervals as (
      select pt.loan_id, pt.at as a,
        coalesce(lead(pt.at) over w, cl.e) as b,
        sum(coalesce(m.moved, 0)) over (w rows between unbounded preceding and current row) as moved_before
      from points pt
      join close_loans cl on cl.id = pt.loan_id
      left join moves m on m.loan_id = pt.loan_id and m.cut = pt.at
      window w as (partition by pt.loan_id order by pt.at)
    ),
    sized as (
      select iv.loan_id, (iv.b - iv.a) as days, cl.p_in - iv.moved_before as p_in, cl.p_od + iv.moved_before as p_od,
        seg.yearly_micros as rate, cl.factor, cl.stopped
      from intervals iv
      join close_loans cl on cl.id = iv.loan_id
      left join seg on seg.terms_id = cl.terms_id and seg.from_date <= iv.a and iv.a < seg.to_date
      where iv.b > iv.a
    ),
    numerators as (
      select loan_id,
        sum(case when stopped then 0 else p_in::numeric * rate * ${MICROS.toString()}::numeric * days end) as n_normal,
        sum(case when stopped then 0 else p_od::numeric * rate * factor * days end) as n_overdue,
        bool_or(rate is null and not stopped) as rate_missing
      from sized group by loan_id
    ),
    moved as (select loan_id, sum(moved) as moved from close_cuts group by loan_id)
    select cl.id as loan_id, cl.province_code, cl.program_code, cl.capital_source_code,
      div(coalesce(n.n_normal, 0) + cl.interest_carry, cl.denominator)::bigint as normal_dong,
      mod(coalesce(n.n_normal, 0) + cl.interest_carry, cl.denominator)::bigint as normal_carry,
      div(coalesce(n.n_overdue, 0) + cl.overdue_interest_carry, cl.denominator)::bigint as overdue_dong,
      mod(coalesce(n.n_overdue, 0) + cl.overdue_interest_carry, cl.denominator)::bigint as overdue_carry,
      coalesce(mv.moved, 0)::bigint as moved,
      coalesce(n.rate_missing, false) as rate_missing
    from close_loans cl left join numerators n on n.loan_id = cl.id left join moved mv on mv.loan_id = cl.id`.execute(trx))
  const missing = await sql<{ loan_id: bigint }>`select loan_id from close_results where rate_missing limit 1`.execute(trx)
  assert(missing.rows.length === 0, `no rate in force for loan ${missing.rows[0]?.loan_id}: program_rate_segments is incomplete`)

  const key = (kind: string, status: string | null) =>
    status === null
      ? sql`${kind} || '|program=' || r.program_code || '|capitalSource=' || r.capital_source_code`
      : sql`${kind} || '|program=' || r.program_code || '|capitalSource=' || r.capital_source_code || '|status=' || ${status}`
  // The accounts the entries touch, created once.
  await timed('accounts', sql`
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
  // One entry per loan and movement: interest accrual, overdue transfer.
  await timed('entries_table', sql`create temp table close_entries (id bigint, loan_id bigint, kind text) on commit drop`.execute(trx))
  await timed('entries', sql`
    with e as (
      insert into journal_entries (province_code, kind, entry_date, posted_at, loan_id, description, request_id, created_by)
      select r.province_code, k.kind, ${p.periodEnd}::date, ${ctx.now}, r.loan_id, k.kind || ' ' || ${p.period} || ' #' || r.loan_id, ${ctx.requestId}, ${ctx.actor.userId || null}
      from close_results r cross join lateral (values
        ('loan.interest_accrual', r.normal_dong + r.overdue_dong > 0),
        ('loan.overdue_transfer', r.moved > 0)
      ) as k(kind, wanted)
      where k.wanted
      returning id, loan_id, kind
    )
    insert into close_entries select id, loan_id, kind from e`.execute(trx))
  await timed('postings', sql`
    insert into postings (entry_id, account_id, loan_id, amount_dong, province_code, entry_date)
    select ce.id, a.id, ce.loan_id, v.amount, r.province_code, ${p.periodEnd}::date
    from close_entries ce
    join close_results r on r.loan_id = ce.loan_id
    cross join lateral (values
      ('loan.interest_accrual', ${key('interest_receivable', 'normal')}, r.normal_dong),
      ('loan.interest_accrual', ${key('interest_receivable', 'overdue')}, r.overdue_dong),
      ('loan.interest_accrual', ${key('interest_income', null)}, -(r.normal_dong + r.overdue_dong)),
      ('loan.overdue_transfer', ${key('loan_principal', 'overdue')}, r.moved),
      ('loan.overdue_transfer', ${key('loan_principal', 'in_term')}, -r.moved)
    ) as v(kind, key, amount)
    join ledger_accounts a on a.key = v.key
    where v.kind = ce.kind and v.amount <> 0`.execute(trx))
  await timed('account_balances', sql`
    update ledger_accounts a set balance_dong = a.balance_dong + d.delta
    from (select p.account_id, sum(p.amount_dong) as delta from postings p join close_entries ce on ce.id = p.entry_id group by p.account_id) d
    where a.id = d.account_id`.execute(trx))
  await timed('loans_update', sql`
    update loans l set
      interest_dong = l.interest_dong + r.normal_dong, interest_carry = r.normal_carry,
      overdue_interest_dong = l.overdue_interest_dong + r.overdue_dong, overdue_interest_carry = r.overdue_carry,
      principal_in_term_dong = l.principal_in_term_dong - r.moved, principal_overdue_dong = l.principal_overdue_dong + r.moved,
      accrued_until = ${p.until}::date, last_event_date = greatest(l.last_event_date, ${p.until}::date), version = l.version + 1
    from close_results r where r.loan_id = l.id`.execute(trx))
  await timed('instalments', sql`
    update loan_instalments i set status = 'overdue'
    from close_loans cl
    where i.loan_id = cl.id and i.status = 'pending' and coalesce(i.extended_to, i.due_date) < cl.e`.execute(trx))
  const { rows } = await sql<{ loans: bigint; normal: bigint; overdue: bigint; moved: bigint }>`
    select count(*) as loans, coalesce(sum(normal_dong), 0)::bigint as normal, coalesce(sum(overdue_dong), 0)::bigint as overdue, coalesce(sum(moved), 0)::bigint as moved from close_results`.execute(trx)
  const t = rows[0]!
  return { loansAccrued: Number(t.loans), interestPostedDong: t.normal, overduePostedDong: t.overdue, principalMovedOverdueDong: t.moved, statementMs: timings }
}

import { sql, type RawBuilder } from 'kysely'
import type { Dimension } from '../../domain/reports/index.js'
import type { Executor } from '../executor.js'

// Set-based queries behind the standard reports (issue #7). Each reads one statement over the
// loans of a unit's subtree; the caller has already checked that the unit is in the reader's scope.

/** Where the balances come from: the loans' current balances, or a closed month's snapshot. */
export type Balances = { readonly kind: 'current' } | { readonly kind: 'snapshot'; readonly period: string }

export interface KeyLabel {
  readonly key: string
  readonly label: string
}

/** The loans with their balances (current or at a month-end), one row per loan. */
function base(balances: Balances): RawBuilder<unknown> {
  if (balances.kind === 'current') {
    return sql`(select id as loan_id, household_id, commune_unit_id, program_code, capital_source_code, application_id,
                 principal_in_term_dong as in_term, principal_overdue_dong as overdue, principal_frozen_dong as frozen, contract_date
               from loans)`
  }
  return sql`(select s.loan_id, s.household_id, s.commune_unit_id, s.program_code, s.capital_source_code, l.application_id,
               s.principal_in_term_dong as in_term, s.principal_overdue_dong as overdue, s.principal_frozen_dong as frozen, l.contract_date
             from loan_snapshots s join loans l on l.id = s.loan_id where s.period = ${balances.period})`
}

/** The grouping key and its label per dimension: a fixed whitelist, never text from the request. */
const DIMENSION_SQL: Readonly<Record<Dimension, { key: string; label: string }>> = {
  program: { key: 'b.program_code', label: 'pr.name_vi' },
  unit: { key: 'u.id::text', label: 'u.name' },
  organisation: { key: "coalesce(o.organisation, 'none')", label: "coalesce(o.organisation, 'none')" },
  group: { key: "coalesce(g.id::text, 'none')", label: "coalesce(g.name, '')" },
  capital_source: { key: 'b.capital_source_code', label: 'cs.name_vi' },
}

function joins(scopePath: string): RawBuilder<unknown> {
  return sql`join units u on u.id = b.commune_unit_id
    join programs pr on pr.code = b.program_code
    join capital_sources cs on cs.code = b.capital_source_code
    left join loan_applications a on a.id = b.application_id
    left join savings_groups g on g.id = a.group_id
    left join organisation_units o on o.id = g.organisation_unit_id
    where u.path like ${scopePath + '%'}`
}

export interface PortfolioRow extends KeyLabel {
  readonly in_term: bigint
  readonly overdue: bigint
  readonly frozen: bigint
  readonly households: bigint
  readonly loans: bigint
}

/** Outstanding by status, distinct borrowing households and loans with principal outstanding; `by` null → one total row. */
export async function portfolioRows(db: Executor, balances: Balances, scopePath: string, by: Dimension | null): Promise<PortfolioRow[]> {
  const dim = by ? DIMENSION_SQL[by] : { key: "'all'", label: "'all'" }
  const { rows } = await sql<PortfolioRow>`
    select ${sql.raw(dim.key)} as key, ${sql.raw(dim.label)} as label,
      sum(b.in_term)::bigint as in_term, sum(b.overdue)::bigint as overdue, sum(b.frozen)::bigint as frozen,
      count(distinct b.household_id) as households, count(*) as loans
    from ${base(balances)} b ${joins(scopePath)} and b.in_term + b.overdue + b.frozen > 0
    group by 1, 2 order by 2, 1`.execute(db)
  return rows
}

export interface TurnoverRow extends KeyLabel {
  readonly opening: bigint
  readonly disbursed: bigint
  readonly collected: bigint
  readonly written_off: bigint
  readonly closing: bigint
}

/**
 * Principal postings (loan_principal accounts of every status) of loans in the scope up to `to`:
 * opening = before `from`, closing = up to `to`, and the period's disbursements, repayments and
 * write-offs by their entry kind. Moves between statuses net to zero within a loan.
 */
export async function turnoverRows(db: Executor, from: string, to: string, scopePath: string, by: Dimension): Promise<TurnoverRow[]> {
  const dim = DIMENSION_SQL[by]
  const inPeriod = sql`p.entry_date >= ${from}::date`
  const { rows } = await sql<TurnoverRow>`
    select ${sql.raw(dim.key)} as key, ${sql.raw(dim.label)} as label,
      coalesce(sum(case when p.entry_date < ${from}::date then p.amount_dong end), 0)::bigint as opening,
      coalesce(sum(case when ${inPeriod} and e.kind = 'loan.disbursement' then p.amount_dong end), 0)::bigint as disbursed,
      coalesce(-sum(case when ${inPeriod} and e.kind = 'loan.repayment' then p.amount_dong end), 0)::bigint as collected,
      coalesce(-sum(case when ${inPeriod} and e.kind = 'loan.write_off' then p.amount_dong end), 0)::bigint as written_off,
      sum(p.amount_dong)::bigint as closing
    from postings p
    join ledger_accounts acc on acc.id = p.account_id and acc.kind = 'loan_principal'
    join journal_entries e on e.id = p.entry_id
    join ${base({ kind: 'current' })} b on b.loan_id = p.loan_id
    ${joins(scopePath)} and p.entry_date <= ${to}::date
    group by 1, 2 order by 2, 1`.execute(db)
  return rows.filter((r) => r.opening !== 0n || r.disbursed !== 0n || r.collected !== 0n || r.written_off !== 0n || r.closing !== 0n)
}

export interface QualityRow extends PortfolioRow {
  readonly d1_90: bigint
  readonly d91_180: bigint
  readonly d181_360: bigint
  readonly d361_plus: bigint
  readonly dormant_loans: bigint
  readonly dormant_dong: bigint
}

/**
 * Per group of loans: outstanding by status, the overdue principal by age bucket and the dormant
 * loans. A loan's whole overdue principal goes to the bucket of its oldest overdue instalment
 * (unpaid, effective due date before the report date), as debt classification does; at a past
 * month-end an instalment paid since then no longer shows as unpaid, so the most recent due date
 * before the report date stands in when none is unpaid. A loan is dormant when its last
 * disbursement or repayment (loan_events, up to the report date; the contract date when it has
 * none) is on or before the cut-off — not loans.last_event_date, which the month-end accrual moves.
 */
export async function qualityRows(db: Executor, balances: Balances, date: string, dormantOnOrBefore: string, scopePath: string, by: Dimension): Promise<QualityRow[]> {
  const dim = DIMENSION_SQL[by]
  const due = sql`coalesce(i.extended_to, i.due_date)`
  const bucket = (lo: number, hi: number | null) =>
    sql`coalesce(sum(case when b.overdue > 0 and coalesce(b.age, 1) >= ${lo} ${hi === null ? sql`` : sql`and coalesce(b.age, 1) <= ${hi}`} then b.overdue end), 0)::bigint`
  const { rows } = await sql<QualityRow>`
    select ${sql.raw(dim.key)} as key, ${sql.raw(dim.label)} as label,
      sum(b.in_term)::bigint as in_term, sum(b.overdue)::bigint as overdue, sum(b.frozen)::bigint as frozen,
      count(distinct b.household_id) as households, count(*) as loans,
      ${bucket(-2147483647, 90)} as d1_90, ${bucket(91, 180)} as d91_180, ${bucket(181, 360)} as d181_360, ${bucket(361, null)} as d361_plus,
      count(*) filter (where b.last_txn <= ${dormantOnOrBefore}::date) as dormant_loans,
      coalesce(sum(b.in_term + b.overdue + b.frozen) filter (where b.last_txn <= ${dormantOnOrBefore}::date), 0)::bigint as dormant_dong
    from (
      select x.*, ${date}::date - coalesce(
        (select min(${due}) from loan_instalments i where i.loan_id = x.loan_id and ${due} < ${date}::date and i.principal_paid_dong < i.principal_due_dong),
        (select max(${due}) from loan_instalments i where i.loan_id = x.loan_id and ${due} < ${date}::date)) as age,
        coalesce((select max(e.event_date) from loan_events e where e.loan_id = x.loan_id and e.type in ('disburse', 'repay') and e.event_date <= ${date}::date), x.contract_date) as last_txn
      from ${base(balances)} x where x.in_term + x.overdue + x.frozen > 0
    ) b ${joins(scopePath)}
    group by 1, 2 order by 2, 1`.execute(db)
  return rows
}

/** Distinct borrowing households in the scope (the total line cannot add the groups' counts). */
export async function distinctBorrowers(db: Executor, balances: Balances, scopePath: string): Promise<bigint> {
  const rows = await portfolioRows(db, balances, scopePath, null)
  return rows[0]?.households ?? 0n
}

/** Each group's latest grade for the latest graded month up to `period`, counted by grade. */
export async function gradeDistribution(db: Executor, period: string, scopePath: string): Promise<{ period: string | null; rows: { grade: string; groups: bigint }[] }> {
  const latest = await sql<{ period: string | null }>`
    select max(gg.period) as period from group_grades gg join savings_groups g on g.id = gg.group_id join units u on u.id = g.commune_unit_id
    where u.path like ${scopePath + '%'} and gg.period <= ${period}`.execute(db)
  const at = latest.rows[0]?.period ?? null
  if (at === null) return { period: null, rows: [] }
  const { rows } = await sql<{ grade: string; groups: bigint }>`
    select coalesce(t.grade, 'ungraded') as grade, count(*) as groups from (
      select distinct on (gg.group_id) gg.group_id, gg.grade from group_grades gg
      join savings_groups g on g.id = gg.group_id join units u on u.id = g.commune_unit_id
      where u.path like ${scopePath + '%'} and gg.period = ${at}
      order by gg.group_id, gg.run_id desc) t
    group by 1 order by 1`.execute(db)
  return { period: at, rows }
}

/** The first disbursement's date anywhere: reports before it have no data. */
export async function firstDataDate(db: Executor): Promise<string | null> {
  const { rows } = await sql<{ d: string | null }>`select min(entry_date) as d from journal_entries where kind = 'loan.disbursement'`.execute(db)
  return rows[0]?.d ?? null
}

export async function closedPeriods(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('period_closes').select('period').where('status', '=', 'done').execute()
  return rows.map((r) => r.period)
}

// -- reports (aggregates) --
// The maintained monthly aggregates (migration 0021): built by the month-end close, read by the
// portfolio report at a closed month-end and by the turnover report for whole built months.

/** The loan's grouping keys as the aggregates store them (savings group, its organisation). */
const LOAN_KEYS = sql`left join loan_applications a on a.id = l.application_id
    left join savings_groups g on g.id = a.group_id
    left join organisation_units o on o.id = g.organisation_unit_id`

/**
 * Builds the aggregates of a closed month inside the close's transaction: the portfolio of every
 * built month with a snapshot, and the principal turnover of every month from the month after the
 * last built one up to `period` (the first close builds all of history). Returns the months built;
 * a month already built is never built again, so a close run again adds nothing. Runs inside a
 * transaction (it uses a temporary table dropped at commit).
 */
export async function buildReportAggregates(trx: Executor, period: string, periodEnd: string): Promise<{ months: number; portfolioRows: number; turnoverRows: number }> {
  const last = await sql<{ period: string | null }>`select max(period) as period from report_aggregate_periods`.execute(trx)
  const lastBuilt = last.rows[0]?.period ?? null
  if (lastBuilt !== null && lastBuilt >= period) return { months: 0, portfolioRows: 0, turnoverRows: 0 }
  const afterDate = lastBuilt === null ? sql`date '0001-01-01'` : sql`((${lastBuilt} || '-01')::date + interval '1 month' - interval '1 day')::date`
  const turnover = await sql`
    insert into report_turnover_monthly (period, province_code, commune_unit_id, program_code, capital_source_code, group_id, organisation,
      disbursed_dong, collected_dong, written_off_dong, other_dong)
    select to_char(p.entry_date, 'YYYY-MM'), l.province_code, l.commune_unit_id, l.program_code, l.capital_source_code, g.id, o.organisation,
      coalesce(sum(p.amount_dong) filter (where e.kind = 'loan.disbursement'), 0)::bigint,
      coalesce(-sum(p.amount_dong) filter (where e.kind = 'loan.repayment'), 0)::bigint,
      coalesce(-sum(p.amount_dong) filter (where e.kind = 'loan.write_off'), 0)::bigint,
      coalesce(sum(p.amount_dong) filter (where e.kind not in ('loan.disbursement', 'loan.repayment', 'loan.write_off')), 0)::bigint
    from postings p
    join ledger_accounts acc on acc.id = p.account_id and acc.kind = 'loan_principal'
    join journal_entries e on e.id = p.entry_id
    join loans l on l.id = p.loan_id
    ${LOAN_KEYS}
    where p.entry_date > ${afterDate} and p.entry_date <= ${periodEnd}::date
    group by 1, 2, 3, 4, 5, 6, 7
    having sum(p.amount_dong) <> 0 or bool_or(e.kind in ('loan.disbursement', 'loan.repayment', 'loan.write_off'))`.execute(trx)
  // The months now built: every month from the one after the last built to `period`.
  const start = lastBuilt === null
    ? sql`coalesce((select date_trunc('month', min(entry_date)) from postings), (${period} || '-01')::timestamp)`
    : sql`(${lastBuilt} || '-01')::timestamp + interval '1 month'`
  const months = await sql<{ period: string }>`
    insert into report_aggregate_periods (period, closed_period)
    select to_char(m, 'YYYY-MM'), ${period}
    from generate_series(least(${start}, (${period} || '-01')::timestamp), (${period} || '-01')::timestamp, interval '1 month') m
    on conflict (period) do nothing
    returning period`.execute(trx)
  // The month's loans with principal outstanding and their keys, joined once for both statements.
  await sql`
    create temp table report_close_loans on commit drop as
    select s.period, s.province_code, s.commune_unit_id, s.household_id, s.program_code, s.capital_source_code, g.id as group_id, o.organisation,
      s.principal_in_term_dong as in_term, s.principal_overdue_dong as overdue, s.principal_frozen_dong as frozen
    from loan_snapshots s join loans l on l.id = s.loan_id ${LOAN_KEYS}
    where s.period = ${period} and s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong > 0`.execute(trx)
  const portfolio = await sql`
    insert into report_portfolio_monthly (period, province_code, commune_unit_id, program_code, capital_source_code, group_id, organisation,
      in_term_dong, overdue_dong, frozen_dong, loans, households)
    select period, province_code, commune_unit_id, program_code, capital_source_code, group_id, organisation,
      sum(in_term)::bigint, sum(overdue)::bigint, sum(frozen)::bigint, count(*), count(distinct household_id)
    from report_close_loans
    group by 1, 2, 3, 4, 5, 6, 7`.execute(trx)
  await sql`
    insert into report_portfolio_households (period, commune_unit_id, dimension, key, households)
    select period, commune_unit_id, d.dimension, d.key, count(distinct household_id)
    from report_close_loans
    cross join lateral (values ('all', 'all'), ('program', program_code), ('organisation', coalesce(organisation, 'none')),
      ('group', coalesce(group_id::text, 'none')), ('capital_source', capital_source_code)) as d(dimension, key)
    group by 1, 2, 3, 4`.execute(trx)
  await sql`drop table report_close_loans`.execute(trx)
  return { months: months.rows.length, portfolioRows: Number(portfolio.numAffectedRows ?? 0n), turnoverRows: Number(turnover.numAffectedRows ?? 0n) }
}

/** The last month whose aggregates are built (all postings dated up to its end are in them), or null. */
export async function lastAggregatedPeriod(db: Executor): Promise<string | null> {
  const { rows } = await sql<{ period: string | null }>`select max(period) as period from report_aggregate_periods`.execute(db)
  return rows[0]?.period ?? null
}

/** Whether the portfolio aggregate of a closed month exists (closes before migration 0021 have none). */
export async function hasPortfolioAggregate(db: Executor, period: string): Promise<boolean> {
  const { rows } = await sql<{ built: boolean }>`select exists (select 1 from report_aggregate_periods where period = ${period} and closed_period = ${period}) as built`.execute(db)
  return rows[0]?.built === true
}

/** The grouping key and label over an aggregate row `b` (same keys and labels as DIMENSION_SQL). */
const AGGREGATE_DIMENSION_SQL: Readonly<Record<Dimension, { key: string; label: string }>> = {
  program: { key: 'b.program_code', label: 'pr.name_vi' },
  unit: { key: 'u.id::text', label: 'u.name' },
  organisation: { key: "coalesce(b.organisation, 'none')", label: "coalesce(b.organisation, 'none')" },
  group: { key: "coalesce(b.group_id::text, 'none')", label: "coalesce(g.name, '')" },
  capital_source: { key: 'b.capital_source_code', label: 'cs.name_vi' },
}

function aggregateJoins(scopePath: string): RawBuilder<unknown> {
  return sql`join units u on u.id = b.commune_unit_id
    join programs pr on pr.code = b.program_code
    join capital_sources cs on cs.code = b.capital_source_code
    left join savings_groups g on g.id = b.group_id
    where u.path like ${scopePath + '%'}`
}

/**
 * The portfolio at a closed month-end from its aggregate: the same rows as `portfolioRows` over
 * the month's snapshot. Households per row are the sums over the subtree's communes of each
 * commune's distinct count for that row's key (exact: a loan carries its household's commune).
 */
export async function portfolioRowsFromAggregate(db: Executor, period: string, scopePath: string, by: Dimension | null): Promise<PortfolioRow[]> {
  const dim = by ? AGGREGATE_DIMENSION_SQL[by] : { key: "'all'", label: "'all'" }
  const households = by === 'unit'
    ? sql`select h.commune_unit_id::text as key, sum(h.households) as households from report_portfolio_households h join units u on u.id = h.commune_unit_id
          where h.period = ${period} and h.dimension = 'all' and u.path like ${scopePath + '%'} group by 1`
    : sql`select h.key, sum(h.households) as households from report_portfolio_households h join units u on u.id = h.commune_unit_id
          where h.period = ${period} and h.dimension = ${by ?? 'all'} and u.path like ${scopePath + '%'} group by 1`
  const { rows } = await sql<PortfolioRow>`
    select t.key, t.label, t.in_term, t.overdue, t.frozen, coalesce(hh.households, 0)::bigint as households, t.loans
    from (
      select ${sql.raw(dim.key)} as key, ${sql.raw(dim.label)} as label,
        sum(b.in_term_dong)::bigint as in_term, sum(b.overdue_dong)::bigint as overdue, sum(b.frozen_dong)::bigint as frozen, sum(b.loans)::bigint as loans
      from report_portfolio_monthly b ${aggregateJoins(scopePath)} and b.period = ${period}
      group by 1, 2) t
    left join (${households}) hh on hh.key = t.key
    order by 2, 1`.execute(db)
  return rows
}

/**
 * The turnover of a period from the aggregates of its whole built months plus the raw postings of
 * the rest (`turnoverSplit`): the same rows as `turnoverRows`.
 */
export async function turnoverRowsFromAggregates(db: Executor, split: {
  from: string; to: string; openingThrough: string | null; periodMonths: { first: string; last: string } | null; rawAfter: string; rawFirstMonthFrom: string; rawFirstMonthBefore: string
}, scopePath: string, by: Dimension): Promise<TurnoverRow[]> {
  const dim = AGGREGATE_DIMENSION_SQL[by]
  const { from, to } = split
  const opening = split.openingThrough === null ? sql`false` : sql`t.period <= ${split.openingThrough}`
  const inPeriod = split.periodMonths === null ? sql`false` : sql`t.period between ${split.periodMonths.first} and ${split.periodMonths.last}`
  const net = sql`(t.disbursed_dong - t.collected_dong - t.written_off_dong + t.other_dong)`
  const { rows } = await sql<TurnoverRow>`
    with src as (
      select t.commune_unit_id, t.program_code, t.capital_source_code, t.group_id, t.organisation,
        case when ${opening} then ${net} else 0 end as opening,
        case when ${opening} then 0 else t.disbursed_dong end as disbursed,
        case when ${opening} then 0 else t.collected_dong end as collected,
        case when ${opening} then 0 else t.written_off_dong end as written_off,
        ${net} as closing
      from report_turnover_monthly t
      where ${opening} or ${inPeriod}
      union all
      select l.commune_unit_id, l.program_code, l.capital_source_code, g.id, o.organisation,
        case when p.entry_date < ${from}::date then p.amount_dong else 0 end,
        case when p.entry_date >= ${from}::date and e.kind = 'loan.disbursement' then p.amount_dong else 0 end,
        case when p.entry_date >= ${from}::date and e.kind = 'loan.repayment' then -p.amount_dong else 0 end,
        case when p.entry_date >= ${from}::date and e.kind = 'loan.write_off' then -p.amount_dong else 0 end,
        p.amount_dong
      from (
        -- Two disjoint date ranges, each a plain range the block-range index answers: after the
        -- built months (or the whole month containing 'to'), and the partial first month.
        select * from postings where entry_date > ${split.rawAfter}::date and entry_date <= ${to}::date
        union all
        select * from postings where entry_date >= ${split.rawFirstMonthFrom}::date and entry_date < ${split.rawFirstMonthBefore}::date
          and entry_date <= ${split.rawAfter}::date and entry_date <= ${to}::date
      ) p
      join ledger_accounts acc on acc.id = p.account_id and acc.kind = 'loan_principal'
      join journal_entries e on e.id = p.entry_id
      join loans l on l.id = p.loan_id
      ${LOAN_KEYS}
    )
    select ${sql.raw(dim.key)} as key, ${sql.raw(dim.label)} as label,
      coalesce(sum(b.opening), 0)::bigint as opening, coalesce(sum(b.disbursed), 0)::bigint as disbursed, coalesce(sum(b.collected), 0)::bigint as collected,
      coalesce(sum(b.written_off), 0)::bigint as written_off, coalesce(sum(b.closing), 0)::bigint as closing
    from src b ${aggregateJoins(scopePath)}
    group by 1, 2 order by 2, 1`.execute(db)
  return rows.filter((r) => r.opening !== 0n || r.disbursed !== 0n || r.collected !== 0n || r.written_off !== 0n || r.closing !== 0n)
}

// -- reports (outcomes) --

export interface InterestRow extends KeyLabel {
  /** Interest to collect in the month: receivable at the month's start + accrued in the month up to the date. */
  readonly due: bigint
  /** Interest collected by repayments from the month's first day to the date. */
  readonly collected: bigint
}

/**
 * Interest to collect and collected in the month of `date` up to it, per group of loans, from the
 * postings on interest-receivable accounts (normal and overdue): due = every posting dated before
 * the month + the month's postings other than repayments and write-offs (accruals, moves between
 * statuses net to zero); collected = the month's repayment credits.
 */
export async function interestCollectionRows(db: Executor, monthStart: string, date: string, scopePath: string, by: Dimension): Promise<InterestRow[]> {
  const dim = DIMENSION_SQL[by]
  const settled = sql`p.entry_date >= ${monthStart}::date and e.kind in ('loan.repayment', 'loan.write_off')`
  const { rows } = await sql<InterestRow>`
    select ${sql.raw(dim.key)} as key, ${sql.raw(dim.label)} as label,
      coalesce(sum(p.amount_dong) filter (where not (${settled})), 0)::bigint as due,
      coalesce(-sum(p.amount_dong) filter (where p.entry_date >= ${monthStart}::date and e.kind = 'loan.repayment'), 0)::bigint as collected
    from postings p
    join ledger_accounts acc on acc.id = p.account_id and acc.kind = 'interest_receivable'
    join journal_entries e on e.id = p.entry_id
    join ${base({ kind: 'current' })} b on b.loan_id = p.loan_id
    ${joins(scopePath)} and p.entry_date <= ${date}::date
    group by 1, 2 order by 2, 1`.execute(db)
  return rows.filter((r) => r.due !== 0n || r.collected !== 0n)
}

export interface DisbursementCounts {
  /** Lượt vay: loans with a disbursement in the period. */
  readonly loans: bigint
  /** Distinct borrowing households. */
  readonly borrowers: bigint
}

export interface OutcomeRow {
  readonly outcome: string
  readonly programs: string
  readonly legal_basis: string
  readonly loans: bigint
  readonly borrowers: bigint
}

/**
 * The loans disbursed in [from, to] in the subtree and their distinct households, and per outcome
 * of `report_outcome_programs` (every outcome listed) the loans whose program counts towards it on
 * the loan's first disbursement day in the period, and their distinct households.
 *
 * From the disbursement days of migration 0023. A loan counts once, on its first day in the
 * period (no previous day, or one before the period). A household counts once: by its first day
 * in the period in its commune unit when it borrowed in one commune unit only, by a distinct count
 * over its days otherwise (few). Those counts are sums over `loan_disbursement_day_counts`; only
 * the outcomes' distinct households and the households of several communes are counted over the
 * days themselves (an index-only scan of the outcome programs' days). The outcome filters are
 * built from the catalogue's rows as bound parameters.
 */
export async function outcomeCounts(db: Executor, from: string, to: string, scopePath: string): Promise<{ counts: DisbursementCounts; outcomes: OutcomeRow[] }> {
  const catalogue = await sql<{ outcome: string; program_code: string; valid_from: string; valid_to: string | null }>`
    select outcome, program_code, valid_from, valid_to from report_outcome_programs order by outcome, program_code, valid_from`.execute(db)
  const labels = await sql<{ outcome: string; programs: string; legal_basis: string }>`
    select outcome, string_agg(distinct program_code, ', ' order by program_code) as programs, string_agg(distinct legal_basis, '; ' order by legal_basis) as legal_basis
    from report_outcome_programs group by outcome order by outcome`.execute(db)
  /** Whether the day of row `t` counts towards outcome `outcome` (its program, on that day). */
  const counts = (t: string, outcome: string) => sql.join(catalogue.rows.filter((m) => m.outcome === outcome).map((m) =>
    sql`(${sql.ref(`${t}.program_code`)} = ${m.program_code} and ${sql.ref(`${t}.disbursed_on`)} >= ${m.valid_from}::date and (${m.valid_to}::date is null or ${sql.ref(`${t}.disbursed_on`)} <= ${m.valid_to}::date))`), sql` or `)
  const first = (t: string) => sql`(${sql.ref(`${t}.previous_disbursed_on`)} is null or ${sql.ref(`${t}.previous_disbursed_on`)} < ${from}::date)`
  const scope = (t: string) => sql`${sql.ref(`${t}.disbursed_on`)} between ${from}::date and ${to}::date
    and ${sql.ref(`${t}.commune_unit_id`)} = any(array(select u.id from units u where u.path like ${scopePath + '%'}))`
  const programs = [...new Set(catalogue.rows.map((m) => m.program_code))]
  const { rows } = await sql<Record<string, bigint | null>>`
    select
      (select coalesce(sum(c.loans) filter (where ${first('c')}), 0) from loan_disbursement_day_counts c where ${scope('c')}) as loans,
      (select coalesce(sum(c.loans) filter (where not c.household_several_communes and (c.household_previous_on is null or c.household_previous_on < ${from}::date)), 0)
       from loan_disbursement_day_counts c where ${scope('c')})
      + (select count(distinct d.household_id) from loan_disbursement_days d where d.household_several_communes and ${scope('d')}) as borrowers
      ${sql.join(labels.rows.map((o, i) => sql`,
      (select coalesce(sum(c.loans), 0) from loan_disbursement_day_counts c where ${scope('c')} and ${first('c')} and (${counts('c', o.outcome)})) as ${sql.raw(`loans_${i}`)}`), sql``)}
    ${labels.rows.length === 0 ? sql`` : sql`, h.*`}
    ${labels.rows.length === 0 ? sql`` : sql`from (
      select ${sql.join(labels.rows.map((o, i) => sql`count(distinct d.household_id) filter (where ${counts('d', o.outcome)}) as ${sql.raw(`borrowers_${i}`)}`))}
      from loan_disbursement_days d
      where d.program_code = any(${programs}::text[]) and ${scope('d')} and ${first('d')}) h`}`.execute(db)
  const r = rows[0]!
  return {
    counts: { loans: BigInt(r['loans'] ?? 0n), borrowers: BigInt(r['borrowers'] ?? 0n) },
    outcomes: labels.rows.map((o, i) => ({ ...o, loans: BigInt(r[`loans_${i}`] ?? 0n), borrowers: BigInt(r[`borrowers_${i}`] ?? 0n) })),
  }
}

export interface PovertyYearRow {
  readonly year: number
  /** Households in the registry of the subtree at the year's end. */
  readonly households: bigint
  /** Of them, classed poor at the year's end. */
  readonly poor: bigint
  /** Households whose class changed from poor to another class during the year, having borrowed on or before that day. */
  readonly exits: bigint
}

/**
 * The poverty rate by year (31/12 of each year from `fromYear` to `toYear`) for the households
 * registered in the subtree, and the exits from poverty of borrowers, from the tables migration
 * 0023 maintains: the registry counts (households by the years they were formed and ended) and
 * the class spans (each class with the household's commune and dates, the previous class and the
 * next class's date; a class holds from its effective date to the next one).
 *
 * The poor at each year's end come from the years each poor class spans (from the year it takes
 * effect, or the household is formed, to the year before the next class or the household's end),
 * counted as +1 at the first year and −1 after the last, so no class becomes a row per year. An
 * exit after borrowing is a class change from poor with a disbursement day of the household on or
 * before it. Classes after `toYear` are left out, as they were of the windows this replaced.
 */
export async function povertyByYear(db: Executor, fromYear: number, toYear: number, scopePath: string, from: string, to: string): Promise<PovertyYearRow[]> {
  const { rows } = await sql<{ year: number; households: bigint; poor: bigint; exits: bigint; total_exits: bigint }>`
    with years as (
      select y::int as year from generate_series(${fromYear}::int, ${toYear}::int) y
    ),
    registry as (
      select r.formed_year, r.ended_year, sum(r.households) as n
      from household_registry_counts r join units u on u.id = r.commune_unit_id where u.path like ${scopePath + '%'}
      group by 1, 2
    ),
    k as not materialized (
      select s.household_id, s.class, s.effective_from, s.previous_class, s.next_from, s.formed_on, s.ended_on
      from household_class_spans s join units u on u.id = s.commune_unit_id
      where u.path like ${scopePath + '%'} and s.effective_from <= make_date(${toYear}::int, 12, 31)
    ),
    poor_spans as (
      select * from (
        select greatest(extract(year from k.effective_from), extract(year from k.formed_on))::int as first_year,
          least(extract(year from k.next_from)::int - 1, extract(year from k.ended_on)::int - 1) as last_year, count(*) as n
        from k where k.class = 'poor'
        group by 1, 2) s
      where s.last_year is null or s.last_year >= s.first_year
    ),
    exit_rows as materialized (
      select extract(year from k.effective_from)::int as year, k.household_id
      from k
      where k.previous_class = 'poor' and k.class <> 'poor' and k.effective_from between ${from}::date and ${to}::date
        and exists (select 1 from loan_disbursement_days d where d.household_id = k.household_id and d.disbursed_on <= k.effective_from)
    ),
    exits as (select year, count(distinct household_id) as n from exit_rows group by 1)
    select y.year,
      ((select coalesce(sum(r.n), 0) from registry r where r.formed_year <= y.year) - (select coalesce(sum(r.n), 0) from registry r where r.ended_year <= y.year))::bigint as households,
      ((select coalesce(sum(p.n), 0) from poor_spans p where p.first_year <= y.year) - (select coalesce(sum(p.n), 0) from poor_spans p where p.last_year < y.year))::bigint as poor,
      coalesce(x.n, 0)::bigint as exits,
      (select count(distinct household_id) from exit_rows)::bigint as total_exits
    from years y left join exits x on x.year = y.year
    order by y.year`.execute(db)
  return rows.map((r) => ({ ...r, year: Number(r.year) }))
}

/** `povertyByYear`'s rows carry the distinct households that left poverty over the whole period too. */
export function totalExits(rows: readonly PovertyYearRow[]): bigint {
  return (rows[0] as (PovertyYearRow & { total_exits?: bigint }) | undefined)?.total_exits ?? 0n
}

/** Distinct households that left poverty in [from, to] (poor → another class) having borrowed on or before that day. */
export async function povertyExits(db: Executor, from: string, to: string, scopePath: string): Promise<bigint> {
  const { rows } = await sql<{ n: bigint }>`
    select count(distinct s.household_id) as n
    from household_class_spans s join units u on u.id = s.commune_unit_id
    where u.path like ${scopePath + '%'} and s.previous_class = 'poor' and s.class <> 'poor' and s.effective_from between ${from}::date and ${to}::date
      and exists (select 1 from loan_disbursement_days d where d.household_id = s.household_id and d.disbursed_on <= s.effective_from)`.execute(db)
  return rows[0]?.n ?? 0n
}

/** The first journal entry's date (capital received may come before any loan): fund reports before it have no data. */
export async function firstEntryDate(db: Executor): Promise<string | null> {
  const { rows } = await sql<{ d: string | null }>`select min(entry_date) as d from journal_entries`.execute(db)
  return rows[0]?.d ?? null
}

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

/** Loans disbursed in [from, to] in the subtree and their distinct households. */
export async function disbursementCounts(db: Executor, from: string, to: string, scopePath: string): Promise<DisbursementCounts> {
  const { rows } = await sql<DisbursementCounts>`
    select count(distinct l.id) as loans, count(distinct l.household_id) as borrowers
    from journal_entries e join loans l on l.id = e.loan_id join units u on u.id = l.commune_unit_id
    where e.kind = 'loan.disbursement' and e.entry_date between ${from}::date and ${to}::date and u.path like ${scopePath + '%'}`.execute(db)
  return rows[0] ?? { loans: 0n, borrowers: 0n }
}

export interface OutcomeRow {
  readonly outcome: string
  readonly programs: string
  readonly legal_basis: string
  readonly loans: bigint
  readonly borrowers: bigint
}

/**
 * Per outcome of `report_outcome_programs`: the loans disbursed in [from, to] whose program counts
 * towards it on the disbursement date, and their distinct households. Every outcome is listed.
 */
export async function outcomeRows(db: Executor, from: string, to: string, scopePath: string): Promise<OutcomeRow[]> {
  const { rows } = await sql<OutcomeRow>`
    with d as (
      select distinct on (e.loan_id) e.loan_id, e.entry_date, l.household_id, l.program_code
      from journal_entries e join loans l on l.id = e.loan_id join units u on u.id = l.commune_unit_id
      where e.kind = 'loan.disbursement' and e.entry_date between ${from}::date and ${to}::date and u.path like ${scopePath + '%'}
      order by e.loan_id, e.entry_date
    )
    select m.outcome, string_agg(distinct m.program_code, ', ' order by m.program_code) as programs,
      string_agg(distinct m.legal_basis, '; ' order by m.legal_basis) as legal_basis,
      count(distinct d.loan_id) as loans, count(distinct d.household_id) as borrowers
    from report_outcome_programs m
    left join d on d.program_code = m.program_code and d.entry_date >= m.valid_from and (m.valid_to is null or d.entry_date <= m.valid_to)
    group by m.outcome order by m.outcome`.execute(db)
  return rows
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
 * registered in the subtree, and the exits from poverty of borrowers: set-based over
 * `household_classes` (each class holds from its effective date to the next one).
 */
export async function povertyByYear(db: Executor, fromYear: number, toYear: number, scopePath: string, from: string, to: string): Promise<PovertyYearRow[]> {
  const { rows } = await sql<{ year: number; households: bigint; poor: bigint; exits: bigint; total_exits: bigint }>`
    with years as (
      select y::int as year, make_date(y::int, 12, 31) as ye from generate_series(${fromYear}::int, ${toYear}::int) y
    ),
    hh as (
      select h.id, h.formed_on, h.ended_on from households h join units u on u.id = h.commune_unit_id where u.path like ${scopePath + '%'}
    ),
    changes as materialized (
      select extract(year from formed_on)::int as year, count(*) as n from hh group by 1
      union all
      select extract(year from ended_on)::int, -count(*) from hh where ended_on is not null group by 1
    ),
    registry as (select y.year, coalesce(sum(c.n), 0) as n from years y left join changes c on c.year <= y.year group by y.year),
    k as (
      select hc.household_id, hc.class, hc.effective_from, h.formed_on, h.ended_on,
        lead(hc.effective_from) over (partition by hc.household_id order by hc.effective_from) as next_from,
        lag(hc.class) over (partition by hc.household_id order by hc.effective_from) as previous_class
      from household_classes hc join households h on h.id = hc.household_id join units u on u.id = h.commune_unit_id
      where u.path like ${scopePath + '%'} and
        hc.effective_from <= make_date(${toYear}::int, 12, 31)
    ),
    poor as (
      select y.year, count(*) as n
      from years y join k on k.class = 'poor' and k.effective_from <= y.ye and (k.next_from is null or k.next_from > y.ye)
        and k.formed_on <= y.ye and (k.ended_on is null or k.ended_on > y.ye)
      group by y.year
    ),
    exit_rows as materialized (
      select extract(year from k.effective_from)::int as year, k.household_id
      from k
      where k.previous_class = 'poor' and k.class <> 'poor' and k.effective_from between ${from}::date and ${to}::date
        and exists (select 1 from loans l join journal_entries e on e.loan_id = l.id and e.kind = 'loan.disbursement'
                    where l.household_id = k.household_id and e.entry_date <= k.effective_from)
    ),
    exits as (select year, count(distinct household_id) as n from exit_rows group by 1)
    select y.year,
      r.n::bigint as households,
      coalesce(p.n, 0)::bigint as poor, coalesce(x.n, 0)::bigint as exits,
      (select count(distinct household_id) from exit_rows)::bigint as total_exits
    from years y join registry r on r.year = y.year left join poor p on p.year = y.year left join exits x on x.year = y.year
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
    select count(distinct k.household_id) as n from (
      select hc.household_id, hc.class, hc.effective_from, lag(hc.class) over (partition by hc.household_id order by hc.effective_from) as previous_class
      from household_classes hc join households h on h.id = hc.household_id join units u on u.id = h.commune_unit_id
      where u.path like ${scopePath + '%'} and hc.effective_from <= ${to}::date) k
    where k.previous_class = 'poor' and k.class <> 'poor' and k.effective_from >= ${from}::date
      and exists (select 1 from loans l join journal_entries e on e.loan_id = l.id and e.kind = 'loan.disbursement'
                  where l.household_id = k.household_id and e.entry_date <= k.effective_from)`.execute(db)
  return rows[0]?.n ?? 0n
}

/** The first journal entry's date (capital received may come before any loan): fund reports before it have no data. */
export async function firstEntryDate(db: Executor): Promise<string | null> {
  const { rows } = await sql<{ d: string | null }>`select min(entry_date) as d from journal_entries`.execute(db)
  return rows[0]?.d ?? null
}

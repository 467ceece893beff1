import { sql } from 'kysely'
import type { Executor } from '../executor.js'
import { DISBURSEMENT_KINDS, REPAYMENT_KINDS } from './plans.js'

// Set-based queries behind the dashboards and the transparency postings (issue #7). Figures come
// from the month-end snapshots (loan_snapshots) of closed months; flows of a month from the
// principal postings of that month. Every query is bounded by a scope path the caller has checked.

export interface SnapshotTotals {
  readonly period: string
  readonly in_term: bigint
  readonly overdue: bigint
  readonly frozen: bigint
  /** Distinct households with principal outstanding. */
  readonly borrowers: bigint
  /** Loans with principal outstanding. */
  readonly loans: bigint
}

const like = (path: string) => `${path}%`

/** Outstanding by status, borrowers and loans under a unit's path at each given month-end, one row per period that has loans. */
export async function snapshotTotals(db: Executor, scopePath: string, periods: readonly string[]): Promise<SnapshotTotals[]> {
  if (periods.length === 0) return []
  const { rows } = await sql<SnapshotTotals>`
    select s.period,
      sum(s.principal_in_term_dong)::bigint as in_term, sum(s.principal_overdue_dong)::bigint as overdue, sum(s.principal_frozen_dong)::bigint as frozen,
      count(distinct s.household_id) as borrowers, count(*) as loans
    from loan_snapshots s join units u on u.id = s.commune_unit_id
    where s.period in (${sql.join(periods)}) and u.path like ${like(scopePath)}
      and s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong > 0
    group by s.period order by s.period`.execute(db)
  return rows
}

export interface MonthFlow {
  /** 'YYYY-MM' */
  readonly month: string
  readonly disbursed: bigint
  readonly collected: bigint
}

/** Principal disbursed and collected (reversals netted) per calendar month between two dates, loans under the path. */
export async function monthlyFlows(db: Executor, scopePath: string, from: string, to: string): Promise<MonthFlow[]> {
  const { rows } = await sql<MonthFlow>`
    select to_char(p.entry_date, 'YYYY-MM') as month,
      coalesce(sum(p.amount_dong) filter (where e.kind in (${sql.join(DISBURSEMENT_KINDS)})), 0)::bigint as disbursed,
      coalesce(-sum(p.amount_dong) filter (where e.kind in (${sql.join(REPAYMENT_KINDS)})), 0)::bigint as collected
    from postings p
    join ledger_accounts a on a.id = p.account_id and a.kind = 'loan_principal'
    join journal_entries e on e.id = p.entry_id
    join loans lo on lo.id = p.loan_id
    join units u on u.id = lo.commune_unit_id
    where p.entry_date >= ${from}::date and p.entry_date <= ${to}::date and u.path like ${like(scopePath)}
    group by 1 order by 1`.execute(db)
  return rows
}

export interface ProgramOutstanding {
  readonly program_code: string
  readonly name_vi: string
  readonly name_en: string
  readonly outstanding: bigint
  readonly overdue: bigint
  readonly borrowers: bigint
  readonly loans: bigint
}

/** Outstanding by program at a month-end, under the path. */
export async function outstandingByProgram(db: Executor, scopePath: string, period: string): Promise<ProgramOutstanding[]> {
  const { rows } = await sql<ProgramOutstanding>`
    select s.program_code, pr.name_vi, pr.name_en,
      sum(s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong)::bigint as outstanding,
      sum(s.principal_overdue_dong)::bigint as overdue, count(distinct s.household_id) as borrowers, count(*) as loans
    from loan_snapshots s join units u on u.id = s.commune_unit_id join programs pr on pr.code = s.program_code
    where s.period = ${period} and u.path like ${like(scopePath)}
      and s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong > 0
    group by s.program_code, pr.name_vi, pr.name_en order by 4 desc, 1`.execute(db)
  return rows
}

export interface ChildUnitFigures {
  readonly unit_id: number
  readonly code: string
  readonly name: string
  readonly kind: string
  readonly outstanding: bigint
  readonly overdue: bigint
  readonly borrowers: bigint
}

/**
 * The children of a unit with their outstanding and overdue at a month-end (a child with no loans
 * shows zeros). A commune's children are villages, which loans do not name: the commune's drill-down
 * goes through its savings groups instead (`groupFigures`).
 */
export async function childUnitFigures(db: Executor, unitId: number, period: string): Promise<ChildUnitFigures[]> {
  const { rows } = await sql<ChildUnitFigures>`
    select c.id as unit_id, c.code, c.name, c.kind,
      coalesce(sum(s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong), 0)::bigint as outstanding,
      coalesce(sum(s.principal_overdue_dong), 0)::bigint as overdue,
      count(distinct s.household_id) as borrowers
    from units c
    left join units cu on cu.path like c.path || '%' and cu.kind = 'commune'
    left join loan_snapshots s on s.commune_unit_id = cu.id and s.period = ${period}
      and s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong > 0
    where c.parent_id = ${unitId} and c.kind <> 'village'
    group by c.id, c.code, c.name, c.kind order by c.name, c.id`.execute(db)
  return rows
}

export interface GroupFigures {
  /** Null for the loans lent directly, through no savings group. */
  readonly group_id: bigint | null
  readonly name: string | null
  readonly outstanding: bigint
  readonly overdue: bigint
  readonly borrowers: bigint
  readonly loans: bigint
}

/** The savings groups of a unit's subtree with the outstanding and overdue of their loans at a month-end. */
export async function groupFigures(db: Executor, scopePath: string, period: string): Promise<GroupFigures[]> {
  const { rows } = await sql<GroupFigures>`
    select g.id as group_id, g.name,
      sum(s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong)::bigint as outstanding,
      sum(s.principal_overdue_dong)::bigint as overdue, count(distinct s.household_id) as borrowers, count(*) as loans
    from loan_snapshots s join units u on u.id = s.commune_unit_id join loans lo on lo.id = s.loan_id
    left join loan_applications a on a.id = lo.application_id
    left join savings_groups g on g.id = a.group_id
    where s.period = ${period} and u.path like ${like(scopePath)}
      and s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong > 0
    group by g.id, g.name order by g.name nulls last, g.id`.execute(db)
  return rows
}

/** A savings group in the scope, or undefined (out of scope answers like not there). */
export async function groupInScope(db: Executor, groupId: bigint, scopePath: string): Promise<{ id: bigint; name: string; commune_unit_id: number; commune_name: string } | undefined> {
  return db.selectFrom('savings_groups as g').innerJoin('units as u', 'u.id', 'g.commune_unit_id')
    .select(['g.id', 'g.name', 'g.commune_unit_id', 'u.name as commune_name'])
    .where('g.id', '=', groupId).where('u.path', 'like', like(scopePath)).executeTakeFirst()
}

export interface GroupLoan {
  readonly loan_id: bigint
  readonly borrower: string
  readonly program_code: string
  readonly contract_date: string
  readonly in_term: bigint
  readonly overdue: bigint
  readonly frozen: bigint
}

/** The loans of a savings group with principal outstanding at a month-end, with the borrowing household's head. */
export async function groupLoans(db: Executor, groupId: bigint, period: string): Promise<GroupLoan[]> {
  const { rows } = await sql<GroupLoan>`
    select s.loan_id, coalesce(p.full_name, h.code) as borrower, s.program_code, lo.contract_date,
      s.principal_in_term_dong as in_term, s.principal_overdue_dong as overdue, s.principal_frozen_dong as frozen
    from loan_snapshots s join loans lo on lo.id = s.loan_id
    join loan_applications a on a.id = lo.application_id
    join households h on h.id = s.household_id left join persons p on p.id = h.head_person_id
    where s.period = ${period} and a.group_id = ${groupId}
      and s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong > 0
    order by 2, 1 limit 5000`.execute(db)
  return rows
}

/** The year of the earliest poverty classification of a household under the path, or null. */
export async function firstClassYear(db: Executor, scopePath: string): Promise<number | null> {
  const { rows } = await sql<{ y: number | null }>`
    select extract(year from min(hc.effective_from))::int as y
    from household_classes hc join households h on h.id = hc.household_id join units u on u.id = h.commune_unit_id
    where u.path like ${like(scopePath)}`.execute(db)
  return rows[0]?.y ?? null
}

export interface PovertyYear {
  readonly year: number
  readonly poor: bigint
  readonly households: bigint
}

/**
 * Poor households and households of the unit at each given date (a year end): a household counts
 * when formed on or before the date and not ended by it; it is poor when its latest classification
 * in force on the date is 'poor'. One statement over the households and their classes.
 */
export async function povertyByYear(db: Executor, scopePath: string, years: readonly { year: number; at: string }[]): Promise<PovertyYear[]> {
  if (years.length === 0) return []
  const values = sql.join(years.map((y) => sql`(${y.year}::int, ${y.at}::date)`))
  const { rows } = await sql<PovertyYear>`
    with years(year, at) as (values ${values}),
    hh as (
      select h.id, h.formed_on, h.ended_on from households h join units u on u.id = h.commune_unit_id where u.path like ${like(scopePath)}
    ),
    classed as (
      select distinct on (y.year, hc.household_id) y.year, hc.household_id, hc.class
      from years y join household_classes hc on hc.effective_from <= y.at join hh on hh.id = hc.household_id
      order by y.year, hc.household_id, hc.effective_from desc, hc.id desc
    )
    select y.year,
      count(c.household_id) filter (where c.class = 'poor') as poor,
      count(hh.id) as households
    from years y
    left join hh on hh.formed_on <= y.at and (hh.ended_on is null or hh.ended_on > y.at)
    left join classed c on c.year = y.year and c.household_id = hh.id
    group by y.year order by y.year`.execute(db)
  return rows
}

// ---- transparency (công khai) ----

export interface PointInScope {
  readonly id: number
  readonly code: string
  readonly site_name: string
  readonly commune_unit_id: number
  readonly commune_name: string
  readonly province_code: string | null
}

/** A transaction point whose commune is under the path, or undefined. */
export async function pointInScope(db: Executor, pointId: number, scopePath: string): Promise<PointInScope | undefined> {
  return db.selectFrom('transaction_points as p').innerJoin('units as c', 'c.id', 'p.commune_unit_id')
    .select(['p.id', 'p.code', 'p.site_name', 'p.commune_unit_id', 'c.name as commune_name', 'c.province_code'])
    .where('p.id', '=', pointId).where('c.path', 'like', like(scopePath)).executeTakeFirst()
}

/**
 * What a public posting may show of a borrower — and nothing else: the name, the village, the
 * program, the amount lent and the term. Never the citizen id or the phone (the select below names
 * its columns one by one; a test checks the keys).
 */
export interface PostedBorrower {
  readonly name: string
  readonly village: string | null
  readonly program_code: string
  readonly program_name: string
  readonly amount_dong: bigint
  readonly outstanding_dong: bigint
  readonly term_months: number
  readonly contract_date: string
}

/**
 * Borrowers with principal outstanding today whose loan belongs to the point: through a savings
 * group meeting at the point, or — lent directly — in the point's commune when the point is the
 * commune's first active one (where direct loans take their monthly day, see applications).
 */
export async function postedBorrowers(db: Executor, point: PointInScope): Promise<PostedBorrower[]> {
  const { rows } = await sql<PostedBorrower>`
    select p.full_name as name, v.name as village, lo.program_code, pr.name_vi as program_name,
      lo.disbursed_dong as amount_dong, (lo.principal_in_term_dong + lo.principal_overdue_dong + lo.principal_frozen_dong)::bigint as outstanding_dong,
      a.term_months, lo.contract_date
    from loans lo
    join loan_applications a on a.id = lo.application_id
    join households h on h.id = lo.household_id
    join persons p on p.id = h.head_person_id
    left join units v on v.id = h.village_unit_id
    join programs pr on pr.code = lo.program_code
    left join savings_groups g on g.id = a.group_id
    where lo.principal_in_term_dong + lo.principal_overdue_dong + lo.principal_frozen_dong > 0
      and (g.transaction_point_id = ${point.id}
        or (a.group_id is null and lo.commune_unit_id = ${point.commune_unit_id}
          and ${point.id} = (select min(tp.id) from transaction_points tp where tp.commune_unit_id = ${point.commune_unit_id} and tp.status = 'active')))
    order by v.name nulls last, p.full_name, lo.contract_date
    limit 20000`.execute(db)
  return rows
}

// ---- the public page of a province (no login) ----

export async function provinceByCode(db: Executor, code: string): Promise<{ id: number; name: string; path: string } | undefined> {
  return db.selectFrom('units').select(['id', 'name', 'path']).where('kind', '=', 'province').where('province_code', '=', code).executeTakeFirst()
}

export async function latestClosedPeriod(db: Executor): Promise<string | null> {
  const row = await db.selectFrom('period_closes').select((eb) => eb.fn.max('period').as('period')).where('status', '=', 'done').executeTakeFirst()
  return row?.period ?? null
}

export interface CommuneAggregate {
  readonly name: string
  readonly outstanding: bigint
  readonly overdue: bigint
  readonly borrowers: bigint
}

/** Every commune under the path with loans at the month-end: aggregates only, no person. */
export async function communeAggregates(db: Executor, scopePath: string, period: string): Promise<CommuneAggregate[]> {
  const { rows } = await sql<CommuneAggregate>`
    select u.name,
      sum(s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong)::bigint as outstanding,
      sum(s.principal_overdue_dong)::bigint as overdue, count(distinct s.household_id) as borrowers
    from loan_snapshots s join units u on u.id = s.commune_unit_id
    where s.period = ${period} and u.path like ${like(scopePath)}
      and s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong > 0
    group by u.id, u.name order by u.name, u.id`.execute(db)
  return rows
}

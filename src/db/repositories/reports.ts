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

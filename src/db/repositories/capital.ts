import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../executor.js'

/**
 * The capital movements of one source as the statement and the pools read them: the rows of
 * `capital_movements`, plus receipts that have no movement row — posted before the capital
 * sub-ledger existed (`capital.receive`) or by a portfolio takeover (`capital.takeover`, the stated
 * capital received at the owner's unit): their cash posting names the unit.
 */
function movesOf(source: string): RawBuilder<unknown> {
  return sql`(
    select m.entry_id, m.movement_date::text as movement_date, m.kind, m.capital_kind, m.from_unit_id, m.to_unit_id, m.amount_dong, m.reference
      from capital_movements m where m.source_code = ${source}
    union all
    select e.id, e.entry_date::text, 'receipt', null, null, a.unit_id, p.amount_dong, e.description
      from journal_entries e
      join postings p on p.entry_id = e.id
      join ledger_accounts a on a.id = p.account_id and a.kind = 'cash'
     where e.kind in ('capital.receive', 'capital.takeover')
       and not exists (select 1 from capital_movements cm where cm.entry_id = e.id)
       and exists (select 1 from postings p2 join ledger_accounts a2 on a2.id = p2.account_id
                    where p2.entry_id = e.id and a2.kind = 'lending_fund' and a2.capital_source_code = ${source})
  )`
}

export interface MoveRow {
  readonly entry_id: bigint
  readonly movement_date: string
  readonly kind: 'receipt' | 'allocation' | 'return' | 'contribution' | 'interest_share'
  readonly capital_kind: string | null
  readonly from_unit_id: number | null
  readonly to_unit_id: number | null
  readonly from_path: string | null
  readonly to_path: string | null
  readonly amount_dong: bigint
  readonly reference: string
}

/** Every movement of a source dated on or before `to` (all when null), with the units' paths. */
export async function movementsOf(db: Executor, source: string, to: string | null): Promise<MoveRow[]> {
  const { rows } = await sql<MoveRow>`
    select mv.*, fu.path as from_path, tu.path as to_path
      from ${movesOf(source)} mv
      left join units fu on fu.id = mv.from_unit_id
      left join units tu on tu.id = mv.to_unit_id
     where ${to}::date is null or mv.movement_date::date <= ${to}::date
     order by mv.movement_date, mv.entry_id`.execute(db)
  return rows
}

/** Capital held per unit (in − out) from movements dated on or before `to` (all when null). */
export async function heldByUnit(db: Executor, source: string, to: string | null): Promise<Map<number, bigint>> {
  const held = new Map<number, bigint>()
  for (const m of await movementsOf(db, source, to)) {
    if (m.to_unit_id !== null) held.set(m.to_unit_id, (held.get(m.to_unit_id) ?? 0n) + m.amount_dong)
    if (m.from_unit_id !== null) held.set(m.from_unit_id, (held.get(m.from_unit_id) ?? 0n) - m.amount_dong)
  }
  return held
}

/** Whether the source has ever been allocated down the hierarchy (then its pools are enforced). */
export async function hasAllocations(db: Executor, source: string): Promise<boolean> {
  const row = await db.selectFrom('capital_movements').select('id').where('source_code', '=', source).where('kind', '=', 'allocation').limit(1).executeTakeFirst()
  return row !== undefined
}

export interface OutstandingRow {
  readonly unitId: number
  readonly path: string
  readonly dong: bigint
}

/**
 * Outstanding principal of the source per loan commune: from the loans' cached balances today
 * (`at` null), or re-derived from the postings dated on or before `at`.
 */
export async function outstandingByUnit(db: Executor, source: string, at: string | null): Promise<OutstandingRow[]> {
  const { rows } = at === null
    ? await sql<{ unit_id: number; path: string; dong: bigint }>`
        select l.commune_unit_id as unit_id, u.path, sum(l.principal_in_term_dong + l.principal_overdue_dong + l.principal_frozen_dong)::bigint as dong
          from loans l join units u on u.id = l.commune_unit_id
         where l.capital_source_code = ${source} group by l.commune_unit_id, u.path`.execute(db)
    : await sql<{ unit_id: number; path: string; dong: bigint }>`
        select l.commune_unit_id as unit_id, u.path, sum(p.amount_dong)::bigint as dong
          from postings p
          join ledger_accounts a on a.id = p.account_id and a.kind = 'loan_principal' and a.capital_source_code = ${source}
          join loans l on l.id = p.loan_id
          join units u on u.id = l.commune_unit_id
         where p.entry_date <= ${at}::date
         group by l.commune_unit_id, u.path`.execute(db)
  return rows.map((r) => ({ unitId: r.unit_id, path: r.path, dong: r.dong }))
}

export interface LoanEntryRow {
  readonly entry_id: bigint
  readonly entry_date: string
  readonly kind: string
  readonly description: string
  /** Net change of the source's outstanding principal in the entry (within the scope). */
  readonly net_dong: bigint
}

/**
 * Journal entries between two dates that changed the outstanding principal of the source's loans
 * under a unit path (all when null): disbursements (+), repayments and write-offs (−). Status
 * moves (in term → overdue, frozen) net to zero and are left out.
 */
export async function loanPrincipalEntries(db: Executor, source: string, scopePath: string | null, from: string, to: string): Promise<LoanEntryRow[]> {
  const { rows } = await sql<LoanEntryRow>`
    select e.id as entry_id, e.entry_date::text as entry_date, e.kind, e.description, sum(p.amount_dong)::bigint as net_dong
      from postings p
      join ledger_accounts a on a.id = p.account_id and a.kind = 'loan_principal' and a.capital_source_code = ${source}
      join journal_entries e on e.id = p.entry_id
      join loans l on l.id = p.loan_id
      join units u on u.id = l.commune_unit_id
     where p.entry_date between ${from}::date and ${to}::date
       and (${scopePath}::text is null or u.path like ${scopePath === null ? '' : scopePath + '%'})
     group by e.id, e.entry_date, e.kind, e.description
    having sum(p.amount_dong) <> 0
     order by e.entry_date, e.id`.execute(db)
  return rows
}

/** Capital of the source in its lending-fund account (−balance) and its outstanding, from postings up to a date. */
export async function sourceTotalsAt(db: Executor, source: string, at: string): Promise<{ capitalDong: bigint; outstandingDong: bigint }> {
  const { rows } = await sql<{ capital: bigint; outstanding: bigint }>`
    select coalesce(-sum(p.amount_dong) filter (where a.kind = 'lending_fund'), 0)::bigint as capital,
           coalesce(sum(p.amount_dong) filter (where a.kind = 'loan_principal'), 0)::bigint as outstanding
      from ledger_accounts a join postings p on p.account_id = a.id
     where a.capital_source_code = ${source} and a.kind in ('lending_fund', 'loan_principal') and p.entry_date <= ${at}::date`.execute(db)
  return { capitalDong: rows[0]?.capital ?? 0n, outstandingDong: rows[0]?.outstanding ?? 0n }
}

/** The sub-ledger check: per source, capital by movements equals −balance of its lending-fund account. */
export async function movementDifferences(db: Executor): Promise<Array<{ source: string; movementsDong: bigint; ledgerDong: bigint }>> {
  const { rows } = await sql<{ source: string; movements: bigint; ledger: bigint }>`
    with m as (
      select source_code, sum(case kind when 'allocation' then 0 when 'return' then -amount_dong else amount_dong end)::bigint as movements
        from capital_movements group by source_code
    ), l as (
      select capital_source_code as source_code, (-sum(balance_dong))::bigint as ledger
        from ledger_accounts where kind = 'lending_fund' group by capital_source_code
    ), legacy as (
      select a.capital_source_code as source_code, (-sum(p.amount_dong))::bigint as legacy
        from journal_entries e join postings p on p.entry_id = e.id join ledger_accounts a on a.id = p.account_id and a.kind = 'lending_fund'
       where e.kind in ('capital.receive', 'capital.takeover') and not exists (select 1 from capital_movements cm where cm.entry_id = e.id)
       group by a.capital_source_code
    )
    select m.source_code as source, (m.movements + coalesce(legacy.legacy, 0))::bigint as movements, coalesce(l.ledger, 0)::bigint as ledger
      from m left join l using (source_code) left join legacy using (source_code)
     where m.movements + coalesce(legacy.legacy, 0) <> coalesce(l.ledger, 0)`.execute(db)
  return rows.map((r) => ({ source: r.source, movementsDong: r.movements, ledgerDong: r.ledger }))
}

/**
 * Interest earned in a month on the loans of each local source, per program: the net credit to
 * its interest-income accounts by entries dated in the month, leaving out the split entries
 * themselves and the interest a portfolio takeover brought in (earned before the bank managed the
 * loans; docs/decisions.md, "Capital sources and local funds").
 */
export async function interestEarned(db: Executor, from: string, to: string): Promise<Array<{ source: string; program: string; earnedDong: bigint; provinceCode: string | null }>> {
  const { rows } = await sql<{ source: string; program: string; earned: bigint; province_code: string | null }>`
    select a.capital_source_code as source, a.program_code as program, (-sum(p.amount_dong))::bigint as earned, min(cs.province_code) as province_code
      from postings p
      join ledger_accounts a on a.id = p.account_id and a.kind = 'interest_income'
      join capital_sources cs on cs.code = a.capital_source_code and cs.kind = 'local'
      join journal_entries e on e.id = p.entry_id and e.kind not in ('capital.interest_split', 'capital.takeover.loan')
     where p.entry_date between ${from}::date and ${to}::date
     group by a.capital_source_code, a.program_code
     order by 1, 2`.execute(db)
  return rows.map((r) => ({ source: r.source, program: r.program, earnedDong: r.earned, provinceCode: r.province_code }))
}

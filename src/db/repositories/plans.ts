import { sql } from 'kysely'
import type { Executor } from '../executor.js'
import { underScope } from '../scope.js'

// Queries of capital plans (kế hoạch vốn), targets and plan vs actual. A plan line belongs to its
// unit: it is seen within that unit's scope. Actual figures come from the ledger: the principal
// postings of the loans of the communes under a unit.

/** Journal entry kinds whose principal postings are loan turnover and collection (with their reversals). */
export const DISBURSEMENT_KINDS = ['loan.disbursement', 'loan.disbursement.reversal'] as const
export const REPAYMENT_KINDS = ['loan.repayment', 'loan.repayment.reversal'] as const

export interface PlanLineRow {
  id: bigint
  province_code: string
  unit_id: number
  unit_name: string
  unit_kind: string
  unit_path: string
  year: number
  quarter: number | null
  program_code: string
  capital_source_code: string | null
  amount_dong: bigint
  valid_from: string
  supersedes_id: bigint | null
  decision_number: string
  legal_basis: string
  note: string | null
  created_by: number | null
  created_by_name: string | null
  created_at: Date
  /** The version that replaced this one, if any. */
  superseded_by: bigint | null
}

export interface PlanLineFilter {
  readonly year?: number | undefined
  readonly quarter?: number | null | undefined
  readonly unitId?: number | undefined
  readonly programCode?: string | undefined
  /** Only the latest version of each line (default: every version, history included). */
  readonly latestOnly?: boolean | undefined
}

/** Every version of the plan lines in scope matching the filter, grouped by line, newest version first. */
export async function listPlanLinesInScope(db: Executor, scopePath: string, f: PlanLineFilter): Promise<PlanLineRow[]> {
  let q = db
    .selectFrom('plan_lines as l')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .leftJoin('users as cu', 'cu.id', 'l.created_by')
    .leftJoin('plan_lines as n', 'n.supersedes_id', 'l.id')
    .select(['l.id', 'l.province_code', 'l.unit_id', 'u.name as unit_name', 'u.kind as unit_kind', 'u.path as unit_path', 'l.year', 'l.quarter', 'l.program_code', 'l.capital_source_code',
      'l.amount_dong', 'l.valid_from', 'l.supersedes_id', 'l.decision_number', 'l.legal_basis', 'l.note', 'l.created_by', 'cu.username as created_by_name', 'l.created_at', 'n.id as superseded_by'])
    .where(underScope('u.path', scopePath))
  if (f.year !== undefined) q = q.where('l.year', '=', f.year)
  if (f.quarter !== undefined) q = f.quarter === null ? q.where('l.quarter', 'is', null) : q.where('l.quarter', '=', f.quarter)
  if (f.unitId !== undefined) q = q.where('l.unit_id', '=', f.unitId)
  if (f.programCode !== undefined) q = q.where('l.program_code', '=', f.programCode)
  if (f.latestOnly) q = q.where('n.id', 'is', null)
  return q.orderBy('u.path').orderBy('l.year').orderBy(sql`coalesce(l.quarter, 0)`).orderBy('l.program_code').orderBy(sql`coalesce(l.capital_source_code, '')`).orderBy('l.valid_from', 'desc').limit(20_000).execute()
}

export interface PlanLineKey {
  readonly year: number
  readonly quarter: number | null
  readonly programCode: string
  readonly capitalSourceCode: string | null
}

/** Every version of one line (key) of the given units, for the hierarchy check. */
export async function lineVersionsOf(db: Executor, unitIds: readonly number[], key: PlanLineKey): Promise<{ id: bigint; unit_id: number; amount_dong: bigint; valid_from: string }[]> {
  if (unitIds.length === 0) return []
  return db.selectFrom('plan_lines').select(['id', 'unit_id', 'amount_dong', 'valid_from'])
    .where('unit_id', 'in', unitIds).where('year', '=', key.year).where('program_code', '=', key.programCode)
    .where(sql<boolean>`coalesce(quarter, 0) = ${key.quarter ?? 0}`)
    .where(sql<boolean>`coalesce(capital_source_code, '') = ${key.capitalSourceCode ?? ''}`)
    .execute()
}

export interface ActualRow {
  unit_id: number
  unit_name: string
  unit_kind: string
  unit_path: string
  program_code: string
  capital_source_code: string | null
  line_id: bigint | null
  valid_from: string | null
  decision_number: string | null
  allocated_dong: bigint | null
  disbursed_dong: bigint
  collected_dong: bigint
  outstanding_dong: bigint
}

export interface ActualQuery {
  readonly rootPath: string
  readonly rootId: number
  readonly year: number
  readonly quarter: number | null
  /** The period's bounds; flows are counted from `from` to the earlier of `to` and `asOf`. */
  readonly from: string
  readonly to: string
  readonly asOf: string
  readonly programCode: string | null
}

/**
 * The principal flows of the loans under the root, per unit of the hierarchy (every commune's
 * figures added to each of its ancestors by splitting its path), program and capital source:
 * disbursed and collected within the period up to the date, outstanding on the date. One pass over
 * the postings; each commune's figures are spread to its ancestors by an equi-join, not a LIKE.
 */
const unitFlows = (q: ActualQuery) => sql`
  root as (select id, path from units where id = ${q.rootId}),
  flows as (
    select lo.commune_unit_id, lo.program_code, lo.capital_source_code,
      coalesce(sum(p.amount_dong) filter (where e.kind in ('loan.disbursement', 'loan.disbursement.reversal') and p.entry_date >= ${q.from}::date and p.entry_date <= least(${q.to}::date, ${q.asOf}::date)), 0)::bigint as disbursed,
      coalesce(-sum(p.amount_dong) filter (where e.kind in ('loan.repayment', 'loan.repayment.reversal') and p.entry_date >= ${q.from}::date and p.entry_date <= least(${q.to}::date, ${q.asOf}::date)), 0)::bigint as collected,
      coalesce(sum(p.amount_dong), 0)::bigint as outstanding
    from postings p
    join ledger_accounts a on a.id = p.account_id and a.kind = 'loan_principal'
    join journal_entries e on e.id = p.entry_id
    join loans lo on lo.id = p.loan_id
    join units cu on cu.id = lo.commune_unit_id
    cross join root
    where p.entry_date <= ${q.asOf}::date and cu.path like root.path || '%'
      and (${q.programCode}::text is null or lo.program_code = ${q.programCode}::text)
    group by lo.commune_unit_id, lo.program_code, lo.capital_source_code
  ),
  unit_flows as (
    select anc.id::int as unit_id, f.program_code, f.capital_source_code,
      sum(f.disbursed)::bigint as disbursed, sum(f.collected)::bigint as collected, sum(f.outstanding)::bigint as outstanding
    from flows f
    join units cu on cu.id = f.commune_unit_id
    cross join lateral unnest(string_to_array(trim(both '/' from cu.path), '/')) as anc(id)
    group by anc.id, f.program_code, f.capital_source_code
  )`

/**
 * Plan vs actual under a root unit for a period on a date: one row per plan line in force on the
 * date (the latest version with valid_from ≤ date) of a unit under the root, with the actual of
 * that unit's subtree for the line's program and source (all sources when the line names none);
 * plus, for the root, a row per program lent without a plan line of its own (allocated null).
 */
export async function planVsActualRows(db: Executor, q: ActualQuery): Promise<ActualRow[]> {
  const { rows } = await sql<ActualRow>`
    with ${unitFlows(q)},
    lines as (
      select distinct on (l.unit_id, l.program_code, coalesce(l.capital_source_code, ''))
        l.id, l.unit_id, l.program_code, l.capital_source_code, l.amount_dong, l.valid_from, l.decision_number
      from plan_lines l
      join units u on u.id = l.unit_id
      cross join root
      where l.year = ${q.year} and coalesce(l.quarter, 0) = ${q.quarter ?? 0} and l.valid_from <= ${q.asOf}::date
        and u.path like root.path || '%'
        and (${q.programCode}::text is null or l.program_code = ${q.programCode}::text)
      order by l.unit_id, l.program_code, coalesce(l.capital_source_code, ''), l.valid_from desc
    ),
    keyed as (
      select unit_id, program_code, capital_source_code, id as line_id, valid_from, decision_number, amount_dong as allocated_dong from lines
      union all
      select distinct root.id, uf.program_code, null::text, null::bigint, null::date, null::text, null::bigint
      from unit_flows uf cross join root
      where uf.unit_id = root.id
        and not exists (select 1 from lines l where l.unit_id = root.id and l.program_code = uf.program_code and l.capital_source_code is null)
    )
    select k.unit_id, u.name as unit_name, u.kind as unit_kind, u.path as unit_path, k.program_code, k.capital_source_code,
      k.line_id, k.valid_from::text as valid_from, k.decision_number, k.allocated_dong,
      coalesce(x.disbursed, 0)::bigint as disbursed_dong, coalesce(x.collected, 0)::bigint as collected_dong, coalesce(x.outstanding, 0)::bigint as outstanding_dong
    from keyed k
    join units u on u.id = k.unit_id
    left join lateral (
      select sum(uf.disbursed) as disbursed, sum(uf.collected) as collected, sum(uf.outstanding) as outstanding
      from unit_flows uf
      where uf.unit_id = k.unit_id and uf.program_code = k.program_code
        and (k.capital_source_code is null or uf.capital_source_code = k.capital_source_code)
    ) x on true
    order by u.path, k.program_code, coalesce(k.capital_source_code, '')`.execute(db)
  return rows
}

export interface TargetActualRow {
  id: bigint
  unit_id: number
  unit_name: string
  unit_path: string
  year: number
  program_code: string | null
  turnover_dong: bigint
  collection_dong: bigint
  households_out_of_poverty: number
  students: number
  workers: number
  water_works: number
  houses: number
  valid_from: string
  decision_number: string
  disbursed_dong: bigint
  collected_dong: bigint
}

/** The targets in force on the date of the units under the root for a year, with the year's actual turnover and collection. */
export async function targetsVsActualRows(db: Executor, q: ActualQuery): Promise<TargetActualRow[]> {
  const { rows } = await sql<TargetActualRow>`
    with ${unitFlows(q)},
    targets as (
      select distinct on (t.unit_id, coalesce(t.program_code, '')) t.*
      from plan_targets t
      join units u on u.id = t.unit_id
      cross join root
      where t.year = ${q.year} and t.valid_from <= ${q.asOf}::date and u.path like root.path || '%'
        and (${q.programCode}::text is null or t.program_code is null or t.program_code = ${q.programCode}::text)
      order by t.unit_id, coalesce(t.program_code, ''), t.valid_from desc
    )
    select t.id, t.unit_id, u.name as unit_name, u.path as unit_path, t.year, t.program_code, t.turnover_dong, t.collection_dong,
      t.households_out_of_poverty, t.students, t.workers, t.water_works, t.houses, t.valid_from::text as valid_from, t.decision_number,
      coalesce(x.disbursed, 0)::bigint as disbursed_dong, coalesce(x.collected, 0)::bigint as collected_dong
    from targets t
    join units u on u.id = t.unit_id
    left join lateral (
      select sum(uf.disbursed) as disbursed, sum(uf.collected) as collected
      from unit_flows uf where uf.unit_id = t.unit_id and (t.program_code is null or uf.program_code = t.program_code)
    ) x on true
    order by u.path, coalesce(t.program_code, '')`.execute(db)
  return rows
}

export interface RoomCandidateRow {
  line_id: bigint
  unit_id: number
  quarter: number | null
  capital_source_code: string | null
  allocated_dong: bigint
  disbursed_dong: bigint
}

/**
 * The plan lines that cap a disbursement in a commune on a date — the lines in force of every unit
 * on the commune's path for the program, for the date's year and quarter, of every source or of
 * the loan's — each with what was disbursed under it from its period's start to the date.
 */
export async function roomCandidates(db: Executor, input: { communeUnitId: number; programCode: string; capitalSourceCode: string | null; date: string; year: number; quarter: number; yearStart: string; quarterStart: string }): Promise<RoomCandidateRow[]> {
  const { rows } = await sql<RoomCandidateRow>`
    with c as (select path from units where id = ${input.communeUnitId}),
    cand as (
      select distinct on (l.unit_id, coalesce(l.quarter, 0), coalesce(l.capital_source_code, ''))
        l.id, l.unit_id, l.quarter, l.capital_source_code, l.amount_dong, u.path
      from plan_lines l
      join units u on u.id = l.unit_id
      cross join c
      where c.path like u.path || '%' and l.program_code = ${input.programCode} and l.year = ${input.year}
        and (l.quarter is null or l.quarter = ${input.quarter})
        and (l.capital_source_code is null or l.capital_source_code = ${input.capitalSourceCode}::text)
        and l.valid_from <= ${input.date}::date
      order by l.unit_id, coalesce(l.quarter, 0), coalesce(l.capital_source_code, ''), l.valid_from desc
    )
    select cand.id as line_id, cand.unit_id, cand.quarter, cand.capital_source_code, cand.amount_dong as allocated_dong,
      coalesce((
        select sum(p.amount_dong)
        from postings p
        join journal_entries e on e.id = p.entry_id
        join ledger_accounts a on a.id = p.account_id
        join loans lo on lo.id = p.loan_id
        join units cu on cu.id = lo.commune_unit_id
        where a.kind = 'loan_principal' and e.kind in ('loan.disbursement', 'loan.disbursement.reversal')
          and p.entry_date >= (case when cand.quarter is null then ${input.yearStart}::date else ${input.quarterStart}::date end)
          and p.entry_date <= ${input.date}::date
          and cu.path like cand.path || '%' and lo.program_code = ${input.programCode}
          and (cand.capital_source_code is null or lo.capital_source_code = cand.capital_source_code)
      ), 0)::bigint as disbursed_dong
    from cand`.execute(db)
  return rows
}

/** The rule in force on a date for a province: its own latest version, else the national one. */
export async function planRuleInForce(db: Executor, provinceCode: string | null, date: string): Promise<{ id: number; on_exceed: 'warn' | 'block'; legal_basis: string; province_code: string | null; valid_from: string } | undefined> {
  return db.selectFrom('plan_rules').select(['id', 'on_exceed', 'legal_basis', 'province_code', 'valid_from'])
    .where((eb) => eb.or([eb('province_code', 'is', null), eb('province_code', '=', provinceCode ?? '')]))
    .where('valid_from', '<=', date)
    .orderBy(sql`province_code is null`).orderBy('valid_from', 'desc')
    .limit(1).executeTakeFirst()
}

import { sql } from 'kysely'
import type { LocalDate } from '../../domain/shared/index.js'
import type { Executor } from '../executor.js'
import { underScope } from '../scope.js'

/** A local fund as the takeover needs it, with its owner unit when that is in the reader's scope. */
export interface TakeoverSource {
  readonly code: string
  readonly kind: 'central' | 'local'
  readonly ownerUnitId: number | null
  readonly ownerPath: string | null
  readonly provinceCode: string | null
}

/** The source, locked for the rest of the transaction (takeovers and disbursements on it queue up). */
export async function lockTakeoverSource(trx: Executor, code: string, scopePath: string, lock: boolean): Promise<TakeoverSource | undefined> {
  const { rows } = await sql<{ code: string; kind: 'central' | 'local'; owner_unit_id: number | null; path: string | null; province_code: string | null }>`
    select s.code, s.kind, s.owner_unit_id, u.path, coalesce(s.province_code, u.province_code) as province_code
    from capital_sources s left join units u on u.id = s.owner_unit_id
    where s.code = ${code} and (s.kind = 'central' or ${underScope('u.path', scopePath)})
    ${lock ? sql`for update of s` : sql``}`.execute(trx)
  const r = rows[0]
  return r && { code: r.code, kind: r.kind, ownerUnitId: r.owner_unit_id, ownerPath: r.path, provinceCode: r.province_code }
}

export interface BorrowerHousehold {
  readonly id: bigint
  readonly code: string
  readonly headCitizenId: string | null
  readonly provinceCode: string
  readonly communeUnitId: number
  readonly communeAdminCode: string | null
  readonly communeUnitCode: string
  /** The commune's active transaction point's monthly day, or 15 as for new loans. */
  readonly monthlyDay: number
}

/** Active households in scope named by code or by their head's citizen id, in one statement. */
export async function findBorrowerHouseholds(db: Executor, codes: readonly string[], citizenIds: readonly string[], scopePath: string): Promise<BorrowerHousehold[]> {
  if (codes.length === 0 && citizenIds.length === 0) return []
  const { rows } = await sql<{ id: bigint; code: string; citizen_id: string | null; province_code: string; commune_unit_id: number; admin_code: string | null; unit_code: string; monthly_day: number | null }>`
    select h.id, h.code, p.citizen_id, h.province_code, h.commune_unit_id, c.admin_code, c.code as unit_code,
      (select tp.monthly_day from transaction_points tp where tp.commune_unit_id = h.commune_unit_id and tp.status = 'active' order by tp.id limit 1) as monthly_day
    from households h
    join units c on c.id = h.commune_unit_id
    left join persons p on p.id = h.head_person_id
    where h.status = 'active'
      and (h.code = any(${codes}::text[]) or p.citizen_id = any(${citizenIds}::text[]))
      and ${underScope('c.path', scopePath)}`.execute(db)
  return rows.map((r) => ({
    id: r.id, code: r.code, headCitizenId: r.citizen_id, provinceCode: r.province_code, communeUnitId: r.commune_unit_id,
    communeAdminCode: r.admin_code, communeUnitCode: r.unit_code, monthlyDay: r.monthly_day ?? 15,
  }))
}

/** Contract numbers of the list already taken over into the source. */
export async function takenContractNumbers(db: Executor, source: string, numbers: readonly string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set()
  const rows = await db.selectFrom('takeover_loans').select('contract_number').where('capital_source_code', '=', source).where('contract_number', 'in', [...numbers]).execute()
  return new Set(rows.map((r) => r.contract_number))
}

export async function findTakeoverRun(db: Executor, source: string, takeoverDate: LocalDate, sha256: string) {
  return db.selectFrom('takeover_runs').selectAll().where('capital_source_code', '=', source).where('takeover_date', '=', takeoverDate).where('file_sha256', '=', sha256).executeTakeFirst()
}

/** Draws `count` loan ids from the loans' identity sequence, in statements of 10,000. */
export async function allocateLoanIds(trx: Executor, count: number): Promise<bigint[]> {
  const ids: bigint[] = []
  for (let done = 0; done < count; done += 10_000) {
    const n = Math.min(10_000, count - done)
    const { rows } = await sql<{ ids: string }>`
      select array_to_string(array_agg(nextval(pg_get_serial_sequence('loans', 'id'))), ',') as ids from generate_series(1, ${n}::integer)`.execute(trx)
    for (const id of (rows[0]?.ids ?? '').split(',')) ids.push(BigInt(id))
  }
  return ids
}

/** One imported loan's row of `loans`, as of the takeover date. */
export interface NewTakenLoan {
  readonly id: string
  readonly province_code: string
  readonly household_id: string
  readonly commune_unit_id: number
  readonly program_code: string
  readonly terms_id: number
  readonly contract_date: string
  readonly monthly_day: number
  readonly disbursed: string
  readonly in_term: string
  readonly overdue: string
  readonly interest: string
  readonly overdue_interest: string
}

export interface NewTakenInstalment {
  readonly loan_id: string
  readonly seq: number
  readonly due_date: string
  readonly due: string
  readonly status: 'pending' | 'overdue'
}

/** Inserts a round of loans and their instalments: two statements whatever the round's size. */
export async function insertTakenLoans(trx: Executor, source: string, takeoverDate: LocalDate, loans: readonly NewTakenLoan[], instalments: readonly NewTakenInstalment[]): Promise<void> {
  await sql`
    insert into loans (id, province_code, household_id, commune_unit_id, program_code, terms_id, capital_source_code, contract_date, monthly_day, status,
                       approved_dong, disbursed_dong, principal_in_term_dong, principal_overdue_dong, interest_dong, overdue_interest_dong, accrued_until, last_event_date)
    select r.id, r.province_code, r.household_id, r.commune_unit_id, r.program_code, r.terms_id, ${source}, r.contract_date, r.monthly_day, 'active',
           r.disbursed, r.disbursed, r.in_term, r.overdue, r.interest, r.overdue_interest, ${takeoverDate}::date, ${takeoverDate}::date
    from jsonb_to_recordset(${JSON.stringify(loans)}::jsonb) as r(
      id bigint, province_code text, household_id bigint, commune_unit_id integer, program_code text, terms_id integer, contract_date date, monthly_day smallint,
      disbursed bigint, in_term bigint, overdue bigint, interest bigint, overdue_interest bigint)`.execute(trx)
  await sql`
    insert into loan_instalments (loan_id, seq, due_date, principal_due_dong, principal_paid_dong, status)
    select r.loan_id, r.seq, r.due_date, r.due, 0, r.status
    from jsonb_to_recordset(${JSON.stringify(instalments)}::jsonb) as r(loan_id bigint, seq integer, due_date date, due bigint, status text)`.execute(trx)
}

export interface NewTakenLink {
  readonly loan_id: string
  readonly province_code: string
  readonly contract_number: string
  readonly row_number: number
  readonly group_label: string | null
  readonly entry_id: string
  readonly payload: unknown
}

/** Links a round of loans to the run and writes each loan's `takeover` event with its entry: one statement. */
export async function insertTakenLinks(trx: Executor, runId: bigint, source: string, takeoverDate: LocalDate, links: readonly NewTakenLink[], meta: { requestId: string | null; createdBy: number | null }): Promise<void> {
  await sql`
    with r as (
      select * from jsonb_to_recordset(${JSON.stringify(links)}::jsonb)
        as r(loan_id bigint, province_code text, contract_number text, row_number integer, group_label text, entry_id bigint, payload jsonb)
    ),
    linked as (
      insert into takeover_loans (loan_id, run_id, province_code, capital_source_code, contract_number, row_number, group_label)
      select loan_id, ${runId.toString()}::bigint, province_code, ${source}, contract_number, row_number, group_label from r
    )
    insert into loan_events (loan_id, province_code, type, event_date, payload, entry_ids, request_id, created_by)
    select loan_id, province_code, 'takeover', ${takeoverDate}::date, payload, array[entry_id], ${meta.requestId}, ${meta.createdBy}::integer from r`.execute(trx)
}

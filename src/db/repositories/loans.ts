import { sql } from 'kysely'
import type { Freeze, Instalment, LoanState } from '../../domain/loans/index.js'
import type { LocalDate } from '../../domain/shared/index.js'
import type { Executor } from '../executor.js'
import type { LoanInstalmentsTable, LoansTable } from '../schema.js'
import { PREPARE } from '../prepared.js'
import { underScope } from '../scope.js'
import type { Selectable } from 'kysely'

export type LoanRow = Selectable<LoansTable>

export interface LockedLoan {
  readonly row: LoanRow
  readonly instalments: Instalment[]
  /** Whether the event's cash unit (if any) is in the reader's scope. */
  readonly cashUnitInScope: boolean
  /** The last closed period (YYYY-MM), if any. */
  readonly closedPeriod: string | null
  /** The program catalogue's version stamp (migration 0014). */
  readonly catalogueVersion: string
}

/**
 * A loan in scope, locked for the rest of the transaction, with everything an event needs to be
 * decided — its instalments, whether the cash unit is in scope, the last closed period and the
 * catalogue's version — in one statement.
 */
export async function lockLoan(trx: Executor, loanId: bigint, scopePath: string, cashUnit: number | null = null): Promise<LockedLoan | undefined> {
  return (await lockLoans(trx, [loanId], scopePath, cashUnit))[0]
}

/**
 * Several loans in scope, locked in id order (so two batches over the same loans cannot deadlock),
 * each as `lockLoan` gives it, in one statement. Loans out of scope or missing are left out.
 */
export async function lockLoans(trx: Executor, loanIds: readonly bigint[], scopePath: string, cashUnit: number | null = null): Promise<LockedLoan[]> {
  return loadLoans(trx, loanIds, scopePath, cashUnit, true)
}

/** Loans in scope with their instalments, as `lockLoans` gives them, read without a lock (for a day sheet). */
export async function readLoans(db: Executor, loanIds: readonly bigint[], scopePath: string): Promise<LockedLoan[]> {
  return loadLoans(db, loanIds, scopePath, null, false)
}

async function loadLoans(trx: Executor, loanIds: readonly bigint[], scopePath: string, cashUnit: number | null, lock: boolean): Promise<LockedLoan[]> {
  if (loanIds.length === 0) return []
  const { rows } = await sql<LoanRow & { instalments_json: InstalmentJson[]; cash_unit_in_scope: boolean; closed_period: string | null; catalogue_version: string }>`
    select l.*,
      (select coalesce(json_agg(json_build_object('seq', i.seq, 'dueDate', i.due_date, 'extendedTo', i.extended_to,
                 'due', i.principal_due_dong::text, 'paid', i.principal_paid_dong::text, 'status', i.status) order by i.seq), '[]'::json)
       from loan_instalments i where i.loan_id = l.id) as instalments_json,
      exists (select 1 from units c where c.id = ${cashUnit}::integer and ${underScope('c.path', scopePath)}) as cash_unit_in_scope,
      (select max(period) from period_closes where status = 'done') as closed_period,
      (select version from catalogue_versions where name = 'programs') as catalogue_version
    from loans l
    where l.id = any(${loanIds.map(String)}::bigint[])
      and exists (select 1 from units u where u.id = l.commune_unit_id and ${underScope('u.path', scopePath)})
    order by l.id
    ${lock ? sql`for update of l` : sql``}`.execute(trx)
  return rows.map(({ instalments_json, cash_unit_in_scope, closed_period, catalogue_version, ...row }) => ({
    row: row as LoanRow,
    instalments: instalments_json.map((i) => ({
      seq: i.seq, dueDate: i.dueDate, extendedTo: i.extendedTo, principalDueDong: BigInt(i.due), principalPaidDong: BigInt(i.paid), status: i.status,
    })),
    cashUnitInScope: cash_unit_in_scope,
    closedPeriod: closed_period,
    catalogueVersion: catalogue_version,
  }))
}

interface InstalmentJson {
  seq: number
  dueDate: LocalDate
  extendedTo: LocalDate | null
  due: string
  paid: string
  status: Instalment['status']
}

/** A loan's row with the names a reader needs beside it (commune, household head, program, capital source). */
export type LoanDetailRow = LoanRow & {
  commune_name: string; household_code: string; head_name: string | null; program_name: string; program_name_en: string
  capital_source_name: string; capital_source_name_en: string
}
export type LoanInstalmentRow = Selectable<LoanInstalmentsTable>
export interface LoanEventView {
  id: bigint; type: string; event_date: string; payload: unknown; entry_ids: bigint[]; created_at: Date; created_by_name: string | null
}
export interface LoanPostingView { entry_id: bigint; entry_date: string; kind: string; account: string; amount_dong: bigint }
export interface LoanDetail {
  readonly loan: LoanDetailRow
  readonly instalments: LoanInstalmentRow[]
  readonly events: LoanEventView[]
  readonly postings: LoanPostingView[]
}

/**
 * One loan in scope with its schedule, events (with who recorded them) and postings, in one
 * statement: a read of the loan page pays one round trip and one plan, not four. The children come
 * back as JSON with every int8 as text (no float ever holds money) and each event's time as epoch
 * milliseconds, and are turned back into the column types a plain select gives. Prepared once per
 * connection on PostgreSQL: parsing and planning it costs several times more than running it.
 */
export async function readLoanDetail(db: Executor, loanId: bigint, scopePath: string): Promise<LoanDetail | undefined> {
  const { rows } = await sql<LoanDetailRow & { instalments_json: InstalmentDetailJson[]; events_json: EventJson[]; postings_json: PostingJson[] }>`
    select ${PREPARE} l.*, u.name as commune_name, h.code as household_code, p.full_name as head_name, g.name_vi as program_name, g.name_en as program_name_en,
      cs.name_vi as capital_source_name, cs.name_en as capital_source_name_en,
      (select coalesce(json_agg(json_build_object('seq', i.seq, 'due_date', i.due_date, 'extended_to', i.extended_to,
                 'due', i.principal_due_dong::text, 'paid', i.principal_paid_dong::text, 'status', i.status) order by i.seq), '[]'::json)
       from loan_instalments i where i.loan_id = l.id) as instalments_json,
      (select coalesce(json_agg(json_build_object('id', e.id::text, 'type', e.type, 'event_date', e.event_date, 'payload', e.payload,
                 'entry_ids', e.entry_ids::text[], 'created_at', floor(extract(epoch from e.created_at) * 1000)::text, 'created_by_name', cu.full_name) order by e.id), '[]'::json)
       from loan_events e left join users cu on cu.id = e.created_by where e.loan_id = l.id) as events_json,
      (select coalesce(json_agg(json_build_object('entry_id', pp.entry_id::text, 'entry_date', pp.entry_date, 'kind', je.kind, 'account', a.key,
                 'amount', pp.amount_dong::text) order by pp.entry_id, pp.id), '[]'::json)
       from postings pp join journal_entries je on je.id = pp.entry_id join ledger_accounts a on a.id = pp.account_id where pp.loan_id = l.id) as postings_json
    from loans l
    join units u on u.id = l.commune_unit_id
    join households h on h.id = l.household_id
    left join persons p on p.id = h.head_person_id
    join programs g on g.code = l.program_code
    join capital_sources cs on cs.code = l.capital_source_code
    where l.id = ${loanId.toString()}::bigint and ${underScope('u.path', scopePath)}`.execute(db)
  const row = rows[0]
  if (!row) return undefined
  const { instalments_json, events_json, postings_json, ...loan } = row
  return {
    loan,
    instalments: instalments_json.map((i) => ({
      loan_id: loan.id, seq: i.seq, due_date: i.due_date, extended_to: i.extended_to, principal_due_dong: BigInt(i.due), principal_paid_dong: BigInt(i.paid), status: i.status,
    })),
    events: events_json.map((e) => ({
      id: BigInt(e.id), type: e.type, event_date: e.event_date, payload: e.payload, entry_ids: e.entry_ids.map((id) => BigInt(id)),
      created_at: new Date(Number(e.created_at)), created_by_name: e.created_by_name,
    })),
    postings: postings_json.map((p) => ({ entry_id: BigInt(p.entry_id), entry_date: p.entry_date, kind: p.kind, account: p.account, amount_dong: BigInt(p.amount) })),
  }
}

interface InstalmentDetailJson { seq: number; due_date: string; extended_to: string | null; due: string; paid: string; status: LoanInstalmentRow['status'] }
interface EventJson { id: string; type: string; event_date: string; payload: unknown; entry_ids: string[]; created_at: string; created_by_name: string | null }
interface PostingJson { entry_id: string; entry_date: string; kind: string; account: string; amount: string }

export async function loadInstalments(db: Executor, loanId: bigint): Promise<Instalment[]> {
  const rows = await db.selectFrom('loan_instalments').selectAll().where('loan_id', '=', loanId).orderBy('seq').execute()
  return rows.map((r) => ({
    seq: r.seq, dueDate: r.due_date as LocalDate, extendedTo: r.extended_to as LocalDate | null,
    principalDueDong: r.principal_due_dong, principalPaidDong: r.principal_paid_dong, status: r.status,
  }))
}

export function stateOf(row: LoanRow, instalments: readonly Instalment[]): LoanState {
  const freeze = row.freeze_info as (Omit<Freeze, 'frozenInTermDong' | 'frozenOverdueDong'> & { frozenInTermDong: string; frozenOverdueDong: string }) | null
  return {
    id: row.id, status: row.status, approvedDong: row.approved_dong, disbursedDong: row.disbursed_dong,
    principalInTermDong: row.principal_in_term_dong, principalOverdueDong: row.principal_overdue_dong, principalFrozenDong: row.principal_frozen_dong,
    interestDong: row.interest_dong, overdueInterestDong: row.overdue_interest_dong, interestCarry: row.interest_carry, overdueInterestCarry: row.overdue_interest_carry,
    accruedUntil: row.accrued_until as LocalDate | null, lastEventDate: row.last_event_date as LocalDate | null,
    instalments,
    freeze: freeze ? { ...freeze, frozenInTermDong: BigInt(freeze.frozenInTermDong), frozenOverdueDong: BigInt(freeze.frozenOverdueDong) } : null,
    recalledOn: row.recalled_on as LocalDate | null,
    writtenOffPrincipalDong: row.written_off_principal_dong, writtenOffInterestDong: row.written_off_interest_dong,
  }
}

export interface LoanEventRecord {
  readonly provinceCode: string
  readonly type: string
  readonly date: LocalDate
  readonly payloadJson: string
  readonly entryIds: readonly bigint[]
  readonly requestId: string | null
  readonly createdBy: number | null
}

/**
 * Writes a loan's new state, its instalments and (when given) the event that led to it: one
 * statement whatever the number of instalments. Refuses (throws) if the loan's version moved.
 */
export async function saveLoanState(trx: Executor, state: LoanState, expectedVersion: number, event?: LoanEventRecord): Promise<void> {
  const f = state.freeze
  const freeze = f ? JSON.stringify({ ...f, frozenInTermDong: f.frozenInTermDong.toString(), frozenOverdueDong: f.frozenOverdueDong.toString() }) : null
  const big = (v: bigint) => sql`${v.toString()}::bigint`
  const { rows } = await sql<{ updated: bigint }>`
    with updated as (
      update loans set
        status = ${state.status}, approved_dong = ${big(state.approvedDong)}, disbursed_dong = ${big(state.disbursedDong)},
        principal_in_term_dong = ${big(state.principalInTermDong)}, principal_overdue_dong = ${big(state.principalOverdueDong)},
        principal_frozen_dong = ${big(state.principalFrozenDong)}, interest_dong = ${big(state.interestDong)},
        overdue_interest_dong = ${big(state.overdueInterestDong)}, interest_carry = ${big(state.interestCarry)},
        overdue_interest_carry = ${big(state.overdueInterestCarry)}, accrued_until = ${state.accruedUntil}::date,
        last_event_date = ${state.lastEventDate}::date, freeze_info = ${freeze}::jsonb, recalled_on = ${state.recalledOn}::date,
        written_off_principal_dong = ${big(state.writtenOffPrincipalDong)}, written_off_interest_dong = ${big(state.writtenOffInterestDong)},
        version = ${expectedVersion + 1}
      where id = ${state.id.toString()}::bigint and version = ${expectedVersion}
      returning id
    ),
    instalments as (${instalmentsUpsert(state.id, state.instalments)}),
    event as (
      insert into loan_events (loan_id, province_code, type, event_date, payload, entry_ids, request_id, created_by)
      select u.id, e.province_code, e.type, e.event_date, ${event?.payloadJson ?? null}::jsonb, e.entry_ids, e.request_id, e.created_by
      from updated u, jsonb_to_record(${event ? JSON.stringify({
        province_code: event.provinceCode, type: event.type, event_date: event.date,
        entry_ids: event.entryIds.map(String), request_id: event.requestId, created_by: event.createdBy,
      }) : null}::jsonb)
        as e(province_code text, type text, event_date date, entry_ids bigint[], request_id text, created_by integer)
      where e.type is not null
      returning id
    )
    select (select count(*) from updated) as updated`.execute(trx)
  if (rows[0]?.updated !== 1n) throw new Error(`loan ${state.id} changed under a lock (version ${expectedVersion})`)
}

/** One loan's new state for `saveLoanStates`. */
export interface LoanStateChange {
  readonly state: LoanState
  readonly expectedVersion: number
  readonly event: LoanEventRecord
}

/**
 * Writes many loans' new states, their instalments and their events in one statement — the batch
 * form of `saveLoanState`, for the transaction day. Refuses (throws) if any loan's version moved.
 */
export async function saveLoanStates(trx: Executor, changes: readonly LoanStateChange[]): Promise<void> {
  if (changes.length === 0) return
  const loans = changes.map(({ state: s, expectedVersion }) => ({
    id: s.id.toString(), version: expectedVersion, status: s.status, approved: s.approvedDong.toString(), disbursed: s.disbursedDong.toString(),
    in_term: s.principalInTermDong.toString(), overdue: s.principalOverdueDong.toString(), frozen: s.principalFrozenDong.toString(),
    interest: s.interestDong.toString(), overdue_interest: s.overdueInterestDong.toString(), interest_carry: s.interestCarry.toString(),
    overdue_interest_carry: s.overdueInterestCarry.toString(), accrued_until: s.accruedUntil, last_event_date: s.lastEventDate,
    freeze_info: s.freeze ? { ...s.freeze, frozenInTermDong: s.freeze.frozenInTermDong.toString(), frozenOverdueDong: s.freeze.frozenOverdueDong.toString() } : null,
    recalled_on: s.recalledOn, written_off_principal: s.writtenOffPrincipalDong.toString(), written_off_interest: s.writtenOffInterestDong.toString(),
  }))
  const instalments = changes.flatMap(({ state }) => state.instalments.map((i) => ({
    loan_id: state.id.toString(), seq: i.seq, due_date: i.dueDate, extended_to: i.extendedTo, due: i.principalDueDong.toString(), paid: i.principalPaidDong.toString(), status: i.status,
  })))
  const events = changes.map(({ state, event: e }) => ({
    loan_id: state.id.toString(), province_code: e.provinceCode, type: e.type, event_date: e.date, payload: JSON.parse(e.payloadJson) as unknown,
    entry_ids: e.entryIds.map(String), request_id: e.requestId, created_by: e.createdBy,
  }))
  const { rows } = await sql<{ updated: bigint }>`
    with updated as (
      update loans l set
        status = r.status, approved_dong = r.approved, disbursed_dong = r.disbursed, principal_in_term_dong = r.in_term,
        principal_overdue_dong = r.overdue, principal_frozen_dong = r.frozen, interest_dong = r.interest, overdue_interest_dong = r.overdue_interest,
        interest_carry = r.interest_carry, overdue_interest_carry = r.overdue_interest_carry, accrued_until = r.accrued_until,
        last_event_date = r.last_event_date, freeze_info = r.freeze_info, recalled_on = r.recalled_on,
        written_off_principal_dong = r.written_off_principal, written_off_interest_dong = r.written_off_interest, version = r.version + 1
      from jsonb_to_recordset(${JSON.stringify(loans)}::jsonb) as r(
        id bigint, version integer, status text, approved bigint, disbursed bigint, in_term bigint, overdue bigint, frozen bigint, interest bigint,
        overdue_interest bigint, interest_carry bigint, overdue_interest_carry bigint, accrued_until date, last_event_date date, freeze_info jsonb,
        recalled_on date, written_off_principal bigint, written_off_interest bigint)
      where l.id = r.id and l.version = r.version
      returning l.id
    ),
    instalments as (
      insert into loan_instalments (loan_id, seq, due_date, extended_to, principal_due_dong, principal_paid_dong, status)
      select r.loan_id, r.seq, r.due_date, r.extended_to, r.due, r.paid, r.status
      from jsonb_to_recordset(${JSON.stringify(instalments)}::jsonb) as r(loan_id bigint, seq integer, due_date date, extended_to date, due bigint, paid bigint, status text)
      on conflict (loan_id, seq) do update set
        due_date = excluded.due_date, extended_to = excluded.extended_to, principal_due_dong = excluded.principal_due_dong,
        principal_paid_dong = excluded.principal_paid_dong, status = excluded.status
      where (loan_instalments.due_date, loan_instalments.extended_to, loan_instalments.principal_due_dong, loan_instalments.principal_paid_dong, loan_instalments.status)
        is distinct from (excluded.due_date, excluded.extended_to, excluded.principal_due_dong, excluded.principal_paid_dong, excluded.status)
    ),
    events as (
      insert into loan_events (loan_id, province_code, type, event_date, payload, entry_ids, request_id, created_by)
      select e.loan_id, e.province_code, e.type, e.event_date, e.payload, e.entry_ids, e.request_id, e.created_by
      from jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
        as e(loan_id bigint, province_code text, type text, event_date date, payload jsonb, entry_ids bigint[], request_id text, created_by integer)
      where e.loan_id in (select id from updated)
    )
    select (select count(*) from updated) as updated`.execute(trx)
  if (rows[0]?.updated !== BigInt(changes.length)) throw new Error(`a loan of the batch changed under its lock (${rows[0]?.updated ?? 0}/${changes.length} saved)`)
}

export async function saveInstalments(trx: Executor, loanId: bigint, instalments: readonly Instalment[]): Promise<void> {
  if (instalments.length === 0) return
  await instalmentsUpsert(loanId, instalments).execute(trx)
}

/** Inserts or updates a loan's instalments from one JSON parameter, touching only those that changed. */
function instalmentsUpsert(loanId: bigint, instalments: readonly Instalment[]) {
  const rows = instalments.map((i) => ({
    seq: i.seq, due_date: i.dueDate, extended_to: i.extendedTo, due: i.principalDueDong.toString(), paid: i.principalPaidDong.toString(), status: i.status,
  }))
  return sql`
    insert into loan_instalments (loan_id, seq, due_date, extended_to, principal_due_dong, principal_paid_dong, status)
    select ${loanId.toString()}::bigint, r.seq, r.due_date, r.extended_to, r.due, r.paid, r.status
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(seq integer, due_date date, extended_to date, due bigint, paid bigint, status text)
    on conflict (loan_id, seq) do update set
      due_date = excluded.due_date, extended_to = excluded.extended_to, principal_due_dong = excluded.principal_due_dong,
      principal_paid_dong = excluded.principal_paid_dong, status = excluded.status
    where (loan_instalments.due_date, loan_instalments.extended_to, loan_instalments.principal_due_dong, loan_instalments.principal_paid_dong, loan_instalments.status)
      is distinct from (excluded.due_date, excluded.extended_to, excluded.principal_due_dong, excluded.principal_paid_dong, excluded.status)`
}

/** Cached loan balances that differ from the sums of the loan's postings (for `tdcs ledger verify`). */
export async function loanBalanceDifferences(db: Executor): Promise<Array<{ loanId: bigint; field: string; cached: bigint; derived: bigint }>> {
  const { rows } = await sql<{ loan_id: bigint; field: string; cached: bigint; derived: bigint }>`
    with derived as (
      select p.loan_id,
        coalesce(sum(p.amount_dong) filter (where a.kind = 'loan_principal' and a.status = 'in_term'), 0)::bigint as in_term,
        coalesce(sum(p.amount_dong) filter (where a.kind = 'loan_principal' and a.status = 'overdue'), 0)::bigint as overdue,
        coalesce(sum(p.amount_dong) filter (where a.kind = 'loan_principal' and a.status = 'frozen'), 0)::bigint as frozen,
        coalesce(sum(p.amount_dong) filter (where a.kind = 'interest_receivable' and a.status = 'normal'), 0)::bigint as interest,
        coalesce(sum(p.amount_dong) filter (where a.kind = 'interest_receivable' and a.status = 'overdue'), 0)::bigint as overdue_interest
      from postings p join ledger_accounts a on a.id = p.account_id
      where p.loan_id is not null
      group by p.loan_id
    ),
    pairs as (
      select l.id as loan_id, v.field, v.cached, v.derived
      from loans l left join derived d on d.loan_id = l.id
      cross join lateral (values
        ('principal_in_term', l.principal_in_term_dong, coalesce(d.in_term, 0)),
        ('principal_overdue', l.principal_overdue_dong, coalesce(d.overdue, 0)),
        ('principal_frozen', l.principal_frozen_dong, coalesce(d.frozen, 0)),
        ('interest', l.interest_dong, coalesce(d.interest, 0)),
        ('overdue_interest', l.overdue_interest_dong, coalesce(d.overdue_interest, 0))
      ) as v(field, cached, derived)
    )
    select loan_id, field, cached, derived from pairs where cached <> derived limit 100`.execute(db)
  return rows.map((r) => ({ loanId: r.loan_id, field: r.field, cached: r.cached, derived: r.derived }))
}

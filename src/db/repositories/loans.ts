import { sql } from 'kysely'
import type { Freeze, Instalment, LoanState } from '../../domain/loans/index.js'
import type { LocalDate } from '../../domain/shared/index.js'
import type { Executor } from '../executor.js'
import type { LoansTable } from '../schema.js'
import { underScope } from '../scope.js'
import type { Selectable } from 'kysely'

export type LoanRow = Selectable<LoansTable>

/** A loan in scope with its instalments, locked for the rest of the transaction. */
export async function lockLoan(trx: Executor, loanId: bigint, scopePath: string): Promise<{ row: LoanRow; instalments: Instalment[] } | undefined> {
  const row = await trx
    .selectFrom('loans')
    .selectAll('loans')
    .where('loans.id', '=', loanId)
    .where((eb) => eb.exists(eb.selectFrom('units').select('units.id').whereRef('units.id', '=', 'loans.commune_unit_id').where(underScope('units.path', scopePath))))
    .forUpdate()
    .executeTakeFirst()
  if (!row) return undefined
  return { row, instalments: await loadInstalments(trx, loanId) }
}

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

/** Writes a loan's new state and its instalments: two statements whatever the number of instalments. */
export async function saveLoanState(trx: Executor, state: LoanState, expectedVersion: number): Promise<void> {
  const f = state.freeze
  const updated = await trx
    .updateTable('loans')
    .set({
      status: state.status, approved_dong: state.approvedDong, disbursed_dong: state.disbursedDong,
      principal_in_term_dong: state.principalInTermDong, principal_overdue_dong: state.principalOverdueDong, principal_frozen_dong: state.principalFrozenDong,
      interest_dong: state.interestDong, overdue_interest_dong: state.overdueInterestDong, interest_carry: state.interestCarry, overdue_interest_carry: state.overdueInterestCarry,
      accrued_until: state.accruedUntil, last_event_date: state.lastEventDate,
      freeze_info: f ? JSON.stringify({ ...f, frozenInTermDong: f.frozenInTermDong.toString(), frozenOverdueDong: f.frozenOverdueDong.toString() }) : null,
      recalled_on: state.recalledOn, written_off_principal_dong: state.writtenOffPrincipalDong, written_off_interest_dong: state.writtenOffInterestDong,
      version: expectedVersion + 1,
    })
    .where('id', '=', state.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (updated.numUpdatedRows !== 1n) throw new Error(`loan ${state.id} changed under a lock (version ${expectedVersion})`)
  await saveInstalments(trx, state.id, state.instalments)
}

export async function saveInstalments(trx: Executor, loanId: bigint, instalments: readonly Instalment[]): Promise<void> {
  if (instalments.length === 0) return
  const rows = instalments.map((i) => ({
    seq: i.seq, due_date: i.dueDate, extended_to: i.extendedTo, due: i.principalDueDong.toString(), paid: i.principalPaidDong.toString(), status: i.status,
  }))
  await sql`
    insert into loan_instalments (loan_id, seq, due_date, extended_to, principal_due_dong, principal_paid_dong, status)
    select ${loanId.toString()}::bigint, r.seq, r.due_date, r.extended_to, r.due, r.paid, r.status
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(seq integer, due_date date, extended_to date, due bigint, paid bigint, status text)
    on conflict (loan_id, seq) do update set
      due_date = excluded.due_date, extended_to = excluded.extended_to, principal_due_dong = excluded.principal_due_dong,
      principal_paid_dong = excluded.principal_paid_dong, status = excluded.status
    where (loan_instalments.due_date, loan_instalments.extended_to, loan_instalments.principal_due_dong, loan_instalments.principal_paid_dong, loan_instalments.status)
      is distinct from (excluded.due_date, excluded.extended_to, excluded.principal_due_dong, excluded.principal_paid_dong, excluded.status)`.execute(trx)
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

import { sql } from 'kysely'
import type { Executor } from '../executor.js'
import { underScope } from '../scope.js'

// Queries of the monthly fee and commission accruals. An accrual belongs to the bank unit of its
// contract (the unit that owes it): it is seen within that unit's scope.

export interface FeeAccrualRow {
  id: bigint
  period: string
  contract_id: number
  contract_number: string
  bank_unit_id: number
  bank_unit_name: string
  bank_unit_path: string
  province_code: string
  payee_kind: 'organisation_unit' | 'group'
  payee_id: bigint
  payee_name: string | null
  payee_code: string | null
  basis: unknown
  gross_dong: bigint
  net_dong: bigint
  status: 'accrued' | 'paid'
  entry_id: bigint
  paid_entry_id: bigint | null
  paid_on: string | null
  transaction_day_id: bigint | null
  created_at: Date
}

export interface FeeAccrualFilter {
  readonly period?: string | undefined
  readonly contractId?: number | undefined
  readonly payeeKind?: 'organisation_unit' | 'group' | undefined
  readonly payeeId?: bigint | undefined
  readonly status?: 'accrued' | 'paid' | undefined
}

const accruals = (db: Executor, scopePath: string, f: FeeAccrualFilter) => {
  let q = db
    .selectFrom('fee_accruals as f')
    .innerJoin('units as b', 'b.id', 'f.bank_unit_id')
    .innerJoin('entrustment_contracts as c', 'c.id', 'f.contract_id')
    .leftJoin('organisation_units as o', (j) => j.on('f.payee_kind', '=', 'organisation_unit').on(sql<boolean>`o.id = f.payee_id`))
    .leftJoin('savings_groups as g', (j) => j.on('f.payee_kind', '=', 'group').onRef('g.id', '=', 'f.payee_id'))
    .where(underScope('b.path', scopePath))
  if (f.period !== undefined) q = q.where('f.period', '=', f.period)
  if (f.contractId !== undefined) q = q.where('f.contract_id', '=', f.contractId)
  if (f.payeeKind !== undefined) q = q.where('f.payee_kind', '=', f.payeeKind)
  if (f.payeeId !== undefined) q = q.where('f.payee_id', '=', f.payeeId)
  if (f.status !== undefined) q = q.where('f.status', '=', f.status)
  return q
}

export async function listFeeAccrualsInScope(db: Executor, scopePath: string, f: FeeAccrualFilter, page: { limit: number; offset: number }): Promise<{ rows: FeeAccrualRow[]; total: number }> {
  const rows = await accruals(db, scopePath, f)
    .select([
      'f.id', 'f.period', 'f.contract_id', 'c.number as contract_number', 'f.bank_unit_id', 'b.name as bank_unit_name', 'b.path as bank_unit_path', 'f.province_code',
      'f.payee_kind', 'f.payee_id', sql<string | null>`coalesce(o.name, g.name)`.as('payee_name'), 'g.code as payee_code', 'f.basis', 'f.gross_dong', 'f.net_dong', 'f.status',
      'f.entry_id', 'f.paid_entry_id', 'f.paid_on', 'f.transaction_day_id', 'f.created_at',
    ])
    .orderBy('f.period', 'desc').orderBy('f.contract_id').orderBy('f.payee_kind', 'desc').orderBy('f.payee_id')
    .limit(page.limit).offset(page.offset)
    .execute()
  const { n } = await accruals(db, scopePath, f).select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
  return { rows: rows as FeeAccrualRow[], total: Number(n) }
}

/** The accruals to pay, locked, with their bank unit's path (for the scope check). */
export async function lockFeeAccruals(trx: Executor, ids: readonly bigint[]): Promise<LockedAccrual[]> {
  const { rows } = await sql<LockedAccrual>`
    select f.id, f.bank_unit_id, b.path as bank_unit_path, f.province_code, f.status, f.net_dong, f.period, f.payee_kind, f.payee_id,
      case f.payee_kind
        when 'group' then (select c.path from savings_groups g join units c on c.id = g.commune_unit_id where g.id = f.payee_id)
        else (select c.path from organisation_units o join units c on c.id = o.bank_unit_id where o.id = f.payee_id)
      end as payee_path
    from fee_accruals f join units b on b.id = f.bank_unit_id
    where f.id = any(${ids.map(String)}::bigint[])
    order by f.id
    for update of f`.execute(trx)
  return rows
}

/** An accrual locked for payout: its bank unit's path, and the path of the unit its payee belongs to. */
export interface LockedAccrual {
  id: bigint
  bank_unit_id: number
  bank_unit_path: string
  province_code: string
  status: 'accrued' | 'paid'
  net_dong: bigint
  period: string
  payee_kind: string
  payee_id: bigint
  payee_path: string | null
}

/** Unpaid accruals per bank unit against −balance of that unit's fees_payable account. */
export async function feePayableDifferences(db: Executor): Promise<{ unit_id: number; accrued: bigint; payable: bigint }[]> {
  const { rows } = await sql<{ unit_id: number; accrued: bigint; payable: bigint }>`
    select coalesce(f.unit_id, a.unit_id) as unit_id, coalesce(f.total, 0)::bigint as accrued, coalesce(-a.balance, 0)::bigint as payable
    from (select bank_unit_id as unit_id, sum(net_dong) as total from fee_accruals where status = 'accrued' group by bank_unit_id) f
    full join (select unit_id, sum(balance_dong) as balance from ledger_accounts where kind = 'fees_payable' group by unit_id) a on a.unit_id = f.unit_id
    where coalesce(f.total, 0) <> coalesce(-a.balance, 0)
    limit 100`.execute(db)
  return rows
}

import { sql } from 'kysely'
import type { JournalEntry } from '../domain/ledger/index.js'
import { feeBasisJson, groupCommission, organisationFee, parseFeeTerms, type FeeComputation, type FeeTerms } from '../domain/network/index.js'
import { addMonths, assert, orThrow, type LocalDate } from '../domain/shared/index.js'
import type { Executor, RequestContext } from '../app/context.js'
import { postEntries } from '../app/ledger.js'
import type { ClosePeriod } from './close-month.js'

export interface FeeAccrualReport {
  readonly contracts: number
  readonly accruals: number
  readonly totalDong: bigint
}

interface ContractTerms {
  readonly id: number
  readonly number: string
  readonly bankUnitId: number
  readonly organisationUnitId: number
  readonly provinceCode: string
  readonly termsId: number
  readonly termsValidFrom: string
  readonly terms: FeeTerms
}

/** One payee's aggregate: the contract's organisation (group_id null) or one of its groups. */
interface PayeeFigures {
  contract_id: number
  group_id: bigint | null
  loans: bigint
  opening: bigint
  closing: bigint
  overdue: bigint
  collected: bigint
  receivable: bigint
}

const INSERT_BATCH = 2_000

/**
 * The month-end step that accrues entrustment fees and group commissions (phí ủy thác, hoa hồng)
 * inside the close's transaction, right after the portfolio snapshot. For every contract in force
 * on the period's last day (with the fee terms version valid that day):
 *
 * 1. its covered loans — the period's snapshots whose application's savings group belongs to the
 *    contract's organisation unit or a unit below it, within its communes and programs — with
 *    their closing figures, their opening outstanding and the interest their repayments took in
 *    the month: three set-based statements whatever the number of loans;
 * 2. one aggregate row per contract and per group (grouping sets), decided by the domain
 *    (`organisationFee`, `groupCommission`) — a few hundred thousand rows at most;
 * 3. one journal entry per contract (debit fees_expense, credit fees_payable, both at the
 *    contract's bank unit) and the accrual rows linked to it.
 *
 * Idempotent: a contract that already has accruals for the period is skipped (the close itself
 * runs once per period; a crash rolls this step back with it).
 */
export async function accrueFees(trx: Executor, ctx: RequestContext, p: ClosePeriod): Promise<FeeAccrualReport> {
  assert(trx.isTransaction, 'fees are accrued inside the close transaction')
  const first = `${p.period}-01` as LocalDate
  const previous = addMonths(first, -1).slice(0, 7)

  const contracts = await contractsInForce(trx, p)
  if (contracts.length === 0) return { contracts: 0, accruals: 0, totalDong: 0n }
  const ids = contracts.map((c) => c.id)

  // The organisation units each contract reaches: its own and every unit below it (the parent
  // chain is at most province → former district → commune, and a parent is always a higher level,
  // so the recursion ends).
  await sql`
    create temp table fee_orgs on commit drop as
    with recursive tree as (
      select c.id as contract_id, c.organisation_unit_id as org_id, 1 as depth
      from entrustment_contracts c where c.id = any(${ids.map(String)}::int[])
      union all
      select t.contract_id, o.id, t.depth + 1
      from tree t join organisation_units o on o.parent_id = t.org_id
      where t.depth < 8
    )
    select distinct contract_id, org_id from tree`.execute(trx)

  const { rows: prior } = await sql<{ found: boolean }>`select exists (select 1 from loan_snapshots where period = ${previous}) as found`.execute(trx)
  const hasOpening = prior[0]?.found === true
  // Covered loans with their closing figures and opening outstanding (0 for a loan the previous
  // snapshot does not have: it was not yet disbursed; the closing when that period has no snapshot).
  await sql`
    create temp table fee_loans on commit drop as
    select fo.contract_id, g.id as group_id, s.loan_id,
           (s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong) as closing,
           s.principal_overdue_dong as overdue,
           (s.interest_dong + s.overdue_interest_dong) as receivable,
           case when ${hasOpening}::boolean then coalesce(o.principal_in_term_dong + o.principal_overdue_dong + o.principal_frozen_dong, 0)
                else s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong end as opening
    from loan_snapshots s
    join loans l on l.id = s.loan_id
    join loan_applications a on a.id = l.application_id
    join savings_groups g on g.id = a.group_id
    join fee_orgs fo on fo.org_id = g.organisation_unit_id
    join entrustment_contracts c on c.id = fo.contract_id
    left join loan_snapshots o on o.period = ${previous} and o.loan_id = s.loan_id
    where s.period = ${p.period}
      and (cardinality(c.commune_unit_ids) = 0 or s.commune_unit_id = any(c.commune_unit_ids))
      and (cardinality(c.program_codes) = 0 or s.program_code = any(c.program_codes))`.execute(trx)
  await sql`analyze fee_loans`.execute(trx)
  // Interest collected per loan in the month: what repayments (net of their reversals) took off
  // interest receivable. The month's postings come through the block-range index on entry_date.
  await sql`
    create temp table fee_collected on commit drop as
    select p.loan_id, -sum(p.amount_dong) as collected
    from postings p
    join journal_entries e on e.id = p.entry_id
    join ledger_accounts a on a.id = p.account_id
    where p.entry_date between ${first}::date and ${p.periodEnd}::date
      and e.entry_date between ${first}::date and ${p.periodEnd}::date
      and e.kind in ('loan.repayment', 'loan.repayment.reversal')
      and a.kind = 'interest_receivable'
      and p.loan_id in (select loan_id from fee_loans)
    group by p.loan_id`.execute(trx)

  const { rows } = await sql<PayeeFigures>`
    select l.contract_id, l.group_id, count(*) as loans,
           sum(l.opening)::bigint as opening, sum(l.closing)::bigint as closing, sum(l.overdue)::bigint as overdue,
           coalesce(sum(c.collected), 0)::bigint as collected, sum(l.receivable)::bigint as receivable
    from fee_loans l left join fee_collected c on c.loan_id = l.loan_id
    group by grouping sets ((l.contract_id), (l.contract_id, l.group_id))
    order by l.contract_id, l.group_id nulls first`.execute(trx)

  const byId = new Map(contracts.map((c) => [c.id, c]))
  const accruals: { contract: ContractTerms; payeeKind: 'organisation_unit' | 'group'; payeeId: bigint; computation: FeeComputation }[] = []
  for (const r of rows) {
    const contract = byId.get(r.contract_id)
    assert(contract !== undefined, `fee figures for contract ${r.contract_id}, which is not in force`)
    const figures = {
      loans: Number(r.loans), openingOutstandingDong: hasOpening ? r.opening : null, closingOutstandingDong: r.closing,
      overduePrincipalDong: r.overdue, interestCollectedDong: r.collected, interestReceivableDong: r.receivable,
    }
    const computation = r.group_id === null ? organisationFee(contract.terms, figures) : groupCommission(contract.terms, figures)
    if (computation.netDong <= 0n) continue
    const payeeId = r.group_id ?? BigInt(contract.organisationUnitId)
    accruals.push({ contract, payeeKind: r.group_id === null ? 'organisation_unit' : 'group', payeeId, computation })
  }
  if (accruals.length === 0) return { contracts: contracts.length, accruals: 0, totalDong: 0n }

  // One entry per contract with a positive total, in contract order.
  const totals = new Map<number, { contract: ContractTerms; totalDong: bigint; payees: number }>()
  for (const a of accruals) {
    const t = totals.get(a.contract.id) ?? { contract: a.contract, totalDong: 0n, payees: 0 }
    totals.set(a.contract.id, { ...t, totalDong: t.totalDong + a.computation.netDong, payees: t.payees + 1 })
  }
  const perContract = [...totals.values()]
  const entries: JournalEntry[] = perContract.map(({ contract, totalDong, payees }) => ({
    kind: 'fees.accrual', entryDate: p.periodEnd, provinceCode: contract.provinceCode,
    description: `Fee and commission accrual ${p.period} · contract ${contract.number} · ${payees} payees`,
    postings: [
      { account: { kind: 'fees_expense', unit: contract.bankUnitId }, amountDong: totalDong },
      { account: { kind: 'fees_payable', unit: contract.bankUnitId }, amountDong: -totalDong },
    ],
  }))
  const entryIds = await postEntries(trx, ctx, entries)
  const entryOf = new Map(perContract.map((t, i) => [t.contract.id, entryIds[i]!]))

  const values = accruals.map((a) => ({
    period: p.period, contract_id: a.contract.id, bank_unit_id: a.contract.bankUnitId, province_code: a.contract.provinceCode,
    payee_kind: a.payeeKind, payee_id: a.payeeId.toString(),
    basis: feeBasisJson(a.computation, { period: p.period, contractId: a.contract.id, contractNumber: a.contract.number, feeTermsId: a.contract.termsId, feeTermsValidFrom: a.contract.termsValidFrom }),
    gross_dong: a.computation.grossDong.toString(), net_dong: a.computation.netDong.toString(), entry_id: entryOf.get(a.contract.id)!.toString(),
  }))
  for (let i = 0; i < values.length; i += INSERT_BATCH)
    await sql`
      insert into fee_accruals (period, contract_id, bank_unit_id, province_code, payee_kind, payee_id, basis, gross_dong, net_dong, entry_id, created_at)
      select period, contract_id, bank_unit_id, province_code, payee_kind, payee_id, basis, gross_dong, net_dong, entry_id, ${ctx.now}
      from jsonb_to_recordset(${JSON.stringify(values.slice(i, i + INSERT_BATCH))}::jsonb)
        as v(period text, contract_id integer, bank_unit_id integer, province_code text, payee_kind text, payee_id bigint, basis jsonb, gross_dong bigint, net_dong bigint, entry_id bigint)`.execute(trx)
  return { contracts: contracts.length, accruals: accruals.length, totalDong: accruals.reduce((s, a) => s + a.computation.netDong, 0n) }
}

/**
 * Contracts in force on the period's last day — active, or terminated only after it — that have
 * no accruals for the period yet, each with the fee terms version valid that day.
 */
async function contractsInForce(trx: Executor, p: ClosePeriod): Promise<ContractTerms[]> {
  const { rows } = await sql<{ id: number; number: string; bank_unit_id: number; organisation_unit_id: number; province_code: string | null; terms_id: number; terms_valid_from: string; terms: unknown }>`
    select c.id, c.number, c.bank_unit_id, c.organisation_unit_id, coalesce(c.province_code, u.province_code) as province_code,
           t.id as terms_id, t.valid_from as terms_valid_from, t.terms
    from entrustment_contracts c
    join units u on u.id = c.bank_unit_id
    join entrustment_fee_terms t on t.contract_id = c.id and t.valid_from <= ${p.periodEnd}::date and (t.valid_to is null or t.valid_to >= ${p.periodEnd}::date)
    where (c.status = 'active' or c.terminated_on > ${p.periodEnd}::date)
      and c.valid_from <= ${p.periodEnd}::date and (c.valid_to is null or c.valid_to >= ${p.periodEnd}::date)
      and not exists (select 1 from fee_accruals f where f.period = ${p.period} and f.contract_id = c.id)
    order by c.id`.execute(trx)
  return rows.map((r) => {
    assert(r.province_code !== null, `contract ${r.id}: its bank unit has no province`)
    return { id: r.id, number: r.number, bankUnitId: r.bank_unit_id, organisationUnitId: r.organisation_unit_id, provinceCode: r.province_code, termsId: r.terms_id, termsValidFrom: r.terms_valid_from, terms: orThrow(parseFeeTerms(r.terms)) }
  })
}

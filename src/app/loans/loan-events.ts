import { sql } from 'kysely'
import { applyLoanEvent, type LoanContext, type LoanEvent, type LoanState } from '../../domain/loans/index.js'
import { rateSegments } from '../../domain/programs/index.js'
import { RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { loanBalanceDifferences, lockLoan, saveLoanState, stateOf, type LoanRow } from '../../db/repositories/loans.js'
import { underScope } from '../../db/scope.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { postEntries, postEntry, type LedgerCheck } from '../ledger.js'
import { loadBaseRates, loadPrograms } from '../programs.js'
// -- capital --
import { checkDisbursementCapital } from '../capital/movements.js'
// -- plans --
import { enforcePlanRoom } from '../plans.js'

/** The terms and rate history the engine needs for one loan. */
export async function loanContext(db: Executor, row: LoanRow, catalogueVersion?: string): Promise<LoanContext> {
  const { programs, baseRates } = await catalogue(db, catalogueVersion)
  const program = programs.find((p) => p.code === row.program_code)
  const contract = program?.versions.find((v) => v.id === row.terms_id)
  if (!program || !contract) throw new Error(`loan ${row.id}: terms ${row.terms_id} of ${row.program_code} not found`)
  const t = contract.terms
  return {
    terms: {
      programCode: row.program_code, capitalSource: row.capital_source_code, dayCount: t.dayCount, overdueFactorMicros: t.overdueFactorMicros,
      allocationOrder: t.allocationOrder, termMonths: t.maxTermMonths, extensionMonthsMaxShortTerm: t.extensionMonthsMaxShortTerm, extensionShareMaxMicros: t.extensionShareMaxMicros,
    },
    rates: rateSegments(contract, program.versions, baseRates),
  }
}

/**
 * The program catalogue, parsed once per version stamp (migration 0014) rather than read and
 * parsed for every event. Without a stamp it is read afresh.
 */
async function catalogue(db: Executor, version: string | undefined): Promise<Catalogue> {
  const cached = version === undefined ? undefined : catalogues.get(version)
  if (cached) return cached
  const [programs, baseRates] = await Promise.all([loadPrograms(db), loadBaseRates(db)])
  const loaded = { programs, baseRates }
  if (version !== undefined) {
    if (catalogues.size >= 8) catalogues.delete(catalogues.keys().next().value!)
    catalogues.set(version, loaded)
  }
  return loaded
}
type Catalogue = { readonly programs: Awaited<ReturnType<typeof loadPrograms>>; readonly baseRates: Awaited<ReturnType<typeof loadBaseRates>> }
const catalogues = new Map<string, Catalogue>()

const PERMISSION: Record<LoanEvent['type'], 'loans.transact' | 'loans.manage'> = {
  disburse: 'loans.transact', repay: 'loans.transact', accrue: 'loans.manage', mark_overdue: 'loans.manage', extend: 'loans.manage',
  adjust_term: 'loans.manage', freeze: 'loans.manage', unfreeze: 'loans.manage', write_off: 'loans.manage', recall: 'loans.manage', cancel_undisbursed: 'loans.manage',
}

/** Lending fund left for a capital source: capital received − principal outstanding (tồn quỹ). */
export async function fundAvailableDong(db: Executor, capitalSource: string): Promise<bigint> {
  const { rows } = await sql<{ available: bigint }>`
    select (coalesce(-sum(balance_dong) filter (where kind = 'lending_fund'), 0)
          - coalesce(sum(balance_dong) filter (where kind = 'loan_principal'), 0))::bigint as available
    from ledger_accounts where capital_source_code = ${capitalSource}`.execute(db)
  return rows[0]?.available ?? 0n
}

/**
 * What every disbursement must pass, at the counter or on the transaction day: its capital
 * sources' lending funds (each source locked, so two disbursements cannot both spend the last of a
 * fund, then checked for the total drawn from it), the local fund's agreement and allocation pool,
 * and the capital plan's room (warn or block).
 */
export async function checkDisbursements(trx: Executor, date: LocalDate, draws: readonly { row: LoanRow; amountDong: bigint }[]): Promise<void> {
  const bySource = new Map<string, bigint>()
  for (const d of draws) bySource.set(d.row.capital_source_code, (bySource.get(d.row.capital_source_code) ?? 0n) + d.amountDong)
  for (const [source, amountDong] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    await sql`select code from capital_sources where code = ${source} for update`.execute(trx)
    const available = await fundAvailableDong(trx, source)
    if (available < amountDong) throw new RuleViolation('fund_insufficient', { availableDong: available.toString(), capitalSource: source })
  }
  for (const { row, amountDong } of draws) {
    // -- capital: the local fund's agreement allows the program; an allocated source's unit pool covers the amount --
    await checkDisbursementCapital(trx, row, amountDong, date)
    // -- plans --
    await enforcePlanRoom(trx, { communeUnitId: row.commune_unit_id, programCode: row.program_code, capitalSourceCode: row.capital_source_code, date, amountDong, provinceCode: row.province_code })
  }
}

/**
 * Applies one event to a loan: lock it, decide with the pure transition function, post its journal
 * entries, save the new state and record the event — all in one transaction, audited. A refusal
 * writes nothing. The cash unit of a disbursement or repayment must be in the actor's scope.
 */
export async function runLoanEvent(db: Executor, ctx: RequestContext, loanId: bigint, event: LoanEvent, meta: Record<string, unknown> = {}): Promise<LoanState> {
  requirePermission(ctx, PERMISSION[event.type], 'write')
  return inTransaction(db, async (trx) => {
    const cashUnit = 'cashUnit' in event ? event.cashUnit : null
    const locked = await lockLoan(trx, loanId, ctx.actor.scopePath, cashUnit)
    if (!locked) throw new RuleViolation('not_found', { entity: 'loan', id: loanId })
    if (cashUnit !== null && !locked.cashUnitInScope) throw new RuleViolation('not_found', { entity: 'unit', id: cashUnit })
    if (event.type === 'disburse') await checkDisbursements(trx, event.date, [{ row: locked.row, amountDong: event.amountDong }])
    const closed = locked.closedPeriod
    if (closed && event.date <= `${closed}-31`) throw new RuleViolation('period_closed', { closedPeriod: closed, date: event.date })
    const state = stateOf(locked.row, locked.instalments)
    const result = applyLoanEvent(state, event, await loanContext(trx, locked.row, locked.catalogueVersion))
    if (!result.ok) throw new RuleViolation(result.code, result.details)
    const entryIds = await postEntries(trx, ctx, result.value.entries.map((entry) => (
      { ...entry, entryDate: event.date, provinceCode: locked.row.province_code, description: `${entry.kind} #${loanId}`, loanId })))
    await saveLoanState(trx, result.value.next, locked.row.version, {
      provinceCode: locked.row.province_code, type: event.type, date: event.date,
      payloadJson: JSON.stringify({ ...event, ...meta }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
      entryIds, requestId: ctx.requestId, createdBy: ctx.actor.userId || null,
    })
    await recordAudit(trx, ctx, { action: `loan.${event.type}`, entityType: 'loan', entityId: loanId, before: summary(state), after: { ...summary(result.value.next), event, ...meta } })
    return result.value.next
  })
}

function summary(s: LoanState) {
  return {
    status: s.status, disbursedDong: s.disbursedDong, inTermDong: s.principalInTermDong, overdueDong: s.principalOverdueDong,
    frozenDong: s.principalFrozenDong, interestDong: s.interestDong, overdueInterestDong: s.overdueInterestDong,
  }
}

/**
 * Capital received into a lending fund (minimal, until the capital issue): cash at a unit against
 * the source's capital account.
 */
export async function receiveCapital(db: Executor, ctx: RequestContext, input: { capitalSource: string; amountDong: bigint; unitId: number; date: LocalDate; reference: string }): Promise<bigint> {
  requirePermission(ctx, 'capital.manage', 'write')
  if (input.amountDong <= 0n) throw new RuleViolation('amount_not_positive')
  return inTransaction(db, async (trx) => {
    const source = await trx.selectFrom('capital_sources').select('code').where('code', '=', input.capitalSource).executeTakeFirst()
    if (!source) throw new RuleViolation('not_found', { entity: 'capital_source', code: input.capitalSource })
    const unit = await trx.selectFrom('units').select(['id', 'path', 'province_code']).where('id', '=', input.unitId).where(underScope('path', ctx.actor.scopePath)).executeTakeFirst()
    if (!unit) throw new RuleViolation('not_found', { entity: 'unit', id: input.unitId })
    const entryId = await postEntry(trx, ctx, {
      kind: 'capital.receive', entryDate: input.date, provinceCode: unit.province_code, description: input.reference,
      postings: [{ account: { kind: 'cash', unit: unit.id }, amountDong: input.amountDong }, { account: { kind: 'lending_fund', capitalSource: input.capitalSource }, amountDong: -input.amountDong }],
    })
    await recordAudit(trx, ctx, { action: 'capital.receive', entityType: 'capital_source', entityId: input.capitalSource, after: { ...input, entryId }, scopePath: unit.path })
    return entryId
  })
}

/** The loans sub-ledger check of `tdcs ledger verify`: each loan's cached balances against its postings. */
export const loanLedgerCheck: LedgerCheck = async (db) =>
  (await loanBalanceDifferences(db)).map((d) => ({ check: 'account_balance' as const, subject: `loan ${d.loanId} ${d.field}`, expectedDong: d.derived.toString(), actualDong: d.cached.toString() }))

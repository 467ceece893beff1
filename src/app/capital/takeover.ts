import { createHash } from 'node:crypto'
import type { JournalEntry, Posting } from '../../domain/ledger/index.js'
import { compareDates, orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import {
  mapTakeoverHeader,
  reconcile,
  takeoverRowError,
  TakeoverRowsValidator,
  type ComputedTotals,
  type StatedTotals,
  type TakeoverLoanRow,
  type TakeoverRowError,
  type TotalsCheck,
} from '../../domain/takeover/index.js'
import {
  allocateLoanIds,
  findBorrowerHouseholds,
  findTakeoverRun,
  insertTakenLinks,
  insertTakenLoans,
  lockTakeoverSource,
  takenContractNumbers,
  type BorrowerHousehold,
  type NewTakenInstalment,
  type NewTakenLink,
  type NewTakenLoan,
} from '../../db/repositories/takeover.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { formatOf, readRowBatches } from '../households/spreadsheet.js'
import { postEntries } from '../ledger.js'
import { loadPrograms } from '../programs.js'

/** The report lists at most this many row errors; `errorCount` tells how many there were. */
export const MAX_REPORTED_ERRORS = 1000
/** Loans written per round: ~6 postings each, so a round's statements carry ~12,000 rows. */
const LOANS_PER_ROUND = 2000

export interface TakeoverInput {
  readonly capitalSource: string
  readonly takeoverDate: LocalDate
  readonly fileName: string
  readonly content: Uint8Array
  readonly stated: StatedTotals
  /** Check and reconcile only: nothing is written whatever the outcome. */
  readonly dryRun: boolean
}

/**
 * What a takeover came to. `checked`: a dry run (ok says whether it would post); `posted`: the
 * run was written now; `already_posted`: this file was posted before into this source on this
 * date, and nothing was written again.
 */
export interface TakeoverReport {
  readonly status: 'checked' | 'posted' | 'already_posted'
  readonly ok: boolean
  readonly runId: bigint | null
  readonly capitalSource: string
  readonly takeoverDate: LocalDate
  readonly fileName: string
  readonly sha256: string
  readonly rows: number
  readonly loanCount: number
  readonly stated: StatedTotals
  readonly computed: ComputedTotals
  readonly checks: readonly TotalsCheck[]
  readonly errorCount: number
  readonly errors: readonly TakeoverRowError[]
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Reads the first sheet (or the CSV) and checks every row's own rules, streaming. */
async function readAndCheck(input: TakeoverInput): Promise<TakeoverRowsValidator> {
  const format = formatOf(input.fileName, input.content)
  let validator: TakeoverRowsValidator | undefined
  for await (const batch of readRowBatches(input.content, format)) {
    for (const { row, cells } of batch) {
      if (validator === undefined) {
        if (cells.every((c) => c === null || c === undefined || String(c).trim() === '')) continue
        validator = new TakeoverRowsValidator(orThrow(mapTakeoverHeader(cells.map((c) => (c === null || c === undefined ? null : String(c))))), input.takeoverDate)
        continue
      }
      validator.addRow(row, cells)
    }
    await yieldToEventLoop()
  }
  if (validator === undefined || validator.rowCount === 0) throw new RuleViolation('import_file_empty', { fileName: input.fileName })
  return validator
}

interface Placed {
  readonly loan: TakeoverLoanRow
  readonly household: BorrowerHousehold
  readonly termsId: number
}

/** Borrowers, programs, communes and contract numbers against the database, set-based. */
async function checkAgainstDatabase(trx: Executor, ctx: RequestContext, input: TakeoverInput, loans: readonly TakeoverLoanRow[]) {
  const errors: TakeoverRowError[] = []
  const codes = [...new Set(loans.flatMap((l) => (l.borrower.kind === 'household_code' ? [l.borrower.code] : [])))]
  const citizenIds = [...new Set(loans.flatMap((l) => (l.borrower.kind === 'citizen_id' ? [l.borrower.citizenId] : [])))]
  const households = await findBorrowerHouseholds(trx, codes, citizenIds, ctx.actor.scopePath)
  const byCode = new Map(households.map((h) => [h.code, h]))
  const byCitizen = new Map(households.filter((h) => h.headCitizenId !== null).map((h) => [h.headCitizenId!, h]))
  const programs = new Map((await loadPrograms(trx)).map((p) => [p.code, p]))
  const taken = await takenContractNumbers(trx, input.capitalSource, loans.map((l) => l.contractNumber))
  const inForce = (code: string, on: LocalDate) =>
    programs.get(code)?.versions.find((v) => compareDates(v.validFrom, on) <= 0 && (v.validTo === null || compareDates(on, v.validTo) <= 0))

  const placed: Placed[] = []
  for (const loan of loans) {
    const before = errors.length
    const household = loan.borrower.kind === 'household_code' ? byCode.get(loan.borrower.code) : byCitizen.get(loan.borrower.citizenId)
    if (household === undefined) errors.push(takeoverRowError(loan.row, 'borrower', 'takeover_borrower_unknown', { borrower: loan.borrower }))
    else if (loan.communeCode !== null && loan.communeCode !== household.communeAdminCode && loan.communeCode !== household.communeUnitCode)
      errors.push(takeoverRowError(loan.row, 'communeCode', 'takeover_commune_mismatch', { communeCode: loan.communeCode, householdCommune: household.communeAdminCode ?? household.communeUnitCode }))
    // The terms in force when the contract was signed; when the catalogue does not reach back that
    // far, those in force on the takeover date (the loan accrues under the fund from then on).
    const version = programs.has(loan.programCode) ? (inForce(loan.programCode, loan.contractDate) ?? inForce(loan.programCode, input.takeoverDate)) : undefined
    if (!programs.has(loan.programCode)) errors.push(takeoverRowError(loan.row, 'programCode', 'takeover_program_unknown', { programCode: loan.programCode }))
    else if (version === undefined) errors.push(takeoverRowError(loan.row, 'programCode', 'takeover_program_not_in_force', { programCode: loan.programCode, contractDate: loan.contractDate, takeoverDate: input.takeoverDate }))
    if (taken.has(loan.contractNumber)) errors.push(takeoverRowError(loan.row, 'contractNumber', 'takeover_contract_exists', { contractNumber: loan.contractNumber, capitalSource: input.capitalSource }))
    if (errors.length === before) placed.push({ loan, household: household!, termsId: version!.id })
  }
  return { placed, errors }
}

function checkStated(stated: StatedTotals): void {
  const { capitalDong, outstandingDong, fundBalanceDong, overdueDong } = stated
  if (capitalDong <= 0n || outstandingDong < 0n || fundBalanceDong < 0n || overdueDong < 0n || overdueDong > outstandingDong)
    throw new RuleViolation('takeover_stated_totals_invalid', { capitalDong: capitalDong.toString(), outstandingDong: outstandingDong.toString(), fundBalanceDong: fundBalanceDong.toString(), overdueDong: overdueDong.toString() })
}

/**
 * One loan's instalments as of the takeover: the overdue principal as one overdue instalment due
 * when it fell overdue, the in-term principal as one instalment due at maturity. Principal repaid
 * before the takeover is not itemised (it was repaid to the previous lender).
 */
function instalmentsOf(loanId: string, loan: TakeoverLoanRow): NewTakenInstalment[] {
  const out: NewTakenInstalment[] = []
  if (loan.overdueDong > 0n) out.push({ loan_id: loanId, seq: out.length + 1, due_date: loan.overdueSince!, due: loan.overdueDong.toString(), status: 'overdue' })
  if (loan.inTermDong > 0n) out.push({ loan_id: loanId, seq: out.length + 1, due_date: loan.maturityDate, due: loan.inTermDong.toString(), status: 'pending' })
  return out
}

/** The loan's opening entry: its principal and interest owed, funded from the cash the capital came in as. */
function openingEntry(source: string, cashUnit: number, takeoverDate: LocalDate, loanId: bigint, p: Placed): JournalEntry {
  const { loan } = p
  const dims = { program: loan.programCode, capitalSource: source }
  const postings: Posting[] = []
  const add = (posting: Posting) => {
    if (posting.amountDong !== 0n) postings.push(posting)
  }
  add({ account: { kind: 'loan_principal', ...dims, status: 'in_term' }, amountDong: loan.inTermDong, loanId })
  add({ account: { kind: 'loan_principal', ...dims, status: 'overdue' }, amountDong: loan.overdueDong, loanId })
  add({ account: { kind: 'cash', unit: cashUnit }, amountDong: -(loan.inTermDong + loan.overdueDong) })
  add({ account: { kind: 'interest_receivable', ...dims, status: 'normal' }, amountDong: loan.interestDong, loanId })
  add({ account: { kind: 'interest_receivable', ...dims, status: 'overdue' }, amountDong: loan.overdueInterestDong, loanId })
  add({ account: { kind: 'interest_income', ...dims }, amountDong: -(loan.interestDong + loan.overdueInterestDong) })
  return { kind: 'capital.takeover.loan', entryDate: takeoverDate, provinceCode: p.household.provinceCode, description: `Tiếp nhận khế ước ${loan.contractNumber} (dòng ${loan.row})`, loanId, postings }
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))) as unknown

/**
 * Takes over a portfolio of loans into a local fund as of a date, all or nothing. Every row is
 * checked (its own rules, then borrowers, programs, communes and contract numbers against the
 * database) and the file's totals are reconciled with the owner's stated totals; any row error
 * refuses with `takeover_rejected`, any difference with `takeover_totals_mismatch`, each carrying
 * the report, and nothing is written. When everything agrees, one transaction writes — in rounds of
 * 2,000 loans, a fixed number of statements each — the capital received (cash at the owner's unit
 * against the fund's capital), the loans with their instalments, one opening entry per loan
 * (loan-tagged principal and interest, funded from that cash), a `takeover` event per loan, the run
 * and one audit row. The same file for the same source and date is posted once: a second call
 * answers `already_posted` and writes nothing.
 */
export async function takeOverPortfolio(db: Executor, ctx: RequestContext, input: TakeoverInput): Promise<TakeoverReport> {
  requirePermission(ctx, 'capital.manage', input.dryRun ? 'read' : 'write')
  checkStated(input.stated)
  const sha256 = createHash('sha256').update(input.content).digest('hex')
  return inTransaction(db, async (trx) => {
    const source = await lockTakeoverSource(trx, input.capitalSource, ctx.actor.scopePath, !input.dryRun)
    if (!source) throw new RuleViolation('not_found', { entity: 'capital_source', code: input.capitalSource })
    if (source.kind !== 'local' || source.ownerUnitId === null || source.ownerPath === null) throw new RuleViolation('takeover_source_not_local', { capitalSource: source.code })
    const base = { capitalSource: source.code, takeoverDate: input.takeoverDate, fileName: input.fileName, sha256, stated: input.stated }

    const prior = await findTakeoverRun(trx, source.code, input.takeoverDate, sha256)
    if (prior) {
      const computed: ComputedTotals = {
        loans: prior.loan_count, disbursedDong: 0n, inTermDong: prior.computed_in_term_dong, overdueDong: prior.computed_overdue_dong, outstandingDong: prior.computed_outstanding_dong,
        interestDong: prior.computed_interest_dong, overdueInterestDong: prior.computed_overdue_interest_dong,
      }
      return { ...base, status: 'already_posted', ok: true, runId: prior.id, rows: prior.loan_count, loanCount: prior.loan_count, computed, checks: reconcile(input.stated, computed).checks, errorCount: 0, errors: [] }
    }

    const validator = await readAndCheck(input)
    const computed = validator.computedTotals()
    const { placed, errors: dbErrors } = await checkAgainstDatabase(trx, ctx, input, validator.loans)
    const errors = [...validator.errors, ...dbErrors].sort((a, b) => a.row - b.row)
    const reconciliation = reconcile(input.stated, computed)
    const report: TakeoverReport = {
      ...base, status: 'checked', ok: errors.length === 0 && reconciliation.ok, runId: null, rows: validator.rowCount, loanCount: placed.length, computed,
      checks: reconciliation.checks, errorCount: errors.length, errors: errors.slice(0, MAX_REPORTED_ERRORS),
    }
    if (input.dryRun) return report
    if (errors.length > 0) throw new RuleViolation('takeover_rejected', json(report) as Record<string, unknown>)
    if (!reconciliation.ok) throw new RuleViolation('takeover_totals_mismatch', json(report) as Record<string, unknown>)

    const cashUnit = source.ownerUnitId
    const meta = { requestId: ctx.requestId, createdBy: ctx.actor.userId === 0 ? null : ctx.actor.userId }
    // The capital handed over, received as cash at the owner's unit; the loans are funded from it,
    // so what stays in cash is the fund balance (tồn quỹ = capital − outstanding).
    const [capitalEntryId] = await postEntries(trx, ctx, [{
      kind: 'capital.takeover', entryDate: input.takeoverDate, provinceCode: source.provinceCode, description: `Tiếp nhận nguồn vốn ${source.code}: ${input.fileName}`,
      postings: [{ account: { kind: 'cash', unit: cashUnit }, amountDong: input.stated.capitalDong }, { account: { kind: 'lending_fund', capitalSource: source.code }, amountDong: -input.stated.capitalDong }],
    }])
    const run = await trx.insertInto('takeover_runs').values({
      province_code: source.provinceCode, capital_source_code: source.code, takeover_date: input.takeoverDate, file_name: input.fileName.slice(0, 300), file_sha256: sha256, cash_unit_id: cashUnit,
      stated_capital_dong: input.stated.capitalDong, stated_outstanding_dong: input.stated.outstandingDong, stated_fund_balance_dong: input.stated.fundBalanceDong, stated_overdue_dong: input.stated.overdueDong,
      computed_outstanding_dong: computed.outstandingDong, computed_in_term_dong: computed.inTermDong, computed_overdue_dong: computed.overdueDong,
      computed_interest_dong: computed.interestDong, computed_overdue_interest_dong: computed.overdueInterestDong,
      checks: JSON.stringify(json(reconciliation.checks)), loan_count: placed.length, capital_entry_id: capitalEntryId!, posted_by: meta.createdBy, posted_at: ctx.now, request_id: ctx.requestId,
    }).returning('id').executeTakeFirstOrThrow()

    const ids = await allocateLoanIds(trx, placed.length)
    for (let start = 0; start < placed.length; start += LOANS_PER_ROUND) {
      const round = placed.slice(start, start + LOANS_PER_ROUND)
      const roundIds = ids.slice(start, start + round.length)
      const loans: NewTakenLoan[] = []
      const instalments: NewTakenInstalment[] = []
      round.forEach((p, k) => {
        const id = roundIds[k]!.toString()
        const l = p.loan
        loans.push({
          id, province_code: p.household.provinceCode, household_id: p.household.id.toString(), commune_unit_id: p.household.communeUnitId, program_code: l.programCode, terms_id: p.termsId,
          contract_date: l.contractDate, monthly_day: p.household.monthlyDay, disbursed: l.disbursedDong.toString(), in_term: l.inTermDong.toString(), overdue: l.overdueDong.toString(),
          interest: l.interestDong.toString(), overdue_interest: l.overdueInterestDong.toString(),
        })
        instalments.push(...instalmentsOf(id, l))
      })
      await insertTakenLoans(trx, source.code, input.takeoverDate, loans, instalments)
      const entryIds = await postEntries(trx, ctx, round.map((p, k) => openingEntry(source.code, cashUnit, input.takeoverDate, roundIds[k]!, p)))
      const links: NewTakenLink[] = round.map((p, k) => ({
        loan_id: roundIds[k]!.toString(), province_code: p.household.provinceCode, contract_number: p.loan.contractNumber, row_number: p.loan.row, group_label: p.loan.group, entry_id: entryIds[k]!.toString(),
        payload: json({ runId: run.id, row: p.loan.row, contractNumber: p.loan.contractNumber, maturityDate: p.loan.maturityDate, disbursedDong: p.loan.disbursedDong, group: p.loan.group }),
      }))
      await insertTakenLinks(trx, run.id, source.code, input.takeoverDate, links, meta)
    }
    await recordAudit(trx, ctx, {
      action: 'capital.takeover', entityType: 'capital_source', entityId: source.code, scopePath: source.ownerPath,
      after: { runId: run.id, fileName: input.fileName, sha256, takeoverDate: input.takeoverDate, loans: placed.length, stated: input.stated, computed, capitalEntryId },
    })
    return { ...report, status: 'posted', runId: run.id }
  })
}

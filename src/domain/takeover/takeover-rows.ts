import { decodeCitizenId, foldName } from '../households/index.js'
import {
  addDays, compareDates, formatVnDate, fromYmd, messageOf, parseDong, parseIsoDate, parseVnDate,
  type LocalDate, type Result, type ResultCode,
} from '../shared/index.js'
import { headerOfTakeover, type TakeoverColumnMap, type TakeoverField } from './takeover-columns.js'

/** A cell as a spreadsheet reader hands it over. */
export type TakeoverCell = string | number | boolean | Date | null | undefined

/** One line of the error report: where, which rule, and the message in both languages. */
export interface TakeoverRowError {
  /** The spreadsheet row (the header is row 1). */
  readonly row: number
  readonly column: string | null
  readonly code: ResultCode
  readonly message: { readonly vi: string; readonly en: string }
  readonly details?: Readonly<Record<string, unknown>>
}

/** Who borrowed: a household code of the registry, or the head's citizen id. */
export type BorrowerRef = { readonly kind: 'household_code'; readonly code: string } | { readonly kind: 'citizen_id'; readonly citizenId: string }

/** A row that passed its own rules (the registry, programs and communes are checked by the use-case). */
export interface TakeoverLoanRow {
  readonly row: number
  readonly contractNumber: string
  readonly borrower: BorrowerRef
  readonly programCode: string
  readonly contractDate: LocalDate
  readonly maturityDate: LocalDate
  readonly disbursedDong: bigint
  readonly inTermDong: bigint
  readonly overdueDong: bigint
  readonly interestDong: bigint
  readonly overdueInterestDong: bigint
  /** When the overdue principal fell due (only when there is some): the overdue instalment's due date. */
  readonly overdueSince: LocalDate | null
  readonly communeCode: string | null
  readonly group: string | null
}

/** The sums of the file's amounts, over every row whose amounts could be read. */
export interface ComputedTotals {
  readonly loans: number
  readonly disbursedDong: bigint
  readonly inTermDong: bigint
  readonly overdueDong: bigint
  /** Dư nợ: in term + overdue. */
  readonly outstandingDong: bigint
  readonly interestDong: bigint
  readonly overdueInterestDong: bigint
}

export function takeoverRowError(row: number, field: TakeoverField | null, code: ResultCode, details?: Readonly<Record<string, unknown>>): TakeoverRowError {
  const base = { row, column: field === null ? null : headerOfTakeover(field), code, message: messageOf(code) }
  return details === undefined ? base : { ...base, details }
}

function text(cell: TakeoverCell): string | null {
  if (cell === null || cell === undefined) return null
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : formatVnDate(fromYmd(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate()))
  const s = String(cell).trim()
  return s === '' ? null : s
}

/** Spreadsheet dates are UTC midnights of the calendar day; text is dd/mm/yyyy or yyyy-mm-dd. */
function parseDateCell(cell: TakeoverCell): Result<LocalDate> | null {
  if (cell instanceof Date && !Number.isNaN(cell.getTime())) {
    const y = cell.getUTCFullYear()
    if (y >= 1900 && y <= 2200) return { ok: true, value: fromYmd(y, cell.getUTCMonth() + 1, cell.getUTCDate()) }
  }
  const s = text(cell)
  if (s === null) return null
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? parseIsoDate(s) : parseVnDate(s)
}

/** Whole đồng: a number cell must be a non-negative safe integer; text is parsed as a Vietnamese amount. */
function parseMoneyCell(cell: TakeoverCell): Result<bigint> | null {
  if (typeof cell === 'number') {
    if (Number.isSafeInteger(cell) && cell >= 0) return { ok: true, value: BigInt(cell) }
    return { ok: false, code: 'invalid_money', details: { input: String(cell) } }
  }
  const s = text(cell)
  if (s === null) return null
  const parsed = parseDong(s)
  if (!parsed.ok) return parsed
  if (parsed.value < 0n) return { ok: false, code: 'invalid_money', details: { input: s } }
  return { ok: true, value: parsed.value }
}

const CONTRACT_NUMBER = /^[\p{L}\p{N}._/-]{1,40}$/u
const HOUSEHOLD_CODE = /^[A-Za-z0-9._/-]{1,30}$/

/** A number cell lost the leading zeros of a citizen id typed without the text format: restore them. */
function borrowerText(cell: TakeoverCell): string | null {
  if (typeof cell === 'number' && Number.isSafeInteger(cell) && cell >= 0 && cell < 1e12 && String(cell).length >= 10) return String(cell).padStart(12, '0')
  return text(cell)
}

/**
 * Checks the rows of a takeover file one by one, streaming: each row's own rules (cells, amounts,
 * dates against the takeover date), contract numbers unique in the file, and the running totals
 * of every row whose amounts could be read — so a refused file still shows how far its totals are
 * from the owner's.
 *
 * @example new TakeoverRowsValidator(columns, '2016-06-30').addRow(2, cells) → the row, or undefined and an error
 */
export class TakeoverRowsValidator {
  readonly errors: TakeoverRowError[] = []
  readonly loans: TakeoverLoanRow[] = []
  private rows = 0
  private readonly contractRows = new Map<string, number>()
  private totals = { loans: 0, disbursedDong: 0n, inTermDong: 0n, overdueDong: 0n, interestDong: 0n, overdueInterestDong: 0n }

  constructor(
    private readonly columns: TakeoverColumnMap,
    private readonly takeoverDate: LocalDate,
  ) {}

  get rowCount(): number {
    return this.rows
  }

  /** Checks one data row; blank rows are skipped. Returns the row when it passed its own rules. */
  addRow(row: number, cells: readonly TakeoverCell[]): TakeoverLoanRow | undefined {
    if (cells.every((c) => text(c) === null)) return undefined
    this.rows++
    const before = this.errors.length
    const cell = (field: TakeoverField): TakeoverCell => {
      const index = this.columns.get(field)
      return index === undefined ? null : cells[index]
    }
    const err = (field: TakeoverField | null, code: ResultCode, details?: Readonly<Record<string, unknown>>) => this.errors.push(takeoverRowError(row, field, code, details))
    const required = (field: TakeoverField): string | null => {
      const value = field === 'borrower' ? borrowerText(cell(field)) : text(cell(field))
      if (value === null) err(field, 'import_value_required')
      return value
    }
    const money = (field: TakeoverField, optional: boolean): bigint | null => {
      const parsed = parseMoneyCell(cell(field))
      if (parsed === null) {
        if (optional) return 0n
        err(field, 'import_value_required')
        return null
      }
      if (!parsed.ok) {
        err(field, parsed.code, parsed.details)
        return null
      }
      return parsed.value
    }
    const date = (field: TakeoverField, optional: boolean): LocalDate | null => {
      const parsed = parseDateCell(cell(field))
      if (parsed === null) {
        if (!optional) err(field, 'import_value_required')
        return null
      }
      if (!parsed.ok) {
        err(field, 'invalid_date', { value: text(cell(field)) })
        return null
      }
      return parsed.value
    }

    const contractNumber = required('contractNumber')
    if (contractNumber !== null) {
      if (!CONTRACT_NUMBER.test(contractNumber)) err('contractNumber', 'import_value_invalid', { value: contractNumber })
      else {
        const key = foldName(contractNumber)
        const first = this.contractRows.get(key)
        if (first !== undefined) err('contractNumber', 'takeover_contract_duplicate_in_file', { contractNumber, firstRow: first })
        else this.contractRows.set(key, row)
      }
    }
    const borrowerCell = required('borrower')
    let borrower: BorrowerRef | null = null
    if (borrowerCell !== null) {
      if (/^\d{12}$/.test(borrowerCell)) {
        const checked = decodeCitizenId(borrowerCell)
        if (checked.ok) borrower = { kind: 'citizen_id', citizenId: borrowerCell }
        else err('borrower', checked.code, checked.details)
      } else if (HOUSEHOLD_CODE.test(borrowerCell)) borrower = { kind: 'household_code', code: borrowerCell }
      else err('borrower', 'import_value_invalid', { value: borrowerCell })
    }
    const programCell = required('programCode')
    const programCode = programCell === null ? null : programCell.toUpperCase()
    if (programCode !== null && !/^[A-Z0-9_]{2,40}$/.test(programCode)) err('programCode', 'import_value_invalid', { value: programCell })

    const contractDate = date('contractDate', false)
    const maturityDate = date('maturityDate', false)
    const overdueSinceCell = date('overdueSince', true)
    const disbursed = money('disbursedDong', false)
    const inTerm = money('inTermDong', true)
    const overdue = money('overdueDong', true)
    const interest = money('interestDong', true)
    const overdueInterest = money('overdueInterestDong', true)

    if (inTerm !== null && overdue !== null && interest !== null && overdueInterest !== null) {
      const t = this.totals
      this.totals = {
        loans: t.loans + 1, disbursedDong: t.disbursedDong + (disbursed ?? 0n), inTermDong: t.inTermDong + inTerm, overdueDong: t.overdueDong + overdue,
        interestDong: t.interestDong + interest, overdueInterestDong: t.overdueInterestDong + overdueInterest,
      }
    }
    if (disbursed !== null && inTerm !== null && overdue !== null) {
      if (inTerm + overdue === 0n) err(null, 'takeover_nothing_outstanding')
      else if (inTerm + overdue > disbursed) err('disbursedDong', 'takeover_outstanding_exceeds_disbursed', { disbursedDong: disbursed.toString(), outstandingDong: (inTerm + overdue).toString() })
    }
    if (contractDate !== null && compareDates(contractDate, this.takeoverDate) > 0) err('contractDate', 'takeover_contract_after_takeover_date', { contractDate, takeoverDate: this.takeoverDate })
    if (contractDate !== null && maturityDate !== null && compareDates(maturityDate, contractDate) <= 0) err('maturityDate', 'takeover_maturity_before_contract', { contractDate, maturityDate })
    if (maturityDate !== null && inTerm !== null && inTerm > 0n && compareDates(maturityDate, this.takeoverDate) < 0)
      err('inTermDong', 'takeover_in_term_past_maturity', { maturityDate, takeoverDate: this.takeoverDate })
    let overdueSince: LocalDate | null = null
    if (overdue !== null && overdue > 0n) {
      if (overdueSinceCell !== null) {
        if (compareDates(overdueSinceCell, this.takeoverDate) >= 0) err('overdueSince', 'takeover_overdue_since_invalid', { overdueSince: overdueSinceCell, takeoverDate: this.takeoverDate })
        else overdueSince = overdueSinceCell
      } else if (maturityDate !== null) overdueSince = compareDates(maturityDate, this.takeoverDate) < 0 ? maturityDate : addDays(this.takeoverDate, -1)
    } else if (overdueSinceCell !== null) err('overdueSince', 'takeover_overdue_since_invalid', { overdueSince: overdueSinceCell, overdueDong: '0' })

    if (this.errors.length > before) return undefined
    const loan: TakeoverLoanRow = {
      row, contractNumber: contractNumber!, borrower: borrower!, programCode: programCode!, contractDate: contractDate!, maturityDate: maturityDate!,
      disbursedDong: disbursed!, inTermDong: inTerm!, overdueDong: overdue!, interestDong: interest!, overdueInterestDong: overdueInterest!,
      overdueSince, communeCode: text(cell('communeCode')), group: text(cell('group')),
    }
    this.loans.push(loan)
    return loan
  }

  computedTotals(): ComputedTotals {
    const t = this.totals
    return { ...t, outstandingDong: t.inTermDong + t.overdueDong }
  }
}

import ExcelJS from 'exceljs'
import { RuleViolation } from '../../domain/shared/index.js'
import { feePayableDifferences, listFeeAccrualsInScope, type FeeAccrualFilter, type FeeAccrualRow } from '../../db/repositories/fees.js'
import type { Executor, RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import type { LedgerCheck } from '../ledger.js'

/** One accrual as the API and the pages show it; `basis` is the stored FeeComputation JSON. */
export interface FeeAccrual {
  readonly id: bigint
  readonly period: string
  readonly contractId: number
  readonly contractNumber: string
  readonly bankUnitId: number
  readonly bankUnitName: string
  readonly payeeKind: 'organisation_unit' | 'group'
  readonly payeeId: bigint
  readonly payeeName: string | null
  readonly payeeCode: string | null
  readonly basis: FeeBasis
  readonly grossDong: bigint
  readonly netDong: bigint
  readonly status: 'accrued' | 'paid'
  readonly entryId: bigint
  readonly paidEntryId: bigint | null
  readonly paidOn: string | null
  readonly transactionDayId: bigint | null
}

/** The stored computation (bigints as integer strings): see FeeComputation in src/domain/network/fees.ts. */
export interface FeeBasis {
  readonly payeeKind: string
  readonly contractNumber?: string
  readonly feeTermsId?: number
  readonly feeTermsValidFrom?: string
  readonly figures: { readonly loans: number; readonly openingOutstandingDong: string | null; readonly closingOutstandingDong: string; readonly overduePrincipalDong: string; readonly interestCollectedDong: string; readonly interestReceivableDong: string }
  readonly averageOutstandingDong: string
  readonly components: readonly { readonly kind: string; readonly baseDong: string; readonly rateMicros: string; readonly amountDong: string }[]
  readonly factors: { readonly overdueRatioMicros: string; readonly interestCollectionRateMicros: string }
  readonly reductions: readonly { readonly factor: string; readonly valueMicros: string; readonly thresholdMicros: string; readonly payShareMicros: string; readonly triggered: boolean }[]
  readonly payShareMicros: string
  readonly grossDong: string
  readonly netDong: string
}

const toAccrual = (r: FeeAccrualRow): FeeAccrual => ({
  id: r.id, period: r.period, contractId: r.contract_id, contractNumber: r.contract_number, bankUnitId: r.bank_unit_id, bankUnitName: r.bank_unit_name,
  payeeKind: r.payee_kind, payeeId: r.payee_id, payeeName: r.payee_name, payeeCode: r.payee_code, basis: r.basis as FeeBasis, grossDong: r.gross_dong, netDong: r.net_dong,
  status: r.status, entryId: r.entry_id, paidEntryId: r.paid_entry_id, paidOn: r.paid_on, transactionDayId: r.transaction_day_id,
})

/** Accruals in the actor's scope (their contract's bank unit under it), newest period first. */
export async function listFeeAccruals(db: Executor, ctx: RequestContext, filter: FeeAccrualFilter & { limit?: number; offset?: number }): Promise<{ items: FeeAccrual[]; total: number }> {
  requirePermission(ctx, 'groups.read')
  const { rows, total } = await listFeeAccrualsInScope(db, ctx.actor.scopePath, filter, { limit: Math.min(filter.limit ?? 100, 1000), offset: filter.offset ?? 0 })
  return { items: rows.map(toAccrual), total }
}

/** One step of a statement: what was multiplied or compared, and the result. */
export interface StatementLine {
  readonly step: 'average_outstanding' | 'component' | 'gross' | 'factor' | 'pay_share' | 'net'
  readonly kind: string
  /** Integer strings: đồng for amounts, millionths for rates and factors. */
  readonly values: Readonly<Record<string, string | boolean | null>>
  readonly resultDong: string | null
}

export interface FeeStatement {
  readonly period: string
  readonly payeeKind: 'organisation_unit' | 'group'
  readonly payeeId: bigint
  readonly payeeName: string | null
  readonly accruals: readonly (FeeAccrual & { readonly lines: readonly StatementLine[] })[]
  readonly totalNetDong: bigint
}

/** The computation of one accrual as the lines a statement prints, in order. */
export function statementLines(b: FeeBasis): StatementLine[] {
  const f = b.figures
  const lines: StatementLine[] = []
  if (b.payeeKind === 'organisation_unit')
    lines.push({ step: 'average_outstanding', kind: 'average_outstanding', values: { openingDong: f.openingOutstandingDong, closingDong: f.closingOutstandingDong }, resultDong: b.averageOutstandingDong })
  for (const c of b.components) lines.push({ step: 'component', kind: c.kind, values: { baseDong: c.baseDong, rateMicros: c.rateMicros }, resultDong: c.amountDong })
  lines.push({ step: 'gross', kind: 'gross', values: {}, resultDong: b.grossDong })
  lines.push({ step: 'factor', kind: 'overdue_ratio', values: { overdueDong: f.overduePrincipalDong, outstandingDong: f.closingOutstandingDong, valueMicros: b.factors.overdueRatioMicros }, resultDong: null })
  lines.push({ step: 'factor', kind: 'interest_collection_rate', values: { collectedDong: f.interestCollectedDong, receivableDong: f.interestReceivableDong, valueMicros: b.factors.interestCollectionRateMicros }, resultDong: null })
  for (const r of b.reductions) lines.push({ step: 'pay_share', kind: r.factor, values: { valueMicros: r.valueMicros, thresholdMicros: r.thresholdMicros, payShareMicros: r.payShareMicros, triggered: r.triggered }, resultDong: null })
  lines.push({ step: 'net', kind: 'net', values: { grossDong: b.grossDong, payShareMicros: b.payShareMicros }, resultDong: b.netDong })
  return lines
}

/**
 * The statement of one group or organisation unit for a month (bảng kê phí ủy thác / hoa hồng):
 * every accrual it earned, under each contract, with the figures, rates, quality factors and the
 * reduction applied, as computed at the close. Outside the scope it is answered as not found.
 */
export async function feeStatement(db: Executor, ctx: RequestContext, input: { period: string; payeeKind: 'organisation_unit' | 'group'; payeeId: bigint }): Promise<FeeStatement> {
  requirePermission(ctx, 'groups.read')
  const { rows } = await listFeeAccrualsInScope(db, ctx.actor.scopePath, input, { limit: 1000, offset: 0 })
  if (rows.length === 0) throw new RuleViolation('not_found', { entity: 'fee_statement', ...input })
  const accruals = rows.map(toAccrual).map((a) => ({ ...a, lines: statementLines(a.basis) }))
  return { period: input.period, payeeKind: input.payeeKind, payeeId: input.payeeId, payeeName: accruals[0]!.payeeName, accruals, totalNetDong: accruals.reduce((s, a) => s + a.netDong, 0n) }
}

export const FEES_XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const HEADERS = {
  vi: ['Kỳ', 'Hợp đồng', 'Đơn vị ngân hàng', 'Loại', 'Mã', 'Bên nhận', 'Số khoản vay', 'Dư nợ đầu kỳ', 'Dư nợ cuối kỳ', 'Dư nợ bình quân', 'Nợ quá hạn', 'Lãi thực thu', 'Lãi phải thu cuối kỳ', 'Tỷ lệ nợ quá hạn (‰‰)', 'Tỷ lệ thu lãi (‰‰)', 'Phải trả trước giảm trừ', 'Tỷ lệ được hưởng (‰‰)', 'Được hưởng', 'Trạng thái', 'Ngày chi'],
  en: ['Period', 'Contract', 'Bank unit', 'Payee kind', 'Code', 'Payee', 'Loans', 'Opening outstanding', 'Closing outstanding', 'Average outstanding', 'Overdue', 'Interest collected', 'Interest receivable', 'Overdue ratio (ppm)', 'Collection rate (ppm)', 'Gross', 'Pay share (ppm)', 'Net', 'Status', 'Paid on'],
} as const
const KINDS = { vi: { organisation_unit: 'Hội đoàn thể', group: 'Tổ TK&VV' }, en: { organisation_unit: 'Organisation unit', group: 'Savings group' } } as const
const STATUSES = { vi: { accrued: 'Chưa chi', paid: 'Đã chi' }, en: { accrued: 'Accrued', paid: 'Paid' } } as const

/**
 * The accruals of a period in the actor's scope as an .xlsx workbook, one row per accrual with
 * the figures of its computation. Money cells are whole đồng numbers (exact below 2⁵³).
 */
export async function feeAccrualsWorkbook(db: Executor, ctx: RequestContext, filter: FeeAccrualFilter, locale: 'vi' | 'en'): Promise<Buffer> {
  requirePermission(ctx, 'groups.read')
  const { rows } = await listFeeAccrualsInScope(db, ctx.actor.scopePath, filter, { limit: 200_000, offset: 0 })
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(locale === 'vi' ? 'Phí ủy thác, hoa hồng' : 'Fees and commissions')
  sheet.addRow([...HEADERS[locale]]).font = { bold: true }
  const n = (s: string | null | undefined) => (s === null || s === undefined ? null : Number(s))
  for (const r of rows.map(toAccrual)) {
    const b = r.basis
    sheet.addRow([
      r.period, r.contractNumber, r.bankUnitName, KINDS[locale][r.payeeKind], r.payeeCode ?? String(r.payeeId), r.payeeName, b.figures.loans,
      n(b.figures.openingOutstandingDong), n(b.figures.closingOutstandingDong), n(b.averageOutstandingDong), n(b.figures.overduePrincipalDong),
      n(b.figures.interestCollectedDong), n(b.figures.interestReceivableDong), n(b.factors.overdueRatioMicros), n(b.factors.interestCollectionRateMicros),
      Number(r.grossDong), n(b.payShareMicros), Number(r.netDong), STATUSES[locale][r.status], r.paidOn,
    ])
  }
  for (const col of [8, 9, 10, 11, 12, 13, 16, 18]) sheet.getColumn(col).numFmt = '#,##0'
  sheet.columns.forEach((c) => { c.width = 16 })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/**
 * The fees sub-ledger check of `tdcs ledger verify`: per bank unit, the unpaid accruals equal
 * what its fees_payable account owes (−balance).
 */
export const feeLedgerCheck: LedgerCheck = async (db) =>
  (await feePayableDifferences(db)).map((d) => ({ check: 'account_balance' as const, subject: `fees payable of unit ${d.unit_id} vs unpaid fee accruals`, expectedDong: d.accrued.toString(), actualDong: d.payable.toString() }))

import { checkPeriod, REPORT_TITLES, type ReportColumn, type ReportResult, type ReportRow } from '../../domain/reports/index.js'
import { addDays, orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { firstEntryDate } from '../../db/repositories/reports.js'
import { fundStatement } from '../capital/statement.js'
import type { Executor, RequestContext } from '../context.js'
import { planVsActual } from '../plans.js'
import { count, money, text, TOTAL_LABEL, type ReportUnit } from './columns.js'
import { totalsOf } from '../../domain/reports/index.js'

// -- reports (outcomes): the fund statement and plan vs actual as standard reports, read through
// the capital and plans use-cases (their permissions, scopes and checks apply) --

const CATEGORY_LABELS: Readonly<Record<string, { vi: string; en: string }>> = {
  received: { vi: 'Vốn nhận', en: 'Received' }, contributed: { vi: 'Vốn góp', en: 'Contributed' }, interest_added: { vi: 'Lãi bổ sung nguồn vốn', en: 'Interest added' },
  allocated_in: { vi: 'Vốn được phân bổ', en: 'Allocated in' }, repaid: { vi: 'Thu nợ gốc', en: 'Principal repaid' }, written_off: { vi: 'Xóa nợ', en: 'Written off' },
  lent: { vi: 'Giải ngân', en: 'Lent' }, allocated_out: { vi: 'Phân bổ cho đơn vị khác', en: 'Allocated out' }, returned: { vi: 'Hoàn trả vốn', en: 'Returned' },
}

async function checkDates(db: Executor, from: LocalDate, to: LocalDate, today: LocalDate): Promise<void> {
  orThrow(checkPeriod(from, to))
  if (to > today) throw new RuleViolation('report_date_in_future', { to, today })
  const first = await firstEntryDate(db)
  if (first === null || to < first) throw new RuleViolation('report_date_before_data', { to, firstDataDate: first })
}

/** Sao kê nguồn vốn of a capital source for a unit's subtree and a period (src/app/capital/statement.ts). */
export async function fundStatementReport(db: Executor, ctx: RequestContext, unit: ReportUnit, source: string, from: LocalDate, to: LocalDate, today: LocalDate): Promise<ReportResult> {
  await checkDates(db, from, to, today)
  const s = await fundStatement(db, ctx, { source, unitId: unit.id, from, to })
  const balanceColumns: ReportColumn[] = [text('key', 'Mã', 'Code'), text('label', 'Thời điểm', 'At'),
    money('capital', 'Nguồn vốn', 'Capital'), money('outstanding', 'Dư nợ', 'Outstanding'), money('balance', 'Tồn quỹ', 'Fund balance')]
  const balanceRows: ReportRow[] = [
    { key: 'opening', label: `Đầu kỳ (${addDays(from, -1)})`, capital: s.opening.capitalDong, outstanding: s.opening.outstandingDong, balance: s.opening.balanceDong },
    { key: 'closing', label: `Cuối kỳ (${to})`, capital: s.closing.capitalDong, outstanding: s.closing.outstandingDong, balance: s.closing.balanceDong },
  ]
  const movementColumns: ReportColumn[] = [text('key', 'Mã', 'Code'), text('label', 'Loại', 'Category'), money('in', 'Tăng', 'In'), money('out', 'Giảm', 'Out')]
  const movementRows: ReportRow[] = Object.entries(s.totals).filter(([, v]) => v !== 0n).map(([k, v]) => {
    const isIn = ['received', 'contributed', 'interest_added', 'allocated_in', 'repaid', 'written_off'].includes(k)
    return { key: k, label: CATEGORY_LABELS[k]?.vi ?? k, in: isIn ? v : 0n, out: isIn ? 0n : v }
  })
  const lineColumns: ReportColumn[] = [text('key', 'Bút toán', 'Entry'), text('date', 'Ngày', 'Date'), text('label', 'Loại', 'Category'), text('description', 'Diễn giải', 'Description'),
    money('in', 'Tăng', 'In'), money('out', 'Giảm', 'Out')]
  const lineRows: ReportRow[] = s.lines.map((l) => ({ key: String(l.entryId), date: l.date, label: CATEGORY_LABELS[l.category]?.vi ?? l.category, description: l.description, in: l.inDong, out: l.outDong }))
  return {
    name: 'fund-statement', ...REPORT_TITLES['fund-statement'], params: { unitId: unit.id, unitName: unit.name, source, from, to }, source: 'ledger',
    tables: [
      { key: 'fund_balance', vi: 'Tồn quỹ đầu kỳ, cuối kỳ', en: 'Opening and closing', columns: balanceColumns, rows: balanceRows, totals: null },
      { key: 'fund_movements', vi: 'Tăng, giảm trong kỳ', en: 'In and out in the period', columns: movementColumns, rows: movementRows, totals: totalsOf(movementColumns, movementRows, TOTAL_LABEL) },
      { key: 'fund_lines', vi: 'Chi tiết bút toán', en: 'Entries', columns: lineColumns, rows: lineRows, totals: totalsOf(lineColumns, lineRows, TOTAL_LABEL) },
    ],
    notes: [{ vi: 'Tồn quỹ = nguồn vốn − dư nợ; tồn quỹ cuối kỳ = đầu kỳ + tăng − giảm.', en: 'Fund balance = capital − outstanding; closing = opening + in − out.' }],
  }
}

function yearParam(textValue: string | undefined, fallback: number): number {
  if (textValue === undefined) return fallback
  const year = Number(textValue)
  if (!Number.isInteger(year) || year < 2000 || year > 2199) throw new RuleViolation('validation_failed', { field: 'year', expected: 'a year 2000–2199' })
  return year
}

function quarterParam(textValue: string | undefined): number | null {
  if (textValue === undefined || textValue === '') return null
  const quarter = Number(textValue)
  if (![1, 2, 3, 4].includes(quarter)) throw new RuleViolation('validation_failed', { field: 'quarter', expected: '1–4' })
  return quarter
}

/** Kế hoạch vốn và thực hiện: plan lines and targets against the actual (src/app/plans.ts). */
export async function planVsActualReport(db: Executor, ctx: RequestContext, unit: ReportUnit, params: { year?: string | undefined; quarter?: string | undefined; program?: string | undefined }, asOf: LocalDate, today: LocalDate): Promise<ReportResult> {
  const year = yearParam(params.year, Number(asOf.slice(0, 4)))
  const quarter = quarterParam(params.quarter)
  await checkDates(db, asOf, asOf, today)
  const r = await planVsActual(db, ctx, { unitId: unit.id, year, quarter, asOf, programCode: params.program })
  const indent = (depth: number, name: string) => `${'  '.repeat(Math.max(0, depth - 1))}${name}`
  const lineColumns: ReportColumn[] = [text('key', 'Mã', 'Code'), text('label', 'Đơn vị', 'Unit'), text('program', 'Chương trình', 'Program'), text('capital_source', 'Nguồn vốn', 'Capital source'),
    text('decision', 'Số quyết định', 'Decision'), money('allocated', 'Kế hoạch được giao', 'Allocated'), money('disbursed', 'Doanh số cho vay', 'Disbursed'),
    money('collected', 'Doanh số thu nợ', 'Collected'), money('outstanding', 'Dư nợ', 'Outstanding'), money('room', 'Còn được giải ngân', 'Remaining room')]
  const lineRows: ReportRow[] = r.lines.map((l, i) => ({
    key: `${l.unitId}-${l.programCode}-${l.capitalSourceCode ?? '*'}-${i}`, label: indent(l.depth, l.unitName), program: l.programCode, capital_source: l.capitalSourceCode ?? 'Tất cả',
    decision: l.decisionNumber, allocated: l.allocatedDong, disbursed: l.disbursedDong, collected: l.collectedDong, outstanding: l.outstandingDong, room: l.roomDong,
  }))
  const targetColumns: ReportColumn[] = [text('key', 'Mã', 'Code'), text('label', 'Đơn vị', 'Unit'), text('program', 'Chương trình', 'Program'), text('decision', 'Số quyết định', 'Decision'),
    money('turnover_target', 'Chỉ tiêu doanh số cho vay', 'Turnover target'), money('disbursed', 'Doanh số cho vay', 'Disbursed'),
    money('collection_target', 'Chỉ tiêu thu nợ', 'Collection target'), money('collected', 'Doanh số thu nợ', 'Collected'),
    count('households_out_of_poverty', 'Chỉ tiêu hộ thoát nghèo', 'Households out of poverty (target)'), count('students', 'Chỉ tiêu HSSV', 'Students (target)'),
    count('workers', 'Chỉ tiêu lao động', 'Workers (target)'), count('water_works', 'Chỉ tiêu công trình nước sạch', 'Water works (target)'), count('houses', 'Chỉ tiêu nhà ở', 'Houses (target)')]
  const targetRows: ReportRow[] = r.targets.map((t) => ({
    key: String(t.id), label: indent(t.depth, t.unit_name), program: t.program_code ?? 'Tất cả', decision: t.decision_number,
    turnover_target: t.turnover_dong, disbursed: t.disbursed_dong, collection_target: t.collection_dong, collected: t.collected_dong,
    households_out_of_poverty: t.households_out_of_poverty, students: t.students, workers: t.workers, water_works: t.water_works, houses: t.houses,
  }))
  return {
    name: 'plan-vs-actual', ...REPORT_TITLES['plan-vs-actual'], params: { unitId: unit.id, unitName: unit.name, year, quarter, from: r.from, to: r.to, date: asOf, program: params.program ?? null }, source: 'postings',
    tables: [
      { key: 'plan_lines', vi: 'Kế hoạch vốn và thực hiện', en: 'Capital plan vs actual', columns: lineColumns, rows: lineRows, totals: null },
      { key: 'plan_targets', vi: 'Chỉ tiêu kế hoạch năm và thực hiện', en: 'Yearly targets vs actual', columns: targetColumns, rows: targetRows, totals: null },
    ],
    notes: [{ vi: 'Mỗi cấp đơn vị một dòng (cấp trên gồm cả cấp dưới), nên không cộng dòng tổng.', en: 'One line per level (a parent includes its children), so there is no total line.' }],
  }
}

import { sql } from 'kysely'
import { checkPeriod, ratioBp, REPORT_TITLES, turnoverSplit, type ReportColumn, type ReportResult, type ReportRow } from '../../domain/reports/index.js'
import { orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { firstDataDate, lastAggregatedPeriod, outcomeCounts, povertyByYear, totalExits, turnoverRowsFromAggregates } from '../../db/repositories/reports.js'
import { inTransaction, type Executor } from '../context.js'
import { count, money, ratio, text, type ReportUnit } from './columns.js'

// -- reports (outcomes) --

const OUTCOME_LABELS: Readonly<Record<string, { vi: string; en: string }>> = {
  students: { vi: 'Học sinh, sinh viên được vay vốn', en: 'Students funded' },
  jobs: { vi: 'Lao động được hỗ trợ tạo việc làm', en: 'Workers funded for jobs' },
  overseas_workers: { vi: 'Lao động đi làm việc ở nước ngoài', en: 'Workers sent abroad' },
  clean_water: { vi: 'Công trình nước sạch, vệ sinh môi trường', en: 'Clean-water and sanitation works' },
  houses: { vi: 'Căn nhà được hỗ trợ vay vốn', en: 'Houses financed' },
}

/** The principal turnover of a period for a subtree: aggregates of whole built months + raw postings of the rest. */
export async function periodTurnover(db: Executor, from: LocalDate, to: LocalDate, path: string) {
  const split = turnoverSplit(from, to, await lastAggregatedPeriod(db))
  const rows = await turnoverRowsFromAggregates(db, { from, to, ...split }, path, 'program')
  return rows.reduce((t, r) => ({ disbursed: t.disbursed + r.disbursed, collected: t.collected + r.collected }), { disbursed: 0n, collected: 0n })
}

/**
 * Directive 40 outcomes (Chỉ thị 40-CT/TW) of a unit's subtree for a period: loan turnover,
 * borrower-turns and distinct borrowers, households that left poverty after borrowing, the
 * outcome counts by the program catalogue of `report_outcome_programs`, and the poverty rate at
 * each year's end. Loans keep the commune unit they were made in and households their registry
 * commune, so a report over a province's subtree covers communes merged since.
 */
export async function outcomesReport(db: Executor, unit: ReportUnit, from: LocalDate, to: LocalDate, today: LocalDate): Promise<ReportResult> {
  orThrow(checkPeriod(from, to))
  const first = await firstDataDate(db)
  if (first === null || to < first) throw new RuleViolation('report_date_before_data', { to, firstDataDate: first })
  if (to > today) throw new RuleViolation('report_date_in_future', { to, today })
  // One read-only transaction: the three reads see one snapshot, sort a million rows in memory
  // rather than in temporary files, and skip JIT compilation, which costs more than it saves on
  // these short plans (as the red-flag rules found).
  const { turnover, counts, outcomes, years } = await inTransaction(db, async (trx) => {
    await sql`set local work_mem = '64MB'`.execute(trx)
    await sql`set local jit = off`.execute(trx)
    return {
      turnover: await periodTurnover(trx, from, to, unit.path),
      ...(await outcomeCounts(trx, from, to, unit.path)),
      years: await povertyByYear(trx, Number(from.slice(0, 4)), Number(to.slice(0, 4)), unit.path, from, to),
    }
  })
  const exits = totalExits(years)
  const summaryColumns: ReportColumn[] = [text('key', 'Mã', 'Code'), text('label', 'Đơn vị', 'Unit'),
    money('disbursed', 'Doanh số cho vay', 'Loan turnover'), money('collected', 'Doanh số thu nợ', 'Collection turnover'),
    count('loans', 'Lượt khách hàng vay vốn', 'Borrower-turns'), count('borrowers', 'Số hộ vay vốn', 'Distinct borrowers'),
    count('poverty_exits', 'Hộ thoát nghèo sau khi vay', 'Households out of poverty after borrowing')]
  const summary: ReportRow = { key: String(unit.id), label: unit.name, disbursed: turnover.disbursed, collected: turnover.collected, loans: Number(counts.loans), borrowers: Number(counts.borrowers), poverty_exits: Number(exits) }
  const outcomeColumns: ReportColumn[] = [text('key', 'Mã', 'Code'), text('label', 'Chỉ tiêu', 'Outcome'), text('programs', 'Chương trình', 'Programs'),
    count('loans', 'Số lượt vay', 'Loans'), count('borrowers', 'Số hộ vay', 'Households'), text('legal_basis', 'Căn cứ', 'Legal basis')]
  const outcomeTable: ReportRow[] = outcomes.map((o) => ({ key: o.outcome, label: OUTCOME_LABELS[o.outcome]?.vi ?? o.outcome, programs: o.programs, loans: Number(o.loans), borrowers: Number(o.borrowers), legal_basis: o.legal_basis }))
  const yearColumns: ReportColumn[] = [text('key', 'Năm', 'Year'), count('households', 'Số hộ (31/12)', 'Households (31 Dec)'), count('poor', 'Số hộ nghèo (31/12)', 'Poor households (31 Dec)'),
    ratio('poverty_rate', 'Tỷ lệ hộ nghèo', 'Poverty rate'), count('exits', 'Hộ thoát nghèo sau khi vay', 'Left poverty after borrowing')]
  const yearRows: ReportRow[] = years.map((y) => ({ key: String(y.year), households: Number(y.households), poor: Number(y.poor), poverty_rate: ratioBp(y.poor, y.households), exits: Number(y.exits) }))
  return {
    name: 'outcomes', ...REPORT_TITLES.outcomes, params: { unitId: unit.id, unitName: unit.name, from, to }, source: 'aggregates+postings',
    tables: [
      { key: 'outcomes_summary', vi: 'Kết quả cho vay', en: 'Lending results', columns: summaryColumns, rows: [summary], totals: null },
      { key: 'outcomes', vi: 'Kết quả theo chỉ tiêu Chỉ thị 40', en: 'Directive 40 outcomes', columns: outcomeColumns, rows: outcomeTable, totals: null },
      { key: 'poverty_rate', vi: 'Tỷ lệ hộ nghèo theo năm', en: 'Poverty rate by year', columns: yearColumns, rows: yearRows, totals: null },
    ],
    notes: [
      { vi: 'Lượt khách hàng vay vốn: số món vay có giải ngân trong kỳ; số hộ vay vốn: số hộ khác nhau của các món đó.', en: 'Borrower-turns: loans with a disbursement in the period; distinct borrowers: their distinct households.' },
      { vi: 'Hộ thoát nghèo sau khi vay: hộ chuyển từ hộ nghèo sang loại khác trong kỳ (theo quyết định công nhận), đã được giải ngân một món vay vào hoặc trước ngày đó.', en: 'Out of poverty after borrowing: households whose class changed from poor to another class in the period (by the recognition decision), with a loan disbursed on or before that day.' },
      { vi: 'Chỉ tiêu theo chương trình: chương trình nào tính cho chỉ tiêu nào là dữ liệu (bảng report_outcome_programs, có căn cứ pháp lý và ngày hiệu lực), áp dụng theo ngày giải ngân.', en: 'Outcomes by program: which program counts towards which outcome is data (report_outcome_programs, with its legal basis and dates), applied on the disbursement date.' },
      { vi: 'Tỷ lệ hộ nghèo: hộ nghèo ÷ hộ trong danh bạ của đơn vị tại 31/12 mỗi năm (hộ phân loại theo quyết định có hiệu lực ngày đó).', en: 'Poverty rate: poor households ÷ households in the unit\'s registry at 31 December of each year (by the class in force that day).' },
      { vi: 'Báo cáo theo cây đơn vị: món vay giữ xã nơi cho vay, hộ giữ xã đăng ký, nên báo cáo cấp tỉnh qua nhiều năm gồm cả các xã đã sáp nhập.', en: 'By unit subtree: loans keep the commune they were made in and households their registry commune, so a province report over many years includes merged communes.' },
    ],
  }
}

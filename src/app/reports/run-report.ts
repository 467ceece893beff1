import { AGE_BUCKETS, balanceSourceAt, checkPeriod, DIMENSION_TITLES, dormantCutoff, identityDifference, parseDimension, parseReportName, ratioBp, REPORT_TITLES, totalsOf, turnoverSplit, type Dimension, type ReportColumn, type ReportResult, type ReportRow, type ReportTable } from '../../domain/reports/index.js'
import { localDateOf, orThrow, parseIsoDate, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { closedPeriods, firstDataDate, gradeDistribution, hasPortfolioAggregate, interestCollectionRows, lastAggregatedPeriod, portfolioRows, portfolioRowsFromAggregate, qualityRows, turnoverRowsFromAggregates, type Balances, type KeyLabel } from '../../db/repositories/reports.js'
import { underScope } from '../../db/scope.js'
import type { Executor, RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
// -- reports (outcomes) --
import { fundStatementReport, planVsActualReport } from './capital-reports.js'
import { outcomesReport } from './outcomes-report.js'

/** A report's parameters as they arrive from the API, the CLI or the web page (strings, not yet checked). */
export interface ReportParams {
  readonly unitId?: number | undefined
  /** Portfolio and quality: the date (default today). */
  readonly date?: string | undefined
  /** Turnover: the period (default: the first of this month to today). */
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly by?: string | undefined
  // -- reports (outcomes) --
  /** Fund statement: the capital source (default CENTRAL). */
  readonly source?: string | undefined
  /** Plan vs actual: the plan year (default the year of `date`), quarter 1–4 (default the whole year) and program (default all). */
  readonly year?: string | undefined
  readonly quarter?: string | undefined
  readonly program?: string | undefined
}

const ORGANISATION_LABELS: Readonly<Record<string, string>> = {
  womens_union: 'Hội Liên hiệp Phụ nữ', farmers_union: 'Hội Nông dân', veterans_association: 'Hội Cựu chiến binh', youth_union: 'Đoàn Thanh niên', none: '(Không qua tổ)',
}

const GRADE_LABELS: Readonly<Record<string, { vi: string; en: string }>> = {
  good: { vi: 'Tốt', en: 'Good' }, fair: { vi: 'Khá', en: 'Fair' }, average: { vi: 'Trung bình', en: 'Average' }, weak: { vi: 'Yếu', en: 'Weak' }, ungraded: { vi: 'Chưa xếp loại', en: 'Not graded' },
}

const money = (key: string, vi: string, en: string): ReportColumn => ({ key, vi, en, kind: 'money' })
const count = (key: string, vi: string, en: string): ReportColumn => ({ key, vi, en, kind: 'count' })
const ratio = (key: string, vi: string, en: string): ReportColumn => ({ key, vi, en, kind: 'ratio' })
const groupColumns = (by: Dimension): ReportColumn[] => [
  { key: 'key', vi: 'Mã', en: 'Code', kind: 'text' },
  { key: 'label', vi: DIMENSION_TITLES[by].vi, en: DIMENSION_TITLES[by].en, kind: 'text' },
]
const TOTAL_LABEL = 'Tổng cộng / Total'

function dateParam(text: string | undefined, fallback: LocalDate): LocalDate {
  return text === undefined ? fallback : orThrow(parseIsoDate(text))
}

/** The unit a report covers: the one asked for if it is in the reader's subtree, else the reader's own. */
async function reportUnit(db: Executor, ctx: RequestContext, unitId: number | undefined): Promise<{ id: number; name: string; path: string }> {
  const unit = await db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', unitId ?? ctx.actor.unitId).where(underScope('path', ctx.actor.scopePath)).executeTakeFirst()
  if (!unit) throw new RuleViolation('not_found', { entity: 'unit', id: unitId })
  return unit
}

async function balancesAt(db: Executor, date: LocalDate, today: LocalDate): Promise<Balances> {
  return orThrow(balanceSourceAt(date, today, await closedPeriods(db), (await firstDataDate(db)) as LocalDate | null))
}

const labelled = (by: Dimension, r: KeyLabel) => ({ key: r.key, label: by === 'organisation' ? (ORGANISATION_LABELS[r.key] ?? r.key) : r.label })

/**
 * Runs a standard report for the reader: checks the permission, the name, the parameters and the
 * unit (in the reader's subtree, else `not_found`), then reads set-based SQL.
 */
export async function runReport(db: Executor, ctx: RequestContext, nameText: string, params: ReportParams): Promise<ReportResult> {
  requirePermission(ctx, 'reports.read')
  const name = orThrow(parseReportName(nameText))
  const by = orThrow(parseDimension(params.by))
  const unit = await reportUnit(db, ctx, params.unitId)
  const today = localDateOf(ctx.now)
  const title = REPORT_TITLES[name]
  const common = { unitId: unit.id, unitName: unit.name, by }

  if (name === 'portfolio') {
    const date = dateParam(params.date, today)
    const balances = await balancesAt(db, date, today)
    const columns: ReportColumn[] = [...groupColumns(by),
      money('in_term', 'Dư nợ trong hạn', 'In term'), money('overdue', 'Dư nợ quá hạn', 'Overdue'), money('frozen', 'Dư nợ khoanh', 'Frozen'),
      money('outstanding', 'Tổng dư nợ', 'Outstanding'), count('households', 'Số hộ còn dư nợ', 'Borrowers'), count('loans', 'Số món vay', 'Loans')]
    // A closed month-end reads its maintained aggregate (closes before migration 0021 have none: their snapshot).
    const aggregated = balances.kind === 'snapshot' && (await hasPortfolioAggregate(db, balances.period))
    const read = (dimension: Dimension | null) => (aggregated && balances.kind === 'snapshot' ? portfolioRowsFromAggregate(db, balances.period, unit.path, dimension) : portfolioRows(db, balances, unit.path, dimension))
    const rows: ReportRow[] = (await read(by)).map((r) => ({
      ...labelled(by, r), in_term: r.in_term, overdue: r.overdue, frozen: r.frozen, outstanding: r.in_term + r.overdue + r.frozen, households: Number(r.households), loans: Number(r.loans),
    }))
    const totals = { ...totalsOf(columns, rows, TOTAL_LABEL), households: Number((await read(null))[0]?.households ?? 0n) }
    return { name, ...title, params: { ...common, date }, source: aggregated && balances.kind === 'snapshot' ? `aggregate:${balances.period}` : sourceLabel(balances), tables: [{ key: 'portfolio', ...title, columns, rows, totals }], notes: [] }
  }

  if (name === 'turnover') {
    const to = dateParam(params.to, today)
    const from = dateParam(params.from, `${to.slice(0, 8)}01` as LocalDate)
    orThrow(checkPeriod(from, to))
    const first = await firstDataDate(db)
    if (first === null || to < first) throw new RuleViolation('report_date_before_data', { to, firstDataDate: first })
    if (to > today) throw new RuleViolation('report_date_in_future', { to, today })
    const columns: ReportColumn[] = [...groupColumns(by),
      money('opening', 'Dư nợ đầu kỳ', 'Opening outstanding'), money('disbursed', 'Doanh số cho vay', 'Loan turnover'), money('collected', 'Doanh số thu nợ', 'Collection turnover'),
      money('written_off', 'Xóa nợ', 'Written off'), money('closing', 'Dư nợ cuối kỳ', 'Closing outstanding'), money('difference', 'Chênh lệch', 'Difference')]
    // Whole months already built read the monthly aggregates; the open month and partial edges read postings.
    const split = turnoverSplit(from, to, await lastAggregatedPeriod(db))
    const rows: ReportRow[] = (await turnoverRowsFromAggregates(db, { from, to, ...split }, unit.path, by)).map((r) => {
      const figures = { openingDong: r.opening, disbursedDong: r.disbursed, collectedDong: r.collected, writtenOffDong: r.written_off, closingDong: r.closing }
      return { ...labelled(by, r), opening: r.opening, disbursed: r.disbursed, collected: r.collected, written_off: r.written_off, closing: r.closing, difference: identityDifference(figures) }
    })
    const totals = totalsOf(columns, rows, TOTAL_LABEL)
    return {
      name, ...title, params: { ...common, from, to }, source: split.openingThrough === null && split.periodMonths === null ? 'postings' : 'aggregates+postings', tables: [{ key: 'turnover', ...title, columns, rows, totals }],
      notes: [{ vi: 'Chênh lệch = Dư nợ cuối kỳ − (Dư nợ đầu kỳ + Doanh số cho vay − Doanh số thu nợ − Xóa nợ); khác 0 khi có bút toán khác (điều chỉnh, tiếp nhận).', en: 'Difference = closing − (opening + disbursed − collected − written off); non-zero only when other entries (corrections, takeovers) moved principal.' }],
    }
  }

  // -- reports (outcomes) --
  if (name === 'outcomes') {
    const to = dateParam(params.to, today)
    return outcomesReport(db, unit, dateParam(params.from, `${to.slice(0, 4)}-01-01` as LocalDate), to, today)
  }
  if (name === 'fund-statement') {
    const to = dateParam(params.to, today)
    return fundStatementReport(db, ctx, unit, params.source ?? 'CENTRAL', dateParam(params.from, `${to.slice(0, 8)}01` as LocalDate), to, today)
  }
  if (name === 'plan-vs-actual') return planVsActualReport(db, ctx, unit, params, dateParam(params.date, today), today)

  const date = dateParam(params.date, today)
  const balances = await balancesAt(db, date, today)
  const columns: ReportColumn[] = [...groupColumns(by),
    money('outstanding', 'Tổng dư nợ', 'Outstanding'), money('overdue', 'Nợ quá hạn', 'Overdue'), ratio('overdue_ratio', 'Tỷ lệ nợ quá hạn', 'Overdue ratio'),
    money('frozen', 'Nợ khoanh', 'Frozen'), ratio('frozen_ratio', 'Tỷ lệ nợ khoanh', 'Frozen ratio'),
    money('d1_90', 'Quá hạn 1–90 ngày', 'Overdue 1–90 days'), money('d91_180', 'Quá hạn 91–180 ngày', 'Overdue 91–180 days'),
    money('d181_360', 'Quá hạn 181–360 ngày', 'Overdue 181–360 days'), money('d361_plus', 'Quá hạn trên 360 ngày', 'Overdue over 360 days'),
    count('dormant_loans', 'Món vay không phát sinh ≥ 3 tháng', 'Dormant loans (≥ 3 months)'), money('dormant_dong', 'Dư nợ món vay không phát sinh', 'Dormant outstanding')]
  const rows: ReportRow[] = (await qualityRows(db, balances, date, dormantCutoff(date), unit.path, by)).map((r) => {
    const outstanding = r.in_term + r.overdue + r.frozen
    const buckets = Object.fromEntries(AGE_BUCKETS.map((b) => [b, r[b]]))
    return { ...labelled(by, r), outstanding, overdue: r.overdue, overdue_ratio: ratioBp(r.overdue, outstanding), frozen: r.frozen, frozen_ratio: ratioBp(r.frozen, outstanding), ...buckets, dormant_loans: Number(r.dormant_loans), dormant_dong: r.dormant_dong }
  })
  const totals = totalsOf(columns, rows, TOTAL_LABEL, { overdue_ratio: (t) => ratioBp(t.overdue!, t.outstanding!), frozen_ratio: (t) => ratioBp(t.frozen!, t.outstanding!) })
  const grades = await gradeDistribution(db, date.slice(0, 7), unit.path)
  const gradeColumns: ReportColumn[] = [{ key: 'grade', vi: 'Xếp loại', en: 'Grade', kind: 'text' }, { key: 'label', vi: 'Tên', en: 'Name', kind: 'text' }, count('groups', 'Số tổ', 'Groups')]
  const gradeRows: ReportRow[] = grades.rows.map((g) => ({ grade: g.grade, label: GRADE_LABELS[g.grade]?.vi ?? g.grade, groups: Number(g.groups) }))
  const gradeTable: ReportTable = { key: 'group_grades', vi: `Xếp loại tổ TK&VV (tháng ${grades.period ?? '—'})`, en: `Savings group grades (month ${grades.period ?? '—'})`, columns: gradeColumns, rows: gradeRows, totals: totalsOf(gradeColumns, gradeRows, TOTAL_LABEL) }
  // -- reports (outcomes): the interest collection rate of the month of the date --
  const monthStart = `${date.slice(0, 8)}01` as LocalDate
  const interestColumns: ReportColumn[] = [...groupColumns(by), money('interest_due', 'Lãi phải thu trong tháng', 'Interest to collect in the month'),
    money('interest_collected', 'Lãi thực thu trong tháng', 'Interest collected in the month'), ratio('interest_rate', 'Tỷ lệ thu lãi', 'Interest collection rate')]
  const interestRows: ReportRow[] = (await interestCollectionRows(db, monthStart, date, unit.path, by)).map((r) => ({
    ...labelled(by, r), interest_due: r.due, interest_collected: r.collected, interest_rate: ratioBp(r.collected, r.due),
  }))
  const interestTable: ReportTable = {
    key: 'interest_collection', vi: `Tỷ lệ thu lãi tháng ${date.slice(5, 7)}/${date.slice(0, 4)}`, en: `Interest collection rate, ${date.slice(0, 7)}`, columns: interestColumns, rows: interestRows,
    totals: totalsOf(interestColumns, interestRows, TOTAL_LABEL, { interest_rate: (t) => ratioBp(t.interest_collected!, t.interest_due!) }),
  }
  return {
    name, ...title, params: { ...common, date, gradePeriod: grades.period }, source: sourceLabel(balances),
    tables: [{ key: 'quality', ...title, columns, rows, totals }, gradeTable, interestTable],
    notes: [
      { vi: 'Nợ quá hạn của mỗi món vay xếp theo số ngày quá hạn của kỳ trả nợ quá hạn lâu nhất.', en: "Each loan's overdue principal is aged by its oldest overdue instalment." },
      { vi: 'Tỷ lệ thu lãi = lãi thực thu (các lần trả nợ từ ngày 01 của tháng đến ngày báo cáo) ÷ lãi phải thu trong tháng (lãi còn phải thu đầu tháng + lãi dự thu phát sinh trong tháng đến ngày báo cáo); lãi đã xóa không tính vào lãi thực thu.', en: 'Interest collection rate = interest collected (repayments from the first of the month to the report date) ÷ interest to collect in the month (interest receivable at the start of the month + interest accrued in the month up to the date); written-off interest is not collected.' },
    ],
  }
}

function sourceLabel(b: Balances): string {
  return b.kind === 'current' ? 'current' : `snapshot:${b.period}`
}

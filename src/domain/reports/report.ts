import { addDays, addMonths, compareDates, endOfMonth, fail, ok, type LocalDate, type Result } from '../shared/index.js'

/** The standard reports (issue #7): portfolio, turnover, quality, the Directive 40 outcomes, the fund statement and plan vs actual. */
export const REPORT_NAMES = ['portfolio', 'turnover', 'quality', /* -- reports (outcomes) -- */ 'outcomes', 'fund-statement', 'plan-vs-actual'] as const
export type ReportName = (typeof REPORT_NAMES)[number]

/** What a report's rows may be grouped by: chương trình, đơn vị (xã), hội đoàn thể, tổ TK&VV, nguồn vốn. */
export const DIMENSIONS = ['program', 'unit', 'organisation', 'group', 'capital_source'] as const
export type Dimension = (typeof DIMENSIONS)[number]

/** money: whole đồng (bigint); count: integer; ratio: basis points of a percent (1,23% = 123); text. */
export type ColumnKind = 'text' | 'money' | 'count' | 'ratio'

export interface ReportColumn {
  readonly key: string
  readonly vi: string
  readonly en: string
  readonly kind: ColumnKind
}

export type Cell = string | bigint | number | null
export type ReportRow = Readonly<Record<string, Cell>>

export interface ReportTable {
  readonly key: string
  readonly vi: string
  readonly en: string
  readonly columns: readonly ReportColumn[]
  readonly rows: readonly ReportRow[]
  /** Sums of the money and count columns, ratios recomputed from the sums; null when a table has no total line. */
  readonly totals: ReportRow | null
}

export interface ReportResult {
  readonly name: ReportName
  readonly vi: string
  readonly en: string
  readonly params: Readonly<Record<string, string | number | null>>
  /** Where the figures came from, e.g. 'current' balances or the 'snapshot' of a month-end. */
  readonly source: string
  readonly tables: readonly ReportTable[]
  readonly notes: readonly { readonly vi: string; readonly en: string }[]
}

export const REPORT_TITLES: Readonly<Record<ReportName, { vi: string; en: string }>> = {
  portfolio: { vi: 'Báo cáo dư nợ', en: 'Portfolio report' },
  turnover: { vi: 'Báo cáo doanh số cho vay, thu nợ', en: 'Turnover report' },
  quality: { vi: 'Báo cáo chất lượng tín dụng', en: 'Credit quality report' },
  // -- reports (outcomes) --
  outcomes: { vi: 'Báo cáo kết quả thực hiện Chỉ thị 40', en: 'Directive 40 outcomes report' },
  'fund-statement': { vi: 'Sao kê nguồn vốn', en: 'Fund statement' },
  'plan-vs-actual': { vi: 'Báo cáo thực hiện kế hoạch tín dụng', en: 'Plan vs actual' },
}

export const DIMENSION_TITLES: Readonly<Record<Dimension, { vi: string; en: string }>> = {
  program: { vi: 'Chương trình', en: 'Program' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  organisation: { vi: 'Hội đoàn thể', en: 'Organisation' },
  group: { vi: 'Tổ TK&VV', en: 'Savings group' },
  capital_source: { vi: 'Nguồn vốn', en: 'Capital source' },
}

export function parseReportName(name: string): Result<ReportName> {
  return (REPORT_NAMES as readonly string[]).includes(name) ? ok(name as ReportName) : fail('report_unknown', { name })
}

export function parseDimension(by: string | undefined): Result<Dimension> {
  if (by === undefined) return ok('program')
  return (DIMENSIONS as readonly string[]).includes(by) ? ok(by as Dimension) : fail('report_dimension_invalid', { by })
}

/** A period's end must not come before its start: `checkPeriod('2025-03-01', '2025-02-28')` fails. */
export function checkPeriod(from: LocalDate, to: LocalDate): Result<{ from: LocalDate; to: LocalDate }> {
  return compareDates(to, from) < 0 ? fail('report_period_invalid', { from, to }) : ok({ from, to })
}

export type BalanceSource = { readonly kind: 'current' } | { readonly kind: 'snapshot'; readonly period: string }

/**
 * Which balances answer a report "at a date": today's are the loans' current balances; a past
 * date must be the last day of a closed month, whose snapshot holds the balances then.
 * Example: `balanceSourceAt('2025-10-31', '2025-11-20', ['2025-10'])` → snapshot 2025-10.
 */
export function balanceSourceAt(date: LocalDate, today: LocalDate, closedPeriods: readonly string[], firstDataDate: LocalDate | null): Result<BalanceSource> {
  if (compareDates(date, today) > 0) return fail('report_date_in_future', { date, today })
  if (firstDataDate === null || compareDates(date, firstDataDate) < 0) return fail('report_date_before_data', { date, firstDataDate })
  if (date === today) return ok({ kind: 'current' })
  const period = date.slice(0, 7)
  if (endOfMonth(date) !== date || !closedPeriods.includes(period)) return fail('report_snapshot_missing', { date })
  return ok({ kind: 'snapshot', period })
}

/** Overdue age buckets (days past the due date), the usual 1–90, 91–180, 181–360, over 360. */
export const AGE_BUCKETS = ['d1_90', 'd91_180', 'd181_360', 'd361_plus'] as const
export type AgeBucket = (typeof AGE_BUCKETS)[number]

/** `ageBucketOf(91)` → 'd91_180'. An age below 1 (impossible for overdue principal) counts as 1–90. */
export function ageBucketOf(days: number): AgeBucket {
  if (days <= 90) return 'd1_90'
  if (days <= 180) return 'd91_180'
  if (days <= 360) return 'd181_360'
  return 'd361_plus'
}

/** A loan with no event for three months or more is dormant: its last event is on or before this day. */
export function dormantCutoff(date: LocalDate): LocalDate {
  return addMonths(date, -3)
}

/** Basis points of a percent, rounded half up: `ratioBp(1n, 3n)` → 3333 (33,33%); 0 when the base is 0. */
export function ratioBp(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0
  return Number((part * 20_000n + whole) / (2n * whole))
}

/** The turnover identity: closing − (opening + disbursed − collected − written off); 0 when it holds. */
export function identityDifference(r: { openingDong: bigint; disbursedDong: bigint; collectedDong: bigint; writtenOffDong: bigint; closingDong: bigint }): bigint {
  return r.closingDong - (r.openingDong + r.disbursedDong - r.collectedDong - r.writtenOffDong)
}

/**
 * The total line: money and count columns summed; ratio columns recomputed by `ratios` from the
 * summed figures (a ratio of sums, never a sum of ratios); text columns empty except the first.
 */
export function totalsOf(columns: readonly ReportColumn[], rows: readonly ReportRow[], label: string, ratios: Readonly<Record<string, (t: Record<string, bigint>) => number>> = {}): ReportRow {
  const sums: Record<string, bigint> = {}
  for (const c of columns) if (c.kind === 'money' || c.kind === 'count') sums[c.key] = rows.reduce((s, r) => s + BigInt(r[c.key] ?? 0), 0n)
  const out: Record<string, Cell> = {}
  columns.forEach((c, i) => {
    if (c.kind === 'money') out[c.key] = sums[c.key]!
    else if (c.kind === 'count') out[c.key] = Number(sums[c.key]!)
    else if (c.kind === 'ratio') out[c.key] = ratios[c.key] ? ratios[c.key]!(sums) : null
    else out[c.key] = i === 0 ? label : null
  })
  return out
}

// -- reports (aggregates) --

/**
 * How a turnover period splits between the maintained monthly aggregates (which cover every
 * posting dated up to the end of the last built month) and the raw postings (the rest):
 * - opening from aggregates: months up to `openingThrough` (none when null);
 * - the period's whole months from aggregates: `periodMonths` (none when null);
 * - raw postings: dated up to `to` and after `rawAfter`, or from `rawFirstMonthFrom` to before
 *   `rawFirstMonthBefore` (the partial first month; none when from is the first of a month).
 * Every posting dated up to `to` falls in exactly one part.
 *
 * @example turnoverSplit('2025-03-10', '2025-05-31', '2025-04') →
 *   { openingThrough: '2025-02', periodMonths: { first: '2025-04', last: '2025-04' }, rawAfter: '2025-04-30',
 *     rawFirstMonthFrom: '2025-03-01', rawFirstMonthBefore: '2025-04-01' }
 */
export function turnoverSplit(from: LocalDate, to: LocalDate, lastBuilt: string | null): {
  openingThrough: string | null
  periodMonths: { first: string; last: string } | null
  rawAfter: LocalDate
  rawFirstMonthFrom: LocalDate
  rawFirstMonthBefore: LocalDate
} {
  const monthStart = (d: LocalDate) => `${d.slice(0, 8)}01` as LocalDate
  const fm = monthStart(from)
  const ps = from === fm ? fm : addMonths(fm, 1)
  const te = to === endOfMonth(to) ? to : addDays(monthStart(to), -1)
  const builtEnd = lastBuilt === null ? null : endOfMonth(`${lastBuilt}-01` as LocalDate)
  if (builtEnd === null) return { openingThrough: null, periodMonths: null, rawAfter: '0001-01-01' as LocalDate, rawFirstMonthFrom: fm, rawFirstMonthBefore: fm }
  const beforeFrom = addDays(fm, -1).slice(0, 7)
  const openingThrough = lastBuilt! < beforeFrom ? lastBuilt! : beforeFrom
  const pe = compareDates(te, builtEnd) < 0 ? te : builtEnd
  const periodMonths = compareDates(ps, pe) <= 0 ? { first: ps.slice(0, 7), last: pe.slice(0, 7) } : null
  return { openingThrough, periodMonths, rawAfter: pe, rawFirstMonthFrom: fm, rawFirstMonthBefore: ps }
}

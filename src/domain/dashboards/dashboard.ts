import { addMonths, compareDates, endOfMonth, fail, fromYmd, ok, yearOf, type LocalDate, type Result } from '../shared/index.js'

// Dashboards (issue #7): the Representative Board's and the transaction office's key figures read
// from month-end snapshots. Pure helpers: which closed month answers a date, the months compared
// with it, and the change between two figures.

/** A closed month 'YYYY-MM' and its last day. */
export interface DashboardPeriod {
  readonly period: string
  readonly periodEnd: LocalDate
}

/** The last day of a month 'YYYY-MM': `periodEndOf('2026-02')` → '2026-02-28'. */
export function periodEndOf(period: string): LocalDate {
  return endOfMonth(`${period}-01` as LocalDate)
}

/** The month `months` before or after: `shiftPeriod('2026-01', -1)` → '2025-12'. */
export function shiftPeriod(period: string, months: number): string {
  return addMonths(`${period}-01` as LocalDate, months).slice(0, 7)
}

/**
 * The month-end a dashboard on `date` shows: the latest closed month ending on or before it.
 * Refuses a date after today, before the first disbursement, or with no closed month up to it.
 * Example: `dashboardPeriod('2026-11-20', '2026-11-22', ['2026-09', '2026-10'], '2025-01-10')` → 2026-10.
 */
export function dashboardPeriod(date: LocalDate, today: LocalDate, closedPeriods: readonly string[], firstDataDate: LocalDate | null): Result<DashboardPeriod> {
  if (compareDates(date, today) > 0) return fail('report_date_in_future', { date, today })
  if (firstDataDate === null || compareDates(date, firstDataDate) < 0) return fail('report_date_before_data', { date, firstDataDate })
  const candidates = closedPeriods.filter((p) => compareDates(periodEndOf(p), date) <= 0).sort()
  const period = candidates.at(-1)
  if (period === undefined) return fail('dashboard_no_closed_month', { date })
  return ok({ period, periodEnd: periodEndOf(period) })
}

/** The months a key figure is compared with: the one before and the same month a year earlier. */
export function comparedPeriods(period: string): { readonly previousMonth: string; readonly sameMonthLastYear: string } {
  return { previousMonth: shiftPeriod(period, -1), sameMonthLastYear: shiftPeriod(period, -12) }
}

/** The closed months of the overdue trend: up to `count` closed months ending at `period`, oldest first. */
export function trendPeriods(period: string, closedPeriods: readonly string[], count = 12): string[] {
  const first = shiftPeriod(period, -(count - 1))
  return closedPeriods.filter((p) => p >= first && p <= period).sort()
}

/** The years of the poverty-rate trend: up to ten, ending with the year of the month-end, each read at its year end (the current year at the month-end). */
export function povertyYears(periodEnd: LocalDate, firstClassYear: number | null, count = 10): { year: number; at: LocalDate }[] {
  if (firstClassYear === null) return []
  const last = yearOf(periodEnd)
  const out: { year: number; at: LocalDate }[] = []
  for (let y = Math.max(firstClassYear, last - count + 1); y <= last; y++) out.push({ year: y, at: y === last ? periodEnd : fromYmd(y, 12, 31) })
  return out
}

/** A figure beside the one it is compared with: the difference, and null when that month was not closed. */
export interface Change {
  readonly previous: bigint | null
  readonly delta: bigint | null
}

/** `changeOf(120n, 100n)` → { previous: 100n, delta: 20n }; `changeOf(5n, null)` → both null. */
export function changeOf(current: bigint, previous: bigint | null): Change {
  return previous === null ? { previous: null, delta: null } : { previous, delta: current - previous }
}

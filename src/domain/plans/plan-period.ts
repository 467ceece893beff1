import { endOfMonth, fromYmd, monthOf, yearOf, type LocalDate } from '../shared/index.js'

/** A plan period: a whole year (quarter null) or one of its quarters (kỳ kế hoạch năm / quý). */
export interface PlanPeriod {
  readonly year: number
  readonly quarter: number | null
}

/**
 * The first and last day of a period.
 *
 * @example periodBounds({ year: 2025, quarter: 2 }) // { from: '2025-04-01', to: '2025-06-30' }
 */
export function periodBounds(p: PlanPeriod): { readonly from: LocalDate; readonly to: LocalDate } {
  if (p.quarter === null) return { from: fromYmd(p.year, 1, 1), to: fromYmd(p.year, 12, 31) }
  const firstMonth = (p.quarter - 1) * 3 + 1
  return { from: fromYmd(p.year, firstMonth, 1), to: endOfMonth(fromYmd(p.year, firstMonth + 2, 1)) }
}

/** The quarter (1–4) a date falls in. */
export function quarterOf(d: LocalDate): number {
  return Math.floor((monthOf(d) - 1) / 3) + 1
}

/** The two periods a date falls in: its year and its quarter. */
export function periodsOf(d: LocalDate): readonly [PlanPeriod, PlanPeriod] {
  return [{ year: yearOf(d), quarter: null }, { year: yearOf(d), quarter: quarterOf(d) }]
}

/** 'Năm 2025' / 'Quý 2/2025' as a compact label: '2025' or '2025-Q2'. */
export function periodLabel(p: PlanPeriod): string {
  return p.quarter === null ? String(p.year) : `${p.year}-Q${p.quarter}`
}

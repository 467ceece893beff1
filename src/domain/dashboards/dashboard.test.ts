import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LocalDate } from '../shared/index.js'
import { changeOf, comparedPeriods, dashboardPeriod, periodEndOf, povertyYears, shiftPeriod, trendPeriods } from './dashboard.js'

const d = (s: string) => s as LocalDate
const codeOf = (r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code)

describe('dashboard periods', () => {
  it('shows the latest closed month ending on or before the date', () => {
    const closed = ['2025-05', '2026-04', '2026-05']
    expect(dashboardPeriod(d('2026-06-01'), d('2026-06-01'), closed, d('2025-03-10'))).toEqual({ ok: true, value: { period: '2026-05', periodEnd: '2026-05-31' } })
    expect(dashboardPeriod(d('2026-05-31'), d('2026-06-01'), closed, d('2025-03-10'))).toEqual({ ok: true, value: { period: '2026-05', periodEnd: '2026-05-31' } })
    expect(dashboardPeriod(d('2026-05-30'), d('2026-06-01'), closed, d('2025-03-10'))).toEqual({ ok: true, value: { period: '2026-04', periodEnd: '2026-04-30' } })
  })
  it('names a date in the future, before any data, or with no closed month up to it', () => {
    expect(codeOf(dashboardPeriod(d('2026-06-02'), d('2026-06-01'), ['2026-05'], d('2025-03-10')) as never)).toBe('report_date_in_future')
    expect(codeOf(dashboardPeriod(d('2025-03-09'), d('2026-06-01'), ['2026-05'], d('2025-03-10')) as never)).toBe('report_date_before_data')
    expect(codeOf(dashboardPeriod(d('2026-06-01'), d('2026-06-01'), [], null) as never)).toBe('report_date_before_data')
    expect(codeOf(dashboardPeriod(d('2026-05-30'), d('2026-06-01'), ['2026-05'], d('2025-03-10')) as never)).toBe('dashboard_no_closed_month')
  })
  it('compares with the month before and the same month a year earlier, across a year end', () => {
    expect(comparedPeriods('2026-01')).toEqual({ previousMonth: '2025-12', sameMonthLastYear: '2025-01' })
    expect(periodEndOf('2024-02')).toBe('2024-02-29')
    fc.assert(fc.property(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: -240, max: 240 }), (y, m, k) => {
      const p = `${y}-${String(m).padStart(2, '0')}`
      expect(shiftPeriod(shiftPeriod(p, k), -k)).toBe(p)
    }))
  })
  it('keeps the closed months of the last twelve for the overdue trend, oldest first', () => {
    expect(trendPeriods('2026-05', ['2026-05', '2025-05', '2025-06', '2026-04', '2026-07'])).toEqual(['2025-06', '2026-04', '2026-05'])
  })
  it('reads the poverty rate at each year end, the current year at the month-end, ten years at most', () => {
    expect(povertyYears(d('2026-05-31'), 2024)).toEqual([{ year: 2024, at: '2024-12-31' }, { year: 2025, at: '2025-12-31' }, { year: 2026, at: '2026-05-31' }])
    expect(povertyYears(d('2026-05-31'), 2001).map((y) => y.year)).toEqual([2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026])
    expect(povertyYears(d('2026-05-31'), null)).toEqual([])
  })
  it('gives a change only against a closed month', () => {
    expect(changeOf(120n, 100n)).toEqual({ previous: 100n, delta: 20n })
    expect(changeOf(5n, null)).toEqual({ previous: null, delta: null })
  })
})

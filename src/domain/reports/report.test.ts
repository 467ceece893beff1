import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LocalDate } from '../shared/index.js'
import { ageBucketOf, balanceSourceAt, checkPeriod, identityDifference, parseDimension, parseReportName, ratioBp, totalsOf, turnoverSplit, type ReportColumn } from './report.js'

const d = (s: string) => s as LocalDate
const codeOf = (r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code)

describe('report parameters', () => {
  it('knows the standard reports and refuses any other name', () => {
    expect(parseReportName('portfolio')).toEqual({ ok: true, value: 'portfolio' })
    expect(parseReportName('outcomes')).toEqual({ ok: true, value: 'outcomes' })
    expect(codeOf(parseReportName('outcome') as never)).toBe('report_unknown')
  })
  it('groups by program unless told otherwise and refuses an unknown dimension', () => {
    expect(parseDimension(undefined)).toEqual({ ok: true, value: 'program' })
    expect(codeOf(parseDimension('village') as never)).toBe('report_dimension_invalid')
  })
  it('refuses a period ending before it starts, accepts a one-day period', () => {
    expect(codeOf(checkPeriod(d('2025-03-01'), d('2025-02-28')) as never)).toBe('report_period_invalid')
    expect(checkPeriod(d('2025-03-01'), d('2025-03-01')).ok).toBe(true)
  })
  it('answers today from current balances and a closed month-end from its snapshot, and names every other date', () => {
    const at = (date: string) => balanceSourceAt(d(date), d('2025-11-20'), ['2025-10'], d('2025-01-10'))
    expect(at('2025-11-20')).toEqual({ ok: true, value: { kind: 'current' } })
    expect(at('2025-10-31')).toEqual({ ok: true, value: { kind: 'snapshot', period: '2025-10' } })
    expect(codeOf(at('2025-09-30') as never)).toBe('report_snapshot_missing')
    expect(codeOf(at('2025-10-30') as never)).toBe('report_snapshot_missing')
    expect(codeOf(at('2025-01-09') as never)).toBe('report_date_before_data')
    expect(codeOf(at('2025-11-21') as never)).toBe('report_date_in_future')
    expect(codeOf(balanceSourceAt(d('2025-11-20'), d('2025-11-20'), [], null) as never)).toBe('report_date_before_data')
  })
})

describe('report figures', () => {
  it('puts overdue ages in the four buckets at their edges', () => {
    expect([1, 90, 91, 180, 181, 360, 361, 5000].map(ageBucketOf)).toEqual(['d1_90', 'd1_90', 'd91_180', 'd91_180', 'd181_360', 'd181_360', 'd361_plus', 'd361_plus'])
  })
  it('rounds ratios half up in basis points and answers 0 on an empty base', () => {
    expect(ratioBp(10n, 65n)).toBe(1538)
    expect(ratioBp(1n, 3n)).toBe(3333)
    expect(ratioBp(2n, 3n)).toBe(6667)
    expect(ratioBp(5n, 0n)).toBe(0)
  })
  it('finds no difference whenever closing is opening + disbursed − collected − written off', () => {
    const amount = fc.bigInt({ min: 0n, max: 10n ** 15n })
    fc.assert(fc.property(amount, amount, amount, amount, (openingDong, disbursedDong, collectedDong, writtenOffDong) => {
      const closingDong = openingDong + disbursedDong - collectedDong - writtenOffDong
      expect(identityDifference({ openingDong, disbursedDong, collectedDong, writtenOffDong, closingDong })).toBe(0n)
      expect(identityDifference({ openingDong, disbursedDong, collectedDong, writtenOffDong, closingDong: closingDong + 7n })).toBe(7n)
    }))
  })
  it('totals sum money and counts and recompute ratios from the sums', () => {
    const columns: ReportColumn[] = [{ key: 'label', vi: 'Tên', en: 'Name', kind: 'text' }, { key: 'all', vi: 'Dư nợ', en: 'Outstanding', kind: 'money' }, { key: 'bad', vi: 'Quá hạn', en: 'Overdue', kind: 'money' }, { key: 'n', vi: 'Số', en: 'Count', kind: 'count' }, { key: 'r', vi: 'Tỷ lệ', en: 'Ratio', kind: 'ratio' }]
    const rows = [{ label: 'A', all: 100n, bad: 50n, n: 1, r: 5000 }, { label: 'B', all: 300n, bad: 0n, n: 2, r: 0 }]
    expect(totalsOf(columns, rows, 'Tổng', { r: (t) => ratioBp(t['bad']!, t['all']!) })).toEqual({ label: 'Tổng', all: 400n, bad: 50n, n: 3, r: 1250 })
  })
})

// -- reports (aggregates) --
describe('turnover split between monthly aggregates and raw postings', () => {
  it('takes whole built months from the aggregates and the partial edges from postings', () => {
    expect(turnoverSplit(d('2025-03-10'), d('2025-05-31'), '2025-04')).toEqual({
      openingThrough: '2025-02', periodMonths: { first: '2025-04', last: '2025-04' }, rawAfter: '2025-04-30', rawFirstMonthFrom: '2025-03-01', rawFirstMonthBefore: '2025-04-01',
    })
    expect(turnoverSplit(d('2025-03-01'), d('2025-03-31'), null)).toMatchObject({ openingThrough: null, periodMonths: null, rawAfter: '0001-01-01' })
    expect(turnoverSplit(d('2025-03-01'), d('2025-03-31'), '2025-02')).toMatchObject({ openingThrough: '2025-02', periodMonths: null, rawAfter: '2025-02-28' })
  })

  it('puts every day up to the end of the period in exactly one part (property)', () => {
    const day = fc.integer({ min: 0, max: 700 }).map((n) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10) as LocalDate)
    fc.assert(fc.property(day, day, fc.option(fc.integer({ min: 0, max: 23 }), { nil: null }), day, (a, b, built, posting) => {
      const [from, to] = a <= b ? [a, b] : [b, a]
      const lastBuilt = built === null ? null : new Date(Date.UTC(2024, built, 1)).toISOString().slice(0, 7)
      const s = turnoverSplit(from, to, lastBuilt)
      if (posting > to) return
      const month = posting.slice(0, 7)
      const parts = [
        s.openingThrough !== null && month <= s.openingThrough,
        s.periodMonths !== null && month >= s.periodMonths.first && month <= s.periodMonths.last,
        posting > s.rawAfter || (posting >= s.rawFirstMonthFrom && posting < s.rawFirstMonthBefore),
      ].filter(Boolean).length
      expect({ from, to, lastBuilt, posting, parts }).toEqual({ from, to, lastBuilt, posting, parts: 1 })
      // An aggregated month is whole on the side of the period it counts for.
      if (s.periodMonths !== null && month >= s.periodMonths.first && month <= s.periodMonths.last) expect(posting >= from).toBe(true)
      if (s.openingThrough !== null && month <= s.openingThrough) expect(posting < from).toBe(true)
    }), { numRuns: 2000 })
  })
})

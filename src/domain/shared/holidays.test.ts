import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { AssertionError } from './assert.js'
import {
  LABOUR_CODE_2019_ARTICLE_112,
  holidayDates,
  isHoliday,
  nextBusinessDay,
  statutoryHolidays,
} from './holidays.js'
import { addDays, daysBetween, fromYmd, isWeekend, type LocalDate } from './local-date.js'

const iso = (s: string) => s as LocalDate
const datesOf = (year: number) => statutoryHolidays(year).map((h) => h.date)

describe('statutoryHolidays', () => {
  it('lists the eleven statutory days of 2026 in date order', () => {
    expect(datesOf(2026)).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-26',
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ])
  })

  it('gives Tết 2025 as 28/01 to 01/02/2025', () => {
    const tet = statutoryHolidays(2025).filter((h) => h.nameEn.startsWith('Lunar New Year'))
    expect(tet.map((h) => h.date)).toEqual(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01'])
  })

  it('puts the last day of the lunar year first among the Tết days, whether it is the 29th or the 30th', () => {
    // Lunar 12/2025 has 29 days, lunar 12/2023 had 30: both eves are the day before lunar 1/1.
    expect(datesOf(2026)).toContain('2026-02-16')
    expect(datesOf(2024)).toEqual(expect.arrayContaining(['2024-02-09', '2024-02-10', '2024-02-13']))
    expect(datesOf(2024)).not.toContain('2024-02-14')
  })

  it("gives Hùng Kings' Commemoration 2026 as 26/04/2026", () => {
    const hung = statutoryHolidays(2026).find((h) => h.nameEn === "Hùng Kings' Commemoration")
    expect(hung?.date).toBe('2026-04-26')
    expect(hung?.nameVi).toBe('Giỗ Tổ Hùng Vương (10/3 âm lịch)')
  })

  it('adds 1/9 to National Day by default and 3/9 on request', () => {
    expect(datesOf(2026)).toContain('2026-09-01')
    const after = statutoryHolidays(2026, { nationalDayAdjacent: 'after' }).map((h) => h.date)
    expect(after).toContain('2026-09-03')
    expect(after).not.toContain('2026-09-01')
    expect(after).toContain('2026-09-02')
  })

  it('cites Labour Code 2019, Article 112 on every day and names each in both languages', () => {
    for (const h of statutoryHolidays(2026)) {
      expect(h.legalBasis).toBe(LABOUR_CODE_2019_ARTICLE_112)
      expect(h.nameVi.length).toBeGreaterThan(0)
      expect(h.nameEn.length).toBeGreaterThan(0)
    }
  })

  it('throws for a year before the Labour Code 2019 applied or a fractional year', () => {
    expect(() => statutoryHolidays(2020)).toThrow(AssertionError)
    expect(() => statutoryHolidays(2026.5)).toThrow(AssertionError)
    expect(() => statutoryHolidays(2201)).toThrow(AssertionError)
  })

  it('always gives eleven days in the year, sorted, with five consecutive Tết days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2021, max: 2199 }), (year) => {
        const list = statutoryHolidays(year)
        const dates = list.map((h) => h.date)
        expect(list).toHaveLength(11)
        expect([...dates].sort()).toEqual(dates)
        for (const d of dates) expect(d.startsWith(`${year}-`)).toBe(true)
        const tet = list.filter((h) => h.nameEn.startsWith('Lunar New Year')).map((h) => h.date)
        expect(tet).toHaveLength(5)
        expect(daysBetween(tet[0]!, tet[4]!)).toBe(4)
      }),
      { numRuns: 60 },
    )
  })
})

describe('holidayDates and isHoliday', () => {
  const holidays = holidayDates(statutoryHolidays(2026))

  it('finds statutory holidays and only those', () => {
    expect(isHoliday(iso('2026-04-30'), holidays)).toBe(true)
    expect(isHoliday(iso('2026-02-16'), holidays)).toBe(true)
    expect(isHoliday(iso('2026-04-29'), holidays)).toBe(false)
    expect(isHoliday(iso('2026-05-02'), holidays)).toBe(false)
  })

  it('accepts extra days an administrator recorded', () => {
    const withBridge = holidayDates([...statutoryHolidays(2026), { date: fromYmd(2026, 1, 2) }])
    expect(isHoliday(iso('2026-01-02'), withBridge)).toBe(true)
  })
})

describe('nextBusinessDay', () => {
  const holidays = holidayDates(statutoryHolidays(2026))

  it('moves 30/04/2026 past 30/04, 01/05 and the weekend to 04/05/2026', () => {
    expect(nextBusinessDay(iso('2026-04-30'), holidays, { skipWeekends: true })).toBe('2026-05-04')
  })

  it('stops on Saturday 02/05/2026 when weekends are working days', () => {
    expect(nextBusinessDay(iso('2026-04-30'), holidays, { skipWeekends: false })).toBe('2026-05-02')
  })

  it('keeps a date that is already a business day', () => {
    expect(nextBusinessDay(iso('2026-04-29'), holidays, { skipWeekends: true })).toBe('2026-04-29')
    expect(nextBusinessDay(iso('2026-05-02'), holidays, { skipWeekends: false })).toBe('2026-05-02')
  })

  it('skips a weekend with no holidays at all', () => {
    expect(nextBusinessDay(iso('2026-05-09'), new Set(), { skipWeekends: true })).toBe('2026-05-11')
  })

  it('moves a transaction day out of Tết 2026 to Saturday 21/02 or Monday 23/02', () => {
    expect(nextBusinessDay(iso('2026-02-17'), holidays, { skipWeekends: false })).toBe('2026-02-21')
    expect(nextBusinessDay(iso('2026-02-17'), holidays, { skipWeekends: true })).toBe('2026-02-23')
  })

  it('throws when a year of closed days leaves no business day: the data must be corrupt', () => {
    const everyDay = new Set(Array.from({ length: 400 }, (_, i) => addDays(iso('2026-01-01'), i)))
    expect(() => nextBusinessDay(iso('2026-01-01'), everyDay, { skipWeekends: false })).toThrow(AssertionError)
  })

  it('returns the first open day on or after the date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), fc.boolean(), (offset, skipWeekends) => {
        const start = addDays(iso('2026-01-01'), offset)
        const result = nextBusinessDay(start, holidays, { skipWeekends })
        const closed = (d: LocalDate) => holidays.has(d) || (skipWeekends && isWeekend(d))
        expect(daysBetween(start, result) >= 0).toBe(true)
        expect(closed(result)).toBe(false)
        for (let d = start; d < result; d = addDays(d, 1)) expect(closed(d)).toBe(true)
      }),
    )
  })
})

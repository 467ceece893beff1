import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addDays, fromEpochDay, fromYmd, toEpochDay, type LocalDate } from './local-date.js'
import { leapMonthOf, lunarToSolar, solarToLunar } from './lunar-calendar.js'

const iso = (s: string) => s as LocalDate

describe('Tết (lunar 1/1)', () => {
  it.each([
    [2020, '2020-01-25'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    // Years where UTC+7 puts Vietnamese Tết on another day than Chinese New Year.
    [1985, '1985-01-21'],
    [2007, '2007-02-17'],
  ])('fell or falls in %s on %s', (year, solar) => {
    expect(lunarToSolar({ year, month: 1, day: 1, leap: false })).toBe(solar)
    expect(solarToLunar(iso(solar))).toEqual({ year, month: 1, day: 1, leap: false })
  })
})

describe("Hùng Kings' Commemoration (lunar 10/3)", () => {
  it.each([
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('fell or falls in %s on %s', (year, solar) => {
    expect(lunarToSolar({ year, month: 3, day: 10, leap: false })).toBe(solar)
    expect(solarToLunar(iso(solar))).toEqual({ year, month: 3, day: 10, leap: false })
  })
})

describe('leap months', () => {
  it('finds the leap second month of 2023, which began on 2023-03-22', () => {
    expect(leapMonthOf(2023)).toBe(2)
    expect(lunarToSolar({ year: 2023, month: 2, day: 1, leap: true })).toBe('2023-03-22')
    expect(solarToLunar(iso('2023-03-22'))).toEqual({ year: 2023, month: 2, day: 1, leap: true })
    expect(solarToLunar(iso('2023-03-21'))).toEqual({ year: 2023, month: 2, day: 30, leap: false })
    expect(lunarToSolar({ year: 2023, month: 2, day: 1, leap: false })).toBe('2023-02-20')
  })

  it.each([
    [2020, 4, '2020-05-23'],
    [2025, 6, '2025-07-25'],
    // The "2033 problem": a leap eleventh month, counted in lunar year 2033.
    [2033, 11, '2033-12-22'],
  ])('finds the leap month of %s, month %s, beginning on %s', (year, month, solar) => {
    expect(leapMonthOf(year)).toBe(month)
    expect(lunarToSolar({ year, month, day: 1, leap: true })).toBe(solar)
    expect(solarToLunar(iso(solar))).toEqual({ year, month, day: 1, leap: true })
  })

  it('reports no leap month in a twelve-month year', () => {
    expect(leapMonthOf(2024)).toBeUndefined()
    expect(leapMonthOf(2026)).toBeUndefined()
  })

  it('finds a leap month in 7 of every 19 years, the Metonic cycle', () => {
    let count = 0
    for (let year = 2001; year <= 2095; year++) if (leapMonthOf(year) !== undefined) count++
    expect(count).toBe(35)
  })
})

describe('lunarToSolar with dates that do not exist', () => {
  it.each([
    ['a leap flag in a year without a leap month', { year: 2024, month: 2, day: 1, leap: true }],
    ['a leap flag on a month that is not the leap one', { year: 2023, month: 3, day: 1, leap: true }],
    ['month 0', { year: 2026, month: 0, day: 1, leap: false }],
    ['month 13', { year: 2026, month: 13, day: 1, leap: false }],
    ['day 0', { year: 2026, month: 1, day: 0, leap: false }],
    ['day 31', { year: 2026, month: 1, day: 31, leap: false }],
    ['a fractional day', { year: 2026, month: 1, day: 1.5, leap: false }],
    ['a year before the supported range', { year: 1800, month: 1, day: 1, leap: false }],
    ['a year after the supported range', { year: 2300, month: 1, day: 1, leap: false }],
  ])('returns undefined for %s', (_, lunar) => {
    expect(lunarToSolar(lunar)).toBeUndefined()
  })

  it('returns undefined for day 30 of a 29-day month', () => {
    // Lunar 12/2025 has 29 days: its last day is 2026-02-16, the eve of Tết 2026.
    expect(solarToLunar(iso('2026-02-16'))).toEqual({ year: 2025, month: 12, day: 29, leap: false })
    expect(lunarToSolar({ year: 2025, month: 12, day: 29, leap: false })).toBe('2026-02-16')
    expect(lunarToSolar({ year: 2025, month: 12, day: 30, leap: false })).toBeUndefined()
    // Lunar 12/2023 had 30 days.
    expect(lunarToSolar({ year: 2023, month: 12, day: 30, leap: false })).toBe('2024-02-09')
  })
})

describe('round trips', () => {
  const from1950 = toEpochDay(fromYmd(1950, 1, 1))
  const to2100 = toEpochDay(fromYmd(2100, 12, 31))
  const arbDate = fc.integer({ min: from1950, max: to2100 }).map(fromEpochDay)

  it('finds the month on the two dates where the mean-lunation estimate was off by one', () => {
    // Found by the property below: these are the 30th day of a long month; they once came out as
    // "day 0" of the next month, which does not exist and did not convert back.
    expect(solarToLunar(fromYmd(2054, 5, 7))).toEqual({ year: 2054, month: 3, day: 30, leap: false })
    expect(solarToLunar(fromYmd(2062, 4, 9))).toEqual({ year: 2062, month: 2, day: 30, leap: false })
    expect(lunarToSolar(solarToLunar(fromYmd(2054, 5, 7)))).toBe('2054-05-07')
  })

  it('solar → lunar → solar returns the same date from 1950 to 2100', () => {
    fc.assert(
      fc.property(arbDate, (d) => {
        expect(lunarToSolar(solarToLunar(d))).toBe(d)
      }),
      { numRuns: 2_000 },
    )
  })

  it('gives a lunar date that moves by one day or starts a new month', () => {
    fc.assert(
      fc.property(arbDate, (d) => {
        const today = solarToLunar(d)
        const tomorrow = solarToLunar(addDays(d, 1))
        expect(today.day >= 1 && today.day <= 30).toBe(true)
        expect(today.month >= 1 && today.month <= 12).toBe(true)
        if (tomorrow.day !== 1) expect(tomorrow).toEqual({ ...today, day: today.day + 1 })
        else expect(today.day === 29 || today.day === 30).toBe(true)
      }),
      { numRuns: 2_000 },
    )
  })

  it('holds at the edges of the supported range', () => {
    expect(solarToLunar(iso('1900-01-01'))).toMatchObject({ year: 1899, month: 12 })
    expect(lunarToSolar(solarToLunar(iso('1900-01-01')))).toBe('1900-01-01')
    expect(lunarToSolar(solarToLunar(iso('2200-12-31')))).toBe('2200-12-31')
  })
})

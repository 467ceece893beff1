import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { AssertionError } from './assert.js'
import {
  addDays,
  addMonths,
  compareDates,
  dayOf,
  dayOfWeek,
  daysBetween,
  endOfMonth,
  formatVnDate,
  fromEpochDay,
  fromYmd,
  isLocalDate,
  isWeekend,
  localDateOf,
  maxDate,
  minDate,
  monthOf,
  parseIsoDate,
  parseVnDate,
  startOfMonth,
  toEpochDay,
  toYmd,
  yearOf,
  type LocalDate,
} from './local-date.js'

const d = (iso: string): LocalDate => {
  const r = parseIsoDate(iso)
  if (!r.ok) throw new Error(`bad test date ${iso}`)
  return r.value
}

const FIRST_DAY = toEpochDay(d('1900-01-01'))
const LAST_DAY = toEpochDay(d('2200-12-31'))
const arbDate = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(fromEpochDay)

describe('fromYmd', () => {
  it('builds a zero-padded ISO date', () => {
    expect(fromYmd(2026, 2, 1)).toBe('2026-02-01')
    expect(fromYmd(2024, 2, 29)).toBe('2024-02-29')
  })

  it.each([
    [2025, 2, 29],
    [2026, 2, 31],
    [2026, 13, 1],
    [2026, 0, 1],
    [2026, 1, 0],
    [1899, 12, 31],
    [2201, 1, 1],
    [2026.5, 1, 1],
  ])('throws for %s-%s-%s', (y, m, day) => {
    expect(() => fromYmd(y, m, day)).toThrow(AssertionError)
  })

  it('splits back into its parts', () => {
    const date = fromYmd(2026, 11, 21)
    expect(toYmd(date)).toEqual({ year: 2026, month: 11, day: 21 })
    expect([yearOf(date), monthOf(date), dayOf(date)]).toEqual([2026, 11, 21])
  })
})

describe('parseIsoDate', () => {
  it('accepts valid ISO dates', () => {
    expect(parseIsoDate('2026-11-21')).toEqual({ ok: true, value: '2026-11-21' })
    expect(parseIsoDate('2000-02-29')).toEqual({ ok: true, value: '2000-02-29' })
    expect(parseIsoDate('1900-01-01')).toEqual({ ok: true, value: '1900-01-01' })
    expect(parseIsoDate('2200-12-31')).toEqual({ ok: true, value: '2200-12-31' })
  })

  it.each([
    '',
    '2026-2-1',
    '2026-02-30',
    '1900-02-29',
    '2025-02-29',
    '2026-13-01',
    '2026-00-10',
    '1899-12-31',
    '2201-01-01',
    '21/11/2026',
    '2026-11-21T00:00:00Z',
    ' 2026-11-21',
    '2026/11/21',
  ])('rejects %j with invalid_date', (input) => {
    expect(parseIsoDate(input)).toEqual({ ok: false, code: 'invalid_date', details: { input } })
  })
})

describe('parseVnDate', () => {
  it.each([
    ['21/11/2026', '2026-11-21'],
    ['1/2/2026', '2026-02-01'],
    ['01/02/2026', '2026-02-01'],
    [' 29/02/2024 ', '2024-02-29'],
    ['31/12/2200', '2200-12-31'],
    ['1/1/1900', '1900-01-01'],
  ])('parses %j as %s', (input, expected) => {
    expect(parseVnDate(input)).toEqual({ ok: true, value: expected })
  })

  it.each([
    '',
    '31/02/2026',
    '29/02/2025',
    '00/01/2026',
    '01/00/2026',
    '32/01/2026',
    '01/13/2026',
    '31/12/1899',
    '01/01/2201',
    '1/2/26',
    '001/02/2026',
    '1-2-2026',
    '1.2.2026',
    '2026-02-01',
    'abc',
  ])('rejects %j with invalid_date', (input) => {
    expect(parseVnDate(input)).toEqual({ ok: false, code: 'invalid_date', details: { input } })
  })

  it('reads back every date it formats', () => {
    fc.assert(
      fc.property(arbDate, (date) => {
        expect(parseVnDate(formatVnDate(date))).toEqual({ ok: true, value: date })
        expect(parseIsoDate(date)).toEqual({ ok: true, value: date })
      }),
    )
  })
})

describe('isLocalDate', () => {
  it('accepts only valid ISO date strings', () => {
    expect(isLocalDate('2026-11-21')).toBe(true)
    expect(isLocalDate('2026-02-30')).toBe(false)
    expect(isLocalDate(20261121)).toBe(false)
    expect(isLocalDate(null)).toBe(false)
  })
})

describe('formatVnDate', () => {
  it('writes day/month/year with leading zeros', () => {
    expect(formatVnDate(d('2026-11-21'))).toBe('21/11/2026')
    expect(formatVnDate(d('2026-02-01'))).toBe('01/02/2026')
  })
})

describe('epoch days', () => {
  it('counts days from 1970-01-01', () => {
    expect(toEpochDay(d('1970-01-01'))).toBe(0)
    expect(toEpochDay(d('1970-01-02'))).toBe(1)
    expect(toEpochDay(d('1969-12-31'))).toBe(-1)
    expect(fromEpochDay(0)).toBe('1970-01-01')
  })

  it('throws outside the supported years or for a fraction', () => {
    expect(() => fromEpochDay(FIRST_DAY - 1)).toThrow(AssertionError)
    expect(() => fromEpochDay(LAST_DAY + 1)).toThrow(AssertionError)
    expect(() => fromEpochDay(1.5)).toThrow(AssertionError)
  })
})

describe('addDays and daysBetween', () => {
  it('cross month, year and leap-day boundaries', () => {
    expect(addDays(d('2026-02-27'), 2)).toBe('2026-03-01')
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29')
    expect(addDays(d('2026-12-31'), 1)).toBe('2027-01-01')
    expect(addDays(d('2026-01-01'), -1)).toBe('2025-12-31')
    expect(addDays(d('2026-01-01'), 0)).toBe('2026-01-01')
    expect(daysBetween(d('2026-01-01'), d('2026-02-01'))).toBe(31)
    expect(daysBetween(d('2026-02-01'), d('2026-01-01'))).toBe(-31)
    expect(daysBetween(d('2024-01-01'), d('2025-01-01'))).toBe(366)
  })

  it('throws for a fractional day count', () => {
    expect(() => addDays(d('2026-01-01'), 0.5)).toThrow(AssertionError)
  })

  it('daysBetween undoes addDays', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: -40_000, max: 40_000 }), (date, n) => {
        const target = toEpochDay(date) + n
        fc.pre(target >= FIRST_DAY && target <= LAST_DAY)
        const moved = addDays(date, n)
        expect(daysBetween(date, moved)).toBe(n)
        expect(addDays(moved, -n)).toBe(date)
      }),
    )
  })

  it('orders dates the same way as their day numbers', () => {
    fc.assert(
      fc.property(arbDate, arbDate, (a, b) => {
        expect(compareDates(a, b)).toBe(Math.sign(daysBetween(b, a)))
      }),
    )
  })
})

describe('addMonths', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-31', -2, '2025-11-30'],
    ['2026-05-10', 120, '2036-05-10'],
    ['2026-05-10', 0, '2026-05-10'],
    ['2026-12-01', 1, '2027-01-01'],
  ])('%s plus %s months is %s', (from, months, expected) => {
    expect(addMonths(d(from), months)).toBe(expected)
  })

  it('throws beyond the supported years or for a fractional count', () => {
    expect(() => addMonths(d('2200-12-01'), 1)).toThrow(AssertionError)
    expect(() => addMonths(d('2026-01-01'), 1.5)).toThrow(AssertionError)
  })

  it('keeps the day unless the target month is shorter, and lands in the right month', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: -600, max: 600 }), (date, n) => {
        const index = yearOf(date) * 12 + monthOf(date) - 1 + n
        fc.pre(index >= 1900 * 12 && index < 2201 * 12)
        const moved = addMonths(date, n)
        expect(yearOf(moved) * 12 + monthOf(moved) - 1).toBe(index)
        expect(dayOf(moved)).toBe(Math.min(dayOf(date), dayOf(endOfMonth(moved))))
      }),
    )
  })
})

describe('compareDates, minDate and maxDate', () => {
  it('order dates in calendar order', () => {
    expect(compareDates(d('2026-01-02'), d('2026-01-10'))).toBe(-1)
    expect(compareDates(d('2026-01-10'), d('2026-01-10'))).toBe(0)
    expect(compareDates(d('2027-01-01'), d('2026-12-31'))).toBe(1)
    expect(minDate(d('2026-01-02'), d('2025-12-31'))).toBe('2025-12-31')
    expect(maxDate(d('2026-01-02'), d('2025-12-31'))).toBe('2026-01-02')
  })
})

describe('dayOfWeek and isWeekend', () => {
  it.each([
    ['1970-01-01', 4],
    ['2026-05-02', 6],
    ['2026-05-03', 0],
    ['2026-05-04', 1],
    ['2026-02-17', 2],
    ['1900-01-01', 1],
  ])('%s falls on day %s', (date, expected) => {
    expect(dayOfWeek(d(date))).toBe(expected)
  })

  it('treats Saturday and Sunday as the weekend', () => {
    expect(isWeekend(d('2026-05-02'))).toBe(true)
    expect(isWeekend(d('2026-05-03'))).toBe(true)
    expect(isWeekend(d('2026-05-01'))).toBe(false)
    expect(isWeekend(d('2026-05-04'))).toBe(false)
  })

  it('advances by one each day, modulo seven', () => {
    fc.assert(
      fc.property(arbDate, (date) => {
        fc.pre(date !== '2200-12-31')
        expect(dayOfWeek(addDays(date, 1))).toBe((dayOfWeek(date) + 1) % 7)
      }),
    )
  })
})

describe('startOfMonth and endOfMonth', () => {
  it.each([
    ['2026-02-17', '2026-02-01', '2026-02-28'],
    ['2024-02-01', '2024-02-01', '2024-02-29'],
    ['2026-12-31', '2026-12-01', '2026-12-31'],
    ['2026-04-15', '2026-04-01', '2026-04-30'],
  ])('the month of %s runs from %s to %s', (date, start, end) => {
    expect(startOfMonth(d(date))).toBe(start)
    expect(endOfMonth(d(date))).toBe(end)
  })
})

describe('localDateOf', () => {
  it('gives the date in Vietnam (UTC+7) by default', () => {
    expect(localDateOf(new Date('2026-11-20T16:59:59.999Z'))).toBe('2026-11-20')
    expect(localDateOf(new Date('2026-11-20T17:00:00Z'))).toBe('2026-11-21')
    expect(localDateOf(new Date('2026-11-21T16:59:59Z'))).toBe('2026-11-21')
  })

  it('honours another offset, including negative ones', () => {
    expect(localDateOf(new Date('2026-11-20T17:00:00Z'), 0)).toBe('2026-11-20')
    expect(localDateOf(new Date('2026-01-01T02:00:00Z'), -300)).toBe('2025-12-31')
  })

  it('throws for an invalid Date', () => {
    expect(() => localDateOf(new Date('not a date'))).toThrow(AssertionError)
  })

  it('agrees with the UTC calendar shifted by seven hours', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), (ms) => {
        const shifted = new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10)
        expect(localDateOf(new Date(ms))).toBe(shifted)
      }),
    )
  })
})

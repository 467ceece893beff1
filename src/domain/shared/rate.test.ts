import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { AssertionError } from './assert.js'
import {
  formatPercent,
  formatPercentMicros,
  isWholeRate,
  monthlyFromYearly,
  parsePercent,
  percentOf,
  ratePerMonth,
  ratePerYear,
  rateFraction,
  yearlyFromMonthly,
} from './rate.js'

describe('ratePerYear and ratePerMonth', () => {
  it('build rates from bigint or safe-integer micros', () => {
    expect(ratePerYear(66_000n)).toEqual({ micros: 66_000n, per: 'year' })
    expect(ratePerMonth(5_500)).toEqual({ micros: 5_500n, per: 'month' })
    expect(ratePerYear(0n)).toEqual({ micros: 0n, per: 'year' })
  })

  it('throw on a negative or fractional rate', () => {
    expect(() => ratePerYear(-1n)).toThrow(AssertionError)
    expect(() => ratePerMonth(0.5)).toThrow(AssertionError)
  })
})

describe('parsePercent', () => {
  it.each([
    ['6,6', 66_000n],
    ['6.6', 66_000n],
    ['0,55%', 5_500n],
    ['0.55 %', 5_500n],
    [' 7,92 ', 79_200n],
    ['120', 1_200_000n],
    ['127%', 1_270_000n],
    ['0', 0n],
    ['0,0001', 1n],
    ['100', 1_000_000n],
    ['9999,9999', 99_999_999n],
  ])('parses %j as %s micros', (input, expected) => {
    expect(parsePercent(input)).toEqual({ ok: true, value: expected })
  })

  it.each([
    '',
    '%',
    'abc',
    '-6,6',
    '+6,6',
    '6,',
    ',5',
    '6,6,6',
    '6.6.6',
    '6,00001',
    '1e2',
    '10000',
    '6,6%%',
    '% 6,6',
    '6 6',
  ])('rejects %j with validation_failed', (input) => {
    expect(parsePercent(input)).toEqual({ ok: false, code: 'validation_failed', details: { input } })
  })

  it('reads back every percentage it formats, in both locales', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999n }), fc.constantFrom('vi' as const, 'en' as const), (micros, locale) => {
        expect(parsePercent(formatPercentMicros(micros, locale))).toEqual({ ok: true, value: micros })
      }),
    )
  })
})

describe('formatPercent', () => {
  it.each([
    [ratePerYear(66_000n), 'vi', '6,6%/năm'],
    [ratePerYear(66_000n), 'en', '6.6%/year'],
    [ratePerMonth(5_500n), 'vi', '0,55%/tháng'],
    [ratePerMonth(5_500n), 'en', '0.55%/month'],
    [ratePerYear(79_200n), 'vi', '7,92%/năm'],
    [ratePerYear(100_000n), 'vi', '10%/năm'],
    [ratePerYear(0n), 'en', '0%/year'],
    [ratePerMonth(1n), 'vi', '0,0001%/tháng'],
  ] as const)('formats %o in %s as %j', (rate, locale, expected) => {
    expect(formatPercent(rate, locale)).toBe(expected)
  })

  it('speaks Vietnamese by default', () => {
    expect(formatPercent(ratePerMonth(6_985n))).toBe('0,6985%/tháng')
    expect(formatPercentMicros(1_270_000n)).toBe('127%')
  })
})

describe('monthlyFromYearly', () => {
  it('divides by 12 exactly when 12 divides the micros', () => {
    expect(monthlyFromYearly(ratePerYear(66_000n))).toEqual({ micros: 5_500n, per: 'month' })
    expect(monthlyFromYearly(ratePerYear(0n))).toEqual({ micros: 0n, per: 'month' })
  })

  it('keeps the exact reduced fraction otherwise', () => {
    expect(monthlyFromYearly(ratePerYear(66_001n))).toEqual({ num: 66_001n, den: 12n, per: 'month' })
    expect(monthlyFromYearly(ratePerYear(66_002n))).toEqual({ num: 33_001n, den: 6n, per: 'month' })
  })

  it('throws when given a monthly rate', () => {
    expect(() => monthlyFromYearly(ratePerMonth(5_500n))).toThrow(AssertionError)
  })

  it('loses nothing: twelve months make the yearly rate again', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), (micros) => {
        const { num, den } = rateFraction(monthlyFromYearly(ratePerYear(micros)))
        expect(num * 12n).toBe(micros * den)
        expect(den === 1n || den === 2n || den === 3n || den === 4n || den === 6n || den === 12n).toBe(true)
      }),
    )
  })
})

describe('yearlyFromMonthly', () => {
  it('multiplies by 12', () => {
    expect(yearlyFromMonthly(ratePerMonth(5_500n))).toEqual({ micros: 66_000n, per: 'year' })
  })

  it('throws when given a yearly rate', () => {
    expect(() => yearlyFromMonthly(ratePerYear(66_000n))).toThrow(AssertionError)
  })
})

describe('percentOf', () => {
  const base = ratePerYear(66_000n)

  it.each([
    [1_200_000n, 79_200n], // 120%: 7,92%/năm
    [1_270_000n, 83_820n], // 127%: job creation from 2026
    [1_300_000n, 85_800n], // 130%: overdue interest
    [1_000_000n, 66_000n],
    [0n, 0n],
  ])('resolves %s micros of the 6,6%% base rate to %s micros per year', (percent, expected) => {
    expect(percentOf(base, percent)).toEqual({ micros: expected, per: 'year' })
  })

  it('keeps the period of the base rate', () => {
    expect(percentOf(ratePerMonth(5_500n), 1_270_000n)).toEqual({ micros: 6_985n, per: 'month' })
  })

  it('keeps an exact fraction when the product is not a whole number of micros', () => {
    const result = percentOf(ratePerYear(66_001n), 1_270_000n)
    expect(isWholeRate(result)).toBe(false)
    expect(result).toEqual({ num: 8_382_127n, den: 100n, per: 'year' })
  })

  it('throws on a negative percentage', () => {
    expect(() => percentOf(base, -1n)).toThrow(AssertionError)
  })

  it('is exact for any base and percentage', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 10n ** 8n }), (micros, percent) => {
        const { num, den } = rateFraction(percentOf(ratePerYear(micros), percent))
        expect(num * 1_000_000n).toBe(micros * percent * den)
      }),
    )
  })
})

describe('rateFraction', () => {
  it('turns a whole rate into a fraction over one', () => {
    expect(rateFraction(ratePerYear(66_000n))).toEqual({ num: 66_000n, den: 1n })
  })

  it('passes a fraction through', () => {
    expect(rateFraction({ num: 66_001n, den: 12n, per: 'month' })).toEqual({ num: 66_001n, den: 12n })
  })
})

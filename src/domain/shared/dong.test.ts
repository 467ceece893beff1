import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { AssertionError } from './assert.js'
import {
  DONG_MAX,
  DONG_MIN,
  absDong,
  addDong,
  compareDong,
  dong,
  dongFromJson,
  dongToJson,
  formatDong,
  isNegative,
  isPositive,
  isZeroDong,
  maxDong,
  minDong,
  mulDiv,
  negateDong,
  parseDong,
  subDong,
  sumDong,
  type Dong,
  type RoundingRule,
} from './dong.js'

const TEN_POW_18 = 10n ** 18n
const arbDong = fc.bigInt({ min: -TEN_POW_18, max: TEN_POW_18 }).map((n) => n as Dong)

describe('dong', () => {
  it('accepts a bigint and a safe-integer number', () => {
    expect(dong(1_500_000n)).toBe(1_500_000n)
    expect(dong(1_500_000)).toBe(1_500_000n)
    expect(dong(-7)).toBe(-7n)
  })

  it('throws an AssertionError for a fraction, an unsafe integer or NaN', () => {
    expect(() => dong(1.5)).toThrow(AssertionError)
    expect(() => dong(2 ** 53)).toThrow(AssertionError)
    expect(() => dong(Number.NaN)).toThrow(AssertionError)
    expect(() => dong(Number.POSITIVE_INFINITY)).toThrow(AssertionError)
  })

  it('throws when the amount does not fit a bigint column', () => {
    expect(dong(DONG_MAX)).toBe(DONG_MAX)
    expect(dong(DONG_MIN)).toBe(DONG_MIN)
    expect(() => dong(DONG_MAX + 1n)).toThrow(AssertionError)
    expect(() => dong(DONG_MIN - 1n)).toThrow(AssertionError)
  })
})

describe('parseDong', () => {
  it.each([
    ['1500000', 1_500_000n],
    ['1.500.000', 1_500_000n],
    ['1 500 000', 1_500_000n],
    ['1\u00a0500\u00a0000', 1_500_000n],
    ['-1.500.000', -1_500_000n],
    ['1.500.000 ₫', 1_500_000n],
    ['1.500.000₫', 1_500_000n],
    ['1.500.000đ', 1_500_000n],
    ['1.500.000 đồng', 1_500_000n],
    ['1.500.000 VND', 1_500_000n],
    ['1.500.000 vnđ', 1_500_000n],
    ['  250.000  ', 250_000n],
    ['0', 0n],
    ['0 ₫', 0n],
    ['999', 999n],
    ['1.000', 1_000n],
    ['9.223.372.036.854.775.807', 9_223_372_036_854_775_807n],
  ])('parses %j as %s', (input, expected) => {
    expect(parseDong(input)).toEqual({ ok: true, value: expected })
  })

  it.each([
    '',
    '   ',
    '₫',
    '-',
    '1,5',
    '1500,50',
    '1.5',
    '1.50.000',
    '15.00',
    '1.500.00',
    '1.500,000',
    '1,500,000',
    '1.500 000',
    '.500',
    '1.500.',
    '01.500',
    '0015',
    'abc',
    '12a',
    '1e6',
    '1E6',
    '0x10',
    '+1500',
    '- 1500',
    '1500 USD',
    '$1500',
    '12345678901234567890',
    '9.223.372.036.854.775.808',
    'Infinity',
    'NaN',
  ])('rejects %j with invalid_money', (input) => {
    expect(parseDong(input)).toEqual({ ok: false, code: 'invalid_money', details: { input } })
  })

  it('reads back every amount it formats', () => {
    fc.assert(
      fc.property(arbDong, fc.boolean(), (d, symbol) => {
        expect(parseDong(formatDong(d, { symbol }))).toEqual({ ok: true, value: d })
      }),
    )
  })
})

describe('formatDong', () => {
  it.each([
    [1_500_000n, '1.500.000 ₫'],
    [-1_500_000n, '-1.500.000 ₫'],
    [0n, '0 ₫'],
    [999n, '999 ₫'],
    [1_000n, '1.000 ₫'],
    [-1n, '-1 ₫'],
    [100_000_000_000n, '100.000.000.000 ₫'],
  ])('formats %s as %j', (amount, expected) => {
    expect(formatDong(dong(amount))).toBe(expected)
  })

  it('leaves the symbol out on request', () => {
    expect(formatDong(dong(1_500_000), { symbol: false })).toBe('1.500.000')
    expect(formatDong(dong(1_500_000), { symbol: true })).toBe('1.500.000 ₫')
  })
})

describe('arithmetic', () => {
  it('adds, subtracts, negates and takes absolute values', () => {
    expect(addDong(dong(1_000), dong(500))).toBe(1_500n)
    expect(subDong(dong(1_000), dong(1_500))).toBe(-500n)
    expect(negateDong(dong(20))).toBe(-20n)
    expect(absDong(dong(-20))).toBe(20n)
    expect(absDong(dong(20))).toBe(20n)
  })

  it('throws rather than leave the range of a bigint column', () => {
    expect(() => addDong(DONG_MAX, dong(1))).toThrow(AssertionError)
    expect(() => negateDong(DONG_MIN)).toThrow(AssertionError)
  })

  it('sums any iterable, and an empty one to zero', () => {
    expect(sumDong([])).toBe(0n)
    expect(sumDong([dong(1), dong(2), dong(-4)])).toBe(-1n)
    expect(sumDong(new Set([dong(5), dong(6)]))).toBe(11n)
  })

  it('finds the smaller and the larger amount', () => {
    expect(minDong(dong(3), dong(-2))).toBe(-2n)
    expect(maxDong(dong(3), dong(-2))).toBe(3n)
  })

  it('compares and classifies amounts', () => {
    expect(compareDong(dong(1), dong(2))).toBe(-1)
    expect(compareDong(dong(2), dong(2))).toBe(0)
    expect(compareDong(dong(3), dong(2))).toBe(1)
    expect(isNegative(dong(-1))).toBe(true)
    expect(isNegative(dong(0))).toBe(false)
    expect(isPositive(dong(1))).toBe(true)
    expect(isPositive(dong(0))).toBe(false)
    expect(isZeroDong(dong(0))).toBe(true)
    expect(isZeroDong(dong(1))).toBe(false)
  })

  it('sums associatively, whatever the grouping', () => {
    fc.assert(
      fc.property(arbDong, arbDong, arbDong, (a, b, c) => {
        expect(addDong(addDong(a, b), c)).toBe(addDong(a, addDong(b, c)))
        expect(sumDong([a, b, c])).toBe(addDong(a, addDong(b, c)))
      }),
    )
  })

  it('sums a list split anywhere to the same total', () => {
    fc.assert(
      fc.property(fc.array(arbDong, { maxLength: 20 }), fc.nat(), (list, cut) => {
        const at = list.length === 0 ? 0 : cut % list.length
        const split = addDong(sumDong(list.slice(0, at)), sumDong(list.slice(at)))
        expect(split).toBe(sumDong(list))
      }),
    )
  })
})

describe('JSON', () => {
  it('writes an integer string and reads it back', () => {
    expect(dongToJson(dong(1_500_000))).toBe('1500000')
    expect(dongToJson(dong(-20))).toBe('-20')
    expect(dongFromJson('1500000')).toEqual({ ok: true, value: 1_500_000n })
    expect(dongFromJson('-20')).toEqual({ ok: true, value: -20n })
    expect(dongFromJson('0')).toEqual({ ok: true, value: 0n })
  })

  it.each([['1.500.000'], ['1500000 ₫'], [' 15'], ['015'], ['-0'], ['+1'], ['1e3'], [''], ['1.0'], [
    '9223372036854775808',
  ], [1500000], [null], [undefined], [15n]])('rejects %o with invalid_money', (input) => {
    const result = dongFromJson(input)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.code).toBe('invalid_money')
  })

  it('round-trips every amount', () => {
    fc.assert(
      fc.property(arbDong, (d) => {
        expect(dongFromJson(dongToJson(d))).toEqual({ ok: true, value: d })
      }),
    )
  })
})

describe('mulDiv', () => {
  it('computes one month of interest at 6.6%/year on 1.000.000 đồng', () => {
    expect(mulDiv(1_000_000n, 66_000n, 12_000_000n, 'half_up')).toBe(5_500n)
  })

  it.each<[bigint, bigint, bigint, RoundingRule, bigint]>([
    [5n, 1n, 2n, 'half_up', 3n],
    [5n, 1n, 2n, 'down', 2n],
    [5n, 1n, 2n, 'half_even', 2n],
    [7n, 1n, 2n, 'half_even', 4n],
    [-5n, 1n, 2n, 'half_up', -3n],
    [-5n, 1n, 2n, 'down', -2n],
    [-5n, 1n, 2n, 'half_even', -2n],
    [-7n, 1n, 2n, 'half_even', -4n],
    [5n, 1n, -2n, 'half_up', -3n],
    [-5n, 1n, -2n, 'half_up', 3n],
    [10n, 1n, 3n, 'half_up', 3n],
    [11n, 1n, 3n, 'half_up', 4n],
    [11n, 1n, 3n, 'down', 3n],
    [-11n, 1n, 3n, 'half_up', -4n],
    [-11n, 1n, 3n, 'down', -3n],
    [2n, 3n, 4n, 'half_up', 2n],
    [2n, 3n, 4n, 'half_even', 2n],
    [0n, 9n, 7n, 'half_up', 0n],
  ])('mulDiv(%s, %s, %s, %s) = %s', (a, b, c, rule, expected) => {
    expect(mulDiv(a, b, c, rule)).toBe(expected)
  })

  it('throws on division by zero', () => {
    expect(() => mulDiv(1n, 1n, 0n, 'half_up')).toThrow(AssertionError)
  })

  const arbBig = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n })
  const arbDivisor = arbBig.filter((c) => c !== 0n)
  const arbRule = fc.constantFrom<RoundingRule>('half_up', 'down', 'half_even')

  it('is exact when c divides a × b, whatever the rule', () => {
    fc.assert(
      fc.property(arbBig, arbDivisor, arbDivisor, arbRule, (a, q, c, rule) => {
        // a × (q × c) ÷ c is exactly a × q.
        expect(mulDiv(a, q * c, c, rule)).toBe(a * q)
      }),
    )
  })

  it('stays less than one away from the exact quotient, half rules within one half', () => {
    fc.assert(
      fc.property(arbBig, arbBig, arbDivisor, arbRule, (a, b, c, rule) => {
        const result = mulDiv(a, b, c, rule)
        const error = result * c - a * b // (result − exact) × c
        const absError = error < 0n ? -error : error
        const absC = c < 0n ? -c : c
        expect(absError < absC).toBe(true)
        if (rule !== 'down') expect(2n * absError <= absC).toBe(true)
      }),
    )
  })

  it('truncates toward zero under the down rule', () => {
    fc.assert(
      fc.property(arbBig, arbBig, arbDivisor, (a, b, c) => {
        const scaled = mulDiv(a, b, c, 'down') * c
        const abs = (n: bigint) => (n < 0n ? -n : n)
        // The result seen from zero never passes the exact quotient, and keeps its sign.
        expect(abs(scaled) <= abs(a * b)).toBe(true)
        expect(scaled === 0n || scaled < 0n === a * b < 0n).toBe(true)
      }),
    )
  })

  it('is odd-symmetric: negating the dividend negates the result', () => {
    fc.assert(
      fc.property(arbBig, arbBig, arbDivisor, arbRule, (a, b, c, rule) => {
        expect(mulDiv(-a, b, c, rule)).toBe(-mulDiv(a, b, c, rule))
      }),
    )
  })
})

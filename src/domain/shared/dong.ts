import { assert, unreachable } from './assert.js'
import { fail, ok, type Result } from './result.js'

/**
 * Money in whole đồng. The đồng has no minor unit in practice, so an amount is a bigint and
 * never a float. The brand stops a plain bigint (a count, a rate) from being passed as money.
 */
export type Dong = bigint & { readonly __brand: 'Dong' }

/** The largest amount a PostgreSQL `bigint` column holds; every Dong stays inside ±this. */
export const DONG_MAX = 9_223_372_036_854_775_807n as Dong
/** The smallest amount a PostgreSQL `bigint` column holds. */
export const DONG_MIN = -9_223_372_036_854_775_808n as Dong

/** Zero đồng, for starting sums and comparisons. */
export const ZERO_DONG = 0n as Dong

/**
 * Makes a Dong from a bigint or a safe-integer number. A fractional, unsafe or out-of-range
 * value is a programmer error (user input goes through `parseDong`), so it throws.
 *
 * @example dong(1_500_000) // 1500000n
 */
export function dong(n: bigint | number): Dong {
  if (typeof n === 'number') {
    assert(Number.isSafeInteger(n), `dong(): ${n} is not a safe integer; use a bigint`)
    n = BigInt(n)
  }
  assert(n >= DONG_MIN && n <= DONG_MAX, `dong(): ${n} is outside the range of a bigint column`)
  return n as Dong
}

/** Currency markers a user may type after the amount: ₫, đ, đồng, VND, VNĐ (any case). */
const CURRENCY_SUFFIX = /\s*(?:₫|đồng|đ|vnd|vnđ)$/iu
/** Digits with no grouping, no leading zeros. */
const PLAIN = /^(?:0|[1-9]\d*)$/
/** Vietnamese grouping: 1–3 leading digits, then groups of exactly three, one separator kind. */
const GROUPED_DOT = /^[1-9]\d{0,2}(?:\.\d{3})+$/
const GROUPED_SPACE = /^[1-9]\d{0,2}(?: \d{3})+$/
/** Space-like characters a spreadsheet or the web may use as a thousands separator. */
const SPACES = /[\u00a0\u202f\u2009]/g
const MAX_DIGITS = 19

/**
 * Parses an amount as a Vietnamese user types it. In Vietnamese "." groups thousands and ","
 * marks decimals, so "1.5" is malformed grouping and "1,5" is a fraction of a đồng: both are
 * rejected, never guessed. Leading zeros ("01.500") are rejected for the same reason.
 *
 * @example parseDong('1.500.000 ₫') // ok(1500000n)
 * @example parseDong('1,5')         // fail('invalid_money', { input: '1,5' })
 */
export function parseDong(text: string): Result<Dong> {
  const invalid = fail('invalid_money', { input: text })
  let s = text.normalize('NFC').replace(SPACES, ' ').trim().replace(CURRENCY_SUFFIX, '')
  let negative = false
  if (s.startsWith('-') || s.startsWith('\u2212')) {
    negative = true
    s = s.slice(1)
  }
  if (!(PLAIN.test(s) || GROUPED_DOT.test(s) || GROUPED_SPACE.test(s))) return invalid
  const digits = s.replace(/[. ]/g, '')
  if (digits.length > MAX_DIGITS) return invalid
  const value = negative ? -BigInt(digits) : BigInt(digits)
  if (value < DONG_MIN || value > DONG_MAX) return invalid
  return ok(value as Dong)
}

/**
 * Formats an amount with Vietnamese grouping, the way it is printed on vouchers and reports.
 * The symbol follows the number after a normal space, as Vietnamese typography places it.
 *
 * @example formatDong(dong(-1_500_000))                    // '-1.500.000 ₫'
 * @example formatDong(dong(1_500_000), { symbol: false }) // '1.500.000'
 */
export function formatDong(d: Dong, opts: { symbol?: boolean } = {}): string {
  const negative = d < 0n
  const digits = (negative ? -d : d).toString()
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, '.')
  const number = negative ? `-${grouped}` : grouped
  return opts.symbol === false ? number : `${number} ₫`
}

/** Adds two amounts. Overflowing a bigint column is impossible in this domain, so it asserts. */
export function addDong(a: Dong, b: Dong): Dong {
  return dong(a + b)
}

/** Subtracts b from a; the result may be negative (e.g. an overpayment). */
export function subDong(a: Dong, b: Dong): Dong {
  return dong(a - b)
}

/** Negates an amount, e.g. to build the opposite posting of a journal entry. */
export function negateDong(a: Dong): Dong {
  return dong(-a)
}

/** The absolute value of an amount. */
export function absDong(a: Dong): Dong {
  return a < 0n ? dong(-a) : a
}

/**
 * Sums any iterable of amounts; an empty one sums to zero.
 *
 * @example sumDong([dong(1), dong(2)]) // 3n
 */
export function sumDong(amounts: Iterable<Dong>): Dong {
  let total = 0n
  for (const a of amounts) total += a
  return dong(total)
}

/** The smaller of two amounts, e.g. a repayment capped by the outstanding principal. */
export function minDong(a: Dong, b: Dong): Dong {
  return a <= b ? a : b
}

/** The larger of two amounts. */
export function maxDong(a: Dong, b: Dong): Dong {
  return a >= b ? a : b
}

/** Three-way comparison for sorting: negative, zero or positive as a <, = or > b. */
export function compareDong(a: Dong, b: Dong): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0
}

/** True when the amount is below zero. */
export function isNegative(a: Dong): boolean {
  return a < 0n
}

/** True when the amount is above zero. */
export function isPositive(a: Dong): boolean {
  return a > 0n
}

/** True when the amount is exactly zero. */
export function isZeroDong(a: Dong): boolean {
  return a === 0n
}

/**
 * Money crosses JSON as a decimal integer string, because a JSON number loses precision above
 * 2^53 and invites float arithmetic in clients.
 *
 * @example dongToJson(dong(1_500_000)) // '1500000'
 */
export function dongToJson(d: Dong): string {
  return d.toString()
}

const JSON_INTEGER = /^-?(?:0|[1-9]\d{0,18})$/

/**
 * Reads money from JSON: only a plain integer string is accepted ("1500000", "-20"), no
 * grouping, no symbol, no "-0", because JSON comes from programs, not from people.
 *
 * @example dongFromJson('1500000') // ok(1500000n)
 */
export function dongFromJson(s: unknown): Result<Dong> {
  if (typeof s !== 'string' || !JSON_INTEGER.test(s) || s === '-0') {
    return fail('invalid_money', { input: s })
  }
  const value = BigInt(s)
  if (value < DONG_MIN || value > DONG_MAX) return fail('invalid_money', { input: s })
  return ok(value as Dong)
}

/**
 * How a quotient is rounded to an integer. `half_up` rounds a tie away from zero (the rule
 * people learn at school), `down` truncates toward zero, `half_even` rounds a tie to the even
 * neighbour (banker's rounding, unbiased over many postings).
 */
export type RoundingRule = 'half_up' | 'down' | 'half_even'

/**
 * Computes a × b ÷ c in bigint, rounded once by a named rule. This is the only place where
 * interest is rounded: callers multiply every factor in and divide once, so no intermediate
 * rounding accumulates. The caller decides where the remainder goes.
 *
 * @example mulDiv(1_000_000n, 66_000n, 12_000_000n, 'half_up') // 5500n: one month at 6.6%/year
 */
export function mulDiv(a: bigint, b: bigint, c: bigint, rounding: RoundingRule): bigint {
  assert(c !== 0n, 'mulDiv(): division by zero')
  const n = a * b
  const q = n / c
  const r = n % c
  if (r === 0n || rounding === 'down') return q
  const awayFromZero = (n < 0n) !== (c < 0n) ? q - 1n : q + 1n
  const twiceRemainder = 2n * (r < 0n ? -r : r)
  const divisor = c < 0n ? -c : c
  if (twiceRemainder > divisor) return awayFromZero
  if (twiceRemainder < divisor) return q
  if (rounding === 'half_up') return awayFromZero
  if (rounding === 'half_even') return q % 2n === 0n ? q : awayFromZero
  return unreachable(rounding, 'mulDiv(): unknown rounding rule')
}

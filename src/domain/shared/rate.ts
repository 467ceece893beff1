import { assert } from './assert.js'
import { fail, ok, type Result } from './result.js'

/** Millionths of one: 1_000_000 micros = 100%, 10_000 micros = 1%. */
export const MICROS_PER_ONE = 1_000_000n

/** The period a rate applies to: lãi suất năm (per year) or lãi suất tháng (per month). */
export type RatePeriod = 'year' | 'month'

/**
 * An interest rate (lãi suất) as an integer number of millionths per period, so that no float
 * ever touches interest. 6.6%/year is 66_000 micros per year; 0.55%/month is 5_500 per month.
 */
export interface Rate {
  readonly micros: bigint
  readonly per: RatePeriod
}

/**
 * A rate that is not a whole number of micros, kept exact as a reduced fraction:
 * micros = num / den, with den > 1. See `monthlyFromYearly` for why it exists.
 */
export interface RationalRate {
  readonly num: bigint
  readonly den: bigint
  readonly per: RatePeriod
}

function toMicros(micros: bigint | number): bigint {
  if (typeof micros === 'number') {
    assert(Number.isSafeInteger(micros), `rate: ${micros} micros is not a safe integer`)
    micros = BigInt(micros)
  }
  assert(micros >= 0n, `rate: ${micros} micros is negative`)
  return micros
}

/**
 * A yearly rate in micros. A negative rate is a programmer error and throws.
 *
 * @example ratePerYear(66_000n) // 6.6%/year, the poor-household rate
 */
export function ratePerYear(micros: bigint | number): Rate {
  return { micros: toMicros(micros), per: 'year' }
}

/**
 * A monthly rate in micros.
 *
 * @example ratePerMonth(5_500n) // 0.55%/month
 */
export function ratePerMonth(micros: bigint | number): Rate {
  return { micros: toMicros(micros), per: 'month' }
}

/** A percentage as people write it: "6,6", "6.6", "0,55%", "120 %". Four decimals at most. */
const PERCENT = /^(\d{1,4})(?:[.,](\d{1,4}))?\s*%?$/

/**
 * Parses a percentage typed by a person into micros of one. Both "," (Vietnamese) and "."
 * (English) are accepted as the decimal mark, since a percentage never needs thousands
 * grouping. Four decimals of a percent are exactly one micro, so a fifth is rejected rather
 * than rounded. The result carries no period: the caller knows whether it is per year, per
 * month or a relation such as "127% of the base rate".
 *
 * @example parsePercent('6,6')   // ok(66_000n)
 * @example parsePercent('0,55%') // ok(5_500n)
 * @example parsePercent('120')   // ok(1_200_000n)
 */
export function parsePercent(text: string): Result<bigint> {
  const match = PERCENT.exec(text.trim())
  if (match === null) return fail('validation_failed', { input: text })
  const whole = match[1] ?? '0'
  const fraction = (match[2] ?? '').padEnd(4, '0')
  return ok(BigInt(whole) * 10_000n + BigInt(fraction))
}

/**
 * Formats micros of one as a percentage with no trailing zeros, in Vietnamese or English
 * notation.
 *
 * @example formatPercentMicros(1_270_000n) // '127%'
 * @example formatPercentMicros(5_500n, 'en') // '0.55%'
 */
export function formatPercentMicros(micros: bigint, locale: 'vi' | 'en' = 'vi'): string {
  assert(micros >= 0n, `formatPercentMicros(): ${micros} is negative`)
  const whole = (micros / 10_000n).toString()
  const fraction = (micros % 10_000n).toString().padStart(4, '0').replace(/0+$/, '')
  const mark = locale === 'vi' ? ',' : '.'
  return fraction === '' ? `${whole}%` : `${whole}${mark}${fraction}%`
}

const PERIOD_NAMES = {
  vi: { year: 'năm', month: 'tháng' },
  en: { year: 'year', month: 'month' },
} as const

/**
 * Formats a rate as it is printed on contracts and notices.
 *
 * @example formatPercent(ratePerYear(66_000n))        // '6,6%/năm'
 * @example formatPercent(ratePerMonth(5_500n), 'en')  // '0.55%/month'
 */
export function formatPercent(rate: Rate, locale: 'vi' | 'en' = 'vi'): string {
  return `${formatPercentMicros(rate.micros, locale)}/${PERIOD_NAMES[locale][rate.per]}`
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}

/** Reduces num/den (den > 0); a whole result becomes a plain Rate. */
function exactRate(num: bigint, den: bigint, per: RatePeriod): Rate | RationalRate {
  const g = gcd(num, den)
  const [n, d] = [num / g, den / g]
  return d === 1n ? { micros: n, per } : { num: n, den: d, per }
}

/** True when the rate is a whole number of micros (a plain `Rate`). */
export function isWholeRate(rate: Rate | RationalRate): rate is Rate {
  return 'micros' in rate
}

/**
 * The monthly equivalent of a yearly rate, yearly ÷ 12. Decision: the result is never rounded.
 * When 12 divides the micros (6.6%/year → 5_500 micros/month) it is a plain Rate; otherwise it
 * is the exact fraction num/den (e.g. 66_001/12). Rounding a rate would round interest twice;
 * the interest calculation instead multiplies `den` into its single divisor (see
 * `rateFraction` and `mulDiv`) and rounds once at posting.
 *
 * @example monthlyFromYearly(ratePerYear(66_000n)) // { micros: 5_500n, per: 'month' }
 */
export function monthlyFromYearly(rate: Rate): Rate | RationalRate {
  assert(rate.per === 'year', 'monthlyFromYearly(): the rate is already per month')
  return exactRate(rate.micros, 12n, 'month')
}

/**
 * The yearly equivalent of a monthly rate, monthly × 12, which is always exact.
 *
 * @example yearlyFromMonthly(ratePerMonth(5_500n)) // { micros: 66_000n, per: 'year' }
 */
export function yearlyFromMonthly(rate: Rate): Rate {
  assert(rate.per === 'month', 'yearlyFromMonthly(): the rate is already per year')
  return { micros: rate.micros * 12n, per: 'year' }
}

/**
 * Resolves a relation such as "120% of the base rate" (percent in micros of one, so
 * 1_200_000 = 120%). The product is exact: a plain Rate when it is a whole number of micros,
 * which every published Vietnamese rate is, else the exact fraction — never rounded, for the
 * reason given at `monthlyFromYearly`.
 *
 * @example percentOf(ratePerYear(66_000n), 1_200_000n) // { micros: 79_200n, per: 'year' }: 7,92%
 * @example percentOf(ratePerYear(66_000n), 1_300_000n) // 8,58%/năm: overdue interest, 130%
 */
export function percentOf(base: Rate, percentMicros: bigint): Rate | RationalRate {
  assert(percentMicros >= 0n, `percentOf(): ${percentMicros} is negative`)
  return exactRate(base.micros * percentMicros, MICROS_PER_ONE, base.per)
}

/**
 * Any rate as a fraction of micros, for the interest calculation to multiply in before its
 * single rounding.
 *
 * @example rateFraction(ratePerYear(66_000n)) // { num: 66_000n, den: 1n }
 */
export function rateFraction(rate: Rate | RationalRate): { num: bigint; den: bigint } {
  return isWholeRate(rate) ? { num: rate.micros, den: 1n } : { num: rate.num, den: rate.den }
}

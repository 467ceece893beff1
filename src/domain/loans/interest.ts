import { addDays, assert, compareDates, daysBetween, type LocalDate } from '../shared/index.js'

/**
 * Day-count conventions. The bank's practice quotes a monthly rate and charges it ÷ 30 per day
 * ('monthly_30', which on a yearly rate is yearly ÷ 360); Circular 14/2017 of the central bank
 * sets yearly ÷ 365 for credit institutions ('yearly_365'). Programs choose one (default
 * monthly_30); which one the bank applies is recorded with the program's terms.
 */
export type DayCount = 'monthly_30' | 'yearly_365'

export const MICROS = 1_000_000n

/** Days in the divisor of a yearly rate under each convention. */
export const DAYS_PER_YEAR: Readonly<Record<DayCount, bigint>> = { monthly_30: 360n, yearly_365: 365n }

/**
 * The denominator every interest numerator is expressed over: rates are micros per year, the
 * overdue factor is micros of one, and days divide the year. Accruals add up exact numerators and
 * post whole đồng; the remainder (less than one đồng) carries to the next accrual, so over a
 * loan's life nothing is lost or created by rounding ("rounded once, at posting, down, with the
 * remainder carried"). A remainder still below one đồng when the loan closes is dropped.
 */
export function interestDenominator(dayCount: DayCount): bigint {
  return MICROS * MICROS * DAYS_PER_YEAR[dayCount]
}

/** A yearly rate in micros that applies from a date (until the next segment). */
export interface RateSegment {
  readonly from: LocalDate
  readonly yearlyMicros: bigint
}

/** The rate in force on a day: the last segment starting on or before it. */
export function rateOn(segments: readonly RateSegment[], day: LocalDate): bigint {
  let rate: bigint | undefined
  for (const s of segments) if (compareDates(s.from, day) <= 0) rate = s.yearlyMicros
  assert(rate !== undefined, `no rate in force on ${day}`)
  return rate
}

/**
 * Exact interest numerator for `principalDong` over the days [from, to) at the rates in force
 * each day, multiplied by `factorMicros` (1_000_000 = normal rate; 1_300_000 = 130% overdue).
 * Rate changes inside the period split it into segments; no loop runs per day.
 */
export function interestNumerator(
  principalDong: bigint, from: LocalDate, to: LocalDate, segments: readonly RateSegment[], factorMicros: bigint,
): bigint {
  assert(principalDong >= 0n, 'interest on a negative principal')
  if (principalDong === 0n || compareDates(from, to) >= 0) return 0n
  let total = 0n
  let start = from
  // Segments are few (a rate changes by decree), so this loop is bounded by their count.
  const cuts = segments.map((s) => s.from).filter((d) => compareDates(d, from) > 0 && compareDates(d, to) < 0)
  for (const cut of [...cuts, to]) {
    const days = BigInt(daysBetween(start, cut))
    total += principalDong * rateOn(segments, start) * factorMicros * days
    start = cut
  }
  return total
}

/** Splits a numerator plus the carried remainder into whole đồng to post and the new remainder. */
export function postable(numerator: bigint, carry: bigint, denominator: bigint): { dong: bigint; carry: bigint } {
  assert(carry >= 0n && carry < denominator, 'carry is a remainder below one đồng')
  const total = numerator + carry
  return { dong: total / denominator, carry: total % denominator }
}

/** The first day not yet accrued after accruing through `day` inclusive. */
export const dayAfter = (day: LocalDate): LocalDate => addDays(day, 1)

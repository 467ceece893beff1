import { assert } from './assert.js'
import { fail, ok, type Result } from './result.js'

/**
 * A calendar date with no time and no time zone, as ISO 'YYYY-MM-DD': a business date, a due
 * date, a transaction day. A plain string sorts, compares and crosses JSON and SQL `date` as
 * is; the brand guarantees it was validated.
 */
export type LocalDate = string & { readonly __brand: 'LocalDate' }

/** The earliest year a LocalDate may have; older dates are certainly typing mistakes. */
export const MIN_YEAR = 1900
/** The latest year a LocalDate may have. */
export const MAX_YEAR = 2200

const MS_PER_DAY = 86_400_000
/** Vietnam is UTC+7 all year, with no daylight saving time. */
export const VIETNAM_OFFSET_MINUTES = 420

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 &&
    day >= 1 && day <= daysInMonth(year, month)
  )
}

function format(year: number, month: number, day: number): LocalDate {
  const mm = String(month).padStart(2, '0')
  const dd = String(day).padStart(2, '0')
  return `${year}-${mm}-${dd}` as LocalDate
}

/**
 * Makes a date from its parts. An impossible date is a programmer error here (user input goes
 * through the parse functions), so it throws.
 *
 * @example fromYmd(2026, 11, 21) // '2026-11-21'
 */
export function fromYmd(year: number, month: number, day: number): LocalDate {
  assert(isValidYmd(year, month, day), `fromYmd(): ${year}-${month}-${day} is not a valid date`)
  return format(year, month, day)
}

/** The year, month (1–12) and day of a date. */
export function toYmd(d: LocalDate): { year: number; month: number; day: number } {
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) }
}

/** The year of a date, e.g. 2026. */
export function yearOf(d: LocalDate): number {
  return Number(d.slice(0, 4))
}

/** The month of a date, 1 (January) to 12. */
export function monthOf(d: LocalDate): number {
  return Number(d.slice(5, 7))
}

/** The day of the month, 1 to 31. */
export function dayOf(d: LocalDate): number {
  return Number(d.slice(8, 10))
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Parses an ISO date as programs send it (JSON, SQL, URLs).
 *
 * @example parseIsoDate('2026-11-21') // ok('2026-11-21')
 */
export function parseIsoDate(s: string): Result<LocalDate> {
  const m = ISO.exec(s)
  const [y, mo, d] = m === null ? [0, 0, 0] : [Number(m[1]), Number(m[2]), Number(m[3])]
  return isValidYmd(y, mo, d) ? ok(format(y, mo, d)) : fail('invalid_date', { input: s })
}

const VN = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

/**
 * Parses a date as Vietnamese people write it, day first: "21/11/2026" or "1/2/2026".
 *
 * @example parseVnDate('1/2/2026')   // ok('2026-02-01')
 * @example parseVnDate('29/02/2025') // fail('invalid_date'): 2025 is not a leap year
 */
export function parseVnDate(s: string): Result<LocalDate> {
  const m = VN.exec(s.trim())
  const [d, mo, y] = m === null ? [0, 0, 0] : [Number(m[1]), Number(m[2]), Number(m[3])]
  return isValidYmd(y, mo, d) ? ok(format(y, mo, d)) : fail('invalid_date', { input: s })
}

/** True when the value is a valid ISO date string, e.g. to check a row read from storage. */
export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && parseIsoDate(value).ok
}

/**
 * Formats a date the Vietnamese way, dd/mm/yyyy, as on vouchers and reports.
 *
 * @example formatVnDate(fromYmd(2026, 2, 1)) // '01/02/2026'
 */
export function formatVnDate(d: LocalDate): string {
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`
}

/** Days since 1970-01-01: the day number all date arithmetic goes through. */
export function toEpochDay(d: LocalDate): number {
  const { year, month, day } = toYmd(d)
  return Date.UTC(year, month - 1, day) / MS_PER_DAY
}

/** The date of a day number (days since 1970-01-01); throws outside MIN_YEAR..MAX_YEAR. */
export function fromEpochDay(n: number): LocalDate {
  assert(Number.isSafeInteger(n), `fromEpochDay(): ${n} is not an integer`)
  const date = new Date(n * MS_PER_DAY)
  return fromYmd(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())
}

/**
 * Moves a date by a whole number of days, forward or back.
 *
 * @example addDays(fromYmd(2026, 2, 27), 2) // '2026-03-01'
 */
export function addDays(d: LocalDate, days: number): LocalDate {
  assert(Number.isSafeInteger(days), `addDays(): ${days} is not an integer`)
  return fromEpochDay(toEpochDay(d) + days)
}

/**
 * Moves a date by whole months, clamping to the last day of a shorter month, which is how a
 * monthly due date on the 31st falls in February.
 *
 * @example addMonths(fromYmd(2024, 1, 31), 1) // '2024-02-29'
 */
export function addMonths(d: LocalDate, months: number): LocalDate {
  assert(Number.isSafeInteger(months), `addMonths(): ${months} is not an integer`)
  const { year, month, day } = toYmd(d)
  const index = year * 12 + (month - 1) + months
  const y = Math.floor(index / 12)
  const m = index - y * 12 + 1
  assert(y >= MIN_YEAR && y <= MAX_YEAR, `addMonths(): year ${y} is out of range`)
  return fromYmd(y, m, Math.min(day, daysInMonth(y, m)))
}

/**
 * The number of days from a to b (b − a): positive when b is later.
 *
 * @example daysBetween(fromYmd(2026, 1, 1), fromYmd(2026, 2, 1)) // 31
 */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toEpochDay(b) - toEpochDay(a)
}

/** Three-way comparison for sorting; ISO strings compare in calendar order. */
export function compareDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The earlier of two dates. */
export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b
}

/** The later of two dates. */
export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b
}

/**
 * The day of the week, 0 = Sunday (Chủ nhật) to 6 = Saturday (thứ Bảy), as `Date.getDay`.
 *
 * @example dayOfWeek(fromYmd(2026, 5, 2)) // 6: a Saturday
 */
export function dayOfWeek(d: LocalDate): number {
  return new Date(toEpochDay(d) * MS_PER_DAY).getUTCDay()
}

/** True on Saturday and Sunday, the usual weekly rest days. */
export function isWeekend(d: LocalDate): boolean {
  const w = dayOfWeek(d)
  return w === 0 || w === 6
}

/** The first day of the date's month. */
export function startOfMonth(d: LocalDate): LocalDate {
  return fromYmd(yearOf(d), monthOf(d), 1)
}

/** The last day of the date's month, e.g. for month-end close. */
export function endOfMonth(d: LocalDate): LocalDate {
  const { year, month } = toYmd(d)
  return fromYmd(year, month, daysInMonth(year, month))
}

/**
 * The calendar date at an instant in a fixed-offset zone, Vietnam (UTC+7) by default. The
 * instant is a parameter, never read from the clock, so the domain stays pure.
 *
 * @example localDateOf(new Date('2026-11-20T17:00:00Z')) // '2026-11-21': midnight in Hà Nội
 */
export function localDateOf(instant: Date, timeZoneOffsetMinutes = VIETNAM_OFFSET_MINUTES): LocalDate {
  const ms = instant.getTime()
  assert(Number.isFinite(ms), 'localDateOf(): invalid Date')
  assert(Number.isInteger(timeZoneOffsetMinutes), 'localDateOf(): offset must be whole minutes')
  return fromEpochDay(Math.floor((ms + timeZoneOffsetMinutes * 60_000) / MS_PER_DAY))
}

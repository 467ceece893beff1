import { fail, ok, type Result } from '../shared/index.js'

/**
 * A commune transaction point meets on a fixed day of each month (1–31). In a shorter month the
 * day falls on the month's last day, and the transaction-day rules move it off holidays; here
 * only the stored day is checked.
 */
export function checkMonthlyDay(day: number): Result<number> {
  return Number.isInteger(day) && day >= 1 && day <= 31 ? ok(day) : fail('transaction_day_invalid', { day, min: 1, max: 31 })
}

/**
 * The start time of a transaction session, 'HH:MM' on a 24-hour clock.
 *
 * @example checkStartTime('07:30') → ok('07:30'); checkStartTime('7:30') → transaction_time_invalid
 */
export function checkStartTime(time: string): Result<string> {
  return /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(time) ? ok(time) : fail('transaction_time_invalid', { time, format: 'HH:MM' })
}

// Dates and rates of the groups pages: the API speaks ISO dates ('2026-05-01') and millionths;
// people read and type dd/mm/yyyy and percentages with a decimal comma.
import { formatPercentMicros, parsePercent, parseVnDate } from '../../../domain/shared/index.js'
import type { Grade } from './types.js'

/** '2026-05-01' → '01/05/2026'. */
export function isoToVn(date: string | null | undefined): string {
  if (!date) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date
}

/** '1/5/2026' → '2026-05-01'; undefined for text that is not a real date. */
export function vnToIso(text: string): string | undefined {
  const parsed = parseVnDate(text)
  return parsed.ok ? parsed.value : undefined
}

/** '2026-05' → '05/2026'. */
export const periodToVn = (period: string): string => `${period.slice(5, 7)}/${period.slice(0, 4)}`

/** Micros as a percentage: '222222' → '22,2222%'. */
export const microsToPercent = (micros: string, locale: 'vi' | 'en'): string => formatPercentMicros(BigInt(micros), locale)

/** A percentage typed with ',' or '.' → micros as a string; undefined when it is not one. */
export function percentToMicros(text: string): string | undefined {
  const parsed = parsePercent(text)
  return parsed.ok ? parsed.value.toString() : undefined
}

export const GRADE_COLOURS: Readonly<Record<Grade, string>> = { good: 'green', fair: 'blue', average: 'gold', weak: 'red' }

/** The last twelve months up to this one, newest first, as 'YYYY-MM' (in Vietnam time). */
export function recentPeriods(now: Date, count = 12): string[] {
  const shifted = new Date(now.getTime() + 7 * 3600_000)
  const periods: string[] = []
  for (let k = 0; k < count; k++) {
    const d = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth() - k, 1))
    periods.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`)
  }
  return periods
}

// Display helpers of the poverty screens.
import dayjs, { type Dayjs } from 'dayjs'
import type { Locale } from '../../shared/types.js'
import type { HouseholdClass } from './types.js'

/** '2026-10-01' → '01/10/2026' (a calendar date, no time zone involved). */
export function formatDay(date: string | null | undefined): string {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return '—'
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`
}

/** Basis points → '6,02%' (vi) or '6.02%' (en), with integer arithmetic only. */
export function formatRate(basisPoints: number | null, locale: Locale): string {
  if (basisPoints === null) return '—'
  const whole = Math.floor(basisPoints / 100)
  const cents = String(basisPoints % 100).padStart(2, '0')
  return `${whole}${locale === 'vi' ? ',' : '.'}${cents}%`
}

/** A date picker's value as the API's 'YYYY-MM-DD'. */
export const isoDay = (d: Dayjs): string => d.format('YYYY-MM-DD')
export const fromIsoDay = (s: string): Dayjs => dayjs(s)
/** Today in Vietnam (UTC+7), as 'YYYY-MM-DD'. */
export function todayVn(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)
}

export const CLASS_COLOURS: Readonly<Record<HouseholdClass, string>> = { poor: 'red', near_poor: 'orange', average_living: 'gold', not_poor: 'green' }

// Display and input helpers of the transaction day pages: ISO dates shown dd/mm/yyyy, money typed
// as '1.500.000' (or plain digits) read into whole-đồng strings with bigint arithmetic only.
import { parseDong } from '../../../domain/shared/index.js'
import { formatDong } from '../../shared/format.js'

/** '2026-02-15' → '15/02/2026'; '—' for none. */
export function isoToVn(date: string | null | undefined): string {
  if (!date) return '—'
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date)
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date
}

/** '2026-02' → '02/2026'. */
export const periodToVn = (period: string): string => (/^\d{4}-\d{2}$/.test(period) ? `${period.slice(5, 7)}/${period.slice(0, 4)}` : period)

/** A money string from the API as '1.500.000 ₫'; '—' for none. */
export const money = (amount: string | null | undefined): string => (amount === null || amount === undefined ? '—' : formatDong(amount))

/**
 * What a person typed in a money cell: '' is zero, '1.500.000' or '1500000' is that many đồng;
 * undefined when it is not a whole, non-negative amount.
 */
export function cellDong(text: string): bigint | undefined {
  const s = text.trim()
  if (s === '') return 0n
  const parsed = parseDong(s)
  return parsed.ok && parsed.value >= 0n ? parsed.value : undefined
}

/** An amount typed in a field (required): its whole-đồng string, or undefined when invalid. */
export function fieldDong(text: string | undefined): string | undefined {
  const s = (text ?? '').trim()
  if (s === '') return undefined
  const parsed = parseDong(s)
  return parsed.ok && parsed.value >= 0n ? parsed.value.toString() : undefined
}

/** An amount as it is typed back into a cell: grouped, without the symbol ('' for zero). */
export const toCell = (amount: bigint): string => (amount === 0n ? '' : formatDong(amount.toString()).replace(' ₫', ''))

/** The sum of money strings. */
export const sumDong = (...amounts: readonly (string | null | undefined)[]): string => amounts.reduce<bigint>((s, a) => s + BigInt(a ?? '0'), 0n).toString()

// Display formats of the Vietnamese interface: dd/mm/yyyy dates and times in Vietnam time
// (UTC+7, no daylight saving), and whole đồng with dot grouping ("1.500.000 ₫").

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000

const pad2 = (n: number): string => String(n).padStart(2, '0')

/** The wall-clock parts of an instant in Vietnam, whatever the browser's own time zone. */
function vietnamParts(instant: Date) {
  const shifted = new Date(instant.getTime() + VIETNAM_OFFSET_MS)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  }
}

function toDate(value: string | Date): Date | undefined {
  const date = typeof value === 'string' ? new Date(value) : value
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** '2026-03-05T01:30:00Z' → '05/03/2026'. */
export function formatVnDate(value: string | Date): string {
  const date = toDate(value)
  if (!date) return String(value)
  const p = vietnamParts(date)
  return `${pad2(p.day)}/${pad2(p.month)}/${p.year}`
}

/** '2026-03-05T01:30:00Z' → '05/03/2026 08:30'. */
export function formatVnDateTime(value: string | Date): string {
  const date = toDate(value)
  if (!date) return String(value)
  const p = vietnamParts(date)
  return `${pad2(p.day)}/${pad2(p.month)}/${p.year} ${pad2(p.hour)}:${pad2(p.minute)}`
}

/** '2026-03-05T01:30:07Z' → '05/03/2026 08:30:07'. */
export function formatVnDateTimeSeconds(value: string | Date): string {
  const date = toDate(value)
  if (!date) return String(value)
  const p = vietnamParts(date)
  return `${formatVnDateTime(date)}:${pad2(p.second)}`
}

/**
 * The instant a Vietnam calendar day starts, as ISO: (2026, 3, 5) → '2026-03-04T17:00:00.000Z'.
 * Used to turn a picked date range into the API's from/to instants.
 */
export function vietnamDayStartIso(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day) - VIETNAM_OFFSET_MS).toISOString()
}

/** Money arrives as an integer string of whole đồng: '1500000' → '1.500.000 ₫'. */
export function formatDong(amount: string): string {
  if (!/^-?\d+$/.test(amount)) return amount
  const negative = amount.startsWith('-')
  const digits = BigInt(negative ? amount.slice(1) : amount).toString()
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')
  return `${negative ? '-' : ''}${grouped} ₫`
}

const SHORT_UNITS = [
  { size: 1e9, vi: 'tỷ', en: 'bn' },
  { size: 1e6, vi: 'tr', en: 'm' },
  { size: 1e3, vi: 'nghìn', en: 'k' },
] as const

/**
 * A chart tick in đồng, short and in the reader's language: 1_500_000_000 → '1,5 tỷ' (vi) or
 * '1.5 bn' (en). Display only: the chart's value is already a float; figures stay in formatDong.
 */
export function formatDongShort(value: number, locale: 'vi' | 'en'): string {
  const unit = SHORT_UNITS.find((u) => Math.abs(value) >= u.size)
  const number = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 1 }).format(unit ? value / unit.size : value)
  return unit ? `${number} ${unit[locale]}` : number
}

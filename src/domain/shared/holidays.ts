import { AssertionError, assert } from './assert.js'
import { addDays, fromYmd, isWeekend, MAX_YEAR, type LocalDate } from './local-date.js'
import { lunarToSolar } from './lunar-calendar.js'

/** The legal basis of the statutory holidays: Labour Code 2019, Article 112. */
export const LABOUR_CODE_2019_ARTICLE_112 = 'Bộ luật Lao động 2019, Điều 112'

/** The first year the Labour Code 2019 applied (it took effect on 1 January 2021). */
export const FIRST_YEAR_OF_LABOUR_CODE_2019 = 2021

/** One statutory public holiday (ngày nghỉ lễ, tết). */
export interface StatutoryHoliday {
  readonly date: LocalDate
  readonly nameVi: string
  readonly nameEn: string
  readonly legalBasis: typeof LABOUR_CODE_2019_ARTICLE_112
}

/** Which day next to 2 September the government adds to National Day: 1/9 or 3/9. */
export type NationalDayAdjacent = 'before' | 'after'

function holiday(date: LocalDate, nameVi: string, nameEn: string): StatutoryHoliday {
  return { date, nameVi, nameEn, legalBasis: LABOUR_CODE_2019_ARTICLE_112 }
}

/** The five days of Tết: the last day of the old lunar year and lunar 1/1 to 4/1. */
function lunarNewYear(year: number): StatutoryHoliday[] {
  const firstDay = lunarToSolar({ year, month: 1, day: 1, leap: false })
  assert(firstDay !== undefined, `no lunar 1/1 in ${year}`)
  const eve = holiday(addDays(firstDay, -1), 'Tết Âm lịch (ngày cuối năm)', 'Lunar New Year (last day of the lunar year)')
  const days = [1, 2, 3, 4].map((n) =>
    holiday(addDays(firstDay, n - 1), `Tết Âm lịch (mùng ${n})`, `Lunar New Year (day ${n})`),
  )
  return [eve, ...days]
}

/** Giỗ Tổ Hùng Vương, lunar 10/3; in a year with a leap month 3, the first month 3 counts. */
function hungKings(year: number): StatutoryHoliday {
  const date = lunarToSolar({ year, month: 3, day: 10, leap: false })
  assert(date !== undefined, `no lunar 10/3 in ${year}`)
  return holiday(date, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', "Hùng Kings' Commemoration")
}

/**
 * Vietnam's statutory public holidays in a year (11 days), by the rule of Labour Code 2019,
 * Article 112, sorted by date. The government's yearly notice adds bridge days (ngày nghỉ bù,
 * hoán đổi ngày làm việc) and substitute days for holidays that fall on a weekly rest day; those
 * are decisions, not rules, so an administrator records them as data (the database holds them)
 * and this function gives only the statutory base. If two holidays ever share a date, both are
 * listed. Years before 2021, under the earlier code, are refused.
 *
 * @example statutoryHolidays(2026).map((h) => h.date)
 *   // ['2026-01-01', '2026-02-16', …, '2026-02-20', '2026-04-26', '2026-04-30', '2026-05-01',
 *   //  '2026-09-01', '2026-09-02']
 */
export function statutoryHolidays(
  year: number,
  opts: { nationalDayAdjacent?: NationalDayAdjacent } = {},
): StatutoryHoliday[] {
  assert(
    Number.isInteger(year) && year >= FIRST_YEAR_OF_LABOUR_CODE_2019 && year <= MAX_YEAR,
    `statutoryHolidays(): ${year} is outside ${FIRST_YEAR_OF_LABOUR_CODE_2019}..${MAX_YEAR}`,
  )
  const adjacentDay = opts.nationalDayAdjacent === 'after' ? 3 : 1
  const list = [
    holiday(fromYmd(year, 1, 1), 'Tết Dương lịch', "New Year's Day"),
    ...lunarNewYear(year),
    hungKings(year),
    holiday(fromYmd(year, 4, 30), 'Ngày Chiến thắng (30/4)', 'Reunification Day'),
    holiday(fromYmd(year, 5, 1), 'Ngày Quốc tế lao động (1/5)', 'International Labour Day'),
    holiday(fromYmd(year, 9, 2), 'Quốc khánh (2/9)', 'National Day'),
    holiday(fromYmd(year, 9, adjacentDay), 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)'),
  ]
  return list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

/**
 * The set of dates of a list of holidays, statutory or recorded, for fast look-ups.
 *
 * @example holidayDates(statutoryHolidays(2026)).has('2026-04-30') // true
 */
export function holidayDates(holidays: Iterable<{ readonly date: LocalDate }>): ReadonlySet<string> {
  return new Set(Array.from(holidays, (h) => h.date))
}

/** True when the date is in the set of holidays (statutory plus any recorded by an admin). */
export function isHoliday(date: LocalDate, holidays: ReadonlySet<string>): boolean {
  return holidays.has(date)
}

/** No run of holidays and weekends is anywhere near this long; more means corrupt data. */
const MAX_DAYS_SKIPPED = 366

/**
 * The date itself if it is a business day, otherwise the first business day after it: it skips
 * holidays and, when asked, Saturdays and Sundays. It is used to move a commune transaction day
 * (ngày giao dịch xã) that falls on a holiday.
 *
 * @example nextBusinessDay(fromYmd(2026, 4, 30), holidays2026, { skipWeekends: true }) // '2026-05-04'
 */
export function nextBusinessDay(
  date: LocalDate,
  holidays: ReadonlySet<string>,
  opts: { skipWeekends: boolean },
): LocalDate {
  let day = date
  for (let skipped = 0; skipped <= MAX_DAYS_SKIPPED; skipped++) {
    const closed = holidays.has(day) || (opts.skipWeekends && isWeekend(day))
    if (!closed) return day
    day = addDays(day, 1)
  }
  throw new AssertionError(`nextBusinessDay(): no business day within ${MAX_DAYS_SKIPPED} days of ${date}`)
}

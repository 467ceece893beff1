/**
 * The Vietnamese lunisolar calendar (âm lịch), which fixes Tết and the Hùng Kings'
 * Commemoration. This is Hồ Ngọc Đức's well-known algorithm: new moons by Meeus'
 * approximation, the sun's longitude for the solar terms, lunar month 11 is the month that
 * contains the winter solstice, and in a year with 13 months the first month without a major
 * solar term is the leap month. Everything is computed for UTC+7, the meridian of the
 * Vietnamese calendar since 1968; that is why Vietnamese Tết differs from Chinese New Year in
 * some years (1985, 2007). Calendars printed before 1968 used UTC+8 and may differ by a day.
 *
 * Floats appear here and only here, in astronomy, never in money: every result is a whole day.
 */
import { assert } from './assert.js'
import { fromEpochDay, toEpochDay, yearOf, MAX_YEAR, MIN_YEAR, type LocalDate } from './local-date.js'

/** A date in the lunar calendar; `leap` marks the repeated (nhuận) month of a 13-month year. */
export interface LunarDate {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly leap: boolean
}

const TIME_ZONE_HOURS = 7
/** The Julian day number of 1970-01-01, the epoch of `toEpochDay`. */
const JD_OF_EPOCH_DAY_0 = 2_440_588
/** The mean length of a lunation in days. */
const SYNODIC_MONTH = 29.530588853
/** The Julian date of the new moon near 1900-01-01, from which new moons are counted. */
const NEW_MOON_ZERO = 2_415_021.076998695
const RADIANS_PER_DEGREE = Math.PI / 180

function jdOf(d: LocalDate): number {
  return toEpochDay(d) + JD_OF_EPOCH_DAY_0
}

/** Julian day number of 31 December of a year, computed without the LocalDate range limits. */
function jdOfNewYearsEve(year: number): number {
  return Date.UTC(year, 11, 31) / 86_400_000 + JD_OF_EPOCH_DAY_0
}

/** Julian date (UT) of the k-th new moon after 1900-01-01, by Meeus' approximation. */
function newMoon(k: number): number {
  const t = k / 1236.85
  const t2 = t * t
  const t3 = t2 * t
  const dr = RADIANS_PER_DEGREE
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
  const m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * dr
  const mpr = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * dr
  const f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * dr
  let c1 = (0.1734 - 0.000393 * t) * Math.sin(m) + 0.0021 * Math.sin(2 * m)
  c1 += -0.4068 * Math.sin(mpr) + 0.0161 * Math.sin(2 * mpr) - 0.0004 * Math.sin(3 * mpr)
  c1 += 0.0104 * Math.sin(2 * f) - 0.0051 * Math.sin(m + mpr) - 0.0074 * Math.sin(m - mpr)
  c1 += 0.0004 * Math.sin(2 * f + m) - 0.0004 * Math.sin(2 * f - m) - 0.0006 * Math.sin(2 * f + mpr)
  c1 += 0.001 * Math.sin(2 * f - mpr) + 0.0005 * Math.sin(2 * mpr + m)
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2
  return jd + c1 - deltaT
}

/** The Julian day number (local date, UTC+7) on which the k-th new moon falls. */
function newMoonDay(k: number): number {
  return Math.floor(newMoon(k) + 0.5 + TIME_ZONE_HOURS / 24)
}

/** The sun's apparent longitude in radians, 0 to 2π, at a Julian date (UT). */
function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525
  const t2 = t * t
  const dr = RADIANS_PER_DEGREE
  const m = 357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2
  const l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
  let dl = (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(dr * m)
  dl += (0.019993 - 0.000101 * t) * Math.sin(2 * dr * m) + 0.00029 * Math.sin(3 * dr * m)
  const l = (l0 + dl) * dr
  return l - 2 * Math.PI * Math.floor(l / (2 * Math.PI))
}

/** Which 30° sector (0–11) the sun is in at the start of a local day; 9 begins at the solstice. */
function sunSector(dayNumber: number): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - TIME_ZONE_HOURS / 24) / Math.PI) * 6)
}

/** Julian day number of the first day of lunar month 11 that contains the solstice of `year`. */
function month11Start(year: number): number {
  const k = Math.floor((jdOfNewYearsEve(year) - 2415021) / SYNODIC_MONTH)
  const start = newMoonDay(k)
  return sunSector(start) >= 9 ? newMoonDay(k - 1) : start
}

/**
 * In a 13-month lunar year starting at month 11 (a11), how many months after a11 the leap month
 * comes: the first month in which the sun stays in one sector, i.e. with no major solar term.
 */
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - NEW_MOON_ZERO) / SYNODIC_MONTH + 0.5)
  let i = 1
  let arc = sunSector(newMoonDay(k + i))
  let last: number
  do {
    last = arc
    i++
    arc = sunSector(newMoonDay(k + i))
  } while (arc !== last && i < 14)
  return i - 1
}

/** The first day of the lunar month containing a Julian day number. */
function monthStartOf(dayNumber: number): number {
  // The mean-month estimate can be one lunation off near a new moon (the true new moon differs
  // from the mean by up to ~14 hours), so step to the last new moon on or before the day.
  let k = Math.floor((dayNumber - NEW_MOON_ZERO) / SYNODIC_MONTH) + 1
  for (let step = 0; step < 3 && newMoonDay(k) > dayNumber; step++) k--
  for (let step = 0; step < 3 && newMoonDay(k + 1) <= dayNumber; step++) k++
  const start = newMoonDay(k)
  assert(start <= dayNumber && newMoonDay(k + 1) > dayNumber, `no lunar month found for day ${dayNumber}`)
  return start
}

/**
 * Converts a solar (Gregorian) date to the Vietnamese lunar calendar.
 *
 * @example solarToLunar(fromYmd(2026, 2, 17)) // { year: 2026, month: 1, day: 1, leap: false }: Tết
 */
export function solarToLunar(d: LocalDate): LunarDate {
  const dayNumber = jdOf(d)
  const yy = yearOf(d)
  const monthStart = monthStartOf(dayNumber)
  let a11 = month11Start(yy)
  let b11 = a11
  let year: number
  if (a11 >= monthStart) {
    year = yy
    a11 = month11Start(yy - 1)
  } else {
    year = yy + 1
    b11 = month11Start(yy + 1)
  }
  const diff = Math.floor((monthStart - a11) / 29)
  let month = diff + 11
  let leap = false
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11)
    if (diff >= leapDiff) {
      month = diff + 10
      leap = diff === leapDiff
    }
  }
  if (month > 12) month -= 12
  if (month >= 11 && diff < 4) year -= 1
  return { year, month, day: dayNumber - monthStart + 1, leap }
}

/** The month number (1–12) repeated by the leap month at `offset` months after month 11. */
function monthAtLeapOffset(offset: number): number {
  return ((9 + offset) % 12) + 1
}

/** The leap month of the span from month 11 of `year` to month 11 of the next, if any. */
function leapMonthInSpan(year: number): number | undefined {
  const a11 = month11Start(year)
  return month11Start(year + 1) - a11 > 365 ? monthAtLeapOffset(leapMonthOffset(a11)) : undefined
}

/** The Julian day number on which a lunar month begins, or undefined if there is no such month. */
function lunarMonthStart(year: number, month: number, leap: boolean): number | undefined {
  const spanYear = month < 11 ? year - 1 : year
  const a11 = month11Start(spanYear)
  const k = Math.floor(0.5 + (a11 - NEW_MOON_ZERO) / SYNODIC_MONTH)
  let offset = month < 11 ? month + 1 : month - 11
  if (month11Start(spanYear + 1) - a11 > 365) {
    const leapOffset = leapMonthOffset(a11)
    if (leap && month !== monthAtLeapOffset(leapOffset)) return undefined
    if (leap || offset >= leapOffset) offset += 1
  } else if (leap) {
    return undefined
  }
  return newMoonDay(k + offset)
}

const FIRST_EPOCH_DAY = toEpochDay(`${MIN_YEAR}-01-01` as LocalDate)
const LAST_EPOCH_DAY = toEpochDay(`${MAX_YEAR}-12-31` as LocalDate)

/**
 * Converts a lunar date to the solar (Gregorian) date, or undefined when that lunar date does
 * not exist: day 30 of a 29-day month, a leap flag on a month that is not repeated that year,
 * or a result outside the years a LocalDate supports.
 *
 * @example lunarToSolar({ year: 2026, month: 3, day: 10, leap: false }) // '2026-04-26'
 */
export function lunarToSolar(lunar: LunarDate): LocalDate | undefined {
  const { year, month, day, leap } = lunar
  const valid = [year, month, day].every(Number.isInteger) && month >= 1 && month <= 12 && day >= 1 && day <= 30
  if (!valid || year < MIN_YEAR - 1 || year > MAX_YEAR) return undefined
  const start = lunarMonthStart(year, month, leap)
  if (start === undefined) return undefined
  const epochDay = start + day - 1 - JD_OF_EPOCH_DAY_0
  if (epochDay < FIRST_EPOCH_DAY || epochDay > LAST_EPOCH_DAY) return undefined
  const solar = fromEpochDay(epochDay)
  // Day 30 of a 29-day month spills into the next month: the round trip catches it.
  const back = solarToLunar(solar)
  return back.day === day && back.month === month && back.leap === leap ? solar : undefined
}

/**
 * The leap (nhuận) month of a lunar year, or undefined in a year of twelve months. A leap month
 * 11 or 12 is counted in the year it ends, like the months it repeats.
 *
 * @example leapMonthOf(2023) // 2: the year had a second month 2
 */
export function leapMonthOf(year: number): number | undefined {
  assert(Number.isInteger(year), `leapMonthOf(): ${year} is not a whole year`)
  const early = leapMonthInSpan(year - 1)
  if (early !== undefined && early <= 10) return early
  const late = leapMonthInSpan(year)
  return late !== undefined && late >= 11 ? late : undefined
}

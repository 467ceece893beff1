/**
 * When the nightly red-flag run is next due: the next instant whose Vietnamese wall-clock time
 * (UTC+7, no daylight saving) is the given minute of the day, strictly after `now`.
 *
 * @example nextNightlyRun(new Date('2026-06-30T17:00:00Z'), 75) → 2026-06-30T18:15:00Z (01:15 on 01/07 in Vietnam)
 */
export function nextNightlyRun(now: Date, minuteOfDayVn: number): Date {
  const VN_OFFSET_MS = 7 * 3_600_000
  const DAY_MS = 86_400_000
  const local = now.getTime() + VN_OFFSET_MS
  const startOfLocalDay = Math.floor(local / DAY_MS) * DAY_MS
  let next = startOfLocalDay + minuteOfDayVn * 60_000
  if (next <= local) next += DAY_MS
  return new Date(next - VN_OFFSET_MS)
}

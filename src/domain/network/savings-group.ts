import { compareDates, fail, fromYmd, endOfMonth, ok, type LocalDate, type Result } from '../shared/index.js'

/** A savings-and-loan group's life: active; suspended for a while (no new members, no loans); dissolved for good. */
export const GROUP_STATUSES = ['active', 'suspended', 'dissolved'] as const
export type GroupStatus = (typeof GROUP_STATUSES)[number]

export const GROUP_OFFICER_ROLES = ['leader', 'deputy'] as const
/** Tổ trưởng, tổ phó. */
export type GroupOfficerRole = (typeof GROUP_OFFICER_ROLES)[number]

/** Why a household's membership ended. */
export const LEAVE_REASONS = ['left', 'moved', 'household_ended'] as const
export type LeaveReason = (typeof LEAVE_REASONS)[number]

/**
 * The status changes a group may go through. A dissolved group stays on record (loans and
 * history refer to it) and never comes back; it must be empty first — its members move to other
 * groups, since a borrower's loans are collected through a group.
 *
 * @example groupStatusChange('dissolved', 'active', 0) → group_status_transition_invalid
 */
export function groupStatusChange(from: GroupStatus, to: GroupStatus, activeMembers: number): Result<GroupStatus> {
  const allowed: Readonly<Record<GroupStatus, readonly GroupStatus[]>> = { active: ['suspended', 'dissolved'], suspended: ['active', 'dissolved'], dissolved: [] }
  if (!allowed[from].includes(to)) return fail('group_status_transition_invalid', { from, to })
  if (to === 'dissolved' && activeMembers > 0) return fail('group_has_members', { activeMembers })
  return ok(to)
}

/**
 * The date of a change to a group (a member joining or leaving, an officer taking over): not
 * after today, not before the group was founded, not before the change it ends.
 */
export function checkGroupChangeDate(on: LocalDate, today: LocalDate, notBefore: readonly LocalDate[]): Result<LocalDate> {
  if (compareDates(on, today) > 0) return fail('group_change_date_invalid', { reason: 'in_future', on, today })
  for (const bound of notBefore) if (compareDates(on, bound) < 0) return fail('group_change_date_invalid', { reason: 'too_early', on, notBefore: bound })
  return ok(on)
}

/** The founding decision of the commune People's Committee may not be dated in the future. */
export function checkFoundingDate(decisionDate: LocalDate, today: LocalDate): Result<LocalDate> {
  return compareDates(decisionDate, today) > 0 ? fail('group_change_date_invalid', { reason: 'in_future', on: decisionDate, today }) : ok(decisionDate)
}

/** A grading month, 'YYYY-MM', and its last day. */
export interface GradePeriod {
  readonly period: string
  readonly lastDay: LocalDate
}

/**
 * A month to grade: well-formed, not after the current month (the current month is graded on
 * the figures as they stand).
 *
 * @example parseGradePeriod('2026-05', '2026-06-01') → { period: '2026-05', lastDay: '2026-05-31' }
 */
export function parseGradePeriod(text: string, today: LocalDate): Result<GradePeriod> {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text)
  const year = Number(m?.[1])
  if (!m || year < 2000 || year > 2200) return fail('grade_period_invalid', { period: text, expected: 'YYYY-MM' })
  if (text > today.slice(0, 7)) return fail('grade_period_invalid', { period: text, reason: 'in_future', today })
  return ok({ period: text, lastDay: endOfMonth(fromYmd(year, Number(m[2]), 1)) })
}

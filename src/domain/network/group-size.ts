import { fail, ok, type ResultCode, type Result } from '../shared/index.js'
import type { GroupSizeRule } from './network-rules.js'

/** A rule crossed whose action is 'warn': the change goes through and the user is told. */
export interface RuleWarning {
  readonly code: ResultCode
  readonly details: Readonly<Record<string, unknown>>
}

/**
 * One more household joins a group of `members` active members. Over the maximum the rule refuses
 * (`group_too_large`) or warns. A group still forming may be under the minimum: joining is fine.
 *
 * @example checkJoin({ min: 5, max: 60, aboveMax: 'refuse', … }, 60) → group_too_large
 */
export function checkJoin(rule: GroupSizeRule, members: number): Result<RuleWarning[]> {
  const after = members + 1
  if (after <= rule.max) return ok([])
  const details = { max: rule.max, members, membersAfter: after }
  return rule.aboveMax === 'refuse' ? fail('group_too_large', details) : ok([{ code: 'group_too_large', details }])
}

/**
 * One household leaves a group of `members` active members. Under the minimum the rule refuses
 * (`group_below_minimum`) or warns; the usual rule warns, since the group then recruits or merges.
 */
export function checkLeave(rule: GroupSizeRule, members: number): Result<RuleWarning[]> {
  const after = members - 1
  if (after >= rule.min) return ok([])
  const details = { min: rule.min, members, membersAfter: after }
  return rule.belowMin === 'refuse' ? fail('group_below_minimum', details) : ok([{ code: 'group_below_minimum', details }])
}

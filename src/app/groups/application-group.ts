import { RuleViolation } from '../../domain/shared/index.js'
import { activeMembershipOf, communeHasGroups } from '../../db/repositories/groups.js'
import type { Executor } from '../context.js'

/**
 * The savings group a loan application goes through (a household's loans through a group record
 * that group), decided inside the application's transaction:
 *
 * - a group given must be an active group the household is a current member of
 *   (`member_not_in_group`, `group_not_active`);
 * - none given: for an entrusted loan, the household's current group when it is active; a direct
 *   loan (cho vay trực tiếp) goes through no group;
 * - transition: in a commune with no group registered yet, a given group number is kept as it
 *   is (applications from before the registry carry free numbers; there is nothing to check
 *   against). Once the commune's first group is registered the check applies.
 */
export async function resolveApplicationGroup(trx: Executor, household: { id: bigint; commune_unit_id: number }, given: bigint | null, channel: 'entrusted' | 'direct'): Promise<bigint | null> {
  if (given === null && channel === 'direct') return null
  const membership = await activeMembershipOf(trx, household.id)
  if (given === null) return membership?.group_status === 'active' ? membership.group_id : null
  if (!(await communeHasGroups(trx, household.commune_unit_id))) return given
  if (membership?.group_id !== given) throw new RuleViolation('member_not_in_group', { householdId: household.id, groupId: given })
  if (membership.group_status !== 'active') throw new RuleViolation('group_not_active', { id: given, status: membership.group_status })
  return given
}

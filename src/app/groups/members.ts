import { checkGroupChangeDate, checkJoin, checkLeave, type RuleWarning } from '../../domain/network/index.js'
import { orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import {
  activeMemberCount, activeMembershipOf, closeMembership, endOfficerTerms, findGroupInScope, insertMembership, lockHouseholdForGroup,
} from '../../db/repositories/groups.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { groupDetail, loadGroupForChange, toGroupSummary, type GroupDetail, type GroupSummary } from './groups.js'
import { rulesFor } from './rules.js'
import { authorOf, dateOrToday, isActiveMembershipConflict, memberInAnotherGroup, todayOf, withMessages, type Warning } from './shared.js'

/** A change of membership answers with the group as it now is and the rules that warned. */
export interface MembershipOutcome {
  readonly group: GroupDetail
  readonly warnings: readonly Warning[]
}

/** Inserts an open membership; a concurrent join that slipped past the checks hits the unique index. */
async function join(trx: Executor, row: Parameters<typeof insertMembership>[1]): Promise<bigint> {
  try {
    return await insertMembership(trx, row)
  } catch (error) {
    if (isActiveMembershipConflict(error)) throw new RuleViolation('member_in_another_group', { householdId: row.household_id })
    throw error
  }
}

async function sizeRules(trx: Executor, on: LocalDate, provinceCode: string) {
  return (await rulesFor(trx, on, provinceCode)).rules.groupSize
}

/**
 * Adds a household to a group (vào tổ). The household lives in the group's commune and is in no
 * other group — a household belongs to one group at a time, checked here and enforced by the
 * database. Over the size limit the rules in force refuse or warn.
 */
export async function addMember(db: Executor, ctx: RequestContext, groupId: bigint, input: { householdId: bigint; joinedOn?: string | null | undefined; note?: string | null | undefined }): Promise<MembershipOutcome> {
  requirePermission(ctx, 'groups.manage', 'write')
  const on = dateOrToday(ctx, input.joinedOn)
  return inTransaction(db, async (trx) => {
    const group = await loadGroupForChange(trx, ctx, groupId)
    if (group.status !== 'active') throw new RuleViolation('group_not_active', { id: groupId, status: group.status })
    const household = await lockHouseholdForGroup(trx, input.householdId, ctx.actor.scopePath)
    if (!household) throw new RuleViolation('not_found', { entity: 'household', id: input.householdId })
    if (household.status !== 'active') throw new RuleViolation('household_not_active', { householdId: household.id, status: household.status })
    if (household.commune_unit_id !== group.communeUnitId) throw new RuleViolation('member_not_in_group_commune', { householdId: household.id, communeUnitId: group.communeUnitId })
    const current = await activeMembershipOf(trx, household.id)
    if (current?.group_id === groupId) throw new RuleViolation('member_already_in_group', { householdId: household.id, groupId })
    if (current) throw memberInAnotherGroup(ctx, current)
    orThrow(checkGroupChangeDate(on, todayOf(ctx), [group.foundingDecisionDate as LocalDate]))
    const warnings = orThrow(checkJoin(await sizeRules(trx, on, group.provinceCode), await activeMemberCount(trx, groupId)))
    const id = await join(trx, { province_code: group.provinceCode, group_id: groupId, household_id: household.id, joined_on: on, moved_from_group_id: null, note: input.note?.trim() || null, created_by: authorOf(ctx) })
    const after = await groupDetail(trx, ctx, groupId)
    await recordAudit(trx, ctx, {
      action: 'group_membership.add', entityType: 'savings_group', entityId: groupId,
      after: { membershipId: id, householdId: household.id, householdCode: household.code, joinedOn: on, warnings: warnings.map((w) => w.code) }, scopePath: group.communePath,
    })
    return { group: after, warnings: withMessages(warnings) }
  })
}

/**
 * A household leaves a group (ra khỏi tổ) on a date: its membership is closed, never deleted, and
 * any leader or deputy term of its members in the group ends the same day. Under the minimum size
 * the rules refuse or warn.
 */
export async function leaveGroup(
  db: Executor, ctx: RequestContext, groupId: bigint, householdId: bigint, input: { on?: string | null | undefined; reason?: 'left' | 'household_ended' | undefined; note?: string | null | undefined },
): Promise<MembershipOutcome> {
  requirePermission(ctx, 'groups.manage', 'write')
  const on = dateOrToday(ctx, input.on)
  return inTransaction(db, async (trx) => {
    const group = await loadGroupForChange(trx, ctx, groupId)
    const membership = await activeMembershipOf(trx, householdId)
    if (!membership || membership.group_id !== groupId) throw new RuleViolation('member_not_in_group', { householdId, groupId })
    orThrow(checkGroupChangeDate(on, todayOf(ctx), [membership.joined_on as LocalDate]))
    const warnings = orThrow(checkLeave(await sizeRules(trx, on, group.provinceCode), await activeMemberCount(trx, groupId)))
    await closeMembership(trx, membership.id, { left_on: on, leave_reason: input.reason ?? 'left', moved_to_group_id: null, note: input.note?.trim() || null, ended_by: authorOf(ctx) })
    const endedTerms = await endOfficerTerms(trx, groupId, on, { householdId })
    const after = await groupDetail(trx, ctx, groupId)
    await recordAudit(trx, ctx, {
      action: 'group_membership.leave', entityType: 'savings_group', entityId: groupId,
      before: { membershipId: membership.id, householdId, joinedOn: membership.joined_on },
      after: { leftOn: on, reason: input.reason ?? 'left', endedOfficerTerms: endedTerms.map((t) => t.id), warnings: warnings.map((w) => w.code) }, scopePath: group.communePath,
    })
    return { group: after, warnings: withMessages(warnings) }
  })
}

/**
 * A household that ends (split, merged into another, dissolved) leaves its group the same day:
 * the open membership is closed as `household_ended` (never on a day before it joined) and its
 * members' leader or deputy terms in the group end. The ending is a fact of the registry, so no
 * size rule refuses it; the group's officer sees the smaller group and acts. Called inside the
 * household change's transaction; audited on the group.
 */
export async function endMembershipOfEndedHousehold(trx: Executor, ctx: RequestContext, householdId: bigint, on: LocalDate): Promise<void> {
  const membership = await activeMembershipOf(trx, householdId)
  if (!membership) return
  const leftOn = on < membership.joined_on ? membership.joined_on : on
  await closeMembership(trx, membership.id, { left_on: leftOn, leave_reason: 'household_ended', moved_to_group_id: null, note: null, ended_by: authorOf(ctx) })
  const endedTerms = await endOfficerTerms(trx, membership.group_id, leftOn, { householdId })
  await recordAudit(trx, ctx, {
    action: 'group_membership.leave', entityType: 'savings_group', entityId: membership.group_id,
    before: { membershipId: membership.id, householdId, joinedOn: membership.joined_on },
    after: { leftOn, reason: 'household_ended', endedOfficerTerms: endedTerms.map((t) => t.id) }, scopePath: membership.commune_path,
  })
}

/**
 * Moves a household from one group to another of its commune (chuyển tổ) on a date: the old
 * membership is closed as 'moved' pointing to the new one, the new one records where it came
 * from. Both groups' size rules apply: the target's maximum, the source's minimum.
 */
export async function moveMember(
  db: Executor, ctx: RequestContext, fromGroupId: bigint, householdId: bigint, input: { toGroupId: bigint; on?: string | null | undefined; note?: string | null | undefined },
): Promise<MembershipOutcome & { target: GroupSummary }> {
  requirePermission(ctx, 'groups.manage', 'write')
  if (input.toGroupId === fromGroupId) throw new RuleViolation('member_move_same_group', { groupId: fromGroupId })
  const on = dateOrToday(ctx, input.on)
  return inTransaction(db, async (trx) => {
    // Lock both groups in id order, so two opposite moves at once wait instead of deadlocking.
    const [first, second] = fromGroupId < input.toGroupId ? [fromGroupId, input.toGroupId] : [input.toGroupId, fromGroupId]
    const loaded = new Map<bigint, Awaited<ReturnType<typeof loadGroupForChange>>>()
    loaded.set(first, await loadGroupForChange(trx, ctx, first))
    loaded.set(second, await loadGroupForChange(trx, ctx, second))
    const source = loaded.get(fromGroupId)!
    const target = loaded.get(input.toGroupId)!
    if (target.status !== 'active') throw new RuleViolation('group_not_active', { id: target.id, status: target.status })
    const household = await lockHouseholdForGroup(trx, householdId, '/1/')
    const membership = await activeMembershipOf(trx, householdId)
    if (!household || !membership || membership.group_id !== fromGroupId) throw new RuleViolation('member_not_in_group', { householdId, groupId: fromGroupId })
    if (household.status !== 'active') throw new RuleViolation('household_not_active', { householdId, status: household.status })
    if (household.commune_unit_id !== target.communeUnitId) throw new RuleViolation('member_not_in_group_commune', { householdId, communeUnitId: target.communeUnitId })
    orThrow(checkGroupChangeDate(on, todayOf(ctx), [membership.joined_on as LocalDate, target.foundingDecisionDate as LocalDate]))
    const warnings: RuleWarning[] = [
      ...orThrow(checkLeave(await sizeRules(trx, on, source.provinceCode), await activeMemberCount(trx, fromGroupId))),
      ...orThrow(checkJoin(await sizeRules(trx, on, target.provinceCode), await activeMemberCount(trx, input.toGroupId))),
    ]
    const note = input.note?.trim() || null
    await closeMembership(trx, membership.id, { left_on: on, leave_reason: 'moved', moved_to_group_id: input.toGroupId, note, ended_by: authorOf(ctx) })
    const endedTerms = await endOfficerTerms(trx, fromGroupId, on, { householdId })
    const id = await join(trx, { province_code: target.provinceCode, group_id: input.toGroupId, household_id: householdId, joined_on: on, moved_from_group_id: fromGroupId, note, created_by: authorOf(ctx) })
    const after = await groupDetail(trx, ctx, fromGroupId)
    const targetAfter = toGroupSummary((await findGroupInScope(trx, input.toGroupId, ctx.actor.scopePath))!)
    const audit = { householdId, householdCode: household.code, from: { groupId: fromGroupId, membershipId: membership.id }, to: { groupId: input.toGroupId, membershipId: id }, on, endedOfficerTerms: endedTerms.map((t) => t.id), warnings: warnings.map((w) => w.code) }
    await recordAudit(trx, ctx, { action: 'group_membership.move_out', entityType: 'savings_group', entityId: fromGroupId, after: audit, scopePath: source.communePath })
    await recordAudit(trx, ctx, { action: 'group_membership.move_in', entityType: 'savings_group', entityId: input.toGroupId, after: audit, scopePath: target.communePath })
    return { group: after, target: targetAfter, warnings: withMessages(warnings) }
  })
}

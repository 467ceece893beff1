import { checkGroupChangeDate, type GroupOfficerRole } from '../../domain/network/index.js'
import { compareDates, orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { endOfficerTerms, memberPersonInGroup, officersOf } from '../../db/repositories/groups.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { groupDetail, loadGroupForChange, type GroupDetail } from './groups.js'
import { authorOf, dateOrToday, todayOf } from './shared.js'

/**
 * Appoints the group's leader or deputy (tổ trưởng, tổ phó) from a date: a current member of a
 * household in the group. The one holding the role until then steps down the same day; a person
 * moving from deputy to leader ends the deputy term too. Terms are history, never rewritten.
 */
export async function assignOfficer(
  db: Executor, ctx: RequestContext, groupId: bigint, input: { role: GroupOfficerRole; personId: bigint; from?: string | null | undefined; note?: string | null | undefined },
): Promise<GroupDetail> {
  requirePermission(ctx, 'groups.manage', 'write')
  const from = dateOrToday(ctx, input.from)
  return inTransaction(db, async (trx) => {
    const group = await loadGroupForChange(trx, ctx, groupId)
    if (group.status === 'dissolved') throw new RuleViolation('group_not_active', { id: groupId, status: group.status })
    const member = await memberPersonInGroup(trx, groupId, input.personId)
    if (!member) throw new RuleViolation('group_officer_not_member', { personId: input.personId, groupId })
    const open = (await officersOf(trx, groupId)).filter((o) => o.to_date === null && (o.role === input.role || o.person_id === input.personId))
    orThrow(checkGroupChangeDate(from, todayOf(ctx), [group.foundingDecisionDate as LocalDate, member.joined_on as LocalDate, ...open.map((o) => o.from_date as LocalDate)]))
    const current = open.find((o) => o.role === input.role)
    if (current?.person_id === input.personId) return groupDetail(trx, ctx, groupId)
    const ended = [
      ...(await endOfficerTerms(trx, groupId, from, { role: input.role })),
      ...(await endOfficerTerms(trx, groupId, from, { personId: input.personId })),
    ]
    const { id } = await trx
      .insertInto('group_officers')
      .values({ group_id: groupId, role: input.role, person_id: input.personId, household_id: member.household_id, from_date: from, to_date: null, note: input.note?.trim() || null, created_by: authorOf(ctx) })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, {
      action: 'group_officer.assign', entityType: 'savings_group', entityId: groupId,
      before: ended.length ? { ended: ended.map((e) => ({ id: e.id, role: e.role, personId: e.person_id })) } : null,
      after: { officerId: id, role: input.role, personId: input.personId, householdId: member.household_id, from }, scopePath: group.communePath,
    })
    return groupDetail(trx, ctx, groupId)
  })
}

/** Ends a leader's or deputy's term on a date without naming a successor yet. */
export async function endOfficer(db: Executor, ctx: RequestContext, groupId: bigint, officerId: bigint, input: { on?: string | null | undefined }): Promise<GroupDetail> {
  requirePermission(ctx, 'groups.manage', 'write')
  const on = dateOrToday(ctx, input.on)
  return inTransaction(db, async (trx) => {
    const group = await loadGroupForChange(trx, ctx, groupId)
    const term = (await officersOf(trx, groupId)).find((o) => o.id === officerId && o.to_date === null)
    if (!term) throw new RuleViolation('not_found', { entity: 'group_officer', id: officerId })
    if (compareDates(on, todayOf(ctx)) > 0 || compareDates(on, term.from_date as LocalDate) < 0) throw new RuleViolation('group_change_date_invalid', { on, from: term.from_date })
    await endOfficerTerms(trx, groupId, on, { id: officerId })
    await recordAudit(trx, ctx, { action: 'group_officer.end', entityType: 'savings_group', entityId: groupId, before: { officerId, role: term.role, personId: term.person_id }, after: { toDate: on }, scopePath: group.communePath })
    return groupDetail(trx, ctx, groupId)
  })
}

import type { Organisation } from '../../domain/access/index.js'
import { checkFoundingDate, groupStatusChange, nextSeriesCode, type GroupGrade, type GroupOfficerRole, type GroupStatus, type LeaveReason } from '../../domain/network/index.js'
import { compareDates, orThrow, parseIsoDate, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { findOrganisationUnit } from '../../db/repositories/entrustment.js'
import {
  activeMemberCount, findGroupInScope, gradesOf, groupCodes, groupCodeTaken, listGroupsInScope, lockGroupInScope, membershipsOf, officersOf,
  type GroupFilter, type GroupRow, type MembershipRow, type OfficerRow,
} from '../../db/repositories/groups.js'
import { findCommuneWithPlace, findVillage } from '../../db/repositories/households.js'
import { findPointInScope } from '../../db/repositories/network.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { authorOf, dateOrToday, requireOwnOrganisation, todayOf } from './shared.js'

/** A savings-and-loan group (Tổ TK&VV) as lists show it. */
export interface GroupSummary {
  readonly id: bigint
  readonly code: string
  readonly name: string
  readonly provinceCode: string
  readonly communeUnitId: number
  readonly communeName: string
  readonly villageUnitId: number | null
  readonly villageName: string | null
  readonly transactionPointId: number
  readonly pointCode: string
  readonly pointSiteName: string
  readonly pointMonthlyDay: number
  readonly organisationUnitId: number
  readonly organisationUnitName: string
  readonly organisation: Organisation
  readonly foundingDecisionNumber: string
  readonly foundingDecisionDate: string
  readonly status: GroupStatus
  readonly statusChangedOn: string | null
  readonly statusReason: string | null
  readonly memberCount: number
  readonly leaderName: string | null
  /** The latest month graded, its grade and score (null when never graded or not gradable yet). */
  readonly latestGrade: { readonly period: string; readonly grade: GroupGrade | null; readonly score: number | null } | null
  readonly createdAt: Date
}

export interface MembershipView {
  readonly id: bigint
  readonly householdId: bigint
  readonly householdCode: string
  readonly headName: string | null
  readonly joinedOn: string
  readonly leftOn: string | null
  readonly leaveReason: LeaveReason | null
  readonly movedFrom: { readonly id: bigint; readonly code: string | null } | null
  readonly movedTo: { readonly id: bigint; readonly code: string | null } | null
  readonly note: string | null
}

export interface OfficerView {
  readonly id: bigint
  readonly role: GroupOfficerRole
  readonly personId: bigint
  readonly personName: string
  readonly citizenId: string | null
  readonly householdId: bigint
  readonly householdCode: string
  readonly fromDate: string
  readonly toDate: string | null
  readonly note: string | null
}

export interface GradeView {
  readonly period: string
  readonly runId: bigint
  readonly score: number | null
  readonly grade: GroupGrade | null
  /** How each factor was assessed (see gradeGroup): values, points, or why it was not assessed. */
  readonly factors: unknown
  readonly rulesId: number
  readonly source: 'snapshot' | 'current'
  readonly computedAt: Date
}

export interface GroupDetail extends GroupSummary {
  /** Current members first, then former ones: the whole history, nothing is deleted. */
  readonly members: readonly MembershipView[]
  readonly officers: readonly OfficerView[]
  readonly grades: readonly GradeView[]
}

export function toGroupSummary(r: GroupRow): GroupSummary {
  return {
    id: r.id, code: r.code, name: r.name, provinceCode: r.province_code, communeUnitId: r.commune_unit_id, communeName: r.commune_name, villageUnitId: r.village_unit_id,
    villageName: r.village_name, transactionPointId: r.transaction_point_id, pointCode: r.point_code, pointSiteName: r.point_site_name, pointMonthlyDay: r.point_monthly_day,
    organisationUnitId: r.organisation_unit_id, organisationUnitName: r.organisation_unit_name, organisation: r.organisation, foundingDecisionNumber: r.founding_decision_number,
    foundingDecisionDate: r.founding_decision_date, status: r.status, statusChangedOn: r.status_changed_on, statusReason: r.status_reason, memberCount: r.member_count,
    leaderName: r.leader_name, latestGrade: r.grade_period === null ? null : { period: r.grade_period, grade: r.grade, score: r.grade_score }, createdAt: r.created_at,
  }
}

const toMembership = (m: MembershipRow): MembershipView => ({
  id: m.id, householdId: m.household_id, householdCode: m.household_code, headName: m.head_name, joinedOn: m.joined_on, leftOn: m.left_on, leaveReason: m.leave_reason,
  movedFrom: m.moved_from_group_id === null ? null : { id: m.moved_from_group_id, code: m.moved_from_group_code },
  movedTo: m.moved_to_group_id === null ? null : { id: m.moved_to_group_id, code: m.moved_to_group_code },
  note: m.note,
})

const toOfficer = (o: OfficerRow): OfficerView => ({
  id: o.id, role: o.role, personId: o.person_id, personName: o.person_name, citizenId: o.citizen_id, householdId: o.household_id, householdCode: o.household_code,
  fromDate: o.from_date, toDate: o.to_date, note: o.note,
})

/** The group with its history; `not_found` outside the reader's scope. */
export async function groupDetail(db: Executor, ctx: RequestContext, id: bigint): Promise<GroupDetail> {
  const row = await findGroupInScope(db, id, ctx.actor.scopePath)
  if (!row) throw new RuleViolation('not_found', { entity: 'savings_group', id })
  // Sequential on purpose: inside a transaction (PGlite has one connection) queries do not overlap.
  const members = await membershipsOf(db, id)
  const officers = await officersOf(db, id)
  const grades = await gradesOf(db, id, 36)
  return {
    ...toGroupSummary(row),
    members: members.map(toMembership),
    officers: officers.map(toOfficer),
    grades: grades.map((g) => ({ period: g.period, runId: g.run_id, score: g.score, grade: g.grade, factors: g.factors, rulesId: g.rules_id, source: g.source, computedAt: g.computed_at })),
  }
}

/** Locks a group of the actor's scope that the actor may manage, and loads it with its commune's path. */
export async function loadGroupForChange(trx: Executor, ctx: RequestContext, id: bigint): Promise<GroupDetail & { communePath: string }> {
  if (!(await lockGroupInScope(trx, id, ctx.actor.scopePath))) throw new RuleViolation('not_found', { entity: 'savings_group', id })
  const group = await groupDetail(trx, ctx, id)
  await requireOwnOrganisation(trx, ctx, group.organisation)
  return { ...group, communePath: (await findGroupInScope(trx, id, ctx.actor.scopePath))!.commune_path }
}

export async function getGroup(db: Executor, ctx: RequestContext, id: bigint): Promise<GroupDetail> {
  requirePermission(ctx, 'groups.read')
  return groupDetail(db, ctx, id)
}

export async function listGroups(db: Executor, ctx: RequestContext, filter: GroupFilter & { limit: number; offset: number }): Promise<{ items: GroupSummary[]; total: number }> {
  requirePermission(ctx, 'groups.read')
  const { rows, total } = await listGroupsInScope(db, ctx.actor.scopePath, filter, filter.limit, filter.offset)
  return { items: rows.map(toGroupSummary), total }
}

/** What the audit log keeps of a group: the registry facts, not the derived views. */
const auditView = (g: GroupSummary) => ({
  code: g.code, name: g.name, communeUnitId: g.communeUnitId, villageUnitId: g.villageUnitId, transactionPointId: g.transactionPointId,
  organisationUnitId: g.organisationUnitId, foundingDecisionNumber: g.foundingDecisionNumber, foundingDecisionDate: g.foundingDecisionDate, status: g.status,
})

/** A village of the commune, an open transaction point of the commune, an active commune union of the commune. */
async function checkPlacement(trx: Executor, ctx: RequestContext, communeUnitId: number, input: { villageUnitId?: number | null | undefined; transactionPointId?: number | undefined; organisationUnitId?: number | undefined }) {
  if (input.villageUnitId != null) {
    const village = await findVillage(trx, input.villageUnitId)
    if (!village || village.kind !== 'village' || village.parent_id !== communeUnitId) throw new RuleViolation('village_not_in_commune', { villageUnitId: input.villageUnitId, communeUnitId })
  }
  if (input.transactionPointId !== undefined) {
    const point = await findPointInScope(trx, input.transactionPointId, ctx.actor.scopePath)
    if (!point || point.commune_unit_id !== communeUnitId || point.status !== 'active') throw new RuleViolation('group_point_invalid', { transactionPointId: input.transactionPointId, communeUnitId })
  }
  if (input.organisationUnitId !== undefined) {
    const org = await findOrganisationUnit(trx, input.organisationUnitId)
    if (!org || org.level !== 'commune' || org.bank_unit_id !== communeUnitId || org.status !== 'active')
      throw new RuleViolation('group_organisation_invalid', { organisationUnitId: input.organisationUnitId, communeUnitId })
    await requireOwnOrganisation(trx, ctx, org.organisation)
  }
}

export interface CreateGroupInput {
  readonly communeUnitId: number
  /** Defaults to '<commune code>-TNN'. */
  readonly code?: string | null | undefined
  readonly name: string
  readonly villageUnitId?: number | null | undefined
  readonly transactionPointId: number
  readonly organisationUnitId: number
  readonly foundingDecisionNumber: string
  readonly foundingDecisionDate: string
}

/**
 * Founds a group (thành lập Tổ TK&VV) in a commune of the actor's scope, on the commune People's
 * Committee's decision: it meets at one of the commune's open transaction points and belongs to
 * the commune's unit of one organisation. It starts with no members.
 */
export async function createGroup(db: Executor, ctx: RequestContext, input: CreateGroupInput): Promise<GroupDetail> {
  requirePermission(ctx, 'groups.manage', 'write')
  const decisionDate = orThrow(checkFoundingDate(orThrow(parseIsoDate(input.foundingDecisionDate)), todayOf(ctx)))
  return inTransaction(db, async (trx) => {
    const commune = await findCommuneWithPlace(trx, input.communeUnitId, ctx.actor.scopePath)
    if (!commune) throw new RuleViolation('not_found', { entity: 'unit', id: input.communeUnitId })
    if (commune.kind !== 'commune') throw new RuleViolation('unit_not_commune', { unitId: commune.id, kind: commune.kind })
    await checkPlacement(trx, ctx, commune.id, input)
    const given = input.code?.trim()
    const code = given || nextSeriesCode(`${commune.admin_code ?? commune.id}-T`, await groupCodes(trx, commune.id), 2)
    if (await groupCodeTaken(trx, code)) throw new RuleViolation('group_code_taken', { code })
    const provinceCode = commune.place_province_code ?? commune.province_code
    if (provinceCode === null) throw new RuleViolation('commune_not_linked_to_place', { communeUnitId: commune.id })
    const { id } = await trx
      .insertInto('savings_groups')
      .values({
        province_code: provinceCode, code, name: input.name.trim(), commune_unit_id: commune.id, village_unit_id: input.villageUnitId ?? null,
        transaction_point_id: input.transactionPointId, organisation_unit_id: input.organisationUnitId, founding_decision_number: input.foundingDecisionNumber.trim(),
        founding_decision_date: decisionDate, status_changed_on: null, status_reason: null, created_by: authorOf(ctx),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const detail = await groupDetail(trx, ctx, id)
    await recordAudit(trx, ctx, { action: 'savings_group.create', entityType: 'savings_group', entityId: id, after: auditView(detail), scopePath: commune.path })
    return detail
  })
}

export interface UpdateGroupInput {
  readonly name?: string | undefined
  readonly villageUnitId?: number | null | undefined
  readonly transactionPointId?: number | undefined
}

/** Renames a group, or changes its village or transaction point (a point that closed, a new site). */
export async function updateGroup(db: Executor, ctx: RequestContext, id: bigint, input: UpdateGroupInput): Promise<GroupDetail> {
  requirePermission(ctx, 'groups.manage', 'write')
  return inTransaction(db, async (trx) => {
    if (!(await lockGroupInScope(trx, id, ctx.actor.scopePath))) throw new RuleViolation('not_found', { entity: 'savings_group', id })
    const before = await groupDetail(trx, ctx, id)
    await requireOwnOrganisation(trx, ctx, before.organisation)
    if (before.status === 'dissolved') throw new RuleViolation('group_not_active', { id, status: before.status })
    await checkPlacement(trx, ctx, before.communeUnitId, { villageUnitId: input.villageUnitId, transactionPointId: input.transactionPointId })
    await trx
      .updateTable('savings_groups')
      .set({
        name: input.name?.trim() || before.name,
        village_unit_id: input.villageUnitId === undefined ? before.villageUnitId : input.villageUnitId,
        transaction_point_id: input.transactionPointId ?? before.transactionPointId,
      })
      .where('id', '=', id)
      .execute()
    const after = await groupDetail(trx, ctx, id)
    await recordAudit(trx, ctx, { action: 'savings_group.update', entityType: 'savings_group', entityId: id, before: auditView(before), after: auditView(after), scopePath: (await findGroupInScope(trx, id, '/1/'))!.commune_path })
    return after
  })
}

/**
 * Suspends, reactivates or dissolves a group on a date with the reason. A suspended group takes no
 * new member and no loan; a dissolved one must be empty and stays on record for good.
 */
export async function changeGroupStatus(db: Executor, ctx: RequestContext, id: bigint, input: { status: GroupStatus; on?: string | null | undefined; reason: string }): Promise<GroupDetail> {
  requirePermission(ctx, 'groups.manage', 'write')
  const reason = input.reason.trim()
  if (!reason) throw new RuleViolation('validation_failed', { field: 'reason' })
  const on = dateOrToday(ctx, input.on)
  return inTransaction(db, async (trx) => {
    const locked = await lockGroupInScope(trx, id, ctx.actor.scopePath)
    if (!locked) throw new RuleViolation('not_found', { entity: 'savings_group', id })
    const before = await groupDetail(trx, ctx, id)
    await requireOwnOrganisation(trx, ctx, before.organisation)
    if (compareDates(on, todayOf(ctx)) > 0 || compareDates(on, before.foundingDecisionDate as LocalDate) < 0)
      throw new RuleViolation('group_change_date_invalid', { on, foundedOn: before.foundingDecisionDate })
    const status = orThrow(groupStatusChange(before.status, input.status, await activeMemberCount(trx, id)))
    await trx.updateTable('savings_groups').set({ status, status_changed_on: on, status_reason: reason }).where('id', '=', id).execute()
    const after = await groupDetail(trx, ctx, id)
    await recordAudit(trx, ctx, { action: `savings_group.${status === 'active' ? 'reactivate' : status === 'suspended' ? 'suspend' : 'dissolve'}`, entityType: 'savings_group', entityId: id, before: { status: before.status }, after: { status, on, reason }, scopePath: (await findGroupInScope(trx, id, '/1/'))!.commune_path })
    return after
  })
}

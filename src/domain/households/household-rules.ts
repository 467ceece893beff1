import { fail, ok, type LocalDate, type Result } from '../shared/index.js'
import { checkJoinDate } from './person.js'
import type { Relation } from './relation.js'

export const HOUSEHOLD_STATUSES = ['active', 'split', 'merged', 'dissolved'] as const
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number]

/** A current member as the rules see it. */
export interface MemberFacts {
  readonly personId: bigint
  readonly relation: Relation
  readonly birthDate: LocalDate | null
  readonly joinedOn: LocalDate
}

/** A household as the rules see it: its state and its current members. */
export interface HouseholdFacts {
  readonly id: bigint
  readonly status: HouseholdStatus
  readonly communeUnitId: number
  readonly formedOn: LocalDate
  readonly members: readonly MemberFacts[]
}

/** A member placed by a decision: who, and in what relation to the head. */
export interface Placement {
  readonly personId: bigint
  readonly relation: Relation
}

/**
 * The composition rule of every household: at least one member, nobody twice, exactly one head.
 *
 * @example checkComposition([{ personId: 1n, relation: 'head' }, { personId: 2n, relation: 'spouse' }]) // ok
 */
export function checkComposition(members: readonly { readonly personId?: bigint | undefined; readonly relation: Relation }[]): Result<void> {
  if (members.length === 0) return fail('household_empty')
  const seen = new Set<bigint>()
  for (const m of members) {
    if (m.personId === undefined) continue
    if (seen.has(m.personId)) return fail('household_duplicate_member', { personId: m.personId })
    seen.add(m.personId)
  }
  const heads = members.filter((m) => m.relation === 'head').length
  if (heads === 0) return fail('household_head_missing')
  if (heads > 1) return fail('household_multiple_heads', { heads })
  return ok(undefined)
}

/** An event date may not lie in the future nor before the household was formed. */
export function checkEventDate(household: Pick<HouseholdFacts, 'id' | 'formedOn'>, on: LocalDate, today: LocalDate): Result<void> {
  if (on > today) return fail('event_date_in_future', { on, today })
  if (on < household.formedOn) return fail('event_date_before_formed', { on, formedOn: household.formedOn, householdId: household.id })
  return ok(undefined)
}

function checkActive(household: HouseholdFacts): Result<void> {
  return household.status === 'active' ? ok(undefined) : fail('household_not_active', { householdId: household.id, status: household.status })
}

function memberOf(household: HouseholdFacts, personId: bigint): Result<MemberFacts> {
  const member = household.members.find((m) => m.personId === personId)
  return member ? ok(member) : fail('person_not_in_household', { personId, householdId: household.id })
}

/** A member leaves on `on`: not before joining. */
function checkLeave(member: MemberFacts, on: LocalDate): Result<void> {
  return on < member.joinedOn ? fail('event_date_before_joined', { personId: member.personId, joinedOn: member.joinedOn, on }) : ok(undefined)
}

function firstFailure(...results: Result<unknown>[]): Result<void> {
  for (const r of results) if (!r.ok) return r
  return ok(undefined)
}

/**
 * A new household's members, all joining on the day it is formed.
 *
 * @example planFormation([{ personId: undefined, relation: 'head', birthDate: '1980-01-01' }], '2026-01-10', '2026-01-10') // ok
 */
export function planFormation(
  members: readonly { readonly personId?: bigint | undefined; readonly relation: Relation; readonly birthDate: LocalDate | null }[],
  formedOn: LocalDate,
  today: LocalDate,
): Result<void> {
  if (formedOn > today) return fail('event_date_in_future', { on: formedOn, today })
  for (const [index, m] of members.entries()) {
    const joined = checkJoinDate(m.birthDate, formedOn)
    if (!joined.ok) return fail(joined.code, { ...joined.details, memberIndex: index })
  }
  return checkComposition(members)
}

/** Adds a member (born, married in, returned) on `on`. */
export function planAddMember(household: HouseholdFacts, member: MemberFacts, today: LocalDate): Result<HouseholdFacts> {
  const checks = firstFailure(
    checkActive(household),
    checkEventDate(household, member.joinedOn, today),
    checkJoinDate(member.birthDate, member.joinedOn),
  )
  if (!checks.ok) return checks
  if (household.members.some((m) => m.personId === member.personId)) return fail('household_duplicate_member', { personId: member.personId })
  const members = [...household.members, member]
  const composition = checkComposition(members)
  return composition.ok ? ok({ ...household, members }) : composition
}

/** A member leaves (died, moved away) on `on`. The head leaves only after the head is changed. */
export function planRemoveMember(household: HouseholdFacts, personId: bigint, on: LocalDate, today: LocalDate): Result<HouseholdFacts> {
  const checks = firstFailure(checkActive(household), checkEventDate(household, on, today))
  if (!checks.ok) return checks
  const member = memberOf(household, personId)
  if (!member.ok) return member
  const leave = checkLeave(member.value, on)
  if (!leave.ok) return leave
  const members = household.members.filter((m) => m.personId !== personId)
  if (members.length === 0) return fail('household_would_be_empty', { householdId: household.id })
  if (member.value.relation === 'head') return fail('household_head_cannot_leave', { personId, householdId: household.id })
  return ok({ ...household, members })
}

/**
 * Another current member becomes the head; the former head takes `formerHeadRelation`, and the
 * other members may be given new relations to the new head.
 */
export function planChangeHead(
  household: HouseholdFacts,
  newHeadId: bigint,
  formerHeadRelation: Relation,
  otherRelations: ReadonlyMap<bigint, Relation>,
  on: LocalDate,
  today: LocalDate,
): Result<HouseholdFacts> {
  const checks = firstFailure(checkActive(household), checkEventDate(household, on, today))
  if (!checks.ok) return checks
  const newHead = memberOf(household, newHeadId)
  if (!newHead.ok) return newHead
  if (newHead.value.relation === 'head') return fail('person_already_head', { personId: newHeadId })
  for (const personId of otherRelations.keys()) {
    const m = memberOf(household, personId)
    if (!m.ok) return m
  }
  const members = household.members.map((m): MemberFacts => {
    if (m.personId === newHeadId) return { ...m, relation: 'head' }
    if (m.relation === 'head') return { ...m, relation: otherRelations.get(m.personId) ?? formerHeadRelation }
    return { ...m, relation: otherRelations.get(m.personId) ?? m.relation }
  })
  const composition = checkComposition(members)
  return composition.ok ? ok({ ...household, members }) : composition
}

/** One member moves from one household to another on `on`, taking `relation` to the new head. */
export function planMoveMember(
  source: HouseholdFacts,
  target: HouseholdFacts,
  personId: bigint,
  relation: Relation,
  on: LocalDate,
  today: LocalDate,
): Result<{ readonly source: HouseholdFacts; readonly target: HouseholdFacts }> {
  if (source.id === target.id) return fail('household_same_household', { householdId: source.id })
  const checks = firstFailure(checkActive(source), checkActive(target), checkEventDate(source, on, today), checkEventDate(target, on, today))
  if (!checks.ok) return checks
  const removed = planRemoveMember(source, personId, on, today)
  if (!removed.ok) return removed
  const member = source.members.find((m) => m.personId === personId)
  if (member === undefined) return fail('person_not_in_household', { personId, householdId: source.id })
  const added = planAddMember(target, { ...member, relation, joinedOn: on }, today)
  if (!added.ok) return added
  return ok({ source: removed.value, target: added.value })
}

/** The outcome of a split: what stays in the source and the households that are formed. */
export interface SplitPlan {
  readonly source: HouseholdFacts
  readonly formed: readonly (readonly MemberFacts[])[]
}

/**
 * Tách hộ: members leave the source to form new households, each with its own head. The source
 * keeps the rest (naming a new head among them if its head leaves) or, when everyone leaves into
 * two or more households, ends with status 'split'.
 */
export function planSplit(
  source: HouseholdFacts,
  groups: readonly (readonly Placement[])[],
  remainingHeadId: bigint | null,
  on: LocalDate,
  today: LocalDate,
): Result<SplitPlan> {
  const checks = firstFailure(checkActive(source), checkEventDate(source, on, today))
  if (!checks.ok) return checks
  if (groups.length === 0) return fail('household_empty')
  const leaving = new Set<bigint>()
  const formed: MemberFacts[][] = []
  for (const group of groups) {
    const composition = checkComposition(group)
    if (!composition.ok) return composition
    const members: MemberFacts[] = []
    for (const placement of group) {
      if (leaving.has(placement.personId)) return fail('household_duplicate_member', { personId: placement.personId })
      leaving.add(placement.personId)
      const member = memberOf(source, placement.personId)
      if (!member.ok) return member
      const leave = checkLeave(member.value, on)
      if (!leave.ok) return leave
      members.push({ ...member.value, relation: placement.relation, joinedOn: on })
    }
    formed.push(members)
  }
  const remaining = source.members.filter((m) => !leaving.has(m.personId))
  if (remaining.length === 0) {
    if (groups.length < 2) return fail('household_split_empty_source', { householdId: source.id })
    if (remainingHeadId !== null) return fail('person_not_in_household', { personId: remainingHeadId, householdId: source.id })
    return ok({ source: { ...source, status: 'split', members: [] }, formed })
  }
  const headStays = remaining.some((m) => m.relation === 'head')
  if (headStays && remainingHeadId !== null) return fail('household_multiple_heads', { householdId: source.id })
  if (!headStays && remainingHeadId === null) return fail('household_head_missing', { householdId: source.id })
  const nextRemaining = headStays ? remaining : remaining.map((m): MemberFacts => (m.personId === remainingHeadId ? { ...m, relation: 'head' } : m))
  if (!headStays && !remaining.some((m) => m.personId === remainingHeadId))
    return fail('person_not_in_household', { personId: remainingHeadId, householdId: source.id })
  return ok({ source: { ...source, members: nextRemaining }, formed })
}

/** The outcome of a merge: the grown target and the sources, ended with status 'merged'. */
export interface MergePlan {
  readonly target: HouseholdFacts
  readonly sources: readonly HouseholdFacts[]
  readonly moved: readonly MemberFacts[]
}

/**
 * Nhập hộ: every current member of the sources joins the target on `on`, taking the relation
 * given for them (default 'other'); the sources end. All must be active and in the same commune.
 */
export function planMerge(
  target: HouseholdFacts,
  sources: readonly HouseholdFacts[],
  relations: ReadonlyMap<bigint, Relation>,
  on: LocalDate,
  today: LocalDate,
): Result<MergePlan> {
  if (sources.length === 0) return fail('household_empty')
  const checks = firstFailure(checkActive(target), checkEventDate(target, on, today))
  if (!checks.ok) return checks
  const seen = new Set<bigint>([target.id])
  const moved: MemberFacts[] = []
  for (const source of sources) {
    if (seen.has(source.id)) return fail('household_same_household', { householdId: source.id })
    seen.add(source.id)
    const sourceChecks = firstFailure(checkActive(source), checkEventDate(source, on, today))
    if (!sourceChecks.ok) return sourceChecks
    if (source.communeUnitId !== target.communeUnitId)
      return fail('household_merge_different_communes', { householdId: source.id, communeUnitId: source.communeUnitId, targetCommuneUnitId: target.communeUnitId })
    for (const member of source.members) {
      const leave = checkLeave(member, on)
      if (!leave.ok) return leave
      moved.push({ ...member, relation: relations.get(member.personId) ?? 'other', joinedOn: on })
    }
  }
  for (const personId of relations.keys())
    if (!moved.some((m) => m.personId === personId)) return fail('person_not_in_household', { personId })
  const members = [...target.members, ...moved]
  const composition = checkComposition(members)
  if (!composition.ok) return composition
  return ok({ target: { ...target, members }, sources: sources.map((s) => ({ ...s, status: 'merged' as const, members: [] })), moved })
}

/** Xóa hộ: every member leaves on `on` and the household ends with status 'dissolved'. */
export function planDissolve(household: HouseholdFacts, on: LocalDate, today: LocalDate): Result<HouseholdFacts> {
  const checks = firstFailure(checkActive(household), checkEventDate(household, on, today))
  if (!checks.ok) return checks
  for (const member of household.members) {
    const leave = checkLeave(member, on)
    if (!leave.ok) return leave
  }
  return ok({ ...household, status: 'dissolved', members: [] })
}

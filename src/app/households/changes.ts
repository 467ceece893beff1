import {
  checkComposition,
  planAddMember,
  planChangeHead,
  planDissolve,
  planMerge,
  planMoveMember,
  planRemoveMember,
  planSplit,
  type HouseholdFacts,
  type Relation,
} from '../../domain/households/index.js'
import { orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import {
  allocateIds,
  endMemberships,
  findCommuneWithPlace,
  findPerson,
  findRegisteredCitizens,
  insertHouseholds,
  insertMembers,
  insertPersons,
  setRelation,
  updatePerson,
  type LockedHousehold,
  type MemberRow,
} from '../../db/repositories/households.js'
import { recordAudit } from '../audit.js'
import { endMembershipOfEndedHousehold } from '../groups/members.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { householdDetail, type HouseholdDetail, type HouseholdSummary } from './queries.js'
import { auditView, cleanAddress, householdCode } from './register.js'
import {
  checkPersonInput,
  checkVillage,
  citizenIdInOtherHousehold,
  claimCitizenIds,
  dateOrToday,
  loadForChange,
  personColumns,
  recordEvent,
  todayOf,
  type MemberInput,
  type PersonInput,
} from './shared.js'

type Loaded = Awaited<ReturnType<typeof loadForChange>>

/** Locks several households in id order, so two requests touching the same ones cannot deadlock. */
async function loadManyForChange(trx: Executor, ctx: RequestContext, ids: readonly bigint[]): Promise<Map<bigint, Loaded>> {
  const loaded = new Map<bigint, Loaded>()
  for (const id of [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) loaded.set(id, await loadForChange(trx, ctx, id))
  return loaded
}

function mustGet(map: Map<bigint, Loaded>, id: bigint): Loaded {
  const found = map.get(id)
  if (found === undefined) throw new RuleViolation('not_found', { entity: 'household', id })
  return found
}

/** Writes a next state's relations where they differ from the stored ones. */
async function applyRelations(trx: Executor, householdId: bigint, before: readonly MemberRow[], next: HouseholdFacts): Promise<void> {
  for (const m of next.members) {
    const stored = before.find((b) => b.person_id === m.personId)
    if (stored !== undefined && stored.relation !== m.relation) await setRelation(trx, householdId, m.personId, m.relation)
  }
}

async function setHead(trx: Executor, householdId: bigint, next: HouseholdFacts): Promise<void> {
  const head = next.members.find((m) => m.relation === 'head')
  if (head !== undefined) await trx.updateTable('households').set({ head_person_id: head.personId }).where('id', '=', householdId).execute()
}

/** The household ends on a date; it leaves its savings group the same day. */
async function endHousehold(trx: Executor, ctx: RequestContext, householdId: bigint, status: 'split' | 'merged' | 'dissolved', on: LocalDate): Promise<void> {
  await trx.updateTable('households').set({ status, ended_on: on }).where('id', '=', householdId).execute()
  await endMembershipOfEndedHousehold(trx, ctx, householdId, on)
}

function ensureActive(row: LockedHousehold): void {
  if (row.status !== 'active') throw new RuleViolation('household_not_active', { householdId: row.id, status: row.status })
}

async function audited(
  trx: Executor,
  ctx: RequestContext,
  action: string,
  row: LockedHousehold,
  before: HouseholdDetail,
  extra: Record<string, unknown> = {},
): Promise<HouseholdDetail> {
  const after = await householdDetail(trx, ctx, row.id)
  await recordAudit(trx, ctx, { action, entityType: 'household', entityId: row.id, before: auditView(before), after: { ...auditView(after), ...extra }, scopePath: row.commune_path })
  return after
}

export interface UpdateHouseholdInput {
  readonly address?: string | null | undefined
  readonly villageUnitId?: number | null | undefined
  readonly note?: string | null | undefined
}

/** Edits the address or the village of an active household. Absent fields are left as they are. */
export async function updateHousehold(db: Executor, ctx: RequestContext, id: bigint, input: UpdateHouseholdInput): Promise<HouseholdDetail> {
  requirePermission(ctx, 'households.manage', 'write')
  const address = input.address === undefined ? undefined : cleanAddress(input.address)
  return inTransaction(db, async (trx) => {
    const { row } = await loadForChange(trx, ctx, id)
    ensureActive(row)
    const before = await householdDetail(trx, ctx, id)
    const villageUnitId = input.villageUnitId === undefined ? undefined : await checkVillage(trx, input.villageUnitId, row.commune_unit_id)
    await trx.updateTable('households').set({ ...(address !== undefined ? { address } : {}), ...(villageUnitId !== undefined ? { village_unit_id: villageUnitId } : {}) }).where('id', '=', id).execute()
    await recordEvent(trx, ctx, row.province_code, { kind: 'details_changed', on: todayOf(ctx), targets: [id], note: input.note })
    return audited(trx, ctx, 'household.update', row, before)
  })
}

export interface AddMemberInput {
  readonly member: MemberInput
  readonly joinedOn?: string | null | undefined
  readonly note?: string | null | undefined
}

/** A member joins (birth, marriage, return): a new person, or a registered one with no current household. */
export async function addMember(db: Executor, ctx: RequestContext, id: bigint, input: AddMemberInput): Promise<HouseholdDetail> {
  requirePermission(ctx, 'households.manage', 'write')
  const today = todayOf(ctx)
  const joinedOn = dateOrToday(ctx, input.joinedOn)
  const person = checkPersonInput(input.member, today)
  return inTransaction(db, async (trx) => {
    const { row, facts } = await loadForChange(trx, ctx, id)
    const before = await householdDetail(trx, ctx, id)
    const reusable = await claimCitizenIds(trx, ctx, [person])
    const reused = person.citizenId === null ? undefined : reusable.get(person.citizenId)
    const [personId] = reused !== undefined ? [reused] : await allocateIds(trx, 'persons', 1)
    if (personId === undefined) throw new Error('no person id allocated')
    orThrow(planAddMember(facts, { personId, relation: input.member.relation, birthDate: person.birthDate, joinedOn }, today))
    if (reused !== undefined) await updatePerson(trx, reused, personColumns(person))
    else await insertPersons(trx, [{ id: personId, province_code: row.province_code, ...personColumns(person) }])
    await insertMembers(trx, [{ household_id: id, person_id: personId, relation: input.member.relation, joined_on: joinedOn }])
    await recordEvent(trx, ctx, row.province_code, { kind: 'member_added', on: joinedOn, targets: [id], persons: [personId], note: input.note })
    return audited(trx, ctx, 'household.member_add', row, before)
  })
}

export interface RemoveMemberInput {
  readonly on?: string | null | undefined
  /** Why: died, moved away … */
  readonly note?: string | null | undefined
}

/** A member leaves (death, moving away). The head leaves only after the head is changed. */
export async function removeMember(db: Executor, ctx: RequestContext, id: bigint, personId: bigint, input: RemoveMemberInput): Promise<HouseholdDetail> {
  requirePermission(ctx, 'households.manage', 'write')
  const today = todayOf(ctx)
  const on = dateOrToday(ctx, input.on)
  return inTransaction(db, async (trx) => {
    const { row, facts } = await loadForChange(trx, ctx, id)
    orThrow(planRemoveMember(facts, personId, on, today))
    const before = await householdDetail(trx, ctx, id)
    await endMemberships(trx, id, [personId], on)
    await recordEvent(trx, ctx, row.province_code, { kind: 'member_removed', on, sources: [id], persons: [personId], note: input.note })
    return audited(trx, ctx, 'household.member_remove', row, before)
  })
}

export interface UpdateMemberInput extends PersonInput {
  readonly relation?: Relation | undefined
}

/** Corrects a current member's personal details or relation (not the head: change the head for that). */
export async function updateMember(db: Executor, ctx: RequestContext, id: bigint, personId: bigint, input: UpdateMemberInput): Promise<HouseholdDetail> {
  requirePermission(ctx, 'households.manage', 'write')
  const person = checkPersonInput(input, todayOf(ctx))
  return inTransaction(db, async (trx) => {
    const { row, facts, members } = await loadForChange(trx, ctx, id)
    ensureActive(row)
    const member = members.find((m) => m.person_id === personId)
    if (member === undefined) throw new RuleViolation('person_not_in_household', { personId, householdId: id })
    if (person.birthDate !== null && person.birthDate > member.joined_on) throw new RuleViolation('joined_before_birth', { birthDate: person.birthDate, joinedOn: member.joined_on })
    const relation = input.relation ?? (member.relation as Relation)
    orThrow(checkComposition(facts.members.map((m) => (m.personId === personId ? { ...m, relation } : m))))
    const stored = await findPerson(trx, personId)
    if (person.citizenId !== null && person.citizenId !== stored?.citizen_id) {
      const [other] = await findRegisteredCitizens(trx, [person.citizenId])
      if (other !== undefined) {
        if (other.household_id !== null) throw citizenIdInOtherHousehold(ctx, other.citizen_id, other.household_code, other.commune_path)
        throw new RuleViolation('citizen_id_already_registered', { citizenId: person.citizenId })
      }
    }
    const before = await householdDetail(trx, ctx, id)
    await updatePerson(trx, personId, personColumns(person))
    if (relation !== member.relation) await setRelation(trx, id, personId, relation)
    await recordEvent(trx, ctx, row.province_code, { kind: 'member_updated', on: todayOf(ctx), targets: [id], persons: [personId] })
    return audited(trx, ctx, 'household.member_update', row, before)
  })
}

export interface ChangeHeadInput {
  readonly personId: bigint
  /** The former head's relation to the new head. */
  readonly formerHeadRelation: Relation
  /** New relations of other members to the new head, where they change. */
  readonly relations?: readonly { readonly personId: bigint; readonly relation: Relation }[] | undefined
  readonly on?: string | null | undefined
  readonly note?: string | null | undefined
}

export async function changeHead(db: Executor, ctx: RequestContext, id: bigint, input: ChangeHeadInput): Promise<HouseholdDetail> {
  requirePermission(ctx, 'households.manage', 'write')
  const today = todayOf(ctx)
  const on = dateOrToday(ctx, input.on)
  return inTransaction(db, async (trx) => {
    const { row, facts, members } = await loadForChange(trx, ctx, id)
    const others = new Map((input.relations ?? []).map((r) => [r.personId, r.relation]))
    const next = orThrow(planChangeHead(facts, input.personId, input.formerHeadRelation, others, on, today))
    const before = await householdDetail(trx, ctx, id)
    await applyRelations(trx, id, members, next)
    await setHead(trx, id, next)
    await recordEvent(trx, ctx, row.province_code, { kind: 'head_changed', on, targets: [id], persons: [input.personId], note: input.note })
    return audited(trx, ctx, 'household.head_change', row, before)
  })
}

export interface MoveMemberInput {
  readonly toHouseholdId: bigint
  readonly relation: Relation
  readonly on?: string | null | undefined
  readonly note?: string | null | undefined
}

/** A member moves from one household to another (both in the actor's scope), on one date. */
export async function moveMember(
  db: Executor,
  ctx: RequestContext,
  fromId: bigint,
  personId: bigint,
  input: MoveMemberInput,
): Promise<{ source: HouseholdDetail; target: HouseholdDetail }> {
  requirePermission(ctx, 'households.manage', 'write')
  const today = todayOf(ctx)
  const on = dateOrToday(ctx, input.on)
  if (fromId === input.toHouseholdId) throw new RuleViolation('household_same_household', { householdId: fromId })
  return inTransaction(db, async (trx) => {
    const loaded = await loadManyForChange(trx, ctx, [fromId, input.toHouseholdId])
    const source = mustGet(loaded, fromId)
    const target = mustGet(loaded, input.toHouseholdId)
    orThrow(planMoveMember(source.facts, target.facts, personId, input.relation, on, today))
    const beforeSource = await householdDetail(trx, ctx, fromId)
    const beforeTarget = await householdDetail(trx, ctx, input.toHouseholdId)
    await endMemberships(trx, fromId, [personId], on)
    await insertMembers(trx, [{ household_id: input.toHouseholdId, person_id: personId, relation: input.relation, joined_on: on }])
    await recordEvent(trx, ctx, source.row.province_code, { kind: 'member_moved', on, sources: [fromId], targets: [input.toHouseholdId], persons: [personId], note: input.note })
    const after = {
      source: await audited(trx, ctx, 'household.member_move_out', source.row, beforeSource, { personId, toHouseholdId: input.toHouseholdId }),
      target: await audited(trx, ctx, 'household.member_move_in', target.row, beforeTarget, { personId, fromHouseholdId: fromId }),
    }
    return after
  })
}

export interface SplitInput {
  readonly newHouseholds: readonly {
    readonly code?: string | null | undefined
    readonly villageUnitId?: number | null | undefined
    readonly address?: string | null | undefined
    readonly members: readonly { readonly personId: bigint; readonly relation: Relation }[]
  }[]
  /** Who heads what remains, when the head leaves. */
  readonly remainingHeadPersonId?: bigint | null | undefined
  readonly on?: string | null | undefined
  readonly note?: string | null | undefined
}

/**
 * Tách hộ: members leave to form new households in the same commune (same residence type),
 * each with its own head. Village and address default to the source's.
 */
export async function splitHousehold(db: Executor, ctx: RequestContext, id: bigint, input: SplitInput): Promise<{ source: HouseholdDetail; formed: HouseholdSummary[] }> {
  requirePermission(ctx, 'households.manage', 'write')
  const today = todayOf(ctx)
  const on = dateOrToday(ctx, input.on)
  const addresses = input.newHouseholds.map((h) => (h.address === undefined ? undefined : cleanAddress(h.address)))
  return inTransaction(db, async (trx) => {
    const { row, facts, members } = await loadForChange(trx, ctx, id)
    const plan = orThrow(planSplit(facts, input.newHouseholds.map((h) => h.members), input.remainingHeadPersonId ?? null, on, today))
    const before = await householdDetail(trx, ctx, id)
    const commune = await findCommuneWithPlace(trx, row.commune_unit_id, ctx.actor.scopePath)
    const leaving = plan.formed.flatMap((g) => g.map((m) => m.personId))
    await endMemberships(trx, id, leaving, on)
    const ids = await allocateIds(trx, 'households', plan.formed.length)
    for (const [index, group] of plan.formed.entries()) {
      const spec = input.newHouseholds[index]!
      const newId = ids[index]!
      const head = group.find((m) => m.relation === 'head')!
      await insertHouseholds(trx, [{
        id: newId,
        code: await householdCode(trx, commune?.admin_code ?? null, spec.code),
        province_code: row.province_code,
        commune_unit_id: row.commune_unit_id,
        village_unit_id: spec.villageUnitId === undefined ? row.village_unit_id : await checkVillage(trx, spec.villageUnitId, row.commune_unit_id),
        address: addresses[index] === undefined ? row.address : addresses[index]!,
        residence_type: row.residence_type,
        head_person_id: head.personId,
        formed_on: on,
      }])
      await insertMembers(trx, group.map((m) => ({ household_id: newId, person_id: m.personId, relation: m.relation, joined_on: on })))
    }
    if (plan.source.status === 'split') await endHousehold(trx, ctx, id, 'split', on)
    else {
      await applyRelations(trx, id, members, plan.source)
      await setHead(trx, id, plan.source)
    }
    await recordEvent(trx, ctx, row.province_code, { kind: 'split', on, sources: [id], targets: ids, persons: leaving, note: input.note })
    const source = await audited(trx, ctx, 'household.split', row, before, { formedHouseholdIds: ids })
    const formed: HouseholdSummary[] = []
    for (const newId of ids) {
      const detail = await householdDetail(trx, ctx, newId)
      await recordAudit(trx, ctx, { action: 'household.create', entityType: 'household', entityId: newId, after: { ...auditView(detail), splitFrom: id }, scopePath: row.commune_path })
      formed.push(detail)
    }
    return { source, formed }
  })
}

export interface MergeInput {
  readonly sourceHouseholdIds: readonly bigint[]
  /** The relation to the target's head of each person who joins; 'other' when not given. */
  readonly relations?: readonly { readonly personId: bigint; readonly relation: Relation }[] | undefined
  readonly on?: string | null | undefined
  readonly note?: string | null | undefined
}

/** Nhập hộ: the sources' members join the target; the sources end with status 'merged'. */
export async function mergeHouseholds(db: Executor, ctx: RequestContext, targetId: bigint, input: MergeInput): Promise<HouseholdDetail> {
  requirePermission(ctx, 'households.manage', 'write')
  const today = todayOf(ctx)
  const on = dateOrToday(ctx, input.on)
  if (input.sourceHouseholdIds.includes(targetId)) throw new RuleViolation('household_same_household', { householdId: targetId })
  return inTransaction(db, async (trx) => {
    const loaded = await loadManyForChange(trx, ctx, [targetId, ...input.sourceHouseholdIds])
    const target = mustGet(loaded, targetId)
    const sources = input.sourceHouseholdIds.map((sid) => mustGet(loaded, sid))
    const relations = new Map((input.relations ?? []).map((r) => [r.personId, r.relation]))
    const plan = orThrow(planMerge(target.facts, sources.map((s) => s.facts), relations, on, today))
    const before = await householdDetail(trx, ctx, targetId)
    for (const source of sources) {
      const sourceBefore = await householdDetail(trx, ctx, source.row.id)
      await endMemberships(trx, source.row.id, source.facts.members.map((m) => m.personId), on)
      await endHousehold(trx, ctx, source.row.id, 'merged', on)
      await audited(trx, ctx, 'household.merge_out', source.row, sourceBefore, { mergedInto: targetId })
    }
    await insertMembers(trx, plan.moved.map((m) => ({ household_id: targetId, person_id: m.personId, relation: m.relation, joined_on: on })))
    await recordEvent(trx, ctx, target.row.province_code, {
      kind: 'merged', on, sources: sources.map((s) => s.row.id), targets: [targetId], persons: plan.moved.map((m) => m.personId), note: input.note,
    })
    return audited(trx, ctx, 'household.merge', target.row, before, { mergedFrom: input.sourceHouseholdIds })
  })
}

export interface DissolveInput {
  readonly on?: string | null | undefined
  readonly note?: string | null | undefined
}

/** Xóa hộ: every member leaves and the household ends (its history stays). */
export async function dissolveHousehold(db: Executor, ctx: RequestContext, id: bigint, input: DissolveInput): Promise<HouseholdDetail> {
  requirePermission(ctx, 'households.manage', 'write')
  const today = todayOf(ctx)
  const on = dateOrToday(ctx, input.on)
  return inTransaction(db, async (trx) => {
    const { row, facts } = await loadForChange(trx, ctx, id)
    orThrow(planDissolve(facts, on, today))
    const before = await householdDetail(trx, ctx, id)
    const leaving = facts.members.map((m) => m.personId)
    await endMemberships(trx, id, leaving, on)
    await endHousehold(trx, ctx, id, 'dissolved', on)
    await recordEvent(trx, ctx, row.province_code, { kind: 'dissolved', on, sources: [id], persons: leaving, note: input.note })
    return audited(trx, ctx, 'household.dissolve', row, before)
  })
}

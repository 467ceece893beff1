import {
  checkPerson,
  isRelation,
  type CheckedPerson,
  type HouseholdFacts,
  type HouseholdStatus,
  type PersonDraft,
  type Relation,
  type Sex,
} from '../../domain/households/index.js'
import { inScope } from '../../domain/access/index.js'
import { localDateOf, orThrow, parseIsoDate, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import {
  currentMembers,
  findCommuneWithPlace,
  findRegisteredCitizens,
  findVillage,
  insertEvents,
  lockHouseholdInScope,
  type CommuneWithPlace,
  type EventKind,
  type LockedHousehold,
  type MemberRow,
} from '../../db/repositories/households.js'
import type { Executor, RequestContext } from '../context.js'

/** A person as the API and the forms send it (dates ISO 'YYYY-MM-DD'). */
export interface PersonInput {
  readonly fullName: string
  readonly birthDate?: string | null | undefined
  readonly sex?: Sex | null | undefined
  readonly ethnicity?: string | null | undefined
  readonly citizenId?: string | null | undefined
  readonly phone?: string | null | undefined
  readonly healthInsured?: boolean | null | undefined
  readonly inSchool?: boolean | null | undefined
}

export interface MemberInput extends PersonInput {
  readonly relation: Relation
}

/** Today in Vietnam: the default date of a change, and the bound no date may pass. */
export const todayOf = (ctx: RequestContext): LocalDate => localDateOf(ctx.now)

export function dateOrToday(ctx: RequestContext, on: string | null | undefined): LocalDate {
  return on === undefined || on === null ? todayOf(ctx) : orThrow(parseIsoDate(on))
}

export function toDraft(input: PersonInput): PersonDraft {
  return {
    fullName: input.fullName,
    birthDate: input.birthDate === undefined || input.birthDate === null || input.birthDate === '' ? null : orThrow(parseIsoDate(input.birthDate)),
    sex: input.sex ?? null,
    ethnicity: input.ethnicity ?? null,
    citizenId: input.citizenId ?? null,
    phone: input.phone ?? null,
    healthInsured: input.healthInsured ?? null,
    inSchool: input.inSchool ?? null,
  }
}

/** Checks a person as entered, naming the member in the error when there are several. */
export function checkPersonInput(input: PersonInput, today: LocalDate, memberIndex?: number): CheckedPerson {
  const checked = checkPerson(toDraft(input), today)
  if (!checked.ok) throw new RuleViolation(checked.code, memberIndex === undefined ? checked.details : { ...checked.details, memberIndex })
  return checked.value
}

/** A commune unit fit to hold households: in scope, a commune, linked to a known current place. */
export interface ResolvedCommune {
  readonly unit: CommuneWithPlace
  readonly residenceType: 'rural' | 'urban'
  readonly provinceCode: string
}

export function placeOfCommune(unit: CommuneWithPlace): ResolvedCommune {
  if (unit.kind !== 'commune') throw new RuleViolation('unit_not_commune', { unitId: unit.id, kind: unit.kind })
  if (unit.admin_code === null) throw new RuleViolation('commune_not_linked_to_place', { communeUnitId: unit.id })
  if (unit.area_type === null || unit.place_province_code === null)
    throw new RuleViolation('commune_place_unknown', { communeUnitId: unit.id, adminCode: unit.admin_code })
  return { unit, residenceType: unit.area_type, provinceCode: unit.place_province_code }
}

export async function resolveCommune(trx: Executor, ctx: RequestContext, communeUnitId: number): Promise<ResolvedCommune> {
  const unit = await findCommuneWithPlace(trx, communeUnitId, ctx.actor.scopePath)
  if (!unit) throw new RuleViolation('not_found', { entity: 'unit', id: communeUnitId })
  return placeOfCommune(unit)
}

/** A village must be a village unit directly under the household's commune. */
export async function checkVillage(trx: Executor, villageUnitId: number | null | undefined, communeUnitId: number): Promise<number | null> {
  if (villageUnitId === undefined || villageUnitId === null) return null
  const village = await findVillage(trx, villageUnitId)
  if (!village || village.kind !== 'village' || village.parent_id !== communeUnitId)
    throw new RuleViolation('village_not_in_commune', { villageUnitId, communeUnitId })
  return village.id
}

/**
 * Who already carries these citizen ids. A person in a current household is never taken over
 * (`citizen_id_in_other_household`, naming the household only when the actor may see it); a
 * registered person with no current household is the same citizen coming back, so their record
 * is reused. Returns citizen id → reusable person id.
 */
export async function claimCitizenIds(trx: Executor, ctx: RequestContext, persons: readonly CheckedPerson[]): Promise<Map<string, bigint>> {
  const ids = persons.map((p) => p.citizenId).filter((id) => id !== null)
  const seen = new Set<string>()
  for (const id of ids) {
    if (seen.has(id)) throw new RuleViolation('household_duplicate_member', { citizenId: id })
    seen.add(id)
  }
  const reusable = new Map<string, bigint>()
  for (const registered of await findRegisteredCitizens(trx, ids)) {
    if (registered.household_id !== null) throw citizenIdInOtherHousehold(ctx, registered.citizen_id, registered.household_code, registered.commune_path)
    reusable.set(registered.citizen_id, registered.person_id)
  }
  return reusable
}

export function citizenIdInOtherHousehold(ctx: RequestContext, citizenId: string, householdCode: string | null, communePath: string | null): RuleViolation {
  const visible = communePath !== null && inScope(ctx.actor.scopePath, communePath)
  return new RuleViolation('citizen_id_in_other_household', visible ? { citizenId, householdCode } : { citizenId })
}

/** The rules' view of a household and its current members. */
export function toFacts(row: LockedHousehold, members: readonly MemberRow[]): HouseholdFacts {
  return {
    id: row.id,
    status: row.status as HouseholdStatus,
    communeUnitId: row.commune_unit_id,
    formedOn: row.formed_on as LocalDate,
    members: members.map((m) => ({
      personId: m.person_id,
      relation: isRelation(m.relation) ? m.relation : 'other',
      birthDate: m.birth_date as LocalDate | null,
      joinedOn: m.joined_on as LocalDate,
    })),
  }
}

/** Locks a household in the actor's scope and loads what the rules need. */
export async function loadForChange(trx: Executor, ctx: RequestContext, id: bigint): Promise<{ row: LockedHousehold; members: MemberRow[]; facts: HouseholdFacts }> {
  const row = await lockHouseholdInScope(trx, id, ctx.actor.scopePath)
  if (!row) throw new RuleViolation('not_found', { entity: 'household', id })
  const members = await currentMembers(trx, id)
  return { row, members, facts: toFacts(row, members) }
}

export interface EventInput {
  readonly kind: EventKind
  readonly on: LocalDate
  readonly sources?: readonly bigint[]
  readonly targets?: readonly bigint[]
  readonly persons?: readonly bigint[]
  readonly note?: string | null | undefined
}

export async function recordEvent(trx: Executor, ctx: RequestContext, provinceCode: string, event: EventInput): Promise<void> {
  await insertEvents(trx, [
    {
      province_code: provinceCode,
      kind: event.kind,
      on_date: event.on,
      source_household_ids: event.sources ?? [],
      target_household_ids: event.targets ?? [],
      person_ids: event.persons ?? [],
      note: event.note ?? null,
      created_by: ctx.actor.userId === 0 ? null : ctx.actor.userId,
    },
  ])
}

/** The columns of a checked person, as stored. */
export function personColumns(p: CheckedPerson) {
  return {
    full_name: p.fullName,
    name_search: p.nameSearch,
    birth_date: p.birthDate,
    sex: p.sex,
    ethnicity: p.ethnicity,
    citizen_id: p.citizenId,
    phone: p.phone,
    health_insured: p.healthInsured,
    in_school: p.inSchool,
  }
}

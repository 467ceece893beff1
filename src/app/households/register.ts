import { checkHouseholdCode, planFormation, type CheckedPerson, type Relation } from '../../domain/households/index.js'
import { orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import {
  allocateIds,
  householdCodesTaken,
  insertHouseholds,
  insertMembers,
  insertPersons,
  nextHouseholdNumber,
  updatePerson,
} from '../../db/repositories/households.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { householdDetail, type HouseholdDetail } from './queries.js'
import {
  checkPersonInput,
  checkVillage,
  claimCitizenIds,
  dateOrToday,
  personColumns,
  recordEvent,
  resolveCommune,
  todayOf,
  type MemberInput,
  type ResolvedCommune,
} from './shared.js'

export const ADDRESS_MAX_LENGTH = 300

export interface CreateHouseholdInput {
  readonly communeUnitId: number
  readonly villageUnitId?: number | null | undefined
  /** Mã hộ; the system assigns '<commune code>-<number>' when none is given. */
  readonly code?: string | null | undefined
  readonly address?: string | null | undefined
  /** The day the household was formed (ISO); today by default. */
  readonly formedOn?: string | null | undefined
  readonly members: readonly MemberInput[]
}

export function cleanAddress(address: string | null | undefined): string | null {
  if (address === undefined || address === null) return null
  const clean = address.normalize('NFC').replace(/\s+/g, ' ').trim()
  if (clean.length > ADDRESS_MAX_LENGTH) throw new RuleViolation('household_address_invalid', { maxLength: ADDRESS_MAX_LENGTH })
  return clean === '' ? null : clean
}

/** A code as given (checked and free) or the next one the system assigns in this commune. */
export async function householdCode(trx: Executor, communeCode: string | null, given: string | null | undefined): Promise<string> {
  if (given !== undefined && given !== null && given.trim() !== '') {
    const code = orThrow(checkHouseholdCode(given))
    if ((await householdCodesTaken(trx, [code])).size > 0) throw new RuleViolation('household_code_taken', { code })
    return code
  }
  if (communeCode === null) throw new RuleViolation('commune_not_linked_to_place')
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = `${communeCode}-${String(await nextHouseholdNumber(trx)).padStart(6, '0')}`
    if ((await householdCodesTaken(trx, [code])).size === 0) return code
  }
  throw new Error('could not find a free household code in five draws of household_code_seq')
}

export interface PlacedPerson {
  readonly person: CheckedPerson
  readonly relation: Relation
}

/**
 * Stores a new household and its members in the caller's transaction: reuses the record of a
 * returning citizen (same citizen id, no current household), inserts the others, links them.
 */
export async function insertHousehold(
  trx: Executor,
  ctx: RequestContext,
  commune: ResolvedCommune,
  household: { code: string; villageUnitId: number | null; address: string | null; formedOn: LocalDate },
  members: readonly PlacedPerson[],
): Promise<bigint> {
  const reusable = await claimCitizenIds(trx, ctx, members.map((m) => m.person))
  const fresh = members.filter((m) => m.person.citizenId === null || !reusable.has(m.person.citizenId))
  const freshIds = await allocateIds(trx, 'persons', fresh.length)
  const idOf = new Map<PlacedPerson, bigint>()
  fresh.forEach((m, i) => idOf.set(m, freshIds[i]!))
  for (const m of members) {
    const reused = m.person.citizenId === null ? undefined : reusable.get(m.person.citizenId)
    if (reused !== undefined) {
      idOf.set(m, reused)
      await updatePerson(trx, reused, personColumns(m.person))
    }
  }
  await insertPersons(trx, fresh.map((m) => ({ id: idOf.get(m)!, province_code: commune.provinceCode, ...personColumns(m.person) })))
  const [householdId] = await allocateIds(trx, 'households', 1)
  const head = members.find((m) => m.relation === 'head')
  if (householdId === undefined || head === undefined) throw new Error('a checked household has an id and a head')
  await insertHouseholds(trx, [{
    id: householdId, code: household.code, province_code: commune.provinceCode, commune_unit_id: commune.unit.id, village_unit_id: household.villageUnitId,
    address: household.address, residence_type: commune.residenceType, head_person_id: idOf.get(head)!, formed_on: household.formedOn,
  }])
  await insertMembers(trx, members.map((m) => ({ household_id: householdId, person_id: idOf.get(m)!, relation: m.relation, joined_on: household.formedOn })))
  return householdId
}

/**
 * Registers a household with its members in a commune of the actor's scope. The residence type
 * (rural/urban) follows the commune's current place; every member is checked (name, dates, citizen
 * id against sex and birth year) and the household needs exactly one head.
 */
export async function createHousehold(db: Executor, ctx: RequestContext, input: CreateHouseholdInput): Promise<HouseholdDetail> {
  requirePermission(ctx, 'households.manage', 'write')
  const today = todayOf(ctx)
  const formedOn = dateOrToday(ctx, input.formedOn)
  const members = input.members.map((m, i): PlacedPerson => ({ person: checkPersonInput(m, today, i), relation: m.relation }))
  orThrow(planFormation(members.map((m) => ({ relation: m.relation, birthDate: m.person.birthDate })), formedOn, today))
  const address = cleanAddress(input.address)
  return inTransaction(db, async (trx) => {
    const commune = await resolveCommune(trx, ctx, input.communeUnitId)
    const villageUnitId = await checkVillage(trx, input.villageUnitId, commune.unit.id)
    const code = await householdCode(trx, commune.unit.admin_code, input.code)
    const id = await insertHousehold(trx, ctx, commune, { code, villageUnitId, address, formedOn }, members)
    await recordEvent(trx, ctx, commune.provinceCode, { kind: 'formed', on: formedOn, targets: [id] })
    const detail = await householdDetail(trx, ctx, id)
    await recordAudit(trx, ctx, { action: 'household.create', entityType: 'household', entityId: id, after: auditView(detail), scopePath: commune.unit.path })
    return detail
  })
}

/** What the audit log keeps of a household: the registry facts, not the derived views. */
export function auditView(detail: HouseholdDetail) {
  return {
    code: detail.code,
    status: detail.status,
    communeUnitId: detail.communeUnitId,
    villageUnitId: detail.villageUnitId,
    address: detail.address,
    residenceType: detail.residenceType,
    headPersonId: detail.headPersonId,
    members: detail.members.map((m) => ({ personId: m.personId, fullName: m.fullName, relation: m.relation, citizenId: m.citizenId, birthDate: m.birthDate, joinedOn: m.joinedOn })),
  }
}

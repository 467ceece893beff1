import { ageOn, foldName, type Relation } from '../../domain/households/index.js'
import { RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import {
  currentMembers,
  findHouseholdInScope,
  formerMembers,
  householdClasses,
  householdCodesInScope,
  householdEvents,
  listHouseholdsInScope,
  personNames,
  povertyAssessments,
  type HouseholdListRow,
  type HouseholdRow,
  type MemberRow,
} from '../../db/repositories/households.js'
import type { Executor, RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { todayOf } from './shared.js'

export interface HouseholdSummary {
  readonly id: bigint
  readonly code: string
  readonly status: 'active' | 'split' | 'merged' | 'dissolved'
  readonly communeUnitId: number
  readonly communeName: string
  /** The current GSO commune code of the commune unit. */
  readonly communeCode: string | null
  readonly villageUnitId: number | null
  readonly villageName: string | null
  readonly address: string | null
  readonly residenceType: 'rural' | 'urban'
  readonly formedOn: string
  readonly endedOn: string | null
  readonly headPersonId: bigint | null
  readonly headName: string | null
  readonly headCitizenId: string | null
}

export interface HouseholdListItem extends HouseholdSummary {
  readonly memberCount: number
}

export interface MemberView {
  readonly personId: bigint
  readonly fullName: string
  readonly relation: Relation
  readonly citizenId: string | null
  readonly birthDate: string | null
  /** Full years on the day of the request. */
  readonly ageYears: number | null
  readonly sex: 'male' | 'female' | null
  readonly ethnicity: string | null
  readonly phone: string | null
  readonly healthInsured: boolean | null
  readonly inSchool: boolean | null
  readonly joinedOn: string
  readonly leftOn: string | null
}

export interface HouseholdEventView {
  readonly id: bigint
  readonly kind: string
  readonly onDate: string
  /** Related households; the code only when the reader may see that household. */
  readonly sources: readonly { readonly id: bigint; readonly code: string | null }[]
  readonly targets: readonly { readonly id: bigint; readonly code: string | null }[]
  readonly persons: readonly { readonly id: bigint; readonly fullName: string | null }[]
  readonly note: string | null
  readonly createdByName: string | null
  readonly createdAt: Date
}

export interface HouseholdDetail extends HouseholdSummary {
  readonly provinceCode: string
  readonly members: readonly MemberView[]
  readonly formerMembers: readonly MemberView[]
  /** Decided classes (hộ nghèo, cận nghèo …), newest first, from the poverty review. */
  readonly classHistory: readonly {
    readonly class: string
    readonly effectiveFrom: string
    readonly decisionNumber: string
    readonly decisionDate: string
    readonly standardCode: string | null
    readonly reviewId: number | null
  }[]
  readonly assessments: readonly {
    readonly id: bigint
    readonly reviewId: number
    readonly surveyedOn: string
    readonly areaType: string
    readonly incomePerPersonMonthDong: bigint
    readonly deprivationCount: number
    readonly resultClass: string
    readonly standardCode: string | null
  }[]
  readonly events: readonly HouseholdEventView[]
}

export function toSummary(row: HouseholdRow): HouseholdSummary {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    communeUnitId: row.commune_unit_id,
    communeName: row.commune_name,
    communeCode: row.commune_code,
    villageUnitId: row.village_unit_id,
    villageName: row.village_name,
    address: row.address,
    residenceType: row.residence_type,
    formedOn: row.formed_on,
    endedOn: row.ended_on,
    headPersonId: row.head_person_id,
    headName: row.head_name,
    headCitizenId: row.head_citizen_id,
  }
}

function toMember(row: MemberRow, today: LocalDate): MemberView {
  return {
    personId: row.person_id,
    fullName: row.full_name,
    relation: row.relation as Relation,
    citizenId: row.citizen_id,
    birthDate: row.birth_date,
    ageYears: row.birth_date === null ? null : ageOn(row.birth_date as LocalDate, today),
    sex: row.sex,
    ethnicity: row.ethnicity,
    phone: row.phone,
    healthInsured: row.health_insured,
    inSchool: row.in_school,
    joinedOn: row.joined_on,
    leftOn: row.left_on,
  }
}

/** The whole household as the detail page shows it; `not_found` outside the reader's scope. */
export async function householdDetail(db: Executor, ctx: RequestContext, id: bigint): Promise<HouseholdDetail> {
  const row = await findHouseholdInScope(db, id, ctx.actor.scopePath)
  if (!row) throw new RuleViolation('not_found', { entity: 'household', id })
  const today = todayOf(ctx)
  // Sequential on purpose: inside a transaction (PGlite has one connection) queries do not overlap.
  const members = await currentMembers(db, id)
  const former = await formerMembers(db, id)
  const classes = await householdClasses(db, id)
  const assessments = await povertyAssessments(db, id)
  const events = await householdEvents(db, id)
  const related = [...new Set(events.flatMap((e) => [...e.source_household_ids, ...e.target_household_ids]))]
  const codes = await householdCodesInScope(db, related, ctx.actor.scopePath)
  const names = await personNames(db, [...new Set(events.flatMap((e) => e.person_ids))])
  const ref = (hid: bigint) => ({ id: hid, code: codes.get(String(hid)) ?? null })
  return {
    ...toSummary(row),
    provinceCode: row.province_code,
    members: members.map((m) => toMember(m, today)),
    formerMembers: former.map((m) => toMember(m, today)),
    classHistory: classes.map((c) => ({
      class: c.class, effectiveFrom: c.effective_from, decisionNumber: c.decision_number, decisionDate: c.decision_date, standardCode: c.standard_code, reviewId: c.review_id,
    })),
    assessments: assessments.map((a) => ({
      id: a.id, reviewId: a.review_id, surveyedOn: a.surveyed_on, areaType: a.area_type, incomePerPersonMonthDong: a.income_per_person_month_dong,
      deprivationCount: a.deprivation_count, resultClass: a.result_class, standardCode: a.standard_code,
    })),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      onDate: e.on_date,
      sources: e.source_household_ids.map(ref),
      targets: e.target_household_ids.map(ref),
      persons: e.person_ids.map((pid) => ({ id: pid, fullName: names.get(String(pid)) ?? null })),
      note: e.note,
      createdByName: e.created_by_name,
      createdAt: e.created_at,
    })),
  }
}

export async function getHousehold(db: Executor, ctx: RequestContext, id: bigint): Promise<HouseholdDetail> {
  requirePermission(ctx, 'households.read')
  return householdDetail(db, ctx, id)
}

export interface HouseholdSearch {
  /** A name typed with or without diacritics, a household code, or a 12-digit citizen id. */
  readonly q?: string | undefined
  readonly citizenId?: string | undefined
  readonly communeUnitId?: number | undefined
  readonly villageUnitId?: number | undefined
  readonly status?: HouseholdSummary['status'] | undefined
  readonly limit: number
  readonly offset: number
}

function toListItem(row: HouseholdListRow): HouseholdListItem {
  return { ...toSummary(row), memberCount: Number(row.member_count ?? 0) }
}

/**
 * Households in the reader's scope, a page at a time, ordered by code. `q` is read as a citizen id
 * when it is 12 digits (exact match), otherwise as a household code (exact) or as name words,
 * each of which must begin a word of one current member's name ('nguyen an' finds Nguyễn Văn An).
 */
export async function listHouseholds(db: Executor, ctx: RequestContext, search: HouseholdSearch): Promise<{ items: HouseholdListItem[]; total: number }> {
  requirePermission(ctx, 'households.read')
  const q = search.q?.trim() ?? ''
  const digits = q.replace(/\s+/g, '')
  const isCitizenId = /^[0-9]{12}$/.test(digits)
  const words = q === '' || isCitizenId ? [] : foldName(q).split(' ').filter((w) => w !== '')
  const { items, total } = await listHouseholdsInScope(db, ctx.actor.scopePath, {
    nameWords: words,
    code: q === '' || isCitizenId ? undefined : q,
    citizenId: isCitizenId ? digits : search.citizenId,
    communeUnitId: search.communeUnitId,
    villageUnitId: search.villageUnitId,
    status: search.status,
    limit: search.limit,
    offset: search.offset,
  })
  return { items: items.map(toListItem), total }
}

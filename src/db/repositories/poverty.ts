import { sql, type Selectable } from 'kysely'
import type { Executor } from '../executor.js'
import type { HouseholdClass, PovertyReviewsTable, PovertyStandardsTable } from '../schema.js'
import { underScope } from '../scope.js'

// Queries of the poverty area: standards, reviews, assessments, class history and rates.

export type StandardRow = Selectable<PovertyStandardsTable>
export type ReviewRow = Selectable<PovertyReviewsTable> & { commune_name: string; commune_path: string; assessed_count: number }

export async function listStandardRows(db: Executor): Promise<StandardRow[]> {
  return db.selectFrom('poverty_standards').selectAll().orderBy('scope').orderBy('province_code').orderBy('valid_from').execute()
}

export async function findStandardRow(db: Executor, id: number): Promise<StandardRow | undefined> {
  return db.selectFrom('poverty_standards').selectAll().where('id', '=', id).executeTakeFirst()
}

// ---- reviews ----

function reviewQuery(db: Executor, scopePath: string) {
  return db
    .selectFrom('poverty_reviews as r')
    .innerJoin('units as cu', 'cu.id', 'r.commune_unit_id')
    .selectAll('r')
    .select(['cu.name as commune_name', 'cu.path as commune_path'])
    .select((eb) =>
      eb.selectFrom('poverty_assessments as a').whereRef('a.review_id', '=', 'r.id').select(sql<number>`count(*)::int`.as('n')).as('assessed_count'),
    )
    .where(underScope('cu.path', scopePath))
}

/** A review the reader may see, or undefined — the same answer whether missing or out of scope. */
export async function findReviewInScope(db: Executor, id: number, scopePath: string): Promise<ReviewRow | undefined> {
  const row = await reviewQuery(db, scopePath).where('r.id', '=', id).executeTakeFirst()
  return row as ReviewRow | undefined
}

export interface ReviewFilter {
  readonly kind?: 'annual' | 'ad_hoc' | undefined
  readonly year?: number | undefined
  readonly status?: ReviewRow['status'] | undefined
  readonly communeUnitId?: number | undefined
  /** Ad-hoc requests still open after their due date, as of this date. */
  readonly overdueOn?: string | undefined
  readonly limit: number
  readonly offset: number
}

export async function listReviewsInScope(db: Executor, scopePath: string, filter: ReviewFilter): Promise<{ rows: ReviewRow[]; total: number }> {
  let q = reviewQuery(db, scopePath)
  if (filter.kind) q = q.where('r.kind', '=', filter.kind)
  if (filter.year) q = q.where('r.year', '=', filter.year)
  if (filter.status) q = q.where('r.status', '=', filter.status)
  if (filter.communeUnitId) q = q.where('r.commune_unit_id', '=', filter.communeUnitId)
  if (filter.overdueOn) q = q.where('r.kind', '=', 'ad_hoc').where('r.status', 'in', ['surveying', 'meeting', 'posting']).where('r.due_on', '<', filter.overdueOn)
  const rows = await q.orderBy('r.opened_on', 'desc').orderBy('r.id', 'desc').limit(filter.limit).offset(filter.offset).execute()
  const { total } = await q.clearSelect().select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow()
  return { rows: rows as ReviewRow[], total }
}

// ---- households seen by the poverty area ----

export interface HouseholdRef {
  readonly id: bigint
  readonly code: string
  readonly province_code: string
  readonly commune_unit_id: number
  readonly residence_type: 'rural' | 'urban'
  readonly status: string
  readonly address: string | null
  readonly head_name: string | null
  readonly village_name: string | null
  readonly scope_path: string
  /** The commune's area type in the administrative register, when the commune unit is linked to it. */
  readonly commune_area_type: 'rural' | 'urban' | null
}

function householdQuery(db: Executor) {
  return db
    .selectFrom('households as h')
    .innerJoin('units as cu', 'cu.id', 'h.commune_unit_id')
    .leftJoin('units as vu', 'vu.id', 'h.village_unit_id')
    .leftJoin('persons as head', 'head.id', 'h.head_person_id')
    .leftJoin('admin_units as au', (j) => j.on('au.layer', '=', 'current').on('au.level', '=', 'commune').onRef('au.code', '=', 'cu.admin_code'))
    .select(['h.id', 'h.code', 'h.province_code', 'h.commune_unit_id', 'h.residence_type', 'h.status', 'h.address', 'head.full_name as head_name', 'vu.name as village_name', 'au.area_type as commune_area_type'])
    .select(sql<string>`coalesce(vu.path, cu.path)`.as('scope_path'))
}

export async function findHouseholdInScope(db: Executor, id: bigint, scopePath: string): Promise<HouseholdRef | undefined> {
  return householdQuery(db).where('h.id', '=', id).where(underScope('cu.path', scopePath)).executeTakeFirst() as Promise<HouseholdRef | undefined>
}

/** The commune's active households, in code order: the list an annual review goes through. */
export async function listActiveHouseholdsOfCommune(db: Executor, communeUnitId: number): Promise<HouseholdRef[]> {
  return householdQuery(db).where('h.commune_unit_id', '=', communeUnitId).where('h.status', '=', 'active').orderBy('h.code').execute() as Promise<HouseholdRef[]>
}

export interface MemberFactsRow {
  readonly person_id: bigint
  readonly birth_date: string | null
  readonly health_insured: boolean | null
  readonly in_school: boolean | null
}

/** The household's members on a date (joined on or before it, not yet left), with their facts. */
export async function membersOn(db: Executor, householdId: bigint, on: string): Promise<MemberFactsRow[]> {
  return db
    .selectFrom('household_members as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .select(['p.id as person_id', 'p.birth_date', 'p.health_insured', 'p.in_school'])
    .where('m.household_id', '=', householdId)
    .where('m.joined_on', '<=', on)
    .where((eb) => eb.or([eb('m.left_on', 'is', null), eb('m.left_on', '>', on)]))
    .orderBy('p.id')
    .execute()
}

/** The class in force on a date for each of the households. */
export async function classesOn(db: Executor, householdIds: readonly bigint[], on: string): Promise<Map<string, HouseholdClass>> {
  if (householdIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('household_classes')
    .select(['household_id', 'class'])
    .distinctOn('household_id')
    .where('household_id', 'in', householdIds)
    .where('effective_from', '<=', on)
    .orderBy('household_id')
    .orderBy('effective_from', 'desc')
    .execute()
  return new Map(rows.map((r) => [String(r.household_id), r.class]))
}

export async function classHistoryRows(db: Executor, householdId: bigint) {
  return db
    .selectFrom('household_classes as c')
    .innerJoin('poverty_standards as s', 's.id', 'c.standard_id')
    .select(['c.id', 'c.class', 'c.standard_id', 's.code as standard_code', 'c.effective_from', 'c.decision_number', 'c.decision_date', 'c.review_id'])
    .where('c.household_id', '=', householdId)
    .orderBy('c.effective_from')
    .execute()
}

export async function assessmentRows(db: Executor, reviewId: number) {
  return db
    .selectFrom('poverty_assessments as a')
    .innerJoin('poverty_standards as s', 's.id', 'a.standard_id')
    .selectAll('a')
    .select('s.code as standard_code')
    .where('a.review_id', '=', reviewId)
    .orderBy('a.household_id')
    .execute()
}

// ---- newly escaped poverty ----

/**
 * Households in scope off the poor and near-poor lists on `asOf` whose escape (the first class
 * after their last poor/near-poor one) is on or after `cutoff` — one statement for the whole scope.
 * The same rule as isNewlyEscaped in the domain (a test proves they agree).
 */
export async function listNewlyEscapedInScope(db: Executor, scopePath: string, asOf: string, cutoff: string) {
  return db
    .with('known', (w) =>
      w
        .selectFrom('household_classes as c')
        .select(['c.household_id', 'c.effective_from'])
        .select(sql<string | null>`max(case when c.class in ('poor', 'near_poor') then c.effective_from end) over (partition by c.household_id)`.as('last_poor'))
        .where('c.effective_from', '<=', asOf),
    )
    .with('escapes', (w) =>
      w
        .selectFrom('known')
        .select('household_id')
        .select(sql<string>`min(effective_from)`.as('escaped_on'))
        .whereRef('effective_from', '>', 'last_poor')
        .groupBy('household_id'),
    )
    .selectFrom('escapes as e')
    .innerJoin('households as h', 'h.id', 'e.household_id')
    .innerJoin('units as cu', 'cu.id', 'h.commune_unit_id')
    .leftJoin('persons as head', 'head.id', 'h.head_person_id')
    .select(['h.id as household_id', 'h.code', 'head.full_name as head_name', 'cu.name as commune_name', 'e.escaped_on'])
    .where('e.escaped_on', '>=', cutoff)
    .where(underScope('cu.path', scopePath))
    .orderBy('e.escaped_on', 'desc')
    .orderBy('h.code')
    .execute()
}

// ---- poverty rates ----

export interface RateCounts {
  readonly year: number
  readonly households: bigint
  readonly poor: bigint
  readonly near_poor: bigint
  /** poor ÷ households in basis points (1/100 of a percent), rounded half up in SQL numeric; null with no household. */
  readonly poor_rate_bp: number | null
  readonly near_poor_rate_bp: number | null
}

/**
 * The households active on 31 December of each year in [fromYear, toYear] within the scope,
 * with the class each had on that day: the base both rate layers group.
 */
function yearEndHouseholds(scopePath: string, fromYear: number, toYear: number) {
  return sql`
    select y.year, h.id, h.commune_unit_id, h.village_unit_id, coalesce(vu.path, cu.path) as unit_path,
           (select c.class from household_classes c
             where c.household_id = h.id and c.effective_from <= make_date(y.year, 12, 31)
             order by c.effective_from desc limit 1) as class
      from generate_series(${fromYear}::int, ${toYear}::int) as y(year)
      join households h on h.formed_on <= make_date(y.year, 12, 31) and (h.ended_on is null or h.ended_on > make_date(y.year, 12, 31))
      join units cu on cu.id = h.commune_unit_id
      left join units vu on vu.id = h.village_unit_id
     where ${underScope('cu.path', scopePath)}`
}

const RATE_COLUMNS = sql`
  count(hh.id) as households,
  count(hh.id) filter (where hh.class = 'poor') as poor,
  count(hh.id) filter (where hh.class = 'near_poor') as near_poor,
  case when count(hh.id) > 0 then round(count(hh.id) filter (where hh.class = 'poor') * 10000.0 / count(hh.id))::int end as poor_rate_bp,
  case when count(hh.id) > 0 then round(count(hh.id) filter (where hh.class = 'near_poor') * 10000.0 / count(hh.id))::int end as near_poor_rate_bp`

export type CurrentRateRow = RateCounts & { readonly unit_id: number; readonly parent_id: number | null; readonly kind: string; readonly code: string; readonly name: string; readonly path: string }

/**
 * Poverty rate per current unit of the scope and year, in one statement: each household counts
 * for every unit on its path (its village, commune, office, province, centre), found by
 * unnesting the path's ids — an equi-join, no per-unit loop.
 */
export async function currentRates(db: Executor, scopePath: string, fromYear: number, toYear: number, kinds: readonly string[] | undefined): Promise<CurrentRateRow[]> {
  const kindFilter = kinds && kinds.length > 0 ? sql`and u.kind in (${sql.join(kinds)})` : sql``
  const { rows } = await sql<CurrentRateRow>`
    with hh as (${yearEndHouseholds(scopePath, fromYear, toYear)}),
    reach as (
      select hh.year, hh.id, hh.class, a.unit_id::int as unit_id
        from hh cross join lateral unnest(string_to_array(trim(both '/' from hh.unit_path), '/')) as a(unit_id)
    )
    select u.id as unit_id, u.parent_id, u.kind, u.code, u.name, u.path, y.year,
           ${RATE_COLUMNS}
      from units u
     cross join generate_series(${fromYear}::int, ${toYear}::int) as y(year)
      left join reach hh on hh.unit_id = u.id and hh.year = y.year
     where ${underScope('u.path', scopePath)} ${kindFilter}
     group by u.id, y.year
     order by u.path, y.year`.execute(db)
  return rows
}

export type HistoricalRateRow = RateCounts & { readonly level: 'province' | 'district' | 'commune'; readonly code: string; readonly name: string | null; readonly parent_code: string | null }

/**
 * Poverty rate per historical unit (before 01/07/2025) and year, through the places view
 * `unit_historical_communes` (a village's former commune, or the commune's single predecessor):
 * one statement with grouping sets for old provinces, districts and communes. Households whose
 * unit has no historical commune count at the district (and province) when the district is
 * known; the rest are reported as unresolved.
 */
export async function historicalRates(db: Executor, scopePath: string, fromYear: number, toYear: number): Promise<{ rows: HistoricalRateRow[]; unresolved: { year: number; households: bigint }[] }> {
  const base = sql`
    with hh as (${yearEndHouseholds(scopePath, fromYear, toYear)}),
    placed as (
      select hh.year, hh.id, hh.class, m.historical_commune_code as commune_code,
             coalesce(m.historical_district_code, oc.parent_code) as district_code
        from hh
        left join unit_historical_communes m on m.unit_id = coalesce(hh.village_unit_id, hh.commune_unit_id)
        left join admin_units oc on oc.layer = 'historical' and oc.level = 'commune' and oc.code = m.historical_commune_code
    ),
    located as (
      select p.*, od.parent_code as province_code
        from placed p
        left join admin_units od on od.layer = 'historical' and od.level = 'district' and od.code = p.district_code
    )`
  const { rows } = await sql<HistoricalRateRow & { province_code: string | null; district_code: string | null; commune_code: string | null; g_district: number; g_commune: number }>`
    ${base}
    select hh.year, hh.province_code, hh.district_code, hh.commune_code,
           grouping(hh.district_code) as g_district, grouping(hh.commune_code) as g_commune,
           ${RATE_COLUMNS}
      from located hh
     where hh.province_code is not null
     group by grouping sets ((hh.year, hh.province_code), (hh.year, hh.province_code, hh.district_code), (hh.year, hh.province_code, hh.district_code, hh.commune_code))
    having not (grouping(hh.commune_code) = 0 and hh.commune_code is null)`.execute(db)
  const names = await db.selectFrom('admin_units').select(['level', 'code', 'name']).where('layer', '=', 'historical')
    .where((eb) => eb.or([
      eb.and([eb('level', '=', 'province'), eb('code', 'in', [...new Set(rows.map((r) => r.province_code ?? ''))])]),
      eb.and([eb('level', '=', 'district'), eb('code', 'in', [...new Set(rows.map((r) => r.district_code ?? ''))])]),
      eb.and([eb('level', '=', 'commune'), eb('code', 'in', [...new Set(rows.map((r) => r.commune_code ?? ''))])]),
    ]))
    .execute()
  const nameOf = new Map(names.map((n) => [`${n.level}:${n.code}`, n.name]))
  const out: HistoricalRateRow[] = rows.map((r) => {
    const level = r.g_district === 1 ? 'province' : r.g_commune === 1 ? 'district' : 'commune'
    const code = (level === 'province' ? r.province_code : level === 'district' ? r.district_code : r.commune_code) ?? ''
    const parent = level === 'province' ? null : level === 'district' ? r.province_code : r.district_code
    return {
      level, code, name: nameOf.get(`${level}:${code}`) ?? null, parent_code: parent, year: r.year,
      households: r.households, poor: r.poor, near_poor: r.near_poor, poor_rate_bp: r.poor_rate_bp, near_poor_rate_bp: r.near_poor_rate_bp,
    }
  })
  const { rows: unresolved } = await sql<{ year: number; households: bigint }>`
    ${base}
    select y.year, count(hh.id) as households
      from generate_series(${fromYear}::int, ${toYear}::int) as y(year)
      left join located hh on hh.year = y.year and hh.province_code is null
     group by y.year order by y.year`.execute(db)
  return { rows: out, unresolved }
}


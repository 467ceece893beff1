import { sql } from 'kysely'
import type { AdminLevel, AdminUnitRecord, CrosswalkLink, Layer, ScopeResolution, SuccessorResolution } from '../../domain/places/index.js'
import type { Executor } from '../executor.js'
import type { AdminUnitsTable } from '../schema.js'
import { underScope } from '../scope.js'

// ---- the views of migration 0005, for joins from any area ----

/** One row per scope unit of kind commune or village: the historical commune/district it counts under. */
export type UnitHistoricalCommunesView = {
  unit_id: number
  unit_kind: 'commune' | 'village'
  commune_unit_id: number
  current_commune_code: string | null
  province_code: string | null
  path: string
  historical_commune_code: string | null
  historical_district_code: string | null
  resolution: ScopeResolution
}

/** One row per old commune (or district) in the crosswalk: the current commune its history goes to. */
export type HistoricalCommuneSuccessorsView = {
  old_level: 'district' | 'commune'
  old_code: string
  successor_count: number
  new_code: string | null
  resolution: SuccessorResolution
}

export type PlacesViews = {
  unit_historical_communes: UnitHistoricalCommunesView
  historical_commune_successors: HistoricalCommuneSuccessorsView
}

/** The database handle with the places views typed, for queries that join them. */
export const withPlacesViews = (db: Executor) => db.withTables<PlacesViews>()

// ---- import: set-based upserts ----

/** A row the upsert inserted or changed; rows it left alone are not returned. */
export interface WrittenRow {
  readonly level: string
  readonly code: string
  readonly outcome: 'added' | 'changed' | 'removed'
  /** For changed rows: the columns whose value differs from what was stored. */
  readonly fields: readonly string[]
}

/**
 * Inserts or updates a whole file of units in one statement. A row whose columns are all equal
 * to the stored ones is not touched, so re-importing the same file writes nothing.
 */
export async function upsertAdminUnits(trx: Executor, units: readonly AdminUnitRecord[]): Promise<WrittenRow[]> {
  const payload = JSON.stringify(units.map((u) => ({
    layer: u.layer, level: u.level, code: u.code, name: u.name, full_name: u.fullName, unit_type: u.unitType, area_type: u.areaType,
    parent_code: u.parentCode, province_code: u.provinceCode, valid_from: u.validFrom, valid_to: u.validTo,
  })))
  // The diff is computed once, by primary-key lookups, and both the write and the answer read it:
  // joining the write's RETURNING back to the input lets the planner pick a quadratic plan.
  const { rows } = await sql<{ level: string; code: string; added: boolean; fields: string[] }>`
    with input as materialized (
      select * from jsonb_to_recordset(cast(${payload} as jsonb)) as r(
        layer text, level text, code text, name text, full_name text, unit_type text, area_type text,
        parent_code text, province_code text, valid_from date, valid_to date)
    ),
    diff as materialized (
      select i.*, t.code is null as added,
             array_remove(array[
               case when t.name is distinct from i.name then 'name' end,
               case when t.full_name is distinct from i.full_name then 'full_name' end,
               case when t.unit_type is distinct from i.unit_type then 'unit_type' end,
               case when t.area_type is distinct from i.area_type then 'area_type' end,
               case when t.parent_code is distinct from i.parent_code then 'parent_code' end,
               case when t.province_code is distinct from i.province_code then 'province_code' end,
               case when t.valid_from is distinct from i.valid_from then 'valid_from' end,
               case when t.valid_to is distinct from i.valid_to then 'valid_to' end
             ], null) as fields
        from input i
        left join admin_units t on t.layer = i.layer and t.level = i.level and t.code = i.code
    ),
    written as (
      insert into admin_units as t (layer, level, code, name, full_name, unit_type, area_type, parent_code, province_code, valid_from, valid_to)
      select layer, level, code, name, full_name, unit_type, area_type, parent_code, province_code, valid_from, valid_to
        from diff where added or cardinality(fields) > 0
      on conflict (layer, level, code) do update set
        name = excluded.name, full_name = excluded.full_name, unit_type = excluded.unit_type, area_type = excluded.area_type,
        parent_code = excluded.parent_code, province_code = excluded.province_code, valid_from = excluded.valid_from, valid_to = excluded.valid_to
      where (t.name, t.full_name, t.unit_type, t.area_type, t.parent_code, t.province_code, t.valid_from, t.valid_to)
            is distinct from
            (excluded.name, excluded.full_name, excluded.unit_type, excluded.area_type, excluded.parent_code, excluded.province_code, excluded.valid_from, excluded.valid_to)
      returning 1
    )
    -- A data-modifying WITH runs to completion whether or not the main query reads it.
    select level, code, added, case when added then array[]::text[] else fields end as fields
      from diff
     where added or cardinality(fields) > 0
     order by level, code`.execute(trx)
  return rows.map((r) => ({ level: r.level, code: r.code, outcome: r.added ? 'added' : 'changed', fields: r.fields }))
}

/**
 * Writes a crosswalk file in one statement: its links are inserted or their kind updated, and
 * the links stored for the file's new units that the file no longer lists are removed (the file
 * is the whole truth about the units it names). Levels in the result are the new unit's level.
 */
export async function upsertCrosswalkLinks(trx: Executor, links: readonly CrosswalkLink[]): Promise<WrittenRow[]> {
  const payload = JSON.stringify(links.map((l) => ({ new_level: l.newLevel, new_code: l.newCode, old_level: l.oldLevel, old_code: l.oldCode, kind: l.kind })))
  const { rows } = await sql<{ level: string; code: string; old_code: string; outcome: 'added' | 'changed' | 'removed' }>`
    with input as materialized (
      select * from jsonb_to_recordset(cast(${payload} as jsonb)) as r(new_level text, new_code text, old_level text, old_code text, kind text)
    ),
    diff as materialized (
      select i.*, l.kind as stored_kind
        from input i
        left join admin_unit_links l on l.new_level = i.new_level and l.new_code = i.new_code and l.old_level = i.old_level and l.old_code = i.old_code
    ),
    removed as (
      delete from admin_unit_links l
       where exists (select 1 from input i where i.new_level = l.new_level and i.new_code = l.new_code)
         and not exists (select 1 from input i where i.new_level = l.new_level and i.new_code = l.new_code
                                                 and i.old_level = l.old_level and i.old_code = l.old_code)
      returning l.new_level, l.new_code, l.old_code
    ),
    written as (
      insert into admin_unit_links as t (new_level, new_code, old_level, old_code, kind)
      select new_level, new_code, old_level, old_code, kind from diff where stored_kind is distinct from kind
      on conflict (new_level, new_code, old_level, old_code) do update set kind = excluded.kind
      where t.kind is distinct from excluded.kind
      returning 1
    )
    select new_level as level, new_code as code, old_code, case when stored_kind is null then 'added' else 'changed' end as outcome
      from diff where stored_kind is distinct from kind
    union all
    select r.new_level, r.new_code, r.old_code, 'removed' from removed r
    order by 1, 2, 3`.execute(trx)
  return rows.map((r) => ({ level: r.level, code: `${r.code}←${r.old_code}`, outcome: r.outcome, fields: r.outcome === 'changed' ? ['kind'] : [] }))
}

/** Codes a crosswalk names that the unit layers do not hold (the datasets differ by a few units). */
export async function crosswalkCodesMissingFromLayers(db: Executor, links: readonly CrosswalkLink[]): Promise<{ side: 'new' | 'old'; level: string; code: string }[]> {
  const payload = JSON.stringify(links.map((l) => ({ new_level: l.newLevel, new_code: l.newCode, old_level: l.oldLevel, old_code: l.oldCode })))
  const { rows } = await sql<{ side: 'new' | 'old'; level: string; code: string }>`
    with input as (
      select * from jsonb_to_recordset(cast(${payload} as jsonb)) as r(new_level text, new_code text, old_level text, old_code text)
    )
    select distinct 'new' as side, i.new_level as level, i.new_code as code from input i
     where not exists (select 1 from admin_units a where a.layer = 'current' and a.level = i.new_level and a.code = i.new_code)
    union
    select distinct 'old', i.old_level, i.old_code from input i
     where not exists (select 1 from admin_units a where a.layer = 'historical' and a.level = i.old_level and a.code = i.old_code)
    order by 1, 2, 3`.execute(db)
  return rows
}

export async function insertImportRun(
  trx: Executor,
  run: { at: Date; source: string; fileName: string; sha256: string; added: number; changed: number; unchanged: number; report: unknown },
): Promise<number> {
  const { id } = await trx
    .insertInto('admin_import_runs')
    .values({ at: run.at, source: run.source, file_name: run.fileName, sha256: run.sha256, added: run.added, changed: run.changed, unchanged: run.unchanged, report: JSON.stringify(run.report) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function listImportRuns(db: Executor, limit: number) {
  return db.selectFrom('admin_import_runs').selectAll().orderBy('id', 'desc').limit(limit).execute()
}

// ---- reading the layers ----

export type AdminUnitRow = AdminUnitsTable

/** LIKE pattern for a folded search text, with LIKE's wildcards escaped. */
const containsPattern = (folded: string) => `%${folded.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`

export interface ProvinceSummaryRow extends AdminUnitRow {
  district_count: number
  commune_count: number
}

export async function listProvinces(db: Executor, layer: Layer, foldedQuery: string | undefined): Promise<ProvinceSummaryRow[]> {
  const { rows } = await sql<ProvinceSummaryRow>`
    select p.*,
           (select count(*)::int from admin_units d where d.layer = p.layer and d.level = 'district' and d.province_code = p.code) as district_count,
           (select count(*)::int from admin_units c where c.layer = p.layer and c.level = 'commune' and c.province_code = p.code) as commune_count
      from admin_units p
     where p.layer = ${layer} and p.level = 'province'
       ${foldedQuery ? sql`and (p.code = ${foldedQuery} or tdcs_fold(p.full_name) like ${containsPattern(foldedQuery)})` : sql``}
     order by p.code`.execute(db)
  return rows
}

export interface UnitListFilter {
  readonly layer: Layer
  readonly level: 'district' | 'commune'
  readonly provinceCode?: string | undefined
  readonly parentCode?: string | undefined
  /** Digits: a code prefix. Otherwise folded text found anywhere in the full name. */
  readonly foldedQuery?: string | undefined
  readonly limit: number
  readonly offset: number
}

export interface UnitListRow extends AdminUnitRow {
  parent_name: string | null
  province_name: string | null
  total: number
}

export async function listUnits(db: Executor, f: UnitListFilter): Promise<{ items: UnitListRow[]; total: number }> {
  const q = f.foldedQuery
  const { rows } = await sql<UnitListRow>`
    select u.*, parent.full_name as parent_name, province.full_name as province_name, count(*) over ()::int as total
      from admin_units u
      left join admin_units parent on parent.layer = u.layer and parent.code = u.parent_code
           and parent.level = case when u.layer = 'historical' and u.level = 'commune' then 'district' else 'province' end
      left join admin_units province on province.layer = u.layer and province.level = 'province' and province.code = u.province_code
     where u.layer = ${f.layer} and u.level = ${f.level}
       ${f.provinceCode ? sql`and u.province_code = ${f.provinceCode}` : sql``}
       ${f.parentCode ? sql`and u.parent_code = ${f.parentCode}` : sql``}
       ${q ? (/^[0-9]+$/.test(q) ? sql`and u.code like ${`${q}%`}` : sql`and tdcs_fold(u.full_name) like ${containsPattern(q)}`) : sql``}
     order by u.code
     limit ${f.limit} offset ${f.offset}`.execute(db)
  return { items: rows, total: rows[0]?.total ?? 0 }
}

export async function findAdminUnit(db: Executor, layer: Layer, level: AdminLevel, code: string): Promise<AdminUnitRow | undefined> {
  return db.selectFrom('admin_units').selectAll().where('layer', '=', layer).where('level', '=', level).where('code', '=', code).executeTakeFirst()
}

export async function findAdminUnits(db: Executor, layer: Layer, level: AdminLevel, codes: readonly string[]): Promise<AdminUnitRow[]> {
  if (codes.length === 0) return []
  return db.selectFrom('admin_units').selectAll().where('layer', '=', layer).where('level', '=', level).where('code', 'in', codes).orderBy('code').execute()
}

export interface LinkedUnitRow {
  level: string
  code: string
  kind: 'full' | 'partial'
  full_name: string | null
  unit_type: string | null
  parent_code: string | null
  parent_name: string | null
}

/** The historical units merged into a current one, with their district (for communes). */
export async function predecessorsOf(db: Executor, newLevel: 'province' | 'commune', newCode: string): Promise<LinkedUnitRow[]> {
  const { rows } = await sql<LinkedUnitRow>`
    select l.old_level as level, l.old_code as code, l.kind, h.full_name, h.unit_type, h.parent_code, parent.full_name as parent_name
      from admin_unit_links l
      left join admin_units h on h.layer = 'historical' and h.level = l.old_level and h.code = l.old_code
      left join admin_units parent on parent.layer = 'historical' and parent.code = h.parent_code
           and parent.level = case when h.level = 'commune' then 'district' else 'province' end
     where l.new_level = ${newLevel} and l.new_code = ${newCode}
     order by l.old_level, l.old_code`.execute(db)
  return rows
}

/** The current units a historical one went into, wholly or partly. */
export async function successorsOf(db: Executor, oldLevel: AdminLevel, oldCode: string): Promise<LinkedUnitRow[]> {
  const { rows } = await sql<LinkedUnitRow>`
    select l.new_level as level, l.new_code as code, l.kind, c.full_name, c.unit_type, c.parent_code, parent.full_name as parent_name
      from admin_unit_links l
      left join admin_units c on c.layer = 'current' and c.level = l.new_level and c.code = l.new_code
      left join admin_units parent on parent.layer = 'current' and parent.level = 'province' and parent.code = c.parent_code
     where l.old_level = ${oldLevel} and l.old_code = ${oldCode}
     order by l.new_code`.execute(db)
  return rows
}

export interface DistrictLinkRow {
  new_code: string
  new_name: string | null
  new_unit_type: string | null
  old_level: string
  old_code: string
  old_name: string | null
  kind: 'full' | 'partial'
  /** Whether the new commune also took in communes of other districts. */
  mixed: boolean
}

/** For an old district: every link from it or its communes to a current commune. */
export async function districtLinks(db: Executor, districtCode: string): Promise<DistrictLinkRow[]> {
  // Starts from the district's communes (parent index) and reaches the links by old code (index).
  const { rows } = await sql<DistrictLinkRow>`
    with olds as (
      select 'commune' as old_level, h.code as old_code, h.full_name as old_name
        from admin_units h where h.layer = 'historical' and h.level = 'commune' and h.parent_code = ${districtCode}
      union all
      select 'district', d.code, d.full_name
        from admin_units d where d.layer = 'historical' and d.level = 'district' and d.code = ${districtCode}
    )
    select l.new_code,
           (select c.full_name from admin_units c where c.layer = 'current' and c.level = 'commune' and c.code = l.new_code) as new_name,
           (select c.unit_type from admin_units c where c.layer = 'current' and c.level = 'commune' and c.code = l.new_code) as new_unit_type,
           l.old_level, l.old_code, o.old_name, l.kind,
           exists (select 1 from admin_unit_links other
                    where other.new_level = 'commune' and other.new_code = l.new_code
                      and ${districtCode} is distinct from case when other.old_level = 'district' then other.old_code
                        else (select oh.parent_code from admin_units oh
                               where oh.layer = 'historical' and oh.level = 'commune' and oh.code = other.old_code) end) as mixed
      from olds o
      join admin_unit_links l on l.old_level = o.old_level and l.old_code = o.old_code and l.new_level = 'commune'
     order by l.new_code, l.old_code`.execute(db)
  return rows
}

/** The current communes a historical district or commune (partly) went into. */
export async function currentCommunesOf(db: Executor, level: 'district' | 'commune', code: string): Promise<string[]> {
  const { rows } = await sql<{ new_code: string }>`
    select distinct l.new_code
      from admin_unit_links l
     where l.new_level = 'commune'
       and ${level === 'commune'
         ? sql`l.old_level = 'commune' and l.old_code = ${code}`
         : sql`((l.old_level = 'commune' and l.old_code in (select h.code from admin_units h
                                                              where h.layer = 'historical' and h.level = 'commune' and h.parent_code = ${code}))
               or (l.old_level = 'district' and l.old_code = ${code}))`}
     order by l.new_code`.execute(db)
  return rows.map((r) => r.new_code)
}

/**
 * Refreshes the planner's statistics of the place tables after an import changed them: PGlite
 * has no autovacuum, and without them the planner takes 10,000 units for one and scans a layer
 * per row.
 */
export async function analyzePlaceTables(trx: Executor): Promise<void> {
  await sql`analyze admin_units`.execute(trx)
  await sql`analyze admin_unit_links`.execute(trx)
}

export type CoverageRow = UnitHistoricalCommunesView & {
  code: string
  name: string
}

/** Scope units (communes, villages) in the reader's scope standing for the given current communes. */
export async function scopeUnitsForCommunes(db: Executor, currentCodes: readonly string[], scopePath: string, limit: number): Promise<CoverageRow[]> {
  if (currentCodes.length === 0) return []
  return withPlacesViews(db)
    .selectFrom('unit_historical_communes as h')
    .innerJoin('units as u', 'u.id', 'h.unit_id')
    .select(['h.unit_id', 'h.unit_kind', 'h.commune_unit_id', 'h.current_commune_code', 'h.province_code', 'h.path', 'h.historical_commune_code', 'h.historical_district_code', 'h.resolution', 'u.code', 'u.name'])
    .where('h.current_commune_code', 'in', currentCodes)
    .where(underScope('h.path', scopePath))
    .orderBy('h.current_commune_code')
    .orderBy('h.path')
    .limit(limit)
    .execute()
}

export async function successorResolution(db: Executor, oldCode: string): Promise<HistoricalCommuneSuccessorsView | undefined> {
  return withPlacesViews(db).selectFrom('historical_commune_successors').selectAll().where('old_code', '=', oldCode).executeTakeFirst()
}

// ---- old → new assignments ----

export interface AssignmentRow {
  old_code: string
  old_name: string | null
  old_district_code: string | null
  old_district_name: string | null
  new_code: string
  new_name: string | null
  note: string | null
  decided_by: number | null
  decided_by_username: string | null
  decided_at: Date
}

export async function listAssignments(db: Executor, filter: { provinceCode?: string | undefined; oldCode?: string | undefined }, limit: number): Promise<AssignmentRow[]> {
  const { rows } = await sql<AssignmentRow>`
    select a.old_code, h.full_name as old_name, h.parent_code as old_district_code, d.full_name as old_district_name,
           a.new_code, c.full_name as new_name, a.note, a.decided_by, usr.username as decided_by_username, a.decided_at
      from admin_old_to_new_assignments a
      left join admin_units h on h.layer = 'historical' and h.level = 'commune' and h.code = a.old_code
      left join admin_units d on d.layer = 'historical' and d.level = 'district' and d.code = h.parent_code
      left join admin_units c on c.layer = 'current' and c.level = 'commune' and c.code = a.new_code
      left join users usr on usr.id = a.decided_by
     where true
       ${filter.provinceCode ? sql`and (c.province_code = ${filter.provinceCode} or h.province_code = ${filter.provinceCode})` : sql``}
       ${filter.oldCode ? sql`and a.old_code = ${filter.oldCode}` : sql``}
     order by a.old_code
     limit ${limit}`.execute(db)
  return rows
}

export async function findAssignment(db: Executor, oldCode: string) {
  return db.selectFrom('admin_old_to_new_assignments').selectAll().where('old_code', '=', oldCode).executeTakeFirst()
}

export async function saveAssignment(trx: Executor, a: { oldCode: string; newCode: string; note: string | null; decidedBy: number | null; decidedAt: Date }): Promise<void> {
  await trx
    .insertInto('admin_old_to_new_assignments')
    .values({ old_code: a.oldCode, new_code: a.newCode, note: a.note, decided_by: a.decidedBy, decided_at: a.decidedAt })
    .onConflict((oc) => oc.column('old_code').doUpdateSet({ new_code: a.newCode, note: a.note, decided_by: a.decidedBy, decided_at: a.decidedAt }))
    .execute()
}

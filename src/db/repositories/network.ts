import { sql } from 'kysely'
import type { Executor } from '../executor.js'
import type { UnitRow } from '../schema.js'
import { underScope } from '../scope.js'

/** A unit of the bank network with the place it stands for (branch → province, commune → current commune). */
export interface NetworkUnitRow extends UnitRow {
  place_name: string | null
  area_type: 'urban' | 'rural' | null
  former_commune_name: string | null
}

const networkUnits = (db: Executor) =>
  db
    .selectFrom('units as u')
    .leftJoin('admin_units as place', (j) =>
      j.on('place.layer', '=', 'current')
        .on('place.code', '=', sql.ref('u.admin_code'))
        .on('place.level', '=', sql<'province' | 'commune'>`case when u.kind = 'province' then 'province' else 'commune' end`))
    .leftJoin('admin_units as former', (j) =>
      j.on('former.layer', '=', 'historical').on('former.level', '=', 'commune').on('former.code', '=', sql.ref('u.former_commune_code')))
    .selectAll('u')
    .select(['place.full_name as place_name', 'place.area_type', 'former.full_name as former_commune_name'])

export async function findNetworkUnitInScope(db: Executor, id: number, scopePath: string): Promise<NetworkUnitRow | undefined> {
  return networkUnits(db).where('u.id', '=', id).where(underScope('u.path', scopePath)).executeTakeFirst()
}

export async function findNetworkUnitsByIds(db: Executor, ids: readonly number[]): Promise<NetworkUnitRow[]> {
  if (ids.length === 0) return []
  return networkUnits(db).where('u.id', 'in', ids).orderBy('u.code').execute()
}

/** The subtree under a path, parents before children, cut at `limit` units. */
export async function listNetworkSubtree(db: Executor, rootPath: string, maxDepth: number, limit: number): Promise<NetworkUnitRow[]> {
  const rootDepth = rootPath.split('/').length
  return networkUnits(db)
    .where(underScope('u.path', rootPath))
    .where(sql<boolean>`array_length(string_to_array(u.path, '/'), 1) <= ${rootDepth + maxDepth}`)
    .orderBy('u.path')
    .limit(limit)
    .execute()
}

export async function listBranchesInScope(db: Executor, scopePath: string): Promise<(NetworkUnitRow & { office_count: number; commune_count: number })[]> {
  return networkUnits(db)
    .select([
      sql<number>`(select count(*)::int from units o where o.parent_id = u.id and o.kind = 'transaction_office')`.as('office_count'),
      sql<number>`(select count(*)::int from units c where c.path like u.path || '%' and c.kind = 'commune')`.as('commune_count'),
    ])
    .where('u.kind', '=', 'province')
    .where(underScope('u.path', scopePath))
    .orderBy('u.code')
    .execute()
}

export async function findBranchOfProvince(db: Executor, provinceCode: string): Promise<UnitRow | undefined> {
  return db
    .selectFrom('units')
    .selectAll()
    .where('kind', '=', 'province')
    .where((eb) => eb.or([eb('admin_code', '=', provinceCode), eb('code', '=', provinceCode)]))
    .executeTakeFirst()
}

/** Commune units already standing for any of these current communes, with the office serving each. */
export async function findServedCommunes(db: Executor, codes: readonly string[]): Promise<{ code: string; unit_id: number; office_id: number | null; office_name: string | null }[]> {
  if (codes.length === 0) return []
  return db
    .selectFrom('units as c')
    .leftJoin('units as o', 'o.id', 'c.parent_id')
    .select(['c.code', 'c.id as unit_id', 'o.id as office_id', 'o.name as office_name'])
    .where('c.kind', '=', 'commune')
    .where((eb) => eb.or([eb('c.admin_code', 'in', codes), eb('c.code', 'in', codes)]))
    .orderBy('c.code')
    .execute()
}

/**
 * Creates one commune unit per current commune under an office, in two statements whatever the
 * number: insert from admin_units, then fill in the paths (which need the new ids).
 */
export async function insertCommuneUnits(trx: Executor, office: { id: number; path: string }, codes: readonly string[]): Promise<UnitRow[]> {
  const inserted = await trx
    .insertInto('units')
    .columns(['parent_id', 'kind', 'code', 'name', 'path', 'province_code', 'admin_code'])
    .expression(
      trx
        .selectFrom('admin_units')
        .select([
          sql<number>`${office.id}::int`.as('parent_id'), sql<string>`'commune'`.as('kind'), 'code', 'full_name', sql<string>`''`.as('path'), 'province_code', 'code as admin_code',
        ])
        .where('layer', '=', 'current')
        .where('level', '=', 'commune')
        .where('code', 'in', codes),
    )
    .returning('id')
    .execute()
  if (inserted.length === 0) return []
  return trx
    .updateTable('units')
    .set({ path: sql<string>`${office.path} || id::text || '/'` })
    .where('id', 'in', inserted.map((r) => r.id))
    .returningAll()
    .execute()
    .then((rows) => rows.sort((a, b) => a.code.localeCompare(b.code)))
}

/** The historical communes a current commune was formed from (commune-level links only). */
export async function predecessorCommuneCodes(db: Executor, currentCode: string): Promise<string[]> {
  const rows = await db
    .selectFrom('admin_unit_links')
    .select('old_code')
    .where('new_level', '=', 'commune')
    .where('new_code', '=', currentCode)
    .where('old_level', '=', 'commune')
    .orderBy('old_code')
    .execute()
  return rows.map((r) => r.old_code)
}

/** For each current commune: the historical communes it was formed from, with their names. */
export async function formerCommunesOf(db: Executor, currentCodes: readonly string[]): Promise<{ new_code: string; old_code: string; full_name: string | null }[]> {
  if (currentCodes.length === 0) return []
  return db
    .selectFrom('admin_unit_links as l')
    .leftJoin('admin_units as h', (j) => j.on('h.layer', '=', 'historical').on('h.level', '=', 'commune').onRef('h.code', '=', 'l.old_code'))
    .select(['l.new_code', 'l.old_code', 'h.full_name'])
    .where('l.new_level', '=', 'commune')
    .where('l.old_level', '=', 'commune')
    .where('l.new_code', 'in', currentCodes)
    .orderBy('l.old_code')
    .execute()
}

export async function childCodes(db: Executor, parentId: number, kind: string): Promise<string[]> {
  const rows = await db.selectFrom('units').select('code').where('parent_id', '=', parentId).where('kind', '=', kind).execute()
  return rows.map((r) => r.code)
}

export async function unitCodeTaken(db: Executor, kind: string, code: string): Promise<boolean> {
  return (await db.selectFrom('units').select('id').where('kind', '=', kind).where('code', '=', code).executeTakeFirst()) !== undefined
}

/** Current communes of a province that no unit serves yet, for the "assign communes" form. */
export async function unservedCommunes(db: Executor, provinceCode: string) {
  return db
    .selectFrom('admin_units as a')
    .select(['a.code', 'a.full_name', 'a.unit_type', 'a.area_type'])
    .where('a.layer', '=', 'current')
    .where('a.level', '=', 'commune')
    .where('a.province_code', '=', provinceCode)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('units as u').select('u.id').where('u.kind', '=', 'commune').where((e) => e.or([e('u.admin_code', '=', e.ref('a.code')), e('u.code', '=', e.ref('a.code'))])))))
    .orderBy('a.code')
    .execute()
}

// ---- transaction points ----

export interface TransactionPointRow {
  id: number
  commune_unit_id: number
  commune_name: string
  commune_path: string
  code: string
  site_name: string
  former_commune_code: string | null
  former_commune_name: string | null
  monthly_day: number
  start_time: string
  status: 'active' | 'closed'
  created_at: Date
}

const points = (db: Executor) =>
  db
    .selectFrom('transaction_points as p')
    .innerJoin('units as c', 'c.id', 'p.commune_unit_id')
    .leftJoin('admin_units as former', (j) =>
      j.on('former.layer', '=', 'historical').on('former.level', '=', 'commune').on('former.code', '=', sql.ref('p.former_commune_code')))
    .select([
      'p.id', 'p.commune_unit_id', 'c.name as commune_name', 'c.path as commune_path', 'p.code', 'p.site_name', 'p.former_commune_code',
      'former.full_name as former_commune_name', 'p.monthly_day', 'p.start_time', 'p.status', 'p.created_at',
    ])

export async function findPointInScope(db: Executor, id: number, scopePath: string): Promise<TransactionPointRow | undefined> {
  return points(db).where('p.id', '=', id).where(underScope('c.path', scopePath)).executeTakeFirst()
}

export async function listPointsInScope(db: Executor, scopePath: string, filter: { communeUnitId?: number | undefined; status?: 'active' | 'closed' | undefined }, limit: number): Promise<TransactionPointRow[]> {
  let q = points(db).where(underScope('c.path', scopePath))
  if (filter.communeUnitId !== undefined) q = q.where('p.commune_unit_id', '=', filter.communeUnitId)
  if (filter.status !== undefined) q = q.where('p.status', '=', filter.status)
  return q.orderBy('c.path').orderBy('p.code').limit(limit).execute()
}

export async function pointCodes(db: Executor, communeUnitId: number): Promise<string[]> {
  return (await db.selectFrom('transaction_points').select('code').where('commune_unit_id', '=', communeUnitId).execute()).map((r) => r.code)
}

export async function pointCodeTaken(db: Executor, code: string): Promise<boolean> {
  return (await db.selectFrom('transaction_points').select('id').where('code', '=', code).executeTakeFirst()) !== undefined
}

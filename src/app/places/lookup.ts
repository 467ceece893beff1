import {
  foldVietnamese, resolveCurrentCommune, type AdminLevel, type AreaType, type Layer, type LinkKind, type ScopeResolution, type SuccessorResolution,
} from '../../domain/places/index.js'
import { RuleViolation } from '../../domain/shared/index.js'
import {
  districtLinks, findAdminUnit, listImportRuns, listProvinces, listUnits, predecessorsOf, successorResolution, successorsOf,
  type AdminUnitRow, type LinkedUnitRow,
} from '../../db/repositories/places.js'
import type { Executor, RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'

export interface Place {
  readonly layer: Layer
  readonly level: AdminLevel
  readonly code: string
  readonly name: string
  readonly fullName: string
  readonly unitType: string
  readonly areaType: AreaType | null
  readonly parentCode: string | null
  readonly provinceCode: string
  readonly validFrom: string | null
  readonly validTo: string | null
}

export const toPlace = (row: AdminUnitRow): Place => ({
  layer: row.layer, level: row.level, code: row.code, name: row.name, fullName: row.full_name, unitType: row.unit_type, areaType: row.area_type,
  parentCode: row.parent_code, provinceCode: row.province_code, validFrom: row.valid_from, validTo: row.valid_to,
})

/** The text a user typed, folded the way the database folds names; digits stay a code prefix. */
const query = (q: string | undefined) => {
  const folded = q === undefined ? '' : foldVietnamese(q)
  return folded === '' ? undefined : folded
}

export interface ProvinceSummary extends Place {
  readonly districtCount: number
  readonly communeCount: number
}

export async function listPlaceProvinces(db: Executor, ctx: RequestContext, input: { layer: Layer; q?: string | undefined }): Promise<ProvinceSummary[]> {
  requirePermission(ctx, 'places.read')
  const rows = await listProvinces(db, input.layer, query(input.q))
  return rows.map((r) => ({ ...toPlace(r), districtCount: r.district_count, communeCount: r.commune_count }))
}

export interface PlaceListItem extends Place {
  /** The district (historical communes) or province the unit lies in. */
  readonly parentName: string | null
  readonly provinceName: string | null
}

export interface PlaceListInput {
  readonly layer: Layer
  readonly level: 'district' | 'commune'
  readonly provinceCode?: string | undefined
  readonly districtCode?: string | undefined
  readonly q?: string | undefined
  readonly limit: number
  readonly offset: number
}

/** Districts (historical layer) or communes of either layer, searched by code prefix or by name without diacritics. */
export async function listPlaces(db: Executor, ctx: RequestContext, input: PlaceListInput): Promise<{ items: PlaceListItem[]; total: number }> {
  requirePermission(ctx, 'places.read')
  if (input.level === 'district' && input.layer === 'current') return { items: [], total: 0 }
  const { items, total } = await listUnits(db, {
    layer: input.layer, level: input.level, provinceCode: input.provinceCode, parentCode: input.level === 'commune' ? input.districtCode : undefined,
    foldedQuery: query(input.q), limit: input.limit, offset: input.offset,
  })
  return { items: items.map((r) => ({ ...toPlace(r), parentName: r.parent_name, provinceName: r.province_name })), total }
}

export interface LinkedPlace {
  readonly level: string
  readonly code: string
  readonly kind: LinkKind
  readonly fullName: string | null
  readonly unitType: string | null
  readonly parentCode: string | null
  readonly parentName: string | null
}

const toLinked = (r: LinkedUnitRow): LinkedPlace => ({ level: r.level, code: r.code, kind: r.kind, fullName: r.full_name, unitType: r.unit_type, parentCode: r.parent_code, parentName: r.parent_name })

/** A current commune an old district went into, with the old units that went there. */
export interface DistrictSuccessor {
  readonly code: string
  readonly fullName: string | null
  readonly unitType: string | null
  /** 'full' when every old unit that went there from this district went wholly. */
  readonly kind: LinkKind
  /** The new commune also took in communes of other old districts. */
  readonly sharedWithOtherDistricts: boolean
  readonly from: readonly { readonly level: string; readonly code: string; readonly fullName: string | null; readonly kind: LinkKind }[]
}

export interface PlaceDetail {
  readonly place: Place
  readonly province: Place | null
  /** The district of a historical commune. */
  readonly district: Place | null
  /** Current units: the historical units merged into it. */
  readonly predecessors: readonly LinkedPlace[]
  /** Historical provinces and communes: the current units it went into. */
  readonly successors: readonly LinkedPlace[]
  /** Historical districts: the current communes its communes went into. */
  readonly districtSuccessors: readonly DistrictSuccessor[]
  /** Current commune: how figures recorded against it map to the old layer. */
  readonly scopeResolution: { readonly resolution: ScopeResolution; readonly historicalCommuneCode: string | null; readonly historicalDistrictCode: string | null } | null
  /** Historical commune or district: which current commune its history counts under. */
  readonly successorResolution: { readonly resolution: SuccessorResolution; readonly newCode: string | null } | null
}

/** One unit of either layer with its links across 01/07/2025. */
export async function getPlace(db: Executor, ctx: RequestContext, input: { layer: Layer; level: AdminLevel; code: string }): Promise<PlaceDetail> {
  requirePermission(ctx, 'places.read')
  const row = await findAdminUnit(db, input.layer, input.level, input.code)
  if (!row) throw new RuleViolation('not_found', { entity: 'place', ...input })
  const place = toPlace(row)
  const province = row.level === 'province' ? null : await findAdminUnit(db, row.layer, 'province', row.province_code)
  const district = row.layer === 'historical' && row.level === 'commune' && row.parent_code ? await findAdminUnit(db, 'historical', 'district', row.parent_code) : undefined
  const current = row.layer === 'current'
  const predecessors = current && row.level !== 'district' ? (await predecessorsOf(db, row.level, row.code)).map(toLinked) : []
  const successors = !current && row.level !== 'district' ? (await successorsOf(db, row.level, row.code)).map(toLinked) : []
  const districtSuccessors = !current && row.level === 'district' ? groupDistrictLinks(await districtLinks(db, row.code)) : []
  const scopeResolution = current && row.level === 'commune'
    ? resolveCurrentCommune(predecessors.flatMap((p) => (p.level === 'commune' || p.level === 'district'
      ? [{ level: p.level, code: p.code, districtCode: p.level === 'district' ? p.code : p.parentCode }] : [])))
    : null
  const successor = !current && row.level !== 'province' ? await successorResolution(db, row.code) : undefined
  return {
    place, province: province ? toPlace(province) : null, district: district ? toPlace(district) : null,
    predecessors, successors, districtSuccessors, scopeResolution,
    successorResolution: successor ? { resolution: successor.resolution, newCode: successor.new_code } : null,
  }
}

function groupDistrictLinks(rows: Awaited<ReturnType<typeof districtLinks>>): DistrictSuccessor[] {
  const byCode = new Map<string, DistrictSuccessor & { from: DistrictSuccessor['from'][number][] }>()
  for (const r of rows) {
    const entry = byCode.get(r.new_code) ?? { code: r.new_code, fullName: r.new_name, unitType: r.new_unit_type, kind: 'full', sharedWithOtherDistricts: r.mixed, from: [] }
    entry.from.push({ level: r.old_level, code: r.old_code, fullName: r.old_name, kind: r.kind })
    byCode.set(r.new_code, { ...entry, kind: entry.from.every((f) => f.kind === 'full') ? 'full' : 'partial' })
  }
  return [...byCode.values()]
}

export interface ImportRun {
  readonly id: number
  readonly at: Date
  readonly source: string
  readonly fileName: string
  readonly sha256: string
  readonly added: number
  readonly changed: number
  readonly unchanged: number
  readonly report: unknown
}

export async function listPlaceImportRuns(db: Executor, ctx: RequestContext, limit = 50): Promise<ImportRun[]> {
  requirePermission(ctx, 'places.read')
  const rows = await listImportRuns(db, limit)
  return rows.map((r) => ({ id: r.id, at: r.at, source: r.source, fileName: r.file_name, sha256: r.sha256, added: r.added, changed: r.changed, unchanged: r.unchanged, report: r.report }))
}

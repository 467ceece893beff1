import type { UnitKind } from '../../domain/access/index.js'
import { branchName, chooseFormerCommune, nextSeriesCode } from '../../domain/network/index.js'
import { orThrow, RuleViolation } from '../../domain/shared/index.js'
import {
  childCodes, findBranchOfProvince, findNetworkUnitInScope, findNetworkUnitsByIds, findServedCommunes, formerCommunesOf, insertCommuneUnits,
  listBranchesInScope, listNetworkSubtree, listPointsInScope, predecessorCommuneCodes, unitCodeTaken, unservedCommunes, type NetworkUnitRow,
} from '../../db/repositories/network.js'
import { findAdminUnit, findAdminUnits } from '../../db/repositories/places.js'
import { findUnitInScope, insertUnit } from '../../db/repositories/units.js'
import type { UnitRow } from '../../db/schema.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { toTransactionPoint, type TransactionPoint } from './points.js'

/** A unit of the bank network and the place it stands for. */
export interface NetworkUnit {
  readonly id: number
  readonly parentId: number | null
  readonly kind: UnitKind
  readonly code: string
  readonly name: string
  readonly path: string
  readonly provinceCode: string | null
  /** Branch: its province code; commune: its current commune code (GSO). */
  readonly adminCode: string | null
  /** The current commune's full name (communes) or the province's (branches). */
  readonly placeName: string | null
  readonly areaType: 'urban' | 'rural' | null
  /** Villages: the former commune (before 01/07/2025) they lay in. */
  readonly formerCommuneCode: string | null
  readonly formerCommuneName: string | null
}

export const toNetworkUnit = (row: NetworkUnitRow | (UnitRow & Partial<NetworkUnitRow>)): NetworkUnit => ({
  id: row.id, parentId: row.parent_id, kind: row.kind as UnitKind, code: row.code, name: row.name, path: row.path, provinceCode: row.province_code,
  adminCode: row.admin_code, placeName: row.place_name ?? null, areaType: row.area_type ?? null,
  formerCommuneCode: row.former_commune_code, formerCommuneName: row.former_commune_name ?? null,
})

/** A unit in scope of the expected kind; anything else is refused with the code that says why. */
async function unitOfKind(db: Executor, ctx: RequestContext, id: number, kind: UnitKind): Promise<NetworkUnitRow> {
  const row = await findNetworkUnitInScope(db, id, ctx.actor.scopePath)
  if (!row) throw new RuleViolation('not_found', { entity: 'unit', id })
  if (row.kind !== kind) throw new RuleViolation('network_unit_kind_invalid', { id, kind: row.kind, expected: kind })
  return row
}

async function reload(trx: Executor, id: number): Promise<NetworkUnit> {
  const row = await findNetworkUnitInScope(trx, id, '/1/')
  if (!row) throw new Error(`unit ${id} vanished inside its own transaction`)
  return toNetworkUnit(row)
}

/** Creates the provincial branch (chi nhánh) of a current province under the head office: one per province. */
export async function createBranch(db: Executor, ctx: RequestContext, input: { provinceCode: string }): Promise<NetworkUnit> {
  requirePermission(ctx, 'network.manage', 'write')
  return inTransaction(db, async (trx) => {
    const central = await trx.selectFrom('units').selectAll().where('kind', '=', 'central').executeTakeFirstOrThrow()
    if (!(await findUnitInScope(trx, central.id, ctx.actor.scopePath))) throw new RuleViolation('out_of_scope', { unitId: central.id })
    const province = await findAdminUnit(trx, 'current', 'province', input.provinceCode)
    if (!province) throw new RuleViolation('place_unknown', { layer: 'current', level: 'province', code: input.provinceCode })
    const existing = await findBranchOfProvince(trx, province.code)
    if (existing) throw new RuleViolation('branch_exists', { provinceCode: province.code, unitId: existing.id })
    const row = await insertUnit(trx, { parentId: central.id, parentPath: central.path, kind: 'province', code: province.code, name: branchName(province.name), provinceCode: province.code })
    await trx.updateTable('units').set({ admin_code: province.code }).where('id', '=', row.id).execute()
    const unit = await reload(trx, row.id)
    await recordAudit(trx, ctx, { action: 'network.create_branch', entityType: 'unit', entityId: unit.id, after: unit, scopePath: unit.path })
    return unit
  })
}

/** Creates a transaction office (phòng giao dịch) under a branch in the actor's scope. */
export async function createOffice(db: Executor, ctx: RequestContext, input: { branchId: number; code: string; name: string }): Promise<NetworkUnit> {
  requirePermission(ctx, 'network.manage', 'write')
  return inTransaction(db, async (trx) => {
    const branch = await unitOfKind(trx, ctx, input.branchId, 'province')
    if (await unitCodeTaken(trx, 'transaction_office', input.code)) throw new RuleViolation('unit_code_taken', { code: input.code })
    const row = await insertUnit(trx, { parentId: branch.id, parentPath: branch.path, kind: 'transaction_office', code: input.code, name: input.name.trim(), provinceCode: branch.province_code })
    const unit = await reload(trx, row.id)
    await recordAudit(trx, ctx, { action: 'network.create_office', entityType: 'unit', entityId: unit.id, after: unit, scopePath: unit.path })
    return unit
  })
}

/**
 * Puts current communes under a transaction office: one commune unit each, coded and named as the
 * GSO commune. All or nothing: an unknown code, a commune of another province or one already
 * served refuses the whole request.
 */
export async function assignCommunes(db: Executor, ctx: RequestContext, input: { officeId: number; communeCodes: readonly string[] }): Promise<NetworkUnit[]> {
  requirePermission(ctx, 'network.manage', 'write')
  const codes = [...new Set(input.communeCodes)].sort()
  return inTransaction(db, async (trx) => {
    const office = await unitOfKind(trx, ctx, input.officeId, 'transaction_office')
    const found = await findAdminUnits(trx, 'current', 'commune', codes)
    const unknown = codes.filter((c) => !found.some((f) => f.code === c))
    if (unknown.length > 0) throw new RuleViolation('place_unknown', { layer: 'current', level: 'commune', codes: unknown })
    const foreign = found.filter((f) => f.province_code !== office.province_code)
    if (foreign.length > 0) throw new RuleViolation('commune_in_other_province', { officeProvinceCode: office.province_code, codes: foreign.map((f) => ({ code: f.code, provinceCode: f.province_code })) })
    const served = await findServedCommunes(trx, codes)
    if (served.length > 0) throw new RuleViolation('commune_already_served', { communes: served.map((s) => ({ code: s.code, officeId: s.office_id, officeName: s.office_name })) })
    const rows = await insertCommuneUnits(trx, office, codes)
    const units = rows.map((r) => toNetworkUnit(r))
    await recordAudit(trx, ctx, {
      action: 'network.assign_communes', entityType: 'unit', entityId: office.id,
      after: { officeId: office.id, communes: units.map((u) => ({ id: u.id, code: u.code, name: u.name })) }, scopePath: office.path,
    })
    return (await findNetworkUnitsByIds(trx, units.map((u) => u.id))).map(toNetworkUnit)
  })
}

export interface CreateVillageInput {
  readonly communeUnitId: number
  readonly name: string
  /** Defaults to '<commune code>-NN'. */
  readonly code?: string | undefined
  /** Required when the commune merged several former communes. */
  readonly formerCommuneCode?: string | null | undefined
}

/** Adds a village (thôn, bản, tổ dân phố) under a commune, recording the former commune it lay in. */
export async function createVillage(db: Executor, ctx: RequestContext, input: CreateVillageInput): Promise<NetworkUnit> {
  requirePermission(ctx, 'network.manage', 'write')
  return inTransaction(db, async (trx) => {
    const commune = await unitOfKind(trx, ctx, input.communeUnitId, 'commune')
    const predecessors = commune.admin_code ? await predecessorCommuneCodes(trx, commune.admin_code) : []
    const former = orThrow(chooseFormerCommune(predecessors, input.formerCommuneCode))
    const code = input.code ?? nextSeriesCode(`${commune.code}-`, await childCodes(trx, commune.id, 'village'), 2)
    if (await unitCodeTaken(trx, 'village', code)) throw new RuleViolation('unit_code_taken', { code })
    const row = await insertUnit(trx, { parentId: commune.id, parentPath: commune.path, kind: 'village', code, name: input.name.trim(), provinceCode: commune.province_code })
    await trx.updateTable('units').set({ former_commune_code: former }).where('id', '=', row.id).execute()
    const unit = await reload(trx, row.id)
    await recordAudit(trx, ctx, { action: 'network.create_village', entityType: 'unit', entityId: unit.id, after: unit, scopePath: unit.path })
    return unit
  })
}

export interface BranchSummary extends NetworkUnit {
  readonly officeCount: number
  readonly communeCount: number
}

export async function listBranches(db: Executor, ctx: RequestContext): Promise<BranchSummary[]> {
  requirePermission(ctx, 'units.read')
  const rows = await listBranchesInScope(db, ctx.actor.scopePath)
  return rows.map((r) => ({ ...toNetworkUnit(r), officeCount: r.office_count, communeCount: r.commune_count }))
}

export interface NetworkTreeNode extends NetworkUnit {
  /** Communes only: their transaction points. */
  readonly points: readonly TransactionPoint[]
  /** Communes only: the former communes it was formed from (choices for villages and points). */
  readonly formerCommunes: readonly { readonly code: string; readonly fullName: string }[]
}

/** Units the tree answer holds at most; deeper parts are fetched from a lower root. */
export const TREE_MAX_UNITS = 5000

/**
 * The network under a unit (default: the actor's own), parents first: branch → offices →
 * communes (with their transaction points) → villages. Cut at TREE_MAX_UNITS (`truncated`).
 */
export async function getNetworkTree(db: Executor, ctx: RequestContext, input: { rootId?: number | undefined; depth?: number | undefined }): Promise<{ root: NetworkUnit; nodes: NetworkTreeNode[]; truncated: boolean }> {
  requirePermission(ctx, 'units.read')
  const rootRow = await findNetworkUnitInScope(db, input.rootId ?? ctx.actor.unitId, ctx.actor.scopePath)
  if (!rootRow) throw new RuleViolation('not_found', { entity: 'unit', id: input.rootId ?? ctx.actor.unitId })
  const rows = await listNetworkSubtree(db, rootRow.path, input.depth ?? 4, TREE_MAX_UNITS + 1)
  const truncated = rows.length > TREE_MAX_UNITS
  const kept = rows.slice(0, TREE_MAX_UNITS)
  const pointRows = await listPointsInScope(db, rootRow.path, {}, TREE_MAX_UNITS * 4)
  const communeCodes = kept.filter((r) => r.kind === 'commune' && r.admin_code).map((r) => r.admin_code as string)
  const formers = groupBy(await formerCommunesOf(db, communeCodes), (l) => l.new_code)
  const pointsByCommune = groupBy(pointRows, (p) => p.commune_unit_id)
  const nodes = kept.map((r) => ({
    ...toNetworkUnit(r),
    points: (pointsByCommune.get(r.id) ?? []).map(toTransactionPoint),
    formerCommunes: r.kind === 'commune' && r.admin_code ? (formers.get(r.admin_code) ?? []).map((l) => ({ code: l.old_code, fullName: l.full_name ?? l.old_code })) : [],
  }))
  return { root: toNetworkUnit(rootRow), nodes, truncated }
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = map.get(k)
    if (list) list.push(item)
    else map.set(k, [item])
  }
  return map
}

/** Current communes of a branch's province that no unit serves yet. */
export async function listUnservedCommunes(db: Executor, ctx: RequestContext, input: { branchId: number }) {
  requirePermission(ctx, 'units.read')
  const branch = await findNetworkUnitInScope(db, input.branchId, ctx.actor.scopePath)
  if (!branch) throw new RuleViolation('not_found', { entity: 'unit', id: input.branchId })
  if (!branch.province_code || (branch.kind !== 'province' && branch.kind !== 'transaction_office'))
    throw new RuleViolation('network_unit_kind_invalid', { id: branch.id, kind: branch.kind, expected: 'province' })
  const rows = await unservedCommunes(db, branch.province_code)
  return rows.map((r) => ({ code: r.code, fullName: r.full_name, unitType: r.unit_type, areaType: r.area_type }))
}

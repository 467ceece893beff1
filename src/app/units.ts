import { CHILD_KINDS, type UnitKind } from '../domain/access/index.js'
import { RuleViolation } from '../domain/shared/index.js'
import { findUnitInScope, insertUnit, listUnitsInScope } from '../db/repositories/units.js'
import type { UnitRow } from '../db/schema.js'
import { recordAudit } from './audit.js'
import { inTransaction, type Executor, type RequestContext } from './context.js'
import { requirePermission } from './guards.js'

export interface Unit {
  readonly id: number
  readonly parentId: number | null
  readonly kind: UnitKind
  readonly code: string
  readonly name: string
  readonly path: string
}

export const toUnit = (row: UnitRow): Unit => ({
  id: row.id,
  parentId: row.parent_id,
  kind: row.kind as UnitKind,
  code: row.code,
  name: row.name,
  path: row.path,
})

export async function listUnits(db: Executor, ctx: RequestContext): Promise<Unit[]> {
  requirePermission(ctx, 'units.read')
  return (await listUnitsInScope(db, ctx.actor.scopePath)).map(toUnit)
}

export async function getUnit(db: Executor, ctx: RequestContext, id: number): Promise<Unit> {
  requirePermission(ctx, 'units.read')
  const row = await findUnitInScope(db, id, ctx.actor.scopePath)
  if (!row) throw new RuleViolation('not_found', { entity: 'unit', id })
  return toUnit(row)
}

export interface CreateUnitInput {
  readonly parentId: number
  readonly kind: UnitKind
  readonly code: string
  readonly name: string
}

/** Adds a unit under a parent in the actor's scope; the kind must fit under the parent's kind. */
export async function createUnit(db: Executor, ctx: RequestContext, input: CreateUnitInput): Promise<Unit> {
  requirePermission(ctx, 'units.manage', 'write')
  return inTransaction(db, async (trx) => {
    const parent = await findUnitInScope(trx, input.parentId, ctx.actor.scopePath)
    if (!parent) throw new RuleViolation('not_found', { entity: 'unit', id: input.parentId })
    if (!CHILD_KINDS[parent.kind as UnitKind].includes(input.kind))
      throw new RuleViolation('unit_kind_not_allowed_under_parent', { parentKind: parent.kind, kind: input.kind })
    const taken = await trx.selectFrom('units').select('id').where('kind', '=', input.kind).where('code', '=', input.code).executeTakeFirst()
    if (taken) throw new RuleViolation('unit_code_taken', { code: input.code })
    const provinceCode = input.kind === 'province' ? input.code : parent.province_code
    const row = await insertUnit(trx, { parentId: parent.id, parentPath: parent.path, kind: input.kind, code: input.code, name: input.name, provinceCode })
    const unit = toUnit(row)
    await recordAudit(trx, ctx, { action: 'unit.create', entityType: 'unit', entityId: unit.id, after: unit, scopePath: unit.path })
    return unit
  })
}

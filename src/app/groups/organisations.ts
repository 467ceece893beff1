import type { Organisation } from '../../domain/access/index.js'
import { checkOrganisationAttachment, checkOrganisationParent, type OrganisationLevel } from '../../domain/network/index.js'
import { orThrow, RuleViolation } from '../../domain/shared/index.js'
import {
  activeOrganisationUnitAt, findOrganisationUnit, findOrganisationUnitInScope, listOrganisationUnitsInScope, type OrganisationUnitFilter, type OrganisationUnitRow,
} from '../../db/repositories/entrustment.js'
import { findNetworkUnitInScope } from '../../db/repositories/network.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { authorOf } from './shared.js'

/** A unit of an entrusted organisation (Hội LHPN xã Cao Lộc …) and the bank unit it works with. */
export interface OrganisationUnit {
  readonly id: number
  readonly organisation: Organisation
  readonly level: OrganisationLevel
  readonly bankUnitId: number
  readonly bankUnitName: string
  readonly bankUnitKind: string
  readonly parentId: number | null
  readonly parentName: string | null
  readonly name: string
  readonly provinceCode: string | null
  readonly status: 'active' | 'dissolved'
  readonly dissolvedOn: string | null
  readonly groupCount: number
  readonly createdAt: Date
}

export const toOrganisationUnit = (r: OrganisationUnitRow): OrganisationUnit => ({
  id: r.id, organisation: r.organisation, level: r.level, bankUnitId: r.bank_unit_id, bankUnitName: r.bank_unit_name, bankUnitKind: r.bank_unit_kind,
  parentId: r.parent_id, parentName: r.parent_name, name: r.name, provinceCode: r.province_code, status: r.status, dissolvedOn: r.dissolved_on,
  groupCount: r.group_count, createdAt: r.created_at,
})

export interface CreateOrganisationUnitInput {
  readonly organisation: Organisation
  readonly level: OrganisationLevel
  readonly bankUnitId: number
  readonly parentId?: number | null | undefined
  readonly name: string
}

/**
 * Registers a unit of an entrusted organisation opposite a bank unit of the actor's scope: a
 * provincial union opposite the branch, a former-district union opposite a transaction office, a
 * commune union opposite a commune. One active unit per organisation and branch or commune.
 */
export async function createOrganisationUnit(db: Executor, ctx: RequestContext, input: CreateOrganisationUnitInput): Promise<OrganisationUnit> {
  requirePermission(ctx, 'entrustment.manage', 'write')
  return inTransaction(db, async (trx) => {
    const bank = await findNetworkUnitInScope(trx, input.bankUnitId, ctx.actor.scopePath)
    if (!bank) throw new RuleViolation('not_found', { entity: 'unit', id: input.bankUnitId })
    orThrow(checkOrganisationAttachment(input.level, bank.kind))
    const parent = input.parentId == null ? null : await findOrganisationUnit(trx, input.parentId)
    if (input.parentId != null && !parent) throw new RuleViolation('not_found', { entity: 'organisation_unit', id: input.parentId })
    orThrow(checkOrganisationParent(input, parent ?? null))
    if (parent && !bank.path.startsWith(parent.bank_unit_path)) throw new RuleViolation('organisation_parent_invalid', { reason: 'parent_elsewhere', parentId: parent.id })
    if (input.level !== 'former_district' && (await activeOrganisationUnitAt(trx, input.organisation, bank.id)))
      throw new RuleViolation('organisation_unit_exists', { organisation: input.organisation, bankUnitId: bank.id })
    const { id } = await trx
      .insertInto('organisation_units')
      .values({ organisation: input.organisation, level: input.level, bank_unit_id: bank.id, parent_id: parent?.id ?? null, name: input.name.trim(), province_code: bank.province_code, dissolved_on: null, created_by: authorOf(ctx) })
      .returning('id')
      .executeTakeFirstOrThrow()
    const unit = toOrganisationUnit((await findOrganisationUnit(trx, id))!)
    await recordAudit(trx, ctx, { action: 'organisation_unit.create', entityType: 'organisation_unit', entityId: id, after: unit, scopePath: bank.path })
    return unit
  })
}

export async function listOrganisationUnits(db: Executor, ctx: RequestContext, filter: OrganisationUnitFilter & { limit: number }): Promise<OrganisationUnit[]> {
  requirePermission(ctx, 'groups.read')
  return (await listOrganisationUnitsInScope(db, ctx.actor.scopePath, filter, filter.limit)).map(toOrganisationUnit)
}

export async function getOrganisationUnit(db: Executor, ctx: RequestContext, id: number): Promise<OrganisationUnit> {
  requirePermission(ctx, 'groups.read')
  const row = await findOrganisationUnitInScope(db, id, ctx.actor.scopePath)
  if (!row) throw new RuleViolation('not_found', { entity: 'organisation_unit', id })
  return toOrganisationUnit(row)
}

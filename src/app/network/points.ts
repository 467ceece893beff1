import { checkMonthlyDay, checkStartTime, chooseFormerCommune, nextSeriesCode } from '../../domain/network/index.js'
import { orThrow, RuleViolation } from '../../domain/shared/index.js'
import {
  findNetworkUnitInScope, findPointInScope, listPointsInScope, pointCodes, pointCodeTaken, predecessorCommuneCodes, type TransactionPointRow,
} from '../../db/repositories/network.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'

/** A commune transaction point (điểm giao dịch xã): a site, a fixed monthly day and a start time. */
export interface TransactionPoint {
  readonly id: number
  readonly communeUnitId: number
  readonly communeName: string
  readonly code: string
  readonly siteName: string
  /** The former commune (before 01/07/2025) whose people the point serves. */
  readonly formerCommuneCode: string | null
  readonly formerCommuneName: string | null
  /** Day of the month, 1–31. The transaction-day rules move it off weekends and holidays. */
  readonly monthlyDay: number
  /** 'HH:MM' */
  readonly startTime: string
  readonly status: 'active' | 'closed'
  readonly createdAt: Date
}

export const toTransactionPoint = (r: TransactionPointRow): TransactionPoint => ({
  id: r.id, communeUnitId: r.commune_unit_id, communeName: r.commune_name, code: r.code, siteName: r.site_name,
  formerCommuneCode: r.former_commune_code, formerCommuneName: r.former_commune_name, monthlyDay: r.monthly_day, startTime: r.start_time,
  status: r.status, createdAt: r.created_at,
})

async function reloadPoint(trx: Executor, id: number): Promise<{ point: TransactionPoint; path: string }> {
  const row = await findPointInScope(trx, id, '/1/')
  if (!row) throw new Error(`transaction point ${id} vanished inside its own transaction`)
  return { point: toTransactionPoint(row), path: row.commune_path }
}

export interface CreatePointInput {
  readonly communeUnitId: number
  /** Defaults to 'DGD-<commune code>-NN'. */
  readonly code?: string | undefined
  readonly siteName: string
  readonly formerCommuneCode?: string | null | undefined
  readonly monthlyDay: number
  readonly startTime: string
}

/** Opens a transaction point in a commune of the actor's scope. */
export async function createTransactionPoint(db: Executor, ctx: RequestContext, input: CreatePointInput): Promise<TransactionPoint> {
  requirePermission(ctx, 'network.manage', 'write')
  const monthlyDay = orThrow(checkMonthlyDay(input.monthlyDay))
  const startTime = orThrow(checkStartTime(input.startTime))
  return inTransaction(db, async (trx) => {
    const commune = await findNetworkUnitInScope(trx, input.communeUnitId, ctx.actor.scopePath)
    if (!commune) throw new RuleViolation('not_found', { entity: 'unit', id: input.communeUnitId })
    if (commune.kind !== 'commune') throw new RuleViolation('network_unit_kind_invalid', { id: commune.id, kind: commune.kind, expected: 'commune' })
    const predecessors = commune.admin_code ? await predecessorCommuneCodes(trx, commune.admin_code) : []
    const former = orThrow(chooseFormerCommune(predecessors, input.formerCommuneCode))
    const code = input.code ?? nextSeriesCode(`DGD-${commune.code}-`, await pointCodes(trx, commune.id), 2)
    if (await pointCodeTaken(trx, code)) throw new RuleViolation('transaction_point_code_taken', { code })
    const { id } = await trx
      .insertInto('transaction_points')
      .values({ commune_unit_id: commune.id, code, site_name: input.siteName.trim(), former_commune_code: former, monthly_day: monthlyDay, start_time: startTime })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { point, path } = await reloadPoint(trx, id)
    await recordAudit(trx, ctx, { action: 'network.create_point', entityType: 'transaction_point', entityId: id, after: point, scopePath: path })
    return point
  })
}

export interface UpdatePointInput {
  readonly siteName?: string | undefined
  readonly formerCommuneCode?: string | null | undefined
  readonly monthlyDay?: number | undefined
  readonly startTime?: string | undefined
}

/** Changes a point's site, former commune, day or hour; a closed point is not changed. */
export async function updateTransactionPoint(db: Executor, ctx: RequestContext, id: number, input: UpdatePointInput): Promise<TransactionPoint> {
  requirePermission(ctx, 'network.manage', 'write')
  if (input.monthlyDay !== undefined) orThrow(checkMonthlyDay(input.monthlyDay))
  if (input.startTime !== undefined) orThrow(checkStartTime(input.startTime))
  return inTransaction(db, async (trx) => {
    const before = await findPointInScope(trx, id, ctx.actor.scopePath)
    if (!before) throw new RuleViolation('not_found', { entity: 'transaction_point', id })
    if (before.status === 'closed') throw new RuleViolation('transaction_point_closed', { id })
    let former = before.former_commune_code
    if (input.formerCommuneCode !== undefined) {
      const commune = await findNetworkUnitInScope(trx, before.commune_unit_id, '/1/')
      const predecessors = commune?.admin_code ? await predecessorCommuneCodes(trx, commune.admin_code) : []
      former = orThrow(chooseFormerCommune(predecessors, input.formerCommuneCode))
    }
    await trx
      .updateTable('transaction_points')
      .set({
        site_name: input.siteName?.trim() ?? before.site_name,
        former_commune_code: former,
        monthly_day: input.monthlyDay ?? before.monthly_day,
        start_time: input.startTime ?? before.start_time,
      })
      .where('id', '=', id)
      .execute()
    const { point, path } = await reloadPoint(trx, id)
    await recordAudit(trx, ctx, { action: 'network.update_point', entityType: 'transaction_point', entityId: id, before: toTransactionPoint(before), after: point, scopePath: path })
    return point
  })
}

/** Closes a point: it stays on record (history refers to it) but no longer meets. */
export async function closeTransactionPoint(db: Executor, ctx: RequestContext, id: number): Promise<TransactionPoint> {
  requirePermission(ctx, 'network.manage', 'write')
  return inTransaction(db, async (trx) => {
    const before = await findPointInScope(trx, id, ctx.actor.scopePath)
    if (!before) throw new RuleViolation('not_found', { entity: 'transaction_point', id })
    if (before.status === 'closed') throw new RuleViolation('transaction_point_closed', { id })
    await trx.updateTable('transaction_points').set({ status: 'closed' }).where('id', '=', id).execute()
    const { point, path } = await reloadPoint(trx, id)
    await recordAudit(trx, ctx, { action: 'network.close_point', entityType: 'transaction_point', entityId: id, before: toTransactionPoint(before), after: point, scopePath: path })
    return point
  })
}

export async function listTransactionPoints(
  db: Executor, ctx: RequestContext, filter: { communeUnitId?: number | undefined; status?: 'active' | 'closed' | undefined; limit: number },
): Promise<TransactionPoint[]> {
  requirePermission(ctx, 'units.read')
  return (await listPointsInScope(db, ctx.actor.scopePath, filter, filter.limit)).map(toTransactionPoint)
}

export async function getTransactionPoint(db: Executor, ctx: RequestContext, id: number): Promise<TransactionPoint> {
  requirePermission(ctx, 'units.read')
  const row = await findPointInScope(db, id, ctx.actor.scopePath)
  if (!row) throw new RuleViolation('not_found', { entity: 'transaction_point', id })
  return toTransactionPoint(row)
}

import { underScope } from '../db/scope.js'
import type { Executor, RequestContext } from './context.js'
import { requirePermission } from './guards.js'
import { verifyAuditChain, type ChainReport } from './audit.js'

export interface AuditFilter {
  readonly action?: string | undefined
  readonly entityType?: string | undefined
  readonly entityId?: string | undefined
  readonly username?: string | undefined
  readonly from?: Date | undefined
  readonly to?: Date | undefined
  readonly limit: number
  readonly offset: number
}

export interface AuditEntryView {
  readonly id: string
  readonly at: Date
  readonly userId: number | null
  readonly username: string | null
  readonly role: string | null
  readonly actorUnitId: number | null
  readonly action: string
  readonly entityType: string
  readonly entityId: string | null
  readonly before: unknown
  readonly after: unknown
  readonly requestId: string | null
  readonly hash: string
}

/** Audit rows about data under the reader's scope, newest first. */
export async function listAudit(db: Executor, ctx: RequestContext, filter: AuditFilter): Promise<{ items: AuditEntryView[]; total: number }> {
  requirePermission(ctx, 'audit.read')
  let query = db.selectFrom('audit_log').where(underScope('scope_path', ctx.actor.scopePath))
  if (filter.action) query = query.where('action', 'like', `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType)
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId)
  if (filter.username) query = query.where('username', '=', filter.username.toLowerCase())
  if (filter.from) query = query.where('at', '>=', filter.from)
  if (filter.to) query = query.where('at', '<', filter.to)
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ])
  const items = rows.map((r) => ({
    id: String(r.id), at: r.at, userId: r.user_id, username: r.username, role: r.role, actorUnitId: r.actor_unit_id,
    action: r.action, entityType: r.entity_type, entityId: r.entity_id, before: r.before, after: r.after, requestId: r.request_id, hash: r.hash,
  }))
  return { items, total: Number(count.n) }
}

/** Verifies the whole chain: only readers of the whole log (the central unit) may, since it reads every row. */
export async function verifyAudit(db: Executor, ctx: RequestContext): Promise<ChainReport> {
  requirePermission(ctx, 'audit.read')
  return verifyAuditChain(db)
}

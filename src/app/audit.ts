import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { AuditRow } from '../db/schema.js'
import { canonicalJson, toJsonSafe } from './canonical-json.js'
import type { Executor, RequestContext } from './context.js'

/** The first row links to this instead of a previous hash. */
export const GENESIS_HASH = '0'.repeat(64)
/** One advisory lock serialises appends, so each row sees the true previous row. */
const AUDIT_LOCK_KEY = 7_001_001

export interface AuditEntry {
  readonly action: string
  readonly entityType: string
  readonly entityId?: string | number | bigint | null
  readonly before?: unknown
  readonly after?: unknown
  /** The path of the unit the changed data belongs to; defaults to the actor's scope. */
  readonly scopePath?: string
}

type HashedFields = Omit<AuditRow, 'id' | 'hash' | 'prev_hash'>

/** What the hash covers: every column but the id (the chain itself orders the rows). */
function payloadOf(row: HashedFields): string {
  return canonicalJson({
    at: row.at.toISOString(),
    userId: row.user_id,
    username: row.username,
    role: row.role,
    actorUnitId: row.actor_unit_id,
    scopePath: row.scope_path,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    requestId: row.request_id,
  })
}

export function chainHash(prevHash: string, row: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(payloadOf(row)).digest('hex')
}

/**
 * Appends one row to the hash-chained audit log inside the caller's transaction, so the change
 * and its audit row commit or roll back together.
 */
export async function recordAudit(trx: Executor, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  // The lock is a statement of its own: the next one's snapshot must be taken after it is held.
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx)
  const { actor } = ctx
  const fields: HashedFields = {
    at: ctx.now,
    user_id: actor.userId === 0 ? null : actor.userId,
    username: actor.username,
    role: actor.role,
    actor_unit_id: actor.unitId,
    scope_path: entry.scopePath ?? actor.scopePath,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    before: entry.before === undefined ? null : toJsonSafe(entry.before),
    after: entry.after === undefined ? null : toJsonSafe(entry.after),
    request_id: ctx.requestId,
  }
  // Links to the previous row and hashes in the same statement: sha256(prev ‖ "\n" ‖ payload) in
  // SQL is `chainHash` (the verifier recomputes it in TypeScript).
  await sql`
    insert into audit_log (at, user_id, username, role, actor_unit_id, scope_path, action, entity_type, entity_id, before, after, request_id, prev_hash, hash)
    select ${fields.at}, ${fields.user_id}, ${fields.username}, ${fields.role}, ${fields.actor_unit_id}, ${fields.scope_path}, ${fields.action},
      ${fields.entity_type}, ${fields.entity_id}, ${fields.before === null ? null : JSON.stringify(fields.before)}::jsonb,
      ${fields.after === null ? null : JSON.stringify(fields.after)}::jsonb, ${fields.request_id},
      prev.hash, encode(sha256(convert_to(prev.hash || E'\n' || ${payloadOf(fields)}, 'UTF8')), 'hex')
    from (select coalesce((select hash from audit_log order by id desc limit 1), ${GENESIS_HASH}) as hash) prev`.execute(trx)
}

export interface ChainReport {
  readonly ok: boolean
  readonly checked: number
  /** The first row whose link or content does not match, with what is wrong. */
  readonly firstBroken?: { readonly id: string; readonly reason: 'prev_hash_mismatch' | 'hash_mismatch' }
}

const VERIFY_BATCH = 5000

/** Walks the whole chain in id order and reports the first broken link. */
export async function verifyAuditChain(db: Executor): Promise<ChainReport> {
  let prevHash = GENESIS_HASH
  let afterId = 0n
  let checked = 0
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(VERIFY_BATCH).execute()
    for (const row of rows) {
      if (row.prev_hash !== prevHash) return { ok: false, checked, firstBroken: { id: String(row.id), reason: 'prev_hash_mismatch' } }
      if (chainHash(prevHash, row) !== row.hash) return { ok: false, checked, firstBroken: { id: String(row.id), reason: 'hash_mismatch' } }
      prevHash = row.hash
      checked++
    }
    const lastRow = rows.at(-1)
    if (rows.length < VERIFY_BATCH || lastRow === undefined) return { ok: true, checked }
    afterId = lastRow.id
  }
}

import { createHash } from 'node:crypto'
import { RuleViolation } from '../domain/shared/index.js'
import type { Executor } from './context.js'

export interface IdempotentRequest {
  readonly userId: number
  readonly key: string
  readonly method: string
  readonly path: string
  readonly body: string
}

export interface StoredResponse {
  readonly status: number
  readonly body: string
}

export const KEY_PATTERN = /^[A-Za-z0-9_-]{8,200}$/

/**
 * Runs `work` at most once per (user, key). The key row is claimed in the same database
 * transaction as the work, so the effect and the stored response commit together:
 * - same key, same request → the first response, replayed, and nothing runs again;
 * - same key, another request → `idempotency_key_reused`;
 * - work that fails rolls back the claim too, so the client may retry with the same key.
 * A concurrent duplicate waits on the key's unique index until the first commits, then replays.
 *
 * `work` returns `undefined` to say "roll back, do not store" (an error response).
 */
export async function runIdempotent(
  db: Executor,
  request: IdempotentRequest,
  work: (trx: Executor) => Promise<StoredResponse>,
): Promise<{ response: StoredResponse; replayed: boolean }> {
  if (!KEY_PATTERN.test(request.key)) throw new RuleViolation('invalid_idempotency_key')
  const bodyHash = createHash('sha256').update(request.body).digest('hex')
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('idempotency_keys')
      .values({ user_id: request.userId, key: request.key, method: request.method, path: request.path, body_hash: bodyHash, status_code: null, response_body: null })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst()
    if (!claimed) {
      const prior = await trx
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('user_id', '=', request.userId)
        .where('key', '=', request.key)
        .executeTakeFirstOrThrow()
      if (prior.method !== request.method || prior.path !== request.path || prior.body_hash !== bodyHash)
        throw new RuleViolation('idempotency_key_reused', { key: request.key })
      if (prior.status_code === null || prior.response_body === null) throw new RuleViolation('idempotency_key_in_progress')
      return { response: { status: prior.status_code, body: prior.response_body }, replayed: true }
    }
    const response = await work(trx)
    await trx
      .updateTable('idempotency_keys')
      .set({ status_code: response.status, response_body: response.body })
      .where('user_id', '=', request.userId)
      .where('key', '=', request.key)
      .execute()
    return { response, replayed: false }
  })
}

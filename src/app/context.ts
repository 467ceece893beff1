import type { Role } from '../domain/access/index.js'
import type { Executor } from '../db/executor.js'

export type { Executor }

/** Who acts: resolved from the session on every request, never from the request body. */
export interface Actor {
  readonly userId: number
  readonly username: string
  readonly role: Role
  readonly unitId: number
  /** The actor's scope: the materialised path of the actor's unit. */
  readonly scopePath: string
}

/** The system itself (CLI bootstrap, migrations, jobs): full scope, audited as 'system'. */
export const SYSTEM_ACTOR: Actor = Object.freeze({
  userId: 0,
  username: 'system',
  role: 'admin',
  unitId: 1,
  scopePath: '/1/',
})

export interface RequestContext {
  readonly actor: Actor
  readonly requestId: string
  /** The wall-clock instant of the request: passed in, never read inside use-cases. */
  readonly now: Date
}

/**
 * Runs `work` in a database transaction, or inside the caller's transaction when `db` already is
 * one (the idempotency wrapper opens it). On PGlite there is one connection: work must use only
 * the handle it is given, never an outer one, or it deadlocks.
 */
export async function inTransaction<T>(db: Executor, work: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db)
  return db.transaction().execute(work)
}

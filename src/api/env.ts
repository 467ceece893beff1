import type { Context } from 'hono'
import type { Logger } from 'pino'
import type { SessionInfo } from '../app/auth.js'
import type { Executor, RequestContext } from '../app/context.js'
import type { TdcsApp } from '../app/open-app.js'
import { RuleViolation } from '../domain/shared/index.js'

export interface ApiEnv {
  Variables: {
    requestId: string
    log: Logger
    tdcs: TdcsApp
    session: SessionInfo | undefined
    /** The transaction an idempotent request runs in; handlers use it through `dbOf`. */
    tx: Executor | undefined
  }
}

/** The request context of a logged-in request: who, which request, when. */
export function requestContext(c: Context<ApiEnv>): RequestContext {
  const session = c.get('session')
  if (!session) throw new RuleViolation('not_authenticated')
  return { actor: session.actor, requestId: c.get('requestId'), now: new Date() }
}

/** The handle a handler must use: the idempotency transaction when there is one. */
export function dbOf(c: Context<ApiEnv>): Executor {
  return c.get('tx') ?? c.get('tdcs').db
}

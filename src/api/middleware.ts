import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { resolveSession } from '../app/auth.js'
import { runIdempotent } from '../app/idempotency.js'
import { RuleViolation } from '../domain/shared/index.js'
import type { ApiEnv } from './env.js'
import { errorResponse } from './errors.js'

export const SESSION_COOKIE = 'tdcs_session'
const PUBLIC_PATHS = new Set(['/api/v1/auth/login'])
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Resolves the session cookie; every /api/v1 route but login needs one. */
export const authenticate: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE)
  const tdcs = c.get('tdcs')
  const session = token ? await resolveSession(tdcs.db, new Date(), tdcs.authPolicy, token) : undefined
  c.set('session', session)
  if (!session && !PUBLIC_PATHS.has(c.req.path)) return errorResponse(c, 'not_authenticated')
  await next()
}

/**
 * CSRF: besides the SameSite=Strict cookie, every state-changing request must echo the session's
 * CSRF token in `X-CSRF-Token` — a value another site cannot read.
 */
export const csrfGuard: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const session = c.get('session')
  if (session && !SAFE_METHODS.has(c.req.method) && c.req.header('x-csrf-token') !== session.csrfToken)
    return errorResponse(c, 'csrf_token_invalid')
  await next()
}

class Rollback extends Error {}

/**
 * Routes that move money refuse a request without an `Idempotency-Key` (the `idempotent`
 * middleware, mounted on every /api/v1 route, does the work when the key is there).
 */
export const requireIdempotencyKey: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (c.req.method === 'POST' && !c.req.header('idempotency-key')) return errorResponse(c, 'idempotency_key_required')
  await next()
}

/**
 * `Idempotency-Key` on any POST: same key and body → the first response again; same key with
 * another body → 409. The handler runs inside the transaction that claims the key.
 */
export function idempotent(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key')
    const session = c.get('session')
    if (c.req.method !== 'POST' || !session || !key) return next()
    try {
      const { response, replayed } = await runIdempotent(
        c.get('tdcs').db,
        { userId: session.actor.userId, key, method: c.req.method, path: c.req.path, body: await c.req.text() },
        async (trx) => {
          c.set('tx', trx)
          try {
            await next()
          } finally {
            c.set('tx', undefined)
          }
          // An error response rolls back the claim too: nothing was done, so nothing is remembered.
          if (c.error || c.res.status >= 400) throw new Rollback()
          return { status: c.res.status, body: await c.res.clone().text() }
        },
      )
      if (replayed)
        return new Response(response.body, { status: response.status, headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' } })
    } catch (error) {
      if (error instanceof Rollback) return
      if (error instanceof RuleViolation) return errorResponse(c, error.code, error.details)
      throw error
    }
  }
}

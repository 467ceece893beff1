import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AssertionError, messageOf, RuleViolation, type ResultCode } from '../domain/shared/index.js'
import { toJsonSafe } from '../app/canonical-json.js'
import { httpStatusOf } from './http-status.js'

/** The body of every error response: `{ code, message: { vi, en }, details, requestId }`. */
export function errorBody(code: ResultCode, details: unknown, requestId: string | undefined) {
  return { code, message: messageOf(code), details: toJsonSafe(details ?? null), requestId: requestId ?? null }
}

export function errorResponse(c: Context, code: ResultCode, details?: unknown): Response {
  return c.json(errorBody(code, details, c.get('requestId')), httpStatusOf(code))
}

/** PostgreSQL error codes that mean "this input broke a rule the database enforces", not a crash. */
function databaseRuleCode(error: unknown): ResultCode | undefined {
  const code = (error as { code?: unknown })?.code
  if (code === '23505') return 'validation_failed' // unique_violation not caught by a use-case check
  if (code === '22P02' || code === '22003' || code === '22007' || code === '22008') return 'validation_failed'
  return undefined
}

/** The one error mapper: rule violations → their status; everything else → logged 500. */
export function onError(error: Error, c: Context): Response {
  if (error instanceof RuleViolation) return errorResponse(c, error.code, error.details)
  if (error instanceof HTTPException) {
    if (error.status === 413) return errorResponse(c, 'body_too_large')
    if (error.status === 400) return errorResponse(c, 'malformed_json', { reason: error.message })
    if (error.status === 401) return errorResponse(c, 'not_authenticated')
  }
  const dbCode = databaseRuleCode(error)
  if (dbCode) {
    c.get('log')?.warn({ err: error }, 'database rejected input')
    return errorResponse(c, dbCode, { constraint: (error as { constraint?: string }).constraint })
  }
  c.get('log')?.error({ err: error, assertion: error instanceof AssertionError }, 'request failed')
  return errorResponse(c, 'internal_error')
}

import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ResultCode } from '../domain/shared/index.js'

/** The one place where a result code becomes an HTTP status. Unlisted rule violations are 422. */
const STATUS: Partial<Record<ResultCode, ContentfulStatusCode>> = {
  validation_failed: 400,
  malformed_json: 400,
  invalid_money: 400,
  invalid_date: 400,
  password_too_weak: 400,
  invalid_idempotency_key: 400,
  idempotency_key_required: 400,
  organisation_required: 400,
  role_unit_mismatch: 400,
  unit_kind_not_allowed_under_parent: 400,
  cannot_disable_self: 400,
  not_authenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  out_of_scope: 403,
  csrf_token_invalid: 403,
  account_disabled: 403,
  maker_cannot_check: 403,
  not_found: 404,
  route_not_found: 404,
  username_taken: 409,
  unit_code_taken: 409,
  approval_not_pending: 409,
  idempotency_key_reused: 409,
  idempotency_key_in_progress: 409,
  body_too_large: 413,
  account_locked: 423,
  // -- places --
  // -- households --
  // -- poverty --
  // -- lending --
  internal_error: 500,
  audit_chain_broken: 500,
  database_unavailable: 503,
}

export function httpStatusOf(code: ResultCode): ContentfulStatusCode {
  return STATUS[code] ?? 422
}

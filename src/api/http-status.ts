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
  places_file_unrecognised: 400,
  places_file_columns_invalid: 400,
  places_file_too_large: 413,
  network_unit_kind_invalid: 400,
  transaction_day_invalid: 400,
  transaction_time_invalid: 400,
  branch_exists: 409,
  commune_already_served: 409,
  transaction_point_code_taken: 409,
  transaction_point_closed: 409,
  // -- households --
  household_code_taken: 409,
  citizen_id_in_other_household: 409,
  citizen_id_already_registered: 409,
  household_not_active: 409,
  import_format_unsupported: 400,
  import_file_unreadable: 400,
  import_file_empty: 400,
  import_columns_invalid: 400,
  // -- poverty --
  poverty_standard_rules_invalid: 400,
  poverty_indicator_unknown: 400,
  poverty_meeting_counts_invalid: 400,
  poverty_decision_number_required: 400,
  poverty_unit_not_commune: 400,
  poverty_standard_overlap: 409,
  poverty_standard_code_taken: 409,
  poverty_review_transition_invalid: 409,
  poverty_review_already_open: 409,
  poverty_class_already_set_on_date: 409,
  // -- lending --
  internal_error: 500,
  audit_chain_broken: 500,
  database_unavailable: 503,
}

export function httpStatusOf(code: ResultCode): ContentfulStatusCode {
  return STATUS[code] ?? 422
}

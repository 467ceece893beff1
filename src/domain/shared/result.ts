import type { ResultCode } from './result-codes.js'

/** A rule violation returned as data: a named code and the facts that explain it. */
export interface Failure {
  readonly ok: false
  readonly code: ResultCode
  readonly details?: Readonly<Record<string, unknown>>
}

export interface Success<T> {
  readonly ok: true
  readonly value: T
}

export type Result<T> = Success<T> | Failure

export const ok = <T>(value: T): Success<T> => ({ ok: true, value })

export const fail = (code: ResultCode, details?: Record<string, unknown>): Failure =>
  details === undefined ? { ok: false, code } : { ok: false, code, details }

/**
 * Thrown by use-cases to abort a database transaction with a rule violation: the transaction
 * rolls back (nothing half-written) and the edge maps the code to a status or exit code.
 */
export class RuleViolation extends Error {
  override name = 'RuleViolation'
  constructor(
    readonly code: ResultCode,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(code)
  }
  static of(failure: Failure): RuleViolation {
    return new RuleViolation(failure.code, failure.details)
  }
}

/** Unwraps a result or throws its failure as a RuleViolation. */
export function orThrow<T>(result: Result<T>): T {
  if (!result.ok) throw RuleViolation.of(result)
  return result.value
}

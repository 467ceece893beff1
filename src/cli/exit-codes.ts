import type { ResultCode } from '../domain/shared/index.js'

/** The one place where a result code becomes a process exit code. */
export const EXIT = {
  ok: 0,
  /** A rule violation or bad input: the message says what to fix. */
  ruleViolation: 1,
  /** Wrong command line. */
  usage: 2,
  /** An integrity check failed (audit chain, ledger). */
  integrity: 3,
  /** Infrastructure: database unreachable, file unreadable. */
  infrastructure: 4,
  /** A bug: an assertion or an unexpected error. */
  internal: 70,
} as const

export function exitCodeOf(code: ResultCode): number {
  switch (code) {
    case 'audit_chain_broken':
    case 'ledger_out_of_balance':
      return EXIT.integrity
    case 'database_unavailable':
      return EXIT.infrastructure
    case 'internal_error':
      return EXIT.internal
    default:
      return EXIT.ruleViolation
  }
}

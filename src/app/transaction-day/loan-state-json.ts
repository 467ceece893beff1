import type { LoanState } from '../../domain/loans/index.js'

/**
 * A loan's state as JSON and back, exactly: every bigint is written as `{ "$bigint": "…" }`, so no
 * other value can be mistaken for one. A batch keeps the states it replaced, for its reversal.
 */
export function loanStateToJson(state: LoanState): unknown {
  return JSON.parse(JSON.stringify(state, (_k, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v)))
}

export function loanStateFromJson(json: unknown): LoanState {
  return JSON.parse(JSON.stringify(json), (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $bigint?: unknown }).$bigint === 'string'
      ? BigInt((v as { $bigint: string }).$bigint)
      : v) as LoanState
}

import { RuleViolation } from '../../domain/shared/index.js'
import { currentRates, historicalRates } from '../../db/repositories/poverty.js'
import type { Executor, RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'

/** A bound on one request: 31 years of rows per unit is already a long chart. */
export const RATE_YEARS_MAX = 31

export interface RateQuery {
  readonly layer: 'current' | 'historical'
  readonly fromYear: number
  readonly toYear: number
  /** Current layer only: restrict to these unit kinds (e.g. ['commune']). */
  readonly kinds?: readonly string[] | undefined
}

export interface RateRow {
  /** Current layer: the unit id; historical layer: the GSO code. */
  readonly key: string
  readonly level: string
  readonly code: string
  readonly name: string | null
  readonly parentKey: string | null
  readonly year: number
  /** Households active on 31 December of the year. */
  readonly households: number
  readonly poor: number
  readonly nearPoor: number
  /** Tỷ lệ hộ nghèo in basis points (602 = 6,02%), rounded half up; null when there is no household. */
  readonly poorRateBasisPoints: number | null
  readonly nearPoorRateBasisPoints: number | null
}

export interface RateTable {
  readonly layer: 'current' | 'historical'
  readonly fromYear: number
  readonly toYear: number
  readonly rows: readonly RateRow[]
  /** Historical layer: households whose unit could not be placed in an old district, per year. */
  readonly unresolved: readonly { readonly year: number; readonly households: number }[]
}

/**
 * Poverty rate (poor households ÷ all active households on 31 December) by unit and year, for
 * the units of the reader's scope: current units through the unit tree, or historical
 * provinces, districts and communes through the crosswalk. Counts are whole numbers; the rate
 * is computed once in SQL numeric and returned in basis points.
 */
export async function povertyRates(db: Executor, ctx: RequestContext, query: RateQuery): Promise<RateTable> {
  requirePermission(ctx, 'poverty.read')
  const { fromYear, toYear } = query
  if (!(Number.isInteger(fromYear) && Number.isInteger(toYear) && fromYear >= 2000 && toYear <= 2100 && fromYear <= toYear && toYear - fromYear < RATE_YEARS_MAX))
    throw new RuleViolation('validation_failed', { fromYear, toYear, rule: `2000 ≤ fromYear ≤ toYear ≤ 2100, at most ${RATE_YEARS_MAX} years` })
  const n = (v: bigint) => Number(v)
  if (query.layer === 'current') {
    const rows = await currentRates(db, ctx.actor.scopePath, fromYear, toYear, query.kinds)
    return {
      layer: 'current', fromYear, toYear, unresolved: [],
      rows: rows.map((r) => ({
        key: String(r.unit_id), level: r.kind, code: r.code, name: r.name, parentKey: r.parent_id === null ? null : String(r.parent_id), year: r.year,
        households: n(r.households), poor: n(r.poor), nearPoor: n(r.near_poor), poorRateBasisPoints: r.poor_rate_bp, nearPoorRateBasisPoints: r.near_poor_rate_bp,
      })),
    }
  }
  const { rows, unresolved } = await historicalRates(db, ctx.actor.scopePath, fromYear, toYear)
  return {
    layer: 'historical', fromYear, toYear,
    unresolved: unresolved.map((u) => ({ year: u.year, households: n(u.households) })),
    rows: rows.map((r) => ({
      key: r.code, level: r.level, code: r.code, name: r.name, parentKey: r.parent_code, year: r.year,
      households: n(r.households), poor: n(r.poor), nearPoor: n(r.near_poor), poorRateBasisPoints: r.poor_rate_bp, nearPoorRateBasisPoints: r.near_poor_rate_bp,
    })),
  }
}

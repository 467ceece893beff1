import { classAsOf, escapedOn, isNewlyEscaped, NEWLY_ESCAPED_YEARS, type ClassRecord, type HouseholdClass } from '../../domain/poverty/index.js'
import { addMonths, localDateOf, orThrow, parseIsoDate, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { classesOn, classHistoryRows, findHouseholdInScope, listActiveHouseholdsOfCommune, listNewlyEscapedInScope } from '../../db/repositories/poverty.js'
import { findUnitInScope } from '../../db/repositories/units.js'
import type { Executor, RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'

export interface ClassHistoryEntry {
  readonly id: bigint
  readonly class: HouseholdClass
  readonly standardId: number
  readonly standardCode: string
  readonly effectiveFrom: string
  readonly decisionNumber: string
  readonly decisionDate: string
  readonly reviewId: number | null
}

export interface ClassHistory {
  readonly householdId: bigint
  readonly code: string
  readonly asOf: string
  readonly history: readonly ClassHistoryEntry[]
  /** The class in force on `asOf`, or null before any decision. */
  readonly classAsOf: HouseholdClass | null
  /** The day the household last left the poor/near-poor lists, when it is off them on `asOf`. */
  readonly escapedOn: string | null
  /** Hộ mới thoát nghèo on `asOf`: left the lists within the last 3 years. */
  readonly newlyEscaped: boolean
}

const asOfDate = (ctx: RequestContext, asOf: string | undefined): LocalDate => (asOf === undefined ? localDateOf(ctx.now) : orThrow(parseIsoDate(asOf)))

/** A household's decided classes, oldest first, and what they mean on a date. */
export async function getClassHistory(db: Executor, ctx: RequestContext, householdId: bigint, asOf?: string): Promise<ClassHistory> {
  requirePermission(ctx, 'poverty.read')
  const on = asOfDate(ctx, asOf)
  const household = await findHouseholdInScope(db, householdId, ctx.actor.scopePath)
  if (!household) throw new RuleViolation('not_found', { entity: 'household', id: householdId })
  const rows = await classHistoryRows(db, householdId)
  const history: ClassHistoryEntry[] = rows.map((r) => ({
    id: r.id, class: r.class, standardId: r.standard_id, standardCode: r.standard_code, effectiveFrom: r.effective_from,
    decisionNumber: r.decision_number, decisionDate: r.decision_date, reviewId: r.review_id,
  }))
  const records: ClassRecord[] = history.map((h) => ({ class: h.class, effectiveFrom: h.effectiveFrom as LocalDate, standardId: h.standardId, decisionNumber: h.decisionNumber, decisionDate: h.decisionDate as LocalDate }))
  return {
    householdId, code: household.code, asOf: on, history,
    classAsOf: classAsOf(records, on)?.class ?? null,
    escapedOn: escapedOn(records, on) ?? null,
    newlyEscaped: isNewlyEscaped(records, on),
  }
}

/** Households of the scope that count as newly escaped from poverty on a date, in one query. */
export async function listNewlyEscaped(db: Executor, ctx: RequestContext, asOf?: string) {
  requirePermission(ctx, 'poverty.read')
  const on = asOfDate(ctx, asOf)
  const cutoff = addMonths(on, -12 * NEWLY_ESCAPED_YEARS)
  const rows = await listNewlyEscapedInScope(db, ctx.actor.scopePath, on, cutoff)
  return {
    asOf: on,
    escapedSince: cutoff,
    items: rows.map((r) => ({ householdId: r.household_id, code: r.code, headName: r.head_name, communeName: r.commune_name, escapedOn: r.escaped_on })),
  }
}

/** The commune's active households with the class each has on a date: the poverty register of a commune. */
export async function listCommuneRegister(db: Executor, ctx: RequestContext, communeUnitId: number, asOf?: string) {
  requirePermission(ctx, 'poverty.read')
  const on = asOfDate(ctx, asOf)
  const unit = await findUnitInScope(db, communeUnitId, ctx.actor.scopePath)
  if (!unit) throw new RuleViolation('not_found', { entity: 'unit', id: communeUnitId })
  if (unit.kind !== 'commune') throw new RuleViolation('poverty_unit_not_commune', { unitId: unit.id, kind: unit.kind })
  const households = await listActiveHouseholdsOfCommune(db, communeUnitId)
  const classes = await classesOn(db, households.map((h) => h.id), on)
  return {
    asOf: on,
    items: households.map((h) => ({ householdId: h.id, code: h.code, headName: h.head_name, villageName: h.village_name, residenceType: h.residence_type, class: classes.get(String(h.id)) ?? null })),
  }
}

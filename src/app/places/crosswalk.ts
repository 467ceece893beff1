import type { ScopeResolution } from '../../domain/places/index.js'
import { RuleViolation } from '../../domain/shared/index.js'
import {
  currentCommunesOf, findAdminUnit, findAdminUnits, findAssignment, listAssignments, saveAssignment, scopeUnitsForCommunes, successorResolution, successorsOf,
} from '../../db/repositories/places.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { toPlace, type Place } from './lookup.js'

/** A scope unit (commune served by the bank, or village) and how it maps to the old layer. */
export interface CoverageUnit {
  readonly unitId: number
  readonly kind: 'commune' | 'village'
  readonly code: string
  readonly name: string
  readonly communeUnitId: number
  readonly currentCommuneCode: string | null
  readonly resolution: ScopeResolution
  readonly historicalCommuneCode: string | null
  readonly historicalDistrictCode: string | null
}

export interface HistoricalCoverage {
  readonly place: Place
  /** Every current commune the old unit (partly) went into, and whether the bank serves it in your scope. */
  readonly currentCommunes: readonly { readonly code: string; readonly fullName: string | null; readonly served: boolean }[]
  /** Scope units whose figures count under the old unit. */
  readonly covered: readonly CoverageUnit[]
  /** Scope units that may belong to it but are not resolved: give their villages a former commune. */
  readonly unresolved: readonly CoverageUnit[]
  /** Scope units in those current communes that resolve to another old unit. */
  readonly elsewhereCount: number
}

/** More scope units than this under one old district would be a data error; the answer is cut there. */
const COVERAGE_MAX_UNITS = 20_000

/**
 * For an old district or commune: the scope units in the reader's scope whose figures count
 * under it — so a figure for, say, former Quận 12 can be computed from data recorded against
 * today's wards — and those that cannot be placed until a village records its former commune.
 */
export async function historicalCoverage(db: Executor, ctx: RequestContext, input: { level: 'district' | 'commune'; code: string }): Promise<HistoricalCoverage> {
  requirePermission(ctx, 'places.read')
  const row = await findAdminUnit(db, 'historical', input.level, input.code)
  if (!row) throw new RuleViolation('not_found', { entity: 'place', layer: 'historical', ...input })
  const codes = await currentCommunesOf(db, input.level, input.code)
  const current = await findAdminUnits(db, 'current', 'commune', codes)
  const units = await scopeUnitsForCommunes(db, codes, ctx.actor.scopePath, COVERAGE_MAX_UNITS)
  const toUnit = (u: (typeof units)[number]): CoverageUnit => ({
    unitId: u.unit_id, kind: u.unit_kind, code: u.code, name: u.name, communeUnitId: u.commune_unit_id, currentCommuneCode: u.current_commune_code,
    resolution: u.resolution, historicalCommuneCode: u.historical_commune_code, historicalDistrictCode: u.historical_district_code,
  })
  const target = (u: CoverageUnit) => (input.level === 'commune' ? u.historicalCommuneCode : u.historicalDistrictCode)
  const all = units.map(toUnit)
  const served = new Set(all.filter((u) => u.kind === 'commune').map((u) => u.currentCommuneCode))
  const names = new Map(current.map((c) => [c.code, c.full_name]))
  return {
    place: toPlace(row),
    currentCommunes: codes.map((code) => ({ code, fullName: names.get(code) ?? null, served: served.has(code) })),
    covered: all.filter((u) => target(u) === input.code),
    unresolved: all.filter((u) => target(u) === null),
    elsewhereCount: all.filter((u) => target(u) !== null && target(u) !== input.code).length,
  }
}

export interface OldToNewAssignment {
  readonly oldCode: string
  readonly oldName: string | null
  readonly oldDistrictCode: string | null
  readonly oldDistrictName: string | null
  readonly newCode: string
  readonly newName: string | null
  readonly note: string | null
  readonly decidedBy: string | null
  readonly decidedAt: Date
}

export async function listOldToNewAssignments(db: Executor, ctx: RequestContext, input: { provinceCode?: string | undefined }): Promise<OldToNewAssignment[]> {
  requirePermission(ctx, 'places.read')
  const rows = await listAssignments(db, { provinceCode: input.provinceCode }, 5000)
  return rows.map((r) => ({
    oldCode: r.old_code, oldName: r.old_name, oldDistrictCode: r.old_district_code, oldDistrictName: r.old_district_name,
    newCode: r.new_code, newName: r.new_name, note: r.note, decidedBy: r.decided_by_username, decidedAt: r.decided_at,
  }))
}

export interface AssignOldToNewInput {
  readonly oldCode: string
  readonly newCode: string
  readonly note?: string | null | undefined
}

/**
 * Records which current commune the history of a split old commune counts under. Only split
 * communes need (and accept) one; the new unit must be one that received part of it. Changing a
 * decision is allowed and audited with what it replaced.
 */
export async function assignOldCommune(db: Executor, ctx: RequestContext, input: AssignOldToNewInput): Promise<OldToNewAssignment> {
  requirePermission(ctx, 'places.manage', 'write')
  return inTransaction(db, async (trx) => {
    const resolution = await successorResolution(trx, input.oldCode)
    const old = await findAdminUnit(trx, 'historical', 'commune', input.oldCode)
    if (!resolution || resolution.old_level !== 'commune') throw new RuleViolation('place_unknown', { layer: 'historical', level: 'commune', code: input.oldCode })
    if (resolution.resolution === 'full') throw new RuleViolation('old_commune_not_split', { oldCode: input.oldCode, newCode: resolution.new_code })
    const successors = await successorsOf(trx, 'commune', input.oldCode)
    if (!successors.some((s) => s.code === input.newCode))
      throw new RuleViolation('assignment_not_successor', { oldCode: input.oldCode, newCode: input.newCode, successors: successors.map((s) => s.code) })
    const before = await findAssignment(trx, input.oldCode)
    const note = input.note?.trim() || null
    await saveAssignment(trx, { oldCode: input.oldCode, newCode: input.newCode, note, decidedBy: ctx.actor.userId === 0 ? null : ctx.actor.userId, decidedAt: ctx.now })
    const after = { oldCode: input.oldCode, oldName: old?.full_name ?? null, newCode: input.newCode, note }
    await recordAudit(trx, ctx, {
      action: 'places.assign_old_commune', entityType: 'admin_old_to_new_assignment', entityId: input.oldCode,
      before: before ? { oldCode: before.old_code, newCode: before.new_code, note: before.note } : null, after, scopePath: '/1/',
    })
    const [saved] = await listAssignments(trx, { oldCode: input.oldCode }, 1)
    if (!saved) throw new Error(`assignment ${input.oldCode} vanished inside its own transaction`)
    return {
      oldCode: saved.old_code, oldName: saved.old_name, oldDistrictCode: saved.old_district_code, oldDistrictName: saved.old_district_name,
      newCode: saved.new_code, newName: saved.new_name, note: saved.note, decidedBy: saved.decided_by_username, decidedAt: saved.decided_at,
    }
  })
}

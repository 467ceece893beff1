import { sql } from 'kysely'
import {
  checkNewStandard, indicatorsOf, inForce, parseStandardRules, resolveStandard, standardRulesToJson,
  type PovertyStandard, type StandardScope,
} from '../../domain/poverty/index.js'
import { assert, localDateOf, orThrow, parseIsoDate, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { findStandardRow, listStandardRows, type StandardRow } from '../../db/repositories/poverty.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'

/** Serialises standard changes, so two overlapping local standards cannot both pass the check. */
const STANDARDS_LOCK_KEY = 7_004_001

/** A stored standard as a domain value. Stored rules were validated on the way in, so a bad row is a bug. */
export function toStandard(row: StandardRow): PovertyStandard {
  const rules = parseStandardRules(row.rules)
  assert(rules.ok, `poverty standard ${row.code} has invalid stored rules: ${JSON.stringify(rules.ok ? null : rules.details)}`)
  return {
    id: row.id,
    code: row.code,
    nameVi: row.name_vi,
    nameEn: row.name_en,
    scope: row.scope,
    provinceCode: row.province_code,
    validFrom: row.valid_from as LocalDate,
    validTo: row.valid_to as LocalDate | null,
    legalBasis: row.legal_basis,
    rules: rules.value,
  }
}

export async function loadStandards(db: Executor): Promise<PovertyStandard[]> {
  return (await listStandardRows(db)).map(toStandard)
}

/** What the API and the web show of a standard: its rules in their JSON form (money as strings). */
export interface StandardView {
  readonly id: number
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly scope: StandardScope
  readonly provinceCode: string | null
  readonly validFrom: string
  readonly validTo: string | null
  readonly legalBasis: string
  readonly indicatorCount: number
  readonly inForceToday: boolean
  readonly rules: Record<string, unknown>
}

export function toStandardView(s: PovertyStandard, today: LocalDate): StandardView {
  return {
    id: s.id, code: s.code, nameVi: s.nameVi, nameEn: s.nameEn, scope: s.scope, provinceCode: s.provinceCode,
    validFrom: s.validFrom, validTo: s.validTo, legalBasis: s.legalBasis, indicatorCount: indicatorsOf(s.rules).length,
    inForceToday: inForce(s, today), rules: standardRulesToJson(s.rules),
  }
}

export interface StandardFilter {
  readonly scope?: StandardScope | undefined
  readonly provinceCode?: string | undefined
  /** Only standards in force on this date. */
  readonly on?: string | undefined
}

/** Poverty standards are public law: every reader with poverty.read sees all of them. */
export async function listStandards(db: Executor, ctx: RequestContext, filter: StandardFilter = {}): Promise<StandardView[]> {
  requirePermission(ctx, 'poverty.read')
  const on = filter.on === undefined ? undefined : orThrow(parseIsoDate(filter.on))
  const today = localDateOf(ctx.now)
  return (await loadStandards(db))
    .filter((s) => (filter.scope === undefined || s.scope === filter.scope) && (filter.provinceCode === undefined || s.provinceCode === filter.provinceCode) && (on === undefined || inForce(s, on)))
    .map((s) => toStandardView(s, today))
}

export async function getStandard(db: Executor, ctx: RequestContext, id: number): Promise<StandardView> {
  requirePermission(ctx, 'poverty.read')
  const row = await findStandardRow(db, id)
  if (!row) throw new RuleViolation('not_found', { entity: 'poverty_standard', id })
  return toStandardView(toStandard(row), localDateOf(ctx.now))
}

/** The unit a province's data belongs to, for scope checks and the audit trail. */
async function provinceUnitPath(db: Executor, provinceCode: string): Promise<string | undefined> {
  const unit = await db
    .selectFrom('units')
    .select('path')
    .where('kind', '=', 'province')
    .where((eb) => eb.or([eb('admin_code', '=', provinceCode), eb('code', '=', provinceCode)]))
    .orderBy('id')
    .executeTakeFirst()
  return unit?.path
}

const ROOT_SCOPE = '/1/'

export interface CreateLocalStandardInput {
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly provinceCode: string
  readonly validFrom: string
  readonly validTo: string | null
  readonly legalBasis: string
  /** Whole đồng per person per month as integer strings. */
  readonly incomeLinesDong: { readonly rural: string; readonly urban: string }
  readonly averageLivingLinesDong?: { readonly rural: string; readonly urban: string } | null | undefined
  readonly note?: string | null | undefined
  /** Omitted: the dimensions, indicators and poor threshold of the national standard in force when it starts. */
  readonly dimensions?: unknown
  readonly classification?: unknown
}

/**
 * A province's own, higher standard for locally funded programs. Refuses a period that overlaps
 * the province's other local standards, lines below the national ones, a province outside the
 * actor's scope, and rules that do not validate — all before anything is written.
 */
export async function createLocalStandard(db: Executor, ctx: RequestContext, input: CreateLocalStandardInput): Promise<StandardView> {
  requirePermission(ctx, 'poverty.standards.manage', 'write')
  const validFrom = orThrow(parseIsoDate(input.validFrom))
  const validTo = input.validTo === null ? null : orThrow(parseIsoDate(input.validTo))
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${STANDARDS_LOCK_KEY})`.execute(trx)
    const unitPath = await provinceUnitPath(trx, input.provinceCode)
    const inScope = unitPath === undefined ? ctx.actor.scopePath === ROOT_SCOPE : unitPath.startsWith(ctx.actor.scopePath)
    if (!inScope) throw new RuleViolation('out_of_scope', { provinceCode: input.provinceCode })
    const taken = await trx.selectFrom('poverty_standards').select('id').where('code', '=', input.code).executeTakeFirst()
    if (taken) throw new RuleViolation('poverty_standard_code_taken', { code: input.code })
    const existing = await loadStandards(trx)
    const base = orThrow(resolveStandard(existing, { on: validFrom, scope: 'national', provinceCode: null }))
    const baseJson = standardRulesToJson(base.rules)
    const rules = orThrow(
      parseStandardRules({
        incomeLinesDong: input.incomeLinesDong,
        averageLivingLinesDong: input.averageLivingLinesDong ?? null,
        note: input.note ?? null,
        dimensions: input.dimensions ?? baseJson.dimensions,
        classification: input.classification ?? baseJson.classification,
      }),
    )
    orThrow(checkNewStandard({ scope: 'local', provinceCode: input.provinceCode, validFrom, validTo, rules }, existing))
    const row = await trx
      .insertInto('poverty_standards')
      .values({
        code: input.code, name_vi: input.nameVi, name_en: input.nameEn, scope: 'local', province_code: input.provinceCode,
        valid_from: validFrom, valid_to: validTo, legal_basis: input.legalBasis, rules: JSON.stringify(standardRulesToJson(rules)),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    const view = toStandardView(toStandard(row), localDateOf(ctx.now))
    await recordAudit(trx, ctx, { action: 'poverty.standard.create', entityType: 'poverty_standard', entityId: row.id, after: view, scopePath: unitPath ?? ROOT_SCOPE })
    return view
  })
}

export interface CorrectAverageLivingInput {
  readonly averageLivingLinesDong: { readonly rural: string; readonly urban: string } | null
  readonly note: string | null
}

/**
 * Corrects a standard's average-living lines and note — the figures marked [verify] — without
 * touching its income lines or indicators. Assessments already made keep the lines they used
 * (they are stored with each assessment), so history does not change.
 */
export async function correctAverageLivingLines(db: Executor, ctx: RequestContext, id: number, input: CorrectAverageLivingInput): Promise<StandardView> {
  requirePermission(ctx, 'poverty.standards.manage', 'write')
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${STANDARDS_LOCK_KEY})`.execute(trx)
    const row = await findStandardRow(trx, id)
    if (!row) throw new RuleViolation('not_found', { entity: 'poverty_standard', id })
    const unitPath = row.province_code === null ? undefined : await provinceUnitPath(trx, row.province_code)
    const scopePath = unitPath ?? ROOT_SCOPE
    if (!scopePath.startsWith(ctx.actor.scopePath)) throw new RuleViolation('not_found', { entity: 'poverty_standard', id })
    const before = toStandard(row)
    const rules = orThrow(parseStandardRules({ ...standardRulesToJson(before.rules), averageLivingLinesDong: input.averageLivingLinesDong, note: input.note }))
    const updated = await trx.updateTable('poverty_standards').set({ rules: JSON.stringify(standardRulesToJson(rules)) }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
    const today = localDateOf(ctx.now)
    const view = toStandardView(toStandard(updated), today)
    await recordAudit(trx, ctx, {
      action: 'poverty.standard.correct_average_living', entityType: 'poverty_standard', entityId: id,
      before: { averageLivingLinesDong: standardRulesToJson(before.rules).averageLivingLinesDong, note: before.rules.note },
      after: { averageLivingLinesDong: view.rules.averageLivingLinesDong, note: rules.note },
      scopePath,
    })
    return view
  })
}


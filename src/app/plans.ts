import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { can } from '../domain/access/index.js'
import {
  checkChildrenWithinParent, checkPlanLine, decideRoom, enforceRoom, PLAN_UNIT_KINDS, periodBounds, quarterOf,
  type PlanPeriod, type PlanRoom, type PlanRuleAction, type PlanVersion,
} from '../domain/plans/index.js'
import { compareDates, orThrow, RuleViolation, yearOf, type LocalDate } from '../domain/shared/index.js'
import {
  lineVersionsOf, listPlanLinesInScope, planRuleInForce, planVsActualRows, roomCandidates, targetsVsActualRows,
  type ActualRow, type PlanLineFilter, type PlanLineKey, type PlanLineRow, type TargetActualRow,
} from '../db/repositories/plans.js'
import { underScope } from '../db/scope.js'
import { recordAudit } from './audit.js'
import { inTransaction, type Executor, type RequestContext } from './context.js'
import { requirePermission } from './guards.js'

// Capital plans (kế hoạch vốn): lines per unit, period, program and optionally capital source,
// revised by new versions (never overwritten); yearly targets; plan vs actual from the ledger; and
// the room left before a disbursement, warned about or refused by a dated rule.

/** One version of a plan line as the API and the pages show it. */
export interface PlanLine {
  readonly id: bigint
  readonly unitId: number
  readonly unitName: string
  readonly unitKind: string
  readonly year: number
  readonly quarter: number | null
  readonly programCode: string
  readonly capitalSourceCode: string | null
  readonly amountDong: bigint
  readonly validFrom: string
  readonly supersedesId: bigint | null
  readonly supersededById: bigint | null
  readonly decisionNumber: string
  readonly legalBasis: string
  readonly note: string | null
  readonly createdBy: string | null
  readonly createdAt: Date
}

const toLine = (r: PlanLineRow): PlanLine => ({
  id: r.id, unitId: r.unit_id, unitName: r.unit_name, unitKind: r.unit_kind, year: r.year, quarter: r.quarter, programCode: r.program_code,
  capitalSourceCode: r.capital_source_code, amountDong: r.amount_dong, validFrom: r.valid_from, supersedesId: r.supersedes_id, supersededById: r.superseded_by,
  decisionNumber: r.decision_number, legalBasis: r.legal_basis, note: r.note, createdBy: r.created_by_name, createdAt: r.created_at,
})

/** The plan lines in scope, every version (or the latest only), grouped by line with the newest version first. */
export async function listPlanLines(db: Executor, ctx: RequestContext, filter: PlanLineFilter): Promise<PlanLine[]> {
  requirePermission(ctx, 'plans.read')
  return (await listPlanLinesInScope(db, ctx.actor.scopePath, filter)).map(toLine)
}

export interface PlanLineInput {
  readonly unitId: number
  readonly year: number
  readonly quarter: number | null
  readonly programCode: string
  readonly capitalSourceCode: string | null
  readonly amountDong: bigint
  /** Defaults to the period's first day. */
  readonly validFrom?: LocalDate | undefined
  readonly decisionNumber: string
  readonly legalBasis: string
  readonly note?: string | null | undefined
}

export interface PlanRevisionInput {
  readonly amountDong: bigint
  readonly validFrom: LocalDate
  readonly decisionNumber: string
  readonly legalBasis: string
  readonly note?: string | null | undefined
}

type ScopedUnit = { id: number; parent_id: number | null; kind: string; path: string; province_code: string | null }

/** A unit in the actor's scope that may carry a plan, locked against concurrent plan changes under its parent. */
async function planUnit(trx: Executor, ctx: RequestContext, unitId: number): Promise<ScopedUnit> {
  const unit = await trx.selectFrom('units').select(['id', 'parent_id', 'kind', 'path', 'province_code']).where('id', '=', unitId).where(underScope('path', ctx.actor.scopePath)).executeTakeFirst()
  if (!unit) throw new RuleViolation('not_found', { entity: 'unit', id: unitId })
  if (!(PLAN_UNIT_KINDS as readonly string[]).includes(unit.kind) || unit.province_code === null) throw new RuleViolation('plan_unit_invalid', { unitId, kind: unit.kind })
  // Plan changes of a unit, its siblings and its children are serialised on the parent's and the
  // unit's rows, so two offices cannot together exceed their branch. NO KEY UPDATE does not block
  // the key-share locks of inserts that reference units.
  await sql`select id from units where id in (${unitId}, ${unit.parent_id ?? unitId}) order by id for no key update`.execute(trx)
  return unit
}

/**
 * The children of a unit may not be allocated more than the unit, and the unit not more than its
 * parent leaves (at every date a version takes effect). `next` is the version being added.
 */
async function checkHierarchy(trx: Executor, unit: ScopedUnit, key: PlanLineKey, next: PlanVersion): Promise<void> {
  const versionsBy = (rows: { unit_id: number; amount_dong: bigint; valid_from: string }[]) => {
    const by = new Map<number, PlanVersion[]>()
    for (const r of rows) by.set(r.unit_id, [...(by.get(r.unit_id) ?? []), { amountDong: r.amount_dong, validFrom: r.valid_from as LocalDate }])
    return by
  }
  const withNext = (by: Map<number, PlanVersion[]>) => by.set(unit.id, [...(by.get(unit.id) ?? []), next])
  // The unit against its children.
  const children = await trx.selectFrom('units').select('id').where('parent_id', '=', unit.id).execute()
  const own = withNext(versionsBy(await lineVersionsOf(trx, [unit.id], key))).get(unit.id) ?? []
  const childVersions = versionsBy(await lineVersionsOf(trx, children.map((c) => c.id), key))
  orThrow(checkChildrenWithinParent(own, [...childVersions.values()]))
  // The unit and its siblings against the parent.
  if (unit.parent_id === null) return
  const siblings = await trx.selectFrom('units').select('id').where('parent_id', '=', unit.parent_id).execute()
  const parent = versionsBy(await lineVersionsOf(trx, [unit.parent_id], key)).get(unit.parent_id) ?? []
  const family = withNext(versionsBy(await lineVersionsOf(trx, siblings.map((s) => s.id), key)))
  orThrow(checkChildrenWithinParent(parent, [...family.values()]))
}

async function requireCatalogue(trx: Executor, programCode: string, capitalSourceCode: string | null): Promise<void> {
  const program = await trx.selectFrom('programs').select('code').where('code', '=', programCode).executeTakeFirst()
  if (!program) throw new RuleViolation('not_found', { entity: 'program', code: programCode })
  if (capitalSourceCode === null) return
  const source = await trx.selectFrom('capital_sources').select('code').where('code', '=', capitalSourceCode).executeTakeFirst()
  if (!source) throw new RuleViolation('not_found', { entity: 'capital_source', code: capitalSourceCode })
}

/** Records a new plan line (its first version). A line that exists is revised, not created again. */
export async function createPlanLine(db: Executor, ctx: RequestContext, input: PlanLineInput): Promise<bigint> {
  requirePermission(ctx, 'plans.manage', 'write')
  const period: PlanPeriod = { year: input.year, quarter: input.quarter }
  const validFrom = input.validFrom ?? periodBounds(period).from
  orThrow(checkPlanLine({ period, amountDong: input.amountDong, validFrom }))
  return inTransaction(db, async (trx) => {
    const unit = await planUnit(trx, ctx, input.unitId)
    await requireCatalogue(trx, input.programCode, input.capitalSourceCode)
    const key: PlanLineKey = { year: input.year, quarter: input.quarter, programCode: input.programCode, capitalSourceCode: input.capitalSourceCode }
    const existing = await lineVersionsOf(trx, [unit.id], key)
    if (existing.length > 0) throw new RuleViolation('plan_line_exists', { lineId: existing.map((e) => e.id).sort((a, b) => (a > b ? -1 : 1))[0]!.toString() })
    await checkHierarchy(trx, unit, key, { amountDong: input.amountDong, validFrom })
    const { id } = await trx.insertInto('plan_lines').values({
      province_code: unit.province_code!, unit_id: unit.id, year: input.year, quarter: input.quarter, program_code: input.programCode,
      capital_source_code: input.capitalSourceCode, amount_dong: input.amountDong, valid_from: validFrom, decision_number: input.decisionNumber,
      legal_basis: input.legalBasis, note: input.note ?? null, created_by: ctx.actor.userId || null,
    }).returning('id').executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'plan.line.create', entityType: 'plan_line', entityId: id, after: { ...input, validFrom }, scopePath: unit.path })
    return id
  })
}

/**
 * Revises a plan line from a date: a new version that supersedes the latest one, which is kept
 * (the plan in force before that date stays what it was).
 */
export async function revisePlanLine(db: Executor, ctx: RequestContext, lineId: bigint, input: PlanRevisionInput): Promise<bigint> {
  requirePermission(ctx, 'plans.manage', 'write')
  return inTransaction(db, async (trx) => {
    const current = await trx.selectFrom('plan_lines as l').innerJoin('units as u', 'u.id', 'l.unit_id').selectAll('l')
      .where('l.id', '=', lineId).where(underScope('u.path', ctx.actor.scopePath)).executeTakeFirst()
    if (!current) throw new RuleViolation('not_found', { entity: 'plan_line', id: lineId })
    const unit = await planUnit(trx, ctx, current.unit_id)
    const next = await trx.selectFrom('plan_lines').select('id').where('supersedes_id', '=', lineId).executeTakeFirst()
    if (next || compareDates(input.validFrom, current.valid_from as LocalDate) <= 0)
      throw new RuleViolation('plan_line_not_latest', { lineId, supersededBy: next?.id ?? null, currentValidFrom: current.valid_from })
    const period: PlanPeriod = { year: current.year, quarter: current.quarter }
    orThrow(checkPlanLine({ period, amountDong: input.amountDong, validFrom: input.validFrom }))
    const key: PlanLineKey = { year: current.year, quarter: current.quarter, programCode: current.program_code, capitalSourceCode: current.capital_source_code }
    await checkHierarchy(trx, unit, key, { amountDong: input.amountDong, validFrom: input.validFrom })
    const { id } = await trx.insertInto('plan_lines').values({
      province_code: current.province_code, unit_id: current.unit_id, year: current.year, quarter: current.quarter, program_code: current.program_code,
      capital_source_code: current.capital_source_code, amount_dong: input.amountDong, valid_from: input.validFrom, supersedes_id: lineId,
      decision_number: input.decisionNumber, legal_basis: input.legalBasis, note: input.note ?? null, created_by: ctx.actor.userId || null,
    }).returning('id').executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, {
      action: 'plan.line.revise', entityType: 'plan_line', entityId: id,
      before: { lineId, amountDong: current.amount_dong, validFrom: current.valid_from, decisionNumber: current.decision_number }, after: input, scopePath: unit.path,
    })
    return id
  })
}

// ---- targets ----

export interface PlanTargetsInput {
  readonly unitId: number
  readonly year: number
  readonly programCode: string | null
  readonly turnoverDong: bigint
  readonly collectionDong: bigint
  readonly householdsOutOfPoverty: number
  readonly students: number
  readonly workers: number
  readonly waterWorks: number
  readonly houses: number
  /** Defaults to 1 January of the year. */
  readonly validFrom?: LocalDate | undefined
  readonly decisionNumber: string
  readonly legalBasis: string
}

/** Records a unit's targets for a year; when it has some already, the new version supersedes the latest. */
export async function setPlanTargets(db: Executor, ctx: RequestContext, input: PlanTargetsInput): Promise<bigint> {
  requirePermission(ctx, 'plans.manage', 'write')
  const validFrom = input.validFrom ?? periodBounds({ year: input.year, quarter: null }).from
  const counts = [input.householdsOutOfPoverty, input.students, input.workers, input.waterWorks, input.houses]
  if (input.turnoverDong < 0n || input.collectionDong < 0n || counts.some((n) => !Number.isInteger(n) || n < 0) || yearOf(validFrom) > input.year)
    throw new RuleViolation('plan_targets_invalid', { validFrom })
  return inTransaction(db, async (trx) => {
    const unit = await planUnit(trx, ctx, input.unitId)
    if (input.programCode !== null) await requireCatalogue(trx, input.programCode, null)
    const latest = await trx.selectFrom('plan_targets').select(['id', 'valid_from']).where('unit_id', '=', unit.id).where('year', '=', input.year)
      .where(sql<boolean>`coalesce(program_code, '') = ${input.programCode ?? ''}`).orderBy('valid_from', 'desc').limit(1).executeTakeFirst()
    if (latest && compareDates(validFrom, latest.valid_from as LocalDate) <= 0) throw new RuleViolation('plan_targets_invalid', { validFrom, currentValidFrom: latest.valid_from })
    const { id } = await trx.insertInto('plan_targets').values({
      province_code: unit.province_code!, unit_id: unit.id, year: input.year, program_code: input.programCode, turnover_dong: input.turnoverDong,
      collection_dong: input.collectionDong, households_out_of_poverty: input.householdsOutOfPoverty, students: input.students, workers: input.workers,
      water_works: input.waterWorks, houses: input.houses, valid_from: validFrom, supersedes_id: latest?.id ?? null,
      decision_number: input.decisionNumber, legal_basis: input.legalBasis, created_by: ctx.actor.userId || null,
    }).returning('id').executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'plan.targets.set', entityType: 'plan_targets', entityId: id, before: latest ? { id: latest.id } : null, after: { ...input, validFrom }, scopePath: unit.path })
    return id
  })
}

/** Every version of the targets in scope for a year. */
export async function listPlanTargets(db: Executor, ctx: RequestContext, filter: { year: number; unitId?: number | undefined }) {
  requirePermission(ctx, 'plans.read')
  let q = db.selectFrom('plan_targets as t').innerJoin('units as u', 'u.id', 't.unit_id')
    .select(['t.id', 't.unit_id as unitId', 'u.name as unitName', 't.year', 't.program_code as programCode', 't.turnover_dong as turnoverDong', 't.collection_dong as collectionDong',
      't.households_out_of_poverty as householdsOutOfPoverty', 't.students', 't.workers', 't.water_works as waterWorks', 't.houses', 't.valid_from as validFrom',
      't.supersedes_id as supersedesId', 't.decision_number as decisionNumber', 't.legal_basis as legalBasis', 't.created_at as createdAt'])
    .where(underScope('u.path', ctx.actor.scopePath)).where('t.year', '=', filter.year)
  if (filter.unitId !== undefined) q = q.where('t.unit_id', '=', filter.unitId)
  return q.orderBy('u.path').orderBy(sql`coalesce(t.program_code, '')`).orderBy('t.valid_from', 'desc').limit(10_000).execute()
}

// ---- plan vs actual ----

export interface PlanActualLine {
  readonly unitId: number
  readonly unitName: string
  readonly unitKind: string
  readonly depth: number
  readonly programCode: string
  readonly capitalSourceCode: string | null
  /** The version in force on the date, null for a program lent without a plan line. */
  readonly lineId: bigint | null
  readonly validFrom: string | null
  readonly decisionNumber: string | null
  readonly allocatedDong: bigint | null
  /** Doanh số cho vay: principal disbursed in the period up to the date. */
  readonly disbursedDong: bigint
  /** Doanh số thu nợ: principal collected in the period up to the date. */
  readonly collectedDong: bigint
  /** Dư nợ on the date. */
  readonly outstandingDong: bigint
  /** Allocated − disbursed; null without a plan line. */
  readonly roomDong: bigint | null
}

export interface PlanActual {
  readonly unitId: number
  readonly year: number
  readonly quarter: number | null
  readonly from: string
  readonly to: string
  readonly asOf: string
  readonly lines: readonly PlanActualLine[]
  readonly targets: readonly (Omit<TargetActualRow, 'unit_path'> & { readonly depth: number })[]
}

export interface PlanActualQuery {
  readonly unitId?: number | undefined
  readonly year: number
  readonly quarter: number | null
  readonly asOf: LocalDate
  readonly programCode?: string | undefined
}

const depthOf = (path: string) => path.split('/').length - 2

/** Plan vs actual under a unit (the actor's own by default) for a period, on a date. */
export async function planVsActual(db: Executor, ctx: RequestContext, query: PlanActualQuery): Promise<PlanActual> {
  requirePermission(ctx, 'plans.read')
  const rootId = query.unitId ?? ctx.actor.unitId
  const root = await db.selectFrom('units').select(['id', 'path']).where('id', '=', rootId).where(underScope('path', ctx.actor.scopePath)).executeTakeFirst()
  if (!root) throw new RuleViolation('not_found', { entity: 'unit', id: rootId })
  const { from, to } = periodBounds({ year: query.year, quarter: query.quarter })
  const q = { rootId, rootPath: root.path, year: query.year, quarter: query.quarter, from, to, asOf: query.asOf, programCode: query.programCode ?? null }
  const [rows, targets] = await Promise.all([
    planVsActualRows(db, q),
    targetsVsActualRows(db, { ...q, quarter: null, ...periodBounds({ year: query.year, quarter: null }) }),
  ])
  return {
    unitId: rootId, year: query.year, quarter: query.quarter, from, to, asOf: query.asOf,
    lines: rows.map((r: ActualRow) => ({
      unitId: r.unit_id, unitName: r.unit_name, unitKind: r.unit_kind, depth: depthOf(r.unit_path), programCode: r.program_code, capitalSourceCode: r.capital_source_code,
      lineId: r.line_id, validFrom: r.valid_from, decisionNumber: r.decision_number, allocatedDong: r.allocated_dong, disbursedDong: r.disbursed_dong,
      collectedDong: r.collected_dong, outstandingDong: r.outstanding_dong, roomDong: r.allocated_dong === null ? null : r.allocated_dong - r.disbursed_dong,
    })),
    targets: targets.map(({ unit_path, ...t }) => ({ ...t, depth: depthOf(unit_path) })),
  }
}

export const PLANS_XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const HEADERS = {
  vi: ['Đơn vị', 'Cấp', 'Chương trình', 'Nguồn vốn', 'Kế hoạch hiệu lực từ', 'Số quyết định', 'Kế hoạch được giao', 'Doanh số cho vay', 'Doanh số thu nợ', 'Dư nợ', 'Còn được giải ngân'],
  en: ['Unit', 'Level', 'Program', 'Capital source', 'Plan in force from', 'Decision number', 'Allocated', 'Disbursed', 'Collected', 'Outstanding', 'Remaining room'],
} as const

/** Plan vs actual as an Excel workbook (one row per line, money as numbers with grouping). */
export async function planVsActualWorkbook(db: Executor, ctx: RequestContext, query: PlanActualQuery, locale: 'vi' | 'en'): Promise<Buffer> {
  const result = await planVsActual(db, ctx, query)
  const workbook = new ExcelJS.Workbook()
  const period = query.quarter === null ? String(query.year) : `Q${query.quarter}-${query.year}`
  const sheet = workbook.addWorksheet(locale === 'vi' ? `Kế hoạch ${period}` : `Plan ${period}`)
  sheet.addRow([locale === 'vi' ? `Kế hoạch vốn và thực hiện kỳ ${period}, đến ngày ${query.asOf}` : `Capital plan vs actual, ${period}, as of ${query.asOf}`]).font = { bold: true }
  sheet.addRow([...HEADERS[locale]]).font = { bold: true }
  const n = (v: bigint | null) => (v === null ? null : Number(v))
  for (const r of result.lines) {
    sheet.addRow([`${'  '.repeat(Math.max(0, r.depth - 1))}${r.unitName}`, r.unitKind, r.programCode, r.capitalSourceCode ?? (locale === 'vi' ? 'Tất cả' : 'All'), r.validFrom, r.decisionNumber,
      n(r.allocatedDong), n(r.disbursedDong), n(r.collectedDong), n(r.outstandingDong), n(r.roomDong)])
  }
  for (const col of [7, 8, 9, 10, 11]) sheet.getColumn(col).numFmt = '#,##0'
  sheet.columns.forEach((c) => { c.width = 18 })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

// ---- room before a disbursement ----

export interface PlanRoomInput {
  readonly communeUnitId: number
  readonly programCode: string
  readonly date: LocalDate
  readonly amountDong: bigint
  /** The loan's capital source: lines of that source cap it too. */
  readonly capitalSourceCode?: string | null | undefined
}

/** The room, the rule in force and its legal basis, as the API answers it. */
export type PlanRoomAnswer = PlanRoom & { readonly legalBasis: string | null }

async function roomOf(db: Executor, input: PlanRoomInput, provinceCode: string | null): Promise<PlanRoomAnswer> {
  const year = yearOf(input.date)
  const quarter = quarterOf(input.date)
  const [candidates, rule] = await Promise.all([
    roomCandidates(db, {
      communeUnitId: input.communeUnitId, programCode: input.programCode, capitalSourceCode: input.capitalSourceCode ?? null, date: input.date, year, quarter,
      yearStart: periodBounds({ year, quarter: null }).from, quarterStart: periodBounds({ year, quarter }).from,
    }),
    planRuleInForce(db, provinceCode, input.date),
  ])
  const action: PlanRuleAction = rule?.on_exceed ?? 'warn'
  const room = decideRoom(candidates.map((c) => ({
    lineId: c.line_id, unitId: c.unit_id, period: { year, quarter: c.quarter }, capitalSourceCode: c.capital_source_code, allocatedDong: c.allocated_dong, disbursedDong: c.disbursed_dong,
  })), input.amountDong, action)
  return { ...room, legalBasis: rule?.legal_basis ?? null }
}

/**
 * The room a disbursement in a commune would have on a date under the capital plans of the
 * commune and every unit above it. Readable by whoever reads plans or disburses there: the lines
 * above the commune are outside a teller's scope, but the room they leave is what she must know.
 */
export async function planRoom(db: Executor, ctx: RequestContext, input: PlanRoomInput): Promise<PlanRoomAnswer> {
  if (!can(ctx.actor.role, 'plans.read') && !can(ctx.actor.role, 'loans.transact')) throw new RuleViolation('forbidden', { permission: 'plans.read' })
  const commune = await db.selectFrom('units').select(['id', 'province_code']).where('id', '=', input.communeUnitId).where(underScope('path', ctx.actor.scopePath)).executeTakeFirst()
  if (!commune) throw new RuleViolation('not_found', { entity: 'unit', id: input.communeUnitId })
  return roomOf(db, input, commune.province_code)
}

/**
 * The plan check of a disbursement, called by the loan use-case inside its transaction (which has
 * checked the permission and the scope): refuses with `plan_room_exceeded` when the rule in force
 * blocks and the amount exceeds the room; otherwise returns the room (the warning is the page's).
 */
export async function enforcePlanRoom(trx: Executor, input: PlanRoomInput & { readonly provinceCode: string }): Promise<PlanRoomAnswer> {
  const room = await roomOf(trx, input, input.provinceCode)
  orThrow(enforceRoom(room))
  return room
}

// ---- the rule ----

export interface PlanRuleInput {
  /** null: the national rule (head office only). */
  readonly provinceCode: string | null
  readonly validFrom: LocalDate
  readonly onExceed: PlanRuleAction
  readonly legalBasis: string
}

/** Records a version of the plan control rule: national from head office, a province's own from its branch. */
export async function setPlanRule(db: Executor, ctx: RequestContext, input: PlanRuleInput): Promise<number> {
  requirePermission(ctx, 'plans.manage', 'write')
  if (input.legalBasis.trim() === '') throw new RuleViolation('plan_rule_invalid', { field: 'legalBasis' })
  return inTransaction(db, async (trx) => {
    let scopePath = ctx.actor.scopePath
    if (input.provinceCode === null) {
      const root = await trx.selectFrom('units').select('path').where('parent_id', 'is', null).where('path', '=', ctx.actor.scopePath).executeTakeFirst()
      if (!root) throw new RuleViolation('forbidden', { permission: 'plans.manage', scope: 'national' })
    } else {
      const branch = await trx.selectFrom('units').select('path').where('kind', '=', 'province').where('province_code', '=', input.provinceCode).where(underScope('path', ctx.actor.scopePath)).executeTakeFirst()
      if (!branch) throw new RuleViolation('not_found', { entity: 'province', code: input.provinceCode })
      scopePath = branch.path
    }
    const latest = await trx.selectFrom('plan_rules').select('valid_from').where(sql<boolean>`coalesce(province_code, '') = ${input.provinceCode ?? ''}`).orderBy('valid_from', 'desc').limit(1).executeTakeFirst()
    if (latest && compareDates(input.validFrom, latest.valid_from as LocalDate) <= 0) throw new RuleViolation('plan_rule_invalid', { field: 'validFrom', currentValidFrom: latest.valid_from })
    const { id } = await trx.insertInto('plan_rules').values({ province_code: input.provinceCode, valid_from: input.validFrom, on_exceed: input.onExceed, legal_basis: input.legalBasis, created_by: ctx.actor.userId || null })
      .returning('id').executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'plan.rule.set', entityType: 'plan_rule', entityId: id, after: input, scopePath })
    return id
  })
}

/** Every version of the plan control rule visible to the actor (national and the provinces in scope). */
export async function listPlanRules(db: Executor, ctx: RequestContext) {
  requirePermission(ctx, 'plans.read')
  return db.selectFrom('plan_rules').select(['id', 'province_code as provinceCode', 'valid_from as validFrom', 'on_exceed as onExceed', 'legal_basis as legalBasis', 'created_at as createdAt'])
    .where((eb) => eb.or([eb('province_code', 'is', null), eb('province_code', 'in',
      eb.selectFrom('units').select(sql<string>`province_code`.as('p')).where('kind', '=', 'province').where(underScope('path', ctx.actor.scopePath)))]))
    .orderBy(sql`coalesce(province_code, '')`).orderBy('valid_from', 'desc').execute()
}

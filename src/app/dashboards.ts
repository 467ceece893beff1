import { can } from '../domain/access/index.js'
import { changeOf, comparedPeriods, dashboardPeriod, povertyYears, trendPeriods, type Change } from '../domain/dashboards/index.js'
import { ratioBp } from '../domain/reports/index.js'
import { localDateOf, orThrow, parseIsoDate, RuleViolation, type LocalDate } from '../domain/shared/index.js'
import {
  childUnitFigures, firstClassYear, groupFigures, groupInScope, groupLoans, monthlyFlows, outstandingByProgram, povertyByYear, snapshotTotals,
  type MonthFlow, type SnapshotTotals,
} from '../db/repositories/dashboards.js'
import { closedPeriods, firstDataDate } from '../db/repositories/reports.js'
import { underScope } from '../db/scope.js'
import type { Executor, RequestContext } from './context.js'
import { requirePermission } from './guards.js'
import { planVsActual } from './plans.js'

// Dashboards (bảng điều hành) for the Representative Board of a province and for a transaction
// office, issue #7: key figures at the latest closed month-end on or before a date, compared with
// the month before and the same month a year earlier, with the trends and the drill-down lists.

export type FigureKind = 'money' | 'count' | 'ratio'
export const KEY_FIGURES = ['outstanding', 'overdue', 'overdue_ratio', 'frozen', 'borrowers', 'loans', 'disbursed_month', 'collected_month', 'disbursed_year', 'collected_year'] as const
export type KeyFigureName = (typeof KEY_FIGURES)[number]

/** One key figure: its value at the month-end (ratios in basis points of a percent) and its changes. */
export interface KeyFigure {
  readonly key: KeyFigureName
  readonly kind: FigureKind
  readonly value: bigint
  readonly previousMonth: Change
  readonly sameMonthLastYear: Change
}

export interface DashboardUnit {
  readonly id: number
  readonly code: string
  readonly name: string
  readonly kind: string
}

export interface BoardDashboard {
  readonly unit: DashboardUnit
  /** The province the unit lies in (its public page is /public/<code>); null for the central unit. */
  readonly provinceCode: string | null
  /** From the reader's own unit down to this one: the way back up the drill-down. */
  readonly breadcrumb: readonly DashboardUnit[]
  readonly date: string
  readonly period: string
  readonly periodEnd: string
  readonly previousMonth: string
  readonly sameMonthLastYear: string
  readonly keyFigures: readonly KeyFigure[]
  readonly povertyTrend: readonly { year: number; at: string; poor: bigint; households: bigint; rateBp: number }[]
  readonly byProgram: readonly { programCode: string; nameVi: string; nameEn: string; outstanding: bigint; overdue: bigint; borrowers: bigint; loans: bigint }[]
  readonly overdueTrend: readonly { period: string; outstanding: bigint; overdue: bigint; overdueRatioBp: number }[]
  /** The unit's children (not villages), highest overdue ratio first. */
  readonly children: readonly { unitId: number; code: string; name: string; kind: string; outstanding: bigint; overdue: bigint; overdueRatioBp: number; borrowers: bigint }[]
  /** At a commune (or below): its savings groups; the loans lent directly are the row without a group. */
  readonly groups: readonly { groupId: bigint | null; name: string | null; outstanding: bigint; overdue: bigint; overdueRatioBp: number; borrowers: bigint; loans: bigint }[]
  /** The unit's own plan lines for the month-end's year against the actual, by program; null without plans.read. */
  readonly planVsActual: { readonly year: number; readonly lines: readonly { programCode: string; allocatedDong: bigint | null; disbursedDong: bigint; outstandingDong: bigint }[] } | null
}

export interface DashboardParams {
  readonly unitId?: number | undefined
  /** YYYY-MM-DD, default today: the dashboard shows the latest closed month-end on or before it. */
  readonly date?: string | undefined
}

/** The unit asked for if it is in the reader's subtree (else `not_found`), with the breadcrumb from the reader's unit. */
async function dashboardUnit(db: Executor, ctx: RequestContext, unitId: number | undefined): Promise<{ unit: DashboardUnit & { path: string; province_code: string | null }; breadcrumb: DashboardUnit[] }> {
  const unit = await db.selectFrom('units').select(['id', 'code', 'name', 'kind', 'path', 'province_code']).where('id', '=', unitId ?? ctx.actor.unitId)
    .where(underScope('path', ctx.actor.scopePath)).executeTakeFirst()
  if (!unit) throw new RuleViolation('not_found', { entity: 'unit', id: unitId })
  const ids = unit.path.split('/').filter(Boolean).map(Number)
  const chain = await db.selectFrom('units').select(['id', 'code', 'name', 'kind', 'path']).where('id', 'in', ids).where(underScope('path', ctx.actor.scopePath)).execute()
  const breadcrumb = chain.sort((a, b) => a.path.length - b.path.length).map(({ path: _path, ...u }) => u)
  return { unit, breadcrumb }
}

/** The month-end a dashboard on `date` shows, or the named refusal. */
async function periodAt(db: Executor, ctx: RequestContext, dateText: string | undefined) {
  const today = localDateOf(ctx.now)
  const date = dateText === undefined ? today : orThrow(parseIsoDate(dateText))
  const period = orThrow(dashboardPeriod(date, today, await closedPeriods(db), (await firstDataDate(db)) as LocalDate | null))
  return { date, ...period }
}

const outstandingOf = (t: SnapshotTotals) => t.in_term + t.overdue + t.frozen

function flowsOf(flows: readonly MonthFlow[], period: string) {
  const month = flows.find((f) => f.month === period)
  const year = flows.filter((f) => f.month.slice(0, 4) === period.slice(0, 4) && f.month <= period)
  return {
    disbursed_month: month?.disbursed ?? 0n, collected_month: month?.collected ?? 0n,
    disbursed_year: year.reduce((s, f) => s + f.disbursed, 0n), collected_year: year.reduce((s, f) => s + f.collected, 0n),
  }
}

function figuresOf(t: SnapshotTotals | undefined, flows: readonly MonthFlow[], period: string): Record<KeyFigureName, bigint> {
  const zero = { period, in_term: 0n, overdue: 0n, frozen: 0n, borrowers: 0n, loans: 0n }
  const s = t ?? zero
  const outstanding = outstandingOf(s)
  return { outstanding, overdue: s.overdue, overdue_ratio: BigInt(ratioBp(s.overdue, outstanding)), frozen: s.frozen, borrowers: s.borrowers, loans: s.loans, ...flowsOf(flows, period) }
}

const KINDS: Readonly<Record<KeyFigureName, FigureKind>> = {
  outstanding: 'money', overdue: 'money', overdue_ratio: 'ratio', frozen: 'money', borrowers: 'count', loans: 'count',
  disbursed_month: 'money', collected_month: 'money', disbursed_year: 'money', collected_year: 'money',
}

/**
 * The board dashboard of a unit in the reader's scope (permission reports.read): every figure is read
 * from month-end snapshots of closed months (and the principal postings for the month's and year's
 * flows), so the dashboard does not move between two closes.
 */
export async function boardDashboard(db: Executor, ctx: RequestContext, params: DashboardParams): Promise<BoardDashboard> {
  requirePermission(ctx, 'reports.read')
  const { unit, breadcrumb } = await dashboardUnit(db, ctx, params.unitId)
  const at = await periodAt(db, ctx, params.date)
  const closed = await closedPeriods(db)
  const { previousMonth, sameMonthLastYear } = comparedPeriods(at.period)
  const trend = trendPeriods(at.period, closed)
  const compared = [previousMonth, sameMonthLastYear].filter((p) => closed.includes(p))
  const totals = await snapshotTotals(db, unit.path, [...new Set([at.period, ...compared, ...trend])])
  const flows = await monthlyFlows(db, unit.path, `${sameMonthLastYear.slice(0, 4)}-01-01`, at.periodEnd)
  const totalsAt = (p: string) => totals.find((t) => t.period === p)
  const current = figuresOf(totalsAt(at.period), flows, at.period)
  const prev = closed.includes(previousMonth) ? figuresOf(totalsAt(previousMonth), flows, previousMonth) : null
  const lastYear = closed.includes(sameMonthLastYear) ? figuresOf(totalsAt(sameMonthLastYear), flows, sameMonthLastYear) : null
  const keyFigures = KEY_FIGURES.map((key) => ({
    key, kind: KINDS[key], value: current[key], previousMonth: changeOf(current[key], prev?.[key] ?? null), sameMonthLastYear: changeOf(current[key], lastYear?.[key] ?? null),
  }))

  const years = povertyYears(at.periodEnd, await firstClassYear(db, unit.path))
  const poverty = await povertyByYear(db, unit.path, years)
  const children = unit.kind === 'commune' || unit.kind === 'village' ? [] : await childUnitFigures(db, unit.id, at.period)
  const groups = unit.kind === 'commune' || unit.kind === 'village' ? await groupFigures(db, unit.path, at.period) : []
  const year = Number(at.period.slice(0, 4))
  const plan = can(ctx.actor.role, 'plans.read') ? await planVsActual(db, ctx, { unitId: unit.id, year, quarter: null, asOf: at.periodEnd }) : null

  return {
    unit: { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind }, provinceCode: unit.province_code, breadcrumb,
    date: at.date, period: at.period, periodEnd: at.periodEnd, previousMonth, sameMonthLastYear, keyFigures,
    povertyTrend: years.map((y) => {
      const r = poverty.find((p) => p.year === y.year)
      return { year: y.year, at: y.at, poor: r?.poor ?? 0n, households: r?.households ?? 0n, rateBp: ratioBp(r?.poor ?? 0n, r?.households ?? 0n) }
    }),
    byProgram: (await outstandingByProgram(db, unit.path, at.period)).map((r) => ({
      programCode: r.program_code, nameVi: r.name_vi, nameEn: r.name_en, outstanding: r.outstanding, overdue: r.overdue, borrowers: r.borrowers, loans: r.loans,
    })),
    overdueTrend: trend.map((p) => {
      const t = totalsAt(p)
      const outstanding = t ? outstandingOf(t) : 0n
      return { period: p, outstanding, overdue: t?.overdue ?? 0n, overdueRatioBp: ratioBp(t?.overdue ?? 0n, outstanding) }
    }),
    children: children.map((c) => ({ unitId: c.unit_id, code: c.code, name: c.name, kind: c.kind, outstanding: c.outstanding, overdue: c.overdue, overdueRatioBp: ratioBp(c.overdue, c.outstanding), borrowers: c.borrowers }))
      .sort((a, b) => b.overdueRatioBp - a.overdueRatioBp || Number(b.outstanding - a.outstanding) || a.name.localeCompare(b.name)),
    groups: groups.map((g) => ({ groupId: g.group_id, name: g.name, outstanding: g.outstanding, overdue: g.overdue, overdueRatioBp: ratioBp(g.overdue, g.outstanding), borrowers: g.borrowers, loans: g.loans })),
    planVsActual: plan === null ? null : { year, lines: planLinesOf(plan.lines.filter((l) => l.unitId === unit.id)) },
  }
}

/** The root unit's plan lines summed per program (a line per capital source adds up). */
function planLinesOf(lines: readonly { programCode: string; allocatedDong: bigint | null; disbursedDong: bigint; outstandingDong: bigint }[]) {
  const by = new Map<string, { programCode: string; allocatedDong: bigint | null; disbursedDong: bigint; outstandingDong: bigint }>()
  for (const l of lines) {
    const seen = by.get(l.programCode)
    if (!seen) by.set(l.programCode, { programCode: l.programCode, allocatedDong: l.allocatedDong, disbursedDong: l.disbursedDong, outstandingDong: l.outstandingDong })
    else by.set(l.programCode, {
      programCode: l.programCode,
      allocatedDong: seen.allocatedDong === null && l.allocatedDong === null ? null : (seen.allocatedDong ?? 0n) + (l.allocatedDong ?? 0n),
      disbursedDong: seen.disbursedDong + l.disbursedDong, outstandingDong: seen.outstandingDong + l.outstandingDong,
    })
  }
  return [...by.values()]
}

export interface GroupLoansAnswer {
  readonly group: { readonly id: bigint; readonly name: string; readonly communeUnitId: number; readonly communeName: string }
  readonly period: string
  readonly periodEnd: string
  readonly loans: readonly { loanId: bigint; borrower: string; programCode: string; contractDate: string; inTerm: bigint; overdue: bigint; frozen: bigint; outstanding: bigint }[]
}

/** The last step of the drill-down: a savings group's loans with principal outstanding at the month-end. */
export async function dashboardGroupLoans(db: Executor, ctx: RequestContext, params: { groupId: bigint; date?: string | undefined }): Promise<GroupLoansAnswer> {
  requirePermission(ctx, 'reports.read')
  const group = await groupInScope(db, params.groupId, ctx.actor.scopePath)
  if (!group) throw new RuleViolation('not_found', { entity: 'savings_group', id: String(params.groupId) })
  const at = await periodAt(db, ctx, params.date)
  const loans = await groupLoans(db, group.id, at.period)
  return {
    group: { id: group.id, name: group.name, communeUnitId: group.commune_unit_id, communeName: group.commune_name }, period: at.period, periodEnd: at.periodEnd,
    loans: loans.map((l) => ({ loanId: l.loan_id, borrower: l.borrower, programCode: l.program_code, contractDate: l.contract_date, inTerm: l.in_term, overdue: l.overdue, frozen: l.frozen, outstanding: l.in_term + l.overdue + l.frozen })),
  }
}

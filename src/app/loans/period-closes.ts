import { compareDates, endOfMonth, fromYmd, localDateOf, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import type { Executor, RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'

/** One month-end close (kết chuyển cuối tháng) as the status page shows it. */
export interface PeriodCloseView {
  /** 'YYYY-MM'. */
  readonly period: string
  readonly status: 'running' | 'done'
  readonly startedAt: Date
  readonly finishedAt: Date | null
  /** What the close did: loans accrued, interest posted, principal moved overdue, snapshots… (money as integer strings). */
  readonly stats: unknown
}

/** The last day of the last closed month, if any: nothing may be dated on or before it. */
export async function closedUntil(db: Executor): Promise<string | null> {
  const row = await db.selectFrom('period_closes').select((eb) => eb.fn.max('period').as('period')).where('status', '=', 'done').executeTakeFirst()
  return row?.period ? `${row.period}-31` : null
}

/** Bounds a close is ever asked for; a period outside them is a typing mistake. */
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/
const FIRST_YEAR = 2000
const LAST_YEAR = 2199

/** The month-end closes, newest first (a close covers every loan, so there is no scope to filter). */
export async function listPeriodCloses(db: Executor, ctx: RequestContext): Promise<PeriodCloseView[]> {
  requirePermission(ctx, 'loans.read')
  const rows = await db.selectFrom('period_closes').selectAll().orderBy('period', 'desc').limit(600).execute()
  return rows.map((r) => ({ period: r.period, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at, stats: r.stats }))
}

/**
 * Checks, before the close job runs, that the actor may close and that the month has reached its
 * last day in Vietnam: closing a month still to come would accrue interest for days that have not
 * happened and refuse every event dated before its end. Returns the month's last day.
 *
 * @example checkPeriodClosable(ctx at 2026-11-22, '2026-10') → '2026-10-31'; '2026-12' → period_not_ended
 */
export function checkPeriodClosable(ctx: RequestContext, period: string): LocalDate {
  requirePermission(ctx, 'loans.manage', 'write')
  const m = PERIOD.exec(period)
  const year = Number(m?.[1])
  if (!m || year < FIRST_YEAR || year > LAST_YEAR) throw new RuleViolation('validation_failed', { field: 'period', expected: 'YYYY-MM' })
  const lastDay = endOfMonth(fromYmd(year, Number(m[2]), 1))
  const today = localDateOf(ctx.now)
  if (compareDates(lastDay, today) > 0) throw new RuleViolation('period_not_ended', { period, lastDay, today })
  return lastDay
}

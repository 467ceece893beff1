import { sql } from 'kysely'
import { cashBook, checkCashCount, checkPeriod, checkReschedule, scheduledDayOf, type CashBook } from '../../domain/network/index.js'
import { holidayDates, orThrow, parseIsoDate, RuleViolation, statutoryHolidays, FIRST_YEAR_OF_LABOUR_CODE_2019, type LocalDate } from '../../domain/shared/index.js'
import { underScope } from '../../db/scope.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { payFeeAccruals, type FeePayout } from '../fees/payout.js'
import { closedUntil } from '../loans/period-closes.js'

/** One occurrence of a point's monthly transaction day. */
export interface TransactionDay {
  readonly id: bigint
  readonly transactionPointId: number
  readonly pointCode: string
  readonly pointSiteName: string
  readonly communeUnitId: number
  readonly communeName: string
  readonly provinceCode: string
  readonly period: string
  readonly scheduledOn: LocalDate
  readonly heldOn: LocalDate
  readonly startTime: string
  readonly rescheduleReason: string | null
  readonly status: 'planned' | 'open' | 'closed'
  readonly openingCashDong: bigint | null
  readonly cashInDong: bigint | null
  readonly cashOutDong: bigint | null
  readonly countedCashDong: bigint | null
  readonly openedAt: Date | null
  readonly closedAt: Date | null
}

/** Statutory holidays of the years around a date (the Labour Code's list; earlier years have none here). */
export function holidaysAround(year: number): ReadonlySet<string> {
  const years = [year - 1, year, year + 1].filter((y) => y >= FIRST_YEAR_OF_LABOUR_CODE_2019)
  return holidayDates(years.flatMap((y) => statutoryHolidays(y)))
}

/** The days of a point in scope, joined to the point and commune; `forUpdate` locks the day rows. */
export function daysInScope(db: Executor, scopePath: string) {
  return db
    .selectFrom('transaction_days as d')
    .innerJoin('transaction_points as p', 'p.id', 'd.transaction_point_id')
    .innerJoin('units as c', 'c.id', 'd.commune_unit_id')
    .select([
      'd.id', 'd.transaction_point_id', 'p.code as point_code', 'p.site_name as point_site_name', 'd.commune_unit_id', 'c.name as commune_name',
      'c.path as commune_path', 'd.province_code', 'd.period', 'd.scheduled_on', 'd.held_on', 'd.start_time', 'd.reschedule_reason', 'd.status',
      'd.opening_cash_dong', 'd.cash_in_dong', 'd.cash_out_dong', 'd.counted_cash_dong', 'd.opened_at', 'd.closed_at',
    ])
    .where(underScope('c.path', scopePath))
}
type DayRow = Awaited<ReturnType<ReturnType<typeof daysInScope>['executeTakeFirstOrThrow']>>

export const toTransactionDay = (r: DayRow): TransactionDay => ({
  id: r.id, transactionPointId: r.transaction_point_id, pointCode: r.point_code, pointSiteName: r.point_site_name, communeUnitId: r.commune_unit_id,
  communeName: r.commune_name, provinceCode: r.province_code, period: r.period, scheduledOn: r.scheduled_on as LocalDate, heldOn: r.held_on as LocalDate,
  startTime: r.start_time, rescheduleReason: r.reschedule_reason, status: r.status, openingCashDong: r.opening_cash_dong, cashInDong: r.cash_in_dong,
  cashOutDong: r.cash_out_dong, countedCashDong: r.counted_cash_dong, openedAt: r.opened_at, closedAt: r.closed_at,
})

/** A day in the actor's scope, locked when asked (inside a transaction). */
export async function findDay(db: Executor, scopePath: string, id: bigint, lock = false): Promise<DayRow> {
  let q = daysInScope(db, scopePath).where('d.id', '=', id)
  if (lock) q = q.forUpdate('d')
  const row = await q.executeTakeFirst()
  if (!row) throw new RuleViolation('not_found', { entity: 'transaction_day', id })
  return row
}

export async function getTransactionDay(db: Executor, ctx: RequestContext, id: bigint): Promise<TransactionDay & { cashBook: CashBook | null }> {
  requirePermission(ctx, 'loans.read')
  const row = await findDay(db, ctx.actor.scopePath, id)
  return { ...toTransactionDay(row), cashBook: row.opening_cash_dong === null ? null : await cashBookOf(db, row.id, row.opening_cash_dong) }
}

export async function listTransactionDays(
  db: Executor, ctx: RequestContext, filter: { pointId?: number | undefined; communeUnitId?: number | undefined; period?: string | undefined; status?: TransactionDay['status'] | undefined; limit: number },
): Promise<TransactionDay[]> {
  requirePermission(ctx, 'loans.read')
  let q = daysInScope(db, ctx.actor.scopePath)
  if (filter.pointId !== undefined) q = q.where('d.transaction_point_id', '=', filter.pointId)
  if (filter.communeUnitId !== undefined) q = q.where('d.commune_unit_id', '=', filter.communeUnitId)
  if (filter.period !== undefined) q = q.where('d.period', '=', filter.period)
  if (filter.status !== undefined) q = q.where('d.status', '=', filter.status)
  return (await q.orderBy('d.held_on', 'desc').orderBy('p.code').limit(filter.limit).execute()).map(toTransactionDay)
}

/** One month of a point's calendar: the planned day if there is one, else the day the rule gives. */
export interface CalendarEntry {
  readonly period: string
  readonly scheduledOn: LocalDate
  readonly heldOn: LocalDate
  readonly startTime: string
  readonly rescheduleReason: string | null
  /** 'not_planned' until the month's day is planned. */
  readonly status: TransactionDay['status'] | 'not_planned'
  readonly dayId: bigint | null
}

/** A point's twelve transaction days of a year: its fixed day, moved off public holidays. */
export async function pointCalendar(db: Executor, ctx: RequestContext, pointId: number, year: number): Promise<CalendarEntry[]> {
  requirePermission(ctx, 'loans.read')
  const point = await pointInScope(db, ctx.actor.scopePath, pointId)
  const holidays = holidaysAround(year)
  const stored = new Map((await daysInScope(db, ctx.actor.scopePath).where('d.transaction_point_id', '=', pointId).where('d.period', 'like', `${year}-%`).execute()).map((r) => [r.period, r]))
  return Array.from({ length: 12 }, (_, k) => {
    const period = `${year}-${String(k + 1).padStart(2, '0')}`
    const day = stored.get(period)
    if (day) return { period, scheduledOn: day.scheduled_on as LocalDate, heldOn: day.held_on as LocalDate, startTime: day.start_time, rescheduleReason: day.reschedule_reason, status: day.status, dayId: day.id }
    const on = scheduledDayOf(period, point.monthly_day, holidays)
    return { period, scheduledOn: on, heldOn: on, startTime: point.start_time, rescheduleReason: null, status: 'not_planned' as const, dayId: null }
  })
}

async function pointInScope(db: Executor, scopePath: string, pointId: number) {
  const point = await db.selectFrom('transaction_points as p').innerJoin('units as c', 'c.id', 'p.commune_unit_id')
    .select(['p.id', 'p.commune_unit_id', 'p.monthly_day', 'p.start_time', 'p.status', 'c.path', 'c.province_code'])
    .where('p.id', '=', pointId).where(underScope('c.path', scopePath)).executeTakeFirst()
  if (!point) throw new RuleViolation('not_found', { entity: 'transaction_point', id: pointId })
  return point
}

/**
 * Plans a point's day for a month (before the day): its date by the rule, or the officer's date
 * with a reason. The day sheet and the notices are made from a planned day.
 */
export async function planTransactionDay(db: Executor, ctx: RequestContext, input: { pointId: number; period: string; heldOn?: string | undefined; reason?: string | undefined }): Promise<TransactionDay> {
  requirePermission(ctx, 'loans.transact', 'write')
  const period = orThrow(checkPeriod(input.period))
  return inTransaction(db, async (trx) => {
    const point = await pointInScope(trx, ctx.actor.scopePath, input.pointId)
    if (point.status !== 'active') throw new RuleViolation('transaction_point_closed', { id: point.id })
    const holidays = holidaysAround(Number(period.slice(0, 4)))
    const scheduledOn = scheduledDayOf(period, point.monthly_day, holidays)
    let heldOn = scheduledOn
    let reason: string | null = null
    if (input.heldOn !== undefined && input.heldOn !== scheduledOn) {
      heldOn = orThrow(checkReschedule(period, orThrow(parseIsoDate(input.heldOn)), input.reason ?? '', holidays))
      requirePermission(ctx, 'network.manage', 'write')
      reason = input.reason!.trim()
    }
    const inserted = await trx.insertInto('transaction_days').values({
      transaction_point_id: point.id, province_code: point.province_code ?? '', commune_unit_id: point.commune_unit_id, period, scheduled_on: scheduledOn,
      held_on: heldOn, start_time: point.start_time, reschedule_reason: reason, opening_cash_dong: null, counted_cash_dong: null, created_by: ctx.actor.userId || null,
    }).onConflict((oc) => oc.columns(['transaction_point_id', 'period']).doNothing()).returning('id').executeTakeFirst()
    if (!inserted) throw new RuleViolation('transaction_day_exists', { pointId: point.id, period })
    const day = toTransactionDay(await findDay(trx, ctx.actor.scopePath, inserted.id))
    await recordAudit(trx, ctx, { action: 'transaction_day.plan', entityType: 'transaction_day', entityId: inserted.id, after: day, scopePath: point.path })
    return day
  })
}

/** Moves one occurrence to another day of its month, with a reason; only while it is planned. */
export async function rescheduleTransactionDay(db: Executor, ctx: RequestContext, id: bigint, input: { heldOn: string; reason: string }): Promise<TransactionDay> {
  requirePermission(ctx, 'network.manage', 'write')
  const date = orThrow(parseIsoDate(input.heldOn))
  return inTransaction(db, async (trx) => {
    const before = await findDay(trx, ctx.actor.scopePath, id, true)
    if (before.status !== 'planned') throw new RuleViolation('transaction_day_not_planned', { id, status: before.status })
    const heldOn = orThrow(checkReschedule(before.period, date, input.reason, holidaysAround(Number(before.period.slice(0, 4)))))
    await trx.updateTable('transaction_days').set({ held_on: heldOn, reschedule_reason: heldOn === before.scheduled_on ? null : input.reason.trim() }).where('id', '=', id).execute()
    const after = toTransactionDay(await findDay(trx, ctx.actor.scopePath, id))
    await recordAudit(trx, ctx, { action: 'transaction_day.reschedule', entityType: 'transaction_day', entityId: id, before: toTransactionDay(before), after, scopePath: before.commune_path })
    return after
  })
}

/** Opens the day at the point with the cash the team brought: capture may start. */
export async function openTransactionDay(db: Executor, ctx: RequestContext, id: bigint, input: { openingCashDong: bigint }): Promise<TransactionDay> {
  requirePermission(ctx, 'loans.transact', 'write')
  if (input.openingCashDong < 0n) throw new RuleViolation('validation_failed', { field: 'openingCashDong', expected: '≥ 0' })
  return inTransaction(db, async (trx) => {
    const before = await findDay(trx, ctx.actor.scopePath, id, true)
    if (before.status !== 'planned') throw new RuleViolation('transaction_day_not_planned', { id, status: before.status })
    const closed = await closedUntil(trx)
    if (closed !== null && before.held_on <= closed) throw new RuleViolation('transaction_day_in_closed_period', { heldOn: before.held_on })
    await trx.updateTable('transaction_days').set({ status: 'open', opening_cash_dong: input.openingCashDong, opened_by: ctx.actor.userId || null, opened_at: ctx.now }).where('id', '=', id).execute()
    const after = toTransactionDay(await findDay(trx, ctx.actor.scopePath, id))
    await recordAudit(trx, ctx, { action: 'transaction_day.open', entityType: 'transaction_day', entityId: id, after, scopePath: before.commune_path })
    return after
  })
}

/** The day's cash book: its opening cash and the cash postings of every entry posted through it. */
export async function cashBookOf(db: Executor, dayId: bigint, openingDong: bigint): Promise<CashBook> {
  const { rows } = await sql<{ in_dong: bigint; out_dong: bigint }>`
    select coalesce(sum(p.amount_dong) filter (where p.amount_dong > 0), 0)::bigint as in_dong,
           coalesce(-sum(p.amount_dong) filter (where p.amount_dong < 0), 0)::bigint as out_dong
    from transaction_day_entries t
    join postings p on p.entry_id = t.entry_id
    join ledger_accounts a on a.id = p.account_id and a.kind = 'cash'
    where t.transaction_day_id = ${dayId.toString()}::bigint`.execute(db)
  return cashBook(openingDong, rows[0]?.in_dong ?? 0n, rows[0]?.out_dong ?? 0n)
}

/**
 * Closes the day: the cash counted must equal the book's closing balance, and then the day is
 * locked — nothing more is captured on it; corrections are reversing entries with a reason.
 */
export async function closeTransactionDay(db: Executor, ctx: RequestContext, id: bigint, input: { countedCashDong: bigint }): Promise<TransactionDay & { cashBook: CashBook }> {
  requirePermission(ctx, 'loans.transact', 'write')
  return inTransaction(db, async (trx) => {
    const before = await findDay(trx, ctx.actor.scopePath, id, true)
    if (before.status === 'closed') throw new RuleViolation('transaction_day_closed', { id })
    if (before.status !== 'open' || before.opening_cash_dong === null) throw new RuleViolation('transaction_day_not_open', { id })
    const book = orThrow(checkCashCount(await cashBookOf(trx, id, before.opening_cash_dong), input.countedCashDong))
    await trx.updateTable('transaction_days').set({
      status: 'closed', cash_in_dong: book.inDong, cash_out_dong: book.outDong, counted_cash_dong: input.countedCashDong, closed_by: ctx.actor.userId || null, closed_at: ctx.now,
    }).where('id', '=', id).execute()
    const after = toTransactionDay(await findDay(trx, ctx.actor.scopePath, id))
    await recordAudit(trx, ctx, { action: 'transaction_day.close', entityType: 'transaction_day', entityId: id, before: toTransactionDay(before), after: { ...after, cashBook: book }, scopePath: before.commune_path })
    return { ...after, cashBook: book }
  })
}

/**
 * Pays accrued fees and commissions in cash on an open day (the group boards' commissions, an
 * organisation's fee): the payout entry is dated the day and counted in its cash book.
 */
export async function payFeesOnDay(db: Executor, ctx: RequestContext, id: bigint, accrualIds: readonly bigint[]): Promise<FeePayout> {
  requirePermission(ctx, 'loans.transact', 'write')
  return inTransaction(db, async (trx) => {
    const day = await findDay(trx, ctx.actor.scopePath, id, true)
    if (day.status === 'closed') throw new RuleViolation('transaction_day_closed', { id })
    if (day.status !== 'open') throw new RuleViolation('transaction_day_not_open', { id })
    const payout = await payFeeAccruals(trx, ctx, { accrualIds, cashUnitId: day.commune_unit_id, date: day.held_on as LocalDate, transactionDayId: id })
    await trx.insertInto('transaction_day_entries').values({ entry_id: payout.entryId, transaction_day_id: id, source: 'fees' }).execute()
    return payout
  })
}

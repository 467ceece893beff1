import { sql } from 'kysely'
import type { Logger } from 'pino'
import { assert, formatDong, formatVnDate, RuleViolation, type Dong } from '../../domain/shared/index.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { findDay, type TransactionDay } from './days.js'
import { memberLine } from './print.js'
import { daySheet, type SheetGroup, type SheetMember } from './sheet.js'

// Notices to borrowers before the day (thông báo lịch giao dịch): one SMS-style message per
// borrowing household, kept in the `sms_outbox` and delivered later by a pluggable sender. Queueing
// and sending are apart so that a slow or failing gateway never holds the day's data, and a message
// is written once per day and household whatever the number of runs.

/** Delivers one message; throws when the message was not accepted. */
export interface NoticeSender {
  send(phone: string, body: string): Promise<void>
}

/**
 * The built-in sender: writes each message to the application log and calls no gateway. Until a
 * real SMS gateway is configured, the log is the delivery record (it carries the phone number, so
 * the log is as confidential as the outbox itself).
 */
export function logNoticeSender(log: Logger): NoticeSender {
  return {
    async send(phone, body) {
      log.info({ channel: 'sms', phone, body }, 'notice to borrower')
    },
  }
}

/** A failed message is tried again by the next dispatch, up to this many attempts in all. */
export const MAX_NOTICE_ATTEMPTS = 3
/** The most messages one dispatch sends: each is its own short transaction. */
export const MAX_DISPATCH_BATCH = 1000

/**
 * The notice of one member, e.g. "NHCSXH: phiên giao dịch lúc 07:30 ngày 15/02/2026 tại Trụ sở
 * UBND xã, Xã Cao Lộc. Hộ Chủ hộ HH-1 (Tổ TK&VV thôn Nà Cạn): lãi phải trả đến ngày 81.667 ₫, gốc
 * đến hạn 0 ₫. Xin mời đến đúng giờ."
 */
export function noticeBody(day: TransactionDay, group: SheetGroup, member: SheetMember): string {
  const line = memberLine(member)
  const undisbursed = member.loans.reduce((s, l) => s + l.undisbursedDong, 0n)
  const who = member.headName ?? `hộ ${member.householdCode}`
  return [
    `NHCSXH: phiên giao dịch lúc ${day.startTime} ngày ${formatVnDate(day.heldOn)} tại ${day.pointSiteName}, ${day.communeName}.`,
    `Hộ ${who} (${group.name}): lãi phải trả đến ngày ${formatDong(line.interestDueDong as Dong)}, gốc đến hạn ${formatDong(line.principalDueDong as Dong)}.`,
    ...(undisbursed > 0n ? [`Tiền vay được nhận: ${formatDong(undisbursed as Dong)}.`] : []),
    'Xin mời đến đúng giờ.',
  ].join(' ')
}

export interface QueueReport {
  readonly dayId: bigint
  /** Borrowing households on the day's sheet. */
  readonly borrowers: number
  /** Messages added by this run (queued + skipped). */
  readonly created: number
  readonly queued: number
  /** Added as 'skipped': the household head has no phone number. */
  readonly skipped: number
  /** Households that already had their message from an earlier run. */
  readonly existing: number
}

/**
 * Writes the day's notices into the outbox: one per household with a loan on the day sheet,
 * unique per day and household, so a second run adds nothing and says so.
 */
export async function queueNotices(db: Executor, ctx: RequestContext, dayId: bigint): Promise<QueueReport> {
  requirePermission(ctx, 'loans.transact', 'write')
  return inTransaction(db, async (trx) => {
    const dayRow = await findDay(trx, ctx.actor.scopePath, dayId, true)
    if (dayRow.status === 'closed') throw new RuleViolation('transaction_day_closed', { id: dayId })
    const sheet = await daySheet(trx, ctx, dayId)
    const rows = sheet.groups.flatMap((g) => g.members.filter((m) => m.loans.length > 0).map((m) => {
      const phone = m.phone?.trim() || null
      return { transaction_day_id: dayId, household_id: m.householdId, person_id: m.headPersonId, phone, body: noticeBody(sheet.day, g, m), status: phone ? 'queued' as const : 'skipped' as const }
    }))
    const inserted = rows.length === 0 ? [] : await trx.insertInto('sms_outbox').values(rows)
      .onConflict((oc) => oc.columns(['transaction_day_id', 'household_id']).doNothing())
      .returning(['id', 'status']).execute()
    const report: QueueReport = {
      dayId, borrowers: rows.length, created: inserted.length, queued: inserted.filter((r) => r.status === 'queued').length,
      skipped: inserted.filter((r) => r.status === 'skipped').length, existing: rows.length - inserted.length,
    }
    if (report.created > 0) await recordAudit(trx, ctx, { action: 'transaction_day.notices_queue', entityType: 'transaction_day', entityId: dayId, after: report, scopePath: dayRow.commune_path })
    return report
  })
}

export interface DispatchReport {
  readonly attempted: number
  readonly sent: number
  readonly failed: number
}

/**
 * The outbox worker: sends queued messages (and failed ones with attempts left), oldest first, at
 * most `limit`, each in a short transaction of its own that locks its row — a message taken by
 * another dispatcher is passed over. Delivery is at least once: a crash between the sender's
 * acceptance and the commit leaves the message queued to be sent again.
 */
export async function dispatchNotices(db: Executor, sender: NoticeSender, options: { limit: number; dayId?: bigint | undefined }): Promise<DispatchReport> {
  const limit = Math.max(0, Math.min(options.limit, MAX_DISPATCH_BATCH))
  let q = db.selectFrom('sms_outbox').select('id')
    .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'failed'), eb('attempts', '<', MAX_NOTICE_ATTEMPTS)])]))
  if (options.dayId !== undefined) q = q.where('transaction_day_id', '=', options.dayId)
  const ids = (await q.orderBy('id').limit(limit).execute()).map((r) => r.id)
  let sent = 0
  let failed = 0
  for (const id of ids) {
    const outcome = await inTransaction(db, async (trx) => {
      const row = await trx.selectFrom('sms_outbox').select(['id', 'phone', 'body', 'status', 'attempts']).where('id', '=', id)
        .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'failed'), eb('attempts', '<', MAX_NOTICE_ATTEMPTS)])]))
        .forUpdate().skipLocked().executeTakeFirst()
      if (!row) return 'taken' as const
      assert(row.phone !== null, 'a queued notice has a phone number')
      try {
        await sender.send(row.phone, row.body)
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500) || 'send failed'
        await trx.updateTable('sms_outbox').set({ status: 'failed', attempts: sql`attempts + 1`, last_error: reason }).where('id', '=', id).execute()
        return 'failed' as const
      }
      await trx.updateTable('sms_outbox').set({ status: 'sent', attempts: sql`attempts + 1`, last_error: null, sent_at: sql`now()` }).where('id', '=', id).execute()
      return 'sent' as const
    })
    if (outcome === 'sent') sent++
    if (outcome === 'failed') failed++
  }
  return { attempted: sent + failed, sent, failed }
}

/** Sends a day's notices for an officer in scope; the run is audited when it sent anything. */
export async function dispatchDayNotices(db: Executor, ctx: RequestContext, dayId: bigint, sender: NoticeSender, options: { limit: number }): Promise<DispatchReport> {
  requirePermission(ctx, 'loans.transact', 'write')
  const day = await findDay(db, ctx.actor.scopePath, dayId)
  if (day.status === 'closed') throw new RuleViolation('transaction_day_closed', { id: dayId })
  const report = await dispatchNotices(db, sender, { limit: options.limit, dayId })
  if (report.attempted > 0)
    await inTransaction(db, (trx) => recordAudit(trx, ctx, { action: 'transaction_day.notices_dispatch', entityType: 'transaction_day', entityId: dayId, after: report, scopePath: day.commune_path }))
  return report
}

export type NoticeStatus = 'queued' | 'sent' | 'failed' | 'skipped'

export interface Notice {
  readonly id: bigint
  readonly householdId: bigint
  readonly householdCode: string
  readonly headName: string | null
  readonly phone: string | null
  readonly body: string
  readonly status: NoticeStatus
  readonly attempts: number
  readonly lastError: string | null
  readonly sentAt: Date | null
  readonly createdAt: Date
}

/** A day's notices in scope, with the count per status. */
export async function listNotices(
  db: Executor, ctx: RequestContext, dayId: bigint, filter: { status?: NoticeStatus | undefined; limit: number; offset: number },
): Promise<{ items: Notice[]; total: number; counts: Record<NoticeStatus, number> }> {
  requirePermission(ctx, 'loans.read')
  await findDay(db, ctx.actor.scopePath, dayId)
  let q = db.selectFrom('sms_outbox as o').innerJoin('households as h', 'h.id', 'o.household_id').leftJoin('persons as p', 'p.id', 'o.person_id')
    .select(['o.id', 'o.household_id', 'h.code as household_code', 'p.full_name as head_name', 'o.phone', 'o.body', 'o.status', 'o.attempts', 'o.last_error', 'o.sent_at', 'o.created_at'])
    .where('o.transaction_day_id', '=', dayId)
  if (filter.status !== undefined) q = q.where('o.status', '=', filter.status)
  const rows = await q.orderBy('o.id').limit(filter.limit).offset(filter.offset).execute()
  const byStatus = await db.selectFrom('sms_outbox').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).where('transaction_day_id', '=', dayId).groupBy('status').execute()
  const counts: Record<NoticeStatus, number> = { queued: 0, sent: 0, failed: 0, skipped: 0 }
  for (const r of byStatus) counts[r.status] = Number(r.n)
  return {
    items: rows.map((r) => ({
      id: r.id, householdId: r.household_id, householdCode: r.household_code, headName: r.head_name, phone: r.phone, body: r.body, status: r.status,
      attempts: r.attempts, lastError: r.last_error, sentAt: r.sent_at, createdAt: r.created_at,
    })),
    total: filter.status === undefined ? Object.values(counts).reduce((a, b) => a + b, 0) : counts[filter.status],
    counts,
  }
}

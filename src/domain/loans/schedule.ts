import { addMonths, assert, fromYmd, monthOf, nextBusinessDay, yearOf, endOfMonth, dayOf, type LocalDate } from '../shared/index.js'

/** One principal instalment (kỳ hạn trả nợ gốc). */
export interface Instalment {
  readonly seq: number
  /** The due date as scheduled (moved off holidays), before any extension. */
  readonly dueDate: LocalDate
  /** Set by an extension (gia hạn): the instalment is due on this date instead. */
  readonly extendedTo: LocalDate | null
  readonly principalDueDong: bigint
  readonly principalPaidDong: bigint
  /** overdue: unpaid after its (extended) due date; only that instalment is overdue. */
  readonly status: 'pending' | 'overdue' | 'paid'
}

export const effectiveDueDate = (i: Instalment): LocalDate => i.extendedTo ?? i.dueDate
export const unpaidOf = (i: Instalment): bigint => i.principalDueDong - i.principalPaidDong

/** The transaction point's fixed day in a month, clamped to the month's last day. */
export function transactionDayIn(year: number, month: number, monthlyDay: number): LocalDate {
  const last = dayOf(endOfMonth(fromYmd(year, month, 1)))
  return fromYmd(year, month, Math.min(monthlyDay, last))
}

export interface ScheduleInput {
  readonly amountDong: bigint
  readonly firstDisbursementDate: LocalDate
  readonly termMonths: number
  readonly graceMonths: number
  /** Months between principal instalments (e.g. 6 or 12); the last falls at the end of the term. */
  readonly intervalMonths: number
  /** The transaction point's monthly day: due dates fall on it, moved forward off holidays. */
  readonly monthlyDay: number
  readonly holidays: ReadonlySet<string>
}

/**
 * Equal principal instalments after the grace period, each on the transaction point's monthly day,
 * moved to the next business day when it is a holiday. The remainder of the division goes to the
 * last instalment so the instalments sum exactly to the amount.
 *
 * @example 50.000.000 ₫ over 12 months, interval 6 → two instalments of 25.000.000 ₫
 */
export function buildSchedule(input: ScheduleInput): Instalment[] {
  assert(input.amountDong > 0n, 'a schedule needs a positive amount')
  assert(input.intervalMonths >= 1 && input.termMonths >= 1 && input.graceMonths >= 0, 'schedule months are positive')
  const repayMonths = input.termMonths - input.graceMonths
  assert(repayMonths >= 1, 'the grace period is shorter than the term')
  const count = Math.max(1, Math.ceil(repayMonths / input.intervalMonths))
  assert(count <= 600, 'at most 600 instalments')
  const base = input.amountDong / BigInt(count)
  const instalments: Instalment[] = []
  for (let seq = 1; seq <= count; seq++) {
    const monthsFromStart = Math.min(input.graceMonths + seq * input.intervalMonths, input.termMonths)
    const anchor = addMonths(input.firstDisbursementDate, monthsFromStart)
    const day = transactionDayIn(yearOf(anchor), monthOf(anchor), input.monthlyDay)
    const dueDate = nextBusinessDay(day, input.holidays, { skipWeekends: false })
    const principalDueDong = seq === count ? input.amountDong - base * BigInt(count - 1) : base
    instalments.push({ seq, dueDate, extendedTo: null, principalDueDong, principalPaidDong: 0n, status: 'pending' })
  }
  return instalments
}

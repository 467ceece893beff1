import {
  addDays, compareDates, endOfMonth, fail, fromYmd, nextBusinessDay, ok, startOfMonth, type LocalDate, type Result,
} from '../shared/index.js'

/**
 * The commune transaction day (ngày giao dịch xã): each point meets on its fixed day of the month,
 * clamped to the month's last day and moved forward off public holidays. Weekends are working days
 * for the points (the sessions are held where people are free), so only holidays move the day. A
 * move that would leave the month stays at the last business day before the holiday run instead.
 *
 * @example scheduledDayOf('2026-09', 2, holidays2026) → '2026-09-03' (1 and 2/9 are holidays)
 * @example scheduledDayOf('2026-04', 30, holidays2026) → '2026-04-29' (30/4 and 1/5 are holidays, May is another month)
 */
export function scheduledDayOf(period: string, monthlyDay: number, holidays: ReadonlySet<string>): LocalDate {
  const [year, month] = period.split('-').map(Number) as [number, number]
  const first = fromYmd(year, month, 1)
  const last = endOfMonth(first)
  const day = fromYmd(year, month, Math.min(monthlyDay, Number(last.slice(8))))
  const forward = nextBusinessDay(day, holidays, { skipWeekends: false })
  if (compareDates(forward, last) <= 0) return forward
  let back = day
  while (holidays.has(back) && compareDates(back, first) > 0) back = addDays(back, -1)
  return back
}

/** A period as 'YYYY-MM'. */
export function checkPeriod(period: string): Result<string> {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(period) ? ok(period) : fail('validation_failed', { field: 'period', expected: 'YYYY-MM' })
}

/**
 * An officer may hold one occurrence on another day of the same month, not on a holiday, with a
 * reason (e.g. the commune hall is needed for an election).
 */
export function checkReschedule(period: string, date: LocalDate, reason: string, holidays: ReadonlySet<string>): Result<LocalDate> {
  const first = fromYmd(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 1)
  const inMonth = compareDates(date, startOfMonth(first)) >= 0 && compareDates(date, endOfMonth(first)) <= 0
  const trimmed = reason.trim()
  if (!inMonth) return fail('transaction_day_reschedule_invalid', { reason: 'other_month', period, date })
  if (holidays.has(date)) return fail('transaction_day_reschedule_invalid', { reason: 'holiday', date })
  if (trimmed.length < 3 || trimmed.length > 500) return fail('transaction_day_reschedule_invalid', { reason: 'reason_required' })
  return ok(date)
}

// ---- capture ----

/** One line of a group's batch: one member and (when the member borrows) one of its loans. */
export interface CaptureLine extends LineAmounts {
  readonly householdId: bigint
  readonly loanId: bigint | null
  readonly recipientPersonId: bigint | null
  /** What the member says she paid the leader (receipt, passbook) for interest and savings, when known. */
  readonly memberPaidDong: bigint | null
}

/** The money of a batch line, or of a whole batch summed. */
export interface LineAmounts {
  /** Interest the leader collected and remits for this loan. */
  readonly interestDong: bigint
  /** Principal the member repays in person at the point. */
  readonly principalDong: bigint
  readonly savingsDepositDong: bigint
  readonly savingsWithdrawalDong: bigint
  /** Savings the member uses to repay principal of this loan. */
  readonly savingsToPrincipalDong: bigint
  /** Handed over in person to `recipientPersonId`, a member of the borrowing household. */
  readonly disbursedDong: bigint
}

export interface CaptureInput {
  /** Cash the leader hands over: the interest and savings she collected. */
  readonly remittedDong: bigint
  /** What the leader's own collection list says she collected, when it is presented. */
  readonly collectedDong: bigint | null
  readonly lines: readonly CaptureLine[]
}

export const CAPTURE_LINES_MAX = 400

const remittedPart = (l: CaptureLine) => l.interestDong + l.savingsDepositDong

/**
 * Checks a batch before anything is read for it: the remittance adds up to its breakdown, savings
 * deposits reach the minimum, lines without a loan carry only savings, no loan is repeated, a
 * disbursement names who received it, and something moves.
 */
export function checkCapture(input: CaptureInput, minDepositDong: bigint): Result<void> {
  if (input.lines.length === 0 || input.lines.length > CAPTURE_LINES_MAX) return fail('day_batch_empty', { lines: input.lines.length, max: CAPTURE_LINES_MAX })
  const breakdown = input.lines.reduce((s, l) => s + remittedPart(l), 0n)
  if (breakdown !== input.remittedDong)
    return fail('remittance_breakdown_mismatch', { remittedDong: input.remittedDong.toString(), breakdownDong: breakdown.toString(), differenceDong: (input.remittedDong - breakdown).toString() })
  const loans = new Set<bigint>()
  let moved = 0n
  for (const [index, l] of input.lines.entries()) {
    const amounts = [l.interestDong, l.principalDong, l.savingsDepositDong, l.savingsWithdrawalDong, l.savingsToPrincipalDong, l.disbursedDong]
    if (amounts.some((a) => a < 0n) || (l.memberPaidDong !== null && l.memberPaidDong < 0n)) return fail('validation_failed', { field: `lines.${index}`, expected: 'amounts ≥ 0' })
    if (l.loanId === null && (l.interestDong > 0n || l.principalDong > 0n || l.savingsToPrincipalDong > 0n || l.disbursedDong > 0n))
      return fail('day_line_invalid', { line: index, reason: 'needs_loan' })
    if (l.loanId !== null) {
      if (loans.has(l.loanId)) return fail('day_line_invalid', { line: index, reason: 'repeated_loan', loanId: l.loanId.toString() })
      loans.add(l.loanId)
    }
    if (l.savingsDepositDong > 0n && l.savingsDepositDong < minDepositDong)
      return fail('savings_deposit_below_minimum', { line: index, minDepositDong: minDepositDong.toString(), depositDong: l.savingsDepositDong.toString() })
    if (l.disbursedDong > 0n && l.recipientPersonId === null) return fail('disbursement_recipient_not_borrower', { line: index })
    moved += amounts.reduce((s, a) => s + a, 0n)
  }
  if (moved === 0n) return fail('day_batch_empty', { lines: input.lines.length })
  return ok(undefined)
}

export type LineReconciliation = 'ok' | 'arrears' | 'paid_not_remitted'

export interface ReconciledLine {
  readonly status: LineReconciliation
  /** What the member says she paid beyond what the leader remitted for her (≥ 0). */
  readonly notRemittedDong: bigint
  /** Interest due on the day left unpaid (≥ 0). */
  readonly arrearsDong: bigint
}

/**
 * Per member: what the leader remitted against what the member owed and what she says she paid.
 * Paid-but-not-remitted outranks arrears: it is money that went missing, not money not yet paid.
 *
 * @example owed 120.000, remitted 100.000 interest, member says 120.000 → paid_not_remitted 20.000
 */
export function reconcileLine(line: CaptureLine, interestOwedDong: bigint): ReconciledLine {
  const remitted = remittedPart(line)
  const notRemittedDong = line.memberPaidDong !== null && line.memberPaidDong > remitted ? line.memberPaidDong - remitted : 0n
  const arrearsDong = interestOwedDong > line.interestDong ? interestOwedDong - line.interestDong : 0n
  const status: LineReconciliation = notRemittedDong > 0n ? 'paid_not_remitted' : arrearsDong > 0n ? 'arrears' : 'ok'
  return { status, notRemittedDong, arrearsDong }
}

/** A red flag the reconciliation raises against the group's leader. */
export interface RaisedFlag {
  readonly rule: 'leader_remittance_shortfall' | 'member_paid_not_remitted'
  readonly severity: 'high' | 'medium'
  readonly amountDong: bigint
  readonly evidence: Record<string, unknown>
}

/**
 * The flags of one batch: the leader remitted less than her own collection list says she
 * collected (the exact shortfall), and each member who says she paid more than was remitted for her.
 */
export function reconciliationFlags(input: CaptureInput, reconciled: readonly ReconciledLine[]): RaisedFlag[] {
  const flags: RaisedFlag[] = []
  if (input.collectedDong !== null && input.collectedDong > input.remittedDong) {
    flags.push({
      rule: 'leader_remittance_shortfall', severity: 'high', amountDong: input.collectedDong - input.remittedDong,
      evidence: { collectedDong: input.collectedDong.toString(), remittedDong: input.remittedDong.toString() },
    })
  }
  for (const [index, r] of reconciled.entries()) {
    if (r.status !== 'paid_not_remitted') continue
    const line = input.lines[index]!
    flags.push({
      rule: 'member_paid_not_remitted', severity: 'high', amountDong: r.notRemittedDong,
      evidence: {
        householdId: line.householdId.toString(), loanId: line.loanId?.toString() ?? null, memberPaidDong: line.memberPaidDong?.toString() ?? null,
        remittedDong: remittedPart(line).toString(), notRemittedDong: r.notRemittedDong.toString(),
      },
    })
  }
  return flags
}

export interface CashBook {
  readonly openingDong: bigint
  readonly inDong: bigint
  readonly outDong: bigint
  readonly closingDong: bigint
}

/** The day's cash book: closing = opening + in − out. */
export function cashBook(openingDong: bigint, inDong: bigint, outDong: bigint): CashBook {
  return { openingDong, inDong, outDong, closingDong: openingDong + inDong - outDong }
}

/** The day closes only when the cash counted equals the book's closing balance. */
export function checkCashCount(book: CashBook, countedDong: bigint): Result<CashBook> {
  return countedDong === book.closingDong
    ? ok(book)
    : fail('cash_book_unbalanced', {
      openingDong: book.openingDong.toString(), inDong: book.inDong.toString(), outDong: book.outDong.toString(),
      closingDong: book.closingDong.toString(), countedDong: countedDong.toString(), differenceDong: (countedDong - book.closingDong).toString(),
    })
}

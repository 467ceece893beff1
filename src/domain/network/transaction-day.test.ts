import { describe, expect, it } from 'vitest'
import { holidayDates, statutoryHolidays, type LocalDate } from '../shared/index.js'
import { cashBook, checkCapture, checkCashCount, checkReschedule, reconcileLine, reconciliationFlags, scheduledDayOf, type CaptureLine } from './transaction-day.js'

const holidays = holidayDates([...statutoryHolidays(2026), ...statutoryHolidays(2027)])
const d = (s: string) => s as LocalDate
const line = (amounts: Partial<CaptureLine> = {}): CaptureLine => ({
  householdId: 1n, loanId: 10n, interestDong: 0n, principalDong: 0n, savingsDepositDong: 0n, savingsWithdrawalDong: 0n, savingsToPrincipalDong: 0n,
  disbursedDong: 0n, recipientPersonId: null, memberPaidDong: null, ...amounts,
})

describe('the transaction day calendar', () => {
  it('keeps the fixed day when it is a working day, weekends included', () => {
    expect(scheduledDayOf('2026-02', 15, holidays)).toBe('2026-02-15') // a Sunday
    expect(scheduledDayOf('2026-03', 10, holidays)).toBe('2026-03-10')
  })
  it('moves a day off a public holiday to the next day that is not one', () => {
    expect(scheduledDayOf('2026-09', 2, holidays)).toBe('2026-09-03') // 1/9 and 2/9
    expect(scheduledDayOf('2026-02', 17, holidays)).toBe('2026-02-21') // Tết: 16–20/02/2026
  })
  it('stays in its month: a holiday run at the end moves it back, and day 31 falls on a short month\'s last day', () => {
    expect(scheduledDayOf('2026-04', 30, holidays)).toBe('2026-04-29') // 30/4, then 1/5 in May
    expect(scheduledDayOf('2026-06', 31, holidays)).toBe('2026-06-30')
    expect(scheduledDayOf('2027-02', 31, holidays)).toBe('2027-02-28')
  })
  it('reschedules within the month, off holidays, with a reason', () => {
    expect(checkReschedule('2026-04', d('2026-04-20'), 'Hội trường bận', holidays)).toEqual({ ok: true, value: '2026-04-20' })
    expect(checkReschedule('2026-04', d('2026-05-04'), 'Hội trường bận', holidays)).toMatchObject({ ok: false, code: 'transaction_day_reschedule_invalid', details: { reason: 'other_month' } })
    expect(checkReschedule('2026-04', d('2026-04-30'), 'Hội trường bận', holidays)).toMatchObject({ ok: false, details: { reason: 'holiday' } })
    expect(checkReschedule('2026-04', d('2026-04-20'), '  ', holidays)).toMatchObject({ ok: false, details: { reason: 'reason_required' } })
  })
})

describe('a group batch', () => {
  it('must add up: the remittance is the sum of interest and savings deposits', () => {
    const lines = [line({ interestDong: 120_000n, savingsDepositDong: 50_000n }), line({ loanId: 11n, interestDong: 80_000n, principalDong: 1_000_000n })]
    expect(checkCapture({ remittedDong: 250_000n, collectedDong: null, lines }, 5_000n).ok).toBe(true)
    expect(checkCapture({ remittedDong: 240_000n, collectedDong: null, lines }, 5_000n)).toMatchObject({ ok: false, code: 'remittance_breakdown_mismatch', details: { differenceDong: '-10000' } })
  })
  it('refuses deposits under the minimum, repeated loans, loan money on a savings-only line and handovers without a recipient', () => {
    expect(checkCapture({ remittedDong: 4_000n, collectedDong: null, lines: [line({ savingsDepositDong: 4_000n })] }, 5_000n)).toMatchObject({ code: 'savings_deposit_below_minimum' })
    expect(checkCapture({ remittedDong: 2n, collectedDong: null, lines: [line({ interestDong: 1n }), line({ interestDong: 1n })] }, 0n)).toMatchObject({ code: 'day_line_invalid', details: { reason: 'repeated_loan' } })
    expect(checkCapture({ remittedDong: 1n, collectedDong: null, lines: [line({ loanId: null, interestDong: 1n })] }, 0n)).toMatchObject({ code: 'day_line_invalid', details: { reason: 'needs_loan' } })
    expect(checkCapture({ remittedDong: 0n, collectedDong: null, lines: [line({ disbursedDong: 1_000_000n })] }, 0n)).toMatchObject({ code: 'disbursement_recipient_not_borrower' })
    expect(checkCapture({ remittedDong: 0n, collectedDong: null, lines: [line()] }, 0n)).toMatchObject({ code: 'day_batch_empty' })
  })
  it('reconciles each member: paid but not remitted outranks unpaid interest', () => {
    expect(reconcileLine(line({ interestDong: 100_000n }), 100_000n)).toEqual({ status: 'ok', notRemittedDong: 0n, arrearsDong: 0n })
    expect(reconcileLine(line({ interestDong: 70_000n }), 100_000n)).toEqual({ status: 'arrears', notRemittedDong: 0n, arrearsDong: 30_000n })
    // She says she paid 120.000 ₫ (interest 100.000 + savings 20.000); the leader remitted 100.000 ₫ of interest only.
    expect(reconcileLine(line({ interestDong: 100_000n, memberPaidDong: 120_000n }), 100_000n)).toEqual({ status: 'paid_not_remitted', notRemittedDong: 20_000n, arrearsDong: 0n })
  })
  it('flags the leader with the exact shortfall and each member paid but not remitted', () => {
    const lines = [line({ interestDong: 100_000n, memberPaidDong: 130_000n }), line({ loanId: 11n, interestDong: 50_000n })]
    const input = { remittedDong: 150_000n, collectedDong: 180_000n, lines }
    const flags = reconciliationFlags(input, lines.map((l) => reconcileLine(l, l.interestDong)))
    expect(flags.map((f) => [f.rule, f.amountDong])).toEqual([['leader_remittance_shortfall', 30_000n], ['member_paid_not_remitted', 30_000n]])
    expect(reconciliationFlags({ ...input, collectedDong: 150_000n }, [])).toEqual([])
  })
})

describe('the cash book', () => {
  it('closes only when the cash counted equals opening + in − out', () => {
    const book = cashBook(50_000_000n, 12_500_000n, 30_000_000n)
    expect(book.closingDong).toBe(32_500_000n)
    expect(checkCashCount(book, 32_500_000n).ok).toBe(true)
    expect(checkCashCount(book, 32_400_000n)).toMatchObject({ ok: false, code: 'cash_book_unbalanced', details: { differenceDong: '-100000' } })
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { accountKey, balanceEntry, type Posting } from '../ledger/index.js'
import type { LocalDate } from '../shared/index.js'
import { interestDenominator } from './interest.js'
import { applyLoanEvent, LOAN_EVENT_TYPES, LOAN_STATUSES, type LoanEvent, type LoanState, type Transition } from './loan.js'
import { approvedLoan, POOR_CONTEXT } from './test-support.js'

const d = (s: string) => s as LocalDate
const D = interestDenominator('monthly_30') // 10^12 × 360: one đồng of interest in numerator units

function run(state: LoanState, event: LoanEvent): Transition {
  const result = applyLoanEvent(state, event, POOR_CONTEXT)
  if (!result.ok) throw new Error(`${event.type} refused: ${result.code} ${JSON.stringify(result.details)}`)
  return result.value
}

/** Sums a transition's postings per account key (debit +). */
function byAccount(t: Transition): Record<string, bigint> {
  const out: Record<string, bigint> = {}
  for (const e of t.entries) for (const p of e.postings) out[accountKey(p.account)] = (out[accountKey(p.account)] ?? 0n) + p.amountDong
  return out
}

const IN_TERM = 'loan_principal|program=POOR|capitalSource=CENTRAL|status=in_term'
const OVERDUE = 'loan_principal|program=POOR|capitalSource=CENTRAL|status=overdue'
const FROZEN = 'loan_principal|program=POOR|capitalSource=CENTRAL|status=frozen'
const INTEREST = 'interest_receivable|program=POOR|capitalSource=CENTRAL|status=normal'
const OVERDUE_INTEREST = 'interest_receivable|program=POOR|capitalSource=CENTRAL|status=overdue'

describe('a poor-household loan of 50.000.000 ₫ at 0,55%/month in two instalments (worked example)', () => {
  // Schedule: 12 months from 15/01/2026, principal every 6 months on the point's day (15th):
  // 25.000.000 ₫ on 15/07/2026 and 25.000.000 ₫ on 15/01/2027.
  let loan = approvedLoan({ amountDong: 50_000_000n, start: d('2026-01-15'), termMonths: 12, intervalMonths: 6 })

  it('builds the schedule', () => {
    expect(loan.instalments.map((i) => [i.dueDate, i.principalDueDong])).toEqual([['2026-07-15', 25_000_000n], ['2026-01-15'.replace('2026', '2027'), 25_000_000n]])
  })

  it('disburses, then accrues daily interest rounded once with the remainder carried', () => {
    const t1 = run(loan, { type: 'disburse', date: d('2026-01-15'), amountDong: 50_000_000n, cashUnit: 9 })
    expect(byAccount(t1)).toEqual({ [IN_TERM]: 50_000_000n, 'cash|unit=9': -50_000_000n })
    // 15/01 → 15/02 is 31 days: 50.000.000 × 6,6% × 31 / 360 = 284.166,67 → 284.166 ₫, 2/3 đồng carried.
    const t2 = run(t1.next, { type: 'accrue', date: d('2026-02-15') })
    expect(t2.next.interestDong).toBe(284_166n)
    expect(t2.next.interestCarry * 3n).toBe(2n * D)
    // The borrower pays the month's interest at the transaction day.
    const t3 = run(t2.next, { type: 'repay', date: d('2026-02-15'), amountDong: 284_166n, cashUnit: 9 })
    expect(t3.next.interestDong).toBe(0n)
    // 15/02 → 15/03 is 28 days: 256.666,67 + 0,67 carried = 256.667,33 → 256.667 ₫, 1/3 carried.
    const t4 = run(t3.next, { type: 'accrue', date: d('2026-03-15') })
    expect(t4.next.interestDong).toBe(256_667n)
    expect(t4.next.interestCarry * 3n).toBe(D)
    loan = run(t4.next, { type: 'repay', date: d('2026-03-15'), amountDong: 256_667n, cashUnit: 9 }).next
  })

  it('moves only the missed instalment overdue, which then bears 130% interest', () => {
    // 15/03 → 16/07 is 123 days on 50.000.000 ₫: exactly 1.127.500 ₫ (+ 1/3 carried, still below a đồng).
    const t = run(loan, { type: 'mark_overdue', date: d('2026-07-16') })
    expect(t.next.interestDong).toBe(1_127_500n)
    expect(t.next.principalOverdueDong).toBe(25_000_000n)
    expect(t.next.principalInTermDong).toBe(25_000_000n)
    expect(t.next.instalments.map((i) => i.status)).toEqual(['overdue', 'pending'])
    expect(byAccount(t)[OVERDUE]).toBe(25_000_000n)
    // 16/07 → 16/08 is 31 days. In-term 25.000.000 × 6,6% × 31/360 = 142.083,33 + 1/3 carried = 142.083,67 → 142.083 ₫.
    // Overdue 25.000.000 × 6,6% × 130% × 31/360 = 184.708,33 → 184.708 ₫.
    const a = run(t.next, { type: 'accrue', date: d('2026-08-16') })
    expect(a.next.interestDong - t.next.interestDong).toBe(142_083n)
    expect(a.next.overdueInterestDong).toBe(184_708n)
    loan = a.next
  })

  it('extends the second instalment within the limit, and refuses a longer one', () => {
    // A 12-month loan is short-term: up to 12 months of extension.
    expect(applyLoanEvent(loan, { type: 'extend', date: d('2026-08-16'), seq: 2, newDueDate: d('2028-02-15') }, POOR_CONTEXT)).toMatchObject({ ok: false, code: 'extension_too_long' })
    expect(applyLoanEvent(loan, { type: 'extend', date: d('2026-08-16'), seq: 1, newDueDate: d('2027-01-15') }, POOR_CONTEXT)).toMatchObject({ ok: false, code: 'instalment_not_extendable' })
    const t = run(loan, { type: 'extend', date: d('2026-08-16'), seq: 2, newDueDate: d('2027-07-15') })
    expect(t.next.instalments[1]?.extendedTo).toBe('2027-07-15')
    loan = t.next
  })

  it('freezes: principal moves to frozen and no interest accrues while the freeze holds', () => {
    const t = run(loan, { type: 'freeze', date: d('2026-09-16'), decisionNumber: 'QĐ 12/2026/QĐ-NHCS', to: d('2027-09-16'), freezePrincipal: true })
    // 16/08 → 16/09 (31 days) accrued first: 142.083 ₫ normal (carry 2/3 → +0,67 = 142.084,0 → 142.084) and 184.708 ₫ overdue (+ 1/3 carry → 184.708,67 → 184.708).
    expect(t.next.principalFrozenDong).toBe(50_000_000n)
    expect(byAccount(t)[FROZEN]).toBe(50_000_000n)
    const later = run(t.next, { type: 'accrue', date: d('2026-12-16') })
    expect(later.entries).toEqual([])
    expect(later.next.interestDong).toBe(t.next.interestDong)
    loan = later.next
  })

  it('writes off part of the principal and all overdue interest, funded by the risk reserve', () => {
    const overdueInterest = loan.overdueInterestDong
    const t = run(loan, { type: 'write_off', date: d('2026-12-16'), principalDong: 10_000_000n, interestDong: overdueInterest })
    expect(t.next.principalFrozenDong).toBe(40_000_000n)
    expect(t.next.overdueInterestDong).toBe(0n)
    expect(byAccount(t)).toMatchObject({ [FROZEN]: -10_000_000n, 'risk_reserve|capitalSource=CENTRAL': 10_000_000n, [OVERDUE_INTEREST]: -overdueInterest })
    expect(t.next.writtenOffPrincipalDong).toBe(10_000_000n)
  })
})

describe('a social-housing loan repriced from 6,6% to 5,4% on 10/10/2025', () => {
  it('accrues at the old rate before the date and the new one from it', () => {
    const context = { ...POOR_CONTEXT, terms: { ...POOR_CONTEXT.terms, programCode: 'SOCIAL_HOUSING', termMonths: 300 }, rates: [{ from: d('2024-01-01'), yearlyMicros: 66_000n }, { from: d('2025-10-10'), yearlyMicros: 54_000n }] }
    let loan = approvedLoan({ amountDong: 600_000_000n, start: d('2025-09-10'), termMonths: 300, intervalMonths: 12, graceMonths: 12, monthlyDay: 10 })
    const disbursed = applyLoanEvent(loan, { type: 'disburse', date: d('2025-09-10'), amountDong: 600_000_000n, cashUnit: 3 }, context)
    if (!disbursed.ok) throw new Error(disbursed.code)
    loan = disbursed.value.next
    const accrued = applyLoanEvent(loan, { type: 'accrue', date: d('2025-11-10') }, context)
    if (!accrued.ok) throw new Error(accrued.code)
    // 10/09 → 10/10: 30 days × 600.000.000 × 6,6% / 360 = 3.300.000 ₫.
    // 10/10 → 10/11: 31 days × 600.000.000 × 5,4% / 360 = 2.790.000 ₫. Total 6.090.000 ₫, no remainder.
    expect(accrued.value.next.interestDong).toBe(6_090_000n)
    expect(accrued.value.next.interestCarry).toBe(0n)
  })
})

describe('a student loan disbursed in 8 tranches', () => {
  it('accrues on each tranche from its own day, and refuses a ninth', () => {
    // 4.000.000 ₫ a month of study, paid per semester: 8 tranches of 20.000.000 ₫, 05/09/2026 … 05/02/2030.
    let loan = approvedLoan({ amountDong: 160_000_000n, start: d('2026-09-05'), termMonths: 108, graceMonths: 60, intervalMonths: 6, monthlyDay: 5 })
    for (let k = 0; k < 8; k++) {
      const date = d(`${2026 + Math.floor((k + 1) / 2)}-${k % 2 === 0 ? '09' : '02'}-05`)
      loan = run(loan, { type: 'disburse', date, amountDong: 20_000_000n, cashUnit: 4 }).next
    }
    expect(loan.disbursedDong).toBe(160_000_000n)
    expect(loan.principalInTermDong).toBe(160_000_000n)
    // Days each tranche was outstanding up to 05/02/2030: 1249, 1096, 884, 731, 518, 365, 153, 0 = 4996 tranche-days.
    // Interest = 20.000.000 × 4996 × 6,6% / 360 = 18.318.666,67 → 18.318.666 ₫ with 2/3 đồng carried.
    expect(loan.interestDong).toBe(18_318_666n)
    expect(loan.interestCarry * 3n).toBe(2n * D)
    // Repayment starts after graduation and the grace period: 8 half-yearly instalments of 20.000.000 ₫ from 05/03/2032.
    expect(loan.instalments).toHaveLength(8)
    expect(loan.instalments[0]?.dueDate).toBe('2032-03-05')
    const refused = applyLoanEvent(loan, { type: 'disburse', date: d('2030-09-05'), amountDong: 1n, cashUnit: 4 }, POOR_CONTEXT)
    expect(refused).toMatchObject({ ok: false, code: 'disbursement_exceeds_approved' })
  })
})

describe('the transition function for every (status, event) pair', () => {
  const base = approvedLoan({ amountDong: 10_000_000n, start: d('2026-01-05'), termMonths: 12, intervalMonths: 12, monthlyDay: 5 })
  const active = run(base, { type: 'disburse', date: d('2026-01-05'), amountDong: 5_000_000n, cashUnit: 1 }).next
  const frozen = run(active, { type: 'freeze', date: d('2026-02-05'), decisionNumber: 'QĐ 1', to: d('2027-02-05'), freezePrincipal: true }).next
  const closed: LoanState = { ...active, status: 'closed', approvedDong: 0n, disbursedDong: 0n, principalInTermDong: 0n, instalments: [] }
  const states: Record<string, LoanState> = { approved: base, active, frozen, closed }
  const when = d('2026-03-05')
  const events: Record<string, LoanEvent> = {
    disburse: { type: 'disburse', date: when, amountDong: 1_000_000n, cashUnit: 1 },
    accrue: { type: 'accrue', date: when },
    repay: { type: 'repay', date: when, amountDong: 1_000n, cashUnit: 1 },
    mark_overdue: { type: 'mark_overdue', date: when },
    extend: { type: 'extend', date: when, seq: 1, newDueDate: d('2027-03-05') },
    adjust_term: { type: 'adjust_term', date: when, seq: 1, newDueDate: d('2026-12-05') },
    freeze: { type: 'freeze', date: when, decisionNumber: 'QĐ 2', to: d('2027-03-05'), freezePrincipal: true },
    unfreeze: { type: 'unfreeze', date: when },
    write_off: { type: 'write_off', date: when, principalDong: 1_000n, interestDong: 0n },
    recall: { type: 'recall', date: when },
    cancel_undisbursed: { type: 'cancel_undisbursed', date: when },
  }
  const expected: Record<string, Record<string, string>> = {
    approved: { disburse: 'ok', accrue: 'ok', repay: 'loan_not_disbursed', mark_overdue: 'ok', extend: 'loan_not_disbursed', adjust_term: 'ok', freeze: 'loan_not_disbursed', unfreeze: 'loan_not_frozen', write_off: 'loan_not_disbursed', recall: 'loan_not_disbursed', cancel_undisbursed: 'ok' },
    active: { disburse: 'ok', accrue: 'ok', repay: 'ok', mark_overdue: 'ok', extend: 'ok', adjust_term: 'ok', freeze: 'ok', unfreeze: 'loan_not_frozen', write_off: 'ok', recall: 'ok', cancel_undisbursed: 'ok' },
    frozen: { disburse: 'loan_frozen', accrue: 'ok', repay: 'ok', mark_overdue: 'ok', extend: 'loan_frozen', adjust_term: 'loan_frozen', freeze: 'loan_already_frozen', unfreeze: 'ok', write_off: 'ok', recall: 'loan_frozen', cancel_undisbursed: 'loan_frozen' },
    closed: Object.fromEntries(LOAN_EVENT_TYPES.map((t) => [t, 'loan_closed'])),
  }
  for (const status of LOAN_STATUSES)
    for (const type of LOAN_EVENT_TYPES)
      it(`${status} + ${type} → ${expected[status]![type]}`, () => {
        const result = applyLoanEvent(states[status]!, events[type]!, POOR_CONTEXT)
        expect(result.ok ? 'ok' : result.code).toBe(expected[status]![type])
      })
})

describe('random sequences of lifecycle events (property)', () => {
  // Weighted so most events are accepted: money moves often, terminal events are rare.
  const eventArb = fc.oneof(
    { weight: 6, arbitrary: fc.record({ type: fc.constant('disburse' as const), amountDong: fc.bigInt({ min: 1n, max: 20_000_000n }) }) },
    { weight: 4, arbitrary: fc.record({ type: fc.constant('accrue' as const) }) },
    { weight: 10, arbitrary: fc.record({ type: fc.constant('repay' as const), amountDong: fc.bigInt({ min: 1n, max: 3_000_000n }) }) },
    { weight: 6, arbitrary: fc.record({ type: fc.constant('mark_overdue' as const) }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('extend' as const), seq: fc.integer({ min: 1, max: 4 }), months: fc.integer({ min: 1, max: 14 }) }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('freeze' as const), freezePrincipal: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('unfreeze' as const) }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('write_off' as const), principalDong: fc.bigInt({ min: 0n, max: 5_000_000n }), interestDong: fc.bigInt({ min: 0n, max: 200_000n }) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('recall' as const) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('cancel_undisbursed' as const) }) },
  )
  type RawEvent = typeof eventArb extends fc.Arbitrary<infer T> ? T : never
  const step = fc.tuple(eventArb, fc.integer({ min: 0, max: 62 }))

  it('never unbalances an entry, never goes negative, and balances always equal the postings', () => {
    let applied = 0
    let attempted = 0
    fc.assert(
      fc.property(fc.array(step, { minLength: 5, maxLength: 30 }), (steps) => {
        let date = d('2026-01-10')
        const approved = approvedLoan({ amountDong: 60_000_000n, start: date, termMonths: 24, intervalMonths: 6, monthlyDay: 10 })
        const first = run(approved, { type: 'disburse', date, amountDong: 20_000_000n, cashUnit: 1 })
        let state = first.next
        const postings: Posting[] = first.entries.flatMap((e) => e.postings)
        for (const [raw, gap] of steps) {
          date = d(new Date(Date.parse(date) + gap * 86_400_000).toISOString().slice(0, 10))
          const event = toEvent(raw, date)
          const result = applyLoanEvent(state, event, POOR_CONTEXT)
          attempted++
          if (!result.ok) continue
          applied++
          for (const entry of result.value.entries) {
            expect(balanceEntry({ kind: entry.kind, entryDate: date, provinceCode: null, description: '', postings: entry.postings }).ok).toBe(true)
            postings.push(...entry.postings)
          }
          state = result.value.next
        }
        const derived = (key: string) => postings.filter((p) => accountKey(p.account) === key).reduce((s, p) => s + p.amountDong, 0n)
        expect(derived(IN_TERM)).toBe(state.principalInTermDong)
        expect(derived(OVERDUE)).toBe(state.principalOverdueDong)
        expect(derived(FROZEN)).toBe(state.principalFrozenDong)
        expect(derived(INTEREST)).toBe(state.interestDong)
        expect(derived(OVERDUE_INTEREST)).toBe(state.overdueInterestDong)
      }),
      { numRuns: 10_000 },
    )
    // The sequences must mostly be accepted events, or the property would prove little.
    expect(applied).toBeGreaterThan(attempted / 2)
  })

  function toEvent(raw: RawEvent, date: LocalDate): LoanEvent {
    switch (raw.type) {
      case 'disburse': return { type: 'disburse', date, amountDong: raw.amountDong, cashUnit: 1 }
      case 'repay': return { type: 'repay', date, amountDong: raw.amountDong, cashUnit: 1 }
      case 'extend': return { type: 'extend', date, seq: raw.seq, newDueDate: d(new Date(Date.parse(date) + raw.months * 30 * 86_400_000).toISOString().slice(0, 10)) }
      case 'freeze': return { type: 'freeze', date, decisionNumber: 'QĐ', to: d(new Date(Date.parse(date) + 200 * 86_400_000).toISOString().slice(0, 10)), freezePrincipal: raw.freezePrincipal }
      case 'write_off': return { type: 'write_off', date, principalDong: raw.principalDong, interestDong: raw.interestDong }
      case 'accrue': case 'mark_overdue': case 'unfreeze': case 'recall': case 'cancel_undisbursed': return { type: raw.type, date }
    }
  }
})

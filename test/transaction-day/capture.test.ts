import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeGrades } from '../../src/app/groups/grades.js'
import { addNetworkRules } from '../../src/app/groups/rules.js'
import { verifyLedger } from '../../src/app/ledger.js'
import { systemContext } from '../../src/app/open-app.js'
import { NATIONAL_RULES } from '../../src/db/migrations/0013-network-groups.js'
import { closeMonth } from '../../src/jobs/close-month.js'
import { captureGroup, type CaptureRequest } from '../../src/app/transaction-day/capture.js'
import { reverseBatch } from '../../src/app/transaction-day/corrections.js'
import { closeTransactionDay, getTransactionDay, openTransactionDay, planTransactionDay, pointCalendar, rescheduleTransactionDay } from '../../src/app/transaction-day/days.js'
import { listRedFlags, reviewRedFlag } from '../../src/app/transaction-day/queries.js'
import { daySheet } from '../../src/app/transaction-day/sheet.js'
import type { CaptureLine } from '../../src/domain/network/index.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { dayFixture, type DayFixture } from '../support/transaction-day.js'

const line = (householdId: bigint, loanId: bigint | null, amounts: Partial<Omit<CaptureLine, 'householdId' | 'loanId'>> = {}): CaptureLine => ({
  householdId, loanId, interestDong: 0n, principalDong: 0n, savingsDepositDong: 0n, savingsWithdrawalDong: 0n, savingsToPrincipalDong: 0n, disbursedDong: 0n,
  recipientPersonId: null, memberPaidDong: null, ...amounts,
})
const remitted = (lines: readonly CaptureLine[]) => lines.reduce((s, l) => s + l.interestDong + l.savingsDepositDong, 0n)

for (const backend of BACKENDS) {
  describe(`${backend}: capturing a transaction day`, () => {
    let app: TestApp
    let f: DayFixture
    let g1: bigint
    let g2: bigint
    const members = (g: bigint) => f.members.get(g)!
    const counts = async () => ({
      batches: Number((await app.db.selectFrom('day_batches').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      postings: Number((await app.db.selectFrom('postings').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    })
    const capture = (request: CaptureRequest, dayId = f.dayId) => captureGroup(app.db, f.ctx.teller(), dayId, request)

    beforeAll(async () => {
      app = await openTestApp(backend)
      f = await dayFixture(app.db, 2, 3)
      ;[g1, g2] = f.groupIds as [bigint, bigint]
    })
    afterAll(() => app.dispose())

    it('plans each month on the point\'s day, moved off public holidays; an officer reschedules one with a reason', async () => {
      const calendar = await pointCalendar(app.db, f.ctx.teller(), f.groups.pointId, 2026)
      expect(calendar.find((c) => c.period === '2026-02')).toMatchObject({ heldOn: '2026-02-15', status: 'planned' })
      expect(calendar.find((c) => c.period === '2026-05')).toMatchObject({ heldOn: '2026-05-15', status: 'not_planned' })
      const april = await planTransactionDay(app.db, f.ctx.teller(), { pointId: f.groups.pointId, period: '2026-04' })
      await expect(planTransactionDay(app.db, f.ctx.teller(), { pointId: f.groups.pointId, period: '2026-04' })).rejects.toMatchObject({ code: 'transaction_day_exists' })
      await expect(rescheduleTransactionDay(app.db, f.ctx.teller(), april.id, { heldOn: '2026-04-20', reason: 'Hội trường bận' })).rejects.toMatchObject({ code: 'forbidden' })
      await expect(rescheduleTransactionDay(app.db, f.ctx.appraiser(), april.id, { heldOn: '2026-04-30', reason: 'Bầu cử' })).rejects.toMatchObject({ code: 'transaction_day_reschedule_invalid' })
      await expect(rescheduleTransactionDay(app.db, f.ctx.appraiser(), april.id, { heldOn: '2026-05-04', reason: 'Bầu cử' })).rejects.toMatchObject({ code: 'transaction_day_reschedule_invalid' })
      const moved = await rescheduleTransactionDay(app.db, f.ctx.appraiser(), april.id, { heldOn: '2026-04-20', reason: 'Hội trường dùng cho bầu cử' })
      expect(moved).toMatchObject({ scheduledOn: '2026-04-15', heldOn: '2026-04-20', rescheduleReason: 'Hội trường dùng cho bầu cử' })
    })

    it('refuses to capture before the day is opened', async () => {
      const [m] = members(g1)
      await expect(capture({ groupId: g1, remittedDong: 5_000n, collectedDong: null, lines: [line(m!.householdId, null, { savingsDepositDong: 5_000n })] }))
        .rejects.toMatchObject({ code: 'transaction_day_not_open' })
      const day = await openTransactionDay(app.db, f.ctx.teller(), f.dayId, { openingCashDong: 50_000_000n })
      expect(day.status).toBe('open')
    })

    it('refuses bad batches by name and writes nothing', async () => {
      const before = await counts()
      const [a, b] = members(g1) as [{ householdId: bigint; loanId: bigint }, { householdId: bigint; loanId: bigint }]
      const other = members(g2)[0]!
      const bad = async (request: CaptureRequest, code: string) => await expect(capture(request)).rejects.toMatchObject({ code })
      await bad({ groupId: g1, remittedDong: 100_000n, collectedDong: null, lines: [line(a.householdId, a.loanId, { interestDong: 90_000n })] }, 'remittance_breakdown_mismatch')
      await bad({ groupId: g1, remittedDong: 1_000n, collectedDong: null, lines: [line(a.householdId, null, { savingsDepositDong: 1_000n })] }, 'savings_deposit_below_minimum')
      await bad({ groupId: g1, remittedDong: 10_000n, collectedDong: null, lines: [line(other.householdId, other.loanId, { interestDong: 10_000n })] }, 'day_line_invalid')
      await bad({ groupId: g1, remittedDong: 0n, collectedDong: null, lines: [line(a.householdId, b.loanId, { principalDong: 10_000n })] }, 'day_line_invalid')
      await bad({ groupId: g1, remittedDong: 9_000_000n, collectedDong: null, lines: [line(a.householdId, a.loanId, { interestDong: 9_000_000n })] }, 'member_interest_exceeds_due')
      await bad({ groupId: g1, remittedDong: 0n, collectedDong: null, lines: [line(a.householdId, null, { savingsWithdrawalDong: 10_000n })] }, 'savings_insufficient')
      const stranger = await app.db.selectFrom('households').select('head_person_id').where('id', '=', other.householdId).executeTakeFirstOrThrow()
      await bad({ groupId: g1, remittedDong: 0n, collectedDong: null, lines: [line(a.householdId, a.loanId, { disbursedDong: 1_000n, recipientPersonId: stranger.head_person_id })] }, 'disbursement_recipient_not_borrower')
      await bad({ groupId: g1, remittedDong: 0n, collectedDong: null, lines: [line(a.householdId, a.loanId)] }, 'day_batch_empty')
      expect(await counts()).toEqual(before)
    })

    it('posts a group\'s batch through the loan engine, reconciles each member and flags the leader', async () => {
      const sheet = await daySheet(app.db, f.ctx.teller(), f.dayId)
      const due = new Map(sheet.groups.flatMap((g) => g.members.flatMap((m) => m.loans.map((l) => [l.loanId, l.interestDueDong + l.overdueInterestDueDong] as const))))
      const [a, b, c] = members(g1) as [{ householdId: bigint; loanId: bigint }, { householdId: bigint; loanId: bigint }, { householdId: bigint; loanId: bigint }]
      const lines = [
        line(a.householdId, a.loanId, { interestDong: due.get(a.loanId)!, savingsDepositDong: 100_000n, memberPaidDong: due.get(a.loanId)! + 100_000n }),
        line(b.householdId, b.loanId, { interestDong: due.get(b.loanId)!, principalDong: 1_000_000n, savingsDepositDong: 50_000n }),
        // The member says she paid her interest in full; the leader remitted 30.000 ₫ less.
        line(c.householdId, c.loanId, { interestDong: due.get(c.loanId)! - 30_000n, memberPaidDong: due.get(c.loanId)! }),
      ]
      const total = remitted(lines)
      // The leader's own list says she collected 200.000 ₫ more than she hands over.
      const result = await capture({ groupId: g1, remittedDong: total, collectedDong: total + 200_000n, lines })
      expect(result.lines.map((l) => l.reconciliation)).toEqual(['ok', 'ok', 'paid_not_remitted'])
      expect(result.lines[2]).toMatchObject({ notRemittedDong: 30_000n, arrearsDong: 30_000n })
      expect(result.flags.map((x) => [x.rule, x.amountDong])).toEqual([['leader_remittance_shortfall', 200_000n], ['member_paid_not_remitted', 30_000n]])
      const loanB = await app.db.selectFrom('loans').selectAll().where('id', '=', b.loanId).executeTakeFirstOrThrow()
      expect(loanB.principal_in_term_dong).toBe(9_000_000n)
      expect(loanB.interest_dong).toBe(0n)
      const loanC = await app.db.selectFrom('loans').selectAll().where('id', '=', c.loanId).executeTakeFirstOrThrow()
      expect(loanC.interest_dong).toBe(30_000n)
      const savings = await app.db.selectFrom('savings_movements').select(['household_id', 'amount_dong']).where('batch_id', '=', result.batchId).orderBy('household_id').execute()
      expect(savings.map((s) => s.amount_dong)).toEqual([100_000n, 50_000n])
      const flags = await listRedFlags(app.db, f.ctx.teller(), { transactionDayId: f.dayId, limit: 10 })
      expect(flags).toHaveLength(2)
      expect(flags.find((x) => x.rule === 'leader_remittance_shortfall')?.evidence).toMatchObject({ collectedDong: (total + 200_000n).toString(), remittedDong: total.toString() })
      await expect(capture({ groupId: g1, remittedDong: 5_000n, collectedDong: null, lines: [line(a.householdId, null, { savingsDepositDong: 5_000n })] })).rejects.toMatchObject({ code: 'day_batch_exists' })
      expect((await verifyLedger(app.db)).differences).toEqual([])
    })

    it('balances the cash book before the day closes, then locks the day', async () => {
      const day = await getTransactionDay(app.db, f.ctx.teller(), f.dayId)
      const book = day.cashBook!
      expect(book.openingDong).toBe(50_000_000n)
      expect(book.closingDong).toBe(book.openingDong + book.inDong - book.outDong)
      await expect(closeTransactionDay(app.db, f.ctx.teller(), f.dayId, { countedCashDong: book.closingDong - 10_000n })).rejects.toMatchObject({ code: 'cash_book_unbalanced', details: { differenceDong: '-10000' } })
      const closed = await closeTransactionDay(app.db, f.ctx.teller(), f.dayId, { countedCashDong: book.closingDong })
      expect(closed.status).toBe('closed')
      const [m] = members(g2)
      await expect(capture({ groupId: g2, remittedDong: 5_000n, collectedDong: null, lines: [line(m!.householdId, null, { savingsDepositDong: 5_000n })] })).rejects.toMatchObject({ code: 'transaction_day_closed' })
    })

    it('uses a member\'s savings to repay principal on the next day', async () => {
      const march = await planTransactionDay(app.db, f.ctx.teller(), { pointId: f.groups.pointId, period: '2026-03' })
      await openTransactionDay(app.db, f.ctx.teller(), march.id, { openingCashDong: 0n })
      const a = members(g1)[0]!
      const before = await app.db.selectFrom('loans').select('principal_in_term_dong').where('id', '=', a.loanId).executeTakeFirstOrThrow()
      const result = await capture({ groupId: g1, remittedDong: 0n, collectedDong: null, lines: [line(a.householdId, a.loanId, { savingsToPrincipalDong: 100_000n })] }, march.id)
      expect(result.flags).toEqual([])
      const after = await app.db.selectFrom('loans').select(['principal_in_term_dong', 'interest_dong']).where('id', '=', a.loanId).executeTakeFirstOrThrow()
      // The program's allocation order takes the interest accrued since February first, then principal.
      const interestPaid = 100_000n - (before.principal_in_term_dong - after.principal_in_term_dong)
      expect(interestPaid).toBeGreaterThan(0n)
      expect(after.interest_dong).toBe(0n)
      const balance = await app.db.selectFrom('savings_movements').select((eb) => eb.fn.sum<bigint>('amount_dong').as('s')).where('household_id', '=', a.householdId).executeTakeFirstOrThrow()
      expect(BigInt(balance.s)).toBe(0n)
      const day = await getTransactionDay(app.db, f.ctx.teller(), march.id)
      // Savings paid out and taken back in as a repayment: the cash in hand does not change.
      expect(day.cashBook!.closingDong).toBe(0n)
      await closeTransactionDay(app.db, f.ctx.teller(), march.id, { countedCashDong: 0n })
      expect((await verifyLedger(app.db)).differences).toEqual([])
    })

    it('corrects a closed day\'s batch only by reversing entries with a reason, when nothing moved since', async () => {
      const batch = await app.db.selectFrom('day_batches').select(['id']).where('transaction_day_id', '=', f.dayId).where('group_id', '=', g1).executeTakeFirstOrThrow()
      // Member a's loan moved in March: the February batch can no longer be reversed whole.
      await expect(reverseBatch(app.db, f.ctx.appraiser(), batch.id, 'Nhập sai số tiền')).rejects.toMatchObject({ code: 'day_batch_reversal_blocked' })
      await expect(reverseBatch(app.db, f.ctx.teller(), batch.id, 'Nhập sai số tiền')).rejects.toMatchObject({ code: 'forbidden' })
    })

    it('reverses a batch: loans back to what the batch found, savings back, the ledger still verifies', async () => {
      const april = await app.db.selectFrom('transaction_days').select('id').where('period', '=', '2026-04').executeTakeFirstOrThrow()
      await openTransactionDay(app.db, f.ctx.teller(), april.id, { openingCashDong: 1_000_000n })
      const m = members(g2)[1]!
      const before = await app.db.selectFrom('loans').selectAll().where('id', '=', m.loanId).executeTakeFirstOrThrow()
      const lines = [line(m.householdId, m.loanId, { principalDong: 500_000n, savingsDepositDong: 20_000n })]
      const posted = await capture({ groupId: g2, remittedDong: 20_000n, collectedDong: null, lines }, april.id)
      const reversed = await reverseBatch(app.db, f.ctx.appraiser(new Date('2026-04-21T03:00:00Z')), posted.batchId, 'Ghi nhầm tổ')
      expect(reversed.entryIds).toHaveLength(posted.entryIds.length)
      const after = await app.db.selectFrom('loans').selectAll().where('id', '=', m.loanId).executeTakeFirstOrThrow()
      expect({ ...after, version: 0 }).toEqual({ ...before, version: 0 })
      await expect(reverseBatch(app.db, f.ctx.appraiser(new Date('2026-04-21T03:00:00Z')), posted.batchId, 'Lần hai')).rejects.toMatchObject({ code: 'day_batch_already_reversed' })
      // The group may be captured again once its batch is reversed.
      await capture({ groupId: g2, remittedDong: 20_000n, collectedDong: null, lines: [line(m.householdId, null, { savingsDepositDong: 20_000n })] }, april.id)
      expect((await verifyLedger(app.db)).differences).toEqual([])
    })

    it('takes a flag through review; a dismissal needs a reason and is audited', async () => {
      const [flag] = await listRedFlags(app.db, f.ctx.appraiser(), { rule: 'member_paid_not_remitted', limit: 1 })
      await expect(reviewRedFlag(app.db, f.ctx.appraiser(), flag!.id, { status: 'dismissed' })).rejects.toMatchObject({ code: 'red_flag_transition_invalid' })
      await reviewRedFlag(app.db, f.ctx.appraiser(), flag!.id, { status: 'under_review' })
      const done = await reviewRedFlag(app.db, f.ctx.appraiser(), flag!.id, { status: 'dismissed', resolution: 'Thành viên nhớ nhầm, đã đối chiếu sổ' })
      expect(done.status).toBe('dismissed')
      const audit = await app.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'red_flag').where('entity_id', '=', flag!.id.toString()).orderBy('id').execute()
      expect(audit.map((a) => a.action)).toEqual(['red_flag.under_review', 'red_flag.dismissed'])
    })

    it('grades a group\'s interest collection from its transaction day', async () => {
      await computeGrades(app.db, f.ctx.appraiser(), { period: '2026-02' })
      const grades = await app.db.selectFrom('group_grades').select(['group_id', 'factors']).where('period', '=', '2026-02').orderBy('group_id').execute()
      const rate = (g: bigint) => (grades.find((x) => x.group_id === g)!.factors as Record<string, { valueMicros: string | null; interestDueDong?: string; interestCollectedDong?: string }>).interestCollectionRate!
      // Group 1 paid all its interest but member c's 30.000 ₫; group 2 was not captured in February.
      const g1Rate = rate(g1)
      expect(BigInt(g1Rate.interestDueDong!) - BigInt(g1Rate.interestCollectedDong!)).toBe(30_000n)
      expect(Number(g1Rate.valueMicros)).toBeLessThan(1_000_000)
      expect(rate(g2).valueMicros).toBeNull()
    })

    it('credits interest on savings at month-end when the province\'s rules pay it', async () => {
      // Lạng Sơn pays 0,2 %/month on group savings from April 2026.
      await addNetworkRules(app.db, systemContext('test-rules'), {
        provinceCode: '20', validFrom: '2026-04-01', legalBasis: 'QĐ 12/2026/QĐ-UBND (thử nghiệm)', rules: { ...NATIONAL_RULES, savings: { minDepositDong: '5000', interestMonthlyMicros: '2000' } },
      })
      for (const period of ['2026-02', '2026-03', '2026-04']) await closeMonth(app.db, f.ctx.branch(), period)
      const interest = await app.db.selectFrom('savings_movements').select(['household_id', 'amount_dong', 'movement_date']).where('kind', '=', 'interest').orderBy('household_id').execute()
      // At 30/04: member b of group 1 holds 50.000 ₫ → 100 ₫; member 2 of group 2 holds 20.000 ₫ → 40 ₫;
      // member a used her 100.000 ₫ for principal in March. February and March paid nothing.
      expect(interest.map((r) => [r.household_id, r.amount_dong, r.movement_date])).toEqual([
        [members(g1)[1]!.householdId, 100n, '2026-04-30'], [members(g2)[1]!.householdId, 40n, '2026-04-30'],
      ])
      expect((await verifyLedger(app.db)).differences).toEqual([])
    })

    it('refuses to capture on an open day whose month was closed since, savings included', async () => {
      const april = await app.db.selectFrom('transaction_days').select('id').where('period', '=', '2026-04').executeTakeFirstOrThrow()
      const m = members(g1)[2]!
      await expect(capture({ groupId: g1, remittedDong: 5_000n, collectedDong: null, lines: [line(m.householdId, null, { savingsDepositDong: 5_000n })] }, april.id))
        .rejects.toMatchObject({ code: 'transaction_day_in_closed_period' })
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyLedger } from '../../src/app/ledger.js'
import { loanContext, runLoanEvent } from '../../src/app/loans/loan-events.js'
import { loadInstalments, stateOf } from '../../src/db/repositories/loans.js'
import { applyLoanEvent, effectiveDueDate, type LoanState } from '../../src/domain/loans/index.js'
import { addDays, compareDates, type LocalDate } from '../../src/domain/shared/index.js'
import { closeMonth } from '../../src/jobs/close-month.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

const d = (s: string) => s as LocalDate

for (const backend of BACKENDS) {
  describe(`${backend}: month-end close`, () => {
    let app: TestApp
    let commune = 0
    let ctx: LendingFixture['ctx']
    let openLoan: LendingFixture['openLoan']

    async function loadState(id: bigint): Promise<LoanState> {
      const row = await app.db.selectFrom('loans').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
      return stateOf(row, await loadInstalments(app.db, id))
    }

    /** What the engine would do at month-end, loan by loan: each due date's overdue move, then accrual. */
    async function expectedAfterClose(id: bigint, until: LocalDate): Promise<LoanState> {
      let state = await loadState(id)
      const row = await app.db.selectFrom('loans').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
      const context = await loanContext(app.db, row)
      const cuts = [...new Set(state.instalments.filter((i) => i.status === 'pending' && compareDates(effectiveDueDate(i), until) < 0).map((i) => addDays(effectiveDueDate(i), 1)))].sort()
      for (const cut of cuts) {
        const at = compareDates(cut, state.accruedUntil!) < 0 ? state.accruedUntil! : cut
        const r = applyLoanEvent(state, { type: 'mark_overdue', date: at }, context)
        if (!r.ok) throw new Error(r.code)
        state = r.value.next
      }
      const r = applyLoanEvent(state, { type: 'accrue', date: until }, context)
      if (!r.ok) throw new Error(r.code)
      return r.value.next
    }

    beforeAll(async () => {
      app = await openTestApp(backend)
      const fixture = await lendingFixture(app.db)
      ;({ commune, ctx, openLoan } = fixture)
    })
    afterAll(() => app.dispose())

    it('accrues, moves due instalments overdue and snapshots exactly as the engine would, once', async () => {
      // In term all month; one instalment due inside the month and unpaid; one already overdue;
      // a frozen loan; a social-housing loan crossing its repricing on 10/10/2025.
      const inTerm = await openLoan('poor', 'POOR', 50_000_000n, '2025-09-15', 24, 12)
      const dueInMonth = await openLoan('poor', 'POOR', 40_000_000n, '2025-04-10', 12, 6)
      const alreadyOverdue = await openLoan('poor', 'POOR', 30_000_000n, '2025-03-05', 12, 6)
      await runLoanEvent(app.db, ctx.appraiser(), alreadyOverdue, { type: 'mark_overdue', date: d('2025-09-16') })
      const frozen = await openLoan('poor', 'POOR', 20_000_000n, '2025-06-20', 24, 12)
      await runLoanEvent(app.db, ctx.appraiser(), frozen, { type: 'freeze', date: d('2025-09-20'), decisionNumber: 'QĐ 5/2025', to: d('2026-09-20'), freezePrincipal: true })
      const housing = await openLoan('not_poor', 'SOCIAL_HOUSING', 600_000_000n, '2025-09-25', 300, 1, { contractPriceDong: 900_000_000n })
      const loans = [inTerm, dueInMonth, alreadyOverdue, frozen, housing]

      const until = d('2025-11-01')
      const expected = await Promise.all(loans.map((id) => expectedAfterClose(id, until)))
      const report = await closeMonth(app.db, ctx.appraiser(), '2025-10')
      expect(report.alreadyClosed).toBe(false)
      expect(report.loansAccrued).toBe(5)
      // Falling due in October: 20.000.000 ₫ (15/10) of the 40-million loan and the first monthly
      // 2.000.000 ₫ (15/10) of the social-housing loan. The 30-million loan's was moved in September.
      expect(report.principalMovedOverdueDong).toBe(22_000_000n)

      for (const [k, id] of loans.entries()) {
        const actual = await loadState(id)
        const want = expected[k]!
        expect({ id, inTerm: actual.principalInTermDong, overdue: actual.principalOverdueDong, frozen: actual.principalFrozenDong, interest: actual.interestDong, overdueInterest: actual.overdueInterestDong, carry: actual.interestCarry, overdueCarry: actual.overdueInterestCarry, accruedUntil: actual.accruedUntil, statuses: actual.instalments.map((i) => i.status) })
          .toEqual({ id, inTerm: want.principalInTermDong, overdue: want.principalOverdueDong, frozen: want.principalFrozenDong, interest: want.interestDong, overdueInterest: want.overdueInterestDong, carry: want.interestCarry, overdueCarry: want.overdueInterestCarry, accruedUntil: want.accruedUntil, statuses: want.instalments.map((i) => i.status) })
      }
      // Social housing, 600.000.000 ₫ from 25/09: 15 days at 6,6% (1.650.000 ₫), then repriced to 5,4%:
      // 6 days on 600 million (540.000 ₫) and, after the 2.000.000 ₫ due 15/10 fell overdue, 16 days on
      // 598 million (1.435.200 ₫) → 3.625.200 ₫; plus overdue interest 2.000.000 × 5,4% × 130% × 16/360 = 6.240 ₫.
      const housingState = await loadState(housing)
      expect(housingState.interestDong).toBe(3_625_200n)
      expect(housingState.overdueInterestDong).toBe(6_240n)
      const snapshots = await app.db.selectFrom('loan_snapshots').select('loan_id').where('period', '=', '2025-10').execute()
      expect(snapshots).toHaveLength(5)
      expect((await verifyLedger(app.db)).differences).toEqual([])

      const entries = await app.db.selectFrom('journal_entries').select((eb) => eb.fn.countAll<bigint>().as('n')).where('entry_date', '=', '2025-10-31').executeTakeFirstOrThrow()
      const again = await closeMonth(app.db, ctx.appraiser(), '2025-10')
      expect(again.alreadyClosed).toBe(true)
      const afterAgain = await app.db.selectFrom('journal_entries').select((eb) => eb.fn.countAll<bigint>().as('n')).where('entry_date', '=', '2025-10-31').executeTakeFirstOrThrow()
      expect(afterAgain.n).toBe(entries.n)
    })

    it('refuses an event dated inside a closed period and an earlier period after a later one', async () => {
      const loan = await app.db.selectFrom('loans').select('id').where('status', '=', 'active').executeTakeFirstOrThrow()
      await expect(runLoanEvent(app.db, ctx.teller(), loan.id, { type: 'repay', date: d('2025-10-31'), amountDong: 1n, cashUnit: commune })).rejects.toMatchObject({ code: 'period_closed' })
      await expect(closeMonth(app.db, ctx.appraiser(), '2025-09')).rejects.toMatchObject({ code: 'period_out_of_order' })
      const ok = await runLoanEvent(app.db, ctx.teller(), loan.id, { type: 'repay', date: d('2025-11-05'), amountDong: 1_000n, cashUnit: commune })
      expect(ok.status).toBe('active')
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createContract } from '../../src/app/groups/contracts.js'
import { verifyLedger } from '../../src/app/ledger.js'
import { captureGroup } from '../../src/app/transaction-day/capture.js'
import { closeTransactionDay, getTransactionDay, openTransactionDay, payFeesOnDay, planTransactionDay } from '../../src/app/transaction-day/days.js'
import { daySheet } from '../../src/app/transaction-day/sheet.js'
import type { CaptureLine } from '../../src/domain/network/index.js'
import { closeMonth } from '../../src/jobs/close-month.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { dayFixture, type DayFixture } from '../support/transaction-day.js'

// Every member holds 10.000.000 ₫ at the poor-household rate, 6,6 %/year on 30-day months,
// disbursed on 15/01/2026: by the February day (15/02, 31 days) each owes
// 10.000.000 × 6,6 % × 31 / 360 = 56.833,33 → 56.833 ₫ of interest.
const INTEREST_DUE = 56_833n
const DEPOSIT = 10_000n

const line = (householdId: bigint, loanId: bigint | null, amounts: Partial<CaptureLine>): CaptureLine => ({
  householdId, loanId, interestDong: 0n, principalDong: 0n, savingsDepositDong: 0n, savingsWithdrawalDong: 0n, savingsToPrincipalDong: 0n, disbursedDong: 0n,
  recipientPersonId: null, memberPaidDong: null, ...amounts,
})

for (const backend of BACKENDS) {
  describe(`${backend}: a full transaction day — one point, 5 groups of 40 members`, () => {
    let app: TestApp
    let f: DayFixture
    beforeAll(async () => {
      app = await openTestApp(backend)
      f = await dayFixture(app.db, 5, 40)
      const office = (await app.db.selectFrom('units').select('id').where('code', '=', 'PGD-CL').executeTakeFirstOrThrow()).id
      // 0,045 %/month on average outstanding and 2 % of interest collected to the Women's Union;
      // 8 % of the interest collected through each group to its board; no quality reductions.
      await createContract(app.db, f.ctx.branch(), {
        number: 'HĐUT-05/2026', bankUnitId: office, organisationUnitId: f.groups.organisationUnitId, signedOn: '2026-01-01', validFrom: '2026-01-01',
        communeUnitIds: [f.commune], programCodes: ['POOR'],
        feeTerms: { legalBasis: 'Hợp đồng ủy thác 05/2026', terms: { feeOnOutstandingMonthlyMicros: '450', feeOnInterestCollectedMicros: '20000', commissionOnInterestCollectedMicros: '80000' } },
      })
    }, 600_000)
    afterAll(() => app.dispose())

    it('January: the first member of group 1 saves 300.000 ₫', async () => {
      const jan = await planTransactionDay(app.db, f.ctx.teller(), { pointId: f.groups.pointId, period: '2026-01' })
      await openTransactionDay(app.db, f.ctx.teller(), jan.id, { openingCashDong: 0n })
      const first = f.members.get(f.groupIds[0]!)![0]!
      await captureGroup(app.db, f.ctx.teller(), jan.id, { groupId: f.groupIds[0]!, remittedDong: 300_000n, collectedDong: null, lines: [line(first.householdId, null, { savingsDepositDong: 300_000n })] })
      const closed = await closeTransactionDay(app.db, f.ctx.teller(), jan.id, { countedCashDong: 300_000n })
      expect(closed.cashBook).toMatchObject({ openingDong: 0n, inDong: 300_000n, outDong: 0n, closingDong: 300_000n })
    })

    it('February: 200 members pay their interest and save, one repays principal from savings, one leader keeps 150.000 ₫', async () => {
      await openTransactionDay(app.db, f.ctx.teller(), f.dayId, { openingCashDong: 5_000_000n })
      const sheet = await daySheet(app.db, f.ctx.teller(), f.dayId)
      expect(sheet.groups).toHaveLength(5)
      expect(sheet.groups.every((g) => g.members.length === 40)).toBe(true)
      expect(sheet.groups.flatMap((g) => g.members.flatMap((m) => m.loans.map((l) => l.interestDueDong)))).toEqual(Array(200).fill(INTEREST_DUE))
      for (const [index, groupId] of f.groupIds.entries()) {
        const lines = f.members.get(groupId)!.map((m, k) => line(m.householdId, m.loanId, {
          interestDong: INTEREST_DUE, savingsDepositDong: DEPOSIT, ...(index === 0 && k === 0 ? { savingsToPrincipalDong: 300_000n } : {}),
        }))
        const remitted = 40n * (INTEREST_DUE + DEPOSIT)
        const result = await captureGroup(app.db, f.ctx.teller(), f.dayId, { groupId, remittedDong: remitted, collectedDong: index === 2 ? remitted + 150_000n : remitted, lines })
        expect(result.lines.every((l) => l.reconciliation === 'ok')).toBe(true)
        expect(result.flags.map((x) => [x.rule, x.amountDong])).toEqual(index === 2 ? [['leader_remittance_shortfall', 150_000n]] : [])
      }
      const first = f.members.get(f.groupIds[0]!)![0]!
      const loan = await app.db.selectFrom('loans').select(['principal_in_term_dong', 'interest_dong']).where('id', '=', first.loanId).executeTakeFirstOrThrow()
      expect(loan).toEqual({ principal_in_term_dong: 9_700_000n, interest_dong: 0n })
      const savings = await app.db.selectFrom('savings_movements').select((eb) => eb.fn.sum<string>('amount_dong').as('s')).where('household_id', '=', first.householdId).executeTakeFirstOrThrow()
      expect(BigInt(savings.s)).toBe(DEPOSIT)

      // Cash: 5.000.000 opening + 200 × (56.833 + 10.000) collected; the 300.000 of savings paid out
      // and taken straight back as principal appear on both sides.
      const day = await getTransactionDay(app.db, f.ctx.teller(), f.dayId)
      expect(day.cashBook).toEqual({ openingDong: 5_000_000n, inDong: 13_366_600n + 300_000n, outDong: 300_000n, closingDong: 18_366_600n })
      await expect(closeTransactionDay(app.db, f.ctx.teller(), f.dayId, { countedCashDong: 18_216_600n })).rejects.toMatchObject({ code: 'cash_book_unbalanced' })
      expect((await closeTransactionDay(app.db, f.ctx.teller(), f.dayId, { countedCashDong: 18_366_600n })).status).toBe('closed')
      expect((await verifyLedger(app.db)).differences).toEqual([])
    })

    it('month-end accrues the commissions and the fee; the March day pays the commissions out', async () => {
      await closeMonth(app.db, f.ctx.branch(), '2026-02')
      const accruals = await app.db.selectFrom('fee_accruals').select(['id', 'payee_kind', 'payee_id', 'net_dong']).where('period', '=', '2026-02').orderBy('payee_kind').orderBy('payee_id').execute()
      // Each group collected 40 × 56.833 = 2.273.320 ₫ of interest: 8 % → 181.865,6 → 181.865 ₫.
      const commissions = accruals.filter((a) => a.payee_kind === 'group')
      expect(commissions.map((a) => a.net_dong)).toEqual(Array(5).fill(181_865n))
      // The organisation: outstanding 200 × 10.000.000 − 300.000 = 1.999.700.000 ₫ at the close and no
      // earlier snapshot, so the average is the same: × 0,045 % = 899.865 ₫; plus 2 % of the
      // 11.366.600 ₫ collected = 227.332 ₫; in all 1.127.197 ₫.
      expect(accruals.filter((a) => a.payee_kind === 'organisation_unit').map((a) => a.net_dong)).toEqual([1_127_197n])

      const march = await planTransactionDay(app.db, f.ctx.teller(), { pointId: f.groups.pointId, period: '2026-03' })
      await openTransactionDay(app.db, f.ctx.teller(), march.id, { openingCashDong: 1_000_000n })
      const sheet = await daySheet(app.db, f.ctx.teller(), march.id)
      expect(sheet.feesToPay.map((x) => x.netDong).sort()).toEqual([...Array(5).fill(181_865n), 1_127_197n].sort())
      const paid = await payFeesOnDay(app.db, f.ctx.teller(), march.id, commissions.map((a) => a.id))
      expect(paid.totalDong).toBe(909_325n)
      await expect(payFeesOnDay(app.db, f.ctx.teller(), march.id, [commissions[0]!.id])).rejects.toMatchObject({ code: 'fee_accrual_already_paid' })
      const day = await getTransactionDay(app.db, f.ctx.teller(), march.id)
      expect(day.cashBook).toEqual({ openingDong: 1_000_000n, inDong: 0n, outDong: 909_325n, closingDong: 90_675n })
      await closeTransactionDay(app.db, f.ctx.teller(), march.id, { countedCashDong: 90_675n })
      expect((await verifyLedger(app.db)).differences).toEqual([])
    })
  })
}

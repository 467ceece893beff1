import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { payFees } from '../../src/app/fees/payout.js'
import { feeStatement, listFeeAccruals } from '../../src/app/fees/statements.js'
import { createContract } from '../../src/app/groups/contracts.js'
import { verifyLedger } from '../../src/app/ledger.js'
import { runLoanEvent } from '../../src/app/loans/loan-events.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { accrueFees } from '../../src/jobs/accrue-fees.js'
import { closeMonth, parsePeriod } from '../../src/jobs/close-month.js'
import { Client, testApi } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

const d = (s: string) => s as LocalDate

// 0,045 %/month on the average outstanding and 2 % of interest collected to the organisation; 8 %
// of interest collected to each group board. Half is paid when the overdue ratio is above 2 %,
// 80 % when the interest collection rate is below 75 %; the smaller share wins.
const TERMS = {
  feeOnOutstandingMonthlyMicros: '450',
  feeOnInterestCollectedMicros: '20000',
  commissionOnInterestCollectedMicros: '80000',
  qualityReductions: [
    { factor: 'overdue_ratio', thresholdMicros: '20000', payShareMicros: '500000' },
    { factor: 'interest_collection_rate', thresholdMicros: '750000', payShareMicros: '800000' },
  ],
}

// The poor-household rate is 6,6 %/year on 30-day months: 36.000.000 ₫ earns 36.000.000 × 6,6 % / 360
// = 6.600 ₫ a day, 18.000.000 ₫ earns 3.300 ₫, and 18.000.000 ₫ overdue (130 %) 4.290 ₫.
for (const backend of BACKENDS) {
  describe(`${backend}: entrustment fees and group commissions`, () => {
    let app: TestApp
    let f: LendingFixture
    let office = 0
    let contractId = 0
    let groupA = 0n
    let groupB = 0n
    const accrualsOf = async (period: string) =>
      app.db.selectFrom('fee_accruals').select(['id', 'payee_kind', 'payee_id', 'gross_dong', 'net_dong', 'status', 'basis']).where('period', '=', period).orderBy('payee_kind', 'desc').orderBy('payee_id').execute()
    const balance = async (key: string) => (await app.db.selectFrom('ledger_accounts').select('balance_dong').where('key', '=', key).executeTakeFirst())?.balance_dong ?? 0n

    beforeAll(async () => {
      app = await openTestApp(backend)
      f = await lendingFixture(app.db)
      office = (await app.db.selectFrom('units').select('id').where('code', '=', 'PGD-CL').executeTakeFirstOrThrow()).id
      groupA = f.groupId
      groupB = await f.groups.newGroup('Tổ TK&VV thôn Nà Pàn')
      const contract = await createContract(app.db, f.ctx.branch(), {
        number: 'HĐUT-01/2025', bankUnitId: office, organisationUnitId: f.groups.organisationUnitId, signedOn: '2025-01-01', validFrom: '2025-01-01',
        communeUnitIds: [f.commune], programCodes: ['POOR'], feeTerms: { legalBasis: 'Hợp đồng ủy thác 01/2025', terms: TERMS },
      })
      contractId = contract.id
    })
    afterAll(() => app.dispose())

    it('accrues the organisation fee and each group commission exactly as computed by hand', async () => {
      // A1: 36.000.000 ₫ through group A from 15/09/2025, first instalment in 2026.
      const a1 = await f.openLoan('poor', 'POOR', 36_000_000n, '2025-09-15', 24, 12)
      // B1: 36.000.000 ₫ through group B from 15/04/2025; half (18.000.000 ₫) falls due on 15/10/2025.
      const b1 = await f.openLoan('poor', 'POOR', 36_000_000n, '2025-04-15', 12, 6, { groupId: groupB })

      // September: outstanding 72.000.000 ₫ at closing and no August snapshot, so the average is the
      // closing: 72.000.000 × 450 / 10⁶ = 32.400 ₫. Nothing collected: the collection rate is 0 < 75 %
      // → 80 %: 32.400 × 0,8 = 25.920 ₫. No commission (nothing collected).
      const september = await closeMonth(app.db, f.ctx.appraiser(), '2025-09')
      expect([september.feesAccrued, september.feesAccruedDong]).toEqual([1, 25_920n])
      expect((await accrualsOf('2025-09')).map((r) => [r.payee_kind, r.gross_dong, r.net_dong])).toEqual([['organisation_unit', 32_400n, 25_920n]])

      // 15/10: B1 pays 1.000.000 ₫, all of it interest (1.207.800 ₫ were due: 183 days × 6.600), and its
      // 18.000.000 ₫ instalment stays unpaid. 20/10: A2, 18.000.000 ₫ through group A. 25/10: A1 pays
      // 264.000 ₫, exactly its interest to date (40 days × 6.600).
      await runLoanEvent(app.db, f.ctx.teller(), b1, { type: 'repay', date: d('2025-10-15'), amountDong: 1_000_000n, cashUnit: f.commune })
      await f.openLoan('poor', 'POOR', 18_000_000n, '2025-10-20', 24, 12)
      await runLoanEvent(app.db, f.ctx.teller(), a1, { type: 'repay', date: d('2025-10-25'), amountDong: 264_000n, cashUnit: f.commune })
      const october = await closeMonth(app.db, f.ctx.appraiser(), '2025-10')

      // Interest receivable at 31/10 — A1: 7 days × 6.600 = 46.200; A2: 12 days × 3.300 = 39.600;
      // B1: 207.800 left + 1 day × 6.600 + 16 days × 3.300 = 267.200 normal, 16 days × 4.290 = 68.640 overdue.
      //
      // Group A (A1, A2): collected 264.000 → 264.000 × 8 % = 21.120. Overdue 0; collection
      // 264.000 / (264.000 + 85.800) = 754.716 ppm ≥ 750.000 → paid whole: 21.120.
      // Group B (B1): collected 1.000.000 → 80.000. Overdue 18.000.000 / 36.000.000 = 500.000 ppm > 2 % → ½;
      // collection 1.000.000 / (1.000.000 + 335.840) = 748.592 ppm < 75 % → 80 %; smallest ½ → 40.000.
      // Organisation: opening 72.000.000 (September), closing 90.000.000 → average 81.000.000;
      // 81.000.000 × 450 / 10⁶ = 36.450 + 1.264.000 × 2 % = 25.280 → 61.730 gross. Overdue
      // 18.000.000 / 90.000.000 = 200.000 ppm > 2 % → ½; collection 1.264.000 / (1.264.000 + 421.640)
      // = 749.863 ppm < 75 % → 80 %; smallest ½ → 30.865.
      const rows = await accrualsOf('2025-10')
      expect(rows.map((r) => [r.payee_kind, r.payee_id, r.gross_dong, r.net_dong])).toEqual([
        ['organisation_unit', BigInt(f.groups.organisationUnitId), 61_730n, 30_865n],
        ['group', groupA, 21_120n, 21_120n],
        ['group', groupB, 80_000n, 40_000n],
      ])
      expect([october.feesAccrued, october.feesAccruedDong]).toEqual([3, 91_985n])
      const b = rows[2]!.basis as { factors: unknown; reductions: { factor: string; triggered: boolean }[]; payShareMicros: string; figures: Record<string, unknown> }
      expect(b.factors).toEqual({ overdueRatioMicros: '500000', interestCollectionRateMicros: '748592' })
      expect(b.reductions.map((r) => [r.factor, r.triggered])).toEqual([['overdue_ratio', true], ['interest_collection_rate', true]])
      expect(b.payShareMicros).toBe('500000')
      expect(b.figures).toMatchObject({ loans: 1, closingOutstandingDong: '36000000', overduePrincipalDong: '18000000', interestCollectedDong: '1000000', interestReceivableDong: '335840' })
      const org = rows[0]!.basis as { figures: Record<string, unknown>; averageOutstandingDong: string }
      expect(org.figures).toMatchObject({ loans: 3, openingOutstandingDong: '72000000', closingOutstandingDong: '90000000', interestReceivableDong: '421640' })
      expect(org.averageOutstandingDong).toBe('81000000')

      // One entry per contract and month: fees_expense against fees_payable at the office.
      const entries = await app.db.selectFrom('journal_entries').select(['id', 'entry_date']).where('kind', '=', 'fees.accrual').orderBy('id').execute()
      expect(entries.map((e) => e.entry_date)).toEqual(['2025-09-30', '2025-10-31'])
      expect(await balance(`fees_payable|unit=${office}`)).toBe(-(25_920n + 91_985n))
      expect(await balance(`fees_expense|unit=${office}`)).toBe(25_920n + 91_985n)
      expect((await verifyLedger(app.db)).differences).toEqual([])
    })

    it('adds nothing when the month is closed again or the step runs again', async () => {
      const before = await app.db.selectFrom('fee_accruals').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
      expect((await closeMonth(app.db, f.ctx.appraiser(), '2025-10')).alreadyClosed).toBe(true)
      const period = parsePeriod('2025-10')
      if (!period.ok) throw new Error(period.code)
      const again = await app.db.transaction().execute((trx) => accrueFees(trx, f.ctx.appraiser(), period.value))
      expect(again.accruals).toBe(0)
      const after = await app.db.selectFrom('fee_accruals').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
      expect(after.n).toBe(before.n)
    })

    it('shows a statement per group and per organisation unit, within scope only', async () => {
      const statement = await feeStatement(app.db, f.ctx.appraiser(), { period: '2025-10', payeeKind: 'group', payeeId: groupB })
      expect(statement.totalNetDong).toBe(40_000n)
      expect(statement.accruals[0]!.lines.map((l) => [l.kind, l.resultDong])).toEqual([
        ['commission_on_interest_collected', '80000'], ['gross', '80000'], ['overdue_ratio', null], ['interest_collection_rate', null],
        ['overdue_ratio', null], ['interest_collection_rate', null], ['net', '40000'],
      ])
      const orgStatement = await feeStatement(app.db, f.ctx.branch(), { period: '2025-10', payeeKind: 'organisation_unit', payeeId: BigInt(f.groups.organisationUnitId) })
      expect(orgStatement.accruals[0]!.lines[0]).toMatchObject({ kind: 'average_outstanding', resultDong: '81000000' })
      // The teller's scope is the commune: the office's accruals are not there.
      expect((await listFeeAccruals(app.db, f.ctx.teller(), { period: '2025-10' })).total).toBe(0)
      await expect(feeStatement(app.db, f.ctx.teller(), { period: '2025-10', payeeKind: 'group', payeeId: groupB })).rejects.toMatchObject({ code: 'not_found' })
      expect((await listFeeAccruals(app.db, f.ctx.appraiser(), { period: '2025-10', contractId })).total).toBe(3)
    })

    it('pays accruals in cash once, and refuses to pay them twice', async () => {
      const ids = (await app.db.selectFrom('fee_accruals').select('id').orderBy('id').execute()).map((r) => r.id)
      const cashBefore = await balance(`cash|unit=${f.commune}`)
      // The commune's teller may pay payees of her commune, but not out of the office's cash.
      await expect(payFees(app.db, f.ctx.teller(), { accrualIds: ids, cashUnitId: office, date: d('2025-11-15') })).rejects.toMatchObject({ code: 'not_found' })
      await expect(payFees(app.db, f.ctx.appraiser(), { accrualIds: ids, cashUnitId: f.commune, date: d('2025-10-31') })).rejects.toMatchObject({ code: 'period_closed' })
      const paid = await payFees(app.db, f.ctx.appraiser(), { accrualIds: ids, cashUnitId: f.commune, date: d('2025-11-15') })
      expect(paid.totalDong).toBe(117_905n)
      expect(await balance(`cash|unit=${f.commune}`)).toBe(cashBefore - 117_905n)
      expect(await balance(`fees_payable|unit=${office}`)).toBe(0n)
      const rows = await app.db.selectFrom('fee_accruals').select(['status', 'paid_entry_id', 'paid_on']).execute()
      expect(rows.every((r) => r.status === 'paid' && r.paid_entry_id === paid.entryId && r.paid_on === '2025-11-15')).toBe(true)
      await expect(payFees(app.db, f.ctx.appraiser(), { accrualIds: [ids[0]!], cashUnitId: f.commune, date: d('2025-11-16') })).rejects.toMatchObject({ code: 'fee_accrual_already_paid' })
      expect((await verifyLedger(app.db)).differences).toEqual([])
    })

    it('serves accruals, statements and payouts over the API', async () => {
      const api = testApi(app)
      const officer = new Client(api)
      expect((await officer.login('appraiser', 'Fixture-pass-1')).status).toBe(200)
      const list = await officer.get('/api/v1/fee-accruals?period=2025-10')
      expect(list.status).toBe(200)
      expect(list.body.items.map((i: { netDong: string }) => i.netDong)).toEqual(['30865', '21120', '40000'])
      const statement = await officer.get(`/api/v1/fee-statements?period=2025-10&payeeKind=group&payeeId=${groupA}`)
      expect(statement.status).toBe(200)
      expect(statement.body.totalNetDong).toBe('21120')
      expect((await officer.get('/api/v1/fee-statements?period=2025-13&payeeKind=group&payeeId=1')).body.code).toBe('validation_failed')
      const xlsx = await api.request('/api/v1/fee-accruals.xlsx?period=2025-10', { headers: { cookie: officer.cookie } })
      expect(xlsx.status).toBe(200)
      expect(xlsx.headers.get('content-type')).toContain('spreadsheetml')
      const id = String(list.body.items[0].id)
      const body = { accrualIds: [id], cashUnitId: f.commune, date: '2025-11-20' }
      expect((await officer.post('/api/v1/fee-payouts', body)).body.code).toBe('idempotency_key_required')
      const twice = await officer.post('/api/v1/fee-payouts', body, { 'idempotency-key': 'fee-payout-0001' })
      expect(twice.status).toBe(409)
      expect(twice.body.code).toBe('fee_accrual_already_paid')
    })
  })
}

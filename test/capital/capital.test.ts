import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decideApproval } from '../../src/app/approvals.js'
import { amendAgreement, createLocalFund, listSources } from '../../src/app/capital/funds.js'
import { allocateCapital, recordContribution, recordReceipt, returnCapital } from '../../src/app/capital/movements.js'
import { fundBalance, fundStatement } from '../../src/app/capital/statement.js'
import { verifyLedger } from '../../src/app/ledger.js'
import { advanceApplication, submitApplication } from '../../src/app/loans/applications.js'
import { runLoanEvent } from '../../src/app/loans/loan-events.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { closeMonth } from '../../src/jobs/close-month.js'
import { fixtureHousehold } from '../support/actors.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

const d = (s: string) => s as LocalDate
const FUND = 'LS_BUDGET'
const AGREEMENT = {
  number: '01/2025/TTUT-UBND', signedOn: d('2024-12-20'), validFrom: d('2025-01-01'), legalBasis: 'Quyết định 123/QĐ-UBND tỉnh Lạng Sơn',
  programCodes: ['POOR'], localPovertyStandard: true, fundShareMicros: 500_000, reserveShareMicros: 200_000, bankFeeMicros: 300_000,
}

// The poor-household rate is 6,6 %/year on 30-day months: 60.000.000 ₫ earns 11.000 ₫ a day,
// 36.000.000 ₫ 6.600 ₫ and 18.000.000 ₫ 3.300 ₫. A month-end close accrues to the first day of the
// next month; a repayment accrues to its own day.
for (const backend of BACKENDS) {
  describe(`${backend}: capital sources and local funds`, () => {
    let app: TestApp
    let f: LendingFixture
    let province = 0
    let office = 0
    let n = 0
    const count = async (table: 'capital_movements' | 'journal_entries') =>
      Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    const balance = async (key: string) => (await app.db.selectFrom('ledger_accounts').select('balance_dong').where('key', '=', key).executeTakeFirst())?.balance_dong ?? 0n

    /** An application through the real workflow up to approval (not disbursed). */
    const approvedLoan = async (programCode: string, amountDong: bigint, date: string, termMonths: number, intervalMonths: number): Promise<bigint> => {
      const household = await fixtureHousehold(app.db, f.commune, `LF-${++n}`, 'poor', '2020-01-01')
      await f.groups.join(f.groupId, household)
      const id = await submitApplication(app.db, f.ctx.commune(), { householdId: household, programCode, purpose: 'Chăn nuôi', amountDong, termMonths, intervalMonths, channel: 'entrusted', applicationDate: d(date), capitalSource: FUND, groupId: f.groupId })
      await advanceApplication(app.db, f.ctx.org(), id, 'group_review')
      await advanceApplication(app.db, f.ctx.commune(), id, 'commune_confirm')
      const { approvalId } = await advanceApplication(app.db, f.ctx.appraiser(), id, 'submit_for_approval')
      await decideApproval(app.db, f.ctx.approver(), approvalId!, 'approved', null)
      return (await app.db.selectFrom('loans').select('id').where('application_id', '=', id).executeTakeFirstOrThrow()).id
    }
    const disburse = (loan: bigint, date: string, amountDong: bigint) => runLoanEvent(app.db, f.ctx.teller(), loan, { type: 'disburse', date: d(date), amountDong, cashUnit: f.commune })

    beforeAll(async () => {
      app = await openTestApp(backend)
      f = await lendingFixture(app.db)
      province = (await app.db.selectFrom('units').select('id').where('code', '=', '20').executeTakeFirstOrThrow()).id
      office = (await app.db.selectFrom('units').select('id').where('code', '=', 'PGD-CL').executeTakeFirstOrThrow()).id
    })
    afterAll(() => app.dispose())

    it('records a local fund with its owner and agreement, and refuses a split that does not sum to 100 %', async () => {
      await expect(createLocalFund(app.db, f.ctx.branch(), { code: FUND, nameVi: 'Vốn ngân sách tỉnh Lạng Sơn', nameEn: 'Lạng Sơn budget', ownerUnitId: province, agreement: { ...AGREEMENT, bankUnitId: province, bankFeeMicros: 300_001 } }))
        .rejects.toMatchObject({ code: 'capital_split_invalid' })
      const created = await createLocalFund(app.db, f.ctx.branch(), { code: FUND, nameVi: 'Vốn ngân sách tỉnh Lạng Sơn', nameEn: 'Lạng Sơn budget', ownerUnitId: province, agreement: { ...AGREEMENT, bankUnitId: province } })
      expect(created.agreement).toMatchObject({ version: 1, programCodes: ['POOR'], fundShareMicros: 500_000 })
      await expect(createLocalFund(app.db, f.ctx.branch(), { code: FUND, nameVi: 'x', nameEn: 'x', ownerUnitId: province, agreement: { ...AGREEMENT, bankUnitId: province } })).rejects.toMatchObject({ code: 'capital_source_exists' })
      const sources = await listSources(app.db, f.ctx.appraiser(), d('2025-06-01'))
      expect(sources.map((s) => [s.code, s.kind, s.agreement?.number ?? null])).toEqual([['CENTRAL', 'central', null], [FUND, 'local', AGREEMENT.number]])
    })

    it('receives the fund, allocates it branch → office → commune and refuses allocating more than the unit has, writing nothing', async () => {
      await recordReceipt(app.db, f.ctx.branch(), { capitalSource: FUND, amountDong: 1_000_000_000n, unitId: province, date: d('2025-01-05'), reference: 'UBND tỉnh chuyển vốn đợt 1' })
      await allocateCapital(app.db, f.ctx.branch(), { capitalSource: FUND, fromUnitId: province, toUnitId: office, amountDong: 600_000_000n, date: d('2025-01-10'), reference: 'Phân bổ PGD Cao Lộc' })
      await allocateCapital(app.db, f.ctx.branch(), { capitalSource: FUND, fromUnitId: office, toUnitId: f.commune, amountDong: 80_000_000n, date: d('2025-01-12'), reference: 'Phân bổ xã Cao Lộc' })
      const before = [await count('capital_movements'), await count('journal_entries')]
      await expect(allocateCapital(app.db, f.ctx.branch(), { capitalSource: FUND, fromUnitId: office, toUnitId: f.commune, amountDong: 520_000_001n, date: d('2025-01-13'), reference: 'Quá số vốn' }))
        .rejects.toMatchObject({ code: 'capital_allocation_exceeds_available', details: { availableDong: '520000000' } })
      await expect(allocateCapital(app.db, f.ctx.branch(), { capitalSource: FUND, fromUnitId: f.commune, toUnitId: office, amountDong: 1n, date: d('2025-01-13'), reference: 'Ngược' }))
        .rejects.toMatchObject({ code: 'capital_allocation_not_down' })
      await expect(returnCapital(app.db, f.ctx.branch(), { capitalSource: FUND, unitId: province, amountDong: 400_000_001n, date: d('2025-01-13'), reference: 'Quá' }))
        .rejects.toMatchObject({ code: 'capital_return_exceeds_available' })
      expect([await count('capital_movements'), await count('journal_entries')]).toEqual(before)
      const pools = await fundBalance(app.db, f.ctx.branch(), { source: FUND, date: d('2025-01-31') })
      expect(pools.pools.map((p) => [p.unitId, p.heldDong, p.availableDong])).toEqual([[province, 400_000_000n, 400_000_000n], [office, 520_000_000n, 520_000_000n], [f.commune, 80_000_000n, 80_000_000n]])
    })

    it('refuses an application of a program the agreement does not allow', async () => {
      const household = await fixtureHousehold(app.db, f.commune, 'LF-NP', 'poor', '2020-01-01')
      await f.groups.join(f.groupId, household)
      await expect(submitApplication(app.db, f.ctx.commune(), { householdId: household, programCode: 'STUDENT', purpose: 'Học', amountDong: 10_000_000n, termMonths: 60, channel: 'entrusted', applicationDate: d('2025-02-01'), capitalSource: FUND, groupId: f.groupId, studyMonths: 10 }))
        .rejects.toMatchObject({ code: 'capital_program_not_in_agreement' })
    })

    it('lends a year from the commune\'s pool, splits the interest at each close and states the fund to the đồng', async () => {
      // A: 60.000.000 ₫ from 15/02/2025, instalments in 2026 and 2027.
      const a = await approvedLoan('POOR', 60_000_000n, '2025-02-15', 24, 12)
      await disburse(a, '2025-02-15', 60_000_000n)
      await closeMonth(app.db, f.ctx.appraiser(), '2025-02')
      // B: 36.000.000 ₫ from 15/03: the commune holds 80.000.000 ₫ and has lent 60.000.000 ₫, so it is
      // refused although the fund as a whole has plenty; a top-up from the office lets it through.
      const b = await approvedLoan('POOR', 36_000_000n, '2025-03-14', 12, 6)
      await expect(disburse(b, '2025-03-15', 36_000_000n)).rejects.toMatchObject({ code: 'fund_insufficient', details: { unitId: f.commune, availableDong: '20000000' } })
      await allocateCapital(app.db, f.ctx.branch(), { capitalSource: FUND, fromUnitId: office, toUnitId: f.commune, amountDong: 100_000_000n, date: d('2025-03-15'), reference: 'Bổ sung vốn xã' })
      await disburse(b, '2025-03-15', 36_000_000n)
      for (const month of ['03', '04', '05', '06', '07', '08']) await closeMonth(app.db, f.ctx.appraiser(), `2025-${month}`)
      // 15/09: B pays its first instalment and 184 days of interest (15/03 → 15/09 × 6.600 ₫).
      await runLoanEvent(app.db, f.ctx.teller(), b, { type: 'repay', date: d('2025-09-15'), amountDong: 19_214_400n, cashUnit: f.commune })
      for (const month of ['09', '10', '11', '12']) await closeMonth(app.db, f.ctx.appraiser(), `2025-${month}`)

      // Interest earned each month (the net credit to interest income, by hand):
      const earned: Record<string, bigint> = {
        '2025-02': 14n * 11_000n, // A 15/02 → 01/03
        '2025-03': 31n * 11_000n + 17n * 6_600n, // B from 15/03
        '2025-04': 30n * 11_000n + 30n * 6_600n,
        '2025-05': 31n * 11_000n + 31n * 6_600n,
        '2025-06': 30n * 11_000n + 30n * 6_600n,
        '2025-07': 31n * 11_000n + 31n * 6_600n,
        '2025-08': 31n * 11_000n + 31n * 6_600n,
        '2025-09': 30n * 11_000n + 14n * 6_600n + 16n * 3_300n, // B's 18.000.000 ₫ left from 15/09
        '2025-10': 31n * 11_000n + 31n * 3_300n,
        '2025-11': 30n * 11_000n + 30n * 3_300n,
        '2025-12': 31n * 11_000n + 31n * 3_300n,
      }
      // 50 % back to the fund, 20 % to the risk reserve (floored), the bank's 30 % fee takes the rest.
      const expected = Object.entries(earned).map(([period, e]) => [period, e, (e * 5n) / 10n, (e * 2n) / 10n, e - (e * 5n) / 10n - (e * 2n) / 10n])
      const splits = await app.db.selectFrom('capital_interest_splits').select(['period', 'earned_dong', 'fund_dong', 'reserve_dong', 'fee_dong']).where('source_code', '=', FUND).orderBy('period').execute()
      expect(splits.map((s) => [s.period, s.earned_dong, s.fund_dong, s.reserve_dong, s.fee_dong])).toEqual(expected)
      expect(splits[1]).toMatchObject({ earned_dong: 453_200n, fund_dong: 226_600n, reserve_dong: 90_640n, fee_dong: 135_960n })
      const fundShare = expected.reduce((s, x) => s + (x[2] as bigint), 0n)
      const reserveShare = expected.reduce((s, x) => s + (x[3] as bigint), 0n)
      expect([fundShare, reserveShare]).toEqual([2_545_400n, 1_018_160n])
      expect(await balance(`risk_reserve|capitalSource=${FUND}`)).toBe(-1_018_160n)
      expect(await balance(`interest_income|program=POOR|capitalSource=${FUND}`)).toBe(-(5_090_800n - 2_545_400n - 1_018_160n))
      // The close stays idempotent: closing December again writes no second split.
      expect((await closeMonth(app.db, f.ctx.appraiser(), '2025-12')).alreadyClosed).toBe(true)
      expect(await app.db.selectFrom('capital_interest_splits').select('period').where('source_code', '=', FUND).execute()).toHaveLength(11)

      // 31/12: 200.000.000 ₫ returned to the province's budget from the branch's own pool.
      await returnCapital(app.db, f.ctx.branch(), { capitalSource: FUND, unitId: province, amountDong: 200_000_000n, date: d('2025-12-31'), reference: 'Hoàn trả ngân sách tỉnh' })

      // The branch's statement (its subtree = the whole fund) for 2025.
      const s = await fundStatement(app.db, f.ctx.branch(), { source: FUND, from: d('2025-01-01'), to: d('2025-12-31') })
      expect(s.opening).toEqual({ capitalDong: 0n, outstandingDong: 0n, balanceDong: 0n })
      expect(s.totals).toMatchObject({ received: 1_000_000_000n, interest_added: 2_545_400n, allocated_in: 0n, repaid: 18_000_000n, lent: 96_000_000n, allocated_out: 0n, returned: 200_000_000n })
      expect(s.closing).toEqual({ capitalDong: 802_545_400n, outstandingDong: 78_000_000n, balanceDong: 724_545_400n })
      expect([s.inDong, s.outDong]).toEqual([1_020_545_400n, 296_000_000n])
      expect(s.lines.filter((l) => l.category === 'lent').map((l) => [l.date, l.outDong])).toEqual([['2025-02-15', 60_000_000n], ['2025-03-15', 36_000_000n]])
      const entry = await app.db.selectFrom('journal_entries').select('kind').where('id', '=', s.lines.find((l) => l.category === 'repaid')!.entryId).executeTakeFirstOrThrow()
      expect(entry.kind).toBe('loan.repayment')

      // The commune's statement: what it was allocated, what it lent and collected.
      const c = await fundStatement(app.db, f.ctx.branch(), { source: FUND, unitId: f.commune, from: d('2025-01-01'), to: d('2025-12-31') })
      expect(c.totals).toMatchObject({ allocated_in: 180_000_000n, lent: 96_000_000n, repaid: 18_000_000n, received: 0n })
      expect(c.closing).toEqual({ capitalDong: 180_000_000n, outstandingDong: 78_000_000n, balanceDong: 102_000_000n })
      // And at a past date: 30/06 the commune had lent 96.000.000 ₫ of its 180.000.000 ₫.
      const june = await fundBalance(app.db, f.ctx.branch(), { source: FUND, unitId: f.commune, date: d('2025-06-30') })
      expect([june.capitalDong, june.outstandingDong, june.balanceDong]).toEqual([180_000_000n, 96_000_000n, 84_000_000n])
      // The office's subtree: allocated in from the branch, out to nobody outside it.
      const o = await fundStatement(app.db, f.ctx.branch(), { source: FUND, unitId: office, from: d('2025-01-01'), to: d('2025-12-31') })
      expect(o.totals).toMatchObject({ allocated_in: 600_000_000n, allocated_out: 0n })
      expect(o.closing.balanceDong).toBe(600_000_000n - 78_000_000n)

      expect((await verifyLedger(app.db)).differences).toEqual([])
    })

    it('refuses to disburse a program once an amended agreement no longer allows it', async () => {
      const c = await approvedLoan('POOR', 10_000_000n, '2025-12-20', 12, 6)
      const v2 = await amendAgreement(app.db, f.ctx.branch(), FUND, { ...AGREEMENT, number: '01/2025/TTUT-UBND-PL1', signedOn: d('2025-12-25'), validFrom: d('2026-01-01'), bankUnitId: province, programCodes: ['NEAR_POOR'] })
      expect(v2.version).toBe(2)
      await expect(amendAgreement(app.db, f.ctx.branch(), FUND, { ...AGREEMENT, validFrom: d('2025-06-01'), bankUnitId: province })).rejects.toMatchObject({ code: 'capital_agreement_date_invalid' })
      await expect(disburse(c, '2026-01-15', 10_000_000n)).rejects.toMatchObject({ code: 'capital_program_not_in_agreement' })
    })

    it('records mobilised contributions as capital of a named kind', async () => {
      await recordContribution(app.db, f.ctx.branch(), { capitalSource: FUND, amountDong: 50_000_000n, unitId: province, date: d('2026-01-20'), reference: 'Doanh nghiệp ủng hộ', contributorKind: 'firm', contributorName: 'Công ty CP Xi măng Đồng Bành' })
      const row = await app.db.selectFrom('capital_movements').select(['kind', 'capital_kind', 'contributor_kind']).where('kind', '=', 'contribution').executeTakeFirstOrThrow()
      expect(row).toEqual({ kind: 'contribution', capital_kind: 'contributions', contributor_kind: 'firm' })
      await expect(recordReceipt(app.db, f.ctx.branch(), { capitalSource: FUND, amountDong: 1n, unitId: province, date: d('2026-01-20'), reference: 'x', capitalKind: 'bonds' })).rejects.toMatchObject({ code: 'capital_kind_invalid' })
      expect((await verifyLedger(app.db)).ok).toBe(true)
    })

    it("qualifies a borrower by the province's own poverty standard when the fund's agreement says so, and by the national one otherwise", async () => {
      // Lạng Sơn's own standard (higher lines) classes a household poor that the national one does not.
      const national = await app.db.selectFrom('poverty_standards').selectAll().where('scope', '=', 'national').orderBy('valid_from').executeTakeFirstOrThrow()
      const local = await app.db.insertInto('poverty_standards').values({
        code: 'LS-2025', name_vi: 'Chuẩn nghèo tỉnh Lạng Sơn', name_en: 'Lạng Sơn standard', scope: 'local', province_code: '20', valid_from: '2025-01-01', valid_to: null,
        legal_basis: 'Nghị quyết HĐND tỉnh Lạng Sơn', rules: JSON.stringify(national.rules),
      }).returning('id').executeTakeFirstOrThrow()
      const household = await fixtureHousehold(app.db, f.commune, 'LF-LOCAL', 'not_poor', '2020-01-01')
      await app.db.insertInto('household_classes').values({ household_id: household, province_code: '20', class: 'poor', standard_id: local.id, effective_from: '2025-01-15', decision_number: 'QĐ-LS', decision_date: '2025-01-15' }).execute()
      await f.groups.join(f.groupId, household)
      const apply = (capitalSource: string) => submitApplication(app.db, f.ctx.commune(), {
        householdId: household, programCode: 'POOR', purpose: 'Chăn nuôi', amountDong: 20_000_000n, termMonths: 24, intervalMonths: 6, channel: 'entrusted', applicationDate: d('2025-02-01'), capitalSource, groupId: f.groupId,
      })
      await expect(apply('CENTRAL')).rejects.toMatchObject({ code: 'borrower_not_eligible' })
      const id = await apply(FUND)
      const stored = await app.db.selectFrom('loan_applications').select('eligibility').where('id', '=', id).executeTakeFirstOrThrow()
      expect((stored.eligibility as { facts: { householdClass: string } }).facts.householdClass).toBe('poor')
      // A fund whose agreement keeps the national standard reads the national class and refuses.
      await createLocalFund(app.db, f.ctx.branch(), { code: 'LS_DISTRICT', nameVi: 'Vốn ngân sách huyện', nameEn: 'District budget', ownerUnitId: province, agreement: { ...AGREEMENT, number: '07/2025/TTUT-UBND', bankUnitId: province, localPovertyStandard: false } })
      await expect(apply('LS_DISTRICT')).rejects.toMatchObject({ code: 'borrower_not_eligible' })
    })
  })
}

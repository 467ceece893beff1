import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decideApproval } from '../../src/app/approvals.js'
import type { RequestContext } from '../../src/app/context.js'
import { verifyLedger } from '../../src/app/ledger.js'
import { advanceApplication, submitApplication } from '../../src/app/loans/applications.js'
import { receiveCapital, runLoanEvent } from '../../src/app/loans/loan-events.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { actor, fixtureHousehold, fixtureUnit } from '../support/actors.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { groupsFixture } from '../support/groups.js'

const d = (s: string) => s as LocalDate

for (const backend of BACKENDS) {
  describe(`${backend}: loan lifecycle through the use-cases`, () => {
    let app: TestApp
    const ctx: Record<string, (now?: Date) => RequestContext> = {}
    let commune = 0
    let poorHousehold = 0n
    let nearPoorHousehold = 0n
    let groupId = 0n

    beforeAll(async () => {
      app = await openTestApp(backend)
      const province = await fixtureUnit(app.db, 1, 'province', '20', 'Chi nhánh Lạng Sơn', { provinceCode: '20', adminCode: '20' })
      const office = await fixtureUnit(app.db, province, 'transaction_office', 'PGD-CL', 'PGD Cao Lộc')
      commune = await fixtureUnit(app.db, office, 'commune', '06100', 'Xã Cao Lộc', { adminCode: '06100' })
      ctx.branch = await actor(app.db, 'branch', 'branch_officer', province)
      ctx.commune = await actor(app.db, 'commune', 'commune_officer', commune)
      ctx.org = await actor(app.db, 'women', 'org_officer', commune, 'womens_union')
      ctx.appraiser = await actor(app.db, 'appraiser', 'office_officer', office)
      ctx.approver = await actor(app.db, 'approver', 'office_officer', office)
      ctx.teller = await actor(app.db, 'teller', 'teller', commune)
      poorHousehold = await fixtureHousehold(app.db, commune, 'HH-1', 'poor')
      nearPoorHousehold = await fixtureHousehold(app.db, commune, 'HH-2', 'near_poor')
      // Both households are members of the commune's savings group the applications go through.
      const groups = await groupsFixture(app.db, commune, { branch: ctx.branch, org: ctx.org })
      groupId = await groups.newGroup('Tổ TK&VV thôn Nà Cạn')
      await groups.join(groupId, poorHousehold)
      await groups.join(groupId, nearPoorHousehold)
    })
    afterAll(() => app.dispose())

    const apply = (householdId: bigint, amountDong: bigint, extra: object = {}) =>
      submitApplication(app.db, ctx.commune!(), { householdId, programCode: 'POOR', purpose: 'Chăn nuôi bò', amountDong, termMonths: 12, intervalMonths: 6, channel: 'entrusted', groupId, applicationDate: d('2026-01-15'), ...extra })

    it('takes an application through review, confirmation and four-eyes approval to a contract', async () => {
      const id = await apply(poorHousehold, 50_000_000n)
      const stored = await app.db.selectFrom('loan_applications').select(['status', 'eligibility']).where('id', '=', id).executeTakeFirstOrThrow()
      expect(stored.status).toBe('submitted')
      expect(stored.eligibility).toMatchObject({ facts: { householdClass: 'poor', residence: 'rural' }, result: 'eligible' })
      await expect(advanceApplication(app.db, ctx.commune!(), id, 'commune_confirm')).rejects.toMatchObject({ code: 'application_step_invalid' })
      await advanceApplication(app.db, ctx.org!(), id, 'group_review', { note: 'Tổ bình xét đồng ý 35/38' })
      await advanceApplication(app.db, ctx.commune!(), id, 'commune_confirm')
      const { approvalId } = await advanceApplication(app.db, ctx.appraiser!(), id, 'submit_for_approval')
      await expect(decideApproval(app.db, ctx.appraiser!(), approvalId!, 'approved', null)).rejects.toMatchObject({ code: 'maker_cannot_check' })
      await decideApproval(app.db, ctx.approver!(), approvalId!, 'approved', null)
      const loan = await app.db.selectFrom('loans').selectAll().where('application_id', '=', id).executeTakeFirstOrThrow()
      expect(loan.status).toBe('approved')
      const instalments = await app.db.selectFrom('loan_instalments').select(['due_date', 'principal_due_dong']).where('loan_id', '=', loan.id).orderBy('seq').execute()
      expect(instalments).toEqual([{ due_date: '2026-07-15', principal_due_dong: 25_000_000n }, { due_date: '2027-01-15', principal_due_dong: 25_000_000n }])
    })

    it('rejects the application with the checker\'s reason when its approval is rejected, and wants a reason', async () => {
      const id = await apply(poorHousehold, 20_000_000n)
      await advanceApplication(app.db, ctx.org!(), id, 'group_review')
      await advanceApplication(app.db, ctx.commune!(), id, 'commune_confirm')
      const { approvalId } = await advanceApplication(app.db, ctx.appraiser!(), id, 'submit_for_approval')
      await expect(decideApproval(app.db, ctx.approver!(), approvalId!, 'rejected', ' ')).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'reason' } })
      expect((await app.db.selectFrom('approvals').select('status').where('id', '=', approvalId!).executeTakeFirstOrThrow()).status).toBe('pending')
      await decideApproval(app.db, ctx.approver!(), approvalId!, 'rejected', 'Phương án sử dụng vốn chưa khả thi')
      const stored = await app.db.selectFrom('loan_applications').select(['status', 'rejection_reason', 'decided_by']).where('id', '=', id).executeTakeFirstOrThrow()
      expect(stored).toMatchObject({ status: 'rejected', rejection_reason: 'Phương án sử dụng vốn chưa khả thi' })
      expect(stored.decided_by).not.toBeNull()
      expect(await app.db.selectFrom('loans').select('id').where('application_id', '=', id).executeTakeFirst()).toBeUndefined()
    })

    it('refuses to disburse beyond the lending fund, then disburses and collects', async () => {
      const loan = await app.db.selectFrom('loans').select('id').where('household_id', '=', poorHousehold).executeTakeFirstOrThrow()
      const disburse = { type: 'disburse' as const, date: d('2026-01-15'), amountDong: 50_000_000n, cashUnit: commune }
      await expect(runLoanEvent(app.db, ctx.teller!(), loan.id, disburse)).rejects.toMatchObject({ code: 'fund_insufficient' })
      await receiveCapital(app.db, ctx.branch!(), { capitalSource: 'CENTRAL', amountDong: 1_000_000_000n, unitId: commune, date: d('2026-01-02'), reference: 'Vốn TW phân bổ quý I/2026' })
      const active = await runLoanEvent(app.db, ctx.teller!(), loan.id, disburse)
      expect(active.status).toBe('active')
      // One month of interest, 284.166 ₫ (see the domain's worked example), paid on the transaction day.
      const paid = await runLoanEvent(app.db, ctx.teller!(), loan.id, { type: 'repay', date: d('2026-02-15'), amountDong: 284_166n, cashUnit: commune })
      expect(paid.interestDong).toBe(0n)
      expect(paid.principalInTermDong).toBe(50_000_000n)
      await expect(runLoanEvent(app.db, ctx.teller!(), loan.id, { type: 'repay', date: d('2026-02-01'), amountDong: 1n, cashUnit: commune })).rejects.toMatchObject({ code: 'loan_event_backdated' })
      await expect(runLoanEvent(app.db, ctx.teller!(), loan.id, { type: 'repay', date: d('2026-03-15'), amountDong: 60_000_000n, cashUnit: commune })).rejects.toMatchObject({ code: 'repayment_exceeds_outstanding' })
      const report = await verifyLedger(app.db)
      expect(report.differences).toEqual([])
    })

    it('settles and closes a loan, after which it refuses money', async () => {
      const loan = await app.db.selectFrom('loans').select('id').where('household_id', '=', poorHousehold).executeTakeFirstOrThrow()
      const state = await runLoanEvent(app.db, ctx.teller!(), loan.id, { type: 'accrue', date: d('2026-03-15') }).catch((e) => e)
      expect(state).toMatchObject({ code: 'forbidden' })
      const { interest_dong } = await app.db.selectFrom('loans').select('interest_dong').where('id', '=', loan.id).executeTakeFirstOrThrow()
      // Accrued to 15/03 inside the repayment: 256.667 ₫ (28 days with the carried remainder).
      const closed = await runLoanEvent(app.db, ctx.teller!(), loan.id, { type: 'repay', date: d('2026-03-15'), amountDong: 50_000_000n + interest_dong + 256_667n, cashUnit: commune })
      expect(closed.status).toBe('closed')
      await expect(runLoanEvent(app.db, ctx.teller!(), loan.id, { type: 'repay', date: d('2026-03-16'), amountDong: 1n, cashUnit: commune })).rejects.toMatchObject({ code: 'loan_closed' })
      expect((await verifyLedger(app.db)).ok).toBe(true)
    })

    it('refuses an ineligible borrower with the reason, and an amount above the maximum, writing nothing', async () => {
      const before = await app.db.selectFrom('loan_applications').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
      await expect(apply(nearPoorHousehold, 10_000_000n)).rejects.toMatchObject({ code: 'borrower_not_eligible', details: { condition: 'householdClasses', actual: ['near_poor'] } })
      await expect(apply(poorHousehold, 100_000_001n)).rejects.toMatchObject({ code: 'amount_exceeds_program_max' })
      await expect(apply(poorHousehold, 10_000_000n, { termMonths: 121 })).rejects.toMatchObject({ code: 'term_exceeds_program_max' })
      const after = await app.db.selectFrom('loan_applications').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
      expect(after.n).toBe(before.n)
    })

    it('finds a loan whose cached balance drifted from its postings', async () => {
      const loan = await app.db.selectFrom('loans').select('id').executeTakeFirstOrThrow()
      await app.db.updateTable('loans').set((eb) => ({ interest_dong: eb('interest_dong', '+', 1n) })).where('id', '=', loan.id).execute()
      const report = await verifyLedger(app.db)
      expect(report.ok).toBe(false)
      expect(report.differences.map((x) => x.subject)).toContain(`loan ${loan.id} interest`)
      await app.db.updateTable('loans').set((eb) => ({ interest_dong: eb('interest_dong', '-', 1n) })).where('id', '=', loan.id).execute()
    })
  })
}

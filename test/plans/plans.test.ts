import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runLoanEvent } from '../../src/app/loans/loan-events.js'
import { createPlanLine, listPlanLines, planRoom, planVsActual, revisePlanLine, setPlanRule, setPlanTargets } from '../../src/app/plans.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

const d = (s: string) => s as LocalDate
const M = 1_000_000n

for (const backend of BACKENDS) {
  describe(`${backend}: capital plans and plan vs actual`, () => {
    let app: TestApp
    let f: LendingFixture
    let branch = 0
    let office = 0
    let officeLine = 0n
    const basis = { decisionNumber: '15/QĐ-NHCS', legalBasis: 'Quyết định giao kế hoạch tín dụng năm 2026' }
    const line = (unitId: number, amountDong: bigint, extra: object = {}) =>
      ({ unitId, year: 2026, quarter: null, programCode: 'POOR', capitalSourceCode: null, amountDong, ...basis, ...extra })
    const lineCount = async () => Number((await app.db.selectFrom('plan_lines').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const actualOf = async (asOf: string, unitId?: number) => planVsActual(app.db, f.ctx.branch(), { unitId, year: 2026, quarter: null, asOf: d(asOf) })
    const rowOf = async (asOf: string, unitId: number) => (await actualOf(asOf)).lines.find((l) => l.unitId === unitId && l.programCode === 'POOR')!

    beforeAll(async () => {
      app = await openTestApp(backend)
      f = await lendingFixture(app.db)
      const units = await app.db.selectFrom('units').select(['id', 'kind']).where('kind', 'in', ['province', 'transaction_office']).execute()
      branch = units.find((u) => u.kind === 'province')!.id
      office = units.find((u) => u.kind === 'transaction_office')!.id
    })
    afterAll(() => app.dispose())

    it("records a year's plan for the branch and its office", async () => {
      await createPlanLine(app.db, f.ctx.branch(), line(branch, 1_000n * M))
      officeLine = await createPlanLine(app.db, f.ctx.branch(), line(office, 600n * M))
      const lines = await listPlanLines(app.db, f.ctx.branch(), { year: 2026 })
      expect(lines.map((l) => [l.unitId, l.amountDong, l.validFrom])).toEqual([[branch, 1_000n * M, '2026-01-01'], [office, 600n * M, '2026-01-01']])
      const audit = await app.db.selectFrom('audit_log').select('action').where('action', '=', 'plan.line.create').execute()
      expect(audit).toHaveLength(2)
      await expect(createPlanLine(app.db, f.ctx.branch(), line(office, 1n))).rejects.toMatchObject({ code: 'plan_line_exists' })
    })

    it('refuses a plan whose children exceed the parent, and writes nothing', async () => {
      const before = await lineCount()
      await expect(createPlanLine(app.db, f.ctx.appraiser(), line(f.commune, 600n * M + 1n))).rejects.toMatchObject({ code: 'plan_children_exceed_parent', details: { parentDong: '600000000', childrenDong: '600000001' } })
      // The parent cannot be cut below what its children already have either.
      const [branchLine] = await listPlanLines(app.db, f.ctx.branch(), { unitId: branch })
      await expect(revisePlanLine(app.db, f.ctx.branch(), branchLine!.id, { amountDong: 599n * M, validFrom: d('2026-04-01'), ...basis })).rejects.toMatchObject({ code: 'plan_children_exceed_parent' })
      expect(await lineCount()).toBe(before)
      // The office officer may not touch the branch's line (out of scope, answered as not found).
      await expect(revisePlanLine(app.db, f.ctx.appraiser(), branchLine!.id, { amountDong: 2_000n * M, validFrom: d('2026-04-01'), ...basis })).rejects.toMatchObject({ code: 'not_found' })
      // A supervisor-like reader (the teller) may read but not write.
      await expect(createPlanLine(app.db, f.ctx.teller(), line(f.commune, 1n))).rejects.toMatchObject({ code: 'forbidden' })
    })

    it('compares the plan with disbursements and repayments, to the đồng', async () => {
      const a = await f.openLoan('poor', 'POOR', 30n * M, '2026-02-10', 12, 6)
      await f.openLoan('poor', 'POOR', 20n * M, '2026-03-05', 12, 6)
      // Repaid the day it was lent: no interest has accrued, so all of it is principal.
      await runLoanEvent(app.db, f.ctx.teller(), a, { type: 'repay', date: d('2026-02-10'), amountDong: 4n * M, cashUnit: f.commune })
      const office0 = await rowOf('2026-06-30', office)
      expect(office0).toMatchObject({ allocatedDong: 600n * M, disbursedDong: 50n * M, collectedDong: 4n * M, outstandingDong: 46n * M, roomDong: 550n * M, lineId: officeLine })
      expect(await rowOf('2026-06-30', branch)).toMatchObject({ allocatedDong: 1_000n * M, disbursedDong: 50n * M, roomDong: 950n * M })
      // On a date before the second loan, only the first counts.
      expect(await rowOf('2026-02-28', office)).toMatchObject({ disbursedDong: 30n * M, collectedDong: 4n * M, outstandingDong: 26n * M })
      // The commune, which has no line, shows under the office's root as lent without a plan.
      const underOffice = await actualOf('2026-06-30', office)
      expect(underOffice.lines.map((l) => [l.unitId, l.allocatedDong])).toEqual([[office, 600n * M]])
      const communeView = await planVsActual(app.db, f.ctx.teller(), { year: 2026, quarter: null, asOf: d('2026-06-30') })
      expect(communeView.lines).toMatchObject([{ unitId: f.commune, allocatedDong: null, disbursedDong: 50n * M, roomDong: null }])
      // A quarter's view counts the quarter's flows only: nothing in Q2.
      const q2 = await planVsActual(app.db, f.ctx.branch(), { year: 2026, quarter: 2, asOf: d('2026-06-30') })
      expect(q2.lines.find((l) => l.unitId === branch)).toMatchObject({ allocatedDong: null, disbursedDong: 0n, outstandingDong: 46n * M })
    })

    it('revises a line mid-year, keeps the old version, and compares each date with the plan then in force', async () => {
      const revised = await revisePlanLine(app.db, f.ctx.branch(), officeLine, { amountDong: 300n * M, validFrom: d('2026-07-01'), decisionNumber: '88/QĐ-NHCS', legalBasis: 'Điều chỉnh kế hoạch 6 tháng cuối năm' })
      const versions = await listPlanLines(app.db, f.ctx.branch(), { unitId: office })
      expect(versions.map((v) => [v.id, v.amountDong, v.validFrom, v.supersedesId, v.supersededById])).toEqual([
        [revised, 300n * M, '2026-07-01', officeLine, null],
        [officeLine, 600n * M, '2026-01-01', null, revised],
      ])
      await expect(revisePlanLine(app.db, f.ctx.branch(), officeLine, { amountDong: 1n, validFrom: d('2026-08-01'), ...basis })).rejects.toMatchObject({ code: 'plan_line_not_latest' })
      expect(await rowOf('2026-06-30', office)).toMatchObject({ allocatedDong: 600n * M, roomDong: 550n * M, lineId: officeLine })
      expect(await rowOf('2026-07-01', office)).toMatchObject({ allocatedDong: 300n * M, roomDong: 250n * M, lineId: revised, decisionNumber: '88/QĐ-NHCS' })
    })

    it('shows targets against the year\'s turnover and collection', async () => {
      await setPlanTargets(app.db, f.ctx.branch(), { unitId: office, year: 2026, programCode: null, turnoverDong: 500n * M, collectionDong: 100n * M, householdsOutOfPoverty: 120, students: 0, workers: 15, waterWorks: 40, houses: 10, ...basis })
      const { targets } = await actualOf('2026-07-01')
      expect(targets).toMatchObject([{ unit_id: office, turnover_dong: 500n * M, disbursed_dong: 50n * M, collection_dong: 100n * M, collected_dong: 4n * M, households_out_of_poverty: 120, water_works: 40 }])
      await expect(setPlanTargets(app.db, f.ctx.branch(), { unitId: office, year: 2026, programCode: null, turnoverDong: 1n, collectionDong: 0n, householdsOutOfPoverty: 0, students: 0, workers: 0, waterWorks: 0, houses: 0, ...basis }))
        .rejects.toMatchObject({ code: 'plan_targets_invalid' })
    })

    it("lets a disbursement over the room through under 'warn', and refuses it under 'block'", async () => {
      await createPlanLine(app.db, f.ctx.appraiser(), line(f.commune, 60n * M))
      const room = await planRoom(app.db, f.ctx.teller(), { communeUnitId: f.commune, programCode: 'POOR', date: d('2026-08-10'), amountDong: 20n * M })
      expect(room).toMatchObject({ roomDong: 10n * M, exceeds: true, action: 'warn', binding: { unitId: f.commune } })
      await f.openLoan('poor', 'POOR', 20n * M, '2026-08-10', 12, 6)
      expect(await rowOf('2026-08-10', f.commune)).toMatchObject({ allocatedDong: 60n * M, disbursedDong: 70n * M, roomDong: -10n * M })

      await expect(setPlanRule(app.db, f.ctx.appraiser(), { provinceCode: '20', validFrom: d('2026-09-01'), onExceed: 'block', legalBasis: 'Công văn 1234/NHCS-KHNV' })).rejects.toMatchObject({ code: 'not_found' })
      await setPlanRule(app.db, f.ctx.branch(), { provinceCode: '20', validFrom: d('2026-09-01'), onExceed: 'block', legalBasis: 'Công văn 1234/NHCS-KHNV' })
      // Before the rule takes effect the warning still applies; from it, the disbursement is refused.
      expect(await planRoom(app.db, f.ctx.teller(), { communeUnitId: f.commune, programCode: 'POOR', date: d('2026-08-31'), amountDong: 1n })).toMatchObject({ action: 'warn', exceeds: true })
      await expect(f.openLoan('poor', 'POOR', 5n * M, '2026-09-10', 12, 6)).rejects.toMatchObject({ code: 'plan_room_exceeded', details: { roomDong: '-10000000', amountDong: '5000000' } })
      const refused = await app.db.selectFrom('loans').select(['status', 'disbursed_dong']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()
      expect(refused).toEqual({ status: 'approved', disbursed_dong: 0n })
      // Raising the commune's plan makes room again.
      const [communeLine] = await listPlanLines(app.db, f.ctx.appraiser(), { unitId: f.commune })
      await revisePlanLine(app.db, f.ctx.appraiser(), communeLine!.id, { amountDong: 100n * M, validFrom: d('2026-09-01'), ...basis })
      const loan = await app.db.selectFrom('loans').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()
      await runLoanEvent(app.db, f.ctx.teller(), loan.id, { type: 'disburse', date: d('2026-09-10'), amountDong: 5n * M, cashUnit: f.commune })
      expect(await rowOf('2026-09-10', f.commune)).toMatchObject({ allocatedDong: 100n * M, disbursedDong: 75n * M, roomDong: 25n * M })
    })
  })
}

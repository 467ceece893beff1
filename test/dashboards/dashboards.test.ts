import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestContext } from '../../src/app/context.js'
import { boardDashboard, dashboardGroupLoans, type BoardDashboard } from '../../src/app/dashboards.js'
import { runLoanEvent } from '../../src/app/loans/loan-events.js'
import { runReport } from '../../src/app/reports/run-report.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { closeMonth } from '../../src/jobs/close-month.js'
import { actor, fixtureUnit } from '../support/actors.js'
import { signedIn, testApi, type Api } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'
import { codeOf } from '../support/violations.js'

const d = (s: string) => s as LocalDate
const M = 1_000_000n

const figure = (b: BoardDashboard, key: string) => b.keyFigures.find((f) => f.key === key)!

for (const backend of BACKENDS) {
  describe(`${backend}: board dashboard`, () => {
    let app: TestApp
    let api: Api
    let fx: LendingFixture
    let province = 0
    let office = 0
    let otherCommune = 0
    let secondGroup = 0n
    let supervisor: (now?: Date) => RequestContext
    let otherOfficer: (now?: Date) => RequestContext
    const loans: bigint[] = []

    // The hand-built book (the fixture clock is 01/06/2026):
    //  L1 POOR 40.000.000 ₫ disbursed 10/03/2025 in group 1, five yearly instalments of 8 M (first 10/03/2026).
    //  May 2025 closed: L1 40 M in term.
    //  L2 POOR 30.000.000 ₫ disbursed 05/06/2025 in group 2, first instalment 05/06/2026.
    //  April 2026 closed: L1's first instalment (8 M) moved overdue → 32 M in term + 8 M overdue; L2 30 M.
    //  L3 CLEAN_WATER 20.000.000 ₫ disbursed 12/05/2026 in group 1, 5.000.000 ₫ repaid the same day → 15 M.
    //  May 2026 closed: 85 M outstanding, 8 M overdue, three borrowers, three loans.
    //  L1's household left poverty on 20/12/2025 (classified not poor); L3's household was never poor.
    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      fx = await lendingFixture(app.db)
      secondGroup = await fx.groups.newGroup('Tổ TK&VV thôn Bản Pò')
      loans.push(await fx.openLoan('poor', 'POOR', 40n * M, '2025-03-10', 60, 12))
      await closeMonth(app.db, fx.ctx.appraiser(), '2025-05')
      loans.push(await fx.openLoan('poor', 'POOR', 30n * M, '2025-06-05', 60, 12, { groupId: secondGroup }))
      await closeMonth(app.db, fx.ctx.appraiser(), '2026-04')
      loans.push(await fx.openLoan('not_poor', 'CLEAN_WATER', 20n * M, '2026-05-12', 60, 12))
      await runLoanEvent(app.db, fx.ctx.teller(), loans[2]!, { type: 'repay', date: d('2026-05-12'), amountDong: 5n * M, cashUnit: fx.commune })
      await closeMonth(app.db, fx.ctx.appraiser(), '2026-05')
      const l1 = await app.db.selectFrom('loans').select('household_id').where('id', '=', loans[0]!).executeTakeFirstOrThrow()
      const standard = await app.db.selectFrom('poverty_standards').select('id').orderBy('valid_from').executeTakeFirstOrThrow()
      await app.db.insertInto('household_classes').values({ household_id: l1.household_id, province_code: '20', class: 'not_poor', standard_id: standard.id, effective_from: '2025-12-20', decision_number: 'QĐ-fixture-2025', decision_date: '2025-12-20' }).execute()

      const commune = await app.db.selectFrom('units').select(['parent_id']).where('id', '=', fx.commune).executeTakeFirstOrThrow()
      office = commune.parent_id!
      province = (await app.db.selectFrom('units').select('parent_id').where('id', '=', office).executeTakeFirstOrThrow()).parent_id!
      otherCommune = await fixtureUnit(app.db, office, 'commune', '06103', 'Xã Hợp Thành', { adminCode: '06103' })
      otherOfficer = await actor(app.db, 'commune-b', 'commune_officer', otherCommune)
      supervisor = await actor(app.db, 'board', 'supervisor', province)
    })
    afterAll(() => app.dispose())

    it('shows the key figures of the latest closed month-end with their changes against last month and last year', async () => {
      const b = await boardDashboard(app.db, supervisor(), { unitId: province })
      expect({ period: b.period, periodEnd: b.periodEnd, previousMonth: b.previousMonth, sameMonthLastYear: b.sameMonthLastYear })
        .toEqual({ period: '2026-05', periodEnd: '2026-05-31', previousMonth: '2026-04', sameMonthLastYear: '2025-05' })
      const shown = Object.fromEntries(b.keyFigures.map((f) => [f.key, [f.value, f.previousMonth.delta, f.sameMonthLastYear.delta]]))
      expect(shown).toEqual({
        outstanding: [85n * M, 15n * M, 45n * M],
        overdue: [8n * M, 0n, 8n * M],
        overdue_ratio: [941n, 941n - 1143n, 941n],
        frozen: [0n, 0n, 0n],
        borrowers: [3n, 1n, 2n],
        loans: [3n, 1n, 2n],
        disbursed_month: [20n * M, 20n * M, 20n * M],
        collected_month: [5n * M, 5n * M, 5n * M],
        disbursed_year: [20n * M, 20n * M, -20n * M],
        collected_year: [5n * M, 5n * M, 5n * M],
      })
      expect(figure(b, 'outstanding').sameMonthLastYear.previous).toBe(40n * M)
    })

    it('agrees with the portfolio report read at the same month-end', async () => {
      const b = await boardDashboard(app.db, supervisor(), { unitId: province })
      const r = await runReport(app.db, supervisor(), 'portfolio', { unitId: province, date: '2026-05-31' })
      expect(r.tables[0]!.totals).toMatchObject({ outstanding: figure(b, 'outstanding').value, overdue: figure(b, 'overdue').value, households: Number(figure(b, 'borrowers').value) })
    })

    it('draws the trends: overdue over the closed months, poverty rate by year, outstanding by program', async () => {
      const b = await boardDashboard(app.db, supervisor(), { unitId: province })
      expect(b.overdueTrend).toEqual([
        { period: '2026-04', outstanding: 70n * M, overdue: 8n * M, overdueRatioBp: 1143 },
        { period: '2026-05', outstanding: 85n * M, overdue: 8n * M, overdueRatioBp: 941 },
      ])
      // Three households from 2020: two poor until L1's left poverty on 20/12/2025.
      expect(b.povertyTrend.map((y) => [y.year, y.poor, y.households, y.rateBp])).toEqual([
        [2020, 2n, 3n, 6667], [2021, 2n, 3n, 6667], [2022, 2n, 3n, 6667], [2023, 2n, 3n, 6667], [2024, 2n, 3n, 6667], [2025, 1n, 3n, 3333], [2026, 1n, 3n, 3333],
      ])
      expect(b.povertyTrend.at(-1)!.at).toBe('2026-05-31')
      expect(b.byProgram.map((p) => [p.programCode, p.outstanding, p.overdue, p.borrowers, p.loans])).toEqual([
        ['POOR', 70n * M, 8n * M, 2n, 2n], ['CLEAN_WATER', 15n * M, 0n, 1n, 1n],
      ])
    })

    it('drills down: the office, its communes by overdue ratio, the commune\'s groups, a group\'s loans', async () => {
      const top = await boardDashboard(app.db, supervisor(), { unitId: province })
      expect(top.children.map((c) => [c.unitId, c.outstanding, c.overdueRatioBp])).toEqual([[office, 85n * M, 941]])
      expect(top.groups).toEqual([])
      expect(top.provinceCode).toBe('20')
      const mid = await boardDashboard(app.db, supervisor(), { unitId: office })
      expect(mid.children.map((c) => [c.unitId, c.outstanding, c.overdue, c.overdueRatioBp])).toEqual([[fx.commune, 85n * M, 8n * M, 941], [otherCommune, 0n, 0n, 0]])
      expect(mid.breadcrumb.map((u) => u.id)).toEqual([province, office])
      const commune = await boardDashboard(app.db, supervisor(), { unitId: fx.commune })
      expect(commune.children).toEqual([])
      expect(commune.groups.map((g) => [g.groupId, g.outstanding, g.overdue, g.borrowers, g.loans])).toEqual([
        [secondGroup, 30n * M, 0n, 1n, 1n], [fx.groupId, 55n * M, 8n * M, 2n, 2n],
      ])
      const group = await dashboardGroupLoans(app.db, supervisor(), { groupId: fx.groupId })
      expect(group.loans.map((l) => [l.loanId, l.inTerm, l.overdue, l.outstanding]).sort((a, b) => Number(a[0]! - b[0]!))).toEqual([
        [loans[0], 32n * M, 8n * M, 40n * M], [loans[2], 15n * M, 0n, 15n * M],
      ])
    })

    it('shows plan vs actual to a reader with plans.read, not to a commune officer', async () => {
      expect((await boardDashboard(app.db, supervisor(), { unitId: fx.commune })).planVsActual?.year).toBe(2026)
      const own = await boardDashboard(app.db, fx.ctx.commune(), {})
      expect(own.unit.id).toBe(fx.commune)
      expect(own.planVsActual).toBeNull()
    })

    it('answers a month-end from before: June 2025 shows May 2025 with no month to compare', async () => {
      const b = await boardDashboard(app.db, supervisor(), { unitId: province, date: '2025-06-15' })
      expect(b.period).toBe('2025-05')
      expect(figure(b, 'outstanding')).toMatchObject({ value: 40n * M, previousMonth: { previous: null, delta: null }, sameMonthLastYear: { previous: null, delta: null } })
      expect(figure(b, 'disbursed_year').value).toBe(40n * M)
    })

    it('treats a unit outside the scope as not found, and names bad dates', async () => {
      expect(await codeOf(boardDashboard(app.db, otherOfficer(), { unitId: fx.commune }))).toBe('not_found')
      expect(await codeOf(dashboardGroupLoans(app.db, otherOfficer(), { groupId: fx.groupId }))).toBe('not_found')
      expect(await codeOf(boardDashboard(app.db, supervisor(), { date: '2025-01-01' }))).toBe('report_date_before_data')
      expect(await codeOf(boardDashboard(app.db, supervisor(), { date: '2025-04-15' }))).toBe('dashboard_no_closed_month')
      expect(await codeOf(boardDashboard(app.db, supervisor(), { date: '2026-07-01' }))).toBe('report_date_in_future')
      expect(await codeOf(boardDashboard(app.db, supervisor(), { date: '31/05/2026' }))).not.toBe('no error')
    })

    it('serves the dashboard and a group\'s loans through the API, scoped', async () => {
      const board = await signedIn(api, 'board')
      const res = await board.get(`/api/v1/dashboards/board?unitId=${office}`)
      expect(res.status).toBe(200)
      const body = res.body as { period: string; keyFigures: { key: string; value: string }[] }
      expect(body.period).toBe('2026-05')
      expect(body.keyFigures.find((f) => f.key === 'outstanding')!.value).toBe(String(85n * M))
      expect((await board.get(`/api/v1/dashboards/groups/${fx.groupId}/loans`)).status).toBe(200)
      const other = await signedIn(api, 'commune-b')
      const hidden = await other.get(`/api/v1/dashboards/board?unitId=${fx.commune}`)
      expect(hidden.status).toBe(404)
      expect(hidden.body.code).toBe('not_found')
      expect((await other.get(`/api/v1/dashboards/groups/${fx.groupId}/loans`)).status).toBe(404)
      expect((await board.get('/api/v1/dashboards/board?unitId=abc')).status).toBe(400)
    })
  })
}

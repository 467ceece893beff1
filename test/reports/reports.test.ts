import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestContext } from '../../src/app/context.js'
import { runLoanEvent } from '../../src/app/loans/loan-events.js'
import { reportWorkbook } from '../../src/app/reports/render.js'
import { runReport } from '../../src/app/reports/run-report.js'
import type { ReportResult } from '../../src/domain/reports/index.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { closeMonth } from '../../src/jobs/close-month.js'
import { actor, fixtureUnit } from '../support/actors.js'
import { signedIn, testApi, type Api } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'
import { codeOf } from '../support/violations.js'

const d = (s: string) => s as LocalDate
const M = 1_000_000n

const table = (r: ReportResult, key: string = r.name) => r.tables.find((t) => t.key === key)!

for (const backend of BACKENDS) {
  describe(`${backend}: standard reports`, () => {
    let app: TestApp
    let api: Api
    let fx: LendingFixture
    let otherCommune = 0
    let otherOfficer: (now?: Date) => RequestContext
    let branch: (now?: Date) => RequestContext
    let secondGroup = 0n

    // The hand-built book, today being 01/06/2026 (the fixture clock):
    //  L1 POOR 50.000.000 ₫ disbursed 10/01/2025 in group 1, 10.000.000 ₫ repaid the same day (no interest yet) → 40 M in term.
    //  L2 POOR 30.000.000 ₫ disbursed 15/02/2025 in group 2, 2 instalments of 15 M (15/08/2025, 15/02/2026);
    //     the first moved overdue on 16/08/2025, 5.000.000 ₫ written off 10/09/2025 (from overdue) → 15 M in term, 10 M overdue.
    //  September 2025 closed (snapshot at 30/09/2025).
    //  L3 POOR 10.000.000 ₫ disbursed 20/10/2025 in group 1 → 10 M in term.
    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      fx = await lendingFixture(app.db)
      secondGroup = await fx.groups.newGroup('Tổ TK&VV thôn Bản Pò')
      const l1 = await fx.openLoan('poor', 'POOR', 50n * M, '2025-01-10', 24, 12)
      await runLoanEvent(app.db, fx.ctx.teller(), l1, { type: 'repay', date: d('2025-01-10'), amountDong: 10n * M, cashUnit: fx.commune })
      const l2 = await fx.openLoan('poor', 'POOR', 30n * M, '2025-02-15', 12, 6, { groupId: secondGroup })
      await runLoanEvent(app.db, fx.ctx.appraiser(), l2, { type: 'mark_overdue', date: d('2025-08-16') })
      await runLoanEvent(app.db, fx.ctx.branch(), l2, { type: 'write_off', date: d('2025-09-10'), principalDong: 5n * M, interestDong: 0n })
      await closeMonth(app.db, fx.ctx.appraiser(), '2025-09')
      await fx.openLoan('poor', 'POOR', 10n * M, '2025-10-20', 12, 12)

      const commune = await app.db.selectFrom('units').select('parent_id').where('id', '=', fx.commune).executeTakeFirstOrThrow()
      otherCommune = await fixtureUnit(app.db, commune.parent_id!, 'commune', '06103', 'Xã Hợp Thành', { adminCode: '06103' })
      otherOfficer = await actor(app.db, 'commune-b', 'commune_officer', otherCommune)
      branch = fx.ctx.branch
      await actor(app.db, 'leader', 'group_leader', fx.commune)
      await actor(app.db, 'board', 'supervisor', fx.commune)
    })
    afterAll(() => app.dispose())

    it('portfolio today reads current balances: 65 M in term, 10 M overdue, three borrowers, three loans', async () => {
      const r = await runReport(app.db, fx.ctx.commune(), 'portfolio', {})
      expect(r.source).toBe('current')
      expect(table(r).rows).toEqual([{ key: 'POOR', label: expect.any(String), in_term: 65n * M, overdue: 10n * M, frozen: 0n, outstanding: 75n * M, households: 3, loans: 3 }])
      expect(table(r).totals).toMatchObject({ outstanding: 75n * M, households: 3, loans: 3 })
    })

    it('portfolio at a closed month-end reads its snapshot, grouped by savings group', async () => {
      const r = await runReport(app.db, fx.ctx.commune(), 'portfolio', { date: '2025-09-30', by: 'group' })
      expect(r.source).toBe('aggregate:2025-09')
      const rows = table(r).rows.map((x) => ({ key: x['key'], in_term: x['in_term'], overdue: x['overdue'], households: x['households'] }))
      expect(rows).toEqual(expect.arrayContaining([
        { key: String(fx.groupId), in_term: 40n * M, overdue: 0n, households: 1 },
        { key: String(secondGroup), in_term: 15n * M, overdue: 10n * M, households: 1 },
      ]))
      expect(rows).toHaveLength(2)
      expect(table(r).totals).toMatchObject({ in_term: 55n * M, overdue: 10n * M, outstanding: 65n * M, households: 2, loans: 2 })
      const byOrg = await runReport(app.db, fx.ctx.commune(), 'portfolio', { date: '2025-09-30', by: 'organisation' })
      expect(table(byOrg).rows.map((x) => [x['key'], x['outstanding']])).toEqual([['womens_union', 65n * M]])
    })

    it('turnover shows disbursed, collected, written off, opening and closing, and the identity holds on every row', async () => {
      const year = await runReport(app.db, fx.ctx.commune(), 'turnover', { from: '2025-01-01', to: '2025-12-31' })
      expect(table(year).totals).toMatchObject({ opening: 0n, disbursed: 90n * M, collected: 10n * M, written_off: 5n * M, closing: 75n * M, difference: 0n })
      const part = await runReport(app.db, fx.ctx.commune(), 'turnover', { from: '2025-02-01', to: '2025-09-30', by: 'group' })
      expect(table(part).totals).toMatchObject({ opening: 40n * M, disbursed: 30n * M, collected: 0n, written_off: 5n * M, closing: 65n * M, difference: 0n })
      for (const r of [year, part]) {
        for (const row of table(r).rows) {
          expect(row['difference']).toBe(0n)
          expect(row['closing']).toBe((row['opening'] as bigint) + (row['disbursed'] as bigint) - (row['collected'] as bigint) - (row['written_off'] as bigint))
        }
      }
    })

    it('chains month by month: each month\'s closing is the next one\'s opening, and the last closing is the portfolio', async () => {
      let previousClosing = 0n
      for (let m = 1; m <= 12; m++) {
        const from = `2025-${String(m).padStart(2, '0')}-01`
        const to = new Date(Date.UTC(2025, m, 0)).toISOString().slice(0, 10)
        const totals = table(await runReport(app.db, fx.ctx.commune(), 'turnover', { from, to, by: 'group' })).totals!
        expect({ m, opening: totals['opening'], difference: totals['difference'] }).toEqual({ m, opening: previousClosing, difference: 0n })
        previousClosing = totals['closing'] as bigint
        if (m === 9) expect(previousClosing).toBe(table(await runReport(app.db, fx.ctx.commune(), 'portfolio', { date: '2025-09-30' })).totals!['outstanding'])
      }
      expect(previousClosing).toBe(table(await runReport(app.db, fx.ctx.commune(), 'portfolio', {})).totals!['outstanding'])
    })

    it('quality gives the ratios, overdue by age of the oldest overdue instalment and the dormant loans', async () => {
      const past = await runReport(app.db, fx.ctx.commune(), 'quality', { date: '2025-09-30' })
      // 10 M overdue of 65 M = 15,38%; due 15/08/2025, 46 days at 30/09/2025; no disbursement or repayment since 30/06/2025 on L1 and L2.
      expect(table(past).totals).toMatchObject({ outstanding: 65n * M, overdue: 10n * M, overdue_ratio: 1538, frozen: 0n, frozen_ratio: 0, d1_90: 10n * M, d91_180: 0n, d181_360: 0n, d361_plus: 0n, dormant_loans: 2, dormant_dong: 65n * M })
      const now = await runReport(app.db, fx.ctx.commune(), 'quality', {})
      // At 01/06/2026 the same instalment is 290 days overdue; 10 M of 75 M = 13,33%; nothing moved since 01/03/2026.
      expect(table(now).totals).toMatchObject({ outstanding: 75n * M, overdue: 10n * M, overdue_ratio: 1333, d1_90: 0n, d181_360: 10n * M, dormant_loans: 3, dormant_dong: 75n * M })
      expect(table(now, 'group_grades').rows).toEqual([])
    })

    it('filters every report to the reader\'s subtree: another commune sees nothing, and neither commune sees the other', async () => {
      const mine = await runReport(app.db, otherOfficer(), 'portfolio', {})
      expect(table(mine).rows).toEqual([])
      expect(table(mine).totals).toMatchObject({ outstanding: 0n, households: 0 })
      expect(await codeOf(runReport(app.db, otherOfficer(), 'portfolio', { unitId: fx.commune }))).toBe('not_found')
      expect(await codeOf(runReport(app.db, fx.ctx.commune(), 'turnover', { unitId: otherCommune, from: '2025-01-01', to: '2025-12-31' }))).toBe('not_found')
      const province = await runReport(app.db, branch(), 'portfolio', { by: 'unit' })
      expect(table(province).rows.map((x) => [x['key'], x['outstanding']])).toEqual([[String(fx.commune), 75n * M]])
    })

    it('names each kind of bad input', async () => {
      const ctx = fx.ctx.commune()
      expect(await codeOf(runReport(app.db, ctx, 'balance_sheet', {}))).toBe('report_unknown')
      expect(await codeOf(runReport(app.db, ctx, 'turnover', { from: '2025-03-01', to: '2025-02-28' }))).toBe('report_period_invalid')
      expect(await codeOf(runReport(app.db, ctx, 'portfolio', { date: '2024-12-31' }))).toBe('report_date_before_data')
      expect(await codeOf(runReport(app.db, ctx, 'turnover', { from: '2024-01-01', to: '2024-12-31' }))).toBe('report_date_before_data')
      expect(await codeOf(runReport(app.db, ctx, 'portfolio', { date: '2025-09-15' }))).toBe('report_snapshot_missing')
      expect(await codeOf(runReport(app.db, ctx, 'portfolio', { date: '2025-08-31' }))).toBe('report_snapshot_missing')
      expect(await codeOf(runReport(app.db, ctx, 'portfolio', { date: '2026-06-02' }))).toBe('report_date_in_future')
      expect(await codeOf(runReport(app.db, ctx, 'portfolio', { by: 'village' }))).toBe('report_dimension_invalid')
      expect(await codeOf(runReport(app.db, ctx, 'portfolio', { date: '31/09/2025' }))).toBe('invalid_date')
    })

    it('serves JSON, Excel and PDF over the API; the workbook\'s totals match the JSON', async () => {
      const board = await signedIn(api, 'board')
      const json = await board.get('/api/v1/reports/portfolio?date=2025-09-30&by=group')
      expect(json.status, JSON.stringify(json.body)).toBe(200)
      const totals = json.body.tables[0].totals
      expect(totals).toMatchObject({ outstanding: '65000000', households: 2, loans: 2 })

      const res = await api.request('/api/v1/reports/portfolio.xlsx?date=2025-09-30&by=group', { headers: { cookie: board.cookie } })
      expect(res.status).toBe(200)
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(await res.arrayBuffer())
      const sheet = workbook.getWorksheet('portfolio')!
      const header = sheet.getRow(4).values as unknown[]
      expect(header).toContain('Tổng dư nợ')
      const last = sheet.getRow(sheet.rowCount)
      const col = (heading: string) => last.getCell(header.indexOf(heading))
      expect(col('Tổng dư nợ').value).toBe(Number(totals.outstanding))
      expect(col('Dư nợ quá hạn').value).toBe(Number(totals.overdue))
      expect(col('Số hộ còn dư nợ').value).toBe(totals.households)
      expect(col('Tổng dư nợ').numFmt).toBe('#,##0')

      const pdf = await api.request('/api/v1/reports/quality.pdf?date=2025-09-30', { headers: { cookie: board.cookie } })
      expect(pdf.status).toBe(200)
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    })

    it('answers bad input and missing permission over the API with named codes', async () => {
      const board = await signedIn(api, 'board')
      const cases: [string, number, string][] = [
        ['/api/v1/reports/balance_sheet', 404, 'report_unknown'],
        ['/api/v1/reports/turnover?from=2025-03-01&to=2025-02-01', 400, 'report_period_invalid'],
        ['/api/v1/reports/portfolio?date=2024-01-31', 422, 'report_date_before_data'],
        ['/api/v1/reports/portfolio?by=village', 400, 'report_dimension_invalid'],
        [`/api/v1/reports/portfolio?unitId=${otherCommune}`, 404, 'not_found'],
      ]
      for (const [path, status, code] of cases) {
        const reply = await board.get(path)
        expect({ path, status: reply.status, code: reply.body.code }).toEqual({ path, status, code })
      }
      const leader = await signedIn(api, 'leader')
      expect((await leader.get('/api/v1/reports/portfolio')).body.code).toBe('forbidden')
    })

    it('writes the Excel workbook with Vietnamese headings by default and English on request', async () => {
      const r = await runReport(app.db, fx.ctx.commune(), 'turnover', { from: '2025-01-01', to: '2025-12-31' })
      for (const [locale, heading] of [['vi', 'Doanh số cho vay'], ['en', 'Loan turnover']] as const) {
        const workbook = new ExcelJS.Workbook()
        await workbook.xlsx.load((await reportWorkbook(r, locale)) as unknown as ExcelJS.Buffer)
        expect(workbook.getWorksheet('turnover')!.getRow(4).values).toContain(heading)
      }
    })
  })
}

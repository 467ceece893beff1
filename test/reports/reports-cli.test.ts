import ExcelJS from 'exceljs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../support/backends.js'
import { cliDatabase, openCliApp, tdcs } from '../support/cli.js'
import { lendingFixture } from '../support/lending.js'

for (const backend of BACKENDS) {
  describe(`${backend}: tdcs report`, () => {
    let env: Record<string, string>
    let dir = ''
    let dispose: () => Promise<void>
    let commune = 0

    beforeAll(async () => {
      ;({ env, dir, dispose } = await cliDatabase(backend, 'tdcs-reports-cli-'))
      const app = await openCliApp(env)
      try {
        // Two loans in the commune: 20.000.000 ₫ on 10/02/2026 and 15.000.000 ₫ on 12/03/2026.
        const f = await lendingFixture(app.db)
        commune = f.commune
        await f.openLoan('poor', 'POOR', 20_000_000n, '2026-02-10', 12, 6)
        await f.openLoan('poor', 'POOR', 15_000_000n, '2026-03-12', 12, 6)
      } finally {
        await app.close()
      }
    })
    afterAll(() => dispose())

    it('prints the turnover of a period as JSON with the identity holding', async () => {
      const out = await tdcs(env, 'report', 'turnover', '--from', '2026-03-01', '--to', '2026-03-31', '--unit', String(commune), '--format', 'json')
      expect(out.code, out.stderr).toBe(0)
      const totals = JSON.parse(out.stdout).tables[0].totals
      expect(totals).toMatchObject({ opening: '20000000', disbursed: '15000000', collected: '0', written_off: '0', closing: '35000000', difference: '0' })
    })

    it('writes the portfolio to an Excel file whose total is the outstanding', async () => {
      const file = path.join(dir, 'portfolio.xlsx')
      const out = await tdcs(env, 'report', 'portfolio', '--by', 'unit', '--format', 'xlsx', '--out', file)
      expect(out.code, out.stderr).toBe(0)
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.readFile(file)
      const sheet = workbook.getWorksheet('portfolio')!
      const header = sheet.getRow(4).values as unknown[]
      expect(sheet.getRow(sheet.rowCount).getCell(header.indexOf('Tổng dư nợ')).value).toBe(35_000_000)
    })

    it('prints the outcomes, the fund statement and plan vs actual as JSON', async () => {
      const outcomes = await tdcs(env, 'report', 'outcomes', '--from', '2026-01-01', '--to', '2026-03-31', '--unit', String(commune), '--format', 'json')
      expect(outcomes.code, outcomes.stderr).toBe(0)
      const summary = JSON.parse(outcomes.stdout).tables.find((t: { key: string }) => t.key === 'outcomes_summary')
      expect(summary.rows[0]).toMatchObject({ disbursed: '35000000', loans: 2, borrowers: 2 })
      const fund = await tdcs(env, 'report', 'fund-statement', '--source', 'CENTRAL', '--from', '2026-01-01', '--to', '2026-03-31', '--unit', String(commune), '--format', 'json')
      expect(fund.code, fund.stderr).toBe(0)
      expect(JSON.parse(fund.stdout).tables.find((t: { key: string }) => t.key === 'fund_movements').totals).toMatchObject({ out: '35000000' })
      const plan = await tdcs(env, 'report', 'plan-vs-actual', '--year', '2026', '--date', '2026-03-31', '--format', 'json')
      expect(plan.code, plan.stderr).toBe(0)
      expect(JSON.parse(plan.stdout).params).toMatchObject({ year: 2026, date: '2026-03-31' })
    }, 300_000)

    it('exits 1 with the named code on bad input', async () => {
      const unknown = await tdcs(env, 'report', 'balance_sheet')
      expect(unknown.code).toBe(1)
      expect(unknown.stderr + unknown.stdout).toContain('report_unknown')
      const period = await tdcs(env, 'report', 'turnover', '--from', '2026-03-31', '--to', '2026-03-01')
      expect(period.code).toBe(1)
      expect(period.stderr + period.stdout).toContain('report_period_invalid')
    })
  })
}

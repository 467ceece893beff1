// Reports in a real Chromium against a real server: a supervisor of the province (read-only)
// opens the portfolio report, reads its totals on screen and exports it to Excel; the downloaded
// workbook opens with exceljs and its totals match the screen.
import ExcelJS from 'exceljs'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { actor } from '../support/actors.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, chromiumMissing, closeSession, launchChromium, logIn, see, startTestServer, WAIT_MS } from '../support/browser.js'
import { lendingFixture } from '../support/lending.js'

const parseDong = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''))

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: reports journey`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    const pageErrors: string[] = []

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const old of readdirSync(ARTIFACTS)) if (old.startsWith(`${backend}-reports-`)) rmSync(path.join(ARTIFACTS, old), { force: true })
      ;({ database, server } = await startTestServer(backend, 'Admin-pass-2026'))
      const f = await lendingFixture(server.tdcs.db)
      // Two loans: 20.000.000 ₫ and 15.000.000 ₫ in term today.
      await f.openLoan('poor', 'POOR', 20_000_000n, '2026-02-10', 12, 6)
      await f.openLoan('poor', 'POOR', 15_000_000n, '2026-03-12', 12, 6)
      const province = await server.tdcs.db.selectFrom('units').select('id').where('code', '=', '20').executeTakeFirstOrThrow()
      await actor(server.tdcs.db, 'board', 'supervisor', province.id)
      ;({ profileDir, context, page } = await launchChromium(pageErrors, 1000))
    })
    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it('a supervisor opens the portfolio report and exports it to Excel with the totals on screen', async () => {
      await page.goto(server.url)
      await logIn(page, 'board')
      await page.getByRole('menuitem', { name: /Báo cáo$/ }).click()
      await see(page, 'Báo cáo tổng hợp')
      await page.getByRole('button', { name: 'Xem báo cáo' }).click()
      const total = page.getByTestId('total-portfolio-outstanding')
      await expect.poll(() => total.textContent(), { timeout: WAIT_MS }).toBe('35.000.000 ₫')
      const borrowers = await page.getByTestId('total-portfolio-households').textContent()
      expect(borrowers).toBe('2')
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-reports-01-portfolio.png`), fullPage: true, animations: 'disabled' })

      const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), page.getByRole('link', { name: /Tải Excel/ }).click()])
      const file = await download.path()
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.readFile(file)
      const sheet = workbook.getWorksheet('portfolio')!
      const header = sheet.getRow(4).values as unknown[]
      const last = sheet.getRow(sheet.rowCount)
      expect(last.getCell(header.indexOf('Tổng dư nợ')).value).toBe(parseDong(await total.textContent()))
      expect(last.getCell(header.indexOf('Dư nợ trong hạn')).value).toBe(parseDong(await page.getByTestId('total-portfolio-in_term').textContent()))
      expect(last.getCell(header.indexOf('Số hộ còn dư nợ')).value).toBe(Number(borrowers))
      expect(pageErrors).toEqual([])
    })

    it('opens the Directive 40 outcomes report: this year\'s turnover and the poverty-rate chart', async () => {
      await page.getByLabel('Báo cáo', { exact: true }).click()
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'Kết quả Chỉ thị 40' }).click()
      await page.getByRole('button', { name: 'Xem báo cáo' }).click()
      await see(page, 'Kết quả theo chỉ tiêu Chỉ thị 40')
      await expect.poll(() => page.getByRole('cell', { name: '35.000.000 ₫' }).count(), { timeout: WAIT_MS }).toBeGreaterThan(0)
      await expect.poll(() => page.getByTestId('poverty-chart').locator('canvas').count(), { timeout: WAIT_MS }).toBeGreaterThan(0)
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-reports-02-outcomes.png`), fullPage: true, animations: 'disabled' })
      expect(pageErrors).toEqual([])
    })
  })
}

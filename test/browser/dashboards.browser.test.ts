// Dashboards in a real Chromium against a real server: a supervisor of the province (read-only)
// opens the province dashboard on the home page, drills down through the office to one commune
// (the back button walks back up), opens a savings group's loans, then the commune's portfolio
// report and exports it to Excel; the workbook opens with exceljs and its totals match the screen.
// Then, logged out, the province's public page shows its aggregates without a login.
import ExcelJS from 'exceljs'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { addMonths, localDateOf } from '../../src/domain/shared/index.js'
import { closeMonth } from '../../src/jobs/close-month.js'
import { actor } from '../support/actors.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, chromiumMissing, closeSession, launchChromium, logIn, see, startTestServer, WAIT_MS } from '../support/browser.js'
import { lendingFixture } from '../support/lending.js'

const parseDong = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''))

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: dashboards journey`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    let office = 0
    let commune = 0
    const pageErrors: string[] = []
    const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${backend}-dashboards-${name}.png`), fullPage: true, animations: 'disabled' })

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const old of readdirSync(ARTIFACTS)) if (old.startsWith(`${backend}-dashboards-`)) rmSync(path.join(ARTIFACTS, old), { force: true })
      ;({ database, server } = await startTestServer(backend, 'Admin-pass-2026'))
      const db = server.tdcs.db
      const f = await lendingFixture(db)
      commune = f.commune
      // Two loans in the commune's group: 20.000.000 ₫ and 15.000.000 ₫, nothing repaid; the month
      // before this one is closed, so the dashboard reads its snapshot: 35.000.000 ₫, two borrowers.
      await f.openLoan('poor', 'POOR', 20_000_000n, '2026-02-10', 12, 6)
      await f.openLoan('poor', 'POOR', 15_000_000n, '2026-03-12', 12, 6)
      const lastMonth = addMonths(localDateOf(new Date()), -1).slice(0, 7)
      await closeMonth(db, f.ctx.appraiser(new Date()), lastMonth)
      office = (await db.selectFrom('units').select('parent_id').where('id', '=', commune).executeTakeFirstOrThrow()).parent_id!
      const province = await db.selectFrom('units').select('id').where('code', '=', '20').executeTakeFirstOrThrow()
      await actor(db, 'board', 'supervisor', province.id)
      ;({ profileDir, context, page } = await launchChromium(pageErrors, 1000))
    })
    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it('a supervisor opens the province dashboard, drills down to a commune and exports its portfolio report to Excel', async () => {
      await page.goto(server.url)
      await logIn(page, 'board')
      await see(page, 'Bảng điều hành — Chi nhánh Lạng Sơn')
      const outstanding = page.getByTestId('kf-outstanding')
      await expect.poll(() => outstanding.textContent(), { timeout: WAIT_MS }).toBe('35.000.000 ₫')
      expect(await page.getByTestId('kf-borrowers').textContent()).toBe('2')
      expect(await page.getByTestId('kf-loans').textContent()).toBe('2')
      await shot('01-province')

      // Province → transaction office by a click on the office's bar in the chart of units below,
      // then office → commune by the link in the table.
      await page.getByRole('img', { name: 'Đơn vị trực thuộc (xếp theo tỷ lệ nợ quá hạn)' }).click()
      await see(page, 'Bảng điều hành — PGD Cao Lộc')
      await expect.poll(() => page.url()).toContain(`unitId=${office}`)
      await expect.poll(() => page.getByTestId(`child-${commune}-outstanding`).textContent(), { timeout: WAIT_MS }).toBe('35.000.000 ₫')
      await page.getByRole('link', { name: 'Xã Cao Lộc' }).click()
      await see(page, 'Bảng điều hành — Xã Cao Lộc')
      await expect.poll(() => page.url()).toContain(`unitId=${commune}`)
      // The back button goes back up to the office, forward down again.
      await page.goBack()
      await see(page, 'Bảng điều hành — PGD Cao Lộc')
      await page.goForward()
      await see(page, 'Bảng điều hành — Xã Cao Lộc')
      const communeTotal = await outstanding.textContent()
      expect(communeTotal).toBe('35.000.000 ₫')

      // The commune's savings group → its loans, each linking to the loan's page.
      await page.getByRole('link', { name: 'Tổ TK&VV thôn Nà Cạn' }).click()
      await see(page, 'Các món vay của Tổ TK&VV thôn Nà Cạn')
      expect(await page.getByRole('link', { name: /^Chủ hộ HH-/ }).count()).toBe(2)
      expect(await page.getByRole('link', { name: /^Chủ hộ HH-/ }).first().getAttribute('href')).toMatch(/^\/loans\?id=\d+$/)
      await shot('02-commune-group')

      // The commune's portfolio report, from the dashboard's link (it carries the unit).
      await page.getByRole('link', { name: /Báo cáo dư nợ của đơn vị/ }).click()
      await see(page, 'Báo cáo tổng hợp')
      await expect.poll(() => page.url()).toContain(`unitId=${commune}`)
      // The link opens the report of the commune at the dashboard's month-end, without another click.
      await see(page, /Báo cáo dư nợ · Xã Cao Lộc/)
      const total = page.getByTestId('total-portfolio-outstanding')
      await expect.poll(() => total.textContent(), { timeout: WAIT_MS }).toBe(communeTotal)
      await shot('03-report')

      const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), page.getByRole('link', { name: /Tải Excel/ }).click()])
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.readFile(await download.path())
      const sheet = workbook.getWorksheet('portfolio')!
      const header = sheet.getRow(4).values as unknown[]
      const last = sheet.getRow(sheet.rowCount)
      expect(last.getCell(header.indexOf('Tổng dư nợ')).value).toBe(parseDong(await total.textContent()))
      expect(last.getCell(header.indexOf('Tổng dư nợ')).value).toBe(parseDong(communeTotal))
      expect(last.getCell(header.indexOf('Số hộ còn dư nợ')).value).toBe(Number(await page.getByTestId('total-portfolio-households').textContent()))

      // The network page offers each active transaction point's public posting as a PDF.
      await page.getByRole('menuitem', { name: 'Mạng lưới giao dịch' }).click()
      const posting = page.getByRole('link', { name: 'Bảng công khai (PDF)' })
      await posting.first().waitFor({ timeout: WAIT_MS })
      const href = await posting.first().getAttribute('href')
      expect(href).toMatch(/^\/api\/v1\/transaction-points\/\d+\/public-posting\.pdf$/)
      const pdf = await page.request.get(`${server.url}${href}`)
      expect(pdf.status()).toBe(200)
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
      expect(pageErrors).toEqual([])
    })

    it('the public page of the province shows its aggregates without logging in', async () => {
      await context.clearCookies()
      await page.goto(`${server.url}/public/20`)
      await see(page, 'Công khai tín dụng chính sách xã hội — Chi nhánh Lạng Sơn')
      await expect.poll(() => page.getByTestId('public-outstanding').textContent(), { timeout: WAIT_MS }).toBe('35.000.000 ₫')
      expect(await page.getByTestId('public-borrowers').textContent()).toBe('2')
      await see(page, 'Xã Cao Lộc')
      expect(await page.getByText(/Chủ hộ HH-/).count()).toBe(0)
      expect(await page.getByLabel('Tên đăng nhập', { exact: true }).count()).toBe(0)
      await shot('04-public')
      expect(pageErrors).toEqual([])
    })
  })
}

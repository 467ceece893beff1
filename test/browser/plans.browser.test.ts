// Capital plans in a real Chromium against a real server. The provincial officer allocates the
// year's poor-household plan to the transaction office on the plans page; a loan of the commune
// under that office is disbursed (through the lending use-cases, as the teller); the officer sees
// plan vs actual move — allocated, disbursed, outstanding, room — sets the office's targets and the
// province's warn-or-block rule (blocking); the teller is then refused a counter disbursement over
// the commune's remaining plan, with the room left named; last the officer reads the page in English.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { createPlanLine } from '../../src/app/plans.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, choose, chromiumMissing, closeSession, launchChromium, logIn, see, startTestServer, WAIT_MS } from '../support/browser.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)

/** The texts of the plan-vs-actual row of a unit. */
async function actualRow(page: Page, unit: string): Promise<string> {
  const row = page.getByTestId('plans-actual').locator('tbody tr').filter({ hasText: unit })
  return (await row.count()) === 0 ? '' : (await row.first().innerText()).replace(/\s+/g, ' ')
}

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: capital plans journey`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    let f: LendingFixture
    const pageErrors: string[] = []
    let shot = 0
    const screenshot = async (name: string) => {
      shot += 1
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-plans-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' })
    }

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const old of readdirSync(ARTIFACTS)) if (old.startsWith(`${backend}-plans-`)) rmSync(path.join(ARTIFACTS, old), { force: true })
      ;({ database, server } = await startTestServer(backend, 'Admin-pass-2026'))
      f = await lendingFixture(server.tdcs.db)
      ;({ profileDir, context, page } = await launchChromium(pageErrors, 1000))
    })
    afterEach(async (t) => {
      if (t.task.result?.state === 'fail') await screenshot(`FAILED-${t.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`)
    })
    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it("has the provincial officer allocate the year's plan to the transaction office", async () => {
      await page.goto(server.url)
      await logIn(page, 'branch')
      await page.getByRole('menuitem', { name: 'Kế hoạch vốn' }).click()
      await see(page, 'Kế hoạch vốn và thực hiện')
      await page.getByRole('button', { name: 'Giao kế hoạch' }).click()
      const modal = page.getByRole('dialog').filter({ hasText: 'Giao kế hoạch vốn' })
      await modal.waitFor()
      await choose(page, modal, 'Đơn vị', 'PGD Cao Lộc', 'PGD')
      await choose(page, modal, 'Chương trình', 'POOR — Cho vay hộ nghèo', 'POOR — Cho vay hộ nghèo')
      await modal.getByLabel('Số tiền kế hoạch').fill('500.000.000')
      await modal.getByLabel('Số quyết định').fill('15/QĐ-NHCS')
      await modal.getByLabel('Căn cứ').fill('Kế hoạch tín dụng năm')
      await modal.getByRole('button', { name: 'Lưu' }).click()
      await see(page, 'Đã lưu kế hoạch.')
      await expect.poll(() => actualRow(page, 'PGD Cao Lộc'), { timeout: WAIT_MS }).toContain('500.000.000 ₫')
      expect(await actualRow(page, 'PGD Cao Lộc')).toMatch(/PGD Cao Lộc POOR 500\.000\.000 ₫ 0 ₫ 0 ₫ 0 ₫ 500\.000\.000 ₫/)
      await see(page.getByTestId('plans-lines'), '15/QĐ-NHCS')
      await screenshot('plan-entered')
    })

    it('moves plan vs actual after a disbursement in the commune', async () => {
      await f.openLoan('poor', 'POOR', 30_000_000n, today(), 12, 6)
      await page.reload()
      await expect.poll(() => actualRow(page, 'PGD Cao Lộc'), { timeout: WAIT_MS }).toMatch(/500\.000\.000 ₫ 30\.000\.000 ₫ 0 ₫ 30\.000\.000 ₫ 470\.000\.000 ₫/)
      await page.getByRole('img', { name: 'Biểu đồ kế hoạch và thực hiện' }).waitFor()
      await screenshot('plan-vs-actual')
    })

    it("sets the office's targets for the year and the province's warn-or-block rule", async () => {
      await page.getByRole('button', { name: 'Giao chỉ tiêu' }).click()
      const modal = page.getByRole('dialog').filter({ hasText: 'Giao chỉ tiêu năm' })
      await modal.waitFor()
      await choose(page, modal, 'Đơn vị', 'PGD Cao Lộc', 'PGD')
      await modal.getByLabel('Chỉ tiêu doanh số cho vay').fill('400.000.000')
      await modal.getByLabel('Chỉ tiêu doanh số thu nợ').fill('150.000.000')
      await modal.getByLabel('Hộ thoát nghèo').fill('12')
      await modal.getByLabel('Số quyết định').fill('16/QĐ-NHCS')
      await modal.getByLabel('Căn cứ').fill('Kế hoạch tín dụng năm')
      await modal.getByRole('button', { name: 'Lưu' }).click()
      await see(page, 'Đã lưu chỉ tiêu.')
      await see(page.getByTestId('plans-targets'), '400.000.000 ₫')
      await see(page.getByTestId('plans-targets'), '12 hộ thoát nghèo')

      await page.getByRole('button', { name: 'Ban hành quy định' }).click()
      const rule = page.getByRole('dialog').filter({ hasText: 'Ban hành quy định kiểm soát kế hoạch vốn' })
      await rule.waitFor()
      await choose(page, rule, 'Phạm vi áp dụng', '20 — Chi nhánh Lạng Sơn', 'Lạng Sơn')
      await rule.getByText('Chặn giải ngân').click()
      const [y, m, d] = today().split('-')
      const from = rule.getByLabel('Hiệu lực từ ngày')
      await from.click()
      await from.fill(`${d}/${m}/${y}`)
      await from.press('Enter')
      await rule.getByLabel('Căn cứ').fill('Văn bản 100/NHCS-KHNV')
      await rule.getByRole('button', { name: 'Lưu' }).click()
      await see(page, 'Đã lưu quy định kiểm soát kế hoạch vốn.')
      await see(page.getByTestId('plans-rules'), 'Chặn giải ngân')
      await see(page.getByTestId('plans-rules'), 'Văn bản 100/NHCS-KHNV')
      await screenshot('targets-rule')
    })

    it("refuses a counter disbursement over the commune's remaining plan under the blocking rule, naming the room left", async () => {
      // The commune gets a plan of its own: 40.000.000 ₫, of which the 30.000.000 ₫ above is spent.
      await createPlanLine(server.tdcs.db, f.ctx.branch(), {
        unitId: f.commune, year: Number(today().slice(0, 4)), quarter: null, programCode: 'POOR', capitalSourceCode: null, amountDong: 40_000_000n, decisionNumber: '17/QĐ-NHCS', legalBasis: 'Kế hoạch tín dụng năm',
      })
      const loanId = await f.approveLoan('poor', 'POOR', 20_000_000n, today(), 12, 6)
      await page.getByRole('button', { name: 'Đăng xuất' }).click()
      await page.waitForURL((url) => url.pathname === '/login')
      await logIn(page, 'teller')
      await page.goto(`${server.url}/loans?id=${loanId}`)
      await page.getByRole('button', { name: 'Giải ngân', exact: true }).click()
      const modal = page.getByRole('dialog').filter({ hasText: 'Giải ngân' })
      await modal.waitFor()
      expect(await modal.getByLabel('Số tiền (đồng)').inputValue()).toBe('20.000.000')
      await modal.getByRole('button', { name: 'Giải ngân', exact: true }).click()
      await see(modal, 'Theo quy định hiện hành, không được giải ngân vượt kế hoạch vốn còn lại (10.000.000 ₫).')
      await screenshot('room-blocked')
      const loan = await server.tdcs.db.selectFrom('loans').select('disbursed_dong').where('id', '=', loanId).executeTakeFirstOrThrow()
      expect(loan.disbursed_dong).toBe(0n)
      await modal.getByRole('button', { name: 'Hủy' }).click()
      await page.getByRole('button', { name: 'Đăng xuất' }).click()
      await page.waitForURL((url) => url.pathname === '/login')
      await logIn(page, 'branch')
      await page.getByRole('menuitem', { name: 'Kế hoạch vốn' }).click()
      await see(page, 'Kế hoạch vốn và thực hiện')
    })

    it('reads the page in English once switched', async () => {
      await page.getByText('EN', { exact: true }).click()
      await see(page, 'Capital plans and actual')
      await see(page, 'Remaining room')
      await expect.poll(() => actualRow(page, 'PGD Cao Lộc'), { timeout: WAIT_MS }).toContain('470.000.000 ₫')
      await screenshot('english')
      await page.getByText('VI', { exact: true }).click()
      await see(page, 'Còn được giải ngân')
    })

    it('raised no uncaught error in the page', () => {
      expect(pageErrors).toEqual([])
    })
  })
}

// Capital in a real Chromium against a real server. The provincial branch's officer records the
// province's budget fund with its agreement, receives its first tranche at the branch, allocates
// part of it to the transaction office, and reads the fund statement — for the whole fund, for the
// office with the drill-down to a journal entry's postings; then plans the office's year and sees
// plan vs actual (and the office's fund balance) move after a loan from the fund is disbursed;
// then once in English; back in Vietnamese, amends the fund's agreement, records a firm's
// contribution and returns capital to the owner.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, choose, chromiumMissing, closeSession, launchChromium, logIn, see, startTestServer, WAIT_MS } from '../support/browser.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

/** Today in Vietnam, dd/mm/yyyy: the movements are dated today so the default statement range holds them. */
function todayVn(): string {
  const now = new Date(Date.now() + 7 * 3600_000)
  return `${String(now.getUTCDate()).padStart(2, '0')}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${now.getUTCFullYear()}`
}

/** The submit button of a movement form, once it is not busy with a previous submission. */
async function submitForm(page: Page, form: 'receipts' | 'allocations' | 'contributions' | 'returns'): Promise<void> {
  const button = page.locator(`form#${form} button[type=submit]`)
  await expect.poll(async () => (await button.getAttribute('class')) ?? '', { timeout: WAIT_MS }).not.toContain('ant-btn-loading')
  await button.click()
}

async function fillDate(scope: Page | Locator, label: string, value: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  await input.click()
  await input.fill(value)
  await input.press('Enter')
}

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: capital journey`, () => {
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
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-capital-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' })
    }

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const old of readdirSync(ARTIFACTS)) if (old.startsWith(`${backend}-capital-`)) rmSync(path.join(ARTIFACTS, old), { force: true })
      ;({ database, server } = await startTestServer(backend, 'Admin-pass-2026'))
      f = await lendingFixture(server.tdcs.db)
      ;({ profileDir, context, page } = await launchChromium(pageErrors, 1100))
    })
    afterEach(async (t) => {
      if (t.task.result?.state === 'fail') await screenshot(`FAILED-${t.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`)
    })
    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it('records the province\'s budget fund with its agreement', async () => {
      await page.goto(server.url)
      await logIn(page, 'branch')
      await page.getByRole('menuitem', { name: /Nguồn vốn$/ }).click()
      await see(page, 'Nguồn vốn Trung ương')
      await page.getByRole('tab', { name: 'Ghi nhận quỹ địa phương' }).click()
      await page.getByLabel('Mã', { exact: true }).fill('LS_BUDGET')
      await choose(page, page, 'Chủ sở hữu (UBND)', '20 — Chi nhánh Lạng Sơn', 'Lạng Sơn')
      await page.getByLabel('Tên nguồn vốn', { exact: true }).fill('Vốn ngân sách tỉnh Lạng Sơn ủy thác')
      await page.getByLabel('Tên tiếng Anh', { exact: true }).fill('Lạng Sơn province budget')
      await page.getByLabel('Số thỏa thuận', { exact: true }).fill('01/2026/TTUT-UBND')
      await fillDate(page, 'Ngày ký', '02/01/2026')
      await fillDate(page, 'Hiệu lực từ', '02/01/2026')
      await page.getByLabel('Căn cứ pháp lý', { exact: true }).fill('Quyết định 12/QĐ-UBND tỉnh Lạng Sơn')
      await choose(page, page, 'Đơn vị ngân hàng quản lý', '20 — Chi nhánh Lạng Sơn', 'Lạng Sơn')
      await screenshot('record-fund')
      await page.getByRole('button', { name: 'Ghi nhận quỹ' }).click()
      await see(page, 'Đã ghi nhận quỹ và thỏa thuận ủy thác.')
      const row = page.getByRole('row').filter({ hasText: 'LS_BUDGET' })
      await see(row, 'Ngân sách địa phương')
      await see(row, '01/2026/TTUT-UBND · 02/01/2026')
      await see(row, 'Lãi: 50 % bổ sung vốn · 20 % dự phòng · 30 % phí quản lý')
    })

    it('receives the first tranche at the branch and allocates part of it to the transaction office', async () => {
      await page.getByRole('tab', { name: 'Nhận vốn, phân bổ' }).click()
      await choose(page, page, 'Nhận vốn Nguồn vốn', 'LS_BUDGET', 'LS_BUDGET')
      await choose(page, page, 'Nhận vốn Đơn vị', '20 — Chi nhánh Lạng Sơn', 'Lạng Sơn')
      await page.getByLabel('Nhận vốn Số tiền (đồng)', { exact: true }).fill('2.000.000.000')
      await fillDate(page, 'Nhận vốn Ngày', todayVn())
      await page.getByLabel('Nhận vốn Diễn giải', { exact: true }).fill('UBND tỉnh chuyển vốn đợt 1')
      await submitForm(page, 'receipts')
      await see(page, 'Đã ghi nhận nhận vốn.')
      await choose(page, page, 'Phân bổ vốn Nguồn vốn', 'LS_BUDGET', 'LS_BUDGET')
      await choose(page, page, 'Đơn vị phân bổ', '20 — Chi nhánh Lạng Sơn', 'Lạng Sơn')
      await choose(page, page, 'Đơn vị nhận', 'PGD-CL — PGD Cao Lộc', 'PGD-CL')
      await page.getByLabel('Phân bổ vốn Số tiền (đồng)', { exact: true }).fill('2.500.000.000')
      await fillDate(page, 'Phân bổ vốn Ngày', todayVn())
      await page.getByLabel('Phân bổ vốn Diễn giải', { exact: true }).fill('Phân bổ PGD Cao Lộc')
      await submitForm(page, 'allocations')
      await see(page, 'Số vốn phân bổ vượt số vốn còn lại của đơn vị phân bổ.')
      await page.getByLabel('Phân bổ vốn Số tiền (đồng)', { exact: true }).fill('500.000.000')
      await submitForm(page, 'allocations')
      await see(page, 'Đã phân bổ vốn.')
      await screenshot('allocated')
    })

    it('reads the fund statement for the whole fund and for the office, down to an entry\'s postings', async () => {
      await page.getByRole('tab', { name: 'Sao kê nguồn vốn' }).click()
      await choose(page, page, 'Sao kê nguồn vốn Nguồn vốn', 'LS_BUDGET', 'LS_BUDGET')
      await page.getByRole('button', { name: 'Xem sao kê' }).click()
      await expect.poll(() => page.getByTestId('capital-closing').textContent(), { timeout: WAIT_MS }).toBe('2.000.000.000 ₫')
      await see(page.getByRole('row').filter({ hasText: 'UBND tỉnh chuyển vốn đợt 1' }), 'Nhận vốn')
      await choose(page, page, 'Sao kê nguồn vốn Đơn vị', 'PGD-CL — PGD Cao Lộc', 'PGD-CL')
      await page.getByRole('button', { name: 'Xem sao kê' }).click()
      await expect.poll(() => page.getByTestId('capital-closing').textContent(), { timeout: WAIT_MS }).toBe('500.000.000 ₫')
      const line = page.getByRole('row').filter({ hasText: 'Phân bổ PGD Cao Lộc' })
      await see(line, 'Nhận phân bổ')
      await line.getByRole('button').first().click()
      await see(page, 'cash|unit=')
      await see(page, '-500.000.000 ₫')
      await expect(page.getByRole('link', { name: /Xuất Excel/ }).getAttribute('href')).resolves.toContain('/api/v1/capital/statement.xlsx?source=LS_BUDGET')
      await screenshot('statement')
    })

    it('plans the year for the office and sees plan vs actual move after a disbursement from the fund', async () => {
      await page.getByRole('menuitem', { name: 'Kế hoạch vốn' }).click()
      await see(page, 'Kế hoạch vốn và thực hiện')
      await page.getByRole('button', { name: 'Giao kế hoạch' }).click()
      const modal = page.getByRole('dialog').filter({ hasText: 'Giao kế hoạch vốn' })
      await modal.waitFor()
      await choose(page, modal, 'Đơn vị', 'PGD Cao Lộc', 'PGD')
      await choose(page, modal, 'Chương trình', 'POOR — Cho vay hộ nghèo')
      await modal.getByLabel('Số tiền kế hoạch').fill('500.000.000')
      await modal.getByLabel('Số quyết định').fill('01/QĐ-UBND')
      await modal.getByLabel('Căn cứ').fill('Kế hoạch vốn ngân sách tỉnh')
      await modal.getByRole('button', { name: 'Lưu' }).click()
      await see(page, 'Đã lưu kế hoạch.')
      const officeRow = async () => {
        const row = page.getByTestId('plans-actual').locator('tbody tr').filter({ hasText: 'PGD Cao Lộc' })
        return (await row.count()) === 0 ? '' : (await row.first().innerText()).replace(/\s+/g, ' ')
      }
      await expect.poll(officeRow, { timeout: WAIT_MS }).toMatch(/500\.000\.000 ₫ 0 ₫ 0 ₫ 0 ₫ 500\.000\.000 ₫/)
      // A poor household of the commune borrows 40.000.000 ₫ from the province's fund (the lending use-cases).
      const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)
      await f.openLoan('poor', 'POOR', 40_000_000n, today, 12, 6, { capitalSource: 'LS_BUDGET' })
      await page.reload()
      await expect.poll(officeRow, { timeout: WAIT_MS }).toMatch(/500\.000\.000 ₫ 40\.000\.000 ₫ 0 ₫ 40\.000\.000 ₫ 460\.000\.000 ₫/)
      await screenshot('plan-vs-actual')
      // The office's share of the fund lent 40.000.000 ₫: its balance falls to 460.000.000 ₫.
      await page.getByRole('menuitem', { name: /Nguồn vốn$/ }).click()
      await page.getByRole('tab', { name: 'Sao kê nguồn vốn' }).click()
      await choose(page, page, 'Sao kê nguồn vốn Nguồn vốn', 'LS_BUDGET', 'LS_BUDGET')
      await choose(page, page, 'Sao kê nguồn vốn Đơn vị', 'PGD-CL — PGD Cao Lộc', 'PGD-CL')
      await page.getByRole('button', { name: 'Xem sao kê' }).click()
      await expect.poll(() => page.getByTestId('capital-closing').textContent(), { timeout: WAIT_MS }).toBe('460.000.000 ₫')
    })

    it('shows the statement in English', async () => {
      await page.getByText('EN', { exact: true }).click()
      await see(page, 'Capital sources and local funds')
      await see(page, 'Closing fund balance')
      await see(page, 'Allocated in')
      await screenshot('statement-en')
      expect(pageErrors).toEqual([])
    })

    it('amends the fund\'s agreement, records a firm\'s contribution and returns capital to the owner', async () => {
      await page.getByText('VI', { exact: true }).click()
      await see(page, 'Nguồn vốn và quỹ ủy thác địa phương')
      await page.getByRole('tab', { name: 'Sửa đổi thỏa thuận' }).click()
      const amend = page.locator('form#amend')
      await choose(page, amend, 'Phụ lục Quỹ địa phương', 'LS_BUDGET', 'LS_BUDGET')
      await see(page.getByTestId('capital-agreement-in-force'), '01/2026/TTUT-UBND')
      await amend.getByLabel('Phụ lục Số thỏa thuận', { exact: true }).fill('02/2026/TTUT-UBND')
      await fillDate(amend, 'Phụ lục Ngày ký', todayVn())
      await fillDate(amend, 'Phụ lục Hiệu lực từ', todayVn())
      await amend.getByLabel('Phụ lục Căn cứ pháp lý', { exact: true }).fill('Quyết định 45/QĐ-UBND tỉnh Lạng Sơn')
      await amend.getByLabel('Phụ lục Bổ sung nguồn vốn (%)', { exact: true }).fill('60')
      await amend.getByLabel('Phụ lục Trích dự phòng rủi ro (%)', { exact: true }).fill('10')
      await page.getByRole('button', { name: 'Ghi nhận phụ lục thỏa thuận' }).click()
      await see(page, 'Đã ghi nhận phiên bản mới của thỏa thuận ủy thác.')
      const row = page.getByRole('row').filter({ hasText: 'LS_BUDGET' })
      await see(row, `02/2026/TTUT-UBND · ${todayVn()}`)
      await see(row, 'Lãi: 60 % bổ sung vốn · 10 % dự phòng · 30 % phí quản lý')

      await page.getByRole('tab', { name: 'Nhận vốn, phân bổ' }).click()
      const c = 'Vốn huy động, đóng góp'
      await choose(page, page, `${c} Nguồn vốn`, 'LS_BUDGET', 'LS_BUDGET')
      await choose(page, page, `${c} Đơn vị`, '20 — Chi nhánh Lạng Sơn', 'Lạng Sơn')
      await choose(page, page, `${c} Bên đóng góp`, 'Doanh nghiệp', 'Doanh')
      await page.getByLabel(`${c} Tên tổ chức, doanh nghiệp, cá nhân`, { exact: true }).fill('Công ty CP Xi măng Đồng Bành')
      await page.getByLabel(`${c} Số tiền (đồng)`, { exact: true }).fill('50.000.000')
      await fillDate(page, `${c} Ngày`, todayVn())
      await page.getByLabel(`${c} Diễn giải`, { exact: true }).fill('Doanh nghiệp đóng góp quỹ')
      await submitForm(page, 'contributions')
      await see(page, 'Đã ghi nhận vốn huy động, đóng góp.')

      const r = 'Hoàn trả vốn'
      await choose(page, page, `${r} Nguồn vốn`, 'LS_BUDGET', 'LS_BUDGET')
      await choose(page, page, `${r} Đơn vị`, '20 — Chi nhánh Lạng Sơn', 'Lạng Sơn')
      await page.getByLabel(`${r} Số tiền (đồng)`, { exact: true }).fill('100.000.000')
      await fillDate(page, `${r} Ngày`, todayVn())
      await page.getByLabel(`${r} Diễn giải`, { exact: true }).fill('Hoàn trả UBND tỉnh')
      await submitForm(page, 'returns')
      await see(page, 'Đã ghi nhận hoàn trả vốn cho chủ sở hữu.')
      await screenshot('amend-contribute-return')
      expect(pageErrors).toEqual([])
    })
  })
}

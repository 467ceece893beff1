// Places and the bank network in a real Chromium against a real server. The administrative units
// are seeded by the import use-case on the server's database (nothing is imported through the
// UI); the administrator browses both address layers, then builds a branch, an office, assigns
// two wards and opens a transaction point with its monthly day. Screenshots go to test/artifacts/.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, chromiumMissing, closeSession, launchChromium, see, startTestServer, WAIT_MS } from '../support/browser.js'
import { importRealPlaces } from '../support/places.js'

const ADMIN_PASSWORD = 'Admin-pass-2026'



/** Picks an option of an antd Select by typing to filter and pressing Enter. */
async function choose(page: Page, scope: Locator, label: string, typed: string, optionText = typed): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  await input.click()
  await input.fill(typed)
  await page.locator('.ant-select-dropdown:visible').getByText(optionText, { exact: false }).first().waitFor({ timeout: WAIT_MS })
  await input.press('Enter')
}

function dialog(page: Page, title: string): Locator {
  return page.getByRole('dialog').filter({ has: page.getByText(title, { exact: true }) })
}

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: places and network journey`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    const pageErrors: string[] = []
    let shot = 0
    const prefix = `places-${backend}-`
    const screenshot = async (name: string) => {
      shot += 1
      await page.screenshot({ path: path.join(ARTIFACTS, `${prefix}${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' })
    }

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const old of readdirSync(ARTIFACTS)) if (old.startsWith(prefix) && old.endsWith('.png')) rmSync(path.join(ARTIFACTS, old))
      ;({ database, server } = await startTestServer(backend, ADMIN_PASSWORD))
      await importRealPlaces(server.tdcs.db)
      ;({ profileDir, context, page } = await launchChromium(pageErrors, 860))
      await page.goto(server.url)
      await page.getByLabel('Tên đăng nhập', { exact: true }).fill('admin')
      await page.getByLabel('Mật khẩu', { exact: true }).fill(ADMIN_PASSWORD)
      await page.getByRole('button', { name: 'Đăng nhập' }).click()
      await see(page, 'Xin chào, Quản trị hệ thống')
    })

    afterEach(async (ctx) => {
      if (ctx.task.result?.state === 'fail') await screenshot(`FAILED-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`)
    })

    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it('lists the current provinces and a province\'s communes with their type and area', async () => {
      await page.getByRole('menuitem', { name: 'Địa giới hành chính' }).click()
      expect(new URL(page.url()).pathname).toBe('/places')
      await page.getByRole('row').filter({ hasText: 'Tỉnh Lạng Sơn' }).click()
      const communes = page.locator('.ant-card').filter({ hasText: 'Xã, phường, đặc khu — Tỉnh Lạng Sơn' })
      await see(communes, 'Phường Đông Kinh')
      await see(communes, 'Tổng số 65 bản ghi')
      const row = communes.getByRole('row').filter({ hasText: 'Phường Đông Kinh' })
      await see(row, 'Thành thị')
      await screenshot('places-current')
    })

    it('finds a ward without diacritics and shows the former wards it was formed from', async () => {
      await page.getByLabel('Tìm xã theo tên (có hoặc không dấu) hoặc theo mã').fill('an phu dong')
      await page.getByRole('button', { name: 'Liên kết: Phường An Phú Đông' }).click()
      const drawer = page.getByRole('dialog').filter({ hasText: 'Hình thành từ các đơn vị cũ' })
      await see(drawer, 'Phường Thạnh Lộc')
      await see(drawer, 'Quận 12')
      await see(drawer, 'Toàn bộ')
      await see(drawer, 'Hình thành từ nhiều xã cũ của cùng một huyện')
      await screenshot('places-predecessors')
      await page.keyboard.press('Escape')
      await drawer.waitFor({ state: 'hidden' })
    })

    it('walks the former layer province → district → ward and shows where Quận 12 went', async () => {
      await page.getByRole('tab', { name: 'Đơn vị cũ (đến 30/6/2025)' }).click()
      await page.getByRole('row').filter({ hasText: 'Thành phố Hồ Chí Minh' }).click()
      await page.getByRole('row').filter({ hasText: 'Quận 12' }).filter({ hasText: 'Quận' }).first().click()
      const communes = page.locator('.ant-card').filter({ hasText: 'Xã, phường, thị trấn — Quận 12' })
      await see(communes, 'Phường Thạnh Lộc')
      await see(communes, 'Tổng số 11 bản ghi')
      await page.getByRole('button', { name: 'Liên kết: Quận 12' }).click()
      const drawer = page.getByRole('dialog').filter({ hasText: 'Các xã, phường hiện hành nhận địa bàn của huyện' })
      for (const ward of ['Phường An Phú Đông', 'Phường Thới An', 'Phường Tân Thới Hiệp', 'Phường Trung Mỹ Tây', 'Phường Đông Hưng Thuận']) await see(drawer, ward)
      await screenshot('places-historical-district')
      await page.keyboard.press('Escape')
      await drawer.waitFor({ state: 'hidden' })
    })

    it('creates the Hồ Chí Minh City branch and a transaction office', async () => {
      await page.getByRole('menuitem', { name: 'Mạng lưới giao dịch' }).click()
      await see(page, 'Chưa có chi nhánh nào.')
      await page.getByRole('button', { name: 'Tạo chi nhánh' }).click()
      const branchModal = dialog(page, 'Tạo chi nhánh')
      await choose(page, branchModal, 'Tỉnh, thành phố', 'Hồ Chí Minh')
      await branchModal.getByRole('button', { name: 'Tạo chi nhánh' }).click()
      await see(page, 'Đã tạo Chi nhánh Hồ Chí Minh.')
      await see(page.getByRole('table'), 'Chi nhánh Hồ Chí Minh', { exact: true })

      await page.getByRole('button', { name: 'Thêm phòng giao dịch: Chi nhánh Hồ Chí Minh' }).click()
      const officeModal = dialog(page, 'Thêm phòng giao dịch')
      await officeModal.getByLabel('Mã').fill('PGD-Q12')
      await officeModal.getByLabel('Tên phòng giao dịch').fill('Phòng giao dịch Quận 12')
      await officeModal.getByRole('button', { name: 'Thêm phòng giao dịch' }).click()
      await see(page, 'Đã thêm Phòng giao dịch Quận 12.')
      await officeModal.waitFor({ state: 'hidden' })
      await see(page.getByRole('table'), 'Phòng giao dịch Quận 12', { exact: true })
      await screenshot('network-branch-office')
    })

    it('assigns two wards to the office', async () => {
      await page.getByRole('button', { name: 'Giao xã phục vụ: Phòng giao dịch Quận 12' }).click()
      const modal = dialog(page, 'Giao xã phục vụ')
      await choose(page, modal, 'Các xã', '26767', 'Phường An Phú Đông')
      await choose(page, modal, 'Các xã', '26773', 'Phường Thới An')
      await screenshot('network-assign-communes')
      // Close the still-open option list (it covers the buttons) by clicking the dialog's title.
      await modal.getByText('Giao xã phục vụ', { exact: true }).click()
      await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' })
      await modal.getByRole('button', { name: 'Giao xã' }).click()
      await see(page, 'Đã giao 2 xã cho Phòng giao dịch Quận 12.')
      await modal.waitFor({ state: 'hidden' })
      const table = page.getByRole('table')
      await see(table, 'Phường An Phú Đông', { exact: true })
      await see(table, 'Phường Thới An', { exact: true })
    })

    it('opens a transaction point with its monthly day and hour, and adds a village with its former ward', async () => {
      await page.getByRole('button', { name: 'Thêm điểm giao dịch: Phường An Phú Đông' }).click()
      const modal = dialog(page, 'Thêm điểm giao dịch')
      await modal.getByLabel('Địa điểm giao dịch').fill('Trụ sở UBND phường An Phú Đông cũ')
      await choose(page, modal, 'Phục vụ xã cũ', '26779', 'Phường An Phú Đông')
      await modal.getByLabel('Ngày giao dịch hằng tháng').fill('15')
      await modal.getByLabel('Giờ bắt đầu').fill('07:30')
      await modal.getByRole('button', { name: 'Thêm điểm giao dịch' }).click()
      await see(page, 'Đã thêm điểm giao dịch Trụ sở UBND phường An Phú Đông cũ.')
      await modal.waitFor({ state: 'hidden' })
      const row = page.getByRole('row').filter({ hasText: 'Trụ sở UBND phường An Phú Đông cũ' })
      await see(row, 'Ngày 15 hằng tháng, 07:30')

      await page.getByRole('button', { name: 'Thêm thôn: Phường An Phú Đông' }).click()
      const village = dialog(page, 'Thêm thôn')
      await village.getByLabel('Tên thôn, bản, tổ dân phố').fill('Khu phố 1')
      // The ward merged two former wards: the form asks which one before anything is sent. Under
      // load the first click can land while the dialog is still opening, so it may take a second.
      const required = village.getByText('Vui lòng chọn thuộc xã cũ (trước 01/7/2025).')
      for (let attempt = 0; attempt < 3 && !(await required.isVisible()); attempt++) {
        await village.getByRole('button', { name: 'Thêm thôn' }).click()
        await required.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {})
      }
      await see(village, 'Vui lòng chọn thuộc xã cũ (trước 01/7/2025).')
      await choose(page, village, 'Thuộc xã cũ (trước 01/7/2025)', '26767', 'Phường Thạnh Lộc')
      await village.getByRole('button', { name: 'Thêm thôn' }).click()
      await see(page, 'Đã thêm Khu phố 1.')
      await village.waitFor({ state: 'hidden' })
      await page.getByRole('row').filter({ hasText: 'Phường An Phú Đông' }).first().getByRole('button', { name: /mở rộng|expand/i }).click()
      await see(page.getByRole('table'), 'Thuộc Phường Thạnh Lộc cũ')
      await screenshot('network-tree')
      expect(pageErrors).toEqual([])
    })
  })
}

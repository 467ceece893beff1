// The foundation journey in a real Chromium against a real server: an administrator builds a
// branch down to a commune and creates a commune officer, who then sees only their commune.
// Screenshots of each step go to test/artifacts/ (git-ignored) for a human to look at.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, chromiumMissing, CHROMIUM, closeSession, launchChromium, see, startTestServer, WAIT_MS } from '../support/browser.js'

const ADMIN_PASSWORD = 'Admin-pass-2026'

const officer = { username: 'canbo.dongdang', fullName: 'Nguyễn Thị Hoa', password: 'Dongdang-2026' }
const province = { code: '20', name: 'Chi nhánh Lạng Sơn' }
const office = { code: '2001', name: 'Phòng giao dịch Cao Lộc' }
const commune = { code: '200101', name: 'Xã Đồng Đăng' }



/** The foundation's pages; later features add their own entries to the menu. */
const FOUNDATION_MENU = ['Tổng quan', 'Đơn vị', 'Người dùng', 'Phê duyệt', 'Nhật ký kiểm toán']

/** The labels of the side menu, in order. */
async function menuLabels(page: Page): Promise<string[]> {
  const items = page.getByRole('menu').getByRole('menuitem')
  await items.first().waitFor({ timeout: WAIT_MS })
  return (await items.allInnerTexts()).map((s) => s.trim())
}

/** Picks an option of an antd Select the way a keyboard user does: type to filter, Enter. */
async function choose(page: Page, scope: Locator, label: string, optionText: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  await input.click()
  await input.fill(optionText)
  await page.locator('.ant-select-dropdown:visible').getByText(optionText, { exact: false }).first().waitFor({ timeout: WAIT_MS })
  await input.press('Enter')
}

async function login(page: Page, username: string, password: string, labels = { username: 'Tên đăng nhập', password: 'Mật khẩu', submit: 'Đăng nhập' }) {
  await page.getByLabel(labels.username, { exact: true }).fill(username)
  await page.getByLabel(labels.password, { exact: true }).fill(password)
  await page.getByRole('button', { name: labels.submit }).click()
}

/** A modal dialog by its title. */
function dialog(page: Page, title: string): Locator {
  return page.getByRole('dialog').filter({ has: page.getByText(title, { exact: true }) })
}

if (chromiumMissing && process.env.CI) {
  describe('browser tests', () => {
    it('find Chromium at /usr/bin/chromium', () => {
      expect.fail(`CI must run the browser tests, but there is no Chromium at ${CHROMIUM}.`)
    })
  })
}

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: foundation journey`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    const pageErrors: string[] = []
    let shot = 0
    const screenshot = async (name: string) => {
      shot += 1
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' })
    }

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      // Only this suite's own pictures (`pglite-01-login.png`): the other suites run alongside and keep theirs.
      for (const old of readdirSync(ARTIFACTS)) if (new RegExp(`^${backend}-\\d{2}-.*\\.png$`).test(old)) rmSync(path.join(ARTIFACTS, old), { force: true })
      ;({ database, server } = await startTestServer(backend, ADMIN_PASSWORD))
      ;({ profileDir, context, page } = await launchChromium(pageErrors, 860))
    })

    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it('opens on the login page in Vietnamese', async () => {
      await page.goto(server.url)
      await see(page, 'Hệ thống quản lý tín dụng chính sách xã hội')
      await page.getByLabel('Tên đăng nhập').waitFor()
      expect(new URL(page.url()).pathname).toBe('/login')
      await screenshot('login')
    })

    it('refuses a wrong password with the server message', async () => {
      await login(page, 'admin', 'not-the-password-1')
      await see(page, 'Tên đăng nhập hoặc mật khẩu không đúng.')
    })

    it('logs the administrator in and shows the full menu and the dashboard', async () => {
      await login(page, 'admin', ADMIN_PASSWORD)
      await see(page, 'Xin chào, Quản trị hệ thống')
      const menu = await menuLabels(page)
      for (const item of FOUNDATION_MENU) expect(menu).toContain(item)
      await see(page, 'Hội sở chính NHCSXH')
      await see(page, 'Hoạt động bình thường')
      await see(page, backend === 'pglite' ? 'PGlite (nhúng, dùng thử)' : 'PostgreSQL')
      // Today's date in dd/mm/yyyy, Vietnam time.
      const today = new Date(Date.now() + 7 * 3600_000)
      const ddmmyyyy = `${String(today.getUTCDate()).padStart(2, '0')}/${String(today.getUTCMonth() + 1).padStart(2, '0')}/${today.getUTCFullYear()}`
      await see(page, ddmmyyyy)
      await screenshot('dashboard')
    })

    it('builds a province branch, a transaction office and a commune on the units page', async () => {
      await page.getByRole('menuitem', { name: 'Đơn vị' }).click()
      await see(page, 'Hội sở chính NHCSXH')
      expect(new URL(page.url()).pathname).toBe('/units')

      const addUnder = async (parentName: string, unit: { code: string; name: string }, kindLabel: string) => {
        await page.getByRole('button', { name: `Thêm đơn vị trực thuộc: ${parentName}` }).click()
        const modal = dialog(page, 'Thêm đơn vị')
        await modal.waitFor()
        // The only kind allowed under the parent is chosen already.
        await see(modal, kindLabel, { exact: true })
        await modal.getByLabel('Mã đơn vị').fill(unit.code)
        await modal.getByLabel('Tên đơn vị').fill(unit.name)
        await modal.getByRole('button', { name: 'Thêm đơn vị' }).click()
        await see(page, `Đã thêm đơn vị ${unit.name}.`)
        await modal.waitFor({ state: 'hidden' })
        await see(page.getByRole('table'), unit.name, { exact: true })
      }
      await addUnder('Hội sở chính NHCSXH', province, 'Chi nhánh tỉnh')
      await addUnder(province.name, office, 'Phòng giao dịch')
      await addUnder(office.name, commune, 'Xã / điểm giao dịch')
      await see(page, '4 đơn vị trong phạm vi của bạn')
      await screenshot('units-admin')
    })

    it('creates a commune officer bound to the commune, showing the API field error for a weak password', async () => {
      await page.getByRole('menuitem', { name: 'Người dùng' }).click()
      await see(page.getByRole('table'), 'Hội sở chính NHCSXH')
      await page.getByRole('button', { name: 'Tạo người dùng' }).click()
      const modal = dialog(page, 'Tạo người dùng')
      await modal.waitFor()
      await modal.getByLabel('Tên đăng nhập').fill(officer.username)
      await modal.getByLabel('Họ và tên').fill(officer.fullName)
      await choose(page, modal, 'Vai trò', 'Cán bộ UBND xã')
      await choose(page, modal, 'Đơn vị', commune.name)
      await modal.getByLabel('Mật khẩu', { exact: true }).fill('matkhau1')
      await modal.getByRole('button', { name: 'Tạo người dùng' }).click()
      // The strength rule is the server's: its message lands on the password field.
      await see(modal, 'Mật khẩu phải có ít nhất 10 ký tự, gồm chữ và số.')
      await screenshot('create-user-weak-password')
      await modal.getByLabel('Mật khẩu', { exact: true }).fill(officer.password)
      await modal.getByRole('button', { name: 'Tạo người dùng' }).click()
      await see(page, `Đã tạo người dùng ${officer.username}.`)
      await modal.waitFor({ state: 'hidden' })
      const row = page.getByRole('row').filter({ hasText: officer.username })
      await see(row, officer.fullName)
      await see(row, 'Cán bộ UBND xã')
      await see(row, commune.name)
      await see(row, 'Đang hoạt động')
      await see(row, 'Chưa đăng nhập')
      await screenshot('users-admin')
    })

    it('logs out to the login page', async () => {
      await page.getByRole('button', { name: 'Đăng xuất' }).click()
      await page.waitForURL((url) => url.pathname === '/login')
      await see(page, 'Hệ thống quản lý tín dụng chính sách xã hội')
      await page.getByLabel('Tên đăng nhập', { exact: true }).waitFor()
    })

    it('gives the commune officer only the overview and their own commune', async () => {
      await login(page, officer.username, officer.password)
      await see(page, `Xin chào, ${officer.fullName}`)
      const menu = await menuLabels(page)
      expect(menu.slice(0, 2)).toEqual(['Tổng quan', 'Đơn vị'])
      for (const hidden of ['Người dùng', 'Phê duyệt', 'Nhật ký kiểm toán']) expect(menu).not.toContain(hidden)
      await see(page, 'Cán bộ UBND xã')
      await screenshot('dashboard-commune-officer')

      await page.getByRole('menuitem', { name: 'Đơn vị' }).click()
      const table = page.getByRole('table')
      await see(table, commune.name, { exact: true })
      await see(page, '1 đơn vị trong phạm vi của bạn')
      expect(await table.getByText(province.name).count()).toBe(0)
      expect(await table.getByText(office.name).count()).toBe(0)
      await screenshot('units-commune-officer')
    })

    it('refuses the users page to the commune officer even by address', async () => {
      await page.goto(`${server.url}/users`)
      await see(page, 'Không có quyền truy cập')
      expect(await menuLabels(page)).not.toContain('Người dùng')
    })

    it('switches the whole interface to English', async () => {
      await page.getByRole('menuitem', { name: 'Đơn vị' }).click()
      await see(page.getByRole('table'), commune.name, { exact: true })
      await page.getByText('EN', { exact: true }).click()
      await see(page, 'Log out', { exact: true })
      expect((await menuLabels(page)).slice(0, 2)).toEqual(['Overview', 'Units'])
      await see(page, 'Commune / transaction point')
      await see(page, '1 unit in your scope')
      await see(page, "Commune People's Committee officer")
      await screenshot('units-english')
    })

    it('keeps English for the login page after logging out', async () => {
      await page.getByRole('button', { name: 'Log out' }).click()
      await page.waitForURL((url) => url.pathname === '/login')
      await see(page, 'Social policy credit management system')
      await page.getByLabel('Username', { exact: true }).waitFor()
      await screenshot('login-english')
    })

    it('shows the administrator the user creation in the audit log, in their own language', async () => {
      await login(page, 'admin', ADMIN_PASSWORD, { username: 'Username', password: 'Password', submit: 'Log in' })
      // The administrator never switched language: their saved Vietnamese comes back.
      await see(page, 'Xin chào, Quản trị hệ thống')
      await page.getByRole('menuitem', { name: 'Nhật ký kiểm toán' }).click()
      await see(page.getByRole('table'), 'Tạo người dùng')
      await page.getByLabel('Hành động (tiền tố, vd. user.)').fill('user.create')
      await page.getByRole('button', { name: 'Lọc', exact: true }).click()
      await see(page, 'Tổng số 2 bản ghi')
      const row = page.getByRole('row').filter({ hasText: 'Tạo người dùng' }).first()
      await see(row, 'admin', { exact: true })
      await see(row, 'Quản trị hệ thống')
      // The newest first: expand it to see the created user.
      await row.getByRole('button', { name: 'Mở rộng dòng' }).click()
      await see(page, `"username": "${officer.username}"`)
      await see(page, '"role": "commune_officer"')
      await page.getByRole('button', { name: 'Kiểm tra chuỗi băm' }).click()
      await see(page, 'Nhật ký toàn vẹn')
      await see(page, /Chuỗi băm toàn vẹn: đã kiểm tra \d+ bản ghi/)
      await screenshot('audit-log')
    })

    it('raised no uncaught error in the page', () => {
      expect(pageErrors).toEqual([])
    })
  })
}

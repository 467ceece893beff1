// The lending journey in a real Chromium against a real server. A household of Xã Đồng Đăng is on
// the poor list and the central lending fund has received capital (seeded through the app). An
// administrator adds a dated version of a program's terms; the transaction-office officer reads the
// catalogue and takes the household's application (refused for the near-poor program, with the
// reason; then for the poor-household program, over its maximum first). The women's union officer
// records the group review, the commune officer confirms, the office officer appraises and sends it
// for approval; another officer approves it in the approval inbox. The office officer disburses
// 30.000.000 ₫ on 10/03/2026, closes March (22 days of interest: 121.000 ₫), and records a repayment
// of 5.170.500 ₫ on 10/04/2026 (31 days: 170.500 ₫ of interest, 5.000.000 ₫ of principal). The
// loan page shows the new balances, and the ledger verifies.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { verifyLedger } from '../../src/app/ledger.js'
import { receiveCapital } from '../../src/app/loans/loan-events.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { actor } from '../support/actors.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, chromiumMissing, closeSession, launchChromium, see, startTestServer, WAIT_MS } from '../support/browser.js'
import { seedClass, seedHousehold, seedProvince, seedUser } from '../support/poverty-fixtures.js'

const ADMIN_PASSWORD = 'Admin-pass-2026'
const COMMUNE = 'Xã Đồng Đăng'
const HEAD = 'Hoàng Văn An'
const HOUSEHOLD = 'DD-001'

/** Who does what: the maker and the checker are two officers of the same transaction office. */
const USERS = {
  officer: { username: 'canbo.pgd', password: 'Canbo-pgd-2026', role: 'office_officer' },
  union: { username: 'hoi.phunu', password: 'Hoi-phunu-2026', role: 'org_officer' },
  commune: { username: 'canbo.xa', password: 'Canbo-xa-2026', role: 'commune_officer' },
  checker: { username: 'truongphong.pgd', password: 'Truongphong-2026', role: 'office_officer' },
} as const

async function login(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(who.username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(who.password)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await see(page, `Xin chào, Cán bộ ${who.username}`)
}

async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Đăng xuất' }).click()
  await page.waitForURL((url) => url.pathname === '/login')
  await page.getByLabel('Tên đăng nhập', { exact: true }).waitFor()
}

async function openMenu(page: Page, label: string): Promise<void> {
  await page.getByRole('menuitem', { name: label }).click()
}

/** Types a dd/mm/yyyy date (or mm/yyyy month) into an antd DatePicker and commits it by leaving the field. */
async function pickDate(scope: Page | Locator, label: string, text: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  await input.click()
  await input.fill(text)
  await input.press('Tab')
  await expect.poll(() => input.inputValue(), { timeout: WAIT_MS }).toBe(text)
}

/** Opens an antd Select by its label, types (when it searches), clicks the option with exactly this text and waits for the list to close. */
async function choose(page: Page, scope: Page | Locator, label: string, typed: string | undefined, option: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  await input.click()
  if (typed !== undefined) await input.fill(typed)
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
  await item.first().waitFor({ timeout: WAIT_MS })
  await item.first().click()
  // An open list would take the next click (seen under load): wait until it has closed.
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: WAIT_MS }).toBe(0)
}

/** The OK button of the open Popconfirm. */
function popconfirmButton(page: Page, name: string): Locator {
  return page.locator('.ant-popconfirm:visible').getByRole('button', { name, exact: true })
}

function dialog(page: Page, title: string): Locator {
  return page.getByRole('dialog').filter({ has: page.getByText(title, { exact: true }) })
}

/** A balance card's value as shown ('25.000.000 ₫'). */
async function balance(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).locator('.ant-statistic-content').innerText()).trim()
}

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: lending journey`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    const pageErrors: string[] = []
    /** Idempotency-Key headers the page sent with money-moving requests, by path. */
    const moneyRequests: { path: string; key: string | undefined }[] = []
    let applicationUrl = ''
    let loanUrl = ''
    let shot = 0
    const screenshot = async (name: string) => {
      shot += 1
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-lending-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' })
    }

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const old of readdirSync(ARTIFACTS)) if (old.startsWith(`${backend}-lending-`)) rmSync(path.join(ARTIFACTS, old), { force: true })
      ;({ database, server } = await startTestServer(backend, ADMIN_PASSWORD))
      const db = server.tdcs.db
      const province = await seedProvince(db, { code: '20', name: 'Lạng Sơn' }, [{ code: '06100', name: COMMUNE, areaType: 'rural', villages: [{ code: 'TH-01', name: 'Thôn Pò Mã' }] }])
      const commune = province.communes[0]!
      const household = await seedHousehold(db, {
        code: HOUSEHOLD, provinceCode: '20', communeUnitId: commune.id, villageUnitId: commune.villages[0]!.id, residenceType: 'rural',
        members: [{ fullName: HEAD, birthDate: '1980-05-05', healthInsured: true }, { fullName: 'Nông Thị Bình', birthDate: '1982-02-03' }],
      })
      await seedClass(db, household, 'poor', '2025-01-01')
      await seedUser(db, USERS.officer.username, USERS.officer.role, province.officeUnitId, USERS.officer.password)
      await seedUser(db, USERS.union.username, USERS.union.role, commune.id, USERS.union.password)
      await seedUser(db, USERS.commune.username, USERS.commune.role, commune.id, USERS.commune.password)
      await seedUser(db, USERS.checker.username, USERS.checker.role, province.officeUnitId, USERS.checker.password)
      // Capital received into the central lending fund, through the use-case a branch officer calls.
      const branch = await actor(db, 'chinhanh.langson', 'branch_officer', province.provinceUnitId)
      await receiveCapital(db, branch(), { capitalSource: 'CENTRAL', amountDong: 500_000_000n, unitId: commune.id, date: '2026-03-01' as LocalDate, reference: 'Vốn Trung ương quý I/2026' })

      ;({ profileDir, context, page } = await launchChromium(pageErrors, 900))
      page.on('request', (request) => {
        if (request.method() === 'POST' && /\/api\/v1\/loans\/\d+\/(disburse|repay|events)$/.test(request.url()))
          moneyRequests.push({ path: new URL(request.url()).pathname, key: request.headers()['idempotency-key'] })
      })
    })

    // A failing step leaves a picture of the page behind it.
    afterEach(async (ctx) => {
      if (ctx.task.result?.state === 'fail') await screenshot(`FAILED-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`)
    })

    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it('lets an administrator add a dated version of a program\'s terms', async () => {
      await page.goto(server.url)
      await page.getByLabel('Tên đăng nhập', { exact: true }).fill('admin')
      await page.getByLabel('Mật khẩu', { exact: true }).fill(ADMIN_PASSWORD)
      await page.getByRole('button', { name: 'Đăng nhập' }).click()
      await see(page, 'Xin chào, Quản trị hệ thống')
      await openMenu(page, 'Chương trình cho vay')
      await see(page, 'Cho vay nước sạch và vệ sinh môi trường nông thôn')
      await page.getByRole('button', { name: 'Thêm phiên bản điều kiện: CLEAN_WATER' }).click()
      const modal = dialog(page, 'Điều kiện cho vay mới — Cho vay nước sạch và vệ sinh môi trường nông thôn')
      await modal.waitFor()
      await pickDate(modal, 'Hiệu lực từ ngày', '01/01/2027')
      await modal.getByLabel('Căn cứ pháp lý (số, ngày văn bản)').fill('Quyết định 99/2026/QĐ-TTg ngày 15/11/2026')
      await modal.getByLabel('Lãi suất (%/năm)').fill('8,5')
      await modal.getByLabel('Mức cho vay tối đa (đồng)').fill('30.000.000')
      await screenshot('terms-form')
      await modal.getByRole('button', { name: 'Lưu phiên bản' }).click()
      await see(page, 'Đã thêm điều kiện cho vay của Cho vay nước sạch và vệ sinh môi trường nông thôn từ 01/01/2027.')
      await modal.waitFor({ state: 'hidden' })
      // The history: the new version from 01/01/2027, the previous one now ending the day before.
      await page.getByRole('row').filter({ hasText: 'CLEAN_WATER' }).getByText('Cho vay nước sạch và vệ sinh môi trường nông thôn').click()
      const history = page.getByRole('region', { name: 'Các phiên bản điều kiện cho vay: CLEAN_WATER' })
      await see(history, '01/01/2027 – nay')
      await see(history, '02/09/2024 – 31/12/2026')
      await see(history, '8,5%/năm (≈0,7083%/tháng)')
      await see(history, '30.000.000 ₫/mục đích vay')
      await see(history, 'Quyết định 99/2026/QĐ-TTg ngày 15/11/2026')
      await logout(page)
    })

    it('shows the office officer the lending menu and the catalogue with rates, maxima and legal bases', async () => {
      await login(page, USERS.officer)
      const menu = (await page.getByRole('menu').getByRole('menuitem').allInnerTexts()).map((s) => s.trim())
      for (const item of ['Chương trình cho vay', 'Hồ sơ vay vốn', 'Khoản vay', 'Kết chuyển cuối tháng', 'Phê duyệt']) expect(menu).toContain(item)
      await openMenu(page, 'Chương trình cho vay')
      const poor = page.getByRole('row').filter({ has: page.getByText('POOR', { exact: true }) })
      await see(poor, '100% lãi suất cho vay hộ nghèo = 6,6%/năm (0,55%/tháng)')
      await see(poor, '100.000.000 ₫/hộ')
      await see(poor, '120 tháng')
      // Job creation: two dated versions, 120% then 127% of the base rate from 01/01/2026.
      await page.getByRole('row').filter({ hasText: 'JOB_CREATION' }).getByText('Cho vay hỗ trợ tạo việc làm').click()
      const history = page.getByRole('region', { name: 'Các phiên bản điều kiện cho vay: JOB_CREATION' })
      await see(history, '01/01/2026 – nay')
      await see(history, '01/07/2015 – 31/12/2025')
      await see(history, '127% lãi suất cho vay hộ nghèo = 8,382%/năm (0,6985%/tháng)')
      await see(history, '200.000.000 ₫/người lao động')
      await see(history, 'Nghị định 338/2025/NĐ-CP')
      await see(history, '130% lãi suất trong hạn')
      await see(history, 'Đang áp dụng')
      expect(await page.getByRole('button', { name: /^Thêm phiên bản điều kiện/ }).count()).toBe(0)
      await screenshot('programs')
    })

    it('refuses an application for a program the household is not eligible for, saying why', async () => {
      await openMenu(page, 'Hồ sơ vay vốn')
      await page.getByRole('button', { name: 'Lập hồ sơ vay' }).click()
      await see(page, 'Lập hồ sơ đề nghị vay vốn (mẫu 01/TD)')
      await choose(page, page, 'Hộ vay', HOUSEHOLD, `${HOUSEHOLD} — ${HEAD}`)
      await choose(page, page, 'Chương trình cho vay', 'cận nghèo', 'Cho vay hộ cận nghèo')
      await see(page.getByTestId('program-terms'), 'Hộ thuộc diện: Hộ cận nghèo')
      await pickDate(page, 'Ngày lập hồ sơ', '10/03/2026')
      await page.getByLabel('Số tiền đề nghị vay (đồng)').fill('30.000.000')
      await page.getByLabel('Thời hạn vay (tháng)').fill('24')
      await page.getByLabel('Mục đích sử dụng vốn').fill('Chăn nuôi bò sinh sản')
      await page.getByLabel('Số tổ TK&VV').fill('7')
      await page.getByRole('button', { name: 'Nộp hồ sơ' }).click()
      const refusal = page.getByRole('alert').filter({ hasText: 'Hộ không đủ điều kiện vay' })
      await see(refusal, 'Người vay không đủ điều kiện của chương trình (xem điều kiện chưa đạt).')
      await see(refusal, 'Chương trình cho vay Hộ cận nghèo; hộ hiện là Hộ nghèo.')
      await screenshot('application-refused')
    })

    it('submits it under the poor-household program once the amount is within the maximum', async () => {
      await choose(page, page, 'Chương trình cho vay', 'Cho vay hộ nghèo', 'Cho vay hộ nghèo')
      await see(page.getByTestId('program-terms'), 'Nghị định 78/2002/NĐ-CP')
      await page.getByLabel('Số tiền đề nghị vay (đồng)').fill('150.000.000')
      await page.getByRole('button', { name: 'Nộp hồ sơ' }).click()
      await see(page, 'Số tiền vay vượt mức tối đa của chương trình. Mức cho vay tối đa còn được vay: 100.000.000 ₫.')
      await page.getByLabel('Số tiền đề nghị vay (đồng)').fill('30.000.000')
      await page.getByRole('button', { name: 'Nộp hồ sơ' }).click()
      await see(page, /Đã lập hồ sơ vay số \d+: hộ đủ điều kiện vay\./)
      await page.waitForURL((url) => url.pathname === '/loan-applications' && url.searchParams.has('id'))
      applicationUrl = page.url()
      await see(page, 'Chờ tổ bình xét', { exact: true })
      const snapshot = page.getByTestId('eligibility-snapshot')
      await see(snapshot, 'Đủ điều kiện vay')
      await see(snapshot, 'Hộ nghèo')
      await see(snapshot, 'Nông thôn')
      await see(page, '30.000.000 ₫')
      await see(page, `Cán bộ ${USERS.officer.username} — `)
      // The office officer may not record the group's review: only a rejection is offered.
      await see(page, 'Từ chối hồ sơ')
      expect(await page.getByRole('button', { name: 'Ghi kết quả bình xét của tổ' }).count()).toBe(0)
      await screenshot('application-submitted')
      await logout(page)
    })

    it("records the savings group's review as the women's union officer, from her queue", async () => {
      await login(page, USERS.union)
      await openMenu(page, 'Hồ sơ vay vốn')
      await see(page.getByRole('tab', { selected: true }), 'Chờ tổ bình xét')
      await see(page.getByRole('row').filter({ hasText: HOUSEHOLD }), '30.000.000 ₫')
      await screenshot('queue-group-review')
      await page.getByRole('row').filter({ hasText: HOUSEHOLD }).getByText(HEAD).click()
      await page.getByLabel('Ý kiến của tổ (không bắt buộc)').fill('Tổ họp bình xét, đồng ý cho vay')
      await page.getByRole('button', { name: 'Ghi kết quả bình xét của tổ' }).click()
      await see(page, 'Đã ghi kết quả bình xét.')
      await see(page, 'Chờ UBND xã xác nhận', { exact: true })
      await see(page, 'Ý kiến: Tổ họp bình xét, đồng ý cho vay')
      await logout(page)
    })

    it('has the commune People\'s Committee confirm it', async () => {
      await login(page, USERS.commune)
      await openMenu(page, 'Hồ sơ vay vốn')
      await see(page.getByRole('tab', { selected: true }), 'Chờ UBND xã xác nhận')
      await page.getByRole('row').filter({ hasText: HOUSEHOLD }).getByText(HEAD).click()
      await page.getByRole('button', { name: 'UBND xã xác nhận' }).click()
      await popconfirmButton(page, 'UBND xã xác nhận').click()
      await see(page, 'UBND xã đã xác nhận hồ sơ.')
      await see(page, 'Chờ thẩm định', { exact: true })
      await logout(page)
    })

    it('has the office officer appraise it and send it for approval, which he may not give himself', async () => {
      await login(page, USERS.officer)
      await page.goto(applicationUrl)
      await see(page, 'Chờ thẩm định', { exact: true })
      await page.getByRole('button', { name: 'Thẩm định xong, trình phê duyệt' }).click()
      await see(page, 'Đã trình phê duyệt: chờ một cán bộ khác phê duyệt trong mục Phê duyệt.')
      await see(page, 'Chờ phê duyệt', { exact: true })
      // Every step so far, with who took it.
      for (const who of [USERS.union, USERS.commune, USERS.officer]) await see(page, `Cán bộ ${who.username} — `)
      await screenshot('application-sent-for-approval')
      await openMenu(page, 'Phê duyệt')
      const row = page.getByRole('row').filter({ hasText: HOUSEHOLD })
      await see(row, 'Phê duyệt cho vay')
      expect(await row.getByRole('button', { name: 'Phê duyệt' }).isDisabled()).toBe(true)
      await logout(page)
    })

    it('lets another officer approve the loan in the approval inbox, which says what is approved', async () => {
      await login(page, USERS.checker)
      await openMenu(page, 'Phê duyệt')
      const row = page.getByRole('row').filter({ hasText: HOUSEHOLD })
      await see(row, 'Phê duyệt cho vay')
      await see(row, HEAD)
      await see(row, 'Cho vay hộ nghèo')
      await see(row, '30.000.000 ₫')
      await see(row, 'Chăn nuôi bò sinh sản')
      await see(row, USERS.officer.username)
      await screenshot('approval-inbox')
      await row.getByRole('button', { name: 'Phê duyệt' }).click()
      await popconfirmButton(page, 'Phê duyệt').click()
      await see(page, 'Đã phê duyệt yêu cầu.')
      await page.getByRole('tab', { name: 'Đã phê duyệt' }).click()
      await see(page.getByRole('row').filter({ hasText: HOUSEHOLD }), 'Đã phê duyệt')
      await logout(page)
    })

    it('has the office officer disburse the approved loan on 10/03/2026', async () => {
      await login(page, USERS.officer)
      await page.goto(applicationUrl)
      await see(page, 'Đã phê duyệt', { exact: true })
      await page.getByText(/^Xem khoản vay số \d+$/).click()
      await page.waitForURL((url) => url.pathname === '/loans' && url.searchParams.has('id'))
      loanUrl = page.url()
      await see(page, 'Đã duyệt, chờ giải ngân', { exact: true })
      // 24 months, principal every 6 months: four instalments of 7.500.000 ₫.
      const schedule = page.getByRole('table', { name: 'Lịch trả nợ gốc' })
      await expect.poll(() => schedule.getByText('7.500.000 ₫', { exact: true }).count(), { timeout: WAIT_MS }).toBe(8)
      await page.getByRole('button', { name: 'Giải ngân', exact: true }).click()
      const modal = dialog(page, 'Giải ngân')
      await modal.waitFor()
      await see(modal, 'Còn được giải ngân 30.000.000 ₫.')
      await pickDate(modal, 'Ngày', '10/03/2026')
      expect(await modal.getByLabel('Số tiền (đồng)').inputValue()).toBe('30.000.000')
      await modal.getByRole('button', { name: 'Giải ngân', exact: true }).click()
      await see(page, 'Đã ghi: Giải ngân 30.000.000 ₫.')
      await modal.waitFor({ state: 'hidden' })
      await expect.poll(() => balance(page, 'balance-in-term'), { timeout: WAIT_MS }).toBe('30.000.000 ₫')
      await see(page, 'Đang vay', { exact: true })
      await see(page.getByRole('table', { name: 'Nghiệp vụ' }), 'Số tiền 30.000.000 ₫')
    })

    it('closes March 2026 on the month-end page: 22 days of interest accrued', async () => {
      await openMenu(page, 'Kết chuyển cuối tháng')
      await pickDate(page, 'Tháng kết chuyển', '03/2026')
      await page.getByRole('button', { name: 'Kết chuyển', exact: true }).click()
      await popconfirmButton(page, 'Kết chuyển').click()
      await see(page, 'Đã kết chuyển tháng 03/2026.')
      const row = page.getByRole('row').filter({ hasText: '03/2026' })
      await see(row, 'Đã kết chuyển')
      // 30.000.000 × 6,6% × 22 / 360 = 121.000 ₫.
      await see(row, '121.000 ₫')
      await see(page, 'Tháng kết chuyển gần nhất: 03/2026.')
      await screenshot('month-end')
    })

    it('records a repayment on 10/04/2026 and shows the new balances, schedule, events and postings', async () => {
      await page.goto(loanUrl)
      await expect.poll(() => balance(page, 'balance-interest'), { timeout: WAIT_MS }).toBe('121.000 ₫')
      await page.getByRole('button', { name: 'Thu nợ', exact: true }).click()
      const modal = dialog(page, 'Thu nợ')
      await modal.waitFor()
      await pickDate(modal, 'Ngày', '10/04/2026')
      await modal.getByLabel('Số tiền (đồng)').fill('5.170.500')
      await modal.getByRole('button', { name: 'Thu nợ', exact: true }).click()
      await see(page, 'Đã ghi: Thu nợ 5.170.500 ₫.')
      await modal.waitFor({ state: 'hidden' })
      // 10/03 → 10/04 is 31 days: 170.500 ₫ of interest paid first, then 5.000.000 ₫ of principal.
      await expect.poll(() => balance(page, 'balance-in-term'), { timeout: WAIT_MS }).toBe('25.000.000 ₫')
      expect(await balance(page, 'balance-interest')).toBe('0 ₫')
      expect(await balance(page, 'balance-overdue')).toBe('0 ₫')
      expect(await balance(page, 'balance-overdue-interest')).toBe('0 ₫')
      await see(page, 'Dư nợ gốc: 25.000.000 ₫')
      await see(page.getByRole('table', { name: 'Lịch trả nợ gốc' }), '2.500.000 ₫')
      const events = page.getByRole('table', { name: 'Nghiệp vụ' })
      await see(events, 'Thu nợ')
      await see(events, 'Số tiền 5.170.500 ₫')
      await see(events, '10/04/2026')
      const postings = page.getByRole('table', { name: 'Hạch toán' })
      await see(postings, '2111 — Dư nợ gốc cho vay (trong hạn)')
      await see(postings, '3941 — Lãi phải thu (trong hạn)')
      await see(postings, 'Dự thu lãi')
      await see(postings, '5.170.500 ₫')
      await screenshot('loan-after-repayment')
    })

    it('extends the second instalment by decision through "other event"', async () => {
      await page.getByRole('button', { name: 'Nghiệp vụ khác', exact: true }).click()
      const modal = dialog(page, 'Nghiệp vụ khác')
      await modal.waitFor()
      await see(modal, 'Gia hạn nợ', { exact: true })
      await pickDate(modal, 'Ngày', '10/04/2026')
      await choose(page, modal, 'Kỳ trả nợ', undefined, 'Kỳ 2 — 15/03/2027 — 7.500.000 ₫')
      await pickDate(modal, 'Hạn trả mới', '15/06/2027')
      await modal.getByLabel('Số quyết định').fill('QĐ 12/2026/GH')
      await modal.getByRole('button', { name: 'Ghi nghiệp vụ' }).click()
      await see(page, 'Đã ghi: Gia hạn nợ.')
      await modal.waitFor({ state: 'hidden' })
      await see(page.getByRole('table', { name: 'Lịch trả nợ gốc' }).getByRole('row').filter({ hasText: '15/03/2027' }), '15/06/2027')
      await see(page.getByRole('table', { name: 'Nghiệp vụ' }), 'Kỳ 2, hạn mới 15/06/2027 · Quyết định QĐ 12/2026/GH')
    })

    it('sent each money-moving request with its own Idempotency-Key, offers the statement PDF, and the ledger verifies', async () => {
      expect(moneyRequests.map((r) => r.path.split('/').pop())).toEqual(['disburse', 'repay', 'events'])
      for (const r of moneyRequests) expect(r.key).toMatch(/^[0-9a-f-]{32,36}$/)
      expect(new Set(moneyRequests.map((r) => r.key)).size).toBe(3)

      const href = await page.getByRole('link', { name: /Sao kê khoản vay \(PDF\)/ }).getAttribute('href')
      expect(href).toMatch(/^\/api\/v1\/loans\/\d+\/statement\.pdf$/)
      const pdf = await page.evaluate(async (url) => {
        const response = await fetch(url)
        return { type: response.headers.get('content-type'), head: new TextDecoder().decode((await response.arrayBuffer()).slice(0, 5)) }
      }, href!)
      expect(pdf).toEqual({ type: 'application/pdf', head: '%PDF-' })

      const verify = await page.evaluate(async () => (await fetch('/api/v1/ledger/verify')).json() as Promise<{ ok: boolean; differences: unknown[] }>)
      expect(verify.differences).toEqual([])
      expect(verify.ok).toBe(true)
      expect((await verifyLedger(server.tdcs.db)).ok).toBe(true)
    })

    it('shows the loan in the loans list with its outstanding balance', async () => {
      await openMenu(page, 'Khoản vay')
      const row = page.getByRole('row').filter({ hasText: HOUSEHOLD })
      await see(row, '25.000.000 ₫')
      await see(row, 'Đang vay')
      await screenshot('loans-list')
    })

    it('shows the loan page in English too', async () => {
      await page.goto(loanUrl)
      await expect.poll(() => balance(page, 'balance-in-term'), { timeout: WAIT_MS }).toBe('25.000.000 ₫')
      await page.getByText('EN', { exact: true }).click()
      await see(page, 'Principal in term')
      await see(page, 'Principal schedule')
      await see(page.getByRole('table', { name: 'Events' }), 'Repayment')
      await see(page.getByRole('table', { name: 'Postings' }), '2111 — Loan principal receivable (in term)')
      await screenshot('loan-english')
      await page.getByText('VI', { exact: true }).click()
      await see(page, 'Dư nợ trong hạn')
    })

    it('raised no uncaught error in the page', () => {
      expect(pageErrors).toEqual([])
    })
  })
}

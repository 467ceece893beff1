// The commune transaction day in a real Chromium against a real server. A point with two savings
// groups of three borrowers each (every loan 10.000.000 ₫ disbursed on 15/01/2026) has its February
// day planned for 15/02/2026. The teller finds the day in the list, opens it with 5.000.000 ₫,
// captures group 1 (everyone pays the interest due, one member deposits 50.000 ₫ of savings) and
// group 2 (the leader's own list says she collected 30.000 ₫ more than she remits: a flag with that
// exact shortfall), reads the cash book, is refused a close on a wrong count (the difference is
// shown) and closes on the right one. The page is then read once in English. Before opening, the
// teller prepares the borrowers' notices (nobody has a phone: all skipped, nothing to send) and sees
// no fees to pay. Last, the office officer (network.manage) moves the planned April day: a public
// holiday is refused with the API's message, another day of the month is taken and the yearly
// calendar shows it with the reason.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { verifyLedger } from '../../src/app/ledger.js'
import { planTransactionDay } from '../../src/app/transaction-day/days.js'
import { daySheet } from '../../src/app/transaction-day/sheet.js'
import { formatDong } from '../../src/web/shared/format.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, chromiumMissing, closeSession, launchChromium, see, startTestServer, WAIT_MS } from '../support/browser.js'
import { dayFixture, type DayFixture } from '../support/transaction-day.js'

const ADMIN_PASSWORD = 'Admin-pass-2026'
const OPENING = 5_000_000n
const DEPOSIT = 50_000n
const SHORTFALL = 30_000n

const vnd = (amount: bigint): string => formatDong(amount.toString())
const cell = (amount: bigint): string => vnd(amount).replace(' ₫', '')

function dialog(page: Page, title: string): Locator {
  return page.getByRole('dialog').filter({ has: page.getByText(title, { exact: true }) })
}

/** A cash book figure as shown ('5.000.000 ₫'). */
async function cashFigure(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).locator('.ant-statistic-content').innerText()).trim()
}

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: transaction day journey`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    let f: DayFixture
    const pageErrors: string[] = []
    const captureKeys: (string | undefined)[] = []
    /** Interest due on the day per group, in the sheet's row order, and the groups' tab names. */
    const due: bigint[][] = []
    const groups: { code: string; name: string }[] = []
    let shot = 0
    const screenshot = async (name: string) => {
      shot += 1
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-transaction-day-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' })
    }
    const interestOf = (g: number) => due[g]!.reduce((s, a) => s + a, 0n)
    const cashIn = () => interestOf(0) + DEPOSIT + interestOf(1)

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const old of readdirSync(ARTIFACTS)) if (old.startsWith(`${backend}-transaction-day-`)) rmSync(path.join(ARTIFACTS, old), { force: true })
      ;({ database, server } = await startTestServer(backend, ADMIN_PASSWORD))
      f = await dayFixture(server.tdcs.db, 2, 3)
      // What the sheet will show: the interest the loan engine projects to the day, per member.
      const sheet = await daySheet(server.tdcs.db, f.ctx.teller(), f.dayId)
      for (const g of sheet.groups) {
        groups.push({ code: g.code, name: g.name })
        due.push(g.members.map((m) => m.loans[0]!.interestDueDong + m.loans[0]!.overdueInterestDueDong))
      }
      expect(due.map((g) => g.length)).toEqual([3, 3])
      expect(interestOf(0)).toBeGreaterThan(0n)

      ;({ profileDir, context, page } = await launchChromium(pageErrors, 900))
      page.on('request', (request) => {
        if (request.method() === 'POST' && /\/api\/v1\/transaction-days\/\d+\/batches$/.test(request.url())) captureKeys.push(request.headers()['idempotency-key'])
      })
    })

    afterEach(async (ctx) => {
      if (ctx.task.result?.state === 'fail') await screenshot(`FAILED-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`)
    })

    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it('lets the teller find the February day in the list and open it with the cash brought', async () => {
      await page.goto(server.url)
      await page.getByLabel('Tên đăng nhập', { exact: true }).fill('teller')
      await page.getByLabel('Mật khẩu', { exact: true }).fill('Fixture-pass-1')
      await page.getByRole('button', { name: 'Đăng nhập' }).click()
      await page.getByRole('menuitem', { name: 'Ngày giao dịch' }).click()
      await see(page, 'Ngày giao dịch tại xã')
      await page.getByRole('button', { name: 'Xem 15/02/2026' }).click()
      await expect.poll(() => page.getByTestId('day-status').innerText(), { timeout: WAIT_MS }).toBe('Đã lập lịch')
      // The cash book is on screen before the day is open, and the day sheet already lists the groups.
      await see(page.getByTestId('cash-book'), 'Phiên chưa mở')
      await see(page, `${groups[0]!.name} (${groups[0]!.code})`)
      // No fees accrued for the point, and a teller cannot move the day.
      await see(page.getByTestId('day-fees'), 'Không có hoa hồng, phí ủy thác nào chờ chi trả.')
      expect(await page.getByRole('button', { name: 'Dời lịch' }).count()).toBe(0)
      // The notices: one per borrowing household, none with a phone number, so nothing to send.
      const notices = page.getByTestId('day-notices')
      await see(notices, 'Chưa lập thông báo nào cho ngày này.')
      await notices.getByRole('button', { name: 'Lập thông báo' }).click()
      await see(notices, 'Bỏ qua (không có số điện thoại): 6')
      await expect.poll(() => notices.locator('tbody tr').filter({ hasText: 'HH-1' }).count(), { timeout: WAIT_MS }).toBeGreaterThan(0)
      expect(await notices.getByRole('button', { name: 'Gửi' }).isDisabled()).toBe(true)
      await see(page.getByTestId('offline-package'), 'Tải gói ngoại tuyến')

      await page.getByRole('button', { name: 'Mở phiên giao dịch' }).click()
      const open = dialog(page, 'Mở phiên giao dịch')
      await open.getByLabel('Tiền mặt đầu ngày').fill(cell(OPENING))
      await open.getByRole('button', { name: 'Mở phiên giao dịch' }).click()
      await expect.poll(() => page.getByTestId('day-status').innerText(), { timeout: WAIT_MS }).toBe('Đang giao dịch')
      await expect.poll(() => cashFigure(page, 'cash-opening'), { timeout: WAIT_MS }).toBe(vnd(OPENING))
      await screenshot('opened')
    })

    it('captures group 1 from the keyboard: the interest due filled in, one deposit, every line reconciled', async () => {
      await page.getByRole('button', { name: 'Ghi giao dịch' }).click()
      const drawer = page.getByRole('dialog')
      await see(drawer, `Ghi giao dịch — ${groups[0]!.name}`)
      await drawer.getByRole('button', { name: 'Điền số phải thu' }).click()
      await expect.poll(() => drawer.getByLabel('Lãi nộp HH-1').inputValue(), { timeout: WAIT_MS }).toBe(cell(due[0]![0]!))
      // Enter goes down the column.
      await drawer.getByLabel('Gửi tiết kiệm HH-1').fill(cell(DEPOSIT))
      await drawer.getByLabel('Gửi tiết kiệm HH-1').press('Enter')
      await expect.poll(() => drawer.getByLabel('Gửi tiết kiệm HH-2').evaluate((el) => el === document.activeElement), { timeout: WAIT_MS }).toBe(true)
      const totals = page.getByTestId('capture-totals')
      await expect.poll(async () => (await totals.getByTestId('total-breakdown').innerText()).trim(), { timeout: WAIT_MS }).toBe(vnd(interestOf(0) + DEPOSIT))
      await expect.poll(() => totals.getByLabel('Tổ trưởng nộp', { exact: true }).inputValue(), { timeout: WAIT_MS }).toBe(cell(interestOf(0) + DEPOSIT))
      // A remittance that does not add up is warned about before posting.
      await totals.getByLabel('Tổ trưởng nộp', { exact: true }).fill(cell(interestOf(0)))
      await see(totals, 'khác chi tiết')
      await totals.getByRole('button', { name: 'Lấy theo chi tiết' }).click()
      await expect.poll(() => page.getByTestId('remittance-mismatch').count(), { timeout: WAIT_MS }).toBe(0)
      await screenshot('capture-group-1')
      await totals.getByRole('button', { name: 'Ghi sổ' }).click()
      const result = page.getByTestId('capture-result')
      await see(result, 'Không có cảnh báo đối soát.')
      await expect.poll(() => result.getByText('Khớp', { exact: true }).count(), { timeout: WAIT_MS }).toBe(3)
      await result.getByRole('button', { name: 'Xong' }).click()
      await drawer.waitFor({ state: 'hidden', timeout: WAIT_MS })
    })

    it('captures group 2 where the leader remits less than she collected, and shows the flag with the exact shortfall', async () => {
      await page.getByRole('tab', { name: `${groups[1]!.name} (${groups[1]!.code})` }).click()
      await page.getByRole('button', { name: 'Ghi giao dịch' }).click()
      const drawer = page.getByRole('dialog')
      await see(drawer, `Ghi giao dịch — ${groups[1]!.name}`)
      await drawer.getByRole('button', { name: 'Điền số phải thu' }).click()
      const totals = page.getByTestId('capture-totals')
      await expect.poll(() => totals.getByLabel('Tổ trưởng nộp', { exact: true }).inputValue(), { timeout: WAIT_MS }).toBe(cell(interestOf(1)))
      await totals.getByLabel('Tổ trưởng đã thu (theo danh sách thu)').fill(cell(interestOf(1) + SHORTFALL))
      await see(totals, `Tổ trưởng nộp thiếu ${vnd(SHORTFALL)}`)
      await totals.getByRole('button', { name: 'Ghi sổ' }).click()
      const result = page.getByTestId('capture-result')
      await see(result, 'Đã lập 1 cảnh báo đối soát.')
      await see(result, `Tổ trưởng nộp thiếu so với số đã thu: ${vnd(SHORTFALL)}`)
      await result.getByRole('button', { name: 'Xong' }).click()

      const flags = page.getByTestId('day-flags')
      const row = flags.locator('tr').filter({ hasText: 'Tổ trưởng nộp thiếu so với số đã thu' })
      await expect.poll(() => row.count(), { timeout: WAIT_MS }).toBe(1)
      await expect.poll(() => row.innerText(), { timeout: WAIT_MS }).toContain(vnd(SHORTFALL))
      await expect.poll(() => row.innerText(), { timeout: WAIT_MS }).toContain('Chưa xử lý')
      await see(page, 'Có 1 cảnh báo đối soát chưa xử lý trong ngày.')
      // Both tabs now carry the captured tag, and each post carried its own Idempotency-Key.
      await expect.poll(() => page.getByRole('tab').filter({ hasText: 'Đã ghi' }).count(), { timeout: WAIT_MS }).toBe(2)
      expect(captureKeys).toHaveLength(2)
      expect(new Set(captureKeys).size).toBe(2)
      expect(captureKeys.every((k) => k !== undefined && k.length >= 8)).toBe(true)
    })

    it('shows the cash book, refuses a close on a wrong count with the difference, and closes on the right one', async () => {
      await expect.poll(() => cashFigure(page, 'cash-in'), { timeout: WAIT_MS }).toBe(vnd(cashIn()))
      expect(await cashFigure(page, 'cash-out')).toBe(vnd(0n))
      expect(await cashFigure(page, 'cash-closing')).toBe(vnd(OPENING + cashIn()))

      await page.getByRole('button', { name: 'Khóa sổ' }).click()
      const close = dialog(page, 'Kiểm đếm tiền mặt và khóa sổ')
      await close.getByLabel('Tiền mặt kiểm đếm').fill(cell(OPENING))
      await close.getByRole('button', { name: 'Khóa sổ' }).click()
      const refusal = close.getByTestId('day-refusal')
      await see(refusal, 'Sổ quỹ không cân')
      await see(refusal, `Chênh lệch (kiểm đếm − sổ): ${vnd(-cashIn())}.`)
      await screenshot('close-refused')
      await close.getByLabel('Tiền mặt kiểm đếm').fill(cell(OPENING + cashIn()))
      await close.getByRole('button', { name: 'Khóa sổ' }).click()
      await expect.poll(() => page.getByTestId('day-status').innerText(), { timeout: WAIT_MS }).toBe('Đã khóa sổ')
      await see(page.getByTestId('cash-book'), `Tiền mặt kiểm đếm khi khóa sổ: ${vnd(OPENING + cashIn())}`)
      await expect.poll(() => page.getByRole('button', { name: 'Ghi giao dịch' }).count(), { timeout: WAIT_MS }).toBe(0)
      expect((await verifyLedger(server.tdcs.db)).ok).toBe(true)
    })

    it('reads the day in English once switched', async () => {
      await page.getByText('EN', { exact: true }).click()
      await see(page, 'The day\'s cash book')
      await expect.poll(() => page.getByTestId('day-status').innerText(), { timeout: WAIT_MS }).toBe('Closed')
      await see(page.getByTestId('day-flags'), 'Leader remitted less than collected')
      await page.getByRole('menuitem', { name: 'Transaction days' }).waitFor({ state: 'visible', timeout: WAIT_MS })
      await screenshot('english')
      await page.getByText('VI', { exact: true }).click()
      await see(page, 'Sổ quỹ tiền mặt trong ngày')
      expect(pageErrors).toEqual([])
    })

    it('lets the office officer move the planned April day within its month, refusing a holiday, and shows it on the calendar', async () => {
      const april = await planTransactionDay(server.tdcs.db, f.ctx.teller(), { pointId: f.groups.pointId, period: '2026-04' })
      expect(april.heldOn).toBe('2026-04-15')
      const point = await server.tdcs.db.selectFrom('transaction_points').select(['site_name', 'code']).where('id', '=', f.groups.pointId).executeTakeFirstOrThrow()
      await context.clearCookies()
      await page.goto(server.url)
      await page.getByLabel('Tên đăng nhập', { exact: true }).fill('appraiser')
      await page.getByLabel('Mật khẩu', { exact: true }).fill('Fixture-pass-1')
      await page.getByRole('button', { name: 'Đăng nhập' }).click()
      await page.getByRole('menuitem', { name: 'Ngày giao dịch' }).click()
      await page.getByRole('button', { name: 'Xem 15/04/2026' }).click()
      await expect.poll(() => page.getByTestId('day-status').innerText(), { timeout: WAIT_MS }).toBe('Đã lập lịch')

      const reason = 'Trùng lịch họp Hội đồng nhân dân xã'
      await page.getByRole('button', { name: 'Dời lịch' }).click()
      const modal = dialog(page, 'Dời ngày giao dịch')
      // The date is the form's one input: Enter on it submits, as the OK button does.
      const date = modal.getByLabel('Ngày giao dịch mới')
      await modal.getByLabel('Lý do').fill(reason)
      await date.fill('30/04/2026')
      await date.press('Enter')
      await see(modal.getByTestId('reschedule-refusal'), 'Ngày giao dịch dời phải trong cùng tháng, không rơi vào ngày nghỉ lễ')
      await screenshot('reschedule-refused')
      await date.fill('17/04/2026')
      await date.press('Enter')
      await modal.waitFor({ state: 'hidden', timeout: WAIT_MS })
      await see(page, `${point.site_name} — ngày 17/04/2026`)
      await see(page, `15/04/2026 — Dời lịch: ${reason}`)

      await page.getByRole('button', { name: 'Quay lại danh sách ngày giao dịch' }).click()
      await page.getByRole('button', { name: 'Lịch cả năm' }).click()
      const calendar = dialog(page, 'Lịch giao dịch cả năm của điểm')
      const pointSelect = calendar.getByLabel('Điểm giao dịch')
      await pointSelect.click()
      await pointSelect.fill(point.code)
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').filter({ hasText: `${point.site_name} (${point.code})` }).first().waitFor({ timeout: WAIT_MS })
      await pointSelect.press('Enter')
      await calendar.getByLabel('Năm').fill('2026')
      const row = calendar.locator('tr').filter({ hasText: 'Tháng 4' })
      await expect.poll(() => row.innerText(), { timeout: WAIT_MS }).toContain('17/04/2026')
      expect(await row.innerText()).toContain(`Dời lịch: ${reason}`)
      await screenshot('calendar-moved')
      expect(pageErrors).toEqual([])
    })
  })
}

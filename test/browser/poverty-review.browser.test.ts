// A commune officer runs an annual poverty review end to end in a real Chromium against a real
// server: opens the campaign, surveys four households (the form shows the class the server
// computes), records the village meeting (a first count short of 50% is refused), the public
// posting and the chairman's decision, and sees the commune's poverty rate move from 0% to 50%.
// Places, households and the officer are seeded on the server's database by the poverty fixture.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, chromiumMissing, closeSession, launchChromium, see, startTestServer } from '../support/browser.js'
import { seedHousehold, seedProvince, seedUser } from '../support/poverty-fixtures.js'

const ADMIN_PASSWORD = 'Admin-pass-2026'

const officer = { username: 'canbo.dongdang', password: 'Dongdang-2026' }
const COMMUNE = 'Xã Đồng Đăng'

/** The review year: this year once its campaign dates below are past, otherwise last year. */
const TODAY = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)
const THIS_YEAR = Number(TODAY.slice(0, 4))
const YEAR = TODAY >= `${THIS_YEAR}-10-20` ? THIS_YEAR : THIS_YEAR - 1
const vn = (mmdd: string) => `${mmdd.slice(3, 5)}/${mmdd.slice(0, 2)}/${YEAR}`
const DATES = { opened: vn('09-15'), surveyed: vn('09-20'), meeting: vn('10-05'), postingFrom: vn('10-06'), postingTo: vn('10-12'), decision: vn('10-15') }

/** Four households: two poor, one near-poor, one not poor (incomes under both standards' rural lines where it matters). */
const SURVEYS = [
  { code: 'DD-001', income: '1.000.000', deprived: ['Việc làm', 'Nguồn nước sinh hoạt', 'Nhà tiêu hợp vệ sinh'], cls: 'Hộ nghèo' },
  { code: 'DD-002', income: '900.000', deprived: ['Việc làm', 'Dinh dưỡng', 'Nhà tiêu hợp vệ sinh'], cls: 'Hộ nghèo' },
  { code: 'DD-003', income: '1.200.000', deprived: ['Nguồn nước sinh hoạt'], cls: 'Hộ cận nghèo' },
  { code: 'DD-004', income: '9.000.000', deprived: [], cls: 'Hộ không nghèo' },
] as const



/**
 * Types a dd/mm/yyyy date into an antd DatePicker found by its label and commits it by leaving
 * the field (Enter would also submit the form the picker sits in).
 */
async function pickDate(scope: Page | Locator, label: string, ddmmyyyy: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  await input.click()
  await input.fill(ddmmyyyy)
  await input.press('Tab')
  await expect.poll(() => input.inputValue()).toBe(ddmmyyyy)
}

function dialog(page: Page, title: string): Locator {
  return page.getByRole('dialog').filter({ has: page.getByText(title, { exact: true }) })
}

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: poverty review journey`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    const pageErrors: string[] = []
    let shot = 0
    const screenshot = async (name: string) => {
      shot += 1
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-poverty-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' })
    }
    const communeRow = () => page.getByRole('row').filter({ has: page.getByText(COMMUNE, { exact: true }) })

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      ;({ database, server } = await startTestServer(backend, ADMIN_PASSWORD))
      const db = server.tdcs.db
      const province = await seedProvince(db, { code: '20', name: 'Lạng Sơn' }, [{ code: '06100', name: COMMUNE, areaType: 'rural', villages: [{ code: 'TH-01', name: 'Thôn Pò Mã' }] }])
      const commune = province.communes[0]!
      const adult = (fullName: string) => ({ fullName, birthDate: '1980-05-05', healthInsured: true, inSchool: false })
      const child = (fullName: string) => ({ fullName, birthDate: '2016-03-03', healthInsured: true, inSchool: true })
      const heads = ['Hoàng Văn An', 'Nông Thị Bình', 'Lý Văn Cường', 'Chu Thị Dung']
      for (const [i, s] of SURVEYS.entries())
        await seedHousehold(db, { code: s.code, provinceCode: '20', communeUnitId: commune.id, villageUnitId: i < 2 ? commune.villages[0]!.id : null, residenceType: 'rural', members: [adult(heads[i]!), child(`Con ${heads[i]}`)] })
      await seedUser(db, officer.username, 'commune_officer', commune.id, officer.password)

      ;({ profileDir, context, page } = await launchChromium(pageErrors, 900))
    })

    // A failing step leaves a picture of the page behind it.
    afterEach(async (ctx) => {
      if (ctx.task.result?.state === 'fail') await screenshot(`FAILED-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`)
    })

    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it('logs the commune officer in and opens "Rà soát hộ nghèo" from the menu', async () => {
      await page.goto(server.url)
      await page.getByLabel('Tên đăng nhập').fill(officer.username)
      await page.getByLabel('Mật khẩu', { exact: true }).fill(officer.password)
      await page.getByRole('button', { name: 'Đăng nhập' }).click()
      await page.getByRole('menuitem', { name: 'Rà soát hộ nghèo' }).click()
      await see(page, 'Rà soát hộ nghèo, hộ cận nghèo')
      expect(new URL(page.url()).pathname).toBe('/poverty')
    })

    it('shows the standards with their lines, validity and legal basis', async () => {
      await page.getByRole('tab', { name: 'Chuẩn nghèo' }).click()
      const row = page.getByRole('row').filter({ hasText: 'VN-2022-2026' })
      await see(row, '1.500.000 ₫')
      await see(row, '2.000.000 ₫')
      await see(row, '01/01/2022 – 31/12/2026')
      await see(page.getByRole('row').filter({ hasText: 'VN-2027-2030' }), '2.200.000 ₫')
      await screenshot('standards')
    })

    it('shows a 0% poverty rate for the commune before the review', async () => {
      await page.getByRole('tab', { name: 'Tỷ lệ hộ nghèo' }).click()
      const row = communeRow()
      await see(row, '(0/4)')
      await see(row, '0,00%')
      await page.locator('canvas').first().waitFor()
      await screenshot('rates-before')
    })

    it('opens the annual campaign, which lists the commune\'s households', async () => {
      await page.getByRole('tab', { name: 'Rà soát định kỳ' }).click()
      await page.getByRole('button', { name: 'Mở đợt rà soát' }).click()
      const modal = dialog(page, 'Mở đợt rà soát')
      await modal.waitFor()
      await see(modal, COMMUNE) // the officer's only commune is chosen already
      await modal.getByLabel('Năm rà soát').fill(String(YEAR))
      await pickDate(modal, 'Ngày bắt đầu', DATES.opened)
      await modal.getByRole('button', { name: 'Mở đợt rà soát' }).click()
      await see(page, `Đã mở đợt rà soát năm ${YEAR} của ${COMMUNE}.`)
      await see(page, `Rà soát năm ${YEAR} — ${COMMUNE}`)
      for (const s of SURVEYS) await see(page.getByRole('table'), s.code, { exact: true })
      await screenshot('campaign-opened')
    })

    it('surveys each household, the form showing the class and reasons the server computes', async () => {
      for (const s of SURVEYS) {
        await page.getByRole('button', { name: `Khảo sát hộ ${s.code}` }).click()
        const drawer = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Lưu phiếu' }) })
        await drawer.waitFor()
        await pickDate(drawer, 'Ngày khảo sát', DATES.surveyed)
        await drawer.getByLabel('Thu nhập bình quân đầu người/tháng (đồng)').fill(s.income)
        await drawer.getByLabel('Diện tích nhà ở (m²)').fill('60')
        for (const name of s.deprived) await drawer.getByRole('checkbox', { name, exact: true }).check()
        const result = drawer.getByTestId('survey-result')
        await see(result, s.cls, { exact: true })
        await see(result, `Thiếu hụt ${s.deprived.length}/12 chỉ số`)
        await see(result, `Thu nhập bình quân ${s.income} ₫/người/tháng`)
        if (s.code === 'DD-001') await screenshot('survey-form')
        await drawer.getByRole('button', { name: 'Lưu phiếu' }).click()
        await see(page, `Đã lưu phiếu khảo sát hộ ${s.code}.`)
        await drawer.waitFor({ state: 'hidden' })
        await see(page.getByRole('row').filter({ hasText: s.code }), s.cls, { exact: true })
      }
      await screenshot('surveys-done')
    })

    it('holds the list back when fewer than half of the village meeting agree, then records the meeting', async () => {
      await pickDate(page, 'Ngày họp', DATES.meeting)
      await page.getByLabel('Số người dự họp').fill('41')
      await page.getByLabel('Số người đồng ý').fill('20')
      await page.getByRole('button', { name: 'Ghi kết quả họp' }).click()
      await see(page, 'Dưới 50% người dự họp đồng ý: danh sách chưa được thông qua.')
      await screenshot('meeting-refused')
      await page.getByLabel('Số người dự họp').fill('40')
      await page.getByRole('button', { name: 'Ghi kết quả họp' }).click()
      await see(page, 'Đã ghi kết quả họp thôn.')
      await see(page, '20/40 người dự họp đồng ý')
    })

    it('records the public posting and the chairman\'s decision', async () => {
      await pickDate(page, 'Niêm yết từ ngày', DATES.postingFrom)
      await pickDate(page, 'Niêm yết đến ngày', DATES.postingTo)
      await page.getByRole('button', { name: 'Ghi niêm yết' }).click()
      await see(page, 'Đã ghi niêm yết công khai.')
      await page.getByLabel('Số quyết định').fill('125/QĐ-UBND')
      await pickDate(page, 'Ngày quyết định', DATES.decision)
      await page.getByRole('button', { name: 'Ghi quyết định' }).click()
      await see(page, 'Đã ghi quyết định; phân loại các hộ đã được cập nhật.')
      await see(page, `Quyết định số 125/QĐ-UBND ngày ${DATES.decision}`)
      await see(page, 'Đã quyết định', { exact: true })
      // The current class column now shows the decided classes.
      await see(page.getByRole('row').filter({ hasText: 'DD-001' }), 'Hộ nghèo', { exact: true })
      await screenshot('decided')
    })

    it('shows the poverty rate of the commune moved to 50%', async () => {
      await page.getByRole('button', { name: 'Quay lại danh sách' }).click()
      await page.getByRole('tab', { name: 'Tỷ lệ hộ nghèo' }).click()
      const row = communeRow()
      await see(row, '(2/4)')
      await see(row, '50,00%')
      await screenshot('rates-after')
      expect(pageErrors).toEqual([])
    })
  })
}

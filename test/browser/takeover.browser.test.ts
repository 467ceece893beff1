// Portfolio takeover in a real Chromium against a real server: a provincial branch officer uploads a
// small portfolio with the owner's totals off by 1 đồng and sees the difference highlighted, fixes
// the totals, sees the file reconcile, posts it, and reads the page in English. Screenshots go to
// test/artifacts/.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { systemContext } from '../../src/app/open-app.js'
import { createUser } from '../../src/app/users.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { fixtureHousehold, fixtureUnit } from '../support/actors.js'
import { ARTIFACTS, chromiumMissing, closeSession, launchChromium, see, startTestServer } from '../support/browser.js'

const officer = { username: 'canbo.chinhanh', password: 'Chinhanh-2026-tn' }

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: portfolio takeover journey`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    let file = ''
    const pageErrors: string[] = []
    let shot = 0
    const screenshot = async (name: string) => {
      shot += 1
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-takeover-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' })
    }

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const old of readdirSync(ARTIFACTS)) if (old.startsWith(`${backend}-takeover-`)) rmSync(path.join(ARTIFACTS, old))
      ;({ database, server } = await startTestServer(backend, 'Admin-pass-2026'))
      const db = server.tdcs.db
      const province = await fixtureUnit(db, 1, 'province', '79', 'Chi nhánh TP Hồ Chí Minh', { provinceCode: '79', adminCode: '79' })
      const office = await fixtureUnit(db, province, 'transaction_office', 'PGD-Q12', 'PGD Quận 12')
      const commune = await fixtureUnit(db, office, 'commune', '26782', 'Phường Tân Thới Hiệp', { adminCode: '26782' })
      await db.insertInto('capital_sources').values({ code: 'Q12_LOCAL', name_vi: 'Vốn ngân sách Quận 12', name_en: 'Quận 12 budget fund', kind: 'local', owner_unit_id: province, province_code: '79' }).execute()
      await fixtureHousehold(db, commune, 'Q12-HH-1', 'poor', '2020-01-01')
      await fixtureHousehold(db, commune, 'Q12-HH-2', 'poor', '2020-01-01')
      await createUser(db, systemContext('browser-test'), { username: officer.username, fullName: 'Lê Văn Tâm', role: 'branch_officer', unitId: province, password: officer.password })
      file = path.join(os.tmpdir(), `tdcs-takeover-${backend}-${process.pid}.csv`)
      writeFileSync(file, [
        'Số khế ước,Mã hộ hoặc số CCCD chủ hộ,Mã chương trình,Ngày vay (dd/mm/yyyy),Ngày đến hạn (dd/mm/yyyy),Số tiền đã giải ngân,Dư nợ trong hạn,Dư nợ quá hạn,Lãi phải thu trong hạn,Lãi phải thu quá hạn',
        'Q12-0001,Q12-HH-1,POOR,10/03/2024,10/03/2027,"30.000.000","25.000.000",0,"137.500",0',
        'Q12-0002,Q12-HH-2,NEAR_POOR,05/01/2023,05/01/2025,"20.000.000",0,"12.000.000",0,"210.000"',
      ].join('\n'))
      ;({ profileDir, context, page } = await launchChromium(pageErrors, 1000))
    })

    afterAll(async () => {
      rmSync(file, { force: true })
      await closeSession({ context, profileDir, server, database })
    })

    it('opens the takeover page from the menu', async () => {
      await page.goto(server.url)
      await page.getByLabel('Tên đăng nhập', { exact: true }).fill(officer.username)
      await page.getByLabel('Mật khẩu', { exact: true }).fill(officer.password)
      await page.getByRole('button', { name: 'Đăng nhập' }).click()
      await page.getByRole('menuitem', { name: 'Tiếp nhận danh mục cho vay' }).click()
      await see(page, 'Tiếp nhận danh mục cho vay vào nguồn vốn địa phương')
    })

    it('shows a 1 ₫ difference highlighted and refuses to offer the post', async () => {
      await page.getByLabel('Mã nguồn vốn địa phương').fill('Q12_LOCAL')
      await page.getByLabel('Ngày tiếp nhận (dd/mm/yyyy)').fill('30/06/2025')
      await page.getByLabel('Tổng nguồn vốn').fill('100.000.000')
      await page.getByLabel('Dư nợ', { exact: true }).fill('37.000.000')
      await page.getByLabel('Tồn quỹ').fill('63.000.000')
      await page.getByLabel('Nợ quá hạn').fill('12.000.001')
      await page.locator('input[type=file]').setInputFiles(file)
      await page.getByRole('button', { name: 'Kiểm tra, đối chiếu' }).click()
      await see(page, /Chưa khớp/)
      await expect.poll(() => page.getByTestId('takeover-difference').allTextContents()).toEqual(['1 ₫'])
      expect(await page.getByRole('button', { name: 'Ghi nhận tiếp nhận' }).isDisabled()).toBe(true)
      await screenshot('difference')
    })

    it('reconciles once the totals are right and posts the takeover', async () => {
      await page.getByLabel('Nợ quá hạn').fill('12.000.000')
      await page.getByRole('button', { name: 'Kiểm tra, đối chiếu' }).click()
      await see(page, /Khớp đến từng đồng: 2 khoản vay/)
      await screenshot('reconciled')
      await page.getByRole('button', { name: 'Ghi nhận tiếp nhận' }).click()
      await page.locator('.ant-popconfirm').getByRole('button', { name: 'Ghi nhận tiếp nhận' }).click()
      await see(page, 'Đã tiếp nhận 2 khoản vay vào nguồn vốn.')
      await screenshot('posted')
      const loans = await server.tdcs.db.selectFrom('loans').select('id').where('capital_source_code', '=', 'Q12_LOCAL').execute()
      expect(loans).toHaveLength(2)
    })

    it('reads the page in English once switched', async () => {
      await page.getByText('EN', { exact: true }).first().click()
      await see(page, 'Take over a loan portfolio into a local fund')
      await see(page, 'Capital = outstanding + fund balance')
      await screenshot('english')
    })

    it('raised no uncaught error in the page', () => {
      expect(pageErrors).toEqual([])
    })
  })
}

// The household registry in a real Chromium against a real server: a commune officer registers a
// household with two members, finds it again by typing the head's name without diacritics, opens
// it, and tries an import whose errors come back row by row. Screenshots go to test/artifacts/.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { systemContext } from '../../src/app/open-app.js'
import { createUser } from '../../src/app/users.js'
import { IMPORT_COLUMNS, makeCitizenId } from '../../src/domain/households/index.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, chromiumMissing, closeSession, launchChromium, see, startTestServer, WAIT_MS } from '../support/browser.js'


const officer = { username: 'canbo.caoloc', fullName: 'Hoàng Thị Thu', password: 'Caoloc-2026-xa' }
const head = { name: 'Nguyễn Văn An', birth: '05/09/1980', cccd: makeCitizenId('020', 'male', 1980, 4321) }
const spouse = { name: 'Trần Thị Hoa', birth: '03/02/1982' }



/** Picks an option of an antd Select: type to filter, Enter. */
async function choose(page: Page, scope: Locator, label: string, optionText: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  await input.click()
  await input.fill(optionText)
  await page.locator('.ant-select-dropdown:visible').getByText(optionText, { exact: false }).first().waitFor({ timeout: WAIT_MS })
  await input.press('Enter')
}

/** The members table of a household's page (the facts above it are a table too). */
function membersTable(page: Page): Locator {
  return page.locator('.ant-card').filter({ has: page.getByText('Thành viên', { exact: true }) }).getByRole('table')
}

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: household registry journey`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    const pageErrors: string[] = []
    let shot = 0
    const screenshot = async (name: string) => {
      shot += 1
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-households-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' })
    }

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const old of readdirSync(ARTIFACTS)) if (old.startsWith(`${backend}-households-`)) rmSync(path.join(ARTIFACTS, old))
      ;({ database, server } = await startTestServer(backend, 'Admin-pass-2026'))
      // The network is another area's work: put a commune (linked to its place) and two villages in directly.
      const db = server.tdcs.db
      await db.insertInto('admin_units').values({ layer: 'current', level: 'commune', code: '06100', name: 'Xã Cao Lộc', full_name: 'Xã Cao Lộc', unit_type: 'Xã', area_type: 'rural', parent_code: '20', province_code: '20', valid_from: null, valid_to: null }).execute()
      const add = async (parentId: number, parentPath: string, kind: string, code: string, name: string, adminCode: string | null = null) => {
        const { id } = await db.insertInto('units').values({ parent_id: parentId, kind, code, name, path: '', province_code: '20', admin_code: adminCode }).returning('id').executeTakeFirstOrThrow()
        await db.updateTable('units').set({ path: `${parentPath}${id}/` }).where('id', '=', id).execute()
        return { id, path: `${parentPath}${id}/` }
      }
      const province = await add(1, '/1/', 'province', '20', 'Chi nhánh Lạng Sơn', '20')
      const office = await add(province.id, province.path, 'transaction_office', 'PGD-CL', 'Phòng giao dịch Cao Lộc')
      const commune = await add(office.id, office.path, 'commune', 'X-06100', 'Xã Cao Lộc', '06100')
      await add(commune.id, commune.path, 'village', 'NC', 'Thôn Nà Cạn')
      await add(commune.id, commune.path, 'village', 'KL', 'Thôn Khòn Lải')
      await createUser(db, systemContext('browser-test'), { username: officer.username, fullName: officer.fullName, role: 'commune_officer', unitId: commune.id, password: officer.password })

      ;({ profileDir, context, page } = await launchChromium(pageErrors, 900))
    })

    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it('shows the commune officer the household menu', async () => {
      await page.goto(server.url)
      await page.getByLabel('Tên đăng nhập', { exact: true }).fill(officer.username)
      await page.getByLabel('Mật khẩu', { exact: true }).fill(officer.password)
      await page.getByRole('button', { name: 'Đăng nhập' }).click()
      await see(page, `Xin chào, ${officer.fullName}`)
      await page.getByRole('menuitem', { name: 'Hộ gia đình' }).click()
      await see(page, 'Chưa có hộ nào.')
      expect(new URL(page.url()).pathname).toBe('/households')
      await screenshot('empty-list')
    })

    it('registers a household with two members, refusing a citizen id that contradicts the sex first', async () => {
      await page.getByRole('button', { name: 'Thêm hộ' }).click()
      await see(page, 'Thêm hộ gia đình')
      const form = page.locator('form')
      // The officer's only commune is chosen already.
      await see(form, 'Xã Cao Lộc')
      await choose(page, form, 'Thôn/bản', 'Thôn Nà Cạn')
      await form.getByLabel('Địa chỉ', { exact: true }).fill('Thôn Nà Cạn, xã Cao Lộc')

      const first = page.locator('.ant-card-small').filter({ hasText: 'Thành viên 1' })
      await first.getByLabel('Họ và tên', { exact: true }).fill(head.name)
      await first.getByLabel('Ngày sinh', { exact: true }).fill(head.birth)
      await choose(page, first, 'Giới tính', 'Nữ')
      await first.getByLabel('Số CCCD', { exact: true }).fill(head.cccd)
      await first.getByLabel('Dân tộc', { exact: true }).fill('Tày')
      // The fourth digit says male: the same rule as the server's, on the field, before sending.
      await see(first, 'Chữ số thứ tư của số CCCD (thế kỷ và giới tính) không khớp với giới tính.')
      await screenshot('citizen-id-mismatch')
      await choose(page, first, 'Giới tính', 'Nam')
      await first.getByText('Chữ số thứ tư của số CCCD').waitFor({ state: 'hidden' })

      await page.getByRole('button', { name: 'Thêm thành viên' }).click()
      const second = page.locator('.ant-card-small').filter({ hasText: 'Thành viên 2' })
      await second.getByLabel('Họ và tên', { exact: true }).fill(spouse.name)
      await choose(page, second, 'Quan hệ với chủ hộ', 'Vợ/Chồng')
      await second.getByLabel('Ngày sinh', { exact: true }).fill(spouse.birth)
      await choose(page, second, 'Giới tính', 'Nữ')
      await screenshot('new-household-form')

      await page.getByRole('button', { name: 'Lưu hộ' }).click()
      await see(page, /Đã thêm hộ 06100-\d{6}\./)
      await see(page, /^Hộ 06100-\d{6}$/)
      await see(membersTable(page), head.cccd)
      await screenshot('household-created')
    })

    it('finds the household by the head name typed without diacritics and opens it', async () => {
      await page.getByRole('button', { name: 'Quay lại danh sách' }).click()
      const search = page.getByPlaceholder('Tìm theo họ tên (có dấu hoặc không dấu), mã hộ hoặc số CCCD')
      await search.fill('nguyen van an')
      await search.press('Enter')
      const row = page.getByRole('row').filter({ hasText: head.name })
      await see(row, 'Thôn Nà Cạn')
      await see(row, '2', { exact: true })
      expect(new URL(page.url()).searchParams.get('id')).toBeNull()
      await screenshot('search-without-diacritics')
      await row.getByText(head.name).click()
      await see(page, /^Hộ 06100-\d{6}$/)
      const members = membersTable(page)
      await see(members, spouse.name)
      await see(members, head.birth)
      await see(members, spouse.birth)
      await see(members, 'Vợ/Chồng')
      await see(members, 'Chủ hộ')
      await see(page, 'Nông thôn')
      await see(page, 'Lập hộ')
      await screenshot('household-detail')
    })

    it('shows a rejected import row by row, with a link to the template', async () => {
      await page.getByRole('button', { name: 'Quay lại danh sách' }).click()
      await page.getByRole('button', { name: 'Nhập từ tệp' }).click()
      await see(page, 'Nhập danh sách hộ từ tệp')
      expect(await page.getByRole('link', { name: 'Tải tệp mẫu (.xlsx)' }).getAttribute('href')).toBe('/api/v1/households/import-template.xlsx')
      const header = IMPORT_COLUMNS.map((c) => c.header).join(',')
      const file = path.join(profileDir, 'ho-gia-dinh.csv')
      writeFileSync(file, [
        header,
        'NC-9,06100,Thôn Nà Cạn,,Lò Văn Pảo,Chủ hộ,31/02/1990,Nam,Tày,,,,',
        'NC-11,06100,Thôn Nà Cạn,,Lò Thị Mỷ,Con,01/01/2000,Nữ,Tày,,,,',
        `NC-10,06100,,,Người Trùng,Chủ hộ,05/09/1980,Nam,,${head.cccd},,,`,
      ].join('\n'))
      await page.locator('input[type=file]').setInputFiles(file)
      await page.getByRole('button', { name: 'Nhập danh sách' }).click()
      await see(page, /Tệp có 3 lỗi nên chưa nhập dòng nào/)
      const report = page.getByRole('table')
      await see(report, 'Ngày sinh (dd/mm/yyyy)')
      await see(report, 'Hộ phải có đúng một chủ hộ.')
      await see(report, 'citizen_id_in_other_household')
      await screenshot('import-rejected')
    })

    it('raised no uncaught error in the page', () => {
      expect(pageErrors).toEqual([])
    })
  })
}

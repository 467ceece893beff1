// Savings-and-loan groups in a real Chromium against a real server. Xã Cao Lộc has a transaction
// point, its Women's Union and one group already (Tổ 2, with one household). The union's officer
// founds Tổ 1, adds three households found by their heads' names, is refused (in Vietnamese, in the
// dialog) a household already in Tổ 2, moves one household to Tổ 2 and appoints the leader. A loan
// goes through Tổ 1 (the lending use-cases); the transaction office's officer grades the groups for
// last month; the union's officer sees the grade and how it was computed.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { decideApproval } from '../../src/app/approvals.js'
import type { Executor } from '../../src/app/context.js'
import { createContract } from '../../src/app/groups/contracts.js'
import { createGroup } from '../../src/app/groups/groups.js'
import { addMember } from '../../src/app/groups/members.js'
import { createOrganisationUnit } from '../../src/app/groups/organisations.js'
import { createHousehold } from '../../src/app/households/register.js'
import { advanceApplication, submitApplication } from '../../src/app/loans/applications.js'
import { receiveCapital, runLoanEvent } from '../../src/app/loans/loan-events.js'
import { createTransactionPoint } from '../../src/app/network/points.js'
import { localDateOf, type LocalDate } from '../../src/domain/shared/index.js'
import { actor } from '../support/actors.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, chromiumMissing, closeSession, launchChromium, see, startTestServer, WAIT_MS } from '../support/browser.js'
import { seedClass, seedProvince } from '../support/poverty-fixtures.js'

const PASSWORD = 'Fixture-pass-1'
const HEADS = ['Hoàng Văn Páo', 'Lý Thị Mai', 'Nông Văn Dũng', 'Triệu Thị Hoa'] as const
const NEW_GROUP = 'Tổ TK&VV thôn Nà Cạn 1'
const OLD_GROUP = 'Tổ TK&VV thôn Nà Cạn 2'

async function login(page: Page, username: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await see(page, `Xin chào, ${username}`)
}

async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Đăng xuất' }).click()
  await page.waitForURL((url) => url.pathname === '/login')
  await page.getByLabel('Tên đăng nhập', { exact: true }).waitFor()
}

/**
 * Picks an option of an antd Select the way a keyboard user does: type to filter (what is typed
 * must leave the wanted option first), wait for it, Enter; then wait until the list has closed.
 */
async function choose(page: Page, scope: Page | Locator, label: string, option: string, typed = option): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  await input.click()
  await input.fill(typed)
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').filter({ hasText: option }).first().waitFor({ timeout: WAIT_MS })
  await input.press('Enter')
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: WAIT_MS }).toBe(0)
}

function dialog(page: Page, title: string | RegExp): Locator {
  return page.getByRole('dialog').filter({ has: page.getByText(title, { exact: typeof title === 'string' }) })
}

/** The table inside the card with this title. */
function cardTable(page: Page, title: string | RegExp): Locator {
  return page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: title }) }).getByRole('table')
}

/** Last month, 'MM/YYYY', as the grading dialog proposes it. */
function lastMonthVn(): string {
  const now = new Date(Date.now() + 7 * 3600_000)
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`
}

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: savings groups journey`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    let db: Executor
    const pageErrors: string[] = []
    const households: bigint[] = []
    let commune = 0
    let shot = 0
    const screenshot = async (name: string) => {
      shot += 1
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-groups-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' })
    }
    type Ctx = Awaited<ReturnType<typeof actor>>
    const ctx: Record<string, Ctx> = {}

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const old of readdirSync(ARTIFACTS)) if (old.startsWith(`${backend}-groups-`)) rmSync(path.join(ARTIFACTS, old), { force: true })
      ;({ database, server } = await startTestServer(backend, 'Admin-pass-2026'))
      db = server.tdcs.db
      const province = await seedProvince(db, { code: '20', name: 'Lạng Sơn' }, [{ code: '06100', name: 'Xã Cao Lộc', areaType: 'rural', villages: [{ code: '06100-01', name: 'Thôn Nà Cạn' }] }])
      commune = province.communes[0]!.id
      const village = province.communes[0]!.villages[0]!.id
      ctx.branch = await actor(db, 'chinhanh.langson', 'branch_officer', province.provinceUnitId)
      ctx.office = await actor(db, 'canbo.pgd', 'office_officer', province.officeUnitId)
      ctx.approver = await actor(db, 'truongphong.pgd', 'office_officer', province.officeUnitId)
      ctx.union = await actor(db, 'hoi.phunu', 'org_officer', commune, 'womens_union')
      ctx.commune = await actor(db, 'canbo.xa', 'commune_officer', commune)
      ctx.teller = await actor(db, 'giaodichvien', 'teller', commune)
      const now = () => new Date()
      const point = await createTransactionPoint(db, ctx.branch(now()), { communeUnitId: commune, siteName: 'Nhà văn hóa thôn Nà Cạn', monthlyDay: 15, startTime: '07:30' })
      const union = await createOrganisationUnit(db, ctx.branch(now()), { organisation: 'womens_union', level: 'commune', bankUnitId: commune, name: 'Hội LHPN xã Cao Lộc' })
      await createContract(db, ctx.office(now()), {
        number: '05/2026/HĐUT-PGD', bankUnitId: province.officeUnitId, organisationUnitId: union.id, signedOn: '2025-12-25', validFrom: '2026-01-01', programCodes: ['POOR', 'NEAR_POOR'],
        feeTerms: { legalBasis: 'Văn bản thỏa thuận ủy thác [verify]', terms: { feeOnOutstandingMonthlyMicros: '450', commissionOnInterestCollectedMicros: '150000' } },
      })
      for (const [i, head] of HEADS.entries()) {
        const h = await createHousehold(db, ctx.commune(now()), {
          communeUnitId: commune, villageUnitId: village, code: `NC-0${i + 1}`, formedOn: '2015-01-01', members: [{ fullName: head, relation: 'head', birthDate: '1980-05-05', sex: i % 2 ? 'female' : 'male' }],
        })
        households.push(h.id)
        await seedClass(db, h.id, 'poor', '2025-01-01')
      }
      // Tổ 2 exists already, with the fourth household in it.
      const old = await createGroup(db, ctx.union(now()), {
        communeUnitId: commune, name: OLD_GROUP, villageUnitId: village, transactionPointId: point.id, organisationUnitId: union.id, foundingDecisionNumber: '08/QĐ-UBND', foundingDecisionDate: '2019-03-01',
      })
      await addMember(db, ctx.union(now()), old.id, { householdId: households[3]!, joinedOn: '2019-04-01' })
      await receiveCapital(db, ctx.branch(now()), { capitalSource: 'CENTRAL', amountDong: 500_000_000n, unitId: commune, date: '2026-01-02' as LocalDate, reference: 'Vốn Trung ương' })

      ;({ profileDir, context, page } = await launchChromium(pageErrors, 1000))
    })

    afterEach(async (t) => {
      if (t.task.result?.state === 'fail') await screenshot(`FAILED-${t.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`)
    })

    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it('shows the union officer the groups of the commune', async () => {
      await page.goto(server.url)
      await login(page, 'hoi.phunu')
      await page.getByRole('menuitem', { name: 'Tổ TK&VV' }).click()
      const row = page.getByRole('row').filter({ hasText: OLD_GROUP })
      await see(row, 'Hội LHPN xã Cao Lộc')
      await see(row, 'Chưa xếp loại')
      expect(new URL(page.url()).pathname).toBe('/groups')
      await screenshot('list')
    })

    it('founds a group on the commune\'s decision', async () => {
      await page.getByRole('button', { name: 'Thành lập tổ' }).click()
      const form = dialog(page, 'Thành lập tổ')
      await form.getByLabel('Tên tổ', { exact: true }).fill(NEW_GROUP)
      await choose(page, form, 'Thôn/bản', 'Thôn Nà Cạn')
      // The commune's only point and only union are chosen already.
      await see(form, 'Nhà văn hóa thôn Nà Cạn')
      await form.getByLabel('Số quyết định thành lập (UBND xã)', { exact: true }).fill('15/QĐ-UBND')
      await form.getByLabel('Ngày quyết định', { exact: true }).fill('10/01/2026')
      await screenshot('found-form')
      await form.getByRole('button', { name: 'Thành lập tổ' }).click()
      await see(page, 'Đã thành lập tổ 06100-T02.')
      await see(page, `${NEW_GROUP} (06100-T02)`)
      await see(page, 'Tổ chưa có thành viên.')
    })

    it('adds three households found by their heads\' names, and is refused one already in another group', async () => {
      for (const [i, head] of HEADS.slice(0, 3).entries()) {
        await page.getByRole('button', { name: 'Thêm thành viên' }).click()
        const add = dialog(page, 'Thêm hộ vào tổ 06100-T02')
        await choose(page, add, 'Hộ', head)
        await add.getByRole('button', { name: 'Thêm thành viên' }).click()
        await see(page, `Đã thêm hộ NC-0${i + 1} vào tổ.`)
        await add.waitFor({ state: 'hidden' })
      }
      await see(cardTable(page, 'Thành viên hiện tại'), HEADS[2])

      await page.getByRole('button', { name: 'Thêm thành viên' }).click()
      const add = dialog(page, 'Thêm hộ vào tổ 06100-T02')
      await choose(page, add, 'Hộ', HEADS[3])
      await add.getByRole('button', { name: 'Thêm thành viên' }).click()
      await see(add, 'Hộ đang là thành viên của một Tổ TK&VV khác. Mỗi hộ chỉ tham gia một tổ: hãy chuyển tổ thay vì thêm mới.')
      await screenshot('member-in-another-group')
      await add.getByRole('button', { name: 'Hủy' }).click()
      await add.waitFor({ state: 'hidden' })
      const current = await db.selectFrom('group_memberships').select('household_id').where('left_on', 'is', null).execute()
      expect(current).toHaveLength(4)
    })

    it('moves a household to the other group and keeps it in the history', async () => {
      await page.getByRole('button', { name: 'Chuyển tổ: NC-03' }).click()
      const move = dialog(page, 'Chuyển hộ NC-03 sang tổ khác')
      await choose(page, move, 'Chuyển đến tổ', OLD_GROUP)
      await move.getByRole('button', { name: 'Chuyển tổ' }).click()
      await see(page, 'Đã chuyển hộ NC-03 sang tổ 06100-T01.')
      const history = cardTable(page, 'Lịch sử thành viên')
      await see(history, HEADS[2])
      await see(history, 'Chuyển sang tổ 06100-T01')
      expect(await cardTable(page, 'Thành viên hiện tại').getByText(HEADS[2]).count()).toBe(0)
    })

    it('appoints the group leader from a member household', async () => {
      await page.getByRole('button', { name: 'Bầu tổ trưởng/tổ phó' }).click()
      const appoint = dialog(page, 'Bầu tổ trưởng/tổ phó')
      await choose(page, appoint, 'Hộ thành viên', HEADS[0])
      await choose(page, appoint, 'Người được bầu', HEADS[0])
      await appoint.getByRole('button', { name: 'Lưu' }).click()
      await see(page, `${HEADS[0]} là tổ trưởng của tổ.`)
      await see(cardTable(page, 'Ban quản lý tổ'), 'Đương nhiệm')
      await screenshot('group-members')
    })

    it('lets the transaction office grade the groups once a loan goes through the new group', async () => {
      // A poor-household loan of 30.000.000 ₫ through Tổ 1, disbursed today (the lending use-cases).
      const today = localDateOf(new Date())
      const groupId = (await db.selectFrom('savings_groups').select('id').where('code', '=', '06100-T02').executeTakeFirstOrThrow()).id
      const id = await submitApplication(db, ctx.commune!(new Date()), {
        householdId: households[0]!, programCode: 'POOR', purpose: 'Nuôi bò', amountDong: 30_000_000n, termMonths: 24, intervalMonths: 12, channel: 'entrusted', groupId, applicationDate: today,
      })
      await advanceApplication(db, ctx.union!(new Date()), id, 'group_review')
      await advanceApplication(db, ctx.commune!(new Date()), id, 'commune_confirm')
      const { approvalId } = await advanceApplication(db, ctx.office!(new Date()), id, 'submit_for_approval')
      await decideApproval(db, ctx.approver!(new Date()), approvalId!, 'approved', null)
      const loan = await db.selectFrom('loans').select('id').where('application_id', '=', id).executeTakeFirstOrThrow()
      await runLoanEvent(db, ctx.teller!(new Date()), loan.id, { type: 'disburse', date: today, amountDong: 30_000_000n, cashUnit: commune })

      await logout(page)
      await login(page, 'canbo.pgd')
      // The office's organisations page: the commune's union and the contract with its fee terms; it adds the Farmers' Union.
      await page.getByRole('menuitem', { name: 'Hội đoàn thể ủy thác' }).click()
      await see(page.getByRole('row').filter({ hasText: 'Hội LHPN xã Cao Lộc' }), 'Cấp xã')
      const contract = page.getByRole('row').filter({ hasText: '05/2026/HĐUT-PGD' })
      await see(contract, 'Phí ủy thác trên dư nợ (%/tháng): 0,045%')
      await see(contract, 'Đang hiệu lực')
      await page.getByRole('button', { name: 'Thêm đơn vị hội' }).click()
      const unit = dialog(page, 'Thêm đơn vị hội')
      await choose(page, unit, 'Hội đoàn thể', 'Hội Nông dân')
      await choose(page, unit, 'Đơn vị ngân hàng', 'Xã Cao Lộc')
      await unit.getByLabel('Tên đơn vị hội', { exact: true }).fill('Hội Nông dân xã Cao Lộc')
      await unit.getByRole('button', { name: 'Lưu' }).click()
      await see(page, 'Đã thêm Hội Nông dân xã Cao Lộc.')
      await see(page.getByRole('row').filter({ hasText: 'Hội Nông dân xã Cao Lộc' }), 'Hội Nông dân')
      await screenshot('organisations')
      await page.getByRole('menuitem', { name: 'Tổ TK&VV' }).click()
      await page.getByRole('button', { name: 'Xếp loại tổ' }).click()
      const grade = dialog(page, 'Xếp loại các tổ trong tháng')
      await see(grade, `Tháng ${lastMonthVn()}`)
      await grade.getByRole('button', { name: 'Xếp loại tổ' }).click()
      await see(page, `Đã xếp loại 2 tổ cho tháng ${lastMonthVn()}.`)
      await see(page.getByRole('row').filter({ hasText: NEW_GROUP }), `Tốt (tháng ${lastMonthVn()})`)
      await see(page.getByRole('row').filter({ hasText: OLD_GROUP }), `Chưa xếp loại (tháng ${lastMonthVn()})`)
      await screenshot('graded-list')
    })

    it('shows the union officer the grade and how it was computed', async () => {
      await logout(page)
      await login(page, 'hoi.phunu')
      await page.getByRole('menuitem', { name: 'Tổ TK&VV' }).click()
      await choose(page, page, 'Xếp loại', 'Tốt')
      await page.getByRole('row').filter({ hasText: NEW_GROUP }).getByText(NEW_GROUP).click()
      const grades = cardTable(page, 'Kết quả xếp loại hằng tháng')
      await see(grades, 'Tốt')
      await see(grades, 'Tỷ lệ nợ quá hạn: 0% (quá hạn 0 ₫ / dư nợ 30.000.000 ₫) — 60/60 điểm')
      await see(grades, 'Tỷ lệ thu lãi: chưa có số liệu, không tính')
      await see(grades, '100')
      await screenshot('group-grade')
    })

    it('raised no uncaught error in the page', () => {
      expect(pageErrors).toEqual([])
    })
  })
}

// A leader-shortfall flag from supervisor to recall, in a real Chromium against a real server.
// The commune's savings group had leader remittance shortfalls in March and May 2026: the rule
// "repeated leader shortfalls", run as of 30/06/2026, flags the group. A Representative Board
// member (supervisor, read-only) opens the flag, sees the evidence (audited) and assigns it to the
// bank officer 'approver'. The officer confirms it, plans an inspection of the commune, and from
// the flag's page records the group's loan as misused with a recall — linked to the flag, which
// then lists it. The officer completes the recall in the plan: the loan shows recalled, and so
// does the flag's page.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { runFlagRules } from '../../src/app/supervision/flag-runs.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { actor } from '../support/actors.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, choose, chromiumMissing, closeSession, launchChromium, logIn, see, startTestServer, WAIT_MS } from '../support/browser.js'
import { lendingFixture } from '../support/lending.js'

const ADMIN_PASSWORD = 'Admin-pass-2026'

/** Types a dd/mm/yyyy date into an antd DatePicker found by its label and commits it by leaving the field. */
async function pickDate(scope: Page | Locator, label: string, text: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  await input.click()
  await input.fill(text)
  await input.press('Tab')
  await expect.poll(() => input.inputValue(), { timeout: WAIT_MS }).toBe(text)
}

/** Picks an option of an antd Select without search (its input is read-only) found by its label. */
async function pickOption(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click()
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click()
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: WAIT_MS }).toBe(0)
}

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: supervisor to recall journey`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    let flagId = ''
    let loanId = ''
    const pageErrors: string[] = []
    let shot = 0
    const screenshot = async (name: string) => {
      shot += 1
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-inspections-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' })
    }

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const old of readdirSync(ARTIFACTS)) if (old.startsWith(`${backend}-inspections-`)) rmSync(path.join(ARTIFACTS, old), { force: true })
      ;({ database, server } = await startTestServer(backend, ADMIN_PASSWORD))
      const db = server.tdcs.db
      const f = await lendingFixture(db)
      loanId = (await f.openLoan('poor', 'POOR', 10_000_000n, '2026-01-15', 24, 6)).toString()
      // The district Representative Board sits with the transaction office: its scope holds the commune and the office's officers.
      const office = await db.selectFrom('units').select('parent_id').where('id', '=', f.commune).executeTakeFirstOrThrow()
      await actor(db, 'board', 'supervisor', office.parent_id!)
      const commune = await db.selectFrom('units').select('path').where('id', '=', f.commune).executeTakeFirstOrThrow()
      const shortfall = (raisedAt: string, amount: bigint) => ({
        rule: 'leader_remittance_shortfall', severity: 'high' as const, province_code: '20', unit_id: f.commune, scope_path: commune.path, subject_type: 'savings_group',
        subject_id: f.groupId.toString(), amount_dong: amount, evidence: JSON.stringify({ shortfallDong: amount.toString() }), raised_at: new Date(raisedAt),
      })
      await db.insertInto('red_flags').values([shortfall('2026-03-15T03:00:00Z', 150_000n), shortfall('2026-05-15T03:00:00Z', 200_000n)]).execute()
      const [run] = await runFlagRules(db, f.ctx.branch(), { rules: ['repeated_leader_shortfalls'], asOf: '2026-06-30' as LocalDate })
      expect(run).toMatchObject({ raised: 1 })
      flagId = (await db.selectFrom('red_flags').select('id').where('rule', '=', 'repeated_leader_shortfalls').executeTakeFirstOrThrow()).id.toString()
      ;({ profileDir, context, page } = await launchChromium(pageErrors, 900))
    })

    afterEach(async (ctx) => {
      if (ctx.task.result?.state === 'fail') await screenshot(`FAILED-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`)
    })

    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it('lets a supervisor open a leader-shortfall flag, see its evidence (audited) and assign it to a bank officer', async () => {
      await page.goto(server.url)
      await logIn(page, 'board')
      await page.getByRole('menuitem', { name: 'Cảnh báo giám sát' }).click()
      await see(page, 'Hàng đợi cảnh báo')
      await choose(page, page, 'Quy tắc', 'Tổ trưởng nộp thiếu lặp lại', 'nộp thiếu lặp')
      await page.getByRole('button', { name: `Xem #${flagId}` }).click()
      const evidence = page.getByTestId('flag-evidence')
      await see(evidence, 'Tổ TK&VV thôn Nà Cạn')
      await see(evidence, '150.000 ₫')
      await see(evidence, '200.000 ₫')
      expect(await page.getByRole('button', { name: 'Xác nhận vi phạm' }).count()).toBe(0)
      await choose(page, page, 'Giao cho', 'approver (approver)', 'approver')
      await page.getByRole('button', { name: 'Giao xử lý' }).click()
      await see(page, 'Đã giao xử lý.')
      await screenshot('supervisor-assigned')
      const flag = await server.tdcs.db.selectFrom('red_flags as f').innerJoin('users as u', 'u.id', 'f.assignee_id').select(['u.username']).where('f.id', '=', BigInt(flagId)).executeTakeFirstOrThrow()
      expect(flag.username).toBe('approver')
      const audit = await server.tdcs.db.selectFrom('audit_log').select(['username', 'action']).where('entity_id', '=', flagId).where('action', 'like', 'red_flag.%').orderBy('id').execute()
      // The first read of the evidence, the assignment, and the re-reads after it: all by the supervisor, all audited.
      expect(audit[0]).toEqual({ username: 'board', action: 'red_flag.view' })
      expect(audit.map((x) => x.action)).toContain('red_flag.assign')
      expect(audit.every((x) => x.username === 'board')).toBe(true)
      expect(pageErrors).toEqual([])
    })

    it('lets the assignee confirm the flag and record a recall from it; the flag page shows the recall, then its completion', async () => {
      await page.context().clearCookies()
      await page.goto(server.url)
      await logIn(page, 'approver')
      await page.getByRole('menuitem', { name: 'Cảnh báo giám sát' }).click()
      await page.getByRole('button', { name: `Xem #${flagId}` }).click()
      await see(page.getByTestId('flag-evidence'), '200.000 ₫')
      await page.getByRole('button', { name: 'Xác nhận vi phạm' }).click()
      await expect.poll(() => page.getByTestId('flag-status').innerText(), { timeout: WAIT_MS }).toBe('Đã xác nhận')
      await page.keyboard.press('Escape')

      await page.getByRole('menuitem', { name: 'Kiểm tra, giám sát' }).click()
      await page.getByRole('button', { name: 'Lập kế hoạch' }).click()
      const planModal = page.locator('.ant-modal:visible')
      await choose(page, planModal, 'Đơn vị được kiểm tra', 'Xã Cao Lộc (06100)', 'Xã Cao')
      await choose(page, planModal, 'Đơn vị kiểm tra', 'Ngân hàng', 'Ngân')
      await planModal.getByLabel('Tên đoàn / cơ quan kiểm tra', { exact: true }).fill('PGD Cao Lộc')
      await planModal.getByLabel('Nội dung', { exact: true }).fill('Kiểm tra tổ nộp thiếu')
      await pickDate(planModal, 'Từ ngày', '01/07/2026')
      await pickDate(planModal, 'Đến ngày', '31/07/2026')
      await planModal.getByRole('button', { name: 'Lưu' }).click()
      await see(page, 'Kiểm tra tổ nộp thiếu')
      const plan = await server.tdcs.db.selectFrom('inspection_plans').select('id').executeTakeFirstOrThrow()

      // Back to the flag: record the finding and the recall from it.
      await page.getByRole('menuitem', { name: 'Cảnh báo giám sát' }).click()
      await see(page, 'Hàng đợi cảnh báo')
      await pickOption(page, 'Trạng thái', 'Đã xác nhận')
      await page.getByRole('button', { name: `Xem #${flagId}` }).click()
      await see(page.getByTestId('flag-follow-ups'), 'Chưa có biện pháp xử lý nào được ghi từ cảnh báo này.')
      await page.getByRole('button', { name: 'Ghi thu hồi' }).click()
      const recallModal = page.locator('.ant-modal:visible')
      await see(recallModal, 'gắn với cảnh báo này')
      await choose(page, recallModal, 'Kế hoạch kiểm tra', 'Kiểm tra tổ nộp thiếu', 'Kiểm tra tổ')
      // The group's only open loan (10.000.000 ₫ outstanding) is chosen already; the finding defaults to misused.
      await see(recallModal, '10.000.000 ₫')
      await pickDate(recallModal, 'Ngày kiểm tra', '10/07/2026')
      await pickDate(recallModal, 'Hạn thu hồi', '31/07/2026')
      await recallModal.getByRole('button', { name: 'Lưu' }).click()
      await see(page, 'Đã ghi thu hồi từ cảnh báo.')
      const followUps = page.getByTestId('flag-follow-ups')
      await see(followUps, 'Thu hồi nợ trước hạn')
      await see(followUps, 'Chưa xong')
      await see(followUps, 'Kiểm tra tổ nộp thiếu')
      await screenshot('recall-recorded-on-flag')
      const linked = await server.tdcs.db.selectFrom('inspection_findings').select(['red_flag_id', 'loan_id', 'outcome']).executeTakeFirstOrThrow()
      expect(linked).toEqual({ red_flag_id: BigInt(flagId), loan_id: BigInt(loanId), outcome: 'misused' })
      // A second recall of the same loan from the same flag is refused by name.
      await page.getByRole('button', { name: 'Ghi thu hồi' }).click()
      const again = page.locator('.ant-modal:visible')
      await choose(page, again, 'Kế hoạch kiểm tra', 'Kiểm tra tổ nộp thiếu', 'Kiểm tra tổ')
      await again.getByRole('button', { name: 'Lưu' }).click()
      await see(page, 'Đã ghi thu hồi khoản vay này từ cảnh báo này.')
      await again.getByRole('button', { name: 'Hủy' }).click()
      await page.keyboard.press('Escape')

      // The recall is completed in the inspection plan, as any follow-up.
      await page.getByRole('menuitem', { name: 'Kiểm tra, giám sát' }).click()
      await page.getByRole('button', { name: `Xem #${plan.id}` }).click()
      await see(page, 'Lần xem kết quả kiểm tra (có thông tin người vay) đã được ghi vào nhật ký kiểm toán.')
      const findings = page.getByTestId('findings')
      await see(findings, 'Sử dụng sai mục đích')
      await see(findings, 'Chưa xong')

      await findings.getByRole('button', { name: 'Hoàn thành' }).click()
      const completeModal = page.locator('.ant-modal:visible')
      await see(completeModal, 'toàn bộ dư nợ')
      await pickDate(completeModal, 'Ngày hoàn thành', '20/07/2026')
      await completeModal.getByRole('button', { name: 'Hoàn thành' }).click()
      await see(page.getByTestId(`recalled-${loanId}`), 'Đã thu hồi trước hạn từ 20/07/2026')
      await see(findings, 'Đã hoàn thành')
      await screenshot('recalled')

      const loan = await server.tdcs.db.selectFrom('loans').select('recalled_on').where('id', '=', BigInt(loanId)).executeTakeFirstOrThrow()
      expect(loan.recalled_on).toBe('2026-07-20')

      // The flag's page shows the recall completed and the loan recalled.
      await page.keyboard.press('Escape')
      await page.getByRole('menuitem', { name: 'Cảnh báo giám sát' }).click()
      await pickOption(page, 'Trạng thái', 'Đã xác nhận')
      await page.getByRole('button', { name: `Xem #${flagId}` }).click()
      const done = page.getByTestId('flag-follow-ups')
      await see(done, 'Đã hoàn thành')
      await see(done, '20/07/2026')
      await see(page.getByTestId(`flag-recalled-${loanId}`), 'Khoản vay đã thu hồi trước hạn từ 20/07/2026')
      await screenshot('flag-shows-recall-completed')
      const status = await server.tdcs.db.selectFrom('red_flags').select('status').where('id', '=', BigInt(flagId)).executeTakeFirstOrThrow()
      expect(status.status).toBe('confirmed')
      expect(pageErrors).toEqual([])
    })
  })
}

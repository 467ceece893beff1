// The supervision flag queue in a real Chromium against a real server. One poor-household loan of
// 10.000.000 ₫ disbursed on 15/01/2026 has had no loan event since: the dormant-loan rule, run as
// of 30/06/2026, flags it. A Representative Board member (supervisor, read-only) opens the queue,
// filters by rule, opens the flag and reads its evidence (the read is audited); she has no review
// buttons. The branch officer then assigns the flag to the teller and confirms it.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { runFlagRules } from '../../src/app/supervision/flag-runs.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { actor } from '../support/actors.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, choose, chromiumMissing, closeSession, launchChromium, logIn, see, startTestServer, WAIT_MS } from '../support/browser.js'
import { lendingFixture } from '../support/lending.js'

const ADMIN_PASSWORD = 'Admin-pass-2026'

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: supervision flag queue journey`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    let flagId = ''
    const pageErrors: string[] = []
    let shot = 0
    const screenshot = async (name: string) => {
      shot += 1
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-supervision-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' })
    }

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const old of readdirSync(ARTIFACTS)) if (old.startsWith(`${backend}-supervision-`)) rmSync(path.join(ARTIFACTS, old), { force: true })
      ;({ database, server } = await startTestServer(backend, ADMIN_PASSWORD))
      const f = await lendingFixture(server.tdcs.db)
      await f.openLoan('poor', 'POOR', 10_000_000n, '2026-01-15', 24, 6)
      await actor(server.tdcs.db, 'board', 'supervisor', f.commune)
      const [run] = await runFlagRules(server.tdcs.db, f.ctx.branch(), { rules: ['dormant_loan'], asOf: '2026-06-30' as LocalDate })
      expect(run).toMatchObject({ raised: 1 })
      flagId = (await server.tdcs.db.selectFrom('red_flags').select('id').where('rule', '=', 'dormant_loan').executeTakeFirstOrThrow()).id.toString()
      ;({ profileDir, context, page } = await launchChromium(pageErrors, 900))
    })

    afterEach(async (ctx) => {
      if (ctx.task.result?.state === 'fail') await screenshot(`FAILED-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`)
    })

    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it('lets a supervisor open the queue, filter by rule and read a flag\'s evidence, audited, without review actions', async () => {
      await page.goto(server.url)
      await logIn(page, 'board')
      await page.getByRole('menuitem', { name: 'Cảnh báo giám sát' }).click()
      await see(page, 'Hàng đợi cảnh báo')
      expect(await page.getByRole('button', { name: 'Chạy quy tắc' }).count()).toBe(0)
      await choose(page, page, 'Quy tắc', 'Khoản vay không phát sinh giao dịch', 'không phát sinh')
      await page.getByRole('button', { name: `Xem #${flagId}` }).click()
      const evidence = page.getByTestId('flag-evidence')
      await see(evidence, '10.000.000 ₫')
      await see(evidence, '15/01/2026')
      await see(evidence, 'HH-1')
      await see(page, 'Lần xem này đã được ghi vào nhật ký kiểm toán.')
      expect(await page.getByRole('button', { name: 'Xác nhận vi phạm' }).count()).toBe(0)
      await screenshot('supervisor-evidence')
      const audit = await server.tdcs.db.selectFrom('audit_log').select('username').where('action', '=', 'red_flag.view').where('entity_id', '=', flagId).execute()
      expect(audit.map((a) => a.username)).toContain('board')
      expect(pageErrors).toEqual([])
    })

    it('lets the branch officer assign the flag and confirm it', async () => {
      await page.context().clearCookies()
      await page.goto(server.url)
      await logIn(page, 'branch')
      await page.getByRole('menuitem', { name: 'Cảnh báo giám sát' }).click()
      await page.getByRole('button', { name: `Xem #${flagId}` }).click()
      await see(page.getByTestId('flag-evidence'), '10.000.000 ₫')
      await choose(page, page, 'Giao cho', 'teller (teller)', 'teller')
      await page.getByRole('button', { name: 'Giao xử lý' }).click()
      await see(page, 'Đã giao xử lý.')
      await page.getByRole('button', { name: 'Xác nhận vi phạm' }).click()
      await expect.poll(() => page.getByTestId('flag-status').innerText(), { timeout: WAIT_MS }).toBe('Đã xác nhận')
      await screenshot('confirmed')
      const flag = await server.tdcs.db.selectFrom('red_flags').select(['status', 'assignee_id']).where('id', '=', BigInt(flagId)).executeTakeFirstOrThrow()
      expect(flag.status).toBe('confirmed')
      expect(flag.assignee_id).not.toBeNull()
      expect(pageErrors).toEqual([])
    })
  })
}

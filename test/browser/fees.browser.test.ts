// Entrustment fees and commissions in a real Chromium against a real server. Xã Cao Lộc's Women's
// Union has an entrustment contract with the transaction office; one loan of 36.000.000 ₫ goes
// through its group from 15/09/2025 and pays 264.000 ₫ of interest on 25/10/2025; September and
// October are closed. The office's officer opens the October fees, reads how the group's
// commission was computed, then sees the page in English.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { createContract } from '../../src/app/groups/contracts.js'
import { runLoanEvent } from '../../src/app/loans/loan-events.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { closeMonth } from '../../src/jobs/close-month.js'
import { BACKENDS, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, chromiumMissing, closeSession, launchChromium, see, startTestServer } from '../support/browser.js'
import { lendingFixture } from '../support/lending.js'

const PASSWORD = 'Fixture-pass-1'

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: fees and commissions page`, () => {
    let database: TestDatabase
    let server: RunningServer
    let profileDir: string
    let context: BrowserContext
    let page: Page
    const pageErrors: string[] = []
    let shot = 0
    const screenshot = async (name: string) => {
      shot += 1
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-fees-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' })
    }

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const old of readdirSync(ARTIFACTS)) if (old.startsWith(`${backend}-fees-`)) rmSync(path.join(ARTIFACTS, old), { force: true })
      ;({ database, server } = await startTestServer(backend, 'Admin-pass-2026'))
      const db = server.tdcs.db
      const f = await lendingFixture(db)
      const office = (await db.selectFrom('units').select('id').where('code', '=', 'PGD-CL').executeTakeFirstOrThrow()).id
      await createContract(db, f.ctx.branch(), {
        number: 'HĐUT-01/2025', bankUnitId: office, organisationUnitId: f.groups.organisationUnitId, signedOn: '2025-01-01', validFrom: '2025-01-01',
        feeTerms: {
          legalBasis: 'Hợp đồng ủy thác 01/2025',
          terms: { feeOnOutstandingMonthlyMicros: '450', feeOnInterestCollectedMicros: '20000', commissionOnInterestCollectedMicros: '80000', qualityReductions: [{ factor: 'overdue_ratio', thresholdMicros: '20000', payShareMicros: '500000' }] },
        },
      })
      const loan = await f.openLoan('poor', 'POOR', 36_000_000n, '2025-09-15', 24, 12)
      await closeMonth(db, f.ctx.appraiser(), '2025-09')
      await runLoanEvent(db, f.ctx.teller(), loan, { type: 'repay', date: '2025-10-25' as LocalDate, amountDong: 264_000n, cashUnit: f.commune })
      await closeMonth(db, f.ctx.appraiser(), '2025-10')
      ;({ profileDir, context, page } = await launchChromium(pageErrors, 1000))
    })

    afterEach(async (t) => {
      if (t.task.result?.state === 'fail') await screenshot(`FAILED-${t.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`)
    })

    afterAll(async () => {
      await closeSession({ context, profileDir, server, database })
    })

    it('shows the office officer the month\'s fee and commission with how each was computed', async () => {
      await page.goto(server.url)
      await page.getByLabel('Tên đăng nhập', { exact: true }).fill('appraiser')
      await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
      await page.getByRole('button', { name: 'Đăng nhập' }).click()
      await see(page, 'Xin chào, appraiser')
      await page.getByRole('menuitem', { name: 'Phí ủy thác, hoa hồng' }).click()
      expect(new URL(page.url()).pathname).toBe('/fees')
      await page.goto(`${server.url}/fees?period=2025-10`)
      // Group: 264.000 × 8 % = 21.120 ₫. Organisation: 36.000.000 × 0,045 % = 16.200 + 264.000 × 2 % = 5.280 → 21.480 ₫.
      const group = page.getByRole('row').filter({ hasText: 'Tổ TK&VV thôn Nà Cạn' })
      await see(group, '21.120 ₫')
      const org = page.getByRole('row').filter({ hasText: 'Hội LHPN xã' })
      await see(org, '21.480 ₫')
      await see(page, '2 khoản, tổng được hưởng 42.600 ₫')
      await org.getByRole('button').first().click()
      await see(page, 'Dư nợ bình quân = (đầu kỳ 36.000.000 ₫ + cuối kỳ 36.000.000 ₫) ÷ 2 = 36.000.000 ₫')
      await see(page, 'Phí trên dư nợ bình quân: 36.000.000 ₫ × 0,045 % = 16.200 ₫')
      await see(page, 'Tỷ lệ nợ quá hạn trên 2 % → hưởng 50 %')
      const href = await page.getByRole('link', { name: /Xuất Excel/ }).getAttribute('href')
      expect(href).toBe('/api/v1/fee-accruals.xlsx?period=2025-10&locale=vi')
      await screenshot('fees-vi')
    })

    it('shows the same page in English', async () => {
      await page.getByText('EN', { exact: true }).click()
      await see(page, 'Entrustment fees and commissions')
      await see(page, 'Average outstanding = (opening 36.000.000 ₫ + closing 36.000.000 ₫) ÷ 2 = 36.000.000 ₫')
      await see(page, '2 accruals, net total 42.600 ₫')
      expect(await page.getByRole('link', { name: /Export to Excel/ }).getAttribute('href')).toBe('/api/v1/fee-accruals.xlsx?period=2025-10&locale=en')
      await screenshot('fees-en')
      await page.getByText('VI', { exact: true }).click()
      await see(page, 'Phí ủy thác và hoa hồng')
    })

    it('raised no uncaught error in the page', () => {
      expect(pageErrors).toEqual([])
    })
  })
}

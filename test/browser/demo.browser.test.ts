// A freshly demo-seeded database in a real Chromium: a demo user logs in with the password the seed
// printed and sees a living province — non-zero figures on the home page and the portfolio report.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer } from '../../src/api/server.js'
import { seedDemo, type DemoSeedReport } from '../../src/jobs/demo-seed.js'
import { type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, chromiumMissing, closeSession, launchChromium, see, startTestServer, WAIT_MS } from '../support/browser.js'

const parseDong = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''))

describe.skipIf(chromiumMissing)('pglite: the first-run demo', () => {
  let database: TestDatabase
  let server: RunningServer
  let profileDir: string
  let context: BrowserContext
  let page: Page
  let report: DemoSeedReport
  const pageErrors: string[] = []

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    ;({ database, server } = await startTestServer('pglite', 'Admin-pass-2026'))
    report = await seedDemo(server.tdcs.db, { scale: 'tiny', seed: 3 })
    ;({ profileDir, context, page } = await launchChromium(pageErrors, 1000))
  }, 600_000)
  afterAll(async () => {
    await closeSession({ context, profileDir, server, database })
  })

  it('a demo board member logs in with the printed password and sees non-zero figures', async () => {
    const board = report.users.find((u) => u.username === 'demo.board')!
    await page.goto(server.url)
    await page.getByLabel('Tên đăng nhập', { exact: true }).fill(board.username)
    await page.getByLabel('Mật khẩu', { exact: true }).fill(board.password)
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await see(page, `Xin chào, ${board.fullName}`)
    // The home page's board dashboard: the key figures of the last closed month, not zero.
    const outstanding = page.getByTestId('kf-outstanding')
    await expect.poll(async () => parseDong(await outstanding.textContent()), { timeout: WAIT_MS }).toBeGreaterThan(0)
    expect(Number(await page.getByTestId('kf-borrowers').textContent())).toBeGreaterThan(0)
    await page.screenshot({ path: path.join(ARTIFACTS, 'pglite-demo-01-home.png'), fullPage: true, animations: 'disabled' })
    await page.getByRole('menuitem', { name: /Báo cáo$/ }).click()
    await see(page, 'Báo cáo tổng hợp')
    await page.getByRole('button', { name: 'Xem báo cáo' }).click()
    const total = page.getByTestId('total-portfolio-outstanding')
    await expect.poll(async () => parseDong(await total.textContent()), { timeout: WAIT_MS }).toBeGreaterThan(0)
    expect(Number(await page.getByTestId('total-portfolio-households').textContent())).toBeGreaterThan(0)
    await page.screenshot({ path: path.join(ARTIFACTS, 'pglite-demo-02-portfolio.png'), fullPage: true, animations: 'disabled' })
    expect(pageErrors).toEqual([])
  })
})

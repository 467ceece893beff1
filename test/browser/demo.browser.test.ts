// The first run, as a newcomer has it: `node bin/tdcs.js serve` (what `npm start` runs) as a child
// process on a database that does not exist yet seeds the small demo province before it listens
// and prints the demo users' passwords once; a demo board member logs in with the printed password
// in a real Chromium and sees a living province — non-zero figures on the home page and the
// portfolio report. On PGlite this is the default start (a data folder that does not exist, from
// the install-time template when `npm install` built one); on PostgreSQL an empty database is
// seeded only when TDCS_DEMO=1 asks. How long the start takes is measured by
// bench/first-start.ts, never asserted here.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnServer, type ServerProcess } from '../../bench/server-process.js'
import { findTemplate } from '../../src/db/pglite-template.js'
import { BACKENDS, freshDatabase, type TestDatabase } from '../support/backends.js'
import { ARTIFACTS, chromiumMissing, closeSession, launchChromium, see, WAIT_MS } from '../support/browser.js'

const parseDong = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''))

/** The password `serve` printed for a demo user ("    demo.board       <password>   supervisor · …"). */
function printedPassword(log: string, username: string): string {
  const line = log.split('\n').find((l) => l.trimStart().startsWith(`${username} `))
  const password = line?.trim().split(/\s+/)[1]
  if (!password) throw new Error(`serve printed no password for ${username}:\n${log}`)
  return password
}

for (const backend of BACKENDS) {
  describe.skipIf(chromiumMissing)(`${backend}: the first run of \`npm start\` on an empty database`, () => {
    let work: string
    let database: TestDatabase | undefined
    let server: ServerProcess | undefined
    let log = ''
    let profileDir: string
    let context: BrowserContext
    let page: Page
    const pageErrors: string[] = []

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true })
      work = mkdtempSync(path.join(os.tmpdir(), 'tdcs-first-run-'))
      const logFile = path.join(work, 'serve.log')
      // PGlite: a data folder that does not exist yet, as ./data/pglite on a fresh clone.
      if (backend === 'postgres') database = await freshDatabase('postgres')
      server = await spawnServer({
        databaseUrl: database?.databaseUrl, dataDir: backend === 'pglite' ? path.join(work, 'data', 'pglite') : undefined, logFile,
        env: { TDCS_DEMO: backend === 'postgres' ? '1' : undefined, TDCS_ADMIN_PASSWORD: undefined, LOG_LEVEL: 'info' },
      })
      try {
        await server.waitForHealth(600_000)
      } finally {
        log = readFileSync(logFile, 'utf8')
      }
      ;({ profileDir, context, page } = await launchChromium(pageErrors, 1000))
    }, 900_000)
    afterAll(async () => {
      await closeSession({ context, profileDir })
      await server?.stop()
      await database?.drop()
      rmSync(work, { recursive: true, force: true })
    })

    it('prints the first administrator and every demo role\'s password once, before listening', () => {
      expect(log).toContain('First administrator created')
      expect(log).toContain('Empty database: seeding the small demo province')
      for (const username of ['demo.admin', 'demo.branch', 'demo.office', 'demo.approver', 'demo.teller', 'demo.women', 'demo.leader', 'demo.commune', 'demo.board'])
        expect(printedPassword(log, username).length).toBeGreaterThanOrEqual(10)
      expect(log.indexOf('Demo seeded in')).toBeLessThan(log.indexOf('TDCS is running at'))
      // `npm install` built the template (the prepare script) unless it failed: then the start ran initdb.
      if (backend === 'pglite') expect(log.includes('created from the install-time template')).toBe(findTemplate() !== undefined)
    })

    it('a demo board member logs in with the printed password and sees a populated dashboard and report', async () => {
      await page.goto(server!.url)
      await page.getByLabel('Tên đăng nhập', { exact: true }).fill('demo.board')
      await page.getByLabel('Mật khẩu', { exact: true }).fill(printedPassword(log, 'demo.board'))
      await page.getByRole('button', { name: 'Đăng nhập' }).click()
      await see(page, 'Xin chào, Ban đại diện HĐQT (mẫu)')
      // The home page's board dashboard: the key figures of the last closed month, not zero.
      const outstanding = page.getByTestId('kf-outstanding')
      await expect.poll(async () => parseDong(await outstanding.textContent()), { timeout: WAIT_MS }).toBeGreaterThan(0)
      expect(Number(await page.getByTestId('kf-borrowers').textContent())).toBeGreaterThan(0)
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-first-run-01-home.png`), fullPage: true, animations: 'disabled' })
      await page.getByRole('menuitem', { name: /Báo cáo$/ }).click()
      await see(page, 'Báo cáo tổng hợp')
      await page.getByRole('button', { name: 'Xem báo cáo' }).click()
      const total = page.getByTestId('total-portfolio-outstanding')
      await expect.poll(async () => parseDong(await total.textContent()), { timeout: WAIT_MS }).toBeGreaterThan(0)
      expect(Number(await page.getByTestId('total-portfolio-households').textContent())).toBeGreaterThan(0)
      await page.screenshot({ path: path.join(ARTIFACTS, `${backend}-first-run-02-portfolio.png`), fullPage: true, animations: 'disabled' })
      expect(pageErrors).toEqual([])
    })
  })
}

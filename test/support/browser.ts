// What every browser test needs: the system Chromium, a real server on a fresh database of the
// chosen backend, a fresh browser profile, and a few ways of waiting for what a user sees.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/api/server.js'
import { configFromEnv } from '../../src/app/config.js'
import type { Backend } from '../../src/db/connect.js'
import { expect } from 'vitest'
import { freshDatabase, type TestDatabase } from './backends.js'

export const ROOT = path.resolve(import.meta.dirname, '..', '..')
export const ARTIFACTS = path.join(ROOT, 'test', 'artifacts')
export const CHROMIUM = '/usr/bin/chromium'
/** Generous: the first PGlite start and the first page load (a 1.5 MB bundle) take seconds. */
export const WAIT_MS = 30_000

export const chromiumMissing = !existsSync(CHROMIUM)
if (chromiumMissing && !process.env.CI)
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM}. Install it (apt-get install chromium) to run them; CI fails without it.`)

/** Waits until the text is on screen; returns the locator for further checks. */
export async function see(scope: Page | Locator, text: string | RegExp, options: { exact?: boolean } = {}): Promise<Locator> {
  const locator = scope.getByText(text, { exact: options.exact ?? false }).first()
  await locator.waitFor({ state: 'visible', timeout: WAIT_MS })
  return locator
}

/** Logs in on the login page (Vietnamese) as a fixture user, password `Fixture-pass-1` unless given. */
export async function logIn(page: Page, username: string, password = 'Fixture-pass-1'): Promise<void> {
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await see(page, `Xin chào, ${username}`)
}

/** Picks an option of a searchable select found by its label: types, waits for the option, Enter. */
export async function choose(page: Page, scope: Page | Locator, label: string, option: string, typed = option): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  await input.click()
  await input.fill(typed)
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').filter({ hasText: option }).first().waitFor({ timeout: WAIT_MS })
  await input.press('Enter')
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: WAIT_MS }).toBe(0)
}

/**
 * Starts a real server on a fresh database of the backend. The web app it serves was built once
 * by the global setup (test/support/global-setup.ts), never here: two files building at once
 * would empty dist/web under each other's pages.
 */
export async function startTestServer(backend: Backend, adminPassword: string): Promise<{ database: TestDatabase; server: RunningServer }> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const database = await freshDatabase(backend)
  const server = await startServer({
    ...configFromEnv({}),
    port: 0,
    host: '127.0.0.1',
    adminPassword,
    databaseUrl: database.databaseUrl,
    dataDir: database.dataDir ?? 'memory://',
    loadDataDir: database.loadDataDir,
    logLevel: 'silent',
  })
  return { database, server }
}

export interface ChromiumSession {
  readonly profileDir: string
  readonly context: BrowserContext
  readonly page: Page
}

/** Debian's Chromium, headless, with a fresh profile; page errors are collected into `pageErrors`. */
export async function launchChromium(pageErrors: string[], viewportHeight = 860): Promise<ChromiumSession> {
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'tdcs-chromium-'))
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1366, height: viewportHeight },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  })
  context.setDefaultTimeout(WAIT_MS)
  const page = context.pages()[0] ?? (await context.newPage())
  page.on('pageerror', (error) => pageErrors.push(error.message))
  return { profileDir, context, page }
}

/** Closes whatever of a browser test's session was opened, browser first. */
export async function closeSession(parts: { context?: BrowserContext; profileDir?: string; server?: RunningServer; database?: TestDatabase }): Promise<void> {
  await parts.context?.close()
  if (parts.profileDir) rmSync(parts.profileDir, { recursive: true, force: true })
  await parts.server?.close()
  await parts.database?.drop()
}

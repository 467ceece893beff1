import { Kysely } from 'kysely'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migrateToLatest } from '../../src/db/migrate.js'
import { dumpMigratedPglite } from '../../src/db/pglite-template.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
export const TEMPLATE_DIR = path.join(ROOT, '.tdcs-test')
/** Browser tests run when the system Chromium is there (test/support/browser.ts says the same). */
const CHROMIUM = '/usr/bin/chromium'

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… of the server the DB tests also run on, or '' when none answers. */
    pgUrl: string
    /** The backends the database tests loop over (TDCS_TEST_BACKENDS, PostgreSQL only when it answers). */
    backends: ('pglite' | 'postgres')[]
    /** This run's migrated templates: each test run has its own, so concurrent runs never collide. */
    pgliteTemplate: string
    pgTemplateDb: string
  }
}

/** A fresh PGlite takes seconds to init: migrate one once per run and let each test load its dump. */
async function buildPgliteTemplate(file: string): Promise<void> {
  writeFileSync(file, await dumpMigratedPglite())
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, user: new URL(url).username || 'postgres', connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/** A migrated template database on the server; each test copies it with CREATE DATABASE … TEMPLATE. */
async function buildPgTemplate(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl, user: new URL(adminUrl).username || 'postgres' })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: url.toString(), user: url.username || 'postgres', max: 1 })
  const db = new Kysely<unknown>({ dialect: new (await import('kysely')).PostgresDialect({ pool }) })
  const report = await migrateToLatest(db)
  await db.destroy()
  if (report.error) throw report.error
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl, user: new URL(adminUrl).username || 'postgres' })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.end()
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const wanted = (process.env.TDCS_TEST_BACKENDS ?? 'pglite,postgres').split(',')
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const runId = `${process.pid}_${randomBytes(3).toString('hex')}`
  mkdirSync(TEMPLATE_DIR, { recursive: true })
  const pgliteTemplate = path.join(TEMPLATE_DIR, `pglite-template-${runId}.tar.gz`)
  const pgTemplateDb = `tdcs_test_template_${runId}`
  // The web app is built here, once, before any test file starts: browser test files run two at a
  // time, and a build started by one (Vite empties dist/web first) would pull the pages out from
  // under the other's server. A no-op when the build is newer than its sources.
  if (existsSync(CHROMIUM)) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'ensure-web-build.mjs')], { cwd: ROOT, stdio: 'inherit' })
  await buildPgliteTemplate(pgliteTemplate)
  let pgUrl = ''
  if (wanted.includes('postgres')) {
    if (await reachable(url)) {
      await buildPgTemplate(url, pgTemplateDb)
      pgUrl = url
    } else if (process.env.CI) {
      throw new Error(`CI must run the database tests on PostgreSQL too, but ${url} does not answer.`)
    }
  }
  // PGlite unless TDCS_TEST_BACKENDS leaves it out and PostgreSQL answers: never no backend at all.
  const backends: ('pglite' | 'postgres')[] = [...(wanted.includes('pglite') || !pgUrl ? ['pglite' as const] : []), ...(pgUrl ? ['postgres' as const] : [])]
  console.log(`Database tests run on: ${backends.join(', ')}${pgUrl ? ` (PostgreSQL at ${new URL(pgUrl).host})` : wanted.includes('postgres') ? ' (no PostgreSQL answered)' : ''}`)
  project.provide('pgUrl', pgUrl)
  project.provide('backends', backends)
  project.provide('pgliteTemplate', pgliteTemplate)
  project.provide('pgTemplateDb', pgTemplateDb)
  return async () => {
    rmSync(pgliteTemplate, { force: true })
    if (pgUrl) await dropDatabase(pgUrl, pgTemplateDb).catch(() => {})
  }
}

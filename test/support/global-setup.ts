import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migrateToLatest } from '../../src/db/migrate.js'

export const TEMPLATE_DIR = path.resolve(import.meta.dirname, '..', '..', '.tdcs-test')
export const PGLITE_TEMPLATE = path.join(TEMPLATE_DIR, 'pglite-template.tar.gz')
export const PG_TEMPLATE_DB = 'tdcs_test_template'

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… of the server the DB tests also run on, or '' when none answers. */
    pgUrl: string
  }
}

/** A fresh PGlite takes seconds to init: migrate one once per run and let each test load its dump. */
async function buildPgliteTemplate(): Promise<void> {
  const client = await PGlite.create('memory://')
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(client) })
  const report = await migrateToLatest(db)
  if (report.error) throw report.error
  const dump = await client.dumpDataDir('gzip')
  mkdirSync(TEMPLATE_DIR, { recursive: true })
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()))
  await db.destroy()
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
async function buildPgTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl, user: new URL(adminUrl).username || 'postgres' })
  await admin.connect()
  await admin.query(`drop database if exists ${PG_TEMPLATE_DB} with (force)`)
  await admin.query(`create database ${PG_TEMPLATE_DB}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${PG_TEMPLATE_DB}`
  const pool = new pg.Pool({ connectionString: url.toString(), user: url.username || 'postgres', max: 1 })
  const db = new Kysely<unknown>({ dialect: new (await import('kysely')).PostgresDialect({ pool }) })
  const report = await migrateToLatest(db)
  await db.destroy()
  if (report.error) throw report.error
}

export default async function setup(project: TestProject): Promise<void> {
  const wanted = (process.env.TDCS_TEST_BACKENDS ?? 'pglite,postgres').split(',')
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  await buildPgliteTemplate()
  let pgUrl = ''
  if (wanted.includes('postgres')) {
    if (await reachable(url)) {
      await buildPgTemplate(url)
      pgUrl = url
    } else if (process.env.CI) {
      throw new Error(`CI must run the database tests on PostgreSQL too, but ${url} does not answer.`)
    }
  }
  console.log(`Database tests run on: pglite${pgUrl ? `, postgres (${new URL(pgUrl).host})` : ' only (no PostgreSQL answered)'}`)
  project.provide('pgUrl', pgUrl)
}

import { openAsBlob } from 'node:fs'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { DEFAULT_AUTH_POLICY, type AuthPolicy } from '../../src/app/auth.js'
import { openApp, type TdcsApp } from '../../src/app/open-app.js'
import type { Backend } from '../../src/db/connect.js'

/**
 * Every database test runs once per backend: PGlite and PostgreSQL whenever one answers, or the
 * ones TDCS_TEST_BACKENDS names (test/support/global-setup.ts).
 */
export const BACKENDS: readonly Backend[] = inject('backends')

export interface TestDatabase {
  /** What openApp / startServer need to reach this fresh database. */
  readonly databaseUrl: string | undefined
  readonly dataDir: string | undefined
  readonly loadDataDir: Blob | undefined
  drop(): Promise<void>
}

/** A fresh, migrated database of its own: a PGlite loaded from the template, or a new PG database. */
export async function freshDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite')
    return { databaseUrl: undefined, dataDir: 'memory://', loadDataDir: await openAsBlob(inject('pgliteTemplate')), drop: async () => {} }
  const adminUrl = inject('pgUrl')
  const name = `tdcs_test_${randomBytes(6).toString('hex')}`
  const user = new URL(adminUrl).username || 'postgres'
  const admin = new pg.Client({ connectionString: adminUrl, user })
  await admin.connect()
  await admin.query(`create database ${name} template ${inject('pgTemplateDb')}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    databaseUrl: url.toString(),
    dataDir: undefined,
    loadDataDir: undefined,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl, user })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

export interface TestApp extends TdcsApp {
  /** Closes the app and drops its database. */
  dispose(): Promise<void>
}

export async function openTestApp(backend: Backend, authPolicy: AuthPolicy = DEFAULT_AUTH_POLICY): Promise<TestApp> {
  const database = await freshDatabase(backend)
  const app = await openApp({ ...database, authPolicy, poolMax: 4 })
  return Object.assign(app, {
    dispose: async () => {
      await app.close()
      await database.drop()
    },
  })
}

// The install-time template of the empty PGlite database (src/db/pglite-template.ts): a new data
// folder starts from it with the whole migrated schema and keeps what is written afterwards; an
// existing folder is opened as it is; a template built for other migrations, or a start that asks
// for none, runs initdb and the migrations as before. The key follows every migration's content.
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from '../../src/db/connect.js'
import { MIGRATIONS } from '../../src/db/migrations/index.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { buildTemplate, templateFile, templateKey } from '../../src/db/pglite-template.js'

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '..', '..', 'src', 'db', 'migrations')

describe('pglite: the install-time template of the empty database', () => {
  let work: string
  let templates: string
  let template: string

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'tdcs-template-'))
    templates = path.join(work, 'cache')
    template = await buildTemplate(templates)
  }, 120_000)
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  const appliedMigrations = async (dataDir: string, pgliteTemplate: boolean | string) => {
    const handle = await connect({ dataDir, pgliteTemplate })
    try {
      const report = await migrateToLatest(handle.db)
      const { rows } = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(handle.db)
      return { fromTemplate: handle.fromTemplate, appliedNow: report.applied, migrations: rows.map((r) => r.name) }
    } finally {
      await handle.close()
    }
  }

  it('is named by the key of this checkout and replaces a template of another key', async () => {
    expect(template).toBe(templateFile(templates, templateKey()))
    expect(existsSync(template)).toBe(true)
    const other = path.join(templates, 'pglite-empty-0000000000000000.tar.gz')
    writeFileSync(other, 'stale')
    expect(await buildTemplate(templates)).toBe(template)
    expect(existsSync(other)).toBe(false)
  }, 120_000)

  it('gives a new data folder every migration, and the folder keeps what is written afterwards', async () => {
    const dataDir = path.join(work, 'new', 'pglite')
    const first = await appliedMigrations(dataDir, templates)
    expect(first.fromTemplate).toBe(template)
    expect(first.appliedNow).toEqual([])
    expect(first.migrations).toEqual(Object.keys(MIGRATIONS).sort())

    const handle = await connect({ dataDir, pgliteTemplate: templates })
    try {
      expect(handle.fromTemplate).toBeUndefined() // the folder holds a database now: opened as it is
      const programs = await sql<{ n: bigint }>`select count(*) as n from programs`.execute(handle.db)
      expect(programs.rows[0]!.n).toBeGreaterThan(0n) // the reference data the migrations insert
      expect((await sql<{ n: bigint }>`select count(*) as n from users`.execute(handle.db)).rows[0]!.n).toBe(0n)
      await sql`create table template_probe (x int)`.execute(handle.db)
      await sql`insert into template_probe values (42)`.execute(handle.db)
    } finally {
      await handle.close()
    }
    const again = await connect({ dataDir, pgliteTemplate: templates })
    try {
      expect((await sql<{ x: number }>`select x from template_probe`.execute(again.db)).rows).toEqual([{ x: 42 }])
    } finally {
      await again.close()
    }
  }, 120_000)

  it('is not used when built for other migrations, nor when the start asks for none', async () => {
    const stale = path.join(work, 'stale')
    cpSync(templates, stale, { recursive: true })
    renameSync(path.join(stale, path.basename(template)), path.join(stale, 'pglite-empty-0123456789abcdef.tar.gz'))
    const fromStale = await appliedMigrations(path.join(work, 'from-stale'), stale)
    expect(fromStale.fromTemplate).toBeUndefined()
    expect(fromStale.appliedNow).toEqual(Object.keys(MIGRATIONS).sort()) // initdb and every migration, as without a template

    const refused = await appliedMigrations(path.join(work, 'refused'), false)
    expect(refused.fromTemplate).toBeUndefined()
    expect(refused.appliedNow).toEqual(Object.keys(MIGRATIONS).sort())
  }, 180_000)

  it('has a key that changes with any migration\'s content and with a new migration', () => {
    const copy = path.join(work, 'migrations')
    cpSync(MIGRATIONS_DIR, copy, { recursive: true })
    expect(templateKey(copy)).toBe(templateKey())
    const last = Object.keys(MIGRATIONS).sort().at(-1)!
    const file = path.join(copy, `${last}.ts`)
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n// edited\n`)
    const edited = templateKey(copy)
    expect(edited).not.toBe(templateKey())
    writeFileSync(path.join(copy, '9999-next.ts'), 'export {}\n')
    expect(templateKey(copy)).not.toBe(edited)
  })
})

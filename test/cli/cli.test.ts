import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS, freshDatabase, type TestDatabase } from '../support/backends.js'
import { tdcs } from '../support/cli.js'

for (const backend of BACKENDS) {
  describe(`${backend}: tdcs command`, () => {
    let env: Record<string, string>
    let database: TestDatabase | undefined
    let dir: string

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'tdcs-cli-'))
      if (backend === 'postgres') {
        database = await freshDatabase('postgres')
        env = { DATABASE_URL: database.databaseUrl! }
      } else {
        env = { DATABASE_URL: '', TDCS_DATA_DIR: path.join(dir, 'pglite') }
      }
    })
    afterAll(async () => {
      await database?.drop()
      rmSync(dir, { recursive: true, force: true })
    })

    it('prints help for the whole command and for each subcommand', async () => {
      const all = await tdcs(env, '--help')
      expect(all.code).toBe(0)
      for (const name of ['serve', 'migrate', 'users create', 'users list', 'users disable', 'audit verify']) expect(all.stdout).toContain(name)
      const sub = await tdcs(env, 'users', 'create', '--help')
      expect(sub.code).toBe(0)
      expect(sub.stdout).toContain('--unit')
    })

    it('exits 2 on an unknown command or option', async () => {
      expect((await tdcs(env, 'fly')).code).toBe(2)
      expect((await tdcs(env, 'migrate', '--bogus')).code).toBe(2)
    })

    it('migrates, creates and lists users, refuses bad input with a named code, and verifies the audit chain', async () => {
      expect((await tdcs(env, 'migrate')).code).toBe(0)
      const created = await tdcs(env, 'users', 'create', '--username', 'cli.teller', '--full-name', 'Nguyễn Thị Hoa', '--role', 'supervisor', '--unit', '1', '--password', 'Cli-pass-2026')
      expect(created.code, created.stderr).toBe(0)
      const weak = await tdcs(env, 'users', 'create', '--username', 'cli.weak', '--full-name', 'X', '--role', 'supervisor', '--unit', '1', '--password', 'short')
      expect(weak.code).toBe(1)
      expect(weak.stderr).toContain('password_too_weak')
      const list = await tdcs(env, 'users', 'list')
      expect(list.stdout).toContain('cli.teller')
      expect(list.stdout).not.toContain('cli.weak')
      const verify = await tdcs(env, 'audit', 'verify')
      expect(verify.code).toBe(0)
      expect(verify.stdout).toMatch(/intact: [1-9]\d* row/)
    }, 180_000) // six commands, each starting a process and opening the database; a fresh PGlite migrates from nothing
  })
}

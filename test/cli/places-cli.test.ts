import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS, freshDatabase, type TestDatabase } from '../support/backends.js'
import { tdcs } from '../support/cli.js'

for (const backend of BACKENDS) {
  describe(`${backend}: tdcs places import`, () => {
    let env: Record<string, string>
    let database: TestDatabase | undefined
    let dir: string
    const file = (name: string, text: string) => {
      const p = path.join(dir, name)
      writeFileSync(p, text)
      return p
    }

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'tdcs-places-cli-'))
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

    it('imports a GSO-style sheet, reports it, and changes nothing the second time', async () => {
      const sheet = file('lang-son.csv', 'Mã tỉnh;Tên tỉnh;Mã xã;Tên xã;Cấp\n20;Tỉnh Lạng Sơn;05977;Phường Đông Kinh;Phường\n20;Tỉnh Lạng Sơn;06325;Xã Bắc Sơn;Xã\n')
      const first = await tdcs(env, 'places', 'import', sheet)
      expect(first.code, first.stderr).toBe(0)
      expect(first.stdout).toContain('gso_sheet_current')
      expect(first.stdout).toMatch(/'commune'\s*│\s*2\s*│\s*2\s*│\s*0/)
      const again = await tdcs(env, 'places', 'import', sheet, '--json')
      expect(again.code).toBe(0)
      expect(JSON.parse(again.stdout).totals).toEqual({ added: 0, changed: 0, unchanged: 3, removed: 0 })
    })

    it('exits 1 with the named code on wrong columns, 4 on an unreadable file, 2 without a file', async () => {
      const bad = await tdcs(env, 'places', 'import', file('bad.csv', 'Tỉnh,Xã\n20,05977\n'))
      expect(bad.code).toBe(1)
      expect(bad.stderr).toContain('places_file_columns_invalid')
      expect((await tdcs(env, 'places', 'import', path.join(dir, 'missing.json'))).code).toBe(4)
      expect((await tdcs(env, 'places', 'import')).code).toBe(2)
      const help = await tdcs(env, 'places', 'import', '--help')
      expect(help.stdout).toContain('Mã tỉnh')
    })
  })
}

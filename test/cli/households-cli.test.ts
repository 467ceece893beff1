import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_AUTH_POLICY } from '../../src/app/auth.js'
import { openApp } from '../../src/app/open-app.js'
import { IMPORT_COLUMNS, makeCitizenId } from '../../src/domain/households/index.js'
import { BACKENDS, freshDatabase, type TestDatabase } from '../support/backends.js'
import { tdcs } from '../support/cli.js'

const HEADER = IMPORT_COLUMNS.map((c) => c.header)

for (const backend of BACKENDS) {
  describe(`${backend}: tdcs households`, () => {
    let env: Record<string, string>
    let database: TestDatabase | undefined
    let dir: string
    let communeId = 0

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'tdcs-households-cli-'))
      if (backend === 'postgres') {
        database = await freshDatabase('postgres')
        env = { DATABASE_URL: database.databaseUrl! }
      } else {
        env = { DATABASE_URL: '', TDCS_DATA_DIR: path.join(dir, 'pglite') }
      }
      // The network commands belong to another area: set up a commune unit directly.
      const app = await openApp({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.TDCS_DATA_DIR, authPolicy: DEFAULT_AUTH_POLICY })
      try {
        await app.db.insertInto('admin_units').values({ layer: 'current', level: 'commune', code: '06100', name: 'Xã Cao Lộc', full_name: 'Xã Cao Lộc', unit_type: 'Xã', area_type: 'rural', parent_code: '20', province_code: '20', valid_from: null, valid_to: null }).execute()
        const province = await app.db.insertInto('units').values({ parent_id: 1, kind: 'province', code: '20', name: 'Chi nhánh Lạng Sơn', path: '', province_code: '20' }).returning('id').executeTakeFirstOrThrow()
        await app.db.updateTable('units').set({ path: `/1/${province.id}/` }).where('id', '=', province.id).execute()
        const commune = await app.db.insertInto('units').values({ parent_id: province.id, kind: 'commune', code: 'X-06100', name: 'Xã Cao Lộc', path: '', province_code: '20', admin_code: '06100' }).returning('id').executeTakeFirstOrThrow()
        await app.db.updateTable('units').set({ path: `/1/${province.id}/${commune.id}/` }).where('id', '=', commune.id).execute()
        communeId = commune.id
      } finally {
        await app.close()
      }
    })
    afterAll(async () => {
      await database?.drop()
      rmSync(dir, { recursive: true, force: true })
    })

    it('writes the import template', async () => {
      const file = path.join(dir, 'mau.xlsx')
      const result = await tdcs(env, 'households', 'template', file)
      expect(result.code, result.stderr).toBe(0)
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(new Uint8Array(readFileSync(file)).buffer)
      expect((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER)
      expect((await tdcs(env, 'households', 'template')).code).toBe(2)
    })

    it('imports a CSV with progress on stderr, then lists it', async () => {
      const file = path.join(dir, 'ho.csv')
      const rows = [HEADER, ['CL-1', '', '', 'Khòn Lải', 'Nông Văn Dũng', 'Chủ hộ', '02/02/1972', 'Nam', 'Tày', makeCitizenId('020', 'male', 1972, 77), '', 'Có', ''], ['CL-1', '', '', '', 'Hà Thị Nga', 'Vợ', '03/03/1975', 'Nữ', 'Tày', '', '', '', '']]
      writeFileSync(file, rows.map((r) => r.join(',')).join('\n'))
      const result = await tdcs(env, 'households', 'import', file, '--commune-unit', String(communeId))
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain('imported 1 household(s) with 2 member(s)')
      // stderr is a pipe here: one line per tenth of each phase, never a redrawn bar.
      expect(result.stderr).toMatch(/^write .*100%/m)
      expect(result.stderr).not.toContain('\r')
      const list = await tdcs(env, 'households', 'list', '--q', 'nong dung')
      expect(list.code, list.stderr).toBe(0)
      expect(list.stdout).toContain('CL-1')
      expect(list.stdout).toContain('1 household(s)')
    })

    it('prints the row-by-row report and exits 1 when the file has errors', async () => {
      const file = path.join(dir, 'loi.csv')
      writeFileSync(file, [HEADER.join(','), ['CL-2', '', '', '', 'Người Một', 'Con', '02/02/1972', 'Nam', '', '', '', '', ''].join(','), ['CL-1', '', '', '', 'Người Hai', 'Chủ hộ', '31/02/1980', 'Nam', '', '', '', '', ''].join(',')].join('\n'))
      const result = await tdcs(env, 'households', 'import', file, '--commune-unit', String(communeId))
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('nothing was imported')
      expect(result.stderr).toContain('row 2, Quan hệ với chủ hộ: household_head_missing')
      expect(result.stderr).toContain('row 3, Ngày sinh (dd/mm/yyyy): invalid_date')
      expect((await tdcs(env, 'households', 'import', path.join(dir, 'khong-co.csv'))).code).toBe(4)
      const wrong = await tdcs(env, 'households', 'import', file)
      expect(wrong.code).toBe(1)
      expect(wrong.stderr).toContain('import_value_required')
    })
  })
}

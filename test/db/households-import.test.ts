import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importHouseholds, type ImportPhase } from '../../src/app/households/import.js'
import { getHousehold, listHouseholds } from '../../src/app/households/queries.js'
import { systemContext } from '../../src/app/open-app.js'
import { IMPORT_COLUMNS, makeCitizenId } from '../../src/domain/households/index.js'
import { RuleViolation } from '../../src/domain/shared/index.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'

const HEADER = IMPORT_COLUMNS.map((c) => c.header)
const ctx = () => systemContext('test-import', new Date('2026-03-01T03:00:00Z'))

/** A CSV of `households` households of four (head, spouse, two children), ids from `serial` on. */
function registry(households: number, serial: number, options: { codePrefix: string; communeOnLastRowOnly?: boolean } = { codePrefix: 'K' }): string {
  const lines = [HEADER.join(',')]
  let n = serial
  for (let h = 0; h < households; h++) {
    const code = `${options.codePrefix}-${h}`
    const members: [string, string, number, 'male' | 'female'][] = [
      [`Nông Văn Sình ${h}`, 'Chủ hộ', 1970, 'male'],
      [`Hà Thị Lan ${h}`, 'Vợ', 1972, 'female'],
      [`Nông Văn Phúc ${h}`, 'Con', 2001, 'male'],
      [`Nông Thị Mai ${h}`, 'Con', 2004, 'female'],
    ]
    members.forEach(([name, relation, year, sex], i) => {
      const commune = options.communeOnLastRowOnly && i < members.length - 1 ? '' : '06100'
      lines.push([code, commune, 'Thôn Nà Cạn', `Thôn Nà Cạn số ${h}`, name, relation, `01/06/${year}`, sex === 'male' ? 'Nam' : 'Nữ', 'Tày', makeCitizenId('020', sex, year, n++), '', 'Có', ''].join(','))
    })
  }
  return lines.join('\n')
}

const bytes = (s: string) => new TextEncoder().encode(s)

for (const backend of BACKENDS) {
  describe(`${backend}: registry import use-case`, () => {
    let app: TestApp
    let communeId = 0
    const count = async (table: 'households' | 'persons' | 'household_members' | 'household_events') =>
      Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n)

    beforeAll(async () => {
      app = await openTestApp(backend)
      await app.db.insertInto('admin_units').values({ layer: 'current', level: 'commune', code: '06100', name: 'Xã Cao Lộc', full_name: 'Xã Cao Lộc', unit_type: 'Xã', area_type: 'rural', parent_code: '20', province_code: '20', valid_from: null, valid_to: null }).execute()
      const province = await app.db.insertInto('units').values({ parent_id: 1, kind: 'province', code: '20', name: 'CN Lạng Sơn', path: '', province_code: '20' }).returning('id').executeTakeFirstOrThrow()
      await app.db.updateTable('units').set({ path: `/1/${province.id}/` }).where('id', '=', province.id).execute()
      const commune = await app.db.insertInto('units').values({ parent_id: province.id, kind: 'commune', code: 'X-06100', name: 'Xã Cao Lộc', path: '', province_code: '20', admin_code: '06100' }).returning('id').executeTakeFirstOrThrow()
      await app.db.updateTable('units').set({ path: `/1/${province.id}/${commune.id}/` }).where('id', '=', commune.id).execute()
      const village = await app.db.insertInto('units').values({ parent_id: commune.id, kind: 'village', code: 'NC', name: 'Thôn Nà Cạn', path: '', province_code: '20' }).returning('id').executeTakeFirstOrThrow()
      await app.db.updateTable('units').set({ path: `/1/${province.id}/${commune.id}/${village.id}/` }).where('id', '=', village.id).execute()
      communeId = commune.id
    })
    afterAll(() => app.dispose())

    it('imports more people than one statement carries, reporting read, check and write in order', async () => {
      const phases: ImportPhase[] = []
      const finals = new Map<ImportPhase, boolean>()
      const summary = await importHouseholds(app.db, ctx(), {
        fileName: 'lon.csv',
        content: bytes(registry(3000, 1, { codePrefix: 'K' })),
        onProgress: (phase, done, total) => {
          if (phases.at(-1) !== phase) phases.push(phase)
          if (done === total) finals.set(phase, true)
        },
      })
      expect(summary).toMatchObject({ rows: 12_000, households: 3000, members: 12_000, communes: [{ unitId: communeId, households: 3000 }] })
      expect(phases).toEqual(['read', 'check', 'write'])
      expect([...finals.keys()]).toEqual(['read', 'check', 'write'])
      expect({ households: await count('households'), persons: await count('persons'), members: await count('household_members'), events: await count('household_events') })
        .toEqual({ households: 3000, persons: 12_000, members: 12_000, events: 3000 })
      const found = await listHouseholds(app.db, ctx(), { q: 'K-2999', limit: 5, offset: 0 })
      const detail = await getHousehold(app.db, ctx(), found.items[0]!.id)
      expect(detail).toMatchObject({ headName: 'Nông Văn Sình 2999', villageName: 'Thôn Nà Cạn', residenceType: 'rural', provinceCode: '20' })
      expect(detail.members.map((m) => [m.fullName, m.relation, m.citizenId])).toEqual([
        ['Nông Văn Sình 2999', 'head', makeCitizenId('020', 'male', 1970, 11_997)],
        ['Hà Thị Lan 2999', 'spouse', makeCitizenId('020', 'female', 1972, 11_998)],
        ['Nông Văn Phúc 2999', 'child', makeCitizenId('020', 'male', 2001, 11_999)],
        ['Nông Thị Mai 2999', 'child', makeCitizenId('020', 'female', 2004, 12_000)],
      ])
    })

    it('rolls back the people it stored while reading when a later row names a registered citizen', async () => {
      const before = { households: await count('households'), persons: await count('persons'), members: await count('household_members') }
      // 3,000 new households (stored batch by batch while reading), then one reusing a citizen id of the first import.
      const fresh = registry(3000, 50_000, { codePrefix: 'M' })
      const clash = ['M-X', '06100', '', '', 'Người Trùng Số', 'Chủ hộ', '01/06/1970', 'Nam', '', makeCitizenId('020', 'male', 1970, 1), '', '', ''].join(',')
      const error = await importHouseholds(app.db, ctx(), { fileName: 'trung.csv', content: bytes(`${fresh}\n${clash}`) }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(RuleViolation)
      expect((error as RuleViolation).code).toBe('import_rejected')
      expect((error as RuleViolation).details).toMatchObject({ errorCount: 1, errors: [{ row: 12_002, column: 'Số CCCD', code: 'citizen_id_in_other_household' }] })
      expect({ households: await count('households'), persons: await count('persons'), members: await count('household_members') }).toEqual(before)
    })

    it('imports households whose commune code is only on their last row', async () => {
      const summary = await importHouseholds(app.db, ctx(), { fileName: 'cuoi.csv', content: bytes(registry(5, 90_000, { codePrefix: 'L', communeOnLastRowOnly: true })) })
      expect(summary).toMatchObject({ households: 5, members: 20 })
      const found = await listHouseholds(app.db, ctx(), { q: 'L-4', limit: 5, offset: 0 })
      expect(found.items[0]).toMatchObject({ memberCount: 4, headName: 'Nông Văn Sình 4' })
    })
  })
}

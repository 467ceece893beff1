import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../../src/app/audit.js'
import { importPlacesFile, type PlacesImportReport } from '../../src/app/places/import.js'
import { systemContext } from '../../src/app/open-app.js'
import { foldVietnamese } from '../../src/domain/places/index.js'
import { RuleViolation } from '../../src/domain/shared/index.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { CROSSWALK_FILE, CURRENT_FILE, HISTORICAL_FILE, importRealPlaces, PLACE_FILES, readPlaceFile } from '../support/places.js'

const ctx = () => systemContext('test-places')
const csv = (text: string) => new TextEncoder().encode(text)

async function count(app: TestApp, layer: string, level: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from admin_units where layer = ${layer} and level = ${level}`.execute(app.db)
  return rows[0]!.n
}

async function violation(work: Promise<unknown>): Promise<RuleViolation> {
  const error = await work.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(RuleViolation)
  return error as RuleViolation
}

for (const backend of BACKENDS) {
  describe(`${backend}: places import`, () => {
    let app: TestApp
    let first: PlacesImportReport[]

    beforeAll(async () => {
      app = await openTestApp(backend)
      const { reports, ms } = await importRealPlaces(app.db)
      first = reports
      console.log(`${backend}: imported ${PLACE_FILES.map((f, i) => `${f} in ${ms[i]} ms`).join(', ')}`)
    })
    afterAll(() => app.dispose())

    it('holds 34 provinces and 3,321 communes in the current layer', async () => {
      expect(await count(app, 'current', 'province')).toBe(34)
      expect(await count(app, 'current', 'commune')).toBe(3321)
      expect(await count(app, 'current', 'district')).toBe(0)
      expect(first[0]!.source).toBe('current_json')
      expect(first[0]!.levels.commune).toMatchObject({ records: 3321, added: 3321, changed: 0, unchanged: 0 })
    })

    it('holds 63 provinces, 696 districts and 10,035 communes in the historical layer', async () => {
      expect(await count(app, 'historical', 'province')).toBe(63)
      expect(await count(app, 'historical', 'district')).toBe(696)
      expect(await count(app, 'historical', 'commune')).toBe(10035)
      expect(first[1]!.source).toBe('historical_json')
      expect(first[1]!.totals.added).toBe(63 + 696 + 10035)
    })

    it('types communes by their Vietnamese kind and dates both layers', async () => {
      const rows = await app.db.selectFrom('admin_units').select(['layer', 'unit_type', 'area_type'])
        .select((eb) => eb.fn.countAll<bigint>().as('n')).where('level', '=', 'commune').groupBy(['layer', 'unit_type', 'area_type']).orderBy('layer').orderBy('unit_type').execute()
      expect(rows.map((r) => `${r.layer}:${r.unit_type}:${r.area_type}`)).toEqual([
        'current:commune:rural', 'current:special_zone:rural', 'current:ward:urban',
        'historical:commune:rural', 'historical:township:urban', 'historical:ward:urban',
      ])
      const phucXa = await app.db.selectFrom('admin_units').selectAll().where('layer', '=', 'historical').where('code', '=', '00001').executeTakeFirstOrThrow()
      expect(phucXa).toMatchObject({ name: 'Phúc Xá', full_name: 'Phường Phúc Xá', parent_code: '001', province_code: '01', valid_to: '2025-06-30', valid_from: null })
      const bacSon = await app.db.selectFrom('admin_units').selectAll().where('layer', '=', 'current').where('code', '=', '06325').executeTakeFirstOrThrow()
      expect(bacSon).toMatchObject({ full_name: 'Xã Bắc Sơn', unit_type: 'commune', area_type: 'rural', valid_from: '2025-07-01', valid_to: null })
      const q12 = await app.db.selectFrom('admin_units').selectAll().where('layer', '=', 'historical').where('level', '=', 'district').where('code', '=', '761').executeTakeFirstOrThrow()
      expect(q12).toMatchObject({ full_name: 'Quận 12', unit_type: 'urban_district', area_type: null })
    })

    it('links Lạng Sơn (20) to 65 current units and former Quận 12 (761) to exactly 5 wards', async () => {
      const { rows: ls } = await sql<{ n: number }>`
        select count(distinct l.new_code)::int as n from admin_unit_links l
          join admin_units c on c.layer = 'current' and c.level = 'commune' and c.code = l.new_code
         where l.new_level = 'commune' and c.province_code = '20'`.execute(app.db)
      expect(ls[0]!.n).toBe(65)
      const { rows: q12 } = await sql<{ new_code: string; kinds: string[] }>`
        select l.new_code, array_agg(distinct l.kind) as kinds from admin_unit_links l
          join admin_units h on h.layer = 'historical' and h.level = 'commune' and h.code = l.old_code
         where l.new_level = 'commune' and h.parent_code = '761'
         group by l.new_code order by l.new_code`.execute(app.db)
      expect(q12.map((r) => r.new_code)).toEqual(['26767', '26773', '26782', '26785', '26791'])
      expect(q12.every((r) => r.kinds.length === 1 && r.kinds[0] === 'full')).toBe(true)
      expect(first[2]!.source).toBe('crosswalk_json')
      expect(first[2]!.levels.commune!.records).toBe(10604)
      expect(first[2]!.levels.province!.records).toBe(63)
    })

    it('warns about the codes the crosswalk and the unit lists disagree on, and imports anyway', () => {
      const warnings = Object.fromEntries(first[2]!.warnings.map((w) => [w.code, w.count]))
      expect(warnings).toEqual({ crosswalk_new_codes_not_in_current_layer: 2, crosswalk_old_codes_not_in_historical_layer: 12 })
    })

    it('changes nothing when the same files are imported again, but records and audits each run', async () => {
      const runsBefore = await app.db.selectFrom('admin_import_runs').select('id').execute()
      for (const name of PLACE_FILES) {
        const report = await importPlacesFile(app.db, ctx(), { fileName: name, bytes: readPlaceFile(name) })
        expect(report.totals, name).toEqual({ added: 0, changed: 0, unchanged: report.records, removed: 0 })
      }
      const runs = await app.db.selectFrom('admin_import_runs').selectAll().orderBy('id').execute()
      expect(runs.length).toBe(runsBefore.length + 3)
      expect(runs.at(-1)).toMatchObject({ source: 'crosswalk_json', added: 0, changed: 0, unchanged: 10604 + 63 })
      const audits = await app.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'places.import').execute()
      expect(audits.map((a) => a.entity_id)).toEqual(runs.map((r) => String(r.id)))
      expect((await verifyAuditChain(app.db)).ok).toBe(true)
    })

    it('reports a changed name by code from a GSO-style CSV, then changes it back', async () => {
      const sheet = (name: string) => csv(`Mã tỉnh,Tên tỉnh,Mã xã,Tên xã,Cấp\n20,Tỉnh Lạng Sơn,06325,${name},Xã\n20,Tỉnh Lạng Sơn,05977,Phường Đông Kinh,Phường\n`)
      const changed = await importPlacesFile(app.db, ctx(), { fileName: 'fix.csv', bytes: sheet('Xã Bắc Sơn Mới') })
      expect(changed.source).toBe('gso_sheet_current')
      expect(changed.levels.commune).toMatchObject({ records: 2, added: 0, changed: 1, unchanged: 1, changes: [{ code: '06325', fields: ['name', 'full_name'] }] })
      expect(changed.levels.province).toMatchObject({ records: 1, changed: 0, unchanged: 1 })
      const back = await importPlacesFile(app.db, ctx(), { fileName: CURRENT_FILE, bytes: readPlaceFile(CURRENT_FILE) })
      expect(back.levels.commune).toMatchObject({ changed: 1, changes: [{ code: '06325', fields: ['name', 'full_name'] }] })
    })

    it('reads a historical GSO spreadsheet (with district columns) in the GSO export\'s own headers', async () => {
      const report = await importPlacesFile(app.db, ctx(), {
        fileName: 'gso.csv',
        bytes: csv('\uFEFFMã TP;Tỉnh / Thành Phố;Mã QH;Quận Huyện;Mã PX;Phường Xã;Cấp;Tên Tiếng Anh\n01;Thành phố Hà Nội;001;Quận Ba Đình;1;Phường Phúc Xá;Phường;Phuc Xa\n'),
      })
      expect(report).toMatchObject({ source: 'gso_sheet_historical', layer: 'historical', totals: { added: 0, changed: 0, unchanged: 3 } })
    })

    it('refuses a spreadsheet with wrong columns, naming the columns expected', async () => {
      const e = await violation(importPlacesFile(app.db, ctx(), { fileName: 'bad.csv', bytes: csv('Province,Name,Commune\n01,Hà Nội,00004\n') }))
      expect(e.code).toBe('places_file_columns_invalid')
      expect(e.details).toMatchObject({ missing: expect.arrayContaining(['Mã tỉnh', 'Mã xã', 'Cấp']), expected: { current: ['Mã tỉnh', 'Tên tỉnh', 'Mã xã', 'Tên xã', 'Cấp'] } })
    })

    it('refuses bad rows with their row, column and code, and writes nothing', async () => {
      const runs = (await app.db.selectFrom('admin_import_runs').select('id').execute()).length
      const e = await violation(importPlacesFile(app.db, ctx(), {
        fileName: 'rows.csv',
        bytes: csv('Mã tỉnh,Tên tỉnh,Mã xã,Tên xã,Cấp\n20,Tỉnh Lạng Sơn,99999,Xã Mới,Xã\n20,Tỉnh Lạng Sơn,12X45,Xã Sai,Xã\n20,Tỉnh Lạng Sơn,06100,Xã Cao Lộc,Làng\n'),
      }))
      expect(e.code).toBe('places_file_rows_invalid')
      expect(e.details).toMatchObject({
        errorCount: 2,
        errors: [{ row: 3, column: 'Mã xã', code: 'code_invalid', value: '12X45' }, { row: 4, column: 'Cấp', code: 'unit_type_unknown', value: 'Làng' }],
      })
      expect(await app.db.selectFrom('admin_units').select('code').where('code', '=', '99999').executeTakeFirst()).toBeUndefined()
      expect((await app.db.selectFrom('admin_import_runs').select('id').execute()).length).toBe(runs)
    })

    it('refuses a file it does not recognise', async () => {
      expect((await violation(importPlacesFile(app.db, ctx(), { fileName: 'x.json', bytes: csv('{"hello": [1, 2]}') }))).code).toBe('places_file_unrecognised')
      expect((await violation(importPlacesFile(app.db, ctx(), { fileName: 'x.json', bytes: csv('{"data": [') }))).code).toBe('places_file_unrecognised')
      expect((await violation(importPlacesFile(app.db, ctx(), { fileName: 'empty', bytes: new Uint8Array() }))).code).toBe('places_file_unrecognised')
    })

    it('needs places.manage to import', async () => {
      const officer = { ...ctx(), actor: { ...ctx().actor, userId: 99, role: 'branch_officer' as const } }
      expect((await violation(importPlacesFile(app.db, officer, { fileName: HISTORICAL_FILE, bytes: readPlaceFile(HISTORICAL_FILE) }))).code).toBe('forbidden')
    })

    it('folds names in SQL exactly as the domain does', async () => {
      const rows = await sql<{ full_name: string; folded: string }>`select full_name, tdcs_fold(full_name) as folded from admin_units`.execute(app.db)
      const mismatches = rows.rows.filter((r) => foldVietnamese(r.full_name) !== r.folded)
      expect(rows.rows.length).toBeGreaterThan(14_000)
      expect(mismatches).toEqual([])
    })

    it('keeps a crosswalk run idempotent and names the file kind in the run', async () => {
      const report = await importPlacesFile(app.db, ctx(), { fileName: CROSSWALK_FILE, bytes: readPlaceFile(CROSSWALK_FILE) })
      expect(report.totals.added + report.totals.changed + report.totals.removed).toBe(0)
    })
  })
}

import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureFirstAdmin, systemContext } from '../../src/app/open-app.js'
import { createBranch } from '../../src/app/network/units.js'
import { createUser } from '../../src/app/users.js'
import { Client, testApi, type Api, type Reply } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { CURRENT_FILE, importRealPlaces, readPlaceFile } from '../support/places.js'

const ADMIN_PASSWORD = 'Admin-pass-2026'
const PASSWORD = 'Officer-pass-1'

/** Posts a multipart upload through the client's session (the Client sends JSON only). */
async function upload(api: Api, client: Client, fileName: string, bytes: Uint8Array): Promise<Reply> {
  const form = new FormData()
  form.append('file', new File([bytes.slice()], fileName))
  const res = await api.request('/api/v1/places/imports', { method: 'POST', body: form, headers: { cookie: client.cookie, 'x-csrf-token': client.csrf } })
  return { status: res.status, body: await res.json(), headers: res.headers }
}

for (const backend of BACKENDS) {
  describe(`${backend}: places API`, () => {
    let app: TestApp
    let api: Api
    let admin: Client
    let officer: Client

    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      await ensureFirstAdmin(app, ADMIN_PASSWORD)
      await importRealPlaces(app.db)
      const branch = await createBranch(app.db, systemContext('test'), { provinceCode: '79' })
      await createUser(app.db, systemContext('test'), { username: 'hcm.officer', fullName: 'Cán bộ chi nhánh', role: 'branch_officer', unitId: branch.id, password: PASSWORD })
      admin = new Client(api)
      expect((await admin.login('admin', ADMIN_PASSWORD)).status).toBe(200)
      officer = new Client(api)
      expect((await officer.login('hcm.officer', PASSWORD)).status).toBe(200)
    })
    afterAll(() => app.dispose())

    it('lists the provinces of each layer with their counts', async () => {
      const current = await officer.get('/api/v1/places/provinces')
      expect(current.status).toBe(200)
      expect(current.body.items).toHaveLength(34)
      expect(current.body.items.find((p: { code: string }) => p.code === '20')).toMatchObject({ fullName: 'Tỉnh Lạng Sơn', communeCount: 65, districtCount: 0 })
      const historical = await officer.get('/api/v1/places/provinces?layer=historical')
      expect(historical.body.items).toHaveLength(63)
      expect(historical.body.items.find((p: { code: string }) => p.code === '79')).toMatchObject({ fullName: 'Thành phố Hồ Chí Minh', districtCount: 22 })
    })

    it('finds communes by name without diacritics and by code prefix', async () => {
      const byName = await officer.get('/api/v1/places/communes?q=dong%20hung%20thuan')
      expect(byName.body.items.map((c: { code: string }) => c.code)).toEqual(['26791'])
      expect(byName.body.items[0]).toMatchObject({ fullName: 'Phường Đông Hưng Thuận', unitType: 'ward', areaType: 'urban', provinceName: 'Thành phố Hồ Chí Minh' })
      const byCode = await officer.get('/api/v1/places/communes?q=2679')
      expect(byCode.body.items.map((c: { code: string }) => c.code)).toEqual(['26791'])
      const ls = await officer.get('/api/v1/places/communes?province=20&limit=10')
      expect(ls.body.total).toBe(65)
      expect(ls.body.items).toHaveLength(10)
    })

    it('walks the historical layer province → district → commune', async () => {
      const districts = await officer.get('/api/v1/places/districts?province=79&q=quan%2012')
      expect(districts.body.items.map((d: { code: string; fullName: string }) => `${d.code} ${d.fullName}`)).toEqual(['761 Quận 12'])
      const communes = await officer.get('/api/v1/places/communes?layer=historical&district=761&limit=100')
      expect(communes.body.total).toBe(11)
      expect(communes.body.items[0]).toMatchObject({ parentName: 'Quận 12', areaType: 'urban', validTo: '2025-06-30' })
    })

    it('shows a current ward with its predecessors and how its figures map to the old layer', async () => {
      const reply = await officer.get('/api/v1/places/units/current/commune/26767')
      expect(reply.status).toBe(200)
      expect(reply.body.predecessors.map((p: { code: string; kind: string; parentName: string }) => `${p.code}:${p.kind}:${p.parentName}`)).toEqual(['26767:full:Quận 12', '26779:full:Quận 12'])
      expect(reply.body.scopeResolution).toEqual({ resolution: 'same_district', historicalCommuneCode: null, historicalDistrictCode: '761' })
    })

    it('shows former Quận 12 going wholly into five wards', async () => {
      const reply = await officer.get('/api/v1/places/units/historical/district/761')
      expect(reply.body.districtSuccessors.map((s: { code: string; kind: string; sharedWithOtherDistricts: boolean }) => `${s.code}:${s.kind}:${s.sharedWithOtherDistricts}`))
        .toEqual(['26767:full:false', '26773:full:false', '26782:full:false', '26785:full:false', '26791:full:false'])
    })

    it('records which ward a split old ward\'s history counts under, audited, and refuses assignments that make no sense', async () => {
      const before = await officer.get('/api/v1/places/units/historical/commune/00016')
      expect(before.body.successors.map((s: { code: string; kind: string }) => `${s.code}:${s.kind}`)).toEqual(['00004:partial', '00008:partial'])
      expect(before.body.successorResolution).toEqual({ resolution: 'unresolved', newCode: null })
      expect((await officer.post('/api/v1/places/assignments', { oldCode: '00016', newCode: '00008' })).body.code).toBe('forbidden')
      const saved = await admin.post('/api/v1/places/assignments', { oldCode: '00016', newCode: '00008', note: 'Phần lớn dân cư' })
      expect(saved.status).toBe(200)
      expect(saved.body).toMatchObject({ oldName: 'Phường Ngọc Hà', oldDistrictName: 'Quận Ba Đình', newName: 'Phường Ngọc Hà', decidedBy: 'admin' })
      expect((await officer.get('/api/v1/places/units/historical/commune/00016')).body.successorResolution).toEqual({ resolution: 'assignment', newCode: '00008' })
      expect((await officer.get('/api/v1/places/assignments?province=01')).body.items.map((a: { oldCode: string }) => a.oldCode)).toEqual(['00016'])
      const audit = await app.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'places.assign_old_commune').execute()
      expect(audit).toEqual([{ action: 'places.assign_old_commune', entity_id: '00016' }])
      const whole = await admin.post('/api/v1/places/assignments', { oldCode: '26779', newCode: '26767' })
      expect([whole.status, whole.body.code]).toEqual([422, 'old_commune_not_split'])
      expect((await admin.post('/api/v1/places/assignments', { oldCode: '00016', newCode: '26767' })).body.code).toBe('assignment_not_successor')
      expect((await admin.post('/api/v1/places/assignments', { oldCode: '99999', newCode: '26767' })).body.code).toBe('place_unknown')
      expect((await admin.post('/api/v1/places/assignments', { oldCode: '16', newCode: '26767' })).status).toBe(400)
    })

    it('answers 404 for a unit that does not exist and 400 for a malformed one', async () => {
      expect((await officer.get('/api/v1/places/units/current/commune/99999')).body.code).toBe('not_found')
      expect((await officer.get('/api/v1/places/units/current/hamlet/26767')).status).toBe(400)
    })

    it('imports an uploaded spreadsheet for an administrator and lists the run', async () => {
      const csv = new TextEncoder().encode('Mã tỉnh,Tên tỉnh,Mã xã,Tên xã,Cấp\n79,Thành phố Hồ Chí Minh,26767,Phường An Phú Đông,Phường\n')
      const reply = await upload(api, admin, 'hcm.csv', csv)
      expect(reply.status, JSON.stringify(reply.body)).toBe(201)
      expect(reply.body).toMatchObject({ source: 'gso_sheet_current', fileName: 'hcm.csv', totals: { added: 0, changed: 0, unchanged: 2 } })
      const runs = await officer.get('/api/v1/places/imports')
      expect(runs.body.items[0]).toMatchObject({ id: reply.body.runId, fileName: 'hcm.csv', source: 'gso_sheet_current' })
    })

    it('takes a dataset larger than the 1 MB body limit of other routes, raw or gzip-compressed', async () => {
      const raw = readPlaceFile(CURRENT_FILE)
      expect(raw.length).toBeGreaterThan(1024 * 1024)
      const plain = await upload(api, admin, CURRENT_FILE, raw)
      expect(plain.status).toBe(201)
      expect(plain.body).toMatchObject({ source: 'current_json', totals: { added: 0, changed: 0 } })
      const reply = await upload(api, admin, `${CURRENT_FILE}.gz`, gzipSync(raw))
      expect(reply.status).toBe(201)
      expect(reply.body).toMatchObject({ source: 'current_json', records: 3355, totals: { added: 0, changed: 0 } })
    })

    it('refuses wrong columns with 400 and an import by a non-administrator with 403', async () => {
      const bad = await upload(api, admin, 'bad.csv', new TextEncoder().encode('Tỉnh,Xã\n79,26767\n'))
      expect([bad.status, bad.body.code]).toEqual([400, 'places_file_columns_invalid'])
      expect(bad.body.details.expected.current).toEqual(['Mã tỉnh', 'Tên tỉnh', 'Mã xã', 'Tên xã', 'Cấp'])
      const rows = await upload(api, admin, 'rows.csv', new TextEncoder().encode('Mã tỉnh,Tên tỉnh,Mã xã,Tên xã,Cấp\n79,Thành phố Hồ Chí Minh,2676X,Phường X,Phố\n'))
      expect([rows.status, rows.body.code]).toEqual([422, 'places_file_rows_invalid'])
      expect(rows.body.details.errors.map((e: { row: number; column: string; code: string }) => `${e.row}:${e.column}:${e.code}`)).toEqual(['2:Mã xã:code_invalid', '2:Cấp:unit_type_unknown'])
      const forbidden = await upload(api, officer, 'hcm.csv', new TextEncoder().encode('Mã tỉnh,Tên tỉnh,Mã xã,Tên xã,Cấp\n'))
      expect([forbidden.status, forbidden.body.code]).toEqual([403, 'forbidden'])
      const missing = await api.request('/api/v1/places/imports', { method: 'POST', body: new FormData(), headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } })
      expect(missing.status).toBe(400)
    })
  })
}

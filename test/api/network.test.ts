import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../../src/app/audit.js'
import { ensureFirstAdmin } from '../../src/app/open-app.js'
import { Client, testApi, type Api } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { importRealPlaces } from '../support/places.js'

const ADMIN_PASSWORD = 'Admin-pass-2026'
const PASSWORD = 'Officer-pass-1'
const QUAN_12_WARDS = ['26767', '26773', '26782', '26785', '26791']

for (const backend of BACKENDS) {
  describe(`${backend}: bank network API`, () => {
    let app: TestApp
    let api: Api
    let admin: Client
    let hcm: Client
    let ls: Client
    const ids = { hcm: 0, ls: 0, office: 0, lsOffice: 0, anPhuDong: 0, thoiAn: 0, village: 0, point: 0 }

    async function loggedIn(username: string, password = PASSWORD): Promise<Client> {
      const client = new Client(api)
      expect((await client.login(username, password)).status).toBe(200)
      return client
    }
    async function created(reply: Promise<{ status: number; body: any }>): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON
      const r = await reply
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      return r.body
    }
    const unitCount = async () => (await sql<{ n: number }>`select count(*)::int as n from units`.execute(app.db)).rows[0]!.n

    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      await ensureFirstAdmin(app, ADMIN_PASSWORD)
      await importRealPlaces(app.db)
      admin = await loggedIn('admin', ADMIN_PASSWORD)
    })
    afterAll(() => app.dispose())

    it('creates one branch per current province, named after it', async () => {
      const branch = await created(admin.post('/api/v1/network/branches', { provinceCode: '79' }))
      expect(branch).toMatchObject({ kind: 'province', code: '79', adminCode: '79', provinceCode: '79', name: 'Chi nhánh Hồ Chí Minh', placeName: 'Thành phố Hồ Chí Minh' })
      ids.hcm = branch.id
      ids.ls = (await created(admin.post('/api/v1/network/branches', { provinceCode: '20' }))).id
      const again = await admin.post('/api/v1/network/branches', { provinceCode: '79' })
      expect([again.status, again.body.code]).toEqual([409, 'branch_exists'])
      expect((await admin.post('/api/v1/network/branches', { provinceCode: '99' })).body.code).toBe('place_unknown')
      for (const [username, unitId, role] of [['hcm.officer', ids.hcm, 'branch_officer'], ['ls.officer', ids.ls, 'branch_officer'], ['hcm.supervisor', ids.hcm, 'supervisor']] as const)
        await created(admin.post('/api/v1/users', { username, fullName: username, role, unitId, password: PASSWORD }))
      hcm = await loggedIn('hcm.officer')
      ls = await loggedIn('ls.officer')
      expect((await hcm.post('/api/v1/network/branches', { provinceCode: '01' })).body.code).toBe('out_of_scope')
    })

    it('lets a branch create its transaction offices, and no one else\'s', async () => {
      const office = await created(hcm.post('/api/v1/network/offices', { branchId: ids.hcm, code: 'PGD-Q12', name: 'PGD Quận 12' }))
      expect(office).toMatchObject({ kind: 'transaction_office', parentId: ids.hcm, provinceCode: '79' })
      ids.office = office.id
      ids.lsOffice = (await created(ls.post('/api/v1/network/offices', { branchId: ids.ls, code: 'PGD-CL', name: 'PGD Cao Lộc' }))).id
      expect((await ls.post('/api/v1/network/offices', { branchId: ids.hcm, code: 'PGD-X', name: 'X' })).body.code).toBe('not_found')
      expect((await hcm.post('/api/v1/network/offices', { branchId: ids.hcm, code: 'PGD-Q12', name: 'Again' })).body.code).toBe('unit_code_taken')
      expect((await hcm.post('/api/v1/network/offices', { branchId: ids.office, code: 'PGD-Y', name: 'Y' })).body.code).toBe('network_unit_kind_invalid')
    })

    it('assigns current communes of the province to an office, all or nothing', async () => {
      const before = await unitCount()
      const mixed = await hcm.post(`/api/v1/network/offices/${ids.office}/communes`, { communeCodes: ['26767', '05977'] })
      expect([mixed.status, mixed.body.code]).toEqual([422, 'commune_in_other_province'])
      expect(mixed.body.details.codes).toEqual([{ code: '05977', provinceCode: '20' }])
      expect((await hcm.post(`/api/v1/network/offices/${ids.office}/communes`, { communeCodes: ['26767', '99999'] })).body).toMatchObject({ code: 'place_unknown', details: { codes: ['99999'] } })
      expect(await unitCount()).toBe(before)
      const communes = await created(hcm.post(`/api/v1/network/offices/${ids.office}/communes`, { communeCodes: QUAN_12_WARDS }))
      expect(communes.items.map((c: { code: string; adminCode: string; name: string; kind: string; areaType: string }) => `${c.kind}:${c.code}:${c.adminCode}:${c.areaType}`))
        .toEqual(QUAN_12_WARDS.map((c) => `commune:${c}:${c}:urban`))
      expect(communes.items[0].name).toBe('Phường An Phú Đông')
      ids.anPhuDong = communes.items[0].id
      ids.thoiAn = communes.items[1].id
      const twice = await hcm.post(`/api/v1/network/offices/${ids.office}/communes`, { communeCodes: ['26767'] })
      expect([twice.status, twice.body.code]).toEqual([409, 'commune_already_served'])
      expect(twice.body.details.communes).toEqual([{ code: '26767', officeId: ids.office, officeName: 'PGD Quận 12' }])
      expect((await hcm.post(`/api/v1/network/offices/${ids.anPhuDong}/communes`, { communeCodes: ['26794'] })).body.code).toBe('network_unit_kind_invalid')
      const unserved = await hcm.get(`/api/v1/network/units/${ids.hcm}/unserved-communes`)
      expect(unserved.body.items).toHaveLength(168 - 5)
      expect(unserved.body.items.map((c: { code: string }) => c.code)).not.toContain('26767')
    })

    it('adds villages with the former commune they lay in, required where the ward merged several', async () => {
      const missing = await hcm.post('/api/v1/network/villages', { communeUnitId: ids.anPhuDong, name: 'Khu phố 1' })
      expect([missing.status, missing.body.code]).toEqual([422, 'former_commune_required'])
      expect(missing.body.details.predecessors).toEqual(['26767', '26779'])
      expect((await hcm.post('/api/v1/network/villages', { communeUnitId: ids.anPhuDong, name: 'Khu phố 1', formerCommuneCode: '00001' })).body.code).toBe('former_commune_not_predecessor')
      const village = await created(hcm.post('/api/v1/network/villages', { communeUnitId: ids.anPhuDong, name: 'Khu phố 1', formerCommuneCode: '26779' }))
      expect(village).toMatchObject({ kind: 'village', code: '26767-01', formerCommuneCode: '26779', formerCommuneName: 'Phường An Phú Đông', parentId: ids.anPhuDong })
      ids.village = village.id
      expect((await created(hcm.post('/api/v1/network/villages', { communeUnitId: ids.anPhuDong, name: 'Khu phố 2', formerCommuneCode: '26767' }))).code).toBe('26767-02')
      expect((await ls.post('/api/v1/network/villages', { communeUnitId: ids.anPhuDong, name: 'X', formerCommuneCode: '26767' })).body.code).toBe('not_found')
    })

    it('opens transaction points with a monthly day and hour, changes and closes them', async () => {
      const body = { communeUnitId: ids.anPhuDong, siteName: 'Nhà văn hóa khu phố 1 (trụ sở UBND phường An Phú Đông cũ)', formerCommuneCode: '26779', monthlyDay: 15, startTime: '07:30' }
      const point = await created(hcm.post('/api/v1/network/points', body))
      expect(point).toMatchObject({ code: 'DGD-26767-01', monthlyDay: 15, startTime: '07:30', status: 'active', formerCommuneName: 'Phường An Phú Đông', communeName: 'Phường An Phú Đông' })
      ids.point = point.id
      await created(hcm.post('/api/v1/network/points', { ...body, siteName: 'Trụ sở UBND phường Thạnh Lộc cũ', formerCommuneCode: '26767', monthlyDay: 16 }))
      expect((await hcm.post('/api/v1/network/points', { ...body, monthlyDay: 32 })).body.code).toBe('transaction_day_invalid')
      expect((await hcm.post('/api/v1/network/points', { ...body, startTime: '7:30' })).body.code).toBe('transaction_time_invalid')
      expect((await hcm.post('/api/v1/network/points', { ...body, formerCommuneCode: null })).body.code).toBe('former_commune_required')
      expect((await hcm.post('/api/v1/network/points', { ...body, code: 'DGD-26767-01' })).body.code).toBe('transaction_point_code_taken')
      const patched = await hcm.call('PATCH', `/api/v1/network/points/${ids.point}`, { monthlyDay: 20, startTime: '13:30' })
      expect(patched.body).toMatchObject({ monthlyDay: 20, startTime: '13:30', siteName: body.siteName })
      const list = await hcm.get(`/api/v1/network/points?communeUnitId=${ids.anPhuDong}`)
      expect(list.body.items.map((p: { code: string; monthlyDay: number }) => `${p.code}:${p.monthlyDay}`)).toEqual(['DGD-26767-01:20', 'DGD-26767-02:16'])
      expect((await hcm.post(`/api/v1/network/points/${ids.point}/close`)).body.status).toBe('closed')
      expect((await hcm.post(`/api/v1/network/points/${ids.point}/close`)).body.code).toBe('transaction_point_closed')
      const closed = await hcm.call('PATCH', `/api/v1/network/points/${ids.point}`, { monthlyDay: 5 })
      expect([closed.status, closed.body.code]).toEqual([409, 'transaction_point_closed'])
      const actions = await app.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'transaction_point').where('entity_id', '=', String(ids.point)).orderBy('id').execute()
      expect(actions.map((a) => a.action)).toEqual(['network.create_point', 'network.update_point', 'network.close_point'])
    })

    it('keeps points and units of another province out of sight, and writes to supervisors closed', async () => {
      expect((await ls.get(`/api/v1/network/points/${ids.point}`)).body.code).toBe('not_found')
      expect((await ls.get(`/api/v1/network/tree?rootId=${ids.hcm}`)).body.code).toBe('not_found')
      expect((await ls.get('/api/v1/network/points')).body.items).toEqual([])
      const supervisor = await loggedIn('hcm.supervisor')
      expect((await supervisor.get(`/api/v1/network/points/${ids.point}`)).status).toBe(200)
      expect((await supervisor.post('/api/v1/network/points', { communeUnitId: ids.thoiAn, siteName: 'X', monthlyDay: 1, startTime: '08:00' })).body.code).toBe('forbidden')
    })

    it('shows the branch tree: offices, communes with their points and former communes, villages', async () => {
      const tree = await hcm.get('/api/v1/network/tree')
      expect(tree.status).toBe(200)
      expect(tree.body.root).toMatchObject({ id: ids.hcm, kind: 'province' })
      expect(tree.body.truncated).toBe(false)
      const kinds = tree.body.nodes.map((n: { kind: string }) => n.kind)
      expect(kinds.filter((k: string) => k === 'commune')).toHaveLength(5)
      expect(kinds.filter((k: string) => k === 'village')).toHaveLength(2)
      const anPhuDong = tree.body.nodes.find((n: { id: number }) => n.id === ids.anPhuDong)
      expect(anPhuDong.points.map((p: { code: string; status: string }) => `${p.code}:${p.status}`)).toEqual(['DGD-26767-01:closed', 'DGD-26767-02:active'])
      expect(anPhuDong.formerCommunes.map((f: { code: string }) => f.code)).toEqual(['26767', '26779'])
      const branches = await admin.get('/api/v1/network/branches')
      expect(branches.body.items.map((b: { code: string; officeCount: number; communeCount: number }) => `${b.code}:${b.officeCount}:${b.communeCount}`)).toEqual(['20:1:0', '79:1:5'])
    })

    it('tells a branch which of its units count under former Quận 12, through the places API', async () => {
      const coverage = await hcm.get('/api/v1/places/historical/district/761/coverage')
      expect(coverage.status).toBe(200)
      expect(coverage.body.covered.map((u: { code: string; resolution: string }) => `${u.code}:${u.resolution}`)).toEqual([
        ...QUAN_12_WARDS.slice(0, 1).map((c) => `${c}:same_district`), '26767-01:village_assignment', '26767-02:village_assignment',
        ...QUAN_12_WARDS.slice(1).map((c) => `${c}:same_district`),
      ])
      expect(coverage.body.unresolved).toEqual([])
      const oldAnPhuDong = await hcm.get('/api/v1/places/historical/commune/26779/coverage')
      expect(oldAnPhuDong.body.covered.map((u: { code: string }) => u.code)).toEqual(['26767-01'])
      expect(oldAnPhuDong.body.unresolved.map((u: { code: string }) => u.code)).toEqual(['26767'])
      expect(oldAnPhuDong.body.elsewhereCount).toBe(1)
      expect((await ls.get('/api/v1/places/historical/district/761/coverage')).body.covered).toEqual([])
      expect((await verifyAuditChain(app.db)).ok).toBe(true)
    })
  })
}

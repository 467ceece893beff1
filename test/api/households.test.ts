import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../../src/app/audit.js'
import { ensureFirstAdmin } from '../../src/app/open-app.js'
import { IMPORT_COLUMNS, makeCitizenId } from '../../src/domain/households/index.js'
import { Client, testApi, type Api, type Reply } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'

const ADMIN_PASSWORD = 'Admin-pass-2026'
const PASSWORD = 'Officer-pass-1'
const HEADER = IMPORT_COLUMNS.map((c) => c.header)

/** A member body as the web form sends it. */
const person = (fullName: string, relation: string, birthDate: string, sex: 'male' | 'female', citizenId: string | null = null, extra: object = {}) => ({
  fullName, relation, birthDate, sex, citizenId, ...extra,
})

for (const backend of BACKENDS) {
  describe(`${backend}: households API`, () => {
    let app: TestApp
    let api: Api
    let admin: Client
    let officer: Client
    let otherOfficer: Client
    let teller: Client
    const ids = { province: 0, office: 0, commune: 0, village: 0, village2: 0, urbanCommune: 0, unlinked: 0, unknownPlace: 0, otherCommune: 0, otherVillage: 0 }

    async function loggedIn(username: string, password = PASSWORD): Promise<Client> {
      const client = new Client(api)
      expect((await client.login(username, password)).status).toBe(200)
      return client
    }
    async function unit(parentId: number, kind: string, code: string, name: string, adminCode?: string): Promise<number> {
      const reply = await admin.post('/api/v1/units', { parentId, kind, code, name })
      expect(reply.status, JSON.stringify(reply.body)).toBe(201)
      if (adminCode !== undefined) await app.db.updateTable('units').set({ admin_code: adminCode }).where('id', '=', reply.body.id).execute()
      return reply.body.id
    }
    async function user(username: string, role: string, unitId: number): Promise<void> {
      const reply = await admin.post('/api/v1/users', { username, fullName: `Cán bộ ${username}`, role, unitId, password: PASSWORD })
      expect(reply.status, JSON.stringify(reply.body)).toBe(201)
    }
    async function place(code: string, name: string, areaType: 'rural' | 'urban'): Promise<void> {
      await app.db.insertInto('admin_units').values({ layer: 'current', level: 'commune', code, name, full_name: name, unit_type: areaType === 'urban' ? 'Phường' : 'Xã', area_type: areaType, parent_code: '20', province_code: '20', valid_from: null, valid_to: null }).execute()
    }
    const count = async (table: 'households' | 'persons' | 'household_members' | 'household_events' | 'audit_log') =>
      Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n)
    const counts = async () => ({ households: await count('households'), persons: await count('persons'), members: await count('household_members'), events: await count('household_events'), audit: await count('audit_log') })
    const expectCode = (reply: Reply, status: number, code: string) => {
      expect(reply.body.code, JSON.stringify(reply.body)).toBe(code)
      expect(reply.status).toBe(status)
    }
    async function create(client: Client, body: object): Promise<Reply> {
      return client.post('/api/v1/households', { communeUnitId: ids.commune, ...body })
    }

    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      await ensureFirstAdmin(app, ADMIN_PASSWORD)
      admin = await loggedIn('admin', ADMIN_PASSWORD)
      await place('06100', 'Xã Cao Lộc', 'rural')
      await place('06200', 'Phường Đông Kinh', 'urban')
      await place('06300', 'Xã Khác', 'rural')
      ids.province = await unit(1, 'province', '20', 'Chi nhánh Lạng Sơn', '20')
      ids.office = await unit(ids.province, 'transaction_office', 'PGD-CL', 'PGD Cao Lộc')
      ids.commune = await unit(ids.office, 'commune', 'X-06100', 'Xã Cao Lộc', '06100')
      ids.village = await unit(ids.commune, 'village', 'NC', 'Thôn Nà Cạn')
      ids.village2 = await unit(ids.commune, 'village', 'KL', 'Thôn Khòn Lải')
      ids.urbanCommune = await unit(ids.office, 'commune', 'X-06200', 'Phường Đông Kinh', '06200')
      ids.unlinked = await unit(ids.office, 'commune', 'X-NOLINK', 'Xã chưa gắn mã')
      ids.unknownPlace = await unit(ids.office, 'commune', 'X-99999', 'Xã mã lạ', '99999')
      ids.otherCommune = await unit(ids.office, 'commune', 'X-06300', 'Xã Khác', '06300')
      ids.otherVillage = await unit(ids.otherCommune, 'village', 'XK1', 'Thôn Một')
      await user('xa.caoloc', 'commune_officer', ids.commune)
      await user('xa.khac', 'commune_officer', ids.otherCommune)
      await user('gdv.caoloc', 'teller', ids.commune)
      officer = await loggedIn('xa.caoloc')
      otherOfficer = await loggedIn('xa.khac')
      teller = await loggedIn('gdv.caoloc')
    })
    afterAll(() => app.dispose())

    describe('registering a household', () => {
      it('creates a household with its members, an event and an audit row', async () => {
        const before = await counts()
        const reply = await create(officer, {
          villageUnitId: ids.village,
          address: '  Thôn Nà Cạn,  xã Cao Lộc ',
          members: [
            person('Nguyễn Văn An', 'head', '1980-09-05', 'male', makeCitizenId('020', 'male', 1980, 1), { ethnicity: 'Tày', phone: '0912 345 678', healthInsured: true }),
            person('Trần Thị Hoa', 'spouse', '1982-02-03', 'female', makeCitizenId('020', 'female', 1982, 2)),
          ],
        })
        expect(reply.status, JSON.stringify(reply.body)).toBe(201)
        const h = reply.body
        expect(h).toMatchObject({ status: 'active', communeUnitId: ids.commune, villageUnitId: ids.village, villageName: 'Thôn Nà Cạn', residenceType: 'rural', address: 'Thôn Nà Cạn, xã Cao Lộc', headName: 'Nguyễn Văn An', provinceCode: '20' })
        expect(h.code).toMatch(/^06100-\d{6}$/)
        expect(typeof h.id).toBe('string')
        expect(h.members.map((m: { fullName: string; relation: string }) => [m.fullName, m.relation])).toEqual([['Nguyễn Văn An', 'head'], ['Trần Thị Hoa', 'spouse']])
        expect(h.members[0]).toMatchObject({ birthDate: '1980-09-05', sex: 'male', phone: '0912345678', ethnicity: 'Tày', healthInsured: true })
        expect(h.members[0].ageYears).toBeGreaterThanOrEqual(45)
        expect(h.events.map((e: { kind: string }) => e.kind)).toEqual(['formed'])
        expect(await counts()).toEqual({ ...before, households: before.households + 1, persons: before.persons + 2, members: before.members + 2, events: before.events + 1, audit: before.audit + 1 })
        const audit = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'household.create').where('entity_id', '=', h.id).executeTakeFirstOrThrow()
        expect(audit.scope_path).toContain(`/${ids.commune}/`)
      })

      it('takes the residence type from the commune: urban for a ward', async () => {
        const reply = await officer.post('/api/v1/households', { communeUnitId: ids.urbanCommune, members: [person('Lê Văn Bình', 'head', '1970-01-01', 'male')] })
        // The urban ward is outside the commune officer's scope.
        expectCode(reply, 404, 'not_found')
        const byAdmin = await admin.post('/api/v1/households', { communeUnitId: ids.urbanCommune, code: 'DK-001', members: [person('Lê Văn Bình', 'head', '1970-01-01', 'male')] })
        expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(201)
        expect(byAdmin.body).toMatchObject({ code: 'DK-001', residenceType: 'urban' })
      })

      it('refuses a commune with no place or an unknown place, and a unit that is not a commune', async () => {
        const members = [person('Lê Văn Bình', 'head', '1970-01-01', 'male')]
        expectCode(await admin.post('/api/v1/households', { communeUnitId: ids.unlinked, members }), 422, 'commune_not_linked_to_place')
        expectCode(await admin.post('/api/v1/households', { communeUnitId: ids.unknownPlace, members }), 422, 'commune_place_unknown')
        expectCode(await admin.post('/api/v1/households', { communeUnitId: ids.village, members }), 422, 'unit_not_commune')
        expectCode(await create(officer, { villageUnitId: ids.otherVillage, members }), 422, 'village_not_in_commune')
      })

      it('refuses bad members with named codes and writes nothing', async () => {
        const before = await counts()
        const cases: [object, number, string][] = [
          [{ members: [person('A', 'head', '1980-01-01', 'male', makeCitizenId('020', 'female', 1980, 9))] }, 422, 'citizen_id_sex_mismatch'],
          [{ members: [person('A', 'head', '1980-01-01', 'male', makeCitizenId('020', 'male', 1981, 9))] }, 422, 'citizen_id_birth_year_mismatch'],
          [{ members: [person('A', 'head', '1980-01-01', 'male', '020080')] }, 422, 'citizen_id_malformed'],
          [{ members: [person('A', 'head', '1980-01-01', 'male', '003080000001')] }, 422, 'citizen_id_unknown_province'],
          [{ members: [person('A', 'spouse', '1980-01-01', 'male')] }, 422, 'household_head_missing'],
          [{ members: [person('A', 'head', '1980-01-01', 'male'), person('B', 'head', '1981-01-01', 'female')] }, 422, 'household_multiple_heads'],
          [{ members: [] }, 422, 'household_empty'],
          [{ members: [person('A', 'head', '2999-01-01', 'male')] }, 400, 'invalid_date'],
          [{ members: [person('A', 'head', '2025-02-30', 'male')] }, 400, 'invalid_date'],
          [{ members: [person('A', 'head', '2100-01-01', 'male')] }, 422, 'birth_date_in_future'],
          [{ formedOn: '2000-01-01', members: [person('A', 'head', '1980-01-01', 'male'), person('B', 'child', '2005-01-01', 'male')] }, 422, 'joined_before_birth'],
          [{ members: [person('   ', 'head', '1980-01-01', 'male')] }, 422, 'person_name_invalid'],
          [{ code: 'mã có dấu cách', members: [person('A', 'head', '1980-01-01', 'male')] }, 422, 'household_code_invalid'],
          [{ code: 'DK-001', members: [person('A', 'head', '1980-01-01', 'male')] }, 409, 'household_code_taken'],
          [{ members: [person('A', 'chief', '1980-01-01', 'male')] }, 400, 'validation_failed'],
        ]
        for (const [body, status, code] of cases) expectCode(await create(officer, body), status, code)
        expect(await counts()).toEqual(before)
      })

      it('refuses a citizen id already in a current household, naming it only inside the scope', async () => {
        const cccd = makeCitizenId('020', 'male', 1980, 1)
        const before = await counts()
        const mine = await create(officer, { members: [person('Nguyễn Văn An', 'head', '1980-09-05', 'male', cccd)] })
        expectCode(mine, 409, 'citizen_id_in_other_household')
        expect(mine.body.details.householdCode).toMatch(/^06100-/)
        const theirs = await otherOfficer.post('/api/v1/households', { communeUnitId: ids.otherCommune, members: [person('Nguyễn Văn An', 'head', '1980-09-05', 'male', cccd)] })
        expectCode(theirs, 409, 'citizen_id_in_other_household')
        expect(theirs.body.details).not.toHaveProperty('householdCode')
        expect(await counts()).toEqual(before)
      })

      it('lets a teller read but not register, and keeps households out of other communes', async () => {
        expectCode(await create(teller, { members: [person('A', 'head', '1980-01-01', 'male')] }), 403, 'forbidden')
        expect((await teller.get('/api/v1/households')).status).toBe(200)
        const { items } = (await officer.get('/api/v1/households')).body
        const theirs = await otherOfficer.get('/api/v1/households')
        expect(theirs.body.total).toBe(0)
        expectCode(await otherOfficer.get(`/api/v1/households/${items[0].id}`), 404, 'not_found')
        expectCode(await otherOfficer.call('PUT', `/api/v1/households/${items[0].id}`, { address: 'x' }), 404, 'not_found')
        expectCode(await officer.get('/api/v1/households/999999999'), 404, 'not_found')
        expectCode(await officer.get('/api/v1/households/abc'), 400, 'validation_failed')
      })
    })

    describe('search', () => {
      beforeAll(async () => {
        const families: [string, number, string, string][] = [
          ['Hoàng Văn Sình', ids.village, '1975-03-12', 'male'],
          ['Lăng Thị Mai', ids.village2, '1985-07-07', 'female'],
          ['Đặng Văn Đức', ids.village2, '1990-10-10', 'male'],
        ]
        for (const [i, [name, village, birth, sex]] of families.entries()) {
          const reply = await create(officer, { code: `TK-${i + 1}`, villageUnitId: village, members: [person(name, 'head', birth, sex as 'male' | 'female', makeCitizenId('020', sex as 'male', Number(birth.slice(0, 4)), 100 + i)), person(`Con ${name}`, 'child', '2015-01-01', 'male')] })
          expect(reply.status, JSON.stringify(reply.body)).toBe(201)
        }
      })

      it('finds a household by a member name typed without diacritics, by word starts', async () => {
        const codes = async (q: string) => (await officer.get(`/api/v1/households?q=${encodeURIComponent(q)}`)).body.items.map((h: { code: string }) => h.code)
        expect(await codes('nguyen van an')).toHaveLength(1)
        expect(await codes('NGUYEN AN')).toHaveLength(1)
        expect(await codes('dang duc')).toEqual(['TK-3'])
        expect(await codes('Đặng')).toEqual(['TK-3'])
        expect(await codes('con hoang')).toEqual(['TK-1'])
        expect(await codes('sinh')).toEqual(['TK-1'])
        expect(await codes('inh')).toEqual([])
        expect(await codes('TK-2')).toEqual(['TK-2'])
        expect(await codes('100%_')).toEqual([])
      })

      it('finds a household by exact citizen id, village, commune and status, a page at a time', async () => {
        const byId = await officer.get(`/api/v1/households?q=${makeCitizenId('020', 'female', 1985, 101)}`)
        expect(byId.body.items.map((h: { code: string }) => h.code)).toEqual(['TK-2'])
        const village = await officer.get(`/api/v1/households?villageUnitId=${ids.village2}`)
        expect(village.body.items.map((h: { code: string }) => h.code)).toEqual(['TK-2', 'TK-3'])
        expect(village.body.items[0]).toMatchObject({ memberCount: 2, headName: 'Lăng Thị Mai', villageName: 'Thôn Khòn Lải' })
        const page = await officer.get(`/api/v1/households?communeUnitId=${ids.commune}&status=active&limit=2&offset=1`)
        expect(page.body.total).toBe(4)
        expect(page.body.items).toHaveLength(2)
        expect((await officer.get('/api/v1/households?status=dissolved')).body.total).toBe(0)
        expect((await officer.get(`/api/v1/households?communeUnitId=${ids.otherCommune}`)).body.total).toBe(0)
      })
    })

    describe('changes', () => {
      let family: { id: string; members: { personId: string; fullName: string }[] }
      const pid = (name: string) => family.members.find((m) => m.fullName === name)!.personId
      let other: { id: string }

      beforeAll(async () => {
        const reply = await create(officer, {
          code: 'BD-1', villageUnitId: ids.village, formedOn: '2020-01-01',
          members: [
            person('Vi Văn Ba', 'head', '1960-01-01', 'male', makeCitizenId('020', 'male', 1960, 500)),
            person('Nông Thị Tư', 'spouse', '1962-02-02', 'female'),
            person('Vi Văn Năm', 'child', '1990-05-05', 'male', makeCitizenId('020', 'male', 1990, 501)),
            person('Vi Thị Sáu', 'child', '1995-06-06', 'female'),
          ],
        })
        expect(reply.status, JSON.stringify(reply.body)).toBe(201)
        family = reply.body
        other = (await create(officer, { code: 'BD-2', members: [person('Lộc Văn Bảy', 'head', '1970-07-07', 'male')] })).body
      })

      it('edits the address and village, refusing a village of another commune', async () => {
        const reply = await officer.call('PUT', `/api/v1/households/${family.id}`, { address: 'Số 5, Thôn Khòn Lải', villageUnitId: ids.village2 })
        expect(reply.status, JSON.stringify(reply.body)).toBe(200)
        expect(reply.body).toMatchObject({ address: 'Số 5, Thôn Khòn Lải', villageUnitId: ids.village2 })
        expectCode(await officer.call('PUT', `/api/v1/households/${family.id}`, { villageUnitId: ids.otherVillage }), 422, 'village_not_in_commune')
        expectCode(await officer.call('PUT', `/api/v1/households/${family.id}`, { address: 'x'.repeat(400) }), 422, 'household_address_invalid')
      })

      it('adds a newborn and refuses one born after the day they join', async () => {
        const reply = await officer.post(`/api/v1/households/${family.id}/members`, { member: person('Vi Văn Bé', 'grandchild', '2025-12-01', 'male'), joinedOn: '2025-12-02' })
        expect(reply.status, JSON.stringify(reply.body)).toBe(200)
        expect(reply.body.members).toHaveLength(5)
        expectCode(await officer.post(`/api/v1/households/${family.id}/members`, { member: person('Vi Văn Út', 'grandchild', '2025-12-05', 'male'), joinedOn: '2025-12-02' }), 422, 'joined_before_birth')
        expectCode(await officer.post(`/api/v1/households/${family.id}/members`, { member: person('Người thứ hai', 'head', '1980-01-01', 'male') }), 422, 'household_multiple_heads')
        family = reply.body
      })

      it('corrects a member, refusing a citizen id that belongs to someone else', async () => {
        const reply = await officer.call('PUT', `/api/v1/households/${family.id}/members/${pid('Vi Thị Sáu')}`, { fullName: 'Vi Thị Sáu', birthDate: '1995-06-06', sex: 'female', citizenId: makeCitizenId('020', 'female', 1995, 502), inSchool: false })
        expect(reply.status, JSON.stringify(reply.body)).toBe(200)
        expect(reply.body.members.find((m: { fullName: string }) => m.fullName === 'Vi Thị Sáu').citizenId).toBe('020195000502')
        expectCode(await officer.call('PUT', `/api/v1/households/${family.id}/members/${pid('Vi Thị Sáu')}`, { fullName: 'Vi Thị Sáu', birthDate: '1995-06-06', sex: 'female', citizenId: makeCitizenId('020', 'male', 1990, 501) }), 422, 'citizen_id_sex_mismatch')
        // Lăng Thị Mai of TK-2 carries this number.
        expectCode(await officer.call('PUT', `/api/v1/households/${family.id}/members/${pid('Nông Thị Tư')}`, { fullName: 'Nông Thị Tư', birthDate: '1985-07-07', sex: 'female', citizenId: makeCitizenId('020', 'female', 1985, 101) }), 409, 'citizen_id_in_other_household')
        expectCode(await officer.call('PUT', `/api/v1/households/${family.id}/members/${pid('Nông Thị Tư')}`, { fullName: 'Nông Thị Tư', relation: 'head' }), 422, 'household_multiple_heads')
      })

      it('keeps the head until another member heads the household', async () => {
        expectCode(await officer.post(`/api/v1/households/${family.id}/members/${pid('Vi Văn Ba')}/remove`, {}), 422, 'household_head_cannot_leave')
        const changed = await officer.post(`/api/v1/households/${family.id}/head`, { personId: pid('Nông Thị Tư'), formerHeadRelation: 'spouse' })
        expect(changed.status, JSON.stringify(changed.body)).toBe(200)
        expect(changed.body).toMatchObject({ headName: 'Nông Thị Tư' })
        expect(changed.body.members.find((m: { fullName: string }) => m.fullName === 'Vi Văn Ba').relation).toBe('spouse')
        const removed = await officer.post(`/api/v1/households/${family.id}/members/${pid('Vi Văn Ba')}/remove`, { note: 'Qua đời' })
        expect(removed.status, JSON.stringify(removed.body)).toBe(200)
        expect(removed.body.formerMembers.map((m: { fullName: string }) => m.fullName)).toEqual(['Vi Văn Ba'])
        family = removed.body
      })

      it('moves a member to another household, refusing a move into a household outside the scope', async () => {
        const theirs = await otherOfficer.post('/api/v1/households', { communeUnitId: ids.otherCommune, code: 'XK-1', members: [person('Người xã khác', 'head', '1970-01-01', 'male')] })
        expect(theirs.status).toBe(201)
        expectCode(await officer.post(`/api/v1/households/${family.id}/members/${pid('Vi Thị Sáu')}/move`, { toHouseholdId: theirs.body.id, relation: 'spouse' }), 404, 'not_found')
        expectCode(await officer.post(`/api/v1/households/${family.id}/members/${pid('Vi Thị Sáu')}/move`, { toHouseholdId: family.id, relation: 'spouse' }), 422, 'household_same_household')
        const moved = await officer.post(`/api/v1/households/${family.id}/members/${pid('Vi Thị Sáu')}/move`, { toHouseholdId: other.id, relation: 'spouse', note: 'Kết hôn' })
        expect(moved.status, JSON.stringify(moved.body)).toBe(200)
        expect(moved.body.source.members.map((m: { fullName: string }) => m.fullName)).not.toContain('Vi Thị Sáu')
        expect(moved.body.target.members.find((m: { fullName: string }) => m.fullName === 'Vi Thị Sáu').relation).toBe('spouse')
        expect(moved.body.target.events.map((e: { kind: string }) => e.kind)).toContain('member_moved')
        family = moved.body.source
      })

      it('splits off a new household with its own head', async () => {
        expectCode(await officer.post(`/api/v1/households/${family.id}/split`, { newHouseholds: [{ members: [{ personId: pid('Vi Văn Năm'), relation: 'child' }] }] }), 422, 'household_head_missing')
        const before = await counts()
        const split = await officer.post(`/api/v1/households/${family.id}/split`, {
          newHouseholds: [{ code: 'BD-3', members: [{ personId: pid('Vi Văn Năm'), relation: 'head' }, { personId: pid('Vi Văn Bé'), relation: 'child' }] }],
          note: 'Tách hộ khi lập gia đình',
        })
        expect(split.status, JSON.stringify(split.body)).toBe(201)
        expect(split.body.source.members.map((m: { fullName: string }) => m.fullName)).toEqual(['Nông Thị Tư'])
        expect(split.body.formed).toHaveLength(1)
        expect(split.body.formed[0]).toMatchObject({ code: 'BD-3', headName: 'Vi Văn Năm', villageUnitId: ids.village2, residenceType: 'rural' })
        const after = await counts()
        expect(after.households).toBe(before.households + 1)
        expect(after.persons).toBe(before.persons)
        const formed = await officer.get(`/api/v1/households/${split.body.formed[0].id}`)
        expect(formed.body.events).toMatchObject([{ kind: 'split', sources: [{ id: family.id, code: 'BD-1' }] }])
        family = split.body.source
      })

      it('merges a household of the same commune and refuses one of another commune', async () => {
        const theirs = (await admin.get('/api/v1/households?q=XK-1')).body.items[0]
        expectCode(await admin.post(`/api/v1/households/${family.id}/merge`, { sourceHouseholdIds: [theirs.id] }), 422, 'household_merge_different_communes')
        const merged = await officer.post(`/api/v1/households/${family.id}/merge`, { sourceHouseholdIds: [other.id], relations: [] })
        expect(merged.status, JSON.stringify(merged.body)).toBe(200)
        expect(merged.body.members.map((m: { fullName: string; relation: string }) => [m.fullName, m.relation])).toEqual([['Nông Thị Tư', 'head'], ['Vi Thị Sáu', 'other'], ['Lộc Văn Bảy', 'other']])
        const ended = await officer.get(`/api/v1/households/${other.id}`)
        expect(ended.body).toMatchObject({ status: 'merged', members: [] })
        expect(ended.body.endedOn).toBeTruthy()
        expectCode(await officer.post(`/api/v1/households/${other.id}/members`, { member: person('Ai đó', 'child', '2000-01-01', 'male') }), 409, 'household_not_active')
        family = merged.body
      })

      it('dissolves a household; its members may then be registered again under the same citizen id', async () => {
        const formed = (await officer.get('/api/v1/households?q=BD-3')).body.items[0]
        const dissolved = await officer.post(`/api/v1/households/${formed.id}/dissolve`, { note: 'Chuyển đi nơi khác' })
        expect(dissolved.status, JSON.stringify(dissolved.body)).toBe(200)
        expect(dissolved.body).toMatchObject({ status: 'dissolved', members: [] })
        expect(dissolved.body.formerMembers).toHaveLength(2)
        expectCode(await officer.post(`/api/v1/households/${formed.id}/dissolve`, {}), 409, 'household_not_active')
        const before = await counts()
        const again = await create(officer, { code: 'BD-4', members: [person('Vi Văn Năm', 'head', '1990-05-05', 'male', makeCitizenId('020', 'male', 1990, 501))] })
        expect(again.status, JSON.stringify(again.body)).toBe(201)
        expect((await counts()).persons).toBe(before.persons)
        expect((await officer.get('/api/v1/households?status=dissolved')).body.items.map((h: { code: string }) => h.code)).toEqual(['BD-3'])
      })

      it('lets a member move out and back on the day they joined, reopening the membership', async () => {
        const a = (await create(officer, { code: 'RT-1', members: [person('Mùa A Sử', 'head', '1970-01-01', 'male'), person('Mùa Thị Dua', 'child', '2000-01-01', 'female')] })).body
        const b = (await create(officer, { code: 'RT-2', members: [person('Giàng A Pháo', 'head', '1968-01-01', 'male')] })).body
        const child = a.members.find((m: { relation: string }) => m.relation === 'child').personId
        expect((await officer.post(`/api/v1/households/${a.id}/members/${child}/move`, { toHouseholdId: b.id, relation: 'other' })).status).toBe(200)
        const back = await officer.post(`/api/v1/households/${b.id}/members/${child}/move`, { toHouseholdId: a.id, relation: 'child' })
        expect(back.status, JSON.stringify(back.body)).toBe(200)
        expect(back.body.target.members.map((m: { fullName: string }) => m.fullName)).toEqual(['Mùa A Sử', 'Mùa Thị Dua'])
        expect(back.body.source.formerMembers.map((m: { fullName: string }) => m.fullName)).toEqual(['Mùa Thị Dua'])
        expect(back.body.target.events.filter((e: { kind: string }) => e.kind === 'member_moved')).toHaveLength(2)
      })

      it('refuses dates in the future or before the household was formed', async () => {
        expectCode(await officer.post(`/api/v1/households/${family.id}/dissolve`, { on: '2100-01-01' }), 422, 'event_date_in_future')
        expectCode(await officer.post(`/api/v1/households/${family.id}/dissolve`, { on: '2001-01-01' }), 422, 'event_date_before_formed')
      })

      it('shows the class history and assessments the poverty review recorded', async () => {
        const standard = await app.db
          .insertInto('poverty_standards')
          .values({ code: 'TEST-HH', name_vi: 'Chuẩn thử', name_en: 'Test standard', scope: 'local', province_code: '20', valid_from: '1990-01-01', valid_to: '1990-12-31', legal_basis: 'thử nghiệm', rules: JSON.stringify({}) })
          .returning('id')
          .executeTakeFirstOrThrow()
        await app.db.insertInto('household_classes').values({ household_id: BigInt(family.id), province_code: '20', class: 'poor', standard_id: standard.id, effective_from: '2025-01-01', decision_number: '15/QĐ-UBND', decision_date: '2024-12-20' }).execute()
        const detail = await officer.get(`/api/v1/households/${family.id}`)
        expect(detail.body.classHistory).toEqual([{ class: 'poor', effectiveFrom: '2025-01-01', decisionNumber: '15/QĐ-UBND', decisionDate: '2024-12-20', standardCode: 'TEST-HH', reviewId: null }])
        expect(detail.body.assessments).toEqual([])
        const kinds = detail.body.events.map((e: { kind: string }) => e.kind)
        expect(kinds).toEqual(expect.arrayContaining(['formed', 'details_changed', 'member_added', 'member_updated', 'head_changed', 'member_removed', 'member_moved', 'split', 'merged']))
      })
    })

    describe('import', () => {
      async function upload(client: Client, fileName: string, content: Uint8Array<ArrayBuffer> | string, communeUnitId?: number): Promise<Reply> {
        const form = new FormData()
        form.set('file', new File([content], fileName))
        if (communeUnitId !== undefined) form.set('communeUnitId', String(communeUnitId))
        const res = await api.request('/api/v1/households/import', { method: 'POST', body: form, headers: { cookie: client.cookie, 'x-csrf-token': client.csrf } })
        return { status: res.status, body: await res.json(), headers: res.headers }
      }
      const csv = (rows: string[][]) => [HEADER, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n')
      const row = (code: string, name: string, relation: string, birth: string, sex: string, cccd = '', communeCode = '06100', village = 'Thôn Nà Cạn') =>
        [code, communeCode, village, 'Nà Cạn', name, relation, birth, sex, 'Tày', cccd, '', 'Có', 'Không']

      it('serves the template with the Vietnamese headers', async () => {
        const res = await api.request('/api/v1/households/import-template.xlsx', { headers: { cookie: officer.cookie } })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toContain('spreadsheetml')
        const workbook = new ExcelJS.Workbook()
        await workbook.xlsx.load(await res.arrayBuffer())
        const header = (workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1)
        expect(header).toEqual(HEADER)
        expect(workbook.worksheets.map((w) => w.name)).toEqual(['Danh sách', 'Hướng dẫn'])
      })

      it('imports a CSV file all at once', async () => {
        const before = await counts()
        const reply = await upload(officer, 'ho-gia-dinh.csv', '\ufeff' + csv([
          row('NK-1', 'Hoàng Văn Pá', 'Chủ hộ', '01/02/1970', 'Nam', makeCitizenId('020', 'male', 1970, 900)),
          row('NK-1', 'Lường Thị Pẻng', 'Vợ', '03/04/1972', 'Nữ'),
          row('NK-2', 'Hoàng Văn Tằng', 'Chủ hộ', '05/06/1995', 'Nam', '', '06100', 'KL'),
        ]))
        expect(reply.status, JSON.stringify(reply.body)).toBe(201)
        expect(reply.body).toMatchObject({ format: 'csv', rows: 3, households: 2, members: 3, communes: [{ unitId: ids.commune, households: 2 }] })
        expect(await counts()).toEqual({ households: before.households + 2, persons: before.persons + 3, members: before.members + 3, events: before.events + 2, audit: before.audit + 1 })
        const found = (await officer.get('/api/v1/households?q=luong peng')).body.items
        expect(found).toMatchObject([{ code: 'NK-1', memberCount: 2, villageName: 'Thôn Nà Cạn', residenceType: 'rural' }])
        expect((await officer.get('/api/v1/households?q=NK-2')).body.items[0].villageName).toBe('Thôn Khòn Lải')
      })

      it('imports an .xlsx file into the chosen commune', async () => {
        const workbook = new ExcelJS.Workbook()
        const sheet = workbook.addWorksheet('Danh sách')
        sheet.addRow(HEADER)
        sheet.addRow(['NK-3', null, null, null, 'Chu Văn Thắng', 'Chủ hộ', new Date(Date.UTC(1966, 10, 20)), 'Nam', 'Nùng', Number(makeCitizenId('020', 'male', 1966, 901)), null, 'Không', null])
        sheet.addRow(['NK-3', '06100', null, null, 'Chu Thị Hằng', 'Con', '12/12/2012', 'Nữ', 'Nùng', null, null, null, 'Có'])
        const content = new Uint8Array(await workbook.xlsx.writeBuffer())
        const reply = await upload(officer, 'ds.xlsx', content, ids.commune)
        expect(reply.status, JSON.stringify(reply.body)).toBe(201)
        expect(reply.body).toMatchObject({ format: 'xlsx', households: 1, members: 2 })
        const detail = await officer.get(`/api/v1/households/${(await officer.get('/api/v1/households?q=NK-3')).body.items[0].id}`)
        expect(detail.body.members[0]).toMatchObject({ fullName: 'Chu Văn Thắng', birthDate: '1966-11-20', citizenId: '020066000901', healthInsured: false })
        expect(detail.body.members[1]).toMatchObject({ relation: 'child', inSchool: true })
      })

      it('refuses a file with errors row by row and writes nothing', async () => {
        const before = await counts()
        const reply = await upload(officer, 'loi.csv', csv([
          row('NK-9', 'Người Một', 'Chủ hộ', '31/02/1970', 'Nam'),
          row('NK-10', 'Người Hai', 'Chủ hộ', '01/01/1970', 'Nam', makeCitizenId('020', 'male', 1970, 900)),
          row('NK-1', 'Người Ba', 'Chủ hộ', '01/01/1970', 'Nam'),
          row('NK-11', 'Người Bốn', 'Chủ hộ', '01/01/1970', 'Nam', '', '06300'),
          row('NK-12', 'Người Năm', 'Chủ hộ', '01/01/1970', 'Nam', '', '06100', 'Thôn Không Có'),
          row('NK-13', 'Người Sáu', 'Con', '01/01/2000', 'Nữ'),
        ]))
        expectCode(reply, 422, 'import_rejected')
        expect(reply.body.details.errorCount).toBe(reply.body.details.errors.length)
        expect(reply.body.details.errors.map((e: { row: number; column: string | null; code: string }) => [e.row, e.column, e.code])).toEqual([
          [2, 'Ngày sinh (dd/mm/yyyy)', 'invalid_date'],
          [3, 'Số CCCD', 'citizen_id_in_other_household'],
          [4, 'Mã hộ', 'household_code_taken'],
          [5, 'Mã xã', 'import_commune_unknown'],
          [6, 'Thôn/bản', 'import_village_unknown'],
          [7, 'Quan hệ với chủ hộ', 'household_head_missing'],
        ])
        expect(reply.body.details.errors[0].message).toEqual({ vi: expect.any(String), en: expect.any(String) })
        expect(await counts()).toEqual(before)
      })

      it('refuses wrong columns with one error listing the expected ones, and a file that is no spreadsheet', async () => {
        const wrong = await upload(officer, 'sai-cot.csv', 'Mã hộ,Tên\nA,B\n')
        expectCode(wrong, 400, 'import_columns_invalid')
        expect(wrong.body.details.expected).toEqual(HEADER)
        expect(wrong.body.details.missing).toContain('Họ và tên')
        expectCode(await upload(officer, 'anh.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47])), 400, 'import_format_unsupported')
        expectCode(await upload(officer, 'hong.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), 400, 'import_file_unreadable')
        expectCode(await upload(officer, 'rong.csv', ''), 400, 'import_file_empty')
        expectCode(await upload(officer, 'chi-tieu-de.csv', HEADER.join(',')), 400, 'import_file_empty')
        expectCode(await upload(teller, 'ho.csv', csv([row('T-1', 'A', 'Chủ hộ', '01/01/1970', 'Nam')])), 403, 'forbidden')
        expectCode(await upload(officer, 'ho.csv', csv([row('T-1', 'A', 'Chủ hộ', '01/01/1970', 'Nam')]), ids.otherCommune), 404, 'not_found')
      })
    })

    it('keeps the audit chain intact through every change', async () => {
      expect((await verifyAuditChain(app.db)).ok).toBe(true)
      const { rows } = await sql<{ action: string }>`select distinct action from audit_log where action like 'household.%' order by action`.execute(app.db)
      expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining([
        'household.create', 'household.update', 'household.member_add', 'household.member_update', 'household.head_change', 'household.member_remove',
        'household.member_move_out', 'household.member_move_in', 'household.split', 'household.merge', 'household.merge_out', 'household.dissolve', 'household.import',
      ]))
    })
  })
}

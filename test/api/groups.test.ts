import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../../src/app/audit.js'
import { isActiveMembershipConflict } from '../../src/app/groups/shared.js'
import { ensureFirstAdmin } from '../../src/app/open-app.js'
import { NATIONAL_RULES } from '../../src/db/migrations/0013-network-groups.js'
import { parseNetworkRules } from '../../src/domain/network/index.js'
import { actor, fixtureHousehold, fixtureUnit } from '../support/actors.js'
import { Client, testApi, type Api, type Reply } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'

const PASSWORD = 'Fixture-pass-1'
const ADMIN_PASSWORD = 'Admin-pass-2026'
const FEES = { feeOnOutstandingMonthlyMicros: '450', commissionOnInterestCollectedMicros: '150000', qualityReductions: [{ factor: 'overdue_ratio', thresholdMicros: '20000', payShareMicros: '500000' }] }

/** Rules like the national ones with another size limit. */
const sizeRules = (max: number, aboveMax: 'refuse' | 'warn') => ({ ...NATIONAL_RULES, groupSize: { min: 2, max, belowMin: 'warn', aboveMax } })

for (const backend of BACKENDS) {
  describe(`${backend}: organisations, entrustment contracts and savings groups API`, () => {
    let app: TestApp
    let api: Api
    const ids = { province: 0, office: 0, communeA: 0, communeB: 0, villageA: 0, pointA: 0, pointB: 0, provincialUnion: 0, womenA: 0, farmersA: 0, womenB: 0 }
    const households: bigint[] = []
    let householdB = 0n
    const clients: Record<string, Client> = {}
    const as = async (username: string): Promise<Client> => {
      if (clients[username]) return clients[username]
      const client = new Client(api)
      const reply = await client.login(username, username === 'admin' ? ADMIN_PASSWORD : PASSWORD)
      expect(reply.status, JSON.stringify(reply.body)).toBe(200)
      return (clients[username] = client)
    }
    const expectCode = (reply: Reply, status: number, code: string) => {
      expect(reply.body?.code, JSON.stringify(reply.body)).toBe(code)
      expect(reply.status).toBe(status)
    }
    const count = async (table: 'group_memberships' | 'savings_groups' | 'entrustment_contracts' | 'audit_log') =>
      Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    const headOf = async (household: bigint) => String((await app.db.selectFrom('households').select('head_person_id').where('id', '=', household).executeTakeFirstOrThrow()).head_person_id)

    let g1 = ''
    let g2 = ''
    const group = async (who: string, id: string) => (await (await as(who)).get(`/api/v1/groups/${id}`)).body

    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      await ensureFirstAdmin(app, ADMIN_PASSWORD)
      ids.province = await fixtureUnit(app.db, 1, 'province', '20', 'Chi nhánh Lạng Sơn', { provinceCode: '20', adminCode: '20' })
      ids.office = await fixtureUnit(app.db, ids.province, 'transaction_office', 'PGD-CL', 'PGD Cao Lộc')
      ids.communeA = await fixtureUnit(app.db, ids.office, 'commune', '06100', 'Xã Cao Lộc', { adminCode: '06100' })
      ids.communeB = await fixtureUnit(app.db, ids.office, 'commune', '06300', 'Xã Khác', { adminCode: '06300' })
      ids.villageA = await fixtureUnit(app.db, ids.communeA, 'village', '06100-01', 'Thôn Nà Cạn')
      await actor(app.db, 'branch', 'branch_officer', ids.province)
      await actor(app.db, 'office', 'office_officer', ids.office)
      await actor(app.db, 'women', 'org_officer', ids.communeA, 'womens_union')
      await actor(app.db, 'farmers', 'org_officer', ids.communeA, 'farmers_union')
      await actor(app.db, 'communeA', 'commune_officer', ids.communeA)
      await actor(app.db, 'communeB', 'commune_officer', ids.communeB)
      await actor(app.db, 'teller', 'teller', ids.communeA)
      for (let i = 1; i <= 6; i++) households.push(await fixtureHousehold(app.db, ids.communeA, `NC-${i}`, 'poor'))
      householdB = await fixtureHousehold(app.db, ids.communeB, 'XK-1', 'poor')
      const branch = await as('branch')
      for (const [key, commune] of [['pointA', ids.communeA], ['pointB', ids.communeB]] as const) {
        const point = await branch.post('/api/v1/network/points', { communeUnitId: commune, siteName: 'Nhà văn hóa', monthlyDay: 15, startTime: '07:30' })
        expect(point.status, JSON.stringify(point.body)).toBe(201)
        ids[key] = point.body.id
      }
    })
    afterAll(() => app.dispose())

    it('registers the organisations opposite the bank units of their level, one per branch or commune', async () => {
      const branch = await as('branch')
      const provincial = await branch.post('/api/v1/organisation-units', { organisation: 'womens_union', level: 'province', bankUnitId: ids.province, name: 'Hội LHPN tỉnh Lạng Sơn' })
      expect(provincial.status, JSON.stringify(provincial.body)).toBe(201)
      ids.provincialUnion = provincial.body.id
      const womenA = await branch.post('/api/v1/organisation-units', { organisation: 'womens_union', level: 'commune', bankUnitId: ids.communeA, parentId: ids.provincialUnion, name: 'Hội LHPN xã Cao Lộc' })
      expect(womenA.body).toMatchObject({ organisation: 'womens_union', level: 'commune', bankUnitId: ids.communeA, bankUnitName: 'Xã Cao Lộc', parentName: 'Hội LHPN tỉnh Lạng Sơn', status: 'active', groupCount: 0 })
      ids.womenA = womenA.body.id
      ids.farmersA = (await branch.post('/api/v1/organisation-units', { organisation: 'farmers_union', level: 'commune', bankUnitId: ids.communeA, name: 'Hội Nông dân xã Cao Lộc' })).body.id
      ids.womenB = (await branch.post('/api/v1/organisation-units', { organisation: 'womens_union', level: 'commune', bankUnitId: ids.communeB, name: 'Hội LHPN xã Khác' })).body.id

      expectCode(await branch.post('/api/v1/organisation-units', { organisation: 'youth_union', level: 'commune', bankUnitId: ids.province, name: 'Đoàn TN' }), 400, 'organisation_unit_level_mismatch')
      expectCode(await branch.post('/api/v1/organisation-units', { organisation: 'womens_union', level: 'commune', bankUnitId: ids.communeA, name: 'Hội LHPN xã Cao Lộc (2)' }), 409, 'organisation_unit_exists')
      expectCode(await branch.post('/api/v1/organisation-units', { organisation: 'farmers_union', level: 'commune', bankUnitId: ids.communeB, parentId: ids.provincialUnion, name: 'Hội ND' }), 400, 'organisation_parent_invalid')
      expectCode(await branch.post('/api/v1/organisation-units', { organisation: 'womens_union', level: 'hamlet', bankUnitId: ids.communeA, name: 'x' }), 400, 'validation_failed')
      expectCode(await (await as('communeA')).post('/api/v1/organisation-units', { organisation: 'veterans_association', level: 'commune', bankUnitId: ids.communeA, name: 'Hội CCB' }), 403, 'forbidden')

      // A commune's officers see the commune's units, not the province's nor another commune's.
      const seen = await (await as('women')).get('/api/v1/organisation-units')
      expect(seen.body.items.map((u: { name: string }) => u.name).sort()).toEqual(['Hội LHPN xã Cao Lộc', 'Hội Nông dân xã Cao Lộc'])
      expectCode(await (await as('women')).get(`/api/v1/organisation-units/${ids.womenB}`), 404, 'not_found')
    })

    it('records an entrustment contract with dated fee terms, refusing bad input and writing nothing', async () => {
      const office = await as('office')
      const body = {
        number: 'HĐUT-01/2026', bankUnitId: ids.office, organisationUnitId: ids.womenA, signedOn: '2025-12-20', validFrom: '2026-01-01', validTo: null,
        communeUnitIds: [ids.communeA], programCodes: ['POOR', 'NEAR_POOR'], feeTerms: { legalBasis: 'Văn bản liên tịch [verify]', terms: FEES },
      }
      const before = await count('entrustment_contracts')
      expectCode(await office.post('/api/v1/entrustment-contracts', { ...body, feeTerms: { legalBasis: 'x', terms: { feeOnOutstandingMonthlyMicros: '0,045' } } }), 400, 'entrustment_fee_terms_invalid')
      expectCode(await office.post('/api/v1/entrustment-contracts', { ...body, signedOn: '2026-01-05' }), 400, 'entrustment_contract_dates_invalid')
      expectCode(await office.post('/api/v1/entrustment-contracts', { ...body, validFrom: '2026-02-30' }), 400, 'invalid_date')
      expectCode(await office.post('/api/v1/entrustment-contracts', { ...body, programCodes: ['NOPE'] }), 400, 'entrustment_contract_scope_invalid')
      expectCode(await office.post('/api/v1/entrustment-contracts', { ...body, bankUnitId: ids.communeA }), 400, 'entrustment_contract_parties_invalid')
      expectCode(await office.post('/api/v1/entrustment-contracts', { ...body, organisationUnitId: ids.provincialUnion }), 404, 'not_found')
      expect(await count('entrustment_contracts')).toBe(before)

      const created = await office.post('/api/v1/entrustment-contracts', body)
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      expect(created.body).toMatchObject({ number: 'HĐUT-01/2026', organisation: 'womens_union', organisationLevel: 'commune', status: 'active', communeUnitIds: [ids.communeA], programCodes: ['POOR', 'NEAR_POOR'] })
      expect(created.body.feeTerms).toEqual([expect.objectContaining({ validFrom: '2026-01-01', validTo: null, termsJson: FEES })])
      expectCode(await office.post('/api/v1/entrustment-contracts', body), 409, 'entrustment_contract_number_taken')

      const id = created.body.id
      const amended = await office.post(`/api/v1/entrustment-contracts/${id}/fee-terms`, { validFrom: '2026-07-01', legalBasis: 'Phụ lục 01', terms: { feeOnOutstandingMonthlyMicros: '400' } })
      expect(amended.status, JSON.stringify(amended.body)).toBe(201)
      expect(amended.body.feeTerms.map((f: { validFrom: string; validTo: string | null }) => [f.validFrom, f.validTo])).toEqual([['2026-01-01', '2026-06-30'], ['2026-07-01', null]])
      expectCode(await office.post(`/api/v1/entrustment-contracts/${id}/fee-terms`, { validFrom: '2026-03-01', legalBasis: 'x', terms: { feeOnOutstandingMonthlyMicros: '1' } }), 409, 'entrustment_fee_terms_not_latest')

      // Seen from the organisation's side too; not from another commune.
      expect((await (await as('women')).get(`/api/v1/entrustment-contracts/${id}`)).body.number).toBe('HĐUT-01/2026')
      expectCode(await (await as('communeB')).get(`/api/v1/entrustment-contracts/${id}`), 404, 'not_found')
      expect((await (await as('communeB')).get('/api/v1/entrustment-contracts')).body.items).toEqual([])

      const ended = await office.post(`/api/v1/entrustment-contracts/${id}/terminate`, { on: '2026-10-31', reason: 'Ký lại theo khung mới' })
      expect(ended.body).toMatchObject({ status: 'terminated', terminatedOn: '2026-10-31' })
      expectCode(await office.post(`/api/v1/entrustment-contracts/${id}/fee-terms`, { validFrom: '2026-11-01', legalBasis: 'x', terms: { feeOnOutstandingMonthlyMicros: '1' } }), 409, 'entrustment_contract_not_active')
    })

    it('founds groups at a point of their commune, for the officer\'s own organisation only', async () => {
      const women = await as('women')
      const body = { communeUnitId: ids.communeA, name: 'Tổ TK&VV thôn Nà Cạn 1', villageUnitId: ids.villageA, transactionPointId: ids.pointA, organisationUnitId: ids.womenA, foundingDecisionNumber: '12/QĐ-UBND', foundingDecisionDate: '2026-01-10' }
      const before = await count('savings_groups')
      expectCode(await women.post('/api/v1/groups', { ...body, transactionPointId: ids.pointB }), 422, 'group_point_invalid')
      expectCode(await women.post('/api/v1/groups', { ...body, organisationUnitId: ids.farmersA }), 403, 'group_other_organisation')
      expectCode(await women.post('/api/v1/groups', { ...body, organisationUnitId: ids.womenB }), 422, 'group_organisation_invalid')
      expectCode(await women.post('/api/v1/groups', { ...body, foundingDecisionDate: '2099-01-01' }), 400, 'group_change_date_invalid')
      expectCode(await women.post('/api/v1/groups', { ...body, communeUnitId: ids.communeB, transactionPointId: ids.pointB, organisationUnitId: ids.womenB }), 404, 'not_found')
      expect(await count('savings_groups')).toBe(before)

      const first = await women.post('/api/v1/groups', body)
      expect(first.status, JSON.stringify(first.body)).toBe(201)
      expect(first.body).toMatchObject({ code: '06100-T01', status: 'active', memberCount: 0, villageName: 'Thôn Nà Cạn', pointSiteName: 'Nhà văn hóa', organisationUnitName: 'Hội LHPN xã Cao Lộc', latestGrade: null, members: [], officers: [] })
      g1 = first.body.id
      const second = await (await as('communeA')).post('/api/v1/groups', { ...body, name: 'Tổ TK&VV thôn Nà Cạn 2', code: 'NC-T2' })
      expect(second.status, JSON.stringify(second.body)).toBe(201)
      g2 = second.body.id
      expectCode(await women.post('/api/v1/groups', { ...body, code: 'NC-T2' }), 409, 'group_code_taken')
      // The farmers' union officer may read the women's groups but not change them.
      expectCode(await (await as('farmers')).post(`/api/v1/groups/${g1}/members`, { householdId: String(households[0]) }), 403, 'group_other_organisation')
    })

    it('adds households, refusing one in another group, an unknown or out-of-scope one, one of another commune, and writes nothing then', async () => {
      const women = await as('women')
      for (const h of households.slice(0, 3)) {
        const added = await women.post(`/api/v1/groups/${g1}/members`, { householdId: String(h), joinedOn: '2026-02-01' })
        expect(added.status, JSON.stringify(added.body)).toBe(201)
        expect(added.body.warnings).toEqual([])
      }
      expect((await group('women', g1)).memberCount).toBe(3)
      const memberships = await count('group_memberships')
      const audit = await count('audit_log')

      const elsewhere = await women.post(`/api/v1/groups/${g2}/members`, { householdId: String(households[0]), joinedOn: '2026-02-01' })
      expectCode(elsewhere, 409, 'member_in_another_group')
      expect(elsewhere.body.details).toMatchObject({ groupCode: '06100-T01' })
      expect(elsewhere.body.message.vi).toContain('thành viên của một Tổ TK&VV khác')
      expectCode(await women.post(`/api/v1/groups/${g1}/members`, { householdId: String(households[0]) }), 409, 'member_already_in_group')
      expectCode(await women.post(`/api/v1/groups/${g1}/members`, { householdId: '999999' }), 404, 'not_found')
      // A household of another commune is outside the commune's officers' scope: not found.
      expectCode(await women.post(`/api/v1/groups/${g1}/members`, { householdId: String(householdB) }), 404, 'not_found')
      // The office sees both communes: the household is simply not of the group's commune.
      expectCode(await (await as('office')).post(`/api/v1/groups/${g1}/members`, { householdId: String(householdB) }), 422, 'member_not_in_group_commune')
      expectCode(await women.post(`/api/v1/groups/${g1}/members`, { householdId: String(households[3]), joinedOn: '2025-12-31' }), 400, 'group_change_date_invalid')
      expectCode(await women.post(`/api/v1/groups/${g1}/members`, { householdId: 'abc' }), 400, 'validation_failed')
      expect(await count('group_memberships')).toBe(memberships)
      expect(await count('audit_log')).toBe(audit)
    })

    it('refuses a household in two open memberships in the database itself, and keeps memberships as history', async () => {
      const error = await app.db.insertInto('group_memberships')
        .values({ province_code: '20', group_id: BigInt(g2), household_id: households[0]!, joined_on: '2026-03-01', moved_from_group_id: null, note: null, created_by: null })
        .execute().then(() => null, (e: unknown) => e as { code?: string; message?: string })
      expect(error?.code).toBe('23505')
      expect(String(error?.message)).toContain('group_memberships_one_active_idx')
      // What the use-case turns into member_in_another_group when a concurrent join slips past its check.
      expect(isActiveMembershipConflict(error)).toBe(true)
      const deleted = await sql`delete from group_memberships where household_id = ${String(households[0])}::bigint`.execute(app.db).then(() => null, (e: unknown) => e as Error)
      expect(deleted?.message).toContain('keeps history')
    })

    it('refuses or warns on the size limit as the rules in force say', async () => {
      const admin = await as('admin')
      expectCode(await admin.post('/api/v1/network-rules', { provinceCode: '20', validFrom: '2026-01-01', legalBasis: 'x', rules: { ...sizeRules(3, 'refuse'), groupSize: { min: 5, max: 3, belowMin: 'warn', aboveMax: 'refuse' } } }), 400, 'network_rules_invalid')
      expectCode(await (await as('office')).post('/api/v1/network-rules', { provinceCode: '20', validFrom: '2026-01-01', legalBasis: 'x', rules: sizeRules(3, 'refuse') }), 403, 'forbidden')
      const refusing = await admin.post('/api/v1/network-rules', { provinceCode: '20', validFrom: '2026-01-01', legalBasis: 'Quyết định 1/2026 của Chi nhánh (thử)', rules: sizeRules(3, 'refuse') })
      expect(refusing.status, JSON.stringify(refusing.body)).toBe(201)
      const women = await as('women')
      const tooLarge = await women.post(`/api/v1/groups/${g1}/members`, { householdId: String(households[3]), joinedOn: '2026-03-01' })
      expectCode(tooLarge, 422, 'group_too_large')
      expect(tooLarge.body.details).toMatchObject({ max: 3, members: 3 })

      await admin.post('/api/v1/network-rules', { provinceCode: '20', validFrom: '2026-04-01', legalBasis: 'Quyết định 2/2026 của Chi nhánh (thử)', rules: sizeRules(3, 'warn') })
      expectCode(await admin.post('/api/v1/network-rules', { provinceCode: '20', validFrom: '2026-03-15', legalBasis: 'x', rules: sizeRules(3, 'warn') }), 409, 'network_rules_not_latest')
      const warned = await women.post(`/api/v1/groups/${g1}/members`, { householdId: String(households[3]), joinedOn: '2026-04-02' })
      expect(warned.status, JSON.stringify(warned.body)).toBe(201)
      expect(warned.body.warnings).toEqual([expect.objectContaining({ code: 'group_too_large', details: { max: 3, members: 3, membersAfter: 4 } })])
      expect(warned.body.warnings[0].message.vi).toBe('Số thành viên của tổ vượt mức tối đa theo quy định.')
      const versions = (await women.get('/api/v1/network-rules')).body.items
      expect(versions.map((v: { provinceCode: string | null; validFrom: string; validTo: string | null }) => [v.provinceCode, v.validFrom, v.validTo]))
        .toEqual([[null, '2002-10-04', null], ['20', '2026-01-01', '2026-03-31'], ['20', '2026-04-01', null]])
    })

    it('moves a member to another group of the commune, keeping both sides of the history', async () => {
      const women = await as('women')
      const moved = await women.post(`/api/v1/groups/${g1}/members/${households[2]}/move`, { toGroupId: g2, on: '2026-05-01', note: 'Chuyển về gần nhà' })
      expect(moved.status, JSON.stringify(moved.body)).toBe(200)
      expect(moved.body.target).toMatchObject({ id: g2, memberCount: 1 })
      const source = moved.body.group
      expect(source.memberCount).toBe(3)
      expect(source.members.find((m: { householdId: string }) => m.householdId === String(households[2])))
        .toMatchObject({ joinedOn: '2026-02-01', leftOn: '2026-05-01', leaveReason: 'moved', movedTo: { id: g2, code: 'NC-T2' }, note: 'Chuyển về gần nhà' })
      expect((await group('women', g2)).members).toEqual([expect.objectContaining({ householdId: String(households[2]), joinedOn: '2026-05-01', leftOn: null, movedFrom: { id: g1, code: '06100-T01' } })])

      expectCode(await women.post(`/api/v1/groups/${g2}/members/${households[2]}/move`, { toGroupId: g2 }), 400, 'member_move_same_group')
      expectCode(await women.post(`/api/v1/groups/${g2}/members/${households[0]}/move`, { toGroupId: g1 }), 422, 'member_not_in_group')
      expectCode(await women.post(`/api/v1/groups/${g2}/members/${households[2]}/move`, { toGroupId: g1, on: '2026-04-30' }), 400, 'group_change_date_invalid')
      // Nothing is deleted: the household has two rows, one open.
      const rows = await app.db.selectFrom('group_memberships').select(['group_id', 'left_on']).where('household_id', '=', households[2]!).orderBy('id').execute()
      expect(rows).toEqual([{ group_id: BigInt(g1), left_on: '2026-05-01' }, { group_id: BigInt(g2), left_on: null }])
    })

    it('appoints a leader and a deputy from member households and ends a term when the household leaves', async () => {
      const women = await as('women')
      const leader = await women.post(`/api/v1/groups/${g1}/officers`, { role: 'leader', personId: await headOf(households[0]!), from: '2026-02-01' })
      expect(leader.status, JSON.stringify(leader.body)).toBe(200)
      expect(leader.body.leaderName).toBe('Chủ hộ NC-1')
      await women.post(`/api/v1/groups/${g1}/officers`, { role: 'deputy', personId: await headOf(households[1]!), from: '2026-02-01' })
      expectCode(await women.post(`/api/v1/groups/${g1}/officers`, { role: 'deputy', personId: await headOf(households[4]!) }), 422, 'group_officer_not_member')

      const left = await women.post(`/api/v1/groups/${g1}/members/${households[1]}/leave`, { on: '2026-06-01', note: 'Chuyển đi nơi khác' })
      expect(left.status, JSON.stringify(left.body)).toBe(200)
      expect(left.body.group.officers).toEqual([
        expect.objectContaining({ role: 'leader', personName: 'Chủ hộ NC-1', fromDate: '2026-02-01', toDate: null }),
        expect.objectContaining({ role: 'deputy', personName: 'Chủ hộ NC-2', fromDate: '2026-02-01', toDate: '2026-06-01' }),
      ])
      expectCode(await women.post(`/api/v1/groups/${g1}/members/${households[1]}/leave`, {}), 422, 'member_not_in_group')
      // A new leader takes over: the old term ends the same day.
      const next = await women.post(`/api/v1/groups/${g1}/officers`, { role: 'leader', personId: await headOf(households[3]!), from: '2026-07-01' })
      expect(next.body.officers.filter((o: { role: string }) => o.role === 'leader').map((o: { personName: string; toDate: string | null }) => [o.personName, o.toDate]))
        .toEqual([['Chủ hộ NC-4', null], ['Chủ hộ NC-1', '2026-07-01']])
    })

    it('suspends a group (no new members) and dissolves it only when empty', async () => {
      const women = await as('women')
      const suspended = await women.post(`/api/v1/groups/${g2}/status`, { status: 'suspended', on: '2026-08-01', reason: 'Tổ trưởng chuyển đi' })
      expect(suspended.body).toMatchObject({ status: 'suspended', statusChangedOn: '2026-08-01' })
      expectCode(await women.post(`/api/v1/groups/${g2}/members`, { householdId: String(households[4]) }), 409, 'group_not_active')
      expectCode(await women.post(`/api/v1/groups/${g2}/status`, { status: 'dissolved', reason: 'Giải thể' }), 409, 'group_has_members')
      const out = await women.post(`/api/v1/groups/${g2}/members/${households[2]}/move`, { toGroupId: g1, on: '2026-08-02' })
      expect(out.status, JSON.stringify(out.body)).toBe(200)
      const dissolved = await women.post(`/api/v1/groups/${g2}/status`, { status: 'dissolved', on: '2026-08-03', reason: 'Sáp nhập vào tổ 1' })
      expect(dissolved.body.status).toBe('dissolved')
      expectCode(await women.post(`/api/v1/groups/${g2}/status`, { status: 'active', reason: 'x' }), 409, 'group_status_transition_invalid')
    })

    it('answers a group outside the reader\'s scope as not found, lets read-only roles read only, and filters lists', async () => {
      const other = await as('communeB')
      expectCode(await other.get(`/api/v1/groups/${g1}`), 404, 'not_found')
      expectCode(await other.post(`/api/v1/groups/${g1}/members`, { householdId: String(householdB) }), 404, 'not_found')
      expectCode(await other.get(`/api/v1/groups/${g1}/grades`), 404, 'not_found')
      expect((await other.get('/api/v1/groups')).body).toEqual({ items: [], total: 0 })
      const teller = await as('teller')
      expect((await teller.get(`/api/v1/groups/${g1}/members`)).status).toBe(200)
      expectCode(await teller.post(`/api/v1/groups/${g1}/members`, { householdId: String(households[5]) }), 403, 'forbidden')

      const list = async (query: string) => (await teller.get(`/api/v1/groups?${query}`)).body
      expect((await list('')).total).toBe(2)
      expect((await list('status=active')).items.map((g: { code: string }) => g.code)).toEqual(['06100-T01'])
      expect((await list('organisation=farmers_union')).total).toBe(0)
      expect((await list(`transactionPointId=${ids.pointA}&communeUnitId=${ids.communeA}`)).total).toBe(2)
      expect((await list('grade=ungraded')).total).toBe(2)
      expect((await list('grade=good')).total).toBe(0)
      expect((await list('q=NC-T2')).items.map((g: { code: string }) => g.code)).toEqual(['NC-T2'])
      expectCode(await teller.get('/api/v1/groups?grade=excellent'), 400, 'validation_failed')
      const item = (await list('status=active')).items[0]
      // NC-1, NC-4 and NC-3 (moved back from the dissolved group); NC-2 left.
      expect(item).toMatchObject({ memberCount: 3, leaderName: 'Chủ hộ NC-4', organisation: 'womens_union' })
    })

    it('closes the membership of a household that ends, and its leader term, the day it ends', async () => {
      const dissolved = await (await as('communeA')).post(`/api/v1/households/${households[3]}/dissolve`, { on: '2026-09-01', note: 'Chuyển đi nơi khác' })
      expect(dissolved.status, JSON.stringify(dissolved.body)).toBe(200)
      const detail = await group('women', g1)
      const ended = detail.members.find((m: { householdId: string }) => m.householdId === String(households[3]))
      expect(ended).toMatchObject({ leftOn: '2026-09-01', leaveReason: 'household_ended' })
      expect(detail.officers.filter((o: { role: string }) => o.role === 'leader').map((o: { personName: string; toDate: string | null }) => [o.personName, o.toDate]))
        .toEqual([['Chủ hộ NC-4', '2026-09-01'], ['Chủ hộ NC-1', '2026-07-01']])
      expect((await (await as('teller')).get('/api/v1/groups?status=active')).body.items[0]).toMatchObject({ memberCount: 2, leaderName: null })
    })

    it('audits every change in the hash chain', async () => {
      const actions = (await app.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action)
      for (const action of [
        'organisation_unit.create', 'entrustment_contract.create', 'entrustment_contract.add_fee_terms', 'entrustment_contract.terminate', 'network_rules.add', 'savings_group.create',
        'group_membership.add', 'group_membership.move_out', 'group_membership.move_in', 'group_membership.leave', 'group_officer.assign', 'savings_group.suspend', 'savings_group.dissolve', 'household.dissolve',
      ]) expect(actions, action).toContain(action)
      expect((await verifyAuditChain(app.db)).ok).toBe(true)
    })

    it('seeds national rules that parse', () => {
      expect(parseNetworkRules(NATIONAL_RULES).ok).toBe(true)
    })
  })
}

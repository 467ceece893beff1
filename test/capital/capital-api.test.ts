import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, signedIn, testApi } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingUnits } from '../support/lending.js'

const AGREEMENT = {
  number: '05/2025/TTUT', signedOn: '2025-01-02', validFrom: '2025-01-02', legalBasis: 'Nghị quyết HĐND tỉnh 12/2024', programCodes: ['POOR', 'NEAR_POOR'],
  localPovertyStandard: false, fundShareMicros: 400_000, reserveShareMicros: 100_000, bankFeeMicros: 500_000,
}

for (const backend of BACKENDS) {
  describe(`${backend}: capital API`, () => {
    let app: TestApp
    let api: Api
    let commune = 0
    let province = 0
    let office = 0
    const as = (username: string) => signedIn(api, username)

    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      ;({ commune } = await lendingUnits(app.db))
      province = (await app.db.selectFrom('units').select('id').where('code', '=', '20').executeTakeFirstOrThrow()).id
      office = (await app.db.selectFrom('units').select('id').where('code', '=', 'PGD-CL').executeTakeFirstOrThrow()).id
    })
    afterAll(() => app.dispose())

    it('records a fund, moves its capital idempotently and answers balance, statement, drill-down and workbook', async () => {
      const branch = await as('branch')
      const bad = await branch.post('/api/v1/capital/funds', { code: 'LS_API', nameVi: 'Quỹ', nameEn: 'Fund', ownerUnitId: province, agreement: { ...AGREEMENT, bankUnitId: province, bankFeeMicros: 1 } })
      expect([bad.status, bad.body.code]).toEqual([400, 'capital_split_invalid'])
      const created = await branch.post('/api/v1/capital/funds', { code: 'LS_API', nameVi: 'Quỹ ngân sách tỉnh', nameEn: 'Province fund', ownerUnitId: province, agreement: { ...AGREEMENT, bankUnitId: province } })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      expect((await branch.post('/api/v1/capital/funds', { code: 'LS_API', nameVi: 'x', nameEn: 'x', ownerUnitId: province, agreement: { ...AGREEMENT, bankUnitId: province } })).status).toBe(409)

      const receipt = { capitalSource: 'LS_API', amountDong: '2.000.000.000', unitId: province, date: '2025-01-05', reference: 'Vốn ngân sách tỉnh đợt 1' }
      expect((await branch.post('/api/v1/capital/movements/receipts', receipt)).body.code).toBe('idempotency_key_required')
      const first = await branch.post('/api/v1/capital/movements/receipts', receipt, { 'idempotency-key': 'cap-receipt-0001' })
      expect(first.status, JSON.stringify(first.body)).toBe(201)
      const replay = await branch.post('/api/v1/capital/movements/receipts', receipt, { 'idempotency-key': 'cap-receipt-0001' })
      expect(replay.body).toEqual(first.body)
      const alloc = (to: number, from: number, amountDong: string, key: string) =>
        branch.post('/api/v1/capital/movements/allocations', { capitalSource: 'LS_API', fromUnitId: from, toUnitId: to, amountDong, date: '2025-01-10', reference: 'Phân bổ' }, { 'idempotency-key': key })
      expect((await alloc(office, province, '1500000000', 'cap-alloc-0001')).status).toBe(201)
      const over = await alloc(commune, office, '1500000001', 'cap-alloc-0002')
      expect([over.status, over.body.code]).toEqual([422, 'capital_allocation_exceeds_available'])
      expect((await alloc(commune, office, '500000000', 'cap-alloc-0002')).status).toBe(201)
      const contribution = await branch.post('/api/v1/capital/movements/contributions', { capitalSource: 'LS_API', amountDong: '10000000', unitId: province, date: '2025-02-01', reference: 'Ủng hộ', contributorKind: 'person', contributorName: 'Nguyễn Văn A' }, { 'idempotency-key': 'cap-contrib-0001' })
      expect(contribution.status).toBe(201)
      expect((await branch.post('/api/v1/capital/movements/returns', { capitalSource: 'LS_API', unitId: province, amountDong: '110000000', date: '2025-03-01', reference: 'Hoàn trả' }, { 'idempotency-key': 'cap-return-0001' })).status).toBe(201)

      const teller = await as('teller')
      expect((await teller.post('/api/v1/capital/movements/returns', { capitalSource: 'LS_API', unitId: commune, amountDong: '1', date: '2025-03-01', reference: 'x' }, { 'idempotency-key': 'cap-return-0002' })).body.code).toBe('forbidden')
      const appraiser = await as('appraiser')
      const balance = await appraiser.get('/api/v1/capital/balance?source=LS_API&date=2025-12-31')
      expect(balance.status, JSON.stringify(balance.body)).toBe(200)
      expect([balance.body.unitId, balance.body.capitalDong, balance.body.balanceDong]).toEqual([office, '1500000000', '1500000000'])

      const statement = await branch.get('/api/v1/capital/statement?source=LS_API&from=2025-01-01&to=2025-12-31')
      expect(statement.status).toBe(200)
      expect(statement.body.totals).toMatchObject({ received: '2000000000', contributed: '10000000', returned: '110000000' })
      expect(statement.body.closing.balanceDong).toBe('1900000000')
      const drill = await branch.get(`/api/v1/capital/entries/${statement.body.lines[0].entryId}`)
      expect(drill.body.postings.map((p: { kind: string; amount_dong: string }) => [p.kind, p.amount_dong])).toEqual([['cash', '2000000000'], ['lending_fund', '-2000000000']])
      const xlsx = await api.request('/api/v1/capital/statement.xlsx?source=LS_API&from=2025-01-01&to=2025-12-31', { headers: { cookie: branch.cookie } })
      expect(xlsx.headers.get('content-type')).toContain('spreadsheetml')
      expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1000)

      const sources = await teller.get('/api/v1/capital/funds')
      expect(sources.body.code).toBe('forbidden')
      const amended = await branch.post('/api/v1/capital/funds/LS_API/agreements', { ...AGREEMENT, number: '05/2025/TTUT-PL1', validFrom: '2026-01-01', bankUnitId: province })
      expect([amended.status, amended.body.version]).toEqual([201, 2])
      expect((await branch.get('/api/v1/capital/funds/LS_API')).body.agreements).toHaveLength(2)
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, testApi, type Api } from '../support/api-client.js'
import { actor, fixtureHousehold, fixtureUnit } from '../support/actors.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'

for (const backend of BACKENDS) {
  describe(`${backend}: lending API`, () => {
    let app: TestApp
    let api: Api
    let commune = 0
    let household = 0n
    const as = async (username: string) => {
      const c = new Client(api)
      expect((await c.login(username, 'Fixture-pass-1')).status).toBe(200)
      return c
    }

    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      const province = await fixtureUnit(app.db, 1, 'province', '20', 'Chi nhánh Lạng Sơn', { provinceCode: '20', adminCode: '20' })
      const office = await fixtureUnit(app.db, province, 'transaction_office', 'PGD-CL', 'PGD Cao Lộc')
      commune = await fixtureUnit(app.db, office, 'commune', '06100', 'Xã Cao Lộc', { adminCode: '06100' })
      await actor(app.db, 'branch', 'branch_officer', province)
      await actor(app.db, 'commune', 'commune_officer', commune)
      await actor(app.db, 'women', 'org_officer', commune, 'womens_union')
      await actor(app.db, 'appraiser', 'office_officer', office)
      await actor(app.db, 'approver', 'office_officer', office)
      await actor(app.db, 'teller', 'teller', commune)
      household = await fixtureHousehold(app.db, commune, 'HH-9', 'poor')
    })
    afterAll(() => app.dispose())

    it('runs application → approval → disbursement → repayment over HTTP, idempotently', async () => {
      const communeOfficer = await as('commune')
      const applied = await communeOfficer.post('/api/v1/loan-applications', {
        householdId: String(household), programCode: 'POOR', purpose: 'Nuôi lợn', amountDong: '30.000.000', termMonths: 24, channel: 'entrusted', groupId: '7', applicationDate: '2026-03-10',
      })
      expect(applied.status, JSON.stringify(applied.body)).toBe(201)
      const id = applied.body.id
      expect((await (await as('women')).post(`/api/v1/loan-applications/${id}/group-review`, { note: 'Đồng ý' })).status).toBe(200)
      expect((await communeOfficer.post(`/api/v1/loan-applications/${id}/commune-confirm`, {})).status).toBe(200)
      const sent = await (await as('appraiser')).post(`/api/v1/loan-applications/${id}/submit-for-approval`, {})
      expect(sent.body.status).toBe('pending_approval')
      expect((await (await as('approver')).post(`/api/v1/approvals/${sent.body.approvalId}/approve`)).status).toBe(200)
      const loans = await communeOfficer.get('/api/v1/loans')
      expect(loans.body.items).toHaveLength(1)
      const loanId = loans.body.items[0].id

      const branch = await as('branch')
      const capital = { capitalSource: 'CENTRAL', amountDong: '500000000', unitId: commune, date: '2026-03-01', reference: 'Vốn TW' }
      expect((await branch.post('/api/v1/capital/receipts', capital)).body.code).toBe('idempotency_key_required')
      expect((await branch.post('/api/v1/capital/receipts', capital, { 'idempotency-key': 'capital-2026-q1' })).status).toBe(201)

      const teller = await as('teller')
      const body = { date: '2026-03-10', amountDong: '30000000', cashUnitId: commune }
      expect((await teller.post(`/api/v1/loans/${loanId}/disburse`, body)).body.code).toBe('idempotency_key_required')
      const first = await teller.post(`/api/v1/loans/${loanId}/disburse`, body, { 'idempotency-key': 'disb-0001-abcd' })
      expect(first.status, JSON.stringify(first.body)).toBe(200)
      const replay = await teller.post(`/api/v1/loans/${loanId}/disburse`, body, { 'idempotency-key': 'disb-0001-abcd' })
      expect(replay.headers.get('idempotent-replayed')).toBe('true')
      expect(replay.body).toEqual(first.body)
      const conflict = await teller.post(`/api/v1/loans/${loanId}/disburse`, { ...body, amountDong: '1' }, { 'idempotency-key': 'disb-0001-abcd' })
      expect(conflict.status).toBe(409)
      const detail = await teller.get(`/api/v1/loans/${loanId}`)
      expect(detail.body.loan.disbursed_dong).toBe('30000000')
      expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(['disburse'])

      const repaid = await teller.post(`/api/v1/loans/${loanId}/repay`, { date: '2026-04-10', amountDong: '170.500', cashUnitId: commune }, { 'idempotency-key': 'repay-0001-abcd' })
      expect(repaid.status, JSON.stringify(repaid.body)).toBe(200)
      // 10/03 → 10/04 is 31 days: 30.000.000 × 6,6% × 31 / 360 = 170.500 ₫ exactly.
      expect(repaid.body.interestDong).toBe('0')

      const pdf = await api.request(`/api/v1/loans/${loanId}/statement.pdf`, { headers: { cookie: teller.cookie } })
      expect(pdf.headers.get('content-type')).toBe('application/pdf')
      const bytes = Buffer.from(await pdf.arrayBuffer())
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
      // The Vietnamese font is embedded, so the statement prints its diacritics anywhere.
      expect(bytes.toString('latin1')).toContain('Roboto')
      if (process.env.TDCS_KEEP_ARTIFACTS !== '0') {
        const { mkdirSync, writeFileSync } = await import('node:fs')
        mkdirSync('test/artifacts', { recursive: true })
        writeFileSync(`test/artifacts/${backend}-loan-statement.pdf`, bytes)
      }

      const verify = await branch.get('/api/v1/ledger/verify')
      expect(verify.body.ok).toBe(true)
    })

    it('refuses money as a JSON number or a decimal, and a loan outside the scope', async () => {
      const teller = await as('teller')
      const loans = await teller.get('/api/v1/loans')
      const loanId = loans.body.items[0].id
      const number = await teller.post(`/api/v1/loans/${loanId}/repay`, { date: '2026-04-11', amountDong: 1000, cashUnitId: commune }, { 'idempotency-key': 'repay-num-0001' })
      expect(number.body.code).toBe('validation_failed')
      const decimal = await teller.post(`/api/v1/loans/${loanId}/repay`, { date: '2026-04-11', amountDong: '1000,5', cashUnitId: commune }, { 'idempotency-key': 'repay-dec-0001' })
      expect(decimal.body.code).toBe('validation_failed')
      const other = await fixtureUnit(app.db, 1, 'province', '79', 'Chi nhánh TP.HCM', { provinceCode: '79' })
      await actor(app.db, 'hcm', 'branch_officer', other)
      const outsider = await as('hcm')
      expect((await outsider.get(`/api/v1/loans/${loanId}`)).status).toBe(404)
    })
  })
}

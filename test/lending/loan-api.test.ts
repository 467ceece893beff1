import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, testApi, type Api } from '../support/api-client.js'
import { actor, fixtureHousehold, fixtureUnit } from '../support/actors.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingUnits } from '../support/lending.js'

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
      ;({ commune } = await lendingUnits(app.db))
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

    it('shows an application with each step (who and when), its eligibility snapshot, its approval and its loan', async () => {
      const teller = await as('teller')
      const list = await teller.get('/api/v1/loan-applications')
      const item = list.body.items[0]
      expect(item).toMatchObject({ status: 'approved', household_code: 'HH-9', program_name: 'Cho vay hộ nghèo', amount_dong: '30000000' })
      expect(item.loan_id).toMatch(/^\d+$/)
      const detail = await teller.get(`/api/v1/loan-applications/${item.id}`)
      expect(detail.status).toBe(200)
      expect(detail.body).toMatchObject({
        status: 'approved', submitted_by_name: 'commune', group_reviewed_by_name: 'women', group_review_note: 'Đồng ý', commune_confirmed_by_name: 'commune',
        approval_status: 'approved', approval_maker_name: 'appraiser', approval_checker_name: 'approver', decided_by_name: 'approver',
        legal_basis: 'Nghị định 78/2002/NĐ-CP', capital_source_name: 'Nguồn vốn Trung ương', loan_id: item.loan_id,
        eligibility: { result: 'eligible', facts: { householdClass: 'poor', groupMember: true, residence: 'rural' } },
      })
      for (const at of ['submitted_at', 'group_reviewed_at', 'commune_confirmed_at', 'approval_made_at', 'approval_decided_at']) expect(typeof detail.body[at], at).toBe('string')
      expect((await teller.get('/api/v1/loan-applications/999999')).status).toBe(404)
      expect((await teller.get('/api/v1/loan-applications/abc')).body.code).toBe('validation_failed')

      // The checker's inbox names the household and the program, not only their ids.
      const approvals = await (await as('approver')).get('/api/v1/approvals?status=approved')
      expect(approvals.body.items[0].summary).toMatchObject({ applicationId: item.id, householdCode: 'HH-9', headName: 'Chủ hộ HH-9', programName: 'Cho vay hộ nghèo', amountDong: '30000000', termMonths: 24, purpose: 'Nuôi lợn' })

      const sources = await teller.get('/api/v1/capital/sources')
      expect(sources.body.items).toContainEqual({ code: 'CENTRAL', name_vi: 'Nguồn vốn Trung ương', name_en: 'Central capital', kind: 'central' })
      const programs = await teller.get('/api/v1/programs')
      const job = programs.body.items.find((p: { code: string }) => p.code === 'JOB_CREATION')
      // 120% then 127% of the 6,6% base rate.
      expect(job.versions.map((v: { rates: unknown }) => v.rates)).toEqual([[{ from: '2015-07-01', yearlyMicros: '79200' }], [{ from: '2026-01-01', yearlyMicros: '83820' }]])
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, testApi, type Api } from '../support/api-client.js'
import { fixtureHousehold } from '../support/actors.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingUnits } from '../support/lending.js'

/** The month after this one, as 'YYYY-MM' in Vietnam time: never closable yet. */
function nextMonth(): string {
  const now = new Date(Date.now() + 7 * 3600_000)
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))
  return `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}`
}

for (const backend of BACKENDS) {
  describe(`${backend}: month-end close API`, () => {
    let app: TestApp
    let api: Api
    let commune = 0
    let loanId = ''
    const as = async (username: string) => {
      const c = new Client(api)
      expect((await c.login(username, 'Fixture-pass-1')).status).toBe(200)
      return c
    }

    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      ;({ commune } = await lendingUnits(app.db))
      const household = await fixtureHousehold(app.db, commune, 'HH-1', 'poor')

      // A loan of 30.000.000 ₫ disbursed on 10/03/2026, through the API as the pages drive it.
      const communeOfficer = await as('commune')
      const applied = await communeOfficer.post('/api/v1/loan-applications', {
        householdId: String(household), programCode: 'POOR', purpose: 'Nuôi bò', amountDong: '30.000.000', termMonths: 24, channel: 'entrusted', groupId: '3', applicationDate: '2026-03-10',
      })
      expect(applied.status, JSON.stringify(applied.body)).toBe(201)
      const id = applied.body.id
      await (await as('women')).post(`/api/v1/loan-applications/${id}/group-review`, {})
      await communeOfficer.post(`/api/v1/loan-applications/${id}/commune-confirm`, {})
      const sent = await (await as('appraiser')).post(`/api/v1/loan-applications/${id}/submit-for-approval`, {})
      expect((await (await as('approver')).post(`/api/v1/approvals/${sent.body.approvalId}/approve`)).status).toBe(200)
      loanId = (await communeOfficer.get('/api/v1/loans')).body.items[0].id
      const branch = await as('branch')
      await branch.post('/api/v1/capital/receipts', { capitalSource: 'CENTRAL', amountDong: '100000000', unitId: commune, date: '2026-03-01', reference: 'Vốn TW' }, { 'idempotency-key': 'capital-month-end-1' })
      const disbursed = await (await as('teller')).post(`/api/v1/loans/${loanId}/disburse`, { date: '2026-03-10', amountDong: '30000000', cashUnitId: commune }, { 'idempotency-key': 'disburse-month-end-1' })
      expect(disbursed.status, JSON.stringify(disbursed.body)).toBe(200)
    })
    afterAll(() => app.dispose())

    it('lists no close before the first one', async () => {
      const list = await (await as('teller')).get('/api/v1/period-closes')
      expect(list.status).toBe(200)
      expect(list.body.items).toEqual([])
    })

    it('closes an ended month once: accrual to its last day, then the same report without a second posting', async () => {
      const branch = await as('branch')
      const closed = await branch.post('/api/v1/period-closes', { period: '2026-03' })
      expect(closed.status, JSON.stringify(closed.body)).toBe(201)
      // 10/03 → 31/03 is 22 days: 30.000.000 × 6,6% × 22 / 360 = 121.000 ₫ exactly.
      expect(closed.body).toMatchObject({ period: '2026-03', alreadyClosed: false, loansAccrued: 1, interestPostedDong: '121000', overduePostedDong: '0', snapshots: 1 })

      const again = await branch.post('/api/v1/period-closes', { period: '2026-03' })
      expect(again.status).toBe(200)
      expect(again.body).toMatchObject({ period: '2026-03', alreadyClosed: true, interestPostedDong: '121000' })

      const list = await branch.get('/api/v1/period-closes')
      expect(list.body.items).toHaveLength(1)
      expect(list.body.items[0]).toMatchObject({ period: '2026-03', status: 'done', stats: { loansAccrued: 1, interestPostedDong: '121000' } })
      expect(typeof list.body.items[0].finishedAt).toBe('string')

      const loan = await branch.get(`/api/v1/loans/${loanId}`)
      expect(loan.body.loan.interest_dong).toBe('121000')
      expect((await branch.get('/api/v1/ledger/verify')).body.ok).toBe(true)
    })

    it('refuses an earlier month once a later one is closed, and any event dated in a closed month', async () => {
      const branch = await as('branch')
      const earlier = await branch.post('/api/v1/period-closes', { period: '2026-02' })
      expect(earlier.status).toBe(422)
      expect(earlier.body.code).toBe('period_out_of_order')
      const repay = await (await as('teller')).post(`/api/v1/loans/${loanId}/repay`, { date: '2026-03-20', amountDong: '100000', cashUnitId: commune }, { 'idempotency-key': 'repay-closed-1' })
      expect(repay.body.code).toBe('period_closed')
    })

    it('refuses a month that has not ended, a malformed month and an Idempotency-Key, writing nothing', async () => {
      const branch = await as('branch')
      const future = await branch.post('/api/v1/period-closes', { period: nextMonth() })
      expect(future.status).toBe(422)
      expect(future.body.code).toBe('period_not_ended')
      for (const period of ['2026-13', '2026-3', 'tháng 3', '', '0001-01', '1899-12']) {
        const bad = await branch.post('/api/v1/period-closes', { period })
        expect(bad.status, period).toBe(400)
        expect(bad.body.code, period).toBe('validation_failed')
      }
      expect((await branch.post('/api/v1/period-closes', {})).body.code).toBe('validation_failed')
      const keyed = await branch.post('/api/v1/period-closes', { period: '2026-04' }, { 'idempotency-key': 'close-2026-04-abc' })
      expect(keyed.status).toBe(400)
      expect(keyed.body.code).toBe('period_close_key_not_supported')
      expect((await branch.get('/api/v1/period-closes')).body.items.map((p: { period: string }) => p.period)).toEqual(['2026-03'])
    })

    it('lets only a user with loans.manage close, while anyone with loans.read sees the status', async () => {
      const teller = await as('teller')
      const refused = await teller.post('/api/v1/period-closes', { period: '2026-04' })
      expect(refused.status).toBe(403)
      expect(refused.body.code).toBe('forbidden')
      expect((await teller.get('/api/v1/period-closes')).status).toBe(200)
      const commune = await as('commune')
      expect((await commune.post('/api/v1/period-closes', { period: '2026-04' })).body.code).toBe('forbidden')
    })
  })
}

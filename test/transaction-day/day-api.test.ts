import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedIn, testApi, type Api } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { dayFixture, type DayFixture } from '../support/transaction-day.js'

for (const backend of BACKENDS) {
  describe(`${backend}: transaction day API`, () => {
    let app: TestApp
    let api: Api
    let f: DayFixture
    const as = (username: string) => signedIn(api, username)

    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      f = await dayFixture(app.db, 2, 2)
    })
    afterAll(() => app.dispose())

    it('opens the day, captures a group idempotently, shows the flag and the cash book, closes the day', async () => {
      const teller = await as('teller')
      const calendar = await teller.get(`/api/v1/transaction-points/${f.groups.pointId}/calendar?year=2026`)
      expect(calendar.body.items[1]).toMatchObject({ period: '2026-02', heldOn: '2026-02-15', status: 'planned' })
      expect((await teller.post(`/api/v1/transaction-days/${f.dayId}/open`, { openingCashDong: '10.000.000' })).status).toBe(200)
      const sheet = await teller.get(`/api/v1/transaction-days/${f.dayId}/sheet`)
      expect(sheet.status).toBe(200)
      const group = sheet.body.groups[0]
      const [a, b] = group.members
      const dueA = BigInt(a.loans[0].interestDueDong)
      const body = {
        groupId: group.groupId, remittedDong: String(dueA + 10_000n), collectedDong: String(dueA + 60_000n),
        lines: [
          { householdId: a.householdId, loanId: a.loans[0].loanId, interestDong: String(dueA), savingsDepositDong: '10000' },
          { householdId: b.householdId, loanId: b.loans[0].loanId, principalDong: '2.000.000' },
        ],
      }
      const path = `/api/v1/transaction-days/${f.dayId}/batches`
      expect((await teller.post(path, body)).body.code).toBe('idempotency_key_required')
      const bad = await teller.post(path, { ...body, remittedDong: '1' }, { 'idempotency-key': 'day-batch-bad-1' })
      expect(bad.status).toBe(422)
      expect(bad.body).toMatchObject({ code: 'remittance_breakdown_mismatch', message: { vi: expect.stringContaining('không khớp') } })
      const posted = await teller.post(path, body, { 'idempotency-key': 'day-batch-g1-feb' })
      expect(posted.status, JSON.stringify(posted.body)).toBe(201)
      expect(posted.body.flags).toEqual([{ id: expect.any(String), rule: 'leader_remittance_shortfall', amountDong: '50000' }])
      const again = await teller.post(path, body, { 'idempotency-key': 'day-batch-g1-feb' })
      expect(again.headers.get('idempotent-replayed')).toBe('true')
      expect(again.body.batchId).toBe(posted.body.batchId)
      expect((await teller.post(path, body, { 'idempotency-key': 'day-batch-g1-feb-2' })).body.code).toBe('day_batch_exists')

      const flags = await teller.get(`/api/v1/red-flags?transactionDayId=${f.dayId}`)
      expect(flags.body.items.map((x: { rule: string }) => x.rule)).toEqual(['leader_remittance_shortfall'])
      const batch = await teller.get(`/api/v1/day-batches/${posted.body.batchId}`)
      expect(batch.body.lines.map((l: { reconciliation: string }) => l.reconciliation)).toEqual(['ok', 'arrears'])

      const day = await teller.get(`/api/v1/transaction-days/${f.dayId}`)
      const book = day.body.cashBook
      expect(BigInt(book.inDong)).toBe(dueA + 10_000n + 2_000_000n)
      const wrong = await teller.post(`/api/v1/transaction-days/${f.dayId}/close`, { countedCashDong: '0' })
      expect(wrong.body.code).toBe('cash_book_unbalanced')
      const closed = await teller.post(`/api/v1/transaction-days/${f.dayId}/close`, { countedCashDong: book.closingDong })
      expect(closed.body.status).toBe('closed')
      const ledger = await (await as('branch')).get('/api/v1/ledger/verify')
      expect(ledger.body.ok).toBe(true)
    })

    it('exports the day as a sealed package and imports its captures with conflict detection', async () => {
      const teller = await as('teller')
      const march = await teller.post('/api/v1/transaction-days', { pointId: f.groups.pointId, period: '2026-03' })
      expect(march.status).toBe(201)
      await teller.post(`/api/v1/transaction-days/${march.body.id}/open`, { openingCashDong: '0' })
      const pkg = (await teller.get(`/api/v1/transaction-days/${march.body.id}/package`)).body
      expect(pkg).toMatchObject({ format: 'tdcs-day-package', version: 1, checksum: expect.stringMatching(/^[0-9a-f]{64}$/) })
      const [g1, g2] = pkg.groups
      const capture = (g: typeof g1) => ({ groupId: g.groupId, remittedDong: '5000', lines: [{ householdId: g.members[0].householdId, savingsDepositDong: '5000' }] })
      const tampered = { ...pkg, minDepositDong: '1', captures: [capture(g1)] }
      expect((await teller.post(`/api/v1/transaction-days/${march.body.id}/package`, tampered, { 'idempotency-key': 'pkg-tampered' })).body.code).toBe('day_package_invalid')
      // Meanwhile a loan of the second group moves: that group's capture is a conflict.
      const loanId = g2.members[0].loans[0].loanId
      await teller.post(`/api/v1/loans/${loanId}/repay`, { date: '2026-03-01', amountDong: '1000', cashUnitId: f.commune }, { 'idempotency-key': 'pkg-repay-meanwhile' })
      const moved = { ...capture(g2), remittedDong: '0', lines: [{ householdId: g2.members[0].householdId, loanId, principalDong: '100000' }] }
      const imported = await teller.post(`/api/v1/transaction-days/${march.body.id}/package`, { ...pkg, captures: [capture(g1), moved] }, { 'idempotency-key': 'pkg-import-1' })
      expect(imported.status, JSON.stringify(imported.body)).toBe(200)
      expect(imported.body.posted).toHaveLength(1)
      expect(imported.body.conflicts).toEqual([{ groupId: g2.groupId, reason: 'loan_moved', loanIds: [loanId] }])
    })

    it('keeps days out of another commune\'s reach', async () => {
      const org = await as('women')
      expect((await org.post(`/api/v1/transaction-days/${f.dayId}/open`, { openingCashDong: '0' })).body.code).toBe('forbidden')
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedIn, testApi, type Api } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

for (const backend of BACKENDS) {
  describe(`${backend}: plans API`, () => {
    let app: TestApp
    let api: Api
    let f: LendingFixture
    let office = 0

    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      f = await lendingFixture(app.db)
      office = (await app.db.selectFrom('units').select('id').where('kind', '=', 'transaction_office').executeTakeFirstOrThrow()).id
    })
    afterAll(() => app.dispose())

    it('records, revises and lists plan lines, audited, with no Idempotency-Key', async () => {
      const branch = await signedIn(api, 'branch')
      const basis = { decisionNumber: '15/QĐ-NHCS', legalBasis: 'Kế hoạch tín dụng 2026' }
      const created = await branch.post('/api/v1/plans/lines', { unitId: office, year: 2026, programCode: 'POOR', amountDong: '200.000.000', ...basis })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      const child = await branch.post('/api/v1/plans/lines', { unitId: f.commune, year: 2026, programCode: 'POOR', amountDong: '200000001', ...basis })
      expect([child.status, child.body.code]).toEqual([422, 'plan_children_exceed_parent'])
      expect((await branch.post('/api/v1/plans/lines', { unitId: office, year: 2026, programCode: 'POOR', amountDong: '-1', ...basis })).body.code).toBe('validation_failed')
      const revised = await branch.post(`/api/v1/plans/lines/${created.body.id}/revisions`, { amountDong: '150000000', validFrom: '2026-07-01', ...basis })
      expect(revised.status, JSON.stringify(revised.body)).toBe(201)
      const again = await branch.post(`/api/v1/plans/lines/${created.body.id}/revisions`, { amountDong: '1', validFrom: '2026-08-01', ...basis })
      expect([again.status, again.body.code]).toEqual([409, 'plan_line_not_latest'])
      const list = await branch.get('/api/v1/plans/lines?year=2026')
      expect(list.body.items.map((l: { amountDong: string; validFrom: string }) => [l.amountDong, l.validFrom])).toEqual([['150000000', '2026-07-01'], ['200000000', '2026-01-01']])
      expect((await branch.get('/api/v1/plans/lines?year=2026&latestOnly=true')).body.items).toHaveLength(1)
      const audit = await app.db.selectFrom('audit_log').select(['action', 'username']).where('action', 'like', 'plan.line.%').orderBy('id').execute()
      expect(audit).toEqual([{ action: 'plan.line.create', username: 'branch' }, { action: 'plan.line.revise', username: 'branch' }])
    })

    it('answers plan vs actual, its workbook and the room, and hides other scopes', async () => {
      await f.openLoan('poor', 'POOR', 30_000_000n, '2026-07-15', 12, 6)
      const branch = await signedIn(api, 'branch')
      const actual = await branch.get('/api/v1/plans/actual?year=2026&asOf=2026-07-31')
      expect(actual.status, JSON.stringify(actual.body)).toBe(200)
      expect(actual.body.lines.find((l: { unitId: number }) => l.unitId === office)).toMatchObject({ allocatedDong: '150000000', disbursedDong: '30000000', collectedDong: '0', outstandingDong: '30000000', roomDong: '120000000' })
      const xlsx = await branch.call('GET', '/api/v1/plans/actual.xlsx?year=2026&asOf=2026-07-31')
      expect(xlsx.status).toBe(200)
      const teller = await signedIn(api, 'teller')
      const room = await teller.get(`/api/v1/plans/room?communeUnitId=${f.commune}&programCode=POOR&date=2026-07-31&amountDong=200000000`)
      expect(room.body).toMatchObject({ roomDong: '120000000', exceeds: true, action: 'warn' })
      expect((await teller.get(`/api/v1/plans/actual?year=2026&asOf=2026-07-31&unitId=${office}`)).body.code).toBe('not_found')
      expect((await teller.post('/api/v1/plans/lines', { unitId: f.commune, year: 2026, programCode: 'POOR', amountDong: '1', decisionNumber: 'x', legalBasis: 'y' })).body.code).toBe('forbidden')
      const rule = await branch.post('/api/v1/plans/rules', { provinceCode: '20', validFrom: '2026-08-01', onExceed: 'block', legalBasis: 'Công văn 1234/NHCS-KHNV' })
      expect(rule.status, JSON.stringify(rule.body)).toBe(201)
      expect((await teller.get(`/api/v1/plans/room?communeUnitId=${f.commune}&programCode=POOR&date=2026-08-03&amountDong=200000000`)).body).toMatchObject({ action: 'block', exceeds: true, legalBasis: 'Công văn 1234/NHCS-KHNV' })
    })
  })
}

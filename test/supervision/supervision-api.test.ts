import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actor } from '../support/actors.js'
import { signedIn, testApi, type Client } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { cliDatabase, openCliApp, tdcs } from '../support/cli.js'
import { lendingFixture } from '../support/lending.js'
import { RULE_NAMES } from '../../src/domain/supervision/index.js'

for (const backend of BACKENDS) {
  describe(`${backend}: the supervision API`, () => {
    let app: TestApp
    let branch: Client
    let board: Client

    beforeAll(async () => {
      app = await openTestApp(backend)
      const f = await lendingFixture(app.db)
      await f.openLoan('poor', 'POOR', 10_000_000n, '2026-01-15', 24, 6)
      await actor(app.db, 'board', 'supervisor', f.commune)
      const api = testApi(app)
      branch = await signedIn(api, 'branch')
      board = await signedIn(api, 'board')
    })
    afterAll(async () => app?.dispose())

    it('lists the rules with their parameters and documentation, to a supervisor too', async () => {
      const reply = await board.get('/api/v1/supervision/rules?asOf=2026-06-30')
      expect(reply.status).toBe(200)
      expect(reply.body.items).toHaveLength(RULE_NAMES.length)
      expect(reply.body.items.find((r: { name: string }) => r.name === 'dormant_loan')).toMatchObject({ severity: 'medium', values: { months: '3' }, titleVi: expect.any(String), catchesEn: expect.any(String) })
    })

    it('runs a rule on demand, raising new flags once; refuses a supervisor, an unknown rule and a bad date', async () => {
      const first = await branch.post('/api/v1/supervision/flag-runs', { rules: ['dormant_loan'], asOf: '2026-06-30' })
      expect(first.status).toBe(201)
      expect(first.body.items).toEqual([expect.objectContaining({ rule: 'dormant_loan', candidates: 1, raised: 1 })])
      const second = await branch.post('/api/v1/supervision/flag-runs', { rules: ['dormant_loan'], asOf: '2026-06-30' })
      expect(second.body.items[0]).toMatchObject({ candidates: 1, raised: 0 })
      expect((await board.post('/api/v1/supervision/flag-runs', {})).body.code).toBe('forbidden')
      const unknown = await branch.post('/api/v1/supervision/flag-runs', { rules: ['nope'] })
      expect([unknown.status, unknown.body.code]).toEqual([404, 'flag_rule_unknown'])
      expect((await branch.post('/api/v1/supervision/flag-runs', { asOf: '30/06/2026' })).status).toBe(400)
      const runs = await branch.get('/api/v1/supervision/flag-runs')
      expect(runs.body.items).toHaveLength(2)
    })

    it('shows a flag\'s evidence to a supervisor and audits the read; a supervisor or an officer assigns it', async () => {
      const list = await board.get('/api/v1/red-flags?rule=dormant_loan')
      expect(list.status).toBe(200)
      const id = list.body.items[0].id as string
      const detail = await board.get(`/api/v1/red-flags/${id}`)
      expect(detail.status).toBe(200)
      expect(detail.body).toMatchObject({ rule: 'dormant_loan', evidence: { lastEventDate: '2026-01-15', outstandingDong: '10000000' }, amountDong: '10000000' })
      const audit = await app.db.selectFrom('audit_log').select(['username', 'action']).where('action', '=', 'red_flag.view').where('entity_id', '=', id).execute()
      expect(audit).toEqual([{ username: 'board', action: 'red_flag.view' }])
      expect((await board.get('/api/v1/red-flags/999999')).status).toBe(404)

      const teller = await app.db.selectFrom('users').select('id').where('username', '=', 'teller').executeTakeFirstOrThrow()
      const assigned = await branch.post(`/api/v1/red-flags/${id}/assign`, { assigneeId: teller.id })
      expect(assigned.status).toBe(200)
      expect(assigned.body).toMatchObject({ assigneeId: teller.id, assigneeName: 'teller' })
      // The supervisor may route a flag too (read-only for the portfolio); a teller may not.
      expect((await board.post(`/api/v1/red-flags/${id}/assign`, { assigneeId: teller.id })).status).toBe(200)
      const tellerClient = await signedIn(testApi(app), 'teller')
      expect((await tellerClient.post(`/api/v1/red-flags/${id}/assign`, { assigneeId: teller.id })).status).toBe(403)
    })

    it('shows the dashboard (open flags by unit and rule, median time to resolve) to a supervisor', async () => {
      const dash = await board.get('/api/v1/supervision/dashboard')
      expect(dash.status).toBe(200)
      expect(dash.body.openByUnitRule).toEqual([expect.objectContaining({ rule: 'dormant_loan', open: 1, unitName: 'Xã Cao Lộc' })])
      expect(dash.body.openTotal).toBe(1)
      // Resolving the flag (dismissed with a reason) moves it into the median.
      const [flag] = (await branch.get('/api/v1/red-flags?rule=dormant_loan')).body.items
      expect((await branch.post(`/api/v1/red-flags/${flag.id}/review`, { status: 'dismissed', resolution: 'Đã kiểm tra' })).status).toBe(200)
      const after = await board.get('/api/v1/supervision/dashboard')
      expect(after.body).toMatchObject({ openTotal: 0, resolution: [{ rule: 'dormant_loan', resolved: 1, medianDays: expect.any(Number) }] })
    })

    it('saves a new dated version of a rule\'s parameters with its legal basis, audited; refuses rewriting the past, bad values and a supervisor', async () => {
      const body = { validFrom: '2030-07-01', params: { months: '6' }, legalBasis: 'Công văn hướng dẫn (thử)' }
      const saved = await branch.post('/api/v1/supervision/rules/dormant_loan/versions', body)
      expect(saved.status, JSON.stringify(saved.body)).toBe(201)
      expect(saved.body).toMatchObject({ name: 'dormant_loan', values: { months: '6' }, validFrom: '2030-07-01', legalBasis: 'Công văn hướng dẫn (thử)' })
      const again = await branch.post('/api/v1/supervision/rules/dormant_loan/versions', { ...body, validFrom: '2030-06-01' })
      expect([again.status, again.body.code]).toEqual([409, 'flag_rule_version_not_after_latest'])
      const bad = await branch.post('/api/v1/supervision/rules/dormant_loan/versions', { ...body, validFrom: '2031-01-01', params: { months: '0' } })
      expect([bad.status, bad.body.code]).toEqual([400, 'flag_rule_params_invalid'])
      expect((await branch.post('/api/v1/supervision/rules/nope/versions', body)).status).toBe(404)
      expect((await board.post('/api/v1/supervision/rules/dormant_loan/versions', { ...body, validFrom: '2032-01-01' })).status).toBe(403)
      const audit = await app.db.selectFrom('audit_log').select(['username']).where('action', '=', 'flag_rule.version').execute()
      expect(audit).toEqual([{ username: 'branch' }])
    })
  })

  describe(`${backend}: tdcs flags run`, () => {
    let env: Record<string, string>
    let dispose: () => Promise<void>

    beforeAll(async () => {
      ;({ env, dispose } = await cliDatabase(backend, 'tdcs-flags-cli-'))
      const app = await openCliApp(env)
      try {
        const f = await lendingFixture(app.db)
        await f.openLoan('poor', 'POOR', 10_000_000n, '2026-01-15', 24, 6)
      } finally {
        await app.close()
      }
    })
    afterAll(() => dispose())

    it('runs one rule as of a date, raises the flag once, and refuses an unknown rule', async () => {
      const first = await tdcs(env, 'flags', 'run', '--rule', 'dormant_loan', '--as-of', '2026-06-30')
      expect(first.code, first.stderr).toBe(0)
      expect(first.stdout).toContain('candidates 1\tnew flags 1')
      const again = await tdcs(env, 'flags', 'run', '--all-rules', '--as-of', '2026-06-30', '--json')
      expect(again.code, again.stderr).toBe(0)
      const results = JSON.parse(again.stdout) as { rule: string; raised: string | number }[]
      expect(results).toHaveLength(RULE_NAMES.length)
      expect(results.find((r) => r.rule === 'dormant_loan')).toMatchObject({ raised: 0 })
      expect((await tdcs(env, 'flags', 'run', '--rule', 'nope')).code).toBe(1)
      expect((await tdcs(env, 'flags', 'run', '--as-of', '2026-13-01')).code).toBe(1)
    }, 300_000) // each `tdcs` starts Node and tsx: slow on a loaded machine
  })
}

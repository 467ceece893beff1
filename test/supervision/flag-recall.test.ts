import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runFlagRules } from '../../src/app/supervision/flag-runs.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { actor } from '../support/actors.js'
import { signedIn, testApi, type Client } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { cliDatabase, openCliApp, tdcs } from '../support/cli.js'
import { lendingFixture } from '../support/lending.js'

// A recall recorded from a confirmed flag is linked to it: the finding keeps the flag's id, the
// flag's page lists the recall and, once completed, the loan's recall date. Bad input gets names.
for (const backend of BACKENDS) {
  describe(`${backend}: a recall recorded from a flag`, () => {
    let app: TestApp
    let branch: Client
    let board: Client
    let loanId: string
    let otherLoanId: string
    let flagId: string
    let planId: number

    beforeAll(async () => {
      app = await openTestApp(backend)
      const f = await lendingFixture(app.db)
      loanId = (await f.openLoan('poor', 'POOR', 10_000_000n, '2026-01-15', 24, 6)).toString()
      otherLoanId = (await f.openLoan('poor', 'POOR', 5_000_000n, '2026-06-20', 24, 6)).toString()
      await actor(app.db, 'board', 'supervisor', f.commune)
      const [run] = await runFlagRules(app.db, f.ctx.branch(), { rules: ['dormant_loan'], asOf: '2026-06-30' as LocalDate })
      expect(run).toMatchObject({ raised: 1 })
      flagId = (await app.db.selectFrom('red_flags').select('id').where('rule', '=', 'dormant_loan').executeTakeFirstOrThrow()).id.toString()
      const api = testApi(app)
      branch = await signedIn(api, 'branch')
      board = await signedIn(api, 'board')
      const plan = await branch.post('/api/v1/inspections/plans', { unitId: f.commune, inspector: 'bank', inspectorName: 'PGD', title: 'Kiểm tra khoản vay không giao dịch', periodFrom: '2026-07-01', periodTo: '2026-07-31' })
      expect(plan.status, JSON.stringify(plan.body)).toBe(201)
      planId = plan.body.id
    })
    afterAll(async () => app?.dispose())

    const recall = (id: string, body: Record<string, unknown> = {}) =>
      branch.post(`/api/v1/red-flags/${id}/recall`, { planId, outcome: 'misused', foundOn: '2026-07-10', dueOn: '2026-07-31', ...body })

    it('refuses a recall from a flag that is not confirmed, and records nothing', async () => {
      const reply = await recall(flagId)
      expect([reply.status, reply.body.code]).toEqual([409, 'red_flag_not_confirmed'])
      expect(await app.db.selectFrom('inspection_findings').select('id').execute()).toEqual([])
    })

    it('refuses a recall from a flag that names no loan, a loan that is not the flag\'s, a finding that allows none, and a supervisor', async () => {
      const unit = await app.db.selectFrom('red_flags').select(['unit_id', 'scope_path', 'province_code']).where('id', '=', BigInt(flagId)).executeTakeFirstOrThrow()
      const officeFlag = await app.db.insertInto('red_flags').values({
        rule: 'approver_concentration', severity: 'medium', ...unit, subject_type: 'approver_unit', subject_id: '5/7', evidence: '{}', source_type: 'flag_rule', source_id: '0', status: 'confirmed',
      }).returning('id').executeTakeFirstOrThrow()
      const none = await recall(officeFlag.id.toString())
      expect([none.status, none.body.code]).toEqual([422, 'red_flag_without_loan'])

      expect((await branch.post(`/api/v1/red-flags/${flagId}/review`, { status: 'confirmed' })).status).toBe(200)
      const wrong = await recall(flagId, { loanId: otherLoanId })
      expect([wrong.status, wrong.body.code]).toEqual([422, 'red_flag_loan_not_linked'])
      const correct = await recall(flagId, { outcome: 'used_correctly' })
      expect([correct.status, correct.body.code]).toEqual([422, 'inspection_action_not_allowed'])
      expect((await board.post(`/api/v1/red-flags/${flagId}/recall`, { planId, outcome: 'misused', foundOn: '2026-07-10', dueOn: '2026-07-31' })).status).toBe(403)
      expect((await recall('999999')).status).toBe(404)
      expect((await recall(flagId, { dueOn: '31/07/2026' })).status).toBe(400)
      expect(await app.db.selectFrom('inspection_findings').select('id').execute()).toEqual([])
    })

    it('records the finding and the recall linked to the flag, refuses the same recall twice, and shows both on the flag', async () => {
      const reply = await recall(flagId)
      expect(reply.status, JSON.stringify(reply.body)).toBe(201)
      expect(reply.body).toMatchObject({ loanId, redFlagId: flagId, outcome: 'misused', planId, actions: [{ kind: 'recall', status: 'open', dueOn: '2026-07-31' }] })
      const audit = await app.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', flagId).where('action', '=', 'red_flag.recall').execute()
      expect(audit).toHaveLength(1)

      const twice = await recall(flagId)
      expect([twice.status, twice.body.code]).toEqual([409, 'red_flag_recall_exists'])
      expect(await app.db.selectFrom('inspection_findings').select('id').execute()).toHaveLength(1)

      const seen = await board.get(`/api/v1/red-flags/${flagId}`)
      expect(seen.status).toBe(200)
      expect(seen.body.loans).toEqual([expect.objectContaining({ id: loanId, status: 'active' })])
      expect(seen.body.followUps).toEqual([expect.objectContaining({ loanId, redFlagId: flagId, recalledOn: null, actions: [expect.objectContaining({ kind: 'recall', status: 'open' })] })])

      const actionId = reply.body.actions[0].id as string
      const done = await branch.post(`/api/v1/inspections/actions/${actionId}/complete`, { completedOn: '2026-07-20' })
      expect(done.status, JSON.stringify(done.body)).toBe(200)
      const after = await board.get(`/api/v1/red-flags/${flagId}`)
      expect(after.body.followUps).toEqual([expect.objectContaining({ recalledOn: '2026-07-20', actions: [expect.objectContaining({ status: 'completed', completedOn: '2026-07-20' })] })])
    })
  })

  describe(`${backend}: tdcs flags show and tdcs flags recall`, () => {
    let env: Record<string, string>
    let dispose: () => Promise<void>
    let flagId = ''
    let planId = 0

    beforeAll(async () => {
      ;({ env, dispose } = await cliDatabase(backend, 'tdcs-flags-recall-cli-'))
      const app = await openCliApp(env)
      try {
        const f = await lendingFixture(app.db)
        await f.openLoan('poor', 'POOR', 10_000_000n, '2026-01-15', 24, 6)
        await runFlagRules(app.db, f.ctx.branch(), { rules: ['dormant_loan'], asOf: '2026-06-30' as LocalDate })
        flagId = (await app.db.selectFrom('red_flags').select('id').executeTakeFirstOrThrow()).id.toString()
        planId = (await app.db.insertInto('inspection_plans').values({ province_code: '20', unit_id: f.commune, inspector: 'bank', inspector_name: 'PGD', title: 'Kiểm tra', period_from: '2026-07-01', period_to: '2026-07-31' })
          .returning('id').executeTakeFirstOrThrow()).id
      } finally {
        await app.close()
      }
    })
    afterAll(() => dispose())

    it('refuses a recall from an unconfirmed flag by name, records one once confirmed, and shows it with the flag', async () => {
      const args = ['flags', 'recall', '--id', flagId, '--plan', String(planId), '--outcome', 'misused', '--found-on', '2026-07-10', '--due-on', '2026-07-31']
      const refused = await tdcs(env, ...args)
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain('red_flag_not_confirmed')
      const app = await openCliApp(env)
      try {
        await app.db.updateTable('red_flags').set({ status: 'confirmed' }).where('id', '=', BigInt(flagId)).execute()
      } finally {
        await app.close()
      }
      const recorded = await tdcs(env, ...args)
      expect(recorded.code, recorded.stderr).toBe(0)
      expect(recorded.stdout).toContain(`flag #${flagId}`)
      const shown = await tdcs(env, 'flags', 'show', '--id', flagId, '--json')
      expect(shown.code, shown.stderr).toBe(0)
      expect(JSON.parse(shown.stdout)).toMatchObject({ id: flagId, status: 'confirmed', followUps: [{ redFlagId: flagId, actions: [{ kind: 'recall', status: 'open' }] }] })
      expect((await tdcs(env, 'flags', 'show', '--id', 'x')).code).toBe(1)
    }, 300_000) // each `tdcs` starts Node and tsx: slow on a loaded machine
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runLoanEvent } from '../../src/app/loans/loan-events.js'
import { assignRedFlag, getRedFlag } from '../../src/app/supervision/flag-detail.js'
import { listFlagRules, runFlagRules } from '../../src/app/supervision/flag-runs.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { RULE_NAMES, type RuleName } from '../../src/domain/supervision/index.js'
import { actor } from '../support/actors.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

const AS_OF = '2026-06-30' as LocalDate
const d = (s: string) => s as LocalDate

for (const backend of BACKENDS) {
  describe(`${backend}: the red-flag rules`, () => {
    let app: TestApp
    let f: LendingFixture
    const loans: bigint[] = []
    const households: bigint[] = []
    const applications: bigint[] = []
    let otherGroup: bigint
    let communePath: string

    const run = (rule: RuleName, asOf = AS_OF) => runFlagRules(app.db, f.ctx.branch(), { rules: [rule], asOf })
    const subjects = async (rule: RuleName) =>
      (await app.db.selectFrom('red_flags').select('subject_id').where('rule', '=', rule).orderBy('subject_id').execute()).map((r) => r.subject_id).sort()
    const flagOf = (rule: RuleName, subjectId: bigint) =>
      app.db.selectFrom('red_flags').selectAll().where('rule', '=', rule).where('subject_id', '=', subjectId.toString()).executeTakeFirstOrThrow()
    const ids = (...xs: bigint[]) => xs.map(String).sort()

    beforeAll(async () => {
      app = await openTestApp(backend)
      f = await lendingFixture(app.db)
      // Eight poor-household loans of 10.000.000 ₫, each to its own new household.
      const dates = ['2026-01-15', '2026-05-15', '2026-01-15', '2026-01-15', '2026-05-15', '2026-05-15', '2026-05-15', '2026-05-15']
      for (const date of dates) {
        const id = await f.openLoan('poor', 'POOR', 10_000_000n, date, 24, 6)
        const row = await app.db.selectFrom('loans').select(['household_id', 'application_id']).where('id', '=', id).executeTakeFirstOrThrow()
        loans.push(id)
        households.push(row.household_id)
        applications.push(row.application_id!)
      }
      otherGroup = await f.groups.newGroup('Tổ TK&VV thôn Khòn Pát')
      communePath = (await app.db.selectFrom('units').select('path').where('id', '=', f.commune).executeTakeFirstOrThrow()).path
    })
    afterAll(async () => app?.dispose())

    it('flags an approval decided by the officer who took the application, or by a namesake of a household member, and no other', async () => {
      // Loan 0: the commune officer who submitted the application also decided it.
      const app0 = await app.db.selectFrom('loan_applications').select('submitted_by').where('id', '=', applications[0]!).executeTakeFirstOrThrow()
      await app.db.updateTable('loan_applications').set({ decided_by: app0.submitted_by }).where('id', '=', applications[0]!).execute()
      // Loan 2: the approver ('approver') shares the name of the borrowing household's head.
      const head = await app.db.selectFrom('households').select('head_person_id').where('id', '=', households[2]!).executeTakeFirstOrThrow()
      await app.db.updateTable('persons').set({ full_name: 'approver' }).where('id', '=', head.head_person_id!).execute()

      const [result] = await run('approver_is_maker')
      expect(result).toMatchObject({ rule: 'approver_is_maker', candidates: 2, raised: 2 })
      expect(await subjects('approver_is_maker')).toEqual(ids(applications[0]!, applications[2]!))
      expect((await flagOf('approver_is_maker', applications[0]!)).evidence).toMatchObject({ makerSteps: ['submitted', 'commune_confirmed'], householdMembersNamedLikeDecider: [] })
      expect((await flagOf('approver_is_maker', applications[2]!)).evidence).toMatchObject({ makerSteps: [], householdMembersNamedLikeDecider: [{ fullName: 'approver', relation: 'head' }] })
      expect((await flagOf('approver_is_maker', applications[0]!)).severity).toBe('high')
    })

    it('flags frozen loans whose freeze decision ended, not those still within it', async () => {
      await runLoanEvent(app.db, f.ctx.branch(), loans[2]!, { type: 'freeze', date: d('2026-02-01'), decisionNumber: 'QĐ 1/2026', to: d('2026-04-30'), freezePrincipal: true })
      await runLoanEvent(app.db, f.ctx.branch(), loans[3]!, { type: 'freeze', date: d('2026-02-01'), decisionNumber: 'QĐ 2/2026', to: d('2026-12-31'), freezePrincipal: true })
      const [result] = await run('frozen_past_expiry')
      expect(result).toMatchObject({ candidates: 1, raised: 1 })
      expect(await subjects('frozen_past_expiry')).toEqual(ids(loans[2]!))
      expect((await flagOf('frozen_past_expiry', loans[2]!)).evidence).toMatchObject({ frozenTo: '2026-04-30', daysPastExpiry: 61 })
    })

    it('flags outstanding loans with no event for three months, not recent ones nor frozen ones', async () => {
      // Loans 0 (disbursed 15/01) is dormant on 30/06; loans 2 and 3 are frozen; the rest moved in May.
      // The month-end close moves every open loan's last_event_date (its accrual): that is not a
      // transaction, and loan 0 must stay dormant after it.
      await app.db.updateTable('loans').set({ last_event_date: '2026-05-31' }).where('id', '=', loans[0]!).execute()
      const [result] = await run('dormant_loan')
      expect(result).toMatchObject({ candidates: 1, raised: 1, params: { months: 3n } })
      expect(await subjects('dormant_loan')).toEqual(ids(loans[0]!))
      expect((await flagOf('dormant_loan', loans[0]!)).evidence).toMatchObject({ lastEventDate: '2026-01-15', outstandingDong: '10000000' })
      // With the cut-off six months back nothing is dormant yet (15/01 is after 30/12/2025).
      await app.db.insertInto('flag_rules').values({ rule: 'dormant_loan', valid_from: '2026-06-15', severity: 'medium', params: JSON.stringify({ months: '6' }), legal_basis: 'test' }).execute()
      const [later] = await run('dormant_loan')
      expect(later).toMatchObject({ candidates: 0, raised: 0, params: { months: 6n } })
      await app.db.deleteFrom('flag_rules').where('rule', '=', 'dormant_loan').where('valid_from', '=', '2026-06-15').execute()
    })

    it('flags a household holding loans its programs forbid together, then one over the combined limit once the limit is lowered', async () => {
      // Loan 7 moves to loan 6's household and becomes a difficult-areas loan, whose terms forbid an outstanding poor-household loan.
      const difficult = await app.db.selectFrom('program_terms').select('id').where('program_code', '=', 'DIFFICULT_AREAS').orderBy('valid_from', 'desc').executeTakeFirstOrThrow()
      await app.db.updateTable('loans').set({ household_id: households[6]!, program_code: 'DIFFICULT_AREAS', terms_id: difficult.id }).where('id', '=', loans[7]!).execute()
      // Loan 5 moves to loan 4's household: two poor-household loans, 20.000.000 ₫ together.
      await app.db.updateTable('loans').set({ household_id: households[4]! }).where('id', '=', loans[5]!).execute()

      const [first] = await run('cross_program_exposure')
      expect(first).toMatchObject({ candidates: 1, raised: 1 })
      expect(await subjects('cross_program_exposure')).toEqual(ids(households[6]!))
      expect((await flagOf('cross_program_exposure', households[6]!)).evidence).toMatchObject({
        overLimit: false, combinedOutstandingDong: '20000000', forbiddenPairs: [{ loanId: loans[7]!.toString(), programCode: 'DIFFICULT_AREAS', forbidsProgram: 'POOR' }],
      })

      // A new parameter version (dated data) lowers the limit to 15.000.000 ₫: household 4 is over it; household 6 is already flagged.
      await app.db.insertInto('flag_rules').values({ rule: 'cross_program_exposure', valid_from: '2026-06-01', severity: 'high', params: JSON.stringify({ maxCombinedDong: '15000000' }), legal_basis: 'test' }).execute()
      const [second] = await run('cross_program_exposure')
      expect(second).toMatchObject({ candidates: 2, raised: 1 })
      expect(await subjects('cross_program_exposure')).toEqual(ids(households[4]!, households[6]!))
      expect((await flagOf('cross_program_exposure', households[4]!)).evidence).toMatchObject({ overLimit: true, forbiddenPairs: [] })
      // Single-loan households stay silent.
      expect(await subjects('cross_program_exposure')).not.toContain(households[1]!.toString())
    })

    it('flags a group with leader shortfalls in two months of the last twelve, not one with a single month, an old one or a dismissed one', async () => {
      const shortfall = (groupId: bigint, raisedAt: string, status: 'open' | 'dismissed' = 'open') => ({
        rule: 'leader_remittance_shortfall', severity: 'high' as const, province_code: '20', unit_id: f.commune, scope_path: communePath, subject_type: 'savings_group',
        subject_id: groupId.toString(), amount_dong: 50_000n, evidence: JSON.stringify({ test: true }), status, resolution: status === 'dismissed' ? 'Nhầm' : null, raised_at: new Date(raisedAt),
      })
      await app.db.insertInto('red_flags').values([
        shortfall(f.groupId, '2026-03-15T03:00:00Z'), shortfall(f.groupId, '2026-05-15T03:00:00Z'),
        shortfall(otherGroup, '2026-04-15T03:00:00Z'), shortfall(otherGroup, '2025-05-15T03:00:00Z'), shortfall(otherGroup, '2026-02-15T03:00:00Z', 'dismissed'),
      ]).execute()
      const [result] = await run('repeated_leader_shortfalls')
      expect(result).toMatchObject({ candidates: 1, raised: 1 })
      expect(await subjects('repeated_leader_shortfalls')).toEqual(ids(f.groupId))
      const flag = await flagOf('repeated_leader_shortfalls', f.groupId)
      expect(flag.amount_dong).toBe(100_000n)
      expect(flag.evidence).toMatchObject({ months: 2, from: '2025-07', to: '2026-06' })
    })

    it('raises nothing new on a second run of every rule, and records every run', async () => {
      const before = await app.db.selectFrom('red_flags').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
      const five = ['approver_is_maker', 'dormant_loan', 'frozen_past_expiry', 'cross_program_exposure', 'repeated_leader_shortfalls']
      const results = await runFlagRules(app.db, f.ctx.branch(), { rules: five, asOf: AS_OF })
      expect(results.map((r) => r.rule)).toEqual(five)
      expect(results.every((r) => r.raised === 0 && r.candidates > 0)).toBe(true)
      const after = await app.db.selectFrom('red_flags').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
      expect(Number(after.n)).toBe(Number(before.n))
      const runs = await app.db.selectFrom('flag_runs').selectAll().where('id', 'in', results.map((r) => r.runId)).execute()
      expect(runs).toHaveLength(5)
      const audit = await app.db.selectFrom('audit_log').select('action').where('action', '=', 'flag_rule.run').execute()
      expect(audit.length).toBeGreaterThanOrEqual(runs.length)
    })

    it('raises a flag again once the previous one was closed and the condition still holds', async () => {
      const flag = await flagOf('dormant_loan', loans[0]!)
      await app.db.updateTable('red_flags').set({ status: 'confirmed' }).where('id', '=', flag.id).execute()
      const [result] = await run('dormant_loan')
      expect(result).toMatchObject({ candidates: 1, raised: 1 })
    })

    it('refuses an unknown rule, and a run by a role without supervision.run', async () => {
      await expect(runFlagRules(app.db, f.ctx.branch(), { rules: ['no_such_rule'] })).rejects.toMatchObject({ code: 'flag_rule_unknown' })
      await expect(runFlagRules(app.db, f.ctx.teller(), { asOf: AS_OF })).rejects.toMatchObject({ code: 'forbidden' })
    })

    it('runs only within the actor\'s scope', async () => {
      const province = await app.db.selectFrom('units').select('id').where('code', '=', '20').executeTakeFirstOrThrow()
      const elsewhere = await app.db.insertInto('units').values({ parent_id: 1, kind: 'province', code: '99', name: 'Chi nhánh khác', path: '', province_code: '99' }).returning('id').executeTakeFirstOrThrow()
      await app.db.updateTable('units').set({ path: `/1/${elsewhere.id}/` }).where('id', '=', elsewhere.id).execute()
      const outsider = await actor(app.db, 'outsider', 'branch_officer', elsewhere.id)
      await app.db.updateTable('red_flags').set({ status: 'confirmed' }).where('rule', '=', 'approver_is_maker').execute()
      const [result] = await runFlagRules(app.db, outsider(), { rules: ['approver_is_maker'], asOf: AS_OF })
      expect(result).toMatchObject({ candidates: 0, raised: 0 })
      expect(province.id).toBeGreaterThan(0)
    })

    it('lists every rule with its parameters in force and documentation', async () => {
      const rules = await listFlagRules(app.db, f.ctx.branch(), AS_OF)
      expect(rules.map((r) => r.name)).toEqual([...RULE_NAMES])
      expect(rules.find((r) => r.name === 'cross_program_exposure')).toMatchObject({ values: { maxCombinedDong: 15_000_000n }, validFrom: '2026-06-01' })
      expect(rules.find((r) => r.name === 'dormant_loan')).toMatchObject({ values: { months: 3n }, severity: 'medium', legalBasis: expect.stringContaining('40') })
    })

    it('audits a supervisor\'s reading of a flag\'s evidence, and lets a supervisor or an officer assign it to someone who can see it', async () => {
      const supervisor = await actor(app.db, 'board', 'supervisor', f.commune)
      const flag = await flagOf('repeated_leader_shortfalls', f.groupId)
      const seen = await getRedFlag(app.db, supervisor(), flag.id)
      expect(seen).toMatchObject({ rule: 'repeated_leader_shortfalls', evidence: { months: 2 } })
      const audit = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'red_flag.view').where('entity_id', '=', flag.id.toString()).execute()
      expect(audit).toHaveLength(1)
      expect(audit[0]).toMatchObject({ username: 'board', role: 'supervisor' })
      // A supervisor may route the flag (assignment changes nothing in the portfolio); a teller may not.
      const approverUser = await app.db.selectFrom('users').select('id').where('username', '=', 'approver').executeTakeFirstOrThrow()
      expect(await assignRedFlag(app.db, supervisor(), flag.id, approverUser.id)).toMatchObject({ assigneeName: 'approver' })
      await expect(assignRedFlag(app.db, f.ctx.teller(), flag.id, approverUser.id)).rejects.toMatchObject({ code: 'forbidden' })

      const teller = await app.db.selectFrom('users').select('id').where('username', '=', 'teller').executeTakeFirstOrThrow()
      const assigned = await assignRedFlag(app.db, f.ctx.branch(), flag.id, teller.id)
      expect(assigned).toMatchObject({ assigneeId: teller.id, assigneeName: 'teller' })
      const outsider = await app.db.selectFrom('users').select('id').where('username', '=', 'outsider').executeTakeFirstOrThrow()
      await expect(assignRedFlag(app.db, f.ctx.branch(), flag.id, outsider.id)).rejects.toMatchObject({ code: 'red_flag_assignee_invalid' })
      await expect(getRedFlag(app.db, supervisor(), 999_999n)).rejects.toMatchObject({ code: 'not_found' })
    })
  })
}

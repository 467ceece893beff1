import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runFlagRules } from '../../src/app/supervision/flag-runs.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import type { RuleName } from '../../src/domain/supervision/index.js'
import { fixtureUnit } from '../support/actors.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

// Rules 1, 3, 5b, 7 and 8 of issue 9 (migration 0022). Each test builds, in the test, a dataset
// the rule must flag and a near miss it must leave alone, and runs the rule over both.
const AS_OF = '2026-06-30' as LocalDate

for (const backend of BACKENDS) {
  describe(`${backend}: the red-flag rules of migration 0022`, () => {
    let app: TestApp
    let f: LendingFixture
    const loans: bigint[] = []
    const households: bigint[] = []
    const applications: bigint[] = []

    const run = (rule: RuleName, asOf = AS_OF) => runFlagRules(app.db, f.ctx.branch(), { rules: [rule], asOf })
    const subjects = async (rule: RuleName) =>
      (await app.db.selectFrom('red_flags').select('subject_id').where('rule', '=', rule).execute()).map((r) => r.subject_id).sort()
    const flagOf = (rule: RuleName, subjectId: bigint | string) =>
      app.db.selectFrom('red_flags').selectAll().where('rule', '=', rule).where('subject_id', '=', subjectId.toString()).executeTakeFirstOrThrow()
    const ids = (...xs: (bigint | string)[]) => xs.map(String).sort()
    const newVersion = (rule: RuleName, params: Record<string, string>, validFrom = '2026-06-01') =>
      app.db.insertInto('flag_rules').values({ rule, valid_from: validFrom, severity: 'medium', params: JSON.stringify(params), legal_basis: 'test' }).execute()
    const person = async (name: string, citizenId: string | null, birthDate: string | null = null) =>
      (await app.db.insertInto('persons').values({ province_code: '20', full_name: name, name_search: name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').toLowerCase(), citizen_id: citizenId, birth_date: birthDate }).returning('id').executeTakeFirstOrThrow()).id
    const member = (householdId: bigint, personId: bigint, leftOn: string | null = null) =>
      app.db.insertInto('household_members').values({ household_id: householdId, person_id: personId, relation: 'child', joined_on: '2015-01-01', left_on: leftOn }).execute()
    const household = async (code: string) =>
      (await app.db.insertInto('households').values({ code, province_code: '20', commune_unit_id: f.commune, residence_type: 'rural', formed_on: '2010-01-01' }).returning('id').executeTakeFirstOrThrow()).id

    beforeAll(async () => {
      app = await openTestApp(backend)
      f = await lendingFixture(app.db)
      // Eight poor-household loans of 10.000.000 ₫: six disbursed on 15/05/2026, two on 15/06/2026.
      for (const date of ['2026-05-15', '2026-05-15', '2026-05-15', '2026-05-15', '2026-05-15', '2026-05-15', '2026-06-15', '2026-06-15']) {
        const id = await f.openLoan('poor', 'POOR', 10_000_000n, date, 24, 6)
        const row = await app.db.selectFrom('loans').select(['household_id', 'application_id']).where('id', '=', id).executeTakeFirstOrThrow()
        loans.push(id)
        households.push(row.household_id)
        applications.push(row.application_id!)
      }
    })
    afterAll(async () => app?.dispose())

    it('rule 1: flags one citizen id in two current households and a person in two borrowing households, not a past member of a household without loans', async () => {
      // Fires: one man registered twice (a second record without his CCCD), a current member of two households.
      const a = await person('Lò Văn Sáng', '020090001111', '1980-03-02')
      await member(await household('HH-DUP-1'), a)
      await member(await household('HH-DUP-2'), await person('Lò Văn Sáng', null, '1980-03-02'))
      // Fires: one person, a current member of borrowing household 0, earlier a member of borrowing household 1.
      const c = await person('Hoàng Thị Mai', '020090002222')
      await member(households[0]!, c)
      await member(households[1]!, c, '2024-01-01')
      // Near miss: a current member of borrowing household 2 who left a household that owes nothing.
      const d = await person('Vi Văn Tư', '020090003333')
      await member(households[2]!, d)
      await member(await household('HH-QUIET'), d, '2023-01-01')
      // Near miss: namesakes born the same day with two different CCCDs, in two households.
      await member(await household('HH-NAME-1'), await person('Nông Văn Ba', '020090004444', '1990-01-01'))
      await member(await household('HH-NAME-2'), await person('Nông Văn Ba', '020090005555', '1990-01-01'))

      const [result] = await run('duplicate_citizen_id')
      expect(result).toMatchObject({ rule: 'duplicate_citizen_id', candidates: 2, raised: 2, params: { minHouseholds: 2n } })
      expect(await subjects('duplicate_citizen_id')).toEqual(ids(a, c))
      expect((await flagOf('duplicate_citizen_id', a)).evidence).toMatchObject({ currentHouseholds: 2, borrowingHouseholds: 0 })
      const borrowing = await flagOf('duplicate_citizen_id', c)
      expect(borrowing.evidence).toMatchObject({ currentHouseholds: 1, borrowingHouseholds: 2 })
      expect(borrowing.amount_dong).toBe(20_000_000n)
    })

    it('rule 3: flags a loan whose household was not poor on the application date, or whose class decision postdates the approval; not a poor household decided before', async () => {
      // Fires: household 3's class on the application date was 'not poor'.
      await app.db.updateTable('household_classes').set({ class: 'not_poor' }).where('household_id', '=', households[3]!).execute()
      // Fires: household 4 was poor, but by a decision signed on 10/06/2026, after the approval of 01/06/2026.
      await app.db.updateTable('household_classes').set({ decision_date: '2026-06-10' }).where('household_id', '=', households[4]!).execute()
      // Near miss: household 5's decision is signed on the day of the approval.
      await app.db.updateTable('household_classes').set({ decision_date: '2026-06-01' }).where('household_id', '=', households[5]!).execute()

      const [result] = await run('borrower_not_on_list')
      expect(result).toMatchObject({ candidates: 2, raised: 2 })
      expect(await subjects('borrower_not_on_list')).toEqual(ids(applications[3]!, applications[4]!))
      expect((await flagOf('borrower_not_on_list', applications[3]!)).evidence).toMatchObject({ householdClass: 'not_poor', requiredClasses: ['poor'], problems: ['not_in_required_class'] })
      expect((await flagOf('borrower_not_on_list', applications[4]!)).evidence).toMatchObject({ householdClass: 'poor', approvedOn: '2026-06-01', classDecisionDate: '2026-06-10', problems: ['class_decided_after_approval'] })
      // With ten days of grace the late decision is tolerated: nothing new to raise after closing the flags.
      await app.db.updateTable('red_flags').set({ status: 'dismissed', resolution: 'test' }).where('rule', '=', 'borrower_not_on_list').execute()
      await newVersion('borrower_not_on_list', { decisionGraceDays: '10' })
      const [graced] = await run('borrower_not_on_list')
      expect(graced).toMatchObject({ candidates: 1, raised: 1 })
    })

    it('rule 5b: flags an officer deciding most of an office\'s approvals, not below the minimum count nor an even split', async () => {
      // All eight loans were approved by 'approver' on 01/06/2026; the default minimum is ten approvals.
      expect((await run('approver_concentration'))[0]).toMatchObject({ candidates: 0 })
      await newVersion('approver_concentration', { sharePercent: '60', minCount: '8', months: '3' })
      // Near miss: four of eight decided by another officer — 50 % each.
      const appraiser = await app.db.selectFrom('users').select('id').where('username', '=', 'appraiser').executeTakeFirstOrThrow()
      const approver = await app.db.selectFrom('users').select('id').where('username', '=', 'approver').executeTakeFirstOrThrow()
      await app.db.updateTable('loan_applications').set({ decided_by: appraiser.id }).where('id', 'in', applications.slice(0, 4)).execute()
      expect((await run('approver_concentration'))[0]).toMatchObject({ candidates: 0 })
      // Fires: five of eight (62,5 %) by 'approver'.
      await app.db.updateTable('loan_applications').set({ decided_by: approver.id }).where('id', '=', applications[0]!).execute()
      const [result] = await run('approver_concentration')
      expect(result).toMatchObject({ candidates: 1, raised: 1 })
      const office = await app.db.selectFrom('units').select('parent_id').where('id', '=', f.commune).executeTakeFirstOrThrow()
      const flag = await flagOf('approver_concentration', `${office.parent_id}/${approver.id}`)
      expect(flag.evidence).toMatchObject({ approvals: 5, officeApprovals: 8, sharePercent: 62.5, deciderUsername: 'approver', from: '2026-03-31', to: '2026-06-30' })
      expect(flag.unit_id).toBe(office.parent_id)
    })

    it('rule 7: flags a loan with no 06/TD check within thirty days of its disbursement, not a checked one nor one not yet due', async () => {
      const check = (loanId: bigint, on: string) =>
        app.db.insertInto('use_of_funds_checks').values({ loan_id: loanId, province_code: '20', unit_id: f.commune, checked_on: on, result: 'used_correctly' }).execute()
      await check(loans[1]!, '2026-06-01') // in time: silent
      await check(loans[2]!, '2026-06-25') // 41 days after: fires
      // Loans 0, 3, 4, 5 have no check and were disbursed on 15/05 (fire); 6 and 7 on 15/06 are not due yet.
      const [result] = await run('no_use_of_funds_check')
      expect(result).toMatchObject({ candidates: 5, raised: 5 })
      expect(await subjects('no_use_of_funds_check')).toEqual(ids(loans[0]!, loans[2]!, loans[3]!, loans[4]!, loans[5]!))
      expect((await flagOf('no_use_of_funds_check', loans[2]!)).evidence).toMatchObject({ disbursedOn: '2026-05-15', checkDueBy: '2026-06-14', lastCheckOn: '2026-06-25' })
    })

    it('rule 8: flags a loan booked in another commune than its household\'s, a village outside the commune, a commune missing from the registry; not a matching address', async () => {
      const office = await app.db.selectFrom('units').select('parent_id').where('id', '=', f.commune).executeTakeFirstOrThrow()
      const other = await fixtureUnit(app.db, office.parent_id!, 'commune', '06199', 'Xã Khác', { adminCode: '06199' })
      const otherVillage = await fixtureUnit(app.db, other, 'village', 'T-9', 'Thôn Khác')
      const ownVillage = await fixtureUnit(app.db, f.commune, 'village', 'T-1', 'Thôn Nà Cạn')
      // The registry knows commune 06100 only.
      await app.db.insertInto('admin_units').values({ layer: 'current', level: 'commune', code: '06100', name: 'Cao Lộc', full_name: 'Xã Cao Lộc', unit_type: 'xa', area_type: 'rural', parent_code: '20', province_code: '20', valid_from: '2025-07-01', valid_to: null }).execute()
      // Fires: loan 0 booked in the other commune.
      await app.db.updateTable('loans').set({ commune_unit_id: other }).where('id', '=', loans[0]!).execute()
      // Fires: household 1 lives in a village of the other commune.
      await app.db.updateTable('households').set({ village_unit_id: otherVillage }).where('id', '=', households[1]!).execute()
      // Fires: loan 2 and its household and application moved together to the other commune, which the registry does not know.
      await app.db.updateTable('loans').set({ commune_unit_id: other }).where('id', '=', loans[2]!).execute()
      await app.db.updateTable('households').set({ commune_unit_id: other }).where('id', '=', households[2]!).execute()
      await app.db.updateTable('loan_applications').set({ commune_unit_id: other }).where('id', '=', applications[2]!).execute()
      // Near miss: household 3 in a village of its own commune.
      await app.db.updateTable('households').set({ village_unit_id: ownVillage }).where('id', '=', households[3]!).execute()

      const [result] = await run('address_mismatch')
      expect(result).toMatchObject({ candidates: 3, raised: 3 })
      expect(await subjects('address_mismatch')).toEqual(ids(loans[0]!, loans[1]!, loans[2]!))
      expect((await flagOf('address_mismatch', loans[0]!)).evidence).toMatchObject({ problems: ['loan_commune_differs'], loanCommune: 'Xã Khác', householdCommune: 'Xã Cao Lộc' })
      expect((await flagOf('address_mismatch', loans[1]!)).evidence).toMatchObject({ problems: ['village_not_in_commune'], village: 'Thôn Khác' })
      expect((await flagOf('address_mismatch', loans[2]!)).evidence).toMatchObject({ problems: ['commune_not_in_registry'], communeCode: '06199' })
    })
  })
}

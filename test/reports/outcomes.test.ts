// The Directive 40 outcomes report on a hand-built book spanning 2014–2024 in a province whose
// communes were merged (Xã Hợp Thành's loans keep its commune unit; the province's subtree covers
// it), plus the fund statement and plan vs actual as standard reports and the named bad inputs.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestContext } from '../../src/app/context.js'
import { runReport } from '../../src/app/reports/run-report.js'
import { accountKey } from '../../src/domain/ledger/index.js'
import type { ReportResult } from '../../src/domain/reports/index.js'
import type { Executor } from '../../src/app/context.js'
import { actor, fixtureUnit } from '../support/actors.js'
import { signedIn, testApi, type Api } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingUnits } from '../support/lending.js'
import { codeOf } from '../support/violations.js'

const M = 1_000_000n
const table = (r: ReportResult, key: string) => r.tables.find((t) => t.key === key)!

/** A household of the registry with its class history ([class, effective date] in order). */
async function household(db: Executor, commune: number, code: string, formedOn: string, classes: [string, string][], endedOn: string | null = null): Promise<bigint> {
  const { id } = await db.insertInto('households').values({ code, province_code: '20', commune_unit_id: commune, residence_type: 'rural', formed_on: formedOn, ended_on: endedOn, status: endedOn ? 'dissolved' : 'active' }).returning('id').executeTakeFirstOrThrow()
  const standard = await db.selectFrom('poverty_standards').select('id').orderBy('valid_from').executeTakeFirstOrThrow()
  for (const [cls, from] of classes) {
    await db.insertInto('household_classes').values({ household_id: id, province_code: '20', class: cls as 'poor', standard_id: standard.id, effective_from: from, decision_number: `QĐ ${code} ${from}`, decision_date: from }).execute()
  }
  return id
}

/**
 * A loan taken over from the bank's history (before this system): the loan row, its disbursement
 * entry (principal Dr, lending fund Cr) and optionally a repayment entry, balanced.
 */
async function historicalLoan(db: Executor, h: bigint, commune: number, program: string, amount: bigint, date: string, repaid?: { date: string; amount: bigint }): Promise<void> {
  const terms = await db.selectFrom('program_terms').select('id').where('program_code', '=', program).orderBy('valid_from').executeTakeFirstOrThrow()
  const outstanding = amount - (repaid?.amount ?? 0n)
  const { id } = await db.insertInto('loans').values({
    province_code: '20', household_id: h, commune_unit_id: commune, program_code: program, terms_id: terms.id, capital_source_code: 'CENTRAL', contract_date: date, monthly_day: 15,
    status: 'active', approved_dong: amount, disbursed_dong: amount, principal_in_term_dong: outstanding, accrued_until: date, last_event_date: repaid?.date ?? date,
  }).returning('id').executeTakeFirstOrThrow()
  const principal = accountKey({ kind: 'loan_principal', program, capitalSource: 'CENTRAL', status: 'in_term' })
  const fund = accountKey({ kind: 'lending_fund', capitalSource: 'CENTRAL' })
  await sql`insert into ledger_accounts (key, kind, type, program_code, capital_source_code, status) values
      (${principal}, 'loan_principal', 'asset', ${program}, 'CENTRAL', 'in_term'), (${fund}, 'lending_fund', 'equity', null, 'CENTRAL', null)
      on conflict (key) do nothing`.execute(db)
  const entry = async (kind: string, on: string, dong: bigint) => {
    const e = await db.insertInto('journal_entries').values({ province_code: '20', kind, entry_date: on, posted_at: new Date(), loan_id: id, description: `lịch sử ${kind}` }).returning('id').executeTakeFirstOrThrow()
    await sql`insert into postings (entry_id, account_id, loan_id, amount_dong, province_code, entry_date)
      select ${e.id}, a.id, ${id}, case when a.key = ${principal} then ${dong}::bigint else ${-dong}::bigint end, '20', ${on}::date
      from ledger_accounts a where a.key in (${principal}, ${fund})`.execute(db)
  }
  await entry('loan.disbursement', date, amount)
  if (repaid) await entry('loan.repayment', repaid.date, -repaid.amount)
}

for (const backend of BACKENDS) {
  describe(`${backend}: outcomes report over 2014–2024, with merged communes`, () => {
    let app: TestApp
    let api: Api
    let branch: (now?: Date) => RequestContext
    let communeCtx: (now?: Date) => RequestContext
    let caoLoc = 0
    let province = 0

    // Cao Lộc (A) and Hợp Thành (B, merged into Cao Lộc on 01/07/2025; its loans and households keep its unit):
    //  H1 (A) poor 20/12/2014 → not poor 25/12/2017; POOR 30 M on 10/03/2015, 10 M repaid 10/03/2016; POOR 15 M on 01/02/2025 (after the period).
    //  H2 (A) poor → near poor 20/12/2018, never borrowed (not an exit after borrowing); dissolved 30/06/2021.
    //  H3 (B) poor → not poor 20/12/2019; STUDENT 20 M on 05/09/2016, HOUSING_POOR 40 M on 02/04/2018.
    //  H4 (B) not poor; CLEAN_WATER 10 M on 05/05/2020, JOB_CREATION 50 M on 03/03/2021.
    //  H5 (A) poor → not poor 10/01/2023, then OVERSEAS_WORKERS 100 M on 01/06/2023 (left poverty before borrowing).
    //  H6 (A) formed 01/01/2019, poor from 20/12/2019; EM_HOUSING 25 M on 02/02/2022.
    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      const units = await lendingUnits(app.db)
      caoLoc = units.commune
      branch = units.ctx.branch
      communeCtx = units.ctx.commune
      const office = (await app.db.selectFrom('units').select('parent_id').where('id', '=', caoLoc).executeTakeFirstOrThrow()).parent_id!
      province = (await app.db.selectFrom('units').select('parent_id').where('id', '=', office).executeTakeFirstOrThrow()).parent_id!
      const hopThanh = await fixtureUnit(app.db, office, 'commune', '06103', 'Xã Hợp Thành (cũ)', { adminCode: '06103' })
      const db = app.db
      const h1 = await household(db, caoLoc, 'H1', '2010-01-01', [['poor', '2014-12-20'], ['not_poor', '2017-12-25']])
      await household(db, caoLoc, 'H2', '2010-01-01', [['poor', '2014-12-20'], ['near_poor', '2018-12-20']], '2021-06-30')
      const h3 = await household(db, hopThanh, 'H3', '2010-01-01', [['poor', '2014-12-20'], ['not_poor', '2019-12-20']])
      const h4 = await household(db, hopThanh, 'H4', '2010-01-01', [['not_poor', '2014-12-20']])
      const h5 = await household(db, caoLoc, 'H5', '2010-01-01', [['poor', '2014-12-20'], ['not_poor', '2023-01-10']])
      const h6 = await household(db, caoLoc, 'H6', '2019-01-01', [['poor', '2019-12-20']])
      await historicalLoan(db, h1, caoLoc, 'POOR', 30n * M, '2015-03-10', { date: '2016-03-10', amount: 10n * M })
      await historicalLoan(db, h1, caoLoc, 'POOR', 15n * M, '2025-02-01')
      await historicalLoan(db, h3, hopThanh, 'STUDENT', 20n * M, '2016-09-05')
      await historicalLoan(db, h3, hopThanh, 'HOUSING_POOR', 40n * M, '2018-04-02')
      await historicalLoan(db, h4, hopThanh, 'CLEAN_WATER', 10n * M, '2020-05-05')
      await historicalLoan(db, h4, hopThanh, 'JOB_CREATION', 50n * M, '2021-03-03')
      await historicalLoan(db, h5, caoLoc, 'OVERSEAS_WORKERS', 100n * M, '2023-06-01')
      await historicalLoan(db, h6, caoLoc, 'EM_HOUSING', 25n * M, '2022-02-02')
      await actor(db, 'board', 'supervisor', province)
    })
    afterAll(() => app.dispose())

    it('the province over 2014–2024: turnover, borrower-turns, distinct borrowers, exits after borrowing', async () => {
      const r = await runReport(app.db, branch(), 'outcomes', { unitId: province, from: '2014-01-01', to: '2024-12-31' })
      expect(table(r, 'outcomes_summary').rows).toEqual([{ key: String(province), label: 'Chi nhánh Lạng Sơn', disbursed: 275n * M, collected: 10n * M, loans: 7, borrowers: 5, poverty_exits: 2 }])
    })

    it('counts each outcome by the program catalogue', async () => {
      const r = await runReport(app.db, branch(), 'outcomes', { unitId: province, from: '2014-01-01', to: '2024-12-31' })
      const byOutcome = Object.fromEntries(table(r, 'outcomes').rows.map((x) => [x['key'], [x['loans'], x['borrowers']]]))
      expect(byOutcome).toEqual({ students: [1, 1], jobs: [1, 1], overseas_workers: [1, 1], clean_water: [1, 1], houses: [2, 2] })
      expect(table(r, 'outcomes').rows.find((x) => x['key'] === 'houses')!['programs']).toBe('EM_HOUSING, HOUSING_POOR, SOCIAL_HOUSING')
    })

    it('gives the poverty rate at each year\'s end', async () => {
      const r = await runReport(app.db, branch(), 'outcomes', { unitId: province, from: '2014-01-01', to: '2024-12-31' })
      const years = table(r, 'poverty_rate').rows.map((x) => [x['key'], x['households'], x['poor'], x['poverty_rate'], x['exits']])
      expect(years).toEqual([
        ['2014', 5, 4, 8000, 0], ['2015', 5, 4, 8000, 0], ['2016', 5, 4, 8000, 0], ['2017', 5, 3, 6000, 1], ['2018', 5, 2, 4000, 0],
        ['2019', 6, 2, 3333, 1], ['2020', 6, 2, 3333, 0], ['2021', 5, 2, 4000, 0], ['2022', 5, 2, 4000, 0], ['2023', 5, 1, 2000, 0], ['2024', 5, 1, 2000, 0],
      ])
    })

    it('one commune sees only its own loans and households; another commune\'s unit is not found', async () => {
      const r = await runReport(app.db, communeCtx(), 'outcomes', { from: '2014-01-01', to: '2024-12-31' })
      expect(table(r, 'outcomes_summary').rows[0]).toMatchObject({ disbursed: 155n * M, collected: 10n * M, loans: 3, borrowers: 3, poverty_exits: 1 })
      expect(table(r, 'poverty_rate').rows.at(-1)).toMatchObject({ key: '2024', households: 3, poor: 1 })
      const other = await app.db.selectFrom('units').select('id').where('code', '=', '06103').executeTakeFirstOrThrow()
      expect(await codeOf(runReport(app.db, communeCtx(), 'outcomes', { unitId: other.id, from: '2014-01-01', to: '2024-12-31' }))).toBe('not_found')
    })

    it('names bad input for the new reports', async () => {
      const ctx = branch()
      expect(await codeOf(runReport(app.db, ctx, 'outcomes', { from: '2024-01-01', to: '2023-12-31' }))).toBe('report_period_invalid')
      expect(await codeOf(runReport(app.db, ctx, 'outcomes', { from: '2010-01-01', to: '2014-12-31' }))).toBe('report_date_before_data')
      expect(await codeOf(runReport(app.db, ctx, 'fund-statement', { from: '2024-03-01', to: '2024-02-01' }))).toBe('report_period_invalid')
      expect(await codeOf(runReport(app.db, ctx, 'fund-statement', { from: '2001-01-01', to: '2001-12-31' }))).toBe('report_date_before_data')
      expect(await codeOf(runReport(app.db, ctx, 'plan-vs-actual', { date: '2001-12-31' }))).toBe('report_date_before_data')
      expect(await codeOf(runReport(app.db, ctx, 'plan-vs-actual', { year: 'abcd' }))).toBe('validation_failed')
      expect(await codeOf(runReport(app.db, communeCtx(), 'fund-statement', { unitId: province }))).toBe('not_found')
      expect(await codeOf(runReport(app.db, ctx, 'outcome', {}))).toBe('report_unknown')
    })

    it('fund statement and plan vs actual come as standard reports with JSON, Excel and PDF over the API', async () => {
      const fund = await runReport(app.db, branch(), 'fund-statement', { unitId: province, from: '2015-01-01', to: '2024-12-31' })
      const balance = table(fund, 'fund_balance').rows
      expect(balance.map((x) => x['key'])).toEqual(['opening', 'closing'])
      // Central capital was never received here, so the fund is short by what was lent: 275 M lent, 10 M repaid.
      expect(balance[1]).toMatchObject({ outstanding: 265n * M, balance: -265n * M })
      expect(table(fund, 'fund_movements').totals).toMatchObject({ in: 10n * M, out: 275n * M })
      const plan = await runReport(app.db, branch(), 'plan-vs-actual', { unitId: province, year: '2024', date: '2024-12-31' })
      expect(plan.params).toMatchObject({ year: 2024, from: '2024-01-01', to: '2024-12-31', date: '2024-12-31' })
      expect(plan.tables.map((t) => t.key)).toEqual(['plan_lines', 'plan_targets'])

      const board = await signedIn(api, 'board')
      const json = await board.get('/api/v1/reports/outcomes?from=2014-01-01&to=2024-12-31')
      expect(json.status, JSON.stringify(json.body)).toBe(200)
      expect(json.body.tables[0].rows[0]).toMatchObject({ disbursed: '275000000', loans: 7 })
      for (const path of ['/api/v1/reports/outcomes.xlsx?from=2014-01-01&to=2024-12-31', '/api/v1/reports/fund-statement.pdf?from=2015-01-01&to=2024-12-31', '/api/v1/reports/plan-vs-actual.xlsx?year=2024&date=2024-12-31']) {
        const res = await api.request(path, { headers: { cookie: board.cookie } })
        expect({ path, status: res.status }).toEqual({ path, status: 200 })
      }
      expect((await board.get('/api/v1/reports/outcomes?from=2024-01-01&to=2023-01-01')).body.code).toBe('report_period_invalid')
    })

    it('which program counts for which outcome is data: a catalogue row changes the count', async () => {
      await sql`insert into report_outcome_programs (outcome, program_code, valid_from, legal_basis) values ('houses', 'POOR', '2016-01-01', 'thử nghiệm')`.execute(app.db)
      const r = await runReport(app.db, branch(), 'outcomes', { unitId: province, from: '2014-01-01', to: '2025-12-31' })
      // H1's POOR loan of 2015 predates the row; the one of 01/02/2025 counts.
      expect(table(r, 'outcomes').rows.find((x) => x['key'] === 'houses')).toMatchObject({ loans: 3, borrowers: 3 })
    })
  })
}

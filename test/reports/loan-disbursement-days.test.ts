// The disbursement days the outcomes report reads (migration 0023) are maintained by triggers:
// after a mix of operations — disbursements through the use-case (one loan in two tranches), bulk
// inserts of entries in one statement (several loans, a back-dated day, a repeated day, entries of
// other kinds), a loan inserted by SQL, a bulk correction of loans' keys — the table equals the
// days derived from the raw journal. And a report over a former (merged) commune still counts its
// loans, exactly as the journal-derived queries the table replaced would.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Executor } from '../../src/app/context.js'
import { runLoanEvent } from '../../src/app/loans/loan-events.js'
import { runReport } from '../../src/app/reports/run-report.js'
import type { ReportResult } from '../../src/domain/reports/index.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { fixtureHousehold, fixtureUnit } from '../support/actors.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

const M = 1_000_000n
const d = (s: string) => s as LocalDate
const table = (r: ReportResult, key: string) => r.tables.find((t) => t.key === key)!

/** The table's rows and the same rows derived from the raw journal (the definition in migration 0023). */
async function tableAndJournal(db: Executor) {
  const columns = sql`loan_id, disbursed_on, province_code, household_id, commune_unit_id, program_code, previous_disbursed_on`
  const maintained = await sql`select ${columns} from loan_disbursement_days order by loan_id, disbursed_on`.execute(db)
  const derived = await sql`
    select ${columns} from (
      select e.loan_id, e.entry_date as disbursed_on, l.province_code, l.household_id, l.commune_unit_id, l.program_code,
        lag(e.entry_date) over (partition by e.loan_id order by e.entry_date) as previous_disbursed_on
      from (select distinct loan_id, entry_date from journal_entries where kind = 'loan.disbursement') e join loans l on l.id = e.loan_id) x
    order by loan_id, disbursed_on`.execute(db)
  return { maintained: maintained.rows, derived: derived.rows }
}

/**
 * The other tables of migration 0023 and what they maintain: the day counts (a count over the
 * days), the registry counts (a count over households) and the class spans (the classes with
 * their households' commune and dates and the neighbouring classes). Zero counts are dropped.
 */
async function maintainedAndDerived(db: Executor) {
  const q = async (maintained: ReturnType<typeof sql>, derived: ReturnType<typeof sql>) =>
    ({ maintained: (await maintained.execute(db)).rows, derived: (await derived.execute(db)).rows })
  const dayKeys = sql`commune_unit_id, program_code, disbursed_on, previous_disbursed_on, household_previous_on, household_several_communes`
  return {
    dayCounts: await q(
      sql`select ${dayKeys}, loans from loan_disbursement_day_counts where loans <> 0 order by 1, 2, 3, 4 nulls first, 5 nulls first, 6`,
      sql`select ${dayKeys}, count(*) as loans from loan_disbursement_days group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4 nulls first, 5 nulls first, 6`),
    registry: await q(
      sql`select commune_unit_id, formed_year, ended_year, households from household_registry_counts where households <> 0 order by 1, 2, 3 nulls first`,
      sql`select commune_unit_id, extract(year from formed_on)::int as formed_year, extract(year from ended_on)::int as ended_year, count(*) as households
          from households group by 1, 2, 3 order by 1, 2, 3 nulls first`),
    spans: await q(
      sql`select household_id, effective_from, province_code, commune_unit_id, class, previous_class, next_from, formed_on, ended_on from household_class_spans order by 1, 2`,
      sql`select hc.household_id, hc.effective_from, hc.province_code, h.commune_unit_id, hc.class,
            lag(hc.class) over w as previous_class, lead(hc.effective_from) over w as next_from, h.formed_on, h.ended_on
          from household_classes hc join households h on h.id = hc.household_id
          window w as (partition by hc.household_id order by hc.effective_from) order by 1, 2`),
  }
}

function expectMaintained(m: Awaited<ReturnType<typeof maintainedAndDerived>>) {
  for (const [name, { maintained, derived }] of Object.entries(m)) {
    expect({ name, rows: maintained }).toEqual({ name, rows: derived })
    expect({ name, empty: maintained.length === 0 }).toEqual({ name, empty: false })
  }
}

/** A loan row written by SQL (as a takeover or a bulk import would), nothing disbursed. */
async function sqlLoan(db: Executor, household: bigint, commune: number, program: string, date: string): Promise<bigint> {
  const terms = await db.selectFrom('program_terms').select('id').where('program_code', '=', program).orderBy('valid_from').executeTakeFirstOrThrow()
  const { id } = await db.insertInto('loans').values({
    province_code: '20', household_id: household, commune_unit_id: commune, program_code: program, terms_id: terms.id, capital_source_code: 'CENTRAL', contract_date: date,
    monthly_day: 15, status: 'active', approved_dong: 20n * M, disbursed_dong: 20n * M, principal_in_term_dong: 20n * M, accrued_until: date, last_event_date: date,
  }).returning('id').executeTakeFirstOrThrow()
  return id
}

/** Journal entries (kind, loan, date) in one statement, without postings: the days follow the entries alone. */
async function entries(db: Executor, rows: [string, bigint, string][]): Promise<void> {
  await sql`insert into journal_entries (province_code, kind, entry_date, posted_at, loan_id, description)
    select '20', r.kind, r.entry_date, now(), r.loan_id, 'bulk'
    from jsonb_to_recordset(${JSON.stringify(rows.map(([kind, loan, date]) => ({ kind, loan_id: loan.toString(), entry_date: date })))}::jsonb)
      as r(kind text, loan_id bigint, entry_date date)`.execute(db)
}

/**
 * The counts the outcomes report gave before migration 0023, straight from journal_entries and
 * loans: loans with a disbursement in the period, their households, and per outcome the loans (by
 * their first disbursement in the period) and households.
 */
async function journalCounts(db: Executor, path: string, from: string, to: string) {
  const scope = sql`e.kind = 'loan.disbursement' and e.entry_date between ${from}::date and ${to}::date and u.path like ${path + '%'}`
  const summary = await sql<{ loans: bigint; borrowers: bigint }>`
    select count(distinct l.id) as loans, count(distinct l.household_id) as borrowers
    from journal_entries e join loans l on l.id = e.loan_id join units u on u.id = l.commune_unit_id where ${scope}`.execute(db)
  const outcomes = await sql<{ outcome: string; loans: bigint; borrowers: bigint }>`
    with d as (
      select distinct on (e.loan_id) e.loan_id, e.entry_date, l.household_id, l.program_code
      from journal_entries e join loans l on l.id = e.loan_id join units u on u.id = l.commune_unit_id where ${scope}
      order by e.loan_id, e.entry_date)
    select m.outcome, count(distinct d.loan_id) as loans, count(distinct d.household_id) as borrowers
    from report_outcome_programs m left join d on d.program_code = m.program_code and d.entry_date >= m.valid_from and (m.valid_to is null or d.entry_date <= m.valid_to)
    group by m.outcome order by m.outcome`.execute(db)
  return {
    loans: Number(summary.rows[0]!.loans), borrowers: Number(summary.rows[0]!.borrowers),
    outcomes: Object.fromEntries(outcomes.rows.map((o) => [o.outcome, [Number(o.loans), Number(o.borrowers)]])),
  }
}

function reportCounts(r: ReportResult) {
  const s = table(r, 'outcomes_summary').rows[0]!
  return { loans: s['loans'], borrowers: s['borrowers'], outcomes: Object.fromEntries(table(r, 'outcomes').rows.map((o) => [o['key'], [o['loans'], o['borrowers']]])) }
}

for (const backend of BACKENDS) {
  describe(`${backend}: the maintained disbursement days of the outcomes report`, () => {
    let app: TestApp
    let f: LendingFixture
    let province = 0
    let former = 0
    let formerPath = ''
    let tranches = 0n
    let bulkA = 0n
    let bulkB = 0n

    beforeAll(async () => {
      app = await openTestApp(backend)
      const db = app.db
      f = await lendingFixture(db)
      const office = (await db.selectFrom('units').select('parent_id').where('id', '=', f.commune).executeTakeFirstOrThrow()).parent_id!
      province = (await db.selectFrom('units').select('parent_id').where('id', '=', office).executeTakeFirstOrThrow()).parent_id!
      // Xã Hợp Thành (cũ): a commune merged into Cao Lộc; its loans keep its unit.
      former = await fixtureUnit(db, office, 'commune', '06103', 'Xã Hợp Thành (cũ)', { adminCode: '06103' })
      formerPath = (await db.selectFrom('units').select('path').where('id', '=', former).executeTakeFirstOrThrow()).path

      // Through the use-cases: one loan disbursed at once, one in two tranches.
      await f.openLoan('poor', 'POOR', 30n * M, '2024-03-15', 24, 6)
      tranches = await f.approveLoan('poor', 'HOUSING_POOR', 20n * M, '2024-04-15', 36, 6)
      await runLoanEvent(db, f.ctx.teller(), tranches, { type: 'disburse', date: d('2024-04-15'), amountDong: 12n * M, cashUnit: f.commune })
      await runLoanEvent(db, f.ctx.teller(), tranches, { type: 'disburse', date: d('2024-05-15'), amountDong: 8n * M, cashUnit: f.commune })

      // By SQL in the former commune: two loans, their entries in one statement each time.
      const h1 = await fixtureHousehold(db, former, 'HT-1', 'poor', '2014-12-20')
      const h2 = await fixtureHousehold(db, former, 'HT-2', 'not_poor', '2014-12-20')
      bulkA = await sqlLoan(db, h1, former, 'STUDENT', '2016-09-05')
      bulkB = await sqlLoan(db, h2, former, 'JOB_CREATION', '2018-03-03')
      await entries(db, [
        ['loan.disbursement', bulkA, '2016-09-05'], ['loan.disbursement', bulkA, '2017-09-05'], ['loan.disbursement', bulkA, '2017-09-05'],
        ['loan.repayment', bulkA, '2018-01-10'], ['loan.disbursement', bulkB, '2018-03-03'], ['loan.interest_accrual', bulkB, '2018-03-31'],
      ])
      // A back-dated day between two days already there moves the later day's previous day.
      await entries(db, [['loan.disbursement', bulkA, '2017-01-05'], ['loan.disbursement', bulkB, '2019-03-03']])
      // H1 left poverty after borrowing.
      const standard = await db.selectFrom('poverty_standards').select('id').orderBy('valid_from').executeTakeFirstOrThrow()
      await db.insertInto('household_classes').values({ household_id: h1, province_code: '20', class: 'not_poor', standard_id: standard.id, effective_from: '2019-12-20', decision_number: 'QĐ HT-1', decision_date: '2019-12-20' }).execute()
    })
    afterAll(() => app.dispose())

    it('equals the days derived from the journal after use-cases, bulk inserts and back-dated days', async () => {
      const { maintained, derived } = await tableAndJournal(app.db)
      expect(maintained).toEqual(derived)
      const days = (loan: bigint) => maintained.filter((r) => (r as { loan_id: bigint }).loan_id === loan).map((r) => [(r as { disbursed_on: string }).disbursed_on, (r as { previous_disbursed_on: string | null }).previous_disbursed_on])
      expect(days(tranches)).toEqual([['2024-04-15', null], ['2024-05-15', '2024-04-15']])
      expect(days(bulkA)).toEqual([['2016-09-05', null], ['2017-01-05', '2016-09-05'], ['2017-09-05', '2017-01-05']])
      expect(days(bulkB)).toEqual([['2018-03-03', null], ['2019-03-03', '2018-03-03']])
      expect(maintained).toHaveLength(8)
      expectMaintained(await maintainedAndDerived(app.db))
    })

    it('keeps the registry counts and class spans through a back-dated class, a move and a dissolution', async () => {
      const db = app.db
      const standard = await db.selectFrom('poverty_standards').select('id').orderBy('valid_from').executeTakeFirstOrThrow()
      const h = await fixtureHousehold(db, f.commune, 'MOVE-1', 'not_poor', '2021-12-20')
      await db.insertInto('household_classes').values([
        { household_id: h, province_code: '20', class: 'poor', standard_id: standard.id, effective_from: '2016-12-20', decision_number: 'QĐ M1', decision_date: '2016-12-20' },
        { household_id: h, province_code: '20', class: 'near_poor', standard_id: standard.id, effective_from: '2023-12-20', decision_number: 'QĐ M2', decision_date: '2023-12-20' },
      ]).execute()
      expectMaintained(await maintainedAndDerived(db))
      await db.updateTable('households').set({ commune_unit_id: former }).where('id', '=', h).execute()
      expectMaintained(await maintainedAndDerived(db))
      await db.updateTable('households').set({ status: 'dissolved', ended_on: '2024-06-30' }).where('id', '=', h).execute()
      const m = await maintainedAndDerived(db)
      expectMaintained(m)
      expect(m.spans.maintained.filter((r) => (r as { household_id: bigint }).household_id === h).map((r) => [(r as { class: string }).class, (r as { next_from: string | null }).next_from, (r as { commune_unit_id: number }).commune_unit_id, (r as { ended_on: string | null }).ended_on]))
        .toEqual([['poor', '2021-12-20', former, '2024-06-30'], ['not_poor', '2023-12-20', former, '2024-06-30'], ['near_poor', null, former, '2024-06-30']])
    })

    it('follows a bulk correction of loans\' program and commune', async () => {
      const program = (loan: bigint, rows: unknown[]) => rows.filter((r) => (r as { loan_id: bigint }).loan_id === loan).map((r) => (r as { program_code: string }).program_code)
      await sql`update loans set program_code = 'HOUSING_POOR' where id = ${bulkB}`.execute(app.db)
      await sql`update loans set commune_unit_id = ${former} where id = ${tranches}`.execute(app.db)
      const moved = await tableAndJournal(app.db)
      expect(moved.maintained).toEqual(moved.derived)
      expectMaintained(await maintainedAndDerived(app.db))
      expect(program(bulkB, moved.maintained)).toEqual(['HOUSING_POOR', 'HOUSING_POOR'])
      await sql`update loans set program_code = 'JOB_CREATION' where id = ${bulkB}`.execute(app.db)
      await sql`update loans set commune_unit_id = ${f.commune} where id = ${tranches}`.execute(app.db)
      const back = await tableAndJournal(app.db)
      expect(back.maintained).toEqual(back.derived)
      expectMaintained(await maintainedAndDerived(app.db))
      expect(program(bulkB, back.maintained)).toEqual(['JOB_CREATION', 'JOB_CREATION'])
    })

    it('a report over the former commune counts its loans and exits, as the journal-derived counts do', async () => {
      const r = await runReport(app.db, f.ctx.branch(), 'outcomes', { unitId: former, from: '2016-01-01', to: '2024-12-31' })
      expect(reportCounts(r)).toEqual(await journalCounts(app.db, formerPath, '2016-01-01', '2024-12-31'))
      expect(table(r, 'outcomes_summary').rows[0]).toMatchObject({ loans: 2, borrowers: 2, poverty_exits: 1 })
      expect(reportCounts(r).outcomes).toMatchObject({ students: [1, 1], jobs: [1, 1] })
      // A period starting after a loan's first day counts it once, by its first day in the period.
      const later = await runReport(app.db, f.ctx.branch(), 'outcomes', { unitId: former, from: '2017-01-01', to: '2024-12-31' })
      expect(reportCounts(later)).toEqual(await journalCounts(app.db, formerPath, '2017-01-01', '2024-12-31'))
      expect(reportCounts(later)).toMatchObject({ loans: 2, borrowers: 2 })
    })

    it('the province and its communes give the journal-derived counts over several periods', async () => {
      const provincePath = (await app.db.selectFrom('units').select('path').where('id', '=', province).executeTakeFirstOrThrow()).path
      const communePath = (await app.db.selectFrom('units').select('path').where('id', '=', f.commune).executeTakeFirstOrThrow()).path
      for (const [unitId, path] of [[province, provincePath], [f.commune, communePath], [former, formerPath]] as const) {
        for (const [from, to] of [['2016-01-01', '2025-12-31'], ['2017-02-01', '2018-12-31'], ['2024-05-01', '2024-12-31'], ['2024-04-15', '2024-04-15']] as const) {
          const r = await runReport(app.db, f.ctx.branch(), 'outcomes', { unitId, from, to })
          expect({ unitId, from, to, ...reportCounts(r) }).toEqual({ unitId, from, to, ...(await journalCounts(app.db, path, from, to)) })
        }
      }
      const whole = await runReport(app.db, f.ctx.branch(), 'outcomes', { unitId: province, from: '2016-01-01', to: '2024-12-31' })
      expect(table(whole, 'outcomes_summary').rows[0]).toMatchObject({ loans: 4, borrowers: 4 })
    })
  })
}

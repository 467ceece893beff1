// The demo seed at its test size: deterministic for a seed (counts and ledger totals), the ledger
// verifies, the portfolio report adds up to the loans' balances, the poverty rate falls as lending
// works, and a database that already has data is refused.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyLedger } from '../../src/app/ledger.js'
import { systemContext } from '../../src/app/open-app.js'
import { runReport } from '../../src/app/reports/run-report.js'
import { seedDemo, type DemoSeedReport } from '../../src/jobs/demo-seed.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'

const SEED = 7

async function counts(app: TestApp) {
  const { rows } = await sql<Record<string, bigint>>`
    select (select count(*) from households) as households, (select count(*) from loans) as loans, (select count(*) from journal_entries) as entries,
      (select count(*) from postings) as postings, (select count(*) from loan_snapshots) as snapshots, (select count(*) from savings_movements) as savings,
      (select count(*) from household_classes) as classes, (select count(*) from use_of_funds_checks) as funds_checks, (select count(*) from savings_groups) as groups, (select count(*) from transaction_points) as points`.execute(app.db)
  return rows[0]!
}

/** Every index of the schema, as its definition: the seed drops secondary ones for its bulk load and must create them all again. */
const indexDefinitions = async (app: TestApp) =>
  (await sql<{ d: string }>`select indexdef as d from pg_indexes where schemaname = current_schema() order by indexdef`.execute(app.db)).rows.map((r) => r.d)

const outstandingOfLoans = async (app: TestApp) =>
  (await sql<{ total: bigint }>`select coalesce(sum(principal_in_term_dong + principal_overdue_dong + principal_frozen_dong), 0)::bigint as total from loans`.execute(app.db)).rows[0]!.total

for (const backend of BACKENDS) {
  describe(`${backend}: the demo seed (tiny scale)`, () => {
    let first: TestApp
    let report: DemoSeedReport
    let indexesBefore: string[]

    beforeAll(async () => {
      first = await openTestApp(backend)
      indexesBefore = await indexDefinitions(first)
      report = await seedDemo(first.db, { scale: 'tiny', seed: SEED })
    }, 600_000)
    afterAll(() => first.dispose())

    it('leaves every index it dropped for the bulk load in place again, the same definitions', async () => {
      const after = await indexDefinitions(first)
      expect(after).toEqual(indexesBefore)
      expect(after.some((d) => d.includes('postings_account_idx'))).toBe(true)
    })

    it('records every repayment as a loan event beside its journal entry, as the use-cases do', async () => {
      const { rows } = await sql<{ events: bigint; entries: bigint }>`
        select (select count(*) from loan_events where type = 'repay') as events,
               (select count(*) from journal_entries where kind = 'loan.repayment') as entries`.execute(first.db)
      expect(rows[0]!.events).toBeGreaterThan(0n)
      expect(rows[0]!.events).toBe(rows[0]!.entries)
    })

    it('builds a province with communes, groups, households, loans of several programs and the last month closed', async () => {
      const c = await counts(first)
      expect(report.communes).toBe(2)
      expect(Number(c.households)).toBe(report.households)
      expect(Number(c.loans)).toBe(report.loans)
      expect(report.loans).toBeGreaterThan(20)
      expect(Number(c.groups)).toBeGreaterThan(0)
      expect(Number(c.savings)).toBeGreaterThan(0)
      // Most loans have their organisation's 06/TD check, a few have none.
      expect(Number(c.funds_checks)).toBeGreaterThan(report.loans * 0.85)
      expect(Number(c.funds_checks)).toBeLessThan(report.loans)
      const programs = await first.db.selectFrom('loans').select('program_code').distinct().execute()
      expect(programs.length).toBeGreaterThanOrEqual(3)
      const close = await first.db.selectFrom('period_closes').select(['period', 'status']).where('period', '=', report.closedPeriod).executeTakeFirstOrThrow()
      expect(close.status).toBe('done')
      // Snapshots for the last 13 months and more: what the dashboards and month-end reports read.
      const periods = await first.db.selectFrom('loan_snapshots').select('period').distinct().execute()
      expect(periods.length).toBeGreaterThanOrEqual(13)
      expect(report.users.map((u) => u.role)).toEqual(expect.arrayContaining(['admin', 'branch_officer', 'office_officer', 'teller', 'org_officer', 'group_leader', 'commune_officer', 'supervisor']))
    })

    it('passes the ledger verification: every entry balances and every cached balance equals its postings', async () => {
      const v = await verifyLedger(first.db)
      expect(v.differences).toEqual([])
      expect(v.ok).toBe(true)
    })

    it('is deterministic: the same seed gives the same counts and the same trial balance', async () => {
      const second = await openTestApp(backend)
      try {
        const again = await seedDemo(second.db, { scale: 'tiny', seed: SEED })
        expect(again.loans).toBe(report.loans)
        expect(again.journalEntries).toBe(report.journalEntries)
        expect(again.povertyRateByYear).toEqual(report.povertyRateByYear)
        expect(await counts(second)).toEqual(await counts(first))
        const balances = async (app: TestApp) => (await verifyLedger(app.db)).trialBalance.map((l) => [l.code, l.kind, l.balanceDong])
        expect(await balances(second)).toEqual(await balances(first))
      } finally {
        await second.dispose()
      }
    }, 600_000)

    it('the portfolio report adds up to the sum of the loans\u2019 balances, today and at the closed month-end', async () => {
      const ctx = systemContext('demo-test', new Date('2026-01-15T03:00:00Z'))
      const today = await runReport(first.db, ctx, 'portfolio', {})
      const total = await outstandingOfLoans(first)
      expect(total).toBeGreaterThan(0n)
      expect(today.tables[0]!.totals).toMatchObject({ outstanding: total, loans: report.loans - (await first.db.selectFrom('loans').select('id').where('status', '=', 'closed').execute()).length })
      const monthEnd = await runReport(first.db, ctx, 'portfolio', { date: '2025-12-31' })
      expect(monthEnd.tables[0]!.totals).toMatchObject({ outstanding: total })
      // A simulated month-end reads the simulator's snapshot, which adds up the same way.
      const june = await runReport(first.db, ctx, 'portfolio', { date: '2025-06-30' })
      const snapshot = (await sql<{ total: bigint }>`
        select sum(principal_in_term_dong + principal_overdue_dong + principal_frozen_dong)::bigint as total from loan_snapshots where period = '2025-06'`.execute(first.db)).rows[0]!.total
      expect(snapshot).toBeGreaterThan(0n)
      expect(june.tables[0]!.totals).toMatchObject({ outstanding: snapshot })
    })

    it('the poverty rate falls over the years as households that borrow leave poverty', async () => {
      const rates = report.povertyRateByYear
      expect(rates[0]!.year).toBe(2023)
      expect(rates.at(-1)!.ratePercent).toBeLessThan(rates[0]!.ratePercent)
      // The same from the recorded classes: poor households in force on 1 January of the first and last year.
      const poorOn = async (date: string) => (await sql<{ n: bigint }>`
        select count(*) as n from (
          select distinct on (household_id) household_id, class from household_classes where effective_from <= ${date}::date order by household_id, effective_from desc
        ) c where c.class = 'poor'`.execute(first.db)).rows[0]!.n
      expect(await poorOn('2025-01-01')).toBeLessThan(await poorOn('2023-01-01'))
    })

    it('refuses a database that already has data, and writes nothing', async () => {
      const before = await counts(first)
      await expect(seedDemo(first.db, { scale: 'tiny', seed: SEED })).rejects.toMatchObject({ code: 'demo_database_not_empty' })
      expect(await counts(first)).toEqual(before)
    })
  })
}

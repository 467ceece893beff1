// The maintained report aggregates (migration 0021) give exactly what the raw queries give: the
// portfolio at every closed month-end (every grouping, and the distinct-household totals) and the
// turnover of periods that start and end inside or outside built months, on generated data with
// several programs, groups, repayments, overdue moves and write-offs across three closes. A close
// run again adds nothing. Also: the quality report's interest collection rate by hand.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runLoanEvent } from '../../src/app/loans/loan-events.js'
import { runReport } from '../../src/app/reports/run-report.js'
import { buildReportAggregates, lastAggregatedPeriod, portfolioRows, portfolioRowsFromAggregate, turnoverRows, turnoverRowsFromAggregates } from '../../src/db/repositories/reports.js'
import { DIMENSIONS, turnoverSplit, type Dimension } from '../../src/domain/reports/index.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { closeMonth } from '../../src/jobs/close-month.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

const d = (s: string) => s as LocalDate
const M = 1_000_000n

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

for (const backend of BACKENDS) {
  describe(`${backend}: report aggregates equal the raw queries`, () => {
    let app: TestApp
    let fx: LendingFixture
    let path = ''

    beforeAll(async () => {
      app = await openTestApp(backend)
      fx = await lendingFixture(app.db)
      path = (await app.db.selectFrom('units').select('path').where('id', '=', fx.commune).executeTakeFirstOrThrow()).path
      const second = await fx.groups.newGroup('Tổ TK&VV thôn Khau Mạ')
      const next = random(2026)
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!
      const programs = [['poor', 'POOR'], ['not_poor', 'CLEAN_WATER'], ['poor', 'HOUSING_POOR']] as const
      const loans: bigint[] = []
      // Months 1–3 of 2025: six loans, repayments; the first close (March) builds all of history.
      const openSome = async (month: number, n: number) => {
        for (let i = 0; i < n; i++) {
          const [cls, program] = pick(programs)
          const day = String(2 + Math.floor(next() * 20)).padStart(2, '0')
          const amount = BigInt(5 + Math.floor(next() * 20)) * M
          loans.push(await fx.openLoan(cls, program, amount, `2025-${String(month).padStart(2, '0')}-${day}`, 12, 3, next() < 0.5 ? { groupId: second } : {}))
        }
      }
      const repaySome = async (date: string, n: number) => {
        for (let i = 0; i < n; i++) {
          const loan = pick(loans)
          const amount = BigInt(1 + Math.floor(next() * 3)) * 500_000n
          await runLoanEvent(app.db, fx.ctx.teller(), loan, { type: 'repay', date: d(date), amountDong: amount, cashUnit: fx.commune }).catch(() => undefined)
        }
      }
      await openSome(1, 3)
      await openSome(2, 3)
      await repaySome('2025-03-05', 4)
      await closeMonth(app.db, fx.ctx.appraiser(), '2025-03')
      await openSome(4, 2)
      await repaySome('2025-04-20', 3)
      // Instalments of the January loans fall due in April: the May close moves them overdue.
      await runLoanEvent(app.db, fx.ctx.branch(), loans[0]!, { type: 'write_off', date: d('2025-05-12'), principalDong: 1n * M, interestDong: 0n }).catch(() => undefined)
      await closeMonth(app.db, fx.ctx.appraiser(), '2025-04')
      await closeMonth(app.db, fx.ctx.appraiser(), '2025-05')
      // The open month: June.
      await openSome(6, 2)
      await repaySome('2025-06-10', 3)
    })
    afterAll(() => app.dispose())

    it('portfolio at each closed month-end: the aggregate gives the snapshot\'s rows for every grouping and the total', async () => {
      for (const period of ['2025-03', '2025-04', '2025-05']) {
        for (const by of [...DIMENSIONS, null] as (Dimension | null)[]) {
          const raw = await portfolioRows(app.db, { kind: 'snapshot', period }, path, by)
          const aggregated = await portfolioRowsFromAggregate(app.db, period, path, by)
          expect({ period, by, rows: aggregated }).toEqual({ period, by, rows: raw })
          if (by === null) expect(raw[0]?.households).toBeGreaterThan(0n)
        }
      }
    })

    it('turnover over whole, partial and open months: aggregates + raw edges give the raw rows', async () => {
      expect(await lastAggregatedPeriod(app.db)).toBe('2025-05')
      const periods = [
        ['2025-01-01', '2025-12-31'], ['2025-02-01', '2025-04-30'], ['2025-02-10', '2025-05-31'], ['2025-03-15', '2025-04-10'],
        ['2025-04-01', '2025-04-30'], ['2025-05-20', '2025-06-30'], ['2025-06-01', '2025-06-15'], ['2025-01-05', '2025-01-25'],
      ]
      for (const [from, to] of periods) {
        for (const by of DIMENSIONS) {
          const raw = await turnoverRows(app.db, from!, to!, path, by)
          const split = turnoverSplit(d(from!), d(to!), '2025-05')
          const aggregated = await turnoverRowsFromAggregates(app.db, { from: from!, to: to!, ...split }, path, by)
          expect({ from, to, by, rows: aggregated }).toEqual({ from, to, by, rows: raw })
        }
      }
      // The data really moved: disbursements in several months, collections and a write-off.
      const year = await turnoverRows(app.db, '2025-01-01', '2025-12-31', path, 'program')
      expect(year.length).toBeGreaterThan(1)
      expect(year.reduce((s, r) => s + r.collected, 0n)).toBeGreaterThan(0n)
    })

    it('a close run again, or the builder called again, adds nothing', async () => {
      const count = async () => (await sql<{ n: bigint }>`select (select count(*) from report_turnover_monthly) + (select count(*) from report_portfolio_monthly) + (select count(*) from report_portfolio_households) as n`.execute(app.db)).rows[0]!.n
      const before = await count()
      const again = await closeMonth(app.db, fx.ctx.appraiser(), '2025-05')
      expect(again.alreadyClosed).toBe(true)
      expect(await buildReportAggregates(app.db, '2025-05', '2025-05-31')).toEqual({ months: 0, portfolioRows: 0, turnoverRows: 0 })
      expect(await count()).toBe(before)
      const months = await sql<{ period: string }>`select period from report_aggregate_periods order by period`.execute(app.db)
      // From the first posting's month (capital received in January 2024) to the last close, each once.
      expect(months.rows.map((r) => r.period)).toEqual([...Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`), '2025-01', '2025-02', '2025-03', '2025-04', '2025-05'])
    })

    it('the portfolio report reads the aggregate at a closed month-end and the turnover report reads aggregates for whole months', async () => {
      const portfolio = await runReport(app.db, fx.ctx.commune(), 'portfolio', { date: '2025-04-30', by: 'group' })
      expect(portfolio.source).toBe('aggregate:2025-04')
      const turnover = await runReport(app.db, fx.ctx.commune(), 'turnover', { from: '2025-02-01', to: '2025-06-30' })
      expect(turnover.source).toBe('aggregates+postings')
      expect(turnover.tables[0]!.totals!['difference']).toBe(0n)
    })
  })

  describe(`${backend}: interest collection rate`, () => {
    let app: TestApp
    let fx: LendingFixture

    // One 12.000.000 ₫ poor-household loan at 6,6%/year (actual days / 360), disbursed 01/01/2025:
    //  01/02/2025 repayment of 1.000.000 ₫: interest accrued 01/01–31/01 = 12.000.000 × 6,6% × 31 / 360 = 68.200 ₫,
    //    paid first; 931.800 ₫ principal → 11.068.200 ₫.
    //  February closed: interest 01/02–28/02 = 11.068.200 × 6,6% × 28 / 360 = 56.816,76 → 56.816 ₫ accrued on 28/02.
    //  Interest to collect in February = 0 (receivable on 01/02 before the month's postings) + 68.200 + 56.816 = 125.016 ₫;
    //  collected 68.200 ₫; rate 68.200 / 125.016 = 54,55%.
    beforeAll(async () => {
      app = await openTestApp(backend)
      fx = await lendingFixture(app.db)
      const loan = await fx.openLoan('poor', 'POOR', 12n * M, '2025-01-01', 12, 12)
      await runLoanEvent(app.db, fx.ctx.teller(), loan, { type: 'repay', date: d('2025-02-01'), amountDong: 1n * M, cashUnit: fx.commune })
      await closeMonth(app.db, fx.ctx.appraiser(), '2025-02')
    })
    afterAll(() => app.dispose())

    it('is interest collected in the month ÷ interest to collect in the month, with the definition in the notes', async () => {
      const r = await runReport(app.db, fx.ctx.commune(), 'quality', { date: '2025-02-28' })
      const table = r.tables.find((t) => t.key === 'interest_collection')!
      expect(table.totals).toMatchObject({ interest_due: 125_016n, interest_collected: 68_200n, interest_rate: 5455 })
      expect(table.rows).toEqual([expect.objectContaining({ key: 'POOR', interest_due: 125_016n, interest_collected: 68_200n, interest_rate: 5455 })])
      expect(r.notes.some((n) => n.en.startsWith('Interest collection rate = interest collected'))).toBe(true)
    })
  })
}

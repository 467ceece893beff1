import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_AUTH_POLICY } from '../../src/app/auth.js'
import { verifyLedger } from '../../src/app/ledger.js'
import { openApp, type TdcsApp } from '../../src/app/open-app.js'
import { runLoanEvent } from '../../src/app/loans/loan-events.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { BACKENDS, freshDatabase, type TestDatabase } from '../support/backends.js'
import { BIN, tdcs } from '../support/cli.js'
import { lendingFixture } from '../support/lending.js'

/**
 * The close must be resumable: `kill -9` in the middle of it, run it again, and the result is the
 * one an uninterrupted run gives. Two databases seeded alike; the first is killed at a failpoint
 * (after its postings and loan updates were written, before the snapshot and the commit) and run again,
 * the second runs once; then everything the close touches is compared.
 */
for (const backend of BACKENDS) {
  describe(`${backend}: month-end close after kill -9`, () => {
    let dir: string
    const databases: TestDatabase[] = []
    const envs: Record<string, string>[] = []

    const open = (env: Record<string, string>) => openApp({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.TDCS_DATA_DIR, authPolicy: DEFAULT_AUTH_POLICY })

    /** The same small portfolio in each database: in term, falling due in the month, frozen. */
    async function seed(app: TdcsApp) {
      const { ctx, openLoan } = await lendingFixture(app.db)
      await openLoan('poor', 'POOR', 50_000_000n, '2025-09-15', 24, 12)
      await openLoan('poor', 'POOR', 40_000_000n, '2025-04-10', 12, 6)
      const frozen = await openLoan('poor', 'POOR', 20_000_000n, '2025-06-20', 24, 12)
      await runLoanEvent(app.db, ctx.appraiser(), frozen, { type: 'freeze', date: '2025-09-20' as LocalDate, decisionNumber: 'QĐ 5/2025', to: '2026-09-20' as LocalDate, freezePrincipal: true })
      await openLoan('not_poor', 'SOCIAL_HOUSING', 600_000_000n, '2025-09-25', 300, 1, { contractPriceDong: 900_000_000n })
    }

    /** Everything the close writes, without the ids and clocks that legitimately differ. */
    async function state(app: TdcsApp) {
      const q = async (query: ReturnType<typeof sql>) => (await query.execute(app.db)).rows
      return {
        loans: await q(sql`select id, status, principal_in_term_dong, principal_overdue_dong, principal_frozen_dong, interest_dong, overdue_interest_dong,
                            interest_carry, overdue_interest_carry, accrued_until::text, last_event_date::text, version from loans order by id`),
        instalments: await q(sql`select loan_id, seq, status from loan_instalments order by loan_id, seq`),
        snapshots: await q(sql`select period, loan_id, status, principal_in_term_dong, principal_overdue_dong, interest_dong, overdue_interest_dong from loan_snapshots order by period, loan_id`),
        accounts: await q(sql`select key, balance_dong from ledger_accounts order by key`),
        postings: await q(sql`select a.key, p.loan_id, p.entry_date::text, sum(p.amount_dong)::bigint as amount from postings p join ledger_accounts a on a.id = p.account_id
                              group by a.key, p.loan_id, p.entry_date order by a.key, p.loan_id nulls first, p.entry_date`),
        entries: await q(sql`select kind, entry_date::text, count(*)::int as n from journal_entries group by kind, entry_date order by kind, entry_date`),
        closes: await q(sql`select period, status from period_closes order by period`),
      }
    }

    /** Runs `tdcs close-month` until the failpoint says it is there, then kills it with SIGKILL. */
    function killAt(env: Record<string, string>, step: string): Promise<string> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, 'close-month', '--period', '2025-10'], { env: { ...process.env, ...env, TDCS_FAILPOINT: `close-month:${step}` } })
        let stderr = ''
        const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`failpoint never reached: ${stderr}`)) }, 120_000)
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString()
          if (stderr.includes(`failpoint close-month:${step} reached`)) child.kill('SIGKILL')
        })
        child.on('exit', (_code, signal) => {
          clearTimeout(timer)
          if (signal === 'SIGKILL') resolve(stderr)
          else reject(new Error(`close-month ended by itself before the failpoint: ${stderr}`))
        })
      })
    }

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'tdcs-close-crash-'))
      for (const name of ['crashed', 'clean']) {
        if (backend === 'postgres') {
          const database = await freshDatabase('postgres')
          databases.push(database)
          envs.push({ DATABASE_URL: database.databaseUrl! })
        } else {
          envs.push({ DATABASE_URL: '', TDCS_DATA_DIR: path.join(dir, name) })
        }
        const app = await open(envs.at(-1)!)
        try {
          await seed(app)
        } finally {
          await app.close()
        }
      }
    }, 120_000)
    afterAll(async () => {
      for (const database of databases) await database.drop()
      rmSync(dir, { recursive: true, force: true })
    })

    it('gives the result of an uninterrupted run when run again after being killed mid-close', async () => {
      const [crashed, clean] = [envs[0]!, envs[1]!]
      const before = await (async () => {
        const app = await open(crashed)
        try {
          return await state(app)
        } finally {
          await app.close()
        }
      })()

      // Killed midway — postings written, loan balances and instalments updated, before the
      // snapshot and the commit: nothing stays.
      const progress = await killAt(crashed, 'snapshot')
      expect(progress).toMatch(/close instalments/)
      const afterKill = await open(crashed)
      try {
        expect(await state(afterKill)).toEqual(before)
        expect((await verifyLedger(afterKill.db)).differences).toEqual([])
      } finally {
        await afterKill.close()
      }
      const resumed = await tdcs(crashed, 'close-month', '--period', '2025-10')
      expect(resumed.code, resumed.stderr).toBe(0)
      expect(resumed.stdout).toMatch(/Loans accrued: 4/)
      const uninterrupted = await tdcs(clean, 'close-month', '--period', '2025-10')
      expect(uninterrupted.code, uninterrupted.stderr).toBe(0)

      const [a, b] = [await open(crashed), await open(clean)]
      try {
        const [stateA, stateB] = [await state(a), await state(b)]
        expect(stateA).toEqual(stateB)
        expect(stateA.closes).toEqual([{ period: '2025-10', status: 'done' }])
        // One entry per program (POOR, SOCIAL_HOUSING) and movement, whatever the number of loans.
        expect(stateA.entries).toContainEqual({ kind: 'loan.interest_accrual', entry_date: '2025-10-31', n: 2 })
        expect((await verifyLedger(a.db)).differences).toEqual([])
      } finally {
        await a.close()
        await b.close()
      }
      // And once more: a closed month is not closed again.
      const again = await tdcs(crashed, 'close-month', '--period', '2025-10')
      expect(again.stdout).toMatch(/already closed/)
    }, 300_000)
  })
}

import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postEntry, reverseEntry, verifyLedger } from '../../src/app/ledger.js'
import { systemContext } from '../../src/app/open-app.js'
import { transfer, type AccountRef, type JournalEntry } from '../../src/domain/ledger/index.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'

const day = '2026-03-10' as LocalDate
const cash: AccountRef = { kind: 'cash', unit: 1 }
const fund: AccountRef = { kind: 'lending_fund', capitalSource: 'CENTRAL' }
const principal = (status: 'in_term' | 'overdue' | 'frozen', program = 'POOR'): AccountRef => ({ kind: 'loan_principal', program, capitalSource: 'CENTRAL', status })
const entry = (kind: string, postings: JournalEntry['postings']): JournalEntry => ({ kind, entryDate: day, provinceCode: '20', description: kind, postings })

for (const backend of BACKENDS) {
  describe(`${backend}: ledger`, () => {
    let app: TestApp
    beforeAll(async () => {
      app = await openTestApp(backend)
    })
    afterAll(() => app.dispose())

    const post = (e: JournalEntry) => app.db.transaction().execute((trx) => postEntry(trx, systemContext('test'), e))

    it('posts an entry, moves cached balances and verifies', async () => {
      await post(entry('capital.receive', transfer(fund, cash, 1_000_000_000n)))
      const id = await post(entry('loan.disburse', transfer(cash, principal('in_term'), 50_000_000n, 101n)))
      const balances = await app.db.selectFrom('ledger_accounts').select(['key', 'balance_dong']).orderBy('key').execute()
      expect(balances).toEqual([
        { key: 'cash|unit=1', balance_dong: 950_000_000n },
        { key: 'lending_fund|capitalSource=CENTRAL', balance_dong: -1_000_000_000n },
        { key: 'loan_principal|program=POOR|capitalSource=CENTRAL|status=in_term', balance_dong: 50_000_000n },
      ])
      const postings = await app.db.selectFrom('postings').select(['loan_id', 'amount_dong']).where('entry_id', '=', id).orderBy('amount_dong').execute()
      expect(postings).toEqual([{ loan_id: 101n, amount_dong: -50_000_000n }, { loan_id: 101n, amount_dong: 50_000_000n }])
      const report = await verifyLedger(app.db)
      expect(report.ok).toBe(true)
      expect(report.totals.debitDong).toBe(1_050_000_000n)
    })

    it('refuses an unbalanced entry and writes nothing', async () => {
      const before = await app.db.selectFrom('journal_entries').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
      await expect(post(entry('bad', [{ account: cash, amountDong: 10n }, { account: fund, amountDong: -9n }]))).rejects.toMatchObject({ code: 'journal_entry_unbalanced' })
      const after = await app.db.selectFrom('journal_entries').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
      expect(after.n).toBe(before.n)
    })

    it('has the database refuse unbalanced postings and any edit of the ledger', async () => {
      const account = await app.db.selectFrom('ledger_accounts').select('id').executeTakeFirstOrThrow()
      await expect(
        app.db.transaction().execute(async (trx) => {
          const { id } = await trx.insertInto('journal_entries').values({ kind: 'raw', entry_date: day, posted_at: new Date(), description: 'raw' }).returning('id').executeTakeFirstOrThrow()
          await trx.insertInto('postings').values({ entry_id: id, account_id: account.id, amount_dong: 5n, entry_date: day }).execute()
        }),
      ).rejects.toThrow(/does not balance/)
      await expect(sql`update postings set amount_dong = amount_dong + 1`.execute(app.db)).rejects.toThrow(/append-only/)
      await expect(sql`delete from journal_entries`.execute(app.db)).rejects.toThrow(/append-only/)
    })

    it('corrects with a linked reversing entry, once', async () => {
      const id = await post(entry('loan.disburse', transfer(cash, principal('in_term'), 7_000_000n, 102n)))
      const reversal = await reverseEntry(app.db, systemContext('test'), id, day, 'Nhập nhầm số tiền')
      const link = await app.db.selectFrom('journal_entries').select(['reverses_entry_id', 'kind']).where('id', '=', reversal).executeTakeFirstOrThrow()
      expect(link).toEqual({ reverses_entry_id: id, kind: 'loan.disburse.reversal' })
      const loan102 = await app.db.selectFrom('postings').select((eb) => eb.fn.sum<bigint>('amount_dong').as('s')).where('loan_id', '=', 102n).executeTakeFirstOrThrow()
      expect(BigInt(loan102.s)).toBe(0n)
      await expect(reverseEntry(app.db, systemContext('test'), id, day, 'again')).rejects.toMatchObject({ code: 'journal_entry_already_reversed' })
      await expect(reverseEntry(app.db, systemContext('test'), reversal, day, 'reverse the reversal')).rejects.toMatchObject({ code: 'journal_entry_already_reversed' })
      expect((await verifyLedger(app.db)).ok).toBe(true)
    })

    it('finds a cached balance that drifted from its postings', async () => {
      await sql`update ledger_accounts set balance_dong = balance_dong + 1 where key = 'cash|unit=1'`.execute(app.db)
      const report = await verifyLedger(app.db)
      expect(report.ok).toBe(false)
      expect(report.differences).toContainEqual({ check: 'account_balance', subject: 'cash|unit=1', expectedDong: expect.any(String), actualDong: expect.any(String) })
      await sql`update ledger_accounts set balance_dong = balance_dong - 1 where key = 'cash|unit=1'`.execute(app.db)
      expect((await verifyLedger(app.db)).ok).toBe(true)
    })

    it('finds postings whose entry or account does not exist (postings carry no foreign keys)', async () => {
      const other = await openTestApp(backend)
      try {
        await other.db.transaction().execute((trx) => postEntry(trx, systemContext('test'), entry('capital.receive', transfer(fund, cash, 5_000n))))
        const account = await other.db.selectFrom('ledger_accounts').select('id').where('key', '=', 'cash|unit=1').executeTakeFirstOrThrow()
        await sql`insert into postings (entry_id, account_id, amount_dong, province_code, entry_date)
          values (987654321, ${account.id}, 7, '20', ${day}::date), (987654321, 123456789, -7, '20', ${day}::date)`.execute(other.db)
        const report = await verifyLedger(other.db)
        expect(report.ok).toBe(false)
        expect(report.differences.filter((d) => d.check === 'posting_orphan').map((d) => d.subject)).toEqual([
          expect.stringMatching(/^posting \d+: entry 987654321 does not exist$/),
          expect.stringMatching(/^posting \d+: entry 987654321 does not exist$/),
        ])
      } finally {
        await other.dispose()
      }
    })

    it('keeps every balance derivable under random sequences of entries', async () => {
      const accounts = [cash, fund, principal('in_term'), principal('overdue'), principal('frozen', 'STUDENT'), { kind: 'interest_income', program: 'POOR', capitalSource: 'CENTRAL' } as AccountRef]
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(accounts.length - 1), fc.nat(accounts.length - 1), fc.bigInt({ min: 1n, max: 10n ** 12n })), { minLength: 1, maxLength: 8 }),
          async (moves) => {
            const postings = moves.filter(([a, b]) => a !== b).flatMap(([a, b, amount]) => transfer(accounts[a]!, accounts[b]!, amount))
            if (postings.length === 0) return
            try {
              await post(entry('random', postings))
            } catch (error) {
              expect((error as { code?: string }).code).toBe('journal_entry_empty')
            }
          },
        ),
        { numRuns: 40 },
      )
      const report = await verifyLedger(app.db)
      expect(report.differences).toEqual([])
      expect(report.totals.debitDong).toBe(report.totals.creditDong)
    })
  })
}

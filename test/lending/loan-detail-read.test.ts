// The loan page's read (GET /api/v1/loans/{id}) is one statement with the schedule, events and
// postings aggregated as JSON, prepared once per PostgreSQL connection: it must give exactly what
// plain selects give — bigint beyond 2^53, event times to the millisecond, JSON payloads.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedActiveLoans, SEED } from '../../bench/seed.js'
import { systemContext } from '../../src/app/open-app.js'
import { getLoan } from '../../src/app/loans/queries.js'
import { createUser } from '../../src/app/users.js'
import type { RequestContext } from '../../src/app/context.js'
import { PREPARE } from '../../src/db/prepared.js'
import { readLoanDetail } from '../../src/db/repositories/loans.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'

const BEYOND_FLOAT = 9007199254740993n // 2^53 + 1: a double would read it as 2^53

for (const backend of BACKENDS) {
  describe(`${backend}: loan detail read`, () => {
    let app: TestApp
    let ctx: RequestContext
    beforeAll(async () => {
      // Prepared statements are opt-in (TDCS_PG_PREPARE=1, src/db/connect.ts): this file reads through them.
      process.env.TDCS_PG_PREPARE = '1'
      try {
        app = await openTestApp(backend)
      } finally {
        delete process.env.TDCS_PG_PREPARE
      }
      await seedActiveLoans(app.db, 4, { accruedInterestDong: 200_000n })
      const created = await createUser(app.db, systemContext('test'), { username: 'detail_reader', fullName: 'Người đọc', role: 'teller', unitId: SEED.officeUnitId, password: 'Detail-reader-2026' })
      if (created.kind !== 'created') throw new Error('the reader needs no approval')
      const userId = (await app.db.selectFrom('users').select('id').where('username', '=', 'detail_reader').executeTakeFirstOrThrow()).id
      ctx = { actor: { userId, username: 'detail_reader', role: 'teller', unitId: SEED.officeUnitId, scopePath: '/1/100/101/' }, requestId: 'test', now: new Date() }
      await sql`insert into loan_events (loan_id, province_code, type, event_date, payload, entry_ids, request_id, created_by, created_at) values
        (2, '20', 'extend', '2026-01-10', ${JSON.stringify({ seq: 1, newDueDate: '2026-04-15', decisionNumber: 'QĐ 7/2026', nested: { a: [1, 'x', null] } })}::jsonb,
          ${`{1,${BEYOND_FLOAT}}`}::bigint[], 'r1', ${userId}, '2026-01-10 08:09:10.123987+07'),
        (2, '20', 'freeze', '2026-01-11', '{}'::jsonb, '{}'::bigint[], null, null, '2026-01-11 00:00:00+00')`.execute(app.db)
      await sql`update loan_instalments set extended_to = '2026-04-15' where loan_id = 2 and seq = 1`.execute(app.db)
      await sql`insert into journal_entries (id, province_code, kind, entry_date, posted_at, loan_id, description) values (${BEYOND_FLOAT.toString()}::bigint, '20', 'loan.interest_accrual', '2026-01-12', now(), 2, 'test')`.execute(app.db)
      await sql`insert into postings (entry_id, account_id, loan_id, amount_dong, province_code, entry_date)
        select ${BEYOND_FLOAT.toString()}::bigint, a.id, 2, case when a.kind = 'interest_receivable' then 1 else -1 end, '20', '2026-01-12'
        from ledger_accounts a where a.kind in ('interest_receivable', 'interest_income')`.execute(app.db)
    })
    afterAll(() => app?.dispose())

    it('gives the loan, its schedule, events and postings exactly as plain selects do', async () => {
      const detail = await getLoan(app.db, ctx, 2n)
      const loan = await app.db.selectFrom('loans').selectAll().where('id', '=', 2n).executeTakeFirstOrThrow()
      expect(detail.loan).toMatchObject(loan)
      expect(detail.loan).toMatchObject({ commune_name: 'Xã 2', household_code: 'HH2', head_name: null, program_name: expect.any(String), capital_source_name: expect.any(String) })
      expect(detail.instalments).toEqual(await app.db.selectFrom('loan_instalments').selectAll().where('loan_id', '=', 2n).orderBy('seq').execute())
      expect(detail.instalments[0]?.extended_to).toBe('2026-04-15')
      const events = await app.db.selectFrom('loan_events as e').leftJoin('users as u', 'u.id', 'e.created_by')
        .select(['e.id', 'e.type', 'e.event_date', 'e.payload', 'e.created_at', 'u.full_name as created_by_name']).where('e.loan_id', '=', 2n).orderBy('e.id').execute()
      expect(detail.events.map(({ entry_ids: _ids, ...e }) => e)).toEqual(events)
      expect(detail.events.map((e) => e.entry_ids)).toEqual([[1n, BEYOND_FLOAT], []])
      expect(detail.events[0]?.created_at.toISOString()).toBe('2026-01-10T01:09:10.123Z')
      expect(detail.events.map((e) => e.created_by_name)).toEqual(['Người đọc', null])
      const postings = await sql<{ entry_id: bigint; amount_dong: bigint }>`select entry_id, amount_dong from postings where loan_id = 2 order by entry_id, id`.execute(app.db)
      expect(detail.postings.map((p) => ({ entry_id: p.entry_id, amount_dong: p.amount_dong }))).toEqual(postings.rows)
      expect(detail.postings.at(-1)?.entry_id).toBe(BEYOND_FLOAT)
    })

    it('answers a loan outside the reader\'s scope, or missing, as not found', async () => {
      expect(await readLoanDetail(app.db, 2n, '/1/999/')).toBeUndefined()
      expect(await readLoanDetail(app.db, 99n, '/1/')).toBeUndefined()
      await expect(getLoan(app.db, { ...ctx, actor: { ...ctx.actor, scopePath: '/1/100/101/203/' } }, 2n)).rejects.toMatchObject({ code: 'not_found' })
      expect((await getLoan(app.db, { ...ctx, actor: { ...ctx.actor, scopePath: '/1/100/101/202/' } }, 2n)).loan.id).toBe(2n)
    })

    if (backend === 'postgres')
      it('prepares a marked statement once per connection and leaves unmarked ones unprepared', async () => {
        const names = await app.db.connection().execute(async (conn) => {
          await readLoanDetail(conn, 1n, '/1/')
          await readLoanDetail(conn, 2n, '/1/')
          await sql`select ${PREPARE} ${1}::int as one`.execute(conn)
          await sql`select ${2}::int as two`.execute(conn)
          const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements where name like 'tdcs\\_%'`.execute(conn)
          return rows
        })
        expect(names).toHaveLength(2)
        expect(names.filter((n) => n.statement.includes('loan_instalments'))).toHaveLength(1)
        expect(names.filter((n) => n.statement.includes('as one'))).toHaveLength(1)
      })
  })
}

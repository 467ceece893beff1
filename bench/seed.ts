/**
 * What the loan benchmarks share: a throwaway database (a new PostgreSQL database
 * `tdcs_bench_<random>` on $BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres,
 * dropped afterwards; or a PGlite folder under the system's temp folder, removed afterwards) and a
 * set-based seed of active loans whose ledger verifies.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import type { Executor } from '../src/app/context.js'
import { accountKey, accountTypeOf, type AccountRef } from '../src/domain/ledger/index.js'

export type BenchBackend = 'postgres' | 'pglite'

export const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface BenchDatabase {
  /** Pass both to `openApp`: one of them is set. */
  readonly databaseUrl: string | undefined
  readonly dataDir: string | undefined
  drop(): Promise<void>
}

/** Creates an empty database for one run; `drop` removes it (call it after closing the app). */
export async function createBenchDatabase(backend: BenchBackend): Promise<BenchDatabase> {
  if (backend === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tdcs-bench-'))
    return { databaseUrl: undefined, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) }
  }
  const name = `tdcs_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, user: 'postgres' })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(PG_ADMIN_URL)
  url.pathname = `/${name}`
  return {
    databaseUrl: url.toString(),
    dataDir: undefined,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL, user: 'postgres' })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

/** The seeded loans' program and capital source, and the commune units (200–219) they belong to. */
export const SEED = { programCode: 'POOR', capitalSource: 'CENTRAL', provinceCode: '20', officeUnitId: 101, firstCommuneUnitId: 200, communes: 20 } as const
/** The commune unit of seeded loan `id`. */
export const communeOfLoan = (id: number): number => SEED.firstCommuneUnitId + (id % SEED.communes)

export interface SeedOptions {
  /**
   * Interest already accrued on each loan before 01/01/2026 (default none). When set, each loan
   * also gets an accrual entry (interest receivable Dr, interest income Cr) so the ledger verifies.
   */
  readonly accruedInterestDong?: bigint
}

/**
 * N households with one active 50.000.000 ₫ poor-household loan each, disbursed 15/07/2025 and
 * accrued to 01/01/2026: two instalments of 25.000.000 ₫, the first falling due on 15/01/2026 for
 * the even loans, and one disbursement entry per loan. Ids are 1..N (loans, households, entries).
 */
export async function seedActiveLoans(db: Executor, n: number, options: SeedOptions = {}): Promise<void> {
  const interest = options.accruedInterestDong ?? 0n
  const steps = [
    sql`insert into units (id, parent_id, kind, code, name, path, province_code, admin_code) values
        (100, 1, 'province', '20', 'Chi nhánh Lạng Sơn', '/1/100/', '20', '20'),
        (101, 100, 'transaction_office', 'PGD-1', 'PGD 1', '/1/100/101/', '20', null)`,
    sql`insert into units (id, parent_id, kind, code, name, path, province_code, admin_code)
        select 200 + g, 101, 'commune', lpad((6100 + g)::text, 5, '0'), 'Xã ' || g, '/1/100/101/' || (200 + g) || '/', '20', lpad((6100 + g)::text, 5, '0')
        from generate_series(0, 19) g`,
    sql`insert into households (id, code, province_code, commune_unit_id, residence_type, formed_on)
        select g, 'HH' || g, '20', 200 + (g % 20), 'rural', '2010-01-01' from generate_series(1, ${n}) g`,
    sql`insert into loans (id, province_code, household_id, commune_unit_id, program_code, terms_id, capital_source_code, contract_date, monthly_day, status,
          approved_dong, disbursed_dong, principal_in_term_dong, interest_dong, accrued_until, last_event_date)
        select g, '20', g, 200 + (g % 20), 'POOR', (select id from program_terms where program_code = 'POOR' order by valid_from desc limit 1), 'CENTRAL',
          '2025-07-15', 15, 'active', 50000000, 50000000, 50000000, ${interest.toString()}::bigint, '2026-01-01', '2026-01-01'
        from generate_series(1, ${n}) g`,
    sql`insert into loan_instalments (loan_id, seq, due_date, principal_due_dong, status)
        select g, s, case when g % 2 = 0 and s = 1 then date '2026-01-15' else date '2026-07-15' + (s - 1) * 180 end, 25000000, 'pending'
        from generate_series(1, ${n}) g cross join generate_series(1, 2) s`,
    sql`insert into ledger_accounts (key, kind, type, program_code, capital_source_code, status, unit_id) values
        ('loan_principal|program=POOR|capitalSource=CENTRAL|status=in_term', 'loan_principal', 'asset', 'POOR', 'CENTRAL', 'in_term', null),
        ('lending_fund|capitalSource=CENTRAL', 'lending_fund', 'equity', null, 'CENTRAL', null, null)`,
    sql`insert into journal_entries (id, province_code, kind, entry_date, posted_at, loan_id, description)
        select g, '20', 'loan.disbursement', '2025-07-15', now(), g, 'bench seed' from generate_series(1, ${n}) g`,
    sql`insert into postings (entry_id, account_id, loan_id, amount_dong, province_code, entry_date)
        select g, a.id, g, case when a.kind = 'loan_principal' then 50000000 else -50000000 end, '20', '2025-07-15'
        from generate_series(1, ${n}) g cross join ledger_accounts a`,
    ...(interest > 0n ? accruedInterestSteps(n, interest) : []),
    sql`update ledger_accounts a set balance_dong = (select coalesce(sum(amount_dong), 0) from postings p where p.account_id = a.id)`,
    sql`select setval(pg_get_serial_sequence('journal_entries', 'id'), ${interest > 0n ? 2 * n : n})`,
    sql`select setval(pg_get_serial_sequence('loans', 'id'), ${n})`,
    sql`select setval(pg_get_serial_sequence('households', 'id'), ${n})`,
    sql`analyze`,
  ]
  for (const step of steps) await step.execute(db)
}

/** Interest accrued up to 01/01/2026 on every loan: entries N+1..2N, one per loan. */
function accruedInterestSteps(n: number, interest: bigint) {
  const receivable: AccountRef = { kind: 'interest_receivable', program: SEED.programCode, capitalSource: SEED.capitalSource, status: 'normal' }
  const income: AccountRef = { kind: 'interest_income', program: SEED.programCode, capitalSource: SEED.capitalSource }
  const accounts = [receivable, income].map((a) => ({ key: accountKey(a), kind: a.kind, type: accountTypeOf(a), program_code: a.program, capital_source_code: a.capitalSource, status: a.status ?? null }))
  return [
    sql`insert into ledger_accounts (key, kind, type, program_code, capital_source_code, status)
        select key, kind, type, program_code, capital_source_code, status
        from jsonb_to_recordset(${JSON.stringify(accounts)}::jsonb) as a(key text, kind text, type text, program_code text, capital_source_code text, status text)`,
    sql`insert into journal_entries (id, province_code, kind, entry_date, posted_at, loan_id, description)
        select ${n} + g, '20', 'loan.interest_accrual', '2025-12-31', now(), g, 'bench seed' from generate_series(1, ${n}) g`,
    sql`insert into postings (entry_id, account_id, loan_id, amount_dong, province_code, entry_date)
        select ${n} + g, a.id, g, case when a.key = ${accountKey(receivable)} then ${interest.toString()}::bigint else ${(-interest).toString()}::bigint end, '20', '2025-12-31'
        from generate_series(1, ${n}) g cross join ledger_accounts a where a.key in (${accountKey(receivable)}, ${accountKey(income)})`,
  ]
}

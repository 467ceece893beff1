/**
 * Benchmark: the month-end close of N active loans (default 1,000,000) against the floor measured
 * in the same run — one `INSERT … SELECT` writing one row per loan, the least any set-based close
 * must do. Target: close ≤ 3× the floor on PostgreSQL. Also records the peak RSS of this Node
 * process (target < 1 GB: the work belongs in the database) and the `ledger verify` time after.
 *
 *   node --import tsx bench/month-end.ts --backend postgres|pglite [--loans 1000000]
 *
 * Seeding is set-based SQL (households, loans, instalments and one disbursement entry per loan so
 * the ledger verifies), not measured. Half the loans have an instalment falling due in the month,
 * so the close moves principal overdue as well as accruing interest.
 * Writes bench/results/month-end-<backend>.json.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import pg from 'pg'
import { DEFAULT_AUTH_POLICY } from '../src/app/auth.js'
import { verifyLedger } from '../src/app/ledger.js'
import { openApp, systemContext } from '../src/app/open-app.js'
import { closeMonth } from '../src/jobs/close-month.js'

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'postgres' }, loans: { type: 'string', default: '1000000' } } })
const backend = values.backend as 'postgres' | 'pglite'
const loans = Number(values.loans)
const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100)
const seconds = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const t = performance.now()
  const result = await work()
  return [Math.round(performance.now() - t) / 1000, result]
}

async function main() {
  let databaseUrl: string | undefined
  let dataDir: string | undefined
  let drop: () => Promise<void>
  if (backend === 'postgres') {
    const name = `tdcs_bench_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL, user: 'postgres' })
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
    const url = new URL(PG_ADMIN_URL)
    url.pathname = `/${name}`
    databaseUrl = url.toString()
    drop = async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL, user: 'postgres' })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    }
  } else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'tdcs-bench-'))
    drop = async () => rmSync(dataDir!, { recursive: true, force: true })
  }
  const app = await openApp({ databaseUrl, dataDir, authPolicy: DEFAULT_AUTH_POLICY })
  try {
    const [seedSeconds] = await seconds(() => seed(app.db, loans))
    console.log(`seeded ${loans} loans in ${seedSeconds} s`)
    const [floorSeconds] = await seconds(() => sql`create table bench_floor as select id, principal_in_term_dong * 2 as v, accrued_until + 31 as d from loans`.execute(app.db))
    console.log(`floor (INSERT … SELECT, one row per loan): ${floorSeconds} s`)
    const rssBefore = peakRss
    const [closeSeconds, report] = await seconds(() => closeMonth(app.db, systemContext('bench'), '2026-01'))
    console.log(`close-month: ${closeSeconds} s (${Math.round((closeSeconds / floorSeconds) * 10) / 10}× the floor)`, report)
    const [verifySeconds, verified] = await seconds(() => verifyLedger(app.db))
    console.log(`ledger verify: ${verifySeconds} s, ok=${verified.ok}`)
    const result = {
      benchmark: 'month-end-close', backend, date: new Date().toISOString(), loans,
      machine: { cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      floorSeconds, closeSeconds, ratioToFloor: Math.round((closeSeconds / floorSeconds) * 100) / 100, targetRatio: 3,
      verifySeconds, verifyOk: verified.ok, peakRssMb: Math.round(Math.max(peakRss, rssBefore) / 2 ** 20), targetRssMb: 1024,
      report: JSON.parse(JSON.stringify(report, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))),
    }
    mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true })
    writeFileSync(path.join(import.meta.dirname, 'results', `month-end-${backend}.json`), `${JSON.stringify(result, null, 2)}\n`)
    console.log(JSON.stringify(result, null, 2))
  } finally {
    clearInterval(sampler)
    await app.close()
    await drop()
  }
}

/** N households with one active 50.000.000 ₫ poor-household loan each, disbursed 15/07/2025. */
async function seed(db: Parameters<typeof verifyLedger>[0], n: number) {
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
          approved_dong, disbursed_dong, principal_in_term_dong, accrued_until, last_event_date)
        select g, '20', g, 200 + (g % 20), 'POOR', (select id from program_terms where program_code = 'POOR' order by valid_from desc limit 1), 'CENTRAL',
          '2025-07-15', 15, 'active', 50000000, 50000000, 50000000, '2026-01-01', '2026-01-01'
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
    sql`update ledger_accounts a set balance_dong = (select coalesce(sum(amount_dong), 0) from postings p where p.account_id = a.id)`,
    sql`select setval(pg_get_serial_sequence('journal_entries', 'id'), ${n})`,
    sql`select setval(pg_get_serial_sequence('loans', 'id'), ${n})`,
    sql`select setval(pg_get_serial_sequence('households', 'id'), ${n})`,
    sql`analyze`,
  ]
  for (const step of steps) await step.execute(db)
}

await main()

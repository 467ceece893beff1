/**
 * Benchmark: the month-end close of N active loans (default 1,000,000) against the floor measured
 * in the same run — one `INSERT … SELECT` writing one row per loan, the least any set-based close
 * must do. Target: close ≤ 3× the floor on PostgreSQL. Also records the peak RSS of this Node
 * process (target < 1 GB: the work belongs in the database) and the `ledger verify` time after.
 *
 *   node --import tsx bench/month-end.ts --backend postgres|pglite [--loans 1000000]
 *
 * Seeding is set-based SQL (households, loans, instalments and one disbursement entry per loan so
 * the ledger verifies; bench/seed.ts), not measured. Half the loans have an instalment falling due
 * in the month, so the close moves principal overdue as well as accruing interest.
 * Writes bench/results/month-end-<backend>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { DEFAULT_AUTH_POLICY } from '../src/app/auth.js'
import { verifyLedger } from '../src/app/ledger.js'
import { openApp, systemContext } from '../src/app/open-app.js'
import { closeMonth } from '../src/jobs/close-month.js'
import { createBenchDatabase, seedActiveLoans } from './seed.js'

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'postgres' }, loans: { type: 'string', default: '1000000' } } })
const backend = values.backend as 'postgres' | 'pglite'
const loans = Number(values.loans)

let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100)
const seconds = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const t = performance.now()
  const result = await work()
  return [Math.round(performance.now() - t) / 1000, result]
}

async function main() {
  const { databaseUrl, dataDir, drop } = await createBenchDatabase(backend)
  const app = await openApp({ databaseUrl, dataDir, authPolicy: DEFAULT_AUTH_POLICY })
  try {
    const [seedSeconds] = await seconds(() => seedActiveLoans(app.db, loans))
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

await main()

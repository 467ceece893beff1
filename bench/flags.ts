/**
 * Benchmark: every red-flag rule over N loans (default 1,000,000 on PostgreSQL, 200,000 on
 * PGlite) — the nightly `tdcs flags run --all-rules`. Target on PostgreSQL: all rules < 60 s.
 *
 *   node --import tsx bench/flags.ts --backend postgres|pglite [--loans 1000000]
 *     [--database tdcs_bench_flags_1m [--seed-only]] [--out flags-postgres-200k-after]
 *
 * `--database NAME` (PostgreSQL) keeps the seeded database under that name instead of a throwaway
 * one: the first call seeds it (`--seed-only` stops there), later calls reuse the seed, delete
 * the flags and runs a previous call raised, migrate it (new indexes are built before the clock
 * starts) and run the rules. The seed of 1,000,000 loans takes far longer than the rules.
 * `--out NAME` writes bench/results/NAME.json instead of the default name.
 *
 * Seeds N active loans set-based (bench/seed.ts), then the rows the rules read: a head person and
 * membership per household, a poor class decided in 2015, an approved application per loan (the
 * decider alternating between two officers, 01/06/2026), a disbursement event per loan, a 06/TD
 * check for 95 % of the loans, a June loan event for 98 %, and a sprinkle of injected abuses (a person registered twice, a class
 * decided after the approval, a loan booked in another commune, leader shortfalls). Runs all rules
 * as of 30/06/2026 (first run: every candidate is a new flag), then again (nothing new: the
 * realistic nightly case), and prints EXPLAIN of the heaviest query. Writes
 * bench/results/flags-<backend>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { DEFAULT_AUTH_POLICY } from '../src/app/auth.js'
import { openApp, systemContext } from '../src/app/open-app.js'
import { listFlagRules, runFlagRules, useRuleRunSettings } from '../src/app/supervision/flag-runs.js'
import { RULE_QUERIES } from '../src/app/supervision/rule-queries.js'
import type { LocalDate } from '../src/domain/shared/index.js'
import pg from 'pg'
import { createBenchDatabase, PG_ADMIN_URL, seedActiveLoans, type BenchDatabase } from './seed.js'

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' }, loans: { type: 'string' }, database: { type: 'string' }, 'seed-only': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
})
const backend = values.backend as 'postgres' | 'pglite'
const loans = Number(values.loans ?? (backend === 'pglite' ? 200_000 : 1_000_000))
const AS_OF = '2026-06-30' as LocalDate

const seconds = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const t = performance.now()
  const result = await work()
  return [Math.round(performance.now() - t) / 1000, result]
}

/** A kept PostgreSQL database `name` (created when missing): never dropped by the benchmark. */
async function keptDatabase(name: string): Promise<BenchDatabase> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`--database ${name}: use a plain lower-case name`)
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, user: 'postgres' })
  await admin.connect()
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name])
  if (!rowCount) await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(PG_ADMIN_URL)
  url.pathname = `/${name}`
  return { databaseUrl: url.toString(), dataDir: undefined, drop: async () => {} }
}

async function main() {
  if (values.database && backend !== 'postgres') throw new Error('--database needs --backend postgres')
  const { databaseUrl, dataDir, drop } = values.database ? await keptDatabase(values.database) : await createBenchDatabase(backend)
  const app = await openApp({ databaseUrl, dataDir, authPolicy: DEFAULT_AUTH_POLICY })
  const db = app.db
  try {
    const marked = values.database !== undefined && (await sql<{ t: string | null }>`select to_regclass('bench_flags_seeded')::text as t`.execute(db)).rows[0]!.t !== null
    const seeded = marked ? (await sql<{ loans: number }>`select loans from bench_flags_seeded`.execute(db)).rows[0] : undefined
    if (seeded && Number(seeded.loans) !== loans) throw new Error(`database ${values.database} holds a seed of ${seeded.loans} loans, not ${loans}`)
    if (!seeded && values.database && Number((await sql<{ n: string }>`select count(*) as n from loans`.execute(db)).rows[0]!.n) > 0) {
      throw new Error(`database ${values.database} holds an unfinished seed: drop it and start again`)
    }
    if (seeded) {
      // A previous call's flags would turn the first run into the nightly one.
      await sql`delete from red_flags where source_type = 'flag_rule'`.execute(db)
      await sql`delete from flag_runs`.execute(db)
      await sql`vacuum analyze red_flags`.execute(db)
    }
    const [seedSeconds] = seeded ? [null] : await seconds(async () => {
      await seedActiveLoans(db, loans)
      const steps = [
        sql`insert into users (id, username, full_name, role, unit_id, password_hash) values
            (900, 'bench_a', 'Cán bộ A', 'office_officer', 101, 'x'), (901, 'bench_b', 'Cán bộ B', 'office_officer', 101, 'x'), (902, 'bench_c', 'Cán bộ C', 'commune_officer', 200, 'x')`,
        sql`insert into persons (id, province_code, full_name, name_search, birth_date, citizen_id)
            select g, '20', 'Chủ hộ ' || g, 'chu ho ' || g, date '1960-01-01' + (g % 15000), lpad(g::text, 12, '0') from generate_series(1, ${loans}) g`,
        sql`update households set head_person_id = id`,
        sql`insert into household_members (household_id, person_id, relation, joined_on) select g, g, 'head', '2010-01-01' from generate_series(1, ${loans}) g`,
        sql`insert into household_classes (household_id, province_code, class, standard_id, effective_from, decision_number, decision_date)
            select g, '20', 'poor', (select min(id) from poverty_standards), date '2015-12-20', 'QĐ bench', date '2015-12-20' from generate_series(1, ${loans}) g`,
        sql`insert into loan_applications (id, province_code, household_id, commune_unit_id, channel, program_code, terms_id, capital_source_code, purpose, amount_dong,
              term_months, interval_months, application_date, eligibility, status, submitted_by, submitted_at, commune_confirmed_by, decided_by, decided_at)
            select g, '20', g, 200 + (g % 20), 'entrusted', 'POOR', (select id from program_terms where program_code = 'POOR' order by valid_from desc limit 1), 'CENTRAL',
              'Chăn nuôi', 50000000, 24, 6, date '2025-07-01', '{}'::jsonb, 'approved', 902, timestamptz '2025-07-01 03:00:00+00', 902,
              case when g % 2 = 0 then 900 else 901 end, timestamptz '2026-06-01 03:00:00+00'
            from generate_series(1, ${loans}) g`,
        sql`update loans set application_id = id`,
        sql`insert into loan_events (loan_id, province_code, type, event_date, payload) select g, '20', 'disburse', date '2025-07-15', '{}'::jsonb from generate_series(1, ${loans}) g`,
        sql`insert into use_of_funds_checks (loan_id, province_code, unit_id, checked_on, result) select g, '20', 200 + (g % 20), date '2025-08-01', 'used_correctly'
            from generate_series(1, ${loans}) g where g % 20 <> 1`,
        // Most loans moved in June (repayments): one in fifty is dormant.
        sql`update loans set last_event_date = date '2026-06-15' where id % 50 <> 0`,
        sql`insert into loan_events (loan_id, province_code, type, event_date, payload) select g, '20', 'repay', date '2026-06-15', '{}'::jsonb from generate_series(1, ${loans}) g where g % 50 <> 0`,
        sql`select setval(pg_get_serial_sequence('persons', 'id'), ${loans})`,
        // Injected abuses: person 1 registered a second time in household 2; household 3's class decided after the approval; loan 4 booked in another commune.
        sql`insert into persons (province_code, full_name, name_search, birth_date) select '20', full_name, name_search, birth_date from persons where id = 1`,
        sql`insert into household_members (household_id, person_id, relation, joined_on) select 2, max(id), 'child', '2012-01-01' from persons`,
        sql`update household_classes set decision_date = date '2026-06-20' where household_id = 3`,
        sql`update loans set commune_unit_id = 219 where id = 4 and commune_unit_id <> 219`,
        sql`select setval(pg_get_serial_sequence('loan_applications', 'id'), ${loans})`,
        sql`analyze`,
      ]
      for (const step of steps) await step.execute(db)
      if (values.database) await sql`create table bench_flags_seeded as select ${loans}::int as loans`.execute(db)
    })
    console.log(seeded ? `reused the seed of ${loans} loans in ${values.database}` : `seeded ${loans} loans with persons, classes, applications, disbursements and checks in ${seedSeconds} s`)
    if (values['seed-only']) return

    const ctx = systemContext('bench-flags')
    const [firstSeconds, first] = await seconds(() => runFlagRules(db, ctx, { asOf: AS_OF }))
    for (const r of first) console.log(`first run  ${r.rule.padEnd(28)} candidates ${String(r.candidates).padStart(8)}  new ${String(r.raised).padStart(8)}  ${r.durationMs} ms`)
    console.log(`first run, all rules: ${firstSeconds} s`)
    const [secondSeconds, second] = await seconds(() => runFlagRules(db, ctx, { asOf: AS_OF }))
    for (const r of second) console.log(`second run ${r.rule.padEnd(28)} candidates ${String(r.candidates).padStart(8)}  new ${String(r.raised).padStart(8)}  ${r.durationMs} ms`)
    console.log(`second run (nightly, nothing new), all rules: ${secondSeconds} s`)

    const slowest = [...first].sort((a, b) => b.durationMs - a.durationMs)[0]!
    const rule = (await listFlagRules(db, ctx, AS_OF)).find((r) => r.name === slowest.rule)!
    const plan = await db.transaction().execute(async (trx) => {
      await useRuleRunSettings(trx)
      return sql<{ 'QUERY PLAN': string }>`explain ${RULE_QUERIES[rule.name](rule.values, AS_OF)}`.execute(trx)
    })
    const planText = plan.rows.map((r) => r['QUERY PLAN']).join('\n')
    console.log(`EXPLAIN of the slowest rule (${slowest.rule}):\n${planText}`)

    const result = {
      benchmark: 'flags', backend, loans, asOf: AS_OF, date: new Date().toISOString(), machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) },
      target: backend === 'postgres' ? 'all rules < 60 s on 1,000,000 loans' : null,
      seedSeconds,
      firstRun: { seconds: firstSeconds, rules: first.map((r) => ({ rule: r.rule, candidates: r.candidates, raised: r.raised, ms: r.durationMs })) },
      secondRun: { seconds: secondSeconds, rules: second.map((r) => ({ rule: r.rule, candidates: r.candidates, raised: r.raised, ms: r.durationMs })) },
      slowestRule: slowest.rule,
      slowestPlan: planText.split('\n'),
    }
    const name = values.out ?? `flags-${backend}${loans === 1_000_000 ? '' : `-${loans / 1000}k`}`
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`--out ${name}: use lower-case letters, digits and dashes`)
    const out = path.join(import.meta.dirname, 'results', `${name}.json`)
    mkdirSync(path.dirname(out), { recursive: true })
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`)
    console.log(`wrote ${path.relative(process.cwd(), out)}`)
  } finally {
    await app.close()
    await drop()
  }
}

await main()

/**
 * Benchmark: posting a whole commune transaction day — 50 groups of 40 members, 2,000 member
 * entries — through the capture use-case, the way the teller's screen posts it: one request per
 * group, each with an Idempotency-Key (runIdempotent + captureGroup), sequentially. Target
 * (issue #5): under 2 s on PostgreSQL; the PGlite figure is recorded too.
 *
 *   node --import tsx bench/transaction-day.ts --backend postgres|pglite [--groups 50] [--members 40]
 *
 * Seeding is set-based and not measured: 20 communes of active 50.000.000 ₫ poor-household loans
 * (bench/seed.ts) with 200.000 ₫ of interest accrued to 01/01/2026; the first commune gets a
 * transaction point meeting on the 15th, its Women's Union, 50 groups and, for each of 2,000 of its
 * loans, an application through a group the household belongs to. The day (15/01/2026) is planned
 * and opened through the use-cases. Each member then pays the interest due to the day (accrual to
 * the day, the repayment entry), 5.000.000 ₫ of principal for every fourth member, and a savings
 * deposit; every tenth group's leader presents a collection list 50.000 ₫ above her remittance (a
 * red flag). Afterwards the day's cash book must balance and close, and `verifyLedger` must pass.
 *
 * Writes bench/results/transaction-day-<backend>.json: total seconds, per-group p50/p99, entries
 * per second, peak RSS, the machine.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { DEFAULT_AUTH_POLICY } from '../src/app/auth.js'
import { toJsonSafe } from '../src/app/canonical-json.js'
import type { RequestContext } from '../src/app/context.js'
import { runIdempotent } from '../src/app/idempotency.js'
import { verifyLedger } from '../src/app/ledger.js'
import { openApp, systemContext } from '../src/app/open-app.js'
import { captureGroup, type CaptureRequest } from '../src/app/transaction-day/capture.js'
import { closeTransactionDay, getTransactionDay, openTransactionDay, planTransactionDay } from '../src/app/transaction-day/days.js'
import { daySheet } from '../src/app/transaction-day/sheet.js'
import { createUser } from '../src/app/users.js'
import { createBenchDatabase, SEED, seedActiveLoans, type BenchBackend } from './seed.js'

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'postgres' }, groups: { type: 'string', default: '50' }, members: { type: 'string', default: '40' } } })
const backend = values.backend as BenchBackend
if (backend !== 'postgres' && backend !== 'pglite') throw new Error('--backend postgres|pglite')
const groups = Number(values.groups)
const members = Number(values.members)
const COMMUNE = SEED.firstCommuneUnitId
/** Loans of the seed in the first commune are the ids divisible by the number of communes. */
const loansNeeded = groups * members * SEED.communes

async function main(): Promise<void> {
  const database = await createBenchDatabase(backend)
  const app = await openApp({ databaseUrl: database.databaseUrl, dataDir: database.dataDir, authPolicy: DEFAULT_AUTH_POLICY })
  try {
    const t0 = performance.now()
    await seedActiveLoans(app.db, loansNeeded, { accruedInterestDong: 200_000n })
    await seedNetwork(app.db)
    const created = await createUser(app.db, systemContext('bench'), { username: 'bench_teller', fullName: 'Giao dịch viên', role: 'teller', unitId: COMMUNE, password: 'Bench-teller-2026' })
    if (created.kind !== 'created') throw new Error('bench teller not created')
    const teller = (requestId: string): RequestContext => ({
      actor: { userId: created.user.id, username: 'bench_teller', role: 'teller', unitId: COMMUNE, scopePath: `/1/100/101/${COMMUNE}/` }, requestId, now: new Date('2026-01-15T08:00:00+07:00'),
    })
    const point = await app.db.selectFrom('transaction_points').select('id').where('commune_unit_id', '=', COMMUNE).executeTakeFirstOrThrow()
    const day = await planTransactionDay(app.db, teller('plan'), { pointId: point.id, period: '2026-01' })
    await openTransactionDay(app.db, teller('open'), day.id, { openingCashDong: 0n })
    const sheet = await daySheet(app.db, teller('sheet'), day.id)
    console.log(`seeded ${loansNeeded} loans, ${sheet.groups.length} groups of ${members} at the point in ${Math.round(performance.now() - t0) / 1000} s; the day sheet has ${sheet.totals.loans} loans`)

    const batches: CaptureRequest[] = sheet.groups.map((g, gi) => {
      const lines = g.members.map((m, mi) => {
        const loan = m.loans[0]!
        return {
          householdId: m.householdId, loanId: loan.loanId, interestDong: loan.interestDueDong + loan.overdueInterestDueDong, principalDong: mi % 4 === 0 ? 5_000_000n : 0n,
          savingsDepositDong: 20_000n, savingsWithdrawalDong: 0n, savingsToPrincipalDong: 0n, disbursedDong: 0n, recipientPersonId: null, memberPaidDong: null,
        }
      })
      const remittedDong = lines.reduce((s, l) => s + l.interestDong + l.savingsDepositDong, 0n)
      return { groupId: g.groupId, remittedDong, collectedDong: gi % 10 === 0 ? remittedDong + 50_000n : remittedDong, lines }
    })
    const perGroupMs: number[] = []
    const started = performance.now()
    for (const [i, batch] of batches.entries()) {
      const t = performance.now()
      const body = JSON.stringify(toJsonSafe(batch))
      await runIdempotent(app.db, { userId: created.user.id, key: `bench-day-${day.id}-${i}`, method: 'POST', path: `/api/v1/transaction-days/${day.id}/batches`, body }, async (trx) => {
        const result = await captureGroup(trx, teller(`bench-${i}`), day.id, batch)
        return { status: 201, body: JSON.stringify(toJsonSafe(result)) }
      })
      perGroupMs.push(performance.now() - t)
    }
    const totalSeconds = (performance.now() - started) / 1000
    const entries = batches.reduce((s, b) => s + b.lines.length, 0)
    const book = (await getTransactionDay(app.db, teller('book'), day.id)).cashBook!
    await closeTransactionDay(app.db, teller('close'), day.id, { countedCashDong: book.closingDong })
    const flags = await app.db.selectFrom('red_flags').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    const verified = await verifyLedger(app.db)
    if (!verified.ok) throw new Error(`verifyLedger failed: ${JSON.stringify(toJsonSafe(verified.differences.slice(0, 5)))}`)

    const sorted = [...perGroupMs].sort((a, b) => a - b)
    const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10
    const result = {
      benchmark: 'transaction-day', backend, date: new Date().toISOString(),
      data: { groups: batches.length, membersPerGroup: members, memberEntries: entries, seededLoans: loansNeeded },
      totalSeconds: Math.round(totalSeconds * 1000) / 1000,
      targetSeconds: backend === 'postgres' ? 2 : null,
      memberEntriesPerSecond: Math.round(entries / totalSeconds),
      perGroupMs: { p50: pct(0.5), p99: pct(0.99), max: Math.round(sorted.at(-1)! * 10) / 10 },
      cashBook: book, redFlags: Number(flags.n), ledgerVerified: verified.ok,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    }
    const dir = path.join(import.meta.dirname, 'results')
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, `transaction-day-${backend}.json`), JSON.stringify(toJsonSafe(result), null, 2) + '\n')
    console.log(`| transaction day (${backend}) | ${entries} member entries in ${batches.length} groups | **${result.totalSeconds} s** (target ${result.targetSeconds ?? '—'} s), p50 ${result.perGroupMs.p50} ms/group, p99 ${result.perGroupMs.p99} ms; peak RSS ${result.peakRssMb} MB |`)
  } finally {
    await app.close()
    await database.drop()
  }
}

/** The point, the Women's Union, the groups, their members and the applications through them — set-based. */
async function seedNetwork(db: Parameters<typeof seedActiveLoans>[0]): Promise<void> {
  const steps = [
    sql`insert into transaction_points (commune_unit_id, code, site_name, monthly_day, start_time) values (${COMMUNE}, 'DGD-BENCH-01', 'Trụ sở UBND xã', 15, '07:30')`,
    sql`insert into organisation_units (organisation, level, bank_unit_id, name, province_code) values ('womens_union', 'commune', ${COMMUNE}, 'Hội LHPN xã', '20')`,
    sql`insert into savings_groups (province_code, code, name, commune_unit_id, transaction_point_id, organisation_unit_id, founding_decision_number, founding_decision_date)
        select '20', 'TO-' || lpad(g::text, 3, '0'), 'Tổ TK&VV số ' || g, ${COMMUNE}, (select id from transaction_points where code = 'DGD-BENCH-01'),
               (select id from organisation_units where bank_unit_id = ${COMMUNE}), 'QĐ ' || g || '/2020', '2020-01-02'
        from generate_series(1, ${groups}) g`,
    sql`create temp table bench_members as
        select r.loan_id, r.household_id, g.id as group_id
        from (select l.id as loan_id, l.household_id, row_number() over (order by l.id) as rn from loans l where l.commune_unit_id = ${COMMUNE} order by l.id limit ${groups * members}) r
        join savings_groups g on g.code = 'TO-' || lpad((1 + (r.rn - 1) / ${members})::text, 3, '0')`,
    sql`insert into group_memberships (province_code, group_id, household_id, joined_on) select '20', group_id, household_id, '2020-06-01' from bench_members`,
    sql`insert into loan_applications (id, province_code, household_id, commune_unit_id, group_id, channel, program_code, terms_id, capital_source_code, purpose, amount_dong,
          term_months, interval_months, application_date, eligibility, status, submitted_at)
        select m.loan_id, '20', m.household_id, ${COMMUNE}, m.group_id, 'entrusted', 'POOR', l.terms_id, 'CENTRAL', 'Chăn nuôi', 50000000, 24, 12, '2025-07-01', '{}'::jsonb, 'approved', now()
        from bench_members m join loans l on l.id = m.loan_id`,
    sql`update loans l set application_id = m.loan_id from bench_members m where l.id = m.loan_id`,
    sql`select setval(pg_get_serial_sequence('loan_applications', 'id'), (select max(id) from loan_applications))`,
    sql`drop table bench_members`,
    sql`analyze`,
  ]
  for (const step of steps) await step.execute(db)
}

await main()

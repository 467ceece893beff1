/**
 * Benchmark: posting throughput of repayments through the use-case layer against a raw
 * single-statement double-entry insert on the same database. Target (issue #4): the use-case
 * reaches at least 50 % of the raw insert's throughput, on PostgreSQL and on PGlite.
 *
 *   node --import tsx bench/posting.ts --backend postgres|pglite [--repayments 10000] [--loans 100000]
 *
 * Seeding is set-based (bench/seed.ts), not measured: active 50.000.000 ₫ loans with 200.000 ₫ of
 * interest already accrued, so a repayment of 1.000.000 ₫ pays interest and principal. Then, one
 * at a time, sequentially, in alternating blocks so a busy machine disturbs both alike:
 * - use-case: `runIdempotent` + `runLoanEvent` with an Idempotency-Key — what POST
 *   /api/v1/loans/{id}/repay runs below HTTP and the session lookup: one transaction that claims
 *   the key, locks the loan, accrues interest to the day (an accrual entry), posts the repayment
 *   entry (cash Dr, interest receivable Cr, principal Cr), saves the loan and its instalments,
 *   records the loan event and the audit row, and stores the response;
 * - raw: one data-modifying CTE per repayment, autocommit — a journal entry, its three postings
 *   (same accounts, amounts and loan tag as a repayment) and the three account balances moved.
 * Each path repays loans of its own. Afterwards a few repayments run again through the use-case
 * with a Kysely plugin that counts and times every statement (the profile in the results), the
 * raw path's loans get their cached balances moved to match its postings (set-based, unmeasured:
 * the raw insert does not maintain the loans sub-ledger), and `verifyLedger` must pass.
 *
 * Writes bench/results/posting-<backend>.json: repayments/s, p50/p99 latency and CPU per
 * repayment of each path, the ratio, the statement profile, peak RSS, the machine and how much
 * CPU other processes used meanwhile (the machine is shared: a high figure means disturbed timings).
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { PostgresQueryCompiler, sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely'
import { DEFAULT_AUTH_POLICY } from '../src/app/auth.js'
import { toJsonSafe } from '../src/app/canonical-json.js'
import type { Actor, Executor, RequestContext } from '../src/app/context.js'
import { runIdempotent } from '../src/app/idempotency.js'
import { verifyLedger } from '../src/app/ledger.js'
import { runLoanEvent } from '../src/app/loans/loan-events.js'
import { openApp, systemContext } from '../src/app/open-app.js'
import { createUser } from '../src/app/users.js'
import { accountKey, accountTypeOf, type AccountRef } from '../src/domain/ledger/index.js'
import type { LocalDate } from '../src/domain/shared/index.js'
import { communeOfLoan, createBenchDatabase, SEED, seedActiveLoans, type BenchBackend } from './seed.js'

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' },
    repayments: { type: 'string', default: '10000' },
    loans: { type: 'string', default: '100000' },
    block: { type: 'string', default: '500' },
  },
})
const backend = values.backend as BenchBackend
if (backend !== 'postgres' && backend !== 'pglite') throw new Error('--backend postgres|pglite')
const repayments = Number(values.repayments)
const blockSize = Number(values.block)
/** Repayments per path before measuring (JIT, caches, the pool's connection), not counted. */
const WARMUP = Math.min(200, repayments)
/** Repayments run again with the statement profiler. */
const PROFILED = 50
/** Each path repays loans of its own: use-case 1..M, raw M+1..2M, profile after them. */
const perPath = WARMUP + repayments
const loans = Math.max(Number(values.loans), 2 * perPath + PROFILED)

const REPAY_DATE = '2026-01-15' as LocalDate
const AMOUNT_DONG = 1_000_000n
const SEEDED_INTEREST_DONG = 200_000n
/** The raw path pays this much interest and the rest principal (the use-case pays all interest due). */
const RAW_INTEREST_DONG = 100_000n
const RAW_REQUEST_PREFIX = 'bench-raw-'

interface Series {
  readonly latenciesMs: number[]
  wallMs: number
  nodeCpuMs: number
  serverCpuMs: number | null
}
const newSeries = (): Series => ({ latenciesMs: [], wallMs: 0, nodeCpuMs: 0, serverCpuMs: 0 })

async function main() {
  const database = await createBenchDatabase(backend)
  const app = await openApp({ databaseUrl: database.databaseUrl, dataDir: database.dataDir, authPolicy: DEFAULT_AUTH_POLICY })
  const loadAverageAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100)
  try {
    const t0 = performance.now()
    await seedActiveLoans(app.db, loans, { accruedInterestDong: SEEDED_INTEREST_DONG })
    const teller = await benchTeller(app.db)
    const raw = await rawRepayment(app.db, teller.userId)
    console.log(`seeded ${loans} loans in ${Math.round(performance.now() - t0) / 1000} s; ${repayments} repayments per path (+${WARMUP} warm-up), blocks of ${blockSize}`)

    const useCase = (loanId: number, db: Executor = app.db) => repayThroughUseCase(db, teller, loanId)
    for (let i = 1; i <= WARMUP; i++) {
      await useCase(i)
      await raw(perPath + i)
    }

    const series = { useCase: newSeries(), raw: newSeries() }
    const machineBefore = readMachineTicks()
    const oursBefore = await ourCpuMs(app.db)
    let block = 0
    for (let done = 0; done < repayments; done += blockSize, block++) {
      const count = Math.min(blockSize, repayments - done)
      const first = WARMUP + done + 1
      const runs = [
        () => measureBlock(app.db, series.useCase, count, (k) => useCase(first + k)),
        () => measureBlock(app.db, series.raw, count, (k) => raw(perPath + first + k)),
      ]
      if (block % 2 === 1) runs.reverse()
      for (const run of runs) await run()
      process.stderr.write(`  ${done + count}/${repayments}: use-case ${perSecond(series.useCase)}/s, raw ${perSecond(series.raw)}/s\n`)
    }
    const oursAfter = await ourCpuMs(app.db)
    const machineAfter = readMachineTicks()
    const measuredWallMs = series.useCase.wallMs + series.raw.wallMs
    const otherCpuCores = otherCpuDuring(machineBefore, machineAfter, oursBefore, oursAfter, measuredWallMs)

    const profile = await profileUseCase(app.db, (loanId, db) => useCase(loanId, db), 2 * perPath + 1, PROFILED)

    await reconcileRawLoans(app.db, raw.principalAccountId, raw.interestAccountId)
    const tv = performance.now()
    const verified = await verifyLedger(app.db)
    const verifySeconds = Math.round(performance.now() - tv) / 1000
    if (!verified.ok) {
      console.error(JSON.stringify(toJsonSafe(verified.differences), null, 2))
      throw new Error('verifyLedger failed after the benchmark: the ledger does not balance')
    }
    console.log(`ledger verify: ${verifySeconds} s, ok=${verified.ok}`)

    const { rows: [schema] } = await sql<{ name: string }>`select name from schema_migrations order by name desc limit 1`.execute(app.db)
    const ratio = Math.round((perSecondExact(series.useCase) / perSecondExact(series.raw)) * 1000) / 1000
    const loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100)
    const result = {
      benchmark: 'posting-throughput', backend, date: new Date().toISOString(), loans, repayments, warmupPerPath: WARMUP, blockSize,
      machine: {
        cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version,
        platform: `${os.platform()} ${os.release()}`, database: app.serverVersion, schema: schema?.name ?? 'unknown', loadAverageAtStart, loadAverageAtEnd,
        otherProcessesCpuCores: otherCpuCores,
      },
      disturbed: otherCpuCores === null ? null : otherCpuCores > 0.25,
      useCase: { what: 'runIdempotent + runLoanEvent(repay): POST /api/v1/loans/{id}/repay below HTTP and the session lookup', ...summary(series.useCase), statementsPerRepayment: profile.statementsPerRepayment },
      raw: { what: 'one data-modifying CTE, autocommit: journal entry + 3 postings + 3 account balances', ...summary(series.raw), statementsPerRepayment: 1 },
      ratio, targetRatio: 0.5, met: ratio >= 0.5,
      profile,
      verifySeconds, verifyOk: verified.ok,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }
    mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true })
    writeFileSync(path.join(import.meta.dirname, 'results', `posting-${backend}.json`), `${JSON.stringify(result, null, 2)}\n`)
    console.log(JSON.stringify(result, null, 2))
    const fmt = (n: number) => n.toLocaleString('en-US')
    console.log(
      `\n| posting throughput (\`bench/posting.ts\`) | ${backend === 'postgres' ? 'PostgreSQL' : 'PGlite (on disk)'} | ${fmt(loans)} active loans, ${fmt(repayments)} repayments per path ` +
        `| **${fmt(result.useCase.perSecond)}/s** use-case (p50 ${result.useCase.p50Ms} ms, p99 ${result.useCase.p99Ms} ms) vs ${fmt(result.raw.perSecond)}/s raw = **${Math.round(ratio * 100)} %**; peak RSS ${result.peakRssMb} MB ` +
        `| ≥ 50 % | ${result.met ? 'met' : '**not met**'} |`,
    )
  } finally {
    await app.close()
    await database.drop()
  }
}

/** A teller at the transaction office: every seeded commune is in scope. */
async function benchTeller(db: Executor): Promise<Actor> {
  const outcome = await createUser(db, systemContext('bench'), { username: 'bench_teller', fullName: 'Giao dịch viên', role: 'teller', unitId: SEED.officeUnitId, password: 'Bench-teller-2026' })
  if (outcome.kind !== 'created') throw new Error('the bench teller needs no approval')
  return { userId: outcome.user.id, username: 'bench_teller', role: 'teller', unitId: SEED.officeUnitId, scopePath: `/1/100/${SEED.officeUnitId}/` }
}

/** What the repay route does under its idempotency middleware, minus HTTP and the session lookup. */
async function repayThroughUseCase(db: Executor, actor: Actor, loanId: number): Promise<void> {
  const cashUnit = communeOfLoan(loanId)
  const body = JSON.stringify({ date: REPAY_DATE, amountDong: AMOUNT_DONG.toString(), cashUnitId: cashUnit })
  const ctx: RequestContext = { actor, requestId: `bench-${loanId}`, now: new Date() }
  const { replayed } = await runIdempotent(db, { userId: actor.userId, key: `bench-repay-${loanId}`, method: 'POST', path: `/api/v1/loans/${loanId}/repay`, body }, async (trx) => {
    const state = await runLoanEvent(trx, ctx, BigInt(loanId), { type: 'repay', date: REPAY_DATE, amountDong: AMOUNT_DONG, cashUnit })
    return { status: 200, body: JSON.stringify(toJsonSafe(state)) }
  })
  if (replayed) throw new Error(`repayment of loan ${loanId} was a replay`)
}

/**
 * The yardstick: one statement per repayment, autocommit. The accounts exist beforehand (ids
 * bound as parameters), as a hand-written posting routine would cache them.
 */
async function rawRepayment(db: Executor, userId: number) {
  const terms = { program: SEED.programCode, capitalSource: SEED.capitalSource }
  const principal: AccountRef = { kind: 'loan_principal', ...terms, status: 'in_term' }
  const interest: AccountRef = { kind: 'interest_receivable', ...terms, status: 'normal' }
  const cash = Array.from({ length: SEED.communes }, (_, i): AccountRef => ({ kind: 'cash', unit: SEED.firstCommuneUnitId + i }))
  const refs = [principal, interest, ...cash]
  const rows = refs.map((a) => ({ key: accountKey(a), kind: a.kind, type: accountTypeOf(a), program_code: a.program ?? null, capital_source_code: a.capitalSource ?? null, status: a.status ?? null, unit_id: a.unit ?? null }))
  await sql`
    insert into ledger_accounts (key, kind, type, program_code, capital_source_code, status, unit_id)
    select key, kind, type, program_code, capital_source_code, status, unit_id
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as a(key text, kind text, type text, program_code text, capital_source_code text, status text, unit_id integer)
    on conflict (key) do nothing`.execute(db)
  const ids = new Map((await db.selectFrom('ledger_accounts').select(['id', 'key']).execute()).map((r) => [r.key, r.id.toString()]))
  const idOf = (a: AccountRef) => ids.get(accountKey(a)) ?? assertNever(`account ${accountKey(a)} missing`)
  const principalId = idOf(principal)
  const interestId = idOf(interest)
  const cashIds = cash.map(idOf)
  const cashDong = AMOUNT_DONG.toString()
  const principalDong = (RAW_INTEREST_DONG - AMOUNT_DONG).toString()
  const interestDong = (-RAW_INTEREST_DONG).toString()
  const repay = async (loanId: number) => {
    const cashId = cashIds[communeOfLoan(loanId) - SEED.firstCommuneUnitId]!
    const { rows: done } = await sql<{ id: bigint }>`
      with entry as (
        insert into journal_entries (province_code, kind, entry_date, posted_at, loan_id, description, request_id, created_by)
        values (${SEED.provinceCode}, 'loan.repayment', ${REPAY_DATE}::date, ${new Date()}, ${String(loanId)}::bigint, ${`loan.repayment #${loanId}`}, ${`${RAW_REQUEST_PREFIX}${loanId}`}, ${userId})
        returning id
      ),
      lines (account_id, amount) as (values (${cashId}::bigint, ${cashDong}::bigint), (${principalId}::bigint, ${principalDong}::bigint), (${interestId}::bigint, ${interestDong}::bigint)),
      inserted as (
        insert into postings (entry_id, account_id, loan_id, amount_dong, province_code, entry_date)
        select entry.id, lines.account_id, ${String(loanId)}::bigint, lines.amount, ${SEED.provinceCode}, ${REPAY_DATE}::date from entry, lines
        returning account_id, amount_dong
      ),
      moved as (
        update ledger_accounts a set balance_dong = a.balance_dong + i.amount_dong from inserted i where a.id = i.account_id returning a.id
      )
      select id from entry`.execute(db)
    if (done.length !== 1) throw new Error(`raw repayment of loan ${loanId} wrote no entry`)
  }
  return Object.assign(repay, { principalAccountId: principalId, interestAccountId: interestId })
}

function assertNever(message: string): never {
  throw new Error(message)
}

/**
 * The raw path writes postings tagged with its loans but does not touch the loans: move their
 * cached balances and first instalment by what their postings say, so `verifyLedger` compares a
 * consistent sub-ledger. Not measured.
 */
async function reconcileRawLoans(db: Executor, principalAccountId: string, interestAccountId: string): Promise<void> {
  await sql`
    with paid as (
      select p.loan_id,
             coalesce(sum(p.amount_dong) filter (where p.account_id = ${principalAccountId}::bigint), 0) as principal,
             coalesce(sum(p.amount_dong) filter (where p.account_id = ${interestAccountId}::bigint), 0) as interest
      from postings p join journal_entries e on e.id = p.entry_id
      where e.request_id like ${`${RAW_REQUEST_PREFIX}%`}
      group by p.loan_id
    ),
    loans_moved as (
      update loans l set principal_in_term_dong = l.principal_in_term_dong + paid.principal, interest_dong = l.interest_dong + paid.interest
      from paid where l.id = paid.loan_id
      returning l.id
    )
    update loan_instalments i set principal_paid_dong = i.principal_paid_dong - paid.principal
    from paid where i.loan_id = paid.loan_id and i.seq = 1`.execute(db)
}

async function measureBlock(db: Executor, series: Series, count: number, one: (k: number) => Promise<void>): Promise<void> {
  const before = await ourCpuMs(db)
  const start = performance.now()
  for (let k = 0; k < count; k++) {
    const t = performance.now()
    await one(k)
    series.latenciesMs.push(performance.now() - t)
  }
  series.wallMs += performance.now() - start
  const after = await ourCpuMs(db)
  series.nodeCpuMs += after.nodeMs - before.nodeMs
  series.serverCpuMs = series.serverCpuMs === null || after.serverMs === null || before.serverMs === null ? null : series.serverCpuMs + serverDelta(before.serverMs, after.serverMs)
}

const perSecondExact = (s: Series) => (s.latenciesMs.length / s.wallMs) * 1000
const perSecond = (s: Series) => Math.round(perSecondExact(s))
const round2 = (n: number) => Math.round(n * 100) / 100

function summary(s: Series) {
  const sorted = [...s.latenciesMs].sort((a, b) => a - b)
  const at = (q: number) => round2(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0)
  const n = sorted.length
  return {
    repayments: n, seconds: round2(s.wallMs / 1000), perSecond: perSecond(s),
    meanMs: round2(s.wallMs / n), p50Ms: at(0.5), p99Ms: at(0.99), maxMs: round2(sorted[n - 1] ?? 0),
    nodeCpuMsPerRepayment: round2(s.nodeCpuMs / n),
    serverCpuMsPerRepayment: s.serverCpuMs === null ? null : round2(s.serverCpuMs / n),
  }
}

// ---- CPU accounting: this process, its PostgreSQL backends, and everything else on the machine ----

type PidTicks = Map<number, number>
interface OurCpu {
  readonly nodeMs: number
  /** CPU ticks of each server process serving this database (local PostgreSQL only). */
  readonly serverMs: PidTicks | null
}

async function ourCpuMs(db: Executor): Promise<OurCpu> {
  const usage = process.cpuUsage()
  const nodeMs = (usage.user + usage.system) / 1000
  if (backend === 'pglite') return { nodeMs, serverMs: null }
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db)
  const serverMs: PidTicks = new Map()
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      serverMs.set(pid, (Number(fields[11]) + Number(fields[12])) * 10) // USER_HZ is 100 on Linux
    } catch {
      return { nodeMs, serverMs: null } // not a local server
    }
  }
  return { nodeMs, serverMs }
}

function serverDelta(before: PidTicks, after: PidTicks): number {
  let ms = 0
  for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0)
  return ms
}

/** Busy and total CPU ticks of the whole machine (/proc/stat), or null off Linux. */
function readMachineTicks(): { busy: number; total: number } | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number)
    const total = cpu.reduce((a, b) => a + b, 0)
    return { busy: total - cpu[3]! - cpu[4]!, total }
  } catch {
    return null
  }
}

/** Cores' worth of CPU that other processes used while we measured (0 on a quiet machine). */
function otherCpuDuring(before: ReturnType<typeof readMachineTicks>, after: ReturnType<typeof readMachineTicks>, oursBefore: OurCpu, oursAfter: OurCpu, wallMs: number): number | null {
  if (!before || !after) return null
  const machineBusyMs = (after.busy - before.busy) * 10
  const oursMs = oursAfter.nodeMs - oursBefore.nodeMs + (oursBefore.serverMs && oursAfter.serverMs ? serverDelta(oursBefore.serverMs, oursAfter.serverMs) : 0)
  return round2(Math.max(0, machineBusyMs - oursMs) / wallMs)
}

// ---- the statement profile of the use-case ----

const compiler = new PostgresQueryCompiler()

/** A short name for a statement: its verb and first table, or its opening words. */
function labelOf(text: string): string {
  const s = text.replace(/"/g, '').replace(/\s+/g, ' ').trim()
  const m = /^(select|insert into|update|delete from|with)\b(.*)$/i.exec(s)
  if (!m) return s.slice(0, 50)
  const verb = m[1]!.toLowerCase()
  const rest = m[2]!
  if (verb === 'with') {
    const target = /(insert into|update) (\w+)/i.exec(rest)
    return `with … ${target ? `${target[1]!.toLowerCase()} ${target[2]}` : rest.trim().slice(0, 40)} (CTE)`
  }
  if (verb === 'select') {
    const from = / from (\w+)/i.exec(rest)
    const forUpdate = / for update\b/i.test(rest) ? ' for update' : ''
    return from ? `select from ${from[1]}${forUpdate}` : `select ${rest.trim().slice(0, 40)}`
  }
  const table = /^ (\w+)/.exec(rest)
  const upsert = / on conflict .* do update/i.test(rest) ? ' … on conflict do update' : / on conflict/i.test(rest) ? ' … on conflict do nothing' : ''
  return `${verb} ${table?.[1] ?? ''}${upsert}`
}

/** Counts and times every statement Kysely sends (BEGIN and COMMIT bypass plugins). */
class StatementProfiler implements KyselyPlugin {
  readonly started = new WeakMap<object, { label: string; t: number }>()
  readonly byLabel = new Map<string, { count: number; ms: number; order: number }>()

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.started.set(args.queryId, { label: labelOf(compiler.compileQuery(args.node, args.queryId).sql), t: performance.now() })
    return args.node
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const s = this.started.get(args.queryId)
    if (s) {
      const entry = this.byLabel.get(s.label) ?? { count: 0, ms: 0, order: this.byLabel.size }
      entry.count++
      entry.ms += performance.now() - s.t
      this.byLabel.set(s.label, entry)
    }
    return args.result
  }
}

async function profileUseCase(db: Executor, repay: (loanId: number, db: Executor) => Promise<void>, firstLoan: number, count: number) {
  const profiler = new StatementProfiler()
  const profiled = db.withPlugin(profiler)
  const start = performance.now()
  for (let k = 0; k < count; k++) await repay(firstLoan + k, profiled)
  const totalMs = performance.now() - start
  const statements = [...profiler.byLabel.entries()]
    .sort((a, b) => a[1].order - b[1].order)
    .map(([label, s]) => ({ statement: label, perRepayment: round2(s.count / count), msPerRepayment: round2(s.ms / count) }))
  const counted = statements.reduce((n, s) => n + s.perRepayment, 0)
  const statementMs = statements.reduce((n, s) => n + s.msPerRepayment, 0)
  return {
    repayments: count,
    statementsPerRepayment: round2(counted + 2),
    statements: [...statements, { statement: 'begin + commit (not seen by plugins)', perRepayment: 2, msPerRepayment: null }],
    msPerRepayment: round2(totalMs / count),
    /** Begin/commit round trips and the JavaScript between statements (domain, hashing, JSON). */
    outsideStatementsMsPerRepayment: round2(totalMs / count - statementMs),
    note: 'statement times run from compilation to result; the two loadPrograms queries are sent together, so the second includes waiting for the first',
  }
}

await main()

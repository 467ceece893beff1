/**
 * Benchmark: API read throughput — `GET /api/v1/loans/{id}` (a loan with its schedule, events and
 * postings, scope-checked) on the real server in a child process, loaded by autocannon with 50
 * connections. Targets (issue #8): on PostgreSQL at least 1,000 requests/s with p99 under 100 ms;
 * the server's peak RSS under 512 MB; no error and no non-2xx answer. PGlite (one connection,
 * in the server's process) is recorded too.
 *
 *   node --import tsx bench/api-read.ts --backend postgres|pglite [--loans 100000] [--connections 50] [--duration 20] [--warmup 3] [--profile DIR]
 *
 * Seeding is set-based (bench/seed.ts) and not measured: N active 50.000.000 ₫ loans with a
 * disbursement and an interest accrual each (4 postings, 2 instalments), and a teller at the
 * transaction office above their 20 communes. Then `node bin/tdcs.js serve` starts on that database
 * (TDCS_DEMO=0, LOG_LEVEL=info as in production, its log to a file), the teller logs in through
 * POST /api/v1/auth/login, and autocannon requests loans spread over all N ids (a fixed
 * pseudo-random sequence), first for a warm-up, then for the measured run. The server's peak RSS
 * is its VmHWM at the end. The CPU used during the run by the server, by the PostgreSQL processes
 * serving its pool (local server) and by autocannon is read from /proc: per request, it does not
 * depend on what else the machine runs, unlike requests per second. autocannon runs in this
 * process, on the same machine, so it takes CPU from the server: the rate is a lower bound.
 *
 * Writes bench/results/api-read-<backend>.json (api-read-postgres-prepared.json when run with
 * TDCS_PG_PREPARE=1: the hot statements prepared once per connection, src/db/prepared.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import pg from 'pg'
import { DEFAULT_AUTH_POLICY } from '../src/app/auth.js'
import { openApp, systemContext } from '../src/app/open-app.js'
import { createUser } from '../src/app/users.js'
import { createBenchDatabase, PG_ADMIN_URL, SEED, seedActiveLoans, type BenchBackend } from './seed.js'
import { cpuSecondsOf, logIn, memoryOf, spawnServer } from './server-process.js'

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' },
    loans: { type: 'string', default: '100000' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    /** Write the server's V8 CPU profile (node --cpu-prof) and this run's figures into this folder, not into bench/results. */
    profile: { type: 'string' },
  },
})
const backend = values.backend as BenchBackend
if (backend !== 'postgres' && backend !== 'pglite') throw new Error('--backend postgres|pglite')
const loans = Number(values.loans)
const connections = Number(values.connections)
const durationSeconds = Number(values.duration)
const warmupSeconds = Number(values.warmup)
const USERNAME = 'bench_reader'
const PASSWORD = 'Bench-reader-2026'

async function main(): Promise<void> {
  const database = await createBenchDatabase(backend)
  const work = mkdtempSync(path.join(os.tmpdir(), 'tdcs-api-read-'))
  const loadAverageAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100)
  try {
    const t0 = performance.now()
    const app = await openApp({ databaseUrl: database.databaseUrl, dataDir: database.dataDir, authPolicy: DEFAULT_AUTH_POLICY })
    try {
      await seedActiveLoans(app.db, loans, { accruedInterestDong: 200_000n })
      const created = await createUser(app.db, systemContext('bench'), { username: USERNAME, fullName: 'Giao dịch viên', role: 'teller', unitId: SEED.officeUnitId, password: PASSWORD })
      if (created.kind !== 'created') throw new Error('the bench user needs no approval')
    } finally {
      await app.close() // PGlite: the server opens the folder next
    }
    console.log(`seeded ${loans.toLocaleString('en-US')} loans in ${Math.round(performance.now() - t0) / 1000} s`)

    const logFile = path.join(work, 'server.log')
    const server = await spawnServer({
      databaseUrl: database.databaseUrl, dataDir: database.dataDir, logFile,
      env: { TDCS_DEMO: '0', LOG_LEVEL: 'info', TDCS_ADMIN_PASSWORD: 'Bench-admin-2026' },
      nodeArgs: values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [],
    })
    try {
      await server.waitForHealth(120_000)
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as { database: { backend: string; server: string } }
      const cookie = await logIn(server.url, USERNAME, PASSWORD)
      await checkOneLoan(server.url, cookie)
      const memoryAtStart = memoryOf(server.pid)
      console.log(`server up (${health.database.backend} ${health.database.server}), RSS ${memoryAtStart?.rssMb ?? '?'} MB; warm-up ${warmupSeconds} s, then ${durationSeconds} s at ${connections} connections`)

      if (warmupSeconds > 0) await load(server.url, cookie, warmupSeconds)
      const backends = await databaseBackends(database.databaseUrl)
      const cpuBefore = { server: cpuSecondsOf(server.pid), database: sumCpu(backends), driver: process.cpuUsage() }
      const result = await load(server.url, cookie, durationSeconds)
      const cpuAfter = { server: cpuSecondsOf(server.pid), database: sumCpu(backends), driver: process.cpuUsage(cpuBefore.driver) }
      const memory = memoryOf(server.pid)
      const serverCpu = cpuBefore.server === null || cpuAfter.server === null ? null : cpuAfter.server - cpuBefore.server
      const databaseCpu = cpuBefore.database === null || cpuAfter.database === null ? null : cpuAfter.database - cpuBefore.database
      const driverCpu = (cpuAfter.driver.user + cpuAfter.driver.system) / 1e6
      const perRequestMs = (cpu: number | null) => (cpu === null || result.requests.total === 0 ? null : round2((cpu * 1000) / result.requests.total))

      const failedRequests = result.errors + result.timeouts + result.non2xx
      const report = {
        benchmark: 'api-read', backend, date: new Date().toISOString(),
        request: 'GET /api/v1/loans/{id} (a teller at the transaction office: every loan is in scope)',
        data: { loans, postingsPerLoan: 4, instalmentsPerLoan: 2, connections, durationSeconds, warmupSeconds },
        requests: result.requests.total,
        requestsPerSecond: Math.round(result.requests.total / result.duration),
        requestsPerSecondBySecond: { mean: Math.round(result.requests.average), min: result.requests.min, max: result.requests.max },
        latencyMs: { mean: round2(result.latency.average), p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
        failedRequests,
        errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count])),
        serverPeakRssMb: memory?.peakRssMb ?? null,
        serverRssAtStartMb: memoryAtStart?.rssMb ?? null,
        cpu: {
          what: 'CPU used during the measured run, in cores (CPU seconds per second) and in ms per request; a load-independent view on a shared machine',
          serverCores: serverCpu === null ? null : round2(serverCpu / result.duration),
          databaseCores: databaseCpu === null ? null : round2(databaseCpu / result.duration),
          autocannonCores: round2(driverCpu / result.duration),
          serverMsPerRequest: perRequestMs(serverCpu),
          databaseMsPerRequest: perRequestMs(databaseCpu),
        },
        driverPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        server: {
          command: 'node bin/tdcs.js serve',
          env: `TDCS_DEMO=0 LOG_LEVEL=info${process.env.TDCS_PG_PREPARE === undefined ? '' : ` TDCS_PG_PREPARE=${process.env.TDCS_PG_PREPARE}`}`,
          database: health.database,
        },
        machine: {
          cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version,
          platform: `${os.platform()} ${os.release()}`, loadAverageAtStart, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
          note: 'autocannon runs on the same machine as the server (and, for PostgreSQL, the database)',
        },
      }
      // A profiled server is slower: its figures go beside the profile, not into the results.
      const dir = values.profile ? path.resolve(values.profile) : path.join(import.meta.dirname, 'results')
      mkdirSync(dir, { recursive: true })
      const variant = backend === 'postgres' && process.env.TDCS_PG_PREPARE === '1' ? '-prepared' : ''
      writeFileSync(path.join(dir, `api-read-${backend}${variant}.json`), `${JSON.stringify(report, null, 2)}\n`)
      console.log(JSON.stringify(report, null, 2))
      console.log(
        `\n| API read (\`bench/api-read.ts\`) | ${backend} | ${loans.toLocaleString('en-US')} loans, ${connections} connections, ${durationSeconds} s ` +
          `| **${report.requestsPerSecond.toLocaleString('en-US')} req/s**, p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, ${failedRequests} failed; server peak RSS ${report.serverPeakRssMb} MB |`,
      )
    } finally {
      await server.stop()
    }
  } finally {
    await database.drop()
    rmSync(work, { recursive: true, force: true })
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100

/** The PostgreSQL server processes serving the bench database (local server only), or null (PGlite, or not local). */
async function databaseBackends(databaseUrl: string | undefined): Promise<number[] | null> {
  if (!databaseUrl) return null
  const name = new URL(databaseUrl).pathname.slice(1)
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, user: new URL(PG_ADMIN_URL).username || 'postgres' })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [name])
    const pids = rows.map((r) => r.pid)
    return pids.every((pid) => cpuSecondsOf(pid) !== null) ? pids : null
  } finally {
    await client.end()
  }
}

const sumCpu = (pids: number[] | null): number | null => {
  if (pids === null) return null
  let total = 0
  for (const pid of pids) total += cpuSecondsOf(pid) ?? 0 // a backend that ended keeps no figure
  return total
}

/** A fixed pseudo-random walk over the loan ids (mulberry32), the same in every run. */
function loanIds(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return 1 + Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * loans)
  }
}

async function load(url: string, cookie: string, seconds: number) {
  const next = loanIds(20260115)
  return autocannon({
    url, connections, duration: seconds, timeout: 10,
    headers: { cookie, accept: 'application/json' },
    requests: [{ method: 'GET', path: '/api/v1/loans/1', setupRequest: (request) => ({ ...request, path: `/api/v1/loans/${next()}` }) }],
  })
}

/** The read under load must be the real one: a 200 with the loan, its schedule and postings. */
async function checkOneLoan(url: string, cookie: string): Promise<void> {
  const res = await fetch(`${url}/api/v1/loans/${loans}`, { headers: { cookie } })
  const body = (await res.json()) as { loan?: { id?: unknown }; instalments?: unknown[]; postings?: unknown[] }
  if (res.status !== 200 || String(body.loan?.id) !== String(loans) || body.instalments?.length !== 2 || body.postings?.length !== 4)
    throw new Error(`GET /api/v1/loans/${loans} did not answer the seeded loan: ${res.status} ${JSON.stringify(body).slice(0, 300)}`)
}

await main()

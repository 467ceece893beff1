/**
 * Benchmark: first start — the time from spawning `node bin/tdcs.js serve` on an empty database
 * until GET /api/health answers 200: migrations from zero, the first administrator, the web app's
 * routes, listening. Target (issue #8): a newcomer's first `npm start` shows a populated dashboard
 * within 30 s on PGlite, demo seed included.
 *
 *   node --import tsx bench/first-start.ts --backend pglite|postgres
 *
 * Two starts, each on a fresh database (PGlite: a data folder that does not exist yet, as on a
 * fresh clone; PostgreSQL: a new empty database) and with an empty TMPDIR, so tsx compiles the
 * sources from cold as on a fresh clone:
 * - `TDCS_DEMO=0`: no demo data;
 * - TDCS_DEMO unset: as `npm start` runs it — when `serve` seeds a demo province into an empty
 *   database before it listens, this start includes that seed.
 * After each start the server is stopped and the database opened again to count what the start
 * left (households, loans, users): a demo seed shows there. `npm start` also builds the web app
 * first when dist/web is missing (`scripts/ensure-web-build.mjs`); that build is not counted, and
 * neither is the template of the empty PGlite database that `npm install` builds (src/db/pglite-template.ts):
 * a new data folder starts from it when it is there (`fromInstallTemplate` in the result).
 *
 * Writes bench/results/first-start-<backend>.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { DEFAULT_AUTH_POLICY } from '../src/app/auth.js'
import { openApp } from '../src/app/open-app.js'
import { createBenchDatabase, type BenchBackend } from './seed.js'
import { cpuSecondsOf, memoryOf, spawnServer } from './server-process.js'

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'pglite' }, timeout: { type: 'string', default: '300' } } })
const backend = values.backend as BenchBackend
if (backend !== 'postgres' && backend !== 'pglite') throw new Error('--backend postgres|pglite')
const timeoutMs = Number(values.timeout) * 1000

interface Variant {
  readonly variant: string
  readonly env: Readonly<Record<string, string | undefined>>
}
const VARIANTS: readonly Variant[] = [
  { variant: 'empty database, TDCS_DEMO=0', env: { TDCS_DEMO: '0' } },
  { variant: 'empty database, TDCS_DEMO unset (as `npm start`)', env: { TDCS_DEMO: undefined } },
  // Without the template `npm install` builds (PGlite only): initdb and every migration at start.
  ...(backend === 'pglite' ? [{ variant: 'empty database, TDCS_DEMO unset, no install-time template', env: { TDCS_DEMO: undefined, TDCS_PGLITE_TEMPLATE: '0' } }] : []),
]

async function startOnce({ variant, env }: Variant) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'tdcs-first-start-'))
  const database = await createBenchDatabase(backend)
  // PGlite: a folder that does not exist yet, like ./data/pglite on a fresh clone.
  const dataDir = database.dataDir === undefined ? undefined : path.join(database.dataDir, 'pglite')
  const tmpDir = path.join(work, 'tmp')
  mkdirSync(tmpDir)
  const logFile = path.join(work, 'server.log')
  try {
    const server = await spawnServer({ databaseUrl: database.databaseUrl, dataDir, logFile, env: { ...env, TMPDIR: tmpDir, LOG_LEVEL: 'info' } })
    let seconds: number
    let memory: ReturnType<typeof memoryOf>
    let cpuSeconds: number | null
    try {
      seconds = Math.round(((await server.waitForHealth(timeoutMs)) - server.spawnedAt)) / 1000
      memory = memoryOf(server.pid)
      cpuSeconds = cpuSecondsOf(server.pid)
    } finally {
      await server.stop()
    }
    const counts = await countRows(database.databaseUrl, dataDir)
    const log = readFileSync(logFile, 'utf8')
    const run = {
      variant, env: Object.entries(env).map(([k, v]) => (v === undefined ? `${k} unset` : `${k}=${v}`)).join(' '),
      seconds, serverCpuSeconds: cpuSeconds, serverPeakRssMb: memory?.peakRssMb ?? null, ...counts, demoSeeded: counts.households > 0,
      printedFirstAdmin: /First administrator created/.test(log),
      // PGlite: whether the new data folder came from the install-time template (`npm install`'s prepare).
      fromInstallTemplate: /created from the install-time template/.test(log),
    }
    console.log(`${variant}: ${seconds} s to /api/health (server CPU ${cpuSeconds ?? '?'} s); peak RSS ${run.serverPeakRssMb} MB; ${counts.households} households, ${counts.loans} loans, ${counts.users} users afterwards`)
    return run
  } finally {
    await database.drop()
    rmSync(work, { recursive: true, force: true })
  }
}

async function countRows(databaseUrl: string | undefined, dataDir: string | undefined) {
  const app = await openApp({ databaseUrl, dataDir, authPolicy: DEFAULT_AUTH_POLICY, migrate: false })
  try {
    const { rows: [row] } = await sql<{ households: string; loans: string; users: string }>`
      select (select count(*) from households) as households, (select count(*) from loans) as loans, (select count(*) from users) as users`.execute(app.db)
    return { households: Number(row?.households ?? 0), loans: Number(row?.loans ?? 0), users: Number(row?.users ?? 0), database: `${app.backend} ${app.serverVersion}` }
  } finally {
    await app.close()
  }
}

async function main(): Promise<void> {
  const loadAverageAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100)
  const runs = []
  for (const v of VARIANTS) runs.push(await startOnce(v))
  const demo = runs[1]!
  const report = {
    benchmark: 'first-start', backend, date: new Date().toISOString(),
    measured: 'spawn of `node bin/tdcs.js serve` → first 200 from GET /api/health (cold tsx cache, empty database)',
    autoSeed: demo.demoSeeded
      ? `serve seeded a demo into the empty database (${demo.households} households, ${demo.loans} loans) before answering`
      : 'serve did not seed a demo into the empty database (no auto-seed in this version): both starts do the same work',
    runs,
    machine: {
      cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version,
      platform: `${os.platform()} ${os.release()}`, loadAverageAtStart, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
    },
  }
  const dir = path.join(import.meta.dirname, 'results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, `first-start-${backend}.json`), `${JSON.stringify(report, null, 2)}\n`)
  console.log(JSON.stringify(report, null, 2))
}

await main()

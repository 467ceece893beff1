/**
 * The benchmark suite: every benchmark of the project, each in a child process of its own (so each
 * has its own peak RSS), on one backend or both, then one result per backend beside the targets.
 *
 *   npm run bench -- [--backend postgres|pglite|both] [--only posting,api-read] [--quick | --collect]
 *
 * Benchmarks, in order: registry-import, posting, transaction-day, month-end, reports (when
 * bench/reports.ts exists), api-read, first-start. Each writes its own
 * bench/results/<name>-<backend>.json as before; the suite reads it, judges its figures against
 * bench/targets.ts and writes bench/results/<YYYY-MM-DD>-<backend>.json (machine, database
 * version, data sizes, figures, peak RSS, target, verdict) and a Markdown table beside it
 * (<YYYY-MM-DD>-<backend>.md). A run with --only is merged into the same day's earlier result.
 *
 * --quick runs every benchmark on small data, as a smoke test of the suite: its results go to
 * <YYYY-MM-DD>-<backend>-quick.{json,md}, say so, and the benchmarks' own result files are put
 * back as they were afterwards, so a smoke run never replaces a measurement.
 * --collect runs nothing: it judges the recorded bench/results/<name>-<backend>.json files as they
 * are (e.g. after running benchmarks one by one) and writes the same dated table.
 * Each child's output is shown live and kept in bench/tmp/suite-logs/.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { PG_ADMIN_URL } from './seed.js'
import { memoryOf } from './server-process.js'
import { BENCHMARK_ORDER, backendName, extract, judge, mergeSuite, summarise, toMarkdown, type BenchmarkOutcome, type Machine, type SuiteResult } from './suite.js'
import type { BenchBackend } from './targets.js'

const BENCH = import.meta.dirname
const RESULTS = path.join(BENCH, 'results')
const LOGS = path.join(BENCH, 'tmp', 'suite-logs')

interface BenchSpec {
  readonly name: string
  readonly script: string
  /** Arguments besides --backend: the full size (the script's defaults) and the quick one. */
  readonly full: readonly string[]
  readonly quick: readonly string[]
  readonly timeoutMinutes: number
}

const SPECS: readonly BenchSpec[] = [
  { name: 'registry-import', script: 'registry-import.ts', full: [], quick: ['--households', '2000', '--format', 'csv'], timeoutMinutes: 60 },
  { name: 'posting', script: 'posting.ts', full: [], quick: ['--repayments', '200', '--loans', '1000', '--block', '100'], timeoutMinutes: 60 },
  { name: 'transaction-day', script: 'transaction-day.ts', full: [], quick: ['--groups', '5', '--members', '10'], timeoutMinutes: 30 },
  { name: 'month-end', script: 'month-end.ts', full: [], quick: ['--loans', '5000'], timeoutMinutes: 90 },
  { name: 'reports', script: 'reports.ts', full: [], quick: ['--loans', '5000', '--runs', '3'], timeoutMinutes: 90 },
  { name: 'api-read', script: 'api-read.ts', full: [], quick: ['--loans', '2000', '--duration', '5', '--warmup', '1'], timeoutMinutes: 30 },
  { name: 'first-start', script: 'first-start.ts', full: [], quick: [], timeoutMinutes: 20 },
]

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'both' }, only: { type: 'string' }, quick: { type: 'boolean', default: false }, collect: { type: 'boolean', default: false } } })
const quick = values.quick
/** Run nothing: read the benchmarks' recorded result files as they are and write the suite's table. */
const collect = values.collect
if (quick && collect) throw new Error('--collect reads the recorded (full) results: it does not combine with --quick')
const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean)
const unknown = only?.filter((n) => !SPECS.some((s) => s.name === n)) ?? []
if (unknown.length) throw new Error(`--only: unknown benchmark ${unknown.join(', ')}; known: ${SPECS.map((s) => s.name).join(', ')}`)
const backends: BenchBackend[] = values.backend === 'both' ? ['postgres', 'pglite'] : [values.backend as BenchBackend]
if (!backends.every((b) => b === 'postgres' || b === 'pglite')) throw new Error('--backend postgres|pglite|both')
const specs = SPECS.filter((s) => !only || only.includes(s.name)).sort((a, b) => BENCHMARK_ORDER.indexOf(a.name) - BENCHMARK_ORDER.indexOf(b.name))

const today = new Date().toISOString().slice(0, 10)
const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100)

async function main(): Promise<void> {
  mkdirSync(LOGS, { recursive: true })
  for (const backend of backends) {
    const loadAverageAtStart = loadAverage()
    const database = await databaseVersion(backend)
    const outcomes: BenchmarkOutcome[] = []
    for (const spec of specs) {
      if (database === null) {
        outcomes.push(skipped(spec, `no PostgreSQL answered at ${redact(PG_ADMIN_URL)} (set BENCH_DATABASE_URL)`))
        continue
      }
      if (collect) {
        outcomes.push(collectOne(spec, backend))
        continue
      }
      console.log(`\n=== ${spec.name} on ${backendName(backend)}${quick ? ' (quick)' : ''} ===`)
      outcomes.push(await runOne(spec, backend))
    }
    const machine: Machine = {
      cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version,
      platform: `${os.platform()} ${os.release()}`, loadAverageAtStart, loadAverageAtEnd: loadAverage(),
    }
    const current: SuiteResult = {
      suite: 'tdcs-bench', date: today, backend, database: database ?? 'not reachable', mode: quick ? 'quick' : collect ? 'collected' : 'full',
      note: quick
        ? 'Quick run: every benchmark on small data, to check that the suite runs end to end. Not a measurement: the targets are stated for far more data, so most verdicts read "smaller data".'
        : collect
          ? 'Collected from the benchmarks\' recorded result files (bench/results/<name>-<backend>.json), each from its own run (its time is in the JSON): the machine line describes the collection, not those runs.'
          : 'Full run: each benchmark at the size its target is stated for. Wall-clock figures depend on what else the machine ran (see the load average).',
      machine, benchmarks: outcomes, summary: summarise(outcomes),
    }
    const base = path.join(RESULTS, `${today}-${backend}${quick ? '-quick' : collect ? '-collected' : ''}`)
    const previous = existsSync(`${base}.json`) ? (JSON.parse(readFileSync(`${base}.json`, 'utf8')) as SuiteResult) : undefined
    const suite = mergeSuite(previous, current)
    mkdirSync(RESULTS, { recursive: true })
    writeFileSync(`${base}.json`, `${JSON.stringify(suite, null, 2)}\n`)
    const markdown = toMarkdown(suite)
    writeFileSync(`${base}.md`, markdown)
    console.log(`\n${markdown}\nwrote ${path.relative(process.cwd(), base)}.json and .md`)
  }
}

function skipped(spec: BenchSpec, note: string): BenchmarkOutcome {
  return { name: spec.name, status: 'skipped', note, command: null, ranAt: new Date().toISOString(), wallSeconds: null, data: {}, figures: [], peakRssMb: null, childPeakRssMb: null, resultFile: null }
}

/** The benchmark's recorded result, judged, without running it. */
function collectOne(spec: BenchSpec, backend: BenchBackend): BenchmarkOutcome {
  const resultFile = path.join(RESULTS, `${spec.name}-${backend}.json`)
  if (!existsSync(resultFile)) return skipped(spec, `no recorded result (bench/results/${spec.name}-${backend}.json)`)
  const json = JSON.parse(readFileSync(resultFile, 'utf8')) as { date?: unknown }
  const extracted = extract(spec.name, json)
  return {
    name: spec.name, status: 'ok', note: null, command: null, ranAt: typeof json.date === 'string' ? json.date : statSync(resultFile).mtime.toISOString(), wallSeconds: null,
    data: extracted.data, figures: judge(spec.name, backend, extracted), peakRssMb: extracted.peakRssMb, childPeakRssMb: null, resultFile: path.relative(path.dirname(BENCH), resultFile),
  }
}

async function runOne(spec: BenchSpec, backend: BenchBackend): Promise<BenchmarkOutcome> {
  const script = path.join(BENCH, spec.script)
  if (!existsSync(script)) return skipped(spec, `bench/${spec.script} is not there yet`)
  const resultFile = path.join(RESULTS, `${spec.name}-${backend}.json`)
  const before = existsSync(resultFile) ? readFileSync(resultFile) : undefined
  const args = ['--import', 'tsx', script, '--backend', backend, ...(quick ? spec.quick : spec.full)]
  const command = `node ${args.join(' ').replace(script, `bench/${spec.script}`)}`
  const ranAt = new Date()
  const run = await runChild(args, path.join(LOGS, `${today}-${backend}-${spec.name}${quick ? '-quick' : ''}.log`), spec.timeoutMinutes * 60_000)
  const base = { name: spec.name, command, ranAt: ranAt.toISOString(), wallSeconds: run.wallSeconds, childPeakRssMb: run.peakRssMb, resultFile: path.relative(path.dirname(BENCH), resultFile) }

  const fresh = existsSync(resultFile) && statSync(resultFile).mtimeMs >= ranAt.getTime() - 1000
  let written: Buffer | undefined
  let outcome: BenchmarkOutcome
  if (!fresh) {
    outcome = { ...base, status: 'failed', note: `${run.failure ?? 'it exited without writing'} ${spec.name}-${backend}.json; last output: ${run.tail}`, data: {}, figures: [], peakRssMb: null, resultFile: null }
  } else {
    written = readFileSync(resultFile)
    const extracted = extract(spec.name, JSON.parse(written.toString('utf8')))
    outcome = {
      ...base, status: run.failure ? 'failed' : 'ok', note: run.failure ? `${run.failure}; last output: ${run.tail}` : null,
      data: extracted.data, figures: judge(spec.name, backend, extracted), peakRssMb: extracted.peakRssMb,
    }
  }
  // A smoke run leaves the benchmark's recorded result as it was (unless someone else rewrote it meanwhile).
  if (quick && written && readFileSync(resultFile).equals(written)) {
    if (before) writeFileSync(resultFile, before)
    else rmSync(resultFile)
  }
  return outcome
}

interface ChildRun {
  readonly wallSeconds: number
  /** Sampled VmHWM of the child (its grandchildren, if any, report their own). */
  readonly peakRssMb: number | null
  readonly failure: string | null
  readonly tail: string
}

/** Runs `node args…`, its output shown live and kept in `logFile`; samples its peak RSS every 250 ms. */
async function runChild(args: readonly string[], logFile: string, timeoutMs: number): Promise<ChildRun> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: path.dirname(BENCH) })
  let peakRssMb: number | null = null
  const sample = () => {
    const m = child.pid === undefined ? null : memoryOf(child.pid)
    if (m) peakRssMb = Math.max(peakRssMb ?? 0, m.peakRssMb)
  }
  const sampler = setInterval(sample, 250)
  const log: Buffer[] = []
  child.stdout.on('data', (d: Buffer) => {
    log.push(d)
    process.stdout.write(d)
  })
  child.stderr.on('data', (d: Buffer) => {
    log.push(d)
    process.stderr.write(d)
  })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGTERM')
  }, timeoutMs)
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (c, s) => resolve({ code: c, signal: s })))
  clearTimeout(timer)
  clearInterval(sampler)
  const text = Buffer.concat(log).toString('utf8')
  writeFileSync(logFile, text)
  const tail = text.trim().split('\n').slice(-6).join(' ⏎ ').slice(-800)
  const failure = timedOut ? `stopped after ${timeoutMs / 60_000} minutes` : code === 0 ? null : `exited with ${code ?? signal}`
  return { wallSeconds: Math.round(performance.now() - started) / 1000, peakRssMb, failure, tail }
}

/** The database server's version, or null when PostgreSQL does not answer. */
async function databaseVersion(backend: BenchBackend): Promise<string | null> {
  if (backend === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite')
    const version = JSON.parse(readFileSync(path.join(path.dirname(BENCH), 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')).version as string
    const db = new PGlite()
    try {
      const { rows } = await db.query<{ server_version: string }>('show server_version')
      return `PGlite ${version} (PostgreSQL ${rows[0]?.server_version ?? '?'})`
    } finally {
      await db.close()
    }
  }
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, user: new URL(PG_ADMIN_URL).username || 'postgres', connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    const { rows } = await client.query<{ server_version: string }>('show server_version')
    return `PostgreSQL ${rows[0]?.server_version ?? '?'}`
  } catch {
    return null
  } finally {
    await client.end().catch(() => {})
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')

await main()

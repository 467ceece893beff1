/**
 * The pure half of the benchmark suite (`bench/run-all.ts` is the other): reading each
 * benchmark's JSON into figures, judging them against `bench/targets.ts`, merging a run into the
 * day's earlier results and writing the Markdown table. No I/O here, so it is tested without a
 * database (test/bench/run-all.test.ts).
 */
import { describeTarget, targetFor, verdictOf, type BenchBackend, type Verdict } from './targets.js'

/** A figure as a benchmark reports it, before judging. */
export interface RawFigure {
  /** With the benchmark's name, the target id: `posting` + `ratio` → `posting.ratio`. */
  readonly metric: string
  readonly label: string
  readonly value: number | null
  readonly unit: string
}

export interface Figure extends RawFigure {
  readonly target: string | null
  readonly verdict: Verdict
}

/** What a benchmark's result file says, reduced to what the suite compares. */
export interface Extracted {
  /** Data sizes (`loans`, `households`, `member entries` …): targets stated at a size read them. */
  readonly data: Readonly<Record<string, number>>
  readonly figures: readonly RawFigure[]
  /** Peak RSS the benchmark recorded for the process that did the work, in MB. */
  readonly peakRssMb: number | null
}

export type BenchmarkStatus = 'ok' | 'failed' | 'skipped'

export interface BenchmarkOutcome {
  readonly name: string
  readonly status: BenchmarkStatus
  /** Why it failed or was skipped, or what to know when reading it. */
  readonly note: string | null
  readonly command: string | null
  readonly ranAt: string
  readonly wallSeconds: number | null
  readonly data: Readonly<Record<string, number>>
  readonly figures: readonly Figure[]
  /** Reported by the benchmark for the process doing the work (the server, for api-read). */
  readonly peakRssMb: number | null
  /** Sampled by the runner: the high-water mark (VmHWM) of the benchmark's own child process. */
  readonly childPeakRssMb: number | null
  readonly resultFile: string | null
}

export interface Machine {
  readonly cores: number
  readonly cpu: string
  readonly memoryGb: number
  readonly node: string
  readonly platform: string
  readonly loadAverageAtStart: readonly number[]
  readonly loadAverageAtEnd: readonly number[]
}

export type SuiteMode = 'full' | 'quick' | 'collected'

export interface SuiteResult {
  readonly suite: 'tdcs-bench'
  readonly date: string
  readonly backend: BenchBackend
  /** Database server version (PostgreSQL's `server_version`; for PGlite its PostgreSQL and package versions). */
  readonly database: string
  /** full: measured at the targets' sizes; quick: a smoke run on small data; collected: read from the recorded files. */
  readonly mode: SuiteMode
  readonly note: string
  readonly machine: Machine
  readonly benchmarks: readonly BenchmarkOutcome[]
  readonly summary: Readonly<Record<Verdict, number>>
}

// ---- reading each benchmark's result file ----

type Json = Record<string, unknown>
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {})
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null)
const at = (v: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((o, k) => obj(o)[k], v)
const sizes = (entries: Record<string, unknown>): Record<string, number> =>
  Object.fromEntries(Object.entries(entries).flatMap(([k, v]) => (num(v) === null ? [] : [[k, num(v)!]])))
const maxOf = (values: readonly (number | null)[]): number | null => {
  const present = values.filter((v): v is number => v !== null)
  return present.length ? Math.max(...present) : null
}

/** Reads the result file of benchmark `name` (the shapes the scripts under bench/ write). */
export function extract(name: string, json: unknown): Extracted {
  const r = obj(json)
  switch (name) {
    case 'registry-import': {
      const runs = Array.isArray(r.runs) ? r.runs.map(obj) : []
      return {
        data: sizes({ households: r.households, members: r.members }),
        figures: runs.flatMap((run) => [
          { metric: 'seconds', label: `import of the .${String(run.format)} file`, value: num(run.seconds), unit: 's' },
          { metric: 'rowsPerSecond', label: `.${String(run.format)} rows per second`, value: num(run.rowsPerSecond), unit: 'rows/s' },
        ]),
        peakRssMb: maxOf(runs.map((run) => num(run.peakRssMb))),
      }
    }
    case 'posting':
      return {
        data: sizes({ loans: r.loans, repayments: r.repayments }),
        figures: [
          { metric: 'ratio', label: 'use-case throughput ÷ raw insert', value: num(r.ratio), unit: '× raw' },
          { metric: 'useCasePerSecond', label: 'use-case repayments per second', value: num(at(r, 'useCase', 'perSecond')), unit: '/s' },
          { metric: 'useCaseP99Ms', label: 'use-case p99 latency', value: num(at(r, 'useCase', 'p99Ms')), unit: 'ms' },
          { metric: 'rawPerSecond', label: 'raw inserts per second', value: num(at(r, 'raw', 'perSecond')), unit: '/s' },
        ],
        peakRssMb: num(r.peakRssMb),
      }
    case 'transaction-day':
      return {
        data: sizes({ 'member entries': at(r, 'data', 'memberEntries'), groups: at(r, 'data', 'groups'), loans: at(r, 'data', 'seededLoans') }),
        figures: [
          { metric: 'seconds', label: 'the day posted, group by group', value: num(r.totalSeconds), unit: 's' },
          { metric: 'perGroupP99Ms', label: 'p99 per group', value: num(at(r, 'perGroupMs', 'p99')), unit: 'ms' },
        ],
        peakRssMb: num(r.peakRssMb),
      }
    case 'month-end':
      return {
        data: sizes({ loans: r.loans }),
        figures: [
          { metric: 'ratioToFloor', label: 'close ÷ floor (one INSERT … SELECT)', value: num(r.ratioToFloor), unit: '× floor' },
          { metric: 'closeSeconds', label: 'close', value: num(r.closeSeconds), unit: 's' },
          { metric: 'floorSeconds', label: 'floor', value: num(r.floorSeconds), unit: 's' },
          { metric: 'peakRssMb', label: 'peak RSS of the closing process', value: num(r.peakRssMb), unit: 'MB' },
          { metric: 'verifySeconds', label: 'ledger verify afterwards', value: num(r.verifySeconds), unit: 's' },
        ],
        peakRssMb: num(r.peakRssMb),
      }
    case 'reports':
      return extractReports(r)
    case 'api-read':
      return {
        data: sizes({ loans: at(r, 'data', 'loans'), connections: at(r, 'data', 'connections'), seconds: at(r, 'data', 'durationSeconds') }),
        figures: [
          { metric: 'requestsPerSecond', label: 'GET /api/v1/loans/{id}, 50 connections', value: num(r.requestsPerSecond), unit: 'req/s' },
          { metric: 'p50Ms', label: 'p50 latency', value: num(at(r, 'latencyMs', 'p50')), unit: 'ms' },
          { metric: 'p99Ms', label: 'p99 latency', value: num(at(r, 'latencyMs', 'p99')), unit: 'ms' },
          { metric: 'failedRequests', label: 'errors, timeouts and non-2xx answers', value: num(r.failedRequests), unit: '' },
          { metric: 'serverPeakRssMb', label: 'peak RSS of the server process', value: num(r.serverPeakRssMb), unit: 'MB' },
          { metric: 'serverCpuMsPerRequest', label: 'server CPU per request', value: num(at(r, 'cpu', 'serverMsPerRequest')), unit: 'ms' },
          { metric: 'databaseCpuMsPerRequest', label: 'PostgreSQL CPU per request', value: num(at(r, 'cpu', 'databaseMsPerRequest')), unit: 'ms' },
        ],
        peakRssMb: num(r.serverPeakRssMb),
      }
    case 'first-start': {
      const runs = Array.isArray(r.runs) ? r.runs.map(obj) : []
      return {
        data: {},
        figures: runs.flatMap((run) => [
          { metric: 'seconds', label: `to /api/health: ${String(run.variant)}`, value: num(run.seconds), unit: 's' },
          { metric: 'serverCpuSeconds', label: 'CPU the server used until then', value: num(run.serverCpuSeconds), unit: 's' },
        ]),
        peakRssMb: maxOf(runs.map((run) => num(run.serverPeakRssMb))),
      }
    }
    default:
      return { data: {}, figures: [], peakRssMb: num(r.peakRssMb) }
  }
}

/** bench/reports.ts: p50 of each report over `runs` runs, at a closed month-end of N loans. */
function extractReports(r: Json): Extracted {
  const p50 = (key: string) => num(at(r, 'timingsMs', key, 'p50'))
  return {
    data: sizes({ loans: at(r, 'data', 'loans') }),
    figures: [
      { metric: 'portfolioP50Ms', label: 'portfolio report by program, p50', value: p50('portfolioByProgram'), unit: 'ms' },
      { metric: 'portfolioP50Ms', label: 'portfolio report by unit, p50', value: p50('portfolioByUnit'), unit: 'ms' },
      { metric: 'portfolioRawSnapshotP50Ms', label: 'the same from the raw snapshot, p50 (comparison)', value: p50('portfolioRawSnapshotByProgram'), unit: 'ms' },
      { metric: 'turnoverP50Ms', label: 'turnover report over whole months, p50', value: p50('turnoverWholeMonths'), unit: 'ms' },
      { metric: 'outcomesP50Ms', label: 'outcome report over ten years, p50', value: p50('outcomesTenYears'), unit: 'ms' },
    ],
    peakRssMb: num(r.peakRssMb),
  }
}

/**
 * Figures with their target and verdict on `backend`, at the benchmark's data sizes. A figure
 * missing from the file is kept (as `no figure`) when a target judges it, and dropped otherwise
 * (an older result file without a newer, informative figure).
 */
export function judge(name: string, backend: BenchBackend, extracted: Extracted): Figure[] {
  return extracted.figures.flatMap((f) => {
    const target = targetFor(`${name}.${f.metric}`, backend)
    if (f.value === null && !target) return []
    return [{ ...f, target: target ? describeTarget(target) : null, verdict: verdictOf(f.value, target, extracted.data) }]
  })
}

export function summarise(benchmarks: readonly BenchmarkOutcome[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { met: 0, 'not met': 0, recorded: 0, 'smaller data': 0, 'no figure': 0 }
  for (const b of benchmarks) for (const f of b.figures) counts[f.verdict]++
  return counts
}

/**
 * A run of some benchmarks (`--only`) merged into the same day's earlier result for the same
 * backend: the benchmarks run now replace their earlier outcome, the others are kept (each
 * outcome says when it ran). Runs of different modes (full, quick, collected) are never merged.
 */
export function mergeSuite(previous: SuiteResult | undefined, current: SuiteResult): SuiteResult {
  if (!previous || previous.mode !== current.mode || previous.backend !== current.backend) return current
  const fresh = new Set(current.benchmarks.map((b) => b.name))
  const kept = previous.benchmarks.filter((b) => !fresh.has(b.name))
  const order = (name: string) => {
    const i = BENCHMARK_ORDER.indexOf(name)
    return i === -1 ? BENCHMARK_ORDER.length : i
  }
  const benchmarks = [...kept, ...current.benchmarks].sort((a, b) => order(a.name) - order(b.name))
  const note = kept.length ? `${current.note} Kept from earlier runs that day (each outcome's ranAt says when): ${kept.map((b) => b.name).join(', ')}.` : current.note
  return { ...current, note, benchmarks, summary: summarise(benchmarks) }
}

/** The suite's benchmarks, in the order it runs and prints them. */
export const BENCHMARK_ORDER: readonly string[] = ['registry-import', 'posting', 'transaction-day', 'month-end', 'reports', 'api-read', 'first-start']

// ---- the Markdown table ----

/** 1,626 · 45.4 · 0.159: three significant digits below 100, whole numbers with grouping above. */
export function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US')
  return String(Number(value.toPrecision(3)))
}

const formatValue = (f: Figure) => (f.value === null ? '—' : `${formatNumber(f.value)}${f.unit ? ` ${f.unit}` : ''}`)
const formatVerdict = (v: Verdict) => (v === 'not met' ? '**not met**' : v === 'met' ? 'met' : v)
const formatData = (data: Readonly<Record<string, number>>) => Object.entries(data).map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`).join(', ') || '—'
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

export function backendName(backend: BenchBackend): string {
  return backend === 'postgres' ? 'PostgreSQL' : 'PGlite (on disk)'
}

/** The suite's result as a Markdown page: the machine, then one row per figure with its target beside it. */
const MODE_TITLE: Record<SuiteMode, string> = { full: '', quick: ' (quick: small data, a smoke run)', collected: ' (collected from the recorded results)' }

export function toMarkdown(suite: SuiteResult): string {
  const m = suite.machine
  const lines = [
    `# Benchmark suite: ${backendName(suite.backend)}, ${suite.date}${MODE_TITLE[suite.mode]}`,
    '',
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGb} GiB, Node ${m.node}, ${m.platform}; database ${suite.database}. ` +
      `Load average ${m.loadAverageAtStart.join(' ')} at the start, ${m.loadAverageAtEnd.join(' ')} at the end.`,
    '',
    suite.note,
    '',
    '| benchmark | data | figure | value | target | verdict | peak RSS |',
    '|---|---|---|---|---|---|---|',
  ]
  for (const b of suite.benchmarks) {
    const rss = b.peakRssMb === null ? (b.childPeakRssMb === null ? '—' : `${formatNumber(b.childPeakRssMb)} MB (sampled)`) : `${formatNumber(b.peakRssMb)} MB`
    if (b.figures.length === 0) {
      lines.push(`| ${b.name} | ${formatData(b.data)} | — | — | — | ${b.status === 'ok' ? 'no figure' : b.status} | ${rss} |`)
      continue
    }
    // A benchmark that failed after writing its result keeps its figures; the note says what went wrong.
    b.figures.forEach((f, i) => {
      const first = i === 0
      lines.push(`| ${first ? `${b.name}${b.status === 'ok' ? '' : ` (${b.status})`}` : ''} | ${first ? cell(formatData(b.data)) : ''} | ${cell(f.label)} | ${formatValue(f)} | ${f.target ?? '—'} | ${formatVerdict(f.verdict)} | ${first ? rss : ''} |`)
    })
  }
  const notes = suite.benchmarks.filter((b) => b.note)
  if (notes.length) {
    lines.push('', 'Notes:', '')
    for (const b of notes) lines.push(`- **${b.name}** (${b.status}): ${cell(b.note!)}`)
  }
  const s = suite.summary
  lines.push('', `Verdicts: ${s.met} met, ${s['not met']} not met, ${s['smaller data']} on smaller data than the target's, ${s.recorded} recorded without a target here, ${s['no figure']} without a figure.`, '')
  return lines.join('\n')
}

/**
 * The performance targets the issues set, in one place: `bench/run-all.ts` puts each beside the
 * figure it judges, and `docs/performance.md` reads them from the suite's tables. A target applies
 * on the backends it names (elsewhere the figure is only recorded) and, when it names a data size,
 * only to runs at least that large: a smoke run on small data can neither meet nor miss it.
 */

export type BenchBackend = 'postgres' | 'pglite'
export type Comparison = '<' | '<=' | '>='

export interface Target {
  /** `<benchmark>.<metric>`: the key a figure names to be judged by this target. */
  readonly id: string
  readonly comparison: Comparison
  readonly value: number
  readonly unit: string
  readonly backends: readonly BenchBackend[]
  /** The data size the target is stated for, as a measure the benchmark reports (`loans: 1000000`). */
  readonly atSize?: { readonly measure: string; readonly value: number }
  /** Where the target was set. */
  readonly source: string
}

const BOTH: readonly BenchBackend[] = ['postgres', 'pglite']

export const TARGETS: readonly Target[] = [
  { id: 'registry-import.seconds', comparison: '<', value: 60, unit: 's', backends: ['postgres'], atSize: { measure: 'households', value: 200_000 }, source: 'issue #3' },
  { id: 'registry-import.seconds', comparison: '<', value: 180, unit: 's', backends: ['pglite'], atSize: { measure: 'households', value: 200_000 }, source: 'issue #3' },
  { id: 'posting.ratio', comparison: '>=', value: 0.5, unit: '× raw', backends: BOTH, source: 'issue #4' },
  { id: 'transaction-day.seconds', comparison: '<', value: 2, unit: 's', backends: ['postgres'], atSize: { measure: 'member entries', value: 2_000 }, source: 'issue #5' },
  { id: 'month-end.ratioToFloor', comparison: '<=', value: 3, unit: '× floor', backends: ['postgres'], atSize: { measure: 'loans', value: 1_000_000 }, source: 'issue #4' },
  { id: 'month-end.peakRssMb', comparison: '<', value: 1024, unit: 'MB', backends: BOTH, atSize: { measure: 'loans', value: 1_000_000 }, source: 'issue #8' },
  { id: 'reports.portfolioP50Ms', comparison: '<', value: 300, unit: 'ms', backends: ['postgres'], atSize: { measure: 'loans', value: 1_000_000 }, source: 'issue #7' },
  { id: 'reports.outcomesP50Ms', comparison: '<', value: 2000, unit: 'ms', backends: ['postgres'], atSize: { measure: 'loans', value: 1_000_000 }, source: 'issue #7' },
  { id: 'api-read.requestsPerSecond', comparison: '>=', value: 1000, unit: 'req/s', backends: ['postgres'], source: 'issue #8' },
  { id: 'api-read.p99Ms', comparison: '<', value: 100, unit: 'ms', backends: ['postgres'], source: 'issue #8' },
  { id: 'api-read.failedRequests', comparison: '<=', value: 0, unit: '', backends: BOTH, source: 'issue #8' },
  { id: 'api-read.serverPeakRssMb', comparison: '<', value: 512, unit: 'MB', backends: BOTH, source: 'issue #8' },
  { id: 'first-start.seconds', comparison: '<', value: 30, unit: 's', backends: ['pglite'], source: 'issue #8' },
]

/** The target that judges `id` on `backend`, if any. */
export function targetFor(id: string, backend: BenchBackend): Target | undefined {
  return TARGETS.find((t) => t.id === id && t.backends.includes(backend))
}

/**
 * - `met` / `not met`: the figure was judged;
 * - `recorded`: no target on this backend (the figure is kept for comparison);
 * - `smaller data`: the run used less data than the target is stated for (a quick run);
 * - `no figure`: the benchmark did not produce this figure (it failed or was skipped).
 */
export type Verdict = 'met' | 'not met' | 'recorded' | 'smaller data' | 'no figure'

export function verdictOf(value: number | null, target: Target | undefined, sizes: Readonly<Record<string, number>>): Verdict {
  if (value === null || !Number.isFinite(value)) return 'no figure'
  if (!target) return 'recorded'
  if (target.atSize) {
    const size = sizes[target.atSize.measure]
    if (size === undefined || size < target.atSize.value) return 'smaller data'
  }
  const met = target.comparison === '<' ? value < target.value : target.comparison === '<=' ? value <= target.value : value >= target.value
  return met ? 'met' : 'not met'
}

/** `< 60 s`, `≥ 0.5 × raw`, `≤ 3 × floor`, `< 1,024 MB at 1,000,000 loans`. */
export function describeTarget(target: Target): string {
  const op = target.comparison === '<=' ? '≤' : target.comparison === '>=' ? '≥' : '<'
  const size = target.atSize ? ` at ${target.atSize.value.toLocaleString('en-US')} ${target.atSize.measure}` : ''
  return `${op} ${target.value.toLocaleString('en-US')}${target.unit ? ` ${target.unit}` : ''}${size}`
}

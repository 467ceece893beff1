import { describe, expect, it } from 'vitest'
import { extract, formatNumber, judge, mergeSuite, summarise, toMarkdown, type BenchmarkOutcome, type SuiteResult } from '../../bench/suite.js'
import { describeTarget, targetFor, TARGETS, verdictOf } from '../../bench/targets.js'

const machine = { cores: 2, cpu: 'Test CPU', memoryGb: 24, node: 'v20.20.2', platform: 'linux', loadAverageAtStart: [1.5], loadAverageAtEnd: [2] }

function outcome(name: string, json: unknown, backend: 'postgres' | 'pglite' = 'postgres', ranAt = '2026-11-22T08:00:00.000Z'): BenchmarkOutcome {
  const extracted = extract(name, json)
  return {
    name, status: 'ok', note: null, command: `node bench/${name}.ts`, ranAt, wallSeconds: 10, data: extracted.data,
    figures: judge(name, backend, extracted), peakRssMb: extracted.peakRssMb, childPeakRssMb: 100, resultFile: `bench/results/${name}-${backend}.json`,
  }
}

function suite(benchmarks: BenchmarkOutcome[], over: Partial<SuiteResult> = {}): SuiteResult {
  return { suite: 'tdcs-bench', date: '2026-11-22', backend: 'postgres', database: 'PostgreSQL 15.20', mode: 'full', note: 'Full run.', machine, benchmarks, summary: summarise(benchmarks), ...over }
}

const apiRead = (requestsPerSecond: number, p99: number, failedRequests = 0) => ({
  data: { loans: 100_000, connections: 50, durationSeconds: 20 }, requestsPerSecond, latencyMs: { p50: 20, p99 }, failedRequests, serverPeakRssMb: 300,
})

describe('benchmark targets', () => {
  it('judges a figure against the target of its backend only', () => {
    expect(verdictOf(45.4, targetFor('registry-import.seconds', 'postgres'), { households: 200_000 })).toBe('met')
    expect(verdictOf(92.1, targetFor('registry-import.seconds', 'postgres'), { households: 200_000 })).toBe('not met')
    expect(verdictOf(92.1, targetFor('registry-import.seconds', 'pglite'), { households: 200_000 })).toBe('met')
    expect(verdictOf(1.32, targetFor('transaction-day.seconds', 'pglite'), { 'member entries': 2_000 })).toBe('recorded')
  })

  it('neither meets nor misses a target stated for more data than the run had', () => {
    expect(verdictOf(0.4, targetFor('registry-import.seconds', 'postgres'), { households: 2_000 })).toBe('smaller data')
    expect(verdictOf(900, targetFor('month-end.peakRssMb', 'postgres'), {})).toBe('smaller data')
  })

  it('treats the bounds as the issues state them: strictly under, at most, at least', () => {
    expect(verdictOf(2, targetFor('transaction-day.seconds', 'postgres'), { 'member entries': 2_000 })).toBe('not met')
    expect(verdictOf(3, targetFor('month-end.ratioToFloor', 'postgres'), { loans: 1_000_000 })).toBe('met')
    expect(verdictOf(0.5, targetFor('posting.ratio', 'pglite'), {})).toBe('met')
    expect(verdictOf(0.49, targetFor('posting.ratio', 'pglite'), {})).toBe('not met')
    expect(verdictOf(null, targetFor('posting.ratio', 'pglite'), {})).toBe('no figure')
  })

  it('describes targets with their size and unit', () => {
    expect(describeTarget(targetFor('month-end.peakRssMb', 'postgres')!)).toBe('< 1,024 MB at 1,000,000 loans')
    expect(describeTarget(targetFor('posting.ratio', 'postgres')!)).toBe('≥ 0.5 × raw')
    expect(describeTarget(targetFor('api-read.failedRequests', 'pglite')!)).toBe('≤ 0')
  })

  it('names each target once per backend', () => {
    const keys = TARGETS.flatMap((t) => t.backends.map((b) => `${t.id}@${b}`))
    expect(new Set(keys).size).toBe(keys.length)
  })
})

describe('the suite result', () => {
  it('reads the figures of each benchmark and judges them', () => {
    const posting = outcome('posting', { loans: 50_000, repayments: 5_000, ratio: 0.159, useCase: { perSecond: 85, p99Ms: 23.9 }, raw: { perSecond: 531 }, peakRssMb: 183 })
    expect(posting.figures.find((f) => f.metric === 'ratio')).toMatchObject({ value: 0.159, target: '≥ 0.5 × raw', verdict: 'not met' })
    expect(posting.figures.find((f) => f.metric === 'useCasePerSecond')).toMatchObject({ value: 85, target: null, verdict: 'recorded' })
    expect(posting.peakRssMb).toBe(183)

    const registry = outcome('registry-import', { households: 200_000, members: 800_000, runs: [{ format: 'csv', seconds: 45.4, peakRssMb: 1491 }, { format: 'xlsx', seconds: 61.2, peakRssMb: 1321 }] })
    expect(registry.figures.filter((f) => f.metric === 'seconds').map((f) => f.verdict)).toEqual(['met', 'not met'])
    expect(registry.peakRssMb).toBe(1491)
  })

  it('marks a missing figure that a target judges instead of inventing one, and leaves out a missing one that none does', () => {
    const api = outcome('api-read', { data: { loans: 10 }, requestsPerSecond: 1200 })
    expect(api.figures.find((f) => f.metric === 'p99Ms')).toMatchObject({ value: null, verdict: 'no figure' })
    expect(api.figures.find((f) => f.metric === 'requestsPerSecond')?.verdict).toBe('met')
    expect(api.figures.find((f) => f.metric === 'p50Ms')).toBeUndefined()
  })

  it('merges a run of some benchmarks into the same day\'s earlier result, the new outcome replacing the old', () => {
    const earlier = suite([outcome('posting', { ratio: 0.16 }), outcome('api-read', apiRead(800, 150))])
    const now = suite([outcome('api-read', apiRead(1500, 60), 'postgres', '2026-11-22T09:00:00.000Z')])
    const merged = mergeSuite(earlier, now)
    expect(merged.benchmarks.map((b) => b.name)).toEqual(['posting', 'api-read'])
    expect(merged.benchmarks[1]!.ranAt).toBe('2026-11-22T09:00:00.000Z')
    expect(merged.benchmarks[1]!.figures.find((f) => f.metric === 'requestsPerSecond')?.verdict).toBe('met')
    expect(merged.summary).toEqual(summarise(merged.benchmarks))
    expect(merged.summary['not met']).toBe(1) // only posting's ratio: the old api-read figures are gone
    expect(merged.note).toContain('Kept from earlier runs that day')
    expect(merged.note).toContain(': posting.')
  })

  it('never merges a quick run into a full one, nor one backend into another', () => {
    const full = suite([outcome('posting', { ratio: 0.16 })])
    const quick = suite([outcome('api-read', apiRead(100, 500))], { mode: 'quick' })
    expect(mergeSuite(full, quick)).toBe(quick)
    expect(mergeSuite(quick, full)).toBe(full)
    const pglite = suite([outcome('api-read', apiRead(100, 500), 'pglite')], { backend: 'pglite' })
    expect(mergeSuite(full, pglite)).toBe(pglite)
  })
})

describe('the Markdown table', () => {
  it('puts the target and the verdict beside each figure, a missed target in bold', () => {
    const md = toMarkdown(suite([outcome('api-read', apiRead(850, 140))]))
    const row = (label: string) => md.split('\n').find((l) => l.includes(label))!
    expect(row('GET /api/v1/loans/{id}')).toContain('| 850 req/s | ≥ 1,000 req/s | **not met** |')
    expect(row('p99 latency')).toContain('| 140 ms | < 100 ms | **not met** |')
    expect(row('p50 latency')).toContain('| 20 ms | — | recorded |')
    expect(row('errors, timeouts')).toContain('| 0 | ≤ 0 | met |')
    expect(row('peak RSS of the server')).toContain('| 300 MB | < 512 MB | met |')
    expect(md).toContain('100,000 loans, 50 connections, 20 seconds')
    expect(md).toContain('Verdicts: 2 met, 2 not met')
  })

  it('says when a run is quick and shows failed and skipped benchmarks with their reason', () => {
    const failed: BenchmarkOutcome = { ...outcome('month-end', {}), status: 'failed', note: 'exited with 1; last output: boom', figures: [] }
    const skipped: BenchmarkOutcome = { ...outcome('reports', {}), status: 'skipped', note: 'bench/reports.ts is not there yet', figures: [], peakRssMb: null, childPeakRssMb: null }
    const md = toMarkdown(suite([failed, skipped], { mode: 'quick', backend: 'pglite' }))
    expect(md.split('\n')[0]).toBe('# Benchmark suite: PGlite (on disk), 2026-11-22 (quick: small data, a smoke run)')
    expect(md).toContain('| month-end | — | — | — | — | failed | 100 MB (sampled) |')
    expect(md).toContain('| reports | — | — | — | — | skipped | — |')
    expect(md).toContain('- **reports** (skipped): bench/reports.ts is not there yet')
  })

  it('keeps the figures of a benchmark that failed after writing its result', () => {
    const failed: BenchmarkOutcome = { ...outcome('api-read', apiRead(15, 9261, 10)), status: 'failed', note: 'exited with 1' }
    const md = toMarkdown(suite([failed]))
    expect(md).toContain('| api-read (failed) | 100,000 loans')
    expect(md.split('\n').find((l) => l.includes('errors, timeouts'))).toContain('| 10 | ≤ 0 | **not met** |')
  })

  it('judges both portfolio reads of bench/reports.ts by the portfolio target, at its size', () => {
    const timing = (p50: number) => ({ runs: 30, p50 })
    const json = { data: { loans: 1_000_000 }, timingsMs: { portfolioByProgram: timing(120), portfolioByUnit: timing(350), outcomesTenYears: timing(1500) }, peakRssMb: 200 }
    const reports = outcome('reports', json)
    expect(reports.figures.filter((f) => f.metric === 'portfolioP50Ms').map((f) => f.verdict)).toEqual(['met', 'not met'])
    expect(reports.figures.find((f) => f.metric === 'outcomesP50Ms')).toMatchObject({ target: '< 2,000 ms at 1,000,000 loans', verdict: 'met' })
    expect(outcome('reports', { ...json, data: { loans: 200_000 } }).figures[0]!.verdict).toBe('smaller data')
  })

  it('formats numbers with three significant digits below 100 and grouped whole numbers above', () => {
    expect(formatNumber(1626.4)).toBe('1,626')
    expect(formatNumber(45.43)).toBe('45.4')
    expect(formatNumber(0.1594)).toBe('0.159')
    expect(formatNumber(0)).toBe('0')
  })
})

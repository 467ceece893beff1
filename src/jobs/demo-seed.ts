import { sql } from 'kysely'
import { closeMonth } from './close-month.js'
import { endOfMonth, fromYmd, RuleViolation, type LocalDate } from '../domain/shared/index.js'
import { buildReportAggregates } from '../db/repositories/reports.js'
import { createLocalFund } from '../app/capital/funds.js'
import { recordReceipt } from '../app/capital/movements.js'
import { recordAudit } from '../app/audit.js'
import type { Executor, RequestContext } from '../app/context.js'
import { receiveCapital } from '../app/loans/loan-events.js'
import { createPlanLine } from '../app/plans.js'
import { loadBaseRates, loadPrograms } from '../app/programs.js'
import { SYSTEM_ACTOR } from '../app/context.js'
import { monthIndex, periodOf, povertyRate, simulateCommune, type Timeline } from '../app/demo/history.js'
import { createRandom } from '../app/demo/random.js'
import { DEMO_SCALES, isDemoScaleName, type DemoScaleName } from '../app/demo/scales.js'
import { buildStructure, type DemoUser } from '../app/demo/structure.js'
import { withoutSecondaryIndexes, writeCommuneHistory } from '../app/demo/write.js'

export interface DemoSeedOptions {
  readonly scale: DemoScaleName
  /** The last simulated year (default 2025): history ends with the month-end close of its December. */
  readonly toYear?: number | undefined
  /** The first simulated year (default: the scale's length before `toYear`). */
  readonly fromYear?: number | undefined
  readonly seed?: number | undefined
  /** Reports progress: a phase, units done and the total. */
  readonly onProgress?: ((phase: string, done: number, total: number) => void) | undefined
}

export interface DemoSeedReport {
  readonly scale: DemoScaleName
  readonly seed: number
  readonly fromYear: number
  readonly toYear: number
  readonly provinceName: string
  readonly communes: number
  readonly households: number
  readonly loans: number
  readonly journalEntries: number
  /** The poor share of households at the start of each year, percent. */
  readonly povertyRateByYear: readonly { readonly year: number; readonly ratePercent: number }[]
  readonly closedPeriod: string
  readonly users: readonly DemoUser[]
  readonly ms: number
}

export const DEFAULT_DEMO_SEED = 20_14

/** True when the database holds no households and no loans: the only database the demo seeds. */
export async function demoDatabaseEmpty(db: Executor): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`select exists (select 1 from households) or exists (select 1 from loans) as any`.execute(db)
  return rows[0]?.any === false
}

/**
 * Seeds a living sample province (see docs/demo.md): the structure through the real use-cases,
 * ten years (or the scale's length) of history simulated with the real loan engine and written
 * set-based, capital received for what was lent, plans, and the real month-end close of the last
 * month. Deterministic for a seed: same seed, same counts and ledger totals. Refuses a database
 * that already has households or loans (`demo_database_not_empty`).
 */
export async function seedDemo(db: Executor, options: DemoSeedOptions): Promise<DemoSeedReport> {
  const started = performance.now()
  if (!isDemoScaleName(options.scale)) throw new RuleViolation('validation_failed', { field: 'scale', value: options.scale })
  const scale = DEMO_SCALES[options.scale]
  const toYear = options.toYear ?? 2025
  const fromYear = options.fromYear ?? toYear - scale.years + 1
  if (!Number.isInteger(toYear) || !Number.isInteger(fromYear) || fromYear > toYear || fromYear < 2000 || toYear > 2100)
    throw new RuleViolation('validation_failed', { field: 'from/to', fromYear, toYear })
  const seed = options.seed ?? DEFAULT_DEMO_SEED
  if (!(await demoDatabaseEmpty(db))) throw new RuleViolation('demo_database_not_empty')
  const taken = await db.selectFrom('units').select('id').where('kind', '=', 'province').limit(1).executeTakeFirst()
  if (taken) throw new RuleViolation('demo_database_not_empty', { reason: 'a branch exists' })
  const progress = options.onProgress ?? (() => {})
  const random = createRandom(seed)
  const start: LocalDate = fromYmd(fromYear - 1, 12, 1)
  // The structure is dated at the start of the history: the use-cases read "today" from the context.
  const ctx = demoContext('demo-seed', start)
  const structure = await buildStructure(db, ctx, scale, random, start, progress)

  const finalMonth = monthIndex(toYear, 12)
  const timeline: Timeline = {
    fromYear, toYear, finalMonth, windowStart: Math.max(monthIndex(fromYear, 1), finalMonth - scale.monthlyWindowMonths + 1), coarseRepayMonths: scale.coarseRepayMonths, windowRepayMonths: scale.windowRepayMonths,
  }
  const catalogue = { programs: await loadPrograms(db), baseRates: await loadBaseRates(db) }
  const standards = await db.selectFrom('poverty_standards').select(['id', 'valid_from', 'valid_to']).where('scope', '=', 'national').orderBy('valid_from').execute()
  const paths = new Map((await db.selectFrom('units').select(['id', 'path']).where('kind', '=', 'commune').execute()).map((u) => [u.id, u.path]))
  const historyCtx = demoContext('demo-seed-history', fromYmd(toYear, 12, 31))
  let nextId = BigInt((await sql<{ max: bigint | null }>`select max(id) as max from loans`.execute(db)).rows[0]?.max ?? 0n)
  const nextLoanId = () => ++nextId
  let loans = 0
  let entries = 0
  const poor = new Map<number, number>()
  const disbursed = new Map<string, bigint>()
  await withoutSecondaryIndexes(db, async () => {
    // A pipeline of two: commune k is written while commune k + 1 is simulated (the simulation
    // yields to the event loop), so Node's engine work and the database's writes overlap.
    const simulate = (k: number) => {
      const commune = structure.communes[k]!
      const simulated = simulateCommune(random.fork(`history-${commune.code}`), commune, structure.provinceCode, timeline, catalogue, nextLoanId)
      simulated.catch(() => {}) // awaited below; this only keeps an abandoned run from being an unhandled rejection
      return simulated
    }
    let next = structure.communes.length > 0 ? simulate(0) : undefined
    for (const [k, commune] of structure.communes.entries()) {
      progress('history', k, structure.communes.length)
      const history = await next!
      const writing = writeCommuneHistory(db, historyCtx, structure.provinceCode, commune, history, standards, paths.get(commune.unitId)!)
      next = k + 1 < structure.communes.length ? simulate(k + 1) : undefined
      await writing
      loans += history.loans.length
      entries += history.entries.length
      for (const [year, n] of history.poorByYear) poor.set(year, (poor.get(year) ?? 0) + n)
      for (const [year, amount] of history.disbursedByYear) disbursed.set(`${commune.unitId}|${year}`, amount)
    }
    progress('indexes', 0, 1)
  })
  progress('history', structure.communes.length, structure.communes.length)
  await sql`select setval(pg_get_serial_sequence('loans', 'id'), greatest(${nextId.toString()}::bigint, 1))`.execute(db)
  await sql`select setval(pg_get_serial_sequence('loan_applications', 'id'), greatest(${nextId.toString()}::bigint, 1))`.execute(db)

  // Capital: the central capital each commune's lending needed, received at the start of each year
  // (rounded up, with a margin), and a local-budget fund entrusted by the province.
  progress('capital', 0, 1)
  for (const commune of structure.communes)
    for (let year = fromYear; year <= toYear; year++) {
      const need = disbursed.get(`${commune.unitId}|${year}`) ?? 0n
      if (need === 0n) continue
      const step = 100_000_000n
      const amount = ((need * 115n) / 100n / step + 1n) * step
      await receiveCapital(db, ctx, { capitalSource: 'CENTRAL', amountDong: amount, unitId: commune.unitId, date: fromYmd(year, 1, 2), reference: `Vốn Trung ương ${year}` })
    }
  const fundCode = `NSDP_${structure.provinceCode}`
  await createLocalFund(db, ctx, {
    code: fundCode, nameVi: `Vốn ngân sách tỉnh ${structure.provinceName}`, nameEn: `${structure.provinceName} province budget`, ownerUnitId: structure.branchId,
    agreement: {
      number: `01/${fromYear}/UT-NSDP`, signedOn: start, validFrom: start, legalBasis: 'Nghị quyết HĐND tỉnh về ủy thác vốn ngân sách (dữ liệu mô phỏng)',
      bankUnitId: structure.branchId, programCodes: ['POOR', 'NEAR_POOR', 'JOB_CREATION'], fundShareMicros: 500_000, reserveShareMicros: 200_000, bankFeeMicros: 300_000,
    },
  })
  for (let year = fromYear; year <= toYear; year++)
    await recordReceipt(db, ctx, { capitalSource: fundCode, amountDong: BigInt(structure.communes.length) * 500_000_000n, unitId: structure.branchId, date: fromYmd(year, 3, 1), reference: `Ngân sách tỉnh chuyển ${year}` })
  progress('capital', 1, 1)

  // Plans: the branch's yearly central-capital plan per program, from what was lent (the last year's plan has room to spare).
  progress('plans', 0, 1)
  const byProgram = await sql<{ year: number; program_code: string; amount: bigint }>`
    select extract(year from contract_date)::int as year, program_code, sum(approved_dong)::bigint as amount from loans group by 1, 2 order by 1, 2`.execute(db)
  for (const row of byProgram.rows) {
    const amount = ((row.amount * (row.year === toYear ? 130n : 105n)) / 100n / 1_000_000n + 1n) * 1_000_000n
    await createPlanLine(db, ctx, { unitId: structure.branchId, year: row.year, quarter: null, programCode: row.program_code, capitalSourceCode: 'CENTRAL', amountDong: amount, decisionNumber: `${row.year}/KH-NHCS`, legalBasis: 'Kế hoạch tín dụng năm (dữ liệu mô phỏng)' })
  }
  progress('plans', 1, 1)

  // The simulated months before the last were closed by the simulator (same entries and snapshots); the last month is closed by the real job.
  const closed = []
  for (let m = timeline.windowStart; m < finalMonth; m++) closed.push(periodOf(m))
  if (closed.length > 0)
    await sql`
      insert into period_closes (period, status, started_at, finished_at, stats)
      select p, 'done', now(), now(), '{"source":"demo-seed"}'::jsonb from unnest(${closed}::text[]) as p`.execute(db)
  // The report aggregates each of those closes would have built, month by month.
  for (const period of closed) await db.transaction().execute((trx) => buildReportAggregates(trx, period, endOfMonth(fromYmd(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 1))))
  // Fresh statistics after the bulk load, or the close's set-based statements plan as if the tables were empty.
  await sql`analyze`.execute(db)
  const closedPeriod = periodOf(finalMonth)
  await closeMonth(db, demoContext('demo-close', fromYmd(toYear + 1, 1, 1)), closedPeriod, (stepName, done, total) => progress(`close ${stepName}`, done, total))

  const households = structure.communes.reduce((s, c) => s + c.households.length, 0)
  const povertyRateByYear = [...poor].sort(([a], [b]) => a - b).map(([year, n]) => ({ year, ratePercent: povertyRate(n, households) }))
  const report: DemoSeedReport = {
    scale: options.scale, seed, fromYear, toYear, provinceName: structure.provinceName, communes: structure.communes.length, households, loans,
    journalEntries: entries, povertyRateByYear, closedPeriod, users: structure.users, ms: Math.round(performance.now() - started),
  }
  await db.transaction().execute((trx) => recordAudit(trx, ctx, {
    action: 'demo.seed', entityType: 'demo', entityId: options.scale, scopePath: '/1/',
    after: { ...report, users: report.users.map((u) => u.username) },
  }))
  return report
}

/** The system acting at a fixed instant of the simulated calendar (never the wall clock: the seed is deterministic). */
function demoContext(requestId: string, on: LocalDate): RequestContext {
  return { actor: SYSTEM_ACTOR, requestId, now: new Date(`${on}T03:00:00Z`) }
}

import type { Config } from '../app/config.js'
import { demoDatabaseEmpty, seedDemo, type DemoSeedReport } from '../jobs/demo-seed.js'
import { DEMO_SCALE_NAMES, isDemoScaleName } from '../app/demo/scales.js'
import { abuseReportMarkdown, injectAbuses } from '../app/demo/abuses.js'
import { ensureFirstAdmin, type TdcsApp } from '../app/open-app.js'
import { RuleViolation } from '../domain/shared/index.js'
import { EXIT } from './exit-codes.js'
import { createProgress } from './progress.js'

type Values = Record<string, string | boolean | undefined>
type WithApp = <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>

export const DEMO_SEED_HELP = `tdcs demo seed [--scale small|province|national-slice] [--from YYYY] [--to YYYY] [--seed N]

Generates a living sample province into an EMPTY database (refused otherwise: demo_database_not_empty):
synthetic communes, villages, transaction points, the four organisations and their contracts, savings
groups, households (through the registry import), yearly poverty reviews, loans of every program
simulated with the real loan engine (repayments, overdue, freezes, write-offs), group savings, capital,
plans and the real month-end close of the last month. Same --seed, same data. Demo users for every
role are created; their passwords are printed once at the end.

Scales: small (5 communes, 3,000 households, 3 years), province (65 communes, ~200,000 households,
10 years), national-slice (130 communes, ~400,000 households, 5 years). --to defaults to 2025.`

const int = (v: Values, k: string): number | undefined => {
  const raw = v[k]
  if (typeof raw !== 'string') return undefined
  if (!/^\d+$/.test(raw)) throw new RuleViolation('validation_failed', { field: `--${k}`, value: raw })
  return Number(raw)
}

export async function demoSeed(v: Values, withApp: WithApp): Promise<number> {
  const scale = typeof v.scale === 'string' ? v.scale : 'small'
  if (!isDemoScaleName(scale) || scale === 'tiny') throw new RuleViolation('validation_failed', { field: '--scale', value: scale, allowed: DEMO_SCALE_NAMES.filter((s) => s !== 'tiny') })
  return withApp(async (app) => {
    const bar = createProgress()
    const report = await seedDemo(app.db, { scale, fromYear: int(v, 'from'), toYear: int(v, 'to'), seed: int(v, 'seed'), onProgress: (phase, done, total) => bar.update(phase, done, total) })
    bar.end()
    printReport(report)
    return EXIT.ok
  })
}

/** The seed's outcome and the demo users' passwords — printed this once, never stored in clear. */
export function printReport(report: DemoSeedReport): void {
  console.log(`\n  Demo province "${report.provinceName}" (${report.scale}, seed ${report.seed}, ${report.fromYear}–${report.toYear}): ${report.communes} communes, ` +
    `${report.households.toLocaleString('en-US')} households, ${report.loans.toLocaleString('en-US')} loans, ${report.journalEntries.toLocaleString('en-US')} journal entries; ` +
    `month ${report.closedPeriod} closed. ${Math.round(report.ms / 100) / 10} s.`)
  console.log(`  Poverty rate / tỷ lệ hộ nghèo: ${report.povertyRateByYear.map((p) => `${p.year} ${p.ratePercent}%`).join(', ')}`)
  console.log('\n  Demo users — tài khoản mẫu (passwords shown only once / mật khẩu chỉ hiển thị một lần):')
  for (const u of report.users) console.log(`    ${u.username.padEnd(16)} ${u.password}   ${u.role} · ${u.unitName}`)
  console.log('')
}

/**
 * First start: on an empty database (no households, loans or branch) and unless TDCS_DEMO=0, seeds
 * the `small` demo before the server listens, prints the demo users once and how long it took.
 * Only the embedded PGlite (the zero-setup trial) is seeded by default: an empty PostgreSQL is
 * more likely a real deployment's first start, and fake borrowers must never land there unasked —
 * it is seeded only with TDCS_DEMO=1.
 */
export async function autoSeedDemo(app: TdcsApp, config: Config, env: NodeJS.ProcessEnv = process.env): Promise<DemoSeedReport | undefined> {
  if (env.TDCS_DEMO === '0') return undefined
  if (app.backend === 'postgres' && env.TDCS_DEMO !== '1') return undefined
  if (!(await demoDatabaseEmpty(app.db))) return undefined
  const branch = await app.db.selectFrom('units').select('id').where('kind', '=', 'province').limit(1).executeTakeFirst()
  if (branch) return undefined
  // The first administrator first, as `serve` would create it (its password printed once, the same way).
  const firstAdmin = await ensureFirstAdmin(app, config.adminPassword)
  if (firstAdmin)
    console.log(`\n  First administrator created — tài khoản quản trị đầu tiên:\n    username: ${firstAdmin.username}\n    password: ${firstAdmin.password ?? '(from TDCS_ADMIN_PASSWORD)'}\n  This password is shown only once. / Mật khẩu chỉ hiển thị một lần.\n`)
  console.log('Empty database: seeding the small demo province (set TDCS_DEMO=0 to skip) — cơ sở dữ liệu trống: đang tạo dữ liệu mẫu…')
  const bar = createProgress()
  const report = await seedDemo(app.db, { scale: 'small', onProgress: (phase, done, total) => bar.update(phase, done, total) })
  bar.end()
  printReport(report)
  console.log(`Demo seeded in ${Math.round(report.ms / 100) / 10} s.`)
  return report
}

export const DEMO_ABUSES_HELP = `tdcs demo abuses [--seed N] [--label TEXT] [--json]

Injects a handful of known abuses into a SEEDED demo database (tdcs demo seed first), two for each
red-flag rule where the data allows (approver concentration: one per transaction office, up to two),
through the real use-cases where they exist (applications, approvals, disbursements, repayments,
06/TD checks, a freeze, a member added to a second household, transaction days with a leader's
shortfall) and in SQL where none does (a class decision signed after the approval, a loan booked in
another commune). Everything is dated after the last closed month; then every rule runs as the
nightly run does, as of the end of the fourth month after it. Prints, per rule, the injected cases,
how many were flagged, and the other flags (real by the rule's definition, or noise of the sample)
as a Markdown table for docs/supervision.md. Deterministic for --seed on the same seeded database.
Run once per database: a second run is refused (demo_abuses_already_injected) and writes nothing.`

/** \`tdcs demo abuses\`: inject, run the rules, print the table (or the whole report as JSON). */
export async function demoAbuses(v: Values, withApp: WithApp): Promise<number> {
  const seed = int(v, 'seed')
  return withApp(async (app) => {
    const bar = v.json === true ? undefined : createProgress()
    const report = await injectAbuses(app.db, { seed, onProgress: (phase, done, total) => bar?.update(phase, done, total) })
    bar?.end()
    if (v.json === true) console.log(JSON.stringify(report, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x), 2))
    else {
      console.log(abuseReportMarkdown(report, typeof v.label === 'string' ? v.label : 'Sample province'))
      console.log('\nInjected cases:')
      for (const c of report.cases) console.log(`  ${c.rule.padEnd(27)} ${c.subjectId.padEnd(10)} ${c.path.padEnd(8)} ${c.description}`)
      console.log(`\n${Math.round(report.ms / 100) / 10} s`)
    }
    return report.rules.every((r) => r.missed.length === 0) ? EXIT.ok : EXIT.ruleViolation
  })
}

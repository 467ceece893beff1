import { randomUUID } from 'node:crypto'
import type { ParseArgsConfig } from 'node:util'
import { verifyAuditChain } from '../app/audit.js'
import { configFromEnv } from '../app/config.js'
import { migrateToLatestApp, openApp, systemContext, type TdcsApp } from '../app/open-app.js'
import { createUser, listUsers, setUserStatus } from '../app/users.js'
import { startServer } from '../api/server.js'
import { isRole, ORGANISATIONS, ROLES, type Organisation } from '../domain/access/index.js'
import { formatDong, RuleViolation, type Dong } from '../domain/shared/index.js'
import { EXIT } from './exit-codes.js'

type Values = Record<string, string | boolean | undefined>

export interface Command {
  readonly summary: string
  readonly help: string
  readonly options: NonNullable<ParseArgsConfig['options']>
  /** Names of the positional arguments, for help; undefined when the command takes none. */
  readonly positionals?: readonly string[]
  /** Resolves to the exit code, or -1 for a command that keeps running (serve). */
  run(values: Values, positionals: readonly string[]): Promise<number>
}

export async function withApp<T>(work: (app: TdcsApp) => Promise<T>, migrate = true): Promise<T> {
  const config = configFromEnv()
  const app = await openApp({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, pgliteTemplate: config.pgliteTemplate, authPolicy: config.authPolicy, migrate })
  try {
    return await work(app)
  } finally {
    await app.close()
  }
}

export const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined)
export function required(v: Values, k: string): string {
  const value = str(v, k)
  if (value === undefined) throw new RuleViolation('validation_failed', { missing: `--${k}` })
  return value
}

// -- places command imports --
import { placesImport, PLACES_IMPORT_HELP } from './places-import.js'
// -- households command imports --
import { HOUSEHOLDS_IMPORT_HELP, HOUSEHOLDS_LIST_HELP, HOUSEHOLDS_TEMPLATE_HELP, householdsImport, householdsList, householdsTemplate } from './households.js'
// -- poverty command imports --
import { parseClassifySurvey, povertyClassify, POVERTY_CLASSIFY_HELP } from './poverty-classify.js'
import { readStdin } from './read-stdin.js'
// -- lending command imports --
import { verifyLedger } from '../app/ledger.js'
import { CLOSE_STEPS, closeMonth } from '../jobs/close-month.js'
import { createProgress } from './progress.js'
// -- groups command imports --
import { GROUPS_GRADE_HELP, GROUPS_LIST_HELP, groupsGrade, groupsList } from './groups.js'
// -- transaction day documents command imports --
import { DAY_NOTICES_HELP, DAY_PRINT_HELP, dayNotices, dayPrint } from './day-documents.js'
// -- transaction day command imports --
import { DAY_HELP, dayCommand } from './day.js'
// -- fees command imports --
import { FEES_LIST_HELP, feesList } from './fees.js'
// -- reports command imports --
import { REPORT_HELP, report } from './reports.js'
// -- capital command imports --
import { CAPITAL_HELP, capitalAllocate, capitalSources, capitalStatement } from './capital.js'
// -- takeover command imports --
import { CAPITAL_TAKEOVER_HELP, capitalTakeover } from './takeover.js'
// -- dashboards command imports --
import { dashboard, DASHBOARD_HELP, TRANSPARENCY_POSTING_HELP, transparencyPosting } from './dashboards.js'
// -- supervision command imports --
import { FLAGS_RECALL_HELP, FLAGS_RUN_HELP, FLAGS_SHOW_HELP, flagsRecall, flagsRun, flagsShow, INSPECTIONS_LIST_HELP, inspectionsList } from './supervision.js'
import { startNightlyFlags } from '../app/supervision/nightly.js'
// -- plans command imports --
import { PLANS_ACTUAL_HELP, PLANS_LIST_HELP, plansActual, plansList } from './plans.js'
// -- demo command imports --
import { autoSeedDemo, DEMO_ABUSES_HELP, DEMO_SEED_HELP, demoAbuses, demoSeed } from './demo.js'

export const COMMANDS: Record<string, Command> = {
  // -- places commands --
  'places import': {
    summary: 'Import administrative units or the 2025 crosswalk (JSON, .xlsx, .csv, .gz)',
    help: PLACES_IMPORT_HELP,
    options: { json: { type: 'boolean' } },
    positionals: ['file', '…'],
    run: (v, files) => placesImport(files, v.json === true, withApp),
  },
  // -- households commands --
  'households template': {
    summary: 'Write the household import template (.xlsx)',
    help: HOUSEHOLDS_TEMPLATE_HELP,
    options: {},
    positionals: ['file.xlsx'],
    run: (_v, files) => householdsTemplate(files),
  },
  'households import': {
    summary: 'Import households from .xlsx or .csv, all or nothing, with a row-by-row error report',
    help: HOUSEHOLDS_IMPORT_HELP,
    options: { 'commune-unit': { type: 'string' }, json: { type: 'boolean' } },
    positionals: ['file'],
    run: (v, files) => householdsImport(files, str(v, 'commune-unit'), v.json === true, withApp),
  },
  'households list': {
    summary: 'List or search households',
    help: HOUSEHOLDS_LIST_HELP,
    options: { q: { type: 'string' }, 'commune-unit': { type: 'string' }, 'village-unit': { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' } },
    run: (v) => householdsList(v, withApp),
  },
  // -- poverty commands --
  'poverty classify': {
    summary: 'Classify a household survey (JSON on stdin) under the poverty standard of its date',
    help: POVERTY_CLASSIFY_HELP,
    options: { json: { type: 'boolean' } },
    async run(v) {
      const survey = parseClassifySurvey(await readStdin())
      return withApp((app) => povertyClassify(app, survey, v.json === true))
    },
  },
  // -- lending commands --
  'close-month': {
    summary: 'Month-end close: overdue moves, interest accrual, snapshots (set-based, idempotent, resumable)',
    help: 'tdcs close-month --period YYYY-MM\n\nEnds expired freezes, moves instalments that fell due overdue, accrues every open loan\'s interest to\nthe month\'s last day and writes the portfolio snapshot, in one transaction. Running it again for a\nclosed month changes nothing; after a crash, run it again.',
    options: { period: { type: 'string' } },
    run: (v) =>
      withApp(async (app) => {
        const started = Date.now()
        const bar = createProgress()
        const failpoint = process.env.TDCS_FAILPOINT
        const report = await closeMonth(app.db, systemContext(`cli-${randomUUID()}`), required(v, 'period'), async (step, done, total) => {
          bar.update(`close ${step}`, done, total)
          // Fault injection for the crash-resume test: stop at a step's start until killed.
          if (failpoint === `close-month:${step}` && done < total && CLOSE_STEPS[done] === step) {
            process.stderr.write(`\nfailpoint ${failpoint} reached\n`)
            await new Promise((resolve) => setTimeout(resolve, 600_000))
          }
        })
        bar.end()
        if (report.alreadyClosed) console.log(`Period ${report.period} was already closed; nothing changed.`)
        console.log(`Loans accrued: ${report.loansAccrued}; interest ${formatDong(report.interestPostedDong as Dong)} + overdue interest ${formatDong(report.overduePostedDong as Dong)}; principal moved overdue ${formatDong(report.principalMovedOverdueDong as Dong)}; freezes ended: ${report.unfrozen}; snapshots: ${report.snapshots} (${Math.round((Date.now() - started) / 100) / 10} s)`)
        return EXIT.ok
      }),
  },
  'ledger verify': {
    summary: 'Re-derive every cached balance from postings, print the trial balance; exit 3 on any difference',
    help: 'tdcs ledger verify\n\nChecks that every journal entry balances, that every cached account (and loan) balance equals the\nsum of its postings, and prints the trial balance by account kind. Exit 0 when all agree, 3 otherwise.',
    options: {},
    run: () =>
      withApp(async (app) => {
        const report = await verifyLedger(app.db)
        console.table(report.trialBalance.map((l) => ({ code: l.code, kind: l.kind, type: l.type, debit: formatDong(l.debitDong as Dong), credit: formatDong(l.creditDong as Dong), balance: formatDong(l.balanceDong as Dong), accounts: l.accounts })))
        console.log(`Total debits ${formatDong(report.totals.debitDong as Dong)} — total credits ${formatDong(report.totals.creditDong as Dong)}`)
        if (report.ok) {
          console.log('Ledger verified: every entry balances and every cached balance equals its postings.')
          return EXIT.ok
        }
        for (const d of report.differences) console.error(`DIFFERENCE ${d.check} ${d.subject}: expected ${d.expectedDong}, found ${d.actualDong}`)
        return EXIT.integrity
      }),
  },
  // -- groups commands --
  'groups list': {
    summary: 'List savings-and-loan groups with their members, leader and latest grade',
    help: GROUPS_LIST_HELP,
    options: { 'commune-unit': { type: 'string' }, point: { type: 'string' }, organisation: { type: 'string' }, grade: { type: 'string' }, status: { type: 'string' }, q: { type: 'string' }, limit: { type: 'string' } },
    run: (v) => groupsList(v, withApp),
  },
  'groups grade': {
    summary: 'Grade every group for a month (Good/Fair/Average/Weak) under the rules in force',
    help: GROUPS_GRADE_HELP,
    options: { period: { type: 'string' }, unit: { type: 'string' } },
    run: (v) => groupsGrade(v, withApp),
  },
  // -- transaction day documents commands --
  'day print': {
    summary: 'Write a transaction day\'s collection list (form 13/TD) as PDF and/or Excel',
    help: DAY_PRINT_HELP,
    options: { pdf: { type: 'string' }, xlsx: { type: 'string' }, group: { type: 'string' } },
    positionals: ['dayId'],
    run: (v, args) => dayPrint(v, args, withApp),
  },
  'day notices': {
    summary: 'Queue the notices to a day\'s borrowers; --send delivers them through the log sender',
    help: DAY_NOTICES_HELP,
    options: { send: { type: 'boolean' } },
    positionals: ['dayId'],
    run: (v, args) => dayNotices(v, args, withApp),
  },
  // -- transaction day commands --
  'day list': { summary: 'List transaction days with their status and cash', help: DAY_HELP.list, options: { period: { type: 'string' }, json: { type: 'boolean' } }, run: (v, a) => dayCommand('list', v, a, withApp) },
  'day plan': { summary: 'Plan a point\'s transaction day of a month', help: DAY_HELP.plan, options: { point: { type: 'string' }, period: { type: 'string' } }, run: (v, a) => dayCommand('plan', v, a, withApp) },
  'day open': { summary: 'Open a transaction day with its opening cash', help: DAY_HELP.open, options: { cash: { type: 'string' } }, positionals: ['dayId'], run: (v, a) => dayCommand('open', v, a, withApp) },
  'day capture': { summary: 'Post one group\'s batch from a JSON file', help: DAY_HELP.capture, options: { file: { type: 'string' } }, positionals: ['dayId'], run: (v, a) => dayCommand('capture', v, a, withApp) },
  'day close': { summary: 'Close and lock a day; the counted cash must balance', help: DAY_HELP.close, options: { counted: { type: 'string' } }, positionals: ['dayId'], run: (v, a) => dayCommand('close', v, a, withApp) },
  'day package': { summary: 'Write a day as an offline package', help: DAY_HELP.package, options: { out: { type: 'string' } }, positionals: ['dayId'], run: (v, a) => dayCommand('package', v, a, withApp) },
  'day import': { summary: 'Import an offline package\'s captures', help: DAY_HELP.import, options: { file: { type: 'string' } }, positionals: ['dayId'], run: (v, a) => dayCommand('import', v, a, withApp) },
  'flags list': { summary: 'List red flags', help: DAY_HELP.flags, options: { status: { type: 'string' }, json: { type: 'boolean' } }, run: (v, a) => dayCommand('flags', v, a, withApp) },
  // -- fees commands --
  'fees list': {
    summary: 'List the entrustment fees and group commissions accrued for a month',
    help: FEES_LIST_HELP,
    options: { period: { type: 'string' }, json: { type: 'boolean' } },
    run: (v) => feesList(v, withApp),
  },
  // -- takeover commands --
  'capital takeover': {
    summary: 'Take over a portfolio of loans into a local fund, reconciled with the owner\'s totals (all or nothing)',
    help: CAPITAL_TAKEOVER_HELP,
    options: {
      source: { type: 'string' }, date: { type: 'string' }, file: { type: 'string' }, capital: { type: 'string' }, outstanding: { type: 'string' },
      'fund-balance': { type: 'string' }, overdue: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' },
    },
    run: (v) => capitalTakeover(v, withApp),
  },
  // -- supervision commands --
  'flags run': {
    summary: 'Run the red-flag rules (all, or one with --rule) as of a date; raises only new flags',
    help: FLAGS_RUN_HELP,
    options: { rule: { type: 'string' }, 'all-rules': { type: 'boolean' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } },
    run: (v) => flagsRun(v, withApp),
  },
  'flags show': {
    summary: 'Show one red flag with its evidence, its open loans and the follow-ups (recall) recorded from it',
    help: FLAGS_SHOW_HELP,
    options: { id: { type: 'string' }, json: { type: 'boolean' } },
    run: (v) => flagsShow(v, withApp),
  },
  'flags recall': {
    summary: 'Record a recall of one of a confirmed flag\'s loans, linked to the flag',
    help: FLAGS_RECALL_HELP,
    options: {
      id: { type: 'string' }, plan: { type: 'string' }, loan: { type: 'string' }, outcome: { type: 'string' }, 'found-on': { type: 'string' }, 'due-on': { type: 'string' },
      amount: { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean' },
    },
    run: (v) => flagsRecall(v, withApp),
  },
  // -- inspections commands --
  'inspections list': {
    summary: 'List inspection plans with their findings and open follow-up actions',
    help: INSPECTIONS_LIST_HELP,
    options: { status: { type: 'string' }, inspector: { type: 'string' }, json: { type: 'boolean' } },
    run: (v) => inspectionsList(v, withApp),
  },
  // -- plans commands --
  'plans list': {
    summary: 'List capital plan lines of a year, every version (revisions keep the previous one)',
    help: PLANS_LIST_HELP,
    options: { year: { type: 'string' }, quarter: { type: 'string' }, unit: { type: 'string' }, program: { type: 'string' }, latest: { type: 'boolean' }, json: { type: 'boolean' } },
    run: (v) => plansList(v, withApp),
  },
  'plans actual': {
    summary: 'Plan vs actual on a date: allocated, disbursed, collected, outstanding, room',
    help: PLANS_ACTUAL_HELP,
    options: { year: { type: 'string' }, quarter: { type: 'string' }, 'as-of': { type: 'string' }, unit: { type: 'string' }, program: { type: 'string' }, json: { type: 'boolean' } },
    run: (v) => plansActual(v, withApp),
  },
  // -- reports commands --
  report: {
    summary: 'A standard report (portfolio, turnover, quality, outcomes, fund-statement, plan-vs-actual) as a table, JSON, Excel or PDF', help: REPORT_HELP, positionals: ['name'],
    options: { unit: { type: 'string' }, date: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, by: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, locale: { type: 'string' }, /* -- reports (outcomes) -- */ source: { type: 'string' }, year: { type: 'string' }, quarter: { type: 'string' }, program: { type: 'string' } },
    run: (v, positionals) => report(v, positionals, withApp),
  },
  // -- dashboards commands --
  dashboard: {
    summary: "A unit's dashboard key figures (JSON) at the latest closed month-end, with changes vs last month and last year", help: DASHBOARD_HELP,
    options: { unit: { type: 'string' }, date: { type: 'string' }, full: { type: 'boolean' } }, run: (v) => dashboard(v, withApp),
  },
  'transparency posting': {
    summary: "A transaction point's public posting (programs and rates, borrowers — no CCCD, no phone) as PDF or JSON", help: TRANSPARENCY_POSTING_HELP,
    options: { point: { type: 'string' }, date: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } }, run: (v) => transparencyPosting(v, withApp),
  },
  // -- capital commands --
  'capital sources': { summary: 'List capital sources and local funds with their agreements', help: CAPITAL_HELP.sources, options: { date: { type: 'string' }, json: { type: 'boolean' } }, run: (v) => capitalSources(v, withApp) },
  'capital statement': {
    summary: 'A fund statement: opening, in, out, closing, one line per journal entry', help: CAPITAL_HELP.statement,
    options: { source: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, unit: { type: 'string' }, json: { type: 'boolean' } }, run: (v) => capitalStatement(v, withApp),
  },
  'capital allocate': {
    summary: 'Allocate capital of a source down the bank hierarchy', help: CAPITAL_HELP.allocate,
    options: { source: { type: 'string' }, 'from-unit': { type: 'string' }, 'to-unit': { type: 'string' }, amount: { type: 'string' }, date: { type: 'string' }, reference: { type: 'string' } }, run: (v) => capitalAllocate(v, withApp),
  },
  // -- demo commands --
  'demo seed': {
    summary: 'Seed a living sample province into an empty database (deterministic for --seed)',
    help: DEMO_SEED_HELP,
    options: { scale: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, seed: { type: 'string' } },
    run: (v) => demoSeed(v, withApp),
  },
  'demo abuses': {
    summary: 'Inject known abuses into a seeded demo database, run every red-flag rule and report recall and false positives',
    help: DEMO_ABUSES_HELP,
    options: { seed: { type: 'string' }, label: { type: 'string' }, json: { type: 'boolean' } },
    run: (v) => demoAbuses(v, withApp),
  },
  serve: {
    summary: 'Serve the API and web app (default http://localhost:3000)',
    help: `tdcs serve [--port N]\n\nApplies pending migrations, creates the first administrator on an empty database (password printed once,\nor taken from TDCS_ADMIN_PASSWORD) and serves the web app and /api. Stops cleanly on SIGINT/SIGTERM.`,
    options: { port: { type: 'string', short: 'p' } },
    async run(v) {
      const config = configFromEnv()
      const port = str(v, 'port')
      // The database is opened once: the first-start demo seed and then the server use it.
      const app = await openApp({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, pgliteTemplate: config.pgliteTemplate, authPolicy: config.authPolicy })
      let server: Awaited<ReturnType<typeof startServer>>
      try {
        // -- demo: an empty database gets the small demo province before the server listens (TDCS_DEMO=0 skips) --
        await autoSeedDemo(app, config)
        // -- end demo --
        server = await startServer({ ...config, app, port: port ? Number(port) : config.port })
      } catch (error) {
        await app.close()
        throw error
      }
      if (server.firstAdmin) {
        const pw = server.firstAdmin.password ?? '(from TDCS_ADMIN_PASSWORD)'
        console.log(`\n  First administrator created — tài khoản quản trị đầu tiên:\n    username: ${server.firstAdmin.username}\n    password: ${pw}\n  This password is shown only once. / Mật khẩu chỉ hiển thị một lần.\n`)
      }
      console.log(`TDCS is running at ${server.url} (database: ${server.tdcs.backend}, ${server.tdcs.location})`)
      // -- supervision: the nightly red-flag run inside the server, off unless TDCS_NIGHTLY_FLAGS=1 (docs/supervision.md) --
      if (process.env.TDCS_NIGHTLY_FLAGS === '1') {
        startNightlyFlags(server.tdcs, { info: (o, m) => console.log(m ?? '', JSON.stringify(o)), error: (o, m) => console.error(m ?? '', o) })
        console.log('Nightly red-flag run: every day at 01:15 (Vietnam)')
      }
      // -- end supervision --
      const stop = async (signal: string) => {
        console.log(`${signal}: shutting down`)
        await server.close()
        process.exit(EXIT.ok)
      }
      process.once('SIGINT', () => void stop('SIGINT'))
      process.once('SIGTERM', () => void stop('SIGTERM'))
      return -1
    },
  },
  migrate: {
    summary: 'Apply pending database migrations',
    help: 'tdcs migrate\n\nApplies pending migrations in order and lists them. Migrations also run at every start.',
    options: {},
    run: () =>
      withApp(async (app) => {
        const report = await migrateToLatestApp(app)
        console.log(report.applied.length ? `Applied: ${report.applied.join(', ')}` : 'The database is up to date.')
        return EXIT.ok
      }, false),
  },
  'users create': {
    summary: 'Create a user bound to a unit',
    help: `tdcs users create --username U --full-name "Họ tên" --role R --unit ID [--organisation O] [--password P]\n\nRoles: ${ROLES.join(', ')}\nOrganisations (org_officer only): ${ORGANISATIONS.join(', ')}\nWithout --password, reads it from TDCS_NEW_PASSWORD. Run on the server's console: acts as 'system'.`,
    options: { username: { type: 'string' }, 'full-name': { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' }, organisation: { type: 'string' }, password: { type: 'string' } },
    run: (v) =>
      withApp(async (app) => {
        const role = required(v, 'role')
        if (!isRole(role)) throw new RuleViolation('validation_failed', { role, allowed: ROLES })
        const password = str(v, 'password') ?? process.env.TDCS_NEW_PASSWORD
        if (!password) throw new RuleViolation('validation_failed', { missing: '--password or TDCS_NEW_PASSWORD' })
        const outcome = await createUser(app.db, systemContext(`cli-${randomUUID()}`), {
          username: required(v, 'username'), fullName: required(v, 'full-name'), role, unitId: Number(required(v, 'unit')),
          organisation: (str(v, 'organisation') as Organisation | undefined) ?? null, password,
        })
        if (outcome.kind === 'created') console.log(`Created user ${outcome.user.username} (#${outcome.user.id}, ${outcome.user.role} at ${outcome.user.unitName})`)
        return EXIT.ok
      }),
  },
  'users list': {
    summary: 'List users',
    help: 'tdcs users list [--q TEXT] [--role R]\n\nLists users (all units: the console acts as system).',
    options: { q: { type: 'string' }, role: { type: 'string' } },
    run: (v) =>
      withApp(async (app) => {
        const role = str(v, 'role')
        if (role !== undefined && !isRole(role)) throw new RuleViolation('validation_failed', { role, allowed: ROLES })
        const { items, total } = await listUsers(app.db, systemContext(`cli-${randomUUID()}`), { q: str(v, 'q'), role, limit: 500, offset: 0 })
        console.table(items.map((u) => ({ id: u.id, username: u.username, name: u.fullName, role: u.role, unit: u.unitName, status: u.status })))
        console.log(`${total} user(s)`)
        return EXIT.ok
      }),
  },
  'users disable': {
    summary: 'Disable a user (ends their sessions)',
    help: 'tdcs users disable --id N',
    options: { id: { type: 'string' } },
    run: (v) =>
      withApp(async (app) => {
        const user = await setUserStatus(app.db, systemContext(`cli-${randomUUID()}`), Number(required(v, 'id')), 'disabled')
        console.log(`Disabled ${user.username}`)
        return EXIT.ok
      }),
  },
  'users enable': {
    summary: 'Re-enable a user (also lifts a login lockout)',
    help: 'tdcs users enable --id N',
    options: { id: { type: 'string' } },
    run: (v) =>
      withApp(async (app) => {
        const user = await setUserStatus(app.db, systemContext(`cli-${randomUUID()}`), Number(required(v, 'id')), 'active')
        console.log(`Enabled ${user.username}`)
        return EXIT.ok
      }),
  },
  'audit verify': {
    summary: 'Walk the audit log hash chain; exit 3 at the first broken link',
    help: 'tdcs audit verify\n\nRecomputes every audit row\'s hash from its content and the previous row\'s hash.\nExit 0 when the chain is intact, 3 with the first broken row otherwise.',
    options: {},
    run: () =>
      withApp(async (app) => {
        const report = await verifyAuditChain(app.db)
        if (report.ok) {
          console.log(`Audit chain intact: ${report.checked} row(s) verified.`)
          return EXIT.ok
        }
        console.error(`Audit chain BROKEN at row ${report.firstBroken?.id} (${report.firstBroken?.reason}); ${report.checked} row(s) before it verified.`)
        return EXIT.integrity
      }),
  },
}

import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { toJsonSafe } from '../app/canonical-json.js'
import { takeOverPortfolio, type TakeoverReport } from '../app/capital/takeover.js'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { formatDong, orThrow, parseDong, parseIsoDate, RuleViolation, type Dong } from '../domain/shared/index.js'
import { EXIT } from './exit-codes.js'

type Open = <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>
type Values = Record<string, string | boolean | undefined>

export const CAPITAL_TAKEOVER_HELP = `tdcs capital takeover --source CODE --date YYYY-MM-DD --file F.xlsx|F.csv
       --capital AMOUNT --outstanding AMOUNT --fund-balance AMOUNT --overdue AMOUNT [--dry-run] [--json]

Takes over a portfolio of loans (one row per loan, see the template: GET
/api/v1/capital/takeovers/template.xlsx) into the local fund CODE as of the date, reconciled with the
owner's stated totals: capital = outstanding + fund balance, outstanding = Σ rows, overdue = Σ rows'
overdue. Amounts are whole đồng ("7.200.000.000" or 7200000000). Any row error or difference of even
1 đồng refuses the whole file and prints the report; nothing is written. --dry-run checks only.
The same file for the same source and date is posted once. Runs on the server's console as 'system'.
Exit 0 when posted (or the dry run reconciles); 1 with the report; 4 when the file cannot be read.`

function amount(v: Values, key: string): bigint {
  const text = typeof v[key] === 'string' ? (v[key] as string) : undefined
  if (text === undefined) throw new RuleViolation('validation_failed', { missing: `--${key}` })
  return orThrow(parseDong(text))
}

function print(report: TakeoverReport): void {
  const d = (v: bigint) => formatDong(v as Dong)
  console.log(`${report.fileName} → ${report.capitalSource} on ${report.takeoverDate}: ${report.status}${report.runId !== null ? ` (run ${report.runId})` : ''}; ${report.loanCount} loan(s) of ${report.rows} row(s)`)
  console.table(report.checks.map((c) => ({ check: c.check, stated: d(c.statedDong), computed: d(c.computedDong), difference: d(c.differenceDong) })))
  for (const e of report.errors) console.error(`  row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.code} — ${e.message.vi}`)
  if (report.errorCount > report.errors.length) console.error(`  … and ${report.errorCount - report.errors.length} more`)
}

export async function capitalTakeover(v: Values, open: Open): Promise<number> {
  const need = (k: string) => {
    const value = typeof v[k] === 'string' ? (v[k] as string) : undefined
    if (value === undefined) throw new RuleViolation('validation_failed', { missing: `--${k}` })
    return value
  }
  const file = need('file')
  const input = {
    capitalSource: need('source'),
    takeoverDate: orThrow(parseIsoDate(need('date'))),
    stated: { capitalDong: amount(v, 'capital'), outstandingDong: amount(v, 'outstanding'), fundBalanceDong: amount(v, 'fund-balance'), overdueDong: amount(v, 'overdue') },
    dryRun: v['dry-run'] === true,
  }
  let content: Uint8Array
  try {
    content = await readFile(file)
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`)
    return EXIT.infrastructure
  }
  return open(async (app) => {
    try {
      const report = await takeOverPortfolio(app.db, systemContext(`cli-${randomUUID()}`), { ...input, fileName: path.basename(file), content })
      if (v.json === true) console.log(JSON.stringify(toJsonSafe(report), null, 2))
      else print(report)
      return report.ok ? EXIT.ok : EXIT.ruleViolation
    } catch (error) {
      if (!(error instanceof RuleViolation) || (error.code !== 'takeover_rejected' && error.code !== 'takeover_totals_mismatch')) throw error
      const report = error.details as unknown as TakeoverReport
      if (v.json === true) console.log(JSON.stringify({ code: error.code, ...report }, null, 2))
      else {
        console.error(`${error.code}: nothing was posted. / Chưa ghi gì.`)
        console.log(`${report.fileName}: ${report.errorCount} row error(s)`)
        console.table(report.checks.map((c) => ({ check: c.check, stated: c.statedDong, computed: c.computedDong, difference: c.differenceDong })))
        for (const e of report.errors) console.error(`  row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.code} — ${e.message.vi}`)
      }
      return EXIT.ruleViolation
    }
  })
}

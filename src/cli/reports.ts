import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { toJsonSafe } from '../app/canonical-json.js'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { formatRatio, reportPdf, reportWorkbook } from '../app/reports/render.js'
import { runReport } from '../app/reports/run-report.js'
import type { ReportTable } from '../domain/reports/index.js'
import { formatDong, RuleViolation, type Dong } from '../domain/shared/index.js'
import { EXIT } from './exit-codes.js'

type Open = <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>
type Values = Record<string, string | boolean | undefined>

export const REPORT_HELP = `tdcs report <portfolio|turnover|quality|outcomes|fund-statement|plan-vs-actual> [--unit ID] [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD]
            [--by program|unit|organisation|group|capital_source] [--source CODE] [--year YYYY --quarter 1-4 --program CODE]
            [--format table|json|xlsx|pdf --out FILE] [--locale vi|en]

Standard reports over a unit's subtree (default: the whole country), run as 'system':
  portfolio  outstanding in term, overdue, frozen, borrowers and loans at a date (today's balances,
             or a closed month-end's snapshot)
  turnover   opening, disbursed, collected, written off, closing for a period, with the identity
             closing = opening + disbursed − collected − written off checked per row
  quality    overdue and frozen ratios, overdue by age, dormant loans, group grades and the
             interest collection rate of the month at a date
  outcomes   Directive 40 outcomes for a period (--from --to): turnover, borrower-turns, distinct
             borrowers, households out of poverty after borrowing, students, workers, water works,
             houses, and the poverty rate at each year's end
  fund-statement  a capital source's statement (--source, default CENTRAL) for a period
  plan-vs-actual  capital plan lines and yearly targets against the actual (--year, --quarter,
             --program, --date as of)
xlsx and pdf need --out.`

const cell = (t: ReportTable, row: Record<string, unknown>) =>
  Object.fromEntries(t.columns.map((c) => {
    const v = row[c.key]
    const shown = v === null || v === undefined ? '' : c.kind === 'money' ? formatDong(BigInt(v as bigint) as Dong) : c.kind === 'ratio' ? formatRatio(Number(v)) : String(v)
    return [c.vi, shown]
  }))

export async function report(v: Values, positionals: readonly string[], open: Open): Promise<number> {
  const name = positionals[0]
  if (!name) throw new RuleViolation('validation_failed', { missing: '<name>' })
  const format = typeof v.format === 'string' ? v.format : 'table'
  if (!['table', 'json', 'xlsx', 'pdf'].includes(format)) throw new RuleViolation('report_format_invalid', { format })
  const out = typeof v.out === 'string' ? v.out : undefined
  if ((format === 'xlsx' || format === 'pdf') && !out) throw new RuleViolation('validation_failed', { missing: '--out' })
  const unitText = typeof v.unit === 'string' ? v.unit : undefined
  const unitId = unitText === undefined ? undefined : Number(unitText)
  if (unitId !== undefined && (!Number.isSafeInteger(unitId) || unitId <= 0)) throw new RuleViolation('validation_failed', { '--unit': unitText, expected: 'a unit id' })
  const locale = v.locale === 'en' ? 'en' : 'vi'
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined)
  return open(async (app) => {
    const result = await runReport(app.db, systemContext(`cli-${randomUUID()}`), name, { unitId, date: s('date'), from: s('from'), to: s('to'), by: s('by'), source: s('source'), year: s('year'), quarter: s('quarter'), program: s('program') })
    if (format === 'xlsx' || format === 'pdf') {
      await writeFile(out!, format === 'xlsx' ? await reportWorkbook(result, locale) : await reportPdf(result, locale))
      console.log(`${out}`)
    } else if (format === 'json') {
      console.log(JSON.stringify(toJsonSafe(result), null, 2))
    } else {
      for (const t of result.tables) {
        console.log(`${t.vi} / ${t.en}`)
        console.table([...t.rows, ...(t.totals ? [t.totals] : [])].map((r) => cell(t, r)))
      }
    }
    return EXIT.ok
  })
}

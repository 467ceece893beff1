import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { toJsonSafe } from '../app/canonical-json.js'
import { boardDashboard } from '../app/dashboards.js'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { publicPosting, publicPostingPdf } from '../app/transparency.js'
import { RuleViolation } from '../domain/shared/index.js'
import { EXIT } from './exit-codes.js'

type Open = <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>
type Values = Record<string, string | boolean | undefined>

export const DASHBOARD_HELP = `tdcs dashboard [--unit ID] [--date YYYY-MM-DD] [--full]

Prints a unit's dashboard key figures as JSON (run as 'system'; default unit: the whole country):
outstanding, overdue and its ratio (basis points), frozen, borrowers, loans, disbursed and collected
in the month and the year, each at the latest closed month-end on or before the date (default today)
with its change against the month before and the same month a year earlier. --full prints the whole
dashboard (trends, programs, child units, groups, plan vs actual).`

export const TRANSPARENCY_POSTING_HELP = `tdcs transparency posting --point ID [--date YYYY-MM-DD] (--out FILE.pdf | --json)

The public posting of a transaction point: the programs and rates in force on the date (default
today) and the borrowers with loans outstanding (name, village, program, amount, term — never a
citizen id or a phone), as an A4 PDF written to --out, or as JSON with --json.`

function positiveId(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined
  const id = Number(text)
  if (!Number.isSafeInteger(id) || id <= 0) throw new RuleViolation('validation_failed', { [flag]: text, expected: 'a positive id' })
  return id
}

const s = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined)

export async function dashboard(v: Values, open: Open): Promise<number> {
  const unitId = positiveId(s(v, 'unit'), '--unit')
  return open(async (app) => {
    const d = await boardDashboard(app.db, systemContext(`cli-${randomUUID()}`), { unitId, date: s(v, 'date') })
    const shown = v.full === true ? d : { unit: d.unit, date: d.date, period: d.period, periodEnd: d.periodEnd, previousMonth: d.previousMonth, sameMonthLastYear: d.sameMonthLastYear, keyFigures: d.keyFigures }
    console.log(JSON.stringify(toJsonSafe(shown), null, 2))
    return EXIT.ok
  })
}

export async function transparencyPosting(v: Values, open: Open): Promise<number> {
  const pointId = positiveId(s(v, 'point'), '--point')
  if (pointId === undefined) throw new RuleViolation('validation_failed', { missing: '--point' })
  const out = s(v, 'out')
  if (out === undefined && v.json !== true) throw new RuleViolation('validation_failed', { missing: '--out' })
  return open(async (app) => {
    const posting = await publicPosting(app.db, systemContext(`cli-${randomUUID()}`), { pointId, date: s(v, 'date') })
    if (out !== undefined) {
      await writeFile(out, await publicPostingPdf(posting))
      console.log(out)
    } else console.log(JSON.stringify(toJsonSafe(posting), null, 2))
    return EXIT.ok
  })
}

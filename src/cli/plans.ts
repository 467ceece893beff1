import { randomUUID } from 'node:crypto'
import { toJsonSafe } from '../app/canonical-json.js'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { listPlanLines, planVsActual } from '../app/plans.js'
import { formatDong, parseIsoDate, RuleViolation, type Dong } from '../domain/shared/index.js'
import { EXIT } from './exit-codes.js'

type Open = <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>
type Values = Record<string, string | boolean | undefined>

export const PLANS_LIST_HELP = `tdcs plans list --year YYYY [--quarter 1-4] [--unit ID] [--program CODE] [--latest] [--json]

Lists the capital plan lines (kế hoạch vốn) of a year: unit, period, program, capital source,
amount, the date each version takes effect and its decision. Every version is listed (a revision
keeps the version it replaces) unless --latest. Runs as 'system'.`

export const PLANS_ACTUAL_HELP = `tdcs plans actual --year YYYY [--quarter 1-4] --as-of YYYY-MM-DD [--unit ID] [--program CODE] [--json]

Plan vs actual under a unit (default: the whole network) for the year or a quarter on a date:
allocated (the plan in force on that date), disbursed and collected principal in the period up to
the date, outstanding on the date and the room left (allocated − disbursed). Runs as 'system'.`

function intOption(v: Values, name: string, min: number, max: number): number | undefined {
  const raw = v[name]
  if (raw === undefined) return undefined
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!Number.isInteger(n) || n < min || n > max) throw new RuleViolation('validation_failed', { [`--${name}`]: raw, expected: `${min}–${max}` })
  return n
}

const text = (v: Values, name: string) => (typeof v[name] === 'string' ? (v[name] as string) : undefined)
const money = (d: bigint | null) => (d === null ? '' : formatDong(d as Dong))

export async function plansList(v: Values, open: Open): Promise<number> {
  const year = intOption(v, 'year', 2000, 2200)
  if (year === undefined) throw new RuleViolation('validation_failed', { missing: '--year' })
  const quarter = intOption(v, 'quarter', 1, 4)
  const unitId = intOption(v, 'unit', 1, 2_147_483_647)
  return open(async (app) => {
    const lines = await listPlanLines(app.db, systemContext(`cli-${randomUUID()}`), { year, quarter, unitId, programCode: text(v, 'program'), latestOnly: v.latest === true })
    if (v.json === true) {
      console.log(JSON.stringify(toJsonSafe(lines), null, 2))
      return EXIT.ok
    }
    console.table(lines.map((l) => ({
      id: String(l.id), unit: l.unitName, period: l.quarter === null ? String(l.year) : `Q${l.quarter}/${l.year}`, program: l.programCode, source: l.capitalSourceCode ?? '*',
      amount: money(l.amountDong), from: l.validFrom, decision: l.decisionNumber, replacedBy: l.supersededById === null ? '' : String(l.supersededById),
    })))
    return EXIT.ok
  })
}

export async function plansActual(v: Values, open: Open): Promise<number> {
  const year = intOption(v, 'year', 2000, 2200)
  const asOf = parseIsoDate(text(v, 'as-of') ?? '')
  if (year === undefined || !asOf.ok) throw new RuleViolation('validation_failed', { '--year': v.year ?? null, '--as-of': v['as-of'] ?? null, expected: 'YYYY and YYYY-MM-DD' })
  const quarter = intOption(v, 'quarter', 1, 4) ?? null
  const unitId = intOption(v, 'unit', 1, 2_147_483_647)
  return open(async (app) => {
    const result = await planVsActual(app.db, systemContext(`cli-${randomUUID()}`), { unitId, year, quarter, asOf: asOf.value, programCode: text(v, 'program') })
    if (v.json === true) {
      console.log(JSON.stringify(toJsonSafe(result), null, 2))
      return EXIT.ok
    }
    console.table(result.lines.map((l) => ({
      unit: `${'  '.repeat(Math.max(0, l.depth - 1))}${l.unitName}`, program: l.programCode, source: l.capitalSourceCode ?? '*', allocated: money(l.allocatedDong),
      disbursed: money(l.disbursedDong), collected: money(l.collectedDong), outstanding: money(l.outstandingDong), room: money(l.roomDong),
    })))
    return EXIT.ok
  })
}

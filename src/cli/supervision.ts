import { randomUUID } from 'node:crypto'
import { toJsonSafe } from '../app/canonical-json.js'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { listInspectionPlans } from '../app/inspections/plans.js'
import { runFlagRules } from '../app/supervision/flag-runs.js'
import { parseIsoDate, RuleViolation, type LocalDate } from '../domain/shared/index.js'
import { INSPECTORS, PLAN_STATUSES, RULE_NAMES, type Inspector, type PlanStatus } from '../domain/supervision/index.js'
import { EXIT } from './exit-codes.js'

type Open = <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>
type Values = Record<string, string | boolean | undefined>

export const FLAGS_RUN_HELP = `tdcs flags run [--rule NAME | --all-rules] [--as-of YYYY-MM-DD] [--json]

Runs the red-flag rules over the whole portfolio as of a date (default today) and raises only new
flags: a subject with a flag of the same rule still open or under review is not flagged twice.
Prints, per rule, the candidates found, the new flags raised and the duration. Runs as 'system'.
--all-rules (the default without --rule) runs every enabled rule: the nightly cron line is
  15 1 * * *  tdcs flags run --all-rules
Rules: ${RULE_NAMES.join(', ')} (docs/supervision.md).`

export async function flagsRun(v: Values, open: Open): Promise<number> {
  const rule = typeof v.rule === 'string' ? v.rule : undefined
  if (rule !== undefined && v['all-rules'] === true) throw new RuleViolation('validation_failed', { '--rule': rule, '--all-rules': true, expected: 'one of them' })
  const asOfText = typeof v['as-of'] === 'string' ? v['as-of'] : undefined
  let asOf: LocalDate | undefined
  if (asOfText !== undefined) {
    const parsed = parseIsoDate(asOfText)
    if (!parsed.ok) throw new RuleViolation('validation_failed', { '--as-of': asOfText, expected: 'YYYY-MM-DD' })
    asOf = parsed.value
  }
  return open(async (app) => {
    const results = await runFlagRules(app.db, systemContext(`cli-${randomUUID()}`), { rules: rule === undefined ? undefined : [rule], asOf })
    if (v.json === true) {
      console.log(JSON.stringify(toJsonSafe(results), null, 2))
      return EXIT.ok
    }
    for (const r of results) console.log(`${r.rule}\tas of ${r.asOf}\tcandidates ${r.candidates}\tnew flags ${r.raised}\t${r.durationMs} ms`)
    console.log(`${results.reduce((s, r) => s + r.raised, 0)} new flag(s)`)
    return EXIT.ok
  })
}

export const INSPECTIONS_LIST_HELP = `tdcs inspections list [--status ${PLAN_STATUSES.join('|')}] [--inspector ${INSPECTORS.join('|')}] [--json]

Lists the inspection plans (who inspects which unit when), the latest period first, with their
number of findings and open follow-up actions. Runs as 'system' over the whole hierarchy.`

export async function inspectionsList(v: Values, open: Open): Promise<number> {
  const status = typeof v.status === 'string' ? v.status : undefined
  const inspector = typeof v.inspector === 'string' ? v.inspector : undefined
  if (status !== undefined && !(PLAN_STATUSES as readonly string[]).includes(status)) throw new RuleViolation('validation_failed', { '--status': status, expected: PLAN_STATUSES })
  if (inspector !== undefined && !(INSPECTORS as readonly string[]).includes(inspector)) throw new RuleViolation('validation_failed', { '--inspector': inspector, expected: INSPECTORS })
  return open(async (app) => {
    const plans = await listInspectionPlans(app.db, systemContext(`cli-${randomUUID()}`), { status: status as PlanStatus | undefined, inspector: inspector as Inspector | undefined })
    if (v.json === true) {
      console.log(JSON.stringify(toJsonSafe(plans), null, 2))
      return EXIT.ok
    }
    for (const p of plans) console.log(`#${p.id}\t${p.periodFrom}..${p.periodTo}\t${p.status}\t${p.inspector} (${p.inspectorName})\t${p.unitName}\t${p.title}\tfindings ${p.findings}\topen actions ${p.openActions}`)
    console.log(`${plans.length} plan(s)`)
    return EXIT.ok
  })
}

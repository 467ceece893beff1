import { randomUUID } from 'node:crypto'
import { toJsonSafe } from '../app/canonical-json.js'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { recordFlagRecall } from '../app/inspections/findings.js'
import { listInspectionPlans } from '../app/inspections/plans.js'
import { getRedFlag } from '../app/supervision/flag-detail.js'
import { runFlagRules } from '../app/supervision/flag-runs.js'
import { formatDong, parseDong, parseIsoDate, RuleViolation, type Dong, type LocalDate } from '../domain/shared/index.js'
import { FINDING_OUTCOMES, INSPECTORS, PLAN_STATUSES, RULE_NAMES, type FindingOutcome, type Inspector, type PlanStatus } from '../domain/supervision/index.js'
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

const ID = /^[1-9][0-9]{0,17}$/
const idOption = (v: Values, k: string, required: boolean): bigint | undefined => {
  const text = v[k]
  if (text === undefined && !required) return undefined
  if (typeof text !== 'string' || !ID.test(text)) throw new RuleViolation('validation_failed', { [`--${k}`]: text ?? null, expected: 'a positive whole number' })
  return BigInt(text)
}
const dateOption = (v: Values, k: string): LocalDate => {
  const parsed = parseIsoDate(typeof v[k] === 'string' ? v[k] : '')
  if (!parsed.ok) throw new RuleViolation('validation_failed', { [`--${k}`]: v[k] ?? null, expected: 'YYYY-MM-DD' })
  return parsed.value
}

export const FLAGS_SHOW_HELP = `tdcs flags show --id N [--json]

Shows one red flag: its rule, status, assignee and evidence, the open loans it concerns, and the
follow-ups recorded from it (the finding, its recall and the recall's completion). The read is
audited (red_flag.view). Runs as 'system'.`

export async function flagsShow(v: Values, open: Open): Promise<number> {
  const id = idOption(v, 'id', true)!
  return open(async (app) => {
    const flag = await getRedFlag(app.db, systemContext(`cli-${randomUUID()}`), id)
    if (v.json === true) {
      console.log(JSON.stringify(toJsonSafe(flag), null, 2))
      return EXIT.ok
    }
    console.log(`#${flag.id}\t${flag.rule}\t${flag.severity}\t${flag.status}\t${flag.subjectType} #${flag.subjectId}\t${flag.unitName ?? '—'}\tassignee ${flag.assigneeName ?? '—'}`)
    console.log(`evidence\t${JSON.stringify(flag.evidence)}`)
    for (const l of flag.loans) console.log(`loan #${l.id}\t${l.status}\t${l.householdCode}\t${l.borrowerName ?? '—'}\t${formatDong(l.outstandingDong as Dong, { symbol: true })}`)
    for (const f of flag.followUps) {
      for (const a of f.actions) console.log(`follow-up #${a.id}\t${a.kind}\tloan #${f.loanId ?? '—'}\tplan #${f.planId}\t${f.outcome}\tdue ${a.dueOn}\t${a.status}${a.completedOn ? ` ${a.completedOn}` : ''}${f.recalledOn ? `\tloan recalled ${f.recalledOn}` : ''}`)
    }
    console.log(`${flag.followUps.reduce((n, f) => n + f.actions.length, 0)} follow-up(s)`)
    return EXIT.ok
  })
}

export const FLAGS_RECALL_HELP = `tdcs flags recall --id N --plan P [--loan L] --outcome ${FINDING_OUTCOMES.filter((o) => o !== 'used_correctly').join('|')} --found-on YYYY-MM-DD --due-on YYYY-MM-DD [--amount DONG] [--note TEXT] [--json]

Records, from a confirmed red flag, the finding on one of its open loans (--loan, needed when the
flag concerns several: see tdcs flags show) in inspection plan P, and opens a recall due on
--due-on, linked to the flag. Refused with red_flag_not_confirmed, red_flag_without_loan,
red_flag_loan_not_linked or red_flag_recall_exists. Complete the recall with
POST /api/v1/inspections/actions/{id}/complete (it recalls the loan). Runs as 'system'.`

export async function flagsRecall(v: Values, open: Open): Promise<number> {
  const id = idOption(v, 'id', true)!
  const planId = idOption(v, 'plan', true)!
  const loanId = idOption(v, 'loan', false)
  const outcome = typeof v.outcome === 'string' ? v.outcome : ''
  if (!(FINDING_OUTCOMES as readonly string[]).includes(outcome)) throw new RuleViolation('validation_failed', { '--outcome': outcome, expected: FINDING_OUTCOMES })
  const foundOn = dateOption(v, 'found-on')
  const dueOn = dateOption(v, 'due-on')
  let amountDong: bigint | undefined
  if (typeof v.amount === 'string') {
    const parsed = parseDong(v.amount)
    if (!parsed.ok || parsed.value <= 0n) throw new RuleViolation('validation_failed', { '--amount': v.amount, expected: 'a positive amount in đồng' })
    amountDong = parsed.value
  }
  const note = typeof v.note === 'string' ? v.note : undefined
  return open(async (app) => {
    const finding = await recordFlagRecall(app.db, systemContext(`cli-${randomUUID()}`), id, { planId: Number(planId), loanId, outcome: outcome as FindingOutcome, foundOn, dueOn, amountDong, note })
    if (v.json === true) {
      console.log(JSON.stringify(toJsonSafe(finding), null, 2))
      return EXIT.ok
    }
    const action = finding.actions[0]!
    console.log(`flag #${id}\tfinding #${finding.id}\tloan #${finding.loanId}\trecall #${action.id} due ${action.dueOn}`)
    return EXIT.ok
  })
}

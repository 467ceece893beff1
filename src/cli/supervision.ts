import { randomUUID } from 'node:crypto'
import { toJsonSafe } from '../app/canonical-json.js'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { runFlagRules } from '../app/supervision/flag-runs.js'
import { parseIsoDate, RuleViolation, type LocalDate } from '../domain/shared/index.js'
import { RULE_NAMES } from '../domain/supervision/index.js'
import { EXIT } from './exit-codes.js'

type Open = <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>
type Values = Record<string, string | boolean | undefined>

export const FLAGS_RUN_HELP = `tdcs flags run [--rule NAME] [--as-of YYYY-MM-DD] [--json]

Runs the red-flag rules over the whole portfolio as of a date (default today) and raises only new
flags: a subject with a flag of the same rule still open or under review is not flagged twice.
Prints, per rule, the candidates found, the new flags raised and the duration. Runs as 'system'.
Rules: ${RULE_NAMES.join(', ')} (docs/supervision.md).`

export async function flagsRun(v: Values, open: Open): Promise<number> {
  const rule = typeof v.rule === 'string' ? v.rule : undefined
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

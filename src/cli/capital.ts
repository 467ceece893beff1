import { randomUUID } from 'node:crypto'
import { listSources } from '../app/capital/funds.js'
import { allocateCapital } from '../app/capital/movements.js'
import { fundStatement } from '../app/capital/statement.js'
import { toJsonSafe } from '../app/canonical-json.js'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { formatDong, localDateOf, parseDong, parseIsoDate, RuleViolation, type Dong, type LocalDate } from '../domain/shared/index.js'
import { EXIT } from './exit-codes.js'

type Open = <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>
type Values = Record<string, string | boolean | undefined>

export const CAPITAL_HELP = {
  sources: `tdcs capital sources [--date YYYY-MM-DD] [--json]

Lists the capital sources: central capital and each local-budget fund with its owner and the
agreement in force on the date (default today): number, programs it may lend, interest split.
Runs as 'system'.`,
  statement: `tdcs capital statement --source CODE --from YYYY-MM-DD --to YYYY-MM-DD [--unit ID] [--json]

The fund statement (sao kê nguồn vốn) of a source for a date range, for a unit's subtree (default:
the whole source): opening, in (received, contributions, interest added, allocated in, principal
repaid), out (lent, allocated out, returned), closing, and one line per journal entry.`,
  allocate: `tdcs capital allocate --source CODE --from-unit ID --to-unit ID --amount DONG --date YYYY-MM-DD --reference TEXT

Allocates capital of a source from a bank unit to a unit below it (branch → transaction office →
commune). Refused with capital_allocation_exceeds_available when the allocating unit's pool is short.`,
}

const text = (v: Values, k: string): string => {
  const value = v[k]
  if (typeof value !== 'string' || value.trim() === '') throw new RuleViolation('validation_failed', { [`--${k}`]: null, expected: 'a value' })
  return value.trim()
}
const date = (v: Values, k: string): LocalDate => {
  const parsed = parseIsoDate(text(v, k))
  if (!parsed.ok) throw new RuleViolation('validation_failed', { [`--${k}`]: v[k], expected: 'YYYY-MM-DD' })
  return parsed.value
}
const unit = (v: Values, k: string): number => {
  const n = Number(text(v, k))
  if (!Number.isSafeInteger(n) || n <= 0) throw new RuleViolation('validation_failed', { [`--${k}`]: v[k], expected: 'a unit id' })
  return n
}
const money = (d: bigint) => formatDong(d as Dong)
const ctxOf = () => systemContext(`cli-${randomUUID()}`)

export async function capitalSources(v: Values, open: Open): Promise<number> {
  const on = typeof v.date === 'string' ? date(v, 'date') : localDateOf(new Date())
  return open(async (app) => {
    const items = await listSources(app.db, ctxOf(), on)
    if (v.json === true) {
      console.log(JSON.stringify(toJsonSafe(items), null, 2))
      return EXIT.ok
    }
    console.table(items.map((s) => ({
      code: s.code, name: s.nameVi, kind: s.kind, owner: s.ownerUnitName ?? '', agreement: s.agreement ? `${s.agreement.number} (v${s.agreement.version})` : '',
      programs: s.agreement ? (s.agreement.programCodes.length === 0 ? '*' : s.agreement.programCodes.join(',')) : '',
      split: s.agreement ? `${s.agreement.fundShareMicros / 10_000}% / ${s.agreement.reserveShareMicros / 10_000}% / ${s.agreement.bankFeeMicros / 10_000}%` : '',
    })))
    return EXIT.ok
  })
}

export async function capitalStatement(v: Values, open: Open): Promise<number> {
  const input = { source: text(v, 'source'), from: date(v, 'from'), to: date(v, 'to'), unitId: typeof v.unit === 'string' ? unit(v, 'unit') : null }
  return open(async (app) => {
    const s = await fundStatement(app.db, ctxOf(), input)
    if (v.json === true) {
      console.log(JSON.stringify(toJsonSafe(s), null, 2))
      return EXIT.ok
    }
    console.log(`Sao kê nguồn vốn ${s.source} — ${s.unitName ?? 'toàn nguồn vốn'} — ${s.from} → ${s.to}`)
    console.log(`  Tồn quỹ đầu kỳ ${money(s.opening.balanceDong)} (vốn ${money(s.opening.capitalDong)}, dư nợ ${money(s.opening.outstandingDong)})`)
    for (const [k, d] of Object.entries(s.totals)) if (d !== 0n) console.log(`  ${k.padEnd(16)} ${money(d)}`)
    console.log(`  Tồn quỹ cuối kỳ ${money(s.closing.balanceDong)} (vốn ${money(s.closing.capitalDong)}, dư nợ ${money(s.closing.outstandingDong)})`)
    console.table(s.lines.map((l) => ({ date: l.date, entry: String(l.entryId), category: l.category, description: l.description, in: money(l.inDong), out: money(l.outDong) })))
    return EXIT.ok
  })
}

export async function capitalAllocate(v: Values, open: Open): Promise<number> {
  const amount = parseDong(text(v, 'amount'))
  if (!amount.ok) throw new RuleViolation('validation_failed', { '--amount': v.amount, expected: 'whole đồng' })
  const input = { capitalSource: text(v, 'source'), fromUnitId: unit(v, 'from-unit'), toUnitId: unit(v, 'to-unit'), amountDong: amount.value as bigint, date: date(v, 'date'), reference: text(v, 'reference') }
  return open(async (app) => {
    const m = await allocateCapital(app.db, ctxOf(), input)
    console.log(`Allocated ${money(input.amountDong)} of ${input.capitalSource} from unit ${input.fromUnitId} to unit ${input.toUnitId} (entry ${m.entryId})`)
    return EXIT.ok
  })
}

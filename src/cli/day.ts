import { randomUUID } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { toJsonSafe } from '../app/canonical-json.js'
import { captureGroup } from '../app/transaction-day/capture.js'
import { closeTransactionDay, listTransactionDays, openTransactionDay, planTransactionDay } from '../app/transaction-day/days.js'
import { CaptureSchema, exportDayPackage, importDayPackage } from '../app/transaction-day/package.js'
import { listRedFlags } from '../app/transaction-day/queries.js'
import { formatDong, parseDong, RuleViolation, type Dong } from '../domain/shared/index.js'
import { EXIT } from './exit-codes.js'

type Open = <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>
type Values = Record<string, string | boolean | undefined>

export const DAY_HELP = {
  list: 'tdcs day list [--period YYYY-MM] [--json]\n\nTransaction days, latest first, with their status and cash book figures.',
  plan: 'tdcs day plan --point ID --period YYYY-MM\n\nPlans a point\'s day of a month on its fixed day, moved off public holidays.',
  open: 'tdcs day open <dayId> --cash AMOUNT\n\nOpens the day with the cash the team brought (whole đồng, e.g. 50.000.000).',
  capture: 'tdcs day capture <dayId> --file BATCH.json\n\nPosts one group\'s batch (the API\'s DayBatchInput: groupId, remittedDong, collectedDong, lines) and\nprints each member\'s reconciliation and any red flags.',
  close: 'tdcs day close <dayId> --counted AMOUNT\n\nCloses and locks the day; the cash counted must equal opening + in − out.',
  package: 'tdcs day package <dayId> --out FILE\n\nWrites the day as a sealed offline package (docs/offline-package.md).',
  import: 'tdcs day import <dayId> --file FILE\n\nPosts a package\'s captures; groups whose loans moved since, or already captured, are reported as conflicts.',
  flags: 'tdcs flags list [--status open|under_review|confirmed|dismissed] [--json]\n\nRed flags raised by the transaction day\'s reconciliation.',
} as const

const text = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined)
const money = (v: Values, k: string): bigint => {
  const parsed = parseDong(text(v, k) ?? '')
  if (!parsed.ok) throw new RuleViolation('invalid_money', { option: `--${k}` })
  return parsed.value
}
const dayIdOf = (positionals: readonly string[]): bigint => {
  if (positionals.length !== 1 || !/^[1-9][0-9]{0,17}$/.test(positionals[0]!)) throw new RuleViolation('validation_failed', { missing: 'dayId' })
  return BigInt(positionals[0]!)
}
const vnd = (d: bigint | null) => (d === null ? '—' : formatDong(d as Dong, { symbol: true }))
const ctx = () => systemContext(`cli-${randomUUID()}`)
const print = (value: unknown) => console.log(JSON.stringify(toJsonSafe(value), null, 2))

export async function dayCommand(name: keyof typeof DAY_HELP, v: Values, positionals: readonly string[], open: Open): Promise<number> {
  return open(async (app) => {
    switch (name) {
      case 'list': {
        const days = await listTransactionDays(app.db, ctx(), { period: text(v, 'period'), limit: 500 })
        if (v.json === true) print(days)
        else for (const d of days) console.log(`#${d.id}\t${d.pointCode}\t${d.heldOn}\t${d.status}\tđầu ngày ${vnd(d.openingCashDong)}\tkiểm đếm ${vnd(d.countedCashDong)}`)
        return EXIT.ok
      }
      case 'plan': {
        const day = await planTransactionDay(app.db, ctx(), { pointId: Number(text(v, 'point')), period: text(v, 'period') ?? '' })
        console.log(`Planned day #${day.id}: ${day.pointCode} on ${day.heldOn} ${day.startTime}`)
        return EXIT.ok
      }
      case 'open': {
        const day = await openTransactionDay(app.db, ctx(), dayIdOf(positionals), { openingCashDong: money(v, 'cash') })
        console.log(`Day #${day.id} is open with ${vnd(day.openingCashDong)}`)
        return EXIT.ok
      }
      case 'capture': {
        const parsed = CaptureSchema.safeParse(JSON.parse(await readFile(text(v, 'file') ?? '', 'utf8')))
        if (!parsed.success) throw new RuleViolation('validation_failed', { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) })
        const result = await captureGroup(app.db, ctx(), dayIdOf(positionals), parsed.data)
        console.log(`Batch #${result.batchId}: ${result.totals.lines} lines, ${result.entryIds.length} journal entries`)
        for (const l of result.lines) console.log(`  hộ ${l.householdId}\t${l.reconciliation}${l.notRemittedDong > 0n ? `\tchưa nộp ${vnd(l.notRemittedDong)}` : ''}${l.arrearsDong > 0n ? `\tcòn nợ lãi ${vnd(l.arrearsDong)}` : ''}`)
        for (const f of result.flags) console.log(`  ⚑ ${f.rule} ${vnd(f.amountDong)} (#${f.id})`)
        return EXIT.ok
      }
      case 'close': {
        const day = await closeTransactionDay(app.db, ctx(), dayIdOf(positionals), { countedCashDong: money(v, 'counted') })
        console.log(`Day #${day.id} closed: opening ${vnd(day.cashBook.openingDong)} + in ${vnd(day.cashBook.inDong)} − out ${vnd(day.cashBook.outDong)} = ${vnd(day.cashBook.closingDong)}`)
        return EXIT.ok
      }
      case 'package': {
        const out = text(v, 'out')
        if (out === undefined) throw new RuleViolation('validation_failed', { missing: '--out' })
        await writeFile(out, JSON.stringify(await exportDayPackage(app.db, ctx(), dayIdOf(positionals)), null, 2))
        console.log(`Wrote the day's package to ${out}`)
        return EXIT.ok
      }
      case 'import': {
        const result = await importDayPackage(app.db, ctx(), dayIdOf(positionals), JSON.parse(await readFile(text(v, 'file') ?? '', 'utf8')))
        console.log(`Posted ${result.posted.length} group(s); conflicts: ${result.conflicts.length}`)
        for (const c of result.conflicts) console.log(`  group ${c.groupId}: ${c.reason}`)
        return EXIT.ok
      }
      case 'flags': {
        const status = text(v, 'status') as Parameters<typeof listRedFlags>[2]['status']
        const flags = await listRedFlags(app.db, ctx(), { status, limit: 500 })
        if (v.json === true) print(flags)
        else for (const f of flags) console.log(`#${f.id}\t${f.rule}\t${f.severity}\t${vnd(f.amountDong)}\t${f.status}`)
        return EXIT.ok
      }
    }
  })
}

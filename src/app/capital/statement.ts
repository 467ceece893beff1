import ExcelJS from 'exceljs'
import { poolBalances } from '../../domain/capital/index.js'
import { addDays, formatDong, formatVnDate, RuleViolation, type Dong, type LocalDate } from '../../domain/shared/index.js'
import { heldByUnit, loanPrincipalEntries, movementsOf, outstandingByUnit, type MoveRow } from '../../db/repositories/capital.js'
import { underScope } from '../../db/scope.js'
import type { Executor, RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { listSources } from './funds.js'

export const CAPITAL_XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Where money of a fund came from or went to in a statement. */
export const IN_CATEGORIES = ['received', 'contributed', 'interest_added', 'allocated_in', 'repaid', 'written_off'] as const
export const OUT_CATEGORIES = ['lent', 'allocated_out', 'returned'] as const
export type StatementCategory = (typeof IN_CATEGORIES)[number] | (typeof OUT_CATEGORIES)[number]

export interface StatementLine {
  readonly entryId: bigint
  readonly date: string
  readonly category: StatementCategory
  readonly entryKind: string
  readonly description: string
  readonly inDong: bigint
  readonly outDong: bigint
}

export interface FundBalance {
  /** Capital held in the scope: received, contributed, interest added and allocated in, less allocated out and returned. */
  readonly capitalDong: bigint
  /** Outstanding principal of the source's loans in the scope. */
  readonly outstandingDong: bigint
  /** Tồn quỹ: capital − outstanding. */
  readonly balanceDong: bigint
}

export interface FundStatement {
  readonly source: string
  readonly unitId: number | null
  readonly unitName: string | null
  readonly from: string
  readonly to: string
  readonly opening: FundBalance
  readonly closing: FundBalance
  readonly totals: Readonly<Record<StatementCategory, bigint>>
  readonly inDong: bigint
  readonly outDong: bigint
  readonly lines: readonly StatementLine[]
}

interface Scope {
  readonly path: string | null
  readonly unitId: number | null
  readonly unitName: string | null
}

const inScope = (path: string | null, scope: Scope) => path !== null && (scope.path === null || path.startsWith(scope.path))

/** The signed effect of a movement on a scope's capital: + in, − out, 0 when it stays inside or outside. */
function effectOf(m: MoveRow, scope: Scope): bigint {
  return (inScope(m.to_path, scope) ? m.amount_dong : 0n) - (inScope(m.from_path, scope) ? m.amount_dong : 0n)
}

async function resolveScope(db: Executor, ctx: RequestContext, source: string, unitId: number | null | undefined, date: LocalDate): Promise<Scope> {
  requirePermission(ctx, 'capital.read')
  if (!(await listSources(db, ctx, date)).some((s) => s.code === source)) throw new RuleViolation('not_found', { entity: 'capital_source', code: source })
  // Without a unit, a reader below the centre sees their own subtree; the centre sees the whole source.
  const id = unitId ?? (ctx.actor.scopePath === '/1/' ? null : ctx.actor.unitId)
  if (id === null) return { path: null, unitId: null, unitName: null }
  const unit = await db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', id).where(underScope('path', ctx.actor.scopePath)).executeTakeFirst()
  if (!unit) throw new RuleViolation('not_found', { entity: 'unit', id })
  return { path: unit.path, unitId: unit.id, unitName: unit.name }
}

async function balanceAt(db: Executor, source: string, scope: Scope, at: string, moves?: readonly MoveRow[]): Promise<FundBalance> {
  const rows = moves ?? (await movementsOf(db, source, at))
  const capitalDong = rows.filter((m) => m.movement_date <= at).reduce((s, m) => s + effectOf(m, scope), 0n)
  const outstandingDong = (await outstandingByUnit(db, source, at)).filter((o) => inScope(o.path, scope)).reduce((s, o) => s + o.dong, 0n)
  return { capitalDong, outstandingDong, balanceDong: capitalDong - outstandingDong }
}

/**
 * The lending-fund balance (tồn quỹ) of a source at a date, for a unit's subtree (default: the
 * reader's unit; the centre sees the whole source), with the pool of every holding unit in it.
 */
export async function fundBalance(db: Executor, ctx: RequestContext, input: { source: string; unitId?: number | null | undefined; date: LocalDate }) {
  const scope = await resolveScope(db, ctx, input.source, input.unitId, input.date)
  const balance = await balanceAt(db, input.source, scope, input.date)
  const held = await heldByUnit(db, input.source, input.date)
  const pools = poolBalances({ heldDong: held, outstanding: await outstandingByUnit(db, input.source, input.date) })
  const units = held.size === 0 ? [] : await db.selectFrom('units').select(['id', 'name', 'kind', 'path']).where('id', 'in', [...held.keys()]).execute()
  return {
    source: input.source, unitId: scope.unitId, unitName: scope.unitName, date: input.date, ...balance,
    pools: units.filter((u) => inScope(u.path, scope)).sort((a, b) => a.path.localeCompare(b.path))
      .map((u) => ({ unitId: u.id, unitName: u.name, unitKind: u.kind, heldDong: held.get(u.id)!, availableDong: pools.get(u.id)! })),
  }
}

/**
 * A fund statement (sao kê nguồn vốn) of a source for a date range and a unit's subtree:
 * opening, every movement in and out with its journal entry (drill-down), closing. Closing =
 * opening + in − out, asserted.
 */
export async function fundStatement(db: Executor, ctx: RequestContext, input: { source: string; unitId?: number | null | undefined; from: LocalDate; to: LocalDate }): Promise<FundStatement> {
  if (input.to < input.from) throw new RuleViolation('validation_failed', { field: 'to', expected: '≥ from' })
  const scope = await resolveScope(db, ctx, input.source, input.unitId, input.to)
  const moves = await movementsOf(db, input.source, input.to)
  const opening = await balanceAt(db, input.source, scope, addDays(input.from, -1), moves)
  const closing = await balanceAt(db, input.source, scope, input.to, moves)
  const lines: StatementLine[] = []
  for (const m of moves.filter((x) => x.movement_date >= input.from)) {
    const effect = effectOf(m, scope)
    if (effect === 0n) continue
    const category: StatementCategory = m.kind === 'allocation' ? (effect > 0n ? 'allocated_in' : 'allocated_out')
      : m.kind === 'return' ? 'returned' : m.kind === 'contribution' ? 'contributed' : m.kind === 'interest_share' ? 'interest_added' : 'received'
    lines.push({ entryId: m.entry_id, date: m.movement_date, category, entryKind: m.kind, description: m.reference, inDong: effect > 0n ? effect : 0n, outDong: effect < 0n ? -effect : 0n })
  }
  for (const e of await loanPrincipalEntries(db, input.source, scope.path, input.from, input.to)) {
    const category: StatementCategory = e.net_dong > 0n ? 'lent' : e.kind.startsWith('loan.write_off') ? 'written_off' : 'repaid'
    lines.push({ entryId: e.entry_id, date: e.entry_date, category, entryKind: e.kind, description: e.description, inDong: e.net_dong < 0n ? -e.net_dong : 0n, outDong: e.net_dong > 0n ? e.net_dong : 0n })
  }
  lines.sort((a, b) => a.date.localeCompare(b.date) || (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0))
  const totals = Object.fromEntries([...IN_CATEGORIES, ...OUT_CATEGORIES].map((c) => [c, 0n])) as Record<StatementCategory, bigint>
  for (const l of lines) totals[l.category] += l.inDong + l.outDong
  const inDong = lines.reduce((s, l) => s + l.inDong, 0n)
  const outDong = lines.reduce((s, l) => s + l.outDong, 0n)
  if (opening.balanceDong + inDong - outDong !== closing.balanceDong)
    throw new Error(`fund statement of ${input.source}: opening ${opening.balanceDong} + in ${inDong} − out ${outDong} ≠ closing ${closing.balanceDong}`)
  return { source: input.source, unitId: scope.unitId, unitName: scope.unitName, from: input.from, to: input.to, opening, closing, totals, inDong, outDong, lines }
}

/** The postings of one journal entry of a statement (the drill-down), with their accounts. */
export async function statementEntry(db: Executor, ctx: RequestContext, entryId: bigint) {
  requirePermission(ctx, 'capital.read')
  const entry = await db.selectFrom('journal_entries').select(['id', 'kind', 'entry_date', 'description', 'loan_id', 'reverses_entry_id', 'posted_at'])
    .where('id', '=', entryId).where((eb) => eb.or([eb('kind', 'like', 'capital.%'), eb('kind', 'like', 'loan.%')])).executeTakeFirst()
  if (!entry) throw new RuleViolation('not_found', { entity: 'journal_entry', id: entryId })
  const postings = await db.selectFrom('postings as p').innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
    .select(['p.id', 'p.amount_dong', 'p.loan_id', 'a.key', 'a.kind', 'a.type', 'a.program_code', 'a.capital_source_code', 'a.unit_id', 'a.status'])
    .where('p.entry_id', '=', entryId).orderBy('p.id').execute()
  return { ...entry, postings }
}

const LABELS: Record<'vi' | 'en', Record<StatementCategory | 'title' | 'opening' | 'closing' | 'date' | 'entry' | 'category' | 'description' | 'in' | 'out' | 'capital' | 'outstanding' | 'balance' | 'unit' | 'whole', string>> = {
  vi: {
    title: 'Sao kê nguồn vốn', opening: 'Tồn quỹ đầu kỳ', closing: 'Tồn quỹ cuối kỳ', date: 'Ngày', entry: 'Bút toán', category: 'Loại', description: 'Diễn giải', in: 'Tăng', out: 'Giảm',
    capital: 'Nguồn vốn', outstanding: 'Dư nợ', balance: 'Tồn quỹ', unit: 'Đơn vị', whole: 'Toàn nguồn vốn',
    received: 'Nhận vốn', contributed: 'Vốn đóng góp, huy động', interest_added: 'Lãi bổ sung nguồn vốn', allocated_in: 'Nhận phân bổ', repaid: 'Thu nợ gốc', written_off: 'Xóa nợ (bù đắp từ dự phòng)',
    lent: 'Cho vay', allocated_out: 'Phân bổ xuống', returned: 'Hoàn trả chủ sở hữu',
  },
  en: {
    title: 'Fund statement', opening: 'Opening fund balance', closing: 'Closing fund balance', date: 'Date', entry: 'Entry', category: 'Category', description: 'Description', in: 'In', out: 'Out',
    capital: 'Capital', outstanding: 'Outstanding', balance: 'Fund balance', unit: 'Unit', whole: 'Whole source',
    received: 'Capital received', contributed: 'Contributions', interest_added: 'Interest added back', allocated_in: 'Allocated in', repaid: 'Principal repaid', written_off: 'Written off (from the reserve)',
    lent: 'Lent', allocated_out: 'Allocated out', returned: 'Returned to the owner',
  },
}

/** The statement as an .xlsx workbook: the summary, then one row per journal entry. */
export async function fundStatementWorkbook(db: Executor, ctx: RequestContext, input: { source: string; unitId?: number | null | undefined; from: LocalDate; to: LocalDate }, locale: 'vi' | 'en'): Promise<Buffer> {
  const s = await fundStatement(db, ctx, input)
  const t = LABELS[locale]
  const money = (d: bigint) => (locale === 'vi' ? formatDong(d as Dong) : d.toString())
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(t.title)
  sheet.addRow([`${t.title} ${s.source}`, `${formatVnDate(s.from as LocalDate)} – ${formatVnDate(s.to as LocalDate)}`])
  sheet.addRow([t.unit, s.unitName ?? t.whole])
  sheet.addRow([])
  sheet.addRow(['', t.capital, t.outstanding, t.balance])
  sheet.addRow([t.opening, money(s.opening.capitalDong), money(s.opening.outstandingDong), money(s.opening.balanceDong)])
  sheet.addRow([t.closing, money(s.closing.capitalDong), money(s.closing.outstandingDong), money(s.closing.balanceDong)])
  sheet.addRow([])
  for (const c of [...IN_CATEGORIES, ...OUT_CATEGORIES]) sheet.addRow([t[c], money(s.totals[c])])
  sheet.addRow([])
  sheet.addRow([t.date, t.entry, t.category, t.description, t.in, t.out])
  for (const l of s.lines) sheet.addRow([formatVnDate(l.date as LocalDate), l.entryId.toString(), t[l.category], l.description, money(l.inDong), money(l.outDong)])
  sheet.columns.forEach((c, i) => { c.width = i === 3 ? 40 : 20 })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

import { changeOf, periodEndOf, povertyYears, shiftPeriod, trendPeriods } from '../domain/dashboards/index.js'
import { rateSegments, termsOn } from '../domain/programs/index.js'
import { ratioBp } from '../domain/reports/index.js'
import { compareDates, formatDong, formatPercent, formatVnDate, localDateOf, orThrow, parseIsoDate, ratePerMonth, ratePerYear, RuleViolation, type Dong, type LocalDate } from '../domain/shared/index.js'
import {
  communeAggregates, firstClassYear, latestClosedPeriod, outstandingByProgram, pointInScope, postedBorrowers, povertyByYear, provinceByCode, snapshotTotals,
  type PostedBorrower,
} from '../db/repositories/dashboards.js'
import { closedPeriods } from '../db/repositories/reports.js'
import type { Executor, RequestContext } from './context.js'
import { requirePermission } from './guards.js'
import { renderPdf } from './pdf.js'
import { loadBaseRates, loadPrograms } from './programs.js'

// Công khai (issue #7): what a transaction point posts for everyone to read — the programs and
// their rates in force, the borrowers with loans outstanding (never a citizen id or a phone) — and
// the public page of a province, aggregates of the latest closed month-end only.

export interface PostedProgram {
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  /** The yearly rate a loan contracted on the date gets (relative rates resolved against the base rate). */
  readonly yearlyMicros: bigint
  readonly maxAmountDong: bigint
  readonly maxAmountBasis: string
  readonly maxTermMonths: number
  readonly validFrom: string
  readonly legalBasis: string
}

export interface PublicPosting {
  readonly point: { readonly id: number; readonly code: string; readonly siteName: string; readonly communeName: string }
  readonly date: string
  readonly programs: readonly PostedProgram[]
  readonly borrowers: readonly PostedBorrower[]
  readonly totalOutstandingDong: bigint
}

/** The programs in force on a date with the rate a new loan gets that day (rates and terms are data, read by date). */
export async function programsInForce(db: Executor, date: LocalDate): Promise<PostedProgram[]> {
  const [programs, baseRates] = await Promise.all([loadPrograms(db), loadBaseRates(db)])
  const out: PostedProgram[] = []
  for (const p of programs) {
    if (!p.active) continue
    const version = termsOn(p.versions, date)
    if (!version.ok) continue
    const segment = rateSegments(version.value, [version.value], baseRates).filter((s) => compareDates(s.from, date) <= 0).at(-1)
    if (!segment) continue
    const t = version.value.terms
    out.push({
      code: p.code, nameVi: p.nameVi, nameEn: p.nameEn, yearlyMicros: segment.yearlyMicros, maxAmountDong: t.maxAmount.amountDong, maxAmountBasis: t.maxAmount.basis,
      maxTermMonths: t.maxTermMonths, validFrom: version.value.validFrom, legalBasis: version.value.legalBasis,
    })
  }
  return out
}

/** The public posting of a transaction point in the reader's scope (else `not_found`), on a date (default today). */
export async function publicPosting(db: Executor, ctx: RequestContext, params: { pointId: number; date?: string | undefined }): Promise<PublicPosting> {
  requirePermission(ctx, 'reports.read')
  const point = await pointInScope(db, params.pointId, ctx.actor.scopePath)
  if (!point) throw new RuleViolation('not_found', { entity: 'transaction_point', id: params.pointId })
  const date = params.date === undefined ? localDateOf(ctx.now) : orThrow(parseIsoDate(params.date))
  const [programs, borrowers] = await Promise.all([programsInForce(db, date), postedBorrowers(db, point)])
  return {
    point: { id: point.id, code: point.code, siteName: point.site_name, communeName: point.commune_name }, date, programs, borrowers,
    totalOutstandingDong: borrowers.reduce((s, b) => s + b.outstanding_dong, 0n),
  }
}

const BASIS_VI: Readonly<Record<string, string>> = {
  household: '/hộ', purpose: '/mục đích', worker: '/lao động', study_month: '/tháng học', business: '/cơ sở', contract_share: ' (tỷ lệ hợp đồng)',
}

/** A monthly rate when the yearly one divides into whole micros (0,55%/tháng), else the yearly rate alone. */
function rateText(yearlyMicros: bigint): string {
  const yearly = formatPercent(ratePerYear(yearlyMicros))
  return yearlyMicros % 12n === 0n ? `${formatPercent(ratePerMonth(yearlyMicros / 12n))} (${yearly})` : yearly
}

/** The posting as an A4 PDF to pin up at the point (Vietnamese; Roboto carries every glyph). */
export async function publicPostingPdf(p: PublicPosting): Promise<Buffer> {
  const dong = (d: bigint) => formatDong(d as Dong, { symbol: true })
  const programBody = [
    ['Chương trình', 'Lãi suất', 'Mức cho vay tối đa', 'Thời hạn tối đa', 'Căn cứ'].map((text) => ({ text, bold: true })),
    ...p.programs.map((x) => [x.nameVi, rateText(x.yearlyMicros), `${dong(x.maxAmountDong)}${BASIS_VI[x.maxAmountBasis] ?? ''}`, `${x.maxTermMonths} tháng`, x.legalBasis]),
  ]
  const borrowerBody = [
    ['STT', 'Họ và tên', 'Thôn', 'Chương trình', 'Số tiền vay', 'Dư nợ', 'Thời hạn'].map((text) => ({ text, bold: true })),
    ...p.borrowers.map((b, i) => [String(i + 1), b.name, b.village ?? '', b.program_name, { text: dong(b.amount_dong), alignment: 'right' }, { text: dong(b.outstanding_dong), alignment: 'right' }, `${b.term_months} tháng`]),
    [{ text: 'Tổng cộng', bold: true, colSpan: 5 }, '', '', '', '', { text: dong(p.totalOutstandingDong), bold: true, alignment: 'right' }, ''],
  ]
  return renderPdf({
    info: { title: `Công khai tại điểm giao dịch ${p.point.siteName}` },
    content: [
      { text: 'NGÂN HÀNG CHÍNH SÁCH XÃ HỘI', bold: true },
      { text: `BẢNG CÔNG KHAI TẠI ĐIỂM GIAO DỊCH XÃ`, fontSize: 14, bold: true, alignment: 'center', margin: [0, 8, 0, 2] },
      { text: `${p.point.siteName} — ${p.point.communeName} — ngày ${formatVnDate(p.date as LocalDate)}`, alignment: 'center', margin: [0, 0, 0, 10] },
      { text: '1. Các chương trình tín dụng và lãi suất cho vay đang áp dụng', bold: true, margin: [0, 4, 0, 4] },
      { table: { headerRows: 1, widths: ['*', 'auto', 'auto', 'auto', '*'], body: programBody }, layout: 'lightHorizontalLines', fontSize: 8 },
      { text: '2. Danh sách hộ vay còn dư nợ', bold: true, margin: [0, 12, 0, 4] },
      { table: { headerRows: 1, widths: ['auto', '*', 'auto', '*', 'auto', 'auto', 'auto'], body: borrowerBody }, layout: 'lightHorizontalLines', fontSize: 8 },
      { text: 'Mọi ý kiến phản ánh xin gửi Tổ giao dịch xã hoặc Ban đại diện HĐQT NHCSXH cấp huyện.', italics: true, fontSize: 8, margin: [0, 10, 0, 0] },
    ],
  })
}

// ---- the public page of a province ----

export interface PublicProvince {
  readonly provinceCode: string
  readonly name: string
  /** The closed month whose snapshot the figures come from; null before the first close. */
  readonly period: string | null
  readonly periodEnd: string | null
  readonly outstandingDong: bigint
  readonly overdueDong: bigint
  readonly overdueRatioBp: number
  readonly borrowers: bigint
  readonly loans: bigint
  readonly outstandingChangeVsPreviousMonthDong: bigint | null
  readonly byProgram: readonly { programCode: string; nameVi: string; nameEn: string; outstandingDong: bigint; borrowers: bigint }[]
  readonly overdueTrend: readonly { period: string; overdueRatioBp: number }[]
  readonly povertyTrend: readonly { year: number; rateBp: number }[]
  readonly communes: readonly { name: string; outstandingDong: bigint; borrowers: bigint; overdueRatioBp: number }[]
}

/**
 * The public page of a province (no login): aggregates of the latest closed month-end only —
 * outstanding, borrowers, loans by program, overdue ratio, poverty rate by year and per-commune
 * totals. No person, no household, nothing below a commune. Unknown province → `not_found`.
 */
export async function publicProvince(db: Executor, provinceCode: string): Promise<PublicProvince> {
  if (!/^\d{2}$/.test(provinceCode)) throw new RuleViolation('not_found', { entity: 'province', code: provinceCode })
  const province = await provinceByCode(db, provinceCode)
  if (!province) throw new RuleViolation('not_found', { entity: 'province', code: provinceCode })
  const period = await latestClosedPeriod(db)
  // Anyone may ask, as often as they like: the page is built once per province and closed month
  // and served from memory until the next close refreshes it (the issue: "refreshed from the
  // month-end snapshot"), so an anonymous reader can never make the server rescan the snapshots.
  const cache = publicPages.get(db) ?? new Map<string, PublicProvince>()
  publicPages.set(db, cache)
  const key = `${provinceCode}|${period ?? ''}`
  const cached = cache.get(key)
  if (cached) return cached
  const page = await buildPublicProvince(db, provinceCode, province, period)
  for (const k of cache.keys()) if (k.startsWith(`${provinceCode}|`)) cache.delete(k)
  cache.set(key, page)
  return page
}

/** Built public pages per database, by province and closed month. */
const publicPages = new WeakMap<Executor, Map<string, PublicProvince>>()

async function buildPublicProvince(db: Executor, provinceCode: string, province: { name: string; path: string }, period: string | null): Promise<PublicProvince> {
  const empty = { outstandingDong: 0n, overdueDong: 0n, overdueRatioBp: 0, borrowers: 0n, loans: 0n, outstandingChangeVsPreviousMonthDong: null, byProgram: [], overdueTrend: [], povertyTrend: [], communes: [] }
  if (period === null) return { provinceCode, name: province.name, period: null, periodEnd: null, ...empty }
  const periodEnd = periodEndOf(period)
  const closed = await closedPeriods(db)
  const trend = trendPeriods(period, closed)
  const previous = shiftPeriod(period, -1)
  const totals = await snapshotTotals(db, province.path, [...new Set([...trend, ...(closed.includes(previous) ? [previous] : [])])])
  const at = (p: string) => totals.find((t) => t.period === p)
  const out = (p: string) => { const t = at(p); return t ? t.in_term + t.overdue + t.frozen : 0n }
  const current = at(period)
  const years = povertyYears(periodEnd, await firstClassYear(db, province.path))
  const [programs, poverty, communes] = await Promise.all([
    outstandingByProgram(db, province.path, period), povertyByYear(db, province.path, years), communeAggregates(db, province.path, period),
  ])
  return {
    provinceCode, name: province.name, period, periodEnd,
    outstandingDong: out(period), overdueDong: current?.overdue ?? 0n, overdueRatioBp: ratioBp(current?.overdue ?? 0n, out(period)),
    borrowers: current?.borrowers ?? 0n, loans: current?.loans ?? 0n,
    outstandingChangeVsPreviousMonthDong: changeOf(out(period), closed.includes(previous) ? out(previous) : null).delta,
    byProgram: programs.map((r) => ({ programCode: r.program_code, nameVi: r.name_vi, nameEn: r.name_en, outstandingDong: r.outstanding, borrowers: r.borrowers })),
    overdueTrend: trend.map((p) => ({ period: p, overdueRatioBp: ratioBp(at(p)?.overdue ?? 0n, out(p)) })),
    povertyTrend: years.map((y) => {
      const r = poverty.find((x) => x.year === y.year)
      return { year: y.year, rateBp: ratioBp(r?.poor ?? 0n, r?.households ?? 0n) }
    }),
    communes: communes.map((c) => ({ name: c.name, outstandingDong: c.outstanding, borrowers: c.borrowers, overdueRatioBp: ratioBp(c.overdue, c.outstanding) })),
  }
}
